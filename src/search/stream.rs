//! `protokol build`'s index, streamed (#15): the same files as [`SearchIndex::write_all`], made with memory that
//! grows with the postings' compact size and nothing else.
//!
//! - Units are made a source (meeting, document, table, page) at a time, in index order: sources are sorted by
//!   their first unit, each source's units among themselves ([`unit_order`] throughout). The units of one source
//!   share body, date and kind and their URLs start with the source's path, so they are consecutive in the index
//!   order and this is the order a sort of every unit gives; it is checked before any unit is analysed (each
//!   source's first unit strictly after the previous source's last, [`ordered_sources`]), and should it ever not
//!   hold, the index is made as before ([`SearchIndex::analysed`]).
//! - A one-off build frees each meeting's item texts as soon as all its units are analysed
//!   ([`write_once_freeing_texts`]): they are ~650 MiB at 100,000 meetings, held until the index's end before.
//! - Each block of [`BLOCK_UNITS`] units has its texts made and analysed, its metadata chunks written, and then
//!   keeps of each unit only its facet (body, date, kind) and its length in terms.
//! - A term's postings are bytes: per document the gap from the previous document id and the weight's code
//!   ([`coded_terms`]: count × 2 + title), as LEB128 varints; the weight ([`weight`]) and the impact are made only when the
//!   term's shard is written.
//! - Terms are ids ([`TermIds`]) and their postings slices of one pool ([`SlicePool`]): at 100,000 meetings a
//!   million terms, nearly all in one or two units, for which a map of `Arc<str>` to a `Vec<u8>` each held
//!   ~130 MB of entries and allocations beside the postings themselves (#15).

use super::files::{chunk_of, encode, manifest_of, shard_files_of, vocab_file_of};
use super::format::{shard_of, vocab_key};
use super::index::{
    analyse_with, bodies, coded_terms, inline_estimate, shard_count, weight, SearchIndex, Sink,
    BLOCK_UNITS,
};
use super::slices::{SliceList, SlicePool};
use super::term_ids::TermIds;
use super::units::{source_units, sources, unit_order, Planned, Source, TextOf, Unit};
use super::CHUNK;
use crate::diagnostics::Diagnostic;
use crate::kinds::Kind;
use crate::load::Site;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

/// A term's postings as the stream collects them.
struct List {
    bytes: SliceList,
    df: u32,
    last: u32,
}

/// A posting's bytes: the gap and the code, as varints of at most 5 bytes each.
fn posting(gap: u32, code: u32) -> ([u8; 10], usize) {
    let mut out = [0u8; 10];
    let mut n = 0;
    for mut v in [gap, code] {
        while v >= 0x80 {
            out[n] = (v as u8) | 0x80;
            n += 1;
            v >>= 7;
        }
        out[n] = v as u8;
        n += 1;
    }
    (out, n)
}

fn read_varint(bytes: &[u8], at: &mut usize) -> u32 {
    let (mut v, mut shift) = (0u32, 0u32);
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        v |= ((b & 0x7f) as u32).checked_shl(shift).unwrap_or(0);
        shift += 7;
        if b & 0x80 == 0 {
            break;
        }
    }
    v
}

impl List {
    /// A list of its first posting.
    fn new(pool: &mut SlicePool, doc: u32, code: u32) -> List {
        let (bytes, n) = posting(doc, code);
        List {
            bytes: pool.start(&bytes[..n]),
            df: 1,
            last: doc,
        }
    }

    /// Adds a posting; documents come in id order.
    fn push(&mut self, pool: &mut SlicePool, doc: u32, code: u32) {
        let (bytes, n) = posting(doc.wrapping_sub(self.last), code);
        pool.push(&mut self.bytes, &bytes[..n]);
        self.df += 1;
        self.last = doc;
    }

    /// The postings with their weights, by document id; `bytes` is room to read them into.
    fn decode(&self, pool: &SlicePool, lens: &[u32], bytes: &mut Vec<u8>) -> Vec<(u32, f32)> {
        bytes.clear();
        pool.read(&self.bytes, bytes);
        let mut out = Vec::with_capacity(self.df as usize);
        let (mut at, mut doc) = (0, 0u32);
        for _ in 0..self.df {
            doc = doc.wrapping_add(read_varint(bytes, &mut at));
            let code = read_varint(bytes, &mut at);
            let len = lens.get(doc as usize).copied().unwrap_or(0);
            out.push((doc, weight(code, len)));
        }
        out
    }
}

/// What stays of a unit after its block: its facet (body by its place in `Stream::body_ids`) and length.
struct Kept {
    body: u32,
    date: Option<chrono::NaiveDate>,
    kind: Kind,
}

#[derive(Default)]
struct Stream {
    terms: TermIds,
    /// Each term's postings, by its id.
    lists: Vec<List>,
    pool: SlicePool,
    /// Length in terms of each unit, by document id.
    lens: Vec<u32>,
    kept: Vec<Kept>,
    body_ids: Vec<String>,
    body_at: HashMap<String, u32>,
    /// (files, bytes) written so far.
    total: (usize, usize),
}

/// The last unit of the previous source as the order check needs it (body, date, kind, URL).
fn order_key(u: &Unit) -> Unit {
    Unit {
        source: String::new(),
        title: String::new(),
        url: u.url.clone(),
        page: String::new(),
        seq: 0,
        numbered_paragraph: false,
        body: String::new(),
        body_id: u.body_id.clone(),
        date: u.date,
        kind: u.kind,
        text: String::new(),
    }
}

/// The sources of the whole site in index order (by their first unit, stable: as [`super::units::planned`]) and
/// their number of units, or `None` if that is not the order of all their units: some source's units would have
/// to come between another's (checked here, before any is analysed, so that a stream that frees what it has read
/// never needs it again).
fn ordered_sources(site: &Site) -> Option<(Vec<Source>, usize)> {
    let mut keyed: Vec<(Unit, Unit, Source)> = Vec::new();
    let mut units = Vec::new();
    let mut count = 0;
    for source in sources(site, &|_| true) {
        units.clear();
        source_units(site, source, &mut units);
        count += units.len();
        let mut all = units.iter().map(|u| &u.0);
        let Some(first) = all.next() else {
            continue;
        };
        let (first, last) = all.fold((first, first), |(lo, hi), u| {
            (
                if unit_order(u, lo).is_lt() { u } else { lo },
                if unit_order(u, hi).is_lt() { hi } else { u },
            )
        });
        keyed.push((order_key(first), order_key(last), source));
    }
    keyed.sort_by(|a, b| unit_order(&a.0, &b.0));
    let in_order = (keyed.windows(2)).all(|w| unit_order(&w[0].1, &w[1].0) == Ordering::Less);
    in_order.then(|| (keyed.into_iter().map(|(_, _, s)| s).collect(), count))
}

/// `protokol build`: every file of the index, handed to `sink`. Returns (files, bytes).
pub(super) fn write_once(site: &Site, sink: Sink) -> Result<(usize, usize), Diagnostic> {
    match ordered_sources(site) {
        Some((order, units)) => write_in(&mut &*site, sink, order, units, |_, _| {}),
        None => SearchIndex::write_whole(site, sink),
    }
}

/// [`write_once`] that frees each meeting's item texts ([`Site::drop_meeting_texts`]) once all its units are
/// analysed.
pub(super) fn write_once_freeing_texts(
    site: &mut Site,
    sink: Sink,
) -> Result<(usize, usize), Diagnostic> {
    match ordered_sources(site) {
        // On a thread of the pool, which loaded (allocated) about half of the texts, so that what it frees of
        // them is a local free that its own postings may reuse at once (mimalloc gives a thread's free blocks back
        // to that thread). Measured at 100,000 meetings: the stage's peak 1,942 → 1,926 MiB, one run each.
        Some((order, units)) => rayon::scope(|_| {
            write_in(&mut &mut *site, sink, order, units, |site, at| {
                site.drop_meeting_texts(at)
            })
        }),
        None => SearchIndex::write_whole(site, sink),
    }
}

/// The index of the sources in `order` (the index order, [`ordered_sources`]), `units` units in all; `done` is
/// told each meeting (by its place in [`Site::meetings`]) once every unit of it is analysed.
fn write_in<S: std::borrow::Borrow<Site>>(
    site: &mut S,
    sink: Sink,
    order: Vec<Source>,
    units: usize,
    done: fn(&mut S, usize),
) -> Result<(usize, usize), Diagnostic> {
    // What is kept of every unit, sized once: grown by doubling, the two lists' copies would sit beside them.
    let mut stream = Stream {
        lens: Vec::with_capacity(units),
        kept: Vec::with_capacity(units),
        ..Stream::default()
    };
    let mut pending: Vec<Planned> = Vec::new();
    // Meetings whose units are not all analysed yet: (the document id after their last unit, place).
    let mut owed: std::collections::VecDeque<(usize, usize)> = Default::default();
    for source in order {
        let from = pending.len();
        source_units(site.borrow(), source, &mut pending);
        pending[from..].sort_by(|a, b| unit_order(&a.0, &b.0));
        if let Source::Meeting(at) = source {
            owed.push_back((stream.lens.len() + pending.len(), at));
        }
        while pending.len() >= BLOCK_UNITS {
            let rest = pending.split_off(BLOCK_UNITS);
            stream.block(site.borrow(), std::mem::replace(&mut pending, rest), sink)?;
            while owed
                .front()
                .is_some_and(|&(end, _)| end <= stream.lens.len())
            {
                if let Some((_, at)) = owed.pop_front() {
                    done(site, at);
                }
            }
        }
    }
    if !pending.is_empty() {
        stream.block(site.borrow(), pending, sink)?;
    }
    for (_, at) in owed {
        done(site, at);
    }
    stream.finish(site.borrow(), sink)
}

impl Stream {
    /// Analyses a block of units (ids from `self.lens.len()` on) and writes its metadata chunks.
    fn block(&mut self, site: &Site, block: Vec<Planned>, sink: Sink) -> Result<(), Diagnostic> {
        use rayon::prelude::*;
        let lang = site.config.language;
        let start = self.lens.len();
        let (mut units, texts): (Vec<Unit>, Vec<TextOf>) = block.into_iter().unzip();
        let coded = analyse_with(site, &mut units, &texts, |a, u| coded_terms(a, u, lang));
        for (i, (len, terms)) in coded.into_iter().enumerate() {
            let doc = (start + i) as u32;
            self.lens.push(len);
            for (term, code) in terms {
                match self.terms.id(&term) {
                    (_, true) => self.lists.push(List::new(&mut self.pool, doc, code)),
                    (id, false) => {
                        if let Some(list) = self.lists.get_mut(id as usize) {
                            list.push(&mut self.pool, doc, code);
                        }
                    }
                }
            }
        }
        // Blocks start at a multiple of CHUNK: each chunk is the block's.
        let written: Result<Vec<usize>, Diagnostic> = units
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(i, chunk)| {
                let (path, text) = chunk_of(start / CHUNK + i, chunk, |_| false);
                sink(&path, text.as_bytes()).map(|_| text.len())
            })
            .collect();
        let written = written?;
        self.total.0 += written.len();
        self.total.1 += written.iter().sum::<usize>();
        for u in units {
            let body = match self.body_at.get(&u.body_id) {
                Some(&b) => b,
                None => {
                    let b = self.body_ids.len() as u32;
                    self.body_at.insert(u.body_id.clone(), b);
                    self.body_ids.push(u.body_id);
                    b
                }
            };
            self.kept.push(Kept {
                body,
                date: u.date,
                kind: u.kind,
            });
        }
        Ok(())
    }

    /// Writes the shards, the vocabulary blocks and the manifest.
    fn finish(self, site: &Site, sink: Sink) -> Result<(usize, usize), Diagnostic> {
        use rayon::prelude::*;
        let units = self.lens.len();
        let terms = &self.terms;
        let ids = || (0..self.lists.len() as u32).zip(&self.lists);
        let inline = ids()
            .map(|(id, l)| inline_estimate(terms.term(id), l.df as usize))
            .sum();
        let shards = shard_count(inline);
        // Term ids, not (term, list) pairs: a million terms at 100,000 meetings.
        let mut by_shard: Vec<Vec<u32>> = vec![Vec::new(); shards as usize];
        let mut by_key: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (id, _) in ids() {
            let t = terms.term(id);
            by_shard[shard_of(t, shards) as usize].push(id);
            if let Some(key) = vocab_key(t) {
                by_key.entry(key).or_default().push(id);
            }
        }
        let (lens, lists, pool) = (&self.lens, &self.lists, &self.pool);
        let df = |id: u32| lists.get(id as usize).map_or(0, |l| l.df as usize);
        let files: Vec<Result<(usize, usize), Diagnostic>> = by_shard
            .par_iter_mut()
            .enumerate()
            .map(|(s, ids)| {
                ids.sort_unstable_by_key(|&id| terms.term(id));
                let mut bytes = Vec::new();
                let encoded = ids.iter().filter_map(|&id| {
                    let postings = lists.get(id as usize)?.decode(pool, lens, &mut bytes);
                    Some((terms.term(id), encode(&postings, None)))
                });
                shard_files_of(s as u32, encoded)
            })
            .chain(by_key.par_iter().map(|(key, ids)| {
                vec![vocab_file_of(
                    key,
                    ids.iter().map(|&id| (terms.term(id), df(id))),
                )]
            }))
            .chain(rayon::iter::once(vec![manifest_of(
                site.config.language,
                &bodies(site),
                shards as usize,
                units,
                units,
                |i| {
                    let k = &self.kept[i];
                    (
                        &self.body_ids[k.body as usize],
                        k.date.map(|d| chrono::Datelike::year(&d)),
                        k.kind,
                    )
                },
                |i| Some(i as u32),
            )]))
            .map(|files| {
                let mut n = (0, 0);
                for (path, text) in files {
                    sink(&path, text.as_bytes())?;
                    n = (n.0 + 1, n.1 + text.len());
                }
                Ok(n)
            })
            .collect();
        let mut total = self.total;
        for r in files {
            let (f, b) = r?;
            total = (total.0 + f, total.1 + b);
        }
        Ok(total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_bytes_roundtrip() {
        let mut pool = SlicePool::default();
        let lens = vec![10u32; 300_000];
        let postings = [(0u32, 2u32), (5, 3), (200, 400), (299_999, 2)];
        let mut l = List::new(&mut pool, postings[0].0, postings[0].1);
        // Another term's list growing between this one's postings, as in a block.
        let mut other = List::new(&mut pool, 1, 2);
        for &(doc, code) in &postings[1..] {
            l.push(&mut pool, doc, code);
            other.push(&mut pool, doc + 1, 4);
        }
        let got = l.decode(&pool, &lens, &mut Vec::new());
        let want: Vec<(u32, f32)> = postings.iter().map(|&(d, c)| (d, weight(c, 10))).collect();
        assert_eq!(got, want);
        assert_ne!(weight(3, 10), weight(2, 10), "the title bonus counts");
    }

    #[test]
    fn a_long_list_of_postings_reads_back_across_its_slices() {
        let mut pool = SlicePool::default();
        let lens: Vec<u32> = (0..200_000).map(|d| d % 300 + 1).collect();
        let postings: Vec<(u32, u32)> = (0..20_000u32)
            .map(|i| (i * 7 + i % 5, 2 + (i % 900) * 2 + i % 2))
            .collect();
        let mut l = List::new(&mut pool, postings[0].0, postings[0].1);
        for &(doc, code) in &postings[1..] {
            l.push(&mut pool, doc, code);
        }
        let got = l.decode(&pool, &lens, &mut Vec::new());
        let want: Vec<(u32, f32)> = postings
            .iter()
            .map(|&(d, c)| (d, weight(c, lens[d as usize])))
            .collect();
        assert_eq!(got, want);
    }
}
