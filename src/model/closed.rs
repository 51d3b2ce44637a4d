//! Closed agenda items ("lukket punkt", "for lukkede døre"): what a closed item publishes (its number and title,
//! [`ClosedItem`]) and what it leaves for the checks alone ([`Withheld`]). The load stage drops everything else of
//! a closed item before the model exists, so no later stage can publish it.

use super::meeting::{Attachment, Calendar};
use super::{Discrepancy, RefUse};
use serde::Serialize;

/// What a closed item shows besides its number and title: the "Lukket punkt" label and the printed reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ClosedItem {
    /// The reason or legal basis as printed ("jf. kommunestyrelseslovens § 10, stk. 1").
    pub reason: Option<String>,
}

/// What a meeting's closed items leave for checks only. Renderers, the search index and the outputs never read
/// it (ARCHITECTURE.md, "Closed items"): it keeps ids and positions, not the items' text, except the recorded
/// discrepancies, which checks match against the text's phrases, and the votes and positions, which checks judge
/// as an open item's.
#[derive(Debug, Clone, Default)]
pub struct Withheld {
    /// References written in closed items: checked, never a backlink.
    pub refs: Vec<RefUse>,
    /// Discrepancies recorded against a closed item (`item:` its number) or quoting its text (`printed:`).
    pub discrepancies: Vec<Discrepancy>,
    /// Attachments of closed items, with their targets and positions; titles and notes are not kept.
    pub attachments: Vec<ClosedUse<crate::yaml::Spanned<Attachment>>>,
    /// Tables placed (`[[tabel:…]]`) or attached (`table:`) in closed items.
    pub tables: Vec<ClosedUse<String>>,
    /// Calendars of the front matter placed only in closed items; titles and notes are not kept.
    pub calendars: Vec<Calendar>,
    /// The votes and positions recorded in closed items.
    pub positions: Vec<ClosedUse<super::vote::Positions>>,
}

impl Withheld {
    pub fn is_empty(&self) -> bool {
        self.refs.is_empty()
            && self.discrepancies.is_empty()
            && self.attachments.is_empty()
            && self.tables.is_empty()
            && self.calendars.is_empty()
            && self.positions.is_empty()
    }
}

/// Something a closed item holds, with the item's number.
#[derive(Debug, Clone)]
pub struct ClosedUse<T> {
    pub item: String,
    pub value: T,
}
