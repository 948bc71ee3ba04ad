#!/usr/bin/env python3
"""Reference values for LRLab's LR suggestions, computed the way fastai does.

fastai is not installable here, so this script re-implements its four suggestion functions
(fastai/callback/schedule.py: valley, slide, minimum, steep) and the input preparation of
`Learner.lr_find` with numpy float32 arrays standing in for fastai's float32 torch tensors,
operation by operation. It writes a few synthetic range-test curves as metrics.csv-style files and
the expected suggestions to Tests/CurveAnalysisTests/Fixtures/, which the Swift tests compare against.

Two deliberate differences from fastai, both from LRLab's spec:
- minimum's marker is drawn where the suggestion is (lr_min/10), at the loss of the recorded point
  whose lr is nearest to lr_min/10 (fastai marks lr_min itself);
- valley's index is clamped into range (fastai can index -1 on a 2-point falling curve).

Usage: python3 bench/fastai_suggestions_reference.py [output-folder]
"""
import json
import math
import os
import sys

import numpy as np

F32 = np.float32


# ---- fastai's suggestion functions, float32 as in torch ---------------------------------------

def valley(lrs, losses, num_it):
    n = len(losses)
    max_start, max_end = 0, 0
    lds = [1] * n
    for i in range(1, n):
        for j in range(0, i):
            if (losses[i] < losses[j]) and (lds[i] < lds[j] + 1):
                lds[i] = lds[j] + 1
            if lds[max_end] < lds[i]:
                max_end = i
                max_start = max_end - lds[max_end]
    sections = (max_end - max_start) / 3
    idx = max_start + int(sections) + int(sections / 2)
    idx = min(max(idx, 0), n - 1)  # LRLab: clamp
    return float(lrs[idx]), (float(lrs[idx]), float(losses[idx]))


def slide(lrs, losses, num_it, lr_diff=15, thresh=.005, adjust_value=1.):
    loss_grad = np.gradient(losses)  # float32 in, float32 out
    r_idx = -1
    l_idx = r_idx - lr_diff
    local_min_lr = lrs[l_idx]
    while (l_idx >= -len(losses)) and (abs(loss_grad[r_idx] - loss_grad[l_idx]) > thresh):
        local_min_lr = lrs[l_idx]
        r_idx -= 1
        l_idx -= 1
    suggestion = float(local_min_lr) * adjust_value
    idx = np.interp(np.log10(suggestion), np.log10(lrs), losses)
    return suggestion, (suggestion, float(idx))


def minimum(lrs, losses, num_it):
    lr_min = float(lrs[losses.argmin()])
    suggestion = lr_min / 10
    # LRLab: the marker sits at the suggestion, at the loss of the point whose lr is nearest to it.
    loss_idx = losses[min(range(len(lrs)), key=lambda i: abs(float(lrs[i]) - suggestion))]
    return suggestion, (suggestion, float(loss_idx))


def steep(lrs, losses, num_it):
    grads = (losses[1:] - losses[:-1]) / (np.log(lrs[1:]) - np.log(lrs[:-1]))
    lr_steep = float(lrs[grads.argmin()])
    loss_idx = losses[min(range(len(lrs)), key=lambda i: abs(float(lrs[i]) - lr_steep))]
    return lr_steep, (lr_steep, float(loss_idx))


def prepare(lrs, losses, num_it, skip_end=5):
    """`lr_find`'s slicing: drop num_it//10 points at the start, skip_end at the end, cut at NaN."""
    lrs, losses = lrs[num_it // 10:-skip_end], losses[num_it // 10:-skip_end]
    nan_idxs = np.nonzero(np.isnan(losses))[0]
    if len(nan_idxs) > 0:
        drop_idx = nan_idxs.min()
        lrs, losses = lrs[:drop_idx], losses[:drop_idx]
    return lrs, losses


def suggestions(lrs, losses, num_it):
    lrs, losses = prepare(lrs, losses, num_it)
    result = {}
    for name, func, needed in (("minimum", minimum, 1), ("steep", steep, 2),
                               ("valley", valley, 1), ("slide", slide, 16)):
        if len(losses) < needed:
            result[name] = {"reason": f"needs at least {needed} points, the curve has {len(losses)}"}
            continue
        lr, (_, loss) = func(lrs, losses, num_it)
        result[name] = {"lr": lr, "loss": loss}
    return result, len(losses)


# ---- synthetic range tests ---------------------------------------------------------------------

def schedule(n, start=1e-7, end=10.0):
    return np.array([start * (end / start) ** (i / (n - 1)) for i in range(n)], dtype=F32)


def smooth(raw, beta=0.98):
    out, avg = [], 0.0
    for i, value in enumerate(raw, start=1):
        avg = beta * avg + (1 - beta) * value
        out.append(avg / (1 - beta ** i))
    return np.array(out, dtype=F32)


def u_shape(lrs, low=0.6, high=2.3, centre=-3.0, blowup=-1.0):
    x = np.log10(lrs.astype(np.float64))
    fall = high - (high - low) / (1 + np.exp(-2.0 * (x - centre)))
    rise = np.exp(2.5 * (x - blowup))
    return fall + rise


def curves():
    rng = np.random.default_rng(20261123)
    made = {}

    lrs = schedule(100)
    raw = u_shape(lrs) + rng.normal(0, 0.03, 100)
    made["typical"] = (lrs, raw.astype(F32))

    raw = u_shape(lrs) + rng.normal(0, 0.25, 100)
    made["noisy"] = (lrs, raw.astype(F32))

    x = np.log10(lrs.astype(np.float64))
    raw = u_shape(lrs, centre=-2.5) + 0.5 * np.exp(-((x + 4.5) / 0.35) ** 2) + rng.normal(0, 0.02, 100)
    made["bump"] = (lrs, raw.astype(F32))

    raw = 0.3 + 0.002 * x + np.exp(2.0 * (x + 0.5)) + rng.normal(0, 0.02, 100)
    made["after-training"] = (lrs, raw.astype(F32))

    raw = (u_shape(lrs) + rng.normal(0, 0.03, 100)).astype(F32)
    raw[86:] = np.nan
    made["nan-end"] = (lrs, raw)

    short = schedule(20)
    raw = u_shape(short) + rng.normal(0, 0.03, 20)
    made["short"] = (short, raw.astype(F32))

    lrs = schedule(60, 1e-5, 1.0)
    raw = u_shape(lrs, centre=-2.0, blowup=0.5) + rng.normal(0, 0.05, 60)
    made["sixty-points"] = (lrs, raw.astype(F32))
    return made


def write_csv(path, lrs, raw, smoothed):
    with open(path + ".tmp", "w") as out:
        out.write("iteration,epoch,lr,momentum,loss,smooth_loss\n")
        for i, (lr, loss, sm) in enumerate(zip(lrs, raw, smoothed)):
            out.write(f"{i},0,{fmt(lr)},0.9,{fmt(loss)},{fmt(sm)}\n")
    os.replace(path + ".tmp", path)


def fmt(value):
    value = F32(value)
    if np.isnan(value):
        return "nan"
    if np.isinf(value):
        return "inf" if value > 0 else "-inf"
    if 1e-4 <= abs(value) < 1e6:
        text = np.format_float_positional(value, unique=True, trim="-")
    else:
        text = np.format_float_scientific(value, unique=True, trim="-")
    assert np.isnan(value) or F32(text) == value, text  # the text reads back as the same float32
    return text


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        here, "..", "Tests", "CurveAnalysisTests", "Fixtures")
    os.makedirs(folder, exist_ok=True)
    expected = {}
    for name, (lrs, raw) in curves().items():
        smoothed = smooth(raw)
        write_csv(os.path.join(folder, name + ".csv"), lrs, raw, smoothed)
        result, kept = suggestions(lrs, smoothed, len(lrs))
        expected[name] = {"file": name + ".csv", "points": len(lrs), "kept": kept, "suggestions": result}
    path = os.path.join(folder, "expected-suggestions.json")
    with open(path + ".tmp", "w") as out:
        json.dump(expected, out, indent=2, sort_keys=True)
        out.write("\n")
    os.replace(path + ".tmp", path)
    for name, entry in expected.items():
        print(name, entry["kept"], {k: v.get("lr", v.get("reason")) for k, v in entry["suggestions"].items()})


if __name__ == "__main__":
    main()
