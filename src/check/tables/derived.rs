//! `derived` rules: a column computed from other columns of the same row by an expression ([`super::super::expr`]).

use super::access::{cell, col, needs, select, Checked, Problem};
use super::evaluate::Eval;
use crate::check::expr::Expr;
use crate::i18n::Msg;

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
            Err(m) => return Err(m.into()),
        };
        let how = Msg::HowDerived {
            expression: expr.clone(),
            rounding: e.rounded(),
        };
        e.mismatch(r, c, cell(t, r, c)?, e.round(v), how);
    }
    Ok(())
}
