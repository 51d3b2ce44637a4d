//! A table's rules in words for its page ("«Andel» = 1.350.000 × «Folketal» / summen af «Folketal», rundet halvt
//! op til hele tal"): columns, rows and tables named by their printed labels, never by their ids. The words come
//! from the catalogue; render puts the message into the page's language.

use super::table::{CellRef, RuleKind, RuleSpec, Table, ValueRef};
use crate::i18n::Msg;

fn quoted(text: &str) -> Msg {
    Msg::Quoted {
        text: text.to_string(),
    }
}

/// A rule of table `t` as a message; `table` finds the other table of a cross-table rule.
pub fn describe_rule<'a>(
    rule: &RuleSpec,
    t: &'a Table,
    table: &dyn Fn(&str) -> Option<&'a Table>,
) -> Msg {
    let column = |k: &Option<String>| -> Msg {
        k.as_ref()
            .and_then(|k| t.file.columns.iter().find(|c| &c.key == k))
            .map(|c| quoted(c.name()))
            .unwrap_or(Msg::Nothing)
    };
    let rounding = || -> Box<Msg> {
        let r = rule.rounding.unwrap_or_default();
        Box::new(if r == crate::number::Rounding::None {
            Msg::Nothing
        } else {
            Msg::DescribeRounding {
                rounding: Box::new(r.described(rule.decimals.unwrap_or(0))),
            }
        })
    };
    let amount = |v: &Option<ValueRef>| -> Msg {
        match v {
            Some(ValueRef { value: Some(n), .. }) => Msg::Figure { value: n.0 },
            Some(ValueRef { row: Some(r), .. }) => t
                .row_index(r)
                .map(|i| quoted(&t.row_label(i)))
                .unwrap_or(Msg::Nothing),
            _ => Msg::Nothing,
        }
    };
    let cell = |c: &Option<CellRef>| -> Msg {
        let Some(c) = c else {
            return Msg::Nothing;
        };
        let other = c.table.as_deref().and_then(table).filter(|o| o.id != t.id);
        let tbl = other.unwrap_or(t);
        let Some(row) = &c.row else {
            // A column-level `equals`: the whole column, row by row.
            let col = (tbl.column_index(&c.column))
                .map(|i| tbl.file.columns[i].name().to_string())
                .unwrap_or_else(|| c.column.clone());
            return Msg::DescribeColumnIn {
                table: tbl.file.title.clone(),
                column: Box::new(quoted(&col)),
            };
        };
        let row = tbl
            .row_index(row)
            .map(|i| tbl.row_label(i))
            .unwrap_or_else(|| row.clone());
        let col = tbl
            .column_index(&c.column)
            .map(|i| tbl.file.columns[i].name().to_string())
            .unwrap_or_else(|| c.column.clone());
        match other {
            Some(o) => Msg::DescribeCellIn {
                table: o.file.title.clone(),
                row: Box::new(quoted(&row)),
                column: Box::new(quoted(&col)),
            },
            None => Msg::DescribeCell {
                row: Box::new(quoted(&row)),
                column: Box::new(quoted(&col)),
            },
        }
    };
    let b = Box::new;
    match rule.rule {
        RuleKind::Sum => {
            let columns = match &rule.columns {
                Some(cs) => Msg::List {
                    items: cs.iter().map(|c| column(&Some(c.clone()))).collect(),
                },
                None => column(&rule.column),
            };
            let total = amount(&rule.total);
            match rule.rows.as_ref().and_then(|s| s.group.clone()) {
                Some(group) => Msg::DescribeSumInGroup {
                    group,
                    columns: b(columns),
                    total: b(total),
                },
                None => Msg::DescribeSum {
                    columns: b(columns),
                    total: b(total),
                },
            }
        }
        RuleKind::Split => Msg::DescribeSplit {
            amount: b(amount(&rule.amount)),
            parts: b(Msg::List {
                items: rule
                    .parts
                    .iter()
                    .flatten()
                    .map(|p| Msg::DescribeSplitPart {
                        percent: p.percent.0,
                        row: b(t
                            .row_index(&p.row)
                            .map(|i| quoted(&t.row_label(i)))
                            .unwrap_or(Msg::Nothing)),
                    })
                    .collect(),
            }),
        },
        RuleKind::Allocation => Msg::DescribeAllocation {
            column: b(column(&rule.column)),
            amount: b(amount(&rule.amount)),
            key: b(column(&rule.key)),
            rounding: rounding(),
        },
        RuleKind::PerCapita => Msg::DescribePerCapita {
            column: b(column(&rule.column)),
            rate: rule.rate.map(|r| r.0).unwrap_or_default(),
            base: b(column(&rule.base)),
            rounding: rounding(),
        },
        RuleKind::EqualSplit => Msg::DescribeEqualSplit {
            column: b(column(&rule.column)),
            amount: b(amount(&rule.amount)),
            rounding: rounding(),
        },
        RuleKind::Derived => Msg::DescribeDerived {
            column: b(column(&rule.column)),
            expression: b(expression(rule.expression.as_deref().unwrap_or(""), t)),
            rounding: rounding(),
        },
        RuleKind::PercentTotal => Msg::DescribePercentTotal {
            column: b(column(&rule.column)),
        },
        RuleKind::Equals if rule.cell.is_none() => Msg::DescribeEquals {
            first: b(column(&rule.column)),
            second: b(cell(&rule.other)),
        },
        RuleKind::Equals => Msg::DescribeEquals {
            first: b(cell(&rule.cell)),
            second: b(cell(&rule.other)),
        },
    }
}

/// A derived column's expression with each column key replaced by the column's label.
pub fn expression(expr: &str, t: &Table) -> Msg {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.is_empty() {
            return;
        }
        match t.file.columns.iter().find(|c| &c.key == word) {
            Some(c) => out.push_str(&format!("«{}»", c.name())),
            None => out.push_str(word),
        }
        word.clear();
    };
    for ch in expr.chars() {
        if ch.is_ascii_alphanumeric() || ch == '_' || ch == '.' {
            word.push(ch);
        } else {
            flush(&mut word, &mut out);
            out.push(ch);
        }
    }
    flush(&mut word, &mut out);
    Msg::Verbatim { text: out }
}
