//! Write: puts the rendered files into a fresh temporary directory beside the output and swaps it in only when
//! complete, so a failed or interrupted build never leaves a half-written or emptied output directory.

use crate::diagnostics::Diagnostic;
use crate::render::OutFile;
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

fn check_rel(rel: &str) -> Result<(), Diagnostic> {
    let p = Path::new(rel);
    if p.is_absolute() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(Diagnostic::error(
            "unsafe-output",
            format!("output path `{rel}` escapes the output directory"),
        ));
    }
    Ok(())
}

/// Writes `files` to `output` atomically (as far as the file system allows: one rename swaps the new site in).
pub fn write_site(output: &Path, files: &[OutFile]) -> Result<(), Diagnostic> {
    let output = absolute(output);
    let parent = output
        .parent()
        .ok_or_else(|| Diagnostic::error("unsafe-output", "output has no parent directory"))?;
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    std::fs::create_dir_all(parent).map_err(|e| io_err("create the output's parent", parent, e))?;
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.protokol-new-{pid}"));
    let old = parent.join(format!(".{name}.protokol-old-{pid}"));
    let _ = std::fs::remove_dir_all(&tmp);
    let result = (|| {
        for f in files {
            check_rel(&f.path)?;
            let path = tmp.join(&f.path);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| io_err("create", dir, e))?;
            }
            std::fs::write(&path, &f.bytes).map_err(|e| io_err("write", &path, e))?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if output.exists() {
        std::fs::rename(&output, &old).map_err(|e| {
            let _ = std::fs::remove_dir_all(&tmp);
            io_err("move the previous output aside", &output, e)
        })?;
    }
    if let Err(e) = std::fs::rename(&tmp, &output) {
        // Put the previous site back: nothing is lost.
        let _ = std::fs::rename(&old, &output);
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(io_err("swap in the new output", &output, e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

fn io_err(what: &str, path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error("io", format!("cannot {what} {}: {e}", path.display()))
}
