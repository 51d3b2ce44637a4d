#!/usr/bin/env bash
# Build benchmark: generates N synthetic meetings (~14 KB of Markdown each) and times `protokol build`.
# Usage: bench/run.sh [N ...]   (default: 1000 10000)
# For each N it reports three clean builds (empty output directory, as in CI) and three rebuilds over the previous
# output (as a secretary's repeated builds), each with wall time, pages per second and peak memory (RSS).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin protokol --example gen_corpus --example search_bytes
[ $# -gt 0 ] || set -- 1000 10000
measure() { # label n dir
  /usr/bin/time -f "%e %M" -o /tmp/protokol-bench-time ./target/release/protokol build --root "$3" --output "$3/public" 2>/dev/null
  read -r secs kb < /tmp/protokol-bench-time
  pages=$(find "$3/public" -name '*.html' | wc -l)
  awk -v l="$1" -v n="$2" -v s="$secs" -v kb="$kb" -v p="$pages" 'BEGIN { printf "N=%-6d %-8s %6.2f s  %6d pages  %6.0f pages/s  peak %5.0f MiB\n", n, l, s, p, p/s, kb/1024 }'
}
for n in "$@"; do
  dir="bench/corpus-$n"
  ./target/release/examples/gen_corpus "$n" "$dir"
  ./target/release/protokol check --root "$dir" >/dev/null 2>&1 || { echo "corpus does not check clean"; exit 1; }
  for run in 1 2 3; do rm -rf "$dir/public"; sync; measure clean "$n" "$dir"; done
  for run in 1 2 3; do measure rebuild "$n" "$dir"; done
  for run in 1 2 3; do
    /usr/bin/time -f "%e %M" -o /tmp/protokol-bench-time ./target/release/protokol check --root "$dir" >/dev/null 2>&1
    read -r secs kb < /tmp/protokol-bench-time
    awk -v n="$n" -v s="$secs" -v kb="$kb" 'BEGIN { printf "N=%-6d check    %6.2f s  peak %5.0f MiB\n", n, s, kb/1024 }'
  done
  PROTOKOL_TIMING=1 ./target/release/protokol build --root "$dir" --output "$dir/public" 2>&1 | grep timing | tr '\n' ' '; echo
  echo "Markdown: $(du -s --apparent-size --block-size=1 "$dir/content" | cut -f1) bytes"
  ./target/release/examples/search_bytes "$dir/public" kontingent flygtninge generalforsamling "fordeling af flygtninge" møde
done
