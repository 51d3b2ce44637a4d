//! Check: every validation that protokol knows, over the typed site. `protokol check` runs exactly this, and
//! `protokol build` refuses to publish when it reports an error.

mod expr;
mod statutes;
pub mod tables;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Pos};
use crate::i18n::{self, Msg};
use crate::load::Site;
use crate::model::{DiscrepancyKind, Meeting};
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
                        Code::UnknownTable,
                        Msg::DocumentNamesUnknownTable {
                            id: t.value.clone(),
                        },
                    )
                    .at(&d.source.file, p.line, p.column)
                    .expected(Msg::ExpectTableId)
                    .found(t.value.clone())
                    .hint(Msg::HintFixIdOrAdd),
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
                Diagnostic::warning(Code::StatusNotApplicable, Msg::StatusNotApplicable)
                    .at(&d.source.file, p.line, p.column)
                    .hint(Msg::HintStatusNotApplicable),
            );
        }
        for x in &d.front.discrepancies {
            diags.push(
                Diagnostic::note(Code::AcknowledgedDiscrepancy, x.note.clone()).at(
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
                    Diagnostic::error(
                        Code::UnknownMeeting,
                        Msg::TableNamesUnknownMeeting {
                            id: m.value.clone(),
                        },
                    )
                    .at(&t.source.file, p.line, p.column)
                    .expected(Msg::ExpectMeetingItem)
                    .found(m.value.clone())
                    .hint(Msg::HintFixIdOrAdd),
                );
            }
        }
        if let Some(doc) = &t.file.document {
            if site.document(&doc.value).is_none() && !site.unreadable(&doc.value) {
                let p = crate::yaml::pos(doc, 0);
                diags.push(
                    Diagnostic::error(
                        Code::UnknownDocument,
                        Msg::TableNamesUnknownDocument {
                            id: doc.value.clone(),
                        },
                    )
                    .at(&t.source.file, p.line, p.column)
                    .expected(Msg::ExpectDocumentId)
                    .found(doc.value.clone())
                    .hint(Msg::HintFixIdOrAdd),
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
            .then(|| Msg::MeetingHasNoItem {
                meeting: m.id.clone(),
                item: a.to_string(),
            })
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
            .then(|| Msg::DocumentHasNoSection {
                document: d.id.clone(),
                section: a.to_string(),
            })
        })
    } else if site.table(&r.target).is_some() || site.pages.iter().any(|p| p.id == r.target) {
        None
    } else {
        Some(Msg::NotAnything {
            id: r.target.clone(),
        })
    };
    let msg = problem?;
    let problem = Box::new(msg);
    let d = if acknowledged(site, acks, file, r) {
        Diagnostic::note(
            Code::AcknowledgedDiscrepancy,
            Msg::ReferenceAcknowledged {
                written: r.written.clone(),
                problem,
            },
        )
    } else {
        Diagnostic::error(
            Code::BrokenReference,
            Msg::ReferencePointsNowhere {
                written: r.written.clone(),
                problem,
            },
        )
        .expected(Msg::ExpectExistingTarget)
        .found(r.written.clone())
        .hint(Msg::HintBrokenReference)
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
                Code::UnknownBody,
                Msg::UnknownBody {
                    body: m.body_id().to_string(),
                },
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
            .found(m.body_id().to_string())
            .hint(Msg::HintUnknownBody),
        );
    }
    // The file name carries the date and the body. A date that did not parse was reported at its field; what
    // follows from it (the file name, the weekday) is not judged against a date nobody wrote.
    let date_known = crate::load::parse_date(&m.front.date, file, 1).is_ok();
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
            Diagnostic::error(Code::MeetingFileName, Msg::MeetingFileName)
                .at(file, p.line, p.column)
                .expected(format!("{expected_id}.md"))
                .found(format!("{}.md", m.id))
                .hint(Msg::HintMeetingFileName),
        );
    }
    // A moved meeting's earlier dates (calendar UIDs and SEQUENCE rest on them): valid dates, none its date.
    for d in &m.front.moved_from {
        match crate::load::parse_date(d, file, 1) {
            Err(e) => diags.push(e),
            Ok(x) if x == m.date => {
                let p = crate::yaml::pos(d, 1);
                diags.push(
                    Diagnostic::error(Code::MovedFromDate, Msg::MovedFromOwnDate)
                        .at(file, p.line, p.column)
                        .expected(Msg::ExpectEarlierDates)
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
            let (date, actual, written) = (m.date, m.date.weekday(), w.value.clone());
            let d = if ack {
                Diagnostic::note(
                    Code::AcknowledgedDiscrepancy,
                    Msg::WeekdayWrongAcknowledged {
                        date,
                        actual,
                        written,
                    },
                )
            } else {
                Diagnostic::error(
                    Code::Weekday,
                    Msg::WeekdayWrong {
                        date,
                        actual,
                        written,
                    },
                )
                .hint(Msg::HintWeekday)
            };
            diags.push(
                d.at(file, p.line, p.column)
                    .expected(Msg::WeekdayName { day: actual })
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
                let item = it.meta.number.clone();
                let d = if ack {
                    Diagnostic::note(
                        Code::AcknowledgedDiscrepancy,
                        Msg::ItemTitleAcknowledged { item },
                    )
                } else {
                    Diagnostic::error(Code::ItemTitle, Msg::ItemTitleDiffers { item })
                        .hint(Msg::HintItemTitle)
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
                        Code::ApprovesUnknownMeeting,
                        Msg::ApprovesUnknownMeeting {
                            item: it.meta.number.clone(),
                            meeting: a.value.clone(),
                        },
                    )
                    .at(file, p.line, p.column)
                    .found(a.value.clone())
                    .hint(Msg::HintApprovesNote),
                );
            }
        }
        for att in &it.meta.attachments {
            let a = &att.value;
            let targets: [(fn(String) -> Msg, Code, &str, Option<&String>); 3] = [
                (
                    |id| Msg::AttachmentUnknownDocument { id },
                    Code::UnknownDocument,
                    "content/dokumenter/",
                    a.document.as_ref().filter(|id| site.document(id).is_none()),
                ),
                (
                    |id| Msg::AttachmentUnknownMeeting { id },
                    Code::UnknownMeeting,
                    "content/moeder/",
                    a.meeting.as_ref().filter(|id| site.meeting(id).is_none()),
                ),
                (
                    |id| Msg::AttachmentUnknownTable { id },
                    Code::UnknownTable,
                    "content/tabeller/",
                    a.table.as_ref().filter(|id| site.table(id).is_none()),
                ),
            ];
            // Each named target that is not in the portal (and not merely unreadable, which is reported).
            for (message, code, folder, missing) in targets {
                let Some(id) = missing.filter(|id| !site.unreadable(id)) else {
                    continue;
                };
                let p = crate::yaml::pos(att, 1);
                diags.push(
                    Diagnostic::error(code, message(id.clone()))
                        .at(file, p.line, p.column)
                        .expected(Msg::ExpectFileIn {
                            folder: folder.to_string(),
                        })
                        .found(id.clone())
                        .hint(Msg::HintFixIdOrAdd),
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
                        Code::StaleAcknowledgement,
                        Msg::StaleTitleAcknowledgement {
                            item: d.item.clone().unwrap_or_else(|| "?".into()),
                        },
                    )
                    .at(file, d.pos.line, d.pos.column)
                    .hint(Msg::HintStaleTitleAcknowledgement),
                );
            }
        } else if d.kind != DiscrepancyKind::Weekday && d.kind != DiscrepancyKind::Reference {
            diags.push(
                Diagnostic::note(Code::AcknowledgedDiscrepancy, d.note.clone()).at(
                    file,
                    d.pos.line,
                    d.pos.column,
                ),
            );
        }
    }
    for c in &m.front.calendars {
        for d in &c.dates {
            if let Err(e) = crate::load::parse_date(&d.date, file, 1) {
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
                    Code::ItemNotInOverview,
                    Msg::ItemNotInOverview {
                        item: it.meta.number.clone(),
                    },
                )
                .at(file, it.heading_pos.line, it.heading_pos.column)
                .hint(Msg::HintItemNotInOverview),
            );
        }
    }
    for fi in &m.front.items {
        if !body_numbers.contains(&fi.value.number.as_str()) {
            let p = crate::yaml::pos(fi, 1);
            diags.push(
                Diagnostic::error(
                    Code::ItemMissing,
                    Msg::ItemMissing {
                        item: fi.value.number.clone(),
                    },
                )
                .at(file, p.line, p.column)
                .expected(Msg::ExpectItemHeading {
                    item: fi.value.number.clone(),
                }),
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
            Diagnostic::error(Code::ItemOrder, Msg::ItemOrder)
                .at(file, p.line, p.column)
                .expected(front_numbers.join(", "))
                .found(body_numbers.join(", "))
                .hint(Msg::HintItemOrder),
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
                Diagnostic::error(Code::ItemNumber, Msg::ItemNumberTwice { item: n.clone() }).at(
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
                Diagnostic::error(Code::ItemNumber, Msg::ItemNumberInvalid { item: n.clone() })
                    .at(&m.source.file, it.heading_pos.line, it.heading_pos.column)
                    .expected(Msg::ExpectItemNumbers)
                    .found(n.clone()),
            );
            continue;
        };
        if !prefix.is_empty() && !m.front.groups.iter().any(|g| g.number == prefix) {
            diags.push(
                Diagnostic::error(
                    Code::ItemNumber,
                    Msg::ItemInUndeclaredGroup {
                        item: n.clone(),
                        group: prefix.to_string(),
                    },
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
                Diagnostic::error(Code::ItemNumber, Msg::ItemNumberGap { item: n.clone() })
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
                Diagnostic::error(Code::ItemNumber, Msg::GroupNumberGap)
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
            let (written, actual, phrase) = (wd.written, wd.date.weekday(), wd.phrase.clone());
            let d = if acknowledged(DiscrepancyKind::Weekday, &wd.phrase) {
                Diagnostic::note(
                    Code::AcknowledgedDiscrepancy,
                    Msg::WeekdayInTextAcknowledged {
                        phrase,
                        actual,
                        written,
                    },
                )
            } else {
                Diagnostic::error(
                    Code::Weekday,
                    Msg::WeekdayInText {
                        phrase,
                        actual,
                        written,
                    },
                )
                .hint(Msg::HintWeekday)
            };
            diags.push(
                d.at(file, wd.pos.line, wd.pos.column)
                    .expected(Msg::WeekdayName { day: actual })
                    .found(Msg::WeekdayName { day: written }),
            );
        }
        for bad in impossible {
            let phrase = bad.phrase.clone();
            let d = if acknowledged(DiscrepancyKind::Date, &bad.phrase) {
                Diagnostic::note(
                    Code::AcknowledgedDiscrepancy,
                    Msg::ImpossibleDateAcknowledged { phrase },
                )
            } else {
                Diagnostic::error(Code::ImpossibleDate, Msg::ImpossibleDate { phrase })
                    .expected(Msg::ExpectPossibleDay)
                    .found(bad.phrase.clone())
                    .hint(Msg::HintImpossibleDate)
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
