//! The kinds of things a portal holds, as plain enums every stage shares: the four kinds of content file
//! ([`ItemKind`]), the kinds of meeting and document front matter names ([`MeetingKind`], [`DocumentKind`]), and
//! [`Kind`], what a listing or a search result says an item is. Words for them are [`crate::i18n::kind_name`]'s.

use serde::{Deserialize, Serialize};

/// The four kinds of content file, each with its own folder of `content/` and its own page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKind {
    Meeting,
    Document,
    Table,
    Page,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MeetingKind {
    Agenda,
    Minutes,
}

impl MeetingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingKind::Agenda => "agenda",
            MeetingKind::Minutes => "minutes",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    Statute,
    Bylaw,
    Note,
    Memo,
    Letter,
    Report,
    Overview,
    List,
    Terms,
    Proposal,
    Other,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 11] = [
        DocumentKind::Statute,
        DocumentKind::Bylaw,
        DocumentKind::Note,
        DocumentKind::Memo,
        DocumentKind::Letter,
        DocumentKind::Report,
        DocumentKind::Overview,
        DocumentKind::List,
        DocumentKind::Terms,
        DocumentKind::Proposal,
        DocumentKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Statute => "statute",
            DocumentKind::Bylaw => "bylaw",
            DocumentKind::Note => "note",
            DocumentKind::Memo => "memo",
            DocumentKind::Letter => "letter",
            DocumentKind::Report => "report",
            DocumentKind::Overview => "overview",
            DocumentKind::List => "list",
            DocumentKind::Terms => "terms",
            DocumentKind::Proposal => "proposal",
            DocumentKind::Other => "other",
        }
    }

    /// Statutes and bylaws have numbered sections with stable anchors (`#pkt-4-7`).
    pub fn is_numbered(self) -> bool {
        matches!(self, DocumentKind::Statute | DocumentKind::Bylaw)
    }
}

/// What a listing or a search result says an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Meeting(MeetingKind),
    Document(DocumentKind),
    Table,
    Page,
}

impl Kind {
    /// Every kind, meetings first.
    pub fn all() -> impl Iterator<Item = Kind> {
        [
            Kind::Meeting(MeetingKind::Agenda),
            Kind::Meeting(MeetingKind::Minutes),
        ]
        .into_iter()
        .chain(DocumentKind::ALL.into_iter().map(Kind::Document))
        .chain([Kind::Table, Kind::Page])
    }

    /// The code the search index and its filters use ("agenda", "statute", "table", …).
    pub fn code(self) -> &'static str {
        match self {
            Kind::Meeting(k) => k.as_str(),
            Kind::Document(k) => k.as_str(),
            Kind::Table => "table",
            Kind::Page => "page",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_code() {
        let codes: Vec<&str> = Kind::all().map(Kind::code).collect();
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), codes.len(), "{codes:?}");
        assert_eq!(codes.len(), 15);
    }
}
