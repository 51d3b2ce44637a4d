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
    /// Empty in a planned unit ([`planned`]) until it is analysed.
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

/// Where a unit's text comes from. A unit is planned without its text ([`planned`]); the text is made when the
/// unit is analysed ([`text_of`]), so that `protokol build` holds one block of units' texts at a time, never a
/// second copy of every text in the site.
#[derive(Clone, Copy)]
pub(super) enum TextOf {
    /// A meeting's header (by its place in [`Site::meetings`]): participants, place, absences.
    Head(usize),
    /// An agenda item: meeting, item.
    Item(usize, usize),
    /// A part of a document's plain text (by its place in [`Site::documents`]); the intro adds the case and
    /// journal numbers.
    Document {
        doc: usize,
        start: usize,
        end: usize,
        intro: bool,
    },
    Table(usize),
    Page(usize),
}

/// The text of a unit, as the index analyses it.
pub(super) fn text_of(site: &Site, of: TextOf) -> String {
    match of {
        TextOf::Head(m) => site.meetings.get(m).map(head_text).unwrap_or_default(),
        TextOf::Item(m, i) => site
            .meetings
            .get(m)
            .and_then(|m| m.items.get(i))
            .map(|it| item_text(site, it))
            .unwrap_or_default(),
        TextOf::Document {
            doc,
            start,
            end,
            intro,
        } => site
            .documents
            .get(doc)
            .map(|d| {
                let mut text = d.text.get(start..end).unwrap_or_default().to_string();
                if intro {
                    // The case and journal numbers are found too (people search for "24/00412").
                    for n in [&d.front.case, &d.front.journal].into_iter().flatten() {
                        text.push('\n');
                        text.push_str(n);
                    }
                }
                bound_text(site, &text)
            })
            .unwrap_or_default(),
        TextOf::Table(t) => site.tables.get(t).map(table_text).unwrap_or_default(),
        TextOf::Page(p) => site
            .pages
            .get(p)
            .map(|p| bound_text(site, &p.text))
            .unwrap_or_default(),
    }
}

fn head_text(m: &Meeting) -> String {
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
    head
}

fn item_text(site: &Site, it: &crate::model::AgendaItem) -> String {
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
    text
}

/// A planned unit: the unit without its text, and where the text comes from.
pub(super) type Planned = (Unit, TextOf);

fn meeting_units(m: &Meeting, at: usize, site: &Site, lang: Lang, out: &mut Vec<Planned>) {
    let body = site.config.body_names(m.body_ids());
    let source = url_path(ItemKind::Meeting, &m.id);
    let url = source.clone();
    let page = format!(
        "{}: {body} {}",
        i18n::kind_name(Kind::Meeting(m.front.kind), lang),
        i18n::date_short(m.date, lang)
    );
    let unit = |title: String, url: String, seq: u32| Unit {
        source: source.clone(),
        title,
        url,
        page: page.clone(),
        seq,
        numbered_paragraph: false,
        body: body.clone(),
        body_id: m.body_id().to_string(),
        date: Some(m.date),
        kind: Kind::Meeting(m.front.kind),
        text: String::new(),
    };
    out.push((unit(page.clone(), url.clone(), 0), TextOf::Head(at)));
    for (seq, it) in m.items.iter().enumerate() {
        out.push((
            unit(it.label(), format!("{url}#{}", it.anchor), seq as u32 + 1),
            TextOf::Item(at, seq),
        ));
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
fn document_units(site: &Site, at: usize, out: &mut Vec<Planned>) {
    if let Some(d) = site.documents.get(at) {
        let source = url_path(ItemKind::Document, &d.id);
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
        let mk = |title: String, anchor: Option<&str>, seq: usize, start: usize, end: usize| {
            (
                Unit {
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
                    text: String::new(),
                },
                TextOf::Document {
                    doc: at,
                    start,
                    end,
                    intro: seq == 0,
                },
            )
        };
        out.push(mk(d.front.title.clone(), None, 0, 0, intro_end));
        for (i, (start, s)) in cuts.iter().enumerate() {
            let end = cuts.get(i + 1).map(|c| c.0).unwrap_or(d.text.len());
            // A paragraph's title is its number and first words ("4.7 På generalforsamlingen træffes …").
            let title = if is_numbered_paragraph(s) {
                format!("{} {}", s.number, s.title)
            } else {
                s.title.clone()
            };
            let mut unit = mk(title, Some(&s.anchor), i + 1, *start, end);
            unit.0.numbered_paragraph = is_numbered_paragraph(s);
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

/// The search units of the sources `wanted` accepts (by URL path, e.g. `moeder/<id>/`), in index order, each with
/// its text.
pub fn units(site: &Site, wanted: &dyn Fn(&str) -> bool) -> Vec<Unit> {
    planned(site, wanted)
        .into_iter()
        .map(|(mut u, of)| {
            u.text = text_of(site, of);
            u
        })
        .collect()
}

/// The search units of the sources `wanted` accepts, in index order, without their texts: each with where its
/// text comes from ([`text_of`]). The order needs no text.
pub(super) fn planned(site: &Site, wanted: &dyn Fn(&str) -> bool) -> Vec<Planned> {
    let mut out = Vec::new();
    for source in sources(site, wanted) {
        source_units(site, source, &mut out);
    }
    // Stable: units that tie keep the order they were made in.
    out.sort_by(|a, b| unit_order(&a.0, &b.0));
    out
}

/// The search units of the sources named in `wanted` (URL paths), in index order, each with its text: meetings
/// are found by their id rather than by walking the site's meetings (serve at 100,000 meetings, #15).
pub(super) fn units_of(site: &Site, wanted: &std::collections::HashSet<String>) -> Vec<Unit> {
    let mut meetings: Vec<usize> = wanted
        .iter()
        .filter_map(|src| src.strip_prefix("moeder/")?.strip_suffix('/'))
        .filter_map(|id| site.meeting_position(id))
        .collect();
    // The site's order, as `sources` gives it: units that tie keep it.
    meetings.sort_unstable();
    meetings.dedup();
    let mut out: Vec<Source> = meetings
        .into_iter()
        .filter(|&at| wanted.contains(&url_path(ItemKind::Meeting, &site.meetings[at].id)))
        .map(Source::Meeting)
        .collect();
    // The other lists are short: walked as `sources` does.
    out.extend(sources_except_meetings(site, &|src| wanted.contains(src)));
    let mut planned = Vec::new();
    for source in out {
        source_units(site, source, &mut planned);
    }
    planned.sort_by(|a, b| unit_order(&a.0, &b.0));
    planned
        .into_iter()
        .map(|(mut u, of)| {
            u.text = text_of(site, of);
            u
        })
        .collect()
}

/// What search units come from: a meeting, document, table or page, by its place in the site's list.
#[derive(Clone, Copy)]
pub(super) enum Source {
    Meeting(usize),
    Document(usize),
    Table(usize),
    Page(usize),
}

/// The sources `wanted` accepts (by URL path), in the order their units are made: meetings, documents, tables,
/// pages, each in the site's order.
pub(super) fn sources(site: &Site, wanted: &dyn Fn(&str) -> bool) -> Vec<Source> {
    let mut out = Vec::new();
    let each = |kind, id: &str| wanted(&url_path(kind, id));
    for (at, m) in site.meetings.iter().enumerate() {
        if each(ItemKind::Meeting, &m.id) {
            out.push(Source::Meeting(at));
        }
    }
    out.extend(sources_except_meetings(site, wanted));
    out
}

/// [`sources`] of the documents, tables and pages.
fn sources_except_meetings(site: &Site, wanted: &dyn Fn(&str) -> bool) -> Vec<Source> {
    let mut out = Vec::new();
    let each = |kind, id: &str| wanted(&url_path(kind, id));
    for (at, d) in site.documents.iter().enumerate() {
        if each(ItemKind::Document, &d.id) {
            out.push(Source::Document(at));
        }
    }
    for (at, t) in site.tables.iter().enumerate() {
        if each(ItemKind::Table, &t.id) {
            out.push(Source::Table(at));
        }
    }
    for (at, p) in site.pages.iter().enumerate() {
        if each(ItemKind::Page, &p.id) {
            out.push(Source::Page(at));
        }
    }
    out
}

/// The units of one source, in the order they are made (not sorted), appended to `out`.
pub(super) fn source_units(site: &Site, source: Source, out: &mut Vec<Planned>) {
    let lang = site.config.language;
    match source {
        Source::Meeting(at) => {
            if let Some(m) = site.meetings.get(at) {
                meeting_units(m, at, site, lang, out);
            }
        }
        Source::Document(at) => document_units(site, at, out),
        Source::Table(at) => {
            if let Some(t) = site.tables.get(at) {
                out.push((table_unit(site, t), TextOf::Table(at)));
            }
        }
        Source::Page(at) => {
            if let Some(p) = site.pages.get(at) {
                out.push((page_unit(p), TextOf::Page(at)));
            }
        }
    }
}

fn table_unit(site: &Site, t: &crate::model::Table) -> Unit {
    let source = url_path(ItemKind::Table, &t.id);
    let doc = t
        .file
        .document
        .as_ref()
        .and_then(|d| site.document(&d.value));
    let org = doc
        .and_then(|d| d.front.organisation.clone())
        .unwrap_or_default();
    Unit {
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
        text: String::new(),
    }
}

fn page_unit(p: &crate::model::Page) -> Unit {
    let source = url_path(ItemKind::Page, &p.id);
    Unit {
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
        text: String::new(),
    }
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
