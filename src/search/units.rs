//! Search units: what a result is (an agenda item, a meeting's header, a section or numbered paragraph of a
//! document, a table, a page), in index order.

use crate::i18n::{self, Lang};
use crate::load::Site;
use crate::model::Meeting;
use crate::model::{ItemKind, Kind};
use crate::urls::url_path;

pub struct Unit {
    /// URL path (below the site root) of the meeting, document, table or page the unit comes from.
    pub source: String,
    pub title: String,
    /// Relative to the site root, without a leading slash (`moeder/<id>/#punkt-2`): the page resolves it against
    /// its own root, so the site works from a sub-path and from a copy on disk.
    pub url: String,
    /// Title of the page the unit is part of: results of one page are grouped under it.
    pub page: String,
    /// Place of the unit in its page's reading order.
    pub seq: u32,
    /// The title is a numbered paragraph's number and first words: only the number counts as a title word.
    pub numbered_paragraph: bool,
    pub body: String,
    pub body_id: String,
    pub date: Option<chrono::NaiveDate>,
    pub kind: Kind,
    pub text: String,
}

fn kind_order(kind: Kind) -> u8 {
    match kind {
        Kind::Meeting(_) => 0,
        Kind::Document(_) => 1,
        Kind::Table => 2,
        Kind::Page => 3,
    }
}

fn meeting_units(m: &Meeting, site: &Site, lang: Lang, out: &mut Vec<Unit>) {
    let body = site.config.body_names(m.body_ids());
    let source = url_path(ItemKind::Meeting, &m.id);
    let url = source.clone();
    let mut head = m.front.title.clone();
    for s in m.front.participants.iter().chain(m.front.place.iter()) {
        head.push('\n');
        head.push_str(s);
    }
    for a in &m.front.absences {
        head.push_str(&format!(
            "\n{} {} {}",
            a.name,
            a.organisation.clone().unwrap_or_default(),
            a.substitute.clone().unwrap_or_default()
        ));
    }
    let page = format!(
        "{}: {body} {}",
        i18n::kind_name(Kind::Meeting(m.front.kind), lang),
        i18n::date_short(m.date, lang)
    );
    out.push(Unit {
        source: source.clone(),
        title: page.clone(),
        url: url.clone(),
        page: page.clone(),
        seq: 0,
        numbered_paragraph: false,
        body: body.clone(),
        body_id: m.body_id().to_string(),
        date: Some(m.date),
        kind: Kind::Meeting(m.front.kind),
        text: head,
    });
    for (seq, it) in m.items.iter().enumerate() {
        // The item's own text first (snippets show its beginning), then presenter, case and attachments.
        let mut text = bound_text(site, &it.text);
        for extra in [&it.meta.presenter, &it.meta.case, &it.meta.title]
            .into_iter()
            .flatten()
        {
            text.push('\n');
            text.push_str(extra);
        }
        for a in &it.meta.attachments {
            text.push('\n');
            text.push_str(&a.value.title);
        }
        // Votes and positions: who voted, motions, statements (a closed item has none).
        text.push_str(&it.meta.positions().search_text());
        out.push(Unit {
            source: source.clone(),
            title: it.label(),
            url: format!("{url}#{}", it.anchor),
            page: page.clone(),
            seq: seq as u32 + 1,
            numbered_paragraph: false,
            body: body.clone(),
            body_id: m.body_id().to_string(),
            date: Some(m.date),
            kind: Kind::Meeting(m.front.kind),
            text,
        });
    }
}

/// A statute's or bylaw's numbered paragraph ("4.7"), as opposed to a heading or an appendix's sub-heading.
fn is_numbered_paragraph(s: &crate::model::Section) -> bool {
    s.level == 3 && s.number.starts_with(|c: char| c.is_ascii_digit())
}

/// Where a section starts in the document's plain text, searching from `from`: a heading by its title, a numbered
/// paragraph by its number at the start of a line.
fn section_start(text: &str, from: usize, s: &crate::model::Section) -> Option<(usize, usize)> {
    if is_numbered_paragraph(s) {
        let rest = &text[from..];
        let mut at = 0;
        loop {
            let i = rest[at..].find(s.number.as_str())? + at;
            let line_start = i == 0 || rest[..i].ends_with('\n');
            let after = rest[i + s.number.len()..].chars().next();
            if line_start && after.is_none_or(|c| c.is_whitespace()) {
                return Some((from + i, from + i + s.number.len()));
            }
            at = i + s.number.len();
        }
    }
    let i = text[from..].find(s.title.as_str())?;
    Some((from + i, from + i + s.title.len()))
}

/// Splits a document's plain text at its level-2 sections (statute sections, appendices, chapters) and, in
/// statutes and bylaws, at their numbered paragraphs (`#pkt-4-7`).
fn document_units(site: &Site, wanted: &dyn Fn(&str) -> bool, out: &mut Vec<Unit>) {
    for d in &site.documents {
        let source = url_path(ItemKind::Document, &d.id);
        if !wanted(&source) {
            continue;
        }
        let org = d.front.organisation.clone().unwrap_or_default();
        let body = site
            .config
            .body(&org)
            .map(|b| b.short_name().to_string())
            .unwrap_or(org.clone());
        let numbered = d.front.kind.is_numbered();
        let heads = d
            .sections
            .iter()
            .filter(|s| s.level <= 2 || (numbered && is_numbered_paragraph(s)));
        // Sections appear in the plain text in order; split the text at each.
        let mut cuts = Vec::new();
        let mut from = 0;
        for s in heads {
            if let Some((start, end)) = section_start(&d.text, from, s) {
                cuts.push((start, s));
                from = end;
            }
        }
        let intro_end = cuts.first().map(|c| c.0).unwrap_or(d.text.len());
        let mk = |title: String, anchor: Option<&str>, seq: usize, text: &str| Unit {
            source: source.clone(),
            title,
            url: match anchor {
                Some(a) => format!("{source}#{a}"),
                None => source.clone(),
            },
            page: d.front.title.clone(),
            seq: seq as u32,
            numbered_paragraph: false,
            body: body.clone(),
            body_id: org.clone(),
            date: d.date.or(d.adopted),
            kind: Kind::Document(d.front.kind),
            text: bound_text(site, text),
        };
        // The case and journal numbers are found too (people search for "24/00412").
        let mut intro = d.text[..intro_end].to_string();
        for n in [&d.front.case, &d.front.journal].into_iter().flatten() {
            intro.push('\n');
            intro.push_str(n);
        }
        out.push(mk(d.front.title.clone(), None, 0, &intro));
        for (i, (start, s)) in cuts.iter().enumerate() {
            let end = cuts.get(i + 1).map(|c| c.0).unwrap_or(d.text.len());
            // A paragraph's title is its number and first words ("4.7 På generalforsamlingen træffes …").
            let title = if is_numbered_paragraph(s) {
                format!("{} {}", s.number, s.title)
            } else {
                s.title.clone()
            };
            let mut unit = mk(title, Some(&s.anchor), i + 1, &d.text[*start..end]);
            unit.numbered_paragraph = is_numbered_paragraph(s);
            out.push(unit);
        }
    }
}

/// A text with its bound figures (`[[tal:…]]`) written as the page shows them, so that a search finds them.
fn bound_text(site: &Site, text: &str) -> String {
    let lang = site.config.language;
    crate::markdown::bind_text(text, |f| {
        crate::model::figure::text_in(|id| site.table(id), f, lang)
    })
}

fn table_text(t: &crate::model::Table) -> String {
    let mut s = String::new();
    for part in [&t.file.caption, &t.file.notes_before, &t.file.notes_after]
        .into_iter()
        .flatten()
    {
        s.push_str(part);
        s.push('\n');
    }
    for c in &t.file.columns {
        for part in [&c.header, &Some(c.label.clone())].into_iter().flatten() {
            s.push_str(part);
            s.push(' ');
        }
    }
    s.push('\n');
    for r in &t.rows {
        for (cell, col) in r.cells.iter().zip(&t.file.columns) {
            match cell {
                crate::model::table::Cell::Text(x) => s.push_str(x),
                crate::model::table::Cell::Number(n) => {
                    s.push_str(&crate::number::format_da(*n, col.decimals))
                }
                _ => {}
            }
            s.push(' ');
        }
        s.push('\n');
    }
    for d in &t.file.discrepancies {
        s.push_str(&d.value.note);
        s.push('\n');
    }
    s
}

/// The search units of the sources `wanted` accepts (by URL path, e.g. `moeder/<id>/`), in index order.
pub fn units(site: &Site, wanted: &dyn Fn(&str) -> bool) -> Vec<Unit> {
    let lang = site.config.language;
    let mut out = Vec::new();
    for m in &site.meetings {
        if wanted(&url_path(ItemKind::Meeting, &m.id)) {
            meeting_units(m, site, lang, &mut out);
        }
    }
    document_units(site, wanted, &mut out);
    for t in &site.tables {
        let source = url_path(ItemKind::Table, &t.id);
        if !wanted(&source) {
            continue;
        }
        let doc = t
            .file
            .document
            .as_ref()
            .and_then(|d| site.document(&d.value));
        let org = doc
            .and_then(|d| d.front.organisation.clone())
            .unwrap_or_default();
        out.push(Unit {
            title: t.file.title.clone(),
            page: t.file.title.clone(),
            seq: 0,
            numbered_paragraph: false,
            url: source.clone(),
            source,
            body: site
                .config
                .body(&org)
                .map(|b| b.short_name().to_string())
                .unwrap_or(org.clone()),
            body_id: org,
            date: doc.and_then(|d| d.date),
            kind: Kind::Table,
            text: table_text(t),
        });
    }
    for p in &site.pages {
        let source = url_path(ItemKind::Page, &p.id);
        if !wanted(&source) {
            continue;
        }
        out.push(Unit {
            title: p.front.title.clone(),
            page: p.front.title.clone(),
            seq: 0,
            numbered_paragraph: false,
            url: source.clone(),
            source,
            body: String::new(),
            body_id: String::new(),
            date: None,
            kind: Kind::Page,
            text: bound_text(site, &p.text),
        });
    }
    out.sort_by(unit_order);
    out
}

/// Kind names for the filter, by kind code.
pub(super) fn kind_label(kind: Kind, lang: Lang) -> String {
    i18n::kind_name(kind, lang).to_string()
}

/// Orders units so that each (body, year, kind) is one id range: filters need no per-document data.
pub(super) fn unit_order(a: &Unit, b: &Unit) -> std::cmp::Ordering {
    let key = |u: &Unit| {
        (
            u.date.map(|d| chrono::Datelike::year(&d)),
            kind_order(u.kind),
        )
    };
    a.body_id
        .cmp(&b.body_id)
        .then_with(|| key(a).cmp(&key(b)))
        .then_with(|| a.kind.code().cmp(b.kind.code()))
        .then_with(|| a.date.cmp(&b.date))
        .then_with(|| a.url.cmp(&b.url))
}

/// The facet a unit is filtered by: (body, year, kind).
pub(super) fn facet(u: &Unit) -> (&str, Option<i32>, &str) {
    (
        &u.body_id,
        u.date.map(|d| chrono::Datelike::year(&d)),
        u.kind.code(),
    )
}
