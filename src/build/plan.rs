//! Which pages a rebuild renders: from what the last run showed ([`Shown`]) and the items changed since, the
//! edited items' own pages and, when what lists show of an item changed, the lists, its old and new neighbours,
//! the meetings approving it and the pages whose backlinks changed; and the pages whose subject is gone.

use crate::load::Site;
use crate::model::ItemKind;
use crate::render::{self, PageId, Shared};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap, HashSet};

/// What the last successful render showed of the site, to compare the next state with.
pub(super) struct Shown {
    pub shared: Shared,
    /// What lists show of each meeting, document and table, by id.
    pub listings: HashMap<String, Value>,
    /// Newer and older meeting of the same body, by meeting id.
    near: HashMap<String, (Option<String>, Option<String>)>,
    /// The output path of every page.
    pages: HashSet<String>,
}

/// The pages to render, and the output paths of pages to remove.
pub(super) struct Plan {
    pub pages: Vec<PageId>,
    pub gone: Vec<String>,
}

fn page_paths(all: &[PageId]) -> HashSet<String> {
    all.iter().map(|p| p.path()).collect()
}

fn near_ids(site: &Site) -> HashMap<String, (Option<String>, Option<String>)> {
    let id = |m: Option<&crate::model::Meeting>| m.map(|m| m.id.clone());
    site.meetings
        .iter()
        .map(|m| {
            let (newer, older) = render::neighbours(site, m);
            (m.id.clone(), (id(newer), id(older)))
        })
        .collect()
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
            near: near_ids(site),
            pages: page_paths(&PageId::all(site)),
        }
    }

    /// The pages that `dirty` items and `templates` (page templates changed) touch; updates what is shown to the
    /// new state, except [`Shown::shared`] (set once the pages are written).
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
        // neighbours. Otherwise the sets of pages and neighbours stay as they were (and are not recomputed).
        let mut came_or_went = false;
        let mut reordered = false;
        for (kind, id, now) in &listed {
            let page = PageId::of(*kind, id);
            let existed = self.pages.contains(&page.path());
            let exists = match kind {
                ItemKind::Page => site.pages.iter().any(|p| &p.id == *id),
                _ => now.is_some(),
            };
            came_or_went |= existed != exists;
            if *kind == ItemKind::Meeting {
                let place = |v: Option<&Value>| {
                    v.map(|v| (v.get("date").cloned(), v.get("body_ids").cloned()))
                };
                reordered |=
                    existed != exists || place(now.as_ref()) != place(self.listings.get(*id));
            }
        }
        // A meeting moved to another body may leave its old body without meetings (and without a page).
        came_or_went |= reordered;
        let near = reordered.then(|| near_ids(site));
        let near_now = near.as_ref().unwrap_or(&self.near);
        for (kind, id, now) in listed {
            pages.insert(PageId::of(kind, id));
            let before = self.listings.get(id);
            if now.as_ref() == before || kind == ItemKind::Page {
                continue;
            }
            // What lists show of it changed: the lists, and the pages that show it as a neighbour or approve it.
            pages.extend([
                PageId::Home,
                PageId::Documents,
                PageId::Tables,
                PageId::Meetings,
            ]);
            // Body pages list meetings (by year) and documents: few pages, rendered again whenever a listing
            // changed.
            pages.extend(
                PageId::all(site)
                    .into_iter()
                    .filter(|p| matches!(p, PageId::Body(_) | PageId::BodyYear(..))),
            );
            for map in [near_now, &self.near] {
                if let Some((newer, older)) = map.get(id) {
                    pages.extend(
                        newer
                            .iter()
                            .chain(older)
                            .map(|n| PageId::Meeting(n.clone())),
                    );
                }
            }
            for m in &site.meetings {
                let approves = m
                    .items
                    .iter()
                    .any(|i| i.meta.approves.as_ref().is_some_and(|a| &a.value == id));
                if approves {
                    pages.insert(PageId::Meeting(m.id.clone()));
                }
            }
            match now {
                Some(v) => self.listings.insert(id.clone(), v),
                None => self.listings.remove(id),
            };
        }
        for id in shared.backlinks_changed(&self.shared) {
            if let Some((kind, _)) = site.ids.get(&id) {
                pages.insert(PageId::of(*kind, &id));
            }
        }
        if let Some(near) = near {
            for (id, pair) in &near {
                if self.near.get(id) != Some(pair) {
                    pages.insert(PageId::Meeting(id.clone()));
                }
            }
            self.near = near;
        }
        // A document's version pages show what its page shows (tables, backlinks); its versions may have come, gone
        // or changed their dates (their addresses).
        let versioned: Vec<&crate::model::Document> = (pages.iter())
            .filter_map(|p| match p {
                PageId::Document(id) => site.document(id),
                _ => None,
            })
            .filter(|d| {
                let versions = format!(
                    "{}versioner/",
                    crate::urls::url_path(ItemKind::Document, &d.id)
                );
                !d.versions.is_empty() || self.pages.iter().any(|p| p.starts_with(&versions))
            })
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
            let all = PageId::all(site);
            let now_pages = page_paths(&all);
            let all: HashSet<PageId> = all.into_iter().collect();
            pages.retain(|p| all.contains(p));
            gone = self.pages.difference(&now_pages).cloned().collect();
            self.pages = now_pages;
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
