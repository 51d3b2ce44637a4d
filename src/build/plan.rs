//! Which pages a rebuild renders: from what the last run showed ([`Shown`]) and the items changed since, the
//! edited items' own pages and, when what lists show of an item changed, the lists, its old and new neighbours,
//! the meetings approving it and the pages whose backlinks changed; and the pages whose subject is gone.

use super::approvers::Approvers;
use super::neighbours::Neighbours;
use super::page_set::PageSet;
use crate::load::Site;
use crate::model::ItemKind;
use crate::render::{self, PageId, Shared};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// What the last successful render showed of the site, to compare the next state with.
pub(super) struct Shown {
    pub shared: Shared,
    /// What lists show of each meeting, document and table, by id.
    pub listings: HashMap<String, Value>,
    /// Newer and older meeting of the same body, by meeting id.
    near: Neighbours,
    /// Every page.
    pages: PageSet,
    /// The meetings approving each item.
    approvers: Approvers,
    /// The meetings the front page lists (the newest [`HOME_MEETINGS`]), by id.
    home: Vec<String>,
}

/// How many of the newest meetings the front page lists (`render::contexts`, `PageId::Home`).
const HOME_MEETINGS: usize = 10;

fn home_ids(site: &Site) -> Vec<String> {
    (site.meetings.iter().take(HOME_MEETINGS))
        .map(|m| m.id.clone())
        .collect()
}

/// The bodies and the year a meeting's listing places it under.
fn listed_place(v: &Value) -> (Vec<String>, Option<i32>) {
    let bodies = (v.get("body_ids").and_then(Value::as_array))
        .map(|a| {
            a.iter()
                .filter_map(|b| b.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    // `%Y-%m-%d`: the year is what precedes the month and day (four digits, or more, or signed).
    let year = (v.get("date").and_then(Value::as_str))
        .and_then(|d| d.rsplitn(3, '-').nth(2))
        .and_then(|y| y.parse().ok());
    (bodies, year)
}

/// The list pages that show what lists show of an item whose listing changed from `before` to `now`: a meeting
/// is listed on the all-meetings page, on its bodies' pages and their pages of its year (its old and its new
/// place), and on the front page when it is (or was) among the newest (the caller compares the front page's
/// meetings); a document on the front page, the documents list and the body pages (which list a body's
/// documents by `organisation`, which its listing does not show); a table on the front page and the tables list.
fn lists_showing(
    site: &Site,
    kind: ItemKind,
    before: Option<&Value>,
    now: Option<&Value>,
    pages: &mut BTreeSet<PageId>,
) {
    match kind {
        ItemKind::Meeting => {
            pages.insert(PageId::Meetings);
            for (bodies, year) in [before, now].into_iter().flatten().map(listed_place) {
                for b in bodies {
                    if let Some(y) = year {
                        pages.insert(PageId::BodyYear(b.clone(), y));
                    }
                    pages.insert(PageId::Body(b));
                }
            }
        }
        ItemKind::Document => {
            pages.extend([PageId::Home, PageId::Documents]);
            pages.extend(
                site.config
                    .bodies
                    .iter()
                    .map(|b| PageId::Body(b.id.clone())),
            );
        }
        ItemKind::Table => {
            pages.extend([PageId::Home, PageId::Tables]);
        }
        ItemKind::Page => {}
    }
}

/// The pages to render, and the output paths of pages to remove.
pub(super) struct Plan {
    pub pages: Vec<PageId>,
    pub gone: Vec<String>,
}

fn listings(site: &Site) -> HashMap<String, Value> {
    let mut out = HashMap::new();
    for (kind, ids) in [
        (
            ItemKind::Meeting,
            site.meetings.iter().map(|m| &m.id).collect::<Vec<_>>(),
        ),
        (
            ItemKind::Document,
            site.documents.iter().map(|d| &d.id).collect(),
        ),
        (ItemKind::Table, site.tables.iter().map(|t| &t.id).collect()),
    ] {
        for id in ids {
            if let Some(v) = render::item_listing(site, kind, id) {
                out.insert(id.clone(), v);
            }
        }
    }
    out
}

impl Shown {
    /// What a render of every page of `site` shows.
    pub fn of(site: &Site, shared: Shared) -> Shown {
        Shown {
            shared,
            listings: listings(site),
            near: Neighbours::of(site),
            pages: PageSet::of(site),
            approvers: Approvers::of(site),
            home: home_ids(site),
        }
    }

    /// The pages that `dirty` items and `templates` (page templates changed) touch; updates what is shown to the
    /// new state, except [`Shown::shared`] (set once the pages are written). What is kept of every meeting and
    /// page (neighbours, approvals, the set of pages) is updated from the changed items alone: the plan costs what
    /// changed, not the size of the site (#15; `plan_tests.rs` holds it to a plan made from scratch).
    pub fn plan(
        &mut self,
        site: &Site,
        shared: &Shared,
        dirty: &BTreeSet<(ItemKind, String)>,
        templates: &BTreeSet<&'static str>,
    ) -> Plan {
        let mut pages: BTreeSet<PageId> = BTreeSet::new();
        // What lists show of each changed item, now.
        let listed: Vec<(ItemKind, &String, Option<Value>)> = dirty
            .iter()
            .map(|(kind, id)| (*kind, id, render::item_listing(site, *kind, id)))
            .collect();
        // Items that came or went change which pages exist; meetings whose date or body changed too move the
        // neighbours. Otherwise the sets of pages and neighbours stay as they were (and are not updated).
        let mut came_or_went = false;
        let mut reordered = false;
        // The pages that may have come or gone: the changed items' own, and the year pages of a changed meeting's
        // place before and now.
        let mut maybe_moved: Vec<PageId> = Vec::new();
        for (kind, id, now) in &listed {
            let page = PageId::of(*kind, id);
            let existed = self.pages.contains(&page);
            let exists = match kind {
                ItemKind::Page => site.pages.iter().any(|p| &p.id == *id),
                _ => now.is_some(),
            };
            came_or_went |= existed != exists;
            maybe_moved.push(page);
            if *kind == ItemKind::Meeting {
                let before = self.listings.get(*id);
                let place = |v: Option<&Value>| {
                    v.map(|v| (v.get("date").cloned(), v.get("body_ids").cloned()))
                };
                reordered |= existed != exists || place(now.as_ref()) != place(before);
                for (bodies, year) in [before, now.as_ref()]
                    .into_iter()
                    .flatten()
                    .map(listed_place)
                {
                    maybe_moved.extend(
                        year.into_iter().flat_map(|y| {
                            bodies.iter().map(move |b| PageId::BodyYear(b.clone(), y))
                        }),
                    );
                }
            }
        }
        // A meeting moved to another body may leave its old body without meetings (and without a page).
        came_or_went |= reordered;
        let meetings = || {
            (dirty.iter())
                .filter(|(kind, _)| *kind == ItemKind::Meeting)
                .map(|(_, id)| id.as_str())
        };
        self.approvers.update(site, meetings());
        // The pairs that changed, with what they were.
        let near_before = if reordered {
            self.near.update(site, meetings())
        } else {
            HashMap::new()
        };
        let mut relisted_meetings: Vec<&String> = Vec::new();
        for (kind, id, now) in listed {
            pages.insert(PageId::of(kind, id));
            let before = self.listings.get(id);
            if now.as_ref() == before || kind == ItemKind::Page {
                continue;
            }
            // What lists show of it changed: the lists that show it, before and now (`lists_showing`), and the
            // pages that show it as a neighbour or approve it.
            lists_showing(site, kind, before, now.as_ref(), &mut pages);
            if kind == ItemKind::Meeting {
                relisted_meetings.push(id);
            }
            let pair_before = match near_before.get(id) {
                Some(pair) => pair.as_ref(),
                None => self.near.get(id),
            };
            for (newer, older) in [self.near.get(id), pair_before].into_iter().flatten() {
                pages.extend(
                    newer
                        .iter()
                        .chain(older)
                        .map(|n| PageId::Meeting(n.clone())),
                );
            }
            pages.extend(
                self.approvers
                    .of_item(id)
                    .map(|m| PageId::Meeting(m.clone())),
            );
            match now {
                Some(v) => self.listings.insert(id.clone(), v),
                None => self.listings.remove(id),
            };
        }
        // The front page lists the newest meetings: it changes when one of them was relisted or they are others now.
        if !relisted_meetings.is_empty() {
            let home = home_ids(site);
            if home != self.home || relisted_meetings.iter().any(|id| home.contains(id)) {
                pages.insert(PageId::Home);
            }
            self.home = home;
        }
        for id in shared.backlinks_changed(&self.shared) {
            if let Some((kind, _)) = site.ids.get(&id) {
                pages.insert(PageId::of(*kind, &id));
            }
        }
        // The meetings whose neighbours changed and that are still there.
        pages.extend(
            (near_before.into_keys())
                .filter(|id| self.near.get(id).is_some())
                .map(PageId::Meeting),
        );
        // A document's version pages show what its page shows (tables, backlinks); its versions may have come, gone
        // or changed their dates (their addresses).
        let versioned: Vec<&crate::model::Document> = (pages.iter())
            .filter_map(|p| match p {
                PageId::Document(id) => site.document(id),
                _ => None,
            })
            .filter(|d| !d.versions.is_empty() || self.pages.had_versions(&d.id))
            .collect();
        came_or_went |= !versioned.is_empty();
        let version_pages: Vec<PageId> = versioned
            .into_iter()
            .flat_map(PageId::versions_of)
            .collect();
        pages.extend(version_pages);
        // Pages whose subject is gone (a meeting deleted, a body's last meeting) are not rendered but removed.
        let mut gone = Vec::new();
        if came_or_went {
            // A document among the pages may have gained or lost versions (`PageSet::update` looks at them).
            let documents = (pages.iter()).filter(|p| matches!(p, PageId::Document(_)));
            maybe_moved.extend(documents.cloned());
            let moved = self.pages.update(site, maybe_moved);
            gone = moved.gone;
            // A body that met in a year more or fewer: its year pages link to their neighbouring years.
            for b in &moved.years_of {
                if site.config.body(b).is_some() {
                    pages.insert(PageId::Body(b.clone()));
                }
                pages.extend((self.pages.years_of(b)).map(|y| PageId::BodyYear(b.clone(), y)));
            }
            pages.retain(|p| self.pages.contains(p));
        }
        if !templates.is_empty() {
            pages.extend(
                PageId::all(site)
                    .into_iter()
                    .filter(|p| templates.contains(p.template())),
            );
        }
        Plan {
            pages: pages.into_iter().collect(),
            gone,
        }
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
