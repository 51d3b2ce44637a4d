//! The commands as runs of the orchestrator: `protokol build` is a [`Workspace`] run once over an empty state
//! into a staging directory; `protokol check` is its load and check stages alone.

use super::partition::Partition;
use super::timing::Laps;
use super::{Purpose, Stop, Workspace};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::load::Site;
use crate::markdown::Html;
use std::path::Path;
use std::time::Instant;

/// What a build produced, for the summary line.
#[derive(Debug, Default, Clone)]
pub struct BuildStats {
    pub pages: usize,
    pub meetings: usize,
    pub documents: usize,
    pub tables: usize,
    pub seconds: f64,
}

/// Outcome of loading and checking: the site and every diagnostic.
pub struct Checked {
    pub site: Site,
    pub diags: Diagnostics,
}

/// Load → parse → model → check (what `protokol check` runs). No HTML is made: the site's pages, documents and
/// agenda items have empty `html` (nothing is rendered from it).
pub fn load_and_check(root: &Path) -> Result<Checked, Diagnostic> {
    let laps = Laps::start();
    let (site, load_diags) = super::load(root, Html::Discard, &laps)?;
    let diags = super::with_load_diags(crate::check::check(&site), load_diags, false);
    laps.lap("check");
    Ok(Checked { site, diags })
}

/// The whole pipeline. Writes nothing unless every stage succeeded without errors; the published output is
/// replaced only by a complete new one.
/// `Err` carries a configuration/usage problem (exit 2); content errors come back in the diagnostics (exit 1).
/// `progress` is told when loading and when rendering starts, as a message the caller shows in its language.
pub fn build(
    root: &Path,
    output: &Path,
    deny_warnings: bool,
    progress: &dyn Fn(Msg),
) -> Result<(BuildStats, Diagnostics), Diagnostic> {
    build_partitioned(root, output, deny_warnings, None, progress)
}

/// [`build`], or with a `partition` one slice of the site (`protokol build --partition K/N`, see
/// `partition.rs`): the whole site is loaded and checked, the slice's pages and outputs are written, with its
/// share of the search index and its manifest, for `protokol merge`.
pub fn build_partitioned(
    root: &Path,
    output: &Path,
    deny_warnings: bool,
    partition: Option<Partition>,
    progress: &dyn Fn(Msg),
) -> Result<(BuildStats, Diagnostics), Diagnostic> {
    let started = Instant::now();
    crate::write::validate_output(root, output)?;
    let mut ws = Workspace::with_purpose(root, output, Purpose::Once);
    ws.deny_warnings = deny_warnings;
    // Hashed once, before loading: what the merge compares across slices.
    ws.slice = partition.map(|p| (p, super::partition::content_hash(root)));
    let result = ws.run(&[], progress, &|_| {});
    let mut diags = std::mem::take(&mut ws.diags);
    let mut stats = BuildStats::default();
    if let Some(site) = &ws.site {
        stats.meetings = site.meetings.len();
        stats.documents = site.documents.len();
        stats.tables = site.tables.len();
    }
    match result {
        Ok(report) => stats.pages = report.rendered,
        Err(Stop::Setup(d)) => return Err(d),
        Err(Stop::Output(errors)) => diags.extend(errors),
    }
    stats.seconds = started.elapsed().as_secs_f64();
    Ok((stats, diags))
}
