//! One meeting: its body exists, its file name agrees with its date and body, its items agree with the
//! overview in its front matter, and its calendars' dates are dates.

use super::item_numbers;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Pos};
use crate::i18n::{self, Msg};
use crate::load::Site;
use crate::model::{AgendaItem, DiscrepancyKind, Meeting};
use chrono::{Datelike, NaiveDate};

pub(super) fn check(site: &Site, m: &Meeting) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let file = &m.source.file;
    bodies(site, m, &mut diags);
    // The file name carries the date and the body. A date that did not parse was reported at its field; what
    // follows from it (the file name, the weekday) is not judged against a date nobody wrote.
    let date_known = crate::load::parse_date(&m.front.date, file, 1).is_ok();
    let date = iso_date(m.date);
    let named_right = !date_known
        || m.id
            .strip_prefix(date.as_str())
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|rest| m.body_ids().any(|b| rest.starts_with(b)));
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
            let ack = (m.discrepancies())
                .find(|d| super::acknowledgements::quotes(d, DiscrepancyKind::Weekday, &w.value));
            let (date, actual, written) = (m.date, m.date.weekday(), w.value.clone());
            let d = if let Some(ack) = ack {
                Diagnostic::note(
                    Code::AcknowledgedDiscrepancy,
                    Msg::WeekdayWrongAcknowledged {
                        date,
                        actual,
                        written,
                    },
                )
                .hint(ack.note.clone())
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
    // Items: every overview entry has its section in the body, in order; the numbers follow the meeting's style.
    items_against_overview(m, &mut diags);
    diags.extend(item_numbers::check(m));
    for it in &m.items {
        // Overview title vs heading title.
        if let Some(t) = &it.meta.title {
            if !same_title(t, &it.heading) {
                let ack = m.discrepancies().find(|d| {
                    d.kind == DiscrepancyKind::Title
                        && d.item.as_deref().is_some_and(|n| it.answers_to(n))
                });
                let item = it.meta.number.clone();
                let d = if let Some(ack) = ack {
                    Diagnostic::note(
                        Code::AcknowledgedDiscrepancy,
                        Msg::ItemTitleAcknowledged { item },
                    )
                    .hint(ack.note.clone())
                } else {
                    Diagnostic::error(Code::ItemTitle, Msg::ItemTitleDiffers { item })
                        .hint(Msg::HintItemTitleOnce)
                };
                diags.push(
                    d.at(file, it.meta_pos.line, it.meta_pos.column)
                        .expected(it.heading.clone())
                        .found(t.clone()),
                );
            }
        }
        if let Some(a) = it.meta.approves() {
            if site.meeting(&a.value).is_none()
                && it.meta.approves_note().is_none()
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
        for att in it.meta.attachments() {
            attachment_targets(site, file, att, &mut diags);
        }
    }
    for att in &m.withheld().attachments {
        attachment_targets(site, file, &att.value, &mut diags);
    }
    for c in m.front.calendars.iter().chain(&m.withheld().calendars) {
        for d in &c.dates {
            if let Err(e) = crate::load::parse_date(&d.date, file, 1) {
                diags.push(e);
            }
        }
    }
    diags
}

/// The ids [`check`] looks up in the site (what `approves:` and attachments name): besides the meeting's own file
/// and the configuration, its diagnostics depend on whether these are in the portal, so an incremental check
/// runs it again when one of their files changed ([`super::Checked`]).
pub(super) fn looked_up(m: &Meeting) -> Vec<String> {
    let targets = |a: &crate::model::meeting::Attachment| {
        let ids = a.document.iter().chain(&a.meeting).chain(&a.table);
        ids.cloned().collect::<Vec<_>>()
    };
    let items = m.items.iter().flat_map(|it| {
        let approves = it.meta.approves().into_iter().map(|a| a.value.clone());
        approves.chain(it.meta.attachments().iter().flat_map(|a| targets(&a.value)))
    });
    let withheld = (m.withheld().attachments.iter()).flat_map(|a| targets(&a.value.value));
    items.chain(withheld).collect()
}

/// The meeting's bodies: each is declared in protokol.toml, none is named twice, and a list names at least one
/// (a joint meeting: `body: [a, b]`).
fn bodies(site: &Site, m: &Meeting, diags: &mut Diagnostics) {
    let file = &m.source.file;
    let field = crate::yaml::pos(&m.front.body, 1);
    let known = || {
        (site.config.bodies.iter())
            .map(|b| b.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let list = &m.front.body.value.0;
    if list.is_empty() {
        diags.push(
            Diagnostic::error(Code::MeetingBodies, Msg::MeetingBodiesEmpty)
                .at(file, field.line, field.column)
                .expected(known())
                .hint(Msg::HintMeetingBodies),
        );
    }
    for (k, (body, at)) in list.iter().enumerate() {
        let p = at.unwrap_or(field);
        if list[..k].iter().any(|(b, _)| b == body) {
            diags.push(
                Diagnostic::error(
                    Code::MeetingBodies,
                    Msg::MeetingBodyTwice { body: body.clone() },
                )
                .at(file, p.line, p.column)
                .hint(Msg::HintMeetingBodies),
            );
        } else if site.config.body(body).is_none() {
            diags.push(
                Diagnostic::error(Code::UnknownBody, Msg::UnknownBody { body: body.clone() })
                    .at(file, p.line, p.column)
                    .expected(known())
                    .found(body.clone())
                    .hint(Msg::HintUnknownBody),
            );
        }
    }
}

/// Every entry of the overview (`items:`) names its item by `id:` or `number:` and has its section in the body,
/// in the body's order. An item needs no entry: the heading says its number and title; the entry adds what the
/// heading cannot (case, presenter, attachments, an overview title the source prints differently).
fn items_against_overview(m: &Meeting, diags: &mut Diagnostics) {
    let file = &m.source.file;
    let mut order: Vec<(usize, &str)> = Vec::new();
    for e in &m.entries {
        let p = e.pos;
        let name = e.id.as_deref().unwrap_or(&e.number).to_string();
        if name.is_empty() {
            diags.push(
                Diagnostic::error(Code::ItemMissing, Msg::ItemEntryWithoutKey)
                    .at(file, p.line, p.column)
                    .hint(Msg::HintItemEntryWithoutKey),
            );
            continue;
        }
        let found = match e.id.as_deref() {
            Some(id) => m.items.iter().position(|i| i.id.as_deref() == Some(id)),
            None => m.items.iter().position(|i| {
                i.id.is_none() && !i.meta.number.is_empty() && i.answers_to(&e.number)
            }),
        };
        let Some(at) = found else {
            let expected = match &e.id {
                Some(id) => format!("## <nummer> <titel> {{#{id}}}"),
                None => String::new(),
            };
            let d = Diagnostic::error(Code::ItemMissing, Msg::ItemMissing { item: name.clone() })
                .at(file, p.line, p.column);
            diags.push(if expected.is_empty() {
                d.expected(Msg::ExpectItemHeading { item: name })
            } else {
                d.expected(expected)
            });
            continue;
        };
        let it = &m.items[at];
        if let Some(id) = &e.id {
            if !e.number.is_empty()
                && !crate::model::item_number::same_number(&e.number, &it.meta.number)
            {
                diags.push(
                    Diagnostic::error(
                        Code::ItemNumber,
                        Msg::ItemEntryNumberDiffers {
                            id: id.to_string(),
                            number: e.number.to_string(),
                            heading: it.meta.number.clone(),
                        },
                    )
                    .at(file, p.line, p.column)
                    .expected(it.meta.number.clone())
                    .found(e.number.to_string())
                    .hint(Msg::HintItemEntryNumberDiffers),
                );
            }
        }
        order.push((
            at,
            if e.number.is_empty() {
                e.id.as_deref().unwrap_or("")
            } else {
                &e.number
            },
        ));
    }
    if order.windows(2).any(|w| w[0].0 >= w[1].0) {
        // The first section that stands where the overview has another item.
        let mut sorted = order.clone();
        sorted.sort();
        let p = (order.iter().zip(&sorted))
            .find(|(a, b)| a.0 != b.0)
            .map(|(_, b)| m.items[b.0].heading_pos)
            .unwrap_or(Pos { line: 1, column: 1 });
        let name = |i: &AgendaItem| {
            if i.meta.number.is_empty() {
                i.id.clone().unwrap_or_else(|| i.heading.clone())
            } else {
                i.meta.number.clone()
            }
        };
        diags.push(
            Diagnostic::error(Code::ItemOrder, Msg::ItemOrder)
                .at(file, p.line, p.column)
                .expected(order.iter().map(|o| o.1).collect::<Vec<_>>().join(", "))
                .found(
                    sorted
                        .iter()
                        .map(|o| name(&m.items[o.0]))
                        .collect::<Vec<_>>()
                        .join(", "),
                )
                .hint(Msg::HintItemOrder),
        );
    }
}

/// Titles compare as printed: only runs of white space and a final full stop are not differences. Case is:
/// "Pædagoguddannelsen" and "pædagoguddannelsen" are two wordings of the record.
pub(super) fn same_title(a: &str, b: &str) -> bool {
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

/// One kind of target an attachment may name: its message and code when missing, its folder, and the id named
/// if the portal has no such item.
type AttachmentTarget<'a> = (fn(String) -> Msg, Code, &'a str, Option<&'a String>);

/// Each target an attachment names (a document, meeting or table) must be in the portal (or merely unreadable,
/// which is reported at its file). A table withheld with closed items counts.
fn attachment_targets(
    site: &Site,
    file: &str,
    att: &crate::yaml::Spanned<crate::model::meeting::Attachment>,
    diags: &mut Diagnostics,
) {
    let a = &att.value;
    let targets: [AttachmentTarget; 3] = [
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
            (a.table.as_ref())
                .filter(|id| site.table(id).is_none() && site.withheld_table(id).is_none()),
        ),
    ];
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
