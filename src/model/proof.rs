//! What the checker concluded about each rule of a table, as data: `check` makes it (`check::proofs`), the
//! orchestrator hands it to `render`, which says it beside the table ("… summerer til 1.350.000 kr. ✓").

use crate::i18n::Msg;
use std::collections::BTreeMap;

/// The verdicts of every table, by table id.
pub type Proofs = BTreeMap<String, Vec<Verdict>>;

/// One rule of a table: a rule that was evaluated and has no exception holds for every figure it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The rule's index in the table's `rules`.
    pub rule: usize,
    /// False when the rule could not be evaluated (an error: nothing is published then).
    pub evaluated: bool,
    /// The rows the rule covers, where it selects rows (all kinds but `split` and `equals`).
    pub rows: Vec<usize>,
    /// Where the printed figures do not follow the rule: an acknowledged discrepancy or a rounding drift (anything
    /// else is an error).
    pub exceptions: Vec<Exception>,
}

/// A printed figure that its rule computes otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct Exception {
    pub row: Option<usize>,
    pub column: Option<usize>,
    /// The discrepancy of the table that acknowledges it (an index into `discrepancies`).
    pub acknowledged: Option<usize>,
    /// What it is, in the words `protokol check` uses.
    pub message: Msg,
}
