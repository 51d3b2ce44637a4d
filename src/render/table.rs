//! A table as it is placed in a page: the plain context `partials/table.html` is rendered from (numbers written in
//! the build's language, headers grouped, discrepancy marks placed), so a theme can restyle tables.

use super::format::number;
use super::templates::render_fragment;
use crate::diagnostics::Diagnostic;
use crate::i18n::{self, Lang, Msg};
use crate::model::table::{Cell, ColumnType, Role};
use crate::model::ItemKind;
use crate::model::Table;
use crate::urls::url_path;
use crate::urls::ROOT;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};

/// The template a table is rendered with.
pub const TABLE_TEMPLATE: &str = "partials/table.html";

/// An accessible HTML table with its notes and discrepancies, through the theme's [`TABLE_TEMPLATE`].
pub fn table_html(tera: &tera::Tera, t: &Table, lang: Lang) -> Result<String, Diagnostic> {
    render_fragment(tera, TABLE_TEMPLATE, "table", table_context(t, lang), lang)
        .map_err(|d| d.in_file(&t.source.file))
}

/// What [`TABLE_TEMPLATE`] is given as `table`. Texts are plain (the template escapes them); `notes_before` and
/// `notes_after` are Markdown rendered to sanitised HTML.
pub fn table_context(t: &Table, lang: Lang) -> Value {
    let cols = &t.file.columns;
    // The row of grouping headers, if any column has one: runs of columns with the same header share one cell.
    let mut headers = Vec::new();
    if cols.iter().any(|c| c.header.is_some()) {
        let mut i = 0;
        while i < cols.len() {
            let header = &cols[i].header;
            let span = cols[i..].iter().take_while(|c| &c.header == header).count();
            headers.push(json!({"text": header.as_deref().unwrap_or_default(), "span": span}));
            i += span;
        }
    }
    // The label row, unless the source prints no column labels at all (Bilag B): an empty header row only
    // gives screen readers blank headers. The unit is data (for rules and screen readers' titles), not printed
    // text: the header shows the label exactly as the source prints it.
    let labels: Vec<Value> = if cols.iter().any(|c| !c.label.is_empty()) {
        cols.iter()
            .map(|c| {
                let numeric = c.kind != ColumnType::Text;
                let unit = c
                    .unit
                    .as_deref()
                    .or(t.file.unit.as_deref())
                    .filter(|_| numeric);
                json!({"label": c.label, "numeric": numeric, "unit": unit})
            })
            .collect()
    } else {
        Vec::new()
    };
    // Cells named by a discrepancy get a marker that points at the note below the table; a discrepancy naming
    // only a row marks its last cell.
    let flagged: Vec<(usize, Option<usize>, usize)> = t
        .file
        .discrepancies
        .iter()
        .enumerate()
        .filter_map(|(n, d)| {
            let row = d.value.row.as_deref().and_then(|r| t.row_index(r))?;
            Some((
                row,
                d.value.column.as_deref().and_then(|c| t.column_index(c)),
                n + 1,
            ))
        })
        .collect();
    // Cells a span starts at (with its size) and the cells it covers (not written).
    let mut spans: HashMap<(usize, usize), (usize, usize)> = HashMap::new();
    let mut covered: HashSet<(usize, usize)> = HashSet::new();
    for s in &t.file.spans {
        let s = &s.value;
        let (Some(r), Some(c)) = (t.row_index(&s.row), t.column_index(&s.column)) else {
            continue;
        };
        let (rows, columns) = (s.rows.max(1), s.columns.max(1));
        if r + rows > t.rows.len() || c + columns > cols.len() {
            continue;
        }
        spans.insert((r, c), (rows, columns));
        for ri in r..r + rows {
            for ci in c..c + columns {
                if (ri, ci) != (r, c) {
                    covered.insert((ri, ci));
                }
            }
        }
    }
    // Every number cell has an id that bound figures link to (`model::figure::cell_anchor`).
    let row_keys = crate::model::figure::row_keys(t);
    let any_supplied = t.file.title_supplied || t.rows.iter().any(|r| !r.supplied.is_empty());
    let mut open_groups: Vec<&str> = Vec::new();
    let rows: Vec<Value> = t
        .rows
        .iter()
        .enumerate()
        .map(|(ri, row)| {
            // The groups a row enters are printed as heading rows, outer first, unless the row opens its own
            // group itself (a subtotal line or a heading row).
            let mut chain: Vec<&str> = row.group.as_deref().map(|g| t.group_chain(g)).unwrap_or_default();
            chain.reverse();
            let kept = open_groups.iter().zip(&chain).take_while(|(a, b)| a == b).count();
            let mut entered: Vec<&str> = chain[kept..].to_vec();
            if row.role != Role::Data && !entered.is_empty() {
                entered.pop();
            }
            let groups: Vec<Value> = entered
                .iter()
                .map(|g| json!({"text": g, "level": chain.iter().position(|x| x == g).unwrap_or(0) + 1}))
                .collect();
            open_groups = chain;
            if row.role == Role::Heading {
                let label = row_name(t, ri, lang);
                let level = open_groups.len().max(1);
                return json!({"groups": groups, "role": "heading", "heading": label, "level": level, "cells": []});
            }
            let cells: Vec<Value> = row
                .cells
                .iter()
                .zip(cols)
                .enumerate()
                .filter(|(ci, _)| !covered.contains(&(ri, *ci)))
                .map(|(ci, (cell, col))| {
                    let text = match cell {
                        Cell::Number(v) if col.kind == ColumnType::Percent => {
                            format!("{} %", number(*v, col.decimals, lang))
                        }
                        Cell::Number(v) => number(*v, col.decimals, lang),
                        Cell::Dash => "-".to_string(),
                        Cell::Empty => String::new(),
                        Cell::Text(s) => s.clone(),
                    };
                    let marks: Vec<usize> = flagged
                        .iter()
                        .filter(|(r, c, _)| {
                            *r == ri && (c.is_none() && ci == cols.len() - 1 || *c == Some(ci))
                        })
                        .map(|(_, _, n)| *n)
                        .collect();
                    let kind = match col.kind {
                        ColumnType::Text if ci == 0 => "row",
                        ColumnType::Text => "text",
                        _ => "number",
                    };
                    // Written by protokol from two integers, so the template may insert it unescaped.
                    let span = match spans.get(&(ri, ci)).copied().unwrap_or((1, 1)) {
                        (1, 1) => String::new(),
                        (1, c) => format!(" colspan=\"{c}\""),
                        (r, 1) => format!(" rowspan=\"{r}\""),
                        (r, c) => format!(" colspan=\"{c}\" rowspan=\"{r}\""),
                    };
                    let id = (kind == "number")
                        .then(|| crate::model::figure::cell_anchor(&t.id, &row_keys[ri], &col.key));
                    json!({"text": text, "kind": kind, "marks": marks, "id": id,
                        "supplied": row.supplied.contains(&ci), "span": span})
                })
                .collect();
            json!({"groups": groups, "role": row.role.name(), "cells": cells})
        })
        .collect();
    let notes = |n: &Option<String>| n.as_deref().map(crate::markdown::render_simple);
    json!({
        "id": t.id,
        "url": format!("{ROOT}{}", url_path(ItemKind::Table, &t.id)),
        "title": t.file.title,
        "title_supplied": t.file.title_supplied,
        "supplied_note": any_supplied.then(|| i18n::text(&Msg::EditorSuppliedNote, lang)),
        "supplied_mark": i18n::text(&Msg::EditorSuppliedMark, lang),
        "precision_note": precision_note(t, lang),
        "caption": t.file.caption,
        "notes_before": notes(&t.file.notes_before),
        "notes_after": notes(&t.file.notes_after),
        "columns": cols.len(),
        "headers": headers,
        "labels": labels,
        "rows": rows,
        "discrepancies": t.file.discrepancies.iter().map(|d| d.value.note.as_str()).collect::<Vec<_>>(),
        "proofs_marker": super::proofs::marker(&t.id),
        "chart": super::chart::chart_context(t, lang),
    })
}

/// Below a table whose figures are rounded for display: to what, and that a total may differ from the sum of
/// the figures shown. The table's precision, else the one its number columns share.
fn precision_note(t: &Table, lang: Lang) -> Option<String> {
    let mut declared =
        (0..t.file.columns.len()).filter_map(|c| t.precision_of(c).map(|p| (p, t.unit_of(c))));
    let (precision, unit) = declared.next()?;
    let unit = unit.map(|u| format!(" {u}")).unwrap_or_default();
    Some(i18n::text(
        &Msg::TablePrecisionNote {
            precision: precision.normalize(),
            unit,
        },
        lang,
    ))
}

/// What a row is called: its printed label (its first text cell), or where the source prints none, what it is:
/// "I alt (Kommuner)" for a group's subtotal, "I alt" for the total, "Række 3" otherwise. Never its id.
pub(super) fn row_name(t: &Table, i: usize, lang: Lang) -> String {
    let row = &t.rows[i];
    let printed = row.cells.iter().find_map(|c| match c {
        Cell::Text(s) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    });
    printed.unwrap_or_else(|| {
        let name = match (row.role, &row.group) {
            (Role::Subtotal, Some(group)) => Msg::RowSubtotalOf {
                group: group.clone(),
            },
            (Role::Total, _) => Msg::RowTotal,
            _ => Msg::RowNumber { number: i + 1 },
        };
        i18n::text(&name, lang)
    })
}
