#!/usr/bin/env python3
"""A NumPy reference of training LRLab's cnn, as PyTorch defines it, in float32.

Model: nn.Sequential(Conv2d(1, 16, 3, padding=1), ReLU(), MaxPool2d(2), Conv2d(16, 32, 3, padding=1),
ReLU(), MaxPool2d(2), Flatten(), Linear(1568, classes)), trained with cross-entropy and SGD with
momentum on batches replayed in file order (see reference_training.py). Convolutions are
cross-correlations over OIHW weights (PyTorch's), max pooling routes each gradient to the first
maximum of its window.
Usage: cnn_reference.py WEIGHTS BATCHES
"""
import sys

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

import reference_training

KEYS = ["0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias"]


def conv_forward(x, weight, bias):
    """A 3x3 convolution with padding 1: output [n, out, h, w] and the im2col matrix."""
    n, c, h, w = x.shape
    padded = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    # [n, c, h, w, 3, 3] -> [n * h * w, c * 9], ordered as the OIHW weight's c, kh, kw.
    columns = sliding_window_view(padded, (3, 3), axis=(2, 3)).transpose(0, 2, 3, 1, 4, 5).reshape(n * h * w, c * 9)
    out = columns @ weight.reshape(weight.shape[0], -1).T + bias
    return out.reshape(n, h, w, -1).transpose(0, 3, 1, 2), columns


def conv_backward(d_out, weight, columns, input_shape, needs_input_gradient):
    """Weight, bias and (when asked) input gradients of `conv_forward`."""
    n, c, h, w = input_shape
    d_rows = d_out.transpose(0, 2, 3, 1).reshape(n * h * w, -1)
    d_weight = (d_rows.T @ columns).reshape(weight.shape)
    d_bias = d_rows.sum(axis=0)
    if not needs_input_gradient:
        return d_weight, d_bias, None
    d_columns = (d_rows @ weight.reshape(weight.shape[0], -1)).reshape(n, h, w, c, 3, 3)
    d_padded = np.zeros((n, c, h + 2, w + 2), np.float32)
    for i in range(3):
        for j in range(3):
            d_padded[:, :, i:i + h, j:j + w] += d_columns[:, :, :, :, i, j].transpose(0, 3, 1, 2)
    return d_weight, d_bias, d_padded[:, :, 1:-1, 1:-1]


def pool_forward(x):
    """2x2 max pooling: output and the index (0..3, row-major, first on ties) of each maximum."""
    n, c, h, w = x.shape
    windows = x.reshape(n, c, h // 2, 2, w // 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, h // 2, w // 2, 4)
    index = windows.argmax(axis=-1)
    return np.take_along_axis(windows, index[..., None], axis=-1)[..., 0], index


def pool_backward(d_out, index, input_shape):
    n, c, h, w = input_shape
    d_windows = np.zeros((n, c, h // 2, w // 2, 4), np.float32)
    np.put_along_axis(d_windows, index[..., None], d_out[..., None], axis=-1)
    return d_windows.reshape(n, c, h // 2, w // 2, 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(input_shape)


def forward(params, x):
    """Logits for a batch x [n, 1, 28, 28], and what backward needs."""
    conv0, columns0 = conv_forward(x, params["0.weight"], params["0.bias"])
    relu0 = np.maximum(conv0, np.float32(0))
    pool0, index0 = pool_forward(relu0)
    conv3, columns3 = conv_forward(pool0, params["3.weight"], params["3.bias"])
    relu3 = np.maximum(conv3, np.float32(0))
    pool3, index3 = pool_forward(relu3)
    flat = pool3.reshape(x.shape[0], -1)
    logits = flat @ params["7.weight"].T + params["7.bias"]
    return logits, (x.shape, columns0, relu0, index0, pool0.shape, columns3, relu3, index3, pool3.shape, flat)


def backward(params, cache, d_logits):
    """Gradients of the loss with respect to every parameter."""
    x_shape, columns0, relu0, index0, pool0_shape, columns3, relu3, index3, pool3_shape, flat = cache
    grads = {"7.weight": d_logits.T @ flat, "7.bias": d_logits.sum(axis=0)}
    d_pool3 = (d_logits @ params["7.weight"]).reshape(pool3_shape)
    d_conv3 = pool_backward(d_pool3, index3, relu3.shape) * (relu3 > 0)
    grads["3.weight"], grads["3.bias"], d_pool0 = conv_backward(d_conv3, params["3.weight"], columns3, pool0_shape, True)
    d_conv0 = pool_backward(d_pool0, index0, relu0.shape) * (relu0 > 0)
    grads["0.weight"], grads["0.bias"], _ = conv_backward(d_conv0, params["0.weight"], columns0, x_shape, False)
    return grads


if __name__ == "__main__":
    reference_training.main(sys.modules[__name__])
