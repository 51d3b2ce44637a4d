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

use crate::diagnostics::Diagnostics;
use crate::load::Site;
use rayon::prelude::*;

pub fn check(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::default();
    diags.extend(tables::check(site));
    diags.extend(references::check(site));
    diags.extend(closed::check(site));
    diags.extend(statutes::without_units(&site.documents));
    // Meetings are checked independently; collecting in order keeps the output identical to a serial loop
    // (`Diagnostics::sort` is stable, so the order of equal keys matters).
    diags
        .items
        .par_extend(site.meetings.par_iter().flat_map_iter(|m| {
            meetings::check(site, m)
                .items
                .into_iter()
                .chain(votes::check(m))
        }));
    diags.extend(documents::check(site));
    diags.extend(placements::check(site));
    diags.extend(weekdays::check(site));
    diags.extend(figures::check(site));
    diags.extend(acknowledgements::check(site));
    diags.extend(approvals::check(site));
    diags.sort();
    diags
}
