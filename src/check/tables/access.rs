//! Reading what a rule refers to: selected rows, columns, number cells and value references, with checked
//! arithmetic, and the reasons a rule cannot be evaluated ([`Problem`]).

use crate::i18n::Msg;
use crate::model::table::{Cell, ColumnType, Role, RowSelector, RuleSpec, Table, ValueRef};
use rust_decimal::Decimal;

/// Why a rule gives no findings: a problem to report at the rule, or one already reported elsewhere.
pub(super) enum Problem {
    /// A number cell that did not parse: the loader reported it at its place, so the rule adds nothing.
    Reported,
    Said(Msg),
}

impl From<Msg> for Problem {
    fn from(m: Msg) -> Problem {
        Problem::Said(m)
    }
}

pub(super) type Checked<T> = Result<T, Problem>;

/// One side of an `equals` rule: its value, how it is named, and its cell when it is in the table checked.
pub(super) type Operand = (Decimal, Msg, Option<(usize, usize)>);

/// The result of a checked operation, or the plain reason it has none: figures beyond what a decimal holds
/// (about 7,9 × 10²⁸) are reported at the rule, never a panic.
pub(super) fn checked(result: Option<Decimal>, what: impl FnOnce() -> Msg) -> Checked<Decimal> {
    result.ok_or_else(|| {
        Problem::Said(Msg::TooLarge {
            what: Box::new(what()),
        })
    })
}

pub(super) fn needs(field: &str) -> Problem {
    Problem::Said(Msg::RuleNeeds {
        field: field.into(),
    })
}

/// The checked sum of the selected rows of column `c`.
pub(super) fn column_sum(t: &Table, rows: &[usize], c: usize) -> Checked<Decimal> {
    let mut sum = Decimal::ZERO;
    for &r in rows {
        let v = cell(t, r, c)?;
        sum = checked(sum.checked_add(v), || Msg::TooLargeSumOfColumn {
            column: t.file.columns[c].key.clone(),
            row: t.row_label(r),
        })?;
    }
    Ok(sum)
}

pub(super) fn select(t: &Table, sel: Option<&RowSelector>) -> Checked<Vec<usize>> {
    let default = RowSelector::default();
    let sel = sel.unwrap_or(&default);
    if let Some(ids) = &sel.ids {
        if ids.is_empty() {
            return Err(Msg::RuleEmptyIds.into());
        }
        let rows = ids
            .iter()
            .map(|id| {
                t.row_index(id)
                    .ok_or_else(|| Msg::RuleNoRow { row: id.clone() }.into())
            })
            .collect::<Checked<Vec<usize>>>()?;
        return no_heading(t, rows);
    }
    let roles = sel.roles.as_deref().unwrap_or(&[Role::Data]);
    let rows: Vec<usize> = (0..t.rows.len())
        .filter(|&i| roles.contains(&t.rows[i].role))
        .filter(|&i| sel.group.as_ref().is_none_or(|g| t.in_group(i, g)))
        .collect();
    if rows.is_empty() {
        return Err(match &sel.group {
            Some(g) => Msg::RuleNoRowsInGroup { group: g.clone() },
            None => Msg::RuleEmptySelection,
        }
        .into());
    }
    no_heading(t, rows)
}

/// The rows a `sum` rule adds up: its selection without the row of its own total, so that an outer group's
/// subtotal may be selected with the inner groups' subtotals it adds up.
pub(super) fn sum_terms(t: &Table, rule: &RuleSpec) -> Checked<Vec<usize>> {
    let mut rows = select(t, rule.rows.as_ref())?;
    let total_row = rule.total.as_ref().and_then(|v| v.row.as_deref());
    if let Some(r) = total_row.and_then(|id| t.row_index(id)) {
        rows.retain(|&x| x != r);
        if rows.is_empty() {
            return Err(Msg::RuleEmptySelection.into());
        }
    }
    Ok(rows)
}

/// A heading row carries no figures: a rule that selects one (by id or by `roles: [heading]`) names it.
fn no_heading(t: &Table, rows: Vec<usize>) -> Checked<Vec<usize>> {
    match rows.iter().find(|&&r| t.rows[r].role == Role::Heading) {
        Some(&r) => Err(Msg::RuleSelectsHeading {
            row: t.row_label(r),
        }
        .into()),
        None => Ok(rows),
    }
}

pub(super) fn col(t: &Table, key: Option<&String>) -> Checked<usize> {
    let key = key.ok_or_else(|| needs("column"))?;
    t.column_index(key).ok_or_else(|| {
        Msg::RuleNoColumn {
            column: key.clone(),
        }
        .into()
    })
}

/// The figure in cell (`row`, `c`): a dash or an empty cell counts as zero, but a heading row has no figures and
/// is never counted as zero.
pub(super) fn cell(t: &Table, row: usize, c: usize) -> Checked<Decimal> {
    if t.rows[row].role == Role::Heading {
        return Err(Msg::RuleHeadingCell {
            row: t.row_label(row),
            column: t.file.columns[c].name().to_string(),
        }
        .into());
    }
    if t.file.columns[c].kind != ColumnType::Text && matches!(t.rows[row].cells[c], Cell::Text(_)) {
        return Err(Problem::Reported);
    }
    t.rows[row].cells[c].number().ok_or_else(|| {
        Msg::RuleNotANumber {
            row: t.row_label(row),
            column: t.file.columns[c].name().to_string(),
        }
        .into()
    })
}

/// Resolves a value reference: a literal, or a cell of this table (column defaults to the rule's column).
pub(super) fn value(
    t: &Table,
    v: &ValueRef,
    default_col: Option<usize>,
) -> Checked<(Decimal, Option<(usize, usize)>)> {
    if let Some(n) = &v.value {
        return Ok((n.0, None));
    }
    let row_id = v.row.as_ref().ok_or_else(|| needs("row"))?;
    let r = t.row_index(row_id).ok_or_else(|| Msg::RuleNoRow {
        row: row_id.clone(),
    })?;
    let c = match &v.column {
        Some(k) => t
            .column_index(k)
            .ok_or_else(|| Msg::RuleNoColumn { column: k.clone() })?,
        None => default_col.ok_or_else(|| needs("column"))?,
    };
    Ok((cell(t, r, c)?, Some((r, c))))
}
