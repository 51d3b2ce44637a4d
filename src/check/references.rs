//! References: every `ref:` link and reference phrase points at something that exists.

use super::statutes;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::load::Site;
use crate::model::item_number::{looks_like_number, same_number};
use crate::model::{Discrepancy, DiscrepancyKind, Meeting};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The recorded discrepancies of every document (and version) and page, by file.
fn discrepancies_by_file(site: &Site) -> impl Iterator<Item = (&str, Vec<&Discrepancy>)> {
    let documents = (site.documents.iter())
        .flat_map(|d| std::iter::once(d).chain(&d.versions))
        .map(|d| {
            (
                d.source.file.as_str(),
                d.front.discrepancies.iter().collect(),
            )
        });
    let pages = (site.pages.iter()).map(|p| {
        (
            p.source.file.as_str(),
            p.front.discrepancies.iter().collect(),
        )
    });
    documents.chain(pages)
}

/// Where a reference's file records its discrepancies, for telling an acknowledged broken reference (a note)
/// from one that is not (an error).
enum Recorded<'a> {
    /// The meeting the references are in (those withheld with closed items too).
    Meeting(&'a Meeting),
    /// Documents', versions' and pages', by file: gathered on the first broken reference, which is rare.
    ByFile(&'a OnceLock<AcksByFile<'a>>),
    /// Not looked up: only whether the reference is broken matters.
    Ignored,
}

/// Whether a reference leads nowhere (acknowledged or not): what a `reference` acknowledgement must quote.
pub(super) fn broken(site: &Site, file: &str, r: &crate::markdown::RefUse) -> bool {
    reference(site, &Recorded::Ignored, file, r).is_some()
}

/// Every `ref:` link and reference phrase must point at an existing item and, if given, an existing section or
/// agenda item. A broken reference that the source itself printed is acknowledged with a `reference`
/// discrepancy whose `printed` is the phrase. This is the references of the files that are not meetings
/// (documents, their versions, pages); a meeting's are [`of_meeting`]'s, which serve checks per meeting.
pub(super) fn check(site: &Site) -> Diagnostics {
    // What is not in a meeting's file: documents, their versions (one without its document too) and pages.
    let meetings = format!(
        "{}/{}/",
        crate::load::CONTENT_DIR,
        crate::load::folder_of(crate::model::ItemKind::Meeting)
    );
    let in_a_meeting = |file: &str| {
        file.strip_prefix(&meetings)
            .is_some_and(|f| !f.contains('/'))
    };
    let by_file = OnceLock::new();
    let acks = Recorded::ByFile(&by_file);
    Diagnostics {
        items: (site.refs.par_iter())
            .filter(|(file, _)| !in_a_meeting(file))
            .filter_map(|(file, r)| one(site, &acks, file, r))
            .collect(),
    }
}

/// The references of one meeting, in its published text and its closed items'.
pub(super) fn of_meeting(site: &Site, m: &Meeting) -> Vec<Diagnostic> {
    let file = m.source.file.as_str();
    let acks = Recorded::Meeting(m);
    (site.refs_of(file).iter().map(|(_, r)| r))
        .chain(&m.withheld().refs)
        .filter_map(|r| one(site, &acks, file, r))
        .collect()
}

/// The ids the references of meeting `m` look up (their targets and the documents their texts name): what its
/// diagnostics depend on besides itself.
pub(super) fn looked_up(site: &Site, m: &Meeting) -> Vec<String> {
    (site.refs_of(&m.source.file).iter().map(|(_, r)| r))
        .chain(&m.withheld().refs)
        .flat_map(|r| {
            let named = r.said.as_ref().and_then(|s| s.document.clone());
            std::iter::once(r.target.clone()).chain(named)
        })
        .collect()
}

/// One reference's diagnostic, if it points nowhere or its text names something else.
fn one<'a>(
    site: &'a Site,
    acks: &Recorded<'a>,
    file: &str,
    r: &crate::markdown::RefUse,
) -> Option<Diagnostic> {
    reference(site, acks, file, r).or_else(|| text_names_other(site, file, r))
}

/// The recorded discrepancies of each file.
type AcksByFile<'a> = HashMap<&'a str, Vec<&'a Discrepancy>>;

/// The diagnostic for one reference, if it points nowhere.
fn reference<'a>(
    site: &'a Site,
    acks: &Recorded<'a>,
    file: &str,
    r: &crate::markdown::RefUse,
) -> Option<Diagnostic> {
    if site.unreadable(&r.target) {
        return None;
    }
    let problem = if let Some(m) = site.meeting(&r.target) {
        if let Some(d) = r.anchor.as_ref().and_then(|a| renumbered(m, file, r, a)) {
            return Some(d);
        }
        r.anchor.as_ref().and_then(|a| {
            let a = a.trim_end_matches('.');
            (!m.items.iter().any(|i| i.answers_to(a))
                && !(m.front.groups.iter())
                    .any(|g| !g.number.is_empty() && same_number(&g.number, a)))
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
    } else if site.table(&r.target).is_some()
        || site.withheld_table(&r.target).is_some()
        || site.pages.iter().any(|p| p.id == r.target)
    {
        None
    } else {
        Some(Msg::NotAnything {
            id: r.target.clone(),
        })
    };
    let msg = problem?;
    let problem = Box::new(msg);
    let d = if let Some(ack) = acknowledged(site, acks, file, r) {
        Diagnostic::note(
            Code::AcknowledgedDiscrepancy,
            Msg::ReferenceAcknowledged {
                written: r.written.clone(),
                problem,
            },
        )
        .hint(ack)
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

/// A reference to a statute's unit that does not exist; acknowledged as any other reference.
fn statute_reference<'a>(
    site: &'a Site,
    acks: &Recorded<'a>,
    file: &str,
    r: &crate::markdown::RefUse,
    problem: Msg,
    expected: Msg,
) -> Diagnostic {
    let written = r.written.clone();
    let d = if let Some(ack) = acknowledged(site, acks, file, r) {
        Diagnostic::note(
            Code::AcknowledgedDiscrepancy,
            Msg::StatuteReferenceAcknowledged {
                written,
                problem: Box::new(problem),
            },
        )
        .hint(ack)
    } else {
        Diagnostic::error(
            Code::BrokenReference,
            Msg::StatuteReferenceNowhere {
                written: written.clone(),
                problem: Box::new(problem),
            },
        )
        .expected(expected)
        .found(written)
    };
    d.at(file, r.pos.line, r.pos.column)
}

/// A reference by id whose text names the item by another number than it now has ("[punkt 12](ref:…#budget)"
/// while the item `budget` is number 13): the items were renumbered after the reference was written. What is
/// checkable is the pair the writer wrote down: the id the link targets and the number its text says.
fn renumbered(
    m: &crate::model::Meeting,
    file: &str,
    r: &crate::markdown::RefUse,
    anchor: &str,
) -> Option<Diagnostic> {
    if looks_like_number(anchor) {
        return None;
    }
    let item = m.items.iter().find(|i| i.id.as_deref() == Some(anchor))?;
    let said = number_in_text(r.link_text.as_deref()?)?;
    if item.meta.number.is_empty() || same_number(&said, &item.meta.number) {
        return None;
    }
    Some(
        Diagnostic::error(
            Code::ItemRenumbered,
            Msg::ItemRenumbered {
                written: r.link_text.clone().unwrap_or_default(),
                id: anchor.to_string(),
                number: item.meta.number.clone(),
            },
        )
        .at(file, r.pos.line, r.pos.column)
        .expected(format!("punkt {}", item.meta.number))
        .found(r.link_text.clone().unwrap_or_default())
        .hint(Msg::HintItemRenumbered),
    )
}

/// A `ref:` link whose own text names another unit or document than the link goes to: `[jævnfør stk. 6,5 i
/// vedtægter](ref:fsc-vedtaegter#6.4)`, `[punkt 3.5](ref:møde#3.6)`, `[vedtægterne](ref:fsc-forretningsorden)`.
/// The link leads somewhere that exists (else it is broken, reported above), so only the pair the writer wrote
/// down can tell: the text is what readers read, the target where they land. A link to a document or meeting as
/// a whole whose text names one of its units is a warning (the reader lands at the top). Links by an item's id
/// are `renumbered`'s.
fn text_names_other(site: &Site, file: &str, r: &crate::markdown::RefUse) -> Option<Diagnostic> {
    let said = r.said.as_ref()?;
    let link = match &r.anchor {
        Some(a) => format!("ref:{}#{a}", r.target),
        None => format!("ref:{}", r.target),
    };
    // The unit as the document it is in numbers it: "p5-stk2" in a § statute, "6.5" in a dotted one.
    let unit_in = |id: &str| match (&said.eid, site.document(id)) {
        (Some(e), Some(d)) if d.sections.iter().any(|s| &s.anchor == e) => Some(e.clone()),
        _ => said.dotted.clone().or_else(|| said.eid.clone()),
    };
    if let Some(doc) = said.document.as_deref() {
        let unit = unit_in(doc);
        let version = site
            .document(doc)
            .is_some_and(|d| d.versions.iter().any(|v| v.id == r.target));
        if doc != r.target && !version && site.document(doc).is_some() {
            let expected = match (&unit, &r.anchor) {
                (Some(u), _) => format!("ref:{doc}#{u}"),
                (None, Some(a)) => format!("ref:{doc}#{a}"),
                (None, None) => format!("ref:{doc}"),
            };
            return Some(mismatch(
                file,
                r,
                Msg::ReferenceTextOtherDocument {
                    phrase: said.phrase.clone(),
                    document: doc.to_string(),
                    target: r.target.clone(),
                },
                expected,
                link,
            ));
        }
    }
    if let Some(kind) = said.kind {
        let other = match (site.document(&r.target), site.meeting(&r.target)) {
            (Some(d), _) => d.front.kind != kind,
            (None, Some(_)) => true,
            (None, None) => false,
        };
        if other {
            return Some(mismatch(
                file,
                r,
                Msg::ReferenceTextOtherKind {
                    phrase: said.phrase.clone(),
                    target: r.target.clone(),
                },
                Msg::ExpectReferenceKind {
                    phrase: said.phrase.clone(),
                },
                link,
            ));
        }
        return None;
    }
    let unit = unit_in(&r.target)?;
    let Some(anchor) = r.anchor.as_deref() else {
        if site.meeting(&r.target).is_none() && site.document(&r.target).is_none() {
            return None;
        }
        return Some(
            Diagnostic::warning(
                Code::ReferenceText,
                Msg::ReferenceTextUnanchored {
                    phrase: said.phrase.clone(),
                    target: r.target.clone(),
                },
            )
            .at(file, r.pos.line, r.pos.column)
            .expected(format!("ref:{}#{unit}", r.target))
            .found(link)
            .hint(Msg::HintReferenceText),
        );
    };
    let anchor = anchor.trim_end_matches('.');
    if let Some(m) = site.meeting(&r.target) {
        // By id: `renumbered` compares the number the text says.
        if !looks_like_number(anchor) {
            return None;
        }
        let number = said.dotted.as_deref()?;
        let linked = m.items.iter().find(|i| i.answers_to(anchor))?;
        if linked.answers_to(number) {
            return None;
        }
        let msg = Msg::ReferenceTextOtherUnit {
            phrase: said.phrase.clone(),
            unit: number.to_string(),
            target: link.clone(),
        };
        return Some(mismatch(
            file,
            r,
            msg,
            format!("ref:{}#{number}", r.target),
            link,
        ));
    }
    let d = site.document(&r.target)?;
    let section = |a: &str| {
        let a = a.trim_end_matches('.');
        let anchor = crate::markdown::anchor_for(crate::markdown::AnchorStyle::Section, a);
        (d.sections.iter()).find(|s| s.number == a || s.anchor == anchor || s.anchor == a)
    };
    let linked = section(anchor)?;
    let named = (said.eid.as_deref().and_then(section))
        .or_else(|| said.dotted.as_deref().and_then(section));
    match named {
        Some(s) if s.anchor == linked.anchor => None,
        // "punkt 4.7" in a "§ 4, stk. 7" document: a dotted number the document is not numbered by.
        None if said.eid.is_none() && d.sections.iter().any(|s| s.number.starts_with('§')) => None,
        _ => Some(mismatch(
            file,
            r,
            Msg::ReferenceTextOtherUnit {
                phrase: said.phrase.clone(),
                unit: unit.clone(),
                target: link.clone(),
            },
            format!("ref:{}#{unit}", r.target),
            link,
        )),
    }
}

fn mismatch(
    file: &str,
    r: &crate::markdown::RefUse,
    msg: Msg,
    expected: impl Into<crate::diagnostics::Text>,
    found: String,
) -> Diagnostic {
    Diagnostic::error(Code::ReferenceText, msg)
        .at(file, r.pos.line, r.pos.column)
        .expected(expected)
        .found(found)
        .hint(Msg::HintReferenceText)
}

/// The item number a reference's text names: the number after "punkt"/"pkt." ("se punkt 12" → `12`).
fn number_in_text(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let at = ["punkt ", "pkt. ", "pkt "]
        .iter()
        .filter_map(|w| lower.find(w).map(|i| i + w.len()))
        .min()?;
    let word = lower[at..].split_whitespace().next()?;
    let word = word.trim_end_matches([',', ';', ':', ')']);
    looks_like_number(word).then(|| word.trim_end_matches('.').to_string())
}

/// The note of the `reference` discrepancy by which the file records this reference as the source's, if any.
fn acknowledged<'a>(
    site: &'a Site,
    acks: &Recorded<'a>,
    file: &str,
    r: &crate::markdown::RefUse,
) -> Option<String> {
    let is_it = |d: &&Discrepancy| {
        d.kind == DiscrepancyKind::Reference && d.printed.as_deref() == Some(r.written.as_str())
    };
    let found = match acks {
        Recorded::Meeting(m) => m.discrepancies().find(is_it),
        Recorded::ByFile(by_file) => {
            let by_file = by_file.get_or_init(|| discrepancies_by_file(site).collect());
            by_file.get(file)?.iter().copied().find(is_it)
        }
        Recorded::Ignored => None,
    };
    found.map(|d| d.note.clone())
}
