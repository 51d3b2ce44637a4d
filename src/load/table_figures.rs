//! Bound figures in a table's own texts (title, caption, column headers and labels, the notes before and after it
//! and a row's note: "2021 ([[tal:@kontingent-2021/rate | 1,05]] kr. pr. borger)"): written as the figure they
//! show when the table is built, and kept with their positions for the checker, which compares each with the
//! table. The other numbers of those texts are kept too, for the warning about figures that restate the table
//! unbound. A table edit builds the table again, so its texts always show its current figures.

use crate::diagnostics::{Code, Diagnostic, LineIndex, Pos};
use crate::i18n::Msg;
use crate::model::figure::{find_directives, resolve, FigureRef, FigureUse};
use crate::model::Table;

/// Writes every `[[tal:…]]` of `t`'s texts as its figure and records it in `t.figures`; `text` is the table file.
pub(super) fn bind_table_texts(t: &mut Table, text: &str, diags: &mut Vec<Diagnostic>) {
    let lines = LineIndex::new(text);
    t.numbers = table_numbers(t, text, &lines);
    if !text.contains("[[tal:") {
        return;
    }
    let mut searched_from = 0;
    let mut uses = Vec::new();
    let mut bind = |field: &str| -> String {
        let mut out = String::with_capacity(field.len());
        let mut done = 0;
        for (range, inner) in find_directives(field) {
            out.push_str(&field[done..range.start]);
            let written = &field[range.clone()];
            // Fields come in the file's order mostly; notes may stand before the columns.
            let at = (text[searched_from..].find(written))
                .map(|i| searched_from + i)
                .or_else(|| text.find(written));
            if let Some(a) = at {
                searched_from = a + written.len();
            }
            let pos = at
                .map(|a| lines.pos(text, a))
                .unwrap_or(Pos { line: 1, column: 1 });
            if let Some(printed) = crate::markdown::free_figure(inner) {
                out.push_str(printed);
                done = range.end;
                continue;
            }
            match FigureRef::parse(inner) {
                Ok(f) => {
                    let f = f.in_table(&t.id);
                    out.push_str(&shown(t, &f).unwrap_or_else(|| written.to_string()));
                    uses.push(FigureUse {
                        figure: f,
                        written: written.to_string(),
                        pos,
                    });
                }
                Err(message) => {
                    diags.push(
                        Diagnostic::error(Code::FigureSyntax, message)
                            .at(&t.source.file, pos.line, pos.column)
                            .found(written.to_string())
                            .expected(Msg::ExpectFigureOwnTable),
                    );
                    out.push_str(written);
                }
            }
            done = range.end;
        }
        out.push_str(&field[done..]);
        out
    };
    let mut file = t.file.clone();
    file.title = bind(&file.title);
    file.caption = file.caption.as_deref().map(&mut bind);
    for c in &mut file.columns {
        c.header = c.header.as_deref().map(&mut bind);
        c.label = bind(&c.label);
    }
    file.notes_before = file.notes_before.as_deref().map(&mut bind);
    file.notes_after = file.notes_after.as_deref().map(&mut bind);
    let row_notes: Vec<Option<String>> = (t.rows.iter())
        .map(|r| r.note.as_deref().map(&mut bind))
        .collect();
    t.file = file;
    for (row, note) in t.rows.iter_mut().zip(row_notes) {
        row.note = note;
    }
    t.figures = uses;
}

/// The texts of a table that may restate its figures: title, caption, column headers and labels, notes, and
/// each row's note.
fn texts(t: &Table) -> Vec<&str> {
    let f = &t.file;
    let mut out: Vec<&str> = vec![f.title.as_str()];
    out.extend(f.caption.as_deref());
    for c in &f.columns {
        out.extend(c.header.as_deref());
        out.push(&c.label);
    }
    out.extend(f.notes_before.as_deref());
    out.extend(f.notes_after.as_deref());
    out.extend(t.rows.iter().filter_map(|r| r.note.as_deref()));
    out
}

/// The numbers of the table's texts outside their `[[tal:…]]` figures, each at its place in the file: the
/// text's own place where the file holds it as written (plain or double-quoted), else the number's first
/// occurrence after the words before it (a folded or escaped text).
fn table_numbers(t: &Table, text: &str, lines: &LineIndex) -> Vec<crate::model::figure::NumberUse> {
    let mut out = Vec::new();
    for field in texts(t) {
        if !field.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        // The text as a YAML value: quoted, after its key, or as it is.
        let at = (text.find(&format!("\"{field}\"")).map(|a| a + 1))
            .or_else(|| text.find(&format!(": {field}")).map(|a| a + 2))
            .or_else(|| text.find(field));
        let fallback = Pos { line: 1, column: 1 };
        let pos_in_field = |i: usize| match at {
            Some(a) => lines.pos(text, a + i),
            None => {
                let digits = &field[i..];
                let len = digits
                    .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
                    .unwrap_or(digits.len());
                let before = &field[crate::markdown::floor_char(field, i.saturating_sub(8))..i];
                let needle = format!("{before}{}", &digits[..len]);
                text.find(&needle)
                    .map_or(fallback, |a| lines.pos(text, a + before.len()))
            }
        };
        out.extend(crate::markdown::numbers_of(field, &pos_in_field));
    }
    out
}

/// What a figure of the table's own texts shows: the printed figure, else the table's, in Danish (a table's
/// texts are written in the portal's language); `None` when it names nothing (the checker says why).
fn shown(t: &Table, f: &FigureRef) -> Option<String> {
    if f.printed.is_none() && f.table != t.id {
        return None;
    }
    match (&f.printed, resolve(t, &f.target)) {
        (Some(p), _) => Some(p.clone()),
        (None, Ok(r)) => Some(crate::model::figure::shown(f, &r, crate::i18n::Lang::Da)),
        (None, Err(_)) => None,
    }
}
