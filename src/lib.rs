//! protokol: a static site generator for public bodies' meeting agendas and minutes, statutes and bylaws, and
//! budget and allocation tables.
//!
//! The pipeline, one module per stage (see ARCHITECTURE.md):
//! load/parse/model ([`load`], [`yaml`], [`model`], [`markdown`]) → check ([`check`]) → render ([`render`]) →
//! write ([`write`]); [`serve`] and [`init`] sit beside it.

pub mod check;
pub mod config;
pub mod diagnostics;
pub mod http;
pub mod i18n;
pub mod incremental;
pub mod init;
pub mod kinds;
pub mod load;
pub mod markdown;
pub mod model;
pub mod number;
pub mod outputs;
pub mod render;
pub mod search;
pub mod serve;
pub mod statute;
pub mod urls;
pub mod write;
pub mod yaml;

use diagnostics::{Diagnostic, Diagnostics};

/// Locks a mutex, also after another thread panicked while holding it (the data is still what we need).
pub(crate) fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
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

/// Outcome of loading and checking: the site (if the configuration could be read) and every diagnostic.
pub struct Checked {
    pub site: Option<load::Site>,
    pub diags: Diagnostics,
}

/// Load → parse → model → check (what `protokol check` runs).
pub fn load_and_check(root: &Path) -> Result<Checked, Diagnostic> {
    let started = Instant::now();
    let config = config::Config::load(root)?;
    let (site, mut diags) = load::load(root, config);
    if std::env::var_os("PROTOKOL_TIMING").is_some() {
        eprintln!("[timing] load: {:.3} s", started.elapsed().as_secs_f64());
    }
    diags.extend(check::check(&site));
    if std::env::var_os("PROTOKOL_TIMING").is_some() {
        eprintln!("[timing] check: {:.3} s", started.elapsed().as_secs_f64());
    }
    diags.sort();
    Ok(Checked {
        site: Some(site),
        diags,
    })
}

/// The whole pipeline. Writes nothing unless every stage succeeded without errors.
/// `Err` carries a configuration/usage problem (exit 2); content errors come back in the diagnostics (exit 1).
pub fn build(
    root: &Path,
    output: &Path,
    deny_warnings: bool,
    progress: &dyn Fn(&str),
) -> Result<(BuildStats, Diagnostics), Diagnostic> {
    let started = Instant::now();
    write::validate_output(root, output)?;
    progress("indlæser og kontrollerer");
    let timing = std::env::var_os("PROTOKOL_TIMING").is_some();
    let lap = |what: &str| {
        if timing {
            eprintln!("[timing] {what}: {:.3} s", started.elapsed().as_secs_f64());
        }
    };
    let checked = load_and_check(root)?;
    lap("load+check");
    let mut diags = checked.diags;
    if deny_warnings {
        diags.deny_warnings();
    }
    let site = checked.site.expect("load_and_check returns a site");
    let mut stats = BuildStats {
        meetings: site.meetings.len(),
        documents: site.documents.len(),
        tables: site.tables.len(),
        ..Default::default()
    };
    if diags.has_errors() {
        return Ok((stats, diags));
    }
    let tera = render::templates(root, &site.config)?;
    progress("gengiver og skriver sider");
    // Pages go into a staging directory that replaces the output only when everything succeeded.
    let staging = write::Staging::new(output)?;
    match render::render_site(&site, &tera, &|path, bytes| staging.write(path, bytes)) {
        Ok(pages) => {
            stats.pages = pages;
            lap("render+write");
            if let Err(d) = search::SearchIndex::build(&site)
                .write_all(&|path, bytes| staging.write(path, bytes))
            {
                diags.push(d);
            }
            lap("search index");
            if diags.has_errors() {
                return Ok((stats, diags));
            }
            if let Err(d) = staging.commit() {
                diags.push(d);
            }
        }
        Err(d) => diags.extend(d),
    }
    lap("commit");
    stats.seconds = started.elapsed().as_secs_f64();
    Ok((stats, diags))
}
