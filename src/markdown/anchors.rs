//! Anchors and section numbers: `#punkt-3-5` for meeting items, `#pkt-4-7` for numbered paragraphs of statutes
//! and bylaws, `#bilag-1` for appendices (whose numbers are their own), slugs for anything else.

use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorStyle {
    /// Meeting items: `3.5` → `#punkt-3-5`.
    Item,
    /// Document sections: `4.7` → `#pkt-4-7`, `bilag-1` → `#bilag-1`.
    Section,
    /// No anchors (tables).
    None,
}

/// Anchor for an item/section number in the given style.
pub fn anchor_for(style: AnchorStyle, anchor: &str) -> String {
    let a = anchor.trim().trim_end_matches('.');
    let numeric = !a.is_empty()
        && a.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    match style {
        // An item number as bodies write it (`3.5`, `01`, `7a`, `19-001`); anything else is an item's id.
        AnchorStyle::Item if numeric || crate::model::item_number::looks_like_number(a) => {
            crate::model::item_number::number_anchor(a)
        }
        AnchorStyle::Section if crate::statute::numbering::is_dotted(a) => {
            crate::statute::numbering::dotted_anchor(a)
        }
        _ => slug(a),
    }
}

pub use crate::model::slug;

/// Heading anchors: "4. Generalforsamling" → ("4", "pkt-4") in numbered documents; "Bilag 1. Opgaver" →
/// ("Bilag 1", "bilag-1"); anything else is slugged.
pub(super) fn heading_anchor(text: &str, numbered: bool) -> (String, String) {
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
pub(super) fn within_appendix(appendix: &Option<String>, num: &str) -> (String, String) {
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
pub(super) const PAGE_IDS: &[&str] = &[
    "indhold",
    "toc-titel",
    "versioner",
    "regler",
    "hurtig-q",
    "erklaering",
];

/// A unique id from `base`. Ids begin with a letter (HTML and CSS selectors want one): a heading "1" is `afsnit-1`.
pub(super) fn unique(used: &mut HashSet<String>, base: String) -> String {
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

pub(super) fn truncate_words(s: &str, n: usize) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() <= n {
        words.join(" ")
    } else {
        format!("{} …", words[..n].join(" "))
    }
}
