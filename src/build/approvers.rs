//! Which meetings approve each meeting's minutes (an agenda item's `approves:`), kept between serve's runs and
//! updated from the changed meetings, so that a relisted meeting's approvers are looked up rather than found by
//! reading every agenda item of the site (#15).

use crate::load::Site;
use std::collections::{BTreeSet, HashMap};

#[derive(Default)]
pub(super) struct Approvers {
    /// The meetings with an item approving the key.
    by_approved: HashMap<String, BTreeSet<String>>,
    /// What each meeting's items approve, to take back when it changes.
    of_meeting: HashMap<String, BTreeSet<String>>,
}

fn approved_by_meeting(site: &Site, id: &str) -> BTreeSet<String> {
    (site.meeting(id).into_iter().flat_map(|m| &m.items))
        .filter_map(|i| i.meta.approves().map(|a| a.value.clone()))
        .collect()
}

impl Approvers {
    pub fn of(site: &Site) -> Approvers {
        let mut kept = Approvers::default();
        kept.update(site, site.meetings.iter().map(|m| m.id.as_str()));
        kept
    }

    /// Reads again what the meetings `changed` approve (none for a meeting gone).
    pub fn update<'a>(&mut self, site: &Site, changed: impl IntoIterator<Item = &'a str>) {
        for id in changed {
            for approved in self.of_meeting.remove(id).into_iter().flatten() {
                if let Some(by) = self.by_approved.get_mut(&approved) {
                    by.remove(id);
                    if by.is_empty() {
                        self.by_approved.remove(&approved);
                    }
                }
            }
            let now = approved_by_meeting(site, id);
            for approved in &now {
                (self.by_approved.entry(approved.clone()).or_default()).insert(id.to_string());
            }
            if !now.is_empty() {
                self.of_meeting.insert(id.to_string(), now);
            }
        }
    }

    /// The meetings approving `id`'s minutes.
    pub fn of_item(&self, id: &str) -> impl Iterator<Item = &String> {
        self.by_approved.get(id).into_iter().flatten()
    }
}

#[cfg(test)]
impl Approvers {
    /// Both maps in a fixed order, to compare with a state made from scratch.
    pub fn sorted(&self) -> Vec<(bool, String, BTreeSet<String>)> {
        let mut out: Vec<(bool, String, BTreeSet<String>)> = (self.by_approved.iter())
            .map(|(k, v)| (true, k.clone(), v.clone()))
            .chain(
                self.of_meeting
                    .iter()
                    .map(|(k, v)| (false, k.clone(), v.clone())),
            )
            .collect();
        out.sort();
        out
    }
}
