//! Builds a [`Document`] (statute, bylaw, note, letter, …) from its parsed front matter and Markdown body.
//! Statutes and bylaws are numbered ("4.7" or "§ 4, stk. 2", declared or detected): their units get anchors.
//! A document written as dated versions (`version:`) also keeps each unit's text, to compare versions by.

use super::body::{impossible_dates, markdown_ctx, weekday_dates};
use super::files::RawFile;
use super::front::{parse_date, FRONT_MATTER_LINE};
use super::links::Resolver;
use crate::diagnostics::{Code, Diagnostic, LineIndex};
use crate::i18n::Msg;
use crate::markdown::{self, AnchorStyle, RefUse};
use crate::model::document::DocumentFront;
use crate::model::version::{UnitText, VersionInfo};
use crate::model::{Document, Section, Source};

pub(crate) fn build_document(
    f: RawFile,
    front: DocumentFront,
    body_start: usize,
    resolver: &Resolver,
) -> (Document, Vec<Diagnostic>, Vec<RefUse>) {
    let mut diags = Vec::new();
    let lines = LineIndex::new(&f.text);
    let mut date_of = |d: &Option<crate::yaml::Spanned<String>>| {
        d.as_ref().and_then(|d| {
            parse_date(d, &f.rel, FRONT_MATTER_LINE)
                .map_err(|e| diags.push(e))
                .ok()
        })
    };
    let date = date_of(&front.date);
    let adopted = date_of(&front.adopted);
    let version = front.version.as_ref().and_then(|v| {
        let day = date_of(&Some(v.date.clone()))?;
        Some(VersionInfo {
            label: v.label.trim().to_string(),
            description: v.description.clone(),
            date: day,
            valid_from: date_of(&v.valid_from),
            renumbered: (v.renumbered.iter())
                .map(|(k, x)| (k.clone(), x.value.clone()))
                .collect(),
        })
    });
    if front.title.trim().is_empty() && front.version_of.is_none() {
        diags.push(
            Diagnostic::error(
                Code::MissingField,
                Msg::YamlMissingField {
                    field: "title".into(),
                },
            )
            .at(&f.rel, FRONT_MATTER_LINE + 1, 1)
            .hint(Msg::HintMissingField),
        );
    }
    // A version file's references to itself ("jf. punkt 5.1") link within that version's own page.
    let own_url = front
        .version_of
        .as_ref()
        .zip(version.as_ref())
        .map(|(of, v)| {
            format!(
                "{}{}",
                crate::urls::ROOT,
                crate::urls::version_path(&of.value, &v.slug())
            )
        });
    let url_of = |id: &str| match &own_url {
        Some(url) if id == f.stem => Some((url.clone(), AnchorStyle::Section)),
        _ => resolver.link(id),
    };
    let exists = |d, id: &str| resolver.exists_outside_meetings(d, id);
    let mut ctx = markdown_ctx(&f, &lines, resolver, &url_of, &exists, body_start);
    ctx.numbered = front.kind.is_numbered() || front.numbering.is_some();
    ctx.numbering = crate::statute::numbering_of(&front, &f.text[body_start..]);
    let r = markdown::render(&f.text[body_start..], &ctx);
    diags.extend(r.diags);
    let units = match front.version {
        Some(_) => unit_texts(&f.text, body_start, &r.sections),
        None => Vec::new(),
    };
    let mut doc = Document {
        id: f.stem.clone(),
        source: Source {
            file: f.rel.clone(),
            body_line: lines.pos(&f.text, body_start).line,
        },
        front,
        date,
        adopted,
        html: r.html,
        text: r.text,
        figures: r.figures,
        sections: r.sections,
        weekday_dates: weekday_dates(&f.text, body_start, &lines),
        impossible_dates: impossible_dates(&f.text, body_start, &lines),
        tables_requested: markdown::tables_named(&r.directives),
        version,
        units,
        versions: Vec::new(),
    };
    super::quotes::document(&f.text, &mut doc);
    (doc, diags, r.refs)
}

/// Each unit's plain text: the Markdown from the line its section starts on to the line the next one starts on.
/// A unit that shares its line with the next ("§ 4. …" opens the § and its stk. 1) has no text of its own.
fn unit_texts(text: &str, body_start: usize, sections: &[Section]) -> Vec<UnitText> {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let start_of = |s: &Section| {
        let at = line_starts.get(s.pos.line.saturating_sub(1)).copied();
        at.unwrap_or(text.len()).max(body_start).min(text.len())
    };
    let starts: Vec<usize> = sections.iter().map(start_of).collect();
    let mut part = String::new();
    sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if s.level <= 2 {
                part = s.title.clone();
            }
            let from = starts[i];
            let to = starts.get(i + 1).copied().unwrap_or(text.len()).max(from);
            UnitText {
                anchor: s.anchor.clone(),
                number: s.number.clone(),
                title: s.title.clone(),
                part: if s.level > 2 && s.number.is_empty() {
                    part.clone()
                } else {
                    String::new()
                },
                text: text.get(from..to).map(plain_words).unwrap_or_default(),
            }
        })
        .collect()
}

/// The words of a piece of Markdown as a reader sees them, separated by single spaces.
fn plain_words(md: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::new();
    for ev in Parser::new_ext(md, markdown::options()) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            // Inline markup ends inside a word ("**Lej**e"); blocks and breaks end words.
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image,
            ) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
