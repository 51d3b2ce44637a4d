//! The rows of the pages that list every meeting (#15): each meeting's row on the all-meetings list
//! (`partials/list_meeting.html`) and on its bodies' pages (`partials/body_meeting.html`), rendered once from what
//! lists show of it ([`super::item_listing`]) and joined into those pages. `protokol serve` keeps them between
//! rebuilds and renders again only the rows of the meetings that changed: a new meeting costs its own rows and
//! the joining, not a template loop over 30,000 or 100,000 meetings.
//!
//! A row is rendered with `m` (the meeting's listing) and what every page shows (`site`, `t`, `bodies`, `menu`,
//! `feeds`), but not `root` or `canonical`: one row serves every page it is on, and its links (written from
//! `site.base_url` and `m.url`) are resolved with the page it is joined into, as a page's own links are.

use super::pages::common_context;
use super::shared::Shared;
use super::summaries::meeting_summary;
use super::templates::{template_error, template_family};
use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::load::Site;
use crate::model::Meeting;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// The partial of a row on the all-meetings list, and the page template that joins its rows.
pub const LIST_ROW: &str = "partials/list_meeting.html";
/// The partial of a row on a body's page.
pub const BODY_ROW: &str = "partials/body_meeting.html";
/// Each row partial with the page template whose pages show its rows: a change to the partial renders those pages.
pub const ROW_TEMPLATES: [(&str, &str); 2] = [(LIST_ROW, "list.html"), (BODY_ROW, "body.html")];

/// Which of the list templates still read the meetings' summaries (`meetings`) themselves: a site's own
/// `list.html` or `body.html` (in `templates/` or a theme) written before the rows were, looping over them. Those
/// are given the summaries as before, beside the joined rows, and so cost what they did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReadsSummaries {
    /// `list.html` (the all-meetings list) mentions `meetings`.
    pub list: bool,
    /// `body.html` mentions `meetings` (a year's `y.meetings`).
    pub body: bool,
}

impl ReadsSummaries {
    /// Both read them: what a page is given when nothing was looked up.
    pub const ALL: ReadsSummaries = ReadsSummaries {
        list: true,
        body: true,
    };
}

/// Whether `list.html` and `body.html` read the summaries: whether the template, a template it extends or a macro
/// file it imports mentions the variable `meetings` (not `meetings_html`, not the interface string
/// `t.meetings`). A template that cannot be looked at reads them (the safe side).
pub fn lists_read_summaries(
    tera: &tera::Tera,
    sources: &BTreeMap<String, String>,
) -> ReadsSummaries {
    let reads = |page: &str| -> bool {
        let Some(names) = template_family(tera, page) else {
            return true;
        };
        names
            .into_iter()
            .any(|name| sources.get(name).is_none_or(|text| mentions_meetings(text)))
    };
    ReadsSummaries {
        list: reads("list.html"),
        body: reads("body.html"),
    }
}

/// Whether `text` holds `meetings` as a whole name (no letter, digit or `_` on either side), other than as the
/// interface string `t.meetings`.
fn mentions_meetings(text: &str) -> bool {
    const WORD: &str = "meetings";
    let name_char = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(WORD).any(|(at, _)| {
        let before = &text[..at];
        let after = &text[at + WORD.len()..];
        let whole = !before.ends_with(name_char) && !after.starts_with(name_char);
        let interface = before.ends_with("t.") && !before[..before.len() - 2].ends_with(name_char);
        whole && !interface
    })
}

/// One meeting's two rows.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    list: String,
    body: String,
}

/// Every meeting's rows, by meeting id, and which list templates read the summaries besides.
#[derive(Debug, Default)]
pub struct MeetingRows {
    rows: HashMap<String, Row>,
    reads: ReadsSummaries,
}

impl MeetingRows {
    /// Every meeting's rows, rendered in parallel as pages are. `shared` must be [`Shared::of`] the same site;
    /// `reads` is [`lists_read_summaries`] of the templates of `tera`. A partial that fails stops it with its first
    /// error (not one per meeting).
    pub fn of(
        site: &Site,
        tera: &tera::Tera,
        shared: &Shared,
        reads: ReadsSummaries,
    ) -> Result<MeetingRows, Diagnostic> {
        let rows: Result<HashMap<String, Row>, Diagnostic> = (site.meetings.par_iter())
            .map_init(
                || common_context(shared),
                |c, m| Ok((m.id.clone(), render_row(site, tera, c, m)?)),
            )
            .collect();
        Ok(MeetingRows { rows: rows?, reads })
    }

    /// Renders again the rows of the meetings `ids` (changed, added or removed since the rows were made from
    /// [`MeetingRows::of`] or updated last) from `site` as it is now; a meeting no longer in it loses its rows.
    pub fn update<'a>(
        &mut self,
        site: &Site,
        tera: &tera::Tera,
        shared: &Shared,
        ids: impl Iterator<Item = &'a str>,
    ) -> Result<(), Diagnostic> {
        let mut c = common_context(shared);
        for id in ids {
            match site.meeting(id) {
                Some(m) => {
                    let row = render_row(site, tera, &mut c, m)?;
                    self.rows.insert(id.to_string(), row);
                }
                None => {
                    self.rows.remove(id);
                }
            }
        }
        Ok(())
    }

    /// Which list templates read the summaries besides the rows.
    pub fn reads(&self) -> ReadsSummaries {
        self.reads
    }

    /// The list rows (or, with `body`, the body rows) of `meetings`, joined in their order; `None` if one of
    /// them has no rows here.
    fn joined<'a>(
        &self,
        body: bool,
        meetings: impl Iterator<Item = &'a Meeting>,
    ) -> Option<String> {
        let mut out = String::new();
        for m in meetings {
            let row = self.rows.get(&m.id)?;
            out.push_str(if body { &row.body } else { &row.list });
        }
        Some(out)
    }
}

/// The list rows (or, with `body`, the body rows) of `meetings` joined: from `rows` when it holds them all, else
/// rendered here one after the other (a caller that kept no rows).
pub(super) fn join_rows<'a>(
    rows: Option<&MeetingRows>,
    body: bool,
    meetings: impl Iterator<Item = &'a Meeting> + Clone,
    site: &Site,
    tera: &tera::Tera,
    shared: &Shared,
) -> Result<String, Diagnostic> {
    if let Some(html) = rows.and_then(|r| r.joined(body, meetings.clone())) {
        return Ok(html);
    }
    let mut c = common_context(shared);
    let name = if body { BODY_ROW } else { LIST_ROW };
    let mut out = String::new();
    for m in meetings {
        out.push_str(&render_one(site, tera, &mut c, m, name)?);
    }
    Ok(out)
}

/// Both rows of `m`, rendered with `c` ([`common_context`]) and `m`'s listing.
fn render_row(
    site: &Site,
    tera: &tera::Tera,
    c: &mut tera::Context,
    m: &Meeting,
) -> Result<Row, Diagnostic> {
    Ok(Row {
        list: render_one(site, tera, c, m, LIST_ROW)?,
        body: render_one(site, tera, c, m, BODY_ROW)?,
    })
}

/// One row of `m` through the partial `name`. The line break that ends the partial's file (editors add one) is
/// not part of the row: rows are joined without anything between them, as the loop they replace printed them.
fn render_one(
    site: &Site,
    tera: &tera::Tera,
    c: &mut tera::Context,
    m: &Meeting,
    name: &str,
) -> Result<String, Diagnostic> {
    c.insert("m", &meeting_summary(m, site));
    let mut html = tera.render(name, c).map_err(|e| {
        Diagnostic::error(Code::Template, template_error(&e)).hint(Msg::HintWhileRendering {
            page: format!("{name} ({})", m.id),
        })
    })?;
    if html.ends_with('\n') {
        html.pop();
        if html.ends_with('\r') {
            html.pop();
        }
    }
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_reads_the_summaries_when_it_names_meetings() {
        // The loops of the templates before the rows (#15): a site's copy of them still gets the summaries.
        assert!(mentions_meetings(
            "{% for m in meetings %}<li>{{ m.url }}</li>{% endfor %}"
        ));
        assert!(mentions_meetings("{% for m in y.meetings %}{% endfor %}"));
        assert!(mentions_meetings("{{ meetings | length }}"));
        // The joined rows and the interface strings are other names.
        assert!(!mentions_meetings("<ul>{{ meetings_html | safe }}</ul>"));
        assert!(!mentions_meetings("{{ y.meetings_html | safe }}"));
        assert!(!mentions_meetings(
            "{{ t.meetings }} {{ t.meetings_of }} {{ t.all_meetings }}"
        ));
        // `at.meetings` is not the interface strings' `t`.
        assert!(mentions_meetings("{{ at.meetings }}"));
    }

    #[test]
    fn the_default_lists_read_no_summaries() {
        let sources: BTreeMap<String, String> = (super::super::DEFAULT_TEMPLATES.iter())
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        let tera = super::super::compile_templates(&sources).unwrap();
        assert_eq!(
            lists_read_summaries(&tera, &sources),
            ReadsSummaries::default()
        );
        // A site's body.html looping over a year's meetings, as the theme's did: it reads them, list.html not.
        let mut own = sources.clone();
        own.insert(
            "body.html".into(),
            "{% extends \"base.html\" %}{% block content %}{% for y in years %}{% for m in y.meetings %}\
             {{ m.url }}{% endfor %}{% endfor %}{% endblock content %}"
                .into(),
        );
        let tera = super::super::compile_templates(&own).unwrap();
        assert_eq!(
            lists_read_summaries(&tera, &own),
            ReadsSummaries {
                list: false,
                body: true
            }
        );
    }
}
