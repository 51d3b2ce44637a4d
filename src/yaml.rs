//! YAML through serde-saphyr (a maintained, panic-free successor to the deprecated serde_yaml), with every
//! error mapped to a [`Diagnostic`] that points at the file, line and column.

use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::i18n::Msg;
use serde::de::DeserializeOwned;

pub use serde_saphyr::Spanned;

thread_local! {
    /// The catalogue message of the last [`value_error`] raised on this thread, with the text it gave serde.
    /// serde's errors carry only a string; this keeps the typed message so the diagnostic can be shown in any
    /// language. Deserialising runs on one thread from start to end, so the error [`parse`] sees is the one raised.
    static VALUE_ERROR: std::cell::RefCell<Option<(Msg, String)>> = const { std::cell::RefCell::new(None) };
}

/// An error for a field's value found while deserialising (a figure, a time, a bound), as a catalogue message:
/// [`parse`] reports it in the reader's language at the value's position.
pub fn value_error<E: serde::de::Error>(msg: Msg) -> E {
    let text = crate::i18n::text(&msg, crate::i18n::Lang::Da);
    let error = E::custom(&text);
    VALUE_ERROR.with(|v| *v.borrow_mut() = Some((msg, text)));
    error
}

/// The pending [`value_error`], if `message` is the error it made (a value error that a later alternative of the
/// same field recovered from is stale and dropped).
fn take_value_error(message: &str) -> Option<Msg> {
    VALUE_ERROR
        .with(|v| v.borrow_mut().take())
        .filter(|(_, text)| message.contains(text.as_str()))
        .map(|(msg, _)| msg)
}

/// Parses `text` (which starts at `line_offset` lines into `file`) into `T`.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &str,
    line_offset: usize,
) -> Result<T, Diagnostic> {
    // The default budget (nesting depth 64, alias-expansion limits) stops alias bombs and absurd nesting.
    let options = serde_saphyr::options! { with_snippet: false };
    VALUE_ERROR.with(|v| v.borrow_mut().take());
    let parsed = serde_saphyr::from_str_with_options::<T>(text, options);
    parsed.map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line() as usize, l.column() as usize))
            .unwrap_or((0, 0));
        let message = strip_location(&e.to_string());
        let code = if message.contains("unknown field") {
            Code::UnknownField
        } else if message.contains("missing field") {
            Code::MissingField
        } else {
            Code::Yaml
        };
        let unknown = split_unknown(&message, "unknown field ");
        let variant = split_unknown(&message, "unknown variant ");
        let words = match (take_value_error(&message), &unknown, &variant) {
            (Some(value), _, _) => value,
            (None, Some((field, _)), _) => Msg::YamlUnknownField {
                field: field.clone(),
            },
            (None, None, Some((value, _))) => Msg::YamlUnknownValue {
                value: value.clone(),
            },
            (None, None, None) => match missing_field(&message) {
                Some(field) => Msg::YamlMissingField { field },
                None => Msg::YamlInvalid {
                    detail: message.clone(),
                },
            },
        };
        let mut d = Diagnostic::error(code, words);
        d.file = Some(file.to_string());
        if line > 0 {
            d.line = line + line_offset;
            d.column = column;
        } else {
            // No place given: the start of the YAML.
            d.line = line_offset + 1;
            d.column = 1;
        }
        if let Some((found, expected)) = unknown {
            d = d
                .found(found)
                .expected(Msg::ExpectFieldOneOf { fields: expected });
        } else if let Some((found, expected)) = variant {
            d = d
                .found(found)
                .expected(Msg::ExpectValueOneOf { values: expected });
        }
        if code == Code::MissingField {
            d = d.hint(Msg::HintMissingField);
            // The parser reports a missing field where it noticed it (the mapping's end); point at the mapping.
            let p = mapping_start(text, line.max(1));
            d.line = p.line + line_offset;
            d.column = p.column;
        }
        if let Some(open) = unclosed(text).filter(|o| line == 0 || o.pos.line <= line) {
            let line = open.pos.line + line_offset;
            let (what, closer) = match open.ch {
                '"' | '\'' => (
                    Msg::YamlUnclosedQuote {
                        quote: open.ch.to_string(),
                        line,
                    },
                    open.ch,
                ),
                '[' => (Msg::YamlUnclosedBracket { line }, ']'),
                _ => (Msg::YamlUnclosedBrace { line }, '}'),
            };
            d.hint = Some(
                Msg::YamlSays {
                    detail: message.clone(),
                }
                .into(),
            );
            d.message = what.into();
            d.line = line;
            d.column = open.pos.column;
            d = d.expected(Msg::YamlUnclosedExpected {
                closer: closer.to_string(),
            });
        }
        d
    })
}

/// A value that knows where it was written (`#[serde(skip)] pos`), filled by [`with_positions`].
pub trait Positioned {
    fn set_pos(&mut self, pos: Pos);
}

/// Deserialises a list of front-matter entries and records each entry's position in the file (front matter
/// starts on the file's second line): for lists whose entries diagnostics point at, without making every user
/// of the type unwrap a `Spanned`.
pub fn with_positions<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de> + Positioned,
{
    let list = <Vec<Spanned<T>> as serde::Deserialize>::deserialize(d)?;
    Ok(list
        .into_iter()
        .map(|s| {
            let p = pos(&s, 1);
            let mut v = s.value;
            v.set_pos(p);
            v
        })
        .collect())
}

/// Where the mapping holding `line` starts: the nearest line at or above it that begins a list entry (`- `) at a
/// smaller indentation than the line's, or the YAML's first line for a top-level field.
fn mapping_start(text: &str, line: usize) -> Pos {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let Some(at) = lines.get(line - 1) else {
        return Pos { line: 1, column: 1 };
    };
    let mut depth = indent(at);
    if depth == 0 {
        return Pos { line: 1, column: 1 };
    }
    for i in (0..line).rev() {
        let l = lines[i];
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            continue;
        }
        let ind = indent(l);
        if ind == 0 {
            break;
        }
        let entry = l.trim_start().starts_with("- ");
        if entry && ind + 2 <= depth {
            return Pos {
                line: i + 1,
                column: ind + 3,
            };
        }
        depth = depth.min(ind + if entry { 2 } else { 0 });
    }
    Pos { line: 1, column: 1 }
}

/// A quote or flow bracket that opens at a value's place and does not close on its line, while the next
/// line is not a continuation (it starts a new entry at the same or a smaller indentation).
#[derive(Debug, Clone, Copy)]
struct Opening {
    ch: char,
    /// In the YAML text, 1-based.
    pos: Pos,
}

fn unclosed(text: &str) -> Option<Opening> {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    for (i, l) in lines.iter().enumerate() {
        let Some(open) = opening_left_open(l) else {
            continue;
        };
        let next = lines[i + 1..].iter().find(|n| !n.trim().is_empty());
        let continues = next.is_some_and(|n| {
            indent(n) > indent(l) && !n.trim_start().starts_with("- ")
                || n.trim_start().starts_with([']', '}'])
        });
        if !continues {
            return Some(Opening {
                ch: open.0,
                pos: Pos {
                    line: i + 1,
                    column: l[..open.1].chars().count() + 1,
                },
            });
        }
    }
    None
}

/// The first quote or bracket of `line` that opens at a value's place (after `: `, `- `, `[`, `{`, `,` or at
/// the start) and is still open at the line's end: its character and byte offset.
fn opening_left_open(line: &str) -> Option<(char, usize)> {
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut quote: Option<(char, usize)> = None;
    let mut prev_sig: Option<char> = None;
    let mut prev: Option<char> = None;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if let Some((q, _)) = quote {
            if c == '\\' && q == '"' {
                chars.next();
            } else if c == q {
                if q == '\'' && chars.peek().map(|x| x.1) == Some('\'') {
                    chars.next();
                } else {
                    quote = None;
                    prev_sig = Some(c);
                }
            }
            prev = Some(c);
            continue;
        }
        let at_value = match prev_sig {
            None => true,
            Some(p) => {
                matches!(p, '[' | '{' | ',')
                    || (matches!(p, ':' | '-' | '?') && prev.is_some_and(char::is_whitespace))
            }
        };
        match c {
            '#' if prev.is_none_or(char::is_whitespace) => break,
            '"' | '\'' if at_value => quote = Some((c, i)),
            '[' | '{' if at_value || !stack.is_empty() => stack.push((c, i)),
            ']' | '}' => {
                stack.pop();
            }
            _ => {}
        }
        if !c.is_whitespace() {
            prev_sig = Some(c);
        }
        prev = Some(c);
    }
    quote.or_else(|| stack.first().copied())
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

/// serde's "unknown field `x`, expected …" or "unknown variant `x`, expected …": what was written and the
/// names it may be.
fn split_unknown(msg: &str, what: &str) -> Option<(String, String)> {
    let rest = msg.strip_prefix(what)?;
    let (found, expected) = rest.split_once(", expected ")?;
    // serde lists them as "one of `a`, `b`" or "`a` or `b`"; the catalogue words the list.
    let names = expected.strip_prefix("one of ").unwrap_or(expected);
    Some((found.to_string(), names.replace(" or ", ", ")))
}

/// The field of serde's "missing field `date`", with its backticks.
fn missing_field(msg: &str) -> Option<String> {
    let (_, rest) = msg.split_once("missing field ")?;
    Some(rest.split_whitespace().next().unwrap_or(rest).to_string())
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

    #[test]
    fn unclosed_quotes_and_brackets_are_found_where_they_open() {
        let o = unclosed("a: 1\nplace: \"Mødelokale 1\nlist:\n  - \"x\"\n").unwrap();
        assert_eq!((o.ch, o.pos.line, o.pos.column), ('"', 2, 8));
        let o = unclosed("rows:\n  - {a: 1, b: [2, 3}\n  - {a: 2}\n").unwrap();
        assert_eq!((o.ch, o.pos.line, o.pos.column), ('{', 2, 5));
        // Closed, continued on indented lines, inside a plain scalar or after a comment: not unclosed.
        for ok in [
            "a: \"x\"\nb: [1, 2]\nc: {d: 'it''s'}\n",
            "a: \"lang tekst\n  fortsat\"\nb: 1\n",
            "a: [1,\n  2]\n",
            "title: Bilag \"x\nb: 1\n",
            "a: 1 # \"citat\n",
            "a: \"x \\\" y\"\n",
        ] {
            assert!(unclosed(ok).is_none(), "{ok}");
        }
    }

    #[test]
    fn the_library_words_are_split_into_what_was_written_and_what_may_be() {
        assert_eq!(
            split_unknown(
                "unknown field `plcae`, expected one of `body`, `place`",
                "unknown field "
            ),
            Some(("`plcae`".into(), "`body`, `place`".into()))
        );
        assert_eq!(
            split_unknown(
                "unknown variant `minute`, expected `agenda` or `minutes`",
                "unknown variant "
            ),
            Some(("`minute`".into(), "`agenda`, `minutes`".into()))
        );
        assert_eq!(
            split_unknown("invalid type: string", "unknown field "),
            None
        );
        assert_eq!(missing_field("missing field `date`"), Some("`date`".into()));
        assert_eq!(missing_field("invalid type: map"), None);
    }

    #[test]
    fn missing_fields_point_at_their_mapping() {
        let text =
            "title: x\nitems:\n  - number: 1\n    title: a\n  - title: b\n    presenter: c\n";
        assert_eq!(mapping_start(text, 6), Pos { line: 5, column: 5 });
        assert_eq!(mapping_start(text, 2), Pos { line: 1, column: 1 });
    }
}
