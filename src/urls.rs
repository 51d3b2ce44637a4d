//! Internal links that work wherever a built site is put: at a domain root, under a sub-path, or opened from disk
//! (`file://`). Everything that makes an internal link (templates, Markdown `ref:` links, table captions, calendar
//! dates) writes [`ROOT`] followed by the path below the site root (`~protokol-root~moeder/x/`); when a page is
//! rendered, [`resolve`] replaces the marker with the page's way up to the site root (`../../`) and, unless the site
//! asks for pretty URLs, makes a folder link name its `index.html` (a browser opening files shows a folder listing
//! for `moeder/x/`). One build therefore works in all three places.

use crate::model::ItemKind;

/// The URL path (below the site root) of an item's page: the scheme of the portal's addresses.
pub fn url_path(kind: ItemKind, id: &str) -> String {
    match kind {
        ItemKind::Meeting => format!("moeder/{id}/"),
        ItemKind::Document => format!("dokumenter/{id}/"),
        ItemKind::Table => format!("tabeller/{id}/"),
        ItemKind::Page => format!("{id}/"),
    }
}

/// The URL path of one version of a document (`dokumenter/<id>/versioner/2020-01-24/`), by the version's slug.
pub fn version_path(id: &str, slug: &str) -> String {
    format!("{}versioner/{slug}/", url_path(ItemKind::Document, id))
}

/// The URL path of the page that compares a document's versions.
pub fn changes_path(id: &str) -> String {
    format!("{}aendringer/", url_path(ItemKind::Document, id))
}

/// Stands for the site root in HTML until the page is rendered. Its characters pass unchanged through Tera's
/// escaping and pulldown-cmark's URL escaping.
pub const ROOT: &str = "~protokol-root~";

/// The relative way from the page written at `path` (below the output, e.g. `moeder/x/index.html`) up to the site
/// root: `./` for a page at the root, `../../` two folders down.
pub fn root_of(path: &str) -> String {
    let depth = path.matches('/').count();
    if depth == 0 {
        "./".into()
    } else {
        "../".repeat(depth)
    }
}

/// Replaces every [`ROOT`] that opens an attribute value (`="~protokol-root~…`) with `root`. With `index_files`, a
/// link to a folder (the path is empty or ends in `/`) gets `index.html` before its `#fragment` or `?query`.
/// Markers elsewhere (a content author typing the marker as text) are left as they are.
pub fn resolve(html: &str, root: &str, index_files: bool) -> String {
    let needle = format!("\"{ROOT}");
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        out.push_str(&rest[..at + 1]);
        out.push_str(root);
        rest = &rest[at + needle.len()..];
        // The path runs to the end of the attribute, a fragment or a query. Tera escapes `/` as `&#x2F;`, whose
        // `#` is not a fragment.
        let mut end = 0;
        let bytes = rest.as_bytes();
        while end < bytes.len() {
            match bytes[end] {
                b'"' | b'?' => break,
                b'#' if !rest[..end].ends_with('&') => break,
                _ => end += 1,
            }
        }
        let path = &rest[..end];
        out.push_str(path);
        let folder = path.is_empty() || path.ends_with('/') || path.ends_with("&#x2F;");
        if index_files && folder {
            out.push_str("index.html");
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// An internal link (below the site root, as [`url_path`] gives it) as a page writes it before
/// [`resolve`].
pub fn internal(path: &str) -> String {
    format!("{ROOT}{path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_of_counts_folders() {
        assert_eq!(root_of("index.html"), "./");
        assert_eq!(root_of("moeder/index.html"), "../");
        assert_eq!(root_of("moeder/x/index.html"), "../../");
    }

    #[test]
    fn folders_get_index_files_only_when_asked() {
        let html = format!(
            "<a href=\"{ROOT}\">h</a><a href=\"{ROOT}moeder&#x2F;x&#x2F;#punkt-3\">m</a><link href=\"{ROOT}static/style.css\"><form action=\"{ROOT}soeg/?q=1\">"
        );
        assert_eq!(
            resolve(&html, "../../", true),
            "<a href=\"../../index.html\">h</a><a href=\"../../moeder&#x2F;x&#x2F;index.html#punkt-3\">m</a><link href=\"../../static/style.css\"><form action=\"../../soeg/index.html?q=1\">"
        );
        assert_eq!(
            resolve(&html, "../", false),
            "<a href=\"../\">h</a><a href=\"../moeder&#x2F;x&#x2F;#punkt-3\">m</a><link href=\"../static/style.css\"><form action=\"../soeg/?q=1\">"
        );
    }

    #[test]
    fn a_marker_outside_an_attribute_is_text() {
        let html = format!("<p>{ROOT}moeder/</p>");
        assert_eq!(resolve(&html, "../", true), html);
    }
}
