//! `derived` rules: a column computed from other columns of the same row by an expression ([`super::super::expr`]).

use super::access::{cell, col, needs, select, Checked, Problem};
use super::evaluate::Eval;
use crate::check::expr::Expr;
use crate::i18n::Msg;
use rust_decimal::Decimal;

/// `derived`: each selected row's cell is the expression over its other cells, rounded the rule's way.
pub(super) fn derived(e: &mut Eval) -> Checked<()> {
    let (t, rule) = (e.t, e.rule);
    let c = col(t, rule.column.as_ref())?;
    let expr = rule
        .expression
        .as_ref()
        .ok_or_else(|| needs("expression"))?;
    let shown: String = if expr.chars().count() > 60 {
        expr.chars().take(60).chain("…".chars()).collect()
    } else {
        expr.clone()
    };
    let parsed = Expr::parse(expr).map_err(|e| Msg::RuleExpression {
        expression: shown.clone(),
        problem: Box::new(e),
    })?;
    for r in select(t, rule.rows.as_ref())? {
        // The expression reads cells through a closure that can only say why it cannot; a cell
        // already reported is remembered and ends the rule quietly.
        let reported = std::cell::Cell::new(false);
        let v = parsed.eval(&|key| {
            let ci = t.column_index(key).ok_or_else(|| Msg::RuleNoColumn {
                column: key.to_string(),
            })?;
            cell(t, r, ci).map_err(|p| match p {
                Problem::Reported => {
                    reported.set(true);
                    Msg::Nothing
                }
                Problem::Said(m) => m,
            })
        });
        let v = match v {
            Ok(v) => v,
            Err(_) if reported.get() => return Err(Problem::Reported),
            // A problem of this row's figures (a division by zero) names the row and the column computed.
            Err(
                m @ (Msg::RuleHeadingCell { .. }
                | Msg::RuleNotANumber { .. }
                | Msg::RuleNoColumn { .. }),
            ) => return Err(m.into()),
            Err(m) => {
                return Err(Msg::DerivedRowProblem {
                    row: t.row_label(r),
                    column: t.file.columns[c].name().to_string(),
                    problem: Box::new(m),
                }
                .into())
            }
        };
        let how = Msg::HowDerived {
            expression: expr.clone(),
            rounding: e.rounded(),
        };
        let printed = cell(t, r, c)?;
        let computed = e.round(v);
        let display = if printed == computed {
            None
        } else {
            display_explains(e, &parsed, r, c, printed)
        };
        e.differs(r, c, printed, computed, how, display);
    }
    Ok(())
}

/// `Some(precision)` when the figures of row `r` are rounded for display and the printed result lies within what
/// the expression gives over every unrounded figure they may stand for (each ± half its step), rounded the rule's
/// way and then to the result column's own display step: the source computed it from figures it does not print.
fn display_explains(
    e: &Eval,
    parsed: &Expr,
    r: usize,
    c: usize,
    printed: Decimal,
) -> Option<Decimal> {
    let t = e.t;
    let half = |p: Decimal| p.checked_div(Decimal::TWO);
    let step = std::cell::Cell::new(t.precision_of(c));
    let range = parsed.range(&|key| {
        let ci = t.column_index(key)?;
        let v = cell(t, r, ci).ok()?;
        match t.precision_of(ci) {
            Some(p) => {
                step.set(step.get().or(Some(p)));
                let h = half(p)?;
                Some((v.checked_sub(h)?, v.checked_add(h)?))
            }
            None => Some((v, v)),
        }
    })?;
    let step = step.get()?;
    let own = t.precision_of(c).and_then(half).unwrap_or_default();
    let low = e.round(range.0).checked_sub(own)?;
    let high = e.round(range.1).checked_add(own)?;
    (low <= printed && printed <= high).then_some(step)
}
