//! The pages of a site ([`PageId`]: what each shows, its template, its path) and rendering them in parallel into a
//! sink.

use super::contexts::page_context;
use super::rows::MeetingRows;
use super::shared::Shared;
use super::templates::template_error;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::load::Site;
use crate::model::ItemKind;
use crate::urls::{changes_path, url_path, version_path};
use rayon::prelude::*;
use serde_json::Value;
use std::collections::HashMap;
use std::hash::Hasher;

/// One output file: a path below the output directory and its bytes.
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Every HTML page of a site, by what it shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageId {
    Home,
    Documents,
    Tables,
    Meetings,
    Body(String),
    /// A body's meetings in one year.
    BodyYear(String, i32),
    Meeting(String),
    Document(String),
    /// One dated version of a document (by its slug, the version's date), and the page of changes between them.
    Version(String, String),
    Changes(String),
    Table(String),
    Page(String),
    NotFound,
    Search,
}

impl PageId {
    /// Every page `site` has, in a fixed order.
    pub fn all(site: &Site) -> Vec<PageId> {
        let mut out = vec![
            PageId::Home,
            PageId::Documents,
            PageId::Tables,
            PageId::Meetings,
        ];
        // Every configured body has a page (its documents, if it holds no meetings), and a page for each year it
        // met in.
        out.extend(
            site.config
                .bodies
                .iter()
                .map(|b| PageId::Body(b.id.clone())),
        );
        let years: std::collections::BTreeSet<(&str, i32)> = site
            .meetings
            .iter()
            .flat_map(|m| {
                m.body_ids()
                    .map(move |b| (b, chrono::Datelike::year(&m.date)))
            })
            .collect();
        // Configured bodies only, looked up once per body and year rather than once per meeting.
        out.extend(
            years
                .into_iter()
                .filter(|(b, _)| site.config.body(b).is_some())
                .map(|(b, y)| PageId::BodyYear(b.to_string(), y)),
        );
        out.extend(site.meetings.iter().map(|m| PageId::Meeting(m.id.clone())));
        out.extend(
            site.documents
                .iter()
                .map(|d| PageId::Document(d.id.clone())),
        );
        out.extend(site.documents.iter().flat_map(PageId::versions_of));
        out.extend(site.tables.iter().map(|t| PageId::Table(t.id.clone())));
        out.extend(site.pages.iter().map(|p| PageId::Page(p.id.clone())));
        out.push(PageId::NotFound);
        out.push(PageId::Search);
        out
    }

    /// The file the page is written to, below the output directory.
    /// The page of a meeting, document, table or page.
    pub fn of(kind: ItemKind, id: &str) -> PageId {
        let id = id.to_string();
        match kind {
            ItemKind::Meeting => PageId::Meeting(id),
            ItemKind::Document => PageId::Document(id),
            ItemKind::Table => PageId::Table(id),
            ItemKind::Page => PageId::Page(id),
        }
    }

    /// The pages of a document's versions and their changes (none for a document without versions).
    pub fn versions_of(d: &crate::model::Document) -> Vec<PageId> {
        if d.versions.is_empty() {
            return Vec::new();
        }
        let slugs = crate::load::in_order(d)
            .into_iter()
            .filter_map(|v| v.version.as_ref());
        let mut out: Vec<PageId> = slugs
            .map(|v| PageId::Version(d.id.clone(), v.slug()))
            .collect();
        out.push(PageId::Changes(d.id.clone()));
        out
    }

    /// Whether the page lists every meeting of the site (the all-meetings list) or of a body (its page): the
    /// pages whose contexts grow with the number of meetings, which a one-off build renders last and a rebuild of
    /// `serve` writes after the edited pages are on disk (#15).
    pub fn lists_every_meeting(&self) -> bool {
        matches!(self, PageId::Meetings | PageId::Body(_))
    }

    /// The template that renders the page.
    pub fn template(&self) -> &'static str {
        match self {
            PageId::Home => "index.html",
            PageId::Documents | PageId::Tables | PageId::Meetings => "list.html",
            PageId::Body(_) => "body.html",
            PageId::BodyYear(..) => "year.html",
            PageId::Meeting(_) => "meeting.html",
            PageId::Document(_) | PageId::Version(..) => "document.html",
            PageId::Changes(_) => "changes.html",
            PageId::Table(_) => "table.html",
            PageId::Page(_) => "page.html",
            PageId::NotFound => "404.html",
            PageId::Search => "search.html",
        }
    }

    pub fn path(&self) -> String {
        match self {
            PageId::Home => "index.html".into(),
            PageId::Documents => "dokumenter/index.html".into(),
            PageId::Tables => "tabeller/index.html".into(),
            PageId::Meetings => "moeder/index.html".into(),
            PageId::Body(id) => format!("organer/{id}/index.html"),
            PageId::BodyYear(id, year) => format!("organer/{id}/{year}/index.html"),
            PageId::Meeting(id) => format!("{}index.html", url_path(ItemKind::Meeting, id)),
            PageId::Document(id) => format!("{}index.html", url_path(ItemKind::Document, id)),
            PageId::Version(id, slug) => format!("{}index.html", version_path(id, slug)),
            PageId::Changes(id) => format!("{}index.html", changes_path(id)),
            PageId::Table(id) => format!("{}index.html", url_path(ItemKind::Table, id)),
            PageId::Page(id) => format!("{}index.html", url_path(ItemKind::Page, id)),
            PageId::NotFound => "404.html".into(),
            PageId::Search => "soeg/index.html".into(),
        }
    }
}

/// Where each rendered file goes: its path below the output and its bytes (safe to call from many threads).
pub type WriteFile<'a> = dyn Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync + 'a;

/// Asked, before a page is rendered, with its path and a function that feeds a hasher everything the page's bytes
/// depend on besides the templates and the configuration: its template's name, its context, what every page shows
/// and, when it shows a table, every table and the checker's proofs. `Ok(true)`: the page is already in place
/// (the orchestrator's rebuild cache), so it is not rendered.
pub type Reuse<'a> = dyn Fn(&str, &dyn Fn(&mut dyn Hasher)) -> Result<bool, Diagnostic> + Sync + 'a;

/// What a caller kept of the site to render pages from, each of the same site as the pages: `listings`
/// ([`item_listing`] of every meeting) and `rows` (every meeting's rows, which the lists of every meeting join;
/// without, each renders its rows itself). Nothing kept: each is made as it is needed.
#[derive(Clone, Copy, Default)]
pub struct Kept<'a> {
    pub listings: Option<&'a HashMap<String, Value>>,
    pub rows: Option<&'a MeetingRows>,
}

/// Renders the given pages in parallel. `shared` must be [`Shared::of`] the same site, and `kept` ([`Kept`]) of it;
/// `reuse`, if given, is asked first for every page ([`Reuse`]).
pub fn render_pages(
    site: &Site,
    tera: &tera::Tera,
    shared: &Shared,
    pages: &[PageId],
    kept: Kept,
    reuse: Option<&Reuse>,
    sink: &WriteFile,
) -> Result<(), Diagnostics> {
    let tables = std::sync::OnceLock::new();
    let common_hash = std::sync::OnceLock::new();
    // Contexts are built inside the workers and each page is written as soon as it is rendered, so memory stays
    // flat however many meetings there are. Each worker keeps one context holding what every page shows and puts
    // a page's own values into it for that page only: the shared values are not copied for every page.
    let errors: Vec<Diagnostic> = pages
        .par_iter()
        .map_init(
            || common_context(shared),
            |common, page| {
                let (tpl, ctx) =
                    match page_context(page, site, tera, shared, kept.listings, kept.rows)? {
                        Ok(x) => x,
                        Err(d) => {
                            return Some(d.hint(Msg::HintWhileRendering { page: page.path() }))
                        }
                    };
                if let Some(reuse) = reuse {
                    let feed = |h: &mut dyn Hasher| {
                        page_inputs(h, tpl, &ctx, shared, site, &common_hash, &tables)
                    };
                    match reuse(&page.path(), &feed) {
                        Ok(true) => return None,
                        Ok(false) => {}
                        Err(d) => return Some(d),
                    }
                }
                match render_one(site, tera, tpl, ctx, shared, &page.path(), common) {
                    Ok(f) => sink(&f.path, &f.bytes).err(),
                    Err(d) => Some(d),
                }
            },
        )
        .flatten()
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Diagnostics { items: errors })
    }
}

/// Feeds `h` what [`render_one`] makes a page of, besides the templates and the configuration: the template's
/// name, the context, what every page shows, and (when the context holds a table's proofs marker, which
/// [`super::proofs::fill`] replaces) every table and proof.
fn page_inputs(
    h: &mut dyn Hasher,
    tpl: &str,
    ctx: &Value,
    shared: &Shared,
    site: &Site,
    common_hash: &std::sync::OnceLock<(u64, bool)>,
    tables: &std::sync::OnceLock<u64>,
) {
    h.write(tpl.as_bytes());
    let mut marker = hash_value(ctx, h);
    // What every page shows is the same for all of them: hashed once per rendering, not once per page.
    let (common, common_marker) = *common_hash.get_or_init(|| {
        let mut ch = std::collections::hash_map::DefaultHasher::new();
        let c = &shared.common;
        let mut m = false;
        for v in [&c.site, &c.t, &c.bodies, &c.menu, &c.feeds] {
            m |= hash_value(v, &mut ch);
        }
        ch.write_u8(c.index_files as u8);
        for s in [c.site_url.as_deref().unwrap_or("\0"), &c.not_found_root] {
            ch.write_usize(s.len());
            ch.write(s.as_bytes());
        }
        (ch.finish(), m)
    });
    h.write_u64(common);
    marker |= common_marker;
    if marker {
        h.write_u64(*tables.get_or_init(|| {
            let mut t = std::collections::hash_map::DefaultHasher::new();
            t.write(format!("{:?}{:?}", site.tables, shared.proofs).as_bytes());
            t.finish()
        }));
    }
}

/// Feeds a JSON value to `h`, every node tagged and every string and list with its length (so that no two values
/// feed the same bytes); true when a string holds a table's proofs marker.
fn hash_value(v: &Value, h: &mut dyn Hasher) -> bool {
    let text = |h: &mut dyn Hasher, s: &str| {
        h.write_usize(s.len());
        h.write(s.as_bytes());
    };
    match v {
        Value::Null => {
            h.write_u8(0);
            false
        }
        Value::Bool(b) => {
            h.write_u8(1 + *b as u8);
            false
        }
        Value::Number(n) => {
            h.write_u8(3);
            text(h, &n.to_string());
            false
        }
        Value::String(s) => {
            h.write_u8(4);
            text(h, s);
            s.contains(super::proofs::OPEN)
        }
        Value::Array(a) => {
            h.write_u8(5);
            h.write_usize(a.len());
            a.iter().fold(false, |m, v| hash_value(v, h) | m)
        }
        Value::Object(o) => {
            h.write_u8(6);
            h.write_usize(o.len());
            o.iter().fold(false, |m, (k, v)| {
                text(h, k);
                hash_value(v, h) | m
            })
        }
    }
}

/// What every page's context has from [`Shared`]; a page's own value of one of these names is not used.
const COMMON_KEYS: [&str; 7] = ["site", "t", "bodies", "menu", "feeds", "root", "canonical"];

/// The part of a page's context that is the same on every page.
pub(super) fn common_context(shared: &Shared) -> tera::Context {
    let common = &shared.common;
    let mut c = tera::Context::new();
    c.insert("site", &common.site);
    c.insert("t", &common.t);
    c.insert("bodies", &common.bodies);
    c.insert("menu", &common.menu);
    c.insert("feeds", &common.feeds);
    c
}

/// Renders one page with `ctx` (its own values) added to `common` ([`common_context`]), which is left as it was.
fn render_one(
    site: &Site,
    tera: &tera::Tera,
    name: &str,
    ctx: Value,
    shared: &Shared,
    depth_path: &str,
    common: &mut tera::Context,
) -> Result<OutFile, Diagnostic> {
    let mut own = match ctx {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    own.retain(|k, _| !COMMON_KEYS.contains(&k.as_str()));
    let keys: Vec<String> = own.keys().cloned().collect();
    common.extend(tera::Context::from_value(Value::Object(own)).unwrap_or_default());
    let html = render_in(site, tera, name, shared, depth_path, common);
    for k in keys.iter().map(String::as_str).chain(["root", "canonical"]) {
        common.remove(k);
    }
    html
}

fn render_in(
    site: &Site,
    tera: &tera::Tera,
    name: &str,
    shared: &Shared,
    depth_path: &str,
    c: &mut tera::Context,
) -> Result<OutFile, Diagnostic> {
    let common = &shared.common;
    let root = if depth_path == PageId::NotFound.path() {
        common.not_found_root.clone()
    } else {
        crate::urls::root_of(depth_path)
    };
    c.insert("root", &root);
    let pretty = depth_path.strip_suffix("index.html").unwrap_or(depth_path);
    c.insert(
        "canonical",
        &common.site_url.as_ref().map(|u| format!("{u}{pretty}")),
    );
    let html = tera.render(name, c).map_err(|e| {
        Diagnostic::error(Code::Template, template_error(&e)).hint(Msg::HintWhileRendering {
            page: depth_path.to_string(),
        })
    })?;
    let html = super::proofs::fill(html, site, &shared.proofs, tera)?;
    Ok(OutFile {
        path: depth_path.to_string(),
        bytes: crate::urls::resolve(&html, &root, common.index_files).into_bytes(),
    })
}
