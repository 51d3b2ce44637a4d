#!/usr/bin/env bash
# Rebuilds over an existing output (#15), A B A B: for each pair, each protokol binary builds CORPUS into a fresh
# folder on disk (clean), builds it again with nothing changed (rebuild), then with one meeting's text edited
# (edit) and edited back (edit back); Hugo (if HUGO is set) builds HUGO_CORPUS twice (clean, rebuild). Each run is
# timed with /usr/bin/time (user, sys, wall, max RSS); on a shared machine compare user+sys CPU, not wall.
# Usage: bench/rebuild.sh A_BINARY B_BINARY CORPUS [PAIRS]
#   CORPUS is never written: it is copied (cp -a --reflink=auto) to $RB_DIR/site, where the edits are made.
#   RB_DIR (default /tmp/protokol-rebuild-bench) holds the copy and the outputs; HUGO, HUGO_CORPUS for Hugo.
# Rows: pair, tool, run, user, sys, wall, max RSS (KiB). PROTOKOL_TIMING=1 laps of each protokol run go to
# $RB_DIR/laps-<pair>-<tool>-<run>.txt.
set -euo pipefail
a="$1" b="$2" corpus="$3" pairs="${4:-2}"
dir="${RB_DIR:-/tmp/protokol-rebuild-bench}"
mkdir -p "$dir"
rm -rf "$dir/site"
cp -a --reflink=auto "$corpus" "$dir/site"
meeting="$(find "$dir/site/content/moeder" -name '*.md' | sort | sed -n 5000p)"
[ -n "$meeting" ] || meeting="$(find "$dir/site/content/moeder" -name '*.md' | sort | head -1)"
original="$dir/meeting.orig"
cp "$meeting" "$original"
timed() { # name, command…
  local name="$1"; shift
  PROTOKOL_TIMING=1 /usr/bin/time -f "%U %S %e %M" -o "$dir/time" "$@" >/dev/null 2>"$dir/laps-$name.txt" \
    || { echo "failed: $*"; cat "$dir/laps-$name.txt"; exit 1; }
  cat "$dir/time"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for pair in $(seq 1 "$pairs"); do
  for side in A B; do
    bin=$a; [ "$side" = B ] && bin=$b
    out="$dir/out-$side"
    rm -rf "$out"; sync
    echo "$pair $side clean $(timed "$pair-$side-clean" "$bin" build --root "$dir/site" --output "$out")"
    sync
    echo "$pair $side rebuild $(timed "$pair-$side-rebuild" "$bin" build --root "$dir/site" --output "$out")"
    printf '\nEn sætning tilføjet til målingen.\n' >>"$meeting"
    sync
    echo "$pair $side edit $(timed "$pair-$side-edit" "$bin" build --root "$dir/site" --output "$out")"
    cp "$original" "$meeting"
    sync
    echo "$pair $side edit-back $(timed "$pair-$side-back" "$bin" build --root "$dir/site" --output "$out")"
    rm -rf "$out"; sync
  done
  if [ -n "${HUGO:-}" ]; then
    out="$dir/out-hugo"
    rm -rf "$out"; sync
    for run in clean rebuild; do
      echo "$pair hugo $run $(timed "$pair-hugo-$run" "$HUGO" --quiet --noBuildLock --source "$HUGO_CORPUS" --destination "$out")"
      sync
    done
    rm -rf "$out"
  fi
  echo "load average after pair $pair: $(cut -d' ' -f1-3 /proc/loadavg)"
done
