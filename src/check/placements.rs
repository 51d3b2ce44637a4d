//! Where a table says it is printed: the meeting (and agenda item) or document named by its `meeting:` and
//! `document:` fields exists.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::load::Site;

pub(super) fn check(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for t in (site.tables.iter()).chain(site.withheld_tables.iter().map(|w| &w.table)) {
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
    diags
}
