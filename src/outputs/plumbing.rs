//! sitemap.xml (sitemaps.org protocol 0.9, with `lastmod` where the content has a date) and robots.txt.
//! The sitemap needs absolute URLs: it is written only when the site has one (`url` in protokol.toml). A site of
//! more than 50,000 pages (or 50 MiB of sitemap) gets a sitemap index in `sitemap.xml` and its pages in
//! `sitemap-1.xml`, `sitemap-2.xml`, …, each within the protocol's limits.

use super::{absolute, published, xml_escape, File, Kept, KeptUpdate};
use crate::load::Site;
use crate::model::{ItemKind, Meeting};
use crate::render::PageId;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};

pub fn files(site: &Site) -> Vec<File> {
    Kept::files(&Sitemap::of(site), site)
}

/// The sitemap kept between runs of `serve`: each meeting's `<url>` entry, the bulk of the sitemap, made once and
/// re-made only for the meetings an edit changed; the other pages' entries (lists, bodies and their years,
/// documents, tables, pages: a few hundred) are made on every join. The sitemap shows of a meeting its URL, its
/// date and its bodies (the year pages it dates), so an edit that changes none of them writes nothing.
#[derive(Default)]
pub struct Sitemap {
    meetings: HashMap<String, Shown>,
    /// How many sitemaps the index listed when the files were last made (0: no index), so that an update
    /// removes those it no longer lists.
    parts: AtomicUsize,
}

/// What the sitemap shows of one meeting: its entry (URL and date), its date and its bodies.
#[derive(PartialEq, Eq)]
struct Shown {
    xml: String,
    date: NaiveDate,
    bodies: Vec<String>,
}

impl Sitemap {
    pub fn of(site: &Site) -> Sitemap {
        if site.config.site_url().is_none() {
            return Sitemap::default();
        }
        let meetings: Vec<&Meeting> = published::meetings(site).collect();
        let meetings = (meetings.par_iter())
            .filter_map(|m| Some((m.id.clone(), shown(site, m)?)))
            .collect();
        Sitemap {
            meetings,
            parts: AtomicUsize::new(0),
        }
    }
}

fn shown(site: &Site, m: &Meeting) -> Option<Shown> {
    let page = PageId::Meeting(m.id.clone());
    Some(Shown {
        xml: entry(site, &page, Some(m.date))?,
        date: m.date,
        bodies: m.body_ids().map(str::to_string).collect(),
    })
}

impl Kept for Sitemap {
    fn files(&self, site: &Site) -> Vec<File> {
        let mut out = Vec::new();
        let mut robots = String::from("User-agent: *\nAllow: /\n");
        if let Some(sitemaps) = self.sitemaps(site) {
            robots.push_str(&format!(
                "Sitemap: {}\n",
                absolute(site, "sitemap.xml").unwrap_or_default()
            ));
            out.extend(sitemaps);
        }
        out.push(("robots.txt".to_string(), robots.into_bytes()));
        out
    }

    /// After meetings alone changed: their entries made again and, if what the sitemap shows of one changed (a
    /// meeting came or went, or changed its date or bodies), every file joined again (the caller writes only
    /// those whose bytes changed). An edit of any other item makes the sitemap afresh (`None`).
    fn update(
        &mut self,
        site: &Site,
        changed: &BTreeSet<(ItemKind, String)>,
    ) -> Option<KeptUpdate> {
        if changed.iter().any(|(k, _)| *k != ItemKind::Meeting) {
            return None;
        }
        if site.config.site_url().is_none() {
            return Some(KeptUpdate::default());
        }
        let mut relisted = false;
        for (_, id) in changed {
            let now = site.meeting(id).and_then(|m| shown(site, m));
            let before = match now {
                Some(s) => self.meetings.insert(id.clone(), s),
                None => self.meetings.remove(id),
            };
            relisted |= before.as_ref() != self.meetings.get(id);
        }
        if !relisted {
            return Some(KeptUpdate::default());
        }
        let before = self.parts.load(Ordering::Relaxed);
        let files = self.files(site);
        let now = self.parts.load(Ordering::Relaxed);
        Some(KeptUpdate {
            files,
            removed: (now + 1..=before).map(part_name).collect(),
        })
    }
}

/// The newest meeting date of the site, of each body and of each body's year (a joint meeting counts for each of
/// its bodies), from one pass over the meetings: a scan per list page made the sitemap cost bodies × years ×
/// meetings (5 s at 100,000 meetings, after every new meeting in serve, #15).
#[derive(Default)]
struct Newest<'a> {
    all: Option<NaiveDate>,
    body: HashMap<&'a str, NaiveDate>,
    body_year: HashMap<(&'a str, i32), NaiveDate>,
}

impl<'a> Newest<'a> {
    fn of(site: &'a Site) -> Newest<'a> {
        let mut newest = Newest::default();
        let later = |kept: &mut NaiveDate, date: NaiveDate| *kept = (*kept).max(date);
        for m in published::meetings(site) {
            newest.all = newest.all.max(Some(m.date));
            for b in m.body_ids() {
                later(newest.body.entry(b).or_insert(m.date), m.date);
                let year = chrono::Datelike::year(&m.date);
                later(newest.body_year.entry((b, year)).or_insert(m.date), m.date);
            }
        }
        newest
    }
}

/// The content date a page shows: a meeting's date, a document's, a list's newest.
fn lastmod(site: &Site, newest: &Newest, page: &PageId) -> Option<NaiveDate> {
    match page {
        PageId::Home | PageId::Meetings => newest.all,
        PageId::Body(b) => newest.body.get(b.as_str()).copied(),
        PageId::BodyYear(b, y) => newest.body_year.get(&(b.as_str(), *y)).copied(),
        PageId::Meeting(id) => site.meeting(id).map(|m| m.date),
        PageId::Document(id) => site.document(id).and_then(published::document_date),
        PageId::Version(id, slug) => site
            .document(id)
            .and_then(|d| crate::render::versions::find(d, slug))
            .and_then(|v| v.version.as_ref().map(|i| i.date)),
        PageId::Changes(id) => site.document(id).and_then(|d| {
            crate::load::in_order(d)
                .last()
                .and_then(|v| v.version.as_ref())
                .map(|i| i.date)
        }),
        PageId::Documents => published::documents(site)
            .filter_map(published::document_date)
            .max(),
        PageId::Table(id) => site
            .table(id)
            .and_then(|t| t.file.document.as_ref())
            .and_then(|d| site.document(&d.value))
            .and_then(published::document_date),
        PageId::Tables | PageId::Page(_) | PageId::Search | PageId::NotFound => None,
    }
}

/// One file of the sitemaps protocol 0.9 holds at most 50,000 URLs and 50 MiB (52,428,800 bytes, uncompressed);
/// a larger site is listed in several, named by a sitemap index.
const MAX_URLS: usize = 50_000;
const MAX_BYTES: usize = 52_428_800;

const URLSET_START: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
const URLSET_END: &str = "</urlset>\n";

/// One page's `<url>` entry and its `lastmod`.
struct Entry<'a> {
    xml: Cow<'a, str>,
    lastmod: Option<NaiveDate>,
}

/// A page's `<url>` entry, `lastmod` its content date.
fn entry(site: &Site, page: &PageId, lastmod: Option<NaiveDate>) -> Option<String> {
    let path = page.path();
    let folder = path.strip_suffix("index.html").unwrap_or(&path);
    let mut xml = format!("<url><loc>{}</loc>", xml_escape(&absolute(site, folder)?));
    if let Some(d) = lastmod {
        xml.push_str(&format!("<lastmod>{}</lastmod>", d.format("%Y-%m-%d")));
    }
    xml.push_str("</url>\n");
    Some(xml)
}

impl Sitemap {
    /// `sitemap.xml` and, for a site of more than one file's worth of pages, the sitemaps it indexes
    /// (`sitemap-1.xml`, …, at the site's root: a sitemap may list only URLs below its own folder). The meetings
    /// oldest first, then every other page in [`PageId::all`]'s order, a meeting's entry as kept: a new newest
    /// meeting, and the list pages whose dates it moves, then change the last file alone (at 100,000 meetings,
    /// one of three, where every entry had moved down one place in all of them).
    fn sitemaps(&self, site: &Site) -> Option<Vec<File>> {
        site.config.site_url()?;
        let newest = Newest::of(site);
        let (mut meetings, others): (Vec<PageId>, Vec<PageId>) =
            (PageId::all(site).into_iter()).partition(|p| matches!(p, PageId::Meeting(_)));
        meetings.reverse();
        let mut entries = Vec::new();
        for page in meetings.into_iter().chain(others) {
            if matches!(page, PageId::NotFound | PageId::Search) {
                continue;
            }
            // A kept meeting's entry and date, without a look-up of the meeting.
            if let PageId::Meeting(id) = &page {
                if let Some(s) = self.meetings.get(id) {
                    let (xml, lastmod) = (Cow::Borrowed(s.xml.as_str()), Some(s.date));
                    entries.push(Entry { xml, lastmod });
                    continue;
                }
            }
            let lastmod = lastmod(site, &newest, &page);
            let xml = Cow::Owned(entry(site, &page, lastmod)?);
            entries.push(Entry { xml, lastmod });
        }
        let files = sitemap_files(site, &entries)?;
        self.parts.store(files.len() - 1, Ordering::Relaxed);
        Some(files)
    }
}

/// `sitemap.xml` of `entries`, or a sitemap index and its sitemaps.
fn sitemap_files(site: &Site, entries: &[Entry]) -> Option<Vec<File>> {
    let parts = split(entries, MAX_URLS, MAX_BYTES);
    if let [only] = parts.as_slice() {
        return Some(vec![(
            "sitemap.xml".to_string(),
            urlset(&entries[only.clone()]),
        )]);
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut files = Vec::new();
    for (n, part) in parts.into_iter().enumerate() {
        let name = part_name(n + 1);
        let part = &entries[part];
        index.push_str(&format!(
            "<sitemap><loc>{}</loc>",
            xml_escape(&absolute(site, &name)?)
        ));
        if let Some(d) = part.iter().filter_map(|e| e.lastmod).max() {
            index.push_str(&format!("<lastmod>{}</lastmod>", d.format("%Y-%m-%d")));
        }
        index.push_str("</sitemap>\n");
        files.push((name, urlset(part)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".to_string(), index.into_bytes()));
    Some(files)
}

/// The name of the `n`th sitemap an index lists (from 1).
fn part_name(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// Whether a path below the output is one of the sitemaps an index lists.
pub(super) fn is_part(path: &str) -> bool {
    (path.strip_prefix("sitemap-"))
        .and_then(|rest| rest.strip_suffix(".xml"))
        .is_some_and(|n| {
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && !n.starts_with('0')
        })
}

/// `entries` cut into runs of at most `max_urls` entries whose urlset is at most `max_bytes` long, in order; one
/// (empty) run for no entries. An entry longer than `max_bytes` on its own still gets a run: a URL is at most
/// 2,048 characters, so with the real limits it never is.
fn split(entries: &[Entry], max_urls: usize, max_bytes: usize) -> Vec<std::ops::Range<usize>> {
    let frame = URLSET_START.len() + URLSET_END.len();
    let mut parts = Vec::new();
    let (mut start, mut bytes) = (0, frame);
    for (i, e) in entries.iter().enumerate() {
        let full = i - start == max_urls || (i > start && bytes + e.xml.len() > max_bytes);
        if full {
            parts.push(start..i);
            (start, bytes) = (i, frame);
        }
        bytes += e.xml.len();
    }
    parts.push(start..entries.len());
    parts
}

fn urlset(entries: &[Entry]) -> Vec<u8> {
    let mut x = String::with_capacity(
        URLSET_START.len() + URLSET_END.len() + entries.iter().map(|e| e.xml.len()).sum::<usize>(),
    );
    x.push_str(URLSET_START);
    for e in entries {
        x.push_str(&e.xml);
    }
    x.push_str(URLSET_END);
    x.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(n: usize) -> Vec<Entry<'static>> {
        (0..n)
            .map(|i| Entry {
                xml: Cow::Owned(format!(
                    "<url><loc>https://example.dk/{i:04}/</loc></url>\n"
                )),
                lastmod: None,
            })
            .collect()
    }

    #[test]
    fn a_sitemap_holds_at_most_its_limit_of_urls() {
        let e = entries(10);
        assert_eq!(split(&e, 10, MAX_BYTES), vec![0..10]);
        assert_eq!(split(&e, 4, MAX_BYTES), [0..4, 4..8, 8..10]);
        assert_eq!(split(&e, 5, MAX_BYTES), [0..5, 5..10]);
        assert_eq!(split(&[], 4, MAX_BYTES), vec![0..0]);
    }

    #[test]
    fn a_sitemap_holds_at_most_its_limit_of_bytes() {
        let e = entries(10);
        let one = e[0].xml.len();
        let frame = URLSET_START.len() + URLSET_END.len();
        // Room for three entries a file: each urlset is within the limit, and a fourth entry would break it.
        let parts = split(&e, MAX_URLS, frame + 3 * one);
        assert_eq!(parts, [0..3, 3..6, 6..9, 9..10]);
        for p in parts {
            assert!(urlset(&e[p]).len() <= frame + 3 * one);
        }
        assert_eq!(
            split(&e, MAX_URLS, frame + 3 * one - 1),
            [0..2, 2..4, 4..6, 6..8, 8..10]
        );
    }

    #[test]
    fn only_numbered_sitemaps_are_parts_of_the_index() {
        assert!(is_part("sitemap-1.xml") && is_part("sitemap-12.xml"));
        for not in [
            "sitemap.xml",
            "sitemap-.xml",
            "sitemap-01.xml",
            "sitemap-a.xml",
            "x/sitemap-1.xml",
        ] {
            assert!(!is_part(not), "{not}");
        }
    }
}
