"""Times PyTorch's stride-2 convolutions of the resnet beside stride-1 ones of the same FLOPs.

The PyTorch side of `bench/stride_compare.sh`: the same four pairs as `train bench
--stride-comparison` (3x3 and the 1x1 projections, from 32x32 and 16x16 images; the stride-1
partner has the stride-2 layer's output size, channels and FLOPs), each timed as a forward pass
and a backward pass for the input and weight gradients, the fastest of `--repeats` after
`--warmup`, on one thread. Prints JSON rows with the same keys as LRLab's.
"""
import argparse
import json
import time

import torch


def time_pass(conv, x, dy, repeats, warmup):
    forward, backward = [], []
    for index in range(warmup + repeats):
        conv.weight.grad = None
        x.grad = None
        start = time.perf_counter()
        y = conv(x)
        middle = time.perf_counter()
        y.backward(dy)
        end = time.perf_counter()
        if index >= warmup:
            forward.append(middle - start)
            backward.append(end - middle)
    return min(forward), min(backward)


def measure(cin, cout, kernel, stride, size, batch, repeats, warmup):
    torch.manual_seed(1)
    conv = torch.nn.Conv2d(cin, cout, kernel, stride, kernel // 2, bias=False)
    x = torch.randn(batch, cin, size, size, requires_grad=True)
    with torch.no_grad():
        dy = torch.randn_like(conv(x))
    forward, backward = time_pass(conv, x, dy, repeats, warmup)
    flops = 2.0 * batch * cout * dy.shape[2] * dy.shape[3] * cin * kernel * kernel
    label = f"Conv2d({cin}, {cout}, kernel {kernel}{', stride 2' if stride == 2 else ''}) on [{batch}, {cin}, {size}, {size}]"
    return label, forward, backward, 3 * flops / (forward + backward) / 1e9


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(1)
    rows = []
    for cin, cout, kernel, size in [(16, 32, 3, 32), (32, 64, 3, 16), (16, 32, 1, 32), (32, 64, 1, 16)]:
        one = measure(cin, cout, kernel, 1, size // 2, args.batch_size, args.repeats, args.warmup)
        two = measure(cin, cout, kernel, 2, size, args.batch_size, args.repeats, args.warmup)
        rows.append({"stride_1": one[0], "stride_2": two[0],
                     "stride_1_ms": (one[1] + one[2]) * 1e3, "stride_2_ms": (two[1] + two[2]) * 1e3,
                     "stride_1_forward_ms": one[1] * 1e3, "stride_2_forward_ms": two[1] * 1e3,
                     "stride_1_gflops": one[3], "stride_2_gflops": two[3]})
    print(json.dumps(rows, sort_keys=True))


if __name__ == "__main__":
    main()
