//! Where a table says it is printed: the meeting (and agenda item) or document named by its `meeting:` and
//! `document:` fields exists, and prints the table (a wrong but existing target is caught too).

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::load::Site;
use crate::model::AgendaItem;

pub(super) fn check(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for t in (site.tables.iter()).chain(site.withheld_tables.iter().map(|w| &w.table)) {
        if let Some(m) = &t.file.meeting {
            let (id, number) = m.value.split_once('#').unwrap_or((m.value.as_str(), ""));
            let meeting = site.meeting(id);
            let item = meeting.and_then(|x| {
                x.items
                    .iter()
                    .find(|i| !number.is_empty() && i.answers_to(number))
            });
            let found = meeting.is_some() && (number.is_empty() || item.is_some());
            let closed =
                meeting.is_some_and(|x| x.withheld().tables.iter().any(|u| u.item == number));
            let elsewhere = meeting.is_some_and(|x| x.items.iter().any(|i| places(i, &t.id)));
            // A table the meeting prints nowhere, not even by binding its figures, is set up from an item's
            // words ("opstillet efter teksten"): which item, the text alone could tell.
            let wrong = |it: &&AgendaItem| !closed && elsewhere && !places(it, &t.id);
            if let Some(it) = item.filter(wrong) {
                let p = crate::yaml::pos(m, 0);
                diags.push(
                    Diagnostic::error(
                        Code::TablePlacement,
                        Msg::TableNotInItem {
                            meeting: id.to_string(),
                            item: it.meta.number.clone(),
                        },
                    )
                    .at(&t.source.file, p.line, p.column)
                    .expected(Msg::ExpectItemPlacesTable {
                        table: t.id.clone(),
                    })
                    .found(m.value.clone())
                    .hint(Msg::HintTableNotInItem {
                        table: t.id.clone(),
                    }),
                );
            }
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
            let shows = |d: &crate::model::Document| {
                d.front.tables.iter().any(|x| x.value == t.id) || d.tables_requested.contains(&t.id)
            };
            if site.document(&doc.value).is_some_and(|d| !shows(d)) {
                let p = crate::yaml::pos(doc, 0);
                diags.push(
                    Diagnostic::error(
                        Code::TablePlacement,
                        Msg::TableNotInDocument {
                            document: doc.value.clone(),
                        },
                    )
                    .at(&t.source.file, p.line, p.column)
                    .expected(Msg::ExpectDocumentPlacesTable {
                        table: t.id.clone(),
                    })
                    .found(doc.value.clone())
                    .hint(Msg::HintTableNotInDocument {
                        table: t.id.clone(),
                        document: doc.value.clone(),
                    }),
                );
            }
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
    diags
}

/// Whether an agenda item prints a table: placed with `[[tabel:…]]` or attached with `table:`.
/// Whether an item prints a table: places it, attaches it, or states its figures (`[[tal:…]]`, a table set up
/// from an item's words).
fn places(item: &AgendaItem, table: &str) -> bool {
    item.tables.iter().any(|x| x == table)
        || (item.meta.attachments().iter()).any(|a| a.value.table.as_deref() == Some(table))
        || (item.figures().bound.iter()).any(|b| b.figure.table == table)
}
