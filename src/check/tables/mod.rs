//! Table rules, evaluated with exact decimals: sums and subtotals, percentage splits, proportional allocation,
//! per-capita rates, equal splits, derived columns, percent totals and cross-table equalities.
//!
//! A rule that does not hold gives a finding. Findings that a table acknowledges in `discrepancies:` (same rule,
//! row, column, printed and computed figure) become notes; an acknowledgement that matches no finding is an error,
//! so acknowledgements cannot hide new mistakes. A sum that is off by no more than the rounding of its rows
//! explains (rows produced by a rounding rule) is a warning that names the amount and the rule; anything else is an
//! error. One slip gives one diagnostic ([`consequences`]): a share that its rule computes otherwise is reported
//! at the share, not again at the correct total its column no longer adds up to.

//!
//! Files: [`access`] reads cells and selections, [`evaluate`] dispatches a rule to its kind ([`shares`] for
//! splits, allocations, per-capita rates and equal splits, [`derived`] for expressions), [`rounding`] holds the
//! declared roundings, [`consequences`] drops what follows from another finding, [`verdicts`] judges a table and
//! [`report`] turns the judgement into diagnostics; [`cross`] holds what spans tables (column-level `equals`,
//! shared sources, and which side of a disagreement is blamed).

mod access;
mod consequences;
mod cross;
mod derived;
mod evaluate;
mod finding;
mod report;
mod rounding;
mod shares;
mod verdicts;

use crate::diagnostics::Diagnostics;
use crate::load::Site;
use crate::model::proof::Proofs;
use rayon::prelude::*;

pub use verdicts::verdicts;

/// Checks every rule of every table.
pub fn check(site: &Site) -> Diagnostics {
    // Tables are checked independently; collecting in order keeps the output that of a serial loop.
    Diagnostics {
        items: (site.tables.par_iter())
            .chain(site.withheld_tables.par_iter().map(|w| &w.table))
            .flat_map_iter(|t| report::table(site, t).items)
            .collect(),
    }
}

/// What the checker found for every rule of every table, for the pages that show them.
pub fn proofs(site: &Site) -> Proofs {
    site.tables
        .par_iter()
        .map(|t| (t.id.clone(), verdicts(site, t)))
        .collect()
}

/// What a `sum` rule over one column adds up to (its terms, without its total row): the result a bound figure
/// (`[[tal:TABEL@REGEL]]`) names. `None` for another kind of rule, or one that cannot be evaluated.
pub fn sum_result(
    t: &crate::model::Table,
    rule: &crate::model::table::RuleSpec,
) -> Option<rust_decimal::Decimal> {
    if rule.rule != crate::model::table::RuleKind::Sum {
        return None;
    }
    let key = match (&rule.column, rule.columns.as_deref()) {
        (Some(k), None) => k,
        (None, Some([k])) => k,
        _ => return None,
    };
    let c = t.column_index(key)?;
    let rows = access::sum_terms(t, rule).ok()?;
    access::column_sum(t, &rows, c).ok()
}
