//! Figures outside tables. A bound figure (`[[tal:…]]` in running text, or in a table's caption or header)
//! must name a figure of a table; where it keeps the figure the source printed (`[[tal:… | 644.500]]`), that
//! figure must be the table's, unless the page records the difference (`discrepancies:` with `kind: figure`
//! and the same `printed:`), which then must still be one. [`unbound`] warns about numbers near a table that
//! restate one of its figures without being bound.

mod resolve;
mod unbound;

pub use resolve::{value_in, value_of, Unresolved};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::load::Site;
use crate::model::figure::{restates, FigureTarget, FigureUse, Resolved, Restates};
use crate::model::{Discrepancy, DiscrepancyKind, Meeting};
use resolve::unresolved;

/// The figures of documents, pages and tables; a meeting's are [`of_meeting`]'s (serve checks them per meeting).
pub fn check(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let tables = || site.tables.iter().map(|t| t.id.clone()).collect::<Vec<_>>();
    for d in &site.documents {
        let mut acks = Acks::new(d.front.discrepancies.iter());
        let file = &d.source.file;
        in_text(
            site,
            file,
            &d.figures.bound,
            &mut acks,
            &|_| true,
            &mut diags,
        );
        acks.stale(file, &mut diags);
    }
    for p in &site.pages {
        let mut acks = Acks::new(std::iter::empty());
        let file = &p.source.file;
        in_text(
            site,
            file,
            &p.figures.bound,
            &mut acks,
            &|_| true,
            &mut diags,
        );
    }
    let all_tables = (site.tables.iter()).chain(site.withheld_tables.iter().map(|w| &w.table));
    for t in all_tables {
        let mut acks = Acks::new(std::iter::empty());
        for u in &t.figures {
            if u.figure.table != t.id {
                diags.push(
                    Diagnostic::error(
                        Code::FigureUnknown,
                        Msg::FigureOtherTable {
                            table: u.figure.table.clone(),
                        },
                    )
                    .at(&t.source.file, u.pos.line, u.pos.column)
                    .found(u.written.clone())
                    .expected(Msg::ExpectFigureOwnTable),
                );
                continue;
            }
            let r = value_in(t, &u.figure);
            bound(
                &t.source.file,
                u,
                r,
                &tables,
                &mut acks,
                &|_| true,
                &mut diags,
            );
        }
    }
    diags.extend(unbound::check(site));
    diags
}

/// The figures of one meeting: bound ones in its items, its stale figure acknowledgements, and numbers that
/// restate a table its items show unbound.
pub fn of_meeting(site: &Site, m: &Meeting) -> Vec<Diagnostic> {
    let mut diags = Diagnostics::default();
    let mut acks = Acks::new(m.discrepancies());
    let file = &m.source.file;
    for it in &m.items {
        let answers = |n: &str| it.answers_to(n);
        in_text(
            site,
            file,
            &it.figures().bound,
            &mut acks,
            &answers,
            &mut diags,
        );
    }
    acks.stale(file, &mut diags);
    unbound::of_meeting(site, m, &mut diags);
    diags.items
}

/// The tables meeting `m`'s figures are looked up in: what its diagnostics here depend on besides itself.
pub fn looked_up(m: &Meeting) -> Vec<String> {
    (m.items.iter())
        .flat_map(|it| it.figures().bound.iter().map(|b| b.figure.table.clone()))
        .collect()
}

/// The bound figures of a text in `file`.
fn in_text(
    site: &Site,
    file: &str,
    uses: &[FigureUse],
    acks: &mut Acks,
    answers: &dyn Fn(&str) -> bool,
    diags: &mut Diagnostics,
) {
    let tables = || site.tables.iter().map(|t| t.id.clone()).collect::<Vec<_>>();
    for u in uses {
        let r = value_of(site, &u.figure).map(|(_, r)| r);
        bound(file, u, r, &tables, acks, answers, diags);
    }
}

/// A page's `kind: figure` acknowledgements, and which of them a differing figure used.
struct Acks<'a> {
    entries: Vec<(&'a Discrepancy, bool)>,
}

impl<'a> Acks<'a> {
    fn new(all: impl Iterator<Item = &'a Discrepancy>) -> Acks<'a> {
        Acks {
            entries: all
                .filter(|d| d.kind == DiscrepancyKind::Figure)
                .map(|d| (d, false))
                .collect(),
        }
    }

    /// Takes the acknowledgement of `printed` (in the item `answers` names, if it names one).
    fn take(&mut self, printed: &str, answers: &dyn Fn(&str) -> bool) -> bool {
        let same = |d: &Discrepancy| {
            d.printed.as_deref().map(squeeze) == Some(squeeze(printed))
                && d.item.as_deref().is_none_or(answers)
        };
        match self.entries.iter_mut().find(|(d, _)| same(d)) {
            Some(e) => {
                e.1 = true;
                true
            }
            None => false,
        }
    }

    /// An acknowledgement no differing figure used is an error: it would hide the next mistake.
    fn stale(&self, file: &str, diags: &mut Diagnostics) {
        for (d, _) in self.entries.iter().filter(|(_, used)| !used) {
            let printed = d.printed.clone().unwrap_or_default();
            diags.push(
                Diagnostic::error(
                    Code::StaleAcknowledgement,
                    Msg::FigureStaleAcknowledgement { printed },
                )
                .at(file, d.pos.line, d.pos.column)
                .hint(Msg::HintFigureStaleAcknowledgement),
            );
        }
    }
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One bound figure: it names a figure, and its printed figure (if any) is that figure or acknowledged.
fn bound(
    file: &str,
    u: &FigureUse,
    resolved: Result<Resolved, Unresolved>,
    tables: &dyn Fn() -> Vec<String>,
    acks: &mut Acks,
    answers: &dyn Fn(&str) -> bool,
    diags: &mut Diagnostics,
) {
    let f = &u.figure;
    let r = match resolved {
        Ok(r) => r,
        Err(why) => {
            diags.push(unresolved(tables, f, why, file, u.pos, &u.written));
            return;
        }
    };
    let Some(p) = &f.printed else {
        // A rule's result is computed by the checker alone, so the page shows what the source printed.
        if matches!(f.target, FigureTarget::Result { .. }) {
            diags.push(
                Diagnostic::error(
                    Code::FigureSyntax,
                    Msg::FigureResultNeedsPrinted {
                        written: u.written.clone(),
                    },
                )
                .at(file, u.pos.line, u.pos.column)
                .found(u.written.clone())
                .expected(Msg::ExpectFigureDirective),
            );
        }
        return;
    };
    let Some(restated) = restates(p, r.value) else {
        diags.push(
            Diagnostic::error(
                Code::FigureSyntax,
                Msg::FigurePrintedNotANumber { printed: p.clone() },
            )
            .at(file, u.pos.line, u.pos.column)
            .found(u.written.clone())
            .expected(Msg::ExpectFigureDirective),
        );
        return;
    };
    // A figure the source rounds for display ("1,4 mio.", "ca. 644.000") states the table's as well.
    if restated != Restates::Differs || acks.take(p, answers) {
        return;
    }
    diags.push(
        Diagnostic::error(
            Code::FigureDiffers,
            Msg::FigureDiffers {
                printed: p.clone(),
                address: f.address(),
                value: r.value,
            },
        )
        .at(file, u.pos.line, u.pos.column)
        .found(u.written.clone())
        .expected(Msg::ExpectFigureValue { value: r.value })
        .hint(Msg::HintFigureDiffers { printed: p.clone() }),
    );
}
