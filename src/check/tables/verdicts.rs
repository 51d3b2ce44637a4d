//! Judging a table: every rule evaluated, consequences drawn, each finding matched with the discrepancy that
//! acknowledges it; and the verdicts (what was proven, with exceptions) for the pages that show them.

use super::access::{select, sum_terms, Problem};
use super::consequences::consequences;
use super::evaluate::evaluate;
use super::finding::Finding;
use crate::i18n::Msg;
use crate::load::Site;
use crate::model::proof::{Exception, Verdict};
use crate::model::table::{RuleKind, Table};

/// Every rule of `t` with what the checker found for it, in the order the table declares them.
pub fn verdicts(site: &Site, t: &Table) -> Vec<Verdict> {
    let judged = judge(site, t);
    t.file
        .rules
        .iter()
        .enumerate()
        .map(|(i, rule)| Verdict {
            rule: i,
            evaluated: !judged.unevaluated.iter().any(|(r, _)| *r == i),
            rows: match rule.value.rule {
                RuleKind::Split | RuleKind::Equals => Vec::new(),
                RuleKind::Sum => sum_terms(t, &rule.value).unwrap_or_default(),
                _ => select(t, rule.value.rows.as_ref()).unwrap_or_default(),
            },
            exceptions: judged
                .findings
                .iter()
                .filter(|(f, _)| f.rule == rule.value.id)
                .map(|(f, ack)| Exception {
                    row: f.row,
                    column: f.col,
                    acknowledged: *ack,
                    message: f.message(t, ack.is_some()),
                })
                .collect(),
        })
        .collect()
}

/// The findings of every rule of a table after [`consequences`], each with the discrepancy that acknowledges it.
pub(super) struct Judged {
    /// Rules that could not be evaluated: the problem to report at the rule, `None` if reported elsewhere.
    pub(super) unevaluated: Vec<(usize, Option<Msg>)>,
    pub(super) findings: Vec<(Finding, Option<usize>)>,
}

pub(super) fn judge(site: &Site, t: &Table) -> Judged {
    let mut ids = std::collections::HashSet::new();
    let mut findings = Vec::new();
    let mut unevaluated = Vec::new();
    for (i, rule) in t.file.rules.iter().enumerate() {
        if !ids.insert(rule.value.id.as_str()) {
            unevaluated.push((i, Some(Msg::RuleIdTwice)));
            continue;
        }
        match evaluate(t, &rule.value, site) {
            Ok(f) => findings.extend(f),
            Err(Problem::Reported) => unevaluated.push((i, None)),
            Err(Problem::Said(m)) => unevaluated.push((i, Some(m))),
        }
    }
    findings.extend(super::cross::source_findings(site, t));
    consequences(t, &mut findings);
    super::cross::drop_blamed_elsewhere(site, t, &mut findings);
    let findings = findings
        .into_iter()
        .map(|f| {
            let ack = t.file.discrepancies.iter().position(|d| {
                let d = &d.value;
                d.rule == f.rule
                    && d.printed.0 == f.printed
                    && d.computed.0 == f.computed
                    // An entry without `row:` records a whole-table figure: never a finding at a row.
                    && match (&d.row, f.row) {
                        (None, None) => true,
                        (Some(r), Some(i)) => t.rows[i].id.as_ref() == Some(r) || &t.row_label(i) == r,
                        _ => false,
                    }
                    && d.column
                        .as_ref()
                        .is_none_or(|c| f.col.is_some_and(|i| &t.file.columns[i].key == c))
            });
            (f, ack)
        })
        .collect();
    Judged {
        unevaluated,
        findings,
    }
}
