//! What a document's front matter names: its tables exist and its `status` applies to its kind (its recorded
//! discrepancies are checked with every other file's, in `acknowledgements`).

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::load::Site;

pub(super) fn check(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for d in &site.documents {
        for t in &d.front.tables {
            let known = site
                .table(&t.value)
                .or_else(|| site.withheld_table(&t.value));
            if known.is_none() && !site.unreadable(&t.value) {
                let p = crate::yaml::pos(t, 1);
                diags.push(
                    Diagnostic::error(
                        Code::UnknownTable,
                        Msg::DocumentNamesUnknownTable {
                            id: t.value.clone(),
                        },
                    )
                    .at(&d.source.file, p.line, p.column)
                    .expected(Msg::ExpectTableId)
                    .found(t.value.clone())
                    .hint(Msg::HintFixIdOrAdd),
                );
            }
        }
        if let Some(status) = d
            .front
            .status
            .as_ref()
            .filter(|_| !d.front.kind.is_numbered())
        {
            let p = crate::yaml::pos(status, 1);
            diags.push(
                Diagnostic::warning(Code::StatusNotApplicable, Msg::StatusNotApplicable)
                    .at(&d.source.file, p.line, p.column)
                    .hint(Msg::HintStatusNotApplicable),
            );
        }
    }
    diags
}
