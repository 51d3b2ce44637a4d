//! Agenda item numbers as bodies really write them: `3`, `3.5` (in a group), `89` (a council's running annual
//! numbers), `19-001` (year and running number), `7a` (an item inserted after 7), zero-padded `01`; an item may
//! have no number at all. The number is free text; what is read from it here is what checks and anchors need:
//! its place in a sequence ([`SeqNumber`]) and one normal form, so that `01`, `1` and "jf. punkt 1" agree.

use serde::{Deserialize, Serialize};

/// How a meeting numbers its items (`numbering:` in the front matter), which says what sequence is checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Numbering {
    /// 1, 2, 3 … in each meeting (or g.1, g.2 … inside declared groups): the default.
    #[default]
    #[serde(alias = "pr-møde", alias = "pr-moede")]
    PerMeeting,
    /// Running numbers over the year or term: the first item has any number (89), the rest follow it (90, 91 …).
    #[serde(alias = "løbende", alias = "loebende")]
    Running,
    /// Numbers are labels only: no sequence is checked, only that no number is used twice.
    #[serde(alias = "fri")]
    Free,
}

/// An item number read as a place in a sequence: `19-001` → series `19-`, 1; `3.5` → series `3.`, 5; `7a` → 7
/// with the insertion letter `a`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SeqNumber {
    /// Everything before the last run of digits, with its own digit runs unpadded (`3.`, `19-`, empty).
    pub series: String,
    pub value: u32,
    /// An inserted item's letter (`7a`).
    pub letter: Option<char>,
}

impl SeqNumber {
    /// `None` when the number is not digits with `.`/`-` separators and an optional final letter.
    pub fn parse(number: &str) -> Option<SeqNumber> {
        let n = number.trim().trim_end_matches('.');
        let (body, letter) = match n.chars().last() {
            Some(c) if c.is_ascii_lowercase() => (&n[..n.len() - 1], Some(c)),
            _ => (n, None),
        };
        let digits_at = body
            .rfind(|c: char| !c.is_ascii_digit())
            .map_or(0, |i| i + 1);
        let (series, last) = body.split_at(digits_at);
        let valid_series = series.is_empty()
            || (series.ends_with(['.', '-'])
                && series.starts_with(|c: char| c.is_ascii_digit())
                && series
                    .split(['.', '-'])
                    .all(|p| p.bytes().all(|b| b.is_ascii_digit())));
        if last.is_empty() || !valid_series {
            return None;
        }
        Some(SeqNumber {
            series: unpadded(series),
            value: last.parse().ok()?,
            letter,
        })
    }
}

/// The number as references and anchors compare it: no final full stop, no leading zeros in its digit runs
/// (`01` → `1`, `19-001` → `19-1`), a decimal comma read as a point (`3,5` → `3.5`).
pub fn normal_form(number: &str) -> String {
    unpadded(&number.trim().trim_end_matches('.').replace(',', "."))
}

/// `019-001` → `19-1`: each run of digits without its leading zeros.
fn unpadded(n: &str) -> String {
    let mut out = String::with_capacity(n.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if !run.is_empty() {
            let t = run.trim_start_matches('0');
            out.push_str(if t.is_empty() { "0" } else { t });
            run.clear();
        }
    };
    for c in n.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Whether two written numbers are the same item number (`01` and `1`).
pub fn same_number(a: &str, b: &str) -> bool {
    a == b || normal_form(a) == normal_form(b)
}

/// The anchor of an item by its number: `3.5` → `punkt-3-5`, `01` → `punkt-1`, `7a` → `punkt-7a`. What a
/// reference by number ("jf. punkt 3.5", `ref:møde#3.5`) links to.
pub fn number_anchor(number: &str) -> String {
    let n: String = normal_form(number)
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("punkt-{}", n.trim_matches('-'))
}

/// Whether a heading's first word is an item number (`12`, `3.5.`, `19-001`, `7a`, `01`).
pub fn looks_like_number(word: &str) -> bool {
    SeqNumber::parse(word).is_some()
}

/// Whether `id` may be an item's id: a slug (lowercase ASCII letters, digits, hyphens) that starts with a letter,
/// so that it is never read as a number, and that is not one of the anchors protokol makes itself.
pub fn valid_item_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && super::valid_id(id)
        && !id.ends_with('-')
        && !id.contains("--")
        && !id.starts_with("punkt-")
        && !id.starts_with("gruppe-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_bodies_write_them() {
        let s = |n: &str| SeqNumber::parse(n).map(|s| (s.series, s.value, s.letter));
        assert_eq!(s("89"), Some((String::new(), 89, None)));
        assert_eq!(s("3.5."), Some(("3.".into(), 5, None)));
        assert_eq!(s("19-001"), Some(("19-".into(), 1, None)));
        assert_eq!(s("07a"), Some((String::new(), 7, Some('a'))));
        assert_eq!(s("Godkendelse"), None);
        assert_eq!(s("a1"), None);
        assert_eq!(s("99999999999"), None);
        assert_eq!(normal_form("01"), "1");
        assert_eq!(normal_form("19-001"), "19-1");
        assert_eq!(normal_form("3,5"), "3.5");
        assert_eq!(normal_form("0"), "0");
        assert_eq!(number_anchor("3.5"), "punkt-3-5");
        assert_eq!(number_anchor("01"), "punkt-1");
        assert_eq!(number_anchor("7a"), "punkt-7a");
        assert!(valid_item_id("budget-2021"));
        assert!(!valid_item_id("2021-budget"));
        assert!(!valid_item_id("punkt-3"));
        assert!(!valid_item_id("Budget"));
    }
}
