#!/usr/bin/env bash
# Times each pass of the Winograd convolution (transforms and products) on the resnet's 3x3 layers,
# one thread pinned to a core (BENCH_CORE, default 1): bench/winograd_passes.c over
# Sources/CWinograd, in milliseconds per training step (see that file).
# With a git revision as REV, also builds that revision's Sources/CWinograd and runs the two
# alternately, so both see the same load on a shared machine.
# Usage: bench/winograd_passes.sh [batch] [repeats] [rounds]   (defaults 64, 7, 1; REV=<rev> to compare)
set -euo pipefail
cd "$(dirname "$0")/.."
batch="${1:-64}"
repeats="${2:-7}"
rounds="${3:-1}"
core="${BENCH_CORE:-1}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The flags SwiftPM's release build gives the C target.
build() {  # build <source folder> <binary>
  clang -O2 -std=gnu11 -fno-omit-frame-pointer -I"$1/include" -I"$1" bench/winograd_passes.c "$1"/*.c -o "$2"
}
build Sources/CWinograd "$work/current"
if [ -n "${REV:-}" ]; then
  mkdir -p "$work/rev"
  git archive "$REV" Sources/CWinograd | tar -x -C "$work/rev"
  build "$work/rev/Sources/CWinograd" "$work/other"
fi
for ((round = 1; round <= rounds; round++)); do
  echo "== working tree (batch $batch)"
  taskset -c "$core" "$work/current" "$batch" "$repeats"
  if [ -n "${REV:-}" ]; then
    echo "== $REV"
    taskset -c "$core" "$work/other" "$batch" "$repeats"
  fi
done
