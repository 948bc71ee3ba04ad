"""Writes Tests/CurveAnalysisTests/Fixtures/torch-lr-finder-history.json: a history as
torch-lr-finder's LRFinder.range_test records it (exponential rates, loss smoothed with
smooth_f = 0.05, stopped once the smoothed loss exceeds diverge_th = 5 times the best), saved
with json.dump(lr_finder.history, f) as its users do. The raw losses are a synthetic valley with
seeded noise (no torch needed).

Usage: .venv-tests/bin/python3 Tests/Python/make_lr_finder_history.py
"""

import json
import math
import os

import numpy as np

start_lr, end_lr, num_iter, smooth_f, diverge_th = 1e-7, 10.0, 100, 0.05, 5
rng = np.random.default_rng(12)
history = {"lr": [], "loss": []}
best_loss = None
for iteration in range(num_iter):
    lr = start_lr * (end_lr / start_lr) ** (iteration / num_iter)
    raw = 2.3 - 1.5 / (1 + math.exp(-(math.log10(lr) + 3.5) * 1.8)) + 40 * max(0.0, lr - 0.05) ** 1.5
    raw += float(rng.normal(0, 0.03))
    loss = raw if iteration == 0 else smooth_f * raw + (1 - smooth_f) * history["loss"][-1]
    if best_loss is None or loss < best_loss:
        best_loss = loss
    history["lr"].append(lr)
    history["loss"].append(loss)
    if loss > diverge_th * best_loss:
        break

path = os.path.join(os.path.dirname(__file__), "..", "CurveAnalysisTests", "Fixtures", "torch-lr-finder-history.json")
with open(path, "w") as f:
    json.dump(history, f)
print(len(history["lr"]), "points")
