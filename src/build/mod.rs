//! The orchestrator: the one place the stages are wired (load → check → render → write), for `protokol
//! build`, `protokol check` and `protokol serve` alike.
//!
//! A [`Workspace`] keeps what the last run loaded and wrote. A full build ([`crate::build()`]) is a workspace
//! run over an empty state, writing into a fresh staging directory that is swapped in only when complete
//! ([`sink`]). `serve` keeps its workspace: after an edit it re-reads only the changed files, checks the whole
//! model (checking is cheap next to loading), renders only the pages whose inputs changed ([`plan`]) and writes
//! in place only the files whose bytes changed. Everything besides the pages (the search index, the static
//! files, the whole-site outputs) comes from one list ([`products::registry`]), walked by both. A rebuild's
//! output is the same, byte for byte, as a full build of the same content (`tests/incremental.rs`).
//!
//! Changes that alter what every page shows (configuration, templates, the set of files) fall back to loading
//! and/or rendering everything, still writing only what changed.

mod approvers;
mod cache;
mod commands;
mod merge;
mod neighbours;
mod page_set;
mod partition;
mod plan;
mod products;
mod sink;
mod sources;
mod timing;

pub use commands::{build, build_partitioned, load_and_check, BuildStats, Checked};
pub use merge::{merge, Merged};
pub use partition::Partition;

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::load::{self, Site, Update};
use crate::markdown::Html;
use crate::model::ItemKind;
use crate::render::{self, PageId, Shared};
use plan::Shown;
use products::{Changes, Product};
use sink::{Record, Sink};
use sources::{Changed, Sources};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;
use timing::Laps;

/// What one run did.
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
    /// Whether every meeting was checked (rather than those an edit touched, [`crate::check::Incremental`]).
    pub full_check: bool,
    /// Files written or removed before the pages that list every meeting and the whole-site products (#15): the
    /// edited items' pages and the cheap pages beside them, published by [`Workspace::rebuild_visible`]'s
    /// callback. 0 when the run had no such first part (a full render, or nothing changed).
    pub visible: usize,
    pub seconds: f64,
}

/// What the workspace is for, and so what it keeps after a run.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Purpose {
    /// One run (`protokol build`): nothing is kept for a next run (no hashes of the files written, no listings,
    /// no encoded search index).
    Once,
    /// Runs again after every edit (`protokol serve`).
    Rebuilds,
}

/// Why a run stopped before publishing anything.
enum Stop {
    /// The configuration, the templates or the output directory (`protokol build` exits with 2).
    Setup(Diagnostic),
    /// Rendering or writing a file failed; nothing is published.
    Output(Diagnostics),
}

impl Stop {
    fn first(self) -> Diagnostic {
        match self {
            Stop::Setup(d) => d,
            Stop::Output(d) => d
                .items
                .into_iter()
                .next()
                .unwrap_or_else(|| Diagnostic::error(Code::Render, Msg::RenderFailed)),
        }
    }
}

fn output_error(d: Diagnostic) -> Stop {
    Stop::Output(Diagnostics { items: vec![d] })
}

pub struct Workspace {
    sources: Sources,
    purpose: Purpose,
    deny_warnings: bool,
    site: Option<Site>,
    tera: Option<tera::Tera>,
    /// Diagnostics found while loading, by file (the checker's are recomputed every time).
    load_diags: Vec<Diagnostic>,
    /// The current diagnostics: load and check, sorted.
    pub diags: Diagnostics,
    /// The check kept for the next edit (`serve`).
    checked: Option<crate::check::Incremental>,
    shown: Option<Shown>,
    /// Every meeting's links (backlinks and approvals) as of the last rendering (`serve`).
    links: Option<render::MeetingLinks>,
    /// Every meeting's rows on the lists of every meeting, as of the last rendering (`serve`; `None` after the
    /// templates changed: made afresh when a list is rendered next).
    rows: Option<render::MeetingRows>,
    products: Vec<Box<dyn Product>>,
    /// Items changed since the last successful render.
    dirty: BTreeSet<(ItemKind, String)>,
    /// Set when the next successful render must render every page.
    render_all: bool,
    /// Every output file with the hash of its bytes, as last written (empty: the next run writes a fresh
    /// staging directory).
    written: Record,
    /// The text of every template, as compiled into `tera`.
    template_sources: BTreeMap<String, String>,
    /// Page templates changed since the last successful render: their pages render again.
    template_dirty: BTreeSet<&'static str>,
    /// Whether the static files may have changed since the last successful render.
    static_dirty: bool,
    /// A slice of a partitioned build (`protokol build --partition`), with the hash of its sources.
    slice: Option<(Partition, String)>,
}

impl Workspace {
    /// A workspace for the site at `root`, publishing to `output` and rebuilding after edits (`serve`). Nothing
    /// is loaded until [`Workspace::rebuild`].
    pub fn new(root: &Path, output: &Path) -> Workspace {
        Workspace::with_purpose(root, output, Purpose::Rebuilds)
    }

    fn with_purpose(root: &Path, output: &Path, purpose: Purpose) -> Workspace {
        Workspace {
            sources: Sources::new(root, output),
            purpose,
            deny_warnings: false,
            site: None,
            tera: None,
            load_diags: Vec::new(),
            diags: Diagnostics::default(),
            checked: None,
            shown: None,
            links: None,
            rows: None,
            products: products::registry(),
            dirty: BTreeSet::new(),
            render_all: true,
            written: Record::new(),
            template_sources: BTreeMap::new(),
            template_dirty: BTreeSet::new(),
            static_dirty: false,
            slice: None,
        }
    }

    pub fn site(&self) -> Option<&Site> {
        self.site.as_ref()
    }

    /// Whether `dir` is the site root.
    pub fn is_root(&self, dir: &Path) -> bool {
        self.sources.is_root(dir)
    }

    /// Whether a path (absolute, or relative to the working directory) is a source of the site, and not the
    /// output or an editor's hidden temporary file.
    pub fn is_source(&self, path: &Path) -> bool {
        self.sources.classify(path).is_some()
    }

    /// Loads everything and builds the whole site (the first build, or after a change that needs it).
    pub fn build_all(&mut self) -> Result<Report, Diagnostic> {
        self.site = None;
        self.tera = None;
        self.rebuild(&[])
    }

    /// Rebuilds after `changed` paths (absolute, or relative to the working directory) changed. `Err` is a
    /// problem with the configuration, templates or output (shown like a content error by the server); content
    /// errors are in [`Workspace::diags`] and leave the output as it was.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Report, Diagnostic> {
        self.rebuild_visible(changed, &|_| {})
    }

    /// [`Workspace::rebuild`] in two parts (#15): what a reader sees first, the edited items' own pages and the
    /// pages beside them that are cheap to render (neighbours, year pages, the front page), written and then
    /// announced to `visible` (with the number of files written or removed so far); then the pages that list
    /// every meeting and the whole-site products (search index, calendars, OParl, sitemap, feeds). A full render
    /// has no first part and never calls `visible`. The output at the end is the same either way.
    pub fn rebuild_visible(
        &mut self,
        changed: &[PathBuf],
        visible: &dyn Fn(usize),
    ) -> Result<Report, Diagnostic> {
        let result = self.run(changed, &|_| {}, visible);
        if result.is_err() {
            // Start afresh next time: the configuration, templates or output may be half-way.
            self.site = None;
            self.tera = None;
            self.products = products::registry();
            self.rows = None;
            self.render_all = true;
        }
        result.map_err(Stop::first)
    }

    /// Forgets everything loaded and written, so that the next rebuild loads, renders and swaps in the whole
    /// site as `protokol build` does. After a rebuild that panicked the state may be half-way; this makes it
    /// whole.
    pub fn reset(&mut self) {
        let fresh = Workspace::with_purpose(&self.sources.root, &self.sources.output, self.purpose);
        let diags = std::mem::take(&mut self.diags);
        *self = Workspace {
            deny_warnings: self.deny_warnings,
            diags,
            ..fresh
        };
    }

    /// One run: `progress` is told when loading and when rendering starts, `visible` when the first part of a
    /// partial render is on disk ([`Workspace::rebuild_visible`]).
    fn run(
        &mut self,
        changed: &[PathBuf],
        progress: &dyn Fn(Msg),
        visible: &dyn Fn(usize),
    ) -> Result<Report, Stop> {
        let started = Instant::now();
        let laps = Laps::start();
        let mut report = Report::default();
        let changed = self.sources.sort(changed);
        let result = self.update_and_render(&changed, &mut report, &laps, progress, visible);
        report.seconds = started.elapsed().as_secs_f64();
        result.map(|_| report)
    }

    fn update_and_render(
        &mut self,
        changed: &Changed,
        report: &mut Report,
        laps: &Laps,
        progress: &dyn Fn(Msg),
        visible: &dyn Fn(usize),
    ) -> Result<(), Stop> {
        let content = &changed.content;
        if changed.config || self.site.is_none() || content.iter().any(|rel| self.folder_gone(rel))
        {
            progress(Msg::ProgressLoading);
            self.load_all(laps).map_err(Stop::Setup)?;
            report.full_load = true;
            report.full_check = true;
        } else if !content.is_empty() {
            let update = self.site.as_mut().map(|s| s.update(content));
            panic_for_tests(content);
            laps.lap("files re-read");
            match update {
                Some(Update::Partial {
                    entities,
                    files,
                    diags,
                }) => {
                    let rebuilt: HashSet<&String> = files.iter().collect();
                    self.load_diags
                        .retain(|d| d.file.as_ref().is_none_or(|f| !rebuilt.contains(f)));
                    self.load_diags.extend(diags.items);
                    self.dirty.extend(entities);
                    report.full_check = self.recheck(&files);
                    laps.lap("check");
                }
                _ => {
                    self.load_all(laps).map_err(Stop::Setup)?;
                    report.full_load = true;
                    report.full_check = true;
                }
            }
        }
        // A one-off build stops at the first stage with errors: content errors before the templates are read.
        // `serve` reads them anyway, to show a template error as soon as it is made.
        if self.purpose == Purpose::Once && self.diags.has_errors() {
            return Ok(());
        }
        // The configuration names the theme: a change to it loads the templates afresh too.
        if changed.config || self.tera.is_none() {
            let site = self.site.as_ref().expect("loaded above");
            self.tera = None;
            let sources =
                render::template_sources(&self.sources.root, &site.config).map_err(Stop::Setup)?;
            self.tera = Some(render::compile_templates(&sources).map_err(Stop::Setup)?);
            self.template_sources = sources;
            self.rows = None;
            self.render_all = true;
            laps.lap("templates");
        } else if changed.theme {
            self.reload_theme().map_err(Stop::Setup)?;
        }
        if self.diags.has_errors() {
            return Ok(());
        }
        if let Some(site) = &self.site {
            progress(Msg::ProgressRendering {
                meetings: site.meetings.len(),
                documents: site.documents.len(),
                tables: site.tables.len(),
            });
        }
        self.render(report, laps, visible)?;
        self.dirty.clear();
        self.template_dirty.clear();
        self.static_dirty = false;
        self.render_all = false;
        Ok(())
    }

    /// After a change in `templates/`, `themes/` or `static/`: recompiles the templates if their text changed
    /// and notes which page templates must render again (all pages if a changed template may be included
    /// anywhere), and that the static files must be compared again.
    fn reload_theme(&mut self) -> Result<(), Diagnostic> {
        let site = self.site.as_ref().expect("loaded");
        let sources = render::template_sources(&self.sources.root, &site.config)?;
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
            // The rows were rendered with the old templates (their partials, or what lists read).
            self.rows = None;
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
        if self.sources.root.join(rel).exists() {
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

    fn load_all(&mut self, laps: &Laps) -> Result<(), Diagnostic> {
        let (site, diags) = load(&self.sources.root, Html::Make, laps)?;
        self.load_diags = diags;
        self.site = Some(site);
        self.products = products::registry();
        self.render_all = true;
        self.check();
        laps.lap("check");
        Ok(())
    }

    fn check(&mut self) {
        let site = self.site.as_ref().expect("checked after loading");
        let found = if self.purpose == Purpose::Rebuilds {
            let (kept, found) = crate::check::Incremental::new(site);
            self.checked = Some(kept);
            found
        } else {
            crate::check::check(site)
        };
        self.diags = with_load_diags(found, self.load_diags.clone(), self.deny_warnings);
    }

    /// Checks again after [`Site::update`] rebuilt `files`: the meetings they touch, the other rules in full.
    /// Returns whether it had to check everything (nothing was kept).
    fn recheck(&mut self, files: &[String]) -> bool {
        let (Some(site), Some(kept)) = (&self.site, &mut self.checked) else {
            self.check();
            return true;
        };
        let found = kept.recheck(site, files);
        self.diags = with_load_diags(found, self.load_diags.clone(), self.deny_warnings);
        false
    }

    /// Renders and writes: every page and every product when nothing was rendered before or what every page
    /// shows changed; otherwise the pages the changes touched ([`Shown::plan`]) and each product's update.
    fn render(
        &mut self,
        report: &mut Report,
        laps: &Laps,
        visible: &dyn Fn(usize),
    ) -> Result<(), Stop> {
        let keep = self.purpose == Purpose::Rebuilds;
        let site = self.site.as_ref().expect("loaded");
        // Every meeting's links are made again after a load or when everything renders, else only the changed
        // meetings' (#15).
        let links = match self.links.as_mut() {
            Some(links) if !self.render_all => {
                let meetings = (self.dirty.iter()).filter(|(kind, _)| *kind == ItemKind::Meeting);
                links.update(site, meetings.map(|(_, id)| id.as_str()));
                links
            }
            _ => self.links.insert(render::MeetingLinks::of(site)),
        };
        let shared = Shared::of(site, crate::check::tables::proofs(site), links);
        if !keep {
            self.links = None;
        }
        laps.lap("shared state");
        let mut partial = match &mut self.shown {
            Some(shown) if !self.render_all && !shared.common_changed(&shown.shared) => {
                let plan = shown.plan(site, &shared, &self.dirty, &self.template_dirty);
                laps.lap("pages planned");
                Some(plan)
            }
            _ => None,
        };
        // A run that renders everything into an output nothing was recorded of writes a staging directory that
        // is swapped in at the end, as `protokol build` does; otherwise the output is updated in place.
        let sink = if partial.is_none() && self.written.is_empty() {
            // A complete build keeps the rebuild cache in its output (not a slice: the merge makes the site).
            let cache = self.slice.is_none().then(|| {
                cache::Run::start(
                    &self.sources.root,
                    &self.sources.output,
                    &self.template_sources,
                )
            });
            laps.lap("rebuild cache read");
            // A slice records what it wrote for its manifest.
            Sink::staging(
                &self.sources.output,
                keep || self.slice.is_some(),
                cache.flatten(),
            )
            .map_err(Stop::Setup)?
        } else {
            Sink::in_place(&self.sources.output, &mut self.written)
        };
        let tera = self.tera.as_ref().expect("templates loaded");
        let write = |path: &str, bytes: &[u8]| sink.write(path, bytes);
        let listings = self.shown.as_ref().filter(|_| partial.is_some());
        let pages = match &mut partial {
            Some(plan) => std::mem::take(&mut plan.pages),
            None => match &self.slice {
                Some((part, _)) => (PageId::all(site).into_iter())
                    .filter(|page| part.owns_page(page))
                    .collect(),
                None => PageId::all(site),
            },
        };
        let count = pages.len();
        // The pages that list every meeting (of the site, of a body) come after the rest (#15): in a rebuild of
        // serve after the edited pages are on disk and announced; in a one-off build after the products, once
        // they have freed the items' texts (the lists' contexts, a summary of each meeting, are the largest a page
        // has: with the texts still held they were the build's peak). Their bytes are the same either way.
        let lists_after = partial.is_some() || !keep;
        let (lists, now): (Vec<PageId>, Vec<PageId>) =
            (pages.into_iter()).partition(|page| lists_after && page.lists_every_meeting());
        let reuse =
            |path: &str, feed: &dyn Fn(&mut dyn std::hash::Hasher)| sink.reuse_page(path, feed);
        // The rows the lists of every meeting join (#15): `serve`'s kept rows with the changed meetings' rendered
        // again, or every meeting's made afresh, once a list of every meeting is to be rendered.
        // A full render makes them afresh: what was kept is of a site before the changes.
        let mut rows = self.rows.take().filter(|_| partial.is_some());
        let changed_rows = partial.is_some().then_some(&self.dirty);
        let template_sources = &self.template_sources;
        let rows_for = |some: &[PageId], site: &Site, rows: &mut Option<render::MeetingRows>| {
            let made = meeting_rows(
                rows.take(),
                changed_rows,
                some,
                site,
                tera,
                &shared,
                template_sources,
            );
            *rows = made.map_err(output_error)?;
            Ok::<(), Stop>(())
        };
        let render_some = |some: &[PageId], site: &Site, rows: &Option<render::MeetingRows>| {
            render::render_pages(
                site,
                tera,
                &shared,
                some,
                render::Kept {
                    listings: listings.map(|s| &s.listings),
                    rows: rows.as_ref(),
                },
                sink.caches().then_some(&reuse as &render::Reuse),
                &write,
            )
            .map_err(Stop::Output)
        };
        let pages_lap = |what: &str| {
            if sink.caches() {
                laps.lap(&format!(
                    "{what} ({} of {} reused from the rebuild cache)",
                    sink.reused(),
                    count
                ));
            } else {
                laps.lap(what);
            }
        };
        if now.iter().any(PageId::lists_every_meeting) {
            rows_for(&now, site, &mut rows)?;
        }
        render_some(&now, site, &rows)?;
        report.rendered = count;
        let lists = match &partial {
            // What a reader sees first: the pages but the lists of every meeting, and the pages gone removed.
            Some(plan) => {
                for path in &plan.gone {
                    sink.remove(path);
                }
                report.visible = sink.changed();
                laps.lap("page visible (the edited pages written)");
                visible(report.visible);
                rows_for(&lists, site, &mut rows)?;
                laps.lap("the rows of the lists of every meeting");
                render_some(&lists, site, &rows)?;
                Vec::new()
            }
            None => lists,
        };
        if lists.is_empty() {
            pages_lap("pages rendered and written");
        } else {
            laps.lap("pages but the lists of every meeting rendered and written");
        }
        drop(now);
        if !keep {
            // Every page is written and nothing runs again: the bodies' HTML is not needed any more (#15).
            self.site.as_mut().expect("loaded").drop_html();
        }
        let site = self.site.as_ref().expect("loaded");
        let done = match partial {
            Some(_) => {
                let changes = Changes {
                    items: &self.dirty,
                    statics: self.static_dirty,
                };
                for product in &mut self.products {
                    product
                        .update(site, &changes, &sink, laps)
                        .map_err(output_error)?;
                    laps.lap(product.name());
                }
                sink.finish()
            }
            None => {
                for position in 0..self.products.len() {
                    let rest = &self.products[position + 1..];
                    // Nothing after it reads the items' texts: it may free them as it goes, and what is left of
                    // them is freed after it, the memory the next outputs grow into (#15).
                    let last_reader = !keep
                        && self.products[position].reads_item_texts()
                        && !rest.iter().any(|p| p.reads_item_texts());
                    let product = &mut self.products[position];
                    let site = self.site.as_mut().expect("loaded");
                    match &self.slice {
                        Some((part, _)) => product.write_slice(site, &sink, part, position, laps),
                        None if last_reader => product.write_all_freeing_texts(site, &sink, laps),
                        None => product.write_all(site, &sink, keep, laps),
                    }
                    .map_err(output_error)?;
                    laps.lap(product.name());
                    if last_reader {
                        site.drop_item_texts();
                    }
                }
                if !lists.is_empty() {
                    let site = self.site.as_ref().expect("loaded");
                    rows_for(&lists, site, &mut rows)?;
                    laps.lap("the rows of the lists of every meeting");
                    render_some(&lists, site, &rows)?;
                    pages_lap("the lists of every meeting: pages rendered and written");
                }
                if let Some((part, content)) = &self.slice {
                    partition::write_manifest(&sink, part, content).map_err(output_error)?;
                }
                report.full_render = true;
                sink.finish_complete()
            }
        }
        .map_err(output_error)?;
        laps.lap(&format!(
            "written ({} of {} files linked from the previous output)",
            done.linked, done.written
        ));
        report.written = done.written;
        report.removed = done.removed;
        if let Some(record) = done.record {
            self.written = record;
        }
        if keep {
            self.rows = rows;
        }
        let site = self.site.as_ref().expect("loaded");
        match &mut self.shown {
            Some(shown) if !report.full_render => shown.shared = shared,
            _ if keep => self.shown = Some(Shown::of(site, shared)),
            _ => {}
        }
        Ok(())
    }
}

/// The rows of the lists of every meeting for rendering `pages`: `kept` with the rows of the meetings `changed`
/// rendered again (a partial render of `serve`); else, when `pages` hold a list of every meeting and nothing is
/// kept, every meeting's rows made afresh; else `kept` as it is (nothing joins rows, or they are made already).
fn meeting_rows(
    kept: Option<render::MeetingRows>,
    changed: Option<&BTreeSet<(ItemKind, String)>>,
    pages: &[PageId],
    site: &Site,
    tera: &tera::Tera,
    shared: &Shared,
    sources: &BTreeMap<String, String>,
) -> Result<Option<render::MeetingRows>, Diagnostic> {
    match (kept, changed) {
        (Some(mut rows), Some(changed)) => {
            let meetings = (changed.iter()).filter(|(kind, _)| *kind == ItemKind::Meeting);
            rows.update(site, tera, shared, meetings.map(|(_, id)| id.as_str()))?;
            Ok(Some(rows))
        }
        (None, _) if pages.iter().any(PageId::lists_every_meeting) => {
            let reads = render::lists_read_summaries(tera, sources);
            render::MeetingRows::of(site, tera, shared, reads).map(Some)
        }
        (kept, _) => Ok(kept),
    }
}

/// Load, parse and model (with or without the bodies' HTML, [`Html`]): the configuration, then every file of
/// `content/`. Diagnostics of the files come back beside the site; `Err` is a configuration that cannot be read.
fn load(root: &Path, html: Html, laps: &Laps) -> Result<(Site, Vec<Diagnostic>), Diagnostic> {
    let config = Config::load(root)?;
    let (site, diags) = load::load(root, config, html);
    laps.lap("load");
    Ok((site, diags.items))
}

/// The load's own diagnostics, then the check's (every rule on the whole model), sorted.
fn with_load_diags(
    found: Diagnostics,
    load_diags: Vec<Diagnostic>,
    deny_warnings: bool,
) -> Diagnostics {
    let mut diags = Diagnostics { items: load_diags };
    diags.extend(found);
    diags.sort();
    if deny_warnings {
        diags.deny_warnings();
    }
    diags
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
