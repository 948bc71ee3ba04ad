#!/usr/bin/env python3
"""A NumPy reference of training LRLab's mlp, as PyTorch defines it, in float32.

Model: nn.Sequential(Flatten(), Linear(784, 256), ReLU(), Linear(256, classes)), trained with
cross-entropy and SGD with momentum on batches replayed in file order (see reference_training.py).
Usage: mlp_reference.py WEIGHTS BATCHES
"""
import sys

import numpy as np

import reference_training

KEYS = ["1.weight", "1.bias", "3.weight", "3.bias"]


def forward(params, x):
    """Logits for a batch x [n, 1, 28, 28], and what backward needs."""
    flat = x.reshape(x.shape[0], -1)
    hidden = np.maximum(flat @ params["1.weight"].T + params["1.bias"], np.float32(0))
    logits = hidden @ params["3.weight"].T + params["3.bias"]
    return logits, (flat, hidden)


def backward(params, cache, d_logits):
    """Gradients of the loss with respect to every parameter."""
    flat, hidden = cache
    d_hidden = (d_logits @ params["3.weight"]) * (hidden > 0)
    return {"3.weight": d_logits.T @ hidden, "3.bias": d_logits.sum(axis=0),
            "1.weight": d_hidden.T @ flat, "1.bias": d_hidden.sum(axis=0)}


if __name__ == "__main__":
    reference_training.main(sys.modules[__name__])
