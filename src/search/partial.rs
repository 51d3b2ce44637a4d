//! A slice's share of the search index (`protokol build --partition K/N`, #15): the units of the sources the slice
//! owns, each with its analysed terms, written as JSON; `protokol merge` reads every slice's share back and makes
//! the index a build of the whole site makes, byte for byte. The expensive part (tokenising, folding, stemming) is
//! done in the slices; the merge only orders the units, collects the postings and writes the files.
//!
//! Exactness: a unit's weights depend on the unit alone (`unit_terms`), and are stored as the bits of the `f32`;
//! the order of units is [`unit_order`], and units that tie under it come from one source and so from one slice,
//! whose order (the build's) a stable sort keeps. A unit keeps only its snippet text ([`snippet_text`]), the only
//! part of its text the index files show.

use super::analyzer::FxBuild;
use super::files::snippet_text;
use super::index::{analyse, bodies, SearchIndex, Terms, BLOCK_UNITS};
use super::units::{planned, unit_order, TextOf, Unit};
use crate::i18n::Lang;
use crate::kinds::Kind;
use crate::load::Site;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

/// One unit as a slice stores it.
#[derive(Serialize, Deserialize)]
struct Stored {
    source: String,
    title: String,
    url: String,
    page: String,
    seq: u32,
    numbered_paragraph: bool,
    body: String,
    body_id: String,
    date: Option<chrono::NaiveDate>,
    /// [`Kind::code`].
    kind: String,
    /// The snippet text only.
    text: String,
    /// Each term with the bits of its weight (`f32::to_bits`), as `unit_terms` gives them.
    terms: Vec<(String, u32)>,
}

/// The analysed units of one slice, with what the index files need besides them.
#[derive(Serialize, Deserialize)]
pub struct SliceIndex {
    /// [`Lang::code`] of the site.
    lang: String,
    /// The configured bodies (id, short name).
    bodies: Vec<(String, String)>,
    units: Vec<Stored>,
}

impl SliceIndex {
    /// The units of the sources `wanted` accepts (by URL path, `moeder/<id>/`), analysed.
    pub fn of(site: &Site, wanted: &dyn Fn(&str) -> bool) -> SliceIndex {
        let lang = site.config.language;
        let (units, texts): (Vec<Unit>, Vec<TextOf>) = planned(site, wanted).into_iter().unzip();
        let mut stored = Vec::with_capacity(units.len());
        let mut units = units.into_iter();
        // A block at a time: only a block's full texts exist at once; a unit keeps its snippet text.
        for texts in texts.chunks(BLOCK_UNITS) {
            let mut block: Vec<Unit> = units.by_ref().take(texts.len()).collect();
            let terms = analyse(site, &mut block, texts, lang);
            for (u, terms) in block.into_iter().zip(terms) {
                stored.push(Stored {
                    text: snippet_text(&u.text),
                    source: u.source,
                    title: u.title,
                    url: u.url,
                    page: u.page,
                    seq: u.seq,
                    numbered_paragraph: u.numbered_paragraph,
                    body: u.body,
                    body_id: u.body_id,
                    date: u.date,
                    kind: u.kind.code().to_string(),
                    terms: terms
                        .into_iter()
                        .map(|(t, w)| (t.to_string(), w.to_bits()))
                        .collect(),
                });
            }
        }
        SliceIndex {
            lang: lang.code().to_string(),
            bodies: bodies(site),
            units: stored,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// `Err` says what is wrong with the text (not what a slice writes).
    pub fn from_json(text: &str) -> Result<SliceIndex, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

impl SearchIndex {
    /// The index of the whole site from every slice's share (given in slice order). `Err` names a unit found in
    /// two slices, or a language or kind the slices do not agree on or this protokol does not know.
    pub fn from_slices(slices: Vec<SliceIndex>) -> Result<SearchIndex, String> {
        let first = slices.first().ok_or("no slices")?;
        let lang = Lang::from_code(&first.lang).ok_or(format!("language {:?}", first.lang))?;
        let bodies = first.bodies.clone();
        if let Some(other) = slices
            .iter()
            .find(|s| s.lang != first.lang || s.bodies != bodies)
        {
            return Err(format!(
                "language or bodies differ ({:?}, {:?})",
                other.lang, other.bodies
            ));
        }
        // One string per term for the whole index, as a build makes.
        let mut interned: HashMap<String, Arc<str>, FxBuild> = HashMap::with_hasher(FxBuild);
        let mut all: Vec<(usize, Unit, Terms)> = Vec::new();
        for (slice, s) in slices.into_iter().enumerate() {
            for u in s.units {
                let kind = Kind::all()
                    .find(|k| k.code() == u.kind)
                    .ok_or(format!("kind {:?}", u.kind))?;
                let terms = u
                    .terms
                    .into_iter()
                    .map(|(t, bits)| {
                        let t = match interned.get(&t) {
                            Some(a) => a.clone(),
                            None => {
                                let a: Arc<str> = Arc::from(t.as_str());
                                interned.insert(t, a.clone());
                                a
                            }
                        };
                        (t, f32::from_bits(bits))
                    })
                    .collect();
                let unit = Unit {
                    source: u.source,
                    title: u.title,
                    url: u.url,
                    page: u.page,
                    seq: u.seq,
                    numbered_paragraph: u.numbered_paragraph,
                    body: u.body,
                    body_id: u.body_id,
                    date: u.date,
                    kind,
                    text: u.text,
                };
                all.push((slice, unit, terms));
            }
        }
        drop(interned);
        // Stable: units that tie come from one source, in the order its slice (the build) gave them.
        all.sort_by(|a, b| unit_order(&a.1, &b.1));
        if let Some(w) = all
            .windows(2)
            .find(|w| w[0].0 != w[1].0 && w[0].1.url == w[1].1.url)
        {
            return Err(format!("{} is in two slices", w[0].1.url));
        }
        let (units, terms): (Vec<Unit>, Vec<Terms>) =
            all.into_iter().map(|(_, u, t)| (u, t)).unzip();
        Ok(SearchIndex::assemble(lang, bodies, units, terms))
    }
}
