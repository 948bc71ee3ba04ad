#!/usr/bin/env python3
"""Draws how far the smoothed loss of a range test lags behind its raw losses, as an SVG.

Reads a run's metrics.csv (columns lr, loss, smooth_loss) and marks two minima on a log-lr axis:
the minimum of a running median of the raw losses (9 rungs wide, so that one lucky batch does
not count) and the minimum of the debiased moving average the suggestions use.

    scripts/figures/ema-lag.py RUN_DIR OUT.svg
"""
import csv
import math
import sys


def running_median(values, width):
    half = width // 2
    out = []
    for i in range(len(values)):
        window = sorted(values[max(0, i - half):i + half + 1])
        n = len(window)
        out.append(window[n // 2] if n % 2 else (window[n // 2 - 1] + window[n // 2]) / 2)
    return out


def main(run_dir, out_path):
    with open(f"{run_dir}/metrics.csv", newline="") as f:
        rows = [r for r in csv.DictReader(f)]
    lrs = [float(r["lr"]) for r in rows]
    raw = [float(r["loss"]) for r in rows]
    smooth = [float(r["smooth_loss"]) for r in rows]
    finite = [i for i, v in enumerate(raw) if math.isfinite(v) and math.isfinite(smooth[i])]
    lrs = [lrs[i] for i in finite]
    raw = [raw[i] for i in finite]
    smooth = [smooth[i] for i in finite]
    median = running_median(raw, 9)
    i_raw = min(range(len(median)), key=lambda i: median[i])
    i_smooth = min(range(len(smooth)), key=lambda i: smooth[i])

    width, height, left, right, top, bottom = 640, 320, 56, 16, 48, 44
    xs = [math.log10(v) for v in lrs]
    x0, x1 = math.floor(min(xs)), math.ceil(max(xs))
    y0 = min(min(raw), min(smooth)) * 0.95
    y1 = smooth[0] * 1.12  # the start of the curve, a little headroom; the blow-up is cut off
    X = lambda v: left + (v - x0) / (x1 - x0) * (width - left - right)
    Y = lambda v: top + (y1 - min(max(v, y0), y1)) / (y1 - y0) * (height - top - bottom)

    def path(values):
        return " ".join(("M" if k == 0 else "L") + f"{X(xs[k]):.1f},{Y(v):.1f}" for k, v in enumerate(values))

    lag = i_smooth - i_raw
    decades = xs[i_smooth] - xs[i_raw]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="Raw and smoothed loss of one range test; the smoothed minimum comes {lag} rungs '
        f'({decades:.2f} decades) after the minimum of the raw losses">',
        "<style>text{font:12px sans-serif;fill:#333}.axis{stroke:#888}.raw{fill:#9bb7d4}"
        ".med{fill:none;stroke:#4a7fb5;stroke-width:1.5;stroke-dasharray:5 3}"
        ".smooth{fill:none;stroke:#c2410c;stroke-width:2.5}.mark{stroke-width:1.5;stroke-dasharray:2 2}"
        "@media (prefers-color-scheme: dark){text{fill:#ddd}.axis{stroke:#aaa}.raw{fill:#3b5a7a}"
        ".med{stroke:#8fb8e8}.smooth{stroke:#fb923c}}</style>",
        f'<line class="axis" x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}"/>',
        f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}"/>',
    ]
    for d in range(x0, x1 + 1):
        parts.append(f'<text x="{X(d):.1f}" y="{height - bottom + 16}" text-anchor="middle">1e{d}</text>')
    parts.append(f'<text x="{(left + width - right) / 2:.1f}" y="{height - 6}" text-anchor="middle">learning rate</text>')
    for v in (y0, (y0 + y1) / 2, y1):
        parts.append(f'<text x="{left - 6}" y="{Y(v) + 4:.1f}" text-anchor="end">{v:.2f}</text>')
    parts.extend(f'<circle class="raw" cx="{X(x):.1f}" cy="{Y(v):.1f}" r="2"/>' for x, v in zip(xs, raw))
    parts.append(f'<path class="med" d="{path(median)}"/>')
    parts.append(f'<path class="smooth" d="{path(smooth)}"/>')
    for i, color, label, dy in ((i_raw, "#4a7fb5", "raw (running median) minimum", 0), (i_smooth, "#c2410c", "smoothed minimum", 14)):
        parts.append(f'<line class="mark" stroke="{color}" x1="{X(xs[i]):.1f}" y1="{top}" x2="{X(xs[i]):.1f}" y2="{height - bottom}"/>')
        parts.append(f'<text x="{X(xs[i]) - 4:.1f}" y="{top - 26 + dy}" text-anchor="end">{label}: {lrs[i]:.2g}</text>')
    parts.append(f'<text x="{left + 8}" y="{height - bottom - 10}">lag of the smoothed minimum: {lag} rungs, {decades:.2f} decades</text>')
    parts.append("</svg>\n")
    with open(out_path, "w") as f:
        f.write("\n".join(parts))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
