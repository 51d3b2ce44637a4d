//! Byte lists that grow by appending, cut as slices from shared blocks (#15): the streamed index's postings
//! (`stream.rs`), a million lists at 100,000 meetings, nearly all of them a few bytes. A `Vec<u8>` each cost an
//! allocation and 24 bytes beside it, and the lists grown by doubling left their outgrown blocks behind; here a
//! list's first slice is 12 bytes, each further one larger, linked from the end of the one before, and nothing is
//! moved or freed until the pool is.

/// Bytes of a block; a slice never crosses a block's end.
const BLOCK: usize = 1 << 20;
/// Slice sizes by level: a list starts at level 0 and each new slice is one level up, until the last.
const SIZES: [usize; 8] = [12, 16, 32, 64, 128, 256, 512, 1024];
/// Bytes of a link (the next slice's block and offset), at the end of every slice but a list's last.
const LINK: usize = 8;
const _: () = assert!(SIZES[0] >= LINK && BLOCK % 1024 == 0);

/// Where a slice starts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct At {
    block: u32,
    byte: u32,
}

impl At {
    fn to_bytes(self) -> [u8; LINK] {
        let mut out = [0u8; LINK];
        out[..4].copy_from_slice(&self.block.to_le_bytes());
        out[4..].copy_from_slice(&self.byte.to_le_bytes());
        out
    }

    fn from_bytes(b: &[u8]) -> Option<At> {
        Some(At {
            block: u32::from_le_bytes(b.get(..4)?.try_into().ok()?),
            byte: u32::from_le_bytes(b.get(4..LINK)?.try_into().ok()?),
        })
    }
}

/// One list: its first slice, and the last one (at `level`), of which `used` bytes are written.
#[derive(Clone, Copy, Debug)]
pub(super) struct SliceList {
    head: At,
    last: At,
    used: u16,
    level: u8,
}

#[derive(Default)]
pub(super) struct SlicePool {
    blocks: Vec<Box<[u8]>>,
    /// Bytes taken of the last block.
    taken: usize,
}

impl SlicePool {
    /// A new list holding `bytes`.
    pub(super) fn start(&mut self, bytes: &[u8]) -> SliceList {
        let at = self.slice(0);
        let mut list = SliceList {
            head: at,
            last: at,
            used: 0,
            level: 0,
        };
        self.push(&mut list, bytes);
        list
    }

    /// Appends `bytes` to `list`.
    pub(super) fn push(&mut self, list: &mut SliceList, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let size = SIZES[list.level as usize];
            let used = list.used as usize;
            if used == size {
                self.grow(list);
                continue;
            }
            let n = bytes.len().min(size - used);
            let start = list.last.byte as usize + used;
            self.bytes_mut(list.last.block, start, n)
                .copy_from_slice(&bytes[..n]);
            list.used += n as u16;
            bytes = &bytes[n..];
        }
    }

    /// Links a full last slice to a new one a level up: its last [`LINK`] bytes move to the new slice's start
    /// and the link takes their place, so that a list that never grows needs no room for one.
    fn grow(&mut self, list: &mut SliceList) {
        let level = (list.level as usize + 1).min(SIZES.len() - 1);
        let next = self.slice(level);
        let size = SIZES[list.level as usize];
        let end = list.last.byte as usize + size;
        let mut moved = [0u8; LINK];
        moved.copy_from_slice(self.bytes_mut(list.last.block, end - LINK, LINK));
        self.bytes_mut(list.last.block, end - LINK, LINK)
            .copy_from_slice(&next.to_bytes());
        self.bytes_mut(next.block, next.byte as usize, LINK)
            .copy_from_slice(&moved);
        list.last = next;
        list.level = level as u8;
        list.used = LINK as u16;
    }

    /// Room for a slice of `level`, at the end of the last block or in a new one.
    fn slice(&mut self, level: usize) -> At {
        let size = SIZES[level];
        if self.blocks.is_empty() || self.taken + size > BLOCK {
            self.blocks.push(vec![0u8; BLOCK].into_boxed_slice());
            self.taken = 0;
        }
        // Block numbers fit in u32: 2^32 blocks would be 4 PiB.
        let at = At {
            block: (self.blocks.len() - 1) as u32,
            byte: self.taken as u32,
        };
        self.taken += size;
        at
    }

    fn bytes_mut(&mut self, block: u32, start: usize, n: usize) -> &mut [u8] {
        &mut self.blocks[block as usize][start..start + n]
    }

    fn bytes(&self, at: At, n: usize) -> &[u8] {
        let block = self.blocks.get(at.block as usize).map_or(&[][..], |b| b);
        let start = at.byte as usize;
        block.get(start..start + n).unwrap_or(&[])
    }

    /// Appends the bytes of `list` to `out`, in the order they were pushed.
    pub(super) fn read(&self, list: &SliceList, out: &mut Vec<u8>) {
        let (mut at, mut level) = (list.head, 0usize);
        while at != list.last {
            let size = SIZES[level];
            let slice = self.bytes(at, size);
            let Some(next) = slice.len().checked_sub(LINK).and_then(|data| {
                out.extend_from_slice(&slice[..data]);
                At::from_bytes(&slice[data..])
            }) else {
                return;
            };
            // Slices are cut in order, so a link always points further on: a list is read in a bounded walk.
            if (next.block, next.byte) <= (at.block, at.byte) {
                return;
            }
            at = next;
            level = (level + 1).min(SIZES.len() - 1);
        }
        out.extend_from_slice(self.bytes(list.last, list.used as usize));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pool: &SlicePool, list: &SliceList) -> Vec<u8> {
        let mut out = Vec::new();
        pool.read(list, &mut out);
        out
    }

    #[test]
    fn interleaved_lists_read_back_what_each_was_given() {
        let mut pool = SlicePool::default();
        let mut want: Vec<Vec<u8>> = Vec::new();
        let mut lists = Vec::new();
        // Lengths around every slice size and link, pushed a few bytes at a time across many lists at once.
        for round in 0..700usize {
            for l in 0..40usize {
                if round > l * 20 {
                    continue;
                }
                let bytes: Vec<u8> = (0..(l % 7 + 1))
                    .map(|i| (round * 31 + l * 7 + i) as u8)
                    .collect();
                if round == 0 {
                    lists.push(pool.start(&bytes));
                    want.push(bytes);
                } else {
                    pool.push(&mut lists[l], &bytes);
                    want[l].extend_from_slice(&bytes);
                }
            }
        }
        for (list, want) in lists.iter().zip(&want) {
            assert_eq!(&read(&pool, list), want);
        }
        assert!(
            want.iter().any(|w| w.len() > 4 * 1024),
            "long lists reach the last level"
        );
    }

    #[test]
    fn a_list_continues_in_a_new_block() {
        let mut pool = SlicePool::default();
        let mut long = pool.start(&[1]);
        let mut want = vec![1u8];
        // Enough short lists to fill the first block, the long one growing among them.
        for i in 0..(BLOCK / SIZES[0] + 10) {
            pool.start(&[2; 3]);
            let b = (i % 251) as u8;
            pool.push(&mut long, &[b]);
            want.push(b);
        }
        assert!(pool.blocks.len() > 1);
        assert_eq!(read(&pool, &long), want);
    }

    #[test]
    fn a_short_list_takes_one_first_slice() {
        let mut pool = SlicePool::default();
        let a = pool.start(&[7; 12]);
        let b = pool.start(&[8; 3]);
        assert_eq!((a.level, b.level, pool.taken), (0, 0, 2 * SIZES[0]));
        assert_eq!(
            (read(&pool, &a), read(&pool, &b)),
            (vec![7; 12], vec![8; 3])
        );
    }
}
