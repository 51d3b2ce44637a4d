//! Dated versions of a document: each version file (`version_of: <id>`) is built like any document, then taken
//! out of the site's documents and kept with the document it is a version of, oldest first. The main file holds
//! the current version (the latest adopted, else the latest); what breaks that, or makes two versions share a
//! date, or names a document that is not there, is reported here with its file, line and column.

use super::front::FRONT_MATTER_LINE;
use super::Site;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::model::document::Status;
use crate::model::Document;

/// Moves every version file into the document it is a version of, checking the rules above. After a partial
/// update ([`Site::update`]) only the rebuilt files are still to attach: their documents are rebuilt with them.
pub(super) fn attach_versions(site: &mut Site, diags: &mut Diagnostics) {
    if !site.documents.iter().any(|d| d.front.version_of.is_some()) {
        return;
    }
    let all = std::mem::take(&mut site.documents);
    let (versions, mut documents): (Vec<Document>, Vec<Document>) =
        all.into_iter().partition(|d| d.front.version_of.is_some());
    let version_ids: Vec<String> = versions.iter().map(|v| v.id.clone()).collect();
    for v in versions {
        let Some(of) = v.front.version_of.clone() else {
            continue;
        };
        let p = crate::yaml::pos(&of, FRONT_MATTER_LINE);
        let Some(parent) = documents.iter_mut().find(|d| d.id == of.value) else {
            if !site.unreadable(&of.value) {
                let msg = if version_ids.contains(&of.value) {
                    Msg::VersionOfVersion {
                        id: of.value.clone(),
                    }
                } else {
                    Msg::VersionOfUnknown {
                        id: of.value.clone(),
                    }
                };
                diags.push(
                    Diagnostic::error(Code::VersionOf, msg)
                        .at(&v.source.file, p.line, p.column)
                        .expected(Msg::ExpectVersionOf)
                        .found(of.value.clone())
                        .hint(Msg::HintVersionOf),
                );
            }
            continue;
        };
        if v.front.kind != parent.front.kind {
            diags.push(
                Diagnostic::error(Code::VersionOf, Msg::VersionKindDiffers)
                    .at(&v.source.file, p.line, p.column)
                    .expected(parent.front.kind.as_str().to_string())
                    .found(v.front.kind.as_str().to_string()),
            );
        }
        if v.version.is_none() {
            // An unreadable date has its own error; a missing `version:` is said here.
            if v.front.version.is_none() {
                diags.push(missing_version(&v.source.file));
            }
            continue;
        }
        parent.versions.push(v);
    }
    for d in documents.iter_mut().filter(|d| !d.versions.is_empty()) {
        if d.version.is_none() {
            if d.front.version.is_none() {
                diags.push(missing_version(&d.source.file));
            }
            d.versions.clear();
            continue;
        }
        order_versions(d, diags);
        renumbered_units(d, diags);
        own_references(d, &mut site.refs, diags);
    }
    site.documents = documents;
}

fn missing_version(file: &str) -> Diagnostic {
    Diagnostic::error(
        Code::VersionOf,
        Msg::YamlMissingField {
            field: "version".into(),
        },
    )
    .at(file, FRONT_MATTER_LINE + 1, 1)
    .expected(Msg::ExpectVersionBlock)
    .hint(Msg::HintVersionBlock)
}

/// Sorts the other versions oldest first, drops one that shares its date with another (an error), and says
/// when the main file does not hold the current version.
fn order_versions(d: &mut Document, diags: &mut Diagnostics) {
    let date_of = |x: &Document| x.version.as_ref().map(|v| v.date);
    d.versions.sort_by_key(|v| (date_of(v), v.id.clone()));
    let mut seen = vec![(date_of(d), d.source.file.clone())];
    d.versions.retain(|v| {
        let date = date_of(v);
        let Some((_, other)) = seen.iter().find(|(x, _)| *x == date) else {
            seen.push((date, v.source.file.clone()));
            return true;
        };
        if let Some(spanned) = v.front.version.as_ref().map(|f| &f.date) {
            let p = crate::yaml::pos(spanned, FRONT_MATTER_LINE);
            diags.push(
                Diagnostic::error(
                    Code::VersionDate,
                    Msg::VersionDateTwice {
                        date: spanned.value.trim().to_string(),
                        other: other.clone(),
                    },
                )
                .at(&v.source.file, p.line, p.column)
                .expected(Msg::ExpectVersionDateOnce)
                .found(spanned.value.trim().to_string()),
            );
        }
        false
    });
    let current = current_version(d);
    if current.id != d.id {
        let file = current.source.file.clone();
        if let Some(spanned) = d.front.version.as_ref().map(|f| &f.date) {
            let p = crate::yaml::pos(spanned, FRONT_MATTER_LINE);
            diags.push(
                Diagnostic::error(
                    Code::VersionDate,
                    Msg::VersionNotCurrent { file: file.clone() },
                )
                .at(&d.source.file, p.line, p.column)
                .expected(Msg::ExpectCurrentInMain)
                .found(file)
                .hint(Msg::HintVersionNotCurrent),
            );
        }
    }
}

/// The version a document's address shows: the latest adopted, else the latest.
pub fn current_version(d: &Document) -> &Document {
    let all = std::iter::once(d).chain(&d.versions);
    let adopted = |x: &&Document| {
        x.front
            .status
            .as_ref()
            .is_some_and(|s| s.value == Status::Adopted)
    };
    let date = |x: &&Document| x.version.as_ref().map(|v| v.date);
    all.clone()
        .filter(adopted)
        .max_by_key(date)
        .or_else(|| all.max_by_key(date))
        .unwrap_or(d)
}

/// Every version in date order, the main file among them.
pub fn in_order(d: &Document) -> Vec<&Document> {
    let mut all: Vec<&Document> = std::iter::once(d).chain(&d.versions).collect();
    all.sort_by_key(|x| x.version.as_ref().map(|v| v.date));
    all
}

/// `renumbered:` must name a unit of its own version and one of the version before it.
fn renumbered_units(d: &Document, diags: &mut Diagnostics) {
    let all = in_order(d);
    for (i, v) in all.iter().enumerate() {
        let Some(front) = v.front.version.as_ref() else {
            continue;
        };
        let previous = i.checked_sub(1).and_then(|p| all.get(p));
        for (mine, theirs) in &front.renumbered {
            let has = |x: &Document, a: &str| x.units.iter().any(|u| u.anchor == a);
            let problem = if !has(v, mine) {
                Some(Msg::RenumberedNotHere {
                    anchor: mine.clone(),
                })
            } else if !previous.is_some_and(|p| has(p, &theirs.value)) {
                Some(Msg::RenumberedNotBefore {
                    anchor: theirs.value.clone(),
                })
            } else {
                None
            };
            if let Some(msg) = problem {
                let p = crate::yaml::pos(theirs, FRONT_MATTER_LINE);
                diags.push(
                    Diagnostic::error(Code::VersionRenumbered, msg)
                        .at(&v.source.file, p.line, p.column)
                        .expected(Msg::ExpectRenumbered)
                        .found(format!("{mine}: {}", theirs.value)),
                );
            }
        }
    }
}

/// A version's references to itself ("jf. punkt 5.1") point into that version (its page links them there): they
/// are checked against its own units, not the document's current text.
fn own_references(
    d: &Document,
    refs: &mut Vec<(String, crate::markdown::RefUse)>,
    diags: &mut Diagnostics,
) {
    for v in &d.versions {
        let mine = |(file, r): &(String, crate::markdown::RefUse)| {
            *file == v.source.file && r.target == v.id
        };
        for (file, r) in refs.iter().filter(|x| mine(x)) {
            let Some(a) = r.anchor.as_deref().map(|a| a.trim_end_matches('.')) else {
                continue;
            };
            let anchor = crate::markdown::anchor_for(crate::markdown::AnchorStyle::Section, a);
            if !v
                .sections
                .iter()
                .any(|s| s.number == a || s.anchor == anchor || s.anchor == a)
            {
                diags.push(
                    Diagnostic::error(
                        Code::BrokenReference,
                        Msg::ReferencePointsNowhere {
                            written: r.written.clone(),
                            problem: Box::new(Msg::DocumentHasNoSection {
                                document: v.id.clone(),
                                section: a.to_string(),
                            }),
                        },
                    )
                    .at(file, r.pos.line, r.pos.column),
                );
            }
        }
        refs.retain(|x| !mine(x));
    }
}
