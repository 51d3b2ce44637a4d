//! Atom 1.0 feeds: one for the whole portal (`feeds/alle.xml`) and one per body (`feeds/<body>.xml`), with the
//! meetings (their agenda overview in the entry) and dated documents, newest first, at most [`ENTRIES`].
//!
//! Ids never change with a title or a move: an entry is `tag:<host>,<first date>:moeder/<original id>` (documents:
//! `tag:<host>,<date>:dokumenter/<id>`), a feed is its own URL. `updated` is the content's date (a meeting's date,
//! a document's date or adoption date), never the build time, so builds are reproducible. Feeds need absolute
//! URLs: they are written only when the site has one (`url` in protokol.toml).

use super::{absolute, published, xml_escape, File};
use crate::load::Site;
use crate::model::ItemKind;
use crate::model::{Document, Meeting};
use crate::urls::url_path;
use chrono::NaiveDate;

/// Entries per feed: readers poll often; older items stay in the pages, OParl and each meeting's calendar.
const ENTRIES: usize = 50;

/// A feed's file (below the output) and title, for the `<link rel="alternate">` of pages: the portal's, then
/// one per body.
pub fn feeds(site: &Site) -> Vec<(String, String, Option<String>)> {
    if site.config.site_url().is_none() {
        return Vec::new();
    }
    let mut out = vec![(
        "feeds/alle.xml".to_string(),
        site.config.title.clone(),
        None,
    )];
    for b in published::bodies(site) {
        out.push((
            format!("feeds/{}.xml", b.id),
            format!("{} · {}", b.short_name(), site.config.title),
            Some(b.id.clone()),
        ));
    }
    out
}

/// A meeting's entry (with its date, which places it among the newest) and the bodies whose feeds it may be in;
/// documents have entries; tables and pages are in no feed.
pub(super) const SHOWS: super::Shows = super::Shows {
    meeting: |site, m| {
        super::shown_hash(&|h| {
            let entry = site
                .config
                .site_host()
                .and_then(|host| meeting_entry(site, host, m));
            if let Some(e) = entry {
                std::hash::Hash::hash(&(e.id, e.title, e.updated, e.link, e.content), h);
                std::hash::Hash::hash(&m.body_ids().collect::<Vec<_>>(), h);
            }
        })
    },
    ignores: |site, kind| {
        site.config.site_url().is_none() || matches!(kind, ItemKind::Table | ItemKind::Page)
    },
};

pub fn files(site: &Site) -> Vec<File> {
    feeds(site)
        .into_iter()
        .filter_map(|(path, title, body)| {
            let xml = feed(site, &path, &title, body.as_deref())?;
            Some((path, xml.into_bytes()))
        })
        .collect()
}

struct Entry {
    id: String,
    title: String,
    updated: NaiveDate,
    link: String,
    content: String,
}

fn timestamp(d: NaiveDate) -> String {
    format!("{}T00:00:00Z", d.format("%Y-%m-%d"))
}

fn meeting_entry(site: &Site, host: &str, m: &Meeting) -> Option<Entry> {
    let link = absolute(site, &url_path(ItemKind::Meeting, &m.id))?;
    let original = m.original_id();
    let first = original.get(..10).unwrap_or(&original);
    let first = if NaiveDate::parse_from_str(first, "%Y-%m-%d").is_ok() {
        first.to_string()
    } else {
        m.date.format("%Y-%m-%d").to_string()
    };
    let mut html = String::new();
    if let Some(p) = &m.front.place {
        html.push_str(&format!("<p>{}</p>\n", xml_escape(p)));
    }
    html.push_str("<ol>\n");
    for i in published::items(m) {
        html.push_str(&format!(
            "<li><a href=\"{link}#{}\">{} {}</a></li>\n",
            i.anchor,
            xml_escape(&i.meta.number),
            xml_escape(published::item_title(i))
        ));
    }
    html.push_str("</ol>\n");
    Some(Entry {
        id: format!("tag:{host},{first}:moeder/{original}"),
        title: m.front.title.clone(),
        updated: m.date,
        link,
        content: html,
    })
}

fn document_entry(site: &Site, host: &str, d: &Document) -> Option<Entry> {
    let date = published::document_date(d)?;
    let link = absolute(site, &url_path(ItemKind::Document, &d.id))?;
    let kind = crate::i18n::kind_name(
        crate::model::Kind::Document(d.front.kind),
        site.config.language,
    );
    Some(Entry {
        id: format!("tag:{host},{}:dokumenter/{}", date.format("%Y-%m-%d"), d.id),
        title: d.front.title.clone(),
        updated: date,
        link,
        content: format!("<p>{}</p>\n", xml_escape(kind)),
    })
}

fn feed(site: &Site, path: &str, title: &str, body: Option<&str>) -> Option<String> {
    let host = site.config.site_host()?;
    // Meetings come newest first: only the newest ENTRIES can be in the feed.
    let mut entries: Vec<Entry> = published::meetings(site)
        .filter(|m| body.is_none_or(|b| m.held_by(b)))
        .take(ENTRIES)
        .filter_map(|m| meeting_entry(site, host, m))
        .chain(
            published::documents(site)
                .filter(|d| body.is_none_or(|b| d.front.organisation.as_deref() == Some(b)))
                .filter_map(|d| document_entry(site, host, d)),
        )
        .collect();
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.id.cmp(&b.id)));
    entries.truncate(ENTRIES);
    let self_url = absolute(site, path)?;
    let home = match body {
        Some(b) => absolute(site, &format!("organer/{b}/"))?,
        None => absolute(site, "")?,
    };
    // A feed without entries is still valid; its date is then that of the newest content anywhere.
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .or_else(|| published::meetings(site).map(|m| m.date).max())
        .unwrap_or_default();
    let lang = site.config.language.code();
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n<id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<author><name>{}</name></author>\n<generator>protokol</generator>\n",
        xml_escape(&self_url),
        xml_escape(title),
        timestamp(updated),
        xml_escape(&self_url),
        xml_escape(&home),
        xml_escape(&site.config.title),
    );
    for e in entries {
        x.push_str(&format!(
            "<entry>\n<id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<content type=\"html\">{}</content>\n</entry>\n",
            xml_escape(&e.id),
            xml_escape(&e.title),
            timestamp(e.updated),
            xml_escape(&e.link),
            xml_escape(&e.content),
        ));
    }
    x.push_str("</feed>\n");
    Some(x)
}
