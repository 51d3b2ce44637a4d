//! Search: a client-side index built at build time, split so that the browser downloads only what a query needs.
//!
//! Text goes through elasticlunr-rs's Danish pipeline (trimmer, stop words, Snowball stemmer), then Danish letters
//! are folded (æ→ae, ø→oe, å→aa) so that "moede" finds "møde" and "aarhus" finds "Århus". Numbers ("1,40",
//! "1.392.657") are kept as tokens. The browser runs the same pipeline (`static/soeg.js`).
//!
//! Layout under `soeg/index/` (see ARCHITECTURE.md, "Search index"):
//! - `manifest.json`: counts, shard count, facet ranges (body × year × kind → document-id ranges), labels;
//! - `t/<shard>.json`: terms hashed (FNV-1a) into shards; per term its document frequency and its postings, best
//!   first, the first block inline and the rest in `t/<shard>-<term#>-<block>.json`;
//! - `d/<chunk>.json`: result metadata (title, URL, body, date, kind, text for the snippet), 32 documents a chunk.
//!
//! A search unit is an agenda item, a meeting's header, a section of a document, a table, or a page.

use crate::i18n::{self, Lang};
use crate::model::Meeting;
use crate::site::{url_path, ItemKind, Site};
use elasticlunr::pipeline::Pipeline;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Documents per metadata chunk: small enough that ten results cost little, large enough to keep files few.
pub const CHUNK: usize = 32;
/// Postings kept in a term's first block; the rest are loaded only when asked for.
pub const FIRST_BLOCK: usize = 600;
const BLOCK: usize = 16_000;
/// Characters of text kept per document for snippets.
const SNIPPET_CHARS: usize = 320;
const TITLE_BOOST: f64 = 3.0;
/// Unit length (in terms) that BM25's length normalisation is measured against.
const REFERENCE_LENGTH: f64 = 200.0;
/// Impacts are stored as round(score × IMPACT_SCALE), clamped to 1..=255.
const IMPACT_SCALE: f64 = 10.0;

pub struct Unit {
    /// URL path (below base_url) of the meeting, document, table or page the unit comes from.
    pub source: String,
    pub title: String,
    pub url: String,
    pub body: String,
    pub body_id: String,
    pub date: Option<chrono::NaiveDate>,
    /// "agenda", "minutes", a document kind, "table" or "page".
    pub kind: String,
    pub text: String,
}

/// The token pipeline shared with the browser. Words repeat a lot, so each word's result is remembered and
/// shared (`Arc<str>`), which keeps a build of a large portal from allocating a string per word.
pub struct Analyzer {
    pipeline: Pipeline,
    memo: std::cell::RefCell<HashMap<String, Option<Arc<str>>, FxBuild>>,
}

impl Default for Analyzer {
    fn default() -> Self {
        let danish =
            elasticlunr::lang::from_code("da").expect("elasticlunr-rs built with the `da` feature");
        Analyzer {
            pipeline: danish.make_pipeline(),
            memo: Default::default(),
        }
    }
}

pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'æ' => out.push_str("ae"),
            'ø' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            'é' => out.push('e'),
            'ü' => out.push('u'),
            'ö' => out.push_str("oe"),
            'ä' => out.push_str("ae"),
            c => out.push(c),
        }
    }
    out
}

fn is_number(t: &str) -> bool {
    t.starts_with(|c: char| c.is_ascii_digit())
        && t.ends_with(|c: char| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

impl Analyzer {
    /// Text → index terms, in order (with repetitions).
    pub fn terms(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.each_term(text, |t| out.push(t.to_string()));
        out
    }

    /// Calls `f` with every index term of `text`, in order.
    pub fn each_term(&self, text: &str, mut f: impl FnMut(&Arc<str>)) {
        let mut memo = self.memo.borrow_mut();
        for raw in text.split(|c: char| c.is_whitespace() || c == '-' || c == '/' || c == '–') {
            if raw.is_empty() {
                continue;
            }
            let owned;
            let lower: &str = if raw.chars().any(char::is_uppercase) {
                owned = raw.to_lowercase();
                &owned
            } else {
                raw
            };
            if let Some(t) = memo.get(lower) {
                if let Some(t) = t {
                    f(t);
                }
                continue;
            }
            let trimmed = lower.trim_matches(|c: char| !c.is_alphanumeric());
            if trimmed.is_empty() {
                continue;
            }
            if is_number(trimmed) {
                // Numbers are not memoised: they rarely repeat and yield one or two terms.
                f(&Arc::from(trimmed));
                if trimmed.contains('.') {
                    f(&Arc::from(trimmed.replace('.', "")));
                }
                continue;
            }
            let term: Option<Arc<str>> = self
                .pipeline
                .run(vec![lower.to_string()])
                .pop()
                .map(|t| Arc::from(fold(&t)));
            if let Some(t) = &term {
                f(t);
            }
            memo.insert(lower.to_string(), term);
        }
    }
}

/// A small, fast hasher for the build's term tables (keys are short strings we produce ourselves, so
/// HashDoS resistance is not needed).
#[derive(Default, Clone, Copy)]
pub struct FxBuild;

pub struct Fx(u64);

impl std::hash::BuildHasher for FxBuild {
    type Hasher = Fx;
    fn build_hasher(&self) -> Fx {
        Fx(0)
    }
}

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut buf = [0u8; 8];
            buf[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(buf))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// FNV-1a over the term's UTF-8 bytes; the browser computes the same.
pub fn shard_of(term: &str, shards: u32) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in term.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h % shards
}

/// Varint (5 bits of payload per character) in a URL-safe alphabet: postings stay small and are plain JSON strings.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn push_varint(out: &mut String, mut v: u32) {
    loop {
        let part = v & 31;
        v >>= 5;
        if v == 0 {
            out.push(ALPHABET[part as usize] as char);
            return;
        }
        out.push(ALPHABET[(part | 32) as usize] as char);
    }
}

/// Decodes a postings string (the inverse of `encode_postings`), as the browser does.
pub fn decode_postings(s: &str) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut doc = 0u32;
    let varint = |i: &mut usize| -> Option<u32> {
        let (mut v, mut shift) = (0u32, 0u32);
        loop {
            let byte = *bytes.get(*i)?;
            let c = ALPHABET.iter().position(|&a| a == byte)? as u32;
            *i += 1;
            v = v.checked_add((c & 31).checked_shl(shift)?)?;
            shift += 5;
            if c & 32 == 0 {
                return Some(v);
            }
        }
    };
    while i < bytes.len() {
        let (Some(d), Some(imp)) = (varint(&mut i), varint(&mut i)) else {
            break;
        };
        doc += d;
        out.push((doc, imp));
    }
    out
}

/// Postings as (document id, impact 1..=255): document ids ascending, delta-coded, each followed by its impact.
fn encode_postings(p: &[(u32, u8)]) -> String {
    let mut sorted = p.to_vec();
    sorted.sort_unstable();
    let mut out = String::with_capacity(sorted.len() * 3);
    let mut prev = 0u32;
    for (doc, impact) in sorted {
        push_varint(&mut out, doc - prev);
        push_varint(&mut out, impact as u32);
        prev = doc;
    }
    out
}

fn kind_order(kind: &str) -> u8 {
    match kind {
        "minutes" | "agenda" => 0,
        "table" => 2,
        "page" => 3,
        _ => 1,
    }
}

fn meeting_units(m: &Meeting, site: &Site, lang: Lang, out: &mut Vec<Unit>) {
    let base = &site.config.base_url;
    let body = site
        .config
        .body(m.body_id())
        .map(|b| b.short_name().to_string())
        .unwrap_or_else(|| m.body_id().into());
    let source = url_path(ItemKind::Meeting, &m.id);
    let url = format!("{base}{source}");
    let mut head = m.front.title.clone();
    for s in m.front.participants.iter().chain(m.front.place.iter()) {
        head.push('\n');
        head.push_str(s);
    }
    for a in &m.front.absences {
        head.push_str(&format!(
            "\n{} {} {}",
            a.name,
            a.organisation.clone().unwrap_or_default(),
            a.substitute.clone().unwrap_or_default()
        ));
    }
    out.push(Unit {
        source: source.clone(),
        title: format!(
            "{}: {body} {}",
            i18n::kind_name(m.front.kind.as_str(), lang),
            i18n::date_short(m.date, lang)
        ),
        url: url.clone(),
        body: body.clone(),
        body_id: m.body_id().to_string(),
        date: Some(m.date),
        kind: m.front.kind.as_str().to_string(),
        text: head,
    });
    for it in &m.items {
        // The item's own text first (snippets show its beginning), then presenter, case and attachments.
        let mut text = it.text.clone();
        for extra in [&it.meta.presenter, &it.meta.case, &it.meta.title]
            .into_iter()
            .flatten()
        {
            text.push('\n');
            text.push_str(extra);
        }
        for a in &it.meta.attachments {
            text.push('\n');
            text.push_str(&a.value.title);
        }
        out.push(Unit {
            source: source.clone(),
            title: format!("{}. {}", it.meta.number, it.heading),
            url: format!("{url}#{}", it.anchor),
            body: body.clone(),
            body_id: m.body_id().to_string(),
            date: Some(m.date),
            kind: m.front.kind.as_str().to_string(),
            text,
        });
    }
}

/// Splits a document's plain text at its level-2 sections (statute sections, appendices, chapters).
fn document_units(site: &Site, wanted: &dyn Fn(&str) -> bool, out: &mut Vec<Unit>) {
    let base = &site.config.base_url;
    for d in &site.documents {
        let source = url_path(ItemKind::Document, &d.id);
        if !wanted(&source) {
            continue;
        }
        let url = format!("{base}{source}");
        let org = d.front.organisation.clone().unwrap_or_default();
        let body = site
            .config
            .body(&org)
            .map(|b| b.short_name().to_string())
            .unwrap_or(org.clone());
        let heads: Vec<&crate::model::Section> =
            d.sections.iter().filter(|s| s.level <= 2).collect();
        // Section titles appear in the plain text in order; split the text at each.
        let mut cuts = Vec::new();
        let mut from = 0;
        for s in &heads {
            if let Some(i) = d.text[from..].find(s.title.as_str()) {
                cuts.push((from + i, *s));
                from += i + s.title.len();
            }
        }
        let intro_end = cuts.first().map(|c| c.0).unwrap_or(d.text.len());
        let mk = |title: String, anchor: Option<&str>, text: &str| Unit {
            source: source.clone(),
            title,
            url: match anchor {
                Some(a) => format!("{url}#{a}"),
                None => url.clone(),
            },
            body: body.clone(),
            body_id: org.clone(),
            date: d.date.or(d.adopted),
            kind: d.front.kind.as_str().to_string(),
            text: text.to_string(),
        };
        out.push(mk(d.front.title.clone(), None, &d.text[..intro_end]));
        for (i, (start, s)) in cuts.iter().enumerate() {
            let end = cuts.get(i + 1).map(|c| c.0).unwrap_or(d.text.len());
            let label = if d.front.kind.is_numbered()
                && !s.number.is_empty()
                && !s.number.starts_with("Bilag")
            {
                format!("{} – {}", d.front.title, s.title)
            } else {
                format!("{}: {}", d.front.title, s.title)
            };
            out.push(mk(label, Some(&s.anchor), &d.text[*start..end]));
        }
    }
}

fn table_text(t: &crate::model::Table) -> String {
    let mut s = String::new();
    for part in [&t.file.caption, &t.file.notes_before, &t.file.notes_after]
        .into_iter()
        .flatten()
    {
        s.push_str(part);
        s.push('\n');
    }
    for c in &t.file.columns {
        for part in [&c.header, &Some(c.label.clone())].into_iter().flatten() {
            s.push_str(part);
            s.push(' ');
        }
    }
    s.push('\n');
    for r in &t.rows {
        for (cell, col) in r.cells.iter().zip(&t.file.columns) {
            match cell {
                crate::model::table::Cell::Text(x) => s.push_str(x),
                crate::model::table::Cell::Number(n) => {
                    s.push_str(&crate::number::format_da(*n, col.decimals))
                }
                _ => {}
            }
            s.push(' ');
        }
        s.push('\n');
    }
    for d in &t.file.discrepancies {
        s.push_str(&d.value.note);
        s.push('\n');
    }
    s
}

/// The search units of the sources `wanted` accepts (by URL path, e.g. `moeder/<id>/`), in index order.
pub fn units(site: &Site, wanted: &dyn Fn(&str) -> bool) -> Vec<Unit> {
    let lang = site.config.language;
    let base = &site.config.base_url;
    let mut out = Vec::new();
    for m in &site.meetings {
        if wanted(&url_path(ItemKind::Meeting, &m.id)) {
            meeting_units(m, site, lang, &mut out);
        }
    }
    document_units(site, wanted, &mut out);
    for t in &site.tables {
        let source = url_path(ItemKind::Table, &t.id);
        if !wanted(&source) {
            continue;
        }
        let doc = t
            .file
            .document
            .as_ref()
            .and_then(|d| site.document(&d.value));
        let org = doc
            .and_then(|d| d.front.organisation.clone())
            .unwrap_or_default();
        out.push(Unit {
            title: t.file.title.clone(),
            url: format!("{base}{source}"),
            source,
            body: site
                .config
                .body(&org)
                .map(|b| b.short_name().to_string())
                .unwrap_or(org.clone()),
            body_id: org,
            date: doc.and_then(|d| d.date),
            kind: "table".into(),
            text: table_text(t),
        });
    }
    for p in &site.pages {
        let source = url_path(ItemKind::Page, &p.id);
        if !wanted(&source) {
            continue;
        }
        out.push(Unit {
            title: p.front.title.clone(),
            url: format!("{base}{source}"),
            source,
            body: String::new(),
            body_id: String::new(),
            date: None,
            kind: "page".into(),
            text: p.text.clone(),
        });
    }
    out.sort_by(unit_order);
    out
}

/// Kind names for the filter, by kind code.
fn kind_label(kind: &str, lang: Lang) -> String {
    i18n::kind_name(kind, lang).to_string()
}

/// Orders units so that each (body, year, kind) is one id range: filters need no per-document data.
fn unit_order(a: &Unit, b: &Unit) -> std::cmp::Ordering {
    let key = |u: &Unit| {
        (
            u.date.map(|d| chrono::Datelike::year(&d)),
            kind_order(&u.kind),
        )
    };
    a.body_id
        .cmp(&b.body_id)
        .then_with(|| key(a).cmp(&key(b)))
        .then_with(|| a.kind.cmp(&b.kind))
        .then_with(|| a.date.cmp(&b.date))
        .then_with(|| a.url.cmp(&b.url))
}

/// A unit's terms with their BM25 weight before idf: saturated, boosted term frequency normalised by unit length
/// against a fixed reference length, so that editing one unit changes no other unit's weights.
fn unit_terms(analyzer: &Analyzer, u: &Unit, lang: Lang) -> Vec<(Arc<str>, f32)> {
    let mut weighted: Vec<(Arc<str>, f64)> = Vec::new();
    analyzer.each_term(&u.title, |t| weighted.push((t.clone(), TITLE_BOOST)));
    let date = u
        .date
        .map(|d| i18n::date_short(d, lang))
        .unwrap_or_default();
    let meta = format!("{} {} {}", u.body, kind_label(&u.kind, lang), date);
    analyzer.each_term(&meta, |t| weighted.push((t.clone(), 1.0)));
    analyzer.each_term(&u.text, |t| weighted.push((t.clone(), 1.0)));
    let len = weighted.len() as f64;
    weighted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut tf: Vec<(Arc<str>, f64)> = Vec::new();
    for (t, w) in weighted {
        match tf.last_mut() {
            Some(last) if last.0 == t => last.1 += w,
            _ => tf.push((t, w)),
        }
    }
    tf.into_iter()
        .map(|(t, f)| {
            let norm = f * 2.2 / (f + 1.2 * (0.25 + 0.75 * len / REFERENCE_LENGTH));
            (t, norm as f32)
        })
        .collect()
}

/// Shards hold each term's first block inline (about 3 characters a posting) and the term itself.
fn inline_estimate(term: &str, postings: usize) -> usize {
    postings.min(FIRST_BLOCK) * 3 + term.len() + 16
}

/// Aim at ~12 KB a shard. The count is a power of two so that the browser's hash lands in the same shard.
fn shard_count(inline: usize) -> u32 {
    (inline / 12_000).max(1).next_power_of_two() as u32
}

type Sink<'a> = &'a (dyn Fn(&str, &[u8]) -> Result<(), crate::diagnostics::Diagnostic> + Sync);

/// A term's postings as written: document frequency, the first block (inline in the shard) and further blocks.
struct Encoded {
    df: usize,
    first: String,
    blocks: Vec<String>,
}

fn idf(units: usize, df: usize) -> f32 {
    let (n, df) = (units.max(1) as f64, df as f64);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln() as f32
}

/// Impact as stored: round(weight × idf × IMPACT_SCALE), 1..=255. A fixed scale (BM25 impacts stay below
/// ~2.2 × ln(1 + N) ≈ 25 for a million units) keeps impacts independent of the rest of the corpus.
fn quantize(weight: f32, idf: f32) -> u8 {
    (((weight * idf) as f64 * IMPACT_SCALE).round() as i64).clamp(1, 255) as u8
}

/// The search index in memory: units in id order and every term's postings. `protokol build` writes it once;
/// `protokol serve` keeps it and, after an edit, rewrites only the shards whose postings changed.
pub struct SearchIndex {
    lang: Lang,
    units: Vec<Unit>,
    /// Per term: (document id, BM25 weight before idf), by document id.
    postings: HashMap<Arc<str>, Vec<(u32, f32)>, FxBuild>,
    /// Terms of each shard, sorted: a term's rank is its slot, which names its overflow files.
    by_shard: Vec<std::collections::BTreeSet<Arc<str>>>,
    inline: usize,
    /// Document ids of each source's units.
    by_source: HashMap<String, Vec<u32>>,
    /// Every term's encoded postings, kept by [`SearchIndex::keep_encoded`] for fast updates.
    encoded: Option<HashMap<Arc<str>, Encoded, FxBuild>>,
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
    pub fn build(site: &Site) -> SearchIndex {
        use rayon::prelude::*;
        let lang = site.config.language;
        let units = units(site, &|_| true);
        // The pipeline is not Sync: one per worker. Units are analysed a block at a time and merged into postings
        // right away, so their term lists never all exist at once. Documents arrive in id order, so every
        // postings list is sorted by document id.
        let mut postings: HashMap<Arc<str>, Vec<(u32, f32)>, FxBuild> =
            HashMap::with_hasher(FxBuild);
        for (block_no, block) in units.chunks(4096).enumerate() {
            let per_unit: Vec<Vec<(Arc<str>, f32)>> = block
                .par_iter()
                .map_init(Analyzer::default, |a, u| unit_terms(a, u, lang))
                .collect();
            for (i, terms) in per_unit.into_iter().enumerate() {
                let doc = (block_no * 4096 + i) as u32;
                for (term, w) in terms {
                    postings.entry(term).or_default().push((doc, w));
                }
            }
        }
        let mut index = SearchIndex {
            lang,
            units,
            postings,
            by_shard: Vec::new(),
            inline: 0,
            by_source: HashMap::new(),
            encoded: None,
        };
        index.derive();
        index
    }

    /// Recomputes what follows from the units and postings: ids by source, the inline estimate, the shards.
    fn derive(&mut self) {
        self.by_source.clear();
        for (i, u) in self.units.iter().enumerate() {
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

    /// Units came, went or moved (`positions` are the changed sources' old units, `fresh` their new ones in
    /// unit order): removes the old, merges in the fresh where a full build would place them, renumbers every
    /// posting and analyses only the fresh units. Any file may change.
    fn splice(&mut self, positions: &[usize], fresh: Vec<Unit>) -> IndexUpdate {
        use std::cmp::Ordering;
        let old = std::mem::take(&mut self.units);
        let mut new_id = vec![u32::MAX; old.len()];
        let mut units =
            Vec::with_capacity(old.len() + fresh.len() - positions.len().min(old.len()));
        let mut fresh_ids = Vec::with_capacity(fresh.len());
        let mut dropped = positions.iter().peekable();
        let mut fresh = fresh.into_iter().peekable();
        for (i, u) in old.into_iter().enumerate() {
            if dropped.peek() == Some(&&i) {
                dropped.next();
                continue;
            }
            while let Some(f) = fresh.next_if(|f| unit_order(f, &u) == Ordering::Less) {
                fresh_ids.push(units.len() as u32);
                units.push(f);
            }
            new_id[i] = units.len() as u32;
            units.push(u);
        }
        for f in fresh {
            fresh_ids.push(units.len() as u32);
            units.push(f);
        }
        // Ties would make the order depend on history rather than content (the caller then starts afresh).
        if units
            .windows(2)
            .any(|w| unit_order(&w[0], &w[1]) != Ordering::Less)
        {
            return IndexUpdate::Rebuild;
        }
        // Ids keep their relative order, so every list stays sorted.
        self.postings.retain(|_, list| {
            list.retain_mut(|(doc, _)| {
                *doc = new_id[*doc as usize];
                *doc != u32::MAX
            });
            !list.is_empty()
        });
        let analyzer = Analyzer::default();
        for &id in &fresh_ids {
            for (t, w) in unit_terms(&analyzer, &units[id as usize], self.lang) {
                let list = self.postings.entry(t).or_default();
                let k = list.partition_point(|x| x.0 < id);
                list.insert(k, (id, w));
            }
        }
        self.units = units;
        self.derive();
        if self.encoded.is_some() {
            self.keep_encoded();
        }
        IndexUpdate::Relayout
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
        for t in self.postings.keys() {
            self.by_shard[shard_of(t, shards) as usize].insert(t.clone());
        }
    }

    /// Every file of the index, handed to `sink`. Returns (files, bytes).
    pub fn write_all(&self, sink: Sink) -> Result<(usize, usize), crate::diagnostics::Diagnostic> {
        use rayon::prelude::*;
        let chunks = self.units.len().div_ceil(CHUNK);
        let results: Vec<Result<(usize, usize), crate::diagnostics::Diagnostic>> =
            (0..self.by_shard.len())
                .into_par_iter()
                .map(|s| self.shard_files(s as u32))
                .chain(
                    (0..chunks)
                        .into_par_iter()
                        .map(|c| vec![self.chunk_file(c)]),
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

    /// A term's postings, best first (impact, then document id), cut into the first block and further blocks.
    fn encode_term(&self, term: &str) -> Encoded {
        let list = &self.postings[term];
        let idf = idf(self.units.len(), list.len());
        // Bucket by impact: documents are already in id order, so each bucket stays in id order.
        let mut start = [0usize; 257];
        let q: Vec<(u32, u8)> = list.iter().map(|&(d, w)| (d, quantize(w, idf))).collect();
        for &(_, i) in &q {
            start[255 - i as usize + 1] += 1;
        }
        for i in 1..257 {
            start[i] += start[i - 1];
        }
        let mut ordered = vec![(0u32, 0u8); q.len()];
        for &(d, i) in &q {
            let slot = &mut start[255 - i as usize];
            ordered[*slot] = (d, i);
            *slot += 1;
        }
        let first_len = ordered.len().min(FIRST_BLOCK);
        Encoded {
            df: ordered.len(),
            first: encode_postings(&ordered[..first_len]),
            blocks: ordered[first_len..]
                .chunks(BLOCK)
                .map(encode_postings)
                .collect(),
        }
    }

    /// One shard and its overflow blocks: per term [document frequency, first block, further blocks, slot].
    fn shard_files(&self, shard: u32) -> Vec<(String, String)> {
        let mut files = vec![(String::new(), String::new())];
        let mut terms: BTreeMap<&str, Value> = BTreeMap::new();
        for (slot, term) in self.by_shard[shard as usize].iter().enumerate() {
            let fresh;
            let e = match self.encoded.as_ref().and_then(|c| c.get(term)) {
                Some(e) => e,
                None => {
                    fresh = self.encode_term(term);
                    &fresh
                }
            };
            for (b, block) in e.blocks.iter().enumerate() {
                files.push((
                    format!("soeg/index/t/{shard}-{slot}-{b}.json"),
                    serde_json::to_string(block).unwrap_or_default(),
                ));
            }
            terms.insert(term, json!([e.df, e.first, e.blocks.len(), slot]));
        }
        files[0] = (
            format!("soeg/index/t/{shard}.json"),
            serde_json::to_string(&terms).unwrap_or_default(),
        );
        files
    }

    /// Result metadata of documents [32c, 32c + 32): title, URL, body, date, kind and the start of the text.
    fn chunk_file(&self, c: usize) -> (String, String) {
        let end = ((c + 1) * CHUNK).min(self.units.len());
        let docs: Vec<Value> = self.units[c * CHUNK..end]
            .iter()
            .map(|u| {
                let snippet: String = u
                    .text
                    .split_whitespace()
                    .take(SNIPPET_CHARS / 2)
                    .collect::<Vec<_>>()
                    .join(" ")
                    .chars()
                    .take(SNIPPET_CHARS)
                    .collect();
                json!([
                    u.title,
                    u.url,
                    u.body,
                    u.date.map(|d| d.format("%Y-%m-%d").to_string()),
                    u.kind,
                    snippet
                ])
            })
            .collect();
        (
            format!("soeg/index/d/{c}.json"),
            serde_json::to_string(&docs).unwrap_or_default(),
        )
    }

    /// Names of a shard's overflow files, from the postings alone.
    fn overflow_paths(&self, shard: u32) -> Vec<String> {
        let mut out = Vec::new();
        for (slot, term) in self.by_shard[shard as usize].iter().enumerate() {
            let rest = self.postings[term].len().saturating_sub(FIRST_BLOCK);
            out.extend(
                (0..rest.div_ceil(BLOCK)).map(|b| format!("soeg/index/t/{shard}-{slot}-{b}.json")),
            );
        }
        out
    }

    /// Counts, shard count and facets: consecutive runs of (body, year, kind) as [start, end) ranges.
    fn manifest_file(&self) -> (String, String) {
        let units = &self.units;
        let mut ranges: Vec<Value> = Vec::new();
        let mut start = 0usize;
        for i in 1..=units.len() {
            if i == units.len() || facet(&units[i]) != facet(&units[start]) {
                let (body, year, kind) = facet(&units[start]);
                ranges.push(json!([start, i, body, year, kind]));
                start = i;
            }
        }
        let mut bodies: BTreeMap<&str, &str> = BTreeMap::new();
        let mut kinds: BTreeMap<&str, String> = BTreeMap::new();
        for u in units {
            if !u.body_id.is_empty() {
                bodies.insert(&u.body_id, &u.body);
            }
            kinds.insert(&u.kind, kind_label(&u.kind, self.lang));
        }
        let manifest = json!({
            "version": 1,
            "docs": units.len(),
            "shards": self.by_shard.len(),
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

    /// Re-indexes the units of the given sources (URL paths such as `moeder/<id>/`) from `site`, and returns the
    /// files that changed: the shards holding a term whose stored impact changed, the metadata chunks of the
    /// changed units, and the manifest if facets changed. When units were added, removed or reordered, or the
    /// shard count changed, the index is updated in memory and every file must be written.
    pub fn update(
        &mut self,
        site: &Site,
        sources: &std::collections::HashSet<String>,
    ) -> IndexUpdate {
        let fresh = units(site, &|src| sources.contains(src));
        let mut positions: Vec<usize> = sources
            .iter()
            .flat_map(|src| self.by_source.get(src).into_iter().flatten())
            .map(|&p| p as usize)
            .collect();
        positions.sort_unstable();
        if positions.len() != fresh.len() {
            return self.splice(&positions, fresh);
        }
        let mut old_units = Vec::with_capacity(positions.len());
        for (&p, u) in positions.iter().zip(fresh) {
            old_units.push(std::mem::replace(&mut self.units[p], u));
        }
        let in_order = positions.iter().all(|&p| {
            (p == 0 || unit_order(&self.units[p - 1], &self.units[p]).is_le())
                && (p + 1 >= self.units.len()
                    || unit_order(&self.units[p], &self.units[p + 1]).is_le())
        });
        if !in_order {
            let fresh: Vec<Unit> = positions
                .iter()
                .zip(old_units)
                .map(|(&p, u)| std::mem::replace(&mut self.units[p], u))
                .collect();
            return self.splice(&positions, fresh);
        }
        // A renamed item keeps its units' places under its new source.
        for src in sources {
            self.by_source.remove(src);
        }
        for &p in &positions {
            self.by_source
                .entry(self.units[p].source.clone())
                .or_default()
                .push(p as u32);
        }
        let analyzer = Analyzer::default();
        let old_shards = self.shards();
        // Overflow files a shard has before a term comes or goes in it (which shifts slots and lengths; a changed
        // weight changes neither), to remove those the update no longer writes.
        let mut overflow_before: HashMap<u32, Vec<String>> = HashMap::new();
        let mut snapshot = |index: &SearchIndex, t: &str| {
            let s = shard_of(t, old_shards);
            overflow_before
                .entry(s)
                .or_insert_with(|| index.overflow_paths(s));
        };
        // Pass 1: apply every unit's new weights; remember what changed.
        let mut presence: std::collections::BTreeSet<Arc<str>> = Default::default();
        let mut reweighted: Vec<(Arc<str>, f32, f32)> = Vec::new();
        for (&p, old) in positions.iter().zip(&old_units) {
            let doc = p as u32;
            let before = unit_terms(&analyzer, old, self.lang);
            let after = unit_terms(&analyzer, &self.units[p], self.lang);
            let (mut i, mut j) = (0, 0);
            while i < before.len() || j < after.len() {
                let order = match (before.get(i), after.get(j)) {
                    (Some(a), Some(b)) => a.0.cmp(&b.0),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    _ => std::cmp::Ordering::Greater,
                };
                match order {
                    std::cmp::Ordering::Equal => {
                        let (t, w_old) = &before[i];
                        let w_new = after[j].1;
                        if *w_old != w_new {
                            if let Some(list) = self.postings.get_mut(t) {
                                if let Ok(k) = list.binary_search_by_key(&doc, |x| x.0) {
                                    list[k].1 = w_new;
                                }
                            }
                            reweighted.push((t.clone(), *w_old, w_new));
                        }
                        i += 1;
                        j += 1;
                    }
                    std::cmp::Ordering::Less => {
                        let t = &before[i].0;
                        snapshot(self, t);
                        self.remove_posting(t, doc, old_shards);
                        presence.insert(t.clone());
                        i += 1;
                    }
                    std::cmp::Ordering::Greater => {
                        let (t, w) = &after[j];
                        snapshot(self, t);
                        self.add_posting(t, doc, *w, old_shards);
                        presence.insert(t.clone());
                        j += 1;
                    }
                }
            }
        }
        // Pass 2: a term's file changes if a document came or went (its idf changes) or a stored impact changed.
        let mut touched = presence;
        for (t, w_old, w_new) in reweighted {
            if let Some(list) = self.postings.get(&t) {
                let idf = idf(self.units.len(), list.len());
                if quantize(w_old, idf) != quantize(w_new, idf) {
                    touched.insert(t);
                }
            }
        }
        if let Some(cache) = self.encoded.as_mut() {
            for t in &touched {
                cache.remove(t);
            }
        }
        let fresh: Vec<(Arc<str>, Encoded)> = touched
            .iter()
            .filter(|t| self.postings.contains_key(*t))
            .map(|t| (t.clone(), self.encode_term(t)))
            .collect();
        if let Some(cache) = self.encoded.as_mut() {
            cache.extend(fresh);
        }
        if shard_count(self.inline) != old_shards {
            // Terms move between shards: every shard file changes.
            self.layout();
            return IndexUpdate::Relayout;
        }
        let mut change = IndexChange::default();
        let shards: std::collections::BTreeSet<u32> =
            touched.iter().map(|t| shard_of(t, old_shards)).collect();
        for s in shards {
            let files = self.shard_files(s);
            let before = overflow_before.remove(&s).unwrap_or_default();
            change.removed.extend(
                before
                    .into_iter()
                    .filter(|p| !files.iter().any(|f| &f.0 == p)),
            );
            change.files.extend(files);
        }
        let chunks: std::collections::BTreeSet<usize> =
            positions.iter().map(|p| p / CHUNK).collect();
        change
            .files
            .extend(chunks.into_iter().map(|c| self.chunk_file(c)));
        let facets_changed = positions.iter().zip(&old_units).any(|(&p, old)| {
            let new = &self.units[p];
            facet(new) != facet(old) || new.body != old.body
        });
        if facets_changed {
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
        } else {
            self.inline += inline_estimate(term, list.len());
        }
    }

    fn add_posting(&mut self, term: &Arc<str>, doc: u32, weight: f32, shards: u32) {
        let list = self.postings.entry(term.clone()).or_default();
        if list.is_empty() {
            self.by_shard[shard_of(term, shards) as usize].insert(term.clone());
        } else {
            self.inline -= inline_estimate(term, list.len());
        }
        let k = list.partition_point(|x| x.0 < doc);
        list.insert(k, (doc, weight));
        self.inline += inline_estimate(term, list.len());
    }
}

/// The facet a unit is filtered by: (body, year, kind).
fn facet(u: &Unit) -> (&str, Option<i32>, &str) {
    (
        &u.body_id,
        u.date.map(|d| chrono::Datelike::year(&d)),
        &u.kind,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_pipeline_and_folding() {
        let a = Analyzer::default();
        assert_eq!(a.terms("Møde"), a.terms("moede"));
        assert_eq!(a.terms("Århus"), a.terms("aarhus"));
        assert_eq!(a.terms("flygtninge"), a.terms("Flygtninge"));
        assert!(a.terms("og i på at").is_empty(), "stop words");
        assert_eq!(
            a.terms("kontingent 1,40 kr."),
            vec!["kontingent".to_string(), "1,40".into(), "kr".into()]
        );
        assert!(a.terms("1.392.657").contains(&"1392657".to_string()));
    }

    #[test]
    fn postings_roundtrip() {
        let p = [(5u32, 200u8), (1, 3), (40, 255), (100_000, 1)];
        let decoded = decode_postings(&encode_postings(&p));
        assert_eq!(decoded, vec![(1, 3), (5, 200), (40, 255), (100_000, 1)]);
        assert_eq!(shard_of("kontingent", 1), 0);
    }
}
