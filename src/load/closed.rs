//! Closed agenda items ("lukket punkt"), enforced where the model is made: a closed item keeps its number and
//! titles; its text, parts, tables, attachments, case, case handlers and presenter are dropped here, before any
//! later stage exists to publish them. What checks still need (references, tables, attachment targets, recorded
//! discrepancies, with positions) goes to [`Withheld`], which renderers, search and outputs never read. A table
//! that belongs only to closed items leaves the site's tables for [`Site::withheld_tables`].

use super::front::FRONT_MATTER_LINE;
use super::Site;
use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::closed::{ClosedItem, ClosedUse, Withheld};
use crate::model::meeting::{AgendaItem, Attachment, ItemFront, MeetingFront};
use crate::model::Table;
use std::collections::HashSet;

/// Whether an item is closed, from its `closed:`/`lukket:` and `closed_reason:` fields. A value other than
/// `true`/`false` is an error and counts as closed, as does nothing else; a reason on an open item is an error
/// (the writer evidently meant the item to be closed).
pub(crate) fn state(
    meta: &ItemFront,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<ClosedItem> {
    let closed = match meta.closed.as_ref() {
        None => false,
        Some(v) => match v.value.0.trim() {
            "true" => true,
            "false" => false,
            other => {
                let p = crate::yaml::pos(v, FRONT_MATTER_LINE);
                diags.push(
                    Diagnostic::error(
                        Code::ClosedItem,
                        Msg::ClosedValue {
                            item: meta.number.clone(),
                        },
                    )
                    .at(file, p.line, p.column)
                    .expected(Msg::ExpectClosedValue)
                    .found(other.chars().take(40).collect::<String>()),
                );
                true
            }
        },
    };
    let reason = meta.closed_reason.as_ref();
    if let Some(r) = reason.filter(|_| !closed) {
        let p = crate::yaml::pos(r, FRONT_MATTER_LINE);
        diags.push(
            Diagnostic::error(
                Code::ClosedItem,
                Msg::ClosedReasonOnOpenItem {
                    item: meta.number.clone(),
                },
            )
            .at(file, p.line, p.column)
            .hint(Msg::HintClosedReasonOnOpenItem),
        );
    }
    closed.then(|| ClosedItem {
        reason: reason
            .map(|r| r.value.trim().to_string())
            .filter(|r| !r.is_empty()),
    })
}

/// Drops a closed item's content: what is left is its number, titles and anchor, and the label's reason.
pub(crate) fn close(item: &mut AgendaItem, closed: ClosedItem, withheld: &mut Withheld) {
    let number = item.meta.number.clone();
    fn used<T>(item: &str, value: T) -> ClosedUse<T> {
        ClosedUse {
            item: item.to_string(),
            value,
        }
    }
    item.parts = Vec::new();
    item.body = Default::default();
    item.figures = None;
    withheld
        .tables
        .extend(item.tables.drain(..).map(|t| used(&number, t)));
    let (attachments, positions) = item.meta.take_withheld();
    for a in attachments {
        if let Some(t) = &a.value.table {
            withheld.tables.push(used(&number, t.clone()));
        }
        withheld.attachments.push(used(&number, untitled(a)));
    }
    if !positions.is_empty() {
        withheld.positions.push(used(&number, positions));
    }
    item.meta = item.meta.published();
    item.closed = Some(Box::new(closed));
}

/// An attachment's targets and position without its title and note.
fn untitled(mut a: crate::yaml::Spanned<Attachment>) -> crate::yaml::Spanned<Attachment> {
    a.value.title = String::new();
    a.value.note = None;
    a
}

/// Which calendars a meeting's items place: in open items, in closed ones.
#[derive(Default)]
pub(crate) struct CalendarUses {
    open: HashSet<String>,
    closed: HashSet<String>,
}

impl CalendarUses {
    pub(crate) fn placed(&mut self, id: String, closed: bool) {
        if closed {
            self.closed.insert(id);
        } else {
            self.open.insert(id);
        }
    }
}

/// The front matter of a meeting with closed items (whose `items:` entries have already moved into the items,
/// and been cut to what is published by [`close`]): the discrepancies recorded against them (by `item:`, or
/// quoting their text in `printed:`) and the calendars placed only in them move to `withheld`. `closed_sources` is
/// the Markdown of each closed item.
pub(crate) fn withhold_front(
    front: &mut MeetingFront,
    items: &[AgendaItem],
    closed_sources: &[&str],
    withheld: &mut Withheld,
    calendars: CalendarUses,
) {
    let closed: Vec<&AgendaItem> = items.iter().filter(|i| i.closed.is_some()).collect();
    if closed.is_empty() {
        return;
    }
    let sources: Vec<String> = closed_sources.iter().map(|s| s.to_lowercase()).collect();
    let against_closed = |d: &crate::model::Discrepancy| match &d.item {
        Some(n) => closed.iter().any(|i| i.answers_to(n)),
        None => d.printed.as_ref().is_some_and(|p| {
            let p = p.trim().to_lowercase();
            !p.is_empty() && sources.iter().any(|s| s.contains(&p))
        }),
    };
    let (hidden, shown) = std::mem::take(&mut front.discrepancies)
        .into_iter()
        .partition(against_closed);
    front.discrepancies = shown;
    withheld.discrepancies = hidden;
    let only_closed = |id: &str| calendars.closed.contains(id) && !calendars.open.contains(id);
    let (hidden, shown) = std::mem::take(&mut front.calendars)
        .into_iter()
        .partition(|c| only_closed(&c.id));
    front.calendars = shown;
    withheld.calendars = hidden
        .into_iter()
        .map(|mut c: crate::model::meeting::Calendar| {
            c.title = String::new();
            for d in &mut c.dates {
                d.note = None;
            }
            c
        })
        .collect();
}

/// A table kept out of every output because it belongs to a closed item. Checks still check its figures and say
/// why it is not published.
#[derive(Debug, Clone)]
pub struct WithheldTable {
    pub table: Table,
    /// The meeting and the closed item it belongs to.
    pub meeting: String,
    pub item: String,
    /// Its `meeting:` names the closed item (else it is placed or attached only in closed items).
    pub declared: bool,
    /// Published text also places, attaches or links it (only possible when `declared`): an error.
    pub also_public: bool,
}

impl Site {
    /// Moves the tables that belong only to closed items out of [`Site::tables`] (and back in first, so that it
    /// can run again after an edit): a table whose `meeting:` is a closed item, or that closed items place or
    /// attach while nothing published places, attaches, links or owns it (`document:`, a document's `tables:`).
    pub(crate) fn withhold_tables(&mut self) {
        let mut tables = std::mem::take(&mut self.tables);
        tables.extend(self.withheld_tables.drain(..).map(|w| w.table));
        // Without tables there is nothing to withhold, and no reason to read every meeting's items after every
        // edit (30–40 ms at 100,000 meetings, #15).
        if tables.is_empty() {
            return;
        }
        let public = self.public_table_uses();
        let closed: std::collections::HashMap<String, (String, String)> = (self
            .closed_table_uses())
        .into_iter()
        .map(|(t, (m, i))| (t.to_string(), (m.to_string(), i.to_string())))
        .collect();
        for t in tables {
            let declared = (t.file.meeting.as_ref()).and_then(|m| self.closed_item_named(&m.value));
            let owner = match declared {
                Some((meeting, item)) => Some((meeting, item, true)),
                None if public.contains(t.id.as_str()) || t.file.document.is_some() => None,
                None => (closed.get(&t.id)).map(|(m, i)| (m.clone(), i.clone(), false)),
            };
            match owner {
                Some((meeting, item, declared)) => self.withheld_tables.push(WithheldTable {
                    also_public: public.contains(t.id.as_str()),
                    table: t,
                    meeting,
                    item,
                    declared,
                }),
                None => self.tables.push(t),
            }
        }
    }

    /// The ids of the tables that published text places, attaches, lists or links.
    fn public_table_uses(&self) -> HashSet<String> {
        let mut used = HashSet::new();
        for m in &self.meetings {
            for it in m.items.iter().filter(|i| i.closed.is_none()) {
                used.extend(it.tables.iter().cloned());
                used.extend(
                    it.meta
                        .attachments()
                        .iter()
                        .filter_map(|a| a.value.table.clone()),
                );
            }
        }
        for d in &self.documents {
            used.extend(d.front.tables.iter().map(|t| t.value.clone()));
            used.extend(d.tables_requested.iter().cloned());
        }
        for p in &self.pages {
            used.extend(p.tables_requested.iter().cloned());
        }
        used.extend(self.refs.iter().map(|(_, r)| r.target.clone()));
        used
    }

    /// For each table closed items place or attach: the first such (meeting, item), by meeting id.
    fn closed_table_uses(&self) -> std::collections::HashMap<&str, (&str, &str)> {
        let mut uses: std::collections::HashMap<&str, (&str, &str)> = Default::default();
        for m in &self.meetings {
            for u in &m.withheld().tables {
                let here = (m.id.as_str(), u.item.as_str());
                let first = uses.entry(u.value.as_str()).or_insert(here);
                if here < *first {
                    *first = here;
                }
            }
        }
        uses
    }

    /// `"<meeting>#<item>"` when it names a closed item of a meeting in the site.
    fn closed_item_named(&self, target: &str) -> Option<(String, String)> {
        let (id, number) = target.split_once('#')?;
        let m = self.meetings.iter().find(|m| m.id == id)?;
        let it = m.items.iter().find(|i| i.answers_to(number))?;
        it.closed.as_ref()?;
        Some((m.id.clone(), it.meta.number.clone()))
    }
}

impl Site {
    /// The ids of the withheld tables, sorted.
    pub(crate) fn withheld_table_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = (self.withheld_tables.iter())
            .map(|w| w.table.id.clone())
            .collect();
        ids.sort();
        ids
    }
}

impl Site {
    /// A table withheld with closed items, by id: for checks, which still check its figures and the references to
    /// it. Pages and outputs use [`Site::table`], which does not find it.
    pub fn withheld_table(&self, id: &str) -> Option<&Table> {
        (self.withheld_tables.iter())
            .map(|w| &w.table)
            .find(|t| t.id == id)
    }
}
