//! Figures in running text: `[[tal:…]]` directives inside a paragraph become placeholders that the page binds
//! to the table's value when it is rendered ([`super::directive::bind_figures`]), and every other number of the
//! text is recorded with its position, for the checker's warning about figures that restate a table unbound.
//! Both are collected in `protokol check` too, which makes no HTML.

use super::html::Out;
use super::Rendered;
use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::i18n::Msg;
use crate::model::figure::{find_directives, FigureRef, FigureUse, NumberUse};

/// Marks a bound figure in an item's plain text, for the search index to bind ([`bind_text`]): the text holds no
/// table value, so a table edit never needs the text parsed again. Unicode noncharacters, which no text uses.
pub const TEXT_OPEN: char = '\u{FDD0}';
pub const TEXT_CLOSE: char = '\u{FDD1}';

/// The figure placeholder in stored HTML.
pub(super) const FIGURE_OPEN: &str = "<!--protokol:tal:";

/// Splits `text` (its byte `i` at source offset `src_at(i)`) at its `[[tal:…]]` directives: each directive is
/// recorded (or reported) and written as its placeholder; what lies between is returned for the caller to emit.
/// Marks the placeholder of a figure in a link's text, which the page shows without a link of its own.
pub(super) const IN_LINK: char = '~';

#[allow(clippy::too_many_arguments)]
pub(super) fn split_figures<'t>(
    text: &'t str,
    src_at: &dyn Fn(usize) -> usize,
    pos_at: &dyn Fn(usize) -> Pos,
    file: &str,
    in_link: bool,
    out: &mut Out,
    r: &mut Rendered,
    mut emit: impl FnMut(&mut Out, &mut Rendered, &'t str, usize),
) {
    let mut done = 0;
    for (range, inner) in find_directives(text) {
        if range.start > done {
            emit(out, r, &text[done..range.start], src_at(done));
        }
        let written = &text[range.clone()];
        let pos = pos_at(src_at(range.start));
        // `[[tal:fri | 600]]`: a figure that only looks like one of a table's, kept as printed and not bound.
        if let Some(printed) = free_figure(inner) {
            emit(out, r, printed, src_at(range.start));
            done = range.end;
            continue;
        }
        match FigureRef::parse(inner) {
            Ok(figure) if !figure.table.is_empty() => {
                let mark = if in_link {
                    IN_LINK.to_string()
                } else {
                    String::new()
                };
                out.trusted(&format!("{FIGURE_OPEN}{mark}{}-->", figure.encode()));
                match &figure.printed {
                    Some(p) => r.text.push_str(p),
                    None => {
                        r.text.push(TEXT_OPEN);
                        r.text.push_str(&figure.encode());
                        r.text.push(TEXT_CLOSE);
                    }
                }
                r.figures.bound.push(FigureUse {
                    figure,
                    written: written.to_string(),
                    pos,
                });
            }
            parsed => {
                let message = match parsed {
                    Err(m) => m,
                    Ok(_) => Msg::FigureNeedsTable {
                        written: written.to_string(),
                    },
                };
                r.diags.push(
                    Diagnostic::error(Code::FigureSyntax, message)
                        .at(file, pos.line, pos.column)
                        .found(written.to_string())
                        .expected(Msg::ExpectFigureDirective),
                );
                // The source's text stays on the page, escaped.
                emit(out, r, written, src_at(range.start));
            }
        }
        done = range.end;
    }
    if done < text.len() {
        emit(out, r, &text[done..], src_at(done));
    }
}

/// The printed figure of `[[tal:fri | …]]`, if `inner` is one.
pub fn free_figure(inner: &str) -> Option<&str> {
    let printed = inner
        .trim_start()
        .strip_prefix(FREE)?
        .trim_start()
        .strip_prefix('|')?
        .trim();
    FigureRef::parse(&format!("x#y/z | {printed}"))
        .ok()
        .map(|_| printed)
}

/// The word that marks a figure as not bound to any table.
pub const FREE: &str = "fri";

/// How much text on either side of a number is kept.
const CONTEXT: usize = 32;

/// Records every number in `text` (its byte `i` at source offset `src_at(i)`) outside its `[[tal:…]]`
/// directives (when `figures`): see [`numbers_of`].
pub(super) fn record_numbers(
    r: &mut Rendered,
    text: &str,
    figures: bool,
    src_at: &dyn Fn(usize) -> usize,
    pos_at: &dyn Fn(usize) -> Pos,
) {
    if !figures && !text.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    r.figures
        .numbers
        .extend(numbers_of(text, &|i| pos_at(src_at(i))));
}

/// Every number in `text` outside its `[[tal:…]]` directives, byte `i` of the text being at `pos_at(i)`: a run of
/// digits with `.` or `,` between digits ("1.392.657", "2,7"; "19-001" gives "19" and "001"), with a little of
/// the text on either side.
pub fn numbers_of(text: &str, pos_at: &dyn Fn(usize) -> Pos) -> Vec<NumberUse> {
    let mut out = Vec::new();
    let directives: Vec<std::ops::Range<usize>> = match text.contains("[[tal:") {
        true => find_directives(text).into_iter().map(|(r, _)| r).collect(),
        false => Vec::new(),
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(d) = directives.iter().find(|d| d.contains(&i)) {
            i = d.end;
            continue;
        }
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while end < bytes.len() {
            let separator = matches!(bytes[end], b'.' | b',')
                && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
            if !(bytes[end].is_ascii_digit() || separator) {
                break;
            }
            end += 1;
        }
        let before_start = floor_char(text, start.saturating_sub(CONTEXT));
        let after_end = floor_char(text, (end + CONTEXT).min(text.len()));
        out.push(NumberUse {
            written: text[start..end].to_string(),
            before: text[before_start..start].to_string(),
            after: text[end..after_end].to_string(),
            pos: pos_at(start),
        });
        i = end;
    }
    out
}

/// The nearest char boundary at or before `i`.
pub fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Replaces each bound figure in a plain text ([`TEXT_OPEN`]…[`TEXT_CLOSE`]) with `value(figure)`; a marker
/// that holds no figure is dropped with its content.
pub fn bind_text(text: &str, value: impl Fn(&FigureRef) -> String) -> String {
    if !text.contains(TEXT_OPEN) {
        return text.to_string();
    }
    let (open, close) = (TEXT_OPEN.to_string(), TEXT_CLOSE.to_string());
    super::directive::replace_markers(text, &open, &close, |inner| {
        Some(
            FigureRef::parse(inner)
                .map(|f| value(&f))
                .unwrap_or_default(),
        )
    })
}
