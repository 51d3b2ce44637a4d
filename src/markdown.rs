//! Markdown → HTML with pulldown-cmark, plus what protokol adds on top:
//! - `ref:` links and Danish reference phrases ("jf. punkt 4.7") become links, recorded for the checker;
//! - numbered paragraphs of statutes and bylaws ("4.7 På generalforsamlingen …") get stable anchors (`#pkt-4-7`);
//! - `[[tabel:id]]` and `[[kalender:id]]` lines are replaced by trusted HTML from the caller;
//! - raw HTML from content is sanitised with ammonia; link targets with unsafe schemes are dropped.

use crate::diagnostics::{Diagnostic, LineIndex, Pos};
use crate::model::Section;
use crate::statute::units::{self, Units};
use crate::statute::{DocNames, Numbering};
use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
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
    /// Trusted HTML for a directive (`tabel`, `kalender`) and its argument.
    pub directive: &'a (dyn Fn(&str, &str) -> Option<String> + Sync),
    /// The names by which texts cite documents ("i vedtægterne").
    pub names: &'a DocNames,
    pub file: &'a str,
    /// The whole file, the byte offset of `src` in it, and its line index: for positions in diagnostics.
    pub file_text: &'a str,
    pub offset: usize,
    pub lines: &'a LineIndex,
    /// Produce HTML. `check` only needs sections, references and text, and skips it.
    pub html: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorStyle {
    /// Meeting items: `3.5` → `#punkt-3-5`.
    Item,
    /// Document sections: `4.7` → `#pkt-4-7`, `bilag-1` → `#bilag-1`.
    Section,
    /// No anchors (tables).
    None,
}

/// A reference found in content, checked once every item's sections are known.
#[derive(Debug, Clone)]
pub struct RefUse {
    pub target: String,
    pub anchor: Option<String>,
    /// The text as written ("jf. punkt 4.7" or the link destination).
    pub written: String,
    pub pos: Pos,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub text: String,
    pub sections: Vec<Section>,
    pub refs: Vec<RefUse>,
    pub diags: Vec<Diagnostic>,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// Anchor for an item/section number in the given style.
pub fn anchor_for(style: AnchorStyle, anchor: &str) -> String {
    let a = anchor.trim().trim_end_matches('.');
    let numeric = !a.is_empty()
        && a.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    match style {
        AnchorStyle::Item if numeric => format!("punkt-{}", a.replace(['.', ','], "-")),
        AnchorStyle::Section if crate::statute::numbering::is_dotted(a) => {
            crate::statute::numbering::dotted_anchor(a)
        }
        _ => slug(a),
    }
}

/// URL-safe slug with Danish letters folded (æ→ae, ø→oe, å→aa).
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.to_lowercase().chars() {
        match ch {
            'æ' => out.push_str("ae"),
            'ø' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {
                if !out.ends_with('-') {
                    out.push('-')
                }
            }
        }
    }
    out.trim_matches('-').to_string()
}

fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        // A colon before any slash, '?' or '#' means a scheme.
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            matches!(scheme, "http" | "https" | "mailto" | "tel")
        }
        _ => true,
    }
}

fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["id", "class", "colspan", "rowspan", "scope"])
        .add_tags(["section"])
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .clean(html)
        .to_string()
}

struct Out {
    html: String,
    pending: Vec<Event<'static>>,
    raw: bool,
    emit: bool,
}

impl Out {
    fn flush(&mut self) {
        if !self.emit {
            self.pending.clear();
            return;
        }
        if self.pending.is_empty() {
            return;
        }
        let mut chunk = String::new();
        html::push_html(&mut chunk, self.pending.drain(..));
        if self.raw {
            chunk = sanitize(&chunk);
        }
        self.raw = false;
        self.html.push_str(&chunk);
    }
    fn trusted(&mut self, s: &str) {
        self.flush();
        if self.emit {
            self.html.push_str(s);
        }
    }
    fn push(&mut self, e: Event<'static>) {
        if matches!(e, Event::Html(_) | Event::InlineHtml(_)) {
            self.raw = true;
        }
        // Footnote ids are their labels ("[^1]" → `id="1"`); HTML ids begin with a letter.
        let e = match e {
            Event::FootnoteReference(l) => Event::FootnoteReference(format!("fodnote-{l}").into()),
            Event::Start(Tag::FootnoteDefinition(l)) => {
                Event::Start(Tag::FootnoteDefinition(format!("fodnote-{l}").into()))
            }
            e => e,
        };
        // A wide table scrolls in its own box (focusable, for keyboard scrolling), never the page.
        let table_end = matches!(e, Event::End(TagEnd::Table));
        if matches!(e, Event::Start(Tag::Table(_))) {
            self.trusted("<div class=\"tabel-scroll\" tabindex=\"0\">\n");
        }
        self.pending.push(e);
        if table_end {
            self.trusted("</div>\n");
        }
    }
}

pub fn render(src: &str, ctx: &Ctx) -> Rendered {
    let events: Vec<(Event, std::ops::Range<usize>)> =
        Parser::new_ext(src, options()).into_offset_iter().collect();
    let mut r = Rendered::default();
    let mut out = Out {
        html: String::with_capacity(src.len() * 3 / 2),
        pending: Vec::new(),
        raw: false,
        emit: ctx.html,
    };
    let mut used_ids: HashSet<String> = PAGE_IDS.iter().map(|s| s.to_string()).collect();
    let mut depth = 0usize; // nesting of block containers
    let mut in_link = 0usize;
    let mut in_heading = false;
    let mut section_open = false;
    // Inside an appendix ("## Bilag 2. …") numbers are the appendix's own: "1." there is Bilag 2, punkt 1.
    let mut appendix: Option<String> = None;
    // "§ 4, stk. 2, nr. 3" statutes: where the text stands, and the units its blocks open.
    let paragraph_style = ctx.numbered && ctx.numbering == Numbering::Paragraph;
    let mut units = Units::default();
    // A paragraph whose tags are written here (to carry an anchor): the plain-text separator at its end; and the
    // number its first text starts with, shown as a self-link instead.
    let mut own_paragraph: Option<char> = None;
    let mut strip_number: Option<String> = None;
    // Open links: whether each is a quotation (`citat:`), written as plain text.
    let mut quotations: Vec<bool> = Vec::new();
    let pos_at = |offset: usize| ctx.lines.pos(ctx.file_text, ctx.offset + offset);

    let mut i = 0;
    while i < events.len() {
        let (ev, range) = &events[i];
        match ev {
            Event::Start(Tag::Paragraph) if depth == 0 => {
                let end = find_end(&events, i);
                let para = &events[i + 1..end];
                let text = plain_text(para);
                if let Some((kind, arg)) = directive(&text, para) {
                    match (ctx.directive)(kind, arg) {
                        Some(html) => out.trusted(&html),
                        None => r.diags.push(
                            Diagnostic::error(
                                "unknown-directive",
                                format!("[[{kind}:{arg}]] names no {kind} that exists"),
                            )
                            .at(
                                ctx.file,
                                pos_at(range.start).line,
                                pos_at(range.start).column,
                            )
                            .found(format!("{kind} `{arg}`"))
                            .expected(if kind == "tabel" {
                                "the id of a table in content/tabeller/"
                            } else {
                                "the id of a calendar in this meeting's `calendars:`"
                            }),
                        ),
                    }
                    // The directive itself is not text: tables and calendars are indexed on their own.
                    r.text.push('\n');
                    i = end + 1;
                    continue;
                }
                if ctx.numbered && !paragraph_style {
                    if let Some(num) =
                        crate::statute::numbering::dotted_number(&text).map(str::to_string)
                    {
                        if section_open {
                            out.trusted("</section>\n");
                        }
                        let (number, base) = within_appendix(&appendix, &num);
                        let anchor = unique(&mut used_ids, base);
                        out.trusted(&format!("<section class=\"pkt\" id=\"{anchor}\">\n"));
                        section_open = true;
                        r.sections.push(Section {
                            anchor: anchor.clone(),
                            number,
                            title: truncate_words(&text[num.len()..], 12),
                            level: 3,
                            pos: pos_at(range.start),
                        });
                        // The paragraph's tags and its number's self-link are written here; its content goes through
                        // this loop like any other, so links in it are resolved and never nested.
                        r.text.push_str(&num);
                        out.trusted(&format!(
                            "<p><a class=\"pkt-nr\" href=\"#{anchor}\">{num}</a>"
                        ));
                        strip_number = Some(num);
                        own_paragraph = Some('\n');
                        i += 1;
                        continue;
                    }
                }
                if paragraph_style {
                    let (opened, len) = units.paragraph(&text);
                    if let Some(inner) = opened.last() {
                        let title = truncate_words(text.get(len..).unwrap_or_default(), 12);
                        let mut inner_anchor = String::new();
                        for o in &opened {
                            let anchor =
                                unit_anchor(&mut used_ids, &mut r, ctx, o, pos_at(range.start));
                            if o.level == 2 {
                                if section_open {
                                    out.trusted("</section>\n");
                                }
                                out.trusted(&format!(
                                    "<section class=\"paragraf\" id=\"{anchor}\">\n"
                                ));
                                section_open = true;
                            }
                            r.sections.push(Section {
                                anchor: anchor.clone(),
                                number: o.label.clone(),
                                title: title.clone(),
                                level: o.level,
                                pos: pos_at(range.start),
                            });
                            if o == inner {
                                inner_anchor = anchor;
                            }
                        }
                        out.trusted(&format!("<p id=\"{inner_anchor}\">"));
                        // The printed number ("§ 4.", "Stk. 2.") becomes the unit's self-link, as "4.7" does.
                        if let Some(mark) = text.get(..len).filter(|m| !m.is_empty()) {
                            let outer = &r.sections[r.sections.len() - opened.len()].anchor;
                            // The grammar admits no markup characters in a mark ("§ 4 a.", "Stk. 2.", "b)").
                            out.trusted(&format!(
                                "<a class=\"pkt-nr\" href=\"#{outer}\">{mark}</a>"
                            ));
                            r.text.push_str(mark);
                            strip_number = Some(mark.to_string());
                        }
                        own_paragraph = Some(' ');
                        i += 1;
                        continue;
                    }
                }
                out.push(Event::Start(Tag::Paragraph));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let end = find_end(&events, i);
                let text = plain_text(&events[i + 1..end]);
                let (mut number, mut anchor_base) = heading_anchor(&text, ctx.numbered);
                let unit = paragraph_style
                    .then(|| units.heading(&text, *level as u8))
                    .flatten();
                if number.starts_with("Bilag ") {
                    appendix = Some(anchor_base.clone());
                } else if *level <= HeadingLevel::H2 {
                    appendix = None;
                }
                if let Some(o) = unit {
                    (number, anchor_base) = (o.label, o.anchor);
                } else if ctx.numbered
                    && !number.is_empty()
                    && !number.starts_with("Bilag ")
                    && appendix.is_some()
                    && *level > HeadingLevel::H2
                {
                    (number, anchor_base) = within_appendix(&appendix, &number);
                }
                if section_open && ctx.numbered && *level <= HeadingLevel::H2 {
                    out.trusted("</section>\n");
                    section_open = false;
                }
                let anchor = unique(&mut used_ids, anchor_base);
                r.sections.push(Section {
                    anchor: anchor.clone(),
                    number,
                    title: text.trim().to_string(),
                    level: *level as u8,
                    pos: pos_at(range.start),
                });
                in_heading = true;
                out.push(Event::Start(Tag::Heading {
                    level: shift(*level, ctx.heading_shift),
                    id: Some(CowStr::from(anchor)),
                    classes: vec![],
                    attrs: vec![],
                }));
                r.text.push('\n');
            }
            Event::End(TagEnd::Heading(l)) => {
                in_heading = false;
                out.push(Event::End(TagEnd::Heading(shift(*l, ctx.heading_shift))));
                r.text.push('\n');
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                in_link += 1;
                let dest = dest_url.to_string();
                // `[jf. punkt 5.1](citat:)`: a quoted phrase, neither a link nor a reference of this text.
                quotations.push(dest.starts_with("citat:"));
                if dest.starts_with("citat:") {
                    i += 1;
                    continue;
                }
                let new_dest = if let Some(target) = dest.strip_prefix("ref:") {
                    resolve_ref(&mut r, ctx, target, &dest, pos_at(range.start))
                } else if !safe_url(&dest) {
                    let p = pos_at(range.start);
                    r.diags.push(
                        Diagnostic::error("unsafe-link", "link with an unsafe URL scheme")
                            .at(ctx.file, p.line, p.column)
                            .found(dest.clone())
                            .expected("http:, https:, mailto:, tel:, a relative URL or ref:<id>"),
                    );
                    "#".to_string()
                } else {
                    dest
                };
                out.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: CowStr::from(new_dest),
                    title: CowStr::from(title.to_string()),
                    id: CowStr::from(id.to_string()),
                }));
            }
            Event::End(TagEnd::Link) => {
                in_link = in_link.saturating_sub(1);
                if quotations.pop() != Some(true) {
                    out.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = dest_url.to_string();
                let ok = safe_url(&dest) && !dest.contains("..");
                if !ok {
                    let p = pos_at(range.start);
                    r.diags.push(
                        Diagnostic::error("unsafe-link", "image with an unsafe URL")
                            .at(ctx.file, p.line, p.column)
                            .found(dest.clone()),
                    );
                }
                out.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: CowStr::from(if ok { dest } else { String::new() }),
                    title: CowStr::from(title.to_string()),
                    id: CowStr::from(id.to_string()),
                }));
            }
            Event::Text(t) => {
                let no_autolink = in_link > 0 || in_heading;
                // A numbered paragraph's number is shown as its self-link: the text goes on after it.
                let (text, skip) = match strip_number.take() {
                    Some(num) => {
                        let rest = t.trim_start().strip_prefix(num.as_str()).unwrap_or(t);
                        (rest.to_string(), t.len() - rest.len())
                    }
                    None => (t.to_string(), 0),
                };
                emit_text(
                    &mut out,
                    &mut r,
                    ctx,
                    text,
                    range.start + skip,
                    no_autolink,
                    units.here(),
                    &pos_at,
                );
            }
            Event::End(TagEnd::Paragraph) if own_paragraph.is_some() => {
                out.trusted("</p>\n");
                r.text.extend(own_paragraph.take());
            }
            // Lists inside a § carry their items' anchors (`#p4-stk2-nr3`), so their tags are written here.
            Event::Start(Tag::List(first)) if paragraph_style => {
                depth += 1;
                units.list_start(*first);
                out.trusted(&match first {
                    Some(1) => "<ol>\n".to_string(),
                    Some(n) => format!("<ol start=\"{n}\">\n"),
                    None => "<ul>\n".to_string(),
                });
            }
            Event::End(TagEnd::List(ordered)) if paragraph_style => {
                depth = depth.saturating_sub(1);
                units.list_end();
                out.trusted(if *ordered { "</ol>\n" } else { "</ul>\n" });
            }
            Event::Start(Tag::Item) if paragraph_style => {
                depth += 1;
                let end = find_end(&events, i);
                let text = plain_text(&events[i + 1..end]);
                match units.item(&text) {
                    Some(o) => {
                        let anchor =
                            unit_anchor(&mut used_ids, &mut r, ctx, &o, pos_at(range.start));
                        r.sections.push(Section {
                            anchor: anchor.clone(),
                            number: o.label.clone(),
                            title: truncate_words(&text, 12),
                            level: o.level,
                            pos: pos_at(range.start),
                        });
                        out.trusted(&format!("<li id=\"{anchor}\">"));
                    }
                    None => out.trusted("<li>"),
                }
            }
            Event::End(TagEnd::Item) if paragraph_style => {
                depth = depth.saturating_sub(1);
                r.text.push(' ');
                out.trusted("</li>\n");
            }
            Event::Start(tag) => {
                if is_container(tag) {
                    depth += 1;
                }
                out.push(Event::Start(tag.clone().into_static()));
            }
            Event::End(tag) => {
                if is_container_end(tag) {
                    depth = depth.saturating_sub(1);
                }
                if matches!(tag, TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) {
                    r.text.push(' ');
                }
                out.push(Event::End(*tag));
            }
            other => push_event(&mut out, &mut r, other.clone()),
        }
        i += 1;
    }
    if section_open {
        out.trusted("</section>\n");
    }
    out.flush();
    r.html = out.html;
    if !ctx.html {
        // Plain text serves the search index, which only a build makes.
        r.text = String::new();
    }
    r
}

fn shift(level: HeadingLevel, by: u8) -> HeadingLevel {
    match (level as u8 + by).min(6) {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

fn push_event(out: &mut Out, r: &mut Rendered, e: Event<'_>) {
    match &e {
        Event::Code(t) => r.text.push_str(t),
        Event::SoftBreak | Event::HardBreak => r.text.push(' '),
        _ => {}
    }
    out.push(e.into_static());
}

/// Emits a text event, turning Danish reference phrases into `ref:` links (outside links and headings).
#[allow(clippy::too_many_arguments)]
fn emit_text(
    out: &mut Out,
    r: &mut Rendered,
    ctx: &Ctx,
    text: String,
    at: usize,
    no_autolink: bool,
    here: &crate::statute::UnitPath,
    pos_at: &dyn Fn(usize) -> Pos,
) {
    r.text.push_str(&text);
    if no_autolink || ctx.self_id.is_empty() || !may_cite(&text) {
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
                    "broken-reference",
                    format!("henvisningen »{phrase}« er et interval, der går baglæns"),
                )
                .at(ctx.file, p.line, p.column)
                .expected("et interval fra den første til den sidste bestemmelse, fx »§§ 4-6«")
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

/// Cheap pre-filter: almost no text holds a reference phrase.
fn may_cite(text: &str) -> bool {
    [
        "jf.", "Jf.", "ævnfør", "§", "stk.", "Stk.", "nr.", "litra", "apitel",
    ]
    .iter()
    .any(|w| text.contains(w))
}

/// A unit's anchor, made unique on the page; a unit printed twice is reported.
fn unit_anchor(
    used: &mut HashSet<String>,
    r: &mut Rendered,
    ctx: &Ctx,
    o: &units::Opened,
    pos: Pos,
) -> String {
    let anchor = unique(used, o.anchor.clone());
    if anchor != o.anchor {
        r.diags.push(
            Diagnostic::warning(
                "duplicate-unit",
                format!(
                    "{} står mere end én gang; henvisninger til den peger på den første",
                    o.label
                ),
            )
            .at(ctx.file, pos.line, pos.column)
            .expected(format!(
                "hver bestemmelse én gang: {} er allerede brugt",
                o.label
            ))
            .found(o.label.clone()),
        );
    }
    anchor
}

fn resolve_ref(r: &mut Rendered, ctx: &Ctx, target: &str, written: &str, pos: Pos) -> String {
    let (id, anchor) = match target.split_once('#') {
        Some((id, a)) => (id, Some(a.to_string())),
        None => (target, None),
    };
    let id = if id.is_empty() { ctx.self_id } else { id };
    r.refs.push(RefUse {
        target: id.to_string(),
        anchor: anchor.clone(),
        written: written.to_string(),
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

fn is_container(tag: &Tag) -> bool {
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

fn is_container_end(tag: &TagEnd) -> bool {
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
fn find_end(events: &[(Event, std::ops::Range<usize>)], i: usize) -> usize {
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

fn plain_text(events: &[(Event, std::ops::Range<usize>)]) -> String {
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

fn directive<'t>(
    text: &'t str,
    events: &[(Event, std::ops::Range<usize>)],
) -> Option<(&'t str, &'t str)> {
    if !events.iter().all(|(e, _)| matches!(e, Event::Text(_))) {
        return None;
    }
    let inner = text.trim().strip_prefix("[[")?.strip_suffix("]]")?;
    let (kind, arg) = inner.split_once(':')?;
    let kind = kind.trim();
    if kind == "tabel" || kind == "kalender" {
        Some((kind, arg.trim()))
    } else {
        None
    }
}

/// Heading anchors: "4. Generalforsamling" → ("4", "pkt-4") in numbered documents; "Bilag 1. Opgaver" →
/// ("Bilag 1", "bilag-1"); anything else is slugged.
fn heading_anchor(text: &str, numbered: bool) -> (String, String) {
    let t = text.trim();
    let lower = t.to_lowercase();
    if let Some(rest) = lower.strip_prefix("bilag ") {
        let n: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !n.is_empty() && n.len() <= 3 {
            return (format!("Bilag {}", n.to_uppercase()), format!("bilag-{n}"));
        }
    }
    if numbered {
        let n: String = t
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let n = n.trim_end_matches('.').to_string();
        if !n.is_empty() && n.split('.').all(|p| !p.is_empty()) {
            return (n.clone(), anchor_for(AnchorStyle::Section, &n));
        }
    }
    let s = slug(t);
    (
        String::new(),
        if s.is_empty() { "afsnit".into() } else { s },
    )
}

/// A section number inside an appendix: ("Bilag 2 1", "bilag-2-1"); outside: ("1", "pkt-1").
fn within_appendix(appendix: &Option<String>, num: &str) -> (String, String) {
    match appendix {
        Some(a) => {
            let label = a.replacen("bilag-", "Bilag ", 1);
            (
                format!("{label}.{num}"),
                format!("{a}-{}", num.replace('.', "-")),
            )
        }
        None => (num.to_string(), anchor_for(AnchorStyle::Section, num)),
    }
}

/// Ids the page templates give their own elements (the skip link's target `indhold`, the table of contents, ...):
/// a content heading "Indhold" becomes `indhold-2`, not a second `indhold`.
const PAGE_IDS: &[&str] = &[
    "indhold",
    "toc-titel",
    "versioner",
    "regler",
    "hurtig-q",
    "erklaering",
];

/// A unique id from `base`. Ids begin with a letter (HTML and CSS selectors want one): a heading "1" is `afsnit-1`.
fn unique(used: &mut HashSet<String>, base: String) -> String {
    let base = if base.starts_with(|c: char| c.is_ascii_alphabetic()) {
        base
    } else {
        format!("afsnit-{base}").trim_end_matches('-').to_string()
    };
    if used.insert(base.clone()) {
        return base;
    }
    let mut n = 2;
    loop {
        let c = format!("{base}-{n}");
        if used.insert(c.clone()) {
            return c;
        }
        n += 1;
    }
}

fn truncate_words(s: &str, n: usize) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() <= n {
        words.join(" ")
    } else {
        format!("{} …", words[..n].join(" "))
    }
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
        directive: &|_, _| None,
        names: &DocNames::default(),
        file: "",
        file_text: src,
        offset: 0,
        lines: &lines,
        html: true,
    };
    render(src, &ctx).html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_with(src: &str, numbered: bool) -> Rendered {
        render_styled(src, numbered, Numbering::Dotted)
    }

    fn render_styled(src: &str, numbered: bool, numbering: Numbering) -> Rendered {
        let lines = LineIndex::new(src);
        let names = DocNames::new([crate::statute::Named {
            id: "vedtaegter",
            kind: crate::model::DocumentKind::Statute,
            numbering,
            aliases: &[],
        }]);
        let url_of = |id: &str| -> Option<(String, AnchorStyle)> {
            match id {
                "vedtaegter" => Some(("/dokumenter/vedtaegter/".into(), AnchorStyle::Section)),
                "moede" => Some(("/moeder/moede/".into(), AnchorStyle::Item)),
                _ => None,
            }
        };
        let ctx = Ctx {
            self_id: "vedtaegter",
            numbered,
            numbering,
            heading_shift: 0,
            url_of: &url_of,
            directive: &|k, a| {
                (k == "tabel" && a == "t1").then(|| "<table id=\"t1\"></table>".to_string())
            },
            names: &names,
            file: "x.md",
            file_text: src,
            offset: 0,
            lines: &lines,
            html: true,
        };
        render(src, &ctx)
    }

    #[test]
    fn script_and_handlers_are_removed() {
        let r = render_with(
            "Hej <script>alert(1)</script> <a href=\"javascript:alert(2)\" onclick=\"x()\">klik</a>\n\n<img src=x onerror=alert(3)>\n\n[link](javascript:alert(4))",
            false,
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onclick"), "{}", r.html);
        assert!(!r.html.contains("onerror"), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        assert!(r.diags.iter().any(|d| d.code == "unsafe-link"));
    }

    #[test]
    fn numbered_paragraphs_get_anchors() {
        let r = render_with("## 4. Generalforsamling\n\n4.7 På generalforsamlingen træffes beslutning.\n\n- Vedtægtsændringer\n\n## Bilag 1. Opgaver\n", true);
        assert!(r.html.contains("id=\"pkt-4\""), "{}", r.html);
        assert!(
            r.html.contains("<section class=\"pkt\" id=\"pkt-4-7\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"#pkt-4-7\">4.7</a>"), "{}", r.html);
        assert!(r.html.contains("id=\"bilag-1\""), "{}", r.html);
        let numbers: Vec<_> = r.sections.iter().map(|s| s.number.as_str()).collect();
        assert_eq!(numbers, ["4", "4.7", "Bilag 1"]);
    }

    #[test]
    fn numbers_inside_appendices_are_the_appendix_own() {
        let r = render_with("## 1. Navn\n\n1.1 Tekst.\n\n## Bilag 2. Principper\n\n### 1. Budget\n\n### 2. Finansiering\n", true);
        let got: Vec<(&str, &str)> = r
            .sections
            .iter()
            .map(|s| (s.number.as_str(), s.anchor.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("1", "pkt-1"),
                ("1.1", "pkt-1-1"),
                ("Bilag 2", "bilag-2"),
                ("Bilag 2.1", "bilag-2-1"),
                ("Bilag 2.2", "bilag-2-2")
            ]
        );
    }

    #[test]
    fn reference_phrases_become_links() {
        let r = render_with(
            "Kræver 2/3-flertal, jf. punkt 4.7. Se også jævnfør stk. 6,5 i vedtægter.",
            false,
        );
        assert!(
            r.html
                .contains("<a href=\"/dokumenter/vedtaegter/#pkt-4-7\">jf. punkt 4.7</a>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("#pkt-6-5\">jævnfør stk. 6,5 i vedtægter</a>"),
            "{}",
            r.html
        );
        assert_eq!(r.refs.len(), 2);
        assert_eq!(r.refs[1].anchor.as_deref(), Some("6.5"));
    }

    #[test]
    fn ref_links_and_directives() {
        let r = render_with(
            "Se [punkt 3](ref:moede#3) og [x](ref:findes-ikke).\n\n[[tabel:t1]]\n\n[[tabel:t2]]\n",
            false,
        );
        assert!(
            r.html.contains("href=\"/moeder/moede/#punkt-3\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("<table id=\"t1\"></table>"));
        assert!(r
            .diags
            .iter()
            .any(|d| d.code == "unknown-directive" && d.line == 5));
        assert_eq!(
            r.refs.iter().filter(|x| x.target == "findes-ikke").count(),
            1
        );
    }
}
