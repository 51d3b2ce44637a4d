//! One slip, one diagnostic: findings that follow from another finding are dropped or re-judged; what remains of
//! a sum is a rounding drift when a rounding rule or the declared display precision explains it.

use super::finding::{within_display, Finding, What};
use super::rounding::rounding_rule_total;
use crate::model::table::Table;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// One slip, one diagnostic. A cell that its rule computes otherwise (a mistyped share) also makes every sum
/// over it miss its total; such a sum is judged as if the cell held what its rule computes: it is dropped when
/// it then holds, and otherwise reported with that sum (so an acknowledgement of the source's own difference
/// still matches). A sum whose total is the cell its rule disputes is dropped the same way. What remains of a
/// sum is a rounding drift when the rounding of the rows explains it. The other way round, a slip in a column that
/// a rule reads from every row (an allocation's key, a per-capita base) is reported by the sum over that column,
/// not again at every result it changed.
pub(super) fn consequences(t: &Table, findings: &mut Vec<Finding>) {
    let disputed: HashMap<(usize, usize), Decimal> = findings
        .iter()
        .filter(|f| matches!(f.what, What::Cell { display: None, .. }))
        .filter_map(|f| Some(((f.row?, f.col?), f.computed)))
        .collect();
    findings.retain_mut(|f| {
        let What::Sum {
            rows,
            col,
            drift,
            display,
        } = &mut f.what
        else {
            return true;
        };
        let c = *col;
        if !disputed.is_empty() {
            let mut sum = Some(Decimal::ZERO);
            for &r in rows.iter() {
                let v = disputed
                    .get(&(r, c))
                    .copied()
                    .or_else(|| t.rows[r].cells[c].number());
                sum = sum.zip(v).and_then(|(s, v)| s.checked_add(v));
            }
            let total = f
                .row
                .and_then(|r| disputed.get(&(r, c)).copied())
                .unwrap_or(f.printed);
            match sum {
                Some(s) if s == total => return false,
                Some(s) => f.computed = s,
                None => {}
            }
        }
        // Rounding drift: the rows are shares rounded one by one and the total is exactly what the rounding
        // rule implies before rounding; any other difference is an error.
        *drift = rounding_rule_total(t, c, rows)
            .filter(|(v, _)| *v == f.printed)
            .map(|(_, id)| id);
        // Display rounding: each printed term and the printed total are rounded for display, half a step each.
        *display = drift
            .is_none()
            .then(|| within_display(t, c, rows.len() + 1, f.printed, f.computed))
            .flatten();
        true
    });
    let unsummed: Vec<usize> = findings
        .iter()
        .filter_map(|f| match &f.what {
            What::Sum {
                col,
                drift: None,
                display: None,
                ..
            } => Some(*col),
            _ => None,
        })
        .collect();
    if !unsummed.is_empty() {
        findings.retain(|f| match &f.what {
            What::Cell { inputs, .. } => !inputs.iter().any(|c| unsummed.contains(c)),
            _ => true,
        });
    }
}
