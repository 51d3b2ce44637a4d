//! HTML fragments placed inside pages: tables and meeting calendars.

use super::format::{escape, number};
use crate::config::Config;
use crate::i18n;
use crate::markdown::AnchorStyle;
use crate::model::meeting::Calendar;
use crate::model::table::{Cell, ColumnType, Role};
use crate::model::Table;
use crate::site::{url_path, ItemKind};

/// An accessible HTML table with Danish number formatting, its notes and its discrepancies.
pub fn table_html(t: &Table, config: &Config, base: &str) -> String {
    let lang = config.language;
    let mut h = String::new();
    h.push_str(&format!(
        "<figure class=\"tabel\" id=\"tabel-{}\">\n",
        escape(&t.id)
    ));
    if let Some(nb) = &t.file.notes_before {
        h.push_str(&format!(
            "<div class=\"tabel-note\">{}</div>\n",
            crate::markdown::render_simple(nb)
        ));
    }
    // A labelled section is a region landmark: keyboard users can focus it and scroll a wide table.
    h.push_str("<section class=\"tabel-scroll\" tabindex=\"0\" aria-label=\"");
    h.push_str(&escape(&t.file.title));
    h.push_str("\"><table>\n<caption>");
    h.push_str(&format!(
        "<a href=\"{base}{}\">{}</a>",
        url_path(ItemKind::Table, &t.id),
        escape(&t.file.title)
    ));
    if let Some(c) = &t.file.caption {
        h.push_str(&format!("<span class=\"undertitel\">{}</span>", escape(c)));
    }
    h.push_str("</caption>\n<thead>\n");
    let cols = &t.file.columns;
    if cols.iter().any(|c| c.header.is_some()) {
        h.push_str("<tr>");
        let mut i = 0;
        while i < cols.len() {
            let hdr = cols[i].header.clone();
            let mut span = 1;
            while i + span < cols.len() && cols[i + span].header == hdr {
                span += 1;
            }
            let text = hdr.as_deref().map(escape).unwrap_or_default();
            if span > 1 {
                h.push_str(&format!(
                    "<th scope=\"colgroup\" colspan=\"{span}\">{text}</th>"
                ));
            } else if text.is_empty() {
                h.push_str("<td></td>");
            } else {
                h.push_str(&format!("<th scope=\"col\">{text}</th>"));
            }
            i += span;
        }
        h.push_str("</tr>\n");
    }
    // The label row, unless the source prints no column labels at all (Bilag B): an empty header row only
    // gives screen readers blank headers.
    if cols.iter().any(|c| !c.label.is_empty()) {
        h.push_str("<tr>");
        for c in cols {
            let class = if c.kind == ColumnType::Text {
                ""
            } else {
                " class=\"tal\""
            };
            // The unit is data (for rules and screen readers' titles), not printed text: the header shows the label
            // exactly as the source prints it.
            let unit = match (c.kind, c.unit.as_deref().or(t.file.unit.as_deref())) {
                (ColumnType::Text, _) | (_, None) => String::new(),
                (_, Some(u)) => format!(" title=\"{}\"", escape(u)),
            };
            h.push_str(&format!(
                "<th scope=\"col\"{class}{unit}>{}</th>",
                escape(&c.label)
            ));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</thead>\n<tbody>\n");
    // Cells named by a discrepancy get a marker that points at the note below the table.
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
    let mut current_group: Option<&str> = None;
    for (ri, row) in t.rows.iter().enumerate() {
        if row.group.as_deref() != current_group {
            current_group = row.group.as_deref();
            // A group's name is printed as a heading row unless the group opens with its own subtotal line.
            if let (Some(g), Role::Data) = (current_group, row.role) {
                h.push_str(&format!(
                    "<tr class=\"gruppe\"><th scope=\"rowgroup\" colspan=\"{}\">{}</th></tr>\n",
                    cols.len(),
                    escape(g)
                ));
            }
        }
        let class = match row.role {
            Role::Data => "",
            Role::Subtotal => " class=\"subtotal\"",
            Role::Total => " class=\"total\"",
        };
        h.push_str(&format!("<tr{class}>"));
        for (ci, (cell, col)) in row.cells.iter().zip(cols).enumerate() {
            let text = match cell {
                Cell::Number(v) => {
                    let s = number(*v, col.decimals, lang);
                    if col.kind == ColumnType::Percent {
                        format!("{s} %")
                    } else {
                        s
                    }
                }
                Cell::Dash => "-".to_string(),
                Cell::Empty => String::new(),
                Cell::Text(s) => escape(s),
            };
            let marks: String = flagged
                .iter()
                .filter(|(r, c, _)| *r == ri && (c.is_none() && ci == cols.len() - 1 || *c == Some(ci)))
                .map(|(_, _, n)| {
                    format!("<a class=\"afvigelse-mark\" href=\"#tabel-{}-note-{n}\" aria-label=\"Bemærkning {n}\">*{n}</a>", escape(&t.id))
                })
                .collect();
            if ci == 0 && col.kind == ColumnType::Text {
                h.push_str(&format!("<th scope=\"row\">{text}{marks}</th>"));
            } else if col.kind == ColumnType::Text {
                h.push_str(&format!("<td>{text}{marks}</td>"));
            } else {
                h.push_str(&format!("<td class=\"tal\">{text}{marks}</td>"));
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table></section>\n");
    if let Some(na) = &t.file.notes_after {
        h.push_str(&format!(
            "<div class=\"tabel-note\">{}</div>\n",
            crate::markdown::render_simple(na)
        ));
    }
    if !t.file.discrepancies.is_empty() {
        let title = i18n::strings(lang)["discrepancies"];
        h.push_str(&format!(
            "<aside class=\"afvigelser\" aria-label=\"{title}\"><h3>{title}</h3><ol>\n"
        ));
        for (n, d) in t.file.discrepancies.iter().enumerate() {
            h.push_str(&format!(
                "<li id=\"tabel-{}-note-{}\">{}</li>\n",
                escape(&t.id),
                n + 1,
                escape(&d.value.note)
            ));
        }
        h.push_str("</ol></aside>\n");
    }
    h.push_str("</figure>\n");
    h
}

/// A meeting calendar as a dated list, linking dates that are meetings in the portal.
pub fn calendar_html(
    c: &Calendar,
    config: &Config,
    url_of: &(dyn Fn(&str) -> Option<(String, AnchorStyle)> + Sync),
) -> String {
    let mut h = format!(
        "<div class=\"kalender\"><p class=\"kalender-titel\">{}</p><ul>\n",
        escape(&c.title)
    );
    for d in &c.dates {
        let date = chrono::NaiveDate::parse_from_str(d.date.value.trim(), "%Y-%m-%d").ok();
        let label = date
            .map(|x| i18n::day_month(x, config.language))
            .unwrap_or_else(|| escape(&d.date.value));
        let link = match (date, &c.body) {
            (Some(x), Some(b)) => url_of(&format!("{}-{b}", x.format("%Y-%m-%d"))).map(|(u, _)| u),
            _ => None,
        };
        let time = match date {
            Some(x) => format!("<time datetime=\"{}\">{label}</time>", x.format("%Y-%m-%d")),
            None => label,
        };
        let time = match link {
            Some(u) => format!("<a href=\"{u}\">{time}</a>"),
            None => time,
        };
        let note = d
            .note
            .as_deref()
            .map(|n| format!(" ({})", escape(n)))
            .unwrap_or_default();
        h.push_str(&format!("<li>{time}{note}</li>\n"));
    }
    h.push_str("</ul></div>\n");
    h
}
