#!/usr/bin/env bash
# Resident memory per stage of one build: runs the command with PROTOKOL_TIMING=1, samples the process's VmRSS
# every 0.1 s (RSS_EVERY=0.05 for finer: a peak of the first pages lasts 3 s at 100,000), and prints for each stage (the laps protokol prints) the largest and the last RSS seen in it.
# Usage: bench/rss_laps.sh ./target/release/protokol build --root CORPUS --output OUT
# Prints "stage  end_ms  max_mib  last_mib" lines, then the build's peak RSS (getrusage, /usr/bin/time).
set -uo pipefail
log=$(mktemp) samples=$(mktemp)
PROTOKOL_TIMING=1 /usr/bin/time -f "peak %M KiB, user %U s, sys %S s, wall %e s" "$@" >"$log" 2>&1 &
pid=$!
start=$(date +%s%N)
# /usr/bin/time's child is the build; sample it (or time itself before the child exists).
while kill -0 "$pid" 2>/dev/null; do
  child=$(pgrep -P "$pid" | head -1)
  rss=$(awk '/VmRSS/ {print $2}' "/proc/${child:-$pid}/status" 2>/dev/null)
  [ -n "$rss" ] && echo "$(( ($(date +%s%N) - start) / 1000000 )) $rss" >>"$samples"
  sleep "${RSS_EVERY:-0.1}"
done
wait "$pid"
python3 - "$log" "$samples" <<'PY'
import re, sys
log, samples = open(sys.argv[1]).read(), [l.split() for l in open(sys.argv[2])]
samples = [(int(t), int(kib) // 1024) for t, kib in samples]
prev = 0
for name, end in re.findall(r"\[timing\] (.*?): ([\d.]+) ms", log):
    end = float(end)
    seen = [rss for t, rss in samples if prev <= t <= end]
    if seen:
        print(f"{name[:60]:60} {end:10.0f} {max(seen):8} {seen[-1]:8}")
    prev = end
print(log.strip().splitlines()[-1])
PY
rm -f "$log" "$samples"
