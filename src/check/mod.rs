//! Check: every validation that protokol knows, over the typed site. `protokol check` runs exactly this, and
//! `protokol build` refuses to publish when it reports an error.

mod expr;
mod statutes;
pub mod tables;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::i18n;
use crate::model::{DiscrepancyKind, Meeting};
use crate::site::Site;
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

pub fn check(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::default();
    diags.extend(tables::check(site));
    diags.extend(references(site));
    diags.extend(statutes::without_units(&site.documents));
    // Meetings are checked independently; collecting in order keeps the output identical to a serial loop
    // (`Diagnostics::sort` is stable, so the order of equal keys matters).
    diags.items.par_extend(
        site.meetings
            .par_iter()
            .flat_map_iter(|m| meeting(site, m).items),
    );
    for d in &site.documents {
        for t in &d.front.tables {
            if site.table(&t.value).is_none() && !site.unreadable(&t.value) {
                let p = crate::yaml::pos(t, 1);
                diags.push(
                    Diagnostic::error(
                        "unknown-table",
                        format!("`tables:` names `{}`, which does not exist", t.value),
                    )
                    .at(&d.source.file, p.line, p.column)
                    .expected("the id of a file in content/tabeller/")
                    .found(t.value.clone()),
                );
            }
        }
        if let Some(status) = d
            .front
            .status
            .as_ref()
            .filter(|_| !d.front.kind.is_numbered())
        {
            let p = crate::yaml::pos(status, 1);
            diags.push(
                Diagnostic::warning(
                    "status-not-applicable",
                    "`status` applies to statutes and bylaws only",
                )
                .at(&d.source.file, p.line, p.column),
            );
        }
        for x in &d.front.discrepancies {
            diags.push(
                Diagnostic::note("acknowledged-discrepancy", x.note.clone()).at(
                    &d.source.file,
                    x.pos.line,
                    x.pos.column,
                ),
            );
        }
    }
    for t in &site.tables {
        if let Some(m) = &t.file.meeting {
            let (id, number) = m.value.split_once('#').unwrap_or((m.value.as_str(), ""));
            let found = site.meeting(id).is_some_and(|x| {
                number.is_empty() || x.items.iter().any(|i| i.meta.number == number)
            });
            if !found && !site.unreadable(id) {
                let p = crate::yaml::pos(m, 0);
                diags.push(
                    Diagnostic::error("unknown-meeting", format!("`meeting:` names `{}`, which is not a meeting (and item) in the portal", m.value))
                        .at(&t.source.file, p.line, p.column)
                        .expected("<meeting id>#<item number>, e.g. 2020-01-24-kd-net#10")
                        .found(m.value.clone()),
                );
            }
        }
        if let Some(doc) = &t.file.document {
            if site.document(&doc.value).is_none() && !site.unreadable(&doc.value) {
                let p = crate::yaml::pos(doc, 0);
                diags.push(
                    Diagnostic::error(
                        "unknown-document",
                        format!("`document:` names `{}`, which does not exist", doc.value),
                    )
                    .at(&t.source.file, p.line, p.column)
                    .expected("the id of a file in content/dokumenter/")
                    .found(doc.value.clone()),
                );
            }
        }
    }
    diags.extend(weekdays(site));
    diags.sort();
    diags
}

/// The recorded discrepancies of every meeting and document, by file.
fn discrepancies_by_file(
    site: &Site,
) -> impl Iterator<Item = (&str, &[crate::model::Discrepancy])> {
    let meetings = site
        .meetings
        .iter()
        .map(|m| (m.source.file.as_str(), m.front.discrepancies.as_slice()));
    let documents = site
        .documents
        .iter()
        .map(|d| (d.source.file.as_str(), d.front.discrepancies.as_slice()));
    meetings.chain(documents)
}

/// Every `ref:` link and reference phrase must point at an existing item and, if given, an existing section or
/// agenda item. A broken reference that the source itself printed is acknowledged with a `reference`
/// discrepancy whose `printed` is the phrase.
fn references(site: &Site) -> Diagnostics {
    // Needed only for broken references, which are rare: built on the first one.
    let acks = OnceLock::new();
    Diagnostics {
        items: site
            .refs
            .par_iter()
            .filter_map(|(file, r)| reference(site, &acks, file, r))
            .collect(),
    }
}

/// The recorded discrepancies of each file.
type AcksByFile<'a> = HashMap<&'a str, &'a [crate::model::Discrepancy]>;

/// The diagnostic for one reference, if it points nowhere.
fn reference<'a>(
    site: &'a Site,
    acks: &OnceLock<AcksByFile<'a>>,
    file: &str,
    r: &crate::markdown::RefUse,
) -> Option<Diagnostic> {
    if site.unreadable(&r.target) {
        return None;
    }
    let problem = if let Some(m) = site.meeting(&r.target) {
        r.anchor.as_ref().and_then(|a| {
            let a = a.trim_end_matches('.');
            (!m.items.iter().any(|i| i.meta.number == a)
                && !m.front.groups.iter().any(|g| g.number == a))
            .then(|| format!("meeting `{}` has no item {a}", m.id))
        })
    } else if let Some(d) = site.document(&r.target) {
        if let Some((msg, expected)) = r.anchor.as_ref().and_then(|a| statutes::missing_unit(d, a))
        {
            return Some(statute_reference(site, acks, file, r, msg, expected));
        }
        r.anchor.as_ref().and_then(|a| {
            let a = a.trim_end_matches('.');
            let anchor = crate::markdown::anchor_for(crate::markdown::AnchorStyle::Section, a);
            (!d.sections
                .iter()
                .any(|s| s.number == a || s.anchor == anchor || s.anchor == a))
            .then(|| format!("document `{}` has no section {a}", d.id))
        })
    } else if site.table(&r.target).is_some() || site.pages.iter().any(|p| p.id == r.target) {
        None
    } else {
        Some(format!(
            "`{}` is not a meeting, document, table or page",
            r.target
        ))
    };
    let msg = problem?;
    let d = if acknowledged(site, acks, file, r) {
        Diagnostic::note(
            "acknowledged-discrepancy",
            format!("reference \"{}\": {msg} (acknowledged)", r.written),
        )
    } else {
        Diagnostic::error(
            "broken-reference",
            format!("reference \"{}\" points nowhere: {msg}", r.written),
        )
        .expected("an existing id and section/item number")
        .found(r.written.clone())
    };
    Some(d.at(file, r.pos.line, r.pos.column))
}

/// A reference to a statute's unit that does not exist, in Danish; acknowledged as any other reference.
fn statute_reference<'a>(
    site: &'a Site,
    acks: &OnceLock<AcksByFile<'a>>,
    file: &str,
    r: &crate::markdown::RefUse,
    msg: String,
    expected: String,
) -> Diagnostic {
    let d = if acknowledged(site, acks, file, r) {
        Diagnostic::note(
            "acknowledged-discrepancy",
            format!(
                "henvisningen »{}«: {msg} (kendt uoverensstemmelse)",
                r.written
            ),
        )
    } else {
        Diagnostic::error(
            "broken-reference",
            format!(
                "henvisningen »{}« peger ikke på nogen bestemmelse: {msg}",
                r.written
            ),
        )
        .expected(expected)
        .found(r.written.clone())
    };
    d.at(file, r.pos.line, r.pos.column)
}

/// Whether the file records this reference as a `reference` discrepancy of the source.
fn acknowledged<'a>(
    site: &'a Site,
    acks: &OnceLock<AcksByFile<'a>>,
    file: &str,
    r: &crate::markdown::RefUse,
) -> bool {
    acks.get_or_init(|| discrepancies_by_file(site).collect())
        .get(file)
        .copied()
        .unwrap_or_default()
        .iter()
        .any(|d| {
            d.kind == DiscrepancyKind::Reference && d.printed.as_deref() == Some(r.written.as_str())
        })
}

fn meeting(site: &Site, m: &Meeting) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let file = &m.source.file;
    if site.config.body(m.body_id()).is_none() {
        let p = crate::yaml::pos(&m.front.body, 1);
        diags.push(
            Diagnostic::error(
                "unknown-body",
                format!("body `{}` is not declared in protokol.toml", m.body_id()),
            )
            .at(file, p.line, p.column)
            .expected(
                site.config
                    .bodies
                    .iter()
                    .map(|b| b.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            )
            .found(m.body_id().to_string()),
        );
    }
    // The file name carries the date and the body. A date that did not parse was reported at its field; what
    // follows from it (the file name, the weekday) is not judged against a date nobody wrote.
    let date_known = crate::site::parse_date(&m.front.date, file, 1).is_ok();
    let date = iso_date(m.date);
    let named_right = !date_known
        || m.id
            .strip_prefix(date.as_str())
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|rest| rest.starts_with(m.body_id()));
    if !named_right {
        let expected_id = format!("{date}-{}", m.body_id());
        // Point at the field the name disagrees with: the date, else the body.
        let p = if m.id.starts_with(date.as_str()) {
            crate::yaml::pos(&m.front.body, 1)
        } else {
            crate::yaml::pos(&m.front.date, 1)
        };
        diags.push(
            Diagnostic::error(
                "meeting-file-name",
                "file name does not match the meeting's date and body",
            )
            .at(file, p.line, p.column)
            .expected(format!("{expected_id}.md"))
            .found(format!("{}.md", m.id)),
        );
    }
    // A moved meeting's earlier dates (calendar UIDs and SEQUENCE rest on them): valid dates, none its date.
    for d in &m.front.moved_from {
        match crate::site::parse_date(d, file, 1) {
            Err(e) => diags.push(e),
            Ok(x) if x == m.date => {
                let p = crate::yaml::pos(d, 1);
                diags.push(
                    Diagnostic::error(
                        "moved-from-date",
                        "a `moved_from` date is the meeting's own date",
                    )
                    .at(file, p.line, p.column)
                    .expected("the dates the meeting had before it was moved")
                    .found(d.value.clone()),
                );
            }
            Ok(_) => {}
        }
    }
    if let Some(w) = m.front.weekday.as_ref().filter(|_| date_known) {
        let actual = i18n::weekday_da(m.date.weekday());
        // Most meetings spell the weekday exactly as `weekday_da` does: no need to lower-case it then.
        let right = w.value.trim() == actual
            || i18n::parse_weekday_da(w.value.trim()) == Some(m.date.weekday());
        if !right {
            let p = crate::yaml::pos(w, 1);
            let ack = m.front.discrepancies.iter().any(|d| {
                d.kind == DiscrepancyKind::Weekday
                    && d.printed
                        .as_deref()
                        .is_some_and(|x| x.to_lowercase().contains(&w.value.to_lowercase()))
            });
            let msg = format!(
                "{} is a {actual}, not a {}",
                i18n::date_short(m.date, site.config.language),
                w.value
            );
            let d = if ack {
                Diagnostic::note("acknowledged-discrepancy", msg)
            } else {
                Diagnostic::error("weekday", msg)
            };
            diags.push(
                d.at(file, p.line, p.column)
                    .expected(actual.to_string())
                    .found(w.value.clone()),
            );
        }
    }
    // Items: every overview item has a section in the body, in order, numbered without gaps.
    let front_numbers = m.front.items.iter().map(|i| i.value.number.as_str());
    let body_numbers = m.items.iter().map(|i| i.meta.number.as_str());
    // Usually the two lists agree, and then none of the three rules below can fail.
    if !front_numbers.clone().eq(body_numbers.clone()) {
        let front_numbers: Vec<&str> = front_numbers.collect();
        let body_numbers: Vec<&str> = body_numbers.collect();
        items_against_overview(m, &front_numbers, &body_numbers, &mut diags);
    }
    diags.extend(numbering(m));
    for it in &m.items {
        // Overview title vs heading title.
        if let Some(t) = &it.meta.title {
            if !same_title(t, &it.heading) {
                let ack = m.front.discrepancies.iter().any(|d| {
                    d.kind == DiscrepancyKind::Title
                        && d.item.as_deref() == Some(it.meta.number.as_str())
                });
                let msg = format!(
                    "item {}: the overview title differs from the heading",
                    it.meta.number
                );
                let d = if ack {
                    Diagnostic::note("acknowledged-discrepancy", format!("{msg} (acknowledged)"))
                } else {
                    Diagnostic::error("item-title", msg)
                };
                diags.push(
                    d.at(file, it.meta_pos.line, it.meta_pos.column)
                        .expected(it.heading.clone())
                        .found(t.clone()),
                );
            }
        }
        if let Some(a) = &it.meta.approves {
            if site.meeting(&a.value).is_none()
                && it.meta.approves_note.is_none()
                && !site.unreadable(&a.value)
            {
                let p = crate::yaml::pos(a, 1);
                diags.push(
                    Diagnostic::error(
                        "approves-unknown-meeting",
                        format!(
                            "item {} approves the minutes of `{}`, which is not in the portal",
                            it.meta.number, a.value
                        ),
                    )
                    .at(file, p.line, p.column)
                    .hint("add that meeting, or say why it is missing in `approves_note`"),
                );
            }
        }
        for att in &it.meta.attachments {
            let a = &att.value;
            let targets = [
                (
                    "document",
                    "unknown-document",
                    "content/dokumenter/",
                    a.document.as_ref().filter(|id| site.document(id).is_none()),
                ),
                (
                    "meeting",
                    "unknown-meeting",
                    "content/moeder/",
                    a.meeting.as_ref().filter(|id| site.meeting(id).is_none()),
                ),
                (
                    "table",
                    "unknown-table",
                    "content/tabeller/",
                    a.table.as_ref().filter(|id| site.table(id).is_none()),
                ),
            ];
            // Each named target that is not in the portal (and not merely unreadable, which is reported).
            for (kind, code, folder, missing) in targets {
                let Some(id) = missing.filter(|id| !site.unreadable(id)) else {
                    continue;
                };
                let p = crate::yaml::pos(att, 1);
                diags.push(
                    Diagnostic::error(
                        code,
                        format!("attachment names {kind} `{id}`, which is not in the portal"),
                    )
                    .at(file, p.line, p.column)
                    .expected(format!("the id of a file in {folder}"))
                    .found(id.clone()),
                );
            }
        }
    }
    // Stale title acknowledgements: a title discrepancy must still be a difference.
    for d in &m.front.discrepancies {
        if d.kind == DiscrepancyKind::Title {
            let still = d
                .item
                .as_ref()
                .and_then(|n| m.items.iter().find(|i| &i.meta.number == n))
                .is_some_and(|i| {
                    i.meta
                        .title
                        .as_ref()
                        .is_some_and(|t| !same_title(t, &i.heading))
                });
            if !still {
                diags.push(
                    Diagnostic::error(
                        "stale-acknowledgement",
                        format!(
                            "title discrepancy for item {} matches no difference",
                            d.item.as_deref().unwrap_or("?")
                        ),
                    )
                    .at(file, d.pos.line, d.pos.column)
                    .hint(
                        "the overview title and the heading agree now: remove the acknowledgement",
                    ),
                );
            }
        } else if d.kind != DiscrepancyKind::Weekday && d.kind != DiscrepancyKind::Reference {
            diags.push(
                Diagnostic::note("acknowledged-discrepancy", d.note.clone()).at(
                    file,
                    d.pos.line,
                    d.pos.column,
                ),
            );
        }
    }
    for c in &m.front.calendars {
        for d in &c.dates {
            if let Err(e) = crate::site::parse_date(&d.date, file, 1) {
                diags.push(e);
            }
        }
    }
    diags
}

/// Every overview item has a section in the body and every section an overview item, in the same order. Called
/// only when the two lists of numbers differ.
fn items_against_overview(
    m: &Meeting,
    front_numbers: &[&str],
    body_numbers: &[&str],
    diags: &mut Diagnostics,
) {
    let file = &m.source.file;
    for it in &m.items {
        if !front_numbers.contains(&it.meta.number.as_str()) {
            diags.push(
                Diagnostic::error(
                    "item-not-in-overview",
                    format!(
                        "item {} is not in the front matter's `items:`",
                        it.meta.number
                    ),
                )
                .at(file, it.heading_pos.line, it.heading_pos.column)
                .hint("add it to `items:` (the agenda overview)"),
            );
        }
    }
    for fi in &m.front.items {
        if !body_numbers.contains(&fi.value.number.as_str()) {
            let p = crate::yaml::pos(fi, 1);
            diags.push(
                Diagnostic::error(
                    "item-missing",
                    format!(
                        "item {} of the overview has no section in the body",
                        fi.value.number
                    ),
                )
                .at(file, p.line, p.column)
                .expected(format!("a heading `## {} <title>`", fi.value.number)),
            );
        }
    }
    if front_numbers.len() == body_numbers.len() {
        // The first section that stands where the overview has another item.
        let p = m
            .items
            .iter()
            .zip(front_numbers)
            .find(|(it, n)| it.meta.number != **n)
            .map(|(it, _)| it.heading_pos)
            .unwrap_or(Pos { line: 1, column: 1 });
        diags.push(
            Diagnostic::error(
                "item-order",
                "the items in the body are not in the order of the overview",
            )
            .at(file, p.line, p.column)
            .expected(front_numbers.join(", "))
            .found(body_numbers.join(", ")),
        );
    }
}

/// Titles compare as printed: only runs of white space and a final full stop are not differences. Case is:
/// "Pædagoguddannelsen" and "pædagoguddannelsen" are two wordings of the record.
fn same_title(a: &str, b: &str) -> bool {
    // Nearly every title is printed exactly as its heading: skip normalizing (and allocating) then.
    a == b || normalize(a) == normalize(b)
}

fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches('.')
        .to_string()
}

/// `YYYY-MM-DD` exactly as chrono's `%Y-%m-%d` writes it, without parsing a format string for every meeting.
fn iso_date(d: NaiveDate) -> String {
    if (0..=9999).contains(&d.year()) {
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    } else {
        // chrono signs years outside 0..=9999.
        d.format("%Y-%m-%d").to_string()
    }
}

/// Items numbered 1…n (or g.1…g.m inside groups) without gaps or duplicates.
fn numbering(m: &Meeting) -> Diagnostics {
    let mut diags = Diagnostics::default();
    // The next number at the top level, and inside each group. Top-level items, the usual kind, skip the map: a
    // key of "" made every lookup compare two empty strings, which glibc's vectorised memcmp does slowly on some
    // CPUs (~130 ns each on this AMD EPYC, via a masked load from the empty `String`'s dangling pointer).
    let mut next_top = 1;
    let mut next_in_group: HashMap<&str, u32> = HashMap::new();
    let mut seen = HashSet::with_capacity(m.items.len());
    for it in &m.items {
        let n = &it.meta.number;
        if !seen.insert(n.as_str()) {
            diags.push(
                Diagnostic::error("item-number", format!("item number {n} is used twice")).at(
                    &m.source.file,
                    it.heading_pos.line,
                    it.heading_pos.column,
                ),
            );
            continue;
        }
        let (prefix, last) = n.rsplit_once('.').unwrap_or(("", n));
        let Ok(last) = last.parse::<u32>() else {
            diags.push(
                Diagnostic::error("item-number", format!("`{n}` is not an item number"))
                    .at(&m.source.file, it.heading_pos.line, it.heading_pos.column)
                    .expected("1, 2, … or 3.1, 3.2, …"),
            );
            continue;
        };
        if !prefix.is_empty() && !m.front.groups.iter().any(|g| g.number == prefix) {
            diags.push(
                Diagnostic::error(
                    "item-number",
                    format!("item {n} belongs to group {prefix}, which `groups:` does not declare"),
                )
                .at(&m.source.file, it.heading_pos.line, it.heading_pos.column),
            );
        }
        let want = if prefix.is_empty() {
            &mut next_top
        } else {
            next_in_group.entry(prefix).or_insert(1)
        };
        if last != *want {
            let expected = if prefix.is_empty() {
                want.to_string()
            } else {
                format!("{prefix}.{want}")
            };
            diags.push(
                Diagnostic::error(
                    "item-number",
                    format!("item numbers have a gap or are out of order at {n}"),
                )
                .at(&m.source.file, it.heading_pos.line, it.heading_pos.column)
                .expected(expected)
                .found(n.clone()),
            );
        }
        *want = last + 1;
    }
    let groups: Vec<u32> = m
        .front
        .groups
        .iter()
        .filter_map(|g| g.number.parse().ok())
        .collect();
    for (i, g) in groups.iter().enumerate() {
        if *g != i as u32 + 1 {
            let p = m
                .front
                .groups
                .iter()
                .find(|x| x.number.parse() == Ok(*g))
                .map(|x| x.pos)
                .unwrap_or(Pos { line: 1, column: 1 });
            diags.push(
                Diagnostic::error(
                    "item-number",
                    "group numbers have a gap or are out of order",
                )
                .at(&m.source.file, p.line, p.column)
                .expected((i + 1).to_string())
                .found(g.to_string()),
            );
            break;
        }
    }
    diags
}

/// A date written with its weekday ("fredag den 24. januar 2020") must name the right weekday, and no date in a
/// text may be one no calendar has ("30. februar 2021"), in meetings, documents and pages alike. The parse stage
/// records every such phrase with its position; acknowledged ones (a `weekday` or `date` discrepancy whose
/// `printed` holds the phrase) are notes.
fn weekdays(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let files = site
        .meetings
        .iter()
        .map(|m| {
            (
                m.source.file.as_str(),
                m.front.discrepancies.as_slice(),
                m.weekday_dates.as_slice(),
                m.impossible_dates.as_slice(),
            )
        })
        .chain(site.documents.iter().map(|d| {
            (
                d.source.file.as_str(),
                d.front.discrepancies.as_slice(),
                d.weekday_dates.as_slice(),
                d.impossible_dates.as_slice(),
            )
        }))
        .chain(site.pages.iter().map(|p| {
            (
                p.source.file.as_str(),
                &[][..],
                p.weekday_dates.as_slice(),
                p.impossible_dates.as_slice(),
            )
        }));
    for (file, acks, dates, impossible) in files {
        let acknowledged = |kind: DiscrepancyKind, phrase: &str| {
            acks.iter().any(|d| {
                d.kind == kind
                    && d.printed
                        .as_deref()
                        .is_some_and(|p| p.to_lowercase().contains(&phrase.to_lowercase()))
            })
        };
        for wd in dates.iter().filter(|w| w.written != w.date.weekday()) {
            let (written, actual) = (
                i18n::weekday_da(wd.written),
                i18n::weekday_da(wd.date.weekday()),
            );
            let msg = format!("\"{}\": the date is a {actual}, not a {written}", wd.phrase);
            let d = if acknowledged(DiscrepancyKind::Weekday, &wd.phrase) {
                Diagnostic::note("acknowledged-discrepancy", format!("{msg} (acknowledged)"))
            } else {
                Diagnostic::error("weekday", msg)
            };
            diags.push(
                d.at(file, wd.pos.line, wd.pos.column)
                    .expected(actual.to_string())
                    .found(written.to_string()),
            );
        }
        for bad in impossible {
            let msg = format!(
                "\"{}\" er ikke en dato: måneden har ikke den dag",
                bad.phrase
            );
            let d = if acknowledged(DiscrepancyKind::Date, &bad.phrase) {
                Diagnostic::note("acknowledged-discrepancy", format!("{msg} (acknowledged)"))
            } else {
                Diagnostic::error("impossible-date", msg)
                    .expected("en dag, som måneden har (februar 28 eller 29, april, juni, september og november 30)")
                    .found(bad.phrase.clone())
                    .hint("ret datoen, hvis den er skrevet af forkert; står den sådan i kilden, så registrér den som en `date`-uoverensstemmelse i `discrepancies:` med datoen i `printed`")
            };
            diags.push(d.at(file, bad.pos.line, bad.pos.column));
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekday_phrases_are_found() {
        let right = i18n::weekday_dates("Fredag den 24. januar 2020, kl. 10");
        assert_eq!(right.len(), 1);
        assert_eq!(right[0].written, right[0].date.weekday());
        let wrong = i18n::weekday_dates("Sagen blev behandlet torsdag den 17. januar 2020.");
        assert_eq!(wrong.len(), 1);
        assert_eq!(i18n::weekday_da(wrong[0].date.weekday()), "fredag");
        assert_eq!(wrong[0].phrase, "torsdag den 17. januar 2020");
        assert_eq!(wrong[0].offset, 21);
    }
}
