//! A finding: a rule that does not hold at a cell or a total, and how it is put into words (a plain error, a
//! rounding drift, or a note when the table acknowledges it).

use crate::i18n::Msg;
use crate::model::table::Table;
use rust_decimal::Decimal;

/// A rule that does not hold: where (`row`, `col`), the printed and the computed figure, and what it is about.
pub(super) struct Finding {
    pub(super) rule: String,
    pub(super) row: Option<usize>,
    pub(super) col: Option<usize>,
    pub(super) printed: Decimal,
    pub(super) computed: Decimal,
    pub(super) what: What,
}

/// What a finding is about, to be put into words once it is known whether it is acknowledged.
pub(super) enum What {
    /// A cell its rule computes otherwise; `how` is the computation, `inputs` the columns it reads from every
    /// row (an allocation's key, a per-capita base).
    /// `display` is the display precision whose rounding explains the difference (a warning, not an error).
    Cell {
        how: Msg,
        inputs: Vec<usize>,
        display: Option<Decimal>,
    },
    /// A total that the rows (`rows` of column `col`) do not add up to. `drift` names the rounding rule whose
    /// rounded shares explain the difference, if one does; `display` the column's display precision when the
    /// rounding of the printed figures explains it.
    Sum {
        rows: Vec<usize>,
        col: usize,
        drift: Option<String>,
        display: Option<Decimal>,
    },
    /// Percentages of `rows` rows that do not add up to 100; `display` as for a sum.
    PercentTotal {
        rows: usize,
        display: Option<Decimal>,
    },
    /// Two cells that must be equal. `elsewhere` is the cell blamed when it is another table's (its id, row
    /// and column): the finding is reported there.
    Cells {
        first: Msg,
        second: Msg,
        elsewhere: Option<(String, usize, usize)>,
    },
    /// A figure of a shared source (`source` its title) that another table printing it (`other`) prints
    /// otherwise, in the row named `row`.
    Source {
        source: String,
        row: String,
        other: String,
    },
}

impl Finding {
    pub(super) fn message(&self, t: &Table, acknowledged: bool) -> Msg {
        let column = || {
            self.col
                .map(|c| t.file.columns[c].name().to_string())
                .unwrap_or_default()
        };
        let (printed, computed) = (self.printed.normalize(), self.computed.normalize());
        match &self.what {
            What::Cell { display, .. } => {
                let row = self.row.map(|r| t.row_label(r)).unwrap_or_default();
                let column = column();
                if let (false, Some(p)) = (acknowledged, display) {
                    Msg::DisplayCellDrift {
                        row,
                        column,
                        printed,
                        computed,
                        precision: p.normalize(),
                    }
                } else if acknowledged {
                    Msg::CellDiffersAcknowledged {
                        row,
                        column,
                        printed,
                        computed,
                    }
                } else {
                    Msg::CellDiffers {
                        row,
                        column,
                        printed,
                        computed,
                    }
                }
            }
            What::Sum {
                rows,
                col,
                drift,
                display,
            } => {
                let column = t.file.columns[*col].name().to_string();
                let difference = difference(self.printed, self.computed);
                let count = rows.len();
                let rows = count;
                match (acknowledged, drift, display) {
                    (true, _, _) => Msg::SumDiffersAcknowledged {
                        column,
                        total: printed,
                        rows,
                        sum: computed,
                        difference,
                    },
                    (false, Some(_), _) => Msg::RoundingDrift {
                        column,
                        total: printed,
                        rows,
                        sum: computed,
                        difference,
                    },
                    (false, None, Some(p)) => Msg::DisplayRoundingDrift {
                        column,
                        total: printed,
                        rows,
                        sum: computed,
                        difference,
                        precision: p.normalize(),
                        tolerance: display_tolerance(*p, count + 1).unwrap_or_default(),
                    },
                    (false, None, None) => Msg::SumDiffers {
                        column,
                        total: printed,
                        rows,
                        sum: computed,
                        difference,
                    },
                }
            }
            What::PercentTotal { .. } if acknowledged => Msg::PercentTotalAcknowledged {
                column: column(),
                sum: printed,
            },
            What::PercentTotal {
                rows,
                display: Some(p),
            } => Msg::DisplayPercentDrift {
                column: column(),
                sum: printed,
                precision: p.normalize(),
                tolerance: display_tolerance(*p, *rows).unwrap_or_default(),
            },
            What::PercentTotal { .. } => Msg::PercentTotal {
                column: column(),
                sum: printed,
            },
            What::Cells { first, second, .. } if acknowledged => Msg::CellsDifferAcknowledged {
                first: Box::new(first.clone()),
                first_value: printed,
                second: Box::new(second.clone()),
                second_value: computed,
            },
            What::Cells { first, second, .. } => Msg::CellsDiffer {
                first: Box::new(first.clone()),
                first_value: printed,
                second: Box::new(second.clone()),
                second_value: computed,
            },
            What::Source { source, row, other } if acknowledged => Msg::SourceDiffersAcknowledged {
                source: source.clone(),
                row: row.clone(),
                printed,
                other: other.clone(),
                expected: computed,
            },
            What::Source { source, row, other } => Msg::SourceDiffers {
                source: source.clone(),
                row: row.clone(),
                printed,
                other: other.clone(),
                expected: computed,
            },
        }
    }

    pub(super) fn hint(&self, t: &Table) -> Option<Msg> {
        match &self.what {
            What::Cell {
                display: Some(p), ..
            } => Some(Msg::HintDisplayRoundingDrift {
                precision: p.normalize(),
            }),
            What::Cell { how, .. } => Some(Msg::HintCellDiffers {
                how: Box::new(how.clone()),
            }),
            What::Sum {
                drift: Some(rule), ..
            } => Some(Msg::HintRoundingDrift {
                difference: difference(self.printed, self.computed),
                rule: rule.clone(),
            }),
            What::Sum {
                display: Some(p), ..
            } => Some(Msg::HintDisplayRoundingDrift {
                precision: p.normalize(),
            }),
            What::Sum { rows, col, .. } => Some(match t.precision_of(*col) {
                Some(p) => Msg::HintSumBeyondPrecision {
                    rows: rows.len(),
                    precision: p.normalize(),
                    tolerance: display_tolerance(p, rows.len() + 1).unwrap_or_default(),
                },
                None => Msg::HintSumDiffers { rows: rows.len() },
            }),
            What::PercentTotal { .. } => None,
            What::Cells { .. } => Some(Msg::HintCellsDiffer),
            What::Source { .. } => Some(Msg::HintSourceDiffers),
        }
    }

    /// Whether the finding is a rounding drift (a warning), not an error.
    pub(super) fn is_drift(&self) -> bool {
        matches!(
            self.what,
            What::Sum { drift: Some(_), .. }
                | What::Cell {
                    display: Some(_),
                    ..
                }
                | What::Sum {
                    display: Some(_),
                    ..
                }
                | What::PercentTotal {
                    display: Some(_),
                    ..
                }
        )
    }
}

/// The most that `figures` figures, each rounded half to the nearest multiple of `precision`, can make their
/// sum differ from the rounded figures' exact sum: half a step each. `None` beyond what a decimal holds.
pub(super) fn display_tolerance(precision: Decimal, figures: usize) -> Option<Decimal> {
    precision
        .checked_mul(Decimal::from(figures))?
        .checked_div(Decimal::TWO)
        .map(|d| d.normalize())
}

/// `Some(precision)` when the printed figures of column `c` are display-rounded and `printed` differs from
/// `computed` by no more than the rounding of `figures` figures explains.
pub(super) fn within_display(
    t: &Table,
    c: usize,
    figures: usize,
    printed: Decimal,
    computed: Decimal,
) -> Option<Decimal> {
    let p = t.precision_of(c)?;
    let off = printed.checked_sub(computed)?.abs();
    (off <= display_tolerance(p, figures)?).then_some(p)
}

/// `printed - computed`; zero when the difference itself is beyond a decimal (never shown then: the figures
/// were refused as too large before).
pub(super) fn difference(printed: Decimal, computed: Decimal) -> Decimal {
    printed
        .checked_sub(computed)
        .unwrap_or_default()
        .normalize()
}
