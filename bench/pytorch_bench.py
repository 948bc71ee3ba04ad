#!/usr/bin/env python3
"""PyTorch reference for `train bench`: the same models and training step on one CPU thread.

A step is forward, cross-entropy, backward and an SGD update with momentum 0.9, on seeded random
inputs [batch, channels, size, size] with random labels: mlp and cnn on [batch, 1, 28, 28], and
resnet (LRLab's ResNetModel defaults: a 16-channel stem, stages of 16, 32 and 64 channels with two
basic blocks each, global average pooling, a linear head) on [batch, --channels, --size, --size].
ms/step is the median of the timed steps, as in `train bench`. Prints one line per workload, or JSON with --json.
"""
import argparse
import json
import time

import torch
from torch import nn


class BasicBlock(nn.Module):
    """conv3x3-BN-ReLU-conv3x3-BN plus the identity or a 1x1 projection with BN, then ReLU."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return torch.relu(y + (x if self.downsample is None else self.downsample(x)))


def make_resnet(channels, classes, stem=16, widths=(16, 32, 64), blocks=(2, 2, 2)):
    layers = [nn.Conv2d(channels, stem, 3, 1, 1, bias=False), nn.BatchNorm2d(stem), nn.ReLU()]
    previous = stem
    for stage, (width, count) in enumerate(zip(widths, blocks)):
        for block in range(count):
            layers.append(BasicBlock(previous, width, 2 if stage > 0 and block == 0 else 1))
            previous = width
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(previous, classes)]
    return nn.Sequential(*layers)


def make_model(name, classes=10, channels=3):
    if name == "resnet":
        return make_resnet(channels, classes)
    if name == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, classes))
    if name == "cnn":
        return nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(1568, classes))
    raise SystemExit(f"unknown model '{name}': use one of mlp, cnn, resnet")


def bench(name, batch_size, steps, warmup, channels=3, size=32):
    torch.manual_seed(0)
    model = make_model(name, channels=channels)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    shape = (channels, size, size) if name == "resnet" else (1, 28, 28)
    x = torch.randn(batch_size, *shape)
    y = torch.randint(0, 10, (batch_size,))

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    return median_ms(step, steps, warmup)


def median_ms(function, calls, warmup):
    """The median time of `calls` calls of `function` after `warmup` untimed ones, in ms."""
    for _ in range(warmup):
        function()
    times = []
    cpu_start = time.process_time()
    for _ in range(calls):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    median_ms.cpu_ms = (time.process_time() - cpu_start) / calls * 1e3
    return sorted(times)[calls // 2] * 1e3


def products():
    """The two matrix products an mlp step at batch size 64 cannot avoid, timed alone.

    Forward x @ W^T ([64, 784] x [784, 256]) and the weight gradient dY^T @ x ([256, 64] x [64, 784]):
    the part of PyTorch's step that is its BLAS (MKL) rather than its framework.
    """
    torch.manual_seed(0)
    x, w, dy = torch.randn(64, 784), torch.randn(256, 784), torch.randn(64, 256)
    flops = 2 * 64 * 784 * 256
    for name, product in [("forward x @ W^T", lambda: torch.mm(x, w.t())),
                          ("weight gradient dY^T @ x", lambda: torch.mm(dy.t(), x))]:
        ms = median_ms(product, 2000, 100)
        print(f"{name:24} {ms:.3f} ms {flops / ms / 1e6:6.1f} GFLOP/s")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", action="append", choices=["mlp", "cnn", "resnet"])
    parser.add_argument("--channels", type=int, default=3, help="input channels of the resnet")
    parser.add_argument("--size", type=int, default=32, help="image size of the resnet")
    parser.add_argument("--batch-size", type=int, action="append")
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--products", action="store_true",
                        help="time only the mlp's two matrix products at batch size 64")
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args.products:
        products()
        return
    results = []
    for name in args.model or ["mlp", "cnn"]:
        for batch_size in args.batch_size or [64, 4]:
            ms = bench(name, batch_size, args.steps, args.warmup, args.channels, args.size)
            results.append({"model": name, "batch_size": batch_size, "steps": args.steps, "ms_per_step": ms,
                            "cpu_ms_per_step": median_ms.cpu_ms})
            if not args.json:
                print(f"{name} bs{batch_size}: {ms:.3f} ms/step")
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
