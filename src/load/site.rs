//! [`Site`]: the typed model of one portal as loading leaves it, and its lookups by id.

use super::links::{link_target, IdIndex};
use crate::config::Config;
use crate::markdown::{AnchorStyle, RefUse};
use crate::model::{Document, Meeting, Page, Table};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub meetings: Vec<Meeting>,
    pub documents: Vec<Document>,
    pub tables: Vec<Table>,
    /// Tables that belong only to closed agenda items: checked, never published ([`Site::withhold_tables`]).
    pub withheld_tables: Vec<super::closed::WithheldTable>,
    pub pages: Vec<Page>,
    /// Every reference found in content, with the file it was found in: sorted by file as the files are listed
    /// (path components in order), each file's in the order of its text, so that one file's are found by binary
    /// search ([`Site::refs_of`]) and replaced without a pass over all of them ([`Site::replace_refs`], #15).
    pub refs: Vec<(String, RefUse)>,
    /// Every id in content/, from file names alone: (kind, file). Files that failed to parse are here too.
    pub ids: IdIndex,
    /// The one statute, which "i vedtægterne" phrases refer to.
    pub statute_id: Option<String>,
    /// The names by which texts cite documents ("i vedtægterne", declared `aliases`), with their numbering.
    pub names: crate::statute::DocNames,
    /// Files that could not be read or parsed (so are missing from the model).
    pub failed: HashSet<String>,
    /// Ids that more than one file claims (an error); files with these ids are only handled by a full load.
    pub duplicate_ids: HashSet<String>,
    /// Position of each meeting, document and table in its list, by id.
    positions: HashMap<String, usize>,
}

impl Site {
    pub(crate) fn new(root: PathBuf, config: Config, ids: IdIndex) -> Site {
        Site {
            root,
            config,
            meetings: Vec::new(),
            documents: Vec::new(),
            tables: Vec::new(),
            withheld_tables: Vec::new(),
            pages: Vec::new(),
            refs: Vec::new(),
            ids,
            statute_id: None,
            names: crate::statute::DocNames::default(),
            failed: HashSet::new(),
            duplicate_ids: HashSet::new(),
            positions: HashMap::new(),
        }
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

    /// Where a link to the file with id `id` goes (below [`crate::urls::ROOT`]), whether it parsed or not, as
    /// Markdown links resolve when loading.
    pub fn link(&self, id: &str) -> Option<(String, AnchorStyle)> {
        link_target(&self.ids, id)
    }

    /// Drops the HTML of every body (agenda items and their parts, documents and their versions, pages): after
    /// a one-off build has written its pages, no later stage reads it (the search index reads the plain text, the
    /// whole-site outputs the metadata). An item's packed HTML costs little beyond its text (`ItemBody`), but
    /// what is freed is freed before the search index grows (#15).
    pub fn drop_html(&mut self) {
        for m in &mut self.meetings {
            for it in &mut m.items {
                it.body.drop_html();
            }
        }
        for d in &mut self.documents {
            d.html = String::new();
            for v in &mut d.versions {
                v.html = String::new();
            }
        }
        for p in &mut self.pages {
            p.html = String::new();
        }
    }

    /// Frees every agenda item's text and HTML: after a one-off build's search index, the only stage that reads
    /// the texts, the whole-site outputs read the metadata alone, and the ~6.8 KB a meeting of packed text is
    /// the room the calendars grow into instead of above it (#15).
    pub fn drop_item_texts(&mut self) {
        for at in 0..self.meetings.len() {
            self.drop_meeting_texts(at);
        }
    }

    /// Frees the text and HTML of the agenda items of the meeting at `at` in [`Site::meetings`] (none if there
    /// is none): the search index of a one-off build frees each meeting's once it has analysed them (#15).
    pub fn drop_meeting_texts(&mut self, at: usize) {
        for it in self
            .meetings
            .get_mut(at)
            .into_iter()
            .flat_map(|m| &mut m.items)
        {
            it.body.clear();
        }
    }

    /// Sorts the lists (meetings newest first, the rest by id) and rebuilds the id lookup.
    pub(crate) fn reindex(&mut self) {
        self.meetings.sort_by(newest_first);
        self.positions.clear();
        for (i, m) in self.meetings.iter().enumerate() {
            self.positions.insert(m.id.clone(), i);
        }
        self.reindex_others();
    }

    /// Sorts documents, tables and pages by id and puts their positions in the id lookup; the meetings' stay as
    /// they are (there are few of the others, and up to 100,000 meetings, #15).
    pub(crate) fn reindex_others(&mut self) {
        self.documents.sort_by(|a, b| a.id.cmp(&b.id));
        self.tables.sort_by(|a, b| a.id.cmp(&b.id));
        self.pages.sort_by(|a, b| a.id.cmp(&b.id));
        let ids = (self.documents.iter().map(|d| &d.id).enumerate())
            .chain(self.tables.iter().map(|t| &t.id).enumerate());
        for (i, id) in ids {
            self.positions.insert(id.clone(), i);
        }
    }

    /// The references found in `file` (a path below the root).
    pub fn refs_of(&self, file: &str) -> &[(String, RefUse)] {
        &self.refs[self.refs_range(file)]
    }

    /// Where the references of `file` are (or would go) in [`Site::refs`].
    fn refs_range(&self, file: &str) -> std::ops::Range<usize> {
        let file = Path::new(file);
        let start = (self.refs).partition_point(|(f, _)| Path::new(f) < file);
        let len = self.refs[start..].partition_point(|(f, _)| Path::new(f) == file);
        start..start + len
    }

    /// Replaces the references of `file` with `refs` (in the order of its text), where they belong.
    pub(crate) fn replace_refs(&mut self, file: &str, refs: Vec<RefUse>) {
        let range = self.refs_range(file);
        let with_file = refs.into_iter().map(|r| (file.to_string(), r));
        self.refs.splice(range, with_file);
    }

    /// Forgets where `id` was, when it left the model (lookups check the id they find, so this only keeps the
    /// lookup from growing).
    pub(crate) fn forget_position(&mut self, id: &str) {
        self.positions.remove(id);
    }

    /// Replaces the meetings of `files` (paths below the root) with `rebuilt`, keeping [`Site::meetings`] sorted
    /// newest first as [`Site::reindex`] sorts it, without sorting it again: a meeting that keeps its id and date
    /// is replaced where it is; the others are removed and inserted by binary search, and only the positions
    /// from the first place touched are set again (to the last one when a single meeting moved).
    pub(crate) fn replace_meetings(&mut self, files: &HashSet<String>, rebuilt: Vec<Meeting>) {
        let mut moving = Vec::new();
        let mut replaced = HashSet::new();
        for m in rebuilt {
            match self.meeting_position(&m.id) {
                Some(i) if self.meetings[i].date == m.date => {
                    replaced.insert(m.id.clone());
                    self.meetings[i] = m;
                }
                _ => moving.push(m),
            }
        }
        // The changed files' meetings that were not replaced where they are: gone, failing now, or moved.
        let mut removed: Vec<usize> = (files.iter())
            .map(|f| super::files::stem_of(f))
            .filter(|id| !replaced.contains(id))
            .filter_map(|id| self.meeting_position(&id))
            .filter(|&i| files.contains(&self.meetings[i].source.file))
            .collect();
        removed.sort_unstable();
        removed.dedup();
        // One meeting moved (a date changed): the meetings past both its places keep theirs.
        let one_moved = removed.len() == 1 && moving.len() == 1;
        let (mut lo, mut hi) = (usize::MAX, 0);
        for &i in removed.iter().rev() {
            let m = self.meetings.remove(i);
            self.positions.remove(&m.id);
            (lo, hi) = (lo.min(i), hi.max(i));
        }
        for m in moving {
            let i = self
                .meetings
                .partition_point(|x| newest_first(x, &m).is_lt());
            self.meetings.insert(i, m);
            (lo, hi) = (lo.min(i), hi.max(i));
        }
        if lo == usize::MAX {
            return;
        }
        let end = if one_moved {
            hi + 1
        } else {
            self.meetings.len()
        };
        for (i, m) in self.meetings.iter().enumerate().take(end).skip(lo) {
            self.positions.insert(m.id.clone(), i);
        }
    }
}

/// The order of [`Site::meetings`]: newest first, then by id.
fn newest_first(a: &Meeting, b: &Meeting) -> std::cmp::Ordering {
    b.date.cmp(&a.date).then(a.id.cmp(&b.id))
}
