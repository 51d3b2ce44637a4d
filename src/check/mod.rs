//! Check: every validation that protokol knows, over the typed site. `protokol check` runs exactly this, and
//! `protokol build` refuses to publish when it reports an error.
//!
//! One file per subject: [`tables`] (the figures), [`references`] (links and reference phrases),
//! [`meetings`] and [`item_numbers`] (a meeting against its overview and its numbering), [`documents`] and
//! [`placements`] (ids named in front matter), [`weekdays`] (dates in running text), [`statutes`], [`closed`]
//! (what closed agenda items withhold), [`figures`] (figures bound to tables in running text, and numbers that
//! restate a table unbound), [`votes`] (votes and positions in minutes), [`acknowledgements`] (every recorded discrepancy matches what it records),
//! [`approvals`] (`approves:` names earlier minutes of the same body).

mod acknowledgements;
mod approvals;
mod closed;
mod documents;
mod expr;
pub mod figures;
mod item_numbers;
mod meetings;
mod placements;
mod references;
mod statutes;
pub mod tables;
mod votes;
mod weekdays;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Site;
use crate::model::ItemKind;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Every rule over the whole site, sorted.
pub fn check(site: &Site) -> Diagnostics {
    // Meetings are checked independently; collecting in order keeps the output identical to a serial loop
    // (`Diagnostics::sort` is stable, so the order of equal keys matters).
    let per_meeting = (site.meetings.par_iter())
        .flat_map_iter(|m| {
            let mut d = one_meeting(site, m);
            d.extend(across_in_meeting(site, m));
            d
        })
        .collect();
    with_the_others(site, per_meeting)
}

/// The rules that judge one meeting alone (with the ids it looks up, [`meetings::looked_up`]).
fn one_meeting(site: &Site, m: &crate::model::Meeting) -> Vec<Diagnostic> {
    let mut d = meetings::check(site, m).items;
    d.extend(votes::check(m));
    d
}

/// The rules that look across the site, as far as they judge one meeting's file: its references, dates in its
/// text, figures, recorded discrepancies and approvals. Besides the meeting they read other files by the ids it
/// names ([`looked_up`]) and what is not a meeting (tables, documents, pages) as a whole.
fn across_in_meeting(site: &Site, m: &crate::model::Meeting) -> Vec<Diagnostic> {
    let mut d = references::of_meeting(site, m);
    d.extend(weekdays::of_meeting(m));
    d.extend(figures::of_meeting(site, m));
    d.extend(acknowledgements::of_meeting(site, m));
    d.extend(approvals::of_meeting(site, m));
    d
}

/// Every id whose file meeting `m`'s diagnostics depend on, for both kinds of rule above.
fn looked_up(site: &Site, m: &crate::model::Meeting) -> Vec<String> {
    let mut ids = meetings::looked_up(m);
    ids.extend(references::looked_up(site, m));
    ids.extend(figures::looked_up(m));
    ids.extend(acknowledgements::looked_up(m));
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The whole check, with the per-meeting diagnostics (in the order of [`Site::meetings`]) in their place.
fn with_the_others(site: &Site, per_meeting: Vec<Diagnostic>) -> Diagnostics {
    let mut diags = Diagnostics::default();
    diags.extend(tables::check(site));
    diags.extend(references::check(site));
    diags.extend(closed::check(site));
    diags.extend(statutes::without_units(&site.documents));
    diags.items.extend(per_meeting);
    diags.extend(documents::check(site));
    diags.extend(placements::check(site));
    diags.extend(weekdays::check(site));
    diags.extend(figures::check(site));
    diags.extend(acknowledgements::check(site));
    diags.sort();
    diags
}

/// A check kept between runs (`protokol serve`): the per-meeting diagnostics of every meeting, and which
/// meetings look up which ids, so that after an edit of meetings only the meetings whose file or looked-up ids'
/// files changed are checked again (#15); after an edit of anything else (a table, document or page, which the
/// rules across the site read as a whole) every meeting goes through those rules again, and only the touched
/// ones through [`one_meeting`]'s. What is not a meeting is checked in full every time. [`Incremental::recheck`]
/// gives exactly the diagnostics of [`check`].
#[derive(Default)]
pub struct Incremental {
    /// [`one_meeting`]'s diagnostics by meeting id, of the meetings that have any.
    found: HashMap<String, Vec<Diagnostic>>,
    /// [`across_in_meeting`]'s diagnostics by meeting id, of the meetings that have any.
    across: HashMap<String, Vec<Diagnostic>>,
    /// The ids each meeting looks up, of the meetings that look up any, and the other way round.
    looks_up: HashMap<String, Vec<String>>,
    looked_up_by: HashMap<String, Vec<String>>,
}

impl Incremental {
    /// Checks the whole site.
    pub fn new(site: &Site) -> (Incremental, Diagnostics) {
        let mut checked = Incremental::default();
        let ids: Vec<&str> = site.meetings.iter().map(|m| m.id.as_str()).collect();
        checked.run(site, ids);
        let diags = with_the_others(site, checked.in_order(site));
        (checked, diags)
    }

    /// Checks the site again after [`Site::update`] rebuilt `files` (paths below the root): the meetings of those
    /// files and those that look up their ids again (every meeting's rules across the site when one of the files
    /// is not a meeting), the rest in full.
    pub fn recheck(&mut self, site: &Site, files: &[String]) -> Diagnostics {
        let touched: HashSet<String> = files.iter().map(|f| crate::load::stem_of(f)).collect();
        let mut again: HashSet<String> = touched.clone();
        for id in &touched {
            again.extend(self.looked_up_by.get(id).into_iter().flatten().cloned());
        }
        for id in &again {
            self.found.remove(id);
            self.across.remove(id);
            for target in self.looks_up.remove(id).into_iter().flatten() {
                if let Some(by) = self.looked_up_by.get_mut(&target) {
                    by.retain(|m| m != id);
                    if by.is_empty() {
                        self.looked_up_by.remove(&target);
                    }
                }
            }
        }
        let present: Vec<&str> = (again.iter())
            .filter(|id| site.meeting(id).is_some())
            .map(String::as_str)
            .collect();
        self.run(site, present);
        let beyond_meetings =
            (files.iter()).any(|f| crate::load::kind_of_file(f) != Some(ItemKind::Meeting));
        if beyond_meetings {
            self.across = (site.meetings.par_iter())
                .filter(|m| !again.contains(&m.id))
                .map(|m| (m.id.clone(), across_in_meeting(site, m)))
                .filter(|(_, d)| !d.is_empty())
                .chain(self.across.drain().collect::<Vec<_>>())
                .collect();
        }
        with_the_others(site, self.in_order(site))
    }

    /// Runs every per-meeting rule on the meetings `ids` (all in the site) and keeps what they found.
    fn run(&mut self, site: &Site, ids: Vec<&str>) {
        type Found = (String, Vec<Diagnostic>, Vec<Diagnostic>, Vec<String>);
        let results: Vec<Found> = (ids.par_iter())
            .filter_map(|id| site.meeting(id))
            .map(|m| {
                let (own, across) = (one_meeting(site, m), across_in_meeting(site, m));
                (m.id.clone(), own, across, looked_up(site, m))
            })
            .collect();
        for (id, own, across, targets) in results {
            for t in &targets {
                self.looked_up_by
                    .entry(t.clone())
                    .or_default()
                    .push(id.clone());
            }
            if !targets.is_empty() {
                self.looks_up.insert(id.clone(), targets);
            }
            if !own.is_empty() {
                self.found.insert(id.clone(), own);
            }
            if !across.is_empty() {
                self.across.insert(id, across);
            }
        }
    }

    /// The kept diagnostics in the order [`check`] finds them: by the meetings' order, each meeting's own rules
    /// first.
    fn in_order(&self, site: &Site) -> Vec<Diagnostic> {
        let kept = (self.found.iter().map(|(id, d)| (id, 0, d)))
            .chain(self.across.iter().map(|(id, d)| (id, 1, d)));
        let mut found: Vec<(usize, u8, &Vec<Diagnostic>)> = kept
            .filter_map(|(id, tier, d)| Some((site.meeting_position(id)?, tier, d)))
            .collect();
        found.sort_unstable_by_key(|(i, tier, _)| (*i, *tier));
        found
            .into_iter()
            .flat_map(|(_, _, d)| d.iter().cloned())
            .collect()
    }
}
