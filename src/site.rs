//! Load → parse → model: reads `content/`, deserialises front matter and tables, renders Markdown, and returns the
//! typed [`Site`] plus every diagnostic found on the way. Nothing here writes files.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, LineIndex};
use crate::markdown::{self, AnchorStyle, RefUse};
use crate::model::document::{DocumentFront, PageFront};
use crate::model::meeting::{item_anchor, AgendaItem, ItemPart, MeetingFront};
use crate::model::table::{Cell, ColumnType, Raw, Role, Row, TableFile};
use crate::model::{valid_id, Document, DocumentKind, Meeting, Page, Source, Table};
use crate::statute::DocNames;
use chrono::NaiveDate;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub const CONTENT_DIR: &str = "content";
/// Largest content file read; anything bigger is almost certainly not hand-written content.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub meetings: Vec<Meeting>,
    pub documents: Vec<Document>,
    pub tables: Vec<Table>,
    pub pages: Vec<Page>,
    /// Every reference found in content, with the file it was found in.
    pub refs: Vec<(String, RefUse)>,
    /// Rendered HTML of each table, by id.
    pub table_html: HashMap<String, String>,
    /// Every id in content/, from file names alone: (kind, file). Files that failed to parse are here too.
    pub ids: HashMap<String, (ItemKind, String)>,
    /// The one statute, which "i vedtægterne" phrases refer to.
    pub statute_id: Option<String>,
    /// The names by which texts cite documents ("i vedtægterne", declared `aliases`).
    pub names: DocNames,
    /// Files that could not be read or parsed (so are missing from the model).
    pub failed: std::collections::HashSet<String>,
    /// Ids that more than one file claims (an error); files with these ids are only handled by a full load.
    pub duplicate_ids: std::collections::HashSet<String>,
    /// Whether Markdown and tables were rendered to HTML ([`Mode::Html`]).
    pub html: bool,
    /// Position of each meeting, document and table in its list, by id.
    positions: HashMap<String, usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemKind {
    Meeting,
    Document,
    Table,
    Page,
}

impl Site {
    /// Frees the rendered HTML once the pages are written: the search index needs only the text.
    pub fn drop_html(&mut self) {
        for m in &mut self.meetings {
            for it in &mut m.items {
                it.intro_html = String::new();
                for p in &mut it.parts {
                    p.html = String::new();
                }
            }
        }
        for d in &mut self.documents {
            d.html = String::new();
        }
        for p in &mut self.pages {
            p.html = String::new();
        }
        self.table_html.clear();
    }

    pub fn meeting(&self, id: &str) -> Option<&Meeting> {
        let m = self.meetings.get(*self.positions.get(id)?)?;
        (m.id == id).then_some(m)
    }
    /// Whether `id` names a file of content/ that could not be read or parsed. Its own error says so; what refers
    /// to it is not reported again (as a compiler reports an error once, not at every use).
    pub fn unreadable(&self, id: &str) -> bool {
        self.ids
            .get(id)
            .is_some_and(|(_, rel)| self.failed.contains(rel))
    }

    /// Where the meeting `id` is in [`Site::meetings`] (newest first).
    pub fn meeting_position(&self, id: &str) -> Option<usize> {
        let i = *self.positions.get(id)?;
        (self.meetings.get(i)?.id == id).then_some(i)
    }
    pub fn document(&self, id: &str) -> Option<&Document> {
        let d = self.documents.get(*self.positions.get(id)?)?;
        (d.id == id).then_some(d)
    }
    pub fn table(&self, id: &str) -> Option<&Table> {
        let t = self.tables.get(*self.positions.get(id)?)?;
        (t.id == id).then_some(t)
    }

    /// Sorts the lists (meetings newest first, the rest by id) and rebuilds the id lookup.
    fn reindex(&mut self) {
        self.meetings
            .sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
        self.documents.sort_by(|a, b| a.id.cmp(&b.id));
        self.tables.sort_by(|a, b| a.id.cmp(&b.id));
        self.pages.sort_by(|a, b| a.id.cmp(&b.id));
        self.positions.clear();
        let ids = (self.meetings.iter().map(|m| &m.id))
            .enumerate()
            .chain(self.documents.iter().map(|d| &d.id).enumerate())
            .chain(self.tables.iter().map(|t| &t.id).enumerate());
        for (i, id) in ids {
            self.positions.insert(id.clone(), i);
        }
    }

    /// Re-reads changed content files (paths below the root, e.g. `content/moeder/x.md`) and rebuilds them and the
    /// files that embed them, in place. Files may come and go (the files that link to them or place them are
    /// rebuilt too); a table or document that fails to parse leaves the model, as in a full load. Returns what
    /// changed, or [`Update::Full`] when the change needs a full load: the statute removed or failing to parse (or
    /// any document while there is no statute), a new statute, an id used twice, a file outside its folder.
    pub fn update(&mut self, changed: &[String]) -> Update {
        let from_disk =
            |rel: &str| RawFile::new(rel.to_string(), String::new(), Some(self.root.join(rel)));
        // "i vedtægterne" resolves against the one statute among the documents that parse. Without one, a document
        // that does not parse may be it: load everything. With one, a document that fails is not it (two statutes
        // would leave none), and a document that parses again as a statute is caught below.
        let statute_known = self.statute_id.is_some();
        if !statute_known
            && self
                .failed
                .iter()
                .any(|r| r.starts_with("content/dokumenter/"))
        {
            return Update::Full;
        }
        let mut rebuild: Vec<String> = Vec::new();
        let mut tables = Vec::new();
        let mut entities: Vec<(ItemKind, String)> = Vec::new();
        // Files that came or went: (kind, id, file).
        let mut arrived: Vec<(ItemKind, String, String)> = Vec::new();
        let mut gone: Vec<(ItemKind, String, String)> = Vec::new();
        for rel in changed {
            let f = from_disk(rel);
            let claimed = self.ids.get(&f.stem).map(|(_, r)| r == rel);
            let known = claimed == Some(true);
            let path = self.root.join(rel);
            let exists = path.exists();
            if self.duplicate_ids.contains(&f.stem) {
                return Update::Full;
            }
            if !known && !exists {
                // Gone again before we looked: an editor's or tool's temporary file.
                continue;
            }
            // A file straight in its folder comes or goes without a full load (the loader's id index holds
            // every file of content/<folder>/, whatever it is named); files anywhere else need one.
            let light = match f.folder.as_str() {
                "moeder" => Some(ItemKind::Meeting),
                "sider" => Some(ItemKind::Page),
                "tabeller" => Some(ItemKind::Table),
                "dokumenter" => Some(ItemKind::Document),
                _ => None,
            };
            if known && !exists {
                // The statute going changes what every "i vedtægterne" resolves against.
                let Some(kind) = light.filter(|_| {
                    self.statute_id.as_ref() != Some(&f.stem) && self.names.of(&f.stem).is_empty()
                }) else {
                    return Update::Full;
                };
                self.ids.remove(&f.stem);
                if kind == ItemKind::Table {
                    tables.push(Err((f.stem.clone(), rel.clone(), None)));
                }
                gone.push((kind, f.stem.clone(), rel.clone()));
                continue;
            }
            if !path.is_file() {
                return Update::Full;
            }
            if !known {
                match (light, claimed) {
                    (Some(kind), None) => {
                        self.ids.insert(f.stem.clone(), (kind, rel.clone()));
                        arrived.push((kind, f.stem.clone(), rel.clone()));
                    }
                    // Another file has this id: the full load reports it.
                    _ => return Update::Full,
                }
            }
            if f.folder == "tabeller" {
                let id = f.stem.clone();
                match parse_file(f) {
                    Ok(Parsed::Table(f, t)) => tables.push(Ok(build_table(f, *t))),
                    // Gone from the model, as a full load leaves it; what places it reports the missing table.
                    Err(d) => tables.push(Err((id, rel.clone(), Some(d)))),
                    Ok(_) => return Update::Full,
                }
            } else if !rebuild.contains(rel) {
                rebuild.push(rel.clone());
            }
        }
        // Links to an id that came or went now resolve differently: rebuild the files that refer to it, and the
        // meetings with calendars (which link the dates that are meetings).
        if !arrived.is_empty() || !gone.is_empty() {
            let moved: std::collections::HashSet<&str> = arrived
                .iter()
                .chain(&gone)
                .map(|(_, id, _)| id.as_str())
                .collect();
            let gone_files: std::collections::HashSet<&str> =
                gone.iter().map(|(_, _, rel)| rel.as_str()).collect();
            let referrers = self
                .refs
                .iter()
                .filter(|(_, r)| moved.contains(r.target.as_str()))
                .map(|(file, _)| file)
                .chain(
                    self.meetings
                        .iter()
                        .filter(|m| !m.front.calendars.is_empty())
                        .map(|m| &m.source.file),
                );
            for file in referrers {
                if !gone_files.contains(file.as_str()) && !rebuild.contains(file) {
                    rebuild.push(file.clone());
                }
            }
        }
        let mut diags = Diagnostics::default();
        // What embeds a changed table is rebuilt too: meetings that place it, and documents and pages (few).
        for table in &tables {
            let id = match table {
                Ok((t, d)) => {
                    diags.items.extend(d.iter().cloned());
                    &t.id
                }
                Err((id, _, d)) => {
                    diags.items.extend(d.iter().cloned());
                    id
                }
            };
            entities.push((ItemKind::Table, id.clone()));
            let placed_in = self
                .meetings
                .iter()
                .filter(|m| m.tables_requested.contains(id))
                .map(|m| &m.source.file);
            let others = self.documents.iter().map(|d| &d.source.file);
            for file in placed_in
                .chain(others)
                .chain(self.pages.iter().map(|p| &p.source.file))
            {
                if !rebuild.contains(file) {
                    rebuild.push(file.clone());
                }
            }
        }
        for table in tables {
            let (t, _) = match table {
                Ok(t) => t,
                // Unreadable: still known to `[[tabel:…]]` (its own error is the one reported).
                Err((id, rel, Some(_))) => {
                    self.tables.retain(|t| t.id != id);
                    self.table_html.insert(id, String::new());
                    self.failed.insert(rel);
                    continue;
                }
                // Gone (its file leaves `failed` with the other gone files below).
                Err((id, _, None)) => {
                    self.tables.retain(|t| t.id != id);
                    self.table_html.remove(&id);
                    continue;
                }
            };
            self.failed.remove(&t.source.file);
            if self.html {
                let html = crate::render::table_html(&t, &self.config, crate::urls::ROOT);
                self.table_html.insert(t.id.clone(), html);
            }
            // Tables are few; positions are rebuilt below (`reindex`).
            match self.tables.iter_mut().find(|x| x.id == t.id) {
                Some(x) => *x = t,
                None => self.tables.push(t),
            }
        }
        let parsed: Vec<(String, Result<Parsed, Diagnostic>)> = rebuild
            .par_iter()
            .map(|rel| (rel.clone(), parse_file(from_disk(rel))))
            .collect();
        let base = crate::urls::ROOT;
        let ids = &self.ids;
        let url_of = |id: &str| link_target(ids, &base, id);
        let statute = self.statute_id.as_deref();
        let names = &self.names;
        let mut built: Vec<(String, Result<Built, Diagnostic>)> = Vec::new();
        for (rel, p) in parsed {
            let b = match p {
                Ok(Parsed::Meeting(f, m, off, start)) => {
                    Ok(Built::Meeting(Box::new(build_meeting(
                        f,
                        m,
                        off,
                        start,
                        &url_of,
                        &self.table_html,
                        names,
                        &self.config,
                        self.html,
                    ))))
                }
                Ok(Parsed::Page(f, p, start)) => Ok(Built::Page(Box::new(build_page(
                    f,
                    p,
                    start,
                    &url_of,
                    &self.table_html,
                    names,
                    self.html,
                )))),
                Ok(Parsed::Document(f, d, off, start)) => {
                    if (d.kind == DocumentKind::Statute) != (statute == Some(f.stem.as_str())) {
                        return Update::Full;
                    }
                    // A document's names or numbering changing changes what others cite by them.
                    if names_change(self, &f.stem, &d, &f.text[start..]) {
                        return Update::Full;
                    }
                    Ok(Built::Document(Box::new(build_document(
                        f,
                        d,
                        off,
                        start,
                        &url_of,
                        &self.table_html,
                        names,
                        self.html,
                    ))))
                }
                Ok(Parsed::Table(..)) => return Update::Full,
                // The statute, or a document while there is none, changes what others resolve against.
                Err(_)
                    if rel.starts_with("content/dokumenter/")
                        && (!statute_known || statute == Some(stem_of(&rel).as_str())) =>
                {
                    return Update::Full
                }
                Err(d) => Err(d),
            };
            built.push((rel, b));
        }
        // Apply: everything built, nothing can fail from here.
        let files: std::collections::HashSet<&String> = built
            .iter()
            .map(|(r, _)| r)
            .chain(gone.iter().map(|(_, _, r)| r))
            .collect();
        self.refs.retain(|(file, _)| !files.contains(file));
        self.meetings.retain(|m| !files.contains(&m.source.file));
        self.pages.retain(|p| !files.contains(&p.source.file));
        self.documents.retain(|d| !files.contains(&d.source.file));
        let mut files: Vec<String> = built.iter().map(|(r, _)| r.clone()).collect();
        for (kind, id, rel) in gone {
            self.failed.remove(&rel);
            entities.push((kind, id));
            files.push(rel);
        }
        for (rel, b) in built {
            self.failed.remove(&rel);
            let stem = stem_of(&rel);
            let kind = self.ids.get(&stem).map(|k| k.0).unwrap_or(ItemKind::Page);
            entities.push((kind, stem));
            let (d, r) = match b {
                Ok(Built::Meeting(x)) => {
                    let (m, d, r) = *x;
                    self.meetings.push(m);
                    (d, r)
                }
                Ok(Built::Page(x)) => {
                    let (p, d, r) = *x;
                    self.pages.push(p);
                    (d, r)
                }
                Ok(Built::Document(x)) => {
                    let (doc, d, r) = *x;
                    self.documents.push(doc);
                    (d, r)
                }
                Err(d) => {
                    self.failed.insert(rel.clone());
                    (vec![d], vec![])
                }
            };
            diags.items.extend(d);
            self.refs.extend(r.into_iter().map(|x| (rel.clone(), x)));
        }
        self.reindex();
        // A table shows its document's title: a changed document changes its tables' pages.
        for (kind, id) in entities.clone() {
            if kind == ItemKind::Document {
                for t in self
                    .tables
                    .iter()
                    .filter(|t| t.file.document.as_ref().is_some_and(|d| d.value == id))
                {
                    entities.push((ItemKind::Table, t.id.clone()));
                }
            }
        }
        entities.sort();
        entities.dedup();
        let mut all_files = files;
        all_files.extend(
            changed
                .iter()
                .filter(|r| r.starts_with("content/tabeller/"))
                .cloned(),
        );
        Update::Partial {
            entities,
            files: all_files,
            diags,
        }
    }
}

/// Whether a rebuilt document's names (`aliases`) or numbering differ from what others resolved against.
fn names_change(site: &Site, id: &str, front: &DocumentFront, body: &str) -> bool {
    let numbering = crate::statute::numbering_of(front, body);
    let declared: Vec<String> = front
        .aliases
        .iter()
        .map(|a| a.trim().to_lowercase())
        .collect();
    let implicit = site.statute_id.as_deref() == Some(id);
    let mut had = site.names.of(id);
    // The one statute's "vedtægterne" is not declared; it stays as long as the statute does.
    had.retain(|(n, _)| {
        !implicit || declared.iter().any(|d| d == n) || !crate::statute::IMPLICIT.contains(n)
    });
    had.iter().any(|(_, n)| *n != numbering)
        || had.len() != declared.len()
        || declared.iter().any(|d| !had.iter().any(|(h, _)| h == d))
}

/// The id a content file's name gives it.
fn stem_of(rel: &str) -> String {
    RawFile::new(rel.to_string(), String::new(), None).stem
}

/// A file built by [`Site::update`].
enum Built {
    Meeting(Box<(Meeting, Vec<Diagnostic>, Vec<RefUse>)>),
    Page(Box<(Page, Vec<Diagnostic>, Vec<RefUse>)>),
    Document(Box<(Document, Vec<Diagnostic>, Vec<RefUse>)>),
}

/// Where a reference to `id` links, from the id index alone.
fn link_target(
    ids: &HashMap<String, (ItemKind, String)>,
    base: &str,
    id: &str,
) -> Option<(String, AnchorStyle)> {
    ids.get(id).map(|(k, _)| {
        let style = match k {
            ItemKind::Meeting => AnchorStyle::Item,
            ItemKind::Document | ItemKind::Page => AnchorStyle::Section,
            ItemKind::Table => AnchorStyle::None,
        };
        (format!("{base}{}", url_path(*k, id)), style)
    })
}

/// What [`Site::update`] did.
pub enum Update {
    /// Files were rebuilt in place. `entities` may have changed (meetings, documents, tables, pages by kind and
    /// id); `files` lists every file rebuilt, and `diags` the load diagnostics of exactly those files.
    Partial {
        entities: Vec<(ItemKind, String)>,
        files: Vec<String>,
        diags: Diagnostics,
    },
    /// The change needs a full load; the site may be half updated and must be loaded afresh.
    Full,
}

/// URL path (below base_url) of an item.
pub fn url_path(kind: ItemKind, id: &str) -> String {
    match kind {
        ItemKind::Meeting => format!("moeder/{id}/"),
        ItemKind::Document => format!("dokumenter/{id}/"),
        ItemKind::Table => format!("tabeller/{id}/"),
        ItemKind::Page => format!("{id}/"),
    }
}

struct RawFile {
    rel: String,
    folder: String,
    stem: String,
    ext: String,
    text: String,
    /// Where to read `text` from when it has not been read yet (files are read by the worker that parses them,
    /// so a large portal is never held in memory as text all at once).
    path: Option<PathBuf>,
}

impl RawFile {
    /// `rel` is the path below the site root, e.g. `content/moeder/2020-01-24-kd-net.md`.
    fn new(rel: String, text: String, path: Option<PathBuf>) -> RawFile {
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

    /// Reads the text if it has not been read, refusing huge, binary and non-UTF-8 files.
    fn read(mut self) -> Result<RawFile, Diagnostic> {
        let Some(path) = self.path.take() else {
            return Ok(self);
        };
        let rel = &self.rel;
        let meta = std::fs::metadata(&path)
            .map_err(|e| Diagnostic::error("io", e.to_string()).in_file(rel))?;
        if meta.len() > MAX_FILE_BYTES {
            return Err(
                Diagnostic::error("file-too-large", "content file is larger than 16 MiB")
                    .in_file(rel)
                    .found(format!("{} bytes", meta.len())),
            );
        }
        let bytes = std::fs::read(&path)
            .map_err(|e| Diagnostic::error("io", e.to_string()).in_file(rel))?;
        self.text = String::from_utf8(bytes).map_err(|e| {
            let off = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..off]).to_string();
            let p = LineIndex::new(&valid).pos(&valid, off);
            Diagnostic::error("not-utf8", "file is not valid UTF-8 text")
                .at(rel, p.line, p.column)
                .expected("UTF-8 text")
                .found(format!("byte 0x{:02x}", e.as_bytes()[off]))
        })?;
        if let Some(nul) = self.text.find('\0') {
            let p = LineIndex::new(&self.text).pos(&self.text, nul);
            return Err(Diagnostic::error(
                "binary-file",
                "file contains NUL bytes; content must be text",
            )
            .at(rel, p.line, p.column));
        }
        Ok(self)
    }
}

/// Lists content files (not yet read), refusing anything that resolves outside the site root (symlinks included).
fn list_content(root: &Path, diags: &mut Diagnostics) -> Vec<RawFile> {
    let content = root.join(CONTENT_DIR);
    let Ok(canon_root) = root.canonicalize() else {
        diags.push(Diagnostic::error(
            "io",
            format!("cannot open site root {}", root.display()),
        ));
        return vec![];
    };
    if !content.is_dir() {
        diags.push(
            Diagnostic::error("content-missing", "the site has no content/ folder")
                .in_file(CONTENT_DIR),
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
                diags.push(Diagnostic::error("io", format!("cannot read content: {e}")));
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
                        Diagnostic::error(
                            "path-outside-site",
                            "file resolves outside the site root; not read",
                        )
                        .in_file(&rel),
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

/// Parsed but not yet rendered.
enum Parsed {
    Meeting(RawFile, MeetingFront, usize, usize),
    Document(RawFile, DocumentFront, usize, usize),
    Page(RawFile, PageFront, usize),
    Table(RawFile, Box<TableFile>),
}

fn parse_file(f: RawFile) -> Result<Parsed, Diagnostic> {
    let f = f.read()?;
    if !valid_id(&f.stem) {
        return Err(Diagnostic::error("invalid-id", "file name is not a valid id")
            .in_file(&f.rel)
            .found(f.stem.clone())
            .expected("lowercase letters a-z, digits and hyphens (æ→ae, ø→oe, å→aa), e.g. 2020-01-24-kd-net"));
    }
    let expect_ext = |want: &str| -> Result<(), Diagnostic> {
        if f.ext == want {
            Ok(())
        } else {
            Err(Diagnostic::error(
                "unexpected-file",
                format!("files in content/{}/ must end in .{want}", f.folder),
            )
            .in_file(&f.rel)
            .found(format!(".{}", f.ext)))
        }
    };
    let front = |f: &RawFile| -> Result<(String, usize, usize), Diagnostic> {
        let (fm, body, line_off) = crate::yaml::split_front_matter(&f.text).ok_or_else(|| {
            Diagnostic::error("front-matter-missing", "no front matter")
                .at(&f.rel, 1, 1)
                .expected("a first line `---`, YAML fields, and a closing `---` line")
                .found(
                    f.text
                        .lines()
                        .next()
                        .unwrap_or("an empty file")
                        .chars()
                        .take(60)
                        .collect::<String>(),
                )
        })?;
        let body_start = f.text.len() - body.len();
        Ok((fm.to_string(), line_off, body_start))
    };
    match f.folder.as_str() {
        "moeder" => {
            expect_ext("md")?;
            let (fm, off, start) = front(&f)?;
            let m: MeetingFront = crate::yaml::parse(&fm, &f.rel, 1)?;
            let _ = off;
            Ok(Parsed::Meeting(f, m, 1, start))
        }
        "dokumenter" => {
            expect_ext("md")?;
            let (fm, _, start) = front(&f)?;
            let d: DocumentFront = crate::yaml::parse(&fm, &f.rel, 1)?;
            Ok(Parsed::Document(f, d, 1, start))
        }
        "sider" => {
            expect_ext("md")?;
            let (fm, _, start) = front(&f)?;
            let p: PageFront = crate::yaml::parse(&fm, &f.rel, 1)?;
            Ok(Parsed::Page(f, p, start))
        }
        "tabeller" => {
            if f.ext != "yaml" && f.ext != "yml" {
                expect_ext("yaml")?;
            }
            let t: TableFile = crate::yaml::parse(&f.text, &f.rel, 0)?;
            Ok(Parsed::Table(f, Box::new(t)))
        }
        _ => Err(Diagnostic::error("unexpected-file", "content files belong in moeder/, dokumenter/, tabeller/ or sider/")
            .in_file(&f.rel)
            .expected("content/moeder/*.md, content/dokumenter/*.md, content/tabeller/*.yaml, content/sider/*.md")),
    }
}

pub fn parse_date(
    s: &crate::yaml::Spanned<String>,
    file: &str,
    off: usize,
) -> Result<NaiveDate, Diagnostic> {
    NaiveDate::parse_from_str(s.value.trim(), "%Y-%m-%d").map_err(|_| {
        let p = crate::yaml::pos(s, off);
        Diagnostic::error("invalid-date", "not a valid date")
            .at(file, p.line, p.column)
            .expected("an ISO date such as 2020-01-24")
            .found(s.value.clone())
    })
}

/// Loads and renders the whole site. Returns `None` only when nothing usable could be read.
/// What loading produces besides the model: HTML for building, or only what checks need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Render Markdown and tables to HTML (for `build`).
    Html,
    /// Sections, references and text only (for `check`): faster.
    CheckOnly,
}

pub fn load(root: &Path, config: Config, mode: Mode) -> (Site, Diagnostics) {
    let mut diags = Diagnostics::default();
    let files = list_content(root, &mut diags);
    let (site, more) = load_files(root, config, files, mode);
    diags.extend(more);
    (site, diags)
}

/// Loads a site from files given in memory: `(path relative to the root, text)`, e.g.
/// `("content/tabeller/x.yaml", "...")`. Used by the fuzz target and tests; `load` reads the same from disk.
pub fn load_texts(
    root: &Path,
    config: Config,
    files: Vec<(String, String)>,
    mode: Mode,
) -> (Site, Diagnostics) {
    load_files(
        root,
        config,
        files
            .into_iter()
            .map(|(rel, text)| RawFile::new(rel, text, None))
            .collect(),
        mode,
    )
}

fn load_files(root: &Path, config: Config, files: Vec<RawFile>, mode: Mode) -> (Site, Diagnostics) {
    let html = mode == Mode::Html;
    let mut diags = Diagnostics::default();
    // The id index, from file names alone: every id must be unique across kinds.
    let mut index: HashMap<String, (ItemKind, String)> = HashMap::new();
    let mut duplicate_ids = std::collections::HashSet::new();
    for f in &files {
        let kind = match f.folder.as_str() {
            "moeder" => ItemKind::Meeting,
            "dokumenter" => ItemKind::Document,
            "tabeller" => ItemKind::Table,
            "sider" => ItemKind::Page,
            _ => continue,
        };
        if let Some((_, other)) = index.get(&f.stem) {
            duplicate_ids.insert(f.stem.clone());
            diags.push(
                Diagnostic::error("duplicate-id", format!("id `{}` is used twice", f.stem))
                    .in_file(&f.rel)
                    .hint(format!("also used by {other}; ids are file names and must be unique across content/")),
            );
        } else {
            index.insert(f.stem.clone(), (kind, f.rel.clone()));
        }
    }
    // Tables and documents are few and needed by the rest (embedded tables, the statute that "i vedtægterne"
    // means): parse them first. Meetings and pages are read, parsed and built one by one further down.
    let (early, late): (Vec<RawFile>, Vec<RawFile>) = files
        .into_iter()
        .partition(|f| f.folder == "tabeller" || f.folder == "dokumenter");
    let parsed: Vec<Result<Parsed, Diagnostic>> = early.into_par_iter().map(parse_file).collect();
    let mut failed = std::collections::HashSet::new();
    let mut docs_raw = Vec::new();
    let mut tables_raw = Vec::new();
    for p in parsed {
        match p {
            Ok(Parsed::Document(f, d, o, s)) => docs_raw.push((f, d, o, s)),
            Ok(Parsed::Table(f, t)) => tables_raw.push((f, t)),
            Ok(_) => {}
            Err(d) => {
                failed.extend(d.file.clone());
                diags.push(d);
            }
        }
    }

    let base = crate::urls::ROOT;
    let url_of = |id: &str| link_target(&index, base, id);

    // Tables first: documents and meetings embed their HTML.
    let tables: Vec<(Table, Vec<Diagnostic>)> = tables_raw
        .into_par_iter()
        .map(|(f, t)| build_table(f, *t))
        .collect();
    let mut table_list = Vec::new();
    for (t, d) in tables {
        diags.items.extend(d);
        table_list.push(t);
    }
    // Without HTML (check-only) every table is still known to `[[tabel:…]]`, with empty HTML; so is a table that
    // does not parse (its own error says so, and the files that place it are not reported again).
    let mut table_html: HashMap<String, String> = table_list
        .par_iter()
        .map(|t| {
            (
                t.id.clone(),
                if html {
                    crate::render::table_html(t, &config, &base)
                } else {
                    String::new()
                },
            )
        })
        .collect();
    for rel in &failed {
        let f = RawFile::new(rel.clone(), String::new(), None);
        if f.folder == "tabeller" && index.get(&f.stem).is_some_and(|(_, r)| r == rel) {
            table_html.entry(f.stem).or_default();
        }
    }
    let statute_id: Option<String> = {
        let statutes: Vec<&String> = docs_raw
            .iter()
            .filter(|(_, d, ..)| d.kind == DocumentKind::Statute)
            .map(|(f, ..)| &f.stem)
            .collect();
        (statutes.len() == 1).then(|| statutes[0].clone())
    };
    let numberings: Vec<crate::statute::Numbering> = docs_raw
        .iter()
        .map(|(f, d, _, start)| crate::statute::numbering_of(d, &f.text[*start..]))
        .collect();
    let names = DocNames::new(docs_raw.iter().zip(&numberings).map(|((f, d, ..), n)| {
        crate::statute::Named {
            id: &f.stem,
            kind: d.kind,
            numbering: *n,
            aliases: &d.aliases,
        }
    }));

    // Each meeting and page is read, parsed and built by one worker, and its text dropped right after.
    enum Late {
        Meeting(Box<(Meeting, Vec<Diagnostic>, Vec<RefUse>)>),
        Page(Box<(Page, Vec<Diagnostic>, Vec<RefUse>)>),
        Failed(Diagnostic),
    }
    let late: Vec<Late> = late
        .into_par_iter()
        .filter_map(|f| match parse_file(f) {
            Ok(Parsed::Meeting(f, m, off, start)) => Some(Late::Meeting(Box::new(build_meeting(
                f,
                m,
                off,
                start,
                &url_of,
                &table_html,
                &names,
                &config,
                html,
            )))),
            Ok(Parsed::Page(f, p, start)) => Some(Late::Page(Box::new(build_page(
                f,
                p,
                start,
                &url_of,
                &table_html,
                &names,
                html,
            )))),
            Ok(_) => None,
            Err(d) => Some(Late::Failed(d)),
        })
        .collect();
    let mut meetings = Vec::new();
    let mut pages = Vec::new();
    for l in late {
        match l {
            Late::Meeting(m) => meetings.push(*m),
            Late::Page(p) => pages.push(*p),
            Late::Failed(d) => {
                failed.extend(d.file.clone());
                diags.push(d);
            }
        }
    }
    let documents: Vec<(Document, Vec<Diagnostic>, Vec<RefUse>)> = docs_raw
        .into_par_iter()
        .map(|(f, d, off, start)| {
            build_document(f, d, off, start, &url_of, &table_html, &names, html)
        })
        .collect();
    let mut refs = Vec::new();
    let mut site = Site {
        root: root.to_path_buf(),
        config,
        meetings: Vec::new(),
        documents: Vec::new(),
        tables: table_list,
        pages: Vec::new(),
        refs: Vec::new(),
        table_html,
        ids: index,
        statute_id,
        names,
        failed,
        duplicate_ids,
        html,
        positions: HashMap::new(),
    };
    for (m, d, r) in meetings {
        diags.items.extend(d);
        refs.extend(r.into_iter().map(|x| (m.source.file.clone(), x)));
        site.meetings.push(m);
    }
    for (doc, d, r) in documents {
        diags.items.extend(d);
        refs.extend(r.into_iter().map(|x| (doc.source.file.clone(), x)));
        site.documents.push(doc);
    }
    for (p, d, r) in pages {
        diags.items.extend(d);
        refs.extend(r.into_iter().map(|x| (p.source.file.clone(), x)));
        site.pages.push(p);
    }
    site.refs = refs;
    site.reindex();
    (site, diags)
}

fn build_table(f: RawFile, file: TableFile) -> (Table, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let rel = f.rel.clone();
    let mut seen_keys: HashMap<&str, usize> = HashMap::new();
    for c in &file.columns {
        let seen = seen_keys.entry(c.key.as_str()).or_default();
        *seen += 1;
        if ["id", "role", "group", "note"].contains(&c.key.as_str()) || *seen > 1 {
            let p = crate::model::table::column_key_pos(&f.text, &c.key, *seen);
            diags.push(
                Diagnostic::error(
                    "table-column",
                    format!("column key `{}` is reserved or used twice", c.key),
                )
                .at(&rel, p.line, p.column)
                .expected("unique keys other than id, role, group, note"),
            );
        }
    }
    let mut rows = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for spanned in &file.rows {
        let row_pos = crate::yaml::pos(spanned, 0);
        let map = &spanned.value;
        let text_of = |key: &str| -> Option<String> {
            map.get(key)
                .and_then(|v| v.value.as_ref())
                .map(|r| r.0.clone())
        };
        let role = match text_of("role").as_deref() {
            None | Some("data") => Role::Data,
            Some("subtotal") => Role::Subtotal,
            Some("total") => Role::Total,
            Some(other) => {
                let p = map
                    .get("role")
                    .map(|v| crate::yaml::pos(v, 0))
                    .unwrap_or(row_pos);
                diags.push(
                    Diagnostic::error("table-row", "unknown row role")
                        .at(&rel, p.line, p.column)
                        .expected("data, subtotal or total")
                        .found(other.to_string()),
                );
                Role::Data
            }
        };
        let id = text_of("id");
        if let Some(id) = &id {
            if !ids.insert(id.clone()) {
                diags.push(
                    Diagnostic::error("table-row", format!("row id `{id}` is used twice")).at(
                        &rel,
                        row_pos.line,
                        row_pos.column,
                    ),
                );
            }
        }
        for key in map.keys() {
            if !["id", "role", "group", "note"].contains(&key.as_str())
                && !file.columns.iter().any(|c| &c.key == key)
            {
                let p = crate::yaml::pos(&map[key], 0);
                if let Some(d) = crate::model::table::decimal_comma(&rel, map, key) {
                    diags.push(d);
                    continue;
                }
                diags.push(
                    Diagnostic::error(
                        "unknown-field",
                        format!("row has a cell for unknown column `{key}`"),
                    )
                    .at(
                        &rel,
                        p.line,
                        p.column.saturating_sub(key.chars().count() + 2).max(1),
                    )
                    .expected(format!(
                        "one of: {}",
                        file.columns
                            .iter()
                            .map(|c| c.key.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                    .found(key.clone()),
                );
            }
        }
        let mut cells = Vec::new();
        let mut cell_pos = Vec::new();
        for col in &file.columns {
            let entry = map.get(&col.key);
            let p = entry.map(|v| crate::yaml::pos(v, 0)).unwrap_or(row_pos);
            cell_pos.push(p);
            let cell = match entry.and_then(|v| v.value.as_ref()) {
                None => Cell::Empty,
                Some(Raw(s)) => match col.kind {
                    ColumnType::Text => Cell::Text(s.clone()),
                    ColumnType::Number | ColumnType::Percent => {
                        if s.trim() == "-" {
                            Cell::Dash
                        } else if s.trim().is_empty() {
                            Cell::Empty
                        } else {
                            match crate::number::parse_decimal(s) {
                                Ok(_)
                                    if crate::number::looks_like_danish_thousands(s)
                                        && col.decimals != Some(3) =>
                                {
                                    diags.push(crate::model::table::danish_thousands(
                                        &rel, p, &col.key, s,
                                    ));
                                    Cell::Text(s.clone())
                                }
                                Ok(d) => Cell::Number(d),
                                Err(e) => {
                                    diags.push(
                                        Diagnostic::error(
                                            "table-number",
                                            format!("column `{}` holds numbers", col.key),
                                        )
                                        .at(&rel, p.line, p.column)
                                        .expected(e)
                                        .found(s.clone()),
                                    );
                                    Cell::Text(s.clone())
                                }
                            }
                        }
                    }
                },
            };
            cells.push(cell);
        }
        rows.push(Row {
            id,
            role,
            group: text_of("group"),
            note: text_of("note"),
            cells,
            pos: row_pos,
            cell_pos,
        });
    }
    let table = Table {
        id: f.stem,
        source: Source {
            file: f.rel,
            body_line: 0,
        },
        file,
        rows,
    };
    (table, diags)
}

struct Heading {
    level: HeadingLevel,
    start: usize,
    /// End of the heading line (start of its content).
    content_start: usize,
    text: String,
}

/// Top-level headings of a given level in `src`, with byte offsets.
/// Top-level headings of `levels` (outside lists, quotes and footnotes), in one pass over the Markdown.
fn headings(src: &str, levels: &[HeadingLevel]) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut current: Option<(usize, usize, String)> = None;
    let mut depth = 0usize;
    for (ev, range) in Parser::new_ext(src, markdown::options()).into_offset_iter() {
        match ev {
            Event::Start(Tag::Heading { level: l, .. }) if levels.contains(&l) && depth == 0 => {
                current = Some((range.start, range.end, String::new()));
            }
            Event::End(TagEnd::Heading(l)) if levels.contains(&l) && current.is_some() => {
                if let Some((s, e, t)) = current.take() {
                    out.push(Heading {
                        level: l,
                        start: s,
                        content_start: e,
                        text: t.trim().to_string(),
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, s)) = current.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::FootnoteDefinition(_)) => {
                depth += 1
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::FootnoteDefinition) => {
                depth = depth.saturating_sub(1)
            }
            _ => {}
        }
    }
    out
}

/// "3.5 Fælles servicecenter" → ("3.5", "Fælles servicecenter")
fn split_item_heading(text: &str) -> (String, String) {
    let t = text.trim();
    let n: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let title = t[n.len()..].trim().to_string();
    (n.trim_end_matches('.').to_string(), title)
}

fn part_role(heading: &str) -> &'static str {
    let h = heading.trim().trim_end_matches(':').to_lowercase();
    match h.as_str() {
        "baggrund" => "background",
        "indstilling" => "recommendation",
        "referat" | "beslutning" => "decision",
        "sagsfremstilling" => "presentation",
        _ => "other",
    }
}

#[allow(clippy::too_many_arguments)]
fn build_meeting(
    f: RawFile,
    front: MeetingFront,
    off: usize,
    body_start: usize,
    url_of: &(dyn Fn(&str) -> Option<(String, AnchorStyle)> + Sync),
    tables: &HashMap<String, String>,
    names: &DocNames,
    config: &Config,
    html: bool,
) -> (Meeting, Vec<Diagnostic>, Vec<RefUse>) {
    let mut diags = Vec::new();
    let mut refs = Vec::new();
    let lines = LineIndex::new(&f.text);
    let date = parse_date(&front.date, &f.rel, off).unwrap_or_else(|d| {
        diags.push(d);
        NaiveDate::default()
    });
    let calendars_html: HashMap<String, String> = front
        .calendars
        .iter()
        .map(|c| {
            (
                c.id.clone(),
                crate::render::calendar_html(c, config, url_of),
            )
        })
        .collect();
    // Tables placed in the item being rendered, so that each table can link back to it.
    let placed: std::sync::Mutex<Vec<String>> = Default::default();
    let requested: std::sync::Mutex<Vec<String>> = Default::default();
    let directive = |k: &str, a: &str| -> Option<String> {
        match k {
            "tabel" => {
                requested
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(a.to_string());
                let html = tables.get(a).cloned();
                if html.is_some() {
                    placed
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(a.to_string());
                }
                html
            }
            "kalender" => calendars_html.get(a).cloned(),
            _ => None,
        }
    };
    let body = &f.text[body_start..];
    // Item parts are rendered below the part's own heading (<h4>): their headings move down a level.
    let render_slice = |slice_start: usize, slice_end: usize, numbered: bool| {
        let ctx = markdown::Ctx {
            self_id: &f.stem,
            numbered,
            numbering: crate::statute::Numbering::Dotted,
            heading_shift: 1,
            url_of,
            directive: &directive,
            names,
            file: &f.rel,
            file_text: &f.text,
            offset: body_start + slice_start,
            lines: &lines,
            html,
        };
        markdown::render(&body[slice_start..slice_end], &ctx)
    };
    let all = headings(body, &[HeadingLevel::H2, HeadingLevel::H3]);
    let h2: Vec<&Heading> = all.iter().filter(|h| h.level == HeadingLevel::H2).collect();
    let mut items = Vec::new();
    if let Some(first) = h2.first() {
        if !body[..first.start].trim().is_empty() {
            let p = lines.pos(&f.text, body_start);
            diags.push(
                Diagnostic::warning(
                    "meeting-text-outside-item",
                    "text before the first agenda item is not published",
                )
                .at(&f.rel, p.line + 1, 1)
                .expected("`## <number> <title>` as the first heading of the body"),
            );
        }
    }
    for (i, h) in h2.iter().enumerate() {
        let end = h2.get(i + 1).map(|n| n.start).unwrap_or(body.len());
        let (number, heading) = split_item_heading(&h.text);
        let heading_pos = lines.pos(&f.text, body_start + h.start);
        let meta_entry = front.items.iter().find(|m| m.value.number == number);
        let (meta, meta_pos) = match meta_entry {
            Some(m) => (m.value.clone(), crate::yaml::pos(m, off)),
            None => (
                crate::model::meeting::ItemMeta {
                    number: number.clone(),
                    title: None,
                    presenter: None,
                    case: None,
                    case_handlers: None,
                    approves: None,
                    approves_note: None,
                    attachments: vec![],
                },
                heading_pos,
            ),
        };
        // Split the item into named parts at level-3 headings.
        let content = h.content_start;
        // This item's parts, with offsets relative to the item's content.
        let h3: Vec<Heading> = all
            .iter()
            .filter(|x| x.level == HeadingLevel::H3 && x.start >= content && x.start < end)
            .map(|x| Heading {
                level: x.level,
                start: x.start - content,
                content_start: x.content_start - content,
                text: x.text.clone(),
            })
            .collect();
        let intro_end = h3.first().map(|x| content + x.start).unwrap_or(end);
        let intro = render_slice(content, intro_end, false);
        let mut text = intro.text.clone();
        diags.extend(intro.diags);
        refs.extend(intro.refs);
        let mut parts = Vec::new();
        for (j, p) in h3.iter().enumerate() {
            let pend = h3.get(j + 1).map(|n| content + n.start).unwrap_or(end);
            let r = render_slice(content + p.content_start, pend, false);
            text.push('\n');
            text.push_str(&r.text);
            diags.extend(r.diags);
            refs.extend(r.refs);
            parts.push(ItemPart {
                role: part_role(&p.text),
                heading: p.text.trim_end_matches(':').to_string(),
                html: r.html,
            });
        }
        let tables = std::mem::take(&mut *placed.lock().unwrap_or_else(|e| e.into_inner()));
        items.push(AgendaItem {
            anchor: item_anchor(&number),
            meta,
            meta_pos,
            heading,
            heading_pos,
            intro_html: intro.html,
            parts,
            text,
            tables,
        });
    }
    let meeting = Meeting {
        id: f.stem.clone(),
        source: Source {
            file: f.rel.clone(),
            body_line: lines.pos(&f.text, body_start).line,
        },
        front,
        date,
        items,
        weekday_dates: crate::model::dated_phrases(&f.text, body_start, &lines),
        impossible_dates: crate::model::impossible_dates(&f.text, body_start, &lines),
        tables_requested: requested.into_inner().unwrap_or_else(|e| e.into_inner()),
    };
    (meeting, diags, refs)
}

#[allow(clippy::too_many_arguments)]
fn build_page(
    f: RawFile,
    p: PageFront,
    start: usize,
    url_of: &(dyn Fn(&str) -> Option<(String, AnchorStyle)> + Sync),
    table_html: &HashMap<String, String>,
    names: &DocNames,
    html: bool,
) -> (Page, Vec<Diagnostic>, Vec<RefUse>) {
    let lines = LineIndex::new(&f.text);
    let ctx = markdown::Ctx {
        self_id: &f.stem,
        numbered: false,
        numbering: crate::statute::Numbering::Dotted,
        heading_shift: 0,
        url_of,
        directive: &|k, a| {
            if k == "tabel" {
                table_html.get(a).cloned()
            } else {
                None
            }
        },
        names,
        file: &f.rel,
        file_text: &f.text,
        offset: start,
        lines: &lines,
        html,
    };
    let r = markdown::render(&f.text[start..], &ctx);
    let page = Page {
        id: f.stem.clone(),
        source: Source {
            file: f.rel.clone(),
            body_line: 0,
        },
        front: p,
        html: r.html,
        text: r.text,
        weekday_dates: crate::model::dated_phrases(&f.text, start, &lines),
        impossible_dates: crate::model::impossible_dates(&f.text, start, &lines),
    };
    (page, r.diags, r.refs)
}

fn build_document(
    f: RawFile,
    front: DocumentFront,
    off: usize,
    body_start: usize,
    url_of: &(dyn Fn(&str) -> Option<(String, AnchorStyle)> + Sync),
    tables: &HashMap<String, String>,
    names: &DocNames,
    html: bool,
) -> (Document, Vec<Diagnostic>, Vec<RefUse>) {
    let mut diags = Vec::new();
    let lines = LineIndex::new(&f.text);
    let date = front
        .date
        .as_ref()
        .and_then(|d| parse_date(d, &f.rel, off).map_err(|e| diags.push(e)).ok());
    let adopted = front
        .adopted
        .as_ref()
        .and_then(|d| parse_date(d, &f.rel, off).map_err(|e| diags.push(e)).ok());
    let directive = |k: &str, a: &str| {
        if k == "tabel" {
            tables.get(a).cloned()
        } else {
            None
        }
    };
    let ctx = markdown::Ctx {
        self_id: &f.stem,
        numbered: front.kind.is_numbered() || front.numbering.is_some(),
        numbering: crate::statute::numbering_of(&front, &f.text[body_start..]),
        heading_shift: 0,
        url_of,
        directive: &directive,
        names,
        file: &f.rel,
        file_text: &f.text,
        offset: body_start,
        lines: &lines,
        html,
    };
    let r = markdown::render(&f.text[body_start..], &ctx);
    diags.extend(r.diags);
    let doc = Document {
        id: f.stem.clone(),
        source: Source {
            file: f.rel.clone(),
            body_line: lines.pos(&f.text, body_start).line,
        },
        front,
        date,
        adopted,
        html: r.html,
        text: r.text,
        sections: r.sections,
        weekday_dates: crate::model::dated_phrases(&f.text, body_start, &lines),
        impossible_dates: crate::model::impossible_dates(&f.text, body_start, &lines),
    };
    (doc, diags, r.refs)
}
