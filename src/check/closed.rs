//! Closed agenda items: what their withholding means for the secretary. A table that is not published because it
//! belongs to a closed item is a warning that says why (an error when published text still uses it); a document
//! that only a closed item attaches would still be published on its own page, an error; the attachments of closed
//! items are checked as any others.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::load::Site;
use std::collections::HashSet;

pub(super) fn check(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for w in &site.withheld_tables {
        let (table, meeting, item) = (w.table.id.clone(), w.meeting.clone(), w.item.clone());
        let at = w
            .table
            .file
            .meeting
            .as_ref()
            .filter(|_| w.declared)
            .map(|m| crate::yaml::pos(m, 0));
        let d = if w.also_public {
            Diagnostic::error(
                Code::ClosedTable,
                Msg::ClosedTableAlsoPublic {
                    table,
                    meeting,
                    item,
                },
            )
            .hint(Msg::HintClosedTableAlsoPublic)
        } else if w.declared {
            Diagnostic::warning(
                Code::ClosedTable,
                Msg::ClosedTableDeclared {
                    table,
                    meeting,
                    item,
                },
            )
            .hint(Msg::HintClosedTable)
        } else {
            Diagnostic::warning(
                Code::ClosedTable,
                Msg::ClosedTableOnlyThere {
                    table,
                    meeting,
                    item,
                },
            )
            .hint(Msg::HintClosedTable)
        };
        diags.push(match at {
            Some(p) => d.at(&w.table.source.file, p.line, p.column),
            None => d.in_file(&w.table.source.file),
        });
    }
    // Made on the first document a closed item attaches (rare): it reads every meeting's items and every
    // reference, which serve would otherwise do after every edit (#15).
    let public = std::cell::OnceCell::new();
    for m in &site.meetings {
        for a in &m.withheld().attachments {
            let p = crate::yaml::pos(&a.value, 1);
            if let Some(doc) = a.value.value.document.as_ref() {
                if site.document(doc).is_some()
                    && !(public.get_or_init(|| public_documents(site))).contains(doc.as_str())
                {
                    diags.push(
                        Diagnostic::error(
                            Code::ClosedAttachment,
                            Msg::ClosedAttachmentDocument {
                                document: doc.clone(),
                                item: a.item.clone(),
                            },
                        )
                        .at(&m.source.file, p.line, p.column)
                        .hint(Msg::HintClosedAttachmentDocument),
                    );
                }
            }
        }
    }
    diags
}

/// The documents published text uses: attached to an open item, referred to, owning a published table, the
/// statute.
fn public_documents(site: &Site) -> HashSet<&str> {
    let mut used: HashSet<&str> = HashSet::new();
    for m in &site.meetings {
        for it in &m.items {
            used.extend((it.meta.attachments().iter()).filter_map(|a| a.value.document.as_deref()));
        }
    }
    // A document's references to its own units do not make it public.
    let own = |file: &str, id: &str| site.ids.get(id).is_some_and(|(_, rel)| rel == file);
    used.extend(
        (site.refs.iter())
            .filter(|(file, r)| !own(file, &r.target))
            .map(|(_, r)| r.target.as_str()),
    );
    used.extend(
        (site.tables.iter()).filter_map(|t| t.file.document.as_ref().map(|d| d.value.as_str())),
    );
    used.extend(site.statute_id.as_deref());
    used
}
