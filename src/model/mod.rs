//! The content model: typed meetings, documents, tables and pages, deserialised from YAML front matter and YAML
//! data files. Plain data: reading, parsing and building live in [`crate::load`], wording in [`crate::i18n`] and
//! the templates; this module only defines the types and small helpers.

pub mod closed;
pub mod describe;
pub mod document;
pub mod exact;
pub mod figure;
pub mod item_number;
pub mod meeting;
pub mod proof;
pub mod table;
pub mod text;
pub mod version;
pub mod vote;

pub use crate::kinds::{DocumentKind, ItemKind, Kind, MeetingKind};
pub use document::{Document, Page};
pub use meeting::{AgendaItem, Meeting};
pub use table::Table;

use crate::diagnostics::Pos;
use serde::{Deserialize, Serialize};

/// URL-safe slug with Danish letters folded (æ→ae, ø→oe, å→aa).
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.to_lowercase().chars() {
        match ch {
            'æ' => out.push_str("ae"),
            'ø' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {
                if !out.ends_with('-') {
                    out.push('-')
                }
            }
        }
    }
    out.trim_matches('-').to_string()
}

/// Ids are file stems: lowercase ASCII letters, digits and hyphens.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 120
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

/// A recorded inconsistency of the source, in a meeting, document or page (tables have their own, see
/// [`table::TableDiscrepancy`]). `check` finds what every entry quotes where it says (see
/// `check::acknowledgements`): an entry that matches nothing is an error.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Discrepancy {
    pub kind: DiscrepancyKind,
    /// The agenda item it concerns (a meeting's).
    #[serde(default)]
    pub item: Option<String>,
    /// The section it concerns (a document's or page's): a number ("9.1", "Bilag 1") or a heading's anchor.
    #[serde(default)]
    pub section: Option<String>,
    /// The table it concerns, when the words it quotes are a table's (a column label, a row's name).
    #[serde(default)]
    pub table: Option<String>,
    /// The row of that table (its id or its printed name); without `table:`, a row of a table the file places.
    #[serde(default)]
    pub row: Option<String>,
    /// The words exactly as the text has them, when `printed` is not a verbatim quotation (a list of variants,
    /// a table row written out): `check` finds them where the entry says.
    #[serde(default)]
    pub phrase: Option<String>,
    #[serde(default)]
    pub printed: Option<String>,
    #[serde(default)]
    pub expected: Option<String>,
    pub note: String,
    /// Where the entry is written in the file.
    #[serde(skip)]
    pub pos: Pos,
    /// Whether the words it quotes (`phrase`, else `printed`) stand in the lines of the place it names (its
    /// item's, its section's, else the body's), found when the file was read (`load::quotes`), so that `check`
    /// reads no file; `None` when it quotes nothing or names a table, or the place does not exist.
    #[serde(skip)]
    pub quoted_in_file: Option<bool>,
}

/// A text as quotations are compared: white space runs are one space (quotations are written on one line, the
/// text wraps), and a bound figure (`[[tal:… | 1,05]]`) reads as the figure it prints.
pub fn quotable(s: &str) -> String {
    let mut plain = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("[[tal:") {
        plain.push_str(&rest[..at]);
        let Some(end) = rest[at..].find("]]") else {
            rest = &rest[at..];
            break;
        };
        let inner = &rest[at + 6..at + end];
        plain.push_str(
            inner
                .split_once('|')
                .map_or(inner, |(_, printed)| printed)
                .trim(),
        );
        rest = &rest[at + end + 2..];
    }
    plain.push_str(rest);
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl crate::yaml::Positioned for Discrepancy {
    fn set_pos(&mut self, pos: Pos) {
        self.pos = pos;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiscrepancyKind {
    Title,
    Weekday,
    Date,
    Reference,
    Attachment,
    Total,
    /// A bound figure (`[[tal:… | trykt]]`) that prints another figure than its table.
    Figure,
    Other,
}

/// Where an item was defined, for diagnostics.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// Path relative to the site root, with forward slashes.
    pub file: String,
    /// Line in `file` where the Markdown body starts (0 for YAML files).
    pub body_line: usize,
}

/// A reference found in content (a `ref:` link or a phrase such as "jf. punkt 4.7"), checked once every item's
/// sections are known.
#[derive(Debug, Clone)]
pub struct RefUse {
    pub target: String,
    pub anchor: Option<String>,
    /// The text as written ("jf. punkt 4.7" or the link destination).
    pub written: String,
    /// A `ref:` link's text ("punkt 12" of `[punkt 12](ref:møde#budget-2021)`): what the writer said it points at.
    pub link_text: Option<String>,
    /// The unit (and document) that `link_text` names, when it names one ("stk. 6,5 i vedtægter"): what the
    /// checker compares with the link's target.
    pub said: Option<Said>,
    pub pos: Pos,
}

/// What a `ref:` link's text says it points at: "punkt 4.7", "§ 4, stk. 2", "jævnfør stk. 6,5 i vedtægter",
/// "vedtægterne". Read while parsing (`markdown`), in the forms a target may be numbered in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Said {
    /// The words that name it, as written ("stk. 6,5 i vedtægter").
    pub phrase: String,
    /// The unit as a dotted number ("6.5", an agenda item "3.5" or "19-001"), where it has one.
    pub dotted: Option<String>,
    /// The unit as a paragraph-style anchor ("p4-stk2"), where it has one.
    pub eid: Option<String>,
    /// The document the text names by one of its names ("i vedtægter" → `fsc-vedtaegter`).
    pub document: Option<String>,
    /// The kind of document the text names by the word for it ("forretningsorden", "kommissoriet").
    pub kind: Option<DocumentKind>,
}

/// A date written with its weekday, found in a file, with its position.
#[derive(Debug, Clone)]
pub struct DatedPhrase {
    pub phrase: String,
    pub written: chrono::Weekday,
    pub date: chrono::NaiveDate,
    pub pos: Pos,
}

/// A date no calendar has ("30. februar 2021"), found in a file's body, with its position.
#[derive(Debug, Clone)]
pub struct ImpossibleDate {
    pub phrase: String,
    pub pos: Pos,
}

/// A heading or section inside rendered Markdown, for tables of contents and reference resolution.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub anchor: String,
    /// Section number as printed ("4.7", "Bilag 1"), empty for unnumbered headings.
    pub number: String,
    pub title: String,
    pub level: u8,
    #[serde(skip)]
    pub pos: Pos,
}
