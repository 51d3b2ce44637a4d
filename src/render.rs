//! Render: the typed site → HTML pages through Tera. Templates come from the theme (`themes/<theme>/templates/`,
//! with the default theme embedded in the binary) and are overridden by the site's own `templates/`.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::{self, Lang};
use crate::markdown::AnchorStyle;
use crate::model::meeting::Calendar;
use crate::model::table::{Cell, ColumnType, Role};
use crate::model::{Document, Meeting, Table};
use crate::number::{format_da, format_en};
use crate::site::{url_path, ItemKind, Site};
use crate::urls::ROOT;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The default theme, embedded so that the binary works without the repository around it.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "index.html",
        include_str!("../themes/default/templates/index.html"),
    ),
    (
        "meeting.html",
        include_str!("../themes/default/templates/meeting.html"),
    ),
    (
        "document.html",
        include_str!("../themes/default/templates/document.html"),
    ),
    (
        "table.html",
        include_str!("../themes/default/templates/table.html"),
    ),
    (
        "body.html",
        include_str!("../themes/default/templates/body.html"),
    ),
    (
        "list.html",
        include_str!("../themes/default/templates/list.html"),
    ),
    (
        "page.html",
        include_str!("../themes/default/templates/page.html"),
    ),
    (
        "404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
    (
        "search.html",
        include_str!("../themes/default/templates/search.html"),
    ),
];
pub const DEFAULT_STATIC: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../themes/default/static/style.css"),
    ),
    (
        "soeg-kerne.js",
        include_str!("../themes/default/static/soeg-kerne.js"),
    ),
    ("soeg.js", include_str!("../themes/default/static/soeg.js")),
    (
        "favicon.svg",
        include_str!("../themes/default/static/favicon.svg"),
    ),
];

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn fmt_num(v: rust_decimal::Decimal, decimals: Option<u32>, lang: Lang) -> String {
    match lang {
        Lang::Da => format_da(v, decimals),
        Lang::En => format_en(v, decimals),
    }
}

/// Loads the theme and the site's template overrides.
pub fn templates(root: &Path, config: &Config) -> Result<tera::Tera, Diagnostic> {
    compile_templates(&template_sources(root, config)?)
}

/// The text of every template by name: the embedded defaults, overridden by the theme's, overridden by the site's.
pub fn template_sources(
    root: &Path,
    config: &Config,
) -> Result<BTreeMap<String, String>, Diagnostic> {
    let mut sources: BTreeMap<String, String> = DEFAULT_TEMPLATES
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    let theme_dir = root.join("themes").join(&config.theme).join("templates");
    if config.theme != "default" && !theme_dir.is_dir() {
        return Err(Diagnostic::error(
            "theme-missing",
            format!("theme `{}` not found", config.theme),
        )
        .in_file(crate::config::CONFIG_FILE)
        .expected(format!(
            "a folder {}",
            theme_dir.strip_prefix(root).unwrap_or(&theme_dir).display()
        )));
    }
    for dir in [theme_dir, root.join("templates")] {
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().to_string();
                if name.ends_with(".html") {
                    let text = std::fs::read_to_string(e.path()).map_err(|err| {
                        Diagnostic::error("io", format!("cannot read template: {err}"))
                            .in_file(&name)
                    })?;
                    sources.insert(name, text);
                }
            }
        }
    }
    Ok(sources)
}

/// Compiles templates (as [`template_sources`] returns them).
pub fn compile_templates(sources: &BTreeMap<String, String>) -> Result<tera::Tera, Diagnostic> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .map_err(|e| {
            let mut msg = e.to_string();
            let mut src = std::error::Error::source(&e);
            while let Some(s) = src {
                msg.push_str(": ");
                msg.push_str(&s.to_string());
                src = s.source();
            }
            Diagnostic::error("template", msg)
                .hint("check the templates in templates/ or the theme")
        })?;
    Ok(tera)
}

/// The page templates that `changed` templates (by name) feed: the page template itself, a template it extends,
/// or a macro file it imports. `None` when a changed template is none of these for any page template (it may be
/// included anywhere): then every page must be rendered.
pub fn page_templates_using(
    tera: &tera::Tera,
    changed: &std::collections::BTreeSet<String>,
) -> Option<std::collections::BTreeSet<&'static str>> {
    let mut pages = std::collections::BTreeSet::new();
    let mut explained = std::collections::BTreeSet::new();
    for page in PAGE_TEMPLATES {
        let Ok(t) = tera.get_template(page) else {
            return None;
        };
        let mut feeds: Vec<&str> = vec![page];
        feeds.extend(t.parents.iter().map(String::as_str));
        for name in feeds.clone() {
            if let Ok(x) = tera.get_template(name) {
                feeds.extend(x.imported_macro_files.iter().map(|(f, _)| f.as_str()));
            }
        }
        for name in feeds {
            if changed.contains(name) {
                pages.insert(*page);
                explained.insert(name.to_string());
            }
        }
    }
    (explained.len() == changed.len()).then_some(pages)
}

/// Templates that render a page of their own ([`PageId::template`]); the rest are parents, partials or macros.
const PAGE_TEMPLATES: &[&str] = &[
    "index.html",
    "list.html",
    "body.html",
    "meeting.html",
    "document.html",
    "table.html",
    "page.html",
    "404.html",
    "search.html",
];

/// Static files of the theme, overridable by `static/` of the site.
pub fn static_files(root: &Path, config: &Config) -> Vec<(String, Vec<u8>)> {
    let mut files: BTreeMap<String, Vec<u8>> = DEFAULT_STATIC
        .iter()
        .map(|(n, s)| (n.to_string(), s.as_bytes().to_vec()))
        .collect();
    for dir in [
        root.join("themes").join(&config.theme).join("static"),
        root.join("static"),
    ] {
        for e in walkdir::WalkDir::new(&dir)
            .follow_links(false)
            .into_iter()
            .flatten()
        {
            if e.file_type().is_file() {
                if let (Ok(rel), Ok(bytes)) = (e.path().strip_prefix(&dir), std::fs::read(e.path()))
                {
                    files.insert(rel.to_string_lossy().replace('\\', "/"), bytes);
                }
            }
        }
    }
    files.into_iter().collect()
}

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
    h.push_str("<div class=\"tabel-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"");
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
                    let s = fmt_num(*v, col.decimals, lang);
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
    h.push_str("</tbody>\n</table></div>\n");
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

/// One output file: a path below the output directory and its bytes.
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

#[derive(PartialEq)]
struct Common {
    site: Value,
    t: Value,
    bodies: Value,
    menu: Value,
    /// The Atom feeds, for `<link rel="alternate">`.
    feeds: Value,
    /// Folder links end in `index.html` (not `pretty_urls`).
    index_files: bool,
    /// The absolute site URL, for canonical links.
    site_url: Option<String>,
    /// Where `404.html` links from: the configured `base_url` (a server shows it at any depth).
    not_found_root: String,
}

fn meeting_summary(m: &Meeting, site: &Site) -> Value {
    let lang = site.config.language;
    let body = site.config.body(m.body_id());
    json!({
        "id": m.id,
        "url": format!("{ROOT}{}", url_path(ItemKind::Meeting, &m.id)),
        "title": m.front.title,
        "date": m.date.format("%Y-%m-%d").to_string(),
        "date_text": i18n::date_short(m.date, lang),
        "date_long": i18n::date_long(m.date, lang),
        "kind": m.front.kind.as_str(),
        "kind_name": i18n::kind_name(m.front.kind.as_str(), lang),
        "body": body.map(|b| b.short_name()).unwrap_or(m.body_id()),
        "body_id": m.body_id(),
        "items": m.items.len(),
        "cancelled": m.front.cancelled,
        "calendar": format!("{ROOT}{}", crate::outputs::meeting_calendar(&m.id)),
    })
}

fn document_summary(d: &Document, site: &Site) -> Value {
    let lang = site.config.language;
    json!({
        "id": d.id,
        "url": format!("{ROOT}{}", url_path(ItemKind::Document, &d.id)),
        "title": d.front.title,
        "kind": d.front.kind.as_str(),
        "kind_name": i18n::kind_name(d.front.kind.as_str(), lang),
        "date": d.date.map(|x| x.format("%Y-%m-%d").to_string()),
        "date_text": d.date.map(|x| i18n::date_short(x, lang)),
    })
}

fn table_summary(t: &Table) -> Value {
    json!({
        "id": t.id,
        "url": format!("{ROOT}{}", url_path(ItemKind::Table, &t.id)),
        "csv": format!("{ROOT}{}", crate::outputs::csv_path(&t.id)),
        "title": t.file.title,
        "kind": t.file.kind,
    })
}

/// Where each document and table is attached or presented: (meeting, item) pairs.
fn backlinks(site: &Site) -> BTreeMap<String, Vec<Value>> {
    let mut map: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let lang = site.config.language;
    for m in &site.meetings {
        let body = site
            .config
            .body(m.body_id())
            .map(|b| b.short_name().to_string())
            .unwrap_or_default();
        for item in &m.items {
            let mut attached = item
                .meta
                .attachments
                .iter()
                .flat_map(|a| [&a.value.document, &a.value.table])
                .flatten()
                .chain(item.tables.iter())
                .peekable();
            // Most items link nowhere: build the link only for those that do (this runs after every edit).
            if attached.peek().is_none() {
                continue;
            }
            let link = json!({
                "url": format!("{ROOT}{}#{}", url_path(ItemKind::Meeting, &m.id), item.anchor),
                "label": format!("{body} {}, punkt {} {}", i18n::date_short(m.date, lang), item.meta.number, item.heading),
            });
            for target in attached {
                let list = map.entry(target.clone()).or_default();
                if !list.contains(&link) {
                    list.push(link.clone());
                }
            }
        }
    }
    let by_file: std::collections::HashMap<&str, &Meeting> = site
        .meetings
        .iter()
        .map(|m| (m.source.file.as_str(), m))
        .collect();
    for (file, r) in &site.refs {
        if let Some(m) = by_file.get(file.as_str()) {
            let body = site
                .config
                .body(m.body_id())
                .map(|b| b.short_name().to_string())
                .unwrap_or_default();
            let link = json!({
                "url": format!("{ROOT}{}", url_path(ItemKind::Meeting, &m.id)),
                "label": format!("{body} {}", i18n::date_short(m.date, lang)),
            });
            let list = map.entry(r.target.clone()).or_default();
            if r.target != m.id && !list.iter().any(|l| l["url"] == link["url"]) {
                list.push(link);
            }
        }
    }
    for t in &site.tables {
        let declared = t.file.meeting.as_ref().and_then(|m| {
            let (id, number) = m.value.split_once('#').unwrap_or((m.value.as_str(), ""));
            let meeting = site.meeting(id)?;
            let item = meeting.items.iter().find(|i| i.meta.number == number);
            let body = site.config.body(meeting.body_id()).map(|b| b.short_name().to_string()).unwrap_or_default();
            Some(json!({
                "url": format!("{ROOT}{}{}", url_path(ItemKind::Meeting, id), item.map(|i| format!("#{}", i.anchor)).unwrap_or_default()),
                "label": match item {
                    Some(i) => format!("{body} {}, punkt {} {}", i18n::date_short(meeting.date, lang), i.meta.number, i.heading),
                    None => format!("{body} {}", i18n::date_short(meeting.date, lang)),
                },
            }))
        });
        if let Some(link) = declared {
            let list = map.entry(t.id.clone()).or_default();
            if !list.contains(&link) {
                list.push(link);
            }
        }
        if let Some(doc) = &t.file.document {
            if let Some(d) = site.document(&doc.value) {
                map.entry(t.id.clone()).or_default().push(json!({
                    "url": format!("{ROOT}{}", url_path(ItemKind::Document, &d.id)),
                    "label": d.front.title,
                }));
            }
        }
    }
    for d in &site.documents {
        for tid in &d.front.tables {
            let list = map.entry(tid.value.clone()).or_default();
            let url = format!("{ROOT}{}", url_path(ItemKind::Document, &d.id));
            if !list.iter().any(|l| l["url"] == url.as_str()) {
                list.push(json!({"url": url, "label": d.front.title}));
            }
        }
    }
    map
}

/// Previous and next meeting of the same body, by meeting id (site.meetings is sorted newest first).
/// The newer and the older meeting of the same body as `m` (meetings are listed newest first). Scans outward from
/// it: a body's meetings lie close together in date order, so the scan is short.
pub fn neighbours<'a>(site: &'a Site, m: &Meeting) -> (Option<&'a Meeting>, Option<&'a Meeting>) {
    let Some(pos) = site.meeting_position(&m.id) else {
        return (None, None);
    };
    let body = m.body_id();
    let newer = site.meetings[..pos]
        .iter()
        .rev()
        .find(|x| x.body_id() == body);
    let older = site.meetings[pos + 1..]
        .iter()
        .find(|x| x.body_id() == body);
    (newer, older)
}

fn meeting_context(
    m: &Meeting,
    site: &Site,
    back: &BTreeMap<String, Vec<Value>>,
    summary: &dyn Fn(&Meeting) -> Value,
) -> Value {
    let lang = site.config.language;
    let base = ROOT;
    let (newer, older) = neighbours(site, m);
    let newer = newer.map(summary);
    let older = older.map(summary);
    let items: Vec<Value> =
        m.items
            .iter()
            .map(|i| {
                let attachments: Vec<Value> =
                    i.meta
                        .attachments
                        .iter()
                        .map(|a| {
                            let a = &a.value;
                            let url =
                                a.document
                                    .as_ref()
                                    .filter(|d| site.document(d).is_some())
                                    .map(|d| format!("{base}{}", url_path(ItemKind::Document, d)))
                                    .or_else(|| {
                                        a.table.as_ref().filter(|t| site.table(t).is_some()).map(
                                            |t| format!("{base}{}", url_path(ItemKind::Table, t)),
                                        )
                                    });
                            json!({"title": a.title, "url": url, "note": a.note})
                        })
                        .collect();
                let approves = i.meta.approves.as_ref().map(|a| {
                let target = site.meeting(&a.value);
                json!({
                    "id": a.value,
                    "url": target.map(|t| format!("{base}{}", url_path(ItemKind::Meeting, &t.id))),
                    // A meeting outside the portal is still named by the date its id carries.
                    "label": target.map(|t| t.date).or_else(|| {
                        a.value.get(..10).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                    }).map(|d| i18n::date_short(d, lang)),
                    "note": i.meta.approves_note,
                })
            });
                let notes: Vec<&str> = m
                    .front
                    .discrepancies
                    .iter()
                    .filter(|d| d.item.as_deref() == Some(i.meta.number.as_str()))
                    .map(|d| d.note.as_str())
                    .collect();
                json!({
                    "number": i.meta.number,
                    "anchor": i.anchor,
                    "title": i.heading,
                    "overview_title": i.meta.title.clone().unwrap_or_else(|| i.heading.clone()),
                    "presenter": i.meta.presenter,
                    "case": i.meta.case,
                    "case_handlers": i.meta.case_handlers,
                    "intro_html": i.intro_html,
                    "parts": i.parts,
                    "attachments": attachments,
                    "approves": approves,
                    "notes": notes,
                })
            })
            .collect();
    // Blocks: one per group (KKR-style agendas), or a single block without a heading.
    let blocks: Vec<Value> = if m.front.groups.is_empty() {
        vec![json!({"group": null, "items": items})]
    } else {
        m.front
            .groups
            .iter()
            .map(|g| {
                let prefix = format!("{}.", g.number);
                let members: Vec<&Value> = items
                    .iter()
                    .filter(|i| i["number"].as_str().is_some_and(|n| n.starts_with(&prefix) || n == g.number))
                    .collect();
                json!({"group": {"number": g.number, "title": g.title, "anchor": format!("gruppe-{}", g.number)}, "items": members})
            })
            .collect()
    };
    let general_notes: Vec<&str> = m
        .front
        .discrepancies
        .iter()
        .filter(|d| d.item.is_none())
        .map(|d| d.note.as_str())
        .collect();
    let body = site.config.body(m.body_id());
    json!({
        "meeting": summary(m),
        "front": {
            "weekday": m.front.weekday.as_ref().map(|w| w.value.clone()),
            "start": m.front.start, "end": m.front.end, "place": m.front.place, "online": m.front.online,
            "participants": m.front.participants, "absences": m.front.absences, "absence_note": m.front.absence_note,
            "source": m.front.source,
        },
        "body": body.map(|b| json!({"id": b.id, "name": b.name, "short": b.short_name(),
            "url": format!("{base}organer/{}/", b.id)})),
        "blocks": blocks,
        "notes": general_notes,
        "newer": newer,
        "older": older,
        "referenced_by": back.get(&m.id),
    })
}

fn document_context(d: &Document, site: &Site, back: &BTreeMap<String, Vec<Value>>) -> Value {
    let lang = site.config.language;
    let org = d.front.organisation.as_ref().map(|o| {
        site.config
            .body(o)
            .map(|b| b.name.clone())
            .unwrap_or(o.clone())
    });
    let toc: Vec<Value> = d
        .sections
        .iter()
        .filter(|s| s.level <= 2)
        .map(|s| json!({"anchor": s.anchor, "title": s.title}))
        .collect();
    json!({
        "doc": document_summary(d, site),
        "organisation": org,
        "status": d.front.status.as_ref().map(|s| match s.value { crate::model::document::Status::Draft => "draft", crate::model::document::Status::Adopted => "adopted" }),
        "adopted": d.adopted.map(|x| i18n::date_short(x, lang)),
        "source": d.front.source,
        "html": d.html,
        "toc": toc,
        "versions": d.front.versions,
        "notes": d.front.discrepancies.iter().map(|x| x.note.as_str()).collect::<Vec<_>>(),
        "attached_to": back.get(&d.id),
    })
}

fn render_one(
    tera: &tera::Tera,
    name: &str,
    ctx: Value,
    common: &Common,
    depth_path: &str,
) -> Result<OutFile, Diagnostic> {
    let mut c = tera::Context::from_value(ctx).unwrap_or_default();
    c.insert("site", &common.site);
    c.insert("t", &common.t);
    c.insert("bodies", &common.bodies);
    c.insert("menu", &common.menu);
    c.insert("feeds", &common.feeds);
    let root = if depth_path == PageId::NotFound.path() {
        common.not_found_root.clone()
    } else {
        crate::urls::root_of(depth_path)
    };
    c.insert("root", &root);
    let pretty = depth_path.strip_suffix("index.html").unwrap_or(depth_path);
    c.insert(
        "canonical",
        &common.site_url.as_ref().map(|u| format!("{u}{pretty}")),
    );
    let html = tera.render(name, &c).map_err(|e| {
        let mut msg = e.to_string();
        let mut src = std::error::Error::source(&e);
        while let Some(s) = src {
            msg.push_str(": ");
            msg.push_str(&s.to_string());
            src = s.source();
        }
        Diagnostic::error("template", msg).hint(format!("while rendering {depth_path}"))
    })?;
    Ok(OutFile {
        path: depth_path.to_string(),
        bytes: crate::urls::resolve(&html, &root, common.index_files).into_bytes(),
    })
}

/// Every HTML page of a site, by what it shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageId {
    Home,
    Documents,
    Tables,
    Meetings,
    Body(String),
    Meeting(String),
    Document(String),
    Table(String),
    Page(String),
    NotFound,
    Search,
}

impl PageId {
    /// Every page `site` has, in a fixed order.
    pub fn all(site: &Site) -> Vec<PageId> {
        let mut out = vec![
            PageId::Home,
            PageId::Documents,
            PageId::Tables,
            PageId::Meetings,
        ];
        out.extend(
            site.config
                .bodies
                .iter()
                .filter(|b| site.meetings.iter().any(|m| m.body_id() == b.id))
                .map(|b| PageId::Body(b.id.clone())),
        );
        out.extend(site.meetings.iter().map(|m| PageId::Meeting(m.id.clone())));
        out.extend(
            site.documents
                .iter()
                .map(|d| PageId::Document(d.id.clone())),
        );
        out.extend(site.tables.iter().map(|t| PageId::Table(t.id.clone())));
        out.extend(site.pages.iter().map(|p| PageId::Page(p.id.clone())));
        out.push(PageId::NotFound);
        out.push(PageId::Search);
        out
    }

    /// The file the page is written to, below the output directory.
    /// The page of a meeting, document, table or page.
    pub fn of(kind: ItemKind, id: &str) -> PageId {
        let id = id.to_string();
        match kind {
            ItemKind::Meeting => PageId::Meeting(id),
            ItemKind::Document => PageId::Document(id),
            ItemKind::Table => PageId::Table(id),
            ItemKind::Page => PageId::Page(id),
        }
    }

    /// The template that renders the page.
    pub fn template(&self) -> &'static str {
        match self {
            PageId::Home => "index.html",
            PageId::Documents | PageId::Tables | PageId::Meetings => "list.html",
            PageId::Body(_) => "body.html",
            PageId::Meeting(_) => "meeting.html",
            PageId::Document(_) => "document.html",
            PageId::Table(_) => "table.html",
            PageId::Page(_) => "page.html",
            PageId::NotFound => "404.html",
            PageId::Search => "search.html",
        }
    }

    pub fn path(&self) -> String {
        match self {
            PageId::Home => "index.html".into(),
            PageId::Documents => "dokumenter/index.html".into(),
            PageId::Tables => "tabeller/index.html".into(),
            PageId::Meetings => "moeder/index.html".into(),
            PageId::Body(id) => format!("organer/{id}/index.html"),
            PageId::Meeting(id) => format!("{}index.html", url_path(ItemKind::Meeting, id)),
            PageId::Document(id) => format!("{}index.html", url_path(ItemKind::Document, id)),
            PageId::Table(id) => format!("{}index.html", url_path(ItemKind::Table, id)),
            PageId::Page(id) => format!("{}index.html", url_path(ItemKind::Page, id)),
            PageId::NotFound => "404.html".into(),
            PageId::Search => "soeg/index.html".into(),
        }
    }
}

/// What pages other than an item's own show of the site: the parts shared by every page, and the cross-links.
/// `protokol serve` keeps the state of the last rendering and compares it with the next to find the pages an edit
/// touched.
#[derive(PartialEq)]
pub struct Shared {
    common: Common,
    back: BTreeMap<String, Vec<Value>>,
}

impl Shared {
    pub fn of(site: &Site) -> Shared {
        Shared {
            common: common(site),
            back: backlinks(site),
        }
    }

    /// Whether every page must be rendered again (the menu, the list of bodies or the site settings changed).
    pub fn common_changed(&self, other: &Shared) -> bool {
        self.common != other.common
    }

    /// Ids whose backlinks differ between the two states.
    pub fn backlinks_changed(&self, other: &Shared) -> Vec<String> {
        let keys: std::collections::BTreeSet<&String> =
            self.back.keys().chain(other.back.keys()).collect();
        keys.into_iter()
            .filter(|k| self.back.get(*k) != other.back.get(*k))
            .cloned()
            .collect()
    }
}

/// What lists and other pages show of a meeting, document or table: a change here re-renders the lists and the
/// pages that link to it.
pub fn item_listing(site: &Site, kind: ItemKind, id: &str) -> Option<Value> {
    match kind {
        ItemKind::Meeting => site.meeting(id).map(|m| meeting_summary(m, site)),
        ItemKind::Document => site.document(id).map(|d| document_summary(d, site)),
        ItemKind::Table => site.table(id).map(table_summary),
        ItemKind::Page => None,
    }
}

fn common(site: &Site) -> Common {
    let cfg = &site.config;
    let lang = cfg.language;
    let base = ROOT;
    Common {
        // `base_url` is the site root as templates write it (resolved per page, `crate::urls`); `url` the absolute
        // address, if configured.
        site: json!({"title": cfg.title, "description": cfg.description, "base_url": base, "url": cfg.site_url(),
                      "lang": match lang { Lang::Da => "da", Lang::En => "en" }}),
        t: serde_json::to_value(i18n::strings(lang)).unwrap_or_default(),
        bodies: Value::Array(
            cfg.bodies
                .iter()
                .filter(|b| site.meetings.iter().any(|m| m.body_id() == b.id))
                .map(|b| json!({"id": b.id, "name": b.name, "short": b.short_name(), "url": format!("{base}organer/{}/", b.id)}))
                .collect(),
        ),
        menu: Value::Array({
            let mut pages: Vec<_> = site.pages.iter().filter_map(|p| p.front.menu.map(|n| (n, p))).collect();
            pages.sort_by_key(|(n, _)| *n);
            pages
                .into_iter()
                .map(|(_, p)| json!({"title": p.front.title, "url": format!("{base}{}", url_path(ItemKind::Page, &p.id))}))
                .collect()
        }),
        feeds: Value::Array(
            crate::outputs::feed_links(site)
                .into_iter()
                .map(|(path, title, body)| json!({"url": format!("{ROOT}{path}"), "title": title, "body": body}))
                .collect(),
        ),
        index_files: !cfg.pretty_urls,
        site_url: cfg.site_url().map(str::to_string),
        not_found_root: cfg.base_url.clone(),
    }
}

/// Renders every page of the site in parallel and hands each to `sink` (path below the output, bytes), then the
/// whole-site outputs ([`crate::outputs`]) and the static files. Returns the number of HTML pages.
pub fn render_site(
    site: &Site,
    tera: &tera::Tera,
    sink: &(dyn Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync),
) -> Result<usize, Diagnostics> {
    let pages = PageId::all(site);
    let shared = Shared::of(site);
    render_pages(site, tera, &shared, &pages, None, sink)?;
    let mut diags = Diagnostics::default();
    if let Err(d) = crate::outputs::write_all(site, sink) {
        diags.push(d);
    }
    for (name, bytes) in static_files(&site.root, &site.config) {
        if let Err(d) = sink(&format!("static/{name}"), &bytes) {
            diags.push(d);
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(pages.len())
    }
}

/// Renders the given pages in parallel. `shared` must be [`Shared::of`] the same site, and `listings`, if given,
/// [`item_listing`] of every meeting.
pub fn render_pages(
    site: &Site,
    tera: &tera::Tera,
    shared: &Shared,
    pages: &[PageId],
    listings: Option<&HashMap<String, Value>>,
    sink: &(dyn Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync),
) -> Result<(), Diagnostics> {
    // Contexts are built inside the workers and each page is written as soon as it is rendered, so memory stays
    // flat however many meetings there are.
    let errors: Vec<Diagnostic> = pages
        .par_iter()
        .filter_map(|page| {
            let (tpl, ctx) = page_context(page, site, &shared.back, listings)?;
            match render_one(tera, tpl, ctx, &shared.common, &page.path()) {
                Ok(f) => sink(&f.path, &f.bytes).err(),
                Err(d) => Some(d),
            }
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Diagnostics { items: errors })
    }
}

fn documents_by_kind(site: &Site) -> Vec<Value> {
    let lang = site.config.language;
    let mut by_kind: BTreeMap<crate::model::DocumentKind, Vec<Value>> = BTreeMap::new();
    for d in &site.documents {
        by_kind
            .entry(d.front.kind)
            .or_default()
            .push(document_summary(d, site));
    }
    by_kind
        .iter()
        .map(|(k, docs)| json!({"kind": k.as_str(), "name": i18n::kind_name(k.as_str(), lang), "documents": docs}))
        .collect()
}

/// The template and context of one page; `None` if the page's subject is not in the site.
fn page_context(
    page: &PageId,
    site: &Site,
    back: &BTreeMap<String, Vec<Value>>,
    listings: Option<&HashMap<String, Value>>,
) -> Option<(&'static str, Value)> {
    // What lists show of a meeting: from the caller's cache (`protokol serve` keeps one) or computed.
    let summary = |m: &Meeting| -> Value {
        listings
            .and_then(|l| l.get(&m.id))
            .cloned()
            .unwrap_or_else(|| meeting_summary(m, site))
    };
    let lang = site.config.language;
    let tables = || -> Vec<Value> { site.tables.iter().map(table_summary).collect() };
    let context = match page {
        PageId::Home => {
            let latest: Vec<Value> = site.meetings.iter().take(10).map(summary).collect();
            json!({"latest": latest, "kinds": documents_by_kind(site), "tables": tables()})
        }
        PageId::Documents => {
            json!({"title": i18n::strings(lang)["documents"], "kinds": documents_by_kind(site)})
        }
        PageId::Tables => json!({"title": i18n::strings(lang)["tables"], "tables": tables()}),
        PageId::Meetings => {
            let all: Vec<Value> = site.meetings.iter().map(summary).collect();
            json!({"title": i18n::strings(lang)["all_meetings"], "meetings": all})
        }
        PageId::Body(id) => {
            let b = site.config.body(id)?;
            let mut years: BTreeMap<i32, Vec<Value>> = BTreeMap::new();
            for m in site.meetings.iter().filter(|m| m.body_id() == b.id) {
                years
                    .entry(chrono::Datelike::year(&m.date))
                    .or_default()
                    .push(summary(m));
            }
            let years: Vec<Value> = years
                .into_iter()
                .rev()
                .map(|(y, ms)| json!({"year": y, "meetings": ms}))
                .collect();
            json!({"body": {"id": b.id, "name": b.name, "short": b.short_name(), "description": b.description}, "years": years})
        }
        PageId::Meeting(id) => meeting_context(site.meeting(id)?, site, back, &summary),
        PageId::Document(id) => document_context(site.document(id)?, site, back),
        PageId::Table(id) => {
            let t = site.table(id)?;
            let doc = t
                .file
                .document
                .as_ref()
                .and_then(|d| site.document(&d.value))
                .map(|d| document_summary(d, site));
            let rules: Vec<Value> = t.file.rules.iter().map(|r| json!({"id": r.value.id, "text": crate::check::tables::describe_rule(&r.value, t, lang)})).collect();
            json!({"table": table_summary(t), "html": site.table_html.get(&t.id), "source": t.file.source,
                   "document": doc, "rules": rules, "shown_in": back.get(&t.id)})
        }
        PageId::Page(id) => {
            let p = site.pages.iter().find(|p| &p.id == id)?;
            json!({"page": {"title": p.front.title, "description": p.front.description}, "html": p.html})
        }
        PageId::NotFound => json!({}),
        PageId::Search => json!({"search_strings": i18n::search_strings(lang)}),
    };
    Some((page.template(), context))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_template_is_known_and_feeds_only_its_pages() {
        let all = [
            PageId::Home,
            PageId::Documents,
            PageId::Tables,
            PageId::Meetings,
            PageId::Body(String::new()),
            PageId::Meeting(String::new()),
            PageId::Document(String::new()),
            PageId::Table(String::new()),
            PageId::Page(String::new()),
            PageId::NotFound,
            PageId::Search,
        ];
        for p in &all {
            assert!(PAGE_TEMPLATES.contains(&p.template()), "{p:?}");
        }
        let sources: BTreeMap<String, String> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        let tera = compile_templates(&sources).unwrap();
        let changed = |names: &[&str]| names.iter().map(|n| n.to_string()).collect();
        let meeting = page_templates_using(&tera, &changed(&["meeting.html"])).unwrap();
        assert_eq!(meeting.into_iter().collect::<Vec<_>>(), ["meeting.html"]);
        let base = page_templates_using(&tera, &changed(&["base.html"])).unwrap();
        assert_eq!(
            base.len(),
            PAGE_TEMPLATES.len(),
            "every page extends base.html"
        );
        assert!(
            page_templates_using(&tera, &changed(&["partial.html"])).is_none(),
            "a template no page extends may be included anywhere"
        );
    }
}
