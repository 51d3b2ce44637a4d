//! `protokol merge --output SITE SLICE…` (#15): puts the slices of a partitioned build (`partition.rs`) together
//! into the site `protokol build` makes of the same content, byte for byte: every file each slice listed in its
//! manifest, and the search index made from the slices' analysed units.
//!
//! The slices must agree: the same protokol, the same content (the hash of the sources), the same N, and each of
//! slices 1 to N exactly once; otherwise nothing is written. The merged site is written as a build writes its
//! output (`crate::write::Staging`): into a fresh folder beside the output, swapped in only when complete, files
//! unchanged since the published output hard-linked from it. A failed merge leaves the output as it was, and
//! neither the output nor the slices are ever touched unless they are protokol's.

use super::partition::{Manifest, MANIFEST, SEARCH_SHARE, SLICE_DIR};
use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::search::{SearchIndex, SliceIndex};
use crate::write::{check_rel, validate_merge_output, Staging, MARKER};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What a merge wrote, for its summary line.
#[derive(Debug, Clone)]
pub struct Merged {
    pub slices: usize,
    pub files: usize,
    pub seconds: f64,
}

fn refused(message: Msg) -> Diagnostic {
    Diagnostic::error(Code::MergeSlices, message).hint(Msg::HintMergeSlices)
}

fn shown(dir: &Path) -> String {
    dir.display().to_string()
}

fn read_manifest(dir: &Path) -> Result<Manifest, Diagnostic> {
    let not_a_slice = |reason: String| {
        refused(Msg::MergeNotASlice {
            dir: shown(dir),
            reason,
        })
    };
    let text = std::fs::read_to_string(dir.join(MANIFEST))
        .map_err(|e| not_a_slice(format!("{MANIFEST}: {e}")))?;
    serde_json::from_str(&text).map_err(|e| not_a_slice(format!("{MANIFEST}: {e}")))
}

/// The slices in order 1..N, when they agree.
fn agree(mut slices: Vec<(PathBuf, Manifest)>) -> Result<Vec<(PathBuf, Manifest)>, Diagnostic> {
    let Some((first_dir, content, of)) =
        (slices.first()).map(|(d, m)| (d.clone(), m.content.clone(), m.of))
    else {
        return Err(refused(Msg::MergeNoSlices));
    };
    for (dir, m) in &slices {
        if m.protokol != Manifest::version() {
            return Err(refused(Msg::MergeVersion {
                dir: shown(dir),
                found: m.protokol.clone(),
                expected: Manifest::version(),
            }));
        }
        if m.content != content {
            return Err(refused(Msg::MergeContent {
                dir: shown(dir),
                first: shown(&first_dir),
            }));
        }
        if m.of != of {
            return Err(refused(Msg::MergeCount {
                dir: shown(dir),
                found: m.of as usize,
                expected: of as usize,
            }));
        }
    }
    slices.sort_by_key(|(_, m)| m.slice);
    for pair in slices.windows(2) {
        if pair[0].1.slice == pair[1].1.slice {
            return Err(refused(Msg::MergeSliceTwice {
                slice: pair[0].1.slice as usize,
                first: shown(&pair[0].0),
                second: shown(&pair[1].0),
            }));
        }
    }
    let missing: Vec<String> = (1..=of)
        .filter(|k| !slices.iter().any(|(_, m)| m.slice == *k))
        .map(|k| k.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(refused(Msg::MergeSlicesMissing {
            missing: missing.join(", "),
            of: of as usize,
        }));
    }
    Ok(slices)
}

/// Which slice each file comes from: each file once, none of a slice's own or the marker.
fn sources(slices: &[(PathBuf, Manifest)]) -> Result<BTreeMap<&str, &Path>, Diagnostic> {
    let mut from: BTreeMap<&str, &Path> = BTreeMap::new();
    let own = format!("{SLICE_DIR}/");
    for (dir, m) in slices {
        for path in &m.files {
            check_rel(path)?;
            if path.starts_with(&own) || path == MARKER {
                return Err(refused(Msg::MergeNotASlice {
                    dir: shown(dir),
                    reason: path.clone(),
                }));
            }
            if let Some(first) = from.insert(path, dir) {
                return Err(refused(Msg::MergeFileTwice {
                    path: path.clone(),
                    first: shown(first),
                    second: shown(dir),
                }));
            }
        }
    }
    Ok(from)
}

/// Merges the slices in `dirs` (in any order) into `output`. `Err`: slices that do not belong together, an
/// output that may not be written, or a file that could not be read or written; the output is then as it was.
pub fn merge(output: &Path, dirs: &[PathBuf]) -> Result<Merged, Diagnostic> {
    use rayon::prelude::*;
    let started = Instant::now();
    let manifests = dirs
        .iter()
        .map(|d| Ok((d.clone(), read_manifest(d)?)))
        .collect::<Result<Vec<_>, Diagnostic>>()?;
    let slices = agree(manifests)?;
    validate_merge_output(output, dirs)?;
    let from = sources(&slices)?;
    let staging = Staging::new(output)?;
    let read = |dir: &Path, rel: &str| {
        let path = dir.join(rel);
        std::fs::read(&path).map_err(|e| {
            Diagnostic::error(
                Code::Io,
                Msg::CannotRead {
                    path: shown(&path),
                    reason: e.to_string(),
                },
            )
        })
    };
    let files: Vec<(&str, &Path)> = from.into_iter().collect();
    files
        .par_iter()
        .try_for_each(|(rel, dir)| staging.write(rel, &read(dir, rel)?))?;
    let mut shares = Vec::with_capacity(slices.len());
    for (dir, _) in &slices {
        let text = String::from_utf8(read(dir, SEARCH_SHARE)?).unwrap_or_default();
        let share = SliceIndex::from_json(&text).map_err(|reason| {
            refused(Msg::MergeNotASlice {
                dir: shown(dir),
                reason: format!("{SEARCH_SHARE}: {reason}"),
            })
        })?;
        shares.push(share);
    }
    let index = SearchIndex::from_slices(shares).map_err(|reason| {
        refused(Msg::MergeNotASlice {
            dir: dirs.iter().map(|d| shown(d)).collect::<Vec<_>>().join(", "),
            reason,
        })
    })?;
    let (index_files, _) = index.write_all(&|path, bytes| staging.write(path, bytes))?;
    drop(index);
    staging.commit()?;
    Ok(Merged {
        slices: slices.len(),
        files: files.len() + index_files,
        seconds: started.elapsed().as_secs_f64(),
    })
}
