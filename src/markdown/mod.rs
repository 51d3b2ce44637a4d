//! Markdown → HTML with pulldown-cmark, plus what protokol adds on top:
//! - `ref:` links and Danish reference phrases ("jf. punkt 4.7") become links, recorded for the checker;
//! - numbered units of statutes and bylaws ("4.7 På generalforsamlingen …" → `#pkt-4-7`; "§ 4", "Stk. 2.", "1)"
//!   → `#p4-stk2-nr1`, the grammar being [`crate::statute`]) get stable anchors;
//! - `[[tabel:id]]` and `[[kalender:id]]` lines become placeholders ([`placeholder`]) that the page binds to the
//!   table's or calendar's HTML when it is rendered ([`bind_directives`]), so loading never makes that HTML;
//! - raw HTML from content is sanitised with ammonia; link targets with unsafe schemes are dropped.

mod anchors;
pub mod directive;
mod events;
mod figures;
mod html;
mod refs;
#[cfg(test)]
mod tests;

pub use anchors::{anchor_for, slug, AnchorStyle};
pub use directive::{
    bind_directives, bind_figures, placeholder, tables_named, Directive, DirectiveUse,
};
pub use figures::{bind_text, floor_char, free_figure, numbers_of};
pub use html::Html;
pub use refs::RefUse;

use crate::diagnostics::{Code, Diagnostic, LineIndex, Pos};
use crate::i18n::Msg;
use crate::model::Section;
use crate::statute::units::{self, Opened, Units};
use crate::statute::{DocNames, Numbering};
use anchors::{heading_anchor, truncate_words, unique, within_appendix, PAGE_IDS};
use directive::directive_line;
use events::{find_end, is_container, is_container_end, plain_text, shift, EventAt};
use html::{safe_url, Out};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use refs::{emit_text, resolve_ref};
use std::collections::HashSet;

/// What the renderer needs from the rest of the site.
pub struct Ctx<'a> {
    /// Id of the item being rendered (target of self references such as "jf. punkt 4.7").
    pub self_id: &'a str,
    /// Statutes and bylaws: numbered headings and paragraphs get `pkt-` anchors.
    pub numbered: bool,
    /// How a numbered document numbers its units: "4.7" (`#pkt-4-7`) or "§ 4, stk. 2" (`#p4-stk2`).
    pub numbering: Numbering,
    /// Levels to add to every heading (agenda-item parts sit below the item's own headings).
    pub heading_shift: u8,
    /// Maps a target id to its URL and anchor style; `None` for an unknown id.
    pub url_of: &'a (dyn Fn(&str) -> Option<(String, AnchorStyle)> + Sync),
    /// Whether a directive's target exists (a table of content/tabeller/, a calendar of this meeting).
    pub directive_exists: &'a (dyn Fn(Directive, &str) -> bool + Sync),
    /// The names by which texts cite documents ("i vedtægterne").
    pub names: &'a DocNames,
    pub file: &'a str,
    /// The whole file, the byte offset of `src` in it, and its line index: for positions in diagnostics.
    pub file_text: &'a str,
    pub offset: usize,
    pub lines: &'a LineIndex,
    /// Whether HTML is made or only the rest collected (`protokol check`).
    pub html: Html,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub text: String,
    pub sections: Vec<Section>,
    pub refs: Vec<RefUse>,
    /// Every directive written, in order, found or not.
    pub directives: Vec<DirectiveUse>,
    /// The `[[tal:…]]` figures and the other numbers of the text, with positions (kept by `protokol check`).
    pub figures: crate::model::figure::TextFigures,
    pub diags: Vec<Diagnostic>,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// Renders Markdown to HTML, collecting text, sections, references and directives on the way. One pass over
/// pulldown-cmark's events; each kind of event has its own step below.
pub fn render(src: &str, ctx: &Ctx) -> Rendered {
    let events: Vec<EventAt> = Parser::new_ext(src, options()).into_offset_iter().collect();
    let mut pass = Pass {
        ctx,
        out: Out::new(ctx.html, src.len() * 3 / 2),
        r: Rendered::default(),
        used_ids: PAGE_IDS.iter().map(|s| s.to_string()).collect(),
        depth: 0,
        in_link: 0,
        in_heading: false,
        section_open: false,
        appendix: None,
        paragraph_style: ctx.numbered && ctx.numbering == Numbering::Paragraph,
        units: Units::default(),
        own_paragraph: None,
        strip_number: None,
        quotations: Vec::new(),
    };
    let mut i = 0;
    while i < events.len() {
        i = pass.event(&events, i);
    }
    pass.finish()
}

/// The state of one [`render`].
/// The text of a link whose content starts the given events (up to its end).
fn link_text(events: &[EventAt]) -> String {
    let mut text = String::new();
    let mut depth = 0usize;
    for (ev, _) in events {
        match ev {
            Event::Start(Tag::Link { .. }) => depth += 1,
            Event::End(TagEnd::Link) if depth == 0 => break,
            Event::End(TagEnd::Link) => depth -= 1,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

struct Pass<'c, 'a> {
    ctx: &'c Ctx<'a>,
    out: Out,
    r: Rendered,
    /// Anchors given so far (a repeated one gets `-2`, `-3`, …).
    used_ids: HashSet<String>,
    /// Nesting of block containers: directives and numbered paragraphs are top-level paragraphs only.
    depth: usize,
    in_link: usize,
    in_heading: bool,
    /// A numbered paragraph's `<section>` is open (numbered documents).
    section_open: bool,
    /// Inside an appendix ("## Bilag 2. …") numbers are the appendix's own: "1." there is Bilag 2, punkt 1.
    appendix: Option<String>,
    /// A "§ 4, stk. 2, nr. 3" statute: where its text stands, and the units its blocks open.
    paragraph_style: bool,
    units: Units,
    /// A paragraph whose tags are written here (to carry an anchor): the plain-text separator at its end; and the
    /// number its first text starts with, shown as the unit's self-link instead.
    own_paragraph: Option<char>,
    strip_number: Option<String>,
    /// Open links: whether each is a quotation (`citat:`), written as plain text.
    quotations: Vec<bool>,
}

impl Pass<'_, '_> {
    fn pos_at(&self, offset: usize) -> Pos {
        pos_in(self.ctx, offset)
    }

    /// Handles the event at `i` (and any it consumes); returns the index of the next event.
    fn event(&mut self, events: &[EventAt], i: usize) -> usize {
        let (ev, range) = &events[i];
        match ev {
            Event::Start(Tag::Paragraph) if self.depth == 0 => {
                return self.top_paragraph(events, i)
            }
            Event::Start(Tag::Heading { level, .. }) => self.heading_start(events, i, *level),
            Event::End(TagEnd::Heading(l)) => {
                self.in_heading = false;
                (self.out).push(Event::End(TagEnd::Heading(shift(
                    *l,
                    self.ctx.heading_shift,
                ))));
                self.r.text.push('\n');
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.in_link += 1;
                // `[jf. punkt 5.1](citat:)`: a quoted phrase, neither a link nor a reference of this text.
                let quotation = dest_url.starts_with("citat:");
                self.quotations.push(quotation);
                if quotation {
                    return i + 1;
                }
                let dest = self.link_target(dest_url, range.start);
                if dest_url.starts_with("ref:") {
                    let here = self.units.here().clone();
                    if let Some(r) = self.r.refs.last_mut() {
                        let text = link_text(&events[i + 1..]);
                        let own = r.target == self.ctx.self_id;
                        r.said = units::said_by_link(&text, &here, self.ctx.names, own);
                        r.link_text = Some(text);
                    }
                }
                self.out.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: CowStr::from(dest),
                    title: CowStr::from(title.to_string()),
                    id: CowStr::from(id.to_string()),
                }));
            }
            Event::End(TagEnd::Link) => {
                self.in_link = self.in_link.saturating_sub(1);
                if self.quotations.pop() != Some(true) {
                    self.out.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = self.image_source(dest_url, range.start);
                self.out.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: CowStr::from(dest),
                    title: CowStr::from(title.to_string()),
                    id: CowStr::from(id.to_string()),
                }));
            }
            Event::Text(_) => return self.text_run(events, i),
            Event::End(TagEnd::Paragraph) if self.own_paragraph.is_some() => {
                self.out.trusted("</p>\n");
                self.r.text.extend(self.own_paragraph.take());
            }
            Event::Start(Tag::List(first)) if self.paragraph_style => self.list_start(*first),
            Event::End(TagEnd::List(ordered)) if self.paragraph_style => {
                self.depth = self.depth.saturating_sub(1);
                self.units.list_end();
                self.out
                    .trusted(if *ordered { "</ol>\n" } else { "</ul>\n" });
            }
            Event::Start(Tag::Item) if self.paragraph_style => self.item_start(events, i),
            Event::End(TagEnd::Item) if self.paragraph_style => {
                self.depth = self.depth.saturating_sub(1);
                self.r.text.push(' ');
                self.out.trusted("</li>\n");
            }
            Event::Start(tag) => {
                if is_container(tag) {
                    self.depth += 1;
                }
                self.out.push(Event::Start(tag.clone().into_static()));
            }
            Event::End(tag) => {
                if is_container_end(tag) {
                    self.depth = self.depth.saturating_sub(1);
                }
                if matches!(tag, TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) {
                    self.r.text.push(' ');
                }
                self.out.push(Event::End(*tag));
            }
            other => push_event(&mut self.out, &mut self.r, other.clone()),
        }
        i + 1
    }

    /// A run of text events (pulldown-cmark splits text at brackets): each emitted with its references linked
    /// and its numbers recorded; where the run holds a `[[tal:…]]` figure, the run is taken as one text so that
    /// the directive is whole (outside headings and links, where a figure stays as written).
    fn text_run(&mut self, events: &[EventAt], i: usize) -> usize {
        let run = events[i..]
            .iter()
            .take_while(|(e, _)| matches!(e, Event::Text(_)))
            .count();
        let mut pieces: Vec<(String, usize)> = (events[i..i + run].iter())
            .filter_map(|(e, range)| match e {
                Event::Text(t) => Some((t.to_string(), range.start)),
                _ => None,
            })
            .collect();
        // A numbered paragraph's number is shown as its self-link: the text goes on after it.
        if let (Some(num), Some(first)) = (self.strip_number.take(), pieces.first_mut()) {
            let t = first.0.clone();
            let rest = t.trim_start().strip_prefix(num.as_str()).unwrap_or(&t);
            *first = (rest.to_string(), first.1 + (t.len() - rest.len()));
        }
        let no_autolink = self.in_link > 0 || self.in_heading;
        let ctx = self.ctx;
        let pos_at = |o| pos_in(ctx, o);
        let here = self.units.here();
        let whole: String = pieces.iter().map(|p| p.0.as_str()).collect();
        let mut starts = Vec::with_capacity(pieces.len());
        let mut len = 0;
        for (text, at) in &pieces {
            starts.push((len, *at));
            len += text.len();
        }
        let src_at = |k: usize| {
            let (off, at) = (starts.iter().rev())
                .find(|(off, _)| *off <= k)
                .copied()
                .unwrap_or((0, 0));
            at + (k - off)
        };
        // A figure in a link's text is bound too (shown without a link of its own); headings hold none.
        let figures = !self.in_heading && whole.contains("[[tal:");
        // Headings hold item and section numbers, not figures.
        if !self.in_heading {
            figures::record_numbers(&mut self.r, &whole, figures, &src_at, &pos_at);
        }
        let emit = |out: &mut Out, r: &mut Rendered, s: &str, at: usize| {
            emit_text(out, r, ctx, s.to_string(), at, no_autolink, here, &pos_at);
        };
        if !figures {
            for (text, at) in &pieces {
                emit(&mut self.out, &mut self.r, text, *at);
            }
            return i + run;
        }
        figures::split_figures(
            &whole,
            &src_at,
            &pos_at,
            ctx.file,
            self.in_link > 0,
            &mut self.out,
            &mut self.r,
            emit,
        );
        i + run
    }

    /// A paragraph outside any container: a directive line, a numbered paragraph, or an ordinary paragraph.
    fn top_paragraph(&mut self, events: &[EventAt], i: usize) -> usize {
        let end = find_end(events, i);
        let para = &events[i + 1..end];
        let text = plain_text(para);
        let start = events[i].1.start;
        if let Some((directive, arg)) = directive_line(&text, para) {
            self.directive(directive, arg, start);
            return end + 1;
        }
        if self.ctx.numbered && !self.paragraph_style {
            if let Some(num) = crate::statute::numbering::dotted_number(&text) {
                self.numbered_paragraph(&text, num, start);
                return i + 1;
            }
        }
        if self.paragraph_style {
            let (opened, len) = self.units.paragraph(&text);
            if !opened.is_empty() {
                self.unit_paragraph(&opened, &text, len, start);
                return i + 1;
            }
        }
        self.out.push(Event::Start(Tag::Paragraph));
        i + 1
    }

    /// `[[tabel:id]]`: a placeholder if the target exists (render binds it), else an error at the line.
    fn directive(&mut self, directive: Directive, arg: &str, at: usize) {
        let exists = (self.ctx.directive_exists)(directive, arg);
        self.r.directives.push(DirectiveUse {
            directive,
            target: arg.to_string(),
            exists,
        });
        if !exists {
            let p = self.pos_at(at);
            let id = arg.to_string();
            let (message, expected) = match directive {
                Directive::Table => (Msg::DirectiveNoTable { id }, Msg::ExpectTableId),
                Directive::Calendar => (Msg::DirectiveNoCalendar { id }, Msg::ExpectCalendarId),
            };
            self.r.diags.push(
                Diagnostic::error(Code::UnknownDirective, message)
                    .at(self.ctx.file, p.line, p.column)
                    .found(format!("[[{}:{arg}]]", directive.keyword()))
                    .expected(expected),
            );
        } else if crate::model::valid_id(arg) {
            self.out.trusted(&placeholder(directive, arg));
        } else {
            // A target whose file name is no id did not load (its own error says so): nothing to place.
            self.out.trusted("");
        }
        // The directive itself is not text: tables and calendars are indexed on their own.
        self.r.text.push('\n');
    }

    /// "4.7 På generalforsamlingen …" in a statute: a `<section>` with the paragraph's anchor, its number a
    /// self-link. The paragraph's tags are written here and its content goes through [`Pass::event`] like any
    /// other, so links in it are resolved, checked and never nested.
    fn numbered_paragraph(&mut self, text: &str, num: &str, at: usize) {
        if self.section_open {
            self.out.trusted("</section>\n");
        }
        let (number, base) = within_appendix(&self.appendix, num);
        let anchor = unique(&mut self.used_ids, base);
        (self.out).trusted(&format!("<section class=\"pkt\" id=\"{anchor}\">\n"));
        self.section_open = true;
        let pos = self.pos_at(at);
        self.r.sections.push(Section {
            anchor: anchor.clone(),
            number,
            title: truncate_words(&text[num.len()..], 12),
            level: 3,
            pos,
        });
        self.r.text.push_str(num);
        (self.out).trusted(&format!(
            "<p><a class=\"pkt-nr\" href=\"#{anchor}\">{num}</a>"
        ));
        self.strip_number = Some(num.to_string());
        self.own_paragraph = Some('\n');
    }

    /// A paragraph that opens units of a "§ 4, stk. 2" statute ("§ 4. …", "Stk. 2. …", "a) …", or a §'s first
    /// paragraph): a `<section>` for a § it opens, the paragraph's own anchor, its printed number a self-link.
    fn unit_paragraph(&mut self, opened: &[Opened], text: &str, len: usize, at: usize) {
        let pos = self.pos_at(at);
        let title = truncate_words(text.get(len..).unwrap_or_default(), 12);
        let mut anchors = Vec::new();
        for o in opened {
            let anchor = self.unit_anchor(o, pos);
            if o.level == 2 {
                if self.section_open {
                    self.out.trusted("</section>\n");
                }
                (self.out).trusted(&format!("<section class=\"paragraf\" id=\"{anchor}\">\n"));
                self.section_open = true;
            }
            self.r.sections.push(Section {
                anchor: anchor.clone(),
                number: o.label.clone(),
                title: title.clone(),
                level: o.level,
                pos,
            });
            anchors.push(anchor);
        }
        let (outer, inner) = (&anchors[0], &anchors[anchors.len() - 1]);
        self.out.trusted(&format!("<p id=\"{inner}\">"));
        // The printed number ("§ 4.", "Stk. 2.") becomes the unit's self-link, as "4.7" does. The grammar admits
        // no markup characters in it.
        if let Some(mark) = text.get(..len).filter(|m| !m.is_empty()) {
            (self.out).trusted(&format!("<a class=\"pkt-nr\" href=\"#{outer}\">{mark}</a>"));
            self.r.text.push_str(mark);
            self.strip_number = Some(mark.to_string());
        }
        self.own_paragraph = Some(' ');
    }

    /// A list inside a "§ 4, stk. 2" statute: its items carry their anchors (`#p4-stk2-nr3`), so its tags are
    /// written here.
    fn list_start(&mut self, first: Option<u64>) {
        self.depth += 1;
        self.units.list_start(first);
        self.out.trusted(&match first {
            Some(1) => "<ol>\n".to_string(),
            Some(n) => format!("<ol start=\"{n}\">\n"),
            None => "<ul>\n".to_string(),
        });
    }

    /// An item of such a list: "nr. 3" (an ordered list's number, or "3)"), "litra a" ("a)").
    fn item_start(&mut self, events: &[EventAt], i: usize) {
        self.depth += 1;
        let end = find_end(events, i);
        let text = plain_text(&events[i + 1..end]);
        let Some(o) = self.units.item(&text) else {
            self.out.trusted("<li>");
            return;
        };
        let pos = self.pos_at(events[i].1.start);
        let anchor = self.unit_anchor(&o, pos);
        self.r.sections.push(Section {
            anchor: anchor.clone(),
            number: o.label.clone(),
            title: truncate_words(&text, 12),
            level: o.level,
            pos,
        });
        self.out.trusted(&format!("<li id=\"{anchor}\">"));
    }

    /// A unit's anchor, unique on the page; a unit printed twice is reported.
    fn unit_anchor(&mut self, o: &Opened, pos: Pos) -> String {
        let anchor = unique(&mut self.used_ids, o.anchor.clone());
        if anchor != o.anchor {
            self.r.diags.push(
                Diagnostic::warning(
                    Code::DuplicateUnit,
                    Msg::DuplicateUnit {
                        unit: o.label.clone(),
                    },
                )
                .at(self.ctx.file, pos.line, pos.column)
                .expected(Msg::ExpectEachUnitOnce {
                    unit: o.label.clone(),
                })
                .found(o.label.clone()),
            );
        }
        anchor
    }

    /// A heading: its number and anchor (numbered documents, appendices), a section, its level shifted.
    fn heading_start(&mut self, events: &[EventAt], i: usize, level: HeadingLevel) {
        let end = find_end(events, i);
        let text = plain_text(&events[i + 1..end]);
        let numbered = self.ctx.numbered;
        let (mut number, mut anchor_base) = heading_anchor(&text, numbered);
        let unit = self
            .paragraph_style
            .then(|| self.units.heading(&text, level as u8))
            .flatten();
        if number.starts_with("Bilag ") {
            self.appendix = Some(anchor_base.clone());
        } else if level <= HeadingLevel::H2 {
            self.appendix = None;
        }
        if let Some(o) = unit {
            (number, anchor_base) = (o.label, o.anchor);
        } else if numbered
            && !number.is_empty()
            && !number.starts_with("Bilag ")
            && self.appendix.is_some()
            && level > HeadingLevel::H2
        {
            (number, anchor_base) = within_appendix(&self.appendix, &number);
        }
        if self.section_open && numbered && level <= HeadingLevel::H2 {
            self.out.trusted("</section>\n");
            self.section_open = false;
        }
        let anchor = unique(&mut self.used_ids, anchor_base);
        let pos = self.pos_at(events[i].1.start);
        self.r.sections.push(Section {
            anchor: anchor.clone(),
            number,
            title: text.trim().to_string(),
            level: level as u8,
            pos,
        });
        self.in_heading = true;
        self.out.push(Event::Start(Tag::Heading {
            level: shift(level, self.ctx.heading_shift),
            id: Some(CowStr::from(anchor)),
            classes: vec![],
            attrs: vec![],
        }));
        self.r.text.push('\n');
    }

    /// Where a link goes: `ref:` targets resolved (and recorded), unsafe schemes refused with an error.
    fn link_target(&mut self, dest_url: &str, at: usize) -> String {
        let dest = dest_url.to_string();
        if let Some(target) = dest.strip_prefix("ref:") {
            let pos = self.pos_at(at);
            return resolve_ref(&mut self.r, self.ctx, target, &dest, pos);
        }
        if safe_url(&dest) {
            return dest;
        }
        let p = self.pos_at(at);
        self.r.diags.push(
            Diagnostic::error(Code::UnsafeLink, Msg::UnsafeLink)
                .at(self.ctx.file, p.line, p.column)
                .found(dest.clone())
                .expected(Msg::ExpectSafeLink),
        );
        "#".to_string()
    }

    /// An image's source, emptied (with an error) when its scheme is unsafe or it climbs out with `..`.
    fn image_source(&mut self, dest_url: &str, at: usize) -> String {
        let dest = dest_url.to_string();
        if safe_url(&dest) && !dest.contains("..") {
            return dest;
        }
        let p = self.pos_at(at);
        self.r.diags.push(
            Diagnostic::error(Code::UnsafeLink, Msg::UnsafeImage)
                .at(self.ctx.file, p.line, p.column)
                .found(dest)
                .expected(Msg::ExpectSafeImage),
        );
        String::new()
    }

    fn finish(mut self) -> Rendered {
        if self.section_open {
            self.out.trusted("</section>\n");
        }
        self.out.flush();
        self.r.html = self.out.html;
        if self.ctx.html == Html::Discard {
            self.r.text = String::new();
        }
        self.r
    }
}

/// The position in the file of byte `offset` of the source being rendered.
fn pos_in(ctx: &Ctx, offset: usize) -> Pos {
    ctx.lines.pos(ctx.file_text, ctx.offset + offset)
}

/// Passes an event through, recording its text.
fn push_event(out: &mut Out, r: &mut Rendered, e: Event<'_>) {
    match &e {
        Event::Code(t) => r.text.push_str(t),
        Event::SoftBreak | Event::HardBreak => r.text.push(' '),
        _ => {}
    }
    out.push(e.into_static());
}

/// Renders Markdown that needs no references or directives (table notes, short texts).
pub fn render_simple(src: &str) -> String {
    let lines = LineIndex::new(src);
    let ctx = Ctx {
        self_id: "",
        numbered: false,
        numbering: Numbering::Dotted,
        heading_shift: 0,
        url_of: &|_| None,
        directive_exists: &|_, _| false,
        names: &DocNames::default(),
        file: "",
        file_text: src,
        offset: 0,
        lines: &lines,
        html: Html::Make,
    };
    render(src, &ctx).html
}
