#!/usr/bin/env bash
# What bounds the mlp at batch size 64: the same step in plain C over OpenBLAS (no framework around
# it), PyTorch's own two matrix products (MKL), and both full steps, on one thread, in one run.
# Usage: bench/mlp_floor.sh     (needs a C compiler; PyTorch for its lines)
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
floor=$(mktemp -d)
trap 'rm -rf "$floor"' EXIT
cc -O3 -march=native bench/mlp_floor.c -o "$floor/mlp_floor" $(pkg-config --cflags --libs openblas)
swift build -c release --product train >/dev/null
echo "== plain C over OpenBLAS (median of 1000 steps)"
"$floor/mlp_floor"
echo "== train bench --model mlp --batch-size 64"
.build/release/train bench --model mlp --batch-size 64 --steps 1000 --warmup 50
if python3 -c "import torch" 2>/dev/null; then
  echo "== PyTorch: its two matrix products alone (MKL)"
  python3 bench/pytorch_bench.py --products
  echo "== PyTorch: the whole step"
  python3 bench/pytorch_bench.py --model mlp --batch-size 64 --steps 1000 --warmup 50
fi
