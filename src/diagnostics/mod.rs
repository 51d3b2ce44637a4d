//! Diagnostics: what went wrong, where (file, line, column), what was expected and what was found.
//!
//! Every stage reports through [`Diagnostic`], whose code is typed ([`Code`]) and whose words are catalogue
//! messages ([`Msg`]) put into a language only when shown: [`render`] writes them for people (with the source
//! line, through annotate-snippets), machines (JSON lines) or GitHub Actions. The JSON field names are a stable
//! interface (see README, "Diagnostics").

mod codes;
mod render;

pub use codes::Code;
pub use render::{render, Format, Style};

use crate::i18n::{Lang, Msg};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A known, acknowledged discrepancy of the source: shown, never fatal.
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Words of a diagnostic: a catalogue message, or text that is the same in every language (an id, a figure as
/// written, a list of numbers, a library's own message).
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    Msg(Msg),
    Plain(String),
}

impl Text {
    pub fn in_lang(&self, lang: Lang) -> String {
        match self {
            Text::Msg(m) => crate::i18n::text(m, lang),
            Text::Plain(s) => s.clone(),
        }
    }
}

/// In Danish, the default language.
impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.in_lang(Lang::Da))
    }
}

impl From<Msg> for Text {
    fn from(m: Msg) -> Text {
        Text::Msg(m)
    }
}
impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::Plain(s)
    }
}
impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::Plain(s.to_string())
    }
}
impl From<&String> for Text {
    fn from(s: &String) -> Text {
        Text::Plain(s.clone())
    }
}

/// A diagnostic: one pointer wide (its fields live in a box), so `Result<T, Diagnostic>` stays small. Fields
/// are read and set through it as if it were [`Details`].
#[derive(Debug, Clone)]
pub struct Diagnostic(Box<Details>);

#[derive(Debug, Clone)]
pub struct Details {
    pub severity: Severity,
    /// Stable machine-readable code, e.g. `yaml`, `table-sum`.
    pub code: Code,
    pub message: Text,
    /// Path relative to the site root (forward slashes).
    pub file: Option<String>,
    /// 1-based; 0 when unknown.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub column: usize,
    pub expected: Option<Text>,
    pub found: Option<Text>,
    pub hint: Option<Text>,
}

impl std::ops::Deref for Diagnostic {
    type Target = Details;
    fn deref(&self) -> &Details {
        &self.0
    }
}

impl std::ops::DerefMut for Diagnostic {
    fn deref_mut(&mut self) -> &mut Details {
        &mut self.0
    }
}

impl Diagnostic {
    pub fn new(severity: Severity, code: impl Into<Code>, message: impl Into<Text>) -> Self {
        Diagnostic(Box::new(Details {
            severity,
            code: code.into(),
            message: message.into(),
            file: None,
            line: 0,
            column: 0,
            expected: None,
            found: None,
            hint: None,
        }))
    }
    pub fn error(code: impl Into<Code>, message: impl Into<Text>) -> Self {
        Self::new(Severity::Error, code, message)
    }
    pub fn warning(code: impl Into<Code>, message: impl Into<Text>) -> Self {
        Self::new(Severity::Warning, code, message)
    }
    pub fn note(code: impl Into<Code>, message: impl Into<Text>) -> Self {
        Self::new(Severity::Note, code, message)
    }
    pub fn at(mut self, file: &str, line: usize, column: usize) -> Self {
        self.file = Some(file.to_string());
        self.line = line;
        self.column = column;
        self
    }
    /// A diagnostic about a file as a whole (its name, size, encoding or place): by convention it points at
    /// line 1, column 1, so every diagnostic with a file has a position.
    pub fn in_file(mut self, file: &str) -> Self {
        self.file = Some(file.to_string());
        if self.line == 0 {
            self.line = 1;
            self.column = 1;
        }
        self
    }
    pub fn expected(mut self, e: impl Into<Text>) -> Self {
        self.expected = Some(e.into());
        self
    }
    pub fn found(mut self, f: impl Into<Text>) -> Self {
        self.found = Some(f.into());
        self
    }
    pub fn hint(mut self, h: impl Into<Text>) -> Self {
        self.hint = Some(h.into());
        self
    }
}

/// A position in a source file, 1-based.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// Collects diagnostics from a stage; cheap to merge.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }
    pub fn count(&self, s: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == s).count()
    }
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }
    /// Stable order: by file, line, column, then the message (in Danish, so the order is the same whichever
    /// language they are shown in).
    pub fn sort(&mut self) {
        self.items.sort_by_cached_key(|d| {
            (
                d.file.clone(),
                d.line,
                d.column,
                d.message.in_lang(Lang::Da),
            )
        });
    }
    pub fn deny_warnings(&mut self) {
        for d in &mut self.items {
            if d.severity == Severity::Warning {
                d.severity = Severity::Error;
            }
        }
    }
}

/// Maps byte offsets of a text to 1-based line/column (columns count characters).
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }
    pub fn pos(&self, text: &str, offset: usize) -> Pos {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0)
            + 1;
        Pos { line, column }
    }
}
