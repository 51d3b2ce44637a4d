//! The index's files: term shards and their overflow blocks, vocabulary blocks, metadata chunks, the manifest.

use super::analyzer::FxBuild;
use super::format::encode_sorted_postings;
use super::index::{quantize, Encoded, SearchIndex};
use super::units::{facet, kind_label, Unit};
use super::{CHUNK, FIRST_BLOCK};
use crate::i18n::Lang;
use crate::kinds::Kind;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

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

/// A term's postings (document id, weight before idf): the best (impact, then rank) in the first block, the rest
/// in id order in further blocks of [`BLOCK`]. `postings` come in document id order. `rank` gives each document's
/// place in the index order where it is not its id (`protokol serve` after units came or went,
/// [`SearchIndex::update`]); without it the rank is the id. The impact holds no idf (format 3: the browser
/// multiplies by it), so the encoding depends on the term's postings alone; idf, the same for every posting of the
/// term, would not change their order.
pub(super) fn encode(postings: &[(u32, f32)], rank: Option<&[u32]>) -> Encoded {
    let q = quantized(postings);
    let best = best_of(&q, rank);
    let rest: Vec<(u32, u8)> = rest_of(&q, &best).collect();
    Encoded {
        df: q.len(),
        first: encode_sorted_postings(&first_of(&q, &best)),
        blocks: rest.chunks(BLOCK).map(encode_sorted_postings).collect(),
    }
}

/// [`encode`] of a term's postings after an update, from its encoding before: the further blocks before the first
/// place where the rest can differ are kept, the others encoded again. `changed` holds, in ascending order, the
/// document ids whose posting came, went, changed its impact or moved in the order; every other posting keeps
/// its impact and its place among the others. Returns the encoding, equal to `encode`'s, and the first further
/// block that may differ from the old one. In id order, a unit serve adds (the next free id) changes a frequent
/// term's last block alone, unless its posting enters the best, where it shifts the rest from the displaced
/// posting's place on (#15: a new meeting re-encoded and rewrote every block of each of its frequent terms).
pub(super) fn encode_again(
    postings: &[(u32, f32)],
    rank: Option<&[u32]>,
    old: Encoded,
    changed: &[u32],
) -> (Encoded, usize) {
    let old_first = super::format::decode_postings(&old.first);
    let first = best_among(postings, rank, &old_first, changed).unwrap_or_else(|| {
        let q = quantized(postings);
        first_of(&q, &best_of(&q, rank))
    });
    // Below the first id where the best differ, and below every changed id, the old rest and the new one are the
    // same postings, so are the blocks that lie wholly there.
    let differs = (0..first.len().max(old_first.len()))
        .find_map(|k| match (first.get(k), old_first.get(k)) {
            (Some(a), Some(b)) if a.0 == b.0 => None,
            (a, b) => Some(a.map_or(u32::MAX, |a| a.0).min(b.map_or(u32::MAX, |b| b.0))),
        })
        .unwrap_or(u32::MAX);
    let x = changed.first().copied().unwrap_or(u32::MAX).min(differs);
    let below = |id: u32| first.partition_point(|p| p.0 < id);
    let place = postings.partition_point(|p| p.0 < x) - below(x);
    // With nothing changed in the rest, even a last block that is not full stands.
    let kept = match x {
        u32::MAX => old.blocks.len(),
        _ => (place / BLOCK).min(old.blocks.len()),
    };
    // Where the rest's posting number kept × BLOCK stands in `postings`: the rest before an index j counts
    // j less the best below it, which never falls as j grows.
    let target = kept * BLOCK;
    let (mut lo, mut hi) = (0, postings.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if mid - below(postings[mid].0) < target {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let mut best = first.iter().map(|p| p.0).peekable();
    let tail: Vec<(u32, u8)> = postings[lo..]
        .iter()
        .filter(|&&(d, _)| {
            while best.next_if(|&b| b < d).is_some() {}
            best.next_if_eq(&d).is_none()
        })
        .map(|&(d, w)| (d, quantize(w)))
        .collect();
    let mut blocks = old.blocks;
    blocks.truncate(kept);
    blocks.extend(tail.chunks(BLOCK).map(encode_sorted_postings));
    let encoded = Encoded {
        df: postings.len(),
        first: encode_sorted_postings(&first),
        blocks,
    };
    (encoded, kept)
}

/// The new best of a term without a look at its other postings, where that is sure: no changed id was among the
/// old best and the term keeps more postings than the best hold. Then a posting that did not change and was not
/// among the best still has the old best all above it, so the new best are the best of the old best and the
/// changed postings now there. `None` where that does not hold.
fn best_among(
    postings: &[(u32, f32)],
    rank: Option<&[u32]>,
    old_first: &[(u32, u32)],
    changed: &[u32],
) -> Option<Vec<(u32, u8)>> {
    let in_old = |d: &u32| old_first.binary_search_by_key(d, |p| p.0).is_ok();
    if postings.len() <= FIRST_BLOCK || old_first.len() < FIRST_BLOCK || changed.iter().any(in_old)
    {
        return None;
    }
    let key = |d: u32, i: u8| {
        let r = rank.map_or(d, |r| r.get(d as usize).copied().unwrap_or(u32::MAX));
        (std::cmp::Reverse(i), r, d)
    };
    let mut candidates: Vec<(u32, u8)> = old_first
        .iter()
        .map(|&(d, i)| (d, i as u8))
        .chain(changed.iter().filter_map(|&d| {
            let at = postings.binary_search_by_key(&d, |p| p.0).ok()?;
            Some((d, quantize(postings[at].1)))
        }))
        .collect();
    if candidates.len() > FIRST_BLOCK {
        candidates.select_nth_unstable_by_key(FIRST_BLOCK, |&(d, i)| key(d, i));
        candidates.truncate(FIRST_BLOCK);
    }
    candidates.sort_unstable();
    Some(candidates)
}

/// The postings with their stored impacts, in id order.
fn quantized(postings: &[(u32, f32)]) -> Vec<(u32, u8)> {
    postings.iter().map(|&(d, w)| (d, quantize(w))).collect()
}

/// Which postings (by place in `q`) are the term's best [`FIRST_BLOCK`]: the highest impacts, ties by rank (the
/// id where there are no ranks, as a build has), then by id. A count of each impact finds the lowest impact that
/// enters; only the postings of that impact are compared further.
fn best_of(q: &[(u32, u8)], rank: Option<&[u32]>) -> Vec<bool> {
    let wanted = q.len().min(FIRST_BLOCK);
    let mut count = [0usize; 256];
    for &(_, i) in q {
        count[i as usize] += 1;
    }
    let (mut threshold, mut above) = (0u8, 0usize);
    for i in (0..256).rev() {
        if above + count[i] >= wanted {
            threshold = i as u8;
            break;
        }
        above += count[i];
    }
    let mut best: Vec<bool> = q.iter().map(|&(_, i)| i > threshold).collect();
    let mut ties: Vec<(u32, u32, usize)> = q
        .iter()
        .enumerate()
        .filter(|(_, p)| p.1 == threshold)
        .map(|(j, &(d, _))| {
            let r = rank.map_or(d, |r| r.get(d as usize).copied().unwrap_or(u32::MAX));
            (r, d, j)
        })
        .collect();
    let need = wanted - above;
    if need < ties.len() {
        ties.select_nth_unstable(need);
    }
    for &(_, _, j) in ties.iter().take(need) {
        best[j] = true;
    }
    best
}

/// The best postings, in id order: the first block.
fn first_of(q: &[(u32, u8)], best: &[bool]) -> Vec<(u32, u8)> {
    q.iter()
        .zip(best)
        .filter(|(_, &b)| b)
        .map(|(&p, _)| p)
        .collect()
}

/// The other postings, in id order: the further blocks.
fn rest_of<'a>(q: &'a [(u32, u8)], best: &'a [bool]) -> impl Iterator<Item = (u32, u8)> + 'a {
    q.iter().zip(best).filter(|(_, &b)| !b).map(|(&p, _)| p)
}

/// One shard and its overflow blocks from its terms, sorted, each with its encoded postings: per term
/// [document frequency, first block, further blocks, slot].
pub(super) fn shard_files_of<'a, E: std::borrow::Borrow<Encoded>>(
    shard: u32,
    terms: impl Iterator<Item = (&'a str, E)>,
) -> Vec<(String, String)> {
    shard_files_from(shard, terms.map(|(t, e)| (t, e, 0)))
}

/// [`shard_files_of`] with, beside each term, its first further block to write: the blocks before it are
/// written already, as they are (`protokol serve`, [`encode_again`]).
pub(super) fn shard_files_from<'a, E: std::borrow::Borrow<Encoded>>(
    shard: u32,
    terms: impl Iterator<Item = (&'a str, E, usize)>,
) -> Vec<(String, String)> {
    use std::io::Write;
    let mut files = vec![(String::new(), String::new())];
    // The shard's JSON object written as the terms come (sorted, as a map would order them): a map of JSON
    // values built first was most of the time serve took to write a shard (#15).
    let mut out: Vec<u8> = Vec::with_capacity(16 * 1024);
    out.push(b'{');
    for (slot, (term, e, from)) in terms.enumerate() {
        let e = e.borrow();
        for (b, block) in e.blocks.iter().enumerate().skip(from) {
            files.push((
                format!("soeg/index/t/{shard}-{slot}-{b}.json"),
                serde_json::to_string(block).unwrap_or_default(),
            ));
        }
        if slot > 0 {
            out.push(b',');
        }
        let _ = serde_json::to_writer(&mut out, term);
        let _ = write!(out, ":[{},", e.df);
        let _ = serde_json::to_writer(&mut out, &e.first);
        let _ = write!(out, ",{},{slot}]", e.blocks.len());
    }
    out.push(b'}');
    files[0] = (
        format!("soeg/index/t/{shard}.json"),
        String::from_utf8(out).unwrap_or_default(),
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
        let terms = self.by_shard[shard as usize]
            .iter()
            .map(|term| (&**term, self.encoding(term)));
        shard_files_of(shard, terms)
    }

    /// A term's encoding: the kept one, or made now where none is kept.
    fn encoding(&self, term: &str) -> std::borrow::Cow<'_, Encoded> {
        match self.encoded.as_ref().and_then(|c| c.get(term)) {
            Some(e) => std::borrow::Cow::Borrowed(e),
            None => std::borrow::Cow::Owned(self.encode_term(term)),
        }
    }

    /// What of a shard an update changed: the shard itself, and each term's further blocks from the first that
    /// `dirty` gives for it (terms not in it kept theirs), or all of them where the term's slot moved since
    /// `slots_before` (the shard's terms, sorted, before a term came or went in it). Without kept encodings every
    /// term is encoded and written whole, as [`SearchIndex::shard_files`] does.
    pub(super) fn shard_changed_files(
        &self,
        shard: u32,
        dirty: &HashMap<Arc<str>, usize, FxBuild>,
        slots_before: Option<&[Arc<str>]>,
    ) -> Vec<(String, String)> {
        let kept = self.encoded.is_some();
        let terms = self.by_shard[shard as usize]
            .iter()
            .enumerate()
            .map(|(slot, term)| {
                let e = self.encoding(term);
                let moved = slots_before.is_some_and(|b| b.binary_search(term) != Ok(slot));
                let from = match dirty.get(term) {
                    _ if moved || !kept => 0,
                    Some(&from) => from,
                    None => e.blocks.len(),
                };
                (&**term, e, from)
            });
        shard_files_from(shard, terms)
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
