//! sitemap.xml (sitemaps.org protocol 0.9, with `lastmod` where the content has a date) and robots.txt.
//! The sitemap needs absolute URLs: it is written only when the site has one (`url` in protokol.toml).

use super::{absolute, published, xml_escape, File};
use crate::load::Site;
use crate::render::PageId;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The sitemap lists a meeting's page and its body's year pages and dates the lists by their newest meeting: it
/// shows a meeting's date and bodies (robots.txt shows nothing). It lists the pages of every other kind.
pub(super) const SHOWS: super::Shows = super::Shows {
    meeting: |site, m| {
        super::shown_hash(&|h| {
            if site.config.site_url().is_some() {
                std::hash::Hash::hash(&(m.date, m.body_ids().collect::<Vec<_>>()), h);
            }
        })
    },
    ignores: |site, _| site.config.site_url().is_none(),
};

pub fn files(site: &Site) -> Vec<File> {
    let mut out = Vec::new();
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    if let Some(sitemap) = sitemap(site) {
        robots.push_str(&format!(
            "Sitemap: {}\n",
            absolute(site, "sitemap.xml").unwrap_or_default()
        ));
        out.push(("sitemap.xml".to_string(), sitemap.into_bytes()));
    }
    out.push(("robots.txt".to_string(), robots.into_bytes()));
    out
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

fn sitemap(site: &Site) -> Option<String> {
    site.config.site_url()?;
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let newest = Newest::of(site);
    for page in PageId::all(site) {
        if matches!(page, PageId::NotFound | PageId::Search) {
            continue;
        }
        let path = page.path();
        let folder = path.strip_suffix("index.html").unwrap_or(&path);
        x.push_str(&format!(
            "<url><loc>{}</loc>",
            xml_escape(&absolute(site, folder)?)
        ));
        if let Some(d) = lastmod(site, &newest, &page) {
            x.push_str(&format!("<lastmod>{}</lastmod>", d.format("%Y-%m-%d")));
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    Some(x)
}
