#!/usr/bin/env bash
# Builds LRLab in release mode and times the training step of mlp and cnn at batch sizes 64 and 4
# against PyTorch on one thread, workload by workload so both see the same machine load.
# Usage: bench/compare.sh [steps]   (default 50 timed steps, 5 warm-up steps)
set -euo pipefail
cd "$(dirname "$0")/.."
steps="${1:-50}"
# One BLAS thread from the start: otherwise OpenBLAS's idle worker spins for a while after start-up
# and takes a core from the timed thread on a small machine.
export OPENBLAS_NUM_THREADS=1
python3 -c "import torch" 2>/dev/null || { echo "error: PyTorch is not importable; install it with 'pip install torch'" >&2; exit 1; }
swift build -c release --product train >/dev/null
train=".build/release/train"
printf "%-10s %12s %12s %8s %10s\n" workload "LRLab ms" "PyTorch ms" ratio "LRLab GF/s"
for model in mlp cnn; do
  for bs in 64 4; do
    n=$steps; [ "$model$bs" = "cnn64" ] && n=$(( steps / 2 > 0 ? steps / 2 : 1 ))
    ours=$("$train" bench --model "$model" --batch-size "$bs" --steps "$n" --warmup 5 --json)
    theirs=$(OMP_NUM_THREADS=1 python3 bench/pytorch_bench.py --model "$model" --batch-size "$bs" --steps "$n" --warmup 5 --json)
    python3 - "$model" "$bs" "$ours" "$theirs" <<'PY'
import json, sys
model, bs, ours, theirs = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])[0]
ratio = ours["ms_per_step"] / theirs["ms_per_step"]
print(f"{model + ' bs' + bs:<10} {ours['ms_per_step']:12.3f} {theirs['ms_per_step']:12.3f} {ratio:8.2f} {ours['gflops']:10.1f}")
PY
  done
done
