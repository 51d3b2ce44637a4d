#!/usr/bin/env bash
# One clean build and one rebuild over it on a freshly made ext4 file system, so that no tool pays for the inodes an
# earlier run deleted (ext4 skips inodes deleted in the last 60–300 s when it allocates, which made back-to-back
# clean builds on one disk vary by a factor of two and penalised whichever tool ran right after a removal).
# Needs root (mkfs.ext4, mount -o loop). The build command must write to $FRESH_MNT/out.
# Usage: bench/fresh_fs.sh LABEL CMD...      e.g.
#   bench/fresh_fs.sh protokol ./target/release/protokol build --root CORPUS --output /mnt/fresh/out
#   bench/fresh_fs.sh hugo "$HUGO" --quiet --noBuildLock --source HUGO_CORPUS --destination /mnt/fresh/out
# Prints "LABEL-clean user sys wall maxrss_kib" and "LABEL-rebuild ...".
set -uo pipefail
label=$1; shift
mnt=${FRESH_MNT:-/mnt/fresh}
img=${FRESH_IMG:-/tmp/protokol-fresh.img}
umount "$mnt" 2>/dev/null
mkdir -p "$mnt"
truncate -s "${FRESH_SIZE:-6G}" "$img" && mkfs.ext4 -q -F "$img" && mount -o loop "$img" "$mnt" || exit 1
sync
for run in clean rebuild; do
  /usr/bin/time -f "$label-$run %U %S %e %M" "$@" >/dev/null 2>"$img.err"
  tail -1 "$img.err"
  sync
done
umount "$mnt"
rm -f "$img" "$img.err"
