#!/usr/bin/env bash
# Times image-folder loading (decode + resize + standardise + one epoch of batches of 64) of 10,000 PNGs of
# 28x28 (gray) and 10,000 JPEGs of 64x64 (RGB, resized to 32x32): LRLab cold (no decoded-image cache) and
# cached, against torchvision's ImageFolder + DataLoader(num_workers=0) with the same transforms when
# torchvision is importable, and always against a Pillow + numpy loop doing the same work without torch.
# The OS file cache is warm for every side (the files were just written and read).
# Usage: bench/image_loading.sh [repeats]   (default 3; the medians are shown)
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${1:-3}"
python="$(scripts/python-env)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "making 10,000 PNGs and 10,000 JPEGs in $work ..." >&2
"$python" bench/image_loading.py make "$work"
swift build -c release --product image-folder-bench >/dev/null
ours=".build/release/image-folder-bench"
if "$python" -c "import torchvision" 2>/dev/null; then reference=torchvision; else
  reference=""
  echo "torchvision is not importable here: comparing with the Pillow + numpy loop only" >&2
fi
for workload in "png28 native 1" "jpeg64 32 3"; do
  set -- $workload
  folder="$work/$1" size="$2" channels="$3"
  lrlab=() pillow=() torch=()
  for _ in $(seq "$repeats"); do
    lrlab+=("$("$ours" "$folder" "$size" "$channels")")
    pillow+=("$("$python" bench/image_loading.py pillow "$folder" "$size" "$channels")")
    if [ -n "$reference" ]; then torch+=("$("$python" bench/image_loading.py torchvision "$folder" "$size" "$channels")"); fi
  done
  "$python" - "$1" "$repeats" "${lrlab[@]}" "${pillow[@]}" "${torch[@]:-}" <<'PY'
import json, statistics, sys
name, n = sys.argv[1], int(sys.argv[2])
ours = [json.loads(t) for t in sys.argv[3:3 + n]]
pillow = [json.loads(t)["seconds"] for t in sys.argv[3 + n:3 + 2 * n]]
torch = [json.loads(t)["seconds"] for t in sys.argv[3 + 2 * n:] if t]
cold = statistics.median(r["cold_s"] for r in ours)
cached = statistics.median(r["cached_s"] for r in ours)
p = statistics.median(pillow)
print(f"{name}: {ours[0]['files']} files -> {ours[0]['channels']}x{ours[0]['size']}")
print(f"  LRLab cold    {cold:8.3f} s   (load {statistics.median(r['cold_load_s'] for r in ours):.3f} s)")
print(f"  LRLab cached  {cached:8.3f} s   (load {statistics.median(r['cached_load_s'] for r in ours):.3f} s)")
print(f"  Pillow+numpy  {p:8.3f} s   -> cold {p / cold:5.1f}x faster, cached {p / cached:5.1f}x faster")
if torch:
    t = statistics.median(torch)
    print(f"  torchvision   {t:8.3f} s   -> cold {t / cold:5.1f}x faster, cached {t / cached:5.1f}x faster")
PY
done
