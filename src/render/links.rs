//! Cross-links between pages: where documents and tables are attached or shown, and a meeting's neighbours.

use super::kept_links::MeetingLinks;
use crate::i18n;
use crate::load::Site;
use crate::model::ItemKind;
use crate::model::Meeting;
use crate::urls::url_path;
use crate::urls::ROOT;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Where each document and table is attached or presented: (meeting, item) pairs. `kept` holds every meeting's
/// links of the same site ([`MeetingLinks::of`], or kept up to date by serve).
pub(super) fn backlinks(site: &Site, kept: &MeetingLinks) -> BTreeMap<String, Vec<Value>> {
    let mut map: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let lang = site.config.language;
    for c in kept.in_order(site) {
        for (target, link) in &c.attached {
            let list = map.entry(target.clone()).or_default();
            if !list.contains(link) {
                list.push(link.clone());
            }
        }
    }
    // `Site::refs` is grouped by file: one meeting and one link a file.
    for refs in site.refs.chunk_by(|(a, _), (b, _)| a == b) {
        let file = &refs[0].0;
        let Some(m) = site
            .meeting(&crate::load::stem_of(file))
            .filter(|m| m.source.file == *file)
        else {
            continue;
        };
        let body = super::summaries::bodies_text(m, site);
        let link = json!({
            "url": format!("{ROOT}{}", url_path(ItemKind::Meeting, &m.id)),
            "label": meeting_link(&body, m.date, lang),
        });
        for (_, r) in refs {
            let list = map.entry(r.target.clone()).or_default();
            if r.target != m.id && !list.iter().any(|l| l["url"] == link["url"]) {
                list.push(link.clone());
            }
        }
    }
    for t in &site.tables {
        let declared = t.file.meeting.as_ref().and_then(|m| {
            let (id, number) = m.value.split_once('#').unwrap_or((m.value.as_str(), ""));
            let meeting = site.meeting(id)?;
            let item = meeting.items.iter().find(|i| !number.is_empty() && i.answers_to(number));
            let body = super::summaries::bodies_text(meeting, site);
            Some(json!({
                "url": format!("{ROOT}{}{}", url_path(ItemKind::Meeting, id), item.map(|i| format!("#{}", i.anchor)).unwrap_or_default()),
                "label": match item {
                    Some(i) => item_link(&body, meeting.date, &i.meta.number, &i.heading, lang),
                    None => meeting_link(&body, meeting.date, lang),
                },
            }))
        });
        if let Some(link) = declared {
            let list = map.entry(t.id.clone()).or_default();
            if !list.contains(&link) {
                list.push(link);
            }
        }
        if let Some(doc) = &t.file.document {
            if let Some(d) = site.document(&doc.value) {
                map.entry(t.id.clone()).or_default().push(json!({
                    "url": format!("{ROOT}{}", url_path(ItemKind::Document, &d.id)),
                    "label": d.front.title,
                }));
            }
        }
    }
    for d in &site.documents {
        for tid in &d.front.tables {
            let list = map.entry(tid.value.clone()).or_default();
            let url = format!("{ROOT}{}", url_path(ItemKind::Document, &d.id));
            if !list.iter().any(|l| l["url"] == url.as_str()) {
                list.push(json!({"url": url, "label": d.front.title}));
            }
        }
    }
    map
}

/// For each meeting whose minutes a later item approves (`approves:`), that item: "Godkendt på mødet den 5. februar
/// 2020", linked. The oldest approving item wins. Computed once per rendering: looked up per meeting page, the scan
/// over every item of the site made a build quadratic in the number of meetings.
pub(super) fn approvals(kept: &MeetingLinks, site: &Site) -> BTreeMap<String, Value> {
    let mut map = BTreeMap::new();
    for c in kept.in_order(site).into_iter().rev() {
        for (approved, link) in &c.approves {
            map.entry(approved.clone()).or_insert_with(|| link.clone());
        }
    }
    map
}

/// The link to item `i` of meeting `a` that approves another meeting's minutes.
pub(super) fn approval_link(a: &Meeting, i: &crate::model::AgendaItem, lang: i18n::Lang) -> Value {
    json!({"url": format!("{ROOT}{}#{}", url_path(ItemKind::Meeting, &a.id), i.anchor),
           "date": i18n::date_short(a.date, lang), "item": i.label()})
}

/// Previous and next meeting of the same body, by meeting id (site.meetings is sorted newest first).
/// The newer and the older meeting of the same body as `m` (meetings are listed newest first). Scans outward from
/// it: a body's meetings lie close together in date order, so the scan is short.
pub fn neighbours<'a>(site: &'a Site, m: &Meeting) -> (Option<&'a Meeting>, Option<&'a Meeting>) {
    let Some(pos) = site.meeting_position(&m.id) else {
        return (None, None);
    };
    // A joint meeting's neighbours are those of its first body; a body's own meetings count its joint meetings.
    let body = m.body_id();
    let newer = site.meetings[..pos].iter().rev().find(|x| x.held_by(body));
    let older = site.meetings[pos + 1..].iter().find(|x| x.held_by(body));
    (newer, older)
}

/// "KD-Net 24. januar 2020", a link to a meeting in the page's language.
fn meeting_link(body: &str, date: chrono::NaiveDate, lang: i18n::Lang) -> String {
    let m = i18n::Msg::MeetingLink {
        body: body.to_string(),
        date,
    };
    i18n::text(&m, lang)
}

/// "KD-Net 24. januar 2020, punkt 10 Økonomi", a link to an agenda item in the page's language; an unnumbered
/// item by its title alone ("…, Godkendelse af dagsorden"), never "punkt  Godkendelse af dagsorden".
pub(super) fn item_link(
    body: &str,
    date: chrono::NaiveDate,
    item: &str,
    heading: &str,
    lang: i18n::Lang,
) -> String {
    let (body, heading) = (body.to_string(), heading.to_string());
    let m = if item.trim().is_empty() {
        i18n::Msg::UnnumberedItemLink {
            body,
            date,
            heading,
        }
    } else {
        i18n::Msg::ItemLink {
            body,
            date,
            item: item.to_string(),
            heading,
        }
    };
    i18n::text(&m, lang)
}
