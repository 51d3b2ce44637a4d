//! A document written as dated versions, as readers see it: the version switcher (a plain list of links), what a
//! version page says about the version it shows, and the page of changes between consecutive versions — each
//! unit that changed with its change said in words ("Ændret i juni-versionen: »oplistet« → »oplyst«") and marked
//! in the text (`<del>`/`<ins>` with labels for screen readers), so that no colour and no script is needed.

use super::format::escape;
use crate::i18n::{self, Lang, Msg, Ui};
use crate::load::{current_version, in_order, Site};
use crate::model::version::UnitText;
use crate::model::Document;
use crate::statute::diff::{self, ChangeKind, Piece};
use crate::urls::{changes_path, url_path, version_path, ROOT};
use serde_json::{json, Value};

/// Words of unchanged text kept on each side of a change.
const CONTEXT_WORDS: usize = 8;

/// The version of `d` at `versioner/<slug>/`.
pub fn find<'a>(d: &'a Document, slug: &str) -> Option<&'a Document> {
    in_order(d)
        .into_iter()
        .find(|v| v.version.as_ref().is_some_and(|i| i.slug() == slug))
}

/// What a document page says about its versions: `None` for a document without versions.
/// `shown`: the version the page shows (`None` on the changes page).
pub(super) fn versions_value(d: &Document, shown: Option<&Document>, site: &Site) -> Option<Value> {
    if d.versions.is_empty() {
        return None;
    }
    let lang = site.config.language;
    let current = current_version(d);
    let list: Vec<Value> = in_order(d)
        .into_iter()
        .rev()
        .filter_map(|v| {
            let info = v.version.as_ref()?;
            Some(json!({
                "label": info.label,
                "description": info.description,
                "date": info.date.format("%Y-%m-%d").to_string(),
                "date_text": i18n::date_short(info.date, lang),
                "status": v.front.status.as_ref().map(|s| status_name(s.value, lang)),
                "valid_from": info.valid_from.map(|x| i18n::date_short(x, lang)),
                "url": format!("{ROOT}{}", version_path(&d.id, &info.slug())),
                "current": v.id == current.id,
                "shown": shown.is_some_and(|s| s.id == v.id),
            }))
        })
        .collect();
    let on_changes = shown.is_none();
    let shown = shown.unwrap_or(current);
    let info = shown.version.as_ref()?;
    Some(json!({
        "list": list,
        "changes_url": format!("{ROOT}{}", changes_path(&d.id)),
        "current_url": format!("{ROOT}{}", url_path(crate::model::ItemKind::Document, &d.id)),
        "shown_is_current": shown.id == current.id,
        "on_changes": on_changes,
        "reading": i18n::text(&Msg::VersionReading { version: mid_sentence(&info.label), date: info.date }, lang),
        "shown_label": info.label,
    }))
}

/// A status as readers read it.
pub(super) fn status_name(s: crate::model::document::Status, lang: Lang) -> &'static str {
    use crate::model::document::Status;
    i18n::ui(
        match s {
            Status::Draft => Ui::Draft,
            Status::Proposed => Ui::StatusProposed,
            Status::Adopted => Ui::Adopted,
            Status::Repealed => Ui::StatusRepealed,
        },
        lang,
    )
}

/// The changes page: each step from one version to the next, newest first.
pub(super) fn changes_context(d: &Document, site: &Site) -> Option<Value> {
    let lang = site.config.language;
    let all = in_order(d);
    let steps: Vec<Value> = all
        .windows(2)
        .rev()
        .filter_map(|pair| step(d, pair[0], pair[1], lang))
        .collect();
    Some(json!({
        "doc": super::summaries::document_summary(d, site),
        "versions": versions_value(d, None, site),
        "steps": steps,
    }))
}

fn step(d: &Document, old: &Document, new: &Document, lang: Lang) -> Option<Value> {
    let (oi, ni) = (old.version.as_ref()?, new.version.as_ref()?);
    let url = |v: &crate::model::version::VersionInfo| {
        format!("{ROOT}{}", version_path(&d.id, &v.slug()))
    };
    let in_new = mid_sentence(&ni.label);
    let mut changes = Vec::new();
    if old.front.title != new.front.title {
        let unit = |title: &str| UnitText {
            anchor: String::new(),
            number: String::new(),
            title: String::new(),
            part: String::new(),
            text: title.to_string(),
        };
        let (o, n) = (unit(&old.front.title), unit(&new.front.title));
        let pieces = diff::words(&o.text, &n.text);
        let kind = match (o.text.is_empty(), n.text.is_empty()) {
            (true, _) => ChangeKind::Added,
            (_, true) => ChangeKind::Removed,
            _ => ChangeKind::Changed,
        };
        changes.push(json!({
            "kind": kind_str(kind),
            "kind_name": i18n::ui(kind_ui(kind), lang),
            "label": i18n::ui(Ui::VersionTitle, lang),

            "statement": statement(kind, &pieces, &in_new, "", lang),
            "diff": marked(&pieces, lang),
        }));
    }
    for c in diff::compare(&old.units, &new.units, &ni.renumbered) {
        let unit = c.new.or(c.old)?;
        let pieces = match c.kind {
            ChangeKind::Added => vec![Piece::Inserted(unit.text.clone())],
            ChangeKind::Removed => vec![Piece::Deleted(unit.text.clone())],
            _ => c.pieces.clone(),
        };
        let from = c.old.map(unit_label).unwrap_or_default();
        changes.push(json!({
            "kind": kind_str(c.kind),
            "kind_name": i18n::ui(kind_ui(c.kind), lang),
            "label": unit_label(unit),
            "old_short": c.old.map(short),
            "new_short": c.new.map(short),
            "old_url": c.old.map(|u| format!("{}#{}", url(oi), u.anchor)),
            "new_url": c.new.map(|u| format!("{}#{}", url(ni), u.anchor)),
            "statement": statement(c.kind, &pieces, &in_new, &from, lang),
            "diff": marked(&pieces, lang),
        }));
    }
    Some(json!({
        "title": i18n::text(&Msg::VersionStep { old: mid_sentence(&oi.label), new: mid_sentence(&ni.label) }, lang),
        "old": {"label": oi.label, "url": url(oi)},
        "new": {"label": ni.label, "url": url(ni)},
        "changes": changes,
    }))
}

/// "Juni-versionen" inside a sentence: "ændret i juni-versionen" (a name such as "KKR-udkastet" stays as it is).
fn mid_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_string(),
    }
}

/// A unit as a reader finds it: "2.5 Fælles Service Center må alene …", "Bilag 1 · Supportopgaver".
fn unit_label(u: &UnitText) -> String {
    match (u.number.is_empty(), u.title.starts_with(&u.number)) {
        (true, _) if !u.part.is_empty() => format!("{} › {}", u.part, u.title),
        (true, _) | (false, true) => u.title.clone(),
        (false, false) => format!("{} {}", u.number, u.title),
    }
}

/// A unit in a link's words: its number, or its heading.
fn short(u: &UnitText) -> &str {
    if u.number.is_empty() {
        &u.title
    } else {
        &u.number
    }
}

fn kind_str(k: ChangeKind) -> &'static str {
    match k {
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Changed => "changed",
        ChangeKind::Moved => "moved",
    }
}

fn kind_ui(k: ChangeKind) -> Ui {
    match k {
        ChangeKind::Added => Ui::VersionChangeAdded,
        ChangeKind::Removed => Ui::VersionChangeRemoved,
        ChangeKind::Changed => Ui::VersionChangeChanged,
        ChangeKind::Moved => Ui::VersionChangeMoved,
    }
}

/// The change in words: "Ændret i juni-versionen: »oplistet« → »oplyst«; »til« tilføjet".
fn statement(kind: ChangeKind, pieces: &[Piece], version: &str, from: &str, lang: Lang) -> String {
    let version = version.to_string();
    match kind {
        ChangeKind::Added => i18n::text(&Msg::VersionAddedIn { version }, lang),
        ChangeKind::Removed => i18n::text(&Msg::VersionRemovedIn { version }, lang),
        ChangeKind::Moved if pieces.is_empty() => i18n::text(
            &Msg::VersionMovedIn {
                version,
                from: from.to_string(),
            },
            lang,
        ),
        _ => i18n::text(
            &Msg::VersionChangedIn {
                version,
                edits: edits(pieces, lang).join("; "),
            },
            lang,
        ),
    }
}

/// Each edit of a word diff, in words.
fn edits(pieces: &[Piece], lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let msg = match (&pieces[i], pieces.get(i + 1)) {
            (Piece::Deleted(old), Some(Piece::Inserted(new))) => {
                i += 1;
                Some(Msg::EditReplaced {
                    old: old.clone(),
                    new: new.clone(),
                })
            }
            (Piece::Deleted(old), _) => Some(Msg::EditDeleted { old: old.clone() }),
            (Piece::Inserted(new), _) => Some(Msg::EditInserted { new: new.clone() }),
            (Piece::Same(_), _) => None,
        };
        out.extend(msg.map(|m| i18n::text(&m, lang)));
        i += 1;
    }
    out
}

/// The text with its changes marked, escaped: unchanged runs cut to a few words either side of a change.
fn marked(pieces: &[Piece], lang: Lang) -> String {
    let mark = |tag: &str, start: Ui, end: Ui, words: &str| {
        format!(
            "<{tag}><span class=\"visuelt-skjult\">{} </span>{}<span class=\"visuelt-skjult\"> {}</span></{tag}>",
            i18n::ui(start, lang),
            escape(words),
            i18n::ui(end, lang)
        )
    };
    let mut out = Vec::new();
    let last = pieces.len().saturating_sub(1);
    for (i, p) in pieces.iter().enumerate() {
        out.push(match p {
            Piece::Same(words) => escape(&context(words, i == 0, i == last)),
            Piece::Deleted(w) => mark("del", Ui::DeletedMark, Ui::DeletedEnd, w),
            Piece::Inserted(w) => mark("ins", Ui::InsertedMark, Ui::InsertedEnd, w),
        });
    }
    out.join(" ")
}

/// An unchanged run as shown beside changes: its last words before the first change, its first words after the
/// last, both ends around a change in between; what is left out is "…".
fn context(words: &str, first: bool, last: bool) -> String {
    let w: Vec<&str> = words.split(' ').collect();
    let n = CONTEXT_WORDS;
    if first && last {
        return words.to_string();
    }
    if first && w.len() > n {
        return format!("… {}", w[w.len() - n..].join(" "));
    }
    if last && w.len() > n {
        return format!("{} …", w[..n].join(" "));
    }
    if !first && !last && w.len() > 2 * n {
        return format!("{} … {}", w[..n].join(" "), w[w.len() - n..].join(" "));
    }
    words.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replaced_word_is_said_and_marked() {
        let p = diff::words("er oplistet i bilag 1", "er oplyst i bilag 1");
        let s = statement(ChangeKind::Changed, &p, "juni-versionen", "", Lang::Da);
        assert_eq!(s, "Ændret i juni-versionen: »oplistet« → »oplyst«");
        let html = marked(&p, Lang::Da);
        assert!(
            html.contains("<del><span class=\"visuelt-skjult\">[slettet: </span>oplistet"),
            "{html}"
        );
        assert!(
            html.contains("<ins><span class=\"visuelt-skjult\">[tilføjet: </span>oplyst"),
            "{html}"
        );
    }

    #[test]
    fn long_unchanged_text_is_cut_around_the_change_and_escaped() {
        let old = "a b c d e f g h i j k <x> l m n o p q r s t u v w x y z";
        let new = "a b c d e f g h i j k <y> l m n o p q r s t u v w x y z";
        let html = marked(&diff::words(old, new), Lang::Da);
        assert!(html.starts_with("… d e f"), "{html}");
        assert!(html.ends_with("s …"), "{html}");
        assert!(
            html.contains("&lt;x&gt;") && !html.contains("<x>"),
            "{html}"
        );
    }

    #[test]
    fn labels_read_inside_a_sentence() {
        assert_eq!(mid_sentence("Juni-versionen"), "juni-versionen");
        assert_eq!(mid_sentence("KKR-udkastet"), "KKR-udkastet");
    }
}
