//! Which source a changed path is: the configuration, the theme (templates and static files) or content.
//! The watcher reports absolute paths or paths relative to the working directory; everything here compares
//! real, absolute locations.

use crate::config::CONFIG_FILE;
use crate::write::absolute;
use std::path::{Path, PathBuf};

/// What kind of source a changed path is.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub(super) enum Source {
    Config,
    Theme,
    Content,
}

/// The site root and the output of a workspace, as absolute paths.
pub(super) struct Sources {
    pub root: PathBuf,
    pub output: PathBuf,
}

/// The changes of one run, sorted by kind.
#[derive(Default)]
pub(super) struct Changed {
    /// Content files, relative to the root, sorted, each once.
    pub content: Vec<String>,
    pub theme: bool,
    pub config: bool,
}

impl Sources {
    pub fn new(root: &Path, output: &Path) -> Sources {
        Sources {
            root: root.to_path_buf(),
            output: absolute(output),
        }
    }

    /// Whether `dir` is the site root.
    pub fn is_root(&self, dir: &Path) -> bool {
        absolute(dir) == absolute(&self.root)
    }

    /// Sorts changed paths by kind; paths that are no source (the output, hidden files, other folders) are dropped.
    pub fn sort(&self, changed: &[PathBuf]) -> Changed {
        let mut out = Changed::default();
        for p in changed {
            match self.classify(p) {
                Some((Source::Config, _)) => out.config = true,
                Some((Source::Theme, _)) => out.theme = true,
                Some((Source::Content, rel)) if !out.content.contains(&rel) => {
                    out.content.push(rel)
                }
                _ => {}
            }
        }
        out.content.sort();
        out
    }

    /// The path below the root, with forward slashes.
    fn relative(&self, path: &Path) -> Option<String> {
        let abs = absolute(path);
        let rel = abs.strip_prefix(absolute(&self.root)).ok()?;
        Some(rel.to_string_lossy().replace('\\', "/"))
    }

    /// What kind of source `path` is, and its path below the root; `None` for the output, an editor's hidden
    /// temporary file, or anything outside `protokol.toml`, `content/`, `templates/`, `themes/` and `static/`.
    pub fn classify(&self, path: &Path) -> Option<(Source, String)> {
        if absolute(path).starts_with(&self.output) {
            return None;
        }
        let rel = self.relative(path)?;
        let hidden = rel.split('/').any(|part| part.starts_with('.'));
        if hidden {
            return None;
        }
        if rel == CONFIG_FILE {
            return Some((Source::Config, rel));
        }
        let top = rel.split('/').next().unwrap_or("");
        match top {
            "content" => Some((Source::Content, rel)),
            "templates" | "themes" | "static" => Some((Source::Theme, rel)),
            _ => None,
        }
    }
}
