#!/usr/bin/env bash
# Times image-folder loading (decode + resize + standardise + one epoch of batches of 64) of 10,000 PNGs of
# 28x28 (gray) and 10,000 JPEGs of 64x64 (RGB, resized to 32x32): LRLab cold (no decoded-image cache) and
# cached, against torchvision's ImageFolder + DataLoader(num_workers=0) with the same transforms when
# torchvision is importable, and always against a Pillow + numpy loop doing the same work without torch.
# The OS file cache is warm for every side (the files were just written and read). Wall-clock ratios
# depend on how busy the machine is (LRLab decodes on every core, Python on one); processor-time ratios
# (user + system of the whole process) do not, and are shown beside them.
# Usage: [BENCH_PYTHON=.venv-bench/bin/python] bench/image_loading.sh [repeats]   (default 3; the medians are shown)
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${1:-3}"
# BENCH_PYTHON: a Python with torch and torchvision (e.g. .venv-bench/bin/python); default the tests' venv.
python="${BENCH_PYTHON:-$(scripts/python-env)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "making 10,000 PNGs and 10,000 JPEGs in $work ..." >&2
"$python" bench/image_loading.py make "$work"
swift build -c release --product train >/dev/null
export OPENBLAS_NUM_THREADS=1
ours() {  # folder size channels
  local size=()
  [ "$2" != native ] && size=(--size "$2")
  .build/release/train bench --image-folder "$1" "${size[@]}" --channels "$3" --json
}
if "$python" -c "import torchvision" 2>/dev/null; then reference=torchvision; else
  reference=""
  echo "torchvision is not importable here: comparing with the Pillow + numpy loop only" >&2
fi
for workload in "png28 native 1" "jpeg64 32 3"; do
  set -- $workload
  folder="$work/$1" size="$2" channels="$3"
  lrlab=() pillow=() torch=()
  for _ in $(seq "$repeats"); do
    lrlab+=("$(ours "$folder" "$size" "$channels")")
    pillow+=("$("$python" bench/image_loading.py pillow "$folder" "$size" "$channels")")
    if [ -n "$reference" ]; then torch+=("$("$python" bench/image_loading.py torchvision "$folder" "$size" "$channels")"); fi
  done
  "$python" - "$1" "$repeats" "${lrlab[@]}" "${pillow[@]}" "${torch[@]:-}" <<'PY'
import json, statistics, sys
name, n = sys.argv[1], int(sys.argv[2])
ours = [json.loads(t) for t in sys.argv[3:3 + n]]
pillow = [json.loads(t) for t in sys.argv[3 + n:3 + 2 * n]]
torch = [json.loads(t) for t in sys.argv[3 + 2 * n:] if t]
med = lambda rows, key: statistics.median(r[key] for r in rows)
cold, cached, cold_cpu, cached_cpu = med(ours, "cold_s"), med(ours, "cached_s"), med(ours, "cold_cpu_s"), med(ours, "cached_cpu_s")
print(f"{name}: {ours[0]['files']} files -> {ours[0]['channels']}x{ours[0]['size']}   (wall s / processor s)")
print(f"  LRLab cold    {cold:7.3f} / {cold_cpu:7.3f}")
print(f"  LRLab cached  {cached:7.3f} / {cached_cpu:7.3f}")
for label, rows in (("Pillow+numpy", pillow), ("torchvision", torch)):
    if not rows:
        continue
    wall, cpu = med(rows, "seconds"), med(rows, "cpu_seconds")
    print(f"  {label:<13} {wall:7.3f} / {cpu:7.3f}   LRLab is faster: cold {wall / cold:5.1f}x / {cpu / cold_cpu:5.1f}x, "
          f"cached {wall / cached:5.1f}x / {cpu / cached_cpu:5.1f}x")
PY
done
