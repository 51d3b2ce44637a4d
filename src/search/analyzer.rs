//! Text → index terms. One canonical form first (lower case, æ/ø/å and their ASCII spellings ae/oe/aa alike),
//! then stop words and the Snowball Danish stemmer (rust-stemmers) on that form, so that "direktoer" and
//! "direktør" give the same term. `static/soeg.js` runs the same steps; `tests/search_pipeline.rs` checks that the
//! two agree word for word.

use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashMap;
use std::sync::Arc;

/// Danish stop words (Snowball's list, as elasticlunr's Danish pipeline has it), in canonical form.
const STOP_WORDS: &[&str] = &[
    "ad", "af", "alle", "alt", "anden", "at", "blev", "blive", "bliver", "da", "de", "dem", "den",
    "denne", "der", "deres", "det", "dette", "dig", "din", "disse", "dog", "du", "efter", "eller",
    "en", "end", "er", "et", "for", "fra", "ham", "han", "hans", "har", "havde", "have", "hende",
    "hendes", "her", "hos", "hun", "hvad", "hvis", "hvor", "i", "ikke", "ind", "jeg", "jer", "jo",
    "kunne", "man", "mange", "med", "meget", "men", "mig", "min", "mine", "mit", "mod", "ned",
    "noget", "nogle", "nu", "naar", "og", "ogsaa", "om", "op", "os", "over", "paa", "selv", "sig",
    "sin", "sine", "sit", "skal", "skulle", "som", "saadan", "thi", "til", "ud", "under", "var",
    "vi", "vil", "ville", "vor", "vaere", "vaeret",
];

/// Words that only say that an item or paragraph number follows ("punkt 3.6"): in a query they are dropped before a
/// number, so that the number alone is looked up as an exact term (agenda items and statute paragraphs are
/// numbered, not called "punkt"). "stk.", "bilag" and "kapitel" stay words: the text writes them with the number.
const NUMBER_QUALIFIERS: &[&str] = &["punkt", "pkt"];

/// The token pipeline shared with the browser. Words repeat a lot, so each word's result is remembered and
/// shared (`Arc<str>`), which keeps a build of a large portal from allocating a string per word.
pub struct Analyzer {
    stemmer: Stemmer,
    memo: std::cell::RefCell<HashMap<String, Option<Arc<str>>, FxBuild>>,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer {
            stemmer: Stemmer::create(Algorithm::Danish),
            memo: Default::default(),
        }
    }
}

/// The canonical spelling: Danish and German letters as their ASCII spellings (æ→ae, ø→oe, å→aa, ä→ae, ö→oe),
/// é→e, ü→u. Applied before stemming, so both spellings of a word stem alike.
pub fn canonical(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        match c {
            'æ' | 'ä' => out.push_str("ae"),
            'ø' | 'ö' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            'é' => out.push('e'),
            'ü' => out.push('u'),
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

/// "1.392.657" is also written 1392657: a number whose dots group thousands gets its dotless form as well.
/// "3.6" (a section number) and "1.40" do not.
fn thousands_without_dots(t: &str) -> Option<String> {
    let int = t.split(',').next().unwrap_or(t);
    let mut groups = int.split('.');
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let grouped = !rest.is_empty() && first.len() <= 3 && rest.iter().all(|g| g.len() == 3);
    grouped.then(|| t.replace('.', ""))
}

fn split_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || c == '-' || c == '/' || c == '–')
        .filter(|w| !w.is_empty())
}

fn trim_to(s: &str, keep: fn(char) -> bool) -> &str {
    s.trim_matches(|c: char| !keep(c))
}

impl Analyzer {
    /// Text → index terms, in order (with repetitions).
    pub fn terms(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.each_term(text, |t| out.push(t.to_string()));
        out
    }

    /// A query's terms: as [`Analyzer::terms`], but a word such as "punkt" or "stk." before a number is dropped.
    pub fn query_terms(&self, text: &str) -> Vec<String> {
        let words: Vec<&str> = split_words(text).collect();
        let mut out = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let bare = trim_to(w, char::is_alphanumeric).to_lowercase();
            let before_number = words
                .get(i + 1)
                .is_some_and(|n| is_number(trim_to(n, char::is_alphanumeric)));
            if before_number && NUMBER_QUALIFIERS.contains(&bare.as_str()) {
                continue;
            }
            out.extend(self.terms(w));
        }
        out
    }

    /// One word (no separators) → its term, if it has one: canonical form, stop words, stem.
    pub fn word_term(&self, word: &str) -> Option<String> {
        let t = canonical(trim_to(&word.to_lowercase(), char::is_alphabetic));
        if t.is_empty() || STOP_WORDS.contains(&t.as_str()) {
            return None;
        }
        Some(self.stemmer.stem(&t).into_owned())
    }

    /// Calls `f` with every index term of `text`, in order.
    pub fn each_term(&self, text: &str, mut f: impl FnMut(&Arc<str>)) {
        let mut memo = self.memo.borrow_mut();
        for raw in split_words(text) {
            if let Some(t) = memo.get(raw) {
                if let Some(t) = t {
                    f(t);
                }
                continue;
            }
            let lower = raw.to_lowercase();
            let trimmed = trim_to(&lower, char::is_alphanumeric);
            if trimmed.is_empty() {
                continue;
            }
            if is_number(trimmed) {
                // Numbers are not memoised: they rarely repeat and yield one or two terms.
                f(&Arc::from(trimmed));
                if let Some(plain) = thousands_without_dots(trimmed) {
                    f(&Arc::from(plain));
                }
                continue;
            }
            let term: Option<Arc<str>> = self.word_term(&lower).map(Arc::from);
            if let Some(t) = &term {
                f(t);
            }
            memo.insert(raw.to_string(), term);
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
