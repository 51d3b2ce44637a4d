//! Numbers near a table that restate one of its figures but are not bound to it: a warning with the directive
//! to write. "Near" is the text of an agenda item or a document that places the table (`[[tabel:…]]`,
//! `tables:`, an attachment, the table's own `document:`/`meeting:`, or a figure it binds). A figure of the
//! table is a number cell or a rule's parameter (a rate, an amount, a total, a split's percentages); a number
//! equals it exactly, or written in millions ("2,7 mio." for 2.700.000), or rounded for display ("1,4 mio." for
//! 1.392.657, "ca. 644.000" for 644.500: [`restates`]); all warnings. A number of five significant digits or
//! more (six beside a long table's data cell) that is one digit off a figure ("1.392.567", [`one_digit_slip`]) is
//! an error: a slip of the keyboard.
//! Conservative: dates, years, ordinals, paragraph, item and appendix numbers, case numbers and whole numbers
//! below 10 are never reported.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::load::Site;
use crate::model::figure::{
    one_digit_slip, parse_printed, restates, row_keys, significant_digits, split_scale, NumberUse,
    Restates, TextFigures, QUALIFIERS,
};
use crate::model::table::{Cell, ColumnType, Role};
use crate::model::{AgendaItem, Meeting, Table};
use rust_decimal::Decimal;

pub(super) fn check(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for d in &site.documents {
        let mut placed: Vec<&str> = (d.front.tables.iter().map(|t| t.value.as_str()))
            .chain(d.tables_requested.iter().map(String::as_str))
            .chain(bound_tables(&d.figures))
            .collect();
        placed.extend(
            (site.tables.iter())
                .filter(|t| t.file.document.as_ref().is_some_and(|x| x.value == d.id))
                .map(|t| t.id.as_str()),
        );
        report(
            site,
            &d.source.file,
            &placed,
            &d.figures.numbers,
            &mut diags,
        );
    }
    // A table's own texts (title, caption, headers, notes) restate its own figures.
    for t in &site.tables {
        report(
            site,
            &t.source.file,
            &[t.id.as_str()],
            &t.numbers,
            &mut diags,
        );
    }
    diags
}

fn bound_tables(f: &TextFigures) -> impl Iterator<Item = &str> {
    f.bound.iter().map(|b| b.figure.table.as_str())
}

/// The tables an agenda item places, attaches, is named by (`meeting: "<id>#<item>"`) or binds figures of.
/// The numbers of one meeting's open items that restate a table the item shows (those of documents and tables
/// are [`check`]'s).
pub(super) fn of_meeting(site: &Site, m: &Meeting, diags: &mut Diagnostics) {
    for it in m.items.iter().filter(|i| i.closed.is_none()) {
        let placed = item_tables(site, m, it);
        report(site, &m.source.file, &placed, &it.figures().numbers, diags);
    }
}

fn item_tables<'s>(site: &'s Site, m: &Meeting, it: &'s AgendaItem) -> Vec<&'s str> {
    let mut placed: Vec<&str> = (it.tables.iter().map(String::as_str))
        .chain(
            it.meta
                .attachments()
                .iter()
                .filter_map(|a| a.value.table.as_deref()),
        )
        .chain(bound_tables(it.figures()))
        .collect();
    placed.extend(
        (site.tables.iter())
            .filter(|t| {
                (t.file.meeting.as_ref())
                    .and_then(|x| x.value.split_once('#'))
                    .is_some_and(|(mid, item)| mid == m.id && it.answers_to(item))
            })
            .map(|t| t.id.as_str()),
    );
    placed
}

/// A figure of a table and the address a directive names it by (`tabel#række/kolonne`, `tabel@regel/rate`).
struct Known {
    value: Decimal,
    address: String,
    /// A figure a small number (below 100) may restate: a total, a percentage, a rule's parameter, or any
    /// figure of a short table. In a long table of counts (98 municipalities) small figures coincide with
    /// house numbers and counts of anything.
    distinctive: bool,
}

/// A table this long or shorter: each of its figures is distinctive.
const SHORT_TABLE: usize = 12;

fn figures_of(t: &Table) -> Vec<Known> {
    let keys = row_keys(t);
    let mut out = Vec::new();
    for (r, row) in t.rows.iter().enumerate() {
        for (c, cell) in row.cells.iter().enumerate() {
            let kind = t.file.columns[c].kind;
            if let (Cell::Number(v), true) = (cell, kind != ColumnType::Text) {
                out.push(Known {
                    value: *v,
                    address: format!("{}#{}/{}", t.id, keys[r], t.file.columns[c].key),
                    distinctive: row.role != Role::Data
                        || kind == ColumnType::Percent
                        || t.rows.len() <= SHORT_TABLE,
                });
            }
        }
    }
    for rule in &t.file.rules {
        let rule = &rule.value;
        let mut param = |name: &str, v: Option<Decimal>| {
            if let Some(value) = v {
                out.push(Known {
                    value,
                    address: format!("{}@{}/{name}", t.id, rule.id),
                    distinctive: true,
                });
            }
        };
        param("rate", rule.rate.map(|n| n.0));
        param(
            "amount",
            rule.amount.as_ref().and_then(|a| a.value).map(|n| n.0),
        );
        param(
            "total",
            rule.total.as_ref().and_then(|a| a.value).map(|n| n.0),
        );
        for p in rule.parts.iter().flatten() {
            param(&format!("percent:{}", p.row), Some(p.percent.0));
        }
    }
    out
}

fn report(
    site: &Site,
    file: &str,
    placed: &[&str],
    numbers: &[NumberUse],
    diags: &mut Diagnostics,
) {
    if placed.is_empty() || numbers.is_empty() {
        return;
    }
    let mut ids: Vec<&str> = placed.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let known: Vec<Known> = ids
        .iter()
        .filter_map(|id| site.table(id))
        .flat_map(figures_of)
        .collect();
    for n in numbers {
        let Some((value, written)) = amount(n) else {
            continue;
        };
        let small = value < Decimal::from(100);
        let candidates = || (known.iter()).filter(|k| k.distinctive || !small);
        let same: Vec<&Known> = candidates().filter(|k| k.value == value).collect();
        if let Some(first) = same.first() {
            diags.push(unbound(file, n, &written, first, same.len() - 1, false));
            continue;
        }
        // Rounded for display ("1,4 mio." for 1.392.657, "ca. 644.000" for 644.500): meant as the table's
        // figure. A figure of one significant digit ("ca. 300.000") is near too many figures to tell, and one of
        // two only near a distinctive figure ("ca. 3.500" is near some row of a table of 98 municipalities).
        let digits = significant_digits(&written);
        if digits >= 2 {
            let rounded: Vec<&Known> = candidates()
                .filter(|k| k.distinctive || digits >= 3)
                .filter(|k| restates(&written, k.value) == Some(Restates::Rounded))
                .collect();
            if let Some(first) = rounded.first() {
                diags.push(unbound(file, n, &written, first, rounded.len() - 1, true));
                continue;
            }
        }
        // One digit off a table's figure ("1.392.567" beside 1.392.657): what a slip of the keyboard makes. Only
        // for figures so exact that another figure near the table is one digit off by chance very rarely: five
        // significant digits for a distinctive figure, six for a data cell of a long table.
        let slip = |k: &&Known| {
            digits
                >= if k.distinctive {
                    SLIP_DIGITS
                } else {
                    SLIP_DIGITS + 1
                }
                && one_digit_slip(&written, k.value)
        };
        if digits >= SLIP_DIGITS {
            if let Some(k) = candidates().find(slip) {
                diags.push(
                    Diagnostic::error(
                        Code::FigureSlip,
                        Msg::FigureSlip {
                            written: written.clone(),
                            address: k.address.clone(),
                            value: k.value,
                        },
                    )
                    .at(file, n.pos.line, n.pos.column)
                    .found(written.clone())
                    .expected(Msg::ExpectFigureValue { value: k.value })
                    .hint(Msg::HintFigureSlip {
                        directive: format!("[[tal:{}]]", k.address),
                        free: format!("[[tal:fri | {written}]]"),
                    }),
                );
            }
        }
    }
}

/// A figure this exact (significant digits) one digit off a distinctive figure of a table is reported as a slip.
const SLIP_DIGITS: usize = 5;

/// The warning for a number that restates `k` (exactly, or `rounded` for display) without being bound.
fn unbound(
    file: &str,
    n: &NumberUse,
    written: &str,
    k: &Known,
    others: usize,
    rounded: bool,
) -> Diagnostic {
    let written = written.to_string();
    let message = if rounded {
        Msg::FigureUnboundRounded {
            written: written.clone(),
            address: k.address.clone(),
            value: k.value,
        }
    } else {
        Msg::FigureUnbound {
            written: written.clone(),
            address: k.address.clone(),
        }
    };
    Diagnostic::warning(Code::FigureUnbound, message)
        .at(file, n.pos.line, n.pos.column)
        .found(written.clone())
        .expected(Msg::ExpectFigureBound)
        .hint(Msg::HintFigureUnbound {
            directive: format!("[[tal:{} | {written}]]", k.address),
            others,
        })
}

/// Words after which a number is a paragraph, item, appendix, page, case or other label, never an amount.
const LABELS: &[&str] = &[
    "§",
    "punkt",
    "pkt.",
    "stk.",
    "nr.",
    "bilag",
    "kl.",
    "side",
    "s.",
    "tabel",
    "kapitel",
    "afsnit",
    "linje",
    "uge",
    "version",
    "j.nr.",
    "journalnr.",
    "sag",
    "sagsnr.",
    "cvr",
    "cvr-nr.",
    "tlf.",
    "tlf.:",
    "telefon",
    "telefonnummer",
    "telefonnummer,",
    "postnr.",
];

const MONTHS: &[&str] = &[
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "sept.",
    "okt.",
    "nov.",
    "dec.",
];

/// The amount a number in running text states, and the text a directive would keep ("2,7 mio."); `None` for a
/// number that is a date, a year, an ordinal, a label or a small count.
fn amount(n: &NumberUse) -> Option<(Decimal, String)> {
    let before = n.before.trim_end().to_lowercase();
    let after = n.after.as_str();
    // Part of a longer token: "19-001", "2019/2020", "4a", "x2".
    let joined = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '-');
    if joined(n.before.chars().last()) || joined(after.chars().next()) {
        return None;
    }
    // Digits in groups with spaces: a telephone number ("35 30 85 27"), a postcode with a number.
    let spaced = |s: &str| s.starts_with(' ') && s[1..].starts_with(|c: char| c.is_ascii_digit());
    let before_rev: String = n.before.chars().rev().collect();
    if spaced(after) || spaced(&before_rev) {
        return None;
    }
    if LABELS
        .iter()
        .any(|w| before.ends_with(w) && word_start(&before, w))
    {
        return None;
    }
    // "17. juni", "3. behandling": a date or an ordinal.
    if let Some(rest) = after.strip_prefix('.') {
        let rest = rest.trim_start();
        let word = rest.split_whitespace().next().unwrap_or("").to_lowercase();
        if MONTHS.contains(&word.as_str()) || rest.chars().next().is_some_and(char::is_lowercase) {
            return None;
        }
    }
    let plain = parse_printed(&n.written)?;
    let whole = plain.fract().is_zero();
    // A year ("2021") or a small count ("5 årsværk"): too many coincide with a figure by chance.
    let year = whole
        && !n.written.contains(['.', ','])
        && (Decimal::from(1900)..=Decimal::from(2100)).contains(&plain);
    if year || (whole && plain < Decimal::from(10)) {
        return None;
    }
    // "2,7 mio.": the figure in millions.
    let scaled = format!("{} {}", n.written, after.trim_start());
    let (_, factor) = split_scale(
        scaled
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ")
            .as_str(),
    );
    // "ca. 644.000", "knap 1,4 mio.": the qualifier belongs to what the source prints.
    let qualifier = (QUALIFIERS.iter().map(|(w, _)| w.trim_end()))
        .find(|w| before.ends_with(w) && word_start(&before, w))
        .map_or(String::new(), |w| format!("{w} "));
    if factor > 1 {
        let word = after.split_whitespace().next().unwrap_or("");
        return Some((
            plain.checked_mul(Decimal::from(factor))?,
            format!("{qualifier}{} {word}", n.written),
        ));
    }
    Some((plain, format!("{qualifier}{}", n.written)))
}

/// Whether `w` at the end of `s` starts a word there.
fn word_start(s: &str, w: &str) -> bool {
    let at = s.len() - w.len();
    at == 0 || s[..at].ends_with(|c: char| !c.is_alphanumeric())
}
