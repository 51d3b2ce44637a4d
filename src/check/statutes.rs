//! Statutes and bylaws: one that yields no numbered units is reported, and a reference to a unit that does not
//! exist is explained with the units that do ("§ 4 har stk. 1–3").

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::model::{Document, DocumentKind};
use crate::statute::numbering::{parse_eid, UnitPath};

/// A statute or bylaw whose text opens no numbered unit (no "§ 4", "Stk. 2.", "4.7") cannot be cited: warn.
pub fn without_units(documents: &[Document]) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for d in documents.iter().filter(|d| d.front.kind.is_numbered()) {
        let numbered = d
            .sections
            .iter()
            .any(|s| !s.number.is_empty() && !s.number.starts_with("Bilag"));
        if numbered {
            continue;
        }
        let message = if d.front.kind == DocumentKind::Statute {
            Msg::StatuteWithoutUnits
        } else {
            Msg::BylawWithoutUnits
        };
        diags.push(
            Diagnostic::warning(Code::StatuteWithoutUnits, message)
                .at(&d.source.file, d.source.body_line.max(1), 1)
                .expected(Msg::ExpectUnits)
                .found(Msg::FoundNoUnits),
        );
    }
    diags
}

/// When `anchor` is a paragraph-style unit (`p4-stk7`) that `d` lacks: what is missing and what exists instead.
pub fn missing_unit(d: &Document, anchor: &str) -> Option<(Msg, Msg)> {
    let path = parse_eid(anchor)?;
    if d.sections.iter().any(|s| s.anchor == anchor) {
        return None;
    }
    let label = path.label();
    let message = Msg::UnitMissing {
        document: d.id.clone(),
        unit: label,
    };
    let parent = parent(&path);
    let parent_eid = parent.as_ref().and_then(UnitPath::eid);
    let siblings: Vec<&str> = d
        .sections
        .iter()
        .filter(|s| match &parent_eid {
            Some(p) => s
                .anchor
                .strip_prefix(p.as_str())
                .and_then(|r| r.strip_prefix('-'))
                .is_some_and(|r| !r.contains('-')),
            None => parse_eid(&s.anchor).is_some_and(|p| p.stk.is_none() && p.paragraph.is_some()),
        })
        .map(|s| s.number.as_str())
        .collect();
    let expected = match (&parent, parent_eid.as_ref()) {
        (Some(p), Some(e)) if !d.sections.iter().any(|s| &s.anchor == e) => {
            Msg::ExpectUnitParentMissing {
                document: d.id.clone(),
                unit: p.label(),
            }
        }
        _ if siblings.is_empty() => Msg::ExpectUnitIn {
            document: d.id.clone(),
        },
        _ => Msg::ExpectOneOfUnits {
            units: siblings.join("; "),
        },
    };
    Some((message, expected))
}

/// The unit one level up: stk. of a nr., § of a stk.; `None` for a § or chapter.
fn parent(p: &UnitPath) -> Option<UnitPath> {
    let mut up = p.clone();
    if up.litra.take().is_some() || up.nr.take().is_some() || up.stk.take().is_some() {
        Some(up)
    } else {
        None
    }
}
