//! The rules that compute a figure per row from an amount: percentage splits, proportional allocation (rounded
//! or by largest remainder), per-capita rates and equal splits.

use super::access::{cell, checked, col, column_sum, needs, select, value, Checked};
use super::evaluate::Eval;
use super::rounding::largest_remainder;
use crate::i18n::Msg;
use crate::model::table::AllocationMethod;
use rust_decimal::Decimal;

/// `split`: each part is its percentage of the amount.
pub(super) fn split(e: &mut Eval) -> Checked<()> {
    let (t, rule) = (e.t, e.rule);
    let c = col(t, rule.column.as_ref())?;
    let (amount, _) = value(
        t,
        rule.amount.as_ref().ok_or_else(|| needs("amount"))?,
        Some(c),
    )?;
    let parts = rule.parts.as_ref().ok_or_else(|| needs("parts"))?;
    let mut total_pct = Decimal::ZERO;
    for p in parts {
        total_pct = checked(total_pct.checked_add(p.percent.0), || {
            Msg::TooLargePercentages
        })?;
    }
    if total_pct != Decimal::from(100) {
        return Err(Msg::RulePartsNot100 {
            sum: total_pct.normalize(),
        }
        .into());
    }
    for p in parts {
        let r = t
            .row_index(&p.row)
            .ok_or_else(|| Msg::RuleNoRow { row: p.row.clone() })?;
        let computed = e.round(checked(
            amount
                .checked_mul(p.percent.0)
                .and_then(|v| v.checked_div(Decimal::from(100))),
            || Msg::TooLargeShare {
                amount: amount.normalize(),
                percent: p.percent.0.normalize(),
            },
        )?);
        let how = Msg::HowSplit {
            amount: amount.normalize(),
            percent: p.percent.0.normalize(),
            rounding: e.rounded(),
        };
        e.mismatch(r, c, cell(t, r, c)?, computed, how);
    }
    Ok(())
}

/// `allocation`: each row's share of the amount is proportional to its key.
pub(super) fn allocation(e: &mut Eval) -> Checked<()> {
    let (t, rule) = (e.t, e.rule);
    let c = col(t, rule.column.as_ref())?;
    let k = col(t, rule.key.as_ref())?;
    let (amount, _) = value(
        t,
        rule.amount.as_ref().ok_or_else(|| needs("amount"))?,
        Some(c),
    )?;
    let rows = select(t, rule.rows.as_ref())?;
    let mut keys = Vec::new();
    for &r in &rows {
        keys.push(cell(t, r, k)?);
    }
    let key_sum = column_sum(t, &rows, k)?;
    if key_sum.is_zero() {
        return Err(Msg::RuleKeysZero.into());
    }
    let exact = keys
        .iter()
        .map(|key| {
            checked(
                amount
                    .checked_mul(*key)
                    .and_then(|v| v.checked_div(key_sum)),
                || Msg::TooLargeAllocation {
                    amount: amount.normalize(),
                    key: key.normalize(),
                    keys: key_sum.normalize(),
                },
            )
        })
        .collect::<Checked<Vec<Decimal>>>()?;
    let shares: Vec<Decimal> = if rule.method == Some(AllocationMethod::LargestRemainder) {
        largest_remainder(&exact, amount, e.decimals)?
    } else {
        exact.iter().map(|x| e.round(*x)).collect()
    };
    for (i, &r) in rows.iter().enumerate() {
        let how = Msg::HowAllocation {
            amount: amount.normalize(),
            key: keys[i].normalize(),
            keys: key_sum.normalize(),
            rounding: e.rounded(),
        };
        e.mismatch(r, c, cell(t, r, c)?, shares[i], how);
    }
    Ok(())
}

/// `per_capita`: each row is the rate times its base.
pub(super) fn per_capita(e: &mut Eval) -> Checked<()> {
    let (t, rule) = (e.t, e.rule);
    let c = col(t, rule.column.as_ref())?;
    let b = col(t, rule.base.as_ref())?;
    let rate = rule.rate.as_ref().ok_or_else(|| needs("rate"))?.0;
    for r in select(t, rule.rows.as_ref())? {
        let base = cell(t, r, b)?;
        let computed = checked(rate.checked_mul(base), || Msg::TooLargeProduct {
            first: rate.normalize(),
            second: base.normalize(),
        })?;
        let how = Msg::HowPerCapita {
            rate: rate.normalize(),
            base: base.normalize(),
            rounding: e.rounded(),
        };
        e.mismatch(r, c, cell(t, r, c)?, e.round(computed), how);
    }
    Ok(())
}

/// `equal_split`: each selected row is the amount divided by their number.
pub(super) fn equal_split(e: &mut Eval) -> Checked<()> {
    let (t, rule) = (e.t, e.rule);
    let c = col(t, rule.column.as_ref())?;
    let (amount, _) = value(
        t,
        rule.amount.as_ref().ok_or_else(|| needs("amount"))?,
        Some(c),
    )?;
    let rows = select(t, rule.rows.as_ref())?;
    let n = Decimal::from(rows.len());
    for &r in &rows {
        let share = checked(amount.checked_div(n), || Msg::TooLargeQuotient {
            first: amount.normalize(),
            second: n,
        })?;
        let how = Msg::HowEqualSplit {
            amount: amount.normalize(),
            rows: rows.len(),
            rounding: e.rounded(),
        };
        e.mismatch(r, c, cell(t, r, c)?, e.round(share), how);
    }
    Ok(())
}
