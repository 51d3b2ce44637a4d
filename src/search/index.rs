//! The index in memory: units, postings, the terms of each shard and vocabulary block; built once, then updated
//! in place by `protokol serve`.

use super::analyzer::{Analyzer, FxBuild};
use super::files::{encode, encode_again};
use super::format::{shard_of, vocab_key};
use super::units::{self, facet, kind_label, text_of, unit_order, TextOf, Unit};
use super::FIRST_BLOCK;
use crate::i18n::{self, Lang};
use crate::load::Site;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// Added to a term's BM25 weight (at most 2.2) when it is in the unit's title.
const TITLE_BONUS: f64 = 1.5;
/// Unit length (in terms) that BM25's length normalisation is measured against.
const REFERENCE_LENGTH: f64 = 200.0;
/// Impacts are stored as round(weight × IMPACT_SCALE), clamped to 1..=255 (format 3: without idf, which the
/// browser applies). A weight is below 2.2 / 1.0045 + TITLE_BONUS ≈ 3.69 (BM25's saturation 2.2 at a unit of one
/// repeated term, plus the bonus), so 32 stores every weight below 119, never clamped at 255, in steps of 1/32.
const IMPACT_SCALE: f64 = 32.0;

/// A unit's terms with their weight before idf: BM25's saturated term frequency normalised by unit length
/// against a fixed reference length, plus a bonus for title words, so that editing one unit changes no other unit's weights.
pub(super) fn unit_terms(analyzer: &Analyzer, u: &Unit, lang: Lang) -> Vec<(Arc<str>, f32)> {
    let (len, terms) = coded_terms(analyzer, u, lang);
    terms
        .into_iter()
        .map(|(t, code)| (t, weight(code, len)))
        .collect()
}

/// A unit's length in terms and its terms, each with its weight's code: count × 2, plus 1 for a title word.
/// [`weight`] makes the weight from the code and the length; `protokol build` keeps the codes, which take a byte
/// or two where a weight takes four.
pub(super) fn coded_terms(
    analyzer: &Analyzer,
    u: &Unit,
    lang: Lang,
) -> (u32, Vec<(Arc<str>, u32)>) {
    let mut in_title: Vec<Arc<str>> = Vec::new();
    analyzer.each_term(&u.title, |t| in_title.push(t.clone()));
    let mut counted: Vec<Arc<str>> = in_title.clone();
    if u.numbered_paragraph {
        // Its first words are its text's, counted there already; its number is what a title match means here.
        counted.clear();
        in_title.clear();
        let number = u.title.split_whitespace().next().unwrap_or("");
        analyzer.each_term(number, |t| in_title.push(t.clone()));
    }
    in_title.sort_unstable();
    in_title.dedup();
    let date = u
        .date
        .map(|d| i18n::date_short(d, lang))
        .unwrap_or_default();
    // A section's document title counts as plain text: "vedtægter generalforsamling" finds section 4 of the
    // statutes, while "vedtægter" alone ranks the statutes' own unit first.
    let page = if u.page != u.title {
        u.page.as_str()
    } else {
        ""
    };
    let meta = format!("{} {} {} {page}", u.body, kind_label(u.kind, lang), date);
    analyzer.each_term(&meta, |t| counted.push(t.clone()));
    analyzer.each_term(&u.text, |t| counted.push(t.clone()));
    let len = u32::try_from(counted.len()).unwrap_or(u32::MAX);
    counted.sort_unstable();
    let mut tf: Vec<(Arc<str>, u32)> = Vec::new();
    for t in counted {
        match tf.last_mut() {
            Some(last) if last.0 == t => last.1 = last.1.saturating_add(2),
            _ => tf.push((t, 2)),
        }
    }
    for (t, code) in &mut tf {
        if in_title.binary_search(t).is_ok() {
            *code |= 1;
        }
    }
    (len, tf)
}

/// The weight a term's code ([`coded_terms`]) gives in a unit of `len` terms: BM25 over the whole unit, plus a
/// fixed bonus for a title word, so that a match in the title outranks one in a long text, however long the unit.
pub(super) fn weight(code: u32, len: u32) -> f32 {
    let (f, len) = ((code >> 1) as f64, len as f64);
    let norm = f * 2.2 / (f + 1.2 * (0.25 + 0.75 * len / REFERENCE_LENGTH));
    let bonus = if code & 1 == 1 { TITLE_BONUS } else { 0.0 };
    (norm + bonus) as f32
}

/// Shards hold each term's first block inline (about 3 characters a posting) and the term itself.
pub(super) fn inline_estimate(term: &str, postings: usize) -> usize {
    postings.min(FIRST_BLOCK) * 3 + term.len() + 16
}

/// Aim at ~12 KB a shard. The count is a power of two so that the browser's hash lands in the same shard.
pub(super) fn shard_count(inline: usize) -> u32 {
    (inline / 12_000).max(1).next_power_of_two() as u32
}

pub(super) type Sink<'a> =
    &'a (dyn Fn(&str, &[u8]) -> Result<(), crate::diagnostics::Diagnostic> + Sync);

/// A term's postings as written: document frequency, the first block (inline in the shard) and further blocks.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Encoded {
    pub(super) df: usize,
    pub(super) first: String,
    pub(super) blocks: Vec<String>,
}

/// Impact as stored: round(weight × IMPACT_SCALE), 1..=255. No corpus-wide statistic enters it (idf is the
/// browser's, from the term's document frequency and the manifest's unit count), so a posting's impact changes only
/// with its own unit, and a new unit count re-encodes no term (#15).
pub(super) fn quantize(weight: f32) -> u8 {
    ((weight as f64 * IMPACT_SCALE).round() as i64).clamp(1, 255) as u8
}

/// The configured bodies (id, short name), in the configuration's order: the body filter.
pub(super) fn bodies(site: &Site) -> Vec<(String, String)> {
    site.config
        .bodies
        .iter()
        .map(|b| (b.id.clone(), b.short_name().to_string()))
        .collect()
}

/// A unit's terms and weights before idf.
pub(super) type Terms = Vec<(Arc<str>, f32)>;

/// Units analysed at a time: their texts and term lists exist together, the rest of the site's do not. A multiple
/// of [`super::CHUNK`], so that a block's metadata chunks are complete when it is done.
pub(super) const BLOCK_UNITS: usize = 4096;
const _: () = assert!(BLOCK_UNITS % super::CHUNK == 0);

/// Makes the texts of `units` (planned, [`units::planned`]) from the site and analyses them, in parallel (the
/// pipeline is not Sync: one per worker). The texts stay in the units.
pub(super) fn analyse(site: &Site, units: &mut [Unit], texts: &[TextOf], lang: Lang) -> Vec<Terms> {
    analyse_with(site, units, texts, |a, u| unit_terms(a, u, lang))
}

/// [`analyse`] with what `terms` makes of each unit.
pub(super) fn analyse_with<T: Send>(
    site: &Site,
    units: &mut [Unit],
    texts: &[TextOf],
    terms: impl Fn(&Analyzer, &Unit) -> T + Sync + Send,
) -> Vec<T> {
    use rayon::prelude::*;
    units
        .par_iter_mut()
        .zip(texts.par_iter())
        .map_init(Analyzer::default, |a, (u, &of)| {
            u.text = text_of(site, of);
            terms(a, u)
        })
        .collect()
}

/// The search index in memory: units in id order and every term's postings. `protokol build` writes it once;
/// `protokol serve` keeps it and, after an edit, rewrites only the shards whose postings changed.
pub struct SearchIndex {
    pub(super) lang: Lang,
    pub(super) units: Vec<Unit>,
    /// Per term: (document id, BM25 weight before idf), by document id.
    pub(super) postings: HashMap<Arc<str>, Vec<(u32, f32)>, FxBuild>,
    /// Terms of each shard, sorted: a term's rank is its slot, which names its overflow files.
    pub(super) by_shard: Vec<BTreeSet<Arc<str>>>,
    /// Word terms by vocabulary block (`v/<key>.json`).
    pub(super) by_key: BTreeMap<String, BTreeSet<Arc<str>>>,
    /// The configured bodies (id, short name), in the configuration's order: the body filter.
    pub(super) bodies: Vec<(String, String)>,
    pub(super) inline: usize,
    /// Document ids of each source's units.
    pub(super) by_source: HashMap<String, Vec<u32>>,
    /// Every term's encoded postings, kept by [`SearchIndex::keep_encoded`] for fast updates.
    pub(super) encoded: Option<HashMap<Arc<str>, Encoded, FxBuild>>,
    /// Where each id stands in the index order, once `protokol serve` added, removed or moved units (ids do not
    /// move, [`SearchIndex::update`]); `None` while every id is its rank, as in a build.
    pub(super) ranked: Option<Ranked>,
}

/// The index order of ids that are not positions in it: the live ids in index order ([`in_order`]), and each
/// id's rank, its place there (`u32::MAX` for a hole: an id whose unit was removed).
pub(super) struct Ranked {
    order: Vec<u32>,
    rank: Vec<u32>,
}

/// The index order of two ids: their units' ([`unit_order`]), then the ids', as a build's stable sort keeps units
/// that tie in the order they were made.
fn in_order(units: &[Unit], a: u32, b: u32) -> std::cmp::Ordering {
    unit_order(&units[a as usize], &units[b as usize]).then(a.cmp(&b))
}

/// What stands at a hole's id: a unit of nothing, never shown.
fn hole() -> Unit {
    Unit {
        source: String::new(),
        title: String::new(),
        url: String::new(),
        page: String::new(),
        seq: 0,
        numbered_paragraph: false,
        body: String::new(),
        body_id: String::new(),
        date: None,
        kind: crate::kinds::Kind::Page,
        text: String::new(),
    }
}

/// What [`SearchIndex::update`] did, and so what the caller must write.
pub enum IndexUpdate {
    /// Only these files changed.
    Changed(IndexChange),
    /// Document ids or shards moved: the index is up to date in memory, and any file may have changed.
    Relayout,
    /// The index could not be updated in place: build it afresh.
    Rebuild,
}

/// What an incremental index update changed on disk.
#[derive(Default)]
pub struct IndexChange {
    pub files: Vec<(String, String)>,
    pub removed: Vec<String>,
}

impl SearchIndex {
    /// The index of the whole site, kept for updates (`protokol serve`): every unit keeps its text, which
    /// [`SearchIndex::update`] analyses again to find what an edit changed.
    pub fn build(site: &Site) -> SearchIndex {
        let Ok(mut index) =
            SearchIndex::analysed(site, |_, _| Ok::<_, std::convert::Infallible>(()));
        index.derive(true);
        index
    }

    /// The index of the whole site with its postings, made a block of units at a time: the units are planned
    /// without their text, each block's texts made and analysed and its term lists merged into the postings
    /// before the next block is made; then `after_block` is given the index and the block's range of units.
    fn analysed<E>(
        site: &Site,
        mut after_block: impl FnMut(&mut SearchIndex, std::ops::Range<usize>) -> Result<(), E>,
    ) -> Result<SearchIndex, E> {
        let lang = site.config.language;
        let (units, texts): (Vec<Unit>, Vec<TextOf>) =
            units::planned(site, &|_| true).into_iter().unzip();
        let mut index = SearchIndex::empty(lang, bodies(site), units);
        for start in (0..texts.len()).step_by(BLOCK_UNITS) {
            let end = (start + BLOCK_UNITS).min(texts.len());
            let terms = analyse(site, &mut index.units[start..end], &texts[start..end], lang);
            index.add_postings(start, terms);
            after_block(&mut index, start..end)?;
        }
        Ok(index)
    }

    /// `protokol build`: builds the index of the whole site and hands every file to `sink`, keeping nothing for
    /// a next run: streamed a source and a block of units at a time, postings as bytes (`stream.rs`). Writes the
    /// same files as [`SearchIndex::build`] and [`SearchIndex::write_all`]. Returns (files, bytes).
    pub fn write_once(
        site: &Site,
        sink: Sink,
    ) -> Result<(usize, usize), crate::diagnostics::Diagnostic> {
        super::stream::write_once(site, sink)
    }

    /// [`SearchIndex::write_once`] that frees each meeting's item texts ([`Site::drop_item_texts`]) as soon as
    /// the index has analysed its units: the last stage of a one-off build that reads them (#15).
    pub fn write_once_freeing_texts(
        site: &mut Site,
        sink: Sink,
    ) -> Result<(usize, usize), crate::diagnostics::Diagnostic> {
        super::stream::write_once_freeing_texts(site, sink)
    }

    /// [`SearchIndex::write_once`] from the units of the whole site planned at once and sorted: what the stream
    /// falls back on when its order of sources is not the index order.
    pub(super) fn write_whole(
        site: &Site,
        sink: Sink,
    ) -> Result<(usize, usize), crate::diagnostics::Diagnostic> {
        SearchIndex::build(site).write_all(sink)
    }

    /// An index of `units` (in index order) without postings yet.
    fn empty(lang: Lang, bodies: Vec<(String, String)>, units: Vec<Unit>) -> SearchIndex {
        SearchIndex {
            lang,
            units,
            postings: HashMap::with_hasher(FxBuild),
            by_shard: Vec::new(),
            inline: 0,
            by_source: HashMap::new(),
            encoded: None,
            by_key: BTreeMap::new(),
            bodies,
            ranked: None,
        }
    }

    /// Units in the index (ids that are not holes).
    pub(super) fn live(&self) -> usize {
        self.ranked
            .as_ref()
            .map_or(self.units.len(), |r| r.order.len())
    }

    /// Each id's rank where ids are not ranks (`u32::MAX` for a hole).
    pub(super) fn ranks(&self) -> Option<&[u32]> {
        self.ranked.as_ref().map(|r| r.rank.as_slice())
    }

    /// Whether no unit has the id (serve removed it).
    pub(super) fn is_hole(&self, id: usize) -> bool {
        self.rank_of(id).is_none()
    }

    /// An id's place in the index order; `None` for a hole.
    pub(super) fn rank_of(&self, id: usize) -> Option<u32> {
        match &self.ranked {
            None => Some(id as u32),
            Some(r) => r.rank.get(id).copied().filter(|&r| r != u32::MAX),
        }
    }

    /// Adds the terms of the units from document id `start` on. Documents arrive in id order, so every postings
    /// list stays sorted by document id.
    fn add_postings(&mut self, start: usize, per_unit: Vec<Terms>) {
        for (i, terms) in per_unit.into_iter().enumerate() {
            let doc = (start + i) as u32;
            for (term, w) in terms {
                self.postings.entry(term).or_default().push((doc, w));
            }
        }
    }

    /// The index of `units` (in index order) with the terms of each, as a merge of slices has them.
    pub(super) fn assemble(
        lang: Lang,
        bodies: Vec<(String, String)>,
        units: Vec<Unit>,
        terms: Vec<Terms>,
    ) -> SearchIndex {
        let mut index = SearchIndex::empty(lang, bodies, units);
        index.add_postings(0, terms);
        index.derive(true);
        index
    }

    /// Recomputes what follows from the units and postings: ids by source (when `by_source`: what updates
    /// need), the inline estimate, the shards.
    fn derive(&mut self, by_source: bool) {
        self.by_source.clear();
        for (i, u) in self.units.iter().enumerate().filter(|_| by_source) {
            self.by_source
                .entry(u.source.clone())
                .or_default()
                .push(i as u32);
        }
        self.inline = self
            .postings
            .iter()
            .map(|(t, p)| inline_estimate(t, p.len()))
            .sum();
        self.layout();
    }

    /// Encodes every term once and keeps the result, so that an update re-encodes only the terms it changed.
    pub fn keep_encoded(&mut self) {
        use rayon::prelude::*;
        let terms: Vec<&Arc<str>> = self.postings.keys().collect();
        let encoded: Vec<(Arc<str>, Encoded)> = terms
            .par_iter()
            .map(|t| ((*t).clone(), self.encode_term(t)))
            .collect();
        let mut map = HashMap::with_capacity_and_hasher(encoded.len(), FxBuild);
        map.extend(encoded);
        self.encoded = Some(map);
    }

    pub fn shards(&self) -> u32 {
        self.by_shard.len() as u32
    }

    /// Assigns every term to its shard for the current shard count.
    fn layout(&mut self) {
        let shards = shard_count(self.inline);
        self.by_shard = vec![Default::default(); shards as usize];
        self.by_key.clear();
        for t in self.postings.keys() {
            self.by_shard[shard_of(t, shards) as usize].insert(t.clone());
            if let Some(key) = vocab_key(t) {
                self.by_key.entry(key).or_default().insert(t.clone());
            }
        }
    }

    /// Every file of the index, handed to `sink`. Returns (files, bytes).
    pub fn write_all(&self, sink: Sink) -> Result<(usize, usize), crate::diagnostics::Diagnostic> {
        self.write_files(sink, true)
    }

    /// The files of the index, the metadata chunks only when `chunks`. Returns (files, bytes).
    fn write_files(
        &self,
        sink: Sink,
        chunks: bool,
    ) -> Result<(usize, usize), crate::diagnostics::Diagnostic> {
        use rayon::prelude::*;
        let chunks = if chunks {
            self.units.len().div_ceil(super::CHUNK)
        } else {
            0
        };
        let results: Vec<Result<(usize, usize), crate::diagnostics::Diagnostic>> =
            (0..self.by_shard.len())
                .into_par_iter()
                .map(|s| self.shard_files(s as u32))
                .chain(
                    (0..chunks)
                        .into_par_iter()
                        .map(|c| vec![self.chunk_file(c)]),
                )
                .chain(
                    self.by_key
                        .par_iter()
                        .map(|(key, _)| vec![self.vocab_file(key)]),
                )
                .chain(rayon::iter::once(vec![self.manifest_file()]))
                .map(|files| {
                    let mut n = (0, 0);
                    for (path, text) in files {
                        sink(&path, text.as_bytes())?;
                        n = (n.0 + 1, n.1 + text.len());
                    }
                    Ok(n)
                })
                .collect();
        let mut total = (0, 0);
        for r in results {
            let (f, b) = r?;
            total = (total.0 + f, total.1 + b);
        }
        Ok(total)
    }

    /// Re-indexes the units of the given sources (URL paths such as `moeder/<id>/`) from `site`, and returns the
    /// files that changed. Document ids do not move (#15): the changed sources' units take their old ids in order,
    /// a unit more takes the next free id (after the largest), a unit fewer leaves its id a hole (no postings, its
    /// metadata `null`); the index order a build of the same content has is kept as a rank beside the ids, which
    /// the manifest's facet ranges carry and which breaks ties among equal impacts. Written: the shards holding a
    /// term whose postings or stored impacts changed (only terms of the changed units: an impact holds no idf, so
    /// a new unit count changes no other term's), the vocabulary blocks of terms that came or went in a unit, the
    /// metadata chunks of the changed ids, and the manifest if facets, ranks or the unit count changed. When the
    /// shard count changes, every term moves: the index is up to date in memory and every file must be written.
    pub fn update(
        &mut self,
        site: &Site,
        sources: &std::collections::HashSet<String>,
    ) -> IndexUpdate {
        use rayon::prelude::*;
        use std::cmp::Ordering;
        let fresh = units::units_of(site, sources);
        let mut ids: Vec<u32> = sources
            .iter()
            .flat_map(|src| self.by_source.get(src).into_iter().flatten())
            .copied()
            .collect();
        ids.sort_unstable();
        let (old_live, old_shards) = (self.live(), self.shards());
        // Whether a kept id's unit changes its place in the index order (its body, year, kind, date or URL).
        let moves: Vec<bool> = ids
            .iter()
            .zip(&fresh)
            .map(|(&id, u)| unit_order(&self.units[id as usize], u) != Ordering::Equal)
            .collect();
        let reorders = ids.len() != fresh.len() || moves.contains(&true);
        if reorders && self.ranked.is_none() {
            let n = self.units.len() as u32;
            self.ranked = Some(Ranked {
                order: (0..n).collect(),
                rank: (0..n).collect(),
            });
        }
        // Out of the order go the ids whose unit moves or goes, found by their old units.
        if let Some(r) = self.ranked.as_mut() {
            for (k, &id) in ids.iter().enumerate() {
                if moves.get(k).is_some_and(|m| !m) {
                    continue;
                }
                match r.order.binary_search_by(|&x| in_order(&self.units, x, id)) {
                    Ok(at) => {
                        r.order.remove(at);
                    }
                    // The order does not hold what the ids say: make the index afresh.
                    Err(_) => return IndexUpdate::Rebuild,
                }
            }
        }
        // (id, the unit it had, whether it has one now)
        let mut entries: Vec<(u32, Option<Unit>, bool)> =
            Vec::with_capacity(ids.len().max(fresh.len()));
        let mut fresh = fresh.into_iter();
        for &id in &ids {
            let new = fresh.next();
            let live = new.is_some();
            let old = std::mem::replace(&mut self.units[id as usize], new.unwrap_or_else(hole));
            entries.push((id, Some(old), live));
        }
        for u in fresh {
            entries.push((self.units.len() as u32, None, true));
            self.units.push(u);
        }
        if let Some(r) = self.ranked.as_mut() {
            r.rank.resize(self.units.len(), u32::MAX);
            for (k, (id, old, live)) in entries.iter().enumerate() {
                if !live {
                    r.rank[*id as usize] = u32::MAX;
                } else if old.is_none() || moves.get(k) == Some(&true) {
                    let at = r
                        .order
                        .binary_search_by(|&x| in_order(&self.units, x, *id))
                        .unwrap_or_else(|at| at);
                    r.order.insert(at, *id);
                }
            }
            if reorders {
                for (i, &id) in r.order.iter().enumerate() {
                    r.rank[id as usize] = i as u32;
                }
            }
        }
        // A renamed item keeps its units' ids under its new source.
        for src in sources {
            self.by_source.remove(src);
        }
        for (id, _, live) in &entries {
            if *live {
                self.by_source
                    .entry(self.units[*id as usize].source.clone())
                    .or_default()
                    .push(*id);
            }
        }
        let analyzer = Analyzer::default();
        // Overflow files a shard has before a term comes or goes in it (which shifts slots and lengths; a changed
        // weight changes neither), to remove those the update no longer writes.
        // Also the shard's terms then, whose slots name the overflow files.
        let mut before: HashMap<u32, (Vec<String>, Vec<Arc<str>>)> = HashMap::new();
        let mut snapshot = |index: &SearchIndex, t: &str| {
            let s = shard_of(t, old_shards);
            before.entry(s).or_insert_with(|| {
                let slots = index.by_shard[s as usize].iter().cloned().collect();
                (index.overflow_paths(s), slots)
            });
        };
        // Per term, the document ids whose posting came, went, changed its stored impact or moved in the order:
        // its encoding stands for the others (`files::encode_again`).
        let mut changed: HashMap<Arc<str>, Vec<u32>, FxBuild> = HashMap::default();
        let mut changed_at =
            |t: &Arc<str>, doc: u32| changed.entry(t.clone()).or_default().push(doc);
        // Pass 1: apply every unit's new weights; remember what changed.
        let mut presence: BTreeSet<Arc<str>> = Default::default();
        // Terms whose weight in a unit changed so that its stored impact did.
        let mut reweighted: Vec<Arc<str>> = Vec::new();
        // Terms of units that moved in the order: their ties with other documents may fall otherwise.
        let mut moved: Vec<Arc<str>> = Vec::new();
        for (k, (doc, old, live)) in entries.iter().enumerate() {
            let doc = *doc;
            let before = old
                .as_ref()
                .map(|u| unit_terms(&analyzer, u, self.lang))
                .unwrap_or_default();
            let after = if *live {
                unit_terms(&analyzer, &self.units[doc as usize], self.lang)
            } else {
                Vec::new()
            };
            if moves.get(k) == Some(&true) {
                moved.extend(after.iter().map(|t| t.0.clone()));
                for (t, _) in &after {
                    changed_at(t, doc);
                }
            }
            let (mut i, mut j) = (0, 0);
            while i < before.len() || j < after.len() {
                let order = match (before.get(i), after.get(j)) {
                    (Some(a), Some(b)) => a.0.cmp(&b.0),
                    (Some(_), None) => Ordering::Less,
                    _ => Ordering::Greater,
                };
                match order {
                    Ordering::Equal => {
                        let (t, w_old) = &before[i];
                        let w_new = after[j].1;
                        if *w_old != w_new {
                            if let Some(list) = self.postings.get_mut(t) {
                                if let Ok(k) = list.binary_search_by_key(&doc, |x| x.0) {
                                    list[k].1 = w_new;
                                }
                            }
                            if quantize(*w_old) != quantize(w_new) {
                                reweighted.push(t.clone());
                                changed_at(t, doc);
                            }
                        }
                        i += 1;
                        j += 1;
                    }
                    Ordering::Less => {
                        let t = &before[i].0;
                        snapshot(self, t);
                        changed_at(t, doc);
                        self.remove_posting(t, doc, old_shards);
                        presence.insert(t.clone());
                        i += 1;
                    }
                    Ordering::Greater => {
                        let (t, w) = &after[j];
                        snapshot(self, t);
                        changed_at(t, doc);
                        self.add_posting(t, doc, *w, old_shards);
                        presence.insert(t.clone());
                        j += 1;
                    }
                }
            }
        }
        // Pass 2: a term's file changes if a document came or went in it, a stored impact of it changed, or a
        // document of it moved in the order; no other term's (its impacts hold no idf, which the browser computes
        // from the manifest's unit count). A term that came or went in a document changes its document frequency,
        // which its vocabulary block shows.
        let vocab_keys: BTreeSet<String> = presence.iter().filter_map(|t| vocab_key(t)).collect();
        let mut touched = presence;
        touched.extend(moved);
        touched.extend(reweighted);
        // Each touched term encoded again, from its old encoding where the cache has it; `dirty` holds its first
        // further block that may have changed.
        let mut dirty: HashMap<Arc<str>, usize, FxBuild> = HashMap::default();
        if let Some(mut cache) = self.encoded.take() {
            // Out of the cache, every touched term; back in, those that still have postings.
            let old: Vec<(Arc<str>, Option<Encoded>)> = touched
                .iter()
                .map(|t| (t.clone(), cache.remove(t)))
                .filter(|(t, _)| self.postings.contains_key(t))
                .collect();
            let ranks = self.ranks();
            let encoded: Vec<(Arc<str>, Encoded, usize)> = old
                .into_par_iter()
                .map(|(t, old)| {
                    let postings = &self.postings[&t];
                    let mut at = changed.get(&t).cloned().unwrap_or_default();
                    at.sort_unstable();
                    at.dedup();
                    let (e, kept) = match old {
                        Some(old) => encode_again(postings, ranks, old, &at),
                        None => (encode(postings, ranks), 0),
                    };
                    (t, e, kept)
                })
                .collect();
            for (t, e, kept) in encoded {
                dirty.insert(t.clone(), kept);
                cache.insert(t, e);
            }
            self.encoded = Some(cache);
        }
        if shard_count(self.inline) != old_shards {
            // Terms move between shards: every shard file changes.
            self.layout();
            return IndexUpdate::Relayout;
        }
        let mut change = IndexChange::default();
        let shards: BTreeSet<u32> = touched.iter().map(|t| shard_of(t, old_shards)).collect();
        let per_shard: Vec<IndexChange> = shards
            .into_par_iter()
            .map(|s| {
                let was = before.get(&s);
                let files = self.shard_changed_files(s, &dirty, was.map(|b| b.1.as_slice()));
                // Overflow files of a term that went, or of slots and blocks no longer there.
                let removed = was.map_or_else(Vec::new, |(paths, _)| {
                    let now: BTreeSet<String> = self.overflow_paths(s).into_iter().collect();
                    paths
                        .iter()
                        .filter(|p| !now.contains(*p))
                        .cloned()
                        .collect()
                });
                IndexChange { files, removed }
            })
            .collect();
        for shard in per_shard {
            change.files.extend(shard.files);
            change.removed.extend(shard.removed);
        }
        for key in vocab_keys {
            if self.by_key.contains_key(&key) {
                change.files.push(self.vocab_file(&key));
            } else {
                change.removed.push(format!("soeg/index/v/{key}.json"));
            }
        }
        let chunks: BTreeSet<usize> = entries
            .iter()
            .map(|e| e.0 as usize / super::CHUNK)
            .collect();
        change
            .files
            .extend(chunks.into_iter().map(|c| self.chunk_file(c)));
        let facets_changed = entries.iter().any(|(id, old, _)| {
            let new = &self.units[*id as usize];
            old.as_ref()
                .is_some_and(|old| facet(new) != facet(old) || new.body != old.body)
        });
        if reorders || facets_changed || self.live() != old_live {
            change.files.push(self.manifest_file());
        }
        IndexUpdate::Changed(change)
    }

    fn remove_posting(&mut self, term: &Arc<str>, doc: u32, shards: u32) {
        let Some(list) = self.postings.get_mut(term) else {
            return;
        };
        self.inline -= inline_estimate(term, list.len());
        if let Ok(k) = list.binary_search_by_key(&doc, |x| x.0) {
            list.remove(k);
        }
        if list.is_empty() {
            self.postings.remove(term);
            self.by_shard[shard_of(term, shards) as usize].remove(term);
            if let Some(key) = vocab_key(term) {
                if let Some(set) = self.by_key.get_mut(&key) {
                    set.remove(term);
                    if set.is_empty() {
                        self.by_key.remove(&key);
                    }
                }
            }
        } else {
            self.inline += inline_estimate(term, list.len());
        }
    }

    fn add_posting(&mut self, term: &Arc<str>, doc: u32, weight: f32, shards: u32) {
        let list = self.postings.entry(term.clone()).or_default();
        if list.is_empty() {
            self.by_shard[shard_of(term, shards) as usize].insert(term.clone());
            if let Some(key) = vocab_key(term) {
                self.by_key.entry(key).or_default().insert(term.clone());
            }
        } else {
            self.inline -= inline_estimate(term, list.len());
        }
        let k = list.partition_point(|x| x.0 < doc);
        list.insert(k, (doc, weight));
        self.inline += inline_estimate(term, list.len());
    }
}
