//! Bound figures: a figure in running text, a caption or a column header that takes its value from a table
//! (`[[tal:TABEL#RÆKKE/KOLONNE]]`, a rule's parameter `[[tal:TABEL@REGEL/rate]]` or result `[[tal:TABEL@REGEL]]`),
//! optionally with the figure the source printed (`[[tal:… | 644.500]]`), which the checker compares with the
//! table. Also the numbers of a text that no directive binds, for the checker's "unbound figure" warning.

use crate::diagnostics::Pos;
use crate::i18n::Msg;
use crate::model::table::{Cell, Table};

/// What a bound figure names in its table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FigureTarget {
    /// A cell: the row's key ([`row_keys`]) and the column's key.
    Cell { row: String, column: String },
    /// A rule's parameter: `rate`, `amount`, `total` or `percent:<row>` (a split's part).
    Param { rule: String, param: String },
    /// What a `sum` rule adds up to.
    Result { rule: String },
}

/// A bound figure as written: `[[tal:TABEL#RÆKKE/KOLONNE enhed | 644.500]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureRef {
    /// The table's id; empty in a table's own caption or header (`[[tal:#række/kolonne]]`).
    pub table: String,
    pub target: FigureTarget,
    /// `enhed`: the table's unit is written after the figure.
    pub unit: bool,
    /// The figure as the source printed it, shown instead of the table's value.
    pub printed: Option<String>,
}

/// A bound figure found in a text, where it is written.
#[derive(Debug, Clone)]
pub struct FigureUse {
    pub figure: FigureRef,
    /// The directive as written, `[[…]]` included.
    pub written: String,
    pub pos: Pos,
}

/// A number written in a text outside any directive ("183", "5.700.000", "2,7"), with a little of the text on
/// either side of it (for the words that tell a year, a date or a paragraph number from an amount).
#[derive(Debug, Clone)]
pub struct NumberUse {
    pub written: String,
    pub before: String,
    pub after: String,
    pub pos: Pos,
}

/// The figures of one text (an agenda item, a document, a page): the bound ones and the other numbers.
#[derive(Debug, Clone, Default)]
pub struct TextFigures {
    pub bound: Vec<FigureUse>,
    pub numbers: Vec<NumberUse>,
}

impl TextFigures {
    pub fn extend(&mut self, other: TextFigures) {
        self.bound.extend(other.bound);
        self.numbers.extend(other.numbers);
    }

    pub fn is_empty(&self) -> bool {
        self.bound.is_empty() && self.numbers.is_empty()
    }
}

/// The word before the colon.
pub const KEYWORD: &str = "tal";
/// The flag that writes the table's unit after the figure.
pub const UNIT_FLAG: &str = "enhed";
/// The parameters of a rule a figure may name.
pub const PARAMS: &[&str] = &["rate", "amount", "total", "percent:<række>"];

/// The characters a printed figure may hold: digits, separators, a sign, a percent sign and spaces.
fn printed_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '−' | '+' | '%' | ' ' | '\u{a0}')
}

impl FigureRef {
    /// Parses what stands between `[[tal:` and `]]`.
    pub fn parse(inner: &str) -> Result<FigureRef, Msg> {
        let bad = || Msg::FigureSyntax {
            written: format!("[[{KEYWORD}:{}]]", inner.trim()),
        };
        let (head, printed) = match inner.split_once('|') {
            Some((h, p)) => (h, Some(p.trim())),
            None => (inner, None),
        };
        if let Some(p) = printed {
            let p = split_scale(split_qualifier(p).1).0;
            let valid = !p.is_empty()
                && p.len() <= 40
                && p.chars().all(printed_char)
                && p.chars().any(|c| c.is_ascii_digit());
            if !valid {
                return Err(Msg::FigurePrintedNotANumber {
                    printed: p.chars().take(40).collect(),
                });
            }
        }
        let mut words = head.split_whitespace();
        let address = words.next().ok_or_else(bad)?;
        let unit = match (words.next(), words.next()) {
            (None, _) => false,
            (Some(UNIT_FLAG), None) => true,
            _ => return Err(bad()),
        };
        let (table, target) = if let Some((table, rest)) = address.split_once('#') {
            let (row, column) = rest.split_once('/').ok_or_else(bad)?;
            let target = FigureTarget::Cell {
                row: row.to_string(),
                column: column.to_string(),
            };
            (table, target)
        } else if let Some((table, rest)) = address.split_once('@') {
            let target = match rest.split_once('/') {
                Some((rule, param)) => FigureTarget::Param {
                    rule: rule.to_string(),
                    param: param.to_string(),
                },
                None => FigureTarget::Result {
                    rule: rest.to_string(),
                },
            };
            (table, target)
        } else {
            return Err(bad());
        };
        let ids_valid = match &target {
            FigureTarget::Cell { row, column } => {
                super::valid_id(row)
                    && !column.is_empty()
                    && column.len() <= 120
                    && key_like(column)
            }
            FigureTarget::Param { rule, param } => {
                super::valid_id(rule)
                    && match param.strip_prefix("percent:") {
                        Some(row) => super::valid_id(row),
                        None => key_like(param),
                    }
            }
            FigureTarget::Result { rule } => super::valid_id(rule),
        };
        if !(table.is_empty() || super::valid_id(table)) || !ids_valid {
            return Err(bad());
        }
        Ok(FigureRef {
            table: table.to_string(),
            target,
            unit,
            printed: printed.map(str::to_string),
        })
    }

    /// The address alone: `tabel#række/kolonne`, `tabel@regel/rate`, `tabel@regel`.
    pub fn address(&self) -> String {
        let t = &self.table;
        match &self.target {
            FigureTarget::Cell { row, column } => format!("{t}#{row}/{column}"),
            FigureTarget::Param { rule, param } => format!("{t}@{rule}/{param}"),
            FigureTarget::Result { rule } => format!("{t}@{rule}"),
        }
    }

    /// The figure written as a directive's inner text, the way [`FigureRef::parse`] reads it back.
    pub fn encode(&self) -> String {
        let mut s = self.address();
        if self.unit {
            s.push(' ');
            s.push_str(UNIT_FLAG);
        }
        if let Some(p) = &self.printed {
            s.push_str(" | ");
            s.push_str(p);
        }
        s
    }

    /// The same figure in the table `table` (a table's own captions and headers may leave the id out).
    pub fn in_table(&self, table: &str) -> FigureRef {
        let mut f = self.clone();
        if f.table.is_empty() {
            f.table = table.to_string();
        }
        f
    }
}

/// A column key as tables write them (`andel_2021`): ASCII letters, digits, `_` and `-`.
fn key_like(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 120
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The `[[tal:…]]` directives in `text`: each one's byte range and inner text (after `tal:`).
pub fn find_directives(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let open = format!("[[{KEYWORD}:");
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(&open) {
        let start = from + i;
        let inner_start = start + open.len();
        let Some(len) = text[inner_start..].find("]]") else {
            break;
        };
        // A directive never spans a line, nor holds another.
        let inner = &text[inner_start..inner_start + len];
        if inner.contains('\n') || inner.contains("[[") {
            from = inner_start;
            continue;
        }
        found.push((start..inner_start + len + 2, inner));
        from = inner_start + len + 2;
    }
    found
}

/// Every row's key, the way figures name rows: its id; else its printed label as a slug ("Favrskov Kommune" →
/// `favrskov-kommune`); else, when the slug is empty or another row's, `raekke-<n>` (1-based). Stable while the
/// row keeps its id or label.
pub fn row_keys(t: &Table) -> Vec<String> {
    let label = |i: usize| {
        t.rows[i].cells.iter().find_map(|c| match c {
            Cell::Text(s) if !s.trim().is_empty() => Some(super::slug(s)),
            _ => None,
        })
    };
    let slugs: Vec<Option<String>> = (0..t.rows.len())
        .map(|i| match &t.rows[i].id {
            Some(id) => Some(id.clone()),
            None => label(i).filter(|s| !s.is_empty() && s.len() <= 120),
        })
        .collect();
    (0..t.rows.len())
        .map(|i| match &slugs[i] {
            Some(s) if t.rows[i].id.is_some() => s.clone(),
            Some(s) if slugs.iter().filter(|x| x.as_ref() == Some(s)).count() == 1 => s.clone(),
            _ => format!("raekke-{}", i + 1),
        })
        .collect()
}

/// The HTML id of a table's cell: `tabel-<table>-<row key>-<column key>`.
pub fn cell_anchor(table: &str, row_key: &str, column: &str) -> String {
    format!("tabel-{table}-{row_key}-{column}")
}

/// What a figure shows: the printed figure, else the table's in `lang` (its column's decimals), with " %" for a
/// percentage and, with `enhed`, the table's unit.
pub fn shown(f: &FigureRef, r: &Resolved, lang: crate::i18n::Lang) -> String {
    if let Some(p) = &f.printed {
        return p.clone();
    }
    let mut v = r.value;
    if let Some(d) = r.decimals {
        v = v.round_dp_with_strategy(d, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        v.rescale(d);
    }
    let mut s = crate::i18n::figure(v, lang);
    if r.percent {
        s.push_str(" %");
    } else if let Some(u) = r.unit.as_deref().filter(|_| f.unit) {
        s.push(' ');
        s.push_str(u);
    }
    s
}

/// The text a figure shows in `tables` (looked up by id), or its printed figure when it names nothing there
/// (the checker reports that; a rule's result, which only the checker computes, needs its printed figure).
pub fn text_in<'t>(
    table: impl Fn(&str) -> Option<&'t Table>,
    f: &FigureRef,
    lang: crate::i18n::Lang,
) -> String {
    match table(&f.table).map(|t| resolve(t, &f.target)) {
        Some(Ok(r)) => shown(f, &r, lang),
        _ => f.printed.clone().unwrap_or_default(),
    }
}

/// What a bound figure's address names in its table.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub value: rust_decimal::Decimal,
    /// The decimals the table shows the figure with (its column's), if declared.
    pub decimals: Option<u32>,
    /// A percentage: written with " %" when no printed figure is given.
    pub percent: bool,
    pub unit: Option<String>,
    /// Where the figure stands on the table's page: its cell's id, or the table's for a rule's figure.
    pub anchor: String,
    /// The row and column of a cell; the rule of a rule's figure.
    pub cell: Option<(usize, usize)>,
    pub rule: Option<String>,
}

/// Why an address names no figure; the lists are what the table has instead (for "did you mean").
#[derive(Debug, Clone)]
pub enum Missing {
    Row {
        keys: Vec<String>,
    },
    Column {
        keys: Vec<String>,
    },
    Rule {
        ids: Vec<String>,
    },
    Param {
        params: Vec<String>,
    },
    /// The cell holds no number (text, a dash, nothing, a heading row).
    NoValue,
    /// A rule's result: computed by the checker ([`crate::check::figures`]), not here.
    Result {
        rule: usize,
    },
}

/// Resolves `target` in table `t`: a cell or a rule's parameter. A rule's result is left to the checker.
pub fn resolve(t: &Table, target: &FigureTarget) -> Result<Resolved, Missing> {
    use crate::model::table::{ColumnType, Role};
    match target {
        FigureTarget::Cell { row, column } => {
            let keys = row_keys(t);
            let r = keys.iter().position(|k| k == row);
            let c = t.column_index(column);
            let (r, c) = match (r, c) {
                (None, _) => return Err(Missing::Row { keys }),
                (_, None) => {
                    let keys = t.file.columns.iter().map(|c| c.key.clone()).collect();
                    return Err(Missing::Column { keys });
                }
                (Some(r), Some(c)) => (r, c),
            };
            let col = &t.file.columns[c];
            let value = match (&t.rows[r].cells.get(c), t.rows[r].role) {
                (_, Role::Heading) => return Err(Missing::NoValue),
                (Some(Cell::Number(v)), _) if col.kind != ColumnType::Text => *v,
                _ => return Err(Missing::NoValue),
            };
            Ok(Resolved {
                value,
                decimals: col.decimals,
                percent: col.kind == ColumnType::Percent,
                unit: t.unit_of(c).map(str::to_string),
                anchor: cell_anchor(&t.id, &keys[r], &col.key),
                cell: Some((r, c)),
                rule: None,
            })
        }
        FigureTarget::Param { rule, param } => {
            let (_, spec) = find_rule(t, rule)?;
            let column_unit = (spec.column.as_deref())
                .and_then(|k| t.column_index(k))
                .and_then(|c| t.unit_of(c))
                .map(str::to_string);
            let cell_value = |v: &crate::model::table::ValueRef| -> Option<rust_decimal::Decimal> {
                if let Some(n) = &v.value {
                    return Some(n.0);
                }
                let r = t.row_index(v.row.as_deref()?)?;
                let c = t.column_index(v.column.as_deref().or(spec.column.as_deref())?)?;
                t.rows[r].cells.get(c)?.number()
            };
            let (value, percent) = match param.as_str() {
                "rate" => (spec.rate.map(|n| n.0), false),
                "amount" => (spec.amount.as_ref().and_then(cell_value), false),
                "total" => (spec.total.as_ref().and_then(cell_value), false),
                p => match p.strip_prefix("percent:") {
                    Some(row) => (
                        (spec.parts.iter().flatten())
                            .find(|x| x.row == row)
                            .map(|x| x.percent.0),
                        true,
                    ),
                    None => (None, false),
                },
            };
            let value = value.ok_or_else(|| Missing::Param {
                params: params_of(spec),
            })?;
            Ok(Resolved {
                value,
                decimals: None,
                percent,
                unit: if percent { None } else { column_unit },
                anchor: format!("tabel-{}", t.id),
                cell: None,
                rule: Some(spec.id.clone()),
            })
        }
        FigureTarget::Result { rule } => Err(Missing::Result {
            rule: find_rule(t, rule)?.0,
        }),
    }
}

fn find_rule<'t>(
    t: &'t Table,
    rule: &str,
) -> Result<(usize, &'t crate::model::table::RuleSpec), Missing> {
    (t.file.rules.iter().enumerate())
        .find(|(_, r)| r.value.id == rule)
        .map(|(i, r)| (i, &r.value))
        .ok_or_else(|| Missing::Rule {
            ids: t.file.rules.iter().map(|r| r.value.id.clone()).collect(),
        })
}

/// The parameters a rule states, as figures name them.
fn params_of(spec: &crate::model::table::RuleSpec) -> Vec<String> {
    let mut out = Vec::new();
    if spec.rate.is_some() {
        out.push("rate".to_string());
    }
    if spec.amount.is_some() {
        out.push("amount".to_string());
    }
    if spec.total.is_some() {
        out.push("total".to_string());
    }
    for p in spec.parts.iter().flatten() {
        out.push(format!("percent:{}", p.row));
    }
    out
}

/// A word before a figure that says it is rounded: "ca. 644.000", "knap 1,4 mio.", "godt 3.500".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    /// "ca.", "cirka", "omkring": either side.
    Around,
    /// "knap": a little less than the printed figure.
    JustUnder,
    /// "godt", "lidt over": a little more.
    JustOver,
}

/// The words that qualify a figure as rounded, lowercase, each followed by a space.
pub const QUALIFIERS: &[(&str, Qualifier)] = &[
    ("ca. ", Qualifier::Around),
    ("cirka ", Qualifier::Around),
    ("omkring ", Qualifier::Around),
    ("knap ", Qualifier::JustUnder),
    ("godt ", Qualifier::JustOver),
    ("lidt over ", Qualifier::JustOver),
];

/// "ca. 644.000" → (Around, "644.000"); a figure without a qualifier is itself.
pub fn split_qualifier(printed: &str) -> (Option<Qualifier>, &str) {
    let t = printed.trim_start();
    for (word, q) in QUALIFIERS {
        if t.len() >= word.len()
            && t.is_char_boundary(word.len())
            && t[..word.len()].eq_ignore_ascii_case(word)
        {
            return (Some(*q), t[word.len()..].trim_start());
        }
    }
    (None, t)
}

/// How a printed figure stands to a table's figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restates {
    /// The same figure.
    Exact,
    /// The figure rounded for display, as writers do: to fewer decimals than it has ("1,4 mio." for 1.392.657,
    /// "30,5" for 30,49), or marked as rounded ("ca. 644.000" for 644.500).
    Rounded,
    /// Another figure.
    Differs,
}

/// Whether `printed` ("644.500", "1,4 mio.", "ca. 644.000", "30,5 %") states `value`, and how; `None` when it is
/// no Danish figure.
///
/// A figure is taken as rounded when it says so: it has fewer decimals (in its unit: millions for "mio.") than the
/// value and is the value rounded half away from zero to them ("1,4 mio." for 1.392.657; not "1,3 mio."), or a
/// qualifier ("ca.", "knap", "godt") marks it and the value lies within half a step of its last printed
/// figure ("ca. 644.000" is 643.500–644.500). Without a qualifier a figure with as many decimals as the value
/// must be the value: "180" for 183 differs, as "184" does (that is what a slip of one digit makes).
pub fn restates(printed: &str, value: rust_decimal::Decimal) -> Option<Restates> {
    use rust_decimal::{Decimal, RoundingStrategy};
    let (qualifier, rest) = split_qualifier(printed);
    let (number, factor) = split_scale(rest);
    let p = parse_plain(number)?;
    let factor = Decimal::from(factor);
    if p.checked_mul(factor)? == value {
        return Some(Restates::Exact);
    }
    let v = value.checked_div(factor)?;
    let decimals = number
        .split_once(',')
        .map_or(0, |(_, f)| f.chars().filter(char::is_ascii_digit).count())
        as u32;
    let rounded = match qualifier {
        None => {
            v.normalize().scale() > decimals
                && v.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero) == p
        }
        Some(q) => {
            // The step of the last figure printed: a decimal's, or for a whole number its trailing zeros'.
            let step = if decimals > 0 {
                Decimal::new(1, decimals)
            } else {
                let digits: String = number.chars().filter(char::is_ascii_digit).collect();
                let zeros = digits.len() - digits.trim_end_matches('0').len();
                (0..zeros.min(digits.len().saturating_sub(1)))
                    .try_fold(Decimal::ONE, |s, _| s.checked_mul(Decimal::TEN))?
            };
            let half = step / Decimal::TWO;
            let diff = v - p;
            match q {
                Qualifier::Around => diff.abs() <= half,
                Qualifier::JustUnder => diff <= Decimal::ZERO && -diff <= step,
                Qualifier::JustOver => diff >= Decimal::ZERO && diff <= step,
            }
        }
    };
    Some(if rounded {
        Restates::Rounded
    } else {
        Restates::Differs
    })
}

/// Whether `printed` is `value` with one digit mistyped: one digit changed, two neighbouring digits swapped, or
/// the last printed digit one off ("184" for 183, "1.392.567" for 1.392.657, "200" for 199). Only figures
/// printed as exactly as the value (no qualifier, no fewer decimals) can be slips; a rounded figure is meant.
pub fn one_digit_slip(printed: &str, value: rust_decimal::Decimal) -> bool {
    use rust_decimal::Decimal;
    let (qualifier, rest) = split_qualifier(printed);
    let (number, factor) = split_scale(rest);
    let (Some(p), None) = (parse_plain(number), qualifier) else {
        return false;
    };
    let Some(v) = value.checked_div(Decimal::from(factor)) else {
        return false;
    };
    let decimals = number
        .split_once(',')
        .map_or(0, |(_, f)| f.chars().filter(char::is_ascii_digit).count())
        as u32;
    if p == v || v.normalize().scale() > decimals || p.is_sign_negative() != v.is_sign_negative() {
        return false;
    }
    if (p - v).abs() == Decimal::new(1, decimals) {
        return true;
    }
    let digits = |d: Decimal| {
        let mut d = d.abs();
        d.rescale(decimals);
        d.mantissa().to_string()
    };
    let (a, b): (Vec<u8>, Vec<u8>) = (digits(p).into_bytes(), digits(v).into_bytes());
    if a.len() != b.len() {
        return false;
    }
    let differ: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    match differ.as_slice() {
        [_] => true,
        [i, j] => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
        _ => false,
    }
}

/// The significant digits of a printed figure ("644.000" has 3, "1,4 mio." 2, "0,65" 2).
pub fn significant_digits(printed: &str) -> usize {
    let (_, rest) = split_qualifier(printed);
    let (number, _) = split_scale(rest);
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let has_decimals = number.contains(',');
    let t = digits.trim_start_matches('0');
    if has_decimals {
        t.len()
    } else {
        t.trim_end_matches('0').len()
    }
}

/// A figure as Danish prose prints it ("644.500", "1,05", "1.392.657,00", "50%", "−3", "ca. 644.000") as an
/// exact number; `None` for anything else ("1.5" is no Danish figure).
pub fn parse_printed(printed: &str) -> Option<rust_decimal::Decimal> {
    let (printed, scale) = split_scale(split_qualifier(printed).1);
    let v = parse_plain(printed)?;
    v.checked_mul(rust_decimal::Decimal::from(scale))
}

/// "2,7 mio." → ("2,7", 1.000.000): a figure written in millions or billions, and its factor (1 without).
pub fn split_scale(printed: &str) -> (&str, i64) {
    let t = printed.trim();
    for (word, factor) in [
        ("mio.", 1_000_000),
        ("mio", 1_000_000),
        ("mia.", 1_000_000_000),
        ("mia", 1_000_000_000),
    ] {
        if let Some(num) = t
            .strip_suffix(word)
            .filter(|n| n.ends_with([' ', '\u{a0}']))
        {
            return (num.trim_end(), factor);
        }
    }
    (t, 1)
}

fn parse_plain(printed: &str) -> Option<rust_decimal::Decimal> {
    let t: String = (printed.chars())
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '%'))
        .map(|c| if c == '−' { '-' } else { c })
        .collect();
    let (sign, digits) = match t.strip_prefix(['-', '+']) {
        Some(rest) => (if t.starts_with('-') { "-" } else { "" }, rest),
        None => ("", t.as_str()),
    };
    let (int, frac) = match digits.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let groups: Vec<&str> = int.split('.').collect();
    let grouped = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !grouped || !groups.iter().all(|g| all_digits(g)) || frac.is_some_and(|f| !all_digits(f)) {
        return None;
    }
    let plain = match frac {
        Some(f) => format!("{sign}{}.{f}", groups.concat()),
        None => format!("{sign}{}", groups.concat()),
    };
    plain.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn a_figure_rounded_for_display_restates_its_value() {
        let r = |p: &str, v: &str| restates(p, d(v)).unwrap();
        assert_eq!(r("644.500", "644500"), Restates::Exact);
        assert_eq!(r("2,7 mio.", "2700000"), Restates::Exact);
        assert_eq!(r("1,4 mio.", "1392657"), Restates::Rounded);
        assert_eq!(r("1,3 mio.", "1392657"), Restates::Differs);
        assert_eq!(r("30,5", "30.49"), Restates::Rounded);
        assert_eq!(r("30,4", "30.49"), Restates::Differs);
        assert_eq!(r("1,1", "1.05"), Restates::Rounded);
        assert_eq!(r("1,0", "1.05"), Restates::Differs);
        assert_eq!(r("ca. 644.000", "644500"), Restates::Rounded);
        assert_eq!(r("ca. 645.000", "644500"), Restates::Rounded);
        assert_eq!(r("ca. 646.000", "644500"), Restates::Differs);
        assert_eq!(r("knap 1,4 mio.", "1392657"), Restates::Rounded);
        assert_eq!(r("godt 1,4 mio.", "1392657"), Restates::Differs);
        // Without a qualifier a whole number is as exact as a whole value: a slip, not a rounding.
        assert_eq!(r("180", "183"), Restates::Differs);
        assert_eq!(r("184", "183"), Restates::Differs);
        assert_eq!(r("2,8 mio.", "2700000"), Restates::Differs);
        assert_eq!(restates("x", d("1")), None);
    }

    #[test]
    fn one_digit_slips_are_told_from_roundings() {
        let s = |p: &str, v: &str| one_digit_slip(p, d(v));
        assert!(s("184", "183"));
        assert!(s("200", "199"));
        assert!(s("645.500", "644500"));
        assert!(s("1.392.567", "1392657"));
        assert!(s("2,8 mio.", "2700000"));
        assert!(s("1,06", "1.05"));
        assert!(!s("183", "183"));
        assert!(!s("1,4 mio.", "1392657"));
        assert!(!s("ca. 184", "183"));
        assert!(s("1.329.657", "1392657"));
        assert!(s("193", "183"));
        assert!(!s("350", "183"));
        assert!(!s("1.293.657", "1392657"));
    }

    #[test]
    fn significant_digits_of_printed_figures() {
        assert_eq!(significant_digits("644.000"), 3);
        assert_eq!(significant_digits("ca. 300.000"), 1);
        assert_eq!(significant_digits("1,4 mio."), 2);
        assert_eq!(significant_digits("0,65"), 2);
        assert_eq!(significant_digits("1.392.657"), 7);
    }
}
