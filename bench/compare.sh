#!/usr/bin/env bash
# Builds LRLab in release mode and times the training step of mlp and cnn at batch sizes 64 and 4
# against PyTorch on one thread, workload by workload so both see the same machine load.
#
# PyTorch's step time differs from process to process on this machine (mlp bs64: 1.2 to 2.8 ms, the
# same code and seed), so each side runs in `repeats` processes, alternating, and the ratio uses the
# median of the per-process medians; PyTorch's fastest and slowest process are shown too.
# Usage: bench/compare.sh [steps] [repeats]   (default 50 timed steps after 5 warm-up steps, 5 repeats)
set -euo pipefail
cd "$(dirname "$0")/.."
steps="${1:-50}"
repeats="${2:-5}"
# One BLAS thread from the start: otherwise OpenBLAS's idle worker spins for a while after start-up
# and takes a core from the timed thread on a small machine.
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
python3 -c "import torch" 2>/dev/null || { echo "error: PyTorch is not importable; install it with 'pip install torch'" >&2; exit 1; }
swift build -c release --product train >/dev/null
train=".build/release/train"
printf "%-10s %10s %12s %8s %19s %11s\n" workload "LRLab ms" "PyTorch ms" ratio "PyTorch min-max" "LRLab GF/s"
for model in mlp cnn; do
  for bs in 64 4; do
    n=$steps; [ "$model$bs" = "cnn64" ] && n=$(( steps / 2 > 0 ? steps / 2 : 1 ))
    ours=() theirs=()
    for _ in $(seq "$repeats"); do
      ours+=("$("$train" bench --model "$model" --batch-size "$bs" --steps "$n" --warmup 5 --json)")
      theirs+=("$(python3 bench/pytorch_bench.py --model "$model" --batch-size "$bs" --steps "$n" --warmup 5 --json)")
    done
    python3 - "$model" "$bs" "${#ours[@]}" "${ours[@]}" "${theirs[@]}" <<'PY'
import json, statistics, sys
model, bs, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
ours = [json.loads(text) for text in sys.argv[4:4 + count]]
theirs = [json.loads(text)[0]["ms_per_step"] for text in sys.argv[4 + count:]]
ours_ms = statistics.median(result["ms_per_step"] for result in ours)
theirs_ms = statistics.median(theirs)
gflops = statistics.median(result["gflops"] for result in ours)
spread = f"{min(theirs):.3f}-{max(theirs):.3f}"
print(f"{model + ' bs' + bs:<10} {ours_ms:10.3f} {theirs_ms:12.3f} {ours_ms / theirs_ms:8.2f} {spread:>19} {gflops:11.1f}")
PY
  done
done
