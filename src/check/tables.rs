//! Table rules, evaluated with exact decimals: sums and subtotals, percentage splits, proportional allocation,
//! per-capita rates, equal splits, derived columns, percent totals and cross-table equalities.
//!
//! A rule that does not hold gives a finding. Findings that a table acknowledges in `discrepancies:` (same rule,
//! row, column, printed and computed figure) become notes; an acknowledgement that matches no finding is an error,
//! so acknowledgements cannot hide new mistakes. A sum that is off by no more than the rounding of its rows
//! explains (rows produced by a rounding rule) is a warning that names the amount and the rule; anything else is an
//! error. One slip gives one diagnostic ([`consequences`]): a share that its rule computes otherwise is reported
//! at the share, not again at the correct total its column no longer adds up to.

use super::expr::Expr;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Pos};
use crate::i18n::Msg;
use crate::load::Site;
use crate::model::proof::{Exception, Proofs, Verdict};
use crate::model::table::{
    AllocationMethod, Role, RowSelector, RuleKind, RuleSpec, Table, ValueRef,
};
use crate::number::Rounding;
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::collections::HashMap;

struct Finding {
    rule: String,
    row: Option<usize>,
    col: Option<usize>,
    printed: Decimal,
    computed: Decimal,
    what: What,
}

/// What a finding is about, to be put into words once it is known whether it is acknowledged.
enum What {
    /// A cell its rule computes otherwise; `how` is the computation, `inputs` the columns it reads from every
    /// row (an allocation's key, a per-capita base).
    Cell {
        how: Msg,
        inputs: Vec<usize>,
    },
    /// A total that the rows (`rows` of column `col`) do not add up to. `drift` names the rounding rule whose
    /// rounded shares explain the difference, if one does.
    Sum {
        rows: Vec<usize>,
        col: usize,
        drift: Option<String>,
    },
    PercentTotal,
    /// Two cells that must be equal.
    Cells {
        first: Msg,
        second: Msg,
    },
}

impl Finding {
    fn message(&self, t: &Table, acknowledged: bool) -> Msg {
        let column = || {
            self.col
                .map(|c| t.file.columns[c].name().to_string())
                .unwrap_or_default()
        };
        let (printed, computed) = (self.printed.normalize(), self.computed.normalize());
        match &self.what {
            What::Cell { .. } => {
                let row = self.row.map(|r| t.row_label(r)).unwrap_or_default();
                let column = column();
                if acknowledged {
                    Msg::CellDiffersAcknowledged {
                        row,
                        column,
                        printed,
                        computed,
                    }
                } else {
                    Msg::CellDiffers {
                        row,
                        column,
                        printed,
                        computed,
                    }
                }
            }
            What::Sum { rows, col, drift } => {
                let column = t.file.columns[*col].name().to_string();
                let difference = difference(self.printed, self.computed);
                let rows = rows.len();
                if acknowledged {
                    Msg::SumDiffersAcknowledged {
                        column,
                        total: printed,
                        rows,
                        sum: computed,
                        difference,
                    }
                } else if drift.is_some() {
                    Msg::RoundingDrift {
                        column,
                        total: printed,
                        rows,
                        sum: computed,
                        difference,
                    }
                } else {
                    Msg::SumDiffers {
                        column,
                        total: printed,
                        rows,
                        sum: computed,
                        difference,
                    }
                }
            }
            What::PercentTotal if acknowledged => Msg::PercentTotalAcknowledged {
                column: column(),
                sum: printed,
            },
            What::PercentTotal => Msg::PercentTotal {
                column: column(),
                sum: printed,
            },
            What::Cells { first, second } if acknowledged => Msg::CellsDifferAcknowledged {
                first: Box::new(first.clone()),
                first_value: printed,
                second: Box::new(second.clone()),
                second_value: computed,
            },
            What::Cells { first, second } => Msg::CellsDiffer {
                first: Box::new(first.clone()),
                first_value: printed,
                second: Box::new(second.clone()),
                second_value: computed,
            },
        }
    }

    fn hint(&self) -> Option<Msg> {
        match &self.what {
            What::Cell { how, .. } => Some(Msg::HintCellDiffers {
                how: Box::new(how.clone()),
            }),
            What::Sum {
                drift: Some(rule), ..
            } => Some(Msg::HintRoundingDrift {
                difference: difference(self.printed, self.computed),
                rule: rule.clone(),
            }),
            What::Sum { rows, .. } => Some(Msg::HintSumDiffers { rows: rows.len() }),
            What::PercentTotal => None,
            What::Cells { .. } => Some(Msg::HintCellsDiffer),
        }
    }
}

/// Why a rule gives no findings: a problem to report at the rule, or one already reported elsewhere.
enum Problem {
    /// A number cell that did not parse: the loader reported it at its place, so the rule adds nothing.
    Reported,
    Said(Msg),
}

impl From<Msg> for Problem {
    fn from(m: Msg) -> Problem {
        Problem::Said(m)
    }
}

type Checked<T> = Result<T, Problem>;

/// One side of an `equals` rule: its value, how it is named, and its cell when it is in the table checked.
type Operand = (Decimal, Msg, Option<(usize, usize)>);

/// The result of a checked operation, or the plain reason it has none: figures beyond what a decimal holds
/// (about 7,9 × 10²⁸) are reported at the rule, never a panic.
fn checked(result: Option<Decimal>, what: impl FnOnce() -> Msg) -> Checked<Decimal> {
    result.ok_or_else(|| {
        Problem::Said(Msg::TooLarge {
            what: Box::new(what()),
        })
    })
}

fn needs(field: &str) -> Problem {
    Problem::Said(Msg::RuleNeeds {
        field: field.into(),
    })
}

/// The checked sum of the selected rows of column `c`.
fn column_sum(t: &Table, rows: &[usize], c: usize) -> Checked<Decimal> {
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

fn param_error(t: &Table, rule: &crate::yaml::Spanned<RuleSpec>, problem: Msg) -> Diagnostic {
    let p = crate::yaml::pos(rule, 0);
    Diagnostic::error(
        Code::TableRule,
        Msg::RuleProblem {
            rule: rule.value.id.clone(),
            problem: Box::new(problem),
        },
    )
    .at(&t.source.file, p.line, p.column)
}

fn select(t: &Table, sel: Option<&RowSelector>) -> Checked<Vec<usize>> {
    let default = RowSelector::default();
    let sel = sel.unwrap_or(&default);
    if let Some(ids) = &sel.ids {
        if ids.is_empty() {
            return Err(Msg::RuleEmptyIds.into());
        }
        return ids
            .iter()
            .map(|id| {
                t.row_index(id)
                    .ok_or_else(|| Msg::RuleNoRow { row: id.clone() }.into())
            })
            .collect();
    }
    let roles = sel.roles.as_deref().unwrap_or(&[Role::Data]);
    let rows: Vec<usize> = (0..t.rows.len())
        .filter(|&i| roles.contains(&t.rows[i].role))
        .filter(|&i| {
            sel.group
                .as_ref()
                .is_none_or(|g| t.rows[i].group.as_ref() == Some(g))
        })
        .collect();
    if rows.is_empty() {
        return Err(match &sel.group {
            Some(g) => Msg::RuleNoRowsInGroup { group: g.clone() },
            None => Msg::RuleEmptySelection,
        }
        .into());
    }
    Ok(rows)
}

fn col(t: &Table, key: Option<&String>) -> Checked<usize> {
    let key = key.ok_or_else(|| needs("column"))?;
    t.column_index(key).ok_or_else(|| {
        Msg::RuleNoColumn {
            column: key.clone(),
        }
        .into()
    })
}

fn cell(t: &Table, row: usize, c: usize) -> Checked<Decimal> {
    if t.file.columns[c].kind != crate::model::table::ColumnType::Text
        && matches!(t.rows[row].cells[c], crate::model::table::Cell::Text(_))
    {
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
fn value(
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

/// The exact (unrounded) total that a rounding rule of this table implies for column `c` over `rows`, rounded
/// the rule's way: a sum of individually rounded shares may drift from it, and only from it.
fn rounding_rule_total(t: &Table, c: usize, rows: &[usize]) -> Option<(Decimal, String)> {
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

fn evaluate(t: &Table, rule: &RuleSpec, site: &Site) -> Checked<Vec<Finding>> {
    let rounding = rule.rounding.unwrap_or_default();
    let decimals = rule.decimals.unwrap_or(0);
    let round = |v: Decimal| rounding.apply(v, decimals);
    let rounded = || Box::new(rounding.described(decimals));
    let mut out = Vec::new();
    // The columns every row's result reads: a slip in one of them changes every result, and is reported once,
    // by the sum over that column (see `consequences`).
    let inputs: Vec<usize> = match rule.rule {
        RuleKind::Allocation => rule.key.as_ref(),
        RuleKind::PerCapita => rule.base.as_ref(),
        _ => None,
    }
    .and_then(|k| t.column_index(k))
    .into_iter()
    .collect();
    let mut mismatch = |row: usize, c: usize, printed: Decimal, computed: Decimal, how: Msg| {
        if printed != computed {
            out.push(Finding {
                rule: rule.id.clone(),
                row: Some(row),
                col: Some(c),
                printed,
                computed,
                what: What::Cell {
                    how,
                    inputs: inputs.clone(),
                },
            });
        }
    };
    match rule.rule {
        RuleKind::Sum => {
            let cols: Vec<usize> = match (&rule.columns, &rule.column) {
                (Some(cs), _) => cs
                    .iter()
                    .map(|k| col(t, Some(k)))
                    .collect::<Result<_, _>>()?,
                (None, k) => vec![col(t, k.as_ref())?],
            };
            let rows = select(t, rule.rows.as_ref())?;
            let total = rule.total.as_ref().ok_or_else(|| needs("total"))?;
            for c in cols {
                let sum = column_sum(t, &rows, c)?;
                let (printed, at) = value(t, total, Some(c))?;
                if printed != sum {
                    let (row, col) = at
                        .map(|(r, c)| (Some(r), Some(c)))
                        .unwrap_or((None, Some(c)));
                    out.push(Finding {
                        rule: rule.id.clone(),
                        row,
                        col,
                        printed,
                        computed: sum,
                        what: What::Sum {
                            rows: rows.clone(),
                            col: c,
                            drift: None,
                        },
                    });
                }
            }
        }
        RuleKind::Split => {
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
                let computed = round(checked(
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
                    rounding: rounded(),
                };
                mismatch(r, c, cell(t, r, c)?, computed, how);
            }
        }
        RuleKind::Allocation => {
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
                largest_remainder(&exact, amount, decimals)?
            } else {
                exact.iter().map(|e| round(*e)).collect()
            };
            for (i, &r) in rows.iter().enumerate() {
                let how = Msg::HowAllocation {
                    amount: amount.normalize(),
                    key: keys[i].normalize(),
                    keys: key_sum.normalize(),
                    rounding: rounded(),
                };
                mismatch(r, c, cell(t, r, c)?, shares[i], how);
            }
        }
        RuleKind::PerCapita => {
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
                    rounding: rounded(),
                };
                mismatch(r, c, cell(t, r, c)?, round(computed), how);
            }
        }
        RuleKind::EqualSplit => {
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
                    rounding: rounded(),
                };
                mismatch(r, c, cell(t, r, c)?, round(share), how);
            }
        }
        RuleKind::Derived => {
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
                    rounding: rounded(),
                };
                mismatch(r, c, cell(t, r, c)?, round(v), how);
            }
        }
        RuleKind::PercentTotal => {
            let c = col(t, rule.column.as_ref())?;
            let rows = select(t, rule.rows.as_ref())?;
            let sum = column_sum(t, &rows, c)?;
            if sum != Decimal::from(100) {
                out.push(Finding {
                    rule: rule.id.clone(),
                    row: rows.last().copied(),
                    col: Some(c),
                    printed: sum,
                    computed: Decimal::from(100),
                    what: What::PercentTotal,
                });
            }
        }
        RuleKind::Equals => {
            let a = rule.cell.as_ref().ok_or_else(|| needs("cell"))?;
            let b = rule.other.as_ref().ok_or_else(|| needs("other"))?;
            let get = |cr: &crate::model::table::CellRef| -> Checked<Operand> {
                let tbl = match &cr.table {
                    Some(id) => site
                        .table(id)
                        .or_else(|| site.withheld_table(id))
                        .ok_or_else(|| Msg::RuleNoTable { table: id.clone() })?,
                    None => t,
                };
                let r = tbl.row_index(&cr.row).ok_or_else(|| Msg::RuleTableNoRow {
                    table: tbl.file.title.clone(),
                    row: cr.row.clone(),
                })?;
                let c = tbl
                    .column_index(&cr.column)
                    .ok_or_else(|| Msg::RuleTableNoColumn {
                        table: tbl.file.title.clone(),
                        column: cr.column.clone(),
                    })?;
                let here = (tbl.id == t.id).then_some((r, c));
                let name = Msg::CellIn {
                    table: tbl.file.title.clone(),
                    row: tbl.row_label(r),
                };
                Ok((cell(tbl, r, c)?, name, here))
            };
            let (va, la, at) = get(a)?;
            let (vb, lb, _) = get(b)?;
            if va != vb {
                out.push(Finding {
                    rule: rule.id.clone(),
                    row: at.map(|x| x.0),
                    col: at.map(|x| x.1),
                    printed: va,
                    computed: vb,
                    what: What::Cells {
                        first: la,
                        second: lb,
                    },
                });
            }
        }
    }
    Ok(out)
}

/// Rounds each exact share down, then gives the remaining units to the largest remainders, so that the shares
/// sum exactly to the amount.
fn largest_remainder(exact: &[Decimal], amount: Decimal, decimals: u32) -> Checked<Vec<Decimal>> {
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

/// `printed - computed`; zero when the difference itself is beyond a decimal (never shown then: the figures
/// were refused as too large before).
fn difference(printed: Decimal, computed: Decimal) -> Decimal {
    printed
        .checked_sub(computed)
        .unwrap_or_default()
        .normalize()
}

/// One slip, one diagnostic. A cell that its rule computes otherwise (a mistyped share) also makes every sum
/// over it miss its total; such a sum is judged as if the cell held what its rule computes: it is dropped when
/// it then holds, and otherwise reported with that sum (so an acknowledgement of the source's own difference
/// still matches). A sum whose total is the cell its rule disputes is dropped the same way. What remains of a
/// sum is a rounding drift when the rounding of the rows explains it. The other way round, a slip in a column that
/// a rule reads from every row (an allocation's key, a per-capita base) is reported by the sum over that column,
/// not again at every result it changed.
fn consequences(t: &Table, findings: &mut Vec<Finding>) {
    let disputed: HashMap<(usize, usize), Decimal> = findings
        .iter()
        .filter(|f| matches!(f.what, What::Cell { .. }))
        .filter_map(|f| Some(((f.row?, f.col?), f.computed)))
        .collect();
    findings.retain_mut(|f| {
        let What::Sum { rows, col, drift } = &mut f.what else {
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
        true
    });
    let unsummed: Vec<usize> = findings
        .iter()
        .filter_map(|f| match &f.what {
            What::Sum {
                col, drift: None, ..
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

/// Checks every rule of every table.
pub fn check(site: &Site) -> Diagnostics {
    // Tables are checked independently; collecting in order keeps the output that of a serial loop.
    Diagnostics {
        items: (site.tables.par_iter())
            .chain(site.withheld_tables.par_iter().map(|w| &w.table))
            .flat_map_iter(|t| table(site, t).items)
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

/// Every rule of `t` with what the checker found for it, in the order the table declares them.
pub fn verdicts(site: &Site, t: &Table) -> Vec<Verdict> {
    let judged = judge(site, t);
    t.file
        .rules
        .iter()
        .enumerate()
        .map(|(i, rule)| Verdict {
            rule: i,
            evaluated: !judged.unevaluated.iter().any(|(r, _)| *r == i),
            rows: match rule.value.rule {
                RuleKind::Split | RuleKind::Equals => Vec::new(),
                _ => select(t, rule.value.rows.as_ref()).unwrap_or_default(),
            },
            exceptions: judged
                .findings
                .iter()
                .filter(|(f, _)| f.rule == rule.value.id)
                .map(|(f, ack)| Exception {
                    row: f.row,
                    column: f.col,
                    acknowledged: *ack,
                    message: f.message(t, ack.is_some()),
                })
                .collect(),
        })
        .collect()
}

/// The findings of every rule of a table after [`consequences`], each with the discrepancy that acknowledges it.
struct Judged {
    /// Rules that could not be evaluated: the problem to report at the rule, `None` if reported elsewhere.
    unevaluated: Vec<(usize, Option<Msg>)>,
    findings: Vec<(Finding, Option<usize>)>,
}

fn judge(site: &Site, t: &Table) -> Judged {
    let mut ids = std::collections::HashSet::new();
    let mut findings = Vec::new();
    let mut unevaluated = Vec::new();
    for (i, rule) in t.file.rules.iter().enumerate() {
        if !ids.insert(rule.value.id.as_str()) {
            unevaluated.push((i, Some(Msg::RuleIdTwice)));
            continue;
        }
        match evaluate(t, &rule.value, site) {
            Ok(f) => findings.extend(f),
            Err(Problem::Reported) => unevaluated.push((i, None)),
            Err(Problem::Said(m)) => unevaluated.push((i, Some(m))),
        }
    }
    consequences(t, &mut findings);
    let findings = findings
        .into_iter()
        .map(|f| {
            let ack = t.file.discrepancies.iter().position(|d| {
                let d = &d.value;
                d.rule == f.rule
                    && d.printed.0 == f.printed
                    && d.computed.0 == f.computed
                    && d.row.as_ref().is_none_or(|r| {
                        f.row.is_some_and(|i| {
                            t.rows[i].id.as_ref() == Some(r) || &t.row_label(i) == r
                        })
                    })
                    && d.column
                        .as_ref()
                        .is_none_or(|c| f.col.is_some_and(|i| &t.file.columns[i].key == c))
            });
            (f, ack)
        })
        .collect();
    Judged {
        unevaluated,
        findings,
    }
}

/// The rules and acknowledgements of one table.
fn table(site: &Site, t: &Table) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let file = &t.source.file;
    let judged = judge(site, t);
    for (i, problem) in judged.unevaluated {
        if let Some(m) = problem {
            diags.push(param_error(t, &t.file.rules[i], m));
        }
    }
    let has_numbers = t
        .file
        .columns
        .iter()
        .any(|c| c.kind != crate::model::table::ColumnType::Text);
    if has_numbers && t.file.rules.is_empty() {
        diags.push(
            Diagnostic::warning(Code::TableNoRules, Msg::TableNoRules)
                .in_file(file)
                .hint(Msg::HintTableNoRules),
        );
    }
    let mut used = vec![false; t.file.discrepancies.len()];
    for (f, ack) in judged.findings {
        let pos = match (f.row, f.col) {
            (Some(r), Some(c)) => t.rows[r].cell_pos[c],
            (Some(r), None) => t.rows[r].pos,
            _ => t
                .file
                .rules
                .iter()
                .find(|r| r.value.id == f.rule)
                .map(|r| crate::yaml::pos(r, 0))
                .unwrap_or(Pos { line: 1, column: 1 }),
        };
        let d = match ack {
            Some(i) => {
                used[i] = true;
                Diagnostic::note(Code::AcknowledgedDiscrepancy, f.message(t, true))
                    .hint(t.file.discrepancies[i].value.note.clone())
            }
            None => {
                let code = match &f.what {
                    What::Sum { drift: Some(_), .. } => Code::RoundingDrift,
                    What::Sum { .. } => Code::TableSum,
                    What::Cells { .. } => Code::TableCross,
                    _ => Code::TableRule,
                };
                let d = if code == Code::RoundingDrift {
                    Diagnostic::warning(code, f.message(t, false))
                } else {
                    Diagnostic::error(code, f.message(t, false))
                };
                match f.hint() {
                    Some(h) => d.hint(h),
                    None => d,
                }
            }
        };
        diags.push(
            d.at(file, pos.line, pos.column)
                .expected(Msg::Figure {
                    value: f.computed.normalize(),
                })
                .found(Msg::Figure {
                    value: f.printed.normalize(),
                }),
        );
    }
    for (i, d) in t.file.discrepancies.iter().enumerate() {
        if !used[i] {
            let p: Pos = crate::yaml::pos(d, 0);
            diags.push(
                Diagnostic::error(
                    Code::StaleAcknowledgement,
                    Msg::StaleTableAcknowledgement {
                        rule: d.value.rule.clone(),
                    },
                )
                .at(file, p.line, p.column)
                .expected(Msg::ExpectStaleTableAcknowledgement {
                    rule: d.value.rule.clone(),
                    computed: d.value.computed.0.normalize(),
                    printed: d.value.printed.0.normalize(),
                })
                .found(Msg::FoundStaleTableAcknowledgement)
                .hint(Msg::HintStaleTableAcknowledgement),
            );
        }
    }
    diags
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
