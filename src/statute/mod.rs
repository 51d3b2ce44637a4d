//! Statutes and bylaws as Danish bodies write them, part of the parse stage: the numbering grammar (which unit a
//! heading or paragraph opens: "4.7", "§ 4", "Stk. 2.", "1)", "a)", "Kapitel 3") in [`numbering`], and the
//! reference grammar ("jf. punkt 4.7", "§ 4, stk. 2, nr. 3", "stk. 3", "§§ 4-6", "§ 6 i vedtægterne") in
//! [`references`]; what changed between two versions of a text, unit by unit, in [`diff`]. All are pure functions
//! over text: they know nothing of Markdown events, rendering or checks.

mod context;
pub mod diff;
pub mod numbering;
pub mod references;
pub mod units;

pub use numbering::{Numbering, UnitPath};

use crate::model::document::DocumentFront;
use crate::model::DocumentKind;

/// A document's numbering: as its front matter declares, or as its body is written.
pub fn numbering_of(front: &DocumentFront, body: &str) -> Numbering {
    front.numbering.unwrap_or_else(|| numbering::detect(body))
}

/// The names by which texts cite documents ("§ 6 i vedtægterne"), each with the document's id and numbering.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocNames {
    /// (lowercase name, document id, numbering)
    entries: Vec<(String, String, Numbering)>,
    /// What [`units::links`] needs: each name with its numbering.
    for_links: Vec<(String, Numbering)>,
}

/// The names of the one statute of a portal, unless a document declares them.
pub const IMPLICIT: [&str; 2] = ["vedtægterne", "vedtægter"];

/// A document as [`DocNames`] sees it.
pub struct Named<'a> {
    pub id: &'a str,
    pub kind: DocumentKind,
    pub numbering: Numbering,
    pub aliases: &'a [String],
}

impl DocNames {
    /// Each document's declared `aliases`; the one statute is also "vedtægterne" and "vedtægter" unless a
    /// document declares those names itself (as "i vedtægterne" has always resolved).
    pub fn new<'a>(docs: impl IntoIterator<Item = Named<'a>>) -> DocNames {
        let mut entries = Vec::new();
        let mut statutes = Vec::new();
        for d in docs {
            for a in d.aliases {
                entries.push((a.trim().to_lowercase(), d.id.to_string(), d.numbering));
            }
            if d.kind == DocumentKind::Statute {
                statutes.push((d.id.to_string(), d.numbering));
            }
        }
        if let [(id, numbering)] = statutes.as_slice() {
            for name in IMPLICIT {
                if !entries.iter().any(|(n, ..)| n == name) {
                    entries.push((name.to_string(), id.clone(), *numbering));
                }
            }
        }
        entries.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let for_links = entries.iter().map(|(n, _, s)| (n.clone(), *s)).collect();
        DocNames { entries, for_links }
    }

    /// The id of the document a name cites.
    pub fn id_of(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(n, ..)| n == name)
            .map(|(_, id, _)| id.as_str())
    }

    /// Every name with its document's numbering, for [`units::links`].
    pub fn for_links(&self) -> &[(String, Numbering)] {
        &self.for_links
    }

    /// The names of one document, with its numbering (to see whether a change of it changes what others cite).
    pub fn of(&self, id: &str) -> Vec<(&str, Numbering)> {
        self.entries
            .iter()
            .filter(|(_, i, _)| i == id)
            .map(|(n, _, s)| (n.as_str(), *s))
            .collect()
    }
}
