//! Where a run writes: a fresh staging directory swapped in when the run is complete (`protokol build`, the
//! first build of `serve`, and after `serve` forgot what it wrote), or the published output in place (every
//! later rebuild of `serve`: only files whose bytes changed are written, files it wrote and no longer produces
//! are removed). The file-system safety of both (the marker, the atomic swap, temporary files renamed over
//! the old ones) is `crate::write`'s; this adds the bookkeeping of what was written.

use super::cache;
use crate::diagnostics::Diagnostic;
use crate::lock;
use crate::write::{remove_in_place, write_in_place, Staging};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Every file in the output that protokol wrote, with a hash of its bytes.
pub(super) type Record = HashMap<String, u64>;

fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

pub(super) struct Sink<'a> {
    to: To<'a>,
    written: AtomicUsize,
    removed: AtomicUsize,
    /// Pages not rendered: linked from the previous output on the rebuild cache's word.
    reused: AtomicUsize,
}

enum To<'a> {
    /// A new site beside the output. `record` is `None` for a one-off build: nothing is hashed. `cache`: the
    /// rebuild cache this build reads and writes (`cache.rs`), if it keeps one.
    Staging {
        staging: Staging,
        record: Option<Mutex<Record>>,
        cache: Option<Box<cache::Run>>,
    },
    /// The published output. `touched` collects every path written this run, written or unchanged, so that
    /// files no longer produced can be found.
    InPlace {
        output: &'a Path,
        record: Mutex<&'a mut Record>,
        touched: Mutex<HashSet<String>>,
    },
}

/// What a finished run wrote.
pub(super) struct Done {
    pub written: usize,
    /// Of those, the files hard-linked from the previous output (unchanged bytes) rather than written.
    pub linked: usize,
    pub removed: usize,
    /// The record of a staging run that kept one (its files are now the output).
    pub record: Option<Record>,
}

impl<'a> Sink<'a> {
    /// A fresh staging directory beside `output`; `record` keeps a hash of every file (for later runs in place).
    pub fn staging(
        output: &Path,
        record: bool,
        cache: Option<cache::Run>,
    ) -> Result<Sink<'a>, Diagnostic> {
        Ok(Sink::new(To::Staging {
            staging: Staging::new(output)?,
            record: record.then(Default::default),
            cache: cache.map(Box::new),
        }))
    }

    /// The output itself, whose files `record` describes; updated as files are written and removed.
    pub fn in_place(output: &'a Path, record: &'a mut Record) -> Sink<'a> {
        Sink::new(To::InPlace {
            output,
            record: Mutex::new(record),
            touched: Mutex::default(),
        })
    }

    fn new(to: To<'a>) -> Sink<'a> {
        Sink {
            to,
            written: AtomicUsize::new(0),
            removed: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
        }
    }

    /// Writes one file (path below the output). In place, a file whose bytes are unchanged is left alone.
    /// Safe to call from many threads.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        match &self.to {
            To::Staging {
                staging,
                record,
                cache,
            } => {
                if let Some(record) = record {
                    lock(record).insert(path.to_string(), hash(bytes));
                }
                match cache {
                    Some(cache) => cache.stamped(path, staging.write_stamped(path, bytes)?),
                    None => staging.write(path, bytes)?,
                }
            }
            To::InPlace {
                output,
                record,
                touched,
            } => {
                let h = hash(bytes);
                lock(touched).insert(path.to_string());
                if lock(record).get(path) == Some(&h) {
                    return Ok(());
                }
                write_in_place(output, path, bytes)?;
                lock(record).insert(path.to_string(), h);
            }
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// How many files were written or removed so far.
    pub fn changed(&self) -> usize {
        self.written.load(Ordering::Relaxed) + self.removed.load(Ordering::Relaxed)
    }

    /// Whether the run keeps a rebuild cache (a complete build into a staging directory, not a slice).
    pub fn caches(&self) -> bool {
        matches!(&self.to, To::Staging { cache: Some(_), .. })
    }

    /// The staging directory, the rebuild cache and the record of a run that keeps a cache.
    #[allow(clippy::type_complexity)]
    fn cached(&self) -> Option<(&Staging, &cache::Run, Option<&Mutex<Record>>)> {
        match &self.to {
            To::Staging {
                staging,
                cache: Some(cache),
                record,
            } => Some((staging, cache, record.as_ref())),
            _ => None,
        }
    }

    /// Whether the page at `path`, whose inputs `feed` hashes, need not be rendered: the previous build recorded
    /// the same key for it and its published file, still as it was written, is now linked into the staging tree.
    /// Only with a rebuild cache (else always false); the key is recorded for the next build either way.
    pub fn reuse_page(
        &self,
        path: &str,
        feed: &dyn Fn(&mut dyn std::hash::Hasher),
    ) -> Result<bool, Diagnostic> {
        let Some((staging, cache, record)) = self.cached() else {
            return Ok(false);
        };
        let (true, Some(stamp)) = cache.page_key(path, feed) else {
            return Ok(false);
        };
        if !staging.link_unchanged(path, stamp)? {
            return Ok(false);
        }
        cache.stamped(path, Some(*stamp));
        self.linked_from_cache(path, record)?;
        self.reused.fetch_add(1, Ordering::Relaxed);
        Ok(true)
    }

    /// How many pages were not rendered (linked on the rebuild cache's word) so far.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// Whether the files of product `name` (those `owned` selects) need not be made: its input is the one the
    /// previous build recorded, and every file it recorded is now linked into the staging tree. False otherwise
    /// (some files may be linked then: the product writes its files over them).
    pub fn reuse_product(
        &self,
        name: &str,
        owned: &dyn Fn(&str) -> bool,
    ) -> Result<bool, Diagnostic> {
        let Some((staging, cache, record)) = self.cached() else {
            return Ok(false);
        };
        let Some(files) = cache.product_files(name, owned) else {
            return Ok(false);
        };
        for (path, stamp) in files {
            if !staging.link_unchanged(path, stamp)? {
                return Ok(false);
            }
            cache.stamped(path, Some(*stamp));
            self.linked_from_cache(path, record)?;
        }
        cache.product_done(name, owned);
        Ok(true)
    }

    /// Records that product `name` wrote its files (those `owned` selects) from the current input.
    pub fn product_written(&self, name: &str, owned: &dyn Fn(&str) -> bool) {
        if let To::Staging {
            cache: Some(cache), ..
        } = &self.to
        {
            cache.product_done(name, owned);
        }
    }

    /// A file linked from the previous output on the cache's word counts as written; a run that keeps a record
    /// (serve's first build) hashes it as it would have hashed the bytes (read back: they are the same).
    fn linked_from_cache(
        &self,
        path: &str,
        record: Option<&Mutex<Record>>,
    ) -> Result<(), Diagnostic> {
        if let (Some(record), To::Staging { staging, .. }) = (record, &self.to) {
            let bytes = staging.read(path)?;
            lock(record).insert(path.to_string(), hash(&bytes));
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Every path written so far by a staging run that keeps a record (a slice lists them in its manifest).
    pub fn paths(&self) -> Vec<String> {
        match &self.to {
            To::Staging {
                record: Some(record),
                ..
            } => lock(record).keys().cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// Removes a file that protokol wrote and no longer produces (in place; a staging directory starts empty).
    pub fn remove(&self, path: &str) {
        if let To::InPlace { output, record, .. } = &self.to {
            if lock(record).remove(path).is_some() {
                remove_in_place(output, path);
                self.removed.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Removes the files `owned` selects that were written before but not in this run (in place): what a
    /// product that just wrote all its files no longer produces.
    pub fn remove_untouched(&self, owned: &dyn Fn(&str) -> bool) {
        let To::InPlace {
            record, touched, ..
        } = &self.to
        else {
            return;
        };
        let stale: Vec<String> = {
            let touched = lock(touched);
            lock(record)
                .keys()
                .filter(|p| owned(p) && !touched.contains(*p))
                .cloned()
                .collect()
        };
        for path in stale {
            self.remove(&path);
        }
    }

    /// Ends a run that produced every file of the site: a staging directory is swapped in; in place, the files
    /// written before and not in this run are removed.
    pub fn finish_complete(self) -> Result<Done, Diagnostic> {
        self.remove_untouched(&|_| true);
        self.finish()
    }

    /// Ends a run. A staging directory is swapped in (dropping a `Sink` without finishing it deletes the staging
    /// directory and leaves the output as it was).
    pub fn finish(self) -> Result<Done, Diagnostic> {
        let written = self.written.into_inner();
        let removed = self.removed.into_inner();
        let (record, linked) = match self.to {
            To::Staging {
                staging,
                record,
                cache,
            } => {
                let linked = staging.linked();
                if let Some(cache) = cache {
                    let (path, bytes) = (*cache).finish();
                    staging.write(path, &bytes)?;
                }
                staging.commit()?;
                let record = record.map(|r| r.into_inner().unwrap_or_else(|e| e.into_inner()));
                (record, linked)
            }
            To::InPlace { .. } => (None, 0),
        };
        Ok(Done {
            written,
            linked,
            removed,
            record,
        })
    }
}
