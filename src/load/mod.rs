//! Load → parse → model: reads `content/`, deserialises front matter and tables, renders Markdown bodies, and
//! returns the typed [`Site`] plus every diagnostic found on the way. Nothing here writes files, and nothing here
//! uses a later stage: `[[tabel:…]]` and `[[kalender:…]]` become placeholders that the page binds when it is
//! rendered ([`crate::markdown::directive`]), so loading never makes table or calendar HTML.
//!
//! A full load, step by step (this file runs them):
//! 1. [`files`]: list `content/` ([`files::RawFile`]: a file's folder, id and extension, read on demand);
//!    [`folders`]: the one mapping from a folder to the kind of content it holds.
//! 2. [`index_ids`]: the id index from file names alone (links resolve against it before anything is parsed).
//! 3. [`front`]: read tables and documents and parse their front matter first (few, and needed by the rest:
//!    the statute that "i vedtægterne" means, the tables `[[tabel:…]]` names); [`table`] and [`document`]
//!    build them.
//! 4. [`meeting`] and [`page`]: each meeting and page is read, parsed and built by one worker, its text dropped
//!    right after (a large portal's text is never all in memory).
//! 5. [`site`]: the [`Site`], sorted, with its lookups by id.
//!
//! [`update`] re-runs steps 3–5 for the files an edit touched (`protokol serve`).

mod body;
mod closed;
mod document;
mod files;
mod folders;
mod front;
mod links;
mod meeting;
mod page;
pub mod quotes;
mod site;
mod table;
mod table_figures;
mod update;
mod versions;

pub use closed::WithheldTable;
pub use files::CONTENT_DIR;
pub(crate) use files::{kind_of_file, stem_of};
pub use folders::{folder_of, kind_of_folder};
pub use front::parse_date;
pub use links::IdIndex;
pub use site::Site;
pub use update::Update;
pub use versions::{current_version, in_order};

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::markdown::{Html, RefUse};
use crate::model::document::DocumentFront;
use crate::model::table::TableFile;
use crate::model::{Document, DocumentKind, ItemKind, Meeting, Page};
use files::RawFile;
use front::{parse_file, Parsed};
use links::Resolver;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::Path;

/// A built file: the item, the diagnostics of its file and the references it makes.
type Built<T> = (T, Vec<Diagnostic>, Vec<RefUse>);

/// Loads the site below `root`, its Markdown bodies rendered to HTML (`Html::Make`) or only scanned for what the
/// checks need (`Html::Discard`, `protokol check`: the pages' HTML stays empty).
pub fn load(root: &Path, config: Config, html: Html) -> (Site, Diagnostics) {
    let mut diags = Diagnostics::default();
    let files = files::list_content(root, &mut diags);
    let (site, more) = load_files(root, config, files, html);
    diags.extend(more);
    (site, diags)
}

/// Loads a site from files given in memory: `(path relative to the root, text)`, e.g.
/// `("content/tabeller/x.yaml", "...")`. Used by the fuzz target and tests; `load` reads the same from disk.
pub fn load_texts(
    root: &Path,
    config: Config,
    files: Vec<(String, String)>,
) -> (Site, Diagnostics) {
    let files = files
        .into_iter()
        .map(|(rel, text)| RawFile::new(rel, text, None))
        .collect();
    load_files(root, config, files, Html::Make)
}

fn load_files(root: &Path, config: Config, files: Vec<RawFile>, html: Html) -> (Site, Diagnostics) {
    let mut diags = Diagnostics::default();
    let (ids, duplicate_ids) = index_ids(&files, &mut diags);
    let mut site = Site::new(root.to_path_buf(), config, ids);
    site.duplicate_ids = duplicate_ids;
    let (early, late): (Vec<RawFile>, Vec<RawFile>) = files
        .into_iter()
        .partition(|f| matches!(f.kind(), Some(ItemKind::Table | ItemKind::Document)));
    let (documents, tables) = parse_early(early, &mut site.failed, &mut diags);
    for (t, d) in tables
        .into_par_iter()
        .map(|(f, t)| table::build_table(f, *t))
        .collect::<Vec<_>>()
    {
        diags.items.extend(d);
        site.tables.push(t);
    }
    site.statute_id = the_statute(&documents);
    site.names = doc_names(&documents);
    let resolver = Resolver {
        ids: &site.ids,
        names: &site.names,
        html,
    };
    let (meetings, pages) = build_late(late, &resolver, &mut site.failed, &mut diags);
    let documents: Vec<Built<Document>> = documents
        .into_par_iter()
        .map(|(f, front, start)| document::build_document(f, front, start, &resolver))
        .collect();
    diags.items.extend(meetings.diags);
    let mut refs = meetings.refs;
    site.meetings = meetings.built;
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
    // By file as the files are listed (component by component), so that a file's references are one range
    // (`Site::refs_of`); the sort is stable, keeping each file's in the order of its text.
    refs.sort_by(|(a, _), (b, _)| Path::new(a).cmp(Path::new(b)));
    site.refs = refs;
    versions::attach_versions(&mut site, &mut diags);
    site.withhold_tables();
    site.reindex();
    (site, diags)
}

/// The id index, from file names alone: every id must be unique across kinds. Returns the ids used twice too.
fn index_ids(files: &[RawFile], diags: &mut Diagnostics) -> (IdIndex, HashSet<String>) {
    let mut index = IdIndex::new();
    let mut duplicates = HashSet::new();
    for f in files {
        let Some(kind) = f.kind() else { continue };
        if let Some((_, other)) = index.get(&f.stem) {
            duplicates.insert(f.stem.clone());
            diags.push(
                Diagnostic::error(Code::DuplicateId, Msg::DuplicateId { id: f.stem.clone() })
                    .in_file(&f.rel)
                    .hint(Msg::HintDuplicateId {
                        other: other.clone(),
                    }),
            );
        } else {
            index.insert(f.stem.clone(), (kind, f.rel.clone()));
        }
    }
    (index, duplicates)
}

/// A document whose front matter parsed: the file, the front matter, the offset of its body.
type DocumentParsed = (RawFile, DocumentFront, usize);

/// Reads and parses the tables and documents (in parallel); files that fail go to `failed` and `diags`.
fn parse_early(
    files: Vec<RawFile>,
    failed: &mut HashSet<String>,
    diags: &mut Diagnostics,
) -> (Vec<DocumentParsed>, Vec<(RawFile, Box<TableFile>)>) {
    let mut documents = Vec::new();
    let mut tables = Vec::new();
    for p in files.into_par_iter().map(parse_file).collect::<Vec<_>>() {
        match p {
            Ok(Parsed::Document {
                file,
                front,
                body_start,
            }) => documents.push((file, front, body_start)),
            Ok(Parsed::Table { file, table }) => tables.push((file, table)),
            Ok(_) => {}
            Err(d) => {
                failed.extend(d.file.clone());
                diags.push(d);
            }
        }
    }
    (documents, tables)
}

/// The names documents are cited by, with each document's numbering (declared, or detected from its body).
fn doc_names(documents: &[DocumentParsed]) -> crate::statute::DocNames {
    // A version file is cited through its main document, never by name of its own.
    let documents: Vec<&DocumentParsed> = (documents.iter())
        .filter(|(_, d, _)| d.version_of.is_none())
        .collect();
    let numberings: Vec<crate::statute::Numbering> = documents
        .iter()
        .map(|(f, d, start)| crate::statute::numbering_of(d, &f.text[*start..]))
        .collect();
    crate::statute::DocNames::new(documents.iter().zip(&numberings).map(|(&(f, d, _), n)| {
        crate::statute::Named {
            id: &f.stem,
            kind: d.kind,
            numbering: *n,
            aliases: &d.aliases,
        }
    }))
}

/// The one statute among the documents that parse; none when there are none or several.
fn the_statute(documents: &[DocumentParsed]) -> Option<String> {
    let statutes: Vec<&String> = documents
        .iter()
        .filter(|(_, d, _)| d.kind == DocumentKind::Statute && d.version_of.is_none())
        .map(|(f, ..)| &f.stem)
        .collect();
    (statutes.len() == 1).then(|| statutes[0].clone())
}

/// The meetings built, in one vector of exactly their number (at 100,000 meetings a vector grown by doubling,
/// and a second one they are moved into, would be ~200 MB beside the model at the end of the load, #15), with
/// their diagnostics and references (each with its file) in file order.
struct BuiltMeetings {
    built: Vec<Meeting>,
    diags: Vec<Diagnostic>,
    refs: Vec<(String, RefUse)>,
}

/// Reads, parses and builds each meeting and page in one worker (its text is dropped right after); files that
/// fail go to `failed` and `diags`.
fn build_late(
    files: Vec<RawFile>,
    resolver: &Resolver,
    failed: &mut HashSet<String>,
    diags: &mut Diagnostics,
) -> (BuiltMeetings, Vec<Built<Page>>) {
    enum Late {
        Meeting(Box<Built<Meeting>>),
        Page(Box<Built<Page>>),
        Failed(Diagnostic),
    }
    let late: Vec<Late> = files
        .into_par_iter()
        .filter_map(|f| match parse_file(f) {
            Ok(Parsed::Meeting {
                file,
                front,
                body_start,
            }) => Some(Late::Meeting(Box::new(meeting::build_meeting(
                file, front, body_start, resolver,
            )))),
            Ok(Parsed::Page {
                file,
                front,
                body_start,
            }) => Some(Late::Page(Box::new(page::build_page(
                file, front, body_start, resolver,
            )))),
            Ok(_) => None,
            Err(d) => Some(Late::Failed(d)),
        })
        .collect();
    let count = late
        .iter()
        .filter(|l| matches!(l, Late::Meeting(_)))
        .count();
    let mut meetings = BuiltMeetings {
        built: Vec::with_capacity(count),
        diags: Vec::new(),
        refs: Vec::new(),
    };
    let mut pages = Vec::new();
    for l in late {
        match l {
            Late::Meeting(m) => {
                let (m, d, r) = *m;
                meetings.diags.extend(d);
                (meetings.refs).extend(r.into_iter().map(|x| (m.source.file.clone(), x)));
                meetings.built.push(m);
            }
            Late::Page(p) => pages.push(*p),
            Late::Failed(d) => {
                failed.extend(d.file.clone());
                diags.push(d);
            }
        }
    }
    (meetings, pages)
}
