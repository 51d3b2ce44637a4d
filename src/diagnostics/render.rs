//! Diagnostics for people (annotate-snippets: the message, `file:line:column`, the source line with a caret,
//! expected, found and what to do), for machines (JSON lines) and for GitHub Actions, in the reader's language.

use super::{Diagnostic, Diagnostics, Severity, Text};
use crate::i18n::{ui, Lang, Ui};
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// How human output looks: in colour only on a terminal and when `NO_COLOR` is not set
/// ([`Style::for_terminal`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Colour,
}

impl Style {
    /// Colour when the stream is a terminal and `NO_COLOR` (https://no-color.org) is unset or empty.
    pub fn for_terminal(is_terminal: bool) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if is_terminal && !no_color {
            Style::Colour
        } else {
            Style::Plain
        }
    }
}

/// Renders diagnostics in `lang`: for people (with the source line, read from `root`), as JSON lines or as GitHub
/// Actions workflow commands.
pub fn render(
    diags: &Diagnostics,
    root: &Path,
    format: Format,
    style: Style,
    lang: Lang,
) -> String {
    match format {
        Format::Json => diags.items.iter().map(|d| json_line(d, lang)).collect(),
        Format::Github => diags.items.iter().map(|d| github_line(d, lang)).collect(),
        Format::Human => {
            let renderer = match style {
                Style::Colour => Renderer::styled(),
                Style::Plain => Renderer::plain(),
            };
            diags
                .items
                .iter()
                .map(|d| human(d, root, &renderer, lang) + "\n\n")
                .collect()
        }
    }
}

fn words(t: &Option<Text>, lang: Lang) -> Option<String> {
    t.as_ref().map(|t| t.in_lang(lang))
}

/// One diagnostic as a JSON line: these fields, in this order, are the stable interface.
#[derive(serde::Serialize)]
struct JsonLine<'a> {
    severity: Severity,
    code: &'static str,
    message: String,
    file: &'a Option<String>,
    line: usize,
    column: usize,
    expected: Option<String>,
    found: Option<String>,
    hint: Option<String>,
}

fn json_line(d: &Diagnostic, lang: Lang) -> String {
    let line = JsonLine {
        severity: d.severity,
        code: d.code.as_str(),
        message: d.message.in_lang(lang),
        file: &d.file,
        line: d.line,
        column: d.column,
        expected: words(&d.expected, lang),
        found: words(&d.found, lang),
        hint: words(&d.hint, lang),
    };
    serde_json::to_string(&line).unwrap_or_default() + "\n"
}

fn github_escape(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn github_line(d: &Diagnostic, lang: Lang) -> String {
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
    let mut msg = d.message.in_lang(lang);
    if let (Some(e), Some(f)) = (words(&d.expected, lang), words(&d.found, lang)) {
        msg.push_str(&format!(
            " ({}: {e}; {}: {f})",
            ui(Ui::Expected, lang),
            ui(Ui::Found, lang)
        ));
    }
    if let Some(h) = words(&d.hint, lang) {
        msg.push_str(&format!(" — {h}"));
    }
    format!("::{level} {}::{}\n", props.join(","), github_escape(&msg))
}

fn human(d: &Diagnostic, root: &Path, renderer: &Renderer, lang: Lang) -> String {
    let (level, name) = match d.severity {
        Severity::Error => (Level::ERROR, Ui::SeverityError),
        Severity::Warning => (Level::WARNING, Ui::SeverityWarning),
        Severity::Note => (Level::NOTE, Ui::SeverityNote),
    };
    let message = d.message.in_lang(lang);
    let title = level
        .with_name(ui(name, lang))
        .primary_title(message)
        .id(d.code.as_str());
    let mut group = Group::with_title(title);
    if let Some(file) = &d.file {
        let source = (d.line > 0)
            .then(|| source_line(&root.join(file), d.line))
            .flatten();
        group = match source {
            Some(line) => {
                // The caret under the character at `column` (the line's end if the column is past it).
                let start = line
                    .char_indices()
                    .nth(d.column.saturating_sub(1))
                    .map_or(line.len(), |(i, _)| i);
                let end = line[start..]
                    .chars()
                    .next()
                    .map_or(start, |c| start + c.len_utf8());
                group.element(
                    Snippet::source(line)
                        .line_start(d.line)
                        .path(file.as_str())
                        .annotation(AnnotationKind::Primary.span(start..end)),
                )
            }
            None if d.line > 0 => group.element(
                Origin::path(file.as_str())
                    .line(d.line)
                    .char_column(d.column.max(1)),
            ),
            None => group.element(Origin::path(file.as_str())),
        };
    }
    for (label, text) in [
        (Ui::Expected, &d.expected),
        (Ui::Found, &d.found),
        (Ui::Hint, &d.hint),
    ] {
        if let Some(t) = words(text, lang) {
            group = group.element(Level::NOTE.with_name(ui(label, lang)).message(t));
        }
    }
    renderer.render(&[group])
}

fn source_line(path: &Path, line: usize) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    text.lines().nth(line - 1).map(|l| l.trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    fn sample(dir: &Path) -> Diagnostics {
        std::fs::write(dir.join("t.yaml"), "rows:\n  - {a: 1, b: 40001}\n").unwrap();
        Diagnostics {
            items: vec![Diagnostic::error(crate::diagnostics::Code::TableRule, "x")
                .at("t.yaml", 2, 15)
                .expected("40.000")
                .found("40.001")],
        }
    }

    #[test]
    fn human_output_has_place_source_line_caret_and_both_sides() {
        let dir = tempfile::tempdir().unwrap();
        let diags = sample(dir.path());
        let text = render(&diags, dir.path(), Format::Human, Style::Plain, Lang::Da);
        assert!(text.contains("fejl[table-rule]: x"), "{text}");
        assert!(text.contains("t.yaml:2:15"), "{text}");
        assert!(text.contains("  - {a: 1, b: 40001}"), "{text}");
        let caret_line = text.lines().find(|l| l.trim_end().ends_with('^')).unwrap();
        let source_line = text.lines().find(|l| l.contains("40001")).unwrap();
        assert_eq!(caret_line.find('^'), source_line.find("40001"), "{text}");
        assert!(
            text.contains("forventet: 40.000") && text.contains("fundet: 40.001"),
            "{text}"
        );
        assert!(!text.contains('\x1b'), "no colour when plain: {text:?}");
        let en = render(&diags, dir.path(), Format::Human, Style::Plain, Lang::En);
        assert!(
            en.contains("error[table-rule]: x") && en.contains("expected: 40.000"),
            "{en}"
        );
        let coloured = render(&diags, dir.path(), Format::Human, Style::Colour, Lang::Da);
        assert!(coloured.contains('\x1b'), "{coloured:?}");
    }

    #[test]
    fn no_color_turns_colour_off() {
        // Only this test touches NO_COLOR.
        std::env::set_var("NO_COLOR", "1");
        assert_eq!(Style::for_terminal(true), Style::Plain);
        std::env::remove_var("NO_COLOR");
        assert_eq!(Style::for_terminal(true), Style::Colour);
        assert_eq!(Style::for_terminal(false), Style::Plain);
    }
}
