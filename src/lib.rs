//! protokol: a static site generator for public bodies' meeting agendas and minutes, statutes and bylaws, and
//! budget and allocation tables.
//!
//! The pipeline, one module per stage (see ARCHITECTURE.md):
//! load/parse/model ([`load`], [`yaml`], [`model`], [`markdown`]) → check ([`check`]) → render ([`render`],
//! [`outputs`], [`search`]) → write ([`write`]); [`mod@build`] runs them, for `protokol build`, `check` and
//! `serve` alike; [`serve`] and [`init`] sit beside it.

pub mod build;
pub mod check;
pub mod config;
pub mod diagnostics;
pub mod http;
pub mod i18n;
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

pub use build::{build, load_and_check, BuildStats, Checked};

/// Locks a mutex, also after another thread panicked while holding it (the data is still what we need).
pub(crate) fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
