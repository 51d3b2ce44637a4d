#!/usr/bin/env bash
# Search bytes: what the search page downloads for typical queries at N synthetic meetings, beside Pagefind's bytes
# for the same queries on the same built pages. Pagefind (PyPI `pagefind-bin`) is installed into a throwaway venv
# under bench/; it is never a dependency of protokol.
# Usage: bench/search.sh [N]   (default: 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
dir="bench/corpus-$n"
queries=(kontingent flygtninge generalforsamling møde "fordeling af flygtninge" "~vedtægter" "~generalforsa" "~sundhedsaftale"
  flygtnige kontigent generalforsamlng psykatri flygtningekvote direktoer "punkt 3.6" 4.7)
cargo build --release --quiet --bin protokol --example gen_corpus --example search_bytes
[ -d "$dir/content" ] || ./target/release/examples/gen_corpus "$n" "$dir"
rm -rf "$dir/public"
./target/release/protokol build --root "$dir" --output "$dir/public" >/dev/null
echo "== protokol, N=$n"
./target/release/examples/search_bytes "$dir/public" "${queries[@]}"
[ -x bench/.venv/bin/python ] || { python3 -m venv bench/.venv && bench/.venv/bin/pip install -q pagefind-bin; }
rm -rf "$dir/public-pagefind"
cp -r "$dir/public" "$dir/public-pagefind"
bench/.venv/bin/python -m pagefind_bin --site "$dir/public-pagefind" >/dev/null
echo "== Pagefind $(bench/.venv/bin/python -m pagefind_bin --version 2>/dev/null), N=$n, same pages"
node bench/pagefind_bytes.mjs "$dir/public-pagefind" "${queries[@]}"
