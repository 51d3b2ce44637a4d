//! Directive lines (`[[tabel:id]]`, `[[kalender:id]]`): found while parsing, stored as placeholders, and bound
//! to the table's or calendar's HTML when the page is rendered (by render, which supplies the fragments).

use pulldown_cmark::Event;

/// A directive line: `[[tabel:id]]` places a table, `[[kalender:id]]` one of the meeting's calendars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Directive {
    Table,
    Calendar,
}

impl Directive {
    /// The word written before the colon.
    pub fn keyword(self) -> &'static str {
        match self {
            Directive::Table => "tabel",
            Directive::Calendar => "kalender",
        }
    }

    fn from_keyword(word: &str) -> Option<Directive> {
        [Directive::Table, Directive::Calendar]
            .into_iter()
            .find(|d| d.keyword() == word)
    }
}

/// A directive as written in content: what it names, and whether that exists.
#[derive(Debug, Clone)]
pub struct DirectiveUse {
    pub directive: Directive,
    pub target: String,
    pub exists: bool,
}

/// The tables a body names with `[[tabel:…]]`, found or not, in order.
pub fn tables_named(uses: &[DirectiveUse]) -> Vec<String> {
    (uses.iter())
        .filter(|u| u.directive == Directive::Table)
        .map(|u| u.target.clone())
        .collect()
}

const PLACEHOLDER_OPEN: &str = "<!--protokol:";
const PLACEHOLDER_CLOSE: &str = "-->";

/// What stored HTML holds where a directive placed a table or calendar: an HTML comment, which content cannot
/// produce (its raw HTML is sanitised, comments included, and its text escaped).
pub fn placeholder(directive: Directive, id: &str) -> String {
    format!(
        "{PLACEHOLDER_OPEN}{}:{id}{PLACEHOLDER_CLOSE}",
        directive.keyword()
    )
}

/// Replaces every [`placeholder`] in `html` with `fragment(directive, id)`; the rest is copied as it is.
pub fn bind_directives(html: &str, fragment: impl Fn(Directive, &str) -> String) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(PLACEHOLDER_OPEN) {
        let inner = &rest[at + PLACEHOLDER_OPEN.len()..];
        let bound = inner.find(PLACEHOLDER_CLOSE).and_then(|end| {
            let (word, id) = inner[..end].split_once(':')?;
            Some((Directive::from_keyword(word)?, id, end))
        });
        out.push_str(&rest[..at]);
        match bound {
            Some((directive, id, end)) => {
                out.push_str(&fragment(directive, id));
                rest = &inner[end + PLACEHOLDER_CLOSE.len()..];
            }
            None => {
                out.push_str(PLACEHOLDER_OPEN);
                rest = inner;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A paragraph that is a directive line (`[[tabel:id]]`): the directive and its argument.
pub(super) fn directive_line<'t>(
    text: &'t str,
    events: &[(Event, std::ops::Range<usize>)],
) -> Option<(Directive, &'t str)> {
    if !events.iter().all(|(e, _)| matches!(e, Event::Text(_))) {
        return None;
    }
    let inner = text.trim().strip_prefix("[[")?.strip_suffix("]]")?;
    let (kind, arg) = inner.split_once(':')?;
    Some((Directive::from_keyword(kind.trim())?, arg.trim()))
}

/// Replaces every bound-figure placeholder (`[[tal:…]]` in running text) in `html` with `fragment(figure)`; a
/// placeholder whose figure does not parse (none that loading wrote) is dropped.
pub fn bind_figures(
    html: &str,
    fragment: impl Fn(&crate::model::figure::FigureRef) -> String,
) -> String {
    use super::figures::FIGURE_OPEN;
    if !html.contains(FIGURE_OPEN) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(FIGURE_OPEN) {
        out.push_str(&rest[..at]);
        let inner = &rest[at + FIGURE_OPEN.len()..];
        match inner.find(PLACEHOLDER_CLOSE) {
            Some(end) => {
                if let Ok(f) = crate::model::figure::FigureRef::parse(&inner[..end]) {
                    out.push_str(&fragment(&f));
                }
                rest = &inner[end + PLACEHOLDER_CLOSE.len()..];
            }
            None => {
                out.push_str(FIGURE_OPEN);
                rest = inner;
            }
        }
    }
    out.push_str(rest);
    out
}
