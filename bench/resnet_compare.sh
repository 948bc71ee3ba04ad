#!/usr/bin/env bash
# Times the resnet training step (forward, cross-entropy, backward, SGD momentum 0.9) on 3x32x32
# inputs at batch sizes 64 and 4: LRLab against PyTorch (one thread) and JAX (jit, one thread),
# all pinned to one core, workload by workload and alternating so all sides see the same load.
#
# Each side runs in `repeats` processes; a side's figure is the median of its per-process medians.
# The columns after GFLOP/s compare processor time per step (each side's process time over its timed
# steps), which other work on a shared machine disturbs far less than wall-clock time.
# PyTorch and JAX come from .venv-bench (bench/make-bench-venv makes it; they are not test
# dependencies). LRLab's side is `train bench --model resnet --channels 3 --size 32`, built in
# release mode; LRLAB_BENCH replaces that command (it gets --batch-size, --steps, --warmup and
# --json appended and must print train bench's JSON). BENCH_CORE picks the core (default 1).
# Usage: bench/resnet_compare.sh [steps] [repeats]   (default 20 timed steps after 3 warm-up steps, 3 repeats)
set -euo pipefail
cd "$(dirname "$0")/.."
steps="${1:-20}"
repeats="${2:-3}"
core="${BENCH_CORE:-1}"
python=".venv-bench/bin/python"
[ -x "$python" ] || { echo "error: $python is missing; make it with bench/make-bench-venv" >&2; exit 1; }
"$python" -c "import torch, jax" 2>/dev/null || { echo "error: PyTorch or JAX is not importable from $python; run bench/make-bench-venv" >&2; exit 1; }
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
export XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
if [ -n "${LRLAB_BENCH:-}" ]; then
  read -r -a lrlab <<<"$LRLAB_BENCH"
else
  swift build -c release --product train >/dev/null
  lrlab=(.build/release/train bench --model resnet --channels 3 --size 32)
fi
pin=(taskset -c "$core")
printf "%-10s %9s %11s %8s %8s %8s %8s   %9s %9s %9s %8s %8s\n" workload "LRLab ms" "PyTorch ms" "JAX ms" "/PyTorch" "/JAX" "GFLOP/s" \
  "cpu LRLab" "PyTorch" "JAX" "/PyTorch" "/JAX"
for bs in 64 4; do
  n=$steps; [ "$bs" = 4 ] && n=$(( steps * 5 ))
  ours=() torch=() jax=()
  for _ in $(seq "$repeats"); do
    ours+=("$("${pin[@]}" "${lrlab[@]}" --batch-size "$bs" --steps "$n" --warmup 3 --json)")
    torch+=("$("${pin[@]}" "$python" bench/pytorch_bench.py --model resnet --channels 3 --size 32 --batch-size "$bs" --steps "$n" --warmup 3 --json)")
    jax+=("$("${pin[@]}" "$python" bench/jax_bench.py --channels 3 --size 32 --batch-size "$bs" --steps "$n" --warmup 3 --json)")
  done
  python3 - "$bs" "$repeats" "${ours[@]}" "${torch[@]}" "${jax[@]}" <<'PY'
import json, statistics, sys
bs, count = sys.argv[1], int(sys.argv[2])
texts = sys.argv[3:]
ours = [json.loads(t) for t in texts[:count]]
torch_runs = [json.loads(t)[0] for t in texts[count:2 * count]]
jax_runs = [json.loads(t)[0] for t in texts[2 * count:]]
torch = [r["ms_per_step"] for r in torch_runs]
jax = [r["ms_per_step"] for r in jax_runs]
ours_cpu = statistics.median(r["cpu_ms_per_step"] for r in ours)
torch_cpu = statistics.median(r["cpu_ms_per_step"] for r in torch_runs)
jax_cpu = statistics.median(r["cpu_ms_per_step"] for r in jax_runs)
ours_ms = statistics.median(r["ms_per_step"] for r in ours)
torch_ms, jax_ms = statistics.median(torch), statistics.median(jax)
gflops = statistics.median(r["gflops"] for r in ours)
print(f"{'resnet bs' + bs:<10} {ours_ms:9.2f} {torch_ms:11.2f} {jax_ms:8.2f} {ours_ms / torch_ms:8.2f} {ours_ms / jax_ms:8.2f} {gflops:8.1f}"
      f"   {ours_cpu:9.2f} {torch_cpu:9.2f} {jax_cpu:9.2f} {ours_cpu / torch_cpu:8.2f} {ours_cpu / jax_cpu:8.2f}")
PY
done
