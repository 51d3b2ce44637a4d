//! Table rules, evaluated with exact decimals: sums and subtotals, percentage splits, proportional allocation,
//! per-capita rates, equal splits, derived columns, percent totals and cross-table equalities.
//!
//! A rule that does not hold gives a finding. Findings that a table acknowledges in `discrepancies:` (same rule,
//! row, column, printed and computed figure) become notes; an acknowledgement that matches no finding is an error,
//! so acknowledgements cannot hide new mistakes. A sum that is off by no more than the rounding of its rows
//! explains (rows produced by a rounding rule) is a warning that names the amount and the rule; anything else is an
//! error.

use super::expr::Expr;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::i18n::Lang;
use crate::model::table::{
    AllocationMethod, Role, RowSelector, RuleKind, RuleSpec, Table, ValueRef,
};
use crate::number::{format_da, Rounding};
use crate::site::Site;
use rayon::prelude::*;
use rust_decimal::Decimal;

struct Finding {
    rule: String,
    row: Option<usize>,
    col: Option<usize>,
    printed: Decimal,
    computed: Decimal,
    message: String,
    hint: Option<String>,
    /// Off by no more than rounding explains.
    rounding_drift: bool,
}

fn da(d: Decimal) -> String {
    format_da(d.normalize(), None)
}

/// The result of a checked operation, or the plain reason it has none: figures beyond what a decimal holds
/// (about 7,9 × 10²⁸) are reported at the rule, never a panic.
fn checked(result: Option<Decimal>, what: impl FnOnce() -> String) -> Result<Decimal, String> {
    result.ok_or_else(|| {
        format!(
            "{} giver et tal, der er for stort til at regne med (højst 79.228.162.514.264.337.593.543.950.335); kontrollér tallene i reglen og cellerne",
            what()
        )
    })
}

/// The checked sum of the selected rows of column `c`.
fn column_sum(t: &Table, rows: &[usize], c: usize) -> Result<Decimal, String> {
    let mut sum = Decimal::ZERO;
    for &r in rows {
        let v = cell(t, r, c)?;
        sum = checked(sum.checked_add(v), || {
            format!(
                "summen af kolonnen `{}` (ved rækken {})",
                t.file.columns[c].key,
                t.row_label(r)
            )
        })?;
    }
    Ok(sum)
}

fn param_error(t: &Table, rule: &crate::yaml::Spanned<RuleSpec>, what: &str) -> Diagnostic {
    let p = crate::yaml::pos(rule, 0);
    Diagnostic::error(
        "table-rule",
        format!(
            "rule `{}` ({}): {what}",
            rule.value.id,
            rule.value.rule.name()
        ),
    )
    .at(&t.source.file, p.line, p.column)
}

fn select(t: &Table, sel: Option<&RowSelector>) -> Result<Vec<usize>, String> {
    let default = RowSelector::default();
    let sel = sel.unwrap_or(&default);
    if let Some(ids) = &sel.ids {
        if ids.is_empty() {
            return Err("`ids: []` vælger ingen rækker; nævn mindst én række".into());
        }
        return ids
            .iter()
            .map(|id| {
                t.row_index(id)
                    .ok_or_else(|| format!("no row with id `{id}`"))
            })
            .collect();
    }
    let roles = sel.roles.as_deref().unwrap_or(&[Role::Data]);
    let rows: Vec<usize> = (0..t.rows.len())
        .filter(|&i| roles.contains(&t.rows[i].role))
        .filter(|&i| {
            sel.group
                .as_ref()
                .is_none_or(|g| t.rows[i].group.as_ref() == Some(g))
        })
        .collect();
    if rows.is_empty() {
        return Err(match &sel.group {
            Some(g) => format!("no rows in group `{g}`"),
            None => "the row selection is empty".into(),
        });
    }
    Ok(rows)
}

fn col(t: &Table, key: Option<&String>) -> Result<usize, String> {
    let key = key.ok_or("needs `column`")?;
    t.column_index(key)
        .ok_or_else(|| format!("no column `{key}`"))
}

/// The error of a rule that met a number cell which did not parse: the loader reported the cell already, at
/// its place, so the rule adds nothing.
const CELL_ALREADY_REPORTED: &str = "";

fn cell(t: &Table, row: usize, c: usize) -> Result<Decimal, String> {
    if t.file.columns[c].kind != crate::model::table::ColumnType::Text
        && matches!(t.rows[row].cells[c], crate::model::table::Cell::Text(_))
    {
        return Err(CELL_ALREADY_REPORTED.into());
    }
    t.rows[row].cells[c].number().ok_or_else(|| {
        format!(
            "{} / {} is not a number",
            t.row_label(row),
            t.file.columns[c].key
        )
    })
}

/// Resolves a value reference: a literal, or a cell of this table (column defaults to the rule's column).
fn value(
    t: &Table,
    v: &ValueRef,
    default_col: Option<usize>,
) -> Result<(Decimal, Option<(usize, usize)>), String> {
    if let Some(n) = &v.value {
        return Ok((n.0, None));
    }
    let row_id = v.row.as_ref().ok_or("a value needs `value` or `row`")?;
    let r = t
        .row_index(row_id)
        .ok_or_else(|| format!("no row with id `{row_id}`"))?;
    let c = match &v.column {
        Some(k) => t
            .column_index(k)
            .ok_or_else(|| format!("no column `{k}`"))?,
        None => default_col.ok_or("a value needs `column`")?,
    };
    Ok((cell(t, r, c)?, Some((r, c))))
}

/// The exact (unrounded) total that a rounding rule of this table implies for column `c` over `rows`, rounded
/// the rule's way: a sum of individually rounded shares may drift from it, and only from it.
fn rounding_rule_total(t: &Table, c: usize, rows: &[usize]) -> Option<(Decimal, String)> {
    t.file.rules.iter().find_map(|r| {
        let r = &r.value;
        let rounding = r.rounding.unwrap_or_default();
        if rounding == Rounding::None || t.column_index(r.column.as_ref()?)? != c {
            return None;
        }
        let mut selected = select(t, r.rows.as_ref()).ok()?;
        let exact = match r.rule {
            RuleKind::Allocation | RuleKind::EqualSplit => {
                selected.sort_unstable();
                let mut mine = rows.to_vec();
                mine.sort_unstable();
                if selected != mine {
                    return None;
                }
                value(t, r.amount.as_ref()?, Some(c)).ok()?.0
            }
            RuleKind::PerCapita => {
                if !rows.iter().all(|x| selected.contains(x)) {
                    return None;
                }
                let b = t.column_index(r.base.as_ref()?)?;
                let base = column_sum(t, rows, b).ok()?;
                r.rate?.0.checked_mul(base)?
            }
            _ => return None,
        };
        Some((rounding.apply(exact, r.decimals.unwrap_or(0)), r.id.clone()))
    })
}

fn evaluate(t: &Table, rule: &RuleSpec, site: &Site) -> Result<Vec<Finding>, String> {
    let rounding = rule.rounding.unwrap_or_default();
    let decimals = rule.decimals.unwrap_or(0);
    let round = |v: Decimal| rounding.apply(v, decimals);
    let rname = rounding.name();
    let mut out = Vec::new();
    let mut mismatch = |row: usize, c: usize, printed: Decimal, computed: Decimal, how: String| {
        if printed != computed {
            out.push(Finding {
                rule: rule.id.clone(),
                row: Some(row),
                col: Some(c),
                printed,
                computed,
                message: format!(
                    "{}: {} is {}, rule `{}` gives {}",
                    t.row_label(row),
                    t.file.columns[c].name(),
                    da(printed),
                    rule.id,
                    da(computed)
                ),
                hint: Some(how),
                rounding_drift: false,
            });
        }
    };
    match rule.rule {
        RuleKind::Sum => {
            let cols: Vec<usize> = match (&rule.columns, &rule.column) {
                (Some(cs), _) => cs
                    .iter()
                    .map(|k| col(t, Some(k)))
                    .collect::<Result<_, _>>()?,
                (None, k) => vec![col(t, k.as_ref())?],
            };
            let rows = select(t, rule.rows.as_ref())?;
            let total = rule
                .total
                .as_ref()
                .ok_or("needs `total` ({row: id} or {value: n})")?;
            for c in cols {
                let sum = column_sum(t, &rows, c)?;
                let (printed, at) = value(t, total, Some(c))?;
                if printed != sum {
                    let (row, col) = at
                        .map(|(r, c)| (Some(r), Some(c)))
                        .unwrap_or((None, Some(c)));
                    // Rounding drift: the rows are shares rounded one by one and the total is exactly what the
                    // rounding rule implies before rounding; any other difference is an error.
                    let implied = rounding_rule_total(t, c, &rows);
                    let explained = implied.as_ref().is_some_and(|(v, _)| *v == printed);
                    out.push(Finding {
                        rule: rule.id.clone(),
                        row,
                        col,
                        printed,
                        computed: sum,
                        message: format!(
                            "{}: total is {}, but the {} rows sum to {} (difference {})",
                            t.file.columns[c].name(),
                            da(printed),
                            rows.len(),
                            da(sum),
                            difference(printed, sum)
                        ),
                        hint: Some(if let (true, Some((_, rid))) = (explained, &implied) {
                            format!(
                                "rounding drift of {}: the rows are rounded one by one by rule `{rid}`, the total is not; record it in `discrepancies:` or use method: largest-remainder",
                                difference(printed, sum)
                            )
                        } else {
                            format!("rule `{}`: sum of {} rows", rule.id, rows.len())
                        }),
                        rounding_drift: explained,
                    });
                }
            }
        }
        RuleKind::Split => {
            let c = col(t, rule.column.as_ref())?;
            let (amount, _) = value(t, rule.amount.as_ref().ok_or("needs `amount`")?, Some(c))?;
            let parts = rule.parts.as_ref().ok_or("needs `parts`")?;
            let mut total_pct = Decimal::ZERO;
            for p in parts {
                total_pct = checked(total_pct.checked_add(p.percent.0), || {
                    "summen af delenes procenter".into()
                })?;
            }
            if total_pct != Decimal::from(100) {
                return Err(format!(
                    "the parts' percentages sum to {}, not 100",
                    da(total_pct)
                ));
            }
            for p in parts {
                let r = t
                    .row_index(&p.row)
                    .ok_or_else(|| format!("no row with id `{}`", p.row))?;
                let computed = round(checked(
                    amount
                        .checked_mul(p.percent.0)
                        .and_then(|v| v.checked_div(Decimal::from(100))),
                    || format!("{} × {} %", da(amount), da(p.percent.0)),
                )?);
                let how = format!("{} × {} % ({rname})", da(amount), da(p.percent.0));
                mismatch(r, c, cell(t, r, c)?, computed, how);
            }
        }
        RuleKind::Allocation => {
            let c = col(t, rule.column.as_ref())?;
            let k = col(t, rule.key.as_ref())?;
            let (amount, _) = value(t, rule.amount.as_ref().ok_or("needs `amount`")?, Some(c))?;
            let rows = select(t, rule.rows.as_ref())?;
            let mut keys = Vec::new();
            for &r in &rows {
                keys.push(cell(t, r, k)?);
            }
            let key_sum = column_sum(t, &rows, k)?;
            if key_sum.is_zero() {
                return Err("the keys sum to zero".into());
            }
            let exact = keys
                .iter()
                .map(|key| {
                    checked(
                        amount
                            .checked_mul(*key)
                            .and_then(|v| v.checked_div(key_sum)),
                        || format!("{} × {} / {}", da(amount), da(*key), da(key_sum)),
                    )
                })
                .collect::<Result<Vec<Decimal>, String>>()?;
            let shares: Vec<Decimal> = if rule.method == Some(AllocationMethod::LargestRemainder) {
                largest_remainder(&exact, amount, decimals)?
            } else {
                exact.iter().map(|e| round(*e)).collect()
            };
            for (i, &r) in rows.iter().enumerate() {
                let how = format!(
                    "{} × {} / {} ({rname})",
                    da(amount),
                    da(keys[i]),
                    da(key_sum)
                );
                mismatch(r, c, cell(t, r, c)?, shares[i], how);
            }
        }
        RuleKind::PerCapita => {
            let c = col(t, rule.column.as_ref())?;
            let b = col(t, rule.base.as_ref())?;
            let rate = rule.rate.as_ref().ok_or("needs `rate`")?.0;
            for r in select(t, rule.rows.as_ref())? {
                let base = cell(t, r, b)?;
                let computed = checked(rate.checked_mul(base), || {
                    format!("{} × {}", da(rate), da(base))
                })?;
                mismatch(
                    r,
                    c,
                    cell(t, r, c)?,
                    round(computed),
                    format!("{} × {} ({rname})", da(rate), da(base)),
                );
            }
        }
        RuleKind::EqualSplit => {
            let c = col(t, rule.column.as_ref())?;
            let (amount, _) = value(t, rule.amount.as_ref().ok_or("needs `amount`")?, Some(c))?;
            let rows = select(t, rule.rows.as_ref())?;
            let n = Decimal::from(rows.len());
            for r in rows {
                mismatch(
                    r,
                    c,
                    cell(t, r, c)?,
                    round(checked(amount.checked_div(n), || {
                        format!("{} / {n}", da(amount))
                    })?),
                    format!("{} / {} ({rname})", da(amount), n),
                );
            }
        }
        RuleKind::Derived => {
            let c = col(t, rule.column.as_ref())?;
            let expr = rule.expression.as_ref().ok_or("needs `expression`")?;
            let shown: String = if expr.chars().count() > 60 {
                expr.chars().take(60).chain("…".chars()).collect()
            } else {
                expr.clone()
            };
            let parsed = Expr::parse(expr).map_err(|e| format!("expression `{shown}`: {e}"))?;
            for r in select(t, rule.rows.as_ref())? {
                let v = parsed.eval(&|key| {
                    let ci = t
                        .column_index(key)
                        .ok_or_else(|| format!("no column `{key}`"))?;
                    cell(t, r, ci)
                })?;
                mismatch(r, c, cell(t, r, c)?, round(v), format!("{expr} ({rname})"));
            }
        }
        RuleKind::PercentTotal => {
            let c = col(t, rule.column.as_ref())?;
            let rows = select(t, rule.rows.as_ref())?;
            let sum = column_sum(t, &rows, c)?;
            if sum != Decimal::from(100) {
                out.push(Finding {
                    rule: rule.id.clone(),
                    row: rows.last().copied(),
                    col: Some(c),
                    printed: sum,
                    computed: Decimal::from(100),
                    message: format!(
                        "{}: the percentages sum to {} %, not 100 %",
                        t.file.columns[c].name(),
                        da(sum)
                    ),
                    hint: None,
                    rounding_drift: false,
                });
            }
        }
        RuleKind::Equals => {
            let a = rule.cell.as_ref().ok_or("needs `cell`")?;
            let b = rule.other.as_ref().ok_or("needs `other`")?;
            let get = |cr: &crate::model::table::CellRef| -> Result<(Decimal, String, Option<(usize, usize)>), String> {
                let tbl = match &cr.table {
                    Some(id) => site.table(id).ok_or_else(|| format!("no table `{id}`"))?,
                    None => t,
                };
                let r = tbl.row_index(&cr.row).ok_or_else(|| format!("table `{}` has no row `{}`", tbl.id, cr.row))?;
                let c = tbl.column_index(&cr.column).ok_or_else(|| format!("table `{}` has no column `{}`", tbl.id, cr.column))?;
                let here = (tbl.id == t.id).then_some((r, c));
                Ok((cell(tbl, r, c)?, format!("{} / {}", tbl.id, tbl.row_label(r)), here))
            };
            let (va, la, at) = get(a)?;
            let (vb, lb, _) = get(b)?;
            if va != vb {
                out.push(Finding {
                    rule: rule.id.clone(),
                    row: at.map(|x| x.0),
                    col: at.map(|x| x.1),
                    printed: va,
                    computed: vb,
                    message: format!("{la} is {}, but {lb} is {}", da(va), da(vb)),
                    hint: Some(format!("rule `{}`: the two cells must be equal", rule.id)),
                    rounding_drift: false,
                });
            }
        }
    }
    Ok(out)
}

/// Rounds each exact share down, then gives the remaining units to the largest remainders, so that the shares
/// sum exactly to the amount.
fn largest_remainder(
    exact: &[Decimal],
    amount: Decimal,
    decimals: u32,
) -> Result<Vec<Decimal>, String> {
    // `decimals` is at most crate::model::table::MAX_DECIMALS (10), well inside what a decimal's scale holds.
    let unit = Decimal::new(1, decimals.min(28));
    let mut shares: Vec<Decimal> = exact
        .iter()
        .map(|e| Rounding::Down.apply(*e, decimals))
        .collect();
    let mut given = Decimal::ZERO;
    for s in &shares {
        given = checked(given.checked_add(*s), || {
            "summen af de afrundede andele".into()
        })?;
    }
    let left_over = checked(
        Rounding::HalfUp
            .apply(amount, decimals)
            .checked_sub(given)
            .and_then(|v| v.checked_div(unit)),
        || "det beløb, der er tilbage at fordele".into(),
    )?;
    // The units left are fewer than the shares (each was rounded down by less than one unit).
    let mut left = i64::try_from(left_over.round()).unwrap_or(0);
    let mut order: Vec<usize> = (0..exact.len()).collect();
    order.sort_by(|&a, &b| {
        (exact[b] - shares[b])
            .cmp(&(exact[a] - shares[a]))
            .then(a.cmp(&b))
    });
    for i in order {
        if left <= 0 {
            break;
        }
        shares[i] = checked(shares[i].checked_add(unit), || {
            "en andel plus resten".into()
        })?;
        left -= 1;
    }
    Ok(shares)
}

/// `printed - computed` for a message, or a plain word when the difference itself is beyond a decimal.
fn difference(printed: Decimal, computed: Decimal) -> String {
    printed
        .checked_sub(computed)
        .map(da)
        .unwrap_or_else(|| "for stor til at vise".into())
}

/// Checks every rule of every table.
pub fn check(site: &Site) -> Diagnostics {
    // Tables are checked independently; collecting in order keeps the output that of a serial loop.
    Diagnostics {
        items: site
            .tables
            .par_iter()
            .flat_map_iter(|t| table(site, t).items)
            .collect(),
    }
}

/// The rules and acknowledgements of one table.
fn table(site: &Site, t: &Table) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let file = &t.source.file;
    let mut ids = std::collections::HashSet::new();
    let mut findings = Vec::new();
    for rule in &t.file.rules {
        if !ids.insert(rule.value.id.as_str()) {
            diags.push(param_error(t, rule, "rule id is used twice"));
            continue;
        }
        match evaluate(t, &rule.value, site) {
            Ok(f) => findings.extend(f.into_iter().map(|f| (f, crate::yaml::pos(rule, 0)))),
            Err(e) if e == CELL_ALREADY_REPORTED => {}
            Err(e) => diags.push(param_error(t, rule, &e)),
        }
    }
    let has_numbers = t
        .file
        .columns
        .iter()
        .any(|c| c.kind != crate::model::table::ColumnType::Text);
    if has_numbers && t.file.rules.is_empty() {
        diags.push(
            Diagnostic::warning("table-no-rules", "table has number columns but declares no rule")
                .in_file(file)
                .hint("declare the rule that produced the numbers (sum, allocation, per_capita, …) so they are checked"),
        );
    }
    let mut used = vec![false; t.file.discrepancies.len()];
    for (f, rule_pos) in findings {
        let pos = match (f.row, f.col) {
            (Some(r), Some(c)) => t.rows[r].cell_pos[c],
            (Some(r), None) => t.rows[r].pos,
            _ => rule_pos,
        };
        let ack = t.file.discrepancies.iter().position(|d| {
            let d = &d.value;
            d.rule == f.rule
                && d.printed.0 == f.printed
                && d.computed.0 == f.computed
                && d.row.as_ref().is_none_or(|r| {
                    f.row
                        .is_some_and(|i| t.rows[i].id.as_ref() == Some(r) || &t.row_label(i) == r)
                })
                && d.column
                    .as_ref()
                    .is_none_or(|c| f.col.is_some_and(|i| &t.file.columns[i].key == c))
        });
        let d = match ack {
            Some(i) => {
                used[i] = true;
                Diagnostic::note(
                    "acknowledged-discrepancy",
                    format!("{} (acknowledged)", f.message),
                )
                .hint(t.file.discrepancies[i].value.note.clone())
            }
            None if f.rounding_drift => Diagnostic::warning("rounding-drift", f.message),
            None => Diagnostic::error(
                match t
                    .file
                    .rules
                    .iter()
                    .find(|r| r.value.id == f.rule)
                    .map(|r| r.value.rule)
                {
                    Some(RuleKind::Sum) => "table-sum",
                    Some(RuleKind::Equals) => "table-cross",
                    _ => "table-rule",
                },
                f.message,
            ),
        };
        let mut d = d
            .at(file, pos.line, pos.column)
            .expected(da(f.computed))
            .found(da(f.printed));
        if d.hint.is_none() {
            d.hint = f.hint;
        }
        diags.push(d);
    }
    for (i, d) in t.file.discrepancies.iter().enumerate() {
        if !used[i] {
            let p: Pos = crate::yaml::pos(d, 0);
            diags.push(
                Diagnostic::error(
                    "stale-acknowledgement",
                    format!(
                        "acknowledged discrepancy for rule `{}` matches no finding",
                        d.value.rule
                    ),
                )
                .at(file, p.line, p.column)
                .expected(format!(
                    "rule `{}` to give {} where {} is printed",
                    d.value.rule,
                    da(d.value.computed.0),
                    da(d.value.printed.0)
                ))
                .found("the figures agree, or differ by another amount")
                .hint("remove or update the acknowledgement; it must not hide a new mistake"),
            );
        }
    }
    diags
}

/// A short Danish/English description of a rule for the table page.
pub fn describe_rule(rule: &RuleSpec, t: &Table, lang: Lang) -> String {
    let label = |k: &Option<String>| {
        k.as_ref()
            .and_then(|k| t.file.columns.iter().find(|c| &c.key == k))
            .map(|c| format!("«{}»", c.name()))
            .unwrap_or_default()
    };
    let rnd = match rule.rounding.unwrap_or_default() {
        Rounding::None => String::new(),
        r => format!(
            ", {} {} {}",
            if lang == Lang::Da {
                "afrundet"
            } else {
                "rounded"
            },
            r.name(),
            if lang == Lang::Da {
                format!("til {} decimaler", rule.decimals.unwrap_or(0))
            } else {
                format!("to {} decimals", rule.decimals.unwrap_or(0))
            }
        ),
    };
    let amount = |v: &Option<ValueRef>| match v {
        Some(ValueRef { value: Some(n), .. }) => format_da(n.0, None),
        Some(ValueRef { row: Some(r), .. }) => t
            .row_index(r)
            .map(|i| format!("«{}»", t.row_label(i)))
            .unwrap_or_default(),
        _ => String::new(),
    };
    let group = rule
        .rows
        .as_ref()
        .and_then(|s| s.group.clone())
        .map(|g| format!(" ({g})"))
        .unwrap_or_default();
    let cols = rule.columns.as_ref().map(|cs| {
        cs.iter()
            .map(|c| label(&Some(c.clone())))
            .collect::<Vec<_>>()
            .join(", ")
    });
    match (rule.rule, lang) {
        (RuleKind::Sum, _) => format!(
            "Sum{group}: {} = {}",
            cols.unwrap_or_else(|| label(&rule.column)),
            amount(&rule.total)
        ),
        (RuleKind::Split, _) => format!(
            "Fordeling af {}: {}",
            amount(&rule.amount),
            rule.parts
                .iter()
                .flatten()
                .map(|p| format!(
                    "{} % til «{}»",
                    format_da(p.percent.0, None),
                    t.row_index(&p.row)
                        .map(|i| t.row_label(i))
                        .unwrap_or_default()
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        (RuleKind::Allocation, _) => format!(
            "{} = {} × {} / Σ {}{rnd}",
            label(&rule.column),
            amount(&rule.amount),
            label(&rule.key),
            label(&rule.key)
        ),
        (RuleKind::PerCapita, _) => format!(
            "{} = {} × {}{rnd}",
            label(&rule.column),
            rule.rate.map(|r| format_da(r.0, None)).unwrap_or_default(),
            label(&rule.base)
        ),
        (RuleKind::EqualSplit, _) => format!(
            "{} = {} / antal rækker{rnd}",
            label(&rule.column),
            amount(&rule.amount)
        ),
        (RuleKind::Derived, _) => format!(
            "{} = {}{rnd}",
            label(&rule.column),
            rule.expression.clone().unwrap_or_default()
        ),
        (RuleKind::PercentTotal, _) => format!("{}: summen er 100 %", label(&rule.column)),
        (RuleKind::Equals, _) => format!(
            "{} / {} = {} / {}",
            rule.cell
                .as_ref()
                .map(|c| c.row.clone())
                .unwrap_or_default(),
            rule.cell
                .as_ref()
                .map(|c| c.column.clone())
                .unwrap_or_default(),
            rule.other
                .as_ref()
                .and_then(|c| c.table.clone())
                .unwrap_or_default(),
            rule.other
                .as_ref()
                .map(|c| c.row.clone())
                .unwrap_or_default()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn largest_remainder_sums_exactly() {
        let exact: Vec<Decimal> = ["33.4", "33.3", "33.3"]
            .iter()
            .map(|s| Decimal::from_str(s).unwrap())
            .collect();
        let shares = largest_remainder(&exact, Decimal::from(100), 0).unwrap();
        assert_eq!(shares.iter().sum::<Decimal>(), Decimal::from(100));
        assert_eq!(
            shares,
            vec![Decimal::from(34), Decimal::from(33), Decimal::from(33)]
        );
    }
}
