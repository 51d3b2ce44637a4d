//! A table as a bar chart, made at build time as SVG (no script, no library in the browser): one bar per data row
//! of one number column, with the row's label and figure, and where the table prints the total the bars are parts
//! of, that total as a reference bar and each bar's share of it ("183 personer (30,5 %)" against the 600 of the
//! national quota). `partials/chart.html` writes the markup from [`chart_context`], escaping every text; the
//! table stays beside the chart and the chart's `<title>` and `<desc>` say what it shows.
//!
//! Figures stay exact: bar lengths are percentages of the widest bar computed with checked decimal arithmetic and
//! written with two decimals, so the SVG's width can follow the page (360 px or a sheet of paper) while its text
//! keeps its size.

use super::format::number;
use super::table::row_name;
use crate::i18n::{self, Lang, Msg};
use crate::model::table::{Cell, ColumnType, Role, RuleKind};
use crate::model::Table;
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// Height of one bar's row: its label line and the bar under it.
const ROW: u32 = 40;
/// The label line's baseline and the bar's top and height within a row.
const LABEL_Y: u32 = 15;
const BAR_Y: u32 = 21;
const BAR_HEIGHT: u32 = 12;

/// Whether `t` is shown as a chart: its `diagram:` field, or by default allocation and quota tables (by `kind`,
/// or by an `allocation` rule) that have a column to show.
pub fn wanted(t: &Table) -> bool {
    t.file.diagram.unwrap_or_else(|| {
        let kind = matches!(t.file.kind.as_deref(), Some("allocation" | "quota"));
        let allocates = t
            .file
            .rules
            .iter()
            .any(|r| r.value.rule == RuleKind::Allocation);
        kind || allocates
    })
}

/// The column a chart shows: the one a distributing rule fills (allocation, equal split, per-capita rate), else
/// the table's only number column, else (for a table that asks for a chart) its first number column.
fn shown_column(t: &Table) -> Option<usize> {
    let numeric = |c: &usize| t.file.columns[*c].kind != ColumnType::Text;
    let distributed = t.file.rules.iter().find_map(|r| {
        let r = &r.value;
        matches!(
            r.rule,
            RuleKind::Allocation | RuleKind::EqualSplit | RuleKind::PerCapita
        )
        .then(|| t.column_index(r.column.as_deref()?))
        .flatten()
        .filter(numeric)
    });
    let numbers: Vec<usize> = (0..t.file.columns.len()).filter(numeric).collect();
    match (distributed, numbers.as_slice()) {
        (Some(c), _) => Some(c),
        (None, [only]) => Some(*only),
        (None, [first, ..]) if t.file.diagram == Some(true) => Some(*first),
        _ => None,
    }
}

/// The total the data rows of column `c` are parts of: the row a `sum` rule over all data rows of `c` names.
fn reference_row(t: &Table, c: usize) -> Option<usize> {
    t.file.rules.iter().find_map(|r| {
        let r = &r.value;
        let sums_c = r.rule == RuleKind::Sum
            && (r.column.as_deref().and_then(|k| t.column_index(k)) == Some(c)
                || r.columns
                    .iter()
                    .flatten()
                    .any(|k| t.column_index(k) == Some(c)));
        let all_data = r.rows.as_ref().is_none_or(|s| {
            s.group.is_none()
                && s.ids.is_none()
                && s.roles.as_deref().is_none_or(|x| x == [Role::Data])
        });
        let total = r.total.as_ref()?;
        (sums_c && all_data && total.value.is_none() && total.column.is_none())
            .then(|| t.row_index(total.row.as_deref()?))
            .flatten()
    })
}

/// What `partials/chart.html` is given as `chart`, or `None` when the table is not shown as a chart (opted out,
/// no column to show, no bar longer than zero).
pub fn chart_context(t: &Table, lang: Lang) -> Option<Value> {
    if !wanted(t) {
        return None;
    }
    let c = shown_column(t)?;
    let column = &t.file.columns[c];
    let value_of = |i: usize| match &t.rows[i].cells[c] {
        Cell::Number(v) => Some(*v),
        Cell::Dash | Cell::Empty => Some(Decimal::ZERO),
        Cell::Text(_) => None,
    };
    let reference = reference_row(t, c).and_then(|r| Some((r, value_of(r)?)));
    let data: Vec<(usize, Decimal)> = (0..t.rows.len())
        .filter(|&i| t.rows[i].role == Role::Data)
        .filter_map(|i| Some((i, value_of(i)?)))
        .collect();
    if data.is_empty() {
        return None;
    }
    let bars: Vec<(usize, Decimal, bool)> = reference
        .iter()
        .map(|&(r, v)| (r, v, true))
        .chain(data.iter().map(|&(i, v)| (i, v, false)))
        .collect();
    // The scale: the widest bar on each side of zero, in percent of the chart's width.
    let positive = bars
        .iter()
        .map(|b| b.1)
        .filter(|v| *v > Decimal::ZERO)
        .max();
    let negative = bars
        .iter()
        .map(|b| -b.1)
        .filter(|v| *v > Decimal::ZERO)
        .max();
    let span = positive
        .unwrap_or_default()
        .checked_add(negative.unwrap_or_default())?;
    if span.is_zero() {
        return None;
    }
    let hundred = Decimal::ONE_HUNDRED;
    let percent_of = |v: Decimal, of: Decimal| -> Option<Decimal> {
        v.abs().checked_mul(hundred)?.checked_div(of)
    };
    let zero = percent_of(negative.unwrap_or_default(), span)?;
    let unit = match column.kind {
        ColumnType::Percent => Some("%"),
        _ => t.unit_of(c),
    };
    let figure = |v: Decimal| {
        let n = number(v, column.decimals, lang);
        match unit.map(str::trim).filter(|u| !u.is_empty()) {
            Some(u) => format!("{n} {u}"),
            None => n,
        }
    };
    let fixed = |p: Decimal| p.round_dp(2).to_string();
    let mut rows = Vec::new();
    for (n, &(i, v, is_reference)) in bars.iter().enumerate() {
        let width = percent_of(v, span)?;
        let x = if v < Decimal::ZERO {
            zero.checked_sub(width)?
        } else {
            zero
        };
        let share = reference
            .filter(|_| !is_reference)
            .and_then(|(_, total)| percent_of(v, total).filter(|_| !total.is_zero()))
            .map(|p| {
                i18n::text(
                    &Msg::ChartShare {
                        percent: p.round_dp(1).normalize(),
                    },
                    lang,
                )
            });
        let top = n as u32 * ROW;
        rows.push(json!({
            "label": row_name(t, i, lang),
            "value": match share { Some(s) => format!("{} {s}", figure(v)), None => figure(v) },
            "reference": is_reference,
            "label_y": top + LABEL_Y,
            "bar_y": top + BAR_Y,
            "bar_height": BAR_HEIGHT,
            "x": fixed(x),
            "width": fixed(width),
        }));
    }
    let largest = data
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|&(i, v)| (row_name(t, i, lang), figure(v)));
    let description = Msg::ChartDescription {
        bars: data.len(),
        largest: largest.as_ref().map(|l| l.0.clone()).unwrap_or_default(),
        value: largest.map(|l| l.1).unwrap_or_default(),
        reference: Box::new(match reference {
            Some((r, v)) => Msg::ChartAgainst {
                row: row_name(t, r, lang),
                value: figure(v),
            },
            None => Msg::Nothing,
        }),
    };
    Some(json!({
        "id": format!("diagram-{}", t.id),
        "title": i18n::text(&Msg::ChartTitle { column: column.name().to_string(), table: t.file.title.clone() }, lang),
        "description": i18n::text(&description, lang),
        "height": bars.len() as u32 * ROW,
        "zero": fixed(zero),
        "rows": rows,
    }))
}
