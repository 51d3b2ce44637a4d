//! Figures shown as proven: what the checker verified about a table, said beside the table in the build's
//! language ("De 19 andele i «Andel …» summerer til 1.350.000 kr. ✓"), with the figures of the table and any
//! acknowledged discrepancy beside the statement it concerns.
//!
//! A table's partial writes [`marker`] where the statements go; [`fill`] replaces it when a page is rendered,
//! with what `check` found ([`Proofs`], handed over by the orchestrator through [`super::Shared`]). Only a rule
//! that the checker evaluated without any exception gets the ✓; a rule with an exception shows the exception
//! instead, and a table the checker said nothing about gets no statements.

use super::templates::render_fragment;
use crate::diagnostics::Diagnostic;
use crate::i18n::{self, Lang, Msg};
use crate::load::Site;
use crate::model::describe::expression;
use crate::model::proof::{Proofs, Verdict};
use crate::model::table::{AllocationMethod, CellRef, ColumnType, RuleKind, RuleSpec, ValueRef};
use crate::model::Table;
use crate::number::Rounding;
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// The template the statements are rendered with.
pub const PROOFS_TEMPLATE: &str = "partials/proofs.html";

pub(super) const OPEN: &str = "<!--protokol-proofs ";
const CLOSE: &str = "-->";

/// Whether a template's text writes (part of) a table's proofs marker itself, rather than through
/// `table.proofs_marker`: what it writes then is filled in after rendering, beyond what the page's context says.
pub fn template_writes_marker(text: &str) -> bool {
    text.contains(OPEN.trim_start_matches("<!--").trim_end())
}

/// What a table's partial writes where the table's statements belong (`table.proofs_marker`). Content cannot
/// write it: sanitising removes comments from content's HTML.
pub fn marker(table_id: &str) -> String {
    format!("{OPEN}{table_id}{CLOSE}")
}

/// `html` with every [`marker`] replaced by its table's statements (nothing for a table the site lacks).
pub fn fill(
    html: String,
    site: &Site,
    proofs: &Proofs,
    tera: &tera::Tera,
) -> Result<String, Diagnostic> {
    if !html.contains(OPEN) {
        return Ok(html);
    }
    let lang = site.config.language;
    let mut out = String::with_capacity(html.len() + 2048);
    let mut rest = html.as_str();
    while let Some(i) = rest.find(OPEN) {
        out.push_str(&rest[..i]);
        let after = &rest[i + OPEN.len()..];
        let Some(j) = after.find(CLOSE) else {
            rest = after;
            break;
        };
        let id = &after[..j];
        if let (Some(t), Some(verdicts)) = (site.table(id), proofs.get(id)) {
            let context = json!({"id": t.id, "items": statements(site, t, verdicts)});
            out.push_str(&render_fragment(
                tera,
                PROOFS_TEMPLATE,
                "proofs",
                context,
                lang,
            )?);
        }
        rest = &after[j + CLOSE.len()..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The statements of table `t`, one per rule (a sum over several columns: one per column): its text, whether
/// the checker proved it, and the exceptions it found (the number of the discrepancy note that acknowledges
/// each, if one does).
pub fn statements(site: &Site, t: &Table, verdicts: &[Verdict]) -> Vec<Value> {
    let lang = site.config.language;
    let mut out = Vec::new();
    for v in verdicts {
        let Some(rule) = t.file.rules.get(v.rule).map(|r| &r.value) else {
            continue;
        };
        for (msg, column) in said(site, t, rule, v, verdicts) {
            let exceptions: Vec<Value> = v
                .exceptions
                .iter()
                .filter(|e| column.is_none() || e.column == column)
                .map(|e| {
                    json!({"text": i18n::text(&e.message, lang), "note": e.acknowledged.map(|n| n + 1)})
                })
                .collect();
            out.push(json!({
                "text": i18n::text(&msg, lang),
                "proven": v.evaluated && exceptions.is_empty(),
                "exceptions": exceptions,
            }));
        }
    }
    out
}

fn quoted(text: &str) -> Msg {
    Msg::Quoted {
        text: text.to_string(),
    }
}

/// What a row is called, quoted: its printed label, or what it is ([`super::table::row_name`]).
fn row_name(t: &Table, i: usize, lang: Lang) -> Msg {
    quoted(&super::table::row_name(t, i, lang))
}

/// A cell an `equals` rule names, in words ("«I alt (Kommuner)», «Sum» i «GovTech …»"), and its figure.
fn cell(site: &Site, t: &Table, c: &CellRef) -> Option<(Msg, Msg)> {
    let other = c
        .table
        .as_deref()
        .and_then(|id| site.table(id))
        .filter(|o| o.id != t.id);
    let tbl = other.unwrap_or(t);
    let (r, col) = (
        tbl.row_index(c.row.as_deref()?)?,
        tbl.column_index(&c.column)?,
    );
    let lang = site.config.language;
    let (row, column) = (
        Box::new(row_name(tbl, r, lang)),
        Box::new(quoted(tbl.file.columns[col].name())),
    );
    let named = match other {
        Some(o) => Msg::DescribeCellIn {
            table: o.file.title.clone(),
            row,
            column,
        },
        None => Msg::DescribeCell { row, column },
    };
    Some((
        named,
        figure(tbl, tbl.rows[r].cells[col].number()?, Some(col)),
    ))
}

/// What rule `rule` says about the table's figures, in messages (with the column each concerns, for a sum).
fn said(
    site: &Site,
    t: &Table,
    rule: &RuleSpec,
    v: &Verdict,
    all: &[Verdict],
) -> Vec<(Msg, Option<usize>)> {
    let b = Box::new;
    let col = |k: Option<&String>| k.and_then(|k| t.column_index(k));
    let label = |c: Option<usize>| c.map_or(Msg::Nothing, |c| quoted(t.file.columns[c].name()));
    let c = col(rule.column.as_ref());
    let count = v.rows.len();
    let lang = site.config.language;
    let one_row = |count: usize| (count == 1).then(|| row_name(t, v.rows[0], lang));
    let rounding = || b(rounding(t, rule, c));
    let msg = match rule.rule {
        RuleKind::Sum => {
            let columns: Vec<usize> = match &rule.columns {
                Some(cs) => cs.iter().filter_map(|k| t.column_index(k)).collect(),
                None => c.into_iter().collect(),
            };
            return columns
                .into_iter()
                .map(|c| {
                    let total = rule
                        .total
                        .as_ref()
                        .map_or(Msg::Nothing, |r| at(t, r, Some(c), lang));
                    let (column, total) = (b(label(Some(c))), b(total));
                    let msg = match rule.rows.as_ref().and_then(|s| s.group.clone()) {
                        Some(group) => Msg::ProvenSumInGroup {
                            count,
                            group,
                            column,
                            total,
                        },
                        None if shares(t, c, &v.rows, all) => Msg::ProvenSumShares {
                            count,
                            column,
                            total,
                        },
                        None => Msg::ProvenSum {
                            count,
                            column,
                            total,
                        },
                    };
                    (msg, Some(c))
                })
                .collect();
        }
        RuleKind::Split => {
            let amount = rule
                .amount
                .as_ref()
                .and_then(|a| referenced(t, a, c))
                .map_or(Msg::Nothing, |a| figure(t, a, c));
            let parts = rule
                .parts
                .iter()
                .flatten()
                .filter_map(|p| {
                    let r = t.row_index(&p.row)?;
                    let share = t.rows[r].cells[c?].number()?;
                    Some(Msg::ProvenSplitPart {
                        percent: p.percent.0.normalize(),
                        share: b(figure(t, share, c)),
                        row: b(row_name(t, r, lang)),
                    })
                })
                .collect();
            Msg::ProvenSplit {
                amount: b(amount),
                parts: b(Msg::List { items: parts }),
            }
        }
        RuleKind::Allocation => Msg::ProvenAllocation {
            column: b(label(c)),
            amount: b(rule
                .amount
                .as_ref()
                .map_or(Msg::Nothing, |a| at(t, a, c, lang))),
            count,
            key: b(label(col(rule.key.as_ref()))),
            rounding: rounding(),
        },
        RuleKind::PerCapita => {
            let (column, rate, base) = (
                b(label(c)),
                rule.rate.map(|r| r.0).unwrap_or_default(),
                b(label(col(rule.base.as_ref()))),
            );
            match one_row(count) {
                Some(row) => Msg::ProvenPerCapitaInRow {
                    column,
                    rate,
                    base,
                    row: b(row),
                    rounding: rounding(),
                },
                None => Msg::ProvenPerCapita {
                    column,
                    rate,
                    base,
                    count,
                    rounding: rounding(),
                },
            }
        }
        RuleKind::EqualSplit => Msg::ProvenEqualSplit {
            column: b(label(c)),
            amount: b(rule
                .amount
                .as_ref()
                .map_or(Msg::Nothing, |a| at(t, a, c, lang))),
            count,
            rounding: rounding(),
        },
        RuleKind::Derived => {
            let (column, expression) = (
                b(label(c)),
                b(expression(rule.expression.as_deref().unwrap_or(""), t)),
            );
            match one_row(count) {
                Some(row) => Msg::ProvenDerivedInRow {
                    column,
                    expression,
                    row: b(row),
                    rounding: rounding(),
                },
                None => Msg::ProvenDerived {
                    column,
                    expression,
                    count,
                    rounding: rounding(),
                },
            }
        }
        RuleKind::PercentTotal => Msg::ProvenPercentTotal {
            count,
            column: b(label(c)),
        },
        RuleKind::Equals => {
            let (Some(first), Some(second)) = (
                rule.cell.as_ref().and_then(|c| cell(site, t, c)),
                rule.other.as_ref().and_then(|c| cell(site, t, c)),
            ) else {
                return Vec::new();
            };
            Msg::ProvenEquals {
                first: b(first.0),
                second: b(second.0),
                value: b(first.1),
            }
        }
    };
    vec![(msg, None)]
}

/// The figure a rule refers to: a number, or a cell of the table (in the rule's column `c` unless it names one).
fn referenced(t: &Table, v: &ValueRef, c: Option<usize>) -> Option<Decimal> {
    if let Some(n) = &v.value {
        return Some(n.0);
    }
    let row = t.row_index(v.row.as_deref()?)?;
    let c = match &v.column {
        Some(k) => t.column_index(k)?,
        None => c?,
    };
    t.rows[row].cells.get(c)?.number()
}

/// A figure with its column's unit ("1.350.000 kr.", "12 %"): whole numbers without decimals, others as printed.
fn figure(t: &Table, value: Decimal, c: Option<usize>) -> Msg {
    let value = if value.fract().is_zero() {
        value.trunc()
    } else {
        value
    };
    let unit = match c {
        Some(c) if t.file.columns[c].kind == ColumnType::Percent => Some("%"),
        Some(c) => t.unit_of(c),
        None => t.file.unit.as_deref(),
    };
    match unit.map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) => Msg::ProvenAmount {
            value,
            unit: u.to_string(),
        },
        None => Msg::Figure { value },
    }
}

/// The figure a rule refers to, with the row it is printed in when it is a cell ("1.350.000 kr. («I alt i
/// kommunerne»)").
fn at(t: &Table, r: &ValueRef, c: Option<usize>, lang: Lang) -> Msg {
    let c = r.column.as_deref().and_then(|k| t.column_index(k)).or(c);
    let Some(value) = referenced(t, r, c) else {
        return Msg::Nothing;
    };
    let figure = figure(t, value, c);
    match r.row.as_deref().and_then(|row| t.row_index(row)) {
        Some(i) if r.value.is_none() => Msg::ProvenAt {
            figure: Box::new(figure),
            row: Box::new(row_name(t, i, lang)),
        },
        _ => figure,
    }
}

/// ", rundet halvt op til hele kroner": the rule's rounding, its precision in kroner where the column counts
/// kroner; nothing for an exact rule.
fn rounding(t: &Table, rule: &RuleSpec, c: Option<usize>) -> Msg {
    let r = rule.rounding.unwrap_or_default();
    if r == Rounding::None {
        return Msg::Nothing;
    }
    let decimals = rule.decimals.unwrap_or(0);
    let kroner = c.and_then(|c| t.unit_of(c)).is_some_and(|u| {
        matches!(
            u.trim().to_lowercase().as_str(),
            "kr." | "kr" | "kroner" | "dkk"
        )
    });
    let precision = match (decimals, kroner) {
        (0, true) => Msg::WholeKroner,
        (2, true) => Msg::WholeOere,
        (0, false) => Msg::WholeNumbers,
        (d, false) | (d, true) => Msg::Decimals {
            decimals: d as usize,
        },
    };
    let described = if rule.method == Some(AllocationMethod::LargestRemainder) {
        Msg::RoundedLargestRemainder {
            precision: Box::new(precision),
        }
    } else {
        r.described_to(precision)
    };
    Msg::DescribeRounding {
        rounding: Box::new(described),
    }
}

/// Whether the rows of column `c` are the shares a distributing rule of the table computed (an allocation, an
/// equal split, a per-capita rate over the same rows).
fn shares(t: &Table, c: usize, rows: &[usize], all: &[Verdict]) -> bool {
    let mut rows = rows.to_vec();
    rows.sort_unstable();
    all.iter().any(|v| {
        let Some(r) = t.file.rules.get(v.rule).map(|r| &r.value) else {
            return false;
        };
        let mut theirs = v.rows.clone();
        theirs.sort_unstable();
        matches!(
            r.rule,
            RuleKind::Allocation | RuleKind::EqualSplit | RuleKind::PerCapita
        ) && r.column.as_deref().and_then(|k| t.column_index(k)) == Some(c)
            && theirs == rows
    })
}
