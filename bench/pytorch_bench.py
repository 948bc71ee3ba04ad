#!/usr/bin/env python3
"""PyTorch reference for `train bench`: the same models and training step on one CPU thread.

A step is forward, cross-entropy, backward and an SGD update with momentum 0.9, on seeded random
inputs [batch, 1, 28, 28] with random labels.
ms/step is the median of the timed steps, as in `train bench`. Prints one line per workload, or JSON with --json.
"""
import argparse
import json
import time

import torch
from torch import nn


def make_model(name, classes=10):
    if name == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, classes))
    if name == "cnn":
        return nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(1568, classes))
    raise SystemExit(f"unknown model '{name}': use one of mlp, cnn")


def bench(name, batch_size, steps, warmup):
    torch.manual_seed(0)
    model = make_model(name)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn(batch_size, 1, 28, 28)
    y = torch.randint(0, 10, (batch_size,))

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    for _ in range(warmup):
        step()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return sorted(times)[steps // 2] * 1e3


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", action="append", choices=["mlp", "cnn"])
    parser.add_argument("--batch-size", type=int, action="append")
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)
    results = []
    for name in args.model or ["mlp", "cnn"]:
        for batch_size in args.batch_size or [64, 4]:
            ms = bench(name, batch_size, args.steps, args.warmup)
            results.append({"model": name, "batch_size": batch_size, "steps": args.steps, "ms_per_step": ms})
            if not args.json:
                print(f"{name} bs{batch_size}: {ms:.3f} ms/step")
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
