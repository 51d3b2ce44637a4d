//! A meeting calendar as it is placed in a meeting's text: the plain context `partials/calendar.html` is rendered
//! from, a dated list whose dates link to the meetings in the portal.

use super::templates::render_fragment;
use crate::diagnostics::Diagnostic;
use crate::i18n::{self, Lang};
use crate::model::meeting::Calendar;
use serde_json::{json, Value};

/// The template a calendar is rendered with.
pub const CALENDAR_TEMPLATE: &str = "partials/calendar.html";

/// A calendar through the theme's [`CALENDAR_TEMPLATE`]; `meeting_url` gives the URL of a meeting id in the portal.
pub fn calendar_html(
    tera: &tera::Tera,
    c: &Calendar,
    lang: Lang,
    meeting_url: &dyn Fn(&str) -> Option<String>,
) -> Result<String, Diagnostic> {
    let context = calendar_context(c, lang, meeting_url);
    render_fragment(tera, CALENDAR_TEMPLATE, "calendar", context, lang)
}

/// What [`CALENDAR_TEMPLATE`] is given as `calendar`: per date its ISO form (if it is one), its label in the
/// build's language (the text as written if it is not a date), the URL of the body's meeting that day, the note.
pub fn calendar_context(
    c: &Calendar,
    lang: Lang,
    meeting_url: &dyn Fn(&str) -> Option<String>,
) -> Value {
    let dates: Vec<Value> = c
        .dates
        .iter()
        .map(|d| {
            let date = chrono::NaiveDate::parse_from_str(d.date.value.trim(), "%Y-%m-%d").ok();
            let iso = date.map(|x| x.format("%Y-%m-%d").to_string());
            let url = match (&iso, &c.body) {
                (Some(x), Some(b)) => meeting_url(&format!("{x}-{b}")),
                _ => None,
            };
            let label = date
                .map(|x| i18n::day_month(x, lang))
                .unwrap_or_else(|| d.date.value.clone());
            json!({"date": iso, "label": label, "url": url, "note": d.note})
        })
        .collect();
    json!({"id": c.id, "title": c.title, "dates": dates})
}
