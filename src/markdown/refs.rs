//! References: `ref:` links and Danish reference phrases ("jf. punkt 4.7", "jævnfør stk. 6,5 i vedtægter",
//! "§ 4, stk. 2", "stk. 3", "§ 6 i vedtægterne"; the grammar is [`crate::statute`]) become links to their target,
//! each recorded ([`RefUse`]) for the checker.

use super::anchors::anchor_for;
use super::html::Out;
use super::{Ctx, Rendered};
use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::i18n::Msg;
use crate::statute::units;
use crate::statute::{Numbering, UnitPath};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

pub use crate::model::RefUse;

/// Emits a text event, turning Danish reference phrases into `ref:` links (outside links and headings); `here` is
/// where a paragraph-style statute's text stands, for relative references ("stk. 3").
#[allow(clippy::too_many_arguments)]
pub(super) fn emit_text(
    out: &mut Out,
    r: &mut Rendered,
    ctx: &Ctx,
    text: String,
    at: usize,
    no_autolink: bool,
    here: &UnitPath,
    pos_at: &dyn Fn(usize) -> Pos,
) {
    r.text.push_str(&text);
    let paragraph_style = ctx.numbered && ctx.numbering == Numbering::Paragraph;
    if no_autolink || ctx.self_id.is_empty() || !may_cite(&text, paragraph_style) {
        out.push(Event::Text(CowStr::from(text)));
        return;
    }
    let style = ctx.numbered.then_some(ctx.numbering);
    let mut done = 0;
    for link in units::links(&text, style, here, ctx.names.for_links()) {
        let target = match &link.document {
            Some(name) => match ctx.names.id_of(name) {
                Some(id) => id,
                None => continue,
            },
            None => ctx.self_id,
        };
        if link.start > done {
            out.push(Event::Text(CowStr::from(
                text[done..link.start].to_string(),
            )));
        }
        let phrase = &text[link.start..link.end];
        if link.reversed {
            let p = pos_at(at + link.start);
            r.diags.push(
                Diagnostic::error(
                    Code::BrokenReference,
                    Msg::ReferenceRangeBackwards {
                        phrase: phrase.to_string(),
                    },
                )
                .at(ctx.file, p.line, p.column)
                .expected(Msg::ExpectForwardRange)
                .found(phrase.to_string()),
            );
        }
        let mut url = String::new();
        for (k, (anchor, unit_at)) in link.anchors.iter().enumerate() {
            let pos = pos_at(at + if k == 0 { link.start } else { *unit_at });
            let u = resolve_ref(r, ctx, &format!("{target}#{anchor}"), phrase, pos);
            if k == 0 {
                url = u;
            }
        }
        out.push(Event::Start(Tag::Link {
            link_type: pulldown_cmark::LinkType::Inline,
            dest_url: CowStr::from(url),
            title: CowStr::from(""),
            id: CowStr::from(""),
        }));
        out.push(Event::Text(CowStr::from(phrase.to_string())));
        out.push(Event::End(TagEnd::Link));
        done = link.end;
    }
    if done < text.len() {
        out.push(Event::Text(CowStr::from(text[done..].to_string())));
    }
}

/// Cheap pre-filter: almost no text holds a reference phrase. Outside a paragraph-style statute only "jf. …",
/// "jævnfør …" and a named "§ 6 i vedtægterne" are references ("stk. 3" alone cites a unit of the text it stands
/// in, which only such a statute has).
fn may_cite(text: &str, paragraph_style: bool) -> bool {
    let words: &[&str] = if paragraph_style {
        &[
            "jf.", "Jf.", "ævnfør", "§", "stk.", "Stk.", "nr.", "litra", "apitel",
        ]
    } else {
        &["jf.", "Jf.", "ævnfør", "§"]
    };
    words.iter().any(|w| text.contains(w))
}

pub(super) fn resolve_ref(
    r: &mut Rendered,
    ctx: &Ctx,
    target: &str,
    written: &str,
    pos: Pos,
) -> String {
    let (id, anchor) = match target.split_once('#') {
        Some((id, a)) => (id, Some(a.to_string())),
        None => (target, None),
    };
    let id = if id.is_empty() { ctx.self_id } else { id };
    r.refs.push(RefUse {
        target: id.to_string(),
        anchor: anchor.clone(),
        written: written.to_string(),
        link_text: None,
        said: None,
        pos,
    });
    match (ctx.url_of)(id) {
        Some((url, style)) => match anchor {
            Some(a) => format!("{url}#{}", anchor_for(style, &a)),
            None => url,
        },
        // The checker reports unknown targets; the link stays harmless.
        None => "#".to_string(),
    }
}
