//! Helpers on pulldown-cmark's event stream: matching ends, plain text, block containers, heading levels.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

/// An event with its byte range in the source.
pub(super) type EventAt<'s> = (Event<'s>, std::ops::Range<usize>);

pub(super) fn shift(level: HeadingLevel, by: u8) -> HeadingLevel {
    match (level as u8 + by).min(6) {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

pub(super) fn is_container(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::Table(_)
            | Tag::FootnoteDefinition(_)
            | Tag::HtmlBlock
            | Tag::Paragraph
    )
}

pub(super) fn is_container_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::Table
            | TagEnd::FootnoteDefinition
            | TagEnd::HtmlBlock
            | TagEnd::Paragraph
    )
}

/// Index of the matching end event of the start event at `i`.
pub(super) fn find_end(events: &[EventAt], i: usize) -> usize {
    let mut level = 0usize;
    for (j, (e, _)) in events.iter().enumerate().skip(i) {
        match e {
            Event::Start(_) => level += 1,
            Event::End(_) => {
                level -= 1;
                if level == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

pub(super) fn plain_text(events: &[EventAt]) -> String {
    let mut s = String::new();
    for (e, _) in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}
