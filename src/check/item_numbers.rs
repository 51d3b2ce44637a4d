//! Agenda item numbers, in the meeting's numbering style (`numbering:`): no number twice, and where the style
//! implies a sequence, none skipped. `per-meeting` (the default): 1…n, or g.1…g.m inside declared groups, each
//! series (`19-`) from 1; `running`: each series from any first number (89, 90, …); `free`: no sequence. In every
//! style an inserted item (`7a`) follows its number (7, 7a, 7b, 8) and takes none of the sequence, and an item
//! without a number stands anywhere.

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Pos};
use crate::i18n::Msg;
use crate::model::item_number::{Numbering, SeqNumber};
use crate::model::meeting::AgendaItem;
use crate::model::Meeting;
use std::collections::{HashMap, HashSet};

/// Where a series stands: the last number and letter seen.
struct Last {
    value: u32,
    letter: Option<char>,
}

pub(super) fn check(m: &Meeting) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let style = m.numbering();
    let at = |it: &AgendaItem, d: Diagnostic| {
        d.at(&m.source.file, it.heading_pos.line, it.heading_pos.column)
    };
    let mut last: HashMap<String, Last> = HashMap::new();
    let mut seen = HashSet::with_capacity(m.items.len());
    for it in m.items.iter().filter(|i| !i.meta.number.is_empty()) {
        let n = &it.meta.number;
        let Some(seq) = SeqNumber::parse(n) else {
            // A heading's number is always readable; an entry could only differ by its id (reported there).
            continue;
        };
        if !seen.insert(seq.clone()) {
            diags.push(at(
                it,
                Diagnostic::error(Code::ItemNumber, Msg::ItemNumberTwice { item: n.clone() })
                    .hint(Msg::HintItemNumberGap),
            ));
            continue;
        }
        let group = seq.series.strip_suffix('.');
        if let Some(g) = group.filter(|_| style != Numbering::Free) {
            if !m.front.groups.iter().any(|x| x.number == g) {
                diags.push(at(
                    it,
                    Diagnostic::error(
                        Code::ItemNumber,
                        Msg::ItemInUndeclaredGroup {
                            item: n.clone(),
                            group: g.to_string(),
                        },
                    ),
                ));
            }
        }
        if style == Numbering::Free {
            continue;
        }
        let prev = last.get(&seq.series);
        let right = match (prev, seq.letter) {
            // An inserted item: right after its number, or after the letter before its own.
            (Some(p), Some(l)) => p.value == seq.value && next_letter(p.letter) == Some(l),
            (None, Some(_)) => false,
            (Some(p), None) => p.value.checked_add(1) == Some(seq.value),
            // The first of a series: 1 per meeting; any number when running.
            (None, None) => style == Numbering::Running || seq.value == 1,
        };
        if !right {
            let expected = match (prev, seq.letter) {
                (Some(p), Some(_)) if p.value == seq.value => format!(
                    "{}{}{}",
                    seq.series,
                    p.value,
                    next_letter(p.letter).map(String::from).unwrap_or_default()
                ),
                (Some(p), _) => format!("{}{}", seq.series, p.value.saturating_add(1)),
                (None, _) => format!("{}1", seq.series),
            };
            let (msg, hint) = if seq.letter.is_some() {
                (
                    Msg::ItemLetterOutOfOrder { item: n.clone() },
                    Msg::HintItemNumberGap,
                )
            } else if style == Numbering::Running {
                (
                    Msg::ItemNumberGap { item: n.clone() },
                    Msg::HintItemNumberRunning,
                )
            } else {
                (
                    Msg::ItemNumberGap { item: n.clone() },
                    Msg::HintItemNumberGap,
                )
            };
            diags.push(at(
                it,
                Diagnostic::error(Code::ItemNumber, msg)
                    .expected(expected)
                    .found(n.clone())
                    .hint(hint),
            ));
        }
        // The sequence goes on from what is written, so that one wrong number is one error.
        let entry = last.entry(seq.series.clone()).or_insert(Last {
            value: seq.value,
            letter: None,
        });
        if seq.letter.is_none() || entry.value != seq.value {
            entry.value = seq.value;
        }
        entry.letter = seq.letter;
    }
    groups(m, &mut diags);
    diags
}

/// `None` → `a`, `a` → `b`, …; nothing after `z`.
fn next_letter(l: Option<char>) -> Option<char> {
    match l {
        None => Some('a'),
        Some('z') => None,
        Some(c) => char::from_u32(c as u32 + 1),
    }
}

/// Numbered groups run 1…n (per meeting); an unnumbered group names the item it begins at.
fn groups(m: &Meeting, diags: &mut Diagnostics) {
    let file = &m.source.file;
    for g in &m.front.groups {
        match &g.first_item {
            None if g.number.is_empty() => diags.push(
                Diagnostic::error(
                    Code::ItemNumber,
                    Msg::GroupWithoutPlace {
                        group: g.title.clone(),
                    },
                )
                .at(file, g.pos.line, g.pos.column)
                .hint(Msg::HintGroupWithoutPlace),
            ),
            Some(first) if !m.items.iter().any(|i| i.answers_to(first)) => diags.push(
                Diagnostic::error(
                    Code::ItemNumber,
                    Msg::GroupFirstItemUnknown {
                        group: g.title.clone(),
                        item: first.clone(),
                    },
                )
                .at(file, g.pos.line, g.pos.column)
                .found(first.clone()),
            ),
            _ => {}
        }
    }
    if m.numbering() != Numbering::PerMeeting {
        return;
    }
    let numbered: Vec<u32> = (m.front.groups.iter())
        .filter_map(|g| g.number.parse().ok())
        .collect();
    for (i, g) in numbered.iter().enumerate() {
        let want = u32::try_from(i).ok().and_then(|i| i.checked_add(1));
        if Some(*g) != want {
            let p = (m.front.groups.iter())
                .find(|x| x.number.parse() == Ok(*g))
                .map(|x| x.pos)
                .unwrap_or(Pos { line: 1, column: 1 });
            diags.push(
                Diagnostic::error(Code::ItemNumber, Msg::GroupNumberGap)
                    .at(file, p.line, p.column)
                    .expected((i + 1).to_string())
                    .found(g.to_string()),
            );
            break;
        }
    }
}
