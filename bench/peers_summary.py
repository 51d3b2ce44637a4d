"""Summary of bench/peers.sh's runs: the ratio protokol/Hugo per round and a table per mode and tool.

Usage: python3 bench/peers_summary.py target/bench-peers/runs-N.tsv
Rows: N, mode, tool, round, wall s, user s, sys s, max RSS KiB, output bytes on disk, files.
"""

import statistics
import sys
from collections import defaultdict


def main(path):
    runs = defaultdict(dict)  # (n, mode, tool) -> {round: row}
    order = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            n, mode, tool, rnd, wall, user, sys_, rss, size, files = line.rstrip("\n").split("\t")
            key = (int(n), mode, tool)
            if key not in runs:
                order.append(key)
            runs[key][int(rnd)] = {
                "wall": float(wall),
                "cpu": float(user) + float(sys_),
                "rss": int(rss) / 1024,
                "size": int(size) / 1048576,
                "files": int(files),
            }
    print("\n== protokol / Hugo, per round (same mode, the two runs next to each other)")
    for n, mode, tool in order:
        if tool != "protokol" or (n, mode, "hugo") not in runs:
            continue
        p, h = runs[(n, mode, "protokol")], runs[(n, mode, "hugo")]
        rounds = sorted(set(p) & set(h))
        wall = " ".join(f"{p[r]['wall'] / h[r]['wall']:.2f}" for r in rounds)
        cpu = " ".join(f"{p[r]['cpu'] / h[r]['cpu']:.2f}" for r in rounds)
        print(f"N={n:<6} {mode:<7} wall {wall}   user+sys {cpu}")
    print("\n== summary (median of the rounds; max RSS the largest; output as after the last round)")
    print("| N | mode | tool | wall s (median, min–max) | user+sys s (median) | max RSS MiB | output MiB | files |")
    print("|---:|---|---|---:|---:|---:|---:|---:|")
    for key in order:
        n, mode, tool = key
        rows = [runs[key][r] for r in sorted(runs[key])]
        walls = [r["wall"] for r in rows]
        print(
            f"| {n:,} | {mode} | {tool} | {statistics.median(walls):.2f} ({min(walls):.2f}–{max(walls):.2f}) "
            f"| {statistics.median(r['cpu'] for r in rows):.2f} | {max(r['rss'] for r in rows):.0f} "
            f"| {rows[-1]['size']:.0f} | {rows[-1]['files']:,} |"
        )


if __name__ == "__main__":
    main(sys.argv[1])
