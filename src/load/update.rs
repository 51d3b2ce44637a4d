//! [`Site::update`]: re-reads the content files an edit touched and rebuilds them in place, as a full load would
//! have built them, or says that the change needs a full load.
//!
//! The steps, in order: [`Site::sort_changes`] (which files changed, came or went), [`Site::add_referrers`]
//! (files whose links to an id that came or went now resolve differently), [`Site::apply_tables`] (tables in
//! and out of the model; what places a table is rendered again, and parsed again only when the table came or
//! went), [`Site::build_files`] (parse and build, in parallel), [`Site::apply_built`], and
//! [`Site::owned_tables`] (a table shows its document's title).

use super::document::build_document;
use super::files::{kind_of_file, stem_of, RawFile};
use super::front::{parse_file, Parsed};
use super::links::Resolver;
use super::meeting::build_meeting;
use super::page::build_page;
use super::table::build_table;
use super::{Built, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Document, DocumentKind, ItemKind, Meeting, Page, Table};
use rayon::prelude::*;
use std::collections::HashSet;

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

/// A step found that the change needs a full load.
struct NeedsFullLoad;

/// A changed table file, read again.
enum TableChange {
    Built(Box<(Table, Vec<Diagnostic>)>),
    /// It no longer parses: out of the model, as a full load leaves it; still known to `[[tabel:…]]`.
    Unreadable {
        id: String,
        file: String,
        diag: Diagnostic,
    },
    Gone {
        id: String,
    },
}

impl TableChange {
    fn id(&self) -> &str {
        match self {
            TableChange::Built(b) => &b.0.id,
            TableChange::Unreadable { id, .. } | TableChange::Gone { id } => id,
        }
    }
}

/// The changed files, sorted by what they need.
#[derive(Default)]
struct Changes {
    /// Meetings, documents and pages to read and build again.
    rebuild: Vec<String>,
    tables: Vec<TableChange>,
    /// Files that came or went: (kind, id, file).
    arrived: Vec<(ItemKind, String, String)>,
    gone: Vec<(ItemKind, String, String)>,
    /// Items whose pages change although their files do not.
    entities: Vec<(ItemKind, String)>,
}

impl Changes {
    fn rebuild(&mut self, rel: &str) {
        if !self.rebuild.iter().any(|r| r == rel) {
            self.rebuild.push(rel.to_string());
        }
    }
    fn ids_moved(&self) -> HashSet<&str> {
        let both = self.arrived.iter().chain(&self.gone);
        both.map(|(_, id, _)| id.as_str()).collect()
    }
}

/// A meeting, document or page built again by [`Site::update`].
enum Rebuilt {
    Meeting(Box<Built<Meeting>>),
    Page(Box<Built<Page>>),
    Document(Box<Built<Document>>),
}

impl Site {
    /// Re-reads changed content files (paths below the root, e.g. `content/moeder/x.md`) and rebuilds them and the
    /// files whose links they change, in place. Files may come and go (the files that link to them or place them
    /// are rebuilt too); a table or document that fails to parse leaves the model, as in a full load. Returns what
    /// changed, or [`Update::Full`] when the change needs a full load: the statute removed or failing to parse (or
    /// any document while there is no statute), a new statute, an id used twice, a file outside its folder.
    pub fn update(&mut self, changed: &[String]) -> Update {
        match self.try_update(changed) {
            Ok(update) => update,
            Err(NeedsFullLoad) => Update::Full,
        }
    }

    fn try_update(&mut self, changed: &[String]) -> Result<Update, NeedsFullLoad> {
        // "i vedtægterne" resolves against the one statute among the documents that parse. Without one, a document
        // that does not parse may be it: load everything. With one, a document that fails is not it (two statutes
        // would leave none), and a document that parses again as a statute is caught when it is built.
        if self.statute_id.is_none()
            && self
                .failed
                .iter()
                .any(|r| kind_of_file(r) == Some(ItemKind::Document))
        {
            return Err(NeedsFullLoad);
        }
        // A document's versions are put together over all its files (load/versions.rs): rebuild them all.
        let mut changed = changed.to_vec();
        let families: Vec<String> = (changed.iter())
            .filter_map(|rel| self.version_family(rel))
            .flatten()
            .collect();
        for f in families {
            if !changed.contains(&f) {
                changed.push(f);
            }
        }
        let changed = changed.as_slice();
        // Which tables belong only to closed items is decided again below, over every table.
        let withheld_before = self.withheld_table_ids();
        let withheld = std::mem::take(&mut self.withheld_tables);
        self.tables.extend(withheld.into_iter().map(|w| w.table));
        let mut changes = self.sort_changes(changed)?;
        self.add_referrers(&mut changes);
        let mut diags = Diagnostics::default();
        let tables = std::mem::take(&mut changes.tables);
        self.apply_tables(tables, &mut changes, &mut diags);
        let built = self.build_files(&changes.rebuild)?;
        let mut files = self.apply_built(built, &mut changes, &mut diags);
        super::versions::attach_versions(self, &mut diags);
        self.withhold_tables();
        if self.withheld_table_ids() != withheld_before {
            // A table's pages, lists, search units and outputs come or go: as a full load does it.
            return Err(NeedsFullLoad);
        }
        self.reindex_others();
        let mut entities = changes.entities;
        entities.extend(self.owned_tables(&entities));
        entities.sort();
        entities.dedup();
        files.extend(
            changed
                .iter()
                .filter(|r| kind_of_file(r) == Some(ItemKind::Table))
                .cloned(),
        );
        Ok(Update::Partial {
            entities,
            files,
            diags,
        })
    }

    /// Sorts the changed files into tables (read here), files to rebuild, and files that came or went (the id
    /// index is updated for these).
    fn sort_changes(&mut self, changed: &[String]) -> Result<Changes, NeedsFullLoad> {
        let mut changes = Changes::default();
        for rel in changed {
            let f = RawFile::on_disk(&self.root, rel);
            let claimed = self.ids.get(&f.stem).map(|(_, r)| r == rel);
            let known = claimed == Some(true);
            let path = self.root.join(rel);
            let exists = path.exists();
            if self.duplicate_ids.contains(&f.stem) {
                return Err(NeedsFullLoad);
            }
            if !known && !exists {
                // Gone again before we looked: an editor's or tool's temporary file.
                continue;
            }
            // A file straight in its folder comes or goes without a full load (the id index holds every file of
            // content/<folder>/, whatever it is named); files anywhere else need one.
            let kind = f.kind();
            if known && !exists {
                // The statute going changes what every "i vedtægterne" resolves against.
                // So do a document's names ("i forretningsordenen").
                let Some(kind) = kind.filter(|_| {
                    self.statute_id.as_ref() != Some(&f.stem) && self.names.of(&f.stem).is_empty()
                }) else {
                    return Err(NeedsFullLoad);
                };
                self.ids.remove(&f.stem);
                if kind == ItemKind::Table {
                    changes
                        .tables
                        .push(TableChange::Gone { id: f.stem.clone() });
                }
                changes.gone.push((kind, f.stem.clone(), rel.clone()));
                continue;
            }
            if !path.is_file() {
                return Err(NeedsFullLoad);
            }
            if !known {
                match (kind, claimed) {
                    (Some(kind), None) => {
                        self.ids.insert(f.stem.clone(), (kind, rel.clone()));
                        changes.arrived.push((kind, f.stem.clone(), rel.clone()));
                    }
                    // Another file has this id: the full load reports it.
                    _ => return Err(NeedsFullLoad),
                }
            }
            if kind == Some(ItemKind::Table) {
                let id = f.stem.clone();
                changes.tables.push(match parse_file(f) {
                    Ok(Parsed::Table { file, table }) => {
                        TableChange::Built(Box::new(build_table(file, *table)))
                    }
                    Err(diag) => TableChange::Unreadable {
                        id,
                        file: rel.clone(),
                        diag,
                    },
                    Ok(_) => return Err(NeedsFullLoad),
                });
            } else {
                changes.rebuild(rel);
            }
        }
        Ok(changes)
    }

    /// Links to an id that came or went now resolve differently: the files that refer to it are rebuilt, and the
    /// meetings with calendars (which link the dates that are meetings) are rendered again.
    fn add_referrers(&self, changes: &mut Changes) {
        if changes.arrived.is_empty() && changes.gone.is_empty() {
            return;
        }
        let moved = changes.ids_moved();
        let gone_files: HashSet<&str> = changes
            .gone
            .iter()
            .map(|(_, _, rel)| rel.as_str())
            .collect();
        let referrers: Vec<String> = self
            .refs
            .iter()
            .filter(|(file, r)| {
                moved.contains(r.target.as_str()) && !gone_files.contains(file.as_str())
            })
            .map(|(file, _)| file.clone())
            .collect();
        let calendars: Vec<(ItemKind, String)> = self
            .meetings
            .iter()
            .filter(|m| {
                !m.front.calendars.is_empty() && !gone_files.contains(m.source.file.as_str())
            })
            .map(|m| (ItemKind::Meeting, m.id.clone()))
            .collect();
        for file in referrers {
            changes.rebuild(&file);
        }
        changes.entities.extend(calendars);
    }

    /// Puts changed tables into the model (or takes them out). What places a table is rendered again; it is read
    /// and built again only when the table came or went, which changes whether its `[[tabel:…]]` names a table.
    fn apply_tables(
        &mut self,
        tables: Vec<TableChange>,
        changes: &mut Changes,
        diags: &mut Diagnostics,
    ) {
        let moved: HashSet<String> = changes
            .ids_moved()
            .into_iter()
            .map(str::to_string)
            .collect();
        for change in tables {
            let id = change.id().to_string();
            changes.entities.push((ItemKind::Table, id.clone()));
            for (kind, item, file) in self.placements_of(&id) {
                if moved.contains(&id) {
                    changes.rebuild(&file);
                } else {
                    changes.entities.push((kind, item));
                }
            }
            match change {
                TableChange::Built(b) => {
                    let (t, d) = *b;
                    diags.items.extend(d);
                    self.failed.remove(&t.source.file);
                    // Tables are few; positions are rebuilt afterwards (`reindex_others`).
                    match self.tables.iter_mut().find(|x| x.id == t.id) {
                        Some(x) => *x = t,
                        None => self.tables.push(t),
                    }
                }
                TableChange::Unreadable { id, file, diag } => {
                    diags.push(diag);
                    self.tables.retain(|t| t.id != id);
                    self.forget_position(&id);
                    self.failed.insert(file);
                }
                // Its file leaves `failed` with the other gone files (`apply_built`).
                TableChange::Gone { id } => {
                    self.tables.retain(|t| t.id != id);
                    self.forget_position(&id);
                }
            }
        }
    }

    /// The meetings, documents and pages that place table `id` (found or not) or bind one of its figures
    /// (`[[tal:…]]`): (kind, id, file).
    fn placements_of(&self, id: &str) -> Vec<(ItemKind, String, String)> {
        let places = |requested: &[String]| requested.iter().any(|t| t == id);
        let binds =
            |f: &crate::model::figure::TextFigures| f.bound.iter().any(|b| b.figure.table == id);
        let meetings = (self.meetings.iter())
            .filter(|m| places(&m.tables_requested) || m.items.iter().any(|i| binds(i.figures())))
            .map(|m| (ItemKind::Meeting, m.id.clone(), m.source.file.clone()));
        let documents = (self.documents.iter())
            .filter(|d| places(&d.tables_requested) || binds(&d.figures))
            .map(|d| (ItemKind::Document, d.id.clone(), d.source.file.clone()));
        let pages = (self.pages.iter())
            .filter(|p| places(&p.tables_requested) || binds(&p.figures))
            .map(|p| (ItemKind::Page, p.id.clone(), p.source.file.clone()));
        meetings.chain(documents).chain(pages).collect()
    }

    /// Reads, parses and builds the files to rebuild, in parallel. The statute, or any document while there is
    /// none, failing or changing whether it is the statute, changes what others resolve against.
    fn build_files(&self, rebuild: &[String]) -> Result<Vec<(String, BuiltFile)>, NeedsFullLoad> {
        let statute = self.statute_id.as_deref();
        let resolver = Resolver {
            ids: &self.ids,
            names: &self.names,
            html: crate::markdown::Html::Make,
        };
        let parsed: Vec<(String, Result<Parsed, Diagnostic>)> = rebuild
            .par_iter()
            .map(|rel| (rel.clone(), parse_file(RawFile::on_disk(&self.root, rel))))
            .collect();
        let mut built = Vec::new();
        for (rel, p) in parsed {
            let b = match p {
                Ok(Parsed::Meeting {
                    file,
                    front,
                    body_start,
                }) => Ok(Rebuilt::Meeting(Box::new(build_meeting(
                    file, front, body_start, &resolver,
                )))),
                Ok(Parsed::Page {
                    file,
                    front,
                    body_start,
                }) => Ok(Rebuilt::Page(Box::new(build_page(
                    file, front, body_start, &resolver,
                )))),
                Ok(Parsed::Document {
                    file,
                    front,
                    body_start,
                }) => {
                    // A new version file joins a document that is not rebuilt with it: load everything.
                    let parent = (front.version_of.as_ref())
                        .map(|of| self.ids.get(&of.value).map(|(_, rel)| rel.as_str()));
                    if let Some(parent) = parent {
                        if !parent.is_some_and(|p| rebuild.iter().any(|r| r == p)) {
                            return Err(NeedsFullLoad);
                        }
                    } else if (front.kind == DocumentKind::Statute)
                        != (statute == Some(file.stem.as_str()))
                        || self.names_change(&file.stem, &front, &file.text[body_start..])
                    {
                        return Err(NeedsFullLoad);
                    }
                    Ok(Rebuilt::Document(Box::new(build_document(
                        file, front, body_start, &resolver,
                    ))))
                }
                Ok(Parsed::Table { .. }) => return Err(NeedsFullLoad),
                Err(_)
                    if kind_of_file(&rel) == Some(ItemKind::Document)
                        && (statute.is_none() || statute == Some(stem_of(&rel).as_str())) =>
                {
                    return Err(NeedsFullLoad)
                }
                Err(d) => Err(d),
            };
            built.push((rel, b));
        }
        Ok(built)
    }

    /// When `rel` is a document with versions or one of its versions: the files of the document and of every
    /// version, which are rebuilt together.
    fn version_family(&self, rel: &str) -> Option<Vec<String>> {
        let d = (self.documents.iter().filter(|d| !d.versions.is_empty()))
            .find(|d| d.source.file == rel || d.versions.iter().any(|v| v.source.file == rel))?;
        let files = std::iter::once(d).chain(&d.versions);
        Some(files.map(|x| x.source.file.clone()).collect())
    }

    /// Whether a rebuilt document's names (`aliases`) or numbering differ from what others resolved against.
    fn names_change(
        &self,
        id: &str,
        front: &crate::model::document::DocumentFront,
        body: &str,
    ) -> bool {
        let numbering = crate::statute::numbering_of(front, body);
        let declared: Vec<String> = front
            .aliases
            .iter()
            .map(|a| a.trim().to_lowercase())
            .collect();
        let implicit = self.statute_id.as_deref() == Some(id);
        let mut had = self.names.of(id);
        // The one statute's "vedtægterne" is not declared; it stays as long as the statute does.
        had.retain(|(n, _)| {
            !implicit || declared.iter().any(|d| d == n) || !crate::statute::IMPLICIT.contains(n)
        });
        had.iter().any(|(_, n)| *n != numbering)
            || had.len() != declared.len()
            || declared.iter().any(|d| !had.iter().any(|(h, _)| h == d))
    }

    /// Replaces the rebuilt files' items, references and failures, and drops those of gone files (nothing can
    /// fail from here). Returns the files whose load diagnostics `diags` now holds.
    fn apply_built(
        &mut self,
        built: Vec<(String, Result<Rebuilt, Diagnostic>)>,
        changes: &mut Changes,
        diags: &mut Diagnostics,
    ) -> Vec<String> {
        let files: HashSet<String> = (built.iter().map(|(r, _)| r))
            .chain(changes.gone.iter().map(|(_, _, r)| r))
            .cloned()
            .collect();
        for file in &files {
            self.replace_refs(file, Vec::new());
        }
        self.pages.retain(|p| !files.contains(&p.source.file));
        self.documents.retain(|d| !files.contains(&d.source.file));
        let mut rebuilt_meetings = Vec::new();
        let mut changed_files: Vec<String> = built.iter().map(|(r, _)| r.clone()).collect();
        for (kind, id, rel) in changes.gone.drain(..) {
            self.failed.remove(&rel);
            if kind != ItemKind::Meeting {
                self.forget_position(&id);
            }
            changes.entities.push((kind, id));
            changed_files.push(rel);
        }
        for (rel, b) in built {
            self.failed.remove(&rel);
            let stem = stem_of(&rel);
            let kind = self.ids.get(&stem).map(|k| k.0).unwrap_or(ItemKind::Page);
            changes.entities.push((kind, stem));
            let (d, r) = match b {
                Ok(Rebuilt::Meeting(x)) => {
                    let (m, d, r) = *x;
                    rebuilt_meetings.push(m);
                    (d, r)
                }
                Ok(Rebuilt::Page(x)) => {
                    let (p, d, r) = *x;
                    self.pages.push(p);
                    (d, r)
                }
                Ok(Rebuilt::Document(x)) => {
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
            self.replace_refs(&rel, r);
        }
        self.replace_meetings(&files, rebuilt_meetings);
        changed_files
    }

    /// A table shows its document's title: the tables of changed documents are changed too.
    fn owned_tables(&self, entities: &[(ItemKind, String)]) -> Vec<(ItemKind, String)> {
        let documents: HashSet<&str> = (entities.iter())
            .filter(|(kind, _)| *kind == ItemKind::Document)
            .map(|(_, id)| id.as_str())
            .collect();
        (self.tables.iter())
            .filter(|t| {
                t.file
                    .document
                    .as_ref()
                    .is_some_and(|d| documents.contains(d.value.as_str()))
            })
            .map(|t| (ItemKind::Table, t.id.clone()))
            .collect()
    }
}

/// A file read, parsed and built again, or why it could not be.
type BuiltFile = Result<Rebuilt, Diagnostic>;
