//! What lists and other pages show of a meeting, document or table.

use crate::i18n;
use crate::load::Site;
use crate::model::{Document, Meeting, Table};
use crate::model::{ItemKind, Kind};
use crate::urls::url_path;
use crate::urls::ROOT;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// What lists and other pages show of a meeting, document or table: a change here re-renders the lists and the
/// pages that link to it.
pub fn item_listing(site: &Site, kind: ItemKind, id: &str) -> Option<Value> {
    match kind {
        ItemKind::Meeting => site.meeting(id).map(|m| meeting_summary(m, site)),
        ItemKind::Document => site.document(id).map(|d| document_summary(d, site)),
        ItemKind::Table => site.table(id).map(table_summary),
        ItemKind::Page => None,
    }
}

/// The short names of a meeting's bodies, listed ("Økonomiudvalget og Børne- og Skoleudvalget" for a joint
/// meeting).
pub fn bodies_text(m: &Meeting, site: &Site) -> String {
    site.config.body_names(m.body_ids())
}

pub(super) fn meeting_summary(m: &Meeting, site: &Site) -> Value {
    let lang = site.config.language;
    json!({
        "id": m.id,
        "url": format!("{ROOT}{}", url_path(ItemKind::Meeting, &m.id)),
        "title": m.front.title,
        "date": m.date.format("%Y-%m-%d").to_string(),
        "date_text": i18n::date_short(m.date, lang),
        "date_long": i18n::date_long(m.date, lang),
        "kind": m.front.kind.as_str(),
        "kind_name": i18n::kind_name(Kind::Meeting(m.front.kind), lang),
        "body": bodies_text(m, site),
        "body_id": m.body_id(),
        "body_ids": m.body_ids().collect::<Vec<_>>(),
        "items": m.items.len(),
        "cancelled": m.front.cancelled,
        "calendar": format!("{ROOT}{}", crate::outputs::meeting_calendar(&m.id)),
    })
}

pub(super) fn document_summary(d: &Document, site: &Site) -> Value {
    let lang = site.config.language;
    json!({
        "id": d.id,
        "url": format!("{ROOT}{}", url_path(ItemKind::Document, &d.id)),
        "title": d.front.title,
        "kind": d.front.kind.as_str(),
        "kind_name": i18n::kind_name(Kind::Document(d.front.kind), lang),
        "date": d.date.map(|x| x.format("%Y-%m-%d").to_string()),
        "date_text": d.date.map(|x| i18n::date_short(x, lang)),
    })
}

pub(super) fn table_summary(t: &Table) -> Value {
    json!({
        "id": t.id,
        "url": format!("{ROOT}{}", url_path(ItemKind::Table, &t.id)),
        "csv": format!("{ROOT}{}", crate::outputs::csv_path(&t.id)),
        "title": t.file.title,
        "kind": t.file.kind,
    })
}

pub(super) fn documents_by_kind(site: &Site) -> Vec<Value> {
    let lang = site.config.language;
    let mut by_kind: BTreeMap<crate::model::DocumentKind, Vec<Value>> = BTreeMap::new();
    for d in &site.documents {
        by_kind
            .entry(d.front.kind)
            .or_default()
            .push(document_summary(d, site));
    }
    // Kinds a language names alike (Danish "Notat" for a note and a memo) are one group, not two equal headings.
    let mut groups: Vec<(&str, &str, Vec<Value>)> = Vec::new();
    for (k, docs) in by_kind {
        let name = i18n::kind_name(Kind::Document(k), lang);
        match groups.iter_mut().find(|g| g.1 == name) {
            Some(g) => g.2.extend(docs),
            None => groups.push((k.as_str(), name, docs)),
        }
    }
    groups
        .into_iter()
        .map(|(kind, name, docs)| json!({"kind": kind, "name": name, "documents": docs}))
        .collect()
}
