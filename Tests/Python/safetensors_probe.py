#!/usr/bin/env python3
"""Reads and writes safetensors files with the `safetensors` package's own numpy functions, for
LRLab's interop tests.

Usage:
  safetensors_probe.py dump FILE        describe FILE as loaded by safetensors.numpy.load_file
  safetensors_probe.py write FILE       write the fixture tensors with safetensors.numpy.save_file, then dump
  safetensors_probe.py write-bf16 FILE  write a BF16 tensor (numpy has no bfloat16) with safetensors.serialize_file
  safetensors_probe.py dump-raw FILE    describe FILE from safetensors.deserialize (raw bytes, any dtype)
  safetensors_probe.py resave IN OUT    load IN with load_file and save it to OUT with save_file (same metadata)
  safetensors_probe.py write-mlp-state FILE CLASSES
                                        write random weights under the keys and shapes of the state_dict() of
                                        nn.Sequential(Flatten(), Linear(784, 256), ReLU(), Linear(256, CLASSES)), then dump

A description is JSON on stdout: {"metadata": {...}, "tensors": {name: {"dtype", "shape", "bits",
"float32_bits"?, "float16_bits"?}}}. `bits` are the stored elements' bit patterns (base64 of their
little-endian bytes, with the element size); `float32_bits` are numpy's conversion of floating tensors to float32 and `float16_bits`
numpy's rounding of float32 tensors to float16, so the tests compare LRLab's conversions with numpy's.
"""
import base64
import json
import sys

import numpy as np
from safetensors import TensorSpec, deserialize, safe_open, serialize_file
from safetensors.numpy import load_file, save_file

UNSIGNED = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}


def bit_patterns(array):
    """The elements' bit patterns: {"size": bytes per element, "base64": their little-endian bytes}."""
    unsigned = np.ascontiguousarray(array).view(UNSIGNED[array.dtype.itemsize]).reshape(-1).astype(
        np.dtype(UNSIGNED[array.dtype.itemsize]).newbyteorder("<"))
    return {"size": array.dtype.itemsize, "base64": base64.b64encode(unsigned.tobytes()).decode("ascii")}


def describe_array(array):
    entry = {"dtype": array.dtype.name, "shape": list(array.shape), "bits": bit_patterns(array)}
    if array.dtype.kind == "f":
        entry["float32_bits"] = bit_patterns(array.astype(np.float32))
    if array.dtype == np.float32:
        with np.errstate(over="ignore"):
            entry["float16_bits"] = bit_patterns(array.astype(np.float16))
    return entry


def file_metadata(path):
    with safe_open(path, framework="np") as f:
        return f.metadata() or {}


def dump(path):
    tensors = load_file(path)
    return {"metadata": file_metadata(path),
            "tensors": {name: describe_array(array) for name, array in tensors.items()}}


def fixture():
    """Tensors of every dtype numpy and LRLab share, with awkward values and names."""
    rng = np.random.default_rng(7)
    special = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-40, -3e-39, 3.4e38, 1.0, -2.5], np.float32)
    return {
        "b": np.concatenate([rng.standard_normal(22).astype(np.float32), special]).reshape(2, 4, 4),
        "a.x": rng.standard_normal((3, 5)),  # float64
        "10": (rng.standard_normal(7) * 100).astype(np.float16),
        "2": np.array(12345, np.int64),  # a scalar, as PyTorch's num_batches_tracked
        "labels": np.array([0, -1, 2**62, -(2**63)], np.int64),
        "empty": np.zeros((0, 3), np.float32),
        "layer.é\"q": rng.standard_normal(3).astype(np.float32),
    }


def write(path):
    save_file(fixture(), path, metadata={"model": "mlp", "classes": "0,1,2", "note": "tab\there \"quoted\" é"})
    return dump(path)


def write_bf16(path):
    # bfloat16 is the upper half of float32: 1, -2, 0.15625, the largest finite, the smallest
    # subnormal, -0, infinity, 65280.
    bits = np.array([0x3F80, 0xC000, 0x3E20, 0x7F7F, 0x0001, 0x8000, 0x7F80, 0x477F], np.uint16)
    values = (bits.astype(np.uint32) << 16).view(np.float32)
    serialize_file({"w": TensorSpec(dtype="bfloat16", shape=[8], data_ptr=bits.ctypes.data, data_len=bits.nbytes)}, path)
    return {"metadata": {}, "tensors": {"w": {"dtype": "bfloat16", "shape": [8], "bits": bit_patterns(bits),
                                              "float32_bits": bit_patterns(values)}}}


def dump_raw(path):
    with open(path, "rb") as f:
        content = f.read()
    tensors = {}
    for name, info in deserialize(content):
        tensors[name] = {"dtype": info["dtype"], "shape": list(info["shape"]),
                         "bits": bit_patterns(np.frombuffer(bytes(info["data"]), np.uint8).view(
                             UNSIGNED[{"BF16": 2, "F16": 2, "F32": 4, "F64": 8, "I64": 8}[info["dtype"]]]))}
    return {"metadata": file_metadata(path), "tensors": tensors}


def write_mlp_state(path, classes):
    rng = np.random.default_rng(11)
    classes = int(classes)
    shapes = {"1.weight": (256, 784), "1.bias": (256,), "3.weight": (classes, 256), "3.bias": (classes,)}
    save_file({key: (rng.standard_normal(shape) * 0.05).astype(np.float32) for key, shape in shapes.items()}, path)
    return dump(path)


def resave(source, target):
    save_file(load_file(source), target, metadata=file_metadata(source) or None)
    return dump(target)


def main():
    commands = {"dump": dump, "write": write, "write-bf16": write_bf16, "dump-raw": dump_raw, "resave": resave,
                "write-mlp-state": write_mlp_state}
    if len(sys.argv) < 3 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    json.dump(commands[sys.argv[1]](*sys.argv[2:]), sys.stdout)


if __name__ == "__main__":
    main()
