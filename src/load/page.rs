//! Builds a [`Page`] (a plain page such as "Om portalen") from its parsed front matter and Markdown body.

use super::body::{impossible_dates, markdown_ctx, weekday_dates};
use super::files::RawFile;
use super::links::Resolver;
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::markdown::{self, RefUse};
use crate::model::document::PageFront;
use crate::model::{Page, Source};

pub(crate) fn build_page(
    f: RawFile,
    front: PageFront,
    body_start: usize,
    resolver: &Resolver,
) -> (Page, Vec<Diagnostic>, Vec<RefUse>) {
    let lines = LineIndex::new(&f.text);
    let url_of = |id: &str| resolver.link(id);
    let exists = |d, id: &str| resolver.exists_outside_meetings(d, id);
    let ctx = markdown_ctx(&f, &lines, resolver, &url_of, &exists, body_start);
    let r = markdown::render(&f.text[body_start..], &ctx);
    let mut page = Page {
        id: f.stem.clone(),
        source: Source {
            file: f.rel.clone(),
            body_line: 0,
        },
        front,
        html: r.html,
        text: r.text,
        figures: r.figures,
        weekday_dates: weekday_dates(&f.text, body_start, &lines),
        impossible_dates: impossible_dates(&f.text, body_start, &lines),
        tables_requested: markdown::tables_named(&r.directives),
    };
    super::quotes::page(&f.text, &mut page);
    (page, r.diags, r.refs)
}
