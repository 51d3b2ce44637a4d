#!/usr/bin/env bash
# One clean build and one rebuild over it on a freshly made ext4 file system, so that no tool pays for the inodes an
# earlier run deleted (ext4 skips inodes deleted in the last 60–300 s when it allocates, which made back-to-back
# clean builds on one disk vary by a factor of two and penalised whichever tool ran right after a removal).
# Needs root (mkfs.ext4, losetup, mount). The build command must write to $FRESH_MNT/out.
# Usage: bench/fresh_fs.sh LABEL CMD...      e.g.
#   bench/fresh_fs.sh protokol ./target/release/protokol build --root CORPUS --output /mnt/fresh/out
#   bench/fresh_fs.sh hugo "$HUGO" --quiet --noBuildLock --source HUGO_CORPUS --destination /mnt/fresh/out
# Prints "LABEL-clean user sys wall maxrss_kib" and "LABEL-rebuild ...".
#
# Settings, the same for every tool measured:
#   FRESH_SIZE       size of the file system (default 6G)
#   FRESH_RUNS       the runs, in order (default "clean rebuild")
#   FRESH_DIRECT_IO  1: the loop device reads and writes its image file directly, so the output's pages are
#                    cached once (by the file system), not twice (also by the image file)
#   FRESH_WARM_MIB   before each run, write and delete this many MiB in /dev/shm: on this VM the first touch of
#                    guest memory the host has taken back (free page reporting) costs ~1.6 s/GB of system time,
#                    a cost of the VM that grows with the memory a run touches (heap and page cache), not with
#                    the tool (docs/performance.md, "Where 100,000 grows faster than 10,000")
set -uo pipefail
label=$1; shift
mnt=${FRESH_MNT:-/mnt/fresh}
img=${FRESH_IMG:-/tmp/protokol-fresh.img}
umount "$mnt" 2>/dev/null
mkdir -p "$mnt"
truncate -s "${FRESH_SIZE:-6G}" "$img" && mkfs.ext4 -q -F "$img" || exit 1
dev=$(losetup --find --show --direct-io="$([ "${FRESH_DIRECT_IO:-0}" = 1 ] && echo on || echo off)" "$img") || exit 1
mount "$dev" "$mnt" || { losetup -d "$dev"; exit 1; }
sync
for run in ${FRESH_RUNS:-clean rebuild}; do
  if [ "${FRESH_WARM_MIB:-0}" -gt 0 ]; then
    dd if=/dev/zero of=/dev/shm/protokol-warm bs=1M count="$FRESH_WARM_MIB" status=none
    rm -f /dev/shm/protokol-warm
  fi
  /usr/bin/time -f "$label-$run %U %S %e %M" "$@" >/dev/null 2>"$img.err"
  tail -1 "$img.err"
  sync
done
umount "$mnt"
losetup -d "$dev"
rm -f "$img" "$img.err"
