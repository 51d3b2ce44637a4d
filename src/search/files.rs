//! The index's files: term shards and their overflow blocks, vocabulary blocks, metadata chunks, the manifest.

use super::format::encode_sorted_postings;
use super::index::{quantize, Encoded, SearchIndex};
use super::units::{facet, kind_label, Unit};
use super::{CHUNK, FIRST_BLOCK};
use crate::i18n::Lang;
use crate::kinds::Kind;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Postings in each further block of a term.
pub(super) const BLOCK: usize = 16_000;
/// Characters of a unit's text kept for snippets: the browser picks the passage around the matched words.
const SNIPPET_TEXT: usize = 800;

/// The words of a unit's text that its result keeps for the snippet (under [`SNIPPET_TEXT`] characters, single
/// spaces). Applied to its own result it returns the same text, so a slice may keep only this (`partial.rs`).
pub(super) fn snippet_text(text: &str) -> String {
    let mut out = String::new();
    for w in text.split_whitespace() {
        if out.len() + w.len() >= SNIPPET_TEXT {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// A term's postings (document id, weight before idf), best first (impact, then rank), cut into the first block
/// and further blocks. `postings` come in document id order. `rank` gives each document's place in the index order
/// where it is not its id (`protokol serve` after units came or went, [`SearchIndex::update`]); without it the rank
/// is the id. The impact holds no idf (format 3: the browser multiplies by it), so the encoding depends on the
/// term's postings alone; idf, the same for every posting of the term, would not change their order.
pub(super) fn encode(postings: &[(u32, f32)], rank: Option<&[u32]>) -> Encoded {
    let q: Vec<(u32, u8)> = postings.iter().map(|&(d, w)| (d, quantize(w))).collect();
    // Each posting's place in `q` (so in id order), best first. Bucket by impact: `q` is in id order, so each
    // bucket stays in id order.
    let mut start = [0usize; 257];
    for &(_, i) in &q {
        start[255 - i as usize + 1] += 1;
    }
    for i in 1..257 {
        start[i] += start[i - 1];
    }
    let mut ordered = vec![0u32; q.len()];
    for (j, &(_, i)) in q.iter().enumerate() {
        let slot = &mut start[255 - i as usize];
        ordered[*slot] = j as u32;
        *slot += 1;
    }
    if let Some(rank) = rank {
        // Ties by rank, as a build of the same content ties them by id.
        ordered.sort_by_key(|&j| {
            let (d, i) = q[j as usize];
            (255 - i, rank.get(d as usize).copied().unwrap_or(u32::MAX))
        });
    }
    // Which block each posting falls in (0 the first), then the blocks filled in id order: each comes out sorted
    // by id, as its encoding needs, without sorting a block whose impacts scattered its ids (a frequent term's
    // blocks are most of the postings serve encodes again for a new meeting, #15).
    let first_len = q.len().min(FIRST_BLOCK);
    let mut block_of = vec![0u32; q.len()];
    for (pos, &j) in ordered.iter().enumerate() {
        block_of[j as usize] = pos
            .checked_sub(first_len)
            .map_or(0, |p| 1 + (p / BLOCK) as u32);
    }
    let count = 1 + (q.len() - first_len).div_ceil(BLOCK);
    let mut blocks: Vec<Vec<(u32, u8)>> = (0..count)
        .map(|b| Vec::with_capacity(if b == 0 { first_len } else { BLOCK }))
        .collect();
    for (&b, &p) in block_of.iter().zip(&q) {
        blocks[b as usize].push(p);
    }
    let mut blocks = blocks.iter().map(|b| encode_sorted_postings(b));
    Encoded {
        df: q.len(),
        first: blocks.next().unwrap_or_default(),
        blocks: blocks.collect(),
    }
}

/// One shard and its overflow blocks from its terms, sorted, each with its encoded postings: per term
/// [document frequency, first block, further blocks, slot].
pub(super) fn shard_files_of<'a, E: std::borrow::Borrow<Encoded>>(
    shard: u32,
    terms: impl Iterator<Item = (&'a str, E)>,
) -> Vec<(String, String)> {
    let mut files = vec![(String::new(), String::new())];
    let mut out: BTreeMap<&str, Value> = BTreeMap::new();
    for (slot, (term, e)) in terms.enumerate() {
        let e = e.borrow();
        for (b, block) in e.blocks.iter().enumerate() {
            files.push((
                format!("soeg/index/t/{shard}-{slot}-{b}.json"),
                serde_json::to_string(block).unwrap_or_default(),
            ));
        }
        out.insert(term, json!([e.df, e.first, e.blocks.len(), slot]));
    }
    files[0] = (
        format!("soeg/index/t/{shard}.json"),
        serde_json::to_string(&out).unwrap_or_default(),
    );
    files
}

/// Result metadata of documents [8c, 8c + 8), given as `units`: title, URL, page title, reading order, body,
/// date, kind and the unit's text (its first 800 characters) for the snippet; `null` for an id that `hole` says
/// no unit has (a unit `protokol serve` removed).
pub(super) fn chunk_of(c: usize, units: &[Unit], hole: impl Fn(usize) -> bool) -> (String, String) {
    let docs: Vec<Value> = units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            if hole(c * CHUNK + i) {
                return Value::Null;
            }
            json!([
                u.title,
                u.url,
                u.page,
                u.seq,
                u.body,
                u.date.map(|d| d.format("%Y-%m-%d").to_string()),
                u.kind.code(),
                snippet_text(&u.text)
            ])
        })
        .collect();
    (
        format!("soeg/index/d/{c}.json"),
        serde_json::to_string(&docs).unwrap_or_default(),
    )
}

/// A vocabulary block: its terms, sorted, each with its document frequency.
pub(super) fn vocab_file_of<'a>(
    key: &str,
    terms: impl Iterator<Item = (&'a str, usize)>,
) -> (String, String) {
    let terms: BTreeMap<&str, usize> = terms.collect();
    (
        format!("soeg/index/v/{key}.json"),
        serde_json::to_string(&terms).unwrap_or_default(),
    )
}

/// The manifest (format 3) of `units` document ids, `live` of them units (the rest holes: ids no unit has), whose
/// facets `facet` and ranks `rank` (`None`: a hole) give by document id: the counts (`docs` the ids, `units` the
/// live ones: the N of the browser's idf), shard count and facets as runs of consecutive ids with the same (body,
/// year, kind) and consecutive ranks, as [start, end, body, year, kind] ranges, with the run's first rank appended
/// where it is not `start` (a build's ids are its ranks: its manifest has none).
pub(super) fn manifest_of<'a>(
    lang: Lang,
    bodies: &[(String, String)],
    shards: usize,
    units: usize,
    live: usize,
    facet: impl Fn(usize) -> (&'a str, Option<i32>, Kind),
    rank: impl Fn(usize) -> Option<u32>,
) -> (String, String) {
    let mut ranges: Vec<Value> = Vec::new();
    let code = |(body, year, kind): (&'a str, Option<i32>, Kind)| (body, year, kind.code());
    let push = |ranges: &mut Vec<Value>, start: usize, end: usize, first: u32| {
        let (body, year, kind) = code(facet(start));
        if first as usize == start {
            ranges.push(json!([start, end, body, year, kind]));
        } else {
            ranges.push(json!([start, end, body, year, kind, first]));
        }
    };
    // The open run: its first id and first rank.
    let mut run: Option<(usize, u32)> = None;
    for i in 0..units {
        let r = rank(i);
        if let Some((start, first)) = run {
            let goes_on = r.is_some_and(|r| r as usize == first as usize + (i - start))
                && code(facet(i)) == code(facet(start));
            if !goes_on {
                push(&mut ranges, start, i, first);
                run = None;
            }
        }
        if let (None, Some(r)) = (run, r) {
            run = Some((i, r));
        }
    }
    if let Some((start, first)) = run {
        push(&mut ranges, start, units, first);
    }
    // Kinds in the order first seen.
    let mut seen: Vec<Kind> = Vec::new();
    for i in (0..units).filter(|&i| rank(i).is_some()) {
        let kind = facet(i).2;
        if !seen.iter().any(|k| k.code() == kind.code()) {
            seen.push(kind);
        }
    }
    // Kinds that read alike ("note" and "memo" are both "Notat") are one choice: label → kind codes.
    let mut kinds: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for kind in &seen {
        let codes = kinds.entry(kind_label(*kind, lang)).or_default();
        if !codes.contains(&kind.code()) {
            codes.push(kind.code());
        }
    }
    for codes in kinds.values_mut() {
        codes.sort_unstable();
    }
    let kinds: Vec<Value> = kinds
        .into_iter()
        .map(|(l, c)| json!([c.join(","), l]))
        .collect();
    let bodies: Vec<Value> = bodies.iter().map(|(id, name)| json!([id, name])).collect();
    let manifest = json!({
        "version": 3,
        "docs": units,
        "units": live,
        "shards": shards,
        "chunk": CHUNK,
        "ranges": ranges,
        "bodies": bodies,
        "kinds": kinds,
    });
    (
        "soeg/index/manifest.json".into(),
        serde_json::to_string(&manifest).unwrap_or_default(),
    )
}

impl SearchIndex {
    /// A term's postings, best first (impact, then rank), cut into the first block and further blocks.
    pub(super) fn encode_term(&self, term: &str) -> Encoded {
        encode(&self.postings[term], self.ranks())
    }

    /// One shard and its overflow blocks: per term [document frequency, first block, further blocks, slot].
    pub(super) fn shard_files(&self, shard: u32) -> Vec<(String, String)> {
        let cache = self.encoded.as_ref();
        let terms = self.by_shard[shard as usize].iter().map(|term| {
            let e = match cache.and_then(|c| c.get(term)) {
                Some(e) => std::borrow::Cow::Borrowed(e),
                None => std::borrow::Cow::Owned(self.encode_term(term)),
            };
            (&**term, e)
        });
        shard_files_of(shard, terms)
    }

    /// Result metadata of documents [8c, 8c + 8).
    pub(super) fn chunk_file(&self, c: usize) -> (String, String) {
        let end = ((c + 1) * CHUNK).min(self.units.len());
        chunk_of(c, &self.units[c * CHUNK..end], |id| self.is_hole(id))
    }

    /// A vocabulary block: its terms, sorted, each with its document frequency.
    pub(super) fn vocab_file(&self, key: &str) -> (String, String) {
        let terms = self.by_key.get(key).into_iter().flatten();
        vocab_file_of(
            key,
            terms.map(|t| (&**t, self.postings.get(t).map_or(0, Vec::len))),
        )
    }

    /// Names of a shard's overflow files, from the postings alone.
    pub(super) fn overflow_paths(&self, shard: u32) -> Vec<String> {
        let mut out = Vec::new();
        for (slot, term) in self.by_shard[shard as usize].iter().enumerate() {
            let rest = self.postings[term].len().saturating_sub(FIRST_BLOCK);
            out.extend(
                (0..rest.div_ceil(BLOCK)).map(|b| format!("soeg/index/t/{shard}-{slot}-{b}.json")),
            );
        }
        out
    }

    /// Counts, shard count and facets: runs of consecutive ids with the same (body, year, kind) and consecutive
    /// ranks, as [start, end) ranges (with the first rank where it is not the start).
    pub(super) fn manifest_file(&self) -> (String, String) {
        let units = &self.units;
        manifest_of(
            self.lang,
            &self.bodies,
            self.by_shard.len(),
            units.len(),
            self.live(),
            |i| {
                let (body, year, _) = facet(&units[i]);
                (body, year, units[i].kind)
            },
            |i| self.rank_of(i),
        )
    }
}
