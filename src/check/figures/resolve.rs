//! What a bound figure names: its table and value ([`value_of`]; a rule's result computed with the rules'
//! arithmetic), or why it names nothing, said as a diagnostic with the near matches ([`unresolved`]).

use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::i18n::Msg;
use crate::load::Site;
use crate::model::figure::{resolve, FigureRef, Missing, Resolved};
use crate::model::Table;

/// Why a figure names nothing.
pub enum Unresolved {
    Table,
    Missing(Missing),
    /// A rule's result that no single figure is (only a `sum` over one column has one).
    NoResult,
}

/// The table `f` names in `site` and the figure it names there.
pub fn value_of<'s>(site: &'s Site, f: &FigureRef) -> Result<(&'s Table, Resolved), Unresolved> {
    let t = site.table(&f.table).ok_or(Unresolved::Table)?;
    Ok((t, value_in(t, f)?))
}

/// The figure `f` names in `t`.
pub fn value_in(t: &Table, f: &FigureRef) -> Result<Resolved, Unresolved> {
    match resolve(t, &f.target) {
        Ok(r) => Ok(r),
        Err(Missing::Result { rule }) => {
            let spec = &t.file.rules[rule].value;
            let value = crate::check::tables::sum_result(t, spec).ok_or(Unresolved::NoResult)?;
            let column = spec.column.as_deref().and_then(|k| t.column_index(k));
            Ok(Resolved {
                value,
                decimals: column.and_then(|c| t.file.columns[c].decimals),
                percent: false,
                unit: column.and_then(|c| t.unit_of(c)).map(str::to_string),
                anchor: format!("tabel-{}", t.id),
                cell: None,
                rule: Some(spec.id.clone()),
            })
        }
        Err(m) => Err(Unresolved::Missing(m)),
    }
}

/// The error for a figure that names nothing, at `pos` in `file`, with what the table has that comes closest.
pub fn unresolved(
    site_tables: &dyn Fn() -> Vec<String>,
    f: &FigureRef,
    why: Unresolved,
    file: &str,
    pos: Pos,
    written: &str,
) -> Diagnostic {
    use crate::model::figure::FigureTarget as T;
    let (message, expected) = match (why, &f.target) {
        (Unresolved::Table, _) => (
            Msg::FigureNoTable {
                table: f.table.clone(),
            },
            Msg::ExpectFigureTable {
                near: near(&f.table, site_tables()),
            },
        ),
        (Unresolved::Missing(Missing::Row { keys }), T::Cell { row, .. }) => (
            Msg::FigureNoRow {
                table: f.table.clone(),
                row: row.clone(),
            },
            Msg::ExpectFigureRow {
                near: near(row, keys),
            },
        ),
        (Unresolved::Missing(Missing::Column { keys }), T::Cell { column, .. }) => (
            Msg::FigureNoColumn {
                table: f.table.clone(),
                column: column.clone(),
            },
            Msg::ExpectFigureColumn {
                near: near(column, keys),
            },
        ),
        (
            Unresolved::Missing(Missing::Rule { ids }),
            T::Param { rule, .. } | T::Result { rule },
        ) => (
            Msg::FigureNoRule {
                table: f.table.clone(),
                rule: rule.clone(),
            },
            Msg::ExpectFigureRule {
                near: near(rule, ids),
            },
        ),
        (Unresolved::Missing(Missing::Param { params }), T::Param { rule, param }) => (
            Msg::FigureNoParam {
                rule: rule.clone(),
                param: param.clone(),
            },
            Msg::ExpectFigureParam {
                near: near(param, params),
            },
        ),
        (Unresolved::NoResult, T::Result { rule }) => (
            Msg::FigureNoResult { rule: rule.clone() },
            Msg::ExpectFigureSumRule,
        ),
        _ => (
            Msg::FigureNoValue {
                address: f.address(),
            },
            Msg::ExpectFigureNumber,
        ),
    };
    Diagnostic::error(Code::FigureUnknown, message)
        .at(file, pos.line, pos.column)
        .found(written.to_string())
        .expected(expected)
}

/// The candidates closest to `wanted` (by Jaro-Winkler similarity, at most five), else the first ten; "–" when
/// there are none.
fn near(wanted: &str, candidates: Vec<String>) -> String {
    let mut scored: Vec<(f64, String)> = candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(wanted, c), c.clone()))
        .filter(|(s, _)| *s >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let list: Vec<String> = if scored.is_empty() {
        candidates.into_iter().take(10).collect()
    } else {
        scored.into_iter().take(5).map(|(_, c)| c).collect()
    };
    if list.is_empty() {
        "–".to_string()
    } else {
        list.join(", ")
    }
}
