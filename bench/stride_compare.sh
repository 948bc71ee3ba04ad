#!/usr/bin/env bash
# Stride 2 per FLOP, LRLab beside PyTorch: the resnet's stride-2 convolutions (3x3 and the 1x1
# projections) each timed beside the stride-1 convolution of the same output and FLOPs, forward
# and backward (input and weight gradients), the fastest of 20 repeats, one thread, pinned to one
# core. LRLab's side is `train bench --stride-comparison`, PyTorch's `bench/stride_compare.py`;
# they alternate `repeats` times and each figure is the median over the processes.
#
# "rate" is the stride-2 layer's GFLOP/s over its stride-1 partner's (1.00: striding costs
# nothing per FLOP); "/PyTorch" is LRLab's stride-2 time over PyTorch's.
# Usage: bench/stride_compare.sh [batch size] [repeats]   (default 64 and 3)
set -euo pipefail
cd "$(dirname "$0")/.."
batch="${1:-64}"
repeats="${2:-3}"
core="${BENCH_CORE:-1}"
python=".venv-bench/bin/python"
[ -x "$python" ] || { echo "error: $python is missing; make it with bench/make-bench-venv" >&2; exit 1; }
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
swift build -c release --product train >/dev/null
ours=() torch=()
for _ in $(seq "$repeats"); do
  ours+=("$(taskset -c "$core" .build/release/train bench --stride-comparison --batch-size "$batch" --json)")
  torch+=("$(taskset -c "$core" "$python" bench/stride_compare.py --batch-size "$batch")")
done
python3 - "$repeats" "${ours[@]}" "${torch[@]}" <<'EOF'
import json, statistics, sys
repeats = int(sys.argv[1])
ours = [json.loads(s) for s in sys.argv[2:2 + repeats]]
torch = [json.loads(s) for s in sys.argv[2 + repeats:]]
def median(runs, row, key):
    return statistics.median(run[row][key] for run in runs)
print(f"{'stride-2 layer':<48} {'LRLab ms':>9} {'rate':>6} {'PyTorch ms':>11} {'rate':>6} {'/PyTorch':>9}")
for row, workload in enumerate(ours[0]):
    name = workload["stride_2"].split(" on ")[0].replace(", no bias", "").replace(", direct", "")
    mine, theirs = median(ours, row, "stride_2_ms"), median(torch, row, "stride_2_ms")
    rate = lambda runs: statistics.median(r[row]["stride_2_gflops"] / r[row]["stride_1_gflops"] for r in runs)
    print(f"{name:<48} {mine:9.3f} {rate(ours):6.2f} {theirs:11.3f} {rate(torch):6.2f} {mine / theirs:9.2f}")
EOF
