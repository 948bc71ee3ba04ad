#!/usr/bin/env python3
"""JAX reference for `train bench --model resnet`: the same network and training step, jit-compiled.

A step is forward, cross-entropy, backward and an SGD update with momentum 0.9 (PyTorch's form:
v = 0.9 v + g; w -= lr v), on seeded random inputs [batch, channels, size, size] with random
labels. The network is LRLab's ResNetModel with its defaults: a 3x3 stem of 16 channels without
bias, BatchNorm and ReLU; stages of 16, 32 and 64 channels with two basic blocks each (stride 2
and a 1x1 projection with BatchNorm at the start of the second and third); global average pooling
and a linear head. BatchNorm uses batch statistics and updates running ones, as in training.

XLA runs on one thread: XLA_FLAGS defaults to --xla_cpu_multi_thread_eigen=false
intra_op_parallelism_threads=1 (bench/resnet_compare.sh also pins the process to one core).
Compilation happens in the warm-up steps, outside the timing. ms/step is the median of the timed
steps, as in `train bench`.
"""
import argparse
import json
import os
import time

os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
from jax import lax  # noqa: E402


def convolution(x, weight, stride, padding):
    return lax.conv_general_dilated(x, weight, (stride, stride), [(padding, padding)] * 2,
                                    dimension_numbers=("NCHW", "OIHW", "NCHW"))


def batch_norm(params, state, x, epsilon=1e-5, momentum=0.1):
    """Training-mode BatchNorm2d: batch statistics, and running ones moved towards them."""
    mean, variance = x.mean(axis=(0, 2, 3)), x.var(axis=(0, 2, 3))
    count = x.shape[0] * x.shape[2] * x.shape[3]
    scale = params["weight"] * lax.rsqrt(variance + epsilon)
    y = (x - mean[None, :, None, None]) * scale[None, :, None, None] + params["bias"][None, :, None, None]
    running = {"mean": (1 - momentum) * state["mean"] + momentum * mean,
               "var": (1 - momentum) * state["var"] + momentum * variance * count / (count - 1)}
    return y, running


def init(key, channels, classes, stem=16, widths=(16, 32, 64), blocks=(2, 2, 2)):
    """Parameters (PyTorch's default uniform bounds), BatchNorm states and each block's stride."""
    keys = iter(jax.random.split(key, 64))

    def conv_weight(out_channels, in_channels, kernel):
        bound = 1 / (in_channels * kernel * kernel) ** 0.5
        return jax.random.uniform(next(keys), (out_channels, in_channels, kernel, kernel), minval=-bound, maxval=bound)

    def norm(width):
        return {"weight": jnp.ones(width), "bias": jnp.zeros(width)}, {"mean": jnp.zeros(width), "var": jnp.ones(width)}

    params, state = {"stem": conv_weight(stem, channels, 3)}, {}
    params["stem_bn"], state["stem_bn"] = norm(stem)
    params["blocks"], state["blocks"], strides = [], [], []
    previous = stem
    for stage, (width, count) in enumerate(zip(widths, blocks)):
        for block in range(count):
            stride = 2 if stage > 0 and block == 0 else 1
            p, s = {"conv1": conv_weight(width, previous, 3), "conv2": conv_weight(width, width, 3)}, {}
            p["bn1"], s["bn1"] = norm(width)
            p["bn2"], s["bn2"] = norm(width)
            if stride != 1 or previous != width:
                p["proj"] = conv_weight(width, previous, 1)
                p["proj_bn"], s["proj_bn"] = norm(width)
            params["blocks"].append(p)
            state["blocks"].append(s)
            strides.append(stride)
            previous = width
    bound = 1 / previous ** 0.5
    params["fc_weight"] = jax.random.uniform(next(keys), (previous, classes), minval=-bound, maxval=bound)
    params["fc_bias"] = jax.random.uniform(next(keys), (classes,), minval=-bound, maxval=bound)
    return params, state, tuple(strides)


def forward(params, state, x, strides):
    new_state = {"blocks": []}
    h, new_state["stem_bn"] = batch_norm(params["stem_bn"], state["stem_bn"], convolution(x, params["stem"], 1, 1))
    h = jax.nn.relu(h)
    for stride, p, s in zip(strides, params["blocks"], state["blocks"]):
        n = {}
        y, n["bn1"] = batch_norm(p["bn1"], s["bn1"], convolution(h, p["conv1"], stride, 1))
        y, n["bn2"] = batch_norm(p["bn2"], s["bn2"], convolution(jax.nn.relu(y), p["conv2"], 1, 1))
        shortcut = h
        if "proj" in p:
            shortcut, n["proj_bn"] = batch_norm(p["proj_bn"], s["proj_bn"], convolution(h, p["proj"], stride, 0))
        h = jax.nn.relu(y + shortcut)
        new_state["blocks"].append(n)
    return h.mean(axis=(2, 3)) @ params["fc_weight"] + params["fc_bias"], new_state


def bench(batch_size, steps, warmup, channels, size, classes=10):
    params, state, strides = init(jax.random.PRNGKey(0), channels, classes)
    velocity = jax.tree_util.tree_map(jnp.zeros_like, params)

    def loss(p, s, x, y):
        logits, new_state = forward(p, s, x, strides)
        picked = jnp.take_along_axis(jax.nn.log_softmax(logits), y[:, None], axis=1)
        return -picked.mean(), new_state

    @jax.jit
    def step(p, s, v, x, y):
        (value, new_state), g = jax.value_and_grad(loss, has_aux=True)(p, s, x, y)
        v = jax.tree_util.tree_map(lambda b, d: 0.9 * b + d, v, g)
        p = jax.tree_util.tree_map(lambda w, b: w - 0.01 * b, p, v)
        return p, new_state, v, value

    x = jax.random.normal(jax.random.PRNGKey(1), (batch_size, channels, size, size))
    y = jax.random.randint(jax.random.PRNGKey(2), (batch_size,), 0, classes)
    for _ in range(max(warmup, 1)):
        params, state, velocity, value = step(params, state, velocity, x, y)
        value.block_until_ready()
    times = []
    cpu_start = time.process_time()
    for _ in range(steps):
        start = time.perf_counter()
        params, state, velocity, value = step(params, state, velocity, x, y)
        value.block_until_ready()
        times.append(time.perf_counter() - start)
    bench.cpu_ms = (time.process_time() - cpu_start) / steps * 1e3
    return sorted(times)[steps // 2] * 1e3


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", choices=["resnet"], default="resnet")
    parser.add_argument("--batch-size", type=int, action="append")
    parser.add_argument("--channels", type=int, default=3)
    parser.add_argument("--size", type=int, default=32)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = []
    for batch_size in args.batch_size or [64, 4]:
        ms = bench(batch_size, args.steps, args.warmup, args.channels, args.size)
        results.append({"model": args.model, "batch_size": batch_size, "steps": args.steps, "ms_per_step": ms,
                        "cpu_ms_per_step": bench.cpu_ms})
        if not args.json:
            print(f"{args.model} bs{batch_size}: {ms:.3f} ms/step")
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
