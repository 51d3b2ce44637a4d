//! Rounding as the rules declare it: the exact total a rounding rule implies (so that a sum of rounded shares
//! drifting from it is explained, not an error) and largest-remainder rounding (shares that sum exactly).

use super::access::{checked, column_sum, select, value, Checked};
use crate::i18n::Msg;
use crate::model::table::{RuleKind, Table};
use crate::number::Rounding;
use rust_decimal::Decimal;

/// The exact (unrounded) total that a rounding rule of this table implies for column `c` over `rows`, rounded
/// the rule's way: a sum of individually rounded shares may drift from it, and only from it.
pub(super) fn rounding_rule_total(
    t: &Table,
    c: usize,
    rows: &[usize],
) -> Option<(Decimal, String)> {
    t.file.rules.iter().find_map(|r| {
        let r = &r.value;
        let rounding = r.rounding.unwrap_or_default();
        if rounding == Rounding::None || t.column_index(r.column.as_ref()?)? != c {
            return None;
        }
        let mut selected = select(t, r.rows.as_ref()).ok()?;
        let exact = match r.rule {
            RuleKind::Allocation | RuleKind::EqualSplit => {
                selected.sort_unstable();
                let mut mine = rows.to_vec();
                mine.sort_unstable();
                if selected != mine {
                    return None;
                }
                value(t, r.amount.as_ref()?, Some(c)).ok()?.0
            }
            RuleKind::PerCapita => {
                if !rows.iter().all(|x| selected.contains(x)) {
                    return None;
                }
                let b = t.column_index(r.base.as_ref()?)?;
                let base = column_sum(t, rows, b).ok()?;
                r.rate?.0.checked_mul(base)?
            }
            _ => return None,
        };
        Some((rounding.apply(exact, r.decimals.unwrap_or(0)), r.id.clone()))
    })
}

/// Rounds each exact share down, then gives the remaining units to the largest remainders, so that the shares
/// sum exactly to the amount.
pub(super) fn largest_remainder(
    exact: &[Decimal],
    amount: Decimal,
    decimals: u32,
) -> Checked<Vec<Decimal>> {
    // `decimals` is at most crate::model::table::MAX_DECIMALS (10), well inside what a decimal's scale holds.
    let unit = Decimal::new(1, decimals.min(28));
    let mut shares: Vec<Decimal> = exact
        .iter()
        .map(|e| Rounding::Down.apply(*e, decimals))
        .collect();
    let mut given = Decimal::ZERO;
    for s in &shares {
        given = checked(given.checked_add(*s), || Msg::TooLargeRoundedShares)?;
    }
    let left_over = checked(
        Rounding::HalfUp
            .apply(amount, decimals)
            .checked_sub(given)
            .and_then(|v| v.checked_div(unit)),
        || Msg::TooLargeRemainder,
    )?;
    // The units left are fewer than the shares (each was rounded down by less than one unit).
    let mut left = i64::try_from(left_over.round()).unwrap_or(0);
    let mut order: Vec<usize> = (0..exact.len()).collect();
    order.sort_by(|&a, &b| {
        (exact[b] - shares[b])
            .cmp(&(exact[a] - shares[a]))
            .then(a.cmp(&b))
    });
    for i in order {
        if left <= 0 {
            break;
        }
        shares[i] = checked(shares[i].checked_add(unit), || Msg::TooLargeShareAndRest)?;
        left -= 1;
    }
    Ok(shares)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn largest_remainder_sums_exactly() {
        let exact: Vec<Decimal> = ["33.4", "33.3", "33.3"]
            .iter()
            .map(|s| Decimal::from_str(s).unwrap())
            .collect();
        let Ok(shares) = largest_remainder(&exact, Decimal::from(100), 0) else {
            panic!("no shares");
        };
        assert_eq!(shares.iter().sum::<Decimal>(), Decimal::from(100));
        assert_eq!(
            shares,
            vec![Decimal::from(34), Decimal::from(33), Decimal::from(33)]
        );
    }
}
