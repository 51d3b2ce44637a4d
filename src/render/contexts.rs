//! The template context of each page: what `meeting.html`, `document.html`, `table.html` and the lists are given.

use super::fragments::bind_fragments;
use super::links::neighbours;
use super::rows::{join_rows, MeetingRows, ReadsSummaries};
use super::shared::Shared;
use super::summaries::{document_summary, documents_by_kind, meeting_summary, table_summary};
use super::table::table_html;
use super::PageId;
use crate::diagnostics::Diagnostic;
use crate::i18n::{self, Ui};
use crate::load::Site;
use crate::model::ItemKind;
use crate::model::{Document, Meeting};
use crate::urls::url_path;
use crate::urls::ROOT;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};

/// The template and context of one page; `None` if the page's subject is not in the site, an error if a fragment
/// template (a table) or a row of a list fails. The lists of every meeting are given their rows joined
/// (`meetings_html`, from `rows` or rendered here), and the summaries too only where their template reads them
/// ([`super::rows::ReadsSummaries`]).
pub(super) fn page_context(
    page: &PageId,
    site: &Site,
    tera: &tera::Tera,
    shared: &Shared,
    listings: Option<&HashMap<String, Value>>,
    rows: Option<&MeetingRows>,
) -> Option<Result<(&'static str, Value), Diagnostic>> {
    let back = &shared.back;
    // What lists show of a meeting: from the caller's cache (`protokol serve` keeps one) or computed.
    let summary = |m: &Meeting| -> Value {
        listings
            .and_then(|l| l.get(&m.id))
            .cloned()
            .unwrap_or_else(|| meeting_summary(m, site))
    };
    let reads = rows.map_or(ReadsSummaries::ALL, MeetingRows::reads);
    let lang = site.config.language;
    let tables = || -> Vec<Value> { site.tables.iter().map(table_summary).collect() };
    let context = match page {
        PageId::Home => {
            let latest: Vec<Value> = site.meetings.iter().take(10).map(summary).collect();
            json!({"latest": latest, "kinds": documents_by_kind(site), "tables": tables()})
        }
        PageId::Documents => {
            json!({"title": i18n::ui(Ui::Documents, lang), "kinds": documents_by_kind(site)})
        }
        PageId::Tables => json!({"title": i18n::ui(Ui::Tables, lang), "tables": tables()}),
        PageId::Meetings => {
            let html = match join_rows(rows, false, site.meetings.iter(), site, tera, shared) {
                Ok(html) => html,
                Err(d) => return Some(Err(d)),
            };
            let mut v = json!({"title": i18n::ui(Ui::AllMeetings, lang), "meetings_html": html});
            if reads.list {
                let all: Vec<Value> = site.meetings.iter().map(summary).collect();
                v["meetings"] = Value::Array(all);
            }
            v
        }
        PageId::Body(id) => {
            let b = site.config.body(id)?;
            let mut years: Vec<Value> = Vec::new();
            for (y, positions) in shared.by_body.years(&b.id).rev() {
                let meetings = positions.iter().map(|&i| &site.meetings[i]);
                let html = match join_rows(rows, true, meetings.clone(), site, tera, shared) {
                    Ok(html) => html,
                    Err(d) => return Some(Err(d)),
                };
                let mut v = json!({"year": y, "url": year_url(&b.id, y), "meetings_html": html});
                if reads.body {
                    v["meetings"] = Value::Array(meetings.map(summary).collect());
                }
                years.push(v);
            }
            let documents: Vec<Value> = site
                .documents
                .iter()
                .filter(|d| d.front.organisation.as_deref() == Some(b.id.as_str()))
                .map(|d| document_summary(d, site))
                .collect();
            json!({"body": body_value(b), "years": years, "documents": documents})
        }
        PageId::BodyYear(id, year) => {
            let b = site.config.body(id)?;
            let by_body = &shared.by_body;
            let meetings: Vec<Value> = (by_body.in_year(&b.id, *year).iter())
                .map(|&i| summary(&site.meetings[i]))
                .collect();
            if meetings.is_empty() {
                return None;
            }
            // The neighbouring years the body met in, for the links between year pages.
            let newer = by_body.newer_year(&b.id, *year);
            let older = by_body.older_year(&b.id, *year);
            let link = |y: Option<i32>| y.map(|y| json!({"year": y, "url": year_url(&b.id, y)}));
            json!({"body": body_value(b), "year": year, "meetings": meetings,
                   "newer": link(newer), "older": link(older)})
        }
        PageId::Meeting(id) => meeting_context(site.meeting(id)?, site, shared, &summary),
        PageId::Document(id) => {
            let d = site.document(id)?;
            document_context(d, d, site, back)
        }
        PageId::Version(id, slug) => {
            let d = site.document(id)?;
            document_context(d, super::versions::find(d, slug)?, site, back)
        }
        PageId::Changes(id) => super::versions::changes_context(site.document(id)?, site)?,
        PageId::Table(id) => {
            let t = site.table(id)?;
            let doc = t
                .file
                .document
                .as_ref()
                .and_then(|d| site.document(&d.value))
                .map(|d| document_summary(d, site));
            let html = match table_html(tera, t, lang) {
                Ok(html) => html,
                Err(d) => return Some(Err(d)),
            };
            json!({"table": table_summary(t), "html": html, "source": t.file.source,
                   "document": doc, "shown_in": back.get(&t.id)})
        }
        PageId::Page(id) => {
            let p = site.pages.iter().find(|p| &p.id == id)?;
            json!({"page": {"title": p.front.title, "description": p.front.description}, "html": bind_fragments(&p.html, site, &[]),
                   "notes": p.front.discrepancies.iter().map(|x| x.note.as_str()).collect::<Vec<_>>(),
                   "accessibility": accessibility_statement(site, id)})
        }
        PageId::NotFound => json!({}),
        PageId::Search => json!({"search_strings": i18n::search_strings(lang)}),
    };
    Some(Ok((page.template(), context)))
}

fn meeting_context(
    m: &Meeting,
    site: &Site,
    shared: &Shared,
    summary: &dyn Fn(&Meeting) -> Value,
) -> Value {
    let back = &shared.back;
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
                        .attachments()
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
                let approves = i.meta.approves().map(|a| {
                let target = site.meeting(&a.value);
                json!({
                    "id": a.value,
                    "url": target.map(|t| format!("{base}{}", url_path(ItemKind::Meeting, &t.id))),
                    // A meeting outside the portal is still named by the date its id carries.
                    "label": target.map(|t| t.date).or_else(|| {
                        a.value.get(..10).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                    }).map(|d| i18n::date_short(d, lang)),
                    "note": i.meta.approves_note(),
                })
            });
                let notes: Vec<&str> = m
                    .front
                    .discrepancies
                    .iter()
                    .filter(|d| d.item.as_deref().is_some_and(|n| i.answers_to(n)))
                    .map(|d| d.note.as_str())
                    .collect();
                let html = i.body.html();
                json!({
                    "number": i.meta.number,
                    "anchor": i.anchor,
                    "number_anchor": i.number_anchor(),
                    "title": i.heading,
                    "overview_title": i.meta.title.clone().unwrap_or_else(|| i.heading.clone()),
                    "presenter": i.meta.presenter,
                    "case": i.meta.case,
                    "case_handlers": i.meta.case_handlers(),
                    "intro_html": bind_fragments(html.intro(), site, &m.front.calendars),
                    "parts": i.parts.iter().enumerate().map(|(j, p)| json!({"role": p.role, "heading": p.heading,
                        "html": bind_fragments(html.part(j), site, &m.front.calendars)})).collect::<Vec<_>>(),
                    "attachments": attachments,
                    "approves": approves,
                    "notes": notes,
                    "closed": i.closed,
                    "positions": super::votes::positions_value(&i.meta, lang),
                })
            })
            .collect();
    let blocks = item_blocks(m, items);
    let general_notes: Vec<&str> = m
        .front
        .discrepancies
        .iter()
        .filter(|d| d.item.is_none())
        .map(|d| d.note.as_str())
        .collect();
    let body = site.config.body(m.body_id());
    // A joint meeting names all its bodies, each linked to its page ("A, B og C": `before` is what precedes each).
    let joint: Vec<Value> = if m.body_ids().nth(1).is_some() {
        let known: Vec<&crate::config::Body> =
            m.body_ids().filter_map(|id| site.config.body(id)).collect();
        (known.iter().enumerate())
            .map(|(k, b)| {
                let mut v = body_value(b);
                v["before"] = json!(match k {
                    0 => String::new(),
                    k if k + 1 == known.len() => format!(" {} ", i18n::ui(Ui::AndWord, lang)),
                    _ => ", ".to_string(),
                });
                v
            })
            .collect()
    } else {
        Vec::new()
    };
    json!({
        "approved_by": shared.approved_by.get(&m.id),
        "meeting": summary(m),
        "front": {
            "weekday": m.front.weekday.as_ref().map(|w| w.value.clone()),
            "start": m.front.start, "end": m.front.end, "place": m.front.place, "online": m.front.online,
            "participants": m.front.participants, "absences": m.front.absences, "absence_note": m.front.absence_note,
            "source": m.front.source,
        },
        "body": body.map(body_value),
        "joint_bodies": joint,
        "year": body.map(|b| json!({"year": chrono::Datelike::year(&m.date), "url": year_url(&b.id, chrono::Datelike::year(&m.date))})),
        "blocks": blocks,
        "notes": general_notes,
        "newer": newer,
        "older": older,
        "referenced_by": back.get(&m.id),
    })
}

/// The page's blocks of items: one per group (KKR-style agendas, or unnumbered group headings that name their
/// first item), with the items outside any group in blocks without a heading, in the items' order. A numbered
/// group without items still has its (empty) block, after the group before it.
fn item_blocks(m: &Meeting, items: Vec<Value>) -> Vec<Value> {
    let groups = &m.front.groups;
    if groups.is_empty() {
        return vec![json!({"group": null, "items": items})];
    }
    // Where each group that names its first item begins.
    let starts: Vec<(usize, usize)> = (groups.iter().enumerate())
        .filter_map(|(g, x)| {
            let first = x.first_item.as_ref()?;
            Some((m.items.iter().position(|i| i.answers_to(first))?, g))
        })
        .collect();
    let group_of = |k: usize, number: &str| -> Option<usize> {
        let by_prefix = groups.iter().position(|g| {
            g.first_item.is_none()
                && !g.number.is_empty()
                && (number == g.number || number.starts_with(&format!("{}.", g.number)))
        });
        by_prefix.or_else(|| {
            (starts.iter())
                .filter(|(at, _)| *at <= k)
                .max_by_key(|(at, _)| *at)
                .map(|(_, g)| *g)
        })
    };
    let group_json = |g: usize| {
        let x = &groups[g];
        let anchor = if x.number.is_empty() {
            format!("gruppe-{}", crate::markdown::slug(&x.title))
        } else {
            format!("gruppe-{}", x.number)
        };
        json!({"number": x.number, "title": x.title, "anchor": anchor})
    };
    let mut blocks: Vec<(Option<usize>, Vec<Value>)> = Vec::new();
    for (k, (it, v)) in m.items.iter().zip(items).enumerate() {
        let g = group_of(k, &it.meta.number);
        match blocks.last_mut() {
            Some((last, list)) if *last == g => list.push(v),
            _ => blocks.push((g, vec![v])),
        }
    }
    for g in 0..groups.len() {
        if blocks.iter().any(|(x, _)| *x == Some(g)) {
            continue;
        }
        let after = (blocks.iter())
            .rposition(|(x, _)| x.is_some_and(|x| x < g))
            .map_or(0, |i| i + 1);
        blocks.insert(after, (Some(g), Vec::new()));
    }
    (blocks.into_iter())
        .map(|(g, list)| json!({"group": g.map(group_json), "items": list}))
        .collect()
}

/// The page of document `d` showing the text of `shown` (`d` itself, or one of its versions).
fn document_context(
    d: &Document,
    shown: &Document,
    site: &Site,
    back: &BTreeMap<String, Vec<Value>>,
) -> Value {
    let lang = site.config.language;
    let org = d.front.organisation.as_ref().map(|o| {
        site.config
            .body(o)
            .map(|b| b.name.clone())
            .unwrap_or(o.clone())
    });
    let body = d
        .front
        .organisation
        .as_deref()
        .and_then(|o| site.config.body(o))
        .map(body_value);
    let toc: Vec<Value> = shown
        .sections
        .iter()
        .filter(|s| s.level <= 2)
        .map(|s| json!({"anchor": s.anchor, "title": s.title}))
        .collect();
    json!({
        "doc": document_summary(d, site),
        "organisation": org,
        "body": body,
        "status": shown.front.status.as_ref().map(|s| s.value.as_str()),
        "status_name": shown.front.status.as_ref().map(|s| super::versions::status_name(s.value, lang)),
        "adopted": shown.adopted.map(|x| i18n::date_short(x, lang)),
        "source": d.front.source,
        "case": shown.front.case.as_ref().or(d.front.case.as_ref()),
        "journal": shown.front.journal.as_ref().or(d.front.journal.as_ref()),
        "html": bind_fragments(&shown.html, site, &[]),
        "toc": toc,
        "versions": super::versions::versions_value(d, Some(shown), site),
        "described_versions": d.front.described_versions,
        "notes": shown.front.discrepancies.iter().map(|x| x.note.as_str()).collect::<Vec<_>>(),
        // A version of its own was found elsewhere (its description says where): only the main text is attached.
        "attached_to": (shown.id == d.id).then(|| back.get(&d.id)).flatten(),
    })
}

/// A body as pages show it, with the address of its page.
fn body_value(b: &crate::config::Body) -> Value {
    json!({"id": b.id, "name": b.name, "short": b.short_name(), "description": b.description,
           "url": format!("{ROOT}organer/{}/", b.id)})
}

/// The page of a body's meetings in one year.
fn year_url(body: &str, year: i32) -> String {
    format!("{ROOT}organer/{body}/{year}/")
}

/// The facts of the accessibility statement (`[accessibility]` in protokol.toml), on the page that is the statement.
fn accessibility_statement(site: &Site, page: &str) -> Option<Value> {
    let a = site
        .config
        .accessibility
        .as_ref()
        .filter(|a| a.page == page)?;
    let lang = site.config.language;
    let date = |d: &str| {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .ok()
            .map(|d| i18n::date_short(d, lang))
    };
    Some(json!({
        "contact": a.contact, "email": a.email, "phone": a.phone,
        "prepared": a.prepared, "prepared_text": date(&a.prepared),
        "reviewed": a.reviewed, "reviewed_text": a.reviewed.as_deref().and_then(date),
        "compliance": a.compliance, "method": a.method, "complaint_url": a.complaint_url,
    }))
}
