//! YAML through serde-saphyr (a maintained, panic-free successor to the deprecated serde_yaml), with every
//! error mapped to a [`Diagnostic`] that points at the file, line and column.

use crate::diagnostics::{Diagnostic, Pos};
use serde::de::DeserializeOwned;

pub use serde_saphyr::Spanned;

/// Parses `text` (which starts at `line_offset` lines into `file`) into `T`.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &str,
    line_offset: usize,
) -> Result<T, Diagnostic> {
    // The default budget (nesting depth 64, alias-expansion limits) stops alias bombs and absurd nesting.
    let options = serde_saphyr::options! { with_snippet: false };
    serde_saphyr::from_str_with_options::<T>(text, options).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line() as usize, l.column() as usize))
            .unwrap_or((0, 0));
        let message = strip_location(&e.to_string());
        let code = if message.contains("unknown field") {
            "unknown-field"
        } else if message.contains("missing field") {
            "missing-field"
        } else {
            "yaml"
        };
        let mut d = Diagnostic::error(code, message.clone());
        d.file = Some(file.to_string());
        if line > 0 {
            d.line = line + line_offset;
            d.column = column;
        }
        if let Some((found, expected)) = split_unknown_field(&message) {
            d = d.found(found).expected(expected);
        }
        d
    })
}

/// Line/column of a spanned value, shifted into the file.
pub fn pos<T>(s: &Spanned<T>, line_offset: usize) -> Pos {
    Pos {
        line: s.referenced.line() as usize + line_offset,
        column: s.referenced.column() as usize,
    }
}

fn strip_location(msg: &str) -> String {
    let msg = msg.lines().next().unwrap_or(msg);
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn split_unknown_field(msg: &str) -> Option<(String, String)> {
    let rest = msg.strip_prefix("unknown field ")?;
    let (found, expected) = rest.split_once(", expected ")?;
    Some((found.to_string(), expected.to_string()))
}

/// Splits a Markdown file into (front matter, body, body's line offset). Front matter is delimited by `---`
/// lines at the very top.
pub fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let text_nobom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let after = text_nobom
        .strip_prefix("---\n")
        .or_else(|| text_nobom.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in after.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let fm = &after[..offset];
            let body = &after[offset + line.len()..];
            let fm_lines = fm.matches('\n').count();
            return Some((fm, body, fm_lines + 2));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_split() {
        let (fm, body, off) = split_front_matter("---\na: 1\nb: 2\n---\n# Hi\n").unwrap();
        assert_eq!(fm, "a: 1\nb: 2\n");
        assert_eq!(body, "# Hi\n");
        assert_eq!(off, 4);
        assert!(split_front_matter("# no front matter").is_none());
        assert!(split_front_matter("---\nunterminated\n").is_none());
    }
}
