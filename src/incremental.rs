//! Incremental rebuilds for `protokol serve`.
//!
//! A [`Workspace`] keeps the loaded site, the search index and a hash of every output file in memory. After an
//! edit it re-reads only the changed files (and the files that embed a changed table), checks the whole model
//! (checking is cheap next to loading), and, if there is no error, renders only the pages whose inputs changed:
//! the edited item's own page, and, when what other pages show of it changed, the lists, its neighbours, the
//! pages that link to it. Only files whose bytes changed are written. The result is the same, byte for byte, as a
//! full `protokol build` of the same content (`tests/incremental.rs` asserts this after a series of edits).
//!
//! Changes that alter what every page shows (configuration, templates, the set of files) fall back to loading
//! and/or rendering everything, still writing only what changed.

use crate::config::{Config, CONFIG_FILE};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, Site, Update};
use crate::lock;
use crate::model::ItemKind;
use crate::render::{self, PageId, Shared};
use crate::search::{IndexUpdate, SearchIndex};
use crate::urls::url_path;
use crate::write::{remove_in_place, write_in_place};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

/// What one rebuild did.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Pages rendered (not necessarily written: unchanged bytes are not).
    pub rendered: usize,
    /// Files written or removed in the output.
    pub written: usize,
    pub removed: usize,
    /// Whether the content was loaded in full (rather than the changed files alone) and every page rendered.
    pub full_load: bool,
    pub full_render: bool,
    pub seconds: f64,
}

/// What kind of source a changed path is.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Source {
    Config,
    Theme,
    Content,
}

/// What the last successful render showed of the site, to compare the next state with.
struct Shown {
    shared: Shared,
    /// What lists show of each meeting, document and table, by id.
    listings: HashMap<String, Value>,
    /// Newer and older meeting of the same body, by meeting id.
    near: HashMap<String, (Option<String>, Option<String>)>,
    /// The output path of every page.
    pages: HashSet<String>,
}

fn page_paths(all: &[PageId]) -> HashSet<String> {
    all.iter().map(|p| p.path()).collect()
}

pub struct Workspace {
    root: PathBuf,
    output: PathBuf,
    site: Option<Site>,
    tera: Option<tera::Tera>,
    /// Diagnostics found while loading, by file (the checker's are recomputed every time).
    load_diags: Vec<Diagnostic>,
    /// The current diagnostics: load and check, sorted.
    pub diags: Diagnostics,
    shown: Option<Shown>,
    search: Option<SearchIndex>,
    /// Items changed since the last successful render.
    dirty: BTreeSet<(ItemKind, String)>,
    /// Set when the next successful render must render every page.
    render_all: bool,
    /// Every output file with the hash of its bytes, as last written.
    written: HashMap<String, u64>,
    /// The text of every template, as compiled into `tera`.
    template_sources: std::collections::BTreeMap<String, String>,
    /// Page templates changed since the last successful render: their pages render again.
    template_dirty: BTreeSet<&'static str>,
    /// Whether the static files may have changed since the last successful render.
    static_dirty: bool,
}

fn hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    h.write(bytes);
    h.finish()
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

impl Workspace {
    /// A workspace for the site at `root`, publishing to `output`. Nothing is loaded until [`Workspace::rebuild`].
    pub fn new(root: &Path, output: &Path) -> Workspace {
        Workspace {
            root: root.to_path_buf(),
            output: crate::write::absolute(output),
            site: None,
            tera: None,
            load_diags: Vec::new(),
            diags: Diagnostics::default(),
            shown: None,
            search: None,
            dirty: BTreeSet::new(),
            render_all: true,
            written: HashMap::new(),
            template_sources: Default::default(),
            template_dirty: BTreeSet::new(),
            static_dirty: false,
        }
    }

    pub fn site(&self) -> Option<&Site> {
        self.site.as_ref()
    }

    /// Whether `dir` is the site root.
    pub fn is_root(&self, dir: &Path) -> bool {
        crate::write::absolute(dir) == crate::write::absolute(&self.root)
    }

    /// Whether a path (absolute, or relative to the working directory) is a source of the site, and not the output or an
    /// editor's hidden temporary file.
    pub fn is_source(&self, path: &Path) -> bool {
        self.classify(path).is_some()
    }

    /// The path below the root, with forward slashes; `path` is absolute or relative to the working directory
    /// (as the watcher reports it).
    fn relative(&self, path: &Path) -> Option<String> {
        let abs = crate::write::absolute(path);
        let rel = abs.strip_prefix(crate::write::absolute(&self.root)).ok()?;
        Some(rel.to_string_lossy().replace('\\', "/"))
    }

    fn classify(&self, path: &Path) -> Option<(Source, String)> {
        if crate::write::absolute(path).starts_with(&self.output) {
            return None;
        }
        let rel = self.relative(path)?;
        let hidden = rel.split('/').any(|part| part.starts_with('.'));
        if hidden {
            return None;
        }
        if rel == CONFIG_FILE {
            return Some((Source::Config, rel));
        }
        let top = rel.split('/').next().unwrap_or("");
        match top {
            "content" => Some((Source::Content, rel)),
            "templates" | "themes" | "static" => Some((Source::Theme, rel)),
            _ => None,
        }
    }

    /// Loads everything and builds the whole site (the first build, or after a change that needs it).
    pub fn build_all(&mut self) -> Result<Report, Diagnostic> {
        self.site = None;
        self.tera = None;
        self.rebuild(&[])
    }

    /// Rebuilds after `changed` paths (absolute, or relative to the working directory) changed. `Err` is a problem with the
    /// configuration, templates or output (shown like a content error by the server); content errors are in
    /// [`Workspace::diags`] and leave the output as it was.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Report, Diagnostic> {
        let started = Instant::now();
        let mut report = Report::default();
        let mut content: Vec<String> = Vec::new();
        let mut theme = false;
        let mut config = false;
        for p in changed {
            match self.classify(p) {
                Some((Source::Config, _)) => config = true,
                Some((Source::Theme, _)) => theme = true,
                Some((Source::Content, rel)) if !content.contains(&rel) => content.push(rel),
                _ => {}
            }
        }
        content.sort();
        let result = self.update_and_render(&content, config, theme, &mut report);
        if result.is_err() {
            // Start afresh next time: the configuration, templates or output may be half-way.
            self.site = None;
            self.tera = None;
            self.search = None;
            self.render_all = true;
        }
        report.seconds = started.elapsed().as_secs_f64();
        result.map(|_| report)
    }

    fn update_and_render(
        &mut self,
        content: &[String],
        config: bool,
        theme: bool,
        report: &mut Report,
    ) -> Result<(), Diagnostic> {
        if config || self.site.is_none() || content.iter().any(|rel| self.folder_gone(rel)) {
            self.load_all()?;
            report.full_load = true;
        } else if !content.is_empty() {
            let laps = Laps::new();
            let update = self.site.as_mut().map(|s| s.update(content));
            panic_for_tests(content);
            laps.lap("files re-read");
            match update {
                Some(Update::Partial {
                    entities,
                    files,
                    diags,
                }) => {
                    let files: HashSet<&String> = files.iter().collect();
                    self.load_diags
                        .retain(|d| d.file.as_ref().is_none_or(|f| !files.contains(f)));
                    self.load_diags.extend(diags.items);
                    self.dirty.extend(entities);
                    self.check();
                    laps.lap("checked");
                }
                _ => {
                    self.load_all()?;
                    report.full_load = true;
                }
            }
        }
        // The configuration names the theme: a change to it loads the templates afresh too.
        if config || self.tera.is_none() {
            let site = self.site.as_ref().expect("loaded above");
            self.tera = None;
            let sources = render::template_sources(&self.root, &site.config)?;
            self.tera = Some(render::compile_templates(&sources)?);
            self.template_sources = sources;
            self.render_all = true;
        } else if theme {
            self.reload_theme()?;
        }
        if self.diags.has_errors() {
            return Ok(());
        }
        if self.render_all || self.shown.is_none() {
            self.render_everything(report)?;
        } else {
            self.render_changed(report)?;
        }
        self.dirty.clear();
        self.template_dirty.clear();
        self.static_dirty = false;
        self.render_all = false;
        Ok(())
    }

    /// After a change in `templates/`, `themes/` or `static/`: recompiles the templates if their text changed and
    /// notes which page templates must render again (all pages if a changed template may be included anywhere),
    /// and that the static files must be compared again.
    fn reload_theme(&mut self) -> Result<(), Diagnostic> {
        let site = self.site.as_ref().expect("loaded");
        let sources = render::template_sources(&self.root, &site.config)?;
        if sources != self.template_sources {
            let tera = render::compile_templates(&sources)?;
            let changed: BTreeSet<String> = sources
                .iter()
                .filter(|(name, text)| self.template_sources.get(*name) != Some(*text))
                .map(|(name, _)| name.clone())
                .chain(
                    self.template_sources
                        .keys()
                        .filter(|name| !sources.contains_key(*name))
                        .cloned(),
                )
                .collect();
            match render::page_templates_using(&tera, &changed) {
                Some(pages) => self.template_dirty.extend(pages),
                None => self.render_all = true,
            }
            self.tera = Some(tera);
            self.template_sources = sources;
        }
        self.static_dirty = true;
        Ok(())
    }

    /// Whether `rel` is a folder that held content and is gone (deleted, renamed, moved out of the tree): the
    /// watcher reports the folder, not the files in it, so everything is loaded again.
    fn folder_gone(&self, rel: &str) -> bool {
        let Some(site) = &self.site else {
            return false;
        };
        if self.root.join(rel).exists() {
            return false;
        }
        let below = format!("{rel}/");
        site.ids.values().any(|(_, file)| file.starts_with(&below))
            || site.failed.iter().any(|file| file.starts_with(&below))
            || self
                .load_diags
                .iter()
                .any(|d| d.file.as_ref().is_some_and(|f| f.starts_with(&below)))
    }

    /// Forgets everything loaded and written, so that the next rebuild loads, renders and swaps in the whole site
    /// as `protokol build` does. After a rebuild that panicked the state may be half-way; this makes it whole.
    pub fn reset(&mut self) {
        self.site = None;
        self.tera = None;
        self.shown = None;
        self.search = None;
        self.dirty.clear();
        self.template_dirty.clear();
        self.render_all = true;
        self.written.clear();
        self.template_sources.clear();
        self.static_dirty = false;
    }

    fn load_all(&mut self) -> Result<(), Diagnostic> {
        let config = Config::load(&self.root)?;
        let (site, diags) = load::load(&self.root, config);
        self.load_diags = diags.items;
        self.site = Some(site);
        self.search = None;
        self.render_all = true;
        self.check();
        Ok(())
    }

    fn check(&mut self) {
        let site = self.site.as_ref().expect("checked after loading");
        let mut diags = Diagnostics {
            items: self.load_diags.clone(),
        };
        diags.extend(crate::check::check(site));
        diags.sort();
        self.diags = diags;
    }

    /// Renders every page and the whole index. The first time into a fresh directory swapped in at the end, as
    /// `protokol build` does; afterwards in place, writing only files whose bytes changed and removing the rest.
    fn render_everything(&mut self, report: &mut Report) -> Result<(), Diagnostic> {
        let site = self.site.as_ref().expect("loaded");
        let tera = self.tera.as_ref().expect("templates loaded");
        let mut index = SearchIndex::build(site);
        index.keep_encoded();
        let fresh = self.written.is_empty();
        let staging = if fresh {
            Some(crate::write::Staging::new(&self.output)?)
        } else {
            None
        };
        let produced: Mutex<HashMap<String, u64>> = Mutex::new(HashMap::new());
        let count = Mutex::new(0usize);
        let sink = |path: &str, bytes: &[u8]| -> Result<(), Diagnostic> {
            let h = hash(bytes);
            let same = self.written.get(path) == Some(&h);
            lock(&produced).insert(path.to_string(), h);
            match &staging {
                Some(s) => s.write(path, bytes),
                None if same => Ok(()),
                None => {
                    *lock(&count) += 1;
                    write_in_place(&self.output, path, bytes)
                }
            }
        };
        let pages = render::render_site(site, tera, &sink).map_err(first_error)?;
        index.write_all(&sink)?;
        let produced = produced.into_inner().unwrap_or_else(|e| e.into_inner());
        report.rendered = pages;
        report.full_render = true;
        if let Some(s) = staging {
            s.commit()?;
            report.written = produced.len();
        } else {
            report.written = count.into_inner().unwrap_or(0);
            for stale in self.written.keys().filter(|k| !produced.contains_key(*k)) {
                remove_in_place(&self.output, stale);
                report.removed += 1;
            }
        }
        self.written = produced;
        self.shown = Some(Shown {
            shared: Shared::of(site),
            listings: listings(site),
            near: near_ids(site),
            pages: page_paths(&PageId::all(site)),
        });
        self.search = Some(index);
        Ok(())
    }

    /// Renders the pages the changes since the last render touched, and updates the index.
    fn render_changed(&mut self, report: &mut Report) -> Result<(), Diagnostic> {
        let laps = Laps::new();
        let site = self.site.as_ref().expect("loaded");
        let shown = self.shown.as_mut().expect("rendered before");
        let shared = Shared::of(site);
        laps.lap("shared state");
        if shared.common_changed(&shown.shared) {
            return self.render_everything(report);
        }
        let mut pages: BTreeSet<PageId> = BTreeSet::new();
        // What lists show of each changed item, now.
        let listed: Vec<(ItemKind, &String, Option<Value>)> = self
            .dirty
            .iter()
            .map(|(kind, id)| (*kind, id, render::item_listing(site, *kind, id)))
            .collect();
        // Items that came or went change which pages exist; meetings whose date or body changed too move the
        // neighbours. Otherwise the sets of pages and neighbours stay as they were (and are not recomputed).
        let mut came_or_went = false;
        let mut reordered = false;
        for (kind, id, now) in &listed {
            let page = PageId::of(*kind, id);
            let existed = shown.pages.contains(&page.path());
            let exists = match kind {
                ItemKind::Page => site.pages.iter().any(|p| &p.id == *id),
                _ => now.is_some(),
            };
            came_or_went |= existed != exists;
            if *kind == ItemKind::Meeting {
                let place = |v: Option<&Value>| {
                    v.map(|v| (v.get("date").cloned(), v.get("body_id").cloned()))
                };
                reordered |=
                    existed != exists || place(now.as_ref()) != place(shown.listings.get(*id));
            }
        }
        // A meeting moved to another body may leave its old body without meetings (and without a page).
        came_or_went |= reordered;
        let near = reordered.then(|| near_ids(site));
        let near_now = near.as_ref().unwrap_or(&shown.near);
        for (kind, id, now) in listed {
            pages.insert(PageId::of(kind, id));
            let before = shown.listings.get(id);
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
            for listing in [now.as_ref(), before].into_iter().flatten() {
                if let Some(body) = listing.get("body_id").and_then(|b| b.as_str()) {
                    pages.insert(PageId::Body(body.to_string()));
                }
            }
            for map in [near_now, &shown.near] {
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
                Some(v) => shown.listings.insert(id.clone(), v),
                None => shown.listings.remove(id),
            };
        }
        for id in shared.backlinks_changed(&shown.shared) {
            if let Some((kind, _)) = site.ids.get(&id) {
                pages.insert(PageId::of(*kind, &id));
            }
        }
        if let Some(near) = near {
            for (id, pair) in &near {
                if shown.near.get(id) != Some(pair) {
                    pages.insert(PageId::Meeting(id.clone()));
                }
            }
            shown.near = near;
        }
        // Pages whose subject is gone (a meeting deleted, a body's last meeting) are not rendered but removed.
        let mut gone_pages = Vec::new();
        if came_or_went {
            let all = PageId::all(site);
            let now_pages = page_paths(&all);
            let all: HashSet<PageId> = all.into_iter().collect();
            pages.retain(|p| all.contains(p));
            gone_pages = shown.pages.difference(&now_pages).cloned().collect();
            shown.pages = now_pages;
        }
        if !self.template_dirty.is_empty() {
            pages.extend(
                PageId::all(site)
                    .into_iter()
                    .filter(|p| self.template_dirty.contains(p.template())),
            );
        }
        let pages: Vec<PageId> = pages.into_iter().collect();
        let tera = self.tera.as_ref().expect("templates loaded");
        let out: Mutex<Vec<(String, Vec<u8>)>> = Mutex::new(Vec::new());
        render::render_pages(
            site,
            tera,
            &shared,
            &pages,
            Some(&shown.listings),
            &|path, bytes| {
                lock(&out).push((path.to_string(), bytes.to_vec()));
                Ok(())
            },
        )
        .map_err(first_error)?;
        report.rendered = pages.len();
        laps.lap("pages rendered");
        // The pages first: the edited page is on disk before the index work (a new meeting renumbers the index).
        let pages = out.into_inner().unwrap_or_else(|e| e.into_inner());
        report.written += write_changed(&self.output, &mut self.written, pages)?;
        laps.lap("pages written");
        let mut files = Vec::new();
        // The index: the units of every changed item.
        let sources: HashSet<String> = self
            .dirty
            .iter()
            .map(|(kind, id)| url_path(*kind, id))
            .collect();
        let index = self.search.as_mut().expect("built with the first render");
        let removed;
        match index.update(site, &sources) {
            IndexUpdate::Changed(change) => {
                files.extend(change.files.into_iter().map(|(p, t)| (p, t.into_bytes())));
                removed = change.removed;
            }
            update => {
                if matches!(update, IndexUpdate::Rebuild) {
                    *index = SearchIndex::build(site);
                    laps.lap("index: units analysed");
                    index.keep_encoded();
                    laps.lap("index: terms encoded");
                }
                let all: Mutex<Vec<(String, Vec<u8>)>> = Mutex::new(Vec::new());
                index.write_all(&|p, b| {
                    lock(&all).push((p.to_string(), b.to_vec()));
                    Ok(())
                })?;
                let all = all.into_inner().unwrap_or_else(|e| e.into_inner());
                removed = stale(&self.written, "soeg/index/", &all);
                files.extend(all);
            }
        }
        laps.lap("search index updated");
        let mut removed: Vec<String> = removed.into_iter().chain(gone_pages).collect();
        if self.static_dirty {
            let statics: Vec<(String, Vec<u8>)> = render::static_files(&site.root, &site.config)
                .into_iter()
                .map(|(name, bytes)| (format!("static/{name}"), bytes))
                .collect();
            removed.extend(stale(&self.written, "static/", &statics));
            files.extend(statics);
        }
        // The whole-site outputs (feeds, calendars, open data, OParl, sitemap) are recomputed after every content
        // edit; only the files whose bytes changed are written.
        // They depend on the content alone: a template or static file edit leaves them as they are.
        if !self.dirty.is_empty() {
            let outputs = crate::outputs::all(site);
            removed.extend(stale_outputs(&self.written, &outputs));
            files.extend(outputs);
            laps.lap("outputs");
        }
        report.written += write_changed(&self.output, &mut self.written, files)?;
        for path in removed {
            remove_in_place(&self.output, &path);
            self.written.remove(&path);
            report.removed += 1;
        }
        laps.lap("written");
        shown.shared = shared;
        Ok(())
    }
}

/// For tests only: with `PROTOKOL_TEST_PANIC=<text>` in the environment, a rebuild of a changed file whose path
/// contains `<text>` panics after the site was updated and before it is checked, leaving the workspace half-way
/// (tests/serve.rs checks that `serve` survives it and rebuilds correctly). Nothing else sets the variable.
fn panic_for_tests(changed: &[String]) {
    if let Some(text) = std::env::var_os("PROTOKOL_TEST_PANIC") {
        let text = text.to_string_lossy();
        if let Some(file) = changed.iter().find(|c| c.contains(&*text)) {
            panic!("test panic (PROTOKOL_TEST_PANIC) while processing {file}");
        }
    }
}

/// Stage times on standard error when `PROTOKOL_TIMING` is set (as `protokol build` prints them).
struct Laps(Instant, bool);

impl Laps {
    fn new() -> Laps {
        Laps(
            Instant::now(),
            std::env::var_os("PROTOKOL_TIMING").is_some(),
        )
    }
    fn lap(&self, what: &str) {
        if self.1 {
            eprintln!(
                "[timing] {what}: {:.1} ms",
                self.0.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}

fn first_error(d: Diagnostics) -> Diagnostic {
    d.items
        .into_iter()
        .next()
        .unwrap_or_else(|| Diagnostic::error("render", "rendering failed"))
}

/// Files below `prefix` that were written before but are not among `now`: to remove.
fn stale(written: &HashMap<String, u64>, prefix: &str, now: &[(String, Vec<u8>)]) -> Vec<String> {
    let now: HashSet<&String> = now.iter().map(|(p, _)| p).collect();
    written
        .keys()
        .filter(|k| k.starts_with(prefix) && !now.contains(k))
        .cloned()
        .collect()
}

/// Files of the whole-site outputs that were written before but are not among `now`: to remove.
fn stale_outputs(written: &HashMap<String, u64>, now: &[(String, Vec<u8>)]) -> Vec<String> {
    let now: HashSet<&String> = now.iter().map(|(p, _)| p).collect();
    written
        .keys()
        .filter(|k| crate::outputs::owns(k) && !now.contains(k))
        .cloned()
        .collect()
}

/// Writes the files whose bytes differ from what `written` records, and records them; returns how many.
fn write_changed(
    output: &Path,
    written: &mut HashMap<String, u64>,
    files: Vec<(String, Vec<u8>)>,
) -> Result<usize, Diagnostic> {
    use rayon::prelude::*;
    let changed: Vec<(String, Vec<u8>, u64)> = files
        .into_iter()
        .map(|(path, bytes)| {
            let h = hash(&bytes);
            (path, bytes, h)
        })
        .filter(|(path, _, h)| written.get(path) != Some(h))
        .collect();
    // A new meeting renumbers the search index: thousands of small files, written in parallel.
    changed
        .par_iter()
        .try_for_each(|(path, bytes, _)| write_in_place(output, path, bytes))?;
    let count = changed.len();
    written.extend(changed.into_iter().map(|(path, _, h)| (path, h)));
    Ok(count)
}
