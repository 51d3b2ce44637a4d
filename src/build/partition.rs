//! Partitioned builds (#15): `protokol build --partition K/N` builds slice K of N of the site, so that a CI
//! matrix (one job per slice) shares the work, and `protokol merge` ([`super::merge`]) puts the slices together
//! into the site a single build makes, byte for byte.
//!
//! Every slice loads and checks the whole site (references across meetings, tables, backlinks and the
//! neighbours a page shows need all of it, and loading is a quarter of a build), then renders and writes only
//! what it owns:
//! - a page, by a stable hash (64-bit FNV-1a) of its address (`moeder/<id>/`, `organer/<id>/2024/`, `` for the
//!   home page, `404.html`), modulo N: slice `hash % N + 1`. Lists, body pages and the front page are pages like
//!   any other;
//! - the search index's units of a meeting, document, table or page, by the same hash of that source's address
//!   (so a meeting's page and its units are in the same slice); the slice analyses them and writes them with
//!   their terms to `.protokol-slice/search.json`, and the merge writes the index files;
//! - each whole-site output (static files, sitemap, feeds, calendars, open data, OParl) whole, round-robin by its
//!   place in the registry (`products::registry`): the product at position `i` is slice `i % N + 1`'s.
//!
//! A slice's output also holds `.protokol-slice/manifest.json` ([`Manifest`]): the protokol version, a hash of
//! the sources, K and N, and every file the slice wrote, so that the merge takes exactly those and refuses slices
//! of another version, content or N.

use super::sink::Sink;
use crate::config::CONFIG_FILE;
use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::render::PageId;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The folder of a slice's own files (never part of the merged site).
pub(super) const SLICE_DIR: &str = ".protokol-slice";
pub(super) const MANIFEST: &str = ".protokol-slice/manifest.json";
pub(super) const SEARCH_SHARE: &str = ".protokol-slice/search.json";
/// The manifest's format, raised when what a slice writes changes.
const FORMAT: u32 = 1;

/// Slice `slice` (1-based) of `of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    pub slice: u32,
    pub of: u32,
}

fn fnv1a(bytes: &[u8], mut h: u64) -> u64 {
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

impl Partition {
    /// `K/N` as `--partition` writes it: whole numbers with 1 ≤ K ≤ N.
    pub fn parse(text: &str) -> Result<Partition, Diagnostic> {
        let parsed = text.trim().split_once('/').and_then(|(k, n)| {
            let (slice, of) = (k.trim().parse::<u32>().ok()?, n.trim().parse::<u32>().ok()?);
            (1..=of).contains(&slice).then_some(Partition { slice, of })
        });
        parsed.ok_or_else(|| {
            Diagnostic::error(
                Code::Partition,
                Msg::PartitionInvalid {
                    found: text.to_string(),
                },
            )
            .found(text.to_string())
            .expected(Msg::ExpectPartition)
            .hint(Msg::HintPartition)
        })
    }

    fn owns_key(&self, key: &str) -> bool {
        (fnv1a(key.as_bytes(), FNV_START) % self.of as u64) as u32 + 1 == self.slice
    }

    /// Whether this slice renders `page` (by its address: its path without `index.html`).
    pub fn owns_page(&self, page: &PageId) -> bool {
        let path = page.path();
        self.owns_key(path.strip_suffix("index.html").unwrap_or(&path))
    }

    /// Whether this slice indexes the units of the source at this URL path (`moeder/<id>/`).
    pub fn owns_source(&self, source: &str) -> bool {
        self.owns_key(source)
    }

    /// Whether this slice writes the product at `position` in the registry.
    pub fn owns_product(&self, position: usize) -> bool {
        (position % self.of as usize) as u32 + 1 == self.slice
    }
}

/// What a slice records of itself.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(super) struct Manifest {
    pub format: u32,
    pub protokol: String,
    /// [`content_hash`] of the sources the slice was built from.
    pub content: String,
    pub slice: u32,
    pub of: u32,
    /// Every file of the site the slice wrote, sorted (not its own files under [`SLICE_DIR`]).
    pub files: Vec<String>,
}

impl Manifest {
    /// The version of this protokol and of what its slices write.
    pub fn version() -> String {
        format!("{} (slices {FORMAT})", env!("CARGO_PKG_VERSION"))
    }
}

/// A hash of every source of the site at `root`: `protokol.toml` and every file below `content/`, `templates/`,
/// `themes/` and `static/` (hidden files left out, as the build leaves them), by path and bytes. Slices with the
/// same hash were built from the same content.
pub(super) fn content_hash(root: &Path) -> String {
    let h = sources_hash::<Fnv>(root, &["content", "templates", "themes", "static"]);
    format!("{h:016x}")
}

/// 64-bit FNV-1a as a [`std::hash::Hasher`] (what [`content_hash`] has always used).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(FNV_START)
    }
}

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv1a(bytes, self.0);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash of `protokol.toml` and every file below the given folders of `root` (hidden files left out), by path
/// and bytes, read in parallel, with the hasher `H`.
pub(super) fn sources_hash<H: std::hash::Hasher + Default>(root: &Path, folders: &[&str]) -> u64 {
    use rayon::prelude::*;
    let mut files = vec![CONFIG_FILE.to_string()];
    for folder in folders {
        let walk = walkdir::WalkDir::new(root.join(folder))
            .follow_links(false)
            .sort_by_file_name();
        for e in walk.into_iter().flatten() {
            let Ok(rel) = e.path().strip_prefix(root) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            let hidden = rel.split('/').any(|part| part.starts_with('.'));
            if e.file_type().is_file() && !hidden {
                files.push(rel);
            }
        }
    }
    let hashes: Vec<u64> = files
        .par_iter()
        .map(|rel| match std::fs::read(root.join(rel)) {
            Ok(bytes) => {
                let mut h = H::default();
                h.write(&(bytes.len() as u64).to_le_bytes());
                h.write(&bytes);
                h.finish()
            }
            Err(_) => 0,
        })
        .collect();
    let mut h = H::default();
    for (rel, file) in files.iter().zip(hashes) {
        h.write(rel.as_bytes());
        h.write(&[0]);
        h.write(&file.to_le_bytes());
    }
    h.finish()
}

/// Writes the slice's manifest: the last file of a slice, listing every other file the sink wrote.
pub(super) fn write_manifest(
    sink: &Sink,
    partition: &Partition,
    content: &str,
) -> Result<(), Diagnostic> {
    let below = format!("{SLICE_DIR}/");
    let mut files: Vec<String> = sink
        .paths()
        .into_iter()
        .filter(|p| !p.starts_with(&below))
        .collect();
    files.sort();
    let manifest = Manifest {
        format: FORMAT,
        protokol: Manifest::version(),
        content: content.to_string(),
        slice: partition.slice,
        of: partition.of,
        files,
    };
    let text = serde_json::to_string(&manifest).unwrap_or_default();
    sink.write(MANIFEST, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_parse_only_k_of_n_with_k_between_1_and_n() {
        assert_eq!(
            Partition::parse("2/4").unwrap(),
            Partition { slice: 2, of: 4 }
        );
        assert_eq!(
            Partition::parse(" 1 / 1 ").unwrap(),
            Partition { slice: 1, of: 1 }
        );
        for bad in [
            "5/4", "0/3", "x", "", "1/0", "0/0", "-1/3", "1/3/4", "2", "a/b", "1.5/3",
        ] {
            let d = Partition::parse(bad).unwrap_err();
            assert_eq!(d.code, Code::Partition, "{bad}");
        }
    }

    #[test]
    fn every_page_and_source_is_in_exactly_one_slice() {
        let keys = ["", "moeder/2024-01-01-kb/", "404.html", "organer/kb/2024/"];
        for of in 1..6 {
            for key in keys {
                let owners = (1..=of)
                    .filter(|&slice| Partition { slice, of }.owns_source(key))
                    .count();
                assert_eq!(owners, 1, "{key} in {of}");
            }
            let products = (0..7)
                .filter(|&i| {
                    (1..=of)
                        .filter(|&slice| Partition { slice, of }.owns_product(i))
                        .count()
                        == 1
                })
                .count();
            assert_eq!(products, 7);
        }
    }
}
