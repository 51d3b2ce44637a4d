//! Terms as dense ids (#15): the streamed index's terms (a million at 100,000 meetings, nearly all in one or two
//! units) written one after another in one string and found by their hash. A map keyed by `Arc<str>` spent an
//! allocation and a 48-byte table entry a term; this spends the term's bytes, 8 for where it ends and ~9 of table.

use super::analyzer::FxBuild;
use std::collections::HashMap;
use std::hash::BuildHasher;

pub(super) struct TermIds<H = FxBuild> {
    text: String,
    /// Where each term (by id) ends in `text`.
    ends: Vec<usize>,
    /// A term's id by the hash of its text; a term whose hash an earlier term has is in `collided` instead.
    by_hash: HashMap<u32, u32, FxBuild>,
    collided: HashMap<Box<str>, u32, FxBuild>,
    hasher: H,
}

impl Default for TermIds {
    fn default() -> Self {
        TermIds::with_hasher(FxBuild)
    }
}

impl<H: BuildHasher> TermIds<H> {
    fn with_hasher(hasher: H) -> Self {
        TermIds {
            text: String::new(),
            ends: Vec::new(),
            by_hash: HashMap::with_hasher(FxBuild),
            collided: HashMap::with_hasher(FxBuild),
            hasher,
        }
    }

    /// The id of `term`, and whether it is new: ids are given in the order terms are first seen, from 0.
    pub(super) fn id(&mut self, term: &str) -> (u32, bool) {
        // The high half: a multiplicative hash mixes its high bits best.
        let hash = (self.hasher.hash_one(term) >> 32) as u32;
        let next = self.ends.len() as u32;
        match self.by_hash.get(&hash) {
            Some(&id) if self.term(id) == term => return (id, false),
            Some(_) => match self.collided.get(term) {
                Some(&id) => return (id, false),
                None => {
                    self.collided.insert(term.into(), next);
                }
            },
            None => {
                self.by_hash.insert(hash, next);
            }
        }
        self.text.push_str(term);
        self.ends.push(self.text.len());
        (next, true)
    }

    /// The term of `id` ("" for an id not given).
    pub(super) fn term(&self, id: u32) -> &str {
        let id = id as usize;
        let start = match id.checked_sub(1) {
            Some(before) => self.ends.get(before).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(id).copied().unwrap_or(start);
        self.text.get(start..end).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_get_ids_in_first_seen_order_and_keep_them() {
        let mut ids = TermIds::default();
        assert_eq!(ids.id("budget"), (0, true));
        assert_eq!(ids.id("vej"), (1, true));
        assert_eq!(ids.id("budget"), (0, false));
        assert_eq!(ids.id(""), (2, true));
        assert_eq!(ids.id("vej"), (1, false));
        assert_eq!(
            (ids.term(0), ids.term(1), ids.term(2), ids.term(3)),
            ("budget", "vej", "", "")
        );
    }

    /// Every term hashes alike.
    struct Same;
    struct Constant;
    impl BuildHasher for Same {
        type Hasher = Constant;
        fn build_hasher(&self) -> Constant {
            Constant
        }
    }
    impl std::hash::Hasher for Constant {
        fn finish(&self) -> u64 {
            7 << 32
        }
        fn write(&mut self, _: &[u8]) {}
    }

    #[test]
    fn terms_whose_hashes_collide_stay_apart() {
        let mut ids = TermIds::with_hasher(Same);
        let words = ["budget", "vej", "skole", "vej", "budget", "park"];
        let got: Vec<(u32, bool)> = words.iter().map(|w| ids.id(w)).collect();
        assert_eq!(
            got,
            [
                (0, true),
                (1, true),
                (2, true),
                (1, false),
                (0, false),
                (3, true)
            ]
        );
        assert_eq!(ids.term(3), "park");
    }
}
