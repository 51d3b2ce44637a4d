//! What every kind with a Markdown body shares: the Markdown context a builder renders with, and the dates the
//! checks need, found in the body with their positions.

use super::files::RawFile;
use super::links::Resolver;
use crate::diagnostics::LineIndex;
use crate::markdown::{self, Directive};
use crate::model::{DatedPhrase, ImpossibleDate};

/// The Markdown context for the body of `f` from `offset`: links through `resolver`, directives checked by
/// `exists`.
pub(crate) fn markdown_ctx<'a>(
    f: &'a RawFile,
    lines: &'a LineIndex,
    resolver: &'a Resolver<'a>,
    url_of: &'a (dyn Fn(&str) -> Option<(String, markdown::AnchorStyle)> + Sync),
    exists: &'a (dyn Fn(Directive, &str) -> bool + Sync),
    offset: usize,
) -> markdown::Ctx<'a> {
    markdown::Ctx {
        self_id: &f.stem,
        numbered: false,
        numbering: crate::statute::Numbering::Dotted,
        heading_shift: 0,
        url_of,
        directive_exists: exists,
        names: resolver.names,
        file: &f.rel,
        file_text: &f.text,
        offset,
        lines,
        html: resolver.html,
    }
}

/// The dates written with a weekday in a file's body (from `body_start`; front matter quotes phrases in its
/// discrepancy notes), with positions.
pub(crate) fn weekday_dates(text: &str, body_start: usize, lines: &LineIndex) -> Vec<DatedPhrase> {
    crate::i18n::weekday_dates(&text[body_start..])
        .into_iter()
        .map(|w| DatedPhrase {
            pos: lines.pos(text, body_start + w.offset),
            phrase: w.phrase,
            written: w.written,
            date: w.date,
        })
        .collect()
}

/// The dates written in a file's body that no calendar has ("30. februar 2021"), with positions.
pub(crate) fn impossible_dates(
    text: &str,
    body_start: usize,
    lines: &LineIndex,
) -> Vec<ImpossibleDate> {
    crate::i18n::impossible_dates(&text[body_start..])
        .into_iter()
        .map(|d| ImpossibleDate {
            pos: lines.pos(text, body_start + d.offset),
            phrase: d.phrase,
        })
        .collect()
}
