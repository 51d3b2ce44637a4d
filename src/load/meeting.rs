//! Builds a [`Meeting`] from its parsed front matter and Markdown body: the body splits into agenda items at
//! level-2 headings (`## 3.5 Title`) and each item into named parts at level-3 headings (`### Indstilling`).

use super::body::{impossible_dates, markdown_ctx, weekday_dates};
use super::closed;
use super::files::RawFile;
use super::front::{parse_date, FRONT_MATTER_LINE};
use super::links::Resolver;
use crate::diagnostics::{Code, Diagnostic, LineIndex};
use crate::i18n::Msg;
use crate::markdown::{self, Directive, RefUse, Rendered};
use crate::model::exact::exact_vec;
use crate::model::item_number::{looks_like_number, same_number, valid_item_id};
use crate::model::meeting::{
    item_anchor, AgendaItem, ItemBody, ItemEntry, ItemFront, ItemMeta, ItemPart, MeetingFront,
    PartRole, Withheld,
};
use crate::model::{Meeting, Source};
use chrono::NaiveDate;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

pub(crate) fn build_meeting(
    f: RawFile,
    mut front: MeetingFront,
    body_start: usize,
    resolver: &Resolver,
) -> (Meeting, Vec<Diagnostic>, Vec<RefUse>) {
    let mut diags = Vec::new();
    let mut refs = Vec::new();
    let lines = LineIndex::new(&f.text);
    let date = parse_date(&front.date, &f.rel, FRONT_MATTER_LINE).unwrap_or_else(|d| {
        diags.push(d);
        NaiveDate::default()
    });
    let url_of = |id: &str| resolver.link(id);
    let exists = |directive: Directive, id: &str| match directive {
        Directive::Table => resolver.table_exists(id),
        Directive::Calendar => front.calendars.iter().any(|c| c.id == id),
    };
    let body = &f.text[body_start..];
    // Item parts are rendered below the part's own heading (<h4>): their headings move down a level.
    let render_slice = |start: usize, end: usize| {
        let mut ctx = markdown_ctx(&f, &lines, resolver, &url_of, &exists, body_start + start);
        ctx.heading_shift = 1;
        markdown::render(&body[start..end], &ctx)
    };
    let all = headings(body, &[HeadingLevel::H2, HeadingLevel::H3]);
    let h2: Vec<&Heading> = all.iter().filter(|h| h.level == HeadingLevel::H2).collect();
    if let Some(first) = h2.first() {
        if !body[..first.start].trim().is_empty() {
            let p = lines.pos(&f.text, body_start);
            diags.push(
                Diagnostic::warning(Code::MeetingTextOutsideItem, Msg::TextBeforeFirstItem)
                    .at(&f.rel, p.line + 1, 1)
                    .expected(Msg::ExpectFirstItemHeading),
            );
        }
    }
    let mut items = Vec::new();
    let mut tables_requested = Vec::new();
    let mut withheld = Withheld::default();
    let mut calendars = closed::CalendarUses::default();
    let mut closed_sources = Vec::new();
    let mut anchors = ItemAnchors::default();
    // The overview's entries move into their items; the checks keep what they read of each.
    let mut overview = std::mem::take(&mut front.items);
    let entries: Vec<ItemEntry> = (overview.iter())
        .map(|e| ItemEntry {
            number: e.value.number.as_str().into(),
            id: e.value.id.as_deref().map(Box::from),
            pos: crate::yaml::pos(e, 1),
        })
        .collect();
    let heads: Vec<(String, String)> = h2.iter().map(|h| split_item_heading(&h.text)).collect();
    let claims: Vec<Option<usize>> = (h2.iter().zip(&heads))
        .map(|(h, (number, _))| entry_for(&overview, h.id.as_deref(), number))
        .collect();
    for (i, (h, (number, heading))) in h2.iter().zip(heads).enumerate() {
        let end = h2.get(i + 1).map(|n| n.start).unwrap_or(body.len());
        let heading_pos = lines.pos(&f.text, body_start + h.start);
        let id = h.id.clone();
        let (mut entry, meta_pos) = match claims[i] {
            // Two headings may claim one entry (an error the number checks report): each gets it.
            Some(k) if claims[i + 1..].contains(&Some(k)) => (
                overview[k].value.clone(),
                crate::yaml::pos(&overview[k], FRONT_MATTER_LINE),
            ),
            Some(k) => (
                std::mem::take(&mut overview[k].value),
                crate::yaml::pos(&overview[k], FRONT_MATTER_LINE),
            ),
            None => (ItemFront::default(), heading_pos),
        };
        // The heading's number is the item's number; an entry found by id need not repeat it.
        entry.number = number.clone();
        let anchor = anchors.claim(
            id.as_deref(),
            &number,
            &heading,
            &f.rel,
            heading_pos,
            &mut diags,
        );
        let closed = closed::state(&entry, &f.rel, &mut diags);
        let meta = ItemMeta::from_front(entry);
        let content = h.content_start;
        // The item's named parts: its level-3 headings.
        let h3: Vec<&Heading> = all
            .iter()
            .filter(|x| x.level == HeadingLevel::H3 && x.start >= content && x.start < end)
            .collect();
        let intro = render_slice(content, h3.first().map(|x| x.start).unwrap_or(end));
        let mut text = intro.text.clone();
        let mut placed = Vec::new();
        let mut figures = crate::model::figure::TextFigures::default();
        // A closed item's references, tables and calendars are recorded for the checks only.
        let mut take = |r: Rendered, diags: &mut Vec<Diagnostic>| {
            diags.extend(r.diags);
            figures.extend(r.figures);
            if closed.is_some() {
                withheld.refs.extend(r.refs);
            } else {
                refs.extend(r.refs);
            }
            for d in r.directives {
                match d.directive {
                    Directive::Table => {
                        if d.exists {
                            placed.push(d.target.clone());
                        }
                        tables_requested.push(d.target);
                    }
                    Directive::Calendar => calendars.placed(d.target, closed.is_some()),
                }
            }
            r.html
        };
        let mut html = vec![take(intro, &mut diags)];
        let mut parts = Vec::new();
        for (j, p) in h3.iter().enumerate() {
            let part_end = h3.get(j + 1).map(|n| n.start).unwrap_or(end);
            let r = render_slice(p.content_start, part_end);
            text.push('\n');
            text.push_str(&r.text);
            parts.push(ItemPart {
                role: part_role(&p.text),
                heading: p.text.trim_end_matches(':').to_string(),
            });
            html.push(take(r, &mut diags));
        }
        // A closed item keeps no body: not worth packing.
        let packed = match closed {
            Some(_) => ItemBody::default(),
            None => ItemBody::new(&text, &html.iter().map(String::as_str).collect::<Vec<_>>()),
        };
        let mut item = AgendaItem {
            id,
            anchor,
            meta,
            meta_pos,
            heading,
            heading_pos,
            parts,
            body: packed,
            tables: placed,
            figures: (!figures.is_empty()).then(|| Box::new(figures)),
            closed: None,
        };
        if let Some(c) = closed {
            closed::close(&mut item, c, &mut withheld);
            closed_sources.push(&body[h.start..end]);
        }
        items.push(item);
    }
    // The model keeps every meeting until the pages are written: no spare capacity in what it keeps (#15; the
    // bodies are packed to their size). Moved, not shrunk in place: see `model::exact`.
    for it in &mut items {
        it.parts = exact_vec(std::mem::take(&mut it.parts));
        if let Some(f) = it.figures.as_mut() {
            f.bound = exact_vec(std::mem::take(&mut f.bound));
            f.numbers = exact_vec(std::mem::take(&mut f.numbers));
        }
    }
    let items = exact_vec(items);
    closed::withhold_front(
        &mut front,
        &items,
        &closed_sources,
        &mut withheld,
        calendars,
    );
    let mut meeting = Meeting {
        id: f.stem.clone(),
        source: Source {
            file: f.rel.clone(),
            body_line: lines.pos(&f.text, body_start).line,
        },
        front,
        date,
        items,
        entries,
        weekday_dates: weekday_dates(&f.text, body_start, &lines),
        impossible_dates: impossible_dates(&f.text, body_start, &lines),
        tables_requested,
        withheld: (!withheld.is_empty()).then(|| Box::new(withheld)),
    };
    super::quotes::meeting(&f.text, &mut meeting);
    (meeting, diags, refs)
}

struct Heading {
    level: HeadingLevel,
    /// The heading's id attribute (`## 12 Titel {#budget-2021}`).
    id: Option<String>,
    start: usize,
    /// End of the heading line (start of its content).
    content_start: usize,
    text: String,
}

/// Top-level headings of `levels` (outside lists, quotes and footnotes), with byte offsets, in one pass over the
/// Markdown.
fn headings(src: &str, levels: &[HeadingLevel]) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut current: Option<(usize, usize, String)> = None;
    let mut id = None;
    let mut depth = 0usize;
    // Heading attributes (`{#id}`) are read here only: the item's id; its content renders without them.
    let options = markdown::options() | pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES;
    for (ev, range) in Parser::new_ext(src, options).into_offset_iter() {
        match ev {
            Event::Start(Tag::Heading {
                level: l, id: i, ..
            }) if levels.contains(&l) && depth == 0 => {
                current = Some((range.start, range.end, String::new()));
                id = i.map(|i| i.to_string());
            }
            Event::End(TagEnd::Heading(l)) if levels.contains(&l) && current.is_some() => {
                if let Some((s, e, t)) = current.take() {
                    out.push(Heading {
                        level: l,
                        id: id.take(),
                        start: s,
                        content_start: e,
                        text: t.trim().to_string(),
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, s)) = current.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::FootnoteDefinition(_)) => {
                depth += 1
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::FootnoteDefinition) => {
                depth = depth.saturating_sub(1)
            }
            _ => {}
        }
    }
    out
}

/// "3.5 Fælles servicecenter" → ("3.5", "Fælles servicecenter"); "19-001 Budget" → ("19-001", "Budget"); "7a.
/// Tillægspunkt" → ("7a", "Tillægspunkt"); "Godkendelse af dagsorden" → ("", "Godkendelse af dagsorden"): the
/// number is the heading's first word when that is a number.
fn split_item_heading(text: &str) -> (String, String) {
    let t = text.trim();
    let (first, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
    if looks_like_number(first) {
        (
            first.trim_end_matches('.').to_string(),
            rest.trim().to_string(),
        )
    } else {
        (String::new(), t.to_string())
    }
}

/// The index of an item's front matter entry: the one naming its id, else the one with its number (an entry
/// that names an id belongs to that item only).
fn entry_for(
    entries: &[crate::yaml::Spanned<ItemFront>],
    id: Option<&str>,
    number: &str,
) -> Option<usize> {
    let by_id = id.and_then(|id| {
        entries
            .iter()
            .position(|e| e.value.id.as_deref() == Some(id))
    });
    by_id.or_else(|| {
        (!number.is_empty())
            .then(|| {
                entries.iter().position(|e| {
                    e.value.id.as_ref().is_none_or(|i| Some(i.as_str()) == id)
                        && same_number(&e.value.number, number)
                })
            })
            .flatten()
    })
}

/// The anchors of a meeting's items, unique on the page: an item's id, else `punkt-<number>`, else its title as
/// a slug (an unnumbered item: `godkendelse-af-dagsorden`, `-2` for a second one).
#[derive(Default)]
struct ItemAnchors {
    used: std::collections::HashSet<String>,
}

impl ItemAnchors {
    fn claim(
        &mut self,
        id: Option<&str>,
        number: &str,
        title: &str,
        file: &str,
        at: crate::diagnostics::Pos,
        diags: &mut Vec<Diagnostic>,
    ) -> String {
        if let Some(id) = id {
            if !valid_item_id(id) {
                diags.push(
                    Diagnostic::error(Code::ItemId, Msg::ItemIdInvalid { id: id.to_string() })
                        .at(file, at.line, at.column)
                        .expected(Msg::ExpectItemId)
                        .found(id.to_string()),
                );
            } else if self.used.insert(id.to_string()) {
                return id.to_string();
            } else {
                diags.push(
                    Diagnostic::error(Code::ItemId, Msg::ItemIdTwice { id: id.to_string() })
                        .at(file, at.line, at.column)
                        .hint(Msg::HintItemIdTwice),
                );
            }
        }
        let base = if number.is_empty() {
            let s = markdown::slug(title);
            if s.is_empty() {
                "punkt".to_string()
            } else {
                s
            }
        } else {
            item_anchor(number)
        };
        let mut anchor = base.clone();
        let mut n = 2;
        while !self.used.insert(anchor.clone()) {
            anchor = format!("{base}-{n}");
            n += 1;
        }
        anchor
    }
}

/// What a part is, from its heading ("Indstilling:" → recommendation).
fn part_role(heading: &str) -> PartRole {
    match heading.trim().trim_end_matches(':').to_lowercase().as_str() {
        "baggrund" => PartRole::Background,
        "indstilling" => PartRole::Recommendation,
        "referat" | "beslutning" => PartRole::Decision,
        "sagsfremstilling" => PartRole::Presentation,
        _ => PartRole::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_headings_and_part_roles() {
        assert_eq!(
            split_item_heading("3.5. Fælles servicecenter"),
            ("3.5".to_string(), "Fælles servicecenter".to_string())
        );
        assert_eq!(
            split_item_heading("19-001 Budget"),
            ("19-001".to_string(), "Budget".to_string())
        );
        assert_eq!(
            split_item_heading("7a. Tillægspunkt"),
            ("7a".to_string(), "Tillægspunkt".to_string())
        );
        assert_eq!(
            split_item_heading("Godkendelse af dagsorden"),
            (String::new(), "Godkendelse af dagsorden".to_string())
        );
        assert_eq!(
            split_item_heading("2 Godkendelse"),
            ("2".to_string(), "Godkendelse".to_string())
        );
        assert_eq!(part_role("Indstilling:"), PartRole::Recommendation);
        assert_eq!(part_role(" Beslutning "), PartRole::Decision);
        assert_eq!(part_role("Bilag"), PartRole::Other);
    }
}
