//! A table's judgement as diagnostics: problems at the rule, findings at their cell (errors, rounding-drift
//! warnings, acknowledged notes), a warning for a table of figures without rules, and stale acknowledgements.

use super::finding::What;
use super::verdicts::judge;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Pos};
use crate::i18n::Msg;
use crate::load::Site;
use crate::model::table::{ColumnType, RuleSpec, Table};

fn param_error(t: &Table, rule: &crate::yaml::Spanned<RuleSpec>, problem: Msg) -> Diagnostic {
    let p = crate::yaml::pos(rule, 0);
    Diagnostic::error(
        Code::TableRule,
        Msg::RuleProblem {
            rule: rule.value.id.clone(),
            problem: Box::new(problem),
        },
    )
    .at(&t.source.file, p.line, p.column)
}

/// The rules and acknowledgements of one table.
pub(super) fn table(site: &Site, t: &Table) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let file = &t.source.file;
    let judged = judge(site, t);
    for (i, problem) in judged.unevaluated {
        if let Some(m) = problem {
            diags.push(param_error(t, &t.file.rules[i], m));
        }
    }
    let has_numbers = t.file.columns.iter().any(|c| c.kind != ColumnType::Text);
    if has_numbers && t.file.rules.is_empty() {
        diags.push(
            Diagnostic::warning(Code::TableNoRules, Msg::TableNoRules)
                .in_file(file)
                .hint(Msg::HintTableNoRules),
        );
    }
    diags.items.extend(super::cross::source_problems(site, t));
    let mut used = vec![false; t.file.discrepancies.len()];
    for (f, ack) in judged.findings {
        // A cell of another table blamed by an `equals` of this one is reported in that table's file.
        let elsewhere = match &f.what {
            What::Cells {
                elsewhere: Some((id, r, c)),
                ..
            } => (site.table(id).or_else(|| site.withheld_table(id)))
                .and_then(|o| Some((o.source.file.as_str(), *o.rows.get(*r)?.cell_pos.get(*c)?))),
            _ => None,
        };
        let pos = match (f.row, f.col) {
            (Some(r), Some(c)) => t.rows[r].cell_pos[c],
            (Some(r), None) => t.rows[r].pos,
            _ => t
                .file
                .rules
                .iter()
                .find(|r| r.value.id == f.rule)
                .map(|r| crate::yaml::pos(r, 0))
                .unwrap_or(Pos { line: 1, column: 1 }),
        };
        let d = match ack {
            Some(i) => {
                used[i] = true;
                Diagnostic::note(Code::AcknowledgedDiscrepancy, f.message(t, true))
                    .hint(t.file.discrepancies[i].value.note.clone())
            }
            None => {
                let code = match &f.what {
                    _ if f.is_drift() => Code::RoundingDrift,
                    What::Sum { .. } => Code::TableSum,
                    What::Cells { .. } | What::Source { .. } => Code::TableCross,
                    _ => Code::TableRule,
                };
                let d = if code == Code::RoundingDrift {
                    Diagnostic::warning(code, f.message(t, false))
                } else {
                    Diagnostic::error(code, f.message(t, false))
                };
                match f.hint(t) {
                    Some(h) => d.hint(h),
                    None => d,
                }
            }
        };
        let (file, pos) = elsewhere.unwrap_or((file, pos));
        diags.push(
            d.at(file, pos.line, pos.column)
                .expected(Msg::Figure {
                    value: f.computed.normalize(),
                })
                .found(Msg::Figure {
                    value: f.printed.normalize(),
                }),
        );
    }
    for (i, d) in t.file.discrepancies.iter().enumerate() {
        if !used[i] {
            let p: Pos = crate::yaml::pos(d, 0);
            diags.push(
                Diagnostic::error(
                    Code::StaleAcknowledgement,
                    Msg::StaleTableAcknowledgement {
                        rule: d.value.rule.clone(),
                    },
                )
                .at(file, p.line, p.column)
                .expected(Msg::ExpectStaleTableAcknowledgement {
                    rule: d.value.rule.clone(),
                    computed: d.value.computed.0.normalize(),
                    printed: d.value.printed.0.normalize(),
                })
                .found(Msg::FoundStaleTableAcknowledgement)
                .hint(Msg::HintStaleTableAcknowledgement),
            );
        }
    }
    diags
}
