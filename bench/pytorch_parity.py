#!/usr/bin/env python3
"""Checks LRLab's per-batch losses against PyTorch itself (not in CI: it needs torch).

The test suite proves LRLab equals NumPy references of the mlp and the cnn
(Tests/Python/mlp_reference.py, cnn_reference.py). This script closes the chain with real
PyTorch, in two ways:

1. Replays what LRLab's parity tests trained. Run them with LRLAB_PARITY_DIR set:
       LRLAB_PARITY_DIR=/tmp/parity swift test --filter ReferenceParityTests
       python3 bench/pytorch_parity.py /tmp/parity
   Each folder there holds weights.safetensors (the initial weights under PyTorch's state_dict()
   keys), batches.safetensors and losses.json (LRLab's and the NumPy reference's losses). The
   script builds the same nn.Sequential, loads the weights with
   `model.load_state_dict(safetensors.torch.load_file(...))` (strict, so the names and shapes are
   checked too), replays the batches in file order with nn.CrossEntropyLoss and torch.optim.SGD
   with momentum at the same learning rates, and compares the losses.
2. With --references and no folder, checks the NumPy references themselves against PyTorch on
   random weights and batches.

Bounds (from the issue): the first batch's loss within 1e-5 relative, every batch within 1e-3.
Exits with status 1 when a comparison is out of bounds.
Requires: torch, numpy, safetensors. One CPU thread, deterministic algorithms.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
from safetensors import safe_open
from safetensors.numpy import load_file as load_numpy
from safetensors.torch import load_file, save_file
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Python"))
import cnn_reference  # noqa: E402
import mlp_reference  # noqa: E402
import reference_training  # noqa: E402

FIRST_BATCH_BOUND = 1e-5
ALL_BATCHES_BOUND = 1e-3


def make_model(name, classes):
    """The nn.Sequential equivalent to LRLab's model `name` (as in bench/pytorch_bench.py)."""
    if name == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, classes))
    if name == "cnn":
        return nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(1568, classes))
    raise SystemExit(f"unknown model '{name}': use mlp or cnn")


def classes_of(state):
    """The class count: the rows of the last Linear's weight."""
    last = sorted((key for key in state if key.endswith(".weight")), key=lambda k: int(k.split(".")[0]))[-1]
    return state[last].shape[0]


def read_batches(path):
    batches = load_file(path)
    with safe_open(path, framework="pt") as f:
        metadata = f.metadata()
    return (batches["inputs"], batches["labels"].long(), batches["learning_rates"],
            int(metadata["batch_size"]), float(metadata["momentum"]))


def torch_losses(name, weights_path, batches_path):
    """PyTorch's loss of each batch, in file order, each followed by one SGD step at its rate."""
    state = load_file(weights_path)
    model = make_model(name, classes_of(state))
    model.load_state_dict(state)  # strict: every key and shape must match
    inputs, labels, rates, batch_size, momentum = read_batches(batches_path)
    optimizer = torch.optim.SGD(model.parameters(), lr=float(rates[0]), momentum=momentum)
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for index, rate in enumerate(rates.tolist()):
        for group in optimizer.param_groups:
            group["lr"] = rate
        batch = slice(index * batch_size, (index + 1) * batch_size)
        optimizer.zero_grad()
        loss = loss_fn(model(inputs[batch]), labels[batch])
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def compare(label, ours, theirs):
    """Prints the first and largest relative differences; returns whether they are in bounds."""
    differences = np.abs(np.array(ours, np.float64) - np.array(theirs, np.float64)) / np.abs(np.array(theirs))
    worst = int(differences.argmax())
    ok = differences[0] <= FIRST_BATCH_BOUND and differences.max() <= ALL_BATCHES_BOUND
    print(f"{label}: {len(ours)} batches, first {differences[0]:.2e}, max {differences[worst]:.2e} at batch {worst}"
          f" -> {'ok' if ok else 'OUT OF BOUNDS'}")
    return ok


def replay_folders(root):
    folders = sorted(f for f in os.listdir(root) if os.path.isfile(os.path.join(root, f, "losses.json")))
    if not folders:
        raise SystemExit(f"{root} holds no parity folders: run the parity tests with LRLAB_PARITY_DIR={root} first")
    ok = True
    for folder in folders:
        path = os.path.join(root, folder)
        with open(os.path.join(path, "losses.json")) as f:
            recorded = json.load(f)
        losses = torch_losses(recorded["model"], os.path.join(path, "weights.safetensors"),
                              os.path.join(path, "batches.safetensors"))
        ok &= compare(f"{folder}: LRLab vs PyTorch", recorded["lrlab"], losses)
        ok &= compare(f"{folder}: NumPy reference vs PyTorch", recorded["numpy"], losses)
    return ok


def check_references(work):
    """The NumPy references against PyTorch on random initial weights and random batches."""
    os.makedirs(work, exist_ok=True)
    rng = np.random.default_rng(0)
    count, batch_size = 60 * 64, 64
    batches = os.path.join(work, "batches.safetensors")
    from safetensors.numpy import save_file as save_numpy
    save_numpy({"inputs": rng.standard_normal((count, 1, 28, 28)).astype(np.float32),
                "labels": rng.integers(0, 10, count).astype(np.int64),
                "learning_rates": (1e-4 * (1e5 ** (np.arange(60) / 100))).astype(np.float32)},
               batches, metadata={"batch_size": str(batch_size), "momentum": "0.9"})
    ok = True
    for name, reference in [("mlp", mlp_reference), ("cnn", cnn_reference)]:
        torch.manual_seed(0)
        weights = os.path.join(work, f"{name}.safetensors")
        save_file(make_model(name, 10).state_dict(), weights)
        params = {key: value.astype(np.float32) for key, value in load_numpy(weights).items()}
        data = load_numpy(batches)
        numpy_losses = reference_training.train(reference, params, data["inputs"], data["labels"],
                                                data["learning_rates"], batch_size, np.float32(0.9))
        ok &= compare(f"{name}: NumPy reference vs PyTorch", numpy_losses, torch_losses(name, weights, batches))
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", help="LRLAB_PARITY_DIR of a parity test run")
    parser.add_argument("--references", metavar="WORK", help="check the NumPy references, writing files to WORK")
    args = parser.parse_args()
    if not args.folder and not args.references:
        parser.error("give a parity folder, or --references WORK")
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    ok = True
    if args.folder:
        ok &= replay_folders(args.folder)
    if args.references:
        ok &= check_references(args.references)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
