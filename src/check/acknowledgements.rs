//! Acknowledgements: every recorded discrepancy (`discrepancies:`) of a meeting, document or page matches
//! something `check` finds, so an entry can neither hide a new mistake nor outlive the one it recorded.
//!
//! An entry of kind `title`, `weekday`, `date` or `reference` that quotes what a check finds (a title that
//! differs from its heading, a weekday that is not the date's, a date no calendar has, a reference that leads
//! nowhere) is that finding's acknowledgement: the check that finds it reports the note. Every other entry
//! records words of the source: the words it quotes (`phrase:`, else `printed:`) must stand where it says
//! (`item:`, `section:`, `table:`/`row:`, else the file's text), and `kind: other` must say where. What matches
//! nothing is a `stale-acknowledgement` error at the entry. Table acknowledgements are matched with the rule
//! findings they record (`tables::verdicts`).

use super::references;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::i18n::{self, Msg};
use crate::load::Site;
use crate::model::table::{Cell, Table};
use crate::model::{AgendaItem, Discrepancy, DiscrepancyKind, Document, Meeting, Page, Section};
use rayon::prelude::*;

/// A file with recorded discrepancies, and what its entries may name.
enum Owner<'a> {
    Meeting(&'a Meeting),
    Document(&'a Document),
    Page(&'a Page),
}

impl<'a> Owner<'a> {
    fn file(&self) -> &'a str {
        match self {
            Owner::Meeting(m) => &m.source.file,
            Owner::Document(d) => &d.source.file,
            Owner::Page(p) => &p.source.file,
        }
    }

    fn acks(&self) -> Vec<&'a Discrepancy> {
        match self {
            Owner::Meeting(m) => m.discrepancies().collect(),
            Owner::Document(d) => d.front.discrepancies.iter().collect(),
            Owner::Page(p) => p.front.discrepancies.iter().collect(),
        }
    }

    fn weekday_dates(&self) -> &'a [crate::model::DatedPhrase] {
        match self {
            Owner::Meeting(m) => &m.weekday_dates,
            Owner::Document(d) => &d.weekday_dates,
            Owner::Page(p) => &p.weekday_dates,
        }
    }

    fn impossible_dates(&self) -> &'a [crate::model::ImpossibleDate] {
        match self {
            Owner::Meeting(m) => &m.impossible_dates,
            Owner::Document(d) => &d.impossible_dates,
            Owner::Page(p) => &p.impossible_dates,
        }
    }

    /// The tables the file prints: where a `row:` without `table:` is looked for.
    fn tables(&self) -> Vec<&'a str> {
        match self {
            Owner::Meeting(m) => m.tables_requested.iter().map(String::as_str).collect(),
            Owner::Document(d) => (d.front.tables.iter().map(|t| t.value.as_str()))
                .chain(d.tables_requested.iter().map(String::as_str))
                .collect(),
            Owner::Page(p) => p.tables_requested.iter().map(String::as_str).collect(),
        }
    }
}

/// Every meeting, document (each version too), and page with recorded discrepancies.
fn owners(site: &Site) -> Vec<Owner<'_>> {
    let meetings = site.meetings.iter().map(Owner::Meeting);
    let documents = (site.documents.iter())
        .flat_map(|d| std::iter::once(d).chain(d.versions.iter()))
        .map(Owner::Document);
    let pages = site.pages.iter().map(Owner::Page);
    meetings
        .chain(documents)
        .chain(pages)
        .filter(|o| !o.acks().is_empty())
        .collect()
}

pub(super) fn check(site: &Site) -> Diagnostics {
    Diagnostics {
        items: owners(site)
            .par_iter()
            .flat_map_iter(|o| owner(site, o))
            .collect(),
    }
}

/// Whether entry `d` of kind `kind` quotes `phrase` (a weekday or date phrase a check found): its `printed`
/// or `phrase` contains it, case aside. The checks that find such phrases use it to tell a note from an error.
pub(super) fn quotes(d: &Discrepancy, kind: DiscrepancyKind, phrase: &str) -> bool {
    let phrase = phrase.to_lowercase();
    d.kind == kind
        && [&d.printed, &d.phrase]
            .iter()
            .filter_map(|p| p.as_deref())
            .any(|p| p.to_lowercase().contains(&phrase))
}

/// The source file's lines (1-based through [`Lines::range`]) and the line its body starts on.
struct Lines {
    lines: Vec<String>,
    body_line: usize,
}

impl Lines {
    fn read(site: &Site, file: &str) -> Option<Lines> {
        let text = std::fs::read_to_string(site.root.join(file)).ok()?;
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        // Front matter runs from the opening `---` to the next line that is `---`.
        let body_line = if lines.first().is_some_and(|l| l.trim_end() == "---") {
            (lines.iter().skip(1).position(|l| l.trim_end() == "---")).map_or(1, |i| i + 3)
        } else {
            1
        };
        Some(Lines { lines, body_line })
    }

    /// Lines `from` up to, not including, `to` (1-based), joined.
    fn range(&self, from: usize, to: usize) -> String {
        let from = from.max(self.body_line).max(1) - 1;
        let to = (to.max(1) - 1).min(self.lines.len());
        (self.lines.get(from..to.max(from)).unwrap_or_default()).join("\n")
    }

    fn end(&self) -> usize {
        self.lines.len() + 1
    }
}

/// What an entry names as its place, and the words found there.
struct Place {
    what: Msg,
    text: String,
}

fn owner(site: &Site, o: &Owner) -> Vec<Diagnostic> {
    let lines = Lines::read(site, o.file());
    o.acks()
        .into_iter()
        .filter_map(|d| {
            let diag = entry(site, o, d, lines.as_ref())?;
            Some(diag.at(o.file(), d.pos.line, d.pos.column))
        })
        .collect()
}

/// The diagnostic for one entry: `None` when the check that finds what it records reports the note.
fn entry(site: &Site, o: &Owner, d: &Discrepancy, lines: Option<&Lines>) -> Option<Diagnostic> {
    // A bound figure's acknowledgement is matched with the figure it records by `figures` (a stale one is its
    // error there); here it is the note.
    if d.kind == DiscrepancyKind::Figure {
        let printed = d.printed.clone().unwrap_or_default();
        return Some(note(d, "figure".to_string(), &printed));
    }
    let no_place = d.item.is_none()
        && d.section.is_none()
        && d.table.is_none()
        && d.row.is_none()
        && d.phrase.is_none();
    if d.kind == DiscrepancyKind::Other && no_place {
        return Some(
            Diagnostic::error(Code::AcknowledgementPlace, Msg::AckNeedsPlace)
                .expected(Msg::ExpectAckPlace)
                .found(d.printed.clone().unwrap_or_default())
                .hint(Msg::HintAckNeedsPlace),
        );
    }
    let place = match place(site, o, d, lines) {
        Ok(p) => p,
        Err(e) => return Some(e),
    };
    match finding(site, o, d) {
        Found::Acknowledged => return None,
        Found::Stale(e) => return Some(e),
        Found::Nothing => {}
    }
    let kind = kind_name(d.kind).to_string();
    let quoted = (d.phrase.as_deref().or(d.printed.as_deref())).filter(|p| !p.trim().is_empty());
    let named = d.item.is_some() || d.section.is_some() || d.table.is_some() || d.row.is_some();
    if quoted.is_none() && named {
        // No quotation, but a place that exists: the note is about that place as a whole.
        let at = place.map_or(Msg::AckPlaceText, |p| p.what);
        return Some(
            Diagnostic::note(
                Code::AcknowledgedDiscrepancy,
                Msg::AckRecordedAt {
                    kind,
                    place: Box::new(at),
                },
            )
            .hint(d.note.clone()),
        );
    }
    let Some(phrase) = quoted else {
        return Some(
            Diagnostic::error(Code::AcknowledgementPlace, Msg::AckQuotesNothing { kind })
                .expected(Msg::ExpectAckQuote)
                .hint(Msg::HintAckQuotesNothing),
        );
    };
    let Some(place) = place else {
        // The file could not be read again: what it quotes cannot be looked for, so nothing is said.
        return Some(note(d, kind, phrase));
    };
    if normalized(&place.text).contains(&normalized(phrase)) {
        return Some(note(d, kind, phrase));
    }
    Some(
        Diagnostic::error(
            Code::StaleAcknowledgement,
            Msg::AckPhraseNotFound {
                kind,
                phrase: phrase.to_string(),
                place: Box::new(place.what.clone()),
            },
        )
        .expected(Msg::ExpectAckPhrase {
            phrase: phrase.to_string(),
            place: Box::new(place.what),
        })
        .found(Msg::FoundAckPhraseMissing)
        .hint(Msg::HintAckPhraseNotFound),
    )
}

/// The note of an entry that records words of the source: its words are the entry's own note.
fn note(d: &Discrepancy, kind: String, phrase: &str) -> Diagnostic {
    Diagnostic::note(
        Code::AcknowledgedDiscrepancy,
        Msg::AckRecorded {
            kind,
            phrase: phrase.to_string(),
        },
    )
    .hint(d.note.clone())
}

pub(super) fn kind_name(k: DiscrepancyKind) -> &'static str {
    match k {
        DiscrepancyKind::Title => "title",
        DiscrepancyKind::Weekday => "weekday",
        DiscrepancyKind::Date => "date",
        DiscrepancyKind::Reference => "reference",
        DiscrepancyKind::Attachment => "attachment",
        DiscrepancyKind::Total => "total",
        DiscrepancyKind::Other => "other",
        DiscrepancyKind::Figure => "figure",
    }
}

/// White space runs are one space: quotations are written on one line, the text wraps. A bound figure
/// (`[[tal:… | 1,05]]`) reads as the figure it prints.
fn normalized(s: &str) -> String {
    let mut plain = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("[[tal:") {
        plain.push_str(&rest[..at]);
        let Some(end) = rest[at..].find("]]") else {
            rest = &rest[at..];
            break;
        };
        let inner = &rest[at + 6..at + end];
        plain.push_str(
            inner
                .split_once('|')
                .map_or(inner, |(_, printed)| printed)
                .trim(),
        );
        rest = &rest[at + end + 2..];
    }
    plain.push_str(rest);
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a check found for an entry of a kind that records a finding.
enum Found {
    /// A finding the entry acknowledges: its check reports the note.
    Acknowledged,
    /// The entry names what the check can judge, and it is right now.
    Stale(Diagnostic),
    /// Nothing of the kind is quoted: the entry records words of the source.
    Nothing,
}

fn finding(site: &Site, o: &Owner, d: &Discrepancy) -> Found {
    match d.kind {
        DiscrepancyKind::Title => match (o, &d.item) {
            (Owner::Meeting(m), Some(n)) => title(m, n),
            _ => Found::Nothing,
        },
        DiscrepancyKind::Weekday => weekday(o, d),
        DiscrepancyKind::Date => {
            let quoted = o
                .impossible_dates()
                .iter()
                .any(|x| quotes(d, d.kind, &x.phrase));
            if quoted {
                Found::Acknowledged
            } else {
                Found::Nothing
            }
        }
        DiscrepancyKind::Reference => {
            let Some(printed) = d.printed.as_deref() else {
                return Found::Nothing;
            };
            let file = o.file();
            let withheld = match o {
                Owner::Meeting(m) => m.withheld.refs.as_slice(),
                _ => &[],
            };
            let broken = (site.refs.iter())
                .filter(|(f, _)| f == file)
                .map(|(_, r)| r)
                .chain(withheld)
                .filter(|r| r.written == printed)
                .any(|r| references::broken(site, file, r));
            if broken {
                Found::Acknowledged
            } else {
                Found::Nothing
            }
        }
        _ => Found::Nothing,
    }
}

/// A title entry: the item's overview title must still differ from its heading.
fn title(m: &Meeting, n: &str) -> Found {
    let differs = (m.items.iter().find(|i| i.answers_to(n))).is_some_and(|i| {
        i.meta
            .title
            .as_ref()
            .is_some_and(|t| !super::meetings::same_title(t, &i.heading))
    });
    if differs {
        return Found::Acknowledged;
    }
    Found::Stale(
        Diagnostic::error(
            Code::StaleAcknowledgement,
            Msg::StaleTitleAcknowledgement {
                item: n.to_string(),
            },
        )
        .hint(Msg::HintStaleTitleAcknowledgement),
    )
}

/// A weekday entry: a weekday it quotes that `check` can judge (a date with its year, or the meeting's
/// `weekday:`) must be wrong. A weekday written without a year ("fredag den 11. juni") is words of the source.
fn weekday(o: &Owner, d: &Discrepancy) -> Found {
    use chrono::Datelike;
    let mut judged = o
        .weekday_dates()
        .iter()
        .filter(|w| quotes(d, d.kind, &w.phrase))
        .map(|w| (w.phrase.clone(), w.written != w.date.weekday()));
    let field = match o {
        Owner::Meeting(m) => m.front.weekday.as_ref().map(|w| {
            let right = i18n::parse_weekday_da(w.value.trim()) == Some(m.date.weekday());
            (w.value.clone(), !right)
        }),
        _ => None,
    };
    let quoted: Vec<(String, bool)> = judged
        .by_ref()
        .chain(field.filter(|(w, _)| quotes(d, d.kind, w)))
        .collect();
    if quoted.iter().any(|(_, wrong)| *wrong) {
        return Found::Acknowledged;
    }
    match quoted.into_iter().next() {
        Some((phrase, _)) => Found::Stale(
            Diagnostic::error(
                Code::StaleAcknowledgement,
                Msg::AckWeekdayRight {
                    phrase: phrase.clone(),
                },
            )
            .expected(Msg::ExpectWrongWeekday)
            .found(phrase)
            .hint(Msg::HintAckStale),
        ),
        None => Found::Nothing,
    }
}

/// The place an entry names, with its words; an error when it names what the file does not have. `Ok(None)`
/// when the file cannot be read again.
fn place(
    site: &Site,
    o: &Owner,
    d: &Discrepancy,
    lines: Option<&Lines>,
) -> Result<Option<Place>, Diagnostic> {
    let item = match &d.item {
        Some(n) => Some(item_range(o, n).ok_or_else(|| {
            Diagnostic::error(
                Code::AcknowledgementPlace,
                Msg::AckNoItem { item: n.clone() },
            )
            .found(n.clone())
            .hint(Msg::HintAckPlace)
        })?),
        None => None,
    };
    let section = match &d.section {
        Some(s) => Some(section_range(o, s).ok_or_else(|| {
            Diagnostic::error(
                Code::AcknowledgementPlace,
                Msg::AckNoSection { section: s.clone() },
            )
            .found(s.clone())
            .hint(Msg::HintAckPlace)
        })?),
        None => None,
    };
    if d.table.is_some() || d.row.is_some() {
        return table_place(site, o, d).map(Some);
    }
    let Some(lines) = lines else {
        return Ok(None);
    };
    Ok(Some(if let Some((s, to)) = section {
        Place {
            what: Msg::AckPlaceSection {
                section: if s.number.is_empty() {
                    s.title.clone()
                } else {
                    s.number.clone()
                },
            },
            text: lines.range(s.pos.line, to.unwrap_or(lines.end())),
        }
    } else if let Some((it, to)) = item {
        let mut text = lines.range(it.heading_pos.line, to.unwrap_or(lines.end()));
        // What the overview says of the item (its title as listed, its attachments) is the item's too.
        for extra in (it.meta.title.iter())
            .chain(it.meta.attachments.iter().map(|a| &a.value.title))
            .chain(it.meta.approves_note.iter())
        {
            text.push('\n');
            text.push_str(extra);
        }
        Place {
            what: Msg::AckPlaceItem {
                item: if it.meta.number.is_empty() {
                    it.heading.clone()
                } else {
                    it.meta.number.clone()
                },
            },
            text,
        }
    } else {
        Place {
            what: Msg::AckPlaceText,
            text: lines.range(lines.body_line, lines.end()),
        }
    }))
}

/// The item `n` of a meeting and the line its successor's heading starts on.
fn item_range<'a>(o: &Owner<'a>, n: &str) -> Option<(&'a AgendaItem, Option<usize>)> {
    let Owner::Meeting(m) = o else {
        return None;
    };
    let it = m.items.iter().find(|i| i.answers_to(n))?;
    let next = (m.items.iter().map(|i| i.heading_pos.line))
        .filter(|&l| l > it.heading_pos.line)
        .min();
    Some((it, next))
}

/// Section `s` of a document (its number, its anchor or its heading's words) and the line the next section at its level or above
/// starts on.
fn section_range<'a>(o: &Owner<'a>, s: &str) -> Option<(&'a Section, Option<usize>)> {
    let Owner::Document(d) = o else {
        return None;
    };
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

/// A table's words (`table:` alone: its title, caption, notes, column labels and text cells) or one row's
/// (`row:`), in the named table or, without `table:`, in a table the file prints.
fn table_place(site: &Site, o: &Owner, d: &Discrepancy) -> Result<Place, Diagnostic> {
    let find = |id: &str| site.table(id).or_else(|| site.withheld_table(id));
    let candidates: Vec<&Table> = match &d.table {
        Some(id) => vec![find(id).ok_or_else(|| {
            Diagnostic::error(
                Code::AcknowledgementPlace,
                Msg::AckNoTable { table: id.clone() },
            )
            .found(id.clone())
            .hint(Msg::HintAckPlace)
        })?],
        None => o.tables().into_iter().filter_map(find).collect(),
    };
    let Some(row) = &d.row else {
        let t = candidates[0];
        return Ok(Place {
            what: Msg::AckPlaceTable {
                table: t.file.title.clone(),
            },
            text: table_words(t),
        });
    };
    for t in &candidates {
        if let Some(i) = (0..t.rows.len())
            .find(|&i| t.rows[i].id.as_deref() == Some(row) || &t.row_label(i) == row)
        {
            return Ok(Place {
                what: Msg::AckPlaceRow {
                    row: row.clone(),
                    table: t.file.title.clone(),
                },
                text: row_words(t, i),
            });
        }
    }
    Err(Diagnostic::error(
        Code::AcknowledgementPlace,
        Msg::AckNoRow {
            row: row.clone(),
            table: d.table.clone().unwrap_or_default(),
        },
    )
    .found(row.clone())
    .hint(Msg::HintAckPlace))
}

fn row_words(t: &Table, i: usize) -> String {
    (t.rows[i].cells.iter())
        .filter_map(|c| match c {
            Cell::Text(s) => Some(s.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn table_words(t: &Table) -> String {
    let f = &t.file;
    let mut words: Vec<&str> = vec![f.title.as_str()];
    words.extend(f.caption.as_deref());
    words.extend(f.notes_before.as_deref());
    words.extend(f.notes_after.as_deref());
    for c in &f.columns {
        words.push(&c.label);
        words.extend(c.header.as_deref());
    }
    let mut text = words.join("\n");
    for i in 0..t.rows.len() {
        text.push('\n');
        text.push_str(&row_words(t, i));
    }
    text
}
