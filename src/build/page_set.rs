//! Which pages the site has ([`PageId::all`]'s paths), kept between serve's runs and brought up to date for the
//! pages that may have come or gone with an edit, rather than listed again for every item (#15).

use crate::load::Site;
use crate::render::PageId;
use chrono::Datelike;
use std::collections::{BTreeSet, HashMap, HashSet};

pub(super) struct PageSet {
    /// The output path of every page.
    paths: HashSet<String>,
    /// Every body's year page, by body and year, to list one body's.
    years: BTreeSet<(String, i32)>,
    /// The version and changes pages of each document that has versions.
    versions: HashMap<String, Vec<PageId>>,
}

/// What changed in the set: the paths of pages gone, and the bodies that gained or lost a year page.
pub(super) struct Moved {
    pub gone: Vec<String>,
    pub years_of: BTreeSet<String>,
}

/// Whether `site` has the page `page` (is in [`PageId::all`]), found without listing every page.
fn exists(site: &Site, page: &PageId) -> bool {
    let versions = |id: &str| {
        site.document(id)
            .map(PageId::versions_of)
            .unwrap_or_default()
    };
    match page {
        PageId::Home
        | PageId::Documents
        | PageId::Tables
        | PageId::Meetings
        | PageId::NotFound
        | PageId::Search => true,
        PageId::Body(b) => site.config.body(b).is_some(),
        PageId::BodyYear(b, y) => {
            // Meetings are listed newest first: a year's are one run of them.
            let from = site.meetings.partition_point(|m| m.date.year() > *y);
            let to = site.meetings.partition_point(|m| m.date.year() >= *y);
            site.config.body(b).is_some() && site.meetings[from..to].iter().any(|m| m.held_by(b))
        }
        PageId::Meeting(id) => site.meeting(id).is_some(),
        PageId::Document(id) => site.document(id).is_some(),
        PageId::Version(id, _) | PageId::Changes(id) => versions(id).contains(page),
        PageId::Table(id) => site.table(id).is_some(),
        PageId::Page(id) => site.pages.iter().any(|p| &p.id == id),
    }
}

impl PageSet {
    /// Every page of `site`.
    pub fn of(site: &Site) -> PageSet {
        let all = PageId::all(site);
        let years = (all.iter())
            .filter_map(|p| match p {
                PageId::BodyYear(b, y) => Some((b.clone(), *y)),
                _ => None,
            })
            .collect();
        let versions = (site.documents.iter())
            .map(|d| (d.id.clone(), PageId::versions_of(d)))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        PageSet {
            paths: all.iter().map(PageId::path).collect(),
            years,
            versions,
        }
    }

    pub fn contains(&self, page: &PageId) -> bool {
        self.paths.contains(&page.path())
    }

    /// Whether the document `id` had version pages.
    pub fn had_versions(&self, id: &str) -> bool {
        self.versions.contains_key(id)
    }

    /// The years `body` has a page of.
    pub fn years_of<'a>(&'a self, body: &'a str) -> impl Iterator<Item = i32> + 'a {
        let from = (body.to_string(), i32::MIN);
        (self.years.range(from..))
            .take_while(move |(b, _)| b == body)
            .map(|(_, y)| *y)
    }

    /// Brings the set to `site` for the pages `maybe` (the only ones that may have come or gone), and for a
    /// document among them its version pages before and now.
    pub fn update(&mut self, site: &Site, maybe: impl IntoIterator<Item = PageId>) -> Moved {
        let mut candidates: BTreeSet<PageId> = BTreeSet::new();
        for page in maybe {
            if let PageId::Document(id) = &page {
                candidates.extend(self.versions.get(id).into_iter().flatten().cloned());
                match site.document(id).map(PageId::versions_of) {
                    Some(v) if !v.is_empty() => {
                        candidates.extend(v.iter().cloned());
                        self.versions.insert(id.clone(), v);
                    }
                    _ => {
                        self.versions.remove(id);
                    }
                }
            }
            candidates.insert(page);
        }
        let mut moved = Moved {
            gone: Vec::new(),
            years_of: BTreeSet::new(),
        };
        for page in candidates {
            let path = page.path();
            let (was, is) = (self.paths.contains(&path), exists(site, &page));
            if was == is {
                continue;
            }
            if let PageId::BodyYear(b, y) = &page {
                moved.years_of.insert(b.clone());
                if is {
                    self.years.insert((b.clone(), *y));
                } else {
                    self.years.remove(&(b.clone(), *y));
                }
            }
            if is {
                self.paths.insert(path);
            } else {
                self.paths.remove(&path);
                moved.gone.push(path);
            }
        }
        moved
    }
}

#[cfg(test)]
impl PageSet {
    /// The paths, years and version pages, a line each in a fixed order, to compare with a set made from scratch.
    pub fn sorted(&self) -> Vec<String> {
        let years = (self.years.iter()).map(|(b, y)| format!("year {b} {y}"));
        let versions = (self.versions.iter()).map(|(id, v)| format!("versions {id} {v:?}"));
        let mut lines: Vec<String> = (self.paths.iter().cloned())
            .chain(years)
            .chain(versions)
            .collect();
        lines.sort();
        lines
    }
}
