//! Each meeting's newer and older meeting of its body, as its page links them (`render::neighbours`), kept between
//! serve's runs and updated around the meetings that changed rather than looked up again for every meeting (#15).

use crate::load::Site;
use crate::render;
use std::collections::{BTreeSet, HashMap};

/// A meeting's newer and older meeting of the same body, by id.
pub(super) type Pair = (Option<String>, Option<String>);

pub(super) struct Neighbours {
    pairs: HashMap<String, Pair>,
    /// For each meeting, the meetings whose pair names it: those whose pair may change when it comes, goes or moves.
    named_by: HashMap<String, Vec<String>>,
}

fn pair_of(site: &Site, id: &str) -> Option<Pair> {
    let m = site.meeting(id)?;
    let id = |m: Option<&crate::model::Meeting>| m.map(|m| m.id.clone());
    let (newer, older) = render::neighbours(site, m);
    Some((id(newer), id(older)))
}

fn names(pair: &Pair) -> impl Iterator<Item = &String> {
    pair.0.iter().chain(&pair.1)
}

impl Neighbours {
    /// Every meeting's pair in `site`.
    pub fn of(site: &Site) -> Neighbours {
        let mut kept = Neighbours {
            pairs: HashMap::new(),
            named_by: HashMap::new(),
        };
        for m in &site.meetings {
            if let Some(pair) = pair_of(site, &m.id) {
                kept.set(&m.id, Some(pair));
            }
        }
        kept
    }

    pub fn get(&self, id: &str) -> Option<&Pair> {
        self.pairs.get(id)
    }

    /// Brings the pairs to `site` after the meetings `changed` came, went or changed (their date or bodies, which
    /// place them): returns, for each meeting whose pair is not what it was, the pair before (`None`: it had none).
    ///
    /// Only these pairs can change: a changed meeting's own; one that named a changed meeting (it may have gone or
    /// moved away); and, in each body of a changed meeting, the nearest newer and older meeting of that body (the
    /// changed meeting may now lie between it and its neighbour). The meetings that did not change keep their
    /// order among themselves, so no other meeting gains or loses a neighbour.
    pub fn update<'a>(
        &mut self,
        site: &Site,
        changed: impl IntoIterator<Item = &'a str>,
    ) -> HashMap<String, Option<Pair>> {
        let mut candidates: BTreeSet<String> = BTreeSet::new();
        for id in changed {
            candidates.insert(id.to_string());
            candidates.extend(self.named_by.get(id).into_iter().flatten().cloned());
            let Some(pos) = site.meeting_position(id) else {
                continue;
            };
            let m = &site.meetings[pos];
            for body in m.body_ids() {
                let newer = site.meetings[..pos].iter().rev().find(|x| x.held_by(body));
                let older = site.meetings[pos + 1..].iter().find(|x| x.held_by(body));
                candidates.extend(newer.into_iter().chain(older).map(|x| x.id.clone()));
            }
        }
        let mut before = HashMap::new();
        for id in candidates {
            let now = pair_of(site, &id);
            if self.pairs.get(&id) != now.as_ref() {
                before.insert(id.clone(), self.set(&id, now));
            }
        }
        before
    }

    /// Sets (or with `None` removes) `id`'s pair, keeping [`Neighbours::named_by`]; returns the pair it had.
    fn set(&mut self, id: &str, pair: Option<Pair>) -> Option<Pair> {
        let old = match pair {
            Some(pair) => {
                for n in names(&pair) {
                    self.named_by
                        .entry(n.clone())
                        .or_default()
                        .push(id.to_string());
                }
                self.pairs.insert(id.to_string(), pair)
            }
            None => self.pairs.remove(id),
        };
        for n in old.iter().flat_map(names) {
            if let Some(by) = self.named_by.get_mut(n) {
                if let Some(at) = by.iter().position(|x| x == id) {
                    by.remove(at);
                }
                if by.is_empty() {
                    self.named_by.remove(n);
                }
            }
        }
        old
    }
}

#[cfg(test)]
impl Neighbours {
    /// The pairs and who names whom, a line each in a fixed order, to compare with a state made from scratch.
    pub fn sorted(&self) -> Vec<String> {
        let pairs = (self.pairs.iter()).map(|(id, pair)| format!("{id}: {pair:?}"));
        let named = (self.named_by.iter()).map(|(id, by)| {
            let mut by = by.clone();
            by.sort();
            format!("{id} named by {by:?}")
        });
        let mut lines: Vec<String> = pairs.chain(named).collect();
        lines.sort();
        lines
    }
}
