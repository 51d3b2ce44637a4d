//! The one mapping between the folders of `content/` and the kinds of content they hold. Everything that asks
//! "what is this file?" (the id index, front-matter dispatch, `Site::update`) asks here.

use crate::model::ItemKind;

/// The folder below `content/` that holds the files of each kind.
const FOLDERS: [(ItemKind, &str); 4] = [
    (ItemKind::Meeting, "moeder"),
    (ItemKind::Document, "dokumenter"),
    (ItemKind::Table, "tabeller"),
    (ItemKind::Page, "sider"),
];

/// The kind of the files straight in `content/<folder>/`; `None` for any other folder.
pub fn kind_of_folder(folder: &str) -> Option<ItemKind> {
    FOLDERS.iter().find(|(_, f)| *f == folder).map(|(k, _)| *k)
}

/// The folder below `content/` that holds files of `kind`.
pub fn folder_of(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Meeting => FOLDERS[0].1,
        ItemKind::Document => FOLDERS[1].1,
        ItemKind::Table => FOLDERS[2].1,
        ItemKind::Page => FOLDERS[3].1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_folder_both_ways() {
        for kind in [
            ItemKind::Meeting,
            ItemKind::Document,
            ItemKind::Table,
            ItemKind::Page,
        ] {
            assert_eq!(kind_of_folder(folder_of(kind)), Some(kind));
        }
        assert_eq!(kind_of_folder("moeder"), Some(ItemKind::Meeting));
        assert_eq!(kind_of_folder("billeder"), None);
        assert_eq!(kind_of_folder(""), None);
    }
}
