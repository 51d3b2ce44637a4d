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
    replace_markers(html, PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE, |inner| {
        let (word, id) = inner.split_once(':')?;
        Some(fragment(Directive::from_keyword(word)?, id))
    })
}

/// Replaces every `open`…`close` marker in `text` with what `with` makes of its inner text; a marker it makes
/// nothing of (`None`), or one without its close, is copied as it is.
pub(super) fn replace_markers(
    text: &str,
    open: &str,
    close: &str,
    with: impl Fn(&str) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(open) {
        out.push_str(&rest[..at]);
        let inner = &rest[at + open.len()..];
        match inner
            .find(close)
            .and_then(|end| Some((with(&inner[..end])?, end)))
        {
            Some((replaced, end)) => {
                out.push_str(&replaced);
                rest = &inner[end + close.len()..];
            }
            None => {
                out.push_str(open);
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
    replace_markers(html, FIGURE_OPEN, PLACEHOLDER_CLOSE, |inner| {
        // A figure in a link's text (`~` first) is its text: a link holds no link.
        let (in_link, inner) = match inner.strip_prefix(super::figures::IN_LINK) {
            Some(rest) => (true, rest),
            None => (false, inner),
        };
        let figure = crate::model::figure::FigureRef::parse(inner).ok();
        let html = figure.map(|f| fragment(&f)).unwrap_or_default();
        Some(if in_link { without_links(&html) } else { html })
    })
}

/// `html` without its `<a …>` and `</a>` tags (a fragment's own: escaped text holds no `<`).
fn without_links(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tag = &rest[at..];
        let end = tag.find('>').map_or(tag.len(), |e| e + 1);
        if !(tag.starts_with("<a ") || tag.starts_with("<a>") || tag.starts_with("</a>")) {
            out.push_str(&tag[..end]);
        }
        rest = &tag[end..];
    }
    out.push_str(rest);
    out
}
