//! The HTML a pass writes: chunks of events rendered by pulldown-cmark (sanitised when content wrote raw HTML),
//! trusted HTML of protokol's own between them, and the URL schemes content may link to.

use pulldown_cmark::{html, Event, Tag, TagEnd};
use std::collections::HashSet;

pub(super) fn safe_url(url: &str) -> bool {
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

/// Whether a pass makes HTML: a build does. `protokol check` needs only the sections, references, directives and
/// diagnostics the pass collects on the way, so its HTML sink discards everything, and the plain text (which
/// serves the search index, made only by a build) is not kept either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Html {
    Make,
    Discard,
}

pub(super) struct Out {
    pub html: String,
    pending: Vec<Event<'static>>,
    raw: bool,
    discard: bool,
}

impl Out {
    pub fn new(mode: Html, bytes: usize) -> Out {
        let discard = mode == Html::Discard;
        Out {
            html: String::with_capacity(if discard { 0 } else { bytes }),
            pending: Vec::new(),
            raw: false,
            discard,
        }
    }
    pub fn flush(&mut self) {
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
    pub fn trusted(&mut self, s: &str) {
        if self.discard {
            return;
        }
        self.flush();
        self.html.push_str(s);
    }
    pub fn push(&mut self, e: Event<'static>) {
        if self.discard {
            return;
        }
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
