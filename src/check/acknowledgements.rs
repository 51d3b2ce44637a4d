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

/// Every document (each version too) and page with recorded discrepancies.
fn owners(site: &Site) -> Vec<Owner<'_>> {
    let documents = (site.documents.iter())
        .flat_map(|d| std::iter::once(d).chain(d.versions.iter()))
        .map(Owner::Document);
    let pages = site.pages.iter().map(Owner::Page);
    documents
        .chain(pages)
        .filter(|o| !o.acks().is_empty())
        .collect()
}

/// The recorded discrepancies of documents and pages; a meeting's are [`of_meeting`]'s (serve checks them per
/// meeting).
pub(super) fn check(site: &Site) -> Diagnostics {
    Diagnostics {
        items: owners(site)
            .par_iter()
            .flat_map_iter(|o| owner(site, o))
            .collect(),
    }
}

/// The recorded discrepancies of one meeting.
pub(super) fn of_meeting(site: &Site, m: &Meeting) -> Vec<Diagnostic> {
    let o = Owner::Meeting(m);
    if o.acks().is_empty() {
        return Vec::new();
    }
    owner(site, &o)
}

/// The ids meeting `m`'s recorded discrepancies look up (the tables where their rows are), besides the targets
/// of its references ([`super::references::looked_up`]).
pub(super) fn looked_up(m: &Meeting) -> Vec<String> {
    let o = Owner::Meeting(m);
    let acks = o.acks();
    if acks.is_empty() {
        return Vec::new();
    }
    let named = acks.iter().filter_map(|d| d.table.clone());
    o.tables()
        .into_iter()
        .map(str::to_string)
        .chain(named)
        .collect()
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

/// What an entry names as its place, and whether the words it quotes stand there.
struct Place {
    what: Msg,
    found: Found,
}

/// Whether an entry's words stand in its place: as loading found them in the file's lines
/// (`Discrepancy::quoted_in_file`), or in the words of the model (a table's, an item's overview).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Found {
    Yes,
    No,
    /// Not looked for (loading could not tell): nothing is said.
    Unknown,
}

fn owner(site: &Site, o: &Owner) -> Vec<Diagnostic> {
    o.acks()
        .into_iter()
        .filter_map(|d| {
            let diag = entry(site, o, d)?;
            Some(diag.at(o.file(), d.pos.line, d.pos.column))
        })
        .collect()
}

/// The diagnostic for one entry: `None` when the check that finds what it records reports the note.
fn entry(site: &Site, o: &Owner, d: &Discrepancy) -> Option<Diagnostic> {
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
    let place = match place(site, o, d) {
        Ok(p) => p,
        Err(e) => return Some(e),
    };
    match finding(site, o, d) {
        Finding::Acknowledged => return None,
        Finding::Stale(e) => return Some(e),
        Finding::Nothing => {}
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
        return Some(note(d, kind, phrase));
    };
    if place.found != Found::No {
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

fn normalized(s: &str) -> String {
    crate::model::quotable(s)
}

/// What a check found for an entry of a kind that records a finding.
enum Finding {
    /// A finding the entry acknowledges: its check reports the note.
    Acknowledged,
    /// The entry names what the check can judge, and it is right now.
    Stale(Diagnostic),
    /// Nothing of the kind is quoted: the entry records words of the source.
    Nothing,
}

fn finding(site: &Site, o: &Owner, d: &Discrepancy) -> Finding {
    match d.kind {
        DiscrepancyKind::Title => match (o, &d.item) {
            (Owner::Meeting(m), Some(n)) => title(m, n),
            _ => Finding::Nothing,
        },
        DiscrepancyKind::Weekday => weekday(o, d),
        DiscrepancyKind::Date => {
            let quoted = o
                .impossible_dates()
                .iter()
                .any(|x| quotes(d, d.kind, &x.phrase));
            if quoted {
                Finding::Acknowledged
            } else {
                Finding::Nothing
            }
        }
        DiscrepancyKind::Reference => {
            let Some(printed) = d.printed.as_deref() else {
                return Finding::Nothing;
            };
            let file = o.file();
            let withheld = match o {
                Owner::Meeting(m) => m.withheld().refs.as_slice(),
                _ => &[],
            };
            let broken = (site.refs.iter())
                .filter(|(f, _)| f == file)
                .map(|(_, r)| r)
                .chain(withheld)
                .filter(|r| r.written == printed)
                .any(|r| references::broken(site, file, r));
            if broken {
                Finding::Acknowledged
            } else {
                Finding::Nothing
            }
        }
        _ => Finding::Nothing,
    }
}

/// A title entry: the item's overview title must still differ from its heading.
fn title(m: &Meeting, n: &str) -> Finding {
    let differs = (m.items.iter().find(|i| i.answers_to(n))).is_some_and(|i| {
        i.meta
            .title
            .as_ref()
            .is_some_and(|t| !super::meetings::same_title(t, &i.heading))
    });
    if differs {
        return Finding::Acknowledged;
    }
    Finding::Stale(
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
fn weekday(o: &Owner, d: &Discrepancy) -> Finding {
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
        return Finding::Acknowledged;
    }
    match quoted.into_iter().next() {
        Some((phrase, _)) => Finding::Stale(
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
        None => Finding::Nothing,
    }
}

/// The place an entry names, and whether its words stand there; an error when it names what the file does not
/// have.
fn place(site: &Site, o: &Owner, d: &Discrepancy) -> Result<Option<Place>, Diagnostic> {
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
    // Looked for in the file's lines when it was loaded.
    let in_file = match d.quoted_in_file {
        Some(true) => Found::Yes,
        Some(false) => Found::No,
        None => Found::Unknown,
    };
    Ok(Some(if let Some(s) = section {
        Place {
            what: Msg::AckPlaceSection {
                section: if s.number.is_empty() {
                    s.title.clone()
                } else {
                    s.number.clone()
                },
            },
            found: in_file,
        }
    } else if let Some(it) = item {
        // What the overview says of the item (its title as listed, its attachments) is the item's too.
        let words = (d.phrase.as_deref().or(d.printed.as_deref())).map(normalized);
        let in_overview = (it.meta.title.iter())
            .chain(it.meta.attachments().iter().map(|a| &a.value.title))
            .chain(it.meta.approves_note())
            .any(|extra| {
                words
                    .as_ref()
                    .is_some_and(|w| normalized(extra).contains(w))
            });
        Place {
            what: Msg::AckPlaceItem {
                item: if it.meta.number.is_empty() {
                    it.heading.clone()
                } else {
                    it.meta.number.clone()
                },
            },
            found: if in_overview { Found::Yes } else { in_file },
        }
    } else {
        Place {
            what: Msg::AckPlaceText,
            found: in_file,
        }
    }))
}

/// The item `n` of a meeting.
fn item_range<'a>(o: &Owner<'a>, n: &str) -> Option<&'a AgendaItem> {
    let Owner::Meeting(m) = o else {
        return None;
    };
    m.item_span(n).map(|(it, _)| it)
}

/// Section `s` of a document (its number, its anchor or its heading's words).
fn section_range<'a>(o: &Owner<'a>, s: &str) -> Option<&'a Section> {
    let Owner::Document(d) = o else {
        return None;
    };
    crate::load::quotes::section_span(d, s).map(|(sec, _)| sec)
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
            found: words_in(d, &table_words(t)),
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
                found: words_in(d, &row_words(t, i)),
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

/// Whether the words `d` quotes stand in `text`.
fn words_in(d: &Discrepancy, text: &str) -> Found {
    let words = (d.phrase.as_deref().or(d.printed.as_deref())).map(normalized);
    match words {
        Some(w) if normalized(text).contains(&w) => Found::Yes,
        Some(_) => Found::No,
        None => Found::Unknown,
    }
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
