//! Evaluating one rule: the context every kind shares ([`Eval`]: the table, the rule, its rounding, the findings
//! so far) and the dispatch to its kind; sums, percent totals and cross-table equalities live here, the kinds that
//! compute a figure per row in [`super::shares`] and [`super::derived`].

use super::access::{cell, col, column_sum, needs, select, sum_terms, value, Checked, Operand};
use super::finding::{within_display, Finding, What};
use super::{derived, shares};
use crate::i18n::Msg;
use crate::load::Site;
use crate::model::table::{CellRef, RuleKind, RuleSpec, Table};
use crate::number::Rounding;
use rust_decimal::Decimal;

/// One rule being evaluated, and the findings it has given so far.
pub(super) struct Eval<'a> {
    pub(super) t: &'a Table,
    pub(super) rule: &'a RuleSpec,
    pub(super) site: &'a Site,
    rounding: Rounding,
    pub(super) decimals: u32,
    /// The columns every row's result reads: a slip in one of them changes every result, and is reported once,
    /// by the sum over that column (see `consequences`).
    inputs: Vec<usize>,
    pub(super) out: Vec<Finding>,
}

impl Eval<'_> {
    /// `v` rounded the rule's way.
    pub(super) fn round(&self, v: Decimal) -> Decimal {
        self.rounding.apply(v, self.decimals)
    }

    /// The rule's rounding in words, for the explanation of a computed figure.
    pub(super) fn rounded(&self) -> Box<Msg> {
        Box::new(self.rounding.described(self.decimals))
    }

    /// A finding at cell (`row`, `c`) when its printed figure is not the computed one.
    pub(super) fn mismatch(
        &mut self,
        row: usize,
        c: usize,
        printed: Decimal,
        computed: Decimal,
        how: Msg,
    ) {
        self.differs(row, c, printed, computed, how, None);
    }

    /// As [`Eval::mismatch`], with the display precision that explains the difference, if one does.
    pub(super) fn differs(
        &mut self,
        row: usize,
        c: usize,
        printed: Decimal,
        computed: Decimal,
        how: Msg,
        display: Option<Decimal>,
    ) {
        if printed != computed {
            self.out.push(Finding {
                rule: self.rule.id.clone(),
                row: Some(row),
                col: Some(c),
                printed,
                computed,
                what: What::Cell {
                    how,
                    inputs: self.inputs.clone(),
                    display,
                },
            });
        }
    }
}

pub(super) fn evaluate(t: &Table, rule: &RuleSpec, site: &Site) -> Checked<Vec<Finding>> {
    let inputs: Vec<usize> = match rule.rule {
        RuleKind::Allocation => rule.key.as_ref(),
        RuleKind::PerCapita => rule.base.as_ref(),
        _ => None,
    }
    .and_then(|k| t.column_index(k))
    .into_iter()
    .collect();
    let mut e = Eval {
        t,
        rule,
        site,
        rounding: rule.rounding.unwrap_or_default(),
        decimals: rule.decimals.unwrap_or(0),
        inputs,
        out: Vec::new(),
    };
    match rule.rule {
        RuleKind::Sum => sum(&mut e)?,
        RuleKind::Split => shares::split(&mut e)?,
        RuleKind::Allocation => shares::allocation(&mut e)?,
        RuleKind::PerCapita => shares::per_capita(&mut e)?,
        RuleKind::EqualSplit => shares::equal_split(&mut e)?,
        RuleKind::Derived => derived::derived(&mut e)?,
        RuleKind::PercentTotal => percent_total(&mut e)?,
        RuleKind::Equals => equals(&mut e)?,
    }
    Ok(e.out)
}

/// `sum`: each column of the selected rows adds up to its total.
pub(super) fn sum(e: &mut Eval) -> Checked<()> {
    let (t, rule) = (e.t, e.rule);
    let cols: Vec<usize> = match (&rule.columns, &rule.column) {
        (Some(cs), _) => cs
            .iter()
            .map(|k| col(t, Some(k)))
            .collect::<Result<_, _>>()?,
        (None, k) => vec![col(t, k.as_ref())?],
    };
    let rows = sum_terms(t, rule)?;
    let total = rule.total.as_ref().ok_or_else(|| needs("total"))?;
    for c in cols {
        let sum = column_sum(t, &rows, c)?;
        let (printed, at) = value(t, total, Some(c))?;
        if printed != sum {
            let (row, col) = at
                .map(|(r, c)| (Some(r), Some(c)))
                .unwrap_or((None, Some(c)));
            e.out.push(Finding {
                rule: rule.id.clone(),
                row,
                col,
                printed,
                computed: sum,
                what: What::Sum {
                    rows: rows.clone(),
                    col: c,
                    drift: None,
                    display: None,
                },
            });
        }
    }
    Ok(())
}

/// `percent_total`: a percent column of the selected rows adds up to 100.
pub(super) fn percent_total(e: &mut Eval) -> Checked<()> {
    let (t, rule) = (e.t, e.rule);
    let c = col(t, rule.column.as_ref())?;
    let rows = select(t, rule.rows.as_ref())?;
    let sum = column_sum(t, &rows, c)?;
    let hundred = Decimal::ONE_HUNDRED;
    if sum != hundred {
        e.out.push(Finding {
            rule: rule.id.clone(),
            row: rows.last().copied(),
            col: Some(c),
            printed: sum,
            computed: hundred,
            what: What::PercentTotal {
                rows: rows.len(),
                // The percentages are rounded for display, 100 is exact: half a step for each percentage.
                display: within_display(t, c, rows.len(), sum, hundred),
            },
        });
    }
    Ok(())
}

/// `equals`: two cells, of this or another table, hold the same figure.
pub(super) fn equals(e: &mut Eval) -> Checked<()> {
    let (t, rule) = (e.t, e.rule);
    let site = e.site;
    if rule.cell.is_none() && rule.column.is_some() {
        return super::cross::column_equals(e);
    }
    let a = rule.cell.as_ref().ok_or_else(|| needs("cell"))?;
    let b = rule.other.as_ref().ok_or_else(|| needs("other"))?;
    let get = |cr: &CellRef| -> Checked<(Operand, &Table, usize, usize)> {
        let tbl = match &cr.table {
            Some(id) => site
                .table(id)
                .or_else(|| site.withheld_table(id))
                .ok_or_else(|| Msg::RuleNoTable { table: id.clone() })?,
            None => t,
        };
        let row = cr.row.as_ref().ok_or_else(|| needs("row"))?;
        let r = tbl.row_index(row).ok_or_else(|| Msg::RuleTableNoRow {
            table: tbl.file.title.clone(),
            row: row.clone(),
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
        Ok(((cell(tbl, r, c)?, name, here), tbl, r, c))
    };
    let ((va, la, at), _, ra, ca) = get(a)?;
    let ((vb, lb, _), tb, rb, cb) = get(b)?;
    if va == vb {
        return Ok(());
    }
    // The cell here is vouched for by a sum of its own table that holds, the other is not: the other changed.
    let other_changed = at.is_some()
        && tb.id != t.id
        && super::cross::vouched(site, t, ra, ca)
        && !super::cross::vouched(site, tb, rb, cb);
    e.out.push(if other_changed {
        Finding {
            rule: rule.id.clone(),
            row: None,
            col: None,
            printed: vb,
            computed: va,
            what: What::Cells {
                first: lb,
                second: la,
                elsewhere: Some((tb.id.clone(), rb, cb)),
            },
        }
    } else {
        Finding {
            rule: rule.id.clone(),
            row: at.map(|x| x.0),
            col: at.map(|x| x.1),
            printed: va,
            computed: vb,
            what: What::Cells {
                first: la,
                second: lb,
                elsewhere: None,
            },
        }
    });
    Ok(())
}
