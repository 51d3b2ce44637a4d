//! Open data: every table as CSV (`data/<id>.csv`) and a Frictionless Data Package describing them all
//! (`data/datapackage.json`, a Table Schema per table).
//!
//! CSV: UTF-8, RFC 4180 (CRLF, quotes only where needed), a header row of keys: `row_number`, `row_id`,
//! `row_role` (data, subtotal, total) and `row_group`, then the table's column keys. Figures are written exactly
//! as the model holds them (`rust_decimal`, `.` as decimal point, no thousands separators); a printed dash is
//! `-` and an empty cell is empty, both declared as missing values. Percent columns hold the percentage (12.5 is
//! 12.5 %). The printed labels are each field's `title`, the unit its `protokol:unit` and part of its
//! `description`. The primary key is `row_id` when every row has an id, else `row_number`.

use super::{published, File};
use crate::load::Site;
use crate::model::table::{Cell, ColumnType, Role};
use crate::model::{ItemKind, Table};
use serde_json::{json, Value};

/// Open data is the tables alone: it shows nothing of a meeting, a document or a page, so serve leaves it as it is
/// after their edits instead of making it again and looking through every file it wrote for what it no longer
/// makes (45–70 ms at 100,000 meetings, #15). A meeting that comes or goes still has it made again.
pub(super) const SHOWS: super::Shows = super::Shows {
    meeting: |_, _| super::shown_hash(&|_| {}),
    ignores: |_, kind| kind != ItemKind::Table,
};

pub fn files(site: &Site) -> Vec<File> {
    let mut out: Vec<File> = published::tables(site)
        .map(|t| (csv_path(&t.id), csv(t).into_bytes()))
        .collect();
    let package = json!({
        "profile": "tabular-data-package",
        "name": package_name(&site.config.title),
        "title": site.config.title,
        "description": site.config.description,
        "resources": published::tables(site).map(resource).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&package).unwrap_or_default();
    text.push('\n');
    out.push(("data/datapackage.json".to_string(), text.into_bytes()));
    out
}

/// The CSV file of a table, below the output.
pub fn csv_path(id: &str) -> String {
    format!("data/{id}.csv")
}

/// A package name as the Data Package spec allows (`[a-z0-9._-]`): the title folded.
fn package_name(title: &str) -> String {
    let mut out = String::new();
    for c in title.to_lowercase().chars() {
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            'æ' => out.push_str("ae"),
            'ø' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            _ if !out.ends_with('-') && !out.is_empty() => out.push('-'),
            _ => {}
        }
    }
    let name = out.trim_end_matches('-').to_string();
    if name.is_empty() {
        "protokol".into()
    } else {
        name
    }
}

fn role(r: Role) -> &'static str {
    r.name()
}

/// A column is numeric in the data when every cell of it is a number, a dash or empty.
fn numeric(t: &Table, col: usize) -> bool {
    t.file.columns[col].kind != ColumnType::Text
        && t.rows
            .iter()
            .all(|r| !matches!(r.cells.get(col), Some(Cell::Text(_))))
}

fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(t: &Table) -> String {
    let mut out = String::new();
    let mut header = vec![
        "row_number".to_string(),
        "row_id".into(),
        "row_role".into(),
        "row_group".into(),
    ];
    header.extend(t.file.columns.iter().map(|c| c.key.clone()));
    out.push_str(
        &header
            .iter()
            .map(|h| field(h))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    for (n, r) in t.rows.iter().enumerate() {
        let mut cells = vec![
            (n + 1).to_string(),
            field(r.id.as_deref().unwrap_or("")),
            role(r.role).to_string(),
            field(r.group.as_deref().unwrap_or("")),
        ];
        cells.extend(r.cells.iter().map(|c| match c {
            Cell::Number(v) => v.to_string(),
            Cell::Dash => "-".to_string(),
            Cell::Empty => String::new(),
            Cell::Text(s) => field(s),
        }));
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

fn resource(t: &Table) -> Value {
    let mut fields = vec![
        json!({"name": "row_number", "type": "integer", "description": "Rækkens nummer i tabellen (fra 1)", "constraints": {"required": true, "unique": true}}),
        json!({"name": "row_id", "type": "string", "description": "Rækkens id i kilden"}),
        json!({"name": "row_role", "type": "string", "description": "data, subtotal eller total", "constraints": {"enum": ["data", "subtotal", "total"]}}),
        json!({"name": "row_group", "type": "string", "description": "Gruppen rækken hører til"}),
    ];
    for (i, c) in t.file.columns.iter().enumerate() {
        let unit = match c.kind {
            ColumnType::Text => None,
            ColumnType::Percent => Some("%".to_string()),
            ColumnType::Number => t.unit_of(i).map(str::to_string),
        };
        let mut f = json!({
            "name": c.key,
            "type": if numeric(t, i) { "number" } else { "string" },
        });
        let title = match (&c.header, c.label.trim()) {
            (Some(h), "") => h.clone(),
            (Some(h), l) => format!("{h}: {l}"),
            (None, l) => l.to_string(),
        };
        if !title.is_empty() {
            f["title"] = json!(title);
        }
        let mut description = match c.kind {
            ColumnType::Text => "tekst".to_string(),
            ColumnType::Number => "tal".to_string(),
            ColumnType::Percent => "procent (12.5 er 12,5 %)".to_string(),
        };
        if let Some(u) = &unit {
            description.push_str(&format!("; enhed: {u}"));
            f["protokol:unit"] = json!(u);
        }
        if let Some(d) = c.decimals {
            f["protokol:decimals"] = json!(d);
        }
        f["description"] = json!(description);
        fields.push(f);
    }
    let all_ids = !t.rows.is_empty() && t.rows.iter().all(|r| r.id.is_some());
    let mut r = json!({
        "name": t.id,
        "path": format!("{}.csv", t.id),
        "profile": "tabular-data-resource",
        "title": t.file.title,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {
            "fields": fields,
            "primaryKey": [if all_ids { "row_id" } else { "row_number" }],
            "missingValues": ["", "-"],
        },
    });
    if let Some(s) = &t.file.source {
        r["sources"] = json!([{"title": s}]);
    }
    if let Some(c) = &t.file.caption {
        r["description"] = json!(c);
    }
    r
}
