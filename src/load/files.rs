//! Finding and reading content files: the walk of `content/` (refusing what resolves outside the site root) and
//! [`RawFile`], a file's name split into folder, id and extension, with its text read on demand.

use super::folders::kind_of_folder;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, LineIndex};
use crate::i18n::Msg;
use crate::model::ItemKind;
use std::path::{Path, PathBuf};

pub const CONTENT_DIR: &str = "content";
/// Largest content file read; anything bigger is almost certainly not hand-written content.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

pub(crate) struct RawFile {
    /// The path below the site root, e.g. `content/moeder/2020-01-24-kd-net.md`.
    pub rel: String,
    /// The folder below `content/` the file is straight in; empty for a file anywhere else.
    pub folder: String,
    /// The id the file's name gives it.
    pub stem: String,
    pub ext: String,
    pub text: String,
    /// Where to read `text` from when it has not been read yet (files are read by the worker that parses them,
    /// so a large portal is never held in memory as text all at once).
    path: Option<PathBuf>,
}

impl RawFile {
    /// `rel` is the path below the site root, e.g. `content/moeder/2020-01-24-kd-net.md`.
    pub fn new(rel: String, text: String, path: Option<PathBuf>) -> RawFile {
        let parts: Vec<&str> = rel.split('/').collect();
        let folder = if parts.len() == 3 {
            parts[1].to_string()
        } else {
            String::new()
        };
        let file_name = parts.last().copied().unwrap_or("");
        let (stem, ext) = file_name.rsplit_once('.').unwrap_or((file_name, ""));
        let (stem, ext) = (stem.to_string(), ext.to_string());
        RawFile {
            rel,
            folder,
            stem,
            ext,
            text,
            path,
        }
    }

    /// The file `rel` below `root`, not yet read.
    pub fn on_disk(root: &Path, rel: &str) -> RawFile {
        RawFile::new(rel.to_string(), String::new(), Some(root.join(rel)))
    }

    /// What the file's folder holds; `None` for a file outside `content/<folder>/`.
    pub fn kind(&self) -> Option<ItemKind> {
        kind_of_folder(&self.folder)
    }

    /// Reads the text if it has not been read, refusing huge, binary and non-UTF-8 files.
    pub fn read(mut self) -> Result<RawFile, Diagnostic> {
        let Some(path) = self.path.take() else {
            return Ok(self);
        };
        let rel = &self.rel;
        let unreadable = |e: std::io::Error| {
            Diagnostic::error(
                Code::Io,
                Msg::FileUnreadable {
                    reason: e.to_string(),
                },
            )
            .in_file(rel)
            .hint(Msg::HintFileUnreadable)
        };
        let meta = std::fs::metadata(&path).map_err(unreadable)?;
        if meta.len() > MAX_FILE_BYTES {
            return Err(Diagnostic::error(Code::FileTooLarge, Msg::FileTooLarge)
                .in_file(rel)
                .found(Msg::FileSize {
                    bytes: meta.len() as usize,
                })
                .hint(Msg::HintFileTooLarge));
        }
        let bytes = std::fs::read(&path).map_err(unreadable)?;
        self.text = String::from_utf8(bytes).map_err(|e| {
            let off = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..off]).to_string();
            let p = LineIndex::new(&valid).pos(&valid, off);
            Diagnostic::error(Code::NotUtf8, Msg::FileNotUtf8)
                .at(rel, p.line, p.column)
                .expected(Msg::ExpectUtf8)
                .found(Msg::FoundByte {
                    byte: format!("0x{:02x}", e.as_bytes()[off]),
                })
                .hint(Msg::HintUtf8)
        })?;
        if let Some(nul) = self.text.find('\0') {
            let p = LineIndex::new(&self.text).pos(&self.text, nul);
            return Err(Diagnostic::error(Code::BinaryFile, Msg::FileIsBinary)
                .at(rel, p.line, p.column)
                .hint(Msg::HintFileIsBinary));
        }
        Ok(self)
    }
}

/// The id a content file's name gives it.
pub(crate) fn stem_of(rel: &str) -> String {
    RawFile::new(rel.to_string(), String::new(), None).stem
}

/// The kind of content a file at `rel` (below the site root) is, from its folder.
pub(crate) fn kind_of_file(rel: &str) -> Option<ItemKind> {
    RawFile::new(rel.to_string(), String::new(), None).kind()
}

/// Lists content files (not yet read), refusing anything that resolves outside the site root (symlinks included).
pub(crate) fn list_content(root: &Path, diags: &mut Diagnostics) -> Vec<RawFile> {
    let content = root.join(CONTENT_DIR);
    let Ok(canon_root) = root.canonicalize() else {
        diags.push(Diagnostic::error(
            Code::Io,
            Msg::SiteRootUnreadable {
                root: root.display().to_string(),
            },
        ));
        return vec![];
    };
    if !content.is_dir() {
        diags.push(
            Diagnostic::error(Code::ContentMissing, Msg::ContentMissing)
                .in_file(CONTENT_DIR)
                .hint(Msg::HintContentMissing),
        );
        return vec![];
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&content)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(
                    Code::Io,
                    Msg::ContentUnreadable {
                        reason: e.to_string(),
                    },
                ));
                continue;
            }
        };
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') || entry.file_type().is_dir() {
            continue;
        }
        // Symlinks are followed only when they stay inside the site root. The walk does not follow links, so
        // only entries that are links themselves need resolving.
        if entry.path_is_symlink() {
            match entry.path().canonicalize() {
                Ok(real) if real.starts_with(&canon_root) => {}
                _ => {
                    diags.push(
                        Diagnostic::error(Code::PathOutsideSite, Msg::FileOutsideSite)
                            .in_file(&rel)
                            .hint(Msg::HintFileOutsideSite),
                    );
                    continue;
                }
            }
        }
        files.push(RawFile::new(
            rel,
            String::new(),
            Some(entry.path().to_path_buf()),
        ));
    }
    files
}
