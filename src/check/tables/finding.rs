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
    Cell {
        how: Msg,
        inputs: Vec<usize>,
    },
    /// A total that the rows (`rows` of column `col`) do not add up to. `drift` names the rounding rule whose
    /// rounded shares explain the difference, if one does.
    Sum {
        rows: Vec<usize>,
        col: usize,
        drift: Option<String>,
    },
    PercentTotal,
    /// Two cells that must be equal.
    Cells {
        first: Msg,
        second: Msg,
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
            What::Cell { .. } => {
                let row = self.row.map(|r| t.row_label(r)).unwrap_or_default();
                let column = column();
                if acknowledged {
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
            What::Sum { rows, col, drift } => {
                let column = t.file.columns[*col].name().to_string();
                let difference = difference(self.printed, self.computed);
                let rows = rows.len();
                if acknowledged {
                    Msg::SumDiffersAcknowledged {
                        column,
                        total: printed,
                        rows,
                        sum: computed,
                        difference,
                    }
                } else if drift.is_some() {
                    Msg::RoundingDrift {
                        column,
                        total: printed,
                        rows,
                        sum: computed,
                        difference,
                    }
                } else {
                    Msg::SumDiffers {
                        column,
                        total: printed,
                        rows,
                        sum: computed,
                        difference,
                    }
                }
            }
            What::PercentTotal if acknowledged => Msg::PercentTotalAcknowledged {
                column: column(),
                sum: printed,
            },
            What::PercentTotal => Msg::PercentTotal {
                column: column(),
                sum: printed,
            },
            What::Cells { first, second } if acknowledged => Msg::CellsDifferAcknowledged {
                first: Box::new(first.clone()),
                first_value: printed,
                second: Box::new(second.clone()),
                second_value: computed,
            },
            What::Cells { first, second } => Msg::CellsDiffer {
                first: Box::new(first.clone()),
                first_value: printed,
                second: Box::new(second.clone()),
                second_value: computed,
            },
        }
    }

    pub(super) fn hint(&self) -> Option<Msg> {
        match &self.what {
            What::Cell { how, .. } => Some(Msg::HintCellDiffers {
                how: Box::new(how.clone()),
            }),
            What::Sum {
                drift: Some(rule), ..
            } => Some(Msg::HintRoundingDrift {
                difference: difference(self.printed, self.computed),
                rule: rule.clone(),
            }),
            What::Sum { rows, .. } => Some(Msg::HintSumDiffers { rows: rows.len() }),
            What::PercentTotal => None,
            What::Cells { .. } => Some(Msg::HintCellsDiffer),
        }
    }
}

/// `printed - computed`; zero when the difference itself is beyond a decimal (never shown then: the figures
/// were refused as too large before).
pub(super) fn difference(printed: Decimal, computed: Decimal) -> Decimal {
    printed
        .checked_sub(computed)
        .unwrap_or_default()
        .normalize()
}
