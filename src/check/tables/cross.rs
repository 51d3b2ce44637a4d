//! Figures across tables: a column-level `equals` (the same quantity in two tables, row by row), shared
//! sources (`[[sources]]` in protokol.toml, named by a column's `source:`) that every table printing them agrees
//! with, and where a disagreement is blamed.
//!
//! Rows of two tables are paired by their printed names ([`name_key`]: "751 Århus", "Aarhus Kommune" and
//! "Aarhus" are one municipality) or, with `by: id`, by row id. A figure that disagrees is blamed on the side
//! that nothing else vouches for: of a shared source printed by three or more tables, the minority; of an
//! `equals` between two cells, the cell whose own table's sums do not hold (so changing the regional 183 to 184
//! in the regional table is reported there, at the 184, not at the unchanged 183 that restates it).

use super::access::{cell, col, needs, select, sum_terms, Checked};
use super::evaluate::{evaluate, Eval};
use super::finding::{Finding, What};
use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::load::Site;
use crate::model::table::{Role, RowMatch, RuleKind, Table};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The name by which rows of two tables are the same: lower case, without a leading number (the municipality
/// code in "751 Århus"), without a trailing "Kommune", "aa" read as "å" (Aarhus, Århus), white space collapsed.
pub fn name_key(label: &str) -> String {
    let lower = label.trim().to_lowercase();
    let without_number = match lower.split_once(' ') {
        Some((n, rest)) if n.chars().all(|c| c.is_ascii_digit()) => rest,
        _ => lower.as_str(),
    };
    let words: Vec<&str> = without_number.split_whitespace().collect();
    let words = match words.split_last() {
        Some((last, rest)) if !rest.is_empty() && (*last == "kommune" || *last == "kommunes") => {
            rest
        }
        _ => &words[..],
    };
    words.join(" ").replace("aa", "å")
}

/// The key of row `i` of `t` for pairing.
fn row_key(t: &Table, i: usize, by: RowMatch) -> Option<String> {
    match by {
        RowMatch::Id => t.rows[i].id.clone(),
        RowMatch::Label => Some(name_key(&t.row_label(i))),
    }
}

/// The rows of `t` that carry figures, by key (the first row of a key wins: a key printed twice pairs nothing
/// else).
fn rows_by_key(t: &Table, by: RowMatch) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    for i in (0..t.rows.len()).filter(|&i| t.rows[i].role != Role::Heading) {
        if let Some(k) = row_key(t, i, by) {
            map.entry(k).or_insert(i);
        }
    }
    map
}

/// A column-level `equals`: column `column:` of the selected rows (default: the data rows) holds, row by row,
/// the figure of `other.column` in the row of `other.table` with the same name (or id). A selected row without
/// a counterpart is a problem of the rule: the pairing must be complete to mean anything.
pub(super) fn column_equals(e: &mut Eval) -> Checked<()> {
    let (t, rule, site) = (e.t, e.rule, e.site);
    let c = col(t, rule.column.as_ref())?;
    let other = rule.other.as_ref().ok_or_else(|| needs("other"))?;
    let id = other.table.as_ref().ok_or_else(|| needs("other.table"))?;
    let ot = (site.table(id).or_else(|| site.withheld_table(id)))
        .ok_or_else(|| Msg::RuleNoTable { table: id.clone() })?;
    let oc = ot
        .column_index(&other.column)
        .ok_or_else(|| Msg::RuleTableNoColumn {
            table: ot.file.title.clone(),
            column: other.column.clone(),
        })?;
    let by = rule.by.unwrap_or_default();
    let theirs = rows_by_key(ot, by);
    for r in select(t, rule.rows.as_ref())? {
        let j = row_key(t, r, by)
            .and_then(|k| theirs.get(&k).copied())
            .ok_or_else(|| Msg::RuleNoMatchingRow {
                row: t.row_label(r),
                table: ot.file.title.clone(),
            })?;
        let (mine, their) = (cell(t, r, c)?, cell(ot, j, oc)?);
        if mine != their {
            e.out.push(Finding {
                rule: rule.id.clone(),
                row: Some(r),
                col: Some(c),
                printed: mine,
                computed: their,
                what: What::Cells {
                    first: Msg::CellIn {
                        table: t.file.title.clone(),
                        row: t.row_label(r),
                    },
                    second: Msg::CellIn {
                        table: ot.file.title.clone(),
                        row: ot.row_label(j),
                    },
                    elsewhere: None,
                },
            });
        }
    }
    Ok(())
}

/// Whether a sum of cell (`r`, `c`)'s own table vouches for it: the cell is the total or a term of a `sum` rule
/// over column `c` that holds.
pub(super) fn vouched(site: &Site, t: &Table, r: usize, c: usize) -> bool {
    t.file.rules.iter().any(|rule| {
        let rule = &rule.value;
        if rule.rule != RuleKind::Sum {
            return false;
        }
        let cols = match (&rule.columns, &rule.column) {
            (Some(cs), _) => cs.iter().filter_map(|k| t.column_index(k)).collect(),
            (None, Some(k)) => t.column_index(k).into_iter().collect::<Vec<_>>(),
            (None, None) => Vec::new(),
        };
        let total = rule.total.as_ref().and_then(|v| v.row.as_deref());
        let involved = cols.contains(&c)
            && (total.is_some_and(|id| t.row_index(id) == Some(r))
                || sum_terms(t, rule).is_ok_and(|rows| rows.contains(&r)));
        involved && evaluate(t, rule, site).is_ok_and(|f| f.iter().all(|f| f.col != Some(c)))
    })
}

/// Cells of `t` that a cell-level `equals` of another table blames (see [`vouched`]), with the figure that rule
/// expects there.
fn blamed_here(site: &Site, t: &Table) -> Vec<(usize, usize, Decimal)> {
    let mut out = Vec::new();
    let tables = (site.tables.iter()).chain(site.withheld_tables.iter().map(|w| &w.table));
    for other in tables.filter(|o| o.id != t.id) {
        for rule in &other.file.rules {
            let rule = &rule.value;
            let (Some(a), Some(b)) = (&rule.cell, &rule.other) else {
                continue;
            };
            if rule.rule != RuleKind::Equals || b.table.as_deref() != Some(t.id.as_str()) {
                continue;
            }
            let at = |tbl: &Table, row: &Option<String>, column: &str| {
                Some((tbl.row_index(row.as_deref()?)?, tbl.column_index(column)?))
            };
            let here = if a.table.as_deref().is_none_or(|x| x == other.id) {
                other
            } else {
                continue;
            };
            let (Some((ra, ca)), Some((rb, cb))) =
                (at(here, &a.row, &a.column), at(t, &b.row, &b.column))
            else {
                continue;
            };
            let (Ok(va), Ok(vb)) = (cell(here, ra, ca), cell(t, rb, cb)) else {
                continue;
            };
            if va != vb && vouched(site, here, ra, ca) && !vouched(site, t, rb, cb) {
                out.push((rb, cb, va));
            }
        }
    }
    out
}

/// One slip, one diagnostic, across tables: a sum of `t` that misses its total only because of a cell another
/// table's `equals` blames, or that the other tables printing its source print otherwise (both reported at that
/// cell), is not reported again, at a total that did not change.
pub(super) fn drop_blamed_elsewhere(site: &Site, t: &Table, findings: &mut Vec<Finding>) {
    if !findings.iter().any(|f| matches!(f.what, What::Sum { .. })) {
        return;
    }
    // A figure of a shared source that the other tables print otherwise is disputed the same way.
    let mut blamed: Vec<(usize, usize, Decimal)> = (findings.iter())
        .filter(|f| matches!(f.what, What::Source { .. }))
        .filter_map(|f| Some((f.row?, f.col?, f.computed)))
        .collect();
    blamed.extend(blamed_here(site, t));
    if blamed.is_empty() {
        return;
    }
    findings.retain(|f| {
        let What::Sum { rows, col, .. } = &f.what else {
            return true;
        };
        let fixed = blamed.iter().find(|(r, c, _)| c == col && rows.contains(r));
        let Some((r, c, expected)) = fixed else {
            return true;
        };
        let Some(now) = t.rows[*r].cells[*c].number() else {
            return true;
        };
        let corrected = f
            .computed
            .checked_sub(now)
            .and_then(|s| s.checked_add(*expected));
        corrected != Some(f.printed)
    });
}

/// The figures of `t`'s columns that print a shared source and disagree with the other tables printing it,
/// row by row (by name). The minority is blamed: a figure that as many other tables print otherwise as print it
/// the same is reported too, in each table, so nothing is taken on trust.
pub(super) fn source_findings(site: &Site, t: &Table) -> Vec<Finding> {
    let mut out = Vec::new();
    for (c, column) in t.file.columns.iter().enumerate() {
        let Some(id) = &column.source else {
            continue;
        };
        let Some(source) = site.config.sources.iter().find(|s| &s.id == id) else {
            continue;
        };
        let peers: Vec<(&Table, usize, HashMap<String, usize>)> = (site.tables.iter())
            .chain(site.withheld_tables.iter().map(|w| &w.table))
            .filter(|o| o.id != t.id)
            .flat_map(|o| {
                (o.file.columns.iter().enumerate())
                    .filter(|(_, k)| k.source.as_ref() == Some(id))
                    .map(move |(oc, _)| (o, oc, rows_by_key(o, RowMatch::Label)))
            })
            .collect();
        if peers.is_empty() {
            continue;
        }
        for r in (0..t.rows.len()).filter(|&r| t.rows[r].role == Role::Data) {
            let Ok(mine) = cell(t, r, c) else {
                continue;
            };
            let key = name_key(&t.row_label(r));
            let theirs: Vec<(&Table, usize, Decimal)> = (peers.iter())
                .filter_map(|(o, oc, rows)| {
                    let j = *rows.get(&key)?;
                    Some((*o, j, cell(o, j, *oc).ok()?))
                })
                .collect();
            // This table's figure counts for itself.
            let same = 1 + theirs.iter().filter(|x| x.2 == mine).count();
            let Some(other) = theirs.iter().find(|x| x.2 != mine) else {
                continue;
            };
            let differing = theirs.iter().filter(|x| x.2 == other.2).count();
            if same > differing {
                continue;
            }
            out.push(Finding {
                rule: id.clone(),
                row: Some(r),
                col: Some(c),
                printed: mine,
                computed: other.2,
                what: What::Source {
                    source: source.title.clone(),
                    row: t.row_label(r),
                    other: other.0.file.title.clone(),
                },
            });
        }
    }
    out
}

/// A column's `source:` that protokol.toml does not declare: an error at the column.
pub(super) fn source_problems(site: &Site, t: &Table) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, column) in t.file.columns.iter().enumerate() {
        let Some(id) = &column.source else {
            continue;
        };
        if site.config.sources.iter().any(|s| &s.id == id) {
            continue;
        }
        let p = (t.column_pos.get(i).copied())
            .unwrap_or(crate::diagnostics::Pos { line: 1, column: 1 });
        out.push(
            Diagnostic::error(
                Code::UnknownSource,
                Msg::UnknownSource { source: id.clone() },
            )
            .at(&t.source.file, p.line, p.column)
            .expected(
                (site.config.sources.iter().map(|s| s.id.as_str()))
                    .collect::<Vec<_>>()
                    .join(", "),
            )
            .found(id.clone())
            .hint(Msg::HintUnknownSource),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::name_key;

    #[test]
    fn municipality_names_pair_across_tables() {
        assert_eq!(name_key("751 Århus"), name_key("Aarhus Kommune"));
        assert_eq!(name_key("Aarhus"), name_key("Aarhus Kommune"));
        assert_eq!(name_key("766  Hedensted"), "hedensted");
        assert_eq!(name_key("Ringkøbing-Skjern Kommune"), "ringkøbing-skjern");
        assert_ne!(
            name_key("Region Midtjylland"),
            name_key("I alt i Region Midtjylland")
        );
        // A name that is only "Kommune" keeps it.
        assert_eq!(name_key("Kommune"), "kommune");
        assert_ne!(name_key("Favrskov"), name_key("Hedensted"));
    }
}
