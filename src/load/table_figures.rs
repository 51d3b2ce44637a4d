//! Bound figures in a table's own texts (title, caption, column headers and labels: "2021 ([[tal:@kontingent-2021/
//! rate | 1,05]] kr. pr. borger)"): written as the figure they show when the table is built, and kept with their
//! positions for the checker, which compares each with the table. A table edit builds the table again, so its
//! texts always show its current figures.

use crate::diagnostics::{Code, Diagnostic, LineIndex, Pos};
use crate::i18n::Msg;
use crate::model::figure::{find_directives, resolve, FigureRef, FigureUse};
use crate::model::Table;

/// Writes every `[[tal:…]]` of `t`'s texts as its figure and records it in `t.figures`; `text` is the table file.
pub(super) fn bind_table_texts(t: &mut Table, text: &str, diags: &mut Vec<Diagnostic>) {
    if !text.contains("[[tal:") {
        return;
    }
    let lines = LineIndex::new(text);
    let mut searched_from = 0;
    let mut uses = Vec::new();
    let mut bind = |field: &str| -> String {
        let mut out = String::with_capacity(field.len());
        let mut done = 0;
        for (range, inner) in find_directives(field) {
            out.push_str(&field[done..range.start]);
            let written = &field[range.clone()];
            let at = text[searched_from..]
                .find(written)
                .map(|i| searched_from + i);
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
    t.file = file;
    t.figures = uses;
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
