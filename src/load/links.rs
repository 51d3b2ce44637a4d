//! What building one file needs from the rest of the site, known before any meeting or page is built: the id
//! index (from file names alone) for links and directives, and the names documents are cited by ("i vedtægterne").

use crate::markdown::{AnchorStyle, Directive, Html};
use crate::model::ItemKind;
use crate::statute::DocNames;
use crate::urls::{url_path, ROOT};
use std::collections::HashMap;

/// Every id in content/, from file names alone: (kind, file). Files that failed to parse are here too.
pub type IdIndex = HashMap<String, (ItemKind, String)>;

/// Where a reference to `id` links (below [`ROOT`]) and how its anchors are written, from the id index alone.
pub fn link_target(ids: &IdIndex, id: &str) -> Option<(String, AnchorStyle)> {
    ids.get(id).map(|(kind, _)| {
        let style = match kind {
            ItemKind::Meeting => AnchorStyle::Item,
            ItemKind::Document | ItemKind::Page => AnchorStyle::Section,
            ItemKind::Table => AnchorStyle::None,
        };
        (format!("{ROOT}{}", url_path(*kind, id)), style)
    })
}

/// The site as a file being built sees it.
#[derive(Clone, Copy)]
pub(crate) struct Resolver<'a> {
    pub ids: &'a IdIndex,
    /// The names by which texts cite documents: the one statute's "vedtægterne", declared `aliases`.
    pub names: &'a DocNames,
    /// Whether Markdown bodies are rendered to HTML (a build) or only scanned (`protokol check`).
    pub html: Html,
}

impl Resolver<'_> {
    pub fn link(&self, id: &str) -> Option<(String, AnchorStyle)> {
        link_target(self.ids, id)
    }

    /// Whether `[[tabel:id]]` names a table: a file of content/tabeller/, parsed or not (one that does not parse
    /// has its own error, and what places it is not reported again).
    pub fn table_exists(&self, id: &str) -> bool {
        self.ids
            .get(id)
            .is_some_and(|(kind, _)| *kind == ItemKind::Table)
    }

    /// Whether a directive outside a meeting names something: only tables (calendars belong to meetings).
    pub fn exists_outside_meetings(&self, directive: Directive, id: &str) -> bool {
        directive == Directive::Table && self.table_exists(id)
    }
}
