//! What changed between two versions of a numbered text, unit by unit: units are matched by their identity (the
//! anchor, or the previous anchor a renumbered unit declares), so a unit added, removed, moved or reworded is
//! found; a reworded unit's change is given word by word. Sequences are compared with `similar` (Myers' diff).

use crate::model::version::UnitText;
use similar::{capture_diff_slices, Algorithm, DiffTag};
use std::collections::{BTreeMap, HashSet};

/// A run of words in a compared text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Same(String),
    Deleted(String),
    Inserted(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Only in the newer version.
    Added,
    /// Only in the older version.
    Removed,
    /// In both, in the same order, worded differently.
    Changed,
    /// In both, elsewhere in the order (renumbered or moved), worded alike or not.
    Moved,
}

/// One unit that differs between two versions.
#[derive(Debug, Clone)]
pub struct UnitChange<'a> {
    pub kind: ChangeKind,
    pub old: Option<&'a UnitText>,
    pub new: Option<&'a UnitText>,
    /// The older text turned into the newer, word by word (empty when the wording is the same).
    pub pieces: Vec<Piece>,
}

/// The units that differ from `old` to `new`, in the newer version's order (a removed unit where it stood).
/// `renumbered` maps a newer anchor to the older one it continues.
pub fn compare<'a>(
    old: &'a [UnitText],
    new: &'a [UnitText],
    renumbered: &BTreeMap<String, String>,
) -> Vec<UnitChange<'a>> {
    let old_ids: Vec<&str> = old.iter().map(|u| u.anchor.as_str()).collect();
    let new_ids: Vec<&str> = (new.iter())
        .map(|u| {
            renumbered
                .get(&u.anchor)
                .map_or(u.anchor.as_str(), |s| s.as_str())
        })
        .collect();
    let in_old: HashSet<&str> = old_ids.iter().copied().collect();
    let in_new: HashSet<&str> = new_ids.iter().copied().collect();
    let old_at = |id: &str| {
        old.iter()
            .zip(&old_ids)
            .find(|(_, i)| **i == id)
            .map(|(u, _)| u)
    };
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &old_ids, &new_ids) {
        let (tag, olds, news) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            for (o, n) in old[olds].iter().zip(&new[news]) {
                if o.text != n.text || o.anchor != n.anchor {
                    out.push(changed(ChangeKind::Changed, o, n));
                }
            }
            continue;
        }
        // A unit whose identity changed in place (a reworded heading: "Indtægtpost" → "Indtægtspost") is the same
        // unit changed, when most of its words stay.
        let gone: Vec<usize> = olds
            .clone()
            .filter(|&i| !in_new.contains(old_ids[i]))
            .collect();
        let came: Vec<usize> = news
            .clone()
            .filter(|&i| !in_old.contains(new_ids[i]))
            .collect();
        let mut paired = HashSet::new();
        for (&o, &n) in gone.iter().zip(&came) {
            if mostly_same(&old[o].text, &new[n].text) {
                paired.insert((o, n));
            }
        }
        let paired_old: HashSet<usize> = paired.iter().map(|p| p.0).collect();
        // Removed units first, where they stood; a unit that only went elsewhere is reported where it now is.
        for (o, id) in old[olds.clone()].iter().zip(&old_ids[olds.clone()]) {
            if !in_new.contains(id) && !paired_old.contains(&index_of(old, o)) {
                out.push(UnitChange {
                    kind: ChangeKind::Removed,
                    old: Some(o),
                    new: None,
                    pieces: Vec::new(),
                });
            }
        }
        for (n, id) in new[news.clone()].iter().zip(&new_ids[news]) {
            let ni = index_of(new, n);
            if let Some(&(o, _)) = paired.iter().find(|p| p.1 == ni) {
                out.push(changed(ChangeKind::Changed, &old[o], n));
                continue;
            }
            match old_at(id).filter(|_| in_old.contains(id)) {
                Some(o) => out.push(changed(ChangeKind::Moved, o, n)),
                None => out.push(UnitChange {
                    kind: ChangeKind::Added,
                    old: None,
                    new: Some(n),
                    pieces: Vec::new(),
                }),
            }
        }
    }
    out
}

/// The position of `u` in `all` (by address: units are compared in place).
fn index_of(all: &[UnitText], u: &UnitText) -> usize {
    all.iter()
        .position(|x| std::ptr::eq(x, u))
        .unwrap_or(usize::MAX)
}

/// Whether at least half the words of the longer text are kept in the other.
fn mostly_same(a: &str, b: &str) -> bool {
    let kept: usize = (words(a, b).iter())
        .map(|p| match p {
            Piece::Same(w) => w.split(' ').count(),
            _ => 0,
        })
        .sum();
    let longest = a
        .split_whitespace()
        .count()
        .max(b.split_whitespace().count());
    longest > 0 && kept * 2 >= longest
}

fn changed<'a>(kind: ChangeKind, o: &'a UnitText, n: &'a UnitText) -> UnitChange<'a> {
    let pieces = if o.text == n.text {
        Vec::new()
    } else {
        words(&o.text, &n.text)
    };
    UnitChange {
        kind,
        old: Some(o),
        new: Some(n),
        pieces,
    }
}

/// `old` turned into `new` word by word: runs of kept, deleted and inserted words.
pub fn words(old: &str, new: &str) -> Vec<Piece> {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        let (tag, olds, news) = op.as_tag_tuple();
        let (old_words, new_words) = (a[olds].join(" "), b[news].join(" "));
        match tag {
            DiffTag::Equal => out.push(Piece::Same(old_words)),
            DiffTag::Delete => out.push(Piece::Deleted(old_words)),
            DiffTag::Insert => out.push(Piece::Inserted(new_words)),
            DiffTag::Replace => {
                out.push(Piece::Deleted(old_words));
                out.push(Piece::Inserted(new_words));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(anchor: &str, text: &str) -> UnitText {
        UnitText {
            anchor: anchor.into(),
            number: String::new(),
            title: String::new(),
            part: String::new(),
            text: text.into(),
        }
    }

    #[test]
    fn a_reworded_unit_is_changed_word_by_word() {
        let old = [
            unit("pkt-2-5", "er oplistet i bilag 1"),
            unit("pkt-2-6", "x"),
        ];
        let new = [unit("pkt-2-5", "er oplyst i bilag 1"), unit("pkt-2-6", "x")];
        let c = compare(&old, &new, &BTreeMap::new());
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].kind, ChangeKind::Changed);
        assert_eq!(
            c[0].pieces,
            vec![
                Piece::Same("er".into()),
                Piece::Deleted("oplistet".into()),
                Piece::Inserted("oplyst".into()),
                Piece::Same("i bilag 1".into())
            ]
        );
    }

    #[test]
    fn units_added_removed_and_renumbered_are_told_apart() {
        let old = [unit("a", "1"), unit("b", "2"), unit("c", "3")];
        let new = [unit("a", "1"), unit("d", "3"), unit("e", "new")];
        let renumbered = BTreeMap::from([("d".to_string(), "c".to_string())]);
        let c = compare(&old, &new, &renumbered);
        let kinds: Vec<_> = c.iter().map(|c| c.kind).collect();
        // c → d keeps its place after a, so it is the same unit renumbered (changed anchor, same words).
        assert_eq!(
            kinds,
            [ChangeKind::Removed, ChangeKind::Changed, ChangeKind::Added]
        );
        assert_eq!(c[1].old.map(|u| u.anchor.as_str()), Some("c"));
        assert!(c[1].pieces.is_empty());
    }

    #[test]
    fn a_unit_moved_elsewhere_is_moved_not_added() {
        let old = [unit("a", "1"), unit("b", "2"), unit("c", "3")];
        let new = [unit("c", "3"), unit("a", "1"), unit("b", "2")];
        let c = compare(&old, &new, &BTreeMap::new());
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].kind, ChangeKind::Moved);
    }

    #[test]
    fn a_reworded_heading_in_place_is_changed_not_removed_and_added() {
        let old = [
            unit("a", "1"),
            unit("indtaegtpost", "Indtægtpost Kontingenter Lejeindtægter"),
            unit("c", "3"),
        ];
        let new = [
            unit("a", "1"),
            unit("indtaegtspost", "Indtægtspost Kontingenter Lejeindtægter"),
            unit("c", "3"),
        ];
        let c = compare(&old, &new, &BTreeMap::new());
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].kind, ChangeKind::Changed);
        // A unit replaced by one with other words is removed and added.
        let new = [
            unit("a", "1"),
            unit("x", "helt andre ord her"),
            unit("c", "3"),
        ];
        let kinds: Vec<_> = compare(&old, &new, &BTreeMap::new())
            .iter()
            .map(|c| c.kind)
            .collect();
        assert_eq!(kinds, [ChangeKind::Removed, ChangeKind::Added]);
    }

    #[test]
    fn identical_versions_have_no_changes() {
        let old = [unit("a", "1")];
        assert!(compare(&old, &old.clone(), &BTreeMap::new()).is_empty());
    }
}
