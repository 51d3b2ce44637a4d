//! Builds a [`Table`] from its parsed YAML file: typed cells (exact decimals, never floats), row roles, and the
//! errors a table's own text can have (reserved or repeated column keys, unknown cells, ambiguous numbers).

use super::files::RawFile;
use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::table::{Cell, ColumnType, Raw, Role, Row, TableFile};
use crate::model::{Source, Table};
use std::collections::{HashMap, HashSet};

pub(crate) fn build_table(f: RawFile, file: TableFile) -> (Table, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let rel = f.rel.clone();
    let mut seen_keys: HashMap<&str, usize> = HashMap::new();
    for c in &file.columns {
        let seen = seen_keys.entry(c.key.as_str()).or_default();
        *seen += 1;
        if ["id", "role", "group", "note"].contains(&c.key.as_str()) || *seen > 1 {
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
            if !["id", "role", "group", "note"].contains(&key.as_str())
                && !file.columns.iter().any(|c| &c.key == key)
            {
                let p = crate::yaml::pos(&map[key], 0);
                if let Some(d) = crate::model::table::decimal_comma(&rel, map, key) {
                    diags.push(d);
                    continue;
                }
                diags.push(
                    Diagnostic::error(
                        Code::UnknownField,
                        Msg::CellOfUnknownColumn { key: key.clone() },
                    )
                    .at(
                        &rel,
                        p.line,
                        p.column.saturating_sub(key.chars().count() + 2).max(1),
                    )
                    .expected(Msg::ExpectOneOf {
                        list: file
                            .columns
                            .iter()
                            .map(|c| c.key.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
                    .found(key.clone()),
                );
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
            cells.push(cell);
        }
        rows.push(Row {
            id,
            role,
            group: text_of("group"),
            note: text_of("note"),
            cells,
            pos: row_pos,
            cell_pos,
        });
    }
    let table = Table {
        id: f.stem,
        source: Source {
            file: f.rel,
            body_line: 0,
        },
        file,
        rows,
    };
    (table, diags)
}
