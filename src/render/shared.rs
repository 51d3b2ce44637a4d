//! What every page shows of the site (title, menu, bodies, feeds) and the cross-links between pages, as one value
//! `protokol serve` compares between renderings.

use super::by_body::MeetingsByBody;
use super::kept_links::MeetingLinks;
use super::links::{approvals, backlinks};
use crate::i18n;
use crate::load::Site;
use crate::model::proof::Proofs;
use crate::model::ItemKind;
use crate::urls::url_path;
use crate::urls::ROOT;
use serde_json::{json, Value};
use std::collections::BTreeMap;

#[derive(PartialEq)]
pub(super) struct Common {
    pub(super) site: Value,
    pub(super) t: Value,
    pub(super) bodies: Value,
    pub(super) menu: Value,
    /// The Atom feeds, for `<link rel="alternate">`.
    pub(super) feeds: Value,
    /// Folder links end in `index.html` (not `pretty_urls`).
    pub(super) index_files: bool,
    /// The absolute site URL, for canonical links.
    pub(super) site_url: Option<String>,
    /// Where `404.html` links from: the configured `base_url` (a server shows it at any depth).
    pub(super) not_found_root: String,
}

/// What pages other than an item's own show of the site: the parts shared by every page, and the cross-links.
/// `protokol serve` keeps the state of the last rendering and compares it with the next to find the pages an edit
/// touched.
#[derive(PartialEq)]
pub struct Shared {
    pub(super) common: Common,
    pub(super) back: BTreeMap<String, Vec<Value>>,
    /// The item that approves each approved meeting's minutes.
    pub(super) approved_by: BTreeMap<String, Value>,
    /// What the checks found about each table (`check::proofs`), said beside the table. Pages that show a table
    /// are rendered again when it changes, so these are not compared.
    pub(super) proofs: Proofs,
    /// Each body's meetings by year, for the body and year pages. Made from the meetings, as `back` is.
    pub(super) by_body: MeetingsByBody,
}

impl Shared {
    /// `proofs` are what `check::proofs` found for the same site, `links` every meeting's links in it.
    pub fn of(site: &Site, proofs: Proofs, links: &MeetingLinks) -> Shared {
        Shared {
            common: common(site),
            back: backlinks(site, links),
            approved_by: approvals(links, site),
            proofs,
            by_body: MeetingsByBody::of(site),
        }
    }

    /// Whether every page must be rendered again (the menu, the list of bodies or the site settings changed).
    pub fn common_changed(&self, other: &Shared) -> bool {
        self.common != other.common
    }

    /// Ids whose backlinks or approval differ between the two states.
    pub fn backlinks_changed(&self, other: &Shared) -> Vec<String> {
        let keys: std::collections::BTreeSet<&String> = (self.back.keys())
            .chain(other.back.keys())
            .chain(self.approved_by.keys())
            .chain(other.approved_by.keys())
            .collect();
        keys.into_iter()
            .filter(|k| {
                self.back.get(*k) != other.back.get(*k)
                    || self.approved_by.get(*k) != other.approved_by.get(*k)
            })
            .cloned()
            .collect()
    }
}

pub(super) fn common(site: &Site) -> Common {
    let cfg = &site.config;
    let lang = cfg.language;
    let base = ROOT;
    Common {
        // `base_url` is the site root as templates write it (resolved per page, `crate::urls`); `url` the absolute
        // address, if configured.
        site: json!({"title": cfg.title, "description": cfg.description, "base_url": base, "url": cfg.site_url(),
                      "lang": lang.code()}),
        t: serde_json::to_value(i18n::strings(lang)).unwrap_or_default(),
        bodies: Value::Array(
            cfg.bodies
                .iter()
                .map(|b| json!({"id": b.id, "name": b.name, "short": b.short_name(), "url": format!("{base}organer/{}/", b.id)}))
                .collect(),
        ),
        menu: Value::Array({
            let mut pages: Vec<_> = site.pages.iter().filter_map(|p| p.front.menu.map(|n| (n, p))).collect();
            pages.sort_by_key(|(n, _)| *n);
            pages
                .into_iter()
                .map(|(_, p)| json!({"title": p.front.title, "url": format!("{base}{}", url_path(ItemKind::Page, &p.id))}))
                .collect()
        }),
        feeds: Value::Array(
            crate::outputs::feed_links(site)
                .into_iter()
                .map(|(path, title, body)| json!({"url": format!("{ROOT}{path}"), "title": title, "body": body}))
                .collect(),
        ),
        index_files: !cfg.pretty_urls,
        site_url: cfg.site_url().map(str::to_string),
        not_found_root: cfg.base_url.clone(),
    }
}
