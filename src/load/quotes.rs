//! What an acknowledgement quotes, looked for where it says while the file is at hand: each entry of a meeting's,
//! document's or page's `discrepancies:` that quotes words (`phrase:`, else `printed:`) learns whether they stand
//! in the lines of the place it names (its agenda item, its section, else the body). The checker
//! (`check::acknowledgements`) reads the answer, `Discrepancy::quoted_in_file`, and no file. Only the answer is
//! kept: never the text, which may hold a closed item's words.

use crate::model::{quotable, Discrepancy, Document, Meeting, Page, Section};

/// A file's lines (1-based through [`Lines::range`]) and the line its body starts on.
struct Lines<'t> {
    lines: Vec<&'t str>,
    body_line: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Lines<'t> {
        let lines: Vec<&str> = text.lines().collect();
        // Front matter runs from the opening `---` to the next line that is `---`.
        let body_line = if lines.first().is_some_and(|l| l.trim_end() == "---") {
            (lines.iter().skip(1).position(|l| l.trim_end() == "---")).map_or(1, |i| i + 3)
        } else {
            1
        };
        Lines { lines, body_line }
    }

    /// Lines `from` up to, not including, `to` (1-based; `None`: the end), joined.
    fn range(&self, from: usize, to: Option<usize>) -> String {
        let from = from.max(self.body_line).max(1) - 1;
        let to = to.map_or(self.lines.len(), |t| (t.max(1) - 1).min(self.lines.len()));
        (self.lines.get(from..to.max(from)).unwrap_or_default()).join("\n")
    }
}

/// Where an entry looks: `None` the body; `Some(None)` a place that does not exist (the checker says so);
/// `Some(Some((from, to)))` the lines from `from` up to `to` (the end when `None`).
type Span = Option<Option<(usize, Option<usize>)>>;

/// The words an entry quotes, if any.
fn quoted(d: &Discrepancy) -> Option<&str> {
    (d.phrase.as_deref().or(d.printed.as_deref())).filter(|p| !p.trim().is_empty())
}

/// Whether `d`'s words stand in `place` (the lines of its place), if it quotes any and names no table.
fn look(d: &mut Discrepancy, place: impl FnOnce() -> Option<String>) {
    d.quoted_in_file = None;
    if d.table.is_some() || d.row.is_some() {
        return;
    }
    let Some(words) = quoted(d).map(quotable) else {
        return;
    };
    d.quoted_in_file = place().map(|text| quotable(&text).contains(&words));
}

/// Every entry of a meeting (those withheld with closed items too) in its file's `text`.
pub(super) fn meeting(text: &str, m: &mut Meeting) {
    if m.discrepancies().next().is_none() {
        return;
    }
    let lines = Lines::new(text);
    let spans: Vec<Span> = (m.discrepancies())
        .map(|d| {
            d.item
                .as_deref()
                .map(|n| (m.item_span(n)).map(|(it, next)| (it.heading_pos.line, next)))
        })
        .collect();
    let entries = (m.front.discrepancies.iter_mut()).chain(
        m.withheld
            .iter_mut()
            .flat_map(|w| w.discrepancies.iter_mut()),
    );
    look_in(&lines, entries, spans);
}

/// Each entry looked for in the lines of its span.
fn look_in<'d>(
    lines: &Lines,
    entries: impl Iterator<Item = &'d mut Discrepancy>,
    spans: Vec<Span>,
) {
    for (d, span) in entries.zip(spans) {
        look(d, || match span {
            Some(Some((from, to))) => Some(lines.range(from, to)),
            Some(None) => None,
            None => Some(lines.range(lines.body_line, None)),
        });
    }
}

/// Every entry of a document (a version is a document of its own) in its file's `text`.
pub(super) fn document(text: &str, d: &mut Document) {
    if d.front.discrepancies.is_empty() {
        return;
    }
    let lines = Lines::new(text);
    let spans: Vec<Span> = (d.front.discrepancies.iter())
        .map(|e| {
            e.section
                .as_deref()
                .map(|s| section_span(d, s).map(|(sec, next)| (sec.pos.line, next)))
        })
        .collect();
    look_in(&lines, d.front.discrepancies.iter_mut(), spans);
}

/// Every entry of a page in its file's `text`: a page's place is its body.
pub(super) fn page(text: &str, p: &mut Page) {
    if p.front.discrepancies.is_empty() {
        return;
    }
    let lines = Lines::new(text);
    let spans = vec![None; p.front.discrepancies.len()];
    look_in(&lines, p.front.discrepancies.iter_mut(), spans);
}

/// Section `s` of a document (its number, its anchor or its heading's words) and the line the next section at
/// its level or above starts on.
pub fn section_span<'d>(d: &'d Document, s: &str) -> Option<(&'d Section, Option<usize>)> {
    let s = s.trim().trim_end_matches('.');
    let anchor = crate::markdown::anchor_for(crate::markdown::AnchorStyle::Section, s);
    let lower = s.to_lowercase();
    let at = (d.sections.iter()).position(|x| {
        (!x.number.is_empty() && x.number == s)
            || x.anchor == anchor
            || x.anchor == s
            || x.title.trim_end_matches([':', '.']).to_lowercase() == lower
    })?;
    let sec = &d.sections[at];
    let next = (d.sections[at + 1..].iter())
        .find(|x| x.level <= sec.level)
        .map(|x| x.pos.line);
    Some((sec, next))
}
