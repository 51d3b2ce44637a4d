#!/usr/bin/env bash
# A B A B comparison of two protokol binaries (the 5 % rule of #11): for each pair, A then B run a clean build
# with the output on tmpfs, a clean build with the output on disk, and `check`, each timed with /usr/bin/time
# (user, sys, wall, max RSS). On a shared machine compare user+sys CPU, not wall.
# Usage: bench/ab.sh A_BINARY B_BINARY CORPUS [PAIRS]   (CORPUS e.g. from examples/gen_corpus 10000 DIR)
# Output dirs: $AB_TMPFS (default /dev/shm/protokol-ab) and $AB_DISK (default target/bench-ab); each is removed
# before and after a run, outside the timing. Rows: pair, binary, run, user, sys, wall, max RSS (KiB).
set -euo pipefail
a="$1" b="$2" corpus="$3" pairs="${4:-3}"
tmpfs="${AB_TMPFS:-/dev/shm/protokol-ab}"
disk="${AB_DISK:-$PWD/target/bench-ab}"
timed() {
  /usr/bin/time -f "%U %S %e %M" -o /tmp/protokol-ab-time "$@" >/dev/null 2>&1 || { echo "failed: $*"; exit 1; }
  cat /tmp/protokol-ab-time
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for pair in $(seq 1 "$pairs"); do
  for side in A B; do
    bin=$a; [ "$side" = B ] && bin=$b
    rm -rf "$tmpfs"; sync
    echo "$pair $side tmpfs $(timed "$bin" build --root "$corpus" --output "$tmpfs")"
    rm -rf "$tmpfs" "$disk"; sync
    echo "$pair $side disk $(timed "$bin" build --root "$corpus" --output "$disk")"
    rm -rf "$disk"; sync
    echo "$pair $side check $(timed "$bin" check --root "$corpus")"
  done
  echo "load average after pair $pair: $(cut -d' ' -f1-3 /proc/loadavg)"
done
