//! Statutes and bylaws as Danish bodies write them, part of the parse stage: the numbering grammar (which unit a
//! heading or paragraph opens: "4.7", "§ 4", "Stk. 2.", "1)", "a)", "Kapitel 3") in [`numbering`], and the
//! reference grammar ("jf. punkt 4.7", "§ 4, stk. 2, nr. 3", "stk. 3", "§§ 4-6", "§ 6 i vedtægterne") in
//! [`references`]. Both are pure functions over text: they know nothing of Markdown events, rendering or checks.

mod context;
pub mod numbering;
pub mod references;

pub use numbering::{Numbering, UnitPath};
