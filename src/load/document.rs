//! Builds a [`Document`] (statute, bylaw, note, letter, …) from its parsed front matter and Markdown body.
//! Statutes and bylaws are numbered ("4.7" or "§ 4, stk. 2", declared or detected): their units get anchors.

use super::body::{impossible_dates, markdown_ctx, weekday_dates};
use super::files::RawFile;
use super::front::{parse_date, FRONT_MATTER_LINE};
use super::links::Resolver;
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::markdown::{self, RefUse};
use crate::model::document::DocumentFront;
use crate::model::{Document, Source};

pub(crate) fn build_document(
    f: RawFile,
    front: DocumentFront,
    body_start: usize,
    resolver: &Resolver,
) -> (Document, Vec<Diagnostic>, Vec<RefUse>) {
    let mut diags = Vec::new();
    let lines = LineIndex::new(&f.text);
    let mut date_of = |d: &Option<crate::yaml::Spanned<String>>| {
        d.as_ref().and_then(|d| {
            parse_date(d, &f.rel, FRONT_MATTER_LINE)
                .map_err(|e| diags.push(e))
                .ok()
        })
    };
    let date = date_of(&front.date);
    let adopted = date_of(&front.adopted);
    let url_of = |id: &str| resolver.link(id);
    let exists = |d, id: &str| resolver.exists_outside_meetings(d, id);
    let mut ctx = markdown_ctx(&f, &lines, resolver, &url_of, &exists, body_start);
    ctx.numbered = front.kind.is_numbered() || front.numbering.is_some();
    ctx.numbering = crate::statute::numbering_of(&front, &f.text[body_start..]);
    let r = markdown::render(&f.text[body_start..], &ctx);
    diags.extend(r.diags);
    let doc = Document {
        id: f.stem.clone(),
        source: Source {
            file: f.rel.clone(),
            body_line: lines.pos(&f.text, body_start).line,
        },
        front,
        date,
        adopted,
        html: r.html,
        text: r.text,
        sections: r.sections,
        weekday_dates: weekday_dates(&f.text, body_start, &lines),
        impossible_dates: impossible_dates(&f.text, body_start, &lines),
        tables_requested: markdown::tables_named(&r.directives),
    };
    (doc, diags, r.refs)
}
