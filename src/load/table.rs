//! Builds a [`Table`] from its parsed YAML file: typed cells (exact decimals, never floats), row roles, and the
//! errors a table's own text can have (reserved or repeated column keys, unknown cells, ambiguous numbers, a
//! figure in a heading row, nested groups that name no group or lie inside themselves, a display precision that
//! is not positive).

use super::files::RawFile;
use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::table::{Cell, ColumnType, Raw, Role, Row, TableFile};
use crate::model::{Source, Table};
use std::collections::{HashMap, HashSet};

/// The keys of a row that are not cells.
const ROW_FIELDS: [&str; 5] = ["id", "role", "group", "note", "supplied"];

pub(crate) fn build_table(f: RawFile, file: TableFile) -> (Table, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let rel = f.rel.clone();
    let mut seen_keys: HashMap<&str, usize> = HashMap::new();
    for c in &file.columns {
        let seen = seen_keys.entry(c.key.as_str()).or_default();
        *seen += 1;
        if ROW_FIELDS.contains(&c.key.as_str()) || *seen > 1 {
            let p = crate::model::table::column_key_pos(&f.text, &c.key, *seen);
            diags.push(
                Diagnostic::error(
                    Code::TableColumn,
                    Msg::ColumnKeyReserved { key: c.key.clone() },
                )
                .at(&rel, p.line, p.column)
                .expected(Msg::ExpectColumnKeys),
            );
        }
    }
    let mut rows = Vec::new();
    let mut ids = HashSet::new();
    for spanned in &file.rows {
        let row_pos = crate::yaml::pos(spanned, 0);
        let map = &spanned.value;
        let text_of = |key: &str| -> Option<String> {
            map.get(key)
                .and_then(|v| v.value.as_ref())
                .map(|r| r.0.clone())
        };
        let role = match text_of("role").as_deref() {
            None | Some("data") => Role::Data,
            Some("heading") => Role::Heading,
            Some("subtotal") => Role::Subtotal,
            Some("total") => Role::Total,
            Some(other) => {
                let p = map
                    .get("role")
                    .map(|v| crate::yaml::pos(v, 0))
                    .unwrap_or(row_pos);
                diags.push(
                    Diagnostic::error(Code::TableRow, Msg::RowRoleUnknown)
                        .at(&rel, p.line, p.column)
                        .expected(Msg::ExpectRowRole)
                        .found(other.to_string()),
                );
                Role::Data
            }
        };
        let id = text_of("id");
        if let Some(id) = &id {
            if !ids.insert(id.clone()) {
                diags.push(
                    Diagnostic::error(Code::TableRow, Msg::RowIdTwice { id: id.clone() }).at(
                        &rel,
                        row_pos.line,
                        row_pos.column,
                    ),
                );
            }
        }
        for key in map.keys() {
            if !ROW_FIELDS.contains(&key.as_str()) && !file.columns.iter().any(|c| &c.key == key) {
                let p = crate::yaml::pos(&map[key], 0);
                if let Some(d) = crate::model::table::decimal_comma(&rel, map, key) {
                    diags.push(d);
                    continue;
                }
                let column = p.column.saturating_sub(key.chars().count() + 2).max(1);
                diags.push(unknown_column(&rel, p.line, column, key, &file));
            }
        }
        let mut cells = Vec::new();
        let mut cell_pos = Vec::new();
        for col in &file.columns {
            let entry = map.get(&col.key);
            let p = entry.map(|v| crate::yaml::pos(v, 0)).unwrap_or(row_pos);
            cell_pos.push(p);
            let cell = match entry.and_then(|v| v.value.as_ref()) {
                None => Cell::Empty,
                Some(Raw(s)) => match col.kind {
                    ColumnType::Text => Cell::Text(s.clone()),
                    ColumnType::Number | ColumnType::Percent => {
                        if s.trim() == "-" {
                            Cell::Dash
                        } else if s.trim().is_empty() {
                            Cell::Empty
                        } else {
                            match crate::number::parse_decimal(s) {
                                Ok(_)
                                    if crate::number::looks_like_danish_thousands(s)
                                        && col.decimals != Some(3) =>
                                {
                                    diags.push(crate::model::table::danish_thousands(
                                        &rel, p, &col.key, s,
                                    ));
                                    Cell::Text(s.clone())
                                }
                                Ok(d) => Cell::Number(d),
                                Err(e) => {
                                    diags.push(
                                        Diagnostic::error(
                                            Code::TableNumber,
                                            Msg::ColumnHoldsNumbers {
                                                column: col.key.clone(),
                                            },
                                        )
                                        .at(&rel, p.line, p.column)
                                        .expected(e)
                                        .found(s.clone()),
                                    );
                                    Cell::Text(s.clone())
                                }
                            }
                        }
                    }
                },
            };
            if role == Role::Heading && matches!(cell, Cell::Number(_)) {
                diags.push(
                    Diagnostic::error(
                        Code::TableRow,
                        Msg::HeadingRowWithFigure {
                            column: col.name().to_string(),
                        },
                    )
                    .at(&rel, p.line, p.column)
                    .expected(Msg::ExpectHeadingRowEmpty)
                    .hint(Msg::HintHeadingRowWithFigure),
                );
            }
            cells.push(cell);
        }
        let mut supplied = Vec::new();
        for key in text_of("supplied").iter().flat_map(|s| s.split([',', ' '])) {
            if key.is_empty() {
                continue;
            }
            match file.columns.iter().position(|c| c.key == key) {
                Some(i) => supplied.push(i),
                None => {
                    let p = map
                        .get("supplied")
                        .map(|v| crate::yaml::pos(v, 0))
                        .unwrap_or(row_pos);
                    diags.push(unknown_column(&rel, p.line, p.column, key, &file));
                }
            }
        }
        rows.push(Row {
            id,
            role,
            group: text_of("group"),
            note: text_of("note"),
            supplied,
            cells,
            pos: row_pos,
            cell_pos,
        });
    }
    let mut table = Table {
        id: f.stem,
        source: Source {
            file: f.rel,
            body_line: 0,
        },
        file,
        rows,
        figures: Vec::new(),
        numbers: Vec::new(),
        column_pos: Vec::new(),
    };
    table.column_pos = (table.file.columns.iter().enumerate())
        .map(|(i, c)| {
            let nth = (table.file.columns[..=i].iter())
                .filter(|x| x.key == c.key)
                .count();
            crate::model::table::column_key_pos(&f.text, &c.key, nth)
        })
        .collect();
    super::table_figures::bind_table_texts(&mut table, &f.text, &mut diags);
    diags.extend(groups_and_precision(&table, &f.text));
    (table, diags)
}

/// A row names a column (as a cell, or in `supplied:`) that the table does not have.
fn unknown_column(
    rel: &str,
    line: usize,
    column: usize,
    key: &str,
    file: &TableFile,
) -> Diagnostic {
    Diagnostic::error(
        Code::UnknownField,
        Msg::CellOfUnknownColumn {
            key: key.to_string(),
        },
    )
    .at(rel, line, column)
    .expected(Msg::ExpectOneOf {
        list: file
            .columns
            .iter()
            .map(|c| c.key.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    })
    .found(key.to_string())
}

/// Nested groups name a parent that exists and never lie inside themselves; a declared display precision is
/// positive; a span stays inside the table, covers only empty cells and no other span's cells.
fn groups_and_precision(t: &Table, text: &str) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let rel = &t.source.file;
    // A cycle is reported once, at the first group of it.
    let mut in_cycle: HashSet<&str> = HashSet::new();
    for g in &t.file.groups {
        let p = crate::yaml::pos(g, 0);
        let (name, parent) = (&g.value.name, &g.value.parent);
        if in_cycle.contains(name.as_str()) {
            continue;
        }
        let known = t.rows.iter().any(|r| r.group.as_ref() == Some(parent))
            || t.file.groups.iter().any(|o| &o.value.name == parent);
        if !known {
            diags.push(
                Diagnostic::error(
                    Code::TableRow,
                    Msg::GroupParentUnknown {
                        group: name.clone(),
                        parent: parent.clone(),
                    },
                )
                .at(rel, p.line, p.column),
            );
        } else if t.group_chain(parent).contains(&name.as_str()) {
            in_cycle.extend(t.group_chain(parent));
            diags.push(
                Diagnostic::error(
                    Code::TableRow,
                    Msg::GroupCycle {
                        group: name.clone(),
                    },
                )
                .at(rel, p.line, p.column),
            );
        }
    }
    let declared = t.file.precision.iter().map(|p| (p.0, None)).chain(
        t.file
            .columns
            .iter()
            .filter_map(|c| c.precision.map(|p| (p.0, Some(c.key.as_str())))),
    );
    for (value, key) in declared {
        if value <= rust_decimal::Decimal::ZERO {
            let p = match key {
                Some(k) => crate::model::table::column_key_pos(text, k, 1),
                None => crate::diagnostics::Pos { line: 1, column: 1 },
            };
            diags.push(
                Diagnostic::error(
                    Code::TableColumn,
                    Msg::PrecisionNotPositive {
                        value: value.normalize(),
                    },
                )
                .at(rel, p.line, p.column),
            );
        }
    }
    diags.extend(spans(t));
    diags
}

fn spans(t: &Table) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut covered: HashSet<(usize, usize)> = HashSet::new();
    for s in &t.file.spans {
        let p = crate::yaml::pos(s, 0);
        let span = &s.value;
        let problem = match (t.row_index(&span.row), t.column_index(&span.column)) {
            (None, _) => Some(Msg::RuleNoRow {
                row: span.row.clone(),
            }),
            (_, None) => Some(Msg::RuleNoColumn {
                column: span.column.clone(),
            }),
            (Some(r), Some(c)) => {
                let (rows, cols) = (span.rows.max(1), span.columns.max(1));
                if r.saturating_add(rows) > t.rows.len()
                    || c.saturating_add(cols) > t.file.columns.len()
                {
                    Some(Msg::SpanOutside {
                        rows: t.rows.len() - r,
                        columns: t.file.columns.len() - c,
                    })
                } else {
                    let mut problem = None;
                    for (ri, ci) in
                        (r..r + rows).flat_map(|ri| (c..c + cols).map(move |ci| (ri, ci)))
                    {
                        if !covered.insert((ri, ci)) {
                            problem = Some(Msg::SpanOverlaps {
                                row: t.row_label(ri),
                                column: t.file.columns[ci].name().to_string(),
                            });
                            break;
                        }
                        if (ri, ci) != (r, c) && t.rows[ri].cells[ci] != Cell::Empty {
                            problem = Some(Msg::SpanCoversCell {
                                row: t.row_label(ri),
                                column: t.file.columns[ci].name().to_string(),
                            });
                            break;
                        }
                    }
                    problem
                }
            }
        };
        if let Some(m) = problem {
            diags.push(Diagnostic::error(Code::TableRow, m).at(&t.source.file, p.line, p.column));
        }
    }
    diags
}
