//! What a run writes besides the pages, registered once: the search index, the static files and every
//! whole-site output of [`crate::outputs::OUTPUTS`] (feeds, calendars, open data, OParl, sitemap). A run that
//! renders everything asks each for all its files ([`Product::write_all`]); a rebuild after edits asks each to
//! bring its files up to date ([`Product::update`]). Both walk [`registry`], so a product registered there is
//! built by `protokol build`, kept up to date by `protokol serve` and compared by `tests/incremental.rs`
//! without further wiring.

use super::partition::{Partition, SEARCH_SHARE};
use super::sink::Sink;
use super::timing::Laps;
use crate::diagnostics::Diagnostic;
use crate::load::Site;
use crate::model::ItemKind;
use crate::outputs::{File, Kept, Output, Shows, Update, ABSENT, OUTPUTS};
use crate::search::{IndexUpdate, SearchIndex, SliceIndex};
use crate::urls::url_path;
use std::collections::{BTreeSet, HashMap, HashSet};

/// What changed since the last run, as a product sees it.
pub(super) struct Changes<'a> {
    /// Content items edited, added, removed or renamed (and the items that show them).
    pub items: &'a BTreeSet<(ItemKind, String)>,
    /// Whether the static files may have changed (a file in `templates/`, `themes/` or `static/` changed).
    pub statics: bool,
}

pub(super) trait Product: Send {
    /// For `PROTOKOL_TIMING` and errors.
    fn name(&self) -> &'static str;
    /// Writes every file it produces. `keep`: the workspace runs again after edits, so keep what
    /// [`Product::update`] needs.
    fn write_all(
        &mut self,
        site: &Site,
        sink: &Sink,
        keep: bool,
        laps: &Laps,
    ) -> Result<(), Diagnostic>;
    /// In slice `partition` of a partitioned build, as the product at `position` of the [`registry`]: the files
    /// this slice writes of it (all of them, or none).
    fn write_slice(
        &mut self,
        site: &Site,
        sink: &Sink,
        partition: &Partition,
        position: usize,
        laps: &Laps,
    ) -> Result<(), Diagnostic> {
        if partition.owns_product(position) {
            self.write_all(site, sink, false, laps)?;
        }
        Ok(())
    }
    /// After `changes`, writes what changed and removes the files it no longer produces (the sink is the
    /// output in place).
    fn update(
        &mut self,
        site: &Site,
        changes: &Changes,
        sink: &Sink,
        laps: &Laps,
    ) -> Result<(), Diagnostic>;
    /// Whether it reads the agenda items' texts: a one-off build frees them once no product left does.
    fn reads_item_texts(&self) -> bool {
        false
    }
    /// A one-off build's [`Product::write_all`] (nothing kept) when no product after this one reads the items'
    /// texts: it may free each meeting's item texts once it has read them (the caller frees the rest after it).
    fn write_all_freeing_texts(
        &mut self,
        site: &mut Site,
        sink: &Sink,
        laps: &Laps,
    ) -> Result<(), Diagnostic> {
        self.write_all(site, sink, false, laps)
    }
}

/// Every product, in the order a run writes them (after the pages, so that an edited page is on disk first).
pub(super) fn registry() -> Vec<Box<dyn Product>> {
    let mut all: Vec<Box<dyn Product>> = vec![
        Box::new(Search(None)),
        Box::new(Whole::new(&STATICS, Input::Static)),
    ];
    all.extend(OUTPUTS.iter().map(|o| match o.update {
        Update::PerMeeting(make) => Box::new(PerMeeting(o, make, None)) as Box<dyn Product>,
        _ => Box::new(Whole::new(o, Input::Content)),
    }));
    all
}

/// Files in parallel: the search index's, and a kept output's few (some large) after an edit.
fn write_parallel(sink: &Sink, files: Vec<File>) -> Result<(), Diagnostic> {
    use rayon::prelude::*;
    files
        .par_iter()
        .try_for_each(|(path, bytes)| sink.write(path, bytes))
}

/// A whole-site output's files, one after the other: the outputs put thousands of small files into the same
/// few folders (a calendar per meeting), and creating them there from several threads at once contends in the
/// kernel (at 10,000 meetings on disk, seconds of system time more than writing them serially).
fn write_serially(sink: &Sink, files: Vec<File>) -> Result<(), Diagnostic> {
    files
        .iter()
        .try_for_each(|(path, bytes)| sink.write(path, bytes))
}

/// What a product recomputed whole depends on.
#[derive(PartialEq, Eq, Clone, Copy)]
enum Input {
    /// The content (and configuration): recomputed after any content edit.
    Content,
    /// The theme's and the site's static files: recomputed after an edit in `templates/`, `themes/`, `static/`.
    Static,
}

/// A product that is a pure function of the site, recomputed whole when its input changed (only files whose
/// bytes changed are written; owned files no longer produced are removed): each whole-site output of
/// `src/outputs/` but the calendars, and the static files. An output that says what it [`Shows`] of a meeting
/// ([`Update::Unless`]) is left as it is after an edit that changed nothing it shows.
struct Whole {
    output: &'static Output,
    input: Input,
    /// What the output showed of each meeting when it was last recomputed, by meeting id (serve keeps it).
    shown: Option<HashMap<String, u64>>,
    /// The files it wrote when it was last recomputed (serve keeps them; `None` when they were linked from the
    /// previous output): those it no longer writes are removed without a look through every file of the output.
    written: Option<HashSet<String>>,
}

impl Whole {
    fn new(output: &'static Output, input: Input) -> Whole {
        Whole {
            output,
            input,
            shown: None,
            written: None,
        }
    }

    fn shows(&self) -> Option<&'static Shows> {
        match &self.output.update {
            Update::Unless(shows) if self.input == Input::Content => Some(shows),
            _ => None,
        }
    }

    /// Whether nothing the output shows changed with `changes` (as far as it kept what it showed).
    fn unchanged(&self, site: &Site, changes: &Changes) -> bool {
        let (Some(shows), Some(shown)) = (self.shows(), &self.shown) else {
            return false;
        };
        changes.items.iter().all(|(kind, id)| match kind {
            ItemKind::Meeting => {
                let now = site
                    .meeting(id)
                    .map_or(ABSENT, |m| (shows.meeting)(site, m));
                shown.get(id).copied().unwrap_or(ABSENT) == now
            }
            _ => (shows.ignores)(site, *kind),
        })
    }

    /// Keeps what the output shows of every meeting, or (`only`) of those meetings.
    fn keep_shown(&mut self, site: &Site, only: Option<Vec<&str>>) {
        use rayon::prelude::*;
        let Some(shows) = self.shows() else {
            return;
        };
        match (only, self.shown.as_mut()) {
            (Some(ids), Some(shown)) => {
                for id in ids {
                    match site.meeting(id) {
                        Some(m) => shown.insert(id.to_string(), (shows.meeting)(site, m)),
                        None => shown.remove(id),
                    };
                }
            }
            _ => {
                let all = (site.meetings.par_iter())
                    .map(|m| (m.id.clone(), (shows.meeting)(site, m)))
                    .collect();
                self.shown = Some(all);
            }
        }
    }
}

/// The theme's static files, overridden by the site's `static/`, under `static/`.
static STATICS: Output = Output {
    name: "static files",
    owns: &["static/"],
    owns_also: |_| false,
    files: static_files,
    in_parts: None,
    update: Update::Whole,
};

fn static_files(site: &Site) -> Vec<File> {
    crate::render::static_files(&site.root, &site.config)
        .into_iter()
        .map(|(name, bytes)| (format!("static/{name}"), bytes))
        .collect()
}

impl Product for Whole {
    fn name(&self) -> &'static str {
        self.output.name
    }

    /// A whole-site output whose input (the configuration and `content/`) is what the previous build's cache
    /// recorded links its files from the published output; otherwise it is made and written.
    fn write_all(
        &mut self,
        site: &Site,
        sink: &Sink,
        keep: bool,
        _: &Laps,
    ) -> Result<(), Diagnostic> {
        self.shown = None;
        self.written = None;
        if keep {
            self.keep_shown(site, None);
        }
        let owned = |p: &str| self.output.owns_path(p);
        let cached = self.input == Input::Content;
        if cached && sink.reuse_product(self.output.name, &owned)? {
            return Ok(());
        }
        let files = (self.output.files)(site);
        let paths = keep.then(|| files.iter().map(|(p, _)| p.clone()).collect());
        write_serially(sink, files)?;
        self.written = paths;
        if cached {
            sink.product_written(self.output.name, &owned);
        }
        Ok(())
    }

    fn update(
        &mut self,
        site: &Site,
        changes: &Changes,
        sink: &Sink,
        _: &Laps,
    ) -> Result<(), Diagnostic> {
        let changed = match self.input {
            Input::Content => !changes.items.is_empty(),
            Input::Static => changes.statics,
        };
        if !changed || self.unchanged(site, changes) {
            return Ok(());
        }
        let files = (self.output.files)(site);
        let paths: HashSet<String> = files.iter().map(|(p, _)| p.clone()).collect();
        write_serially(sink, files)?;
        match &self.written {
            // Of the files it wrote last time, those it does not write now (#15: a look through the whole output,
            // 560,000 files at 100,000 meetings, was 40 ms for each output after every new meeting).
            Some(before) => before
                .iter()
                .filter(|p| !paths.contains(*p))
                .for_each(|p| sink.remove(p)),
            None => sink.remove_untouched(&|p| self.output.owns_path(p)),
        }
        self.written = Some(paths);
        // What it shows of a meeting may depend on other items (the documents an agenda item attaches): after
        // an edit of one of those, what it shows of every meeting is taken again.
        let meetings_only = changes.items.iter().all(|(k, _)| *k == ItemKind::Meeting);
        let ids = meetings_only.then(|| changes.items.iter().map(|(_, id)| id.as_str()).collect());
        self.keep_shown(site, ids);
        Ok(())
    }
}

/// An output kept per meeting ([`Update::PerMeeting`], the calendars and OParl): serve keeps every meeting's part
/// ([`Kept`]); an edit writes the changed meetings' own files and re-joins the files that list them only when
/// their parts changed.
struct PerMeeting(
    &'static Output,
    fn(&Site) -> Box<dyn Kept>,
    Option<Box<dyn Kept>>,
);

impl Product for PerMeeting {
    fn name(&self) -> &'static str {
        self.0.name
    }

    fn write_all(
        &mut self,
        site: &Site,
        sink: &Sink,
        keep: bool,
        _: &Laps,
    ) -> Result<(), Diagnostic> {
        let owned = |p: &str| self.0.owns_path(p);
        self.2 = keep.then(|| (self.1)(site));
        if sink.reuse_product(self.0.name, &owned)? {
            return Ok(());
        }
        match (&self.2, self.0.in_parts) {
            (Some(kept), _) => write_serially(sink, kept.files(site))?,
            (None, Some(in_parts)) => in_parts(site, &mut |files| write_serially(sink, files))?,
            (None, None) => write_serially(sink, (self.0.files)(site))?,
        }
        sink.product_written(self.0.name, &owned);
        Ok(())
    }

    fn update(
        &mut self,
        site: &Site,
        changes: &Changes,
        sink: &Sink,
        laps: &Laps,
    ) -> Result<(), Diagnostic> {
        match self
            .2
            .as_mut()
            .and_then(|kept| kept.update(site, changes.items))
        {
            Some(update) => {
                // A few files, some of them large (a calendar of every meeting): written side by side.
                write_parallel(sink, update.files)?;
                for path in update.removed {
                    sink.remove(&path);
                }
            }
            // Not kept, or it must be made afresh: recomputed whole (and kept from now on).
            None if !changes.items.is_empty() => {
                self.write_all(site, sink, true, laps)?;
                sink.remove_untouched(&|p| self.0.owns_path(p));
            }
            None => {}
        }
        Ok(())
    }
}

/// The search index under `soeg/index/`; kept in memory between runs of `serve`, where an edit re-indexes the
/// changed items' units and writes only the files that changed.
struct Search(Option<SearchIndex>);

const SEARCH_FILES: &str = "soeg/index/";

/// Where the index's files go.
type WriteIndexFile<'a> = dyn Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync + 'a;

impl Search {
    /// A one-off build's index (nothing is kept): linked from the previous output if its input is unchanged,
    /// else made by `make`, each block of units written and dropped as soon as it is analysed (#15).
    fn write_once(
        &mut self,
        sink: &Sink,
        laps: &Laps,
        make: impl FnOnce(&WriteIndexFile) -> Result<(usize, usize), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let owned = |p: &str| p.starts_with(SEARCH_FILES);
        self.0 = None;
        if sink.reuse_product(self.name(), &owned)? {
            laps.lap("search index: linked (its input is unchanged)");
            return Ok(());
        }
        make(&|path, bytes| sink.write(path, bytes))?;
        sink.product_written(self.name(), &owned);
        Ok(())
    }
}

impl Product for Search {
    fn name(&self) -> &'static str {
        "search index"
    }

    fn reads_item_texts(&self) -> bool {
        true
    }

    fn write_all(
        &mut self,
        site: &Site,
        sink: &Sink,
        keep: bool,
        laps: &Laps,
    ) -> Result<(), Diagnostic> {
        // Serve keeps the index in memory for its updates, so it makes it anyway.
        if !keep {
            return self.write_once(sink, laps, |to| SearchIndex::write_once(site, to));
        }
        let owned = |p: &str| p.starts_with(SEARCH_FILES);
        let mut index = SearchIndex::build(site);
        laps.lap("search index: units analysed");
        index.keep_encoded();
        laps.lap("search index: terms encoded");
        index.write_all(&|path, bytes| sink.write(path, bytes))?;
        sink.product_written(self.name(), &owned);
        self.0 = Some(index);
        Ok(())
    }

    /// [`Product::write_all`] of a one-off build that frees each meeting's item texts once its units are
    /// analysed: at 100,000 meetings the texts (~650 MiB) were held until the index's end, beside its postings.
    fn write_all_freeing_texts(
        &mut self,
        site: &mut Site,
        sink: &Sink,
        laps: &Laps,
    ) -> Result<(), Diagnostic> {
        self.write_once(sink, laps, |to| {
            SearchIndex::write_once_freeing_texts(site, to)
        })
    }

    /// A slice writes its units, analysed, for the merge to make the index of ([`SliceIndex`]).
    fn write_slice(
        &mut self,
        site: &Site,
        sink: &Sink,
        partition: &Partition,
        _: usize,
        laps: &Laps,
    ) -> Result<(), Diagnostic> {
        let share = SliceIndex::of(site, &|source| partition.owns_source(source));
        laps.lap("search index: the slice's units analysed");
        sink.write(SEARCH_SHARE, share.to_json().as_bytes())
    }

    fn update(
        &mut self,
        site: &Site,
        changes: &Changes,
        sink: &Sink,
        laps: &Laps,
    ) -> Result<(), Diagnostic> {
        let Some(index) = self.0.as_mut() else {
            // Not kept (the workspace forgot it): build it afresh.
            self.write_all(site, sink, true, laps)?;
            sink.remove_untouched(&|p| p.starts_with(SEARCH_FILES));
            return Ok(());
        };
        let sources: HashSet<String> = changes
            .items
            .iter()
            .map(|(kind, id)| url_path(*kind, id))
            .collect();
        let update = index.update(site, &sources);
        laps.lap("search index: updated in memory");
        match update {
            IndexUpdate::Changed(change) => {
                let files = change.files.into_iter().map(|(p, t)| (p, t.into_bytes()));
                write_parallel(sink, files.collect())?;
                for path in change.removed {
                    sink.remove(&path);
                }
                Ok(())
            }
            IndexUpdate::Relayout => {
                index.write_all(&|path, bytes| sink.write(path, bytes))?;
                sink.remove_untouched(&|p| p.starts_with(SEARCH_FILES));
                Ok(())
            }
            IndexUpdate::Rebuild => {
                self.write_all(site, sink, true, laps)?;
                sink.remove_untouched(&|p| p.starts_with(SEARCH_FILES));
                Ok(())
            }
        }
    }
}
