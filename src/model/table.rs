//! Tables: typed columns, exact decimal cells, row roles (data, heading, subtotal, total), groups that may nest,
//! a declared display precision, and the rules that produced the numbers. The rules are evaluated by [`crate::check::tables`].

use crate::diagnostics::{Code, Pos};
use crate::i18n::Msg;
use crate::number::{parse_decimal, Rounding};
use crate::yaml::Spanned;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// An exact number read from the YAML scalar's text (never through a float).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Num(pub Decimal);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = d.deserialize_str(RawScalar)?;
        if crate::number::looks_like_danish_thousands(&raw) {
            let plain = raw.trim().replace('.', "");
            return Err(crate::yaml::value_error(Msg::ValueAmbiguousNumber {
                raw: raw.trim().to_string(),
                plain,
            }));
        }
        parse_decimal(&raw).map(Num).map_err(|e| {
            crate::yaml::value_error(Msg::ValueNotANumber {
                raw: raw.chars().take(40).collect(),
                expected: Box::new(e),
            })
        })
    }
}

/// The most decimals a column may show or a rule may round to. Printed tables show whole kroner, øre (2) or a
/// rate such as 1,05; a few more leave room for key figures, and a bound keeps a typo (`decimals: 100000`,
/// `decimals: 4294967295`) from writing a 100 KB cell or asking for gigabytes, and keeps every rounding inside
/// the 28 decimals a `Decimal` holds.
pub const MAX_DECIMALS: u32 = 10;

/// `decimals:` read from its text and bounded by [`MAX_DECIMALS`]; a larger or negative value is an error at the
/// field (the YAML loader adds its position).
fn bounded_decimals<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let Some(raw) = Option::<Raw>::deserialize(d)? else {
        return Ok(None);
    };
    match raw.0.trim().parse::<u64>() {
        Ok(n) if n <= u64::from(MAX_DECIMALS) => Ok(Some(n as u32)),
        _ => Err(crate::yaml::value_error(Msg::ValueDecimalsOutOfRange {
            raw: raw.0.chars().take(40).collect(),
            max: MAX_DECIMALS as usize,
        })),
    }
}

/// A scalar as the text it was written with. Plain YAML numbers arrive as their source text, so decimals stay exact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raw(pub String);

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(RawScalar).map(Raw)
    }
}

struct RawScalar;
impl serde::de::Visitor<'_> for RawScalar {
    type Value = String;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a number or a text")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    Text,
    Number,
    Percent,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub key: String,
    pub label: String,
    #[serde(default)]
    pub header: Option<String>,
    #[serde(rename = "type")]
    pub kind: ColumnType,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default, deserialize_with = "bounded_decimals")]
    pub decimals: Option<u32>,
    /// The figures of this column are printed rounded for display to this step (`0.1` with unit "mio. kr."):
    /// a total may then differ from the sum of the printed figures by their accumulated rounding.
    #[serde(default)]
    pub precision: Option<Num>,
    /// The shared source this column prints (an id of `[[sources]]` in protokol.toml, e.g.
    /// `folketal-2020-01-01`): every column printing it agrees with the others, row by row (by name).
    #[serde(default)]
    pub source: Option<String>,
}

impl Column {
    /// What diagnostics and rule descriptions call the column: its printed label, or its key where the source
    /// prints no label (Bilag B's columns have none).
    pub fn name(&self) -> &str {
        if self.label.trim().is_empty() {
            &self.key
        } else {
            &self.label
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    #[default]
    Data,
    /// A row with a label and no figures (an outer group's heading); never a term of a rule.
    Heading,
    Subtotal,
    Total,
}

impl Role {
    /// As written in a table file (`role: heading`) and in exports.
    pub fn name(self) -> &'static str {
        match self {
            Role::Data => "data",
            Role::Heading => "heading",
            Role::Subtotal => "subtotal",
            Role::Total => "total",
        }
    }
}

/// A group inside another group (`groups: [{name: Folkeskoler, parent: Undervisning}]`): a selection of the
/// outer group takes the rows of its inner groups too.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    pub name: String,
    pub parent: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    Sum,
    Split,
    Allocation,
    PerCapita,
    EqualSplit,
    Derived,
    PercentTotal,
    Equals,
}

impl RuleKind {
    pub fn name(self) -> &'static str {
        match self {
            RuleKind::Sum => "sum",
            RuleKind::Split => "split",
            RuleKind::Allocation => "allocation",
            RuleKind::PerCapita => "per_capita",
            RuleKind::EqualSplit => "equal_split",
            RuleKind::Derived => "derived",
            RuleKind::PercentTotal => "percent_total",
            RuleKind::Equals => "equals",
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RowSelector {
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub ids: Option<Vec<String>>,
    #[serde(default)]
    pub roles: Option<Vec<Role>>,
}

/// A value a rule refers to: a literal, or a cell of this table (`row`, optionally `column`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ValueRef {
    #[serde(default)]
    pub value: Option<Num>,
    #[serde(default)]
    pub row: Option<String>,
    #[serde(default)]
    pub column: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SplitPart {
    pub row: String,
    pub percent: Num,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CellRef {
    #[serde(default)]
    pub table: Option<String>,
    /// The row; omitted in a column-level `equals` (`other: {table, column}`), whose rows are matched by name.
    #[serde(default)]
    pub row: Option<String>,
    pub column: String,
}

/// One declared rule. A flat struct (not an internally tagged enum) so that every number keeps its exact text and
/// its position; [`crate::check::tables`] validates which parameters each kind needs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub rule: RuleKind,
    #[serde(default)]
    pub column: Option<String>,
    #[serde(default)]
    pub columns: Option<Vec<String>>,
    #[serde(default)]
    pub rows: Option<RowSelector>,
    #[serde(default)]
    pub total: Option<ValueRef>,
    #[serde(default)]
    pub amount: Option<ValueRef>,
    #[serde(default)]
    pub parts: Option<Vec<SplitPart>>,
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub base: Option<String>,
    #[serde(default)]
    pub rate: Option<Num>,
    #[serde(default)]
    pub rounding: Option<Rounding>,
    #[serde(default, deserialize_with = "bounded_decimals")]
    pub decimals: Option<u32>,
    #[serde(default)]
    pub expression: Option<String>,
    #[serde(default)]
    pub cell: Option<CellRef>,
    #[serde(default)]
    pub other: Option<CellRef>,
    /// `largest-remainder`: shares are rounded so that they sum exactly to the amount.
    #[serde(default)]
    pub method: Option<AllocationMethod>,
    /// A column-level `equals`: how rows of the two tables are paired (`label`, the default: by the row's
    /// printed name, see `check::tables::cross::name_key`; `id`: by row id).
    #[serde(default)]
    pub by: Option<RowMatch>,
    #[serde(default)]
    pub note: Option<String>,
}

/// How a column-level `equals` or a shared source pairs the rows of two tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum RowMatch {
    /// By the row's printed name ("751 Århus" and "Aarhus Kommune" are one municipality).
    #[default]
    Label,
    Id,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AllocationMethod {
    Rounded,
    LargestRemainder,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TableDiscrepancy {
    pub rule: String,
    #[serde(default)]
    pub row: Option<String>,
    #[serde(default)]
    pub column: Option<String>,
    pub printed: Num,
    pub computed: Num,
    pub note: String,
}

pub type RawRow = BTreeMap<String, Spanned<Option<Raw>>>;

/// A body cell that spans columns to its right and/or rows below it (`colspan`/`rowspan` in the HTML); the cells
/// it covers are left empty in the table file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SpanSpec {
    pub row: String,
    pub column: String,
    #[serde(default = "one")]
    pub columns: usize,
    #[serde(default = "one")]
    pub rows: usize,
}

fn one() -> usize {
    1
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableFile {
    pub title: String,
    /// The title is not printed in the source: the editor supplied it (shown in brackets, with a note).
    #[serde(default)]
    pub title_supplied: bool,
    #[serde(default)]
    pub caption: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub document: Option<Spanned<String>>,
    /// The agenda item the table belongs to when no document prints it: `<meeting id>#<item number>`.
    #[serde(default)]
    pub meeting: Option<Spanned<String>>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    /// The display precision of every number column that declares none (see [`Column::precision`]).
    #[serde(default)]
    pub precision: Option<Num>,
    /// Groups nested in other groups; a group not named here is at the top.
    #[serde(default)]
    pub groups: Vec<Spanned<GroupSpec>>,
    #[serde(default)]
    pub notes_before: Option<String>,
    #[serde(default)]
    pub notes_after: Option<String>,
    /// Shown as a bar chart beside the table (`render::chart`); by default allocation and quota tables are.
    #[serde(default)]
    pub diagram: Option<bool>,
    pub columns: Vec<Column>,
    pub rows: Vec<Spanned<RawRow>>,
    #[serde(default)]
    pub rules: Vec<Spanned<RuleSpec>>,
    #[serde(default)]
    pub discrepancies: Vec<Spanned<TableDiscrepancy>>,
    /// Body cells that span several columns or rows.
    #[serde(default)]
    pub spans: Vec<Spanned<SpanSpec>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Cell {
    Number(Decimal),
    /// A printed dash: "none"; counts as zero in rules.
    Dash,
    Empty,
    Text(String),
}

impl Cell {
    /// The cell's value in rules: dashes and empty cells count as zero.
    pub fn number(&self) -> Option<Decimal> {
        match self {
            Cell::Number(d) => Some(*d),
            Cell::Dash | Cell::Empty => Some(Decimal::ZERO),
            Cell::Text(_) => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    pub id: Option<String>,
    pub role: Role,
    pub group: Option<String>,
    pub note: Option<String>,
    /// Columns (indices) whose figure or text in this row the editor supplied: not printed in the source.
    pub supplied: Vec<usize>,
    pub cells: Vec<Cell>,
    pub pos: Pos,
    /// Position of each cell (the row's position where the cell is absent).
    pub cell_pos: Vec<Pos>,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub id: String,
    pub source: super::Source,
    pub file: TableFile,
    pub rows: Vec<Row>,
    /// The bound figures of the table's own texts (title, caption, headers, labels), which loading wrote as the
    /// figures they show (`load::table_figures`).
    pub figures: Vec<super::figure::FigureUse>,
    /// The other numbers of those texts and of the notes (`notes_before`, `notes_after`, a row's `note`), with
    /// their positions in the file: for the checker's warning about figures that restate the table unbound.
    pub numbers: Vec<super::figure::NumberUse>,
    /// Where each column's `key:` stands in the file (for diagnostics about a column).
    pub column_pos: Vec<Pos>,
}

impl Table {
    pub fn column_index(&self, key: &str) -> Option<usize> {
        self.file.columns.iter().position(|c| c.key == key)
    }
    pub fn row_index(&self, id: &str) -> Option<usize> {
        self.rows.iter().position(|r| r.id.as_deref() == Some(id))
    }
    /// Label of a row for messages: its first text cell, else its id.
    pub fn row_label(&self, i: usize) -> String {
        let row = &self.rows[i];
        row.cells
            .iter()
            .find_map(|c| match c {
                Cell::Text(t) => Some(t.clone()),
                _ => None,
            })
            .or_else(|| row.id.clone())
            .unwrap_or_else(|| format!("row {}", i + 1))
    }
    /// The group `group` is nested in, if the table declares one.
    pub fn parent_group(&self, group: &str) -> Option<&str> {
        self.file
            .groups
            .iter()
            .find(|g| g.value.name == group)
            .map(|g| g.value.parent.as_str())
    }

    /// `group` and the groups it is nested in, innermost first. Bounded by the number of declared groups, so a
    /// cycle (reported by the loader) cannot loop.
    pub fn group_chain<'a>(&'a self, group: &'a str) -> Vec<&'a str> {
        let mut chain = vec![group];
        while chain.len() <= self.file.groups.len() {
            match chain.last().and_then(|g| self.parent_group(g)) {
                Some(p) if !chain.contains(&p) => chain.push(p),
                _ => break,
            }
        }
        chain
    }

    /// Whether row `i` belongs to `group`, directly or through a group nested in it.
    pub fn in_group(&self, i: usize, group: &str) -> bool {
        self.rows[i]
            .group
            .as_deref()
            .is_some_and(|g| self.group_chain(g).contains(&group))
    }

    /// The step column `col`'s printed figures are rounded to for display, if the column or the table declares
    /// one.
    pub fn precision_of(&self, col: usize) -> Option<Decimal> {
        let column = &self.file.columns[col];
        if column.kind == ColumnType::Text {
            return None;
        }
        column
            .precision
            .or(self.file.precision)
            .map(|p| p.0)
            .filter(|p| *p > Decimal::ZERO)
    }

    pub fn unit_of(&self, col: usize) -> Option<&str> {
        self.file.columns[col]
            .unit
            .as_deref()
            .or(self.file.unit.as_deref())
    }
}

/// Where column `key` is declared (`key: <key>`), its `nth` declaration (1-based) for a key used twice: the
/// columns are read without positions, so the table's text is searched. Line 1, column 1 when not found.
pub fn column_key_pos(text: &str, key: &str, nth: usize) -> Pos {
    let lines = crate::diagnostics::LineIndex::new(text);
    let mut found = 0;
    let mut from = 0;
    while let Some(i) = text[from..].find("key:") {
        let at = from + i;
        from = at + 4;
        let rest = text[from..].trim_start_matches([' ', '\t']);
        let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
        let whole_word = rest.strip_prefix(key).is_some_and(|after| {
            after
                .chars()
                .next()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '-'))
        });
        if whole_word {
            found += 1;
            if found == nth {
                return lines.pos(text, at);
            }
        }
    }
    Pos { line: 1, column: 1 }
}

/// A row cell like `andel: 49260,00` inside `{…}`: YAML splits at the comma, so the decimals (`00`) arrive as a
/// key without a value. Said as what it is, instead of "unknown column `00`".
pub fn decimal_comma(
    file: &str,
    row: &RawRow,
    key: &str,
) -> Option<crate::diagnostics::Diagnostic> {
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_digit()) || row[key].value.is_some() {
        return None;
    }
    let here = crate::yaml::pos(&row[key], 0);
    // The cell written just before the stray decimals, on the same line.
    let (prev_key, prev) = row
        .iter()
        .filter(|(k, _)| k.as_str() != key)
        .map(|(k, v)| (k, v, crate::yaml::pos(v, 0)))
        .filter(|(_, _, p)| p.line == here.line && p.column < here.column)
        .max_by_key(|(_, _, p)| p.column)
        .map(|(k, v, _)| (k.as_str(), v.value.as_ref().map(|r| r.0.as_str())))?;
    let prev = prev?;
    let p = crate::yaml::pos(&row[prev_key], 0);
    Some(
        crate::diagnostics::Diagnostic::error(
            Code::DecimalComma,
            Msg::DecimalComma {
                key: key.to_string(),
                prev_key: prev_key.to_string(),
                prev: prev.to_string(),
            },
        )
        .at(file, p.line, p.column)
        .expected(Msg::ExpectDecimalPoint {
            key: key.to_string(),
            prev: prev.to_string(),
        })
        .found(format!("{prev},{key}"))
        .hint(Msg::HintDecimalComma {
            key: key.to_string(),
            prev_key: prev_key.to_string(),
            prev: prev.to_string(),
        }),
    )
}

/// A cell written like Danish thousands ("60.000") in a column that does not declare three decimals.
pub fn danish_thousands(
    file: &str,
    p: Pos,
    column: &str,
    text: &str,
) -> crate::diagnostics::Diagnostic {
    let plain = text.trim().replace('.', "");
    crate::diagnostics::Diagnostic::error(
        Code::AmbiguousNumber,
        Msg::AmbiguousNumber {
            text: text.trim().to_string(),
            column: column.to_string(),
            plain: plain.clone(),
            as_yaml: crate::number::parse_decimal(text)
                .unwrap_or_default()
                .normalize(),
        },
    )
    .at(file, p.line, p.column)
    .expected(Msg::ExpectWithoutSeparator {
        plain: plain.clone(),
    })
    .found(text.trim().to_string())
    .hint(Msg::HintAmbiguousNumber {
        value: crate::number::parse_decimal(&plain).unwrap_or_default(),
        plain,
        column: column.to_string(),
        written: text.trim().trim_matches('"').to_string(),
    })
}
