//! An agenda item's votes and positions (#17) in the machine-readable outputs: OParl's `result` (the outcome of
//! the item's last vote that has one, in the portal's language) and the structured record under `protokol:votes`,
//! `protokol:minority`, `protokol:conflicts` and `protokol:recorded`. A closed item has none: loading dropped them.

use crate::i18n::Lang;
use crate::model::meeting::ItemMeta;
use serde_json::{json, Value};

/// Adds the item's votes and positions to its OParl AgendaItem (nothing when its minutes record none).
pub(super) fn add_to_agenda_item(item: &mut Value, meta: &ItemMeta, lang: Lang) {
    let outcome = (meta.positions().votes.iter().rev())
        .find_map(|v| v.value.outcome.as_ref().map(|o| o.value));
    if let Some(o) = outcome {
        item["result"] = json!(crate::render::votes::outcome_text(o, lang));
    }
    let fields = [
        (
            "protokol:votes",
            serde_json::to_value(&meta.positions().votes),
        ),
        (
            "protokol:minority",
            serde_json::to_value(&meta.positions().minority),
        ),
        (
            "protokol:conflicts",
            serde_json::to_value(&meta.positions().conflicts),
        ),
        (
            "protokol:recorded",
            serde_json::to_value(&meta.positions().recorded),
        ),
    ];
    for (name, value) in fields {
        match value {
            Ok(v) if v.as_array().is_some_and(|a| !a.is_empty()) => item[name] = v,
            _ => {}
        }
    }
}
