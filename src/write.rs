//! Write: puts the rendered files into a fresh temporary directory beside the output and swaps it in only when
//! complete, so a failed or interrupted build never leaves a half-written or emptied output directory.

use crate::diagnostics::Diagnostic;
use std::path::{Component, Path, PathBuf};

/// Makes `p` absolute and removes `.`/`..` without touching the file system (the output may not exist yet).
pub fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve symlinks of the longest existing prefix so that comparisons see real locations.
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(n) => rest.push(n.to_os_string()),
            None => break,
        }
        if !existing.pop() {
            break;
        }
    }
    let mut real = existing.canonicalize().unwrap_or(existing);
    for n in rest.into_iter().rev() {
        real.push(n);
    }
    real
}

/// Refuses output directories that would destroy sources: the site root, `content/`, `templates/`, `themes/`,
/// anything inside `content/`, or any parent of the root.
pub fn validate_output(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let out = absolute(output);
    let content = root.join("content");
    let bad = out == root
        || root.starts_with(&out)
        || out.starts_with(&content)
        || out == root.join("templates")
        || out == root.join("themes")
        || out == root.join("static");
    if bad {
        return Err(Diagnostic::error("unsafe-output", "refusing to write the site there: it would replace sources")
            .found(out.display().to_string())
            .expected("a directory of its own, such as public/ (not the site root, content/, templates/, themes/, static/ or a parent of them)"));
    }
    Ok(())
}

pub fn check_rel(rel: &str) -> Result<(), Diagnostic> {
    let p = Path::new(rel);
    if p.is_absolute() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(Diagnostic::error(
            "unsafe-output",
            format!("output path `{rel}` escapes the output directory"),
        ));
    }
    Ok(())
}

/// A new site being written beside the output. Dropping it without [`Staging::commit`] removes it, so an error
/// or a panic mid-build leaves the previous output as it was.
pub struct Staging {
    output: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn new(output: &Path) -> Result<Staging, Diagnostic> {
        let output = absolute(output);
        let parent = output
            .parent()
            .ok_or_else(|| Diagnostic::error("unsafe-output", "output has no parent directory"))?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "public".into());
        std::fs::create_dir_all(parent)
            .map_err(|e| io_err("create the output's parent", parent, e))?;
        let pid = std::process::id();
        let tmp = parent.join(format!(".{name}.protokol-new-{pid}"));
        let old = parent.join(format!(".{name}.protokol-old-{pid}"));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).map_err(|e| io_err("create", &tmp, e))?;
        Ok(Staging {
            output,
            tmp,
            old,
            committed: false,
        })
    }

    /// Writes one file below the staging directory. Safe to call from many threads.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        check_rel(rel)?;
        let path = self.tmp.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io_err("create", dir, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| io_err("write", &path, e))
    }

    /// Swaps the new site in: the previous output is moved aside, the new one renamed into place, the old removed.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        if self.output.exists() {
            std::fs::rename(&self.output, &self.old)
                .map_err(|e| io_err("move the previous output aside", &self.output, e))?;
        }
        if let Err(e) = std::fs::rename(&self.tmp, &self.output) {
            // Put the previous site back: nothing is lost.
            let _ = std::fs::rename(&self.old, &self.output);
            return Err(io_err("swap in the new output", &self.output, e));
        }
        self.committed = true;
        remove_dir_parallel(&self.old);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Writes one file below `output` in place, so that a reader never sees half of it: into a temporary file beside
/// it, then renamed over it (`protokol serve` updates the output this way).
pub fn write_in_place(output: &Path, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    check_rel(rel)?;
    let path = output.join(rel);
    let dir = path.parent().unwrap_or(output);
    std::fs::create_dir_all(dir).map_err(|e| io_err("create", dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.protokol-tmp"));
    std::fs::write(&tmp, bytes).map_err(|e| io_err("write", &tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| io_err("write", &path, e))
}

/// Removes one file below `output`, and the folders it leaves empty.
pub fn remove_in_place(output: &Path, rel: &str) {
    if check_rel(rel).is_err() {
        return;
    }
    let path = output.join(rel);
    let _ = std::fs::remove_file(&path);
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == output || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Removes a directory tree, spreading the second level over threads: a portal has one folder per page, and
/// deleting ten thousand of them one by one is a noticeable part of a build.
fn remove_dir_parallel(dir: &Path) {
    use rayon::prelude::*;
    let Ok(top) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries = Vec::new();
    for e in top.flatten() {
        match std::fs::read_dir(e.path()) {
            Ok(sub) if e.file_type().is_ok_and(|t| t.is_dir()) => {
                entries.extend(sub.flatten().map(|x| x.path()))
            }
            _ => entries.push(e.path()),
        }
    }
    entries.par_iter().for_each(|p| {
        let _ = if p.is_dir() {
            std::fs::remove_dir_all(p)
        } else {
            std::fs::remove_file(p)
        };
    });
    let _ = std::fs::remove_dir_all(dir);
}

fn io_err(what: &str, path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error("io", format!("cannot {what} {}: {e}", path.display()))
}
