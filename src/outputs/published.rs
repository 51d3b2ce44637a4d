//! What the machine-readable outputs publish: the one place feeds, calendars, open data and OParl take meetings,
//! agenda items, documents and tables from. Closed agenda items need no filter here: loading leaves them their
//! number and title only, and takes the tables that belong only to them out of the site's tables.

use crate::load::Site;
use crate::model::{AgendaItem, Document, Meeting, Table};

/// Every meeting, newest first (the site's order).
pub fn meetings(site: &Site) -> impl DoubleEndedIterator<Item = &Meeting> {
    site.meetings.iter()
}

/// The meetings of one body (its joint meetings with other bodies too), newest first.
pub fn meetings_of<'a>(
    site: &'a Site,
    body: &'a str,
) -> impl DoubleEndedIterator<Item = &'a Meeting> {
    meetings(site).filter(move |m| m.held_by(body))
}

/// The agenda items of a meeting that are published, in agenda order.
pub fn items(m: &Meeting) -> impl Iterator<Item = &AgendaItem> {
    m.items.iter()
}

/// The title an item has in the agenda overview.
pub fn item_title(i: &AgendaItem) -> &str {
    i.meta.title.as_deref().unwrap_or(&i.heading)
}

/// Every document, by id.
pub fn documents(site: &Site) -> impl Iterator<Item = &Document> {
    site.documents.iter()
}

/// Every table, by id.
pub fn tables(site: &Site) -> impl Iterator<Item = &Table> {
    site.tables.iter()
}

/// The bodies that have meetings, in the configuration's order (as the site's menu lists them).
pub fn bodies(site: &Site) -> impl Iterator<Item = &crate::config::Body> {
    site.config
        .bodies
        .iter()
        .filter(|b| meetings(site).any(|m| m.held_by(&b.id)))
}

/// A document's own date: its `date`, else its adoption date.
pub fn document_date(d: &Document) -> Option<chrono::NaiveDate> {
    d.date.or(d.adopted)
}
