//! Diagnostics: what went wrong, where (file, line, column), what was expected and what was found.
//!
//! Every stage reports through [`Diagnostic`]; the CLI renders them as rustc-style text, JSON lines or GitHub
//! Actions annotations. The JSON field names are a stable interface (see README, "Diagnostics").

use serde::Serialize;
use std::path::{Path, PathBuf};

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

#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable machine-readable code, e.g. `yaml-syntax`, `table-sum`.
    pub code: &'static str,
    pub message: String,
    /// Path relative to the site root (forward slashes).
    pub file: Option<String>,
    /// 1-based; 0 when unknown.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub column: usize,
    pub expected: Option<String>,
    pub found: Option<String>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            file: None,
            line: 0,
            column: 0,
            expected: None,
            found: None,
            hint: None,
        }
    }
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }
    pub fn note(code: &'static str, message: impl Into<String>) -> Self {
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
    pub fn expected(mut self, e: impl Into<String>) -> Self {
        self.expected = Some(e.into());
        self
    }
    pub fn found(mut self, f: impl Into<String>) -> Self {
        self.found = Some(f.into());
        self
    }
    pub fn hint(mut self, h: impl Into<String>) -> Self {
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
    /// Stable order: by file, line, column, then message.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// Renders diagnostics for people (rustc-style with the source line), machines (JSON lines) or GitHub Actions.
pub fn render(diags: &Diagnostics, root: &Path, format: Format, color: bool) -> String {
    match format {
        Format::Json => diags
            .items
            .iter()
            .map(|d| serde_json::to_string(d).unwrap_or_default() + "\n")
            .collect(),
        Format::Github => diags.items.iter().map(github_line).collect(),
        Format::Human => diags.items.iter().map(|d| human(d, root, color)).collect(),
    }
}

fn github_escape(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn github_line(d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut props = Vec::new();
    if let Some(f) = &d.file {
        props.push(format!(
            "file={}",
            github_escape(f).replace(',', "%2C").replace(':', "%3A")
        ));
        if d.line > 0 {
            props.push(format!("line={}", d.line));
        }
        if d.column > 0 {
            props.push(format!("col={}", d.column));
        }
    }
    props.push(format!("title={}", d.code));
    let mut msg = d.message.clone();
    if let (Some(e), Some(f)) = (&d.expected, &d.found) {
        msg.push_str(&format!(" (expected {e}, found {f})"));
    }
    if let Some(h) = &d.hint {
        msg.push_str(&format!(" — {h}"));
    }
    format!("::{level} {}::{}\n", props.join(","), github_escape(&msg))
}

fn human(d: &Diagnostic, root: &Path, color: bool) -> String {
    let (c_sev, c_blue, c_bold, c_reset) = if color {
        let sev = match d.severity {
            Severity::Error => "\x1b[1;31m",
            Severity::Warning => "\x1b[1;33m",
            Severity::Note => "\x1b[1;36m",
        };
        (sev, "\x1b[1;34m", "\x1b[1m", "\x1b[0m")
    } else {
        ("", "", "", "")
    };
    let mut out = format!(
        "{c_sev}{}[{}]{c_reset}{c_bold}: {}{c_reset}\n",
        d.severity.as_str(),
        d.code,
        d.message
    );
    if let Some(file) = &d.file {
        let loc = if d.line > 0 {
            format!("{file}:{}:{}", d.line, d.column.max(1))
        } else {
            file.clone()
        };
        out.push_str(&format!("  {c_blue}-->{c_reset} {loc}\n"));
        if d.line > 0 {
            if let Some(src) = source_line(&root.join(file), d.line) {
                let num = d.line.to_string();
                let pad = " ".repeat(num.len());
                let caret_pad: String = src
                    .chars()
                    .take(d.column.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                out.push_str(&format!("  {pad} {c_blue}|{c_reset}\n"));
                out.push_str(&format!("  {c_blue}{num} |{c_reset} {src}\n"));
                out.push_str(&format!(
                    "  {pad} {c_blue}|{c_reset} {caret_pad}{c_sev}^{c_reset}\n"
                ));
            }
        }
    }
    if let Some(e) = &d.expected {
        out.push_str(&format!("  {c_blue}={c_reset} expected: {e}\n"));
    }
    if let Some(f) = &d.found {
        out.push_str(&format!("  {c_blue}={c_reset}    found: {f}\n"));
    }
    if let Some(h) = &d.hint {
        out.push_str(&format!("  {c_blue}={c_reset}     hint: {h}\n"));
    }
    out.push('\n');
    out
}

fn source_line(path: &PathBuf, line: usize) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    text.lines().nth(line - 1).map(|l| l.trim_end().to_string())
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
