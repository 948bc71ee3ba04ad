"""The parts of the NumPy training references that do not depend on the model, written from
PyTorch's definitions, in float32: nn.CrossEntropyLoss (mean over the batch), torch.optim.SGD with
momentum (dampening 0, no weight decay, no Nesterov), and the replay of batches in file order.

A model module gives `KEYS` (its state_dict() keys), `forward(params, x) -> (logits, cache)` and
`backward(params, cache, d_logits) -> grads`.
"""
import json
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file

F32 = np.float32

USAGE = """Usage: {script} WEIGHTS BATCHES
  WEIGHTS  safetensors state dict of the model (PyTorch's keys and layouts)
  BATCHES  safetensors with inputs [batches * batch, 1, 28, 28] F32, labels [batches * batch] I64,
           learning_rates [batches] F32, and metadata batch_size and momentum
Prints JSON {{"losses": [...]}}: the loss of each batch before its SGD step, as float32 values."""


def cross_entropy(logits, labels):
    """Mean softmax cross-entropy and its gradient with respect to the logits."""
    n = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    total = exp.sum(axis=1, keepdims=True)
    log_probs = shifted - np.log(total)
    loss = -log_probs[np.arange(n), labels].mean(dtype=F32)
    gradient = exp / total
    gradient[np.arange(n), labels] -= F32(1)
    return F32(loss), (gradient / F32(n)).astype(F32)


def sgd_step(params, grads, buffers, lr, momentum):
    """PyTorch's SGD update: buf = grad on the first step, then buf = momentum * buf + grad;
    p -= lr * buf (plain p -= lr * grad without momentum)."""
    for key, grad in grads.items():
        if momentum != 0:
            if key in buffers:
                buffers[key] = F32(momentum) * buffers[key] + grad
            else:
                buffers[key] = grad.copy()
            grad = buffers[key]
        params[key] = params[key] - F32(lr) * grad


def train(model, params, inputs, labels, learning_rates, batch_size, momentum):
    """The loss of each batch, in file order, each followed by one SGD step at its rate."""
    buffers, losses = {}, []
    for index, lr in enumerate(learning_rates):
        batch = slice(index * batch_size, (index + 1) * batch_size)
        logits, cache = model.forward(params, inputs[batch])
        loss, d_logits = cross_entropy(logits, labels[batch])
        losses.append(float(loss))
        grads = {key: value.astype(F32) for key, value in model.backward(params, cache, d_logits).items()}
        sgd_step(params, grads, buffers, lr, momentum)
    return losses


def main(model):
    """Runs `model` on the files named on the command line and prints the losses."""
    if len(sys.argv) != 3:
        sys.exit(USAGE.format(script=sys.argv[0]))
    weights, batches_path = sys.argv[1], sys.argv[2]
    params = {key: value.astype(F32) for key, value in load_file(weights).items()}
    if set(params) != set(model.KEYS):
        sys.exit(f"{weights}: expected the keys {sorted(model.KEYS)}, got {sorted(params)}")
    batches = load_file(batches_path)
    with safe_open(batches_path, framework="np") as f:
        metadata = f.metadata()
    losses = train(model, params, batches["inputs"].astype(F32), batches["labels"].astype(np.int64),
                   batches["learning_rates"].astype(F32), int(metadata["batch_size"]), F32(metadata["momentum"]))
    json.dump({"losses": losses}, sys.stdout)
