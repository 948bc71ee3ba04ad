#!/usr/bin/env python3
"""Times, in PyTorch on one thread, the two matrix products an mlp step at batch size 64 cannot avoid.

Forward x @ W^T ([64, 784] x [784, 256]) and the weight gradient dY^T @ x ([256, 64] x [64, 784]),
each the median of many calls: the part of PyTorch's step that is its BLAS (MKL) rather than its
framework. Prints milliseconds and GFLOP/s per product.
"""
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)
x, w, dy = torch.randn(64, 784), torch.randn(256, 784), torch.randn(64, 256)


def median_ms(function, calls=2000):
    for _ in range(100):
        function()
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return sorted(times)[calls // 2] * 1e3


flops = 2 * 64 * 784 * 256
for name, product in [("forward x @ W^T", lambda: torch.mm(x, w.t())),
                      ("weight gradient dY^T @ x", lambda: torch.mm(dy.t(), x))]:
    ms = median_ms(product)
    print(f"{name:24} {ms:.3f} ms {flops / ms / 1e6:6.1f} GFLOP/s")
