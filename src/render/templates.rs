//! Template and static-file IO: the embedded default theme, the site's theme and overrides, compiling them, and
//! which page templates a changed template feeds.

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::{self, Lang, Msg};
use std::collections::BTreeMap;
use std::path::Path;

/// The default theme, embedded so that the binary works without the repository around it.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "index.html",
        include_str!("../../themes/default/templates/index.html"),
    ),
    (
        "meeting.html",
        include_str!("../../themes/default/templates/meeting.html"),
    ),
    (
        "document.html",
        include_str!("../../themes/default/templates/document.html"),
    ),
    (
        "changes.html",
        include_str!("../../themes/default/templates/changes.html"),
    ),
    (
        "partials/versions.html",
        include_str!("../../themes/default/templates/partials/versions.html"),
    ),
    (
        "table.html",
        include_str!("../../themes/default/templates/table.html"),
    ),
    (
        "body.html",
        include_str!("../../themes/default/templates/body.html"),
    ),
    (
        "year.html",
        include_str!("../../themes/default/templates/year.html"),
    ),
    (
        "list.html",
        include_str!("../../themes/default/templates/list.html"),
    ),
    (
        "page.html",
        include_str!("../../themes/default/templates/page.html"),
    ),
    (
        "404.html",
        include_str!("../../themes/default/templates/404.html"),
    ),
    (
        "search.html",
        include_str!("../../themes/default/templates/search.html"),
    ),
    (
        "partials/table.html",
        include_str!("../../themes/default/templates/partials/table.html"),
    ),
    (
        "partials/chart.html",
        include_str!("../../themes/default/templates/partials/chart.html"),
    ),
    (
        "partials/proofs.html",
        include_str!("../../themes/default/templates/partials/proofs.html"),
    ),
    (
        "partials/calendar.html",
        include_str!("../../themes/default/templates/partials/calendar.html"),
    ),
    (
        "partials/positions.html",
        include_str!("../../themes/default/templates/partials/positions.html"),
    ),
    (
        "partials/list_meeting.html",
        include_str!("../../themes/default/templates/partials/list_meeting.html"),
    ),
    (
        "partials/body_meeting.html",
        include_str!("../../themes/default/templates/partials/body_meeting.html"),
    ),
];
pub const DEFAULT_STATIC: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../themes/default/static/style.css"),
    ),
    (
        "soeg-kerne.js",
        include_str!("../../themes/default/static/soeg-kerne.js"),
    ),
    (
        "soeg.js",
        include_str!("../../themes/default/static/soeg.js"),
    ),
    (
        "favicon.svg",
        include_str!("../../themes/default/static/favicon.svg"),
    ),
];

/// Loads the theme and the site's template overrides.
pub fn templates(root: &Path, config: &Config) -> Result<tera::Tera, Diagnostic> {
    compile_templates(&template_sources(root, config)?)
}

/// The text of every template by name: the embedded defaults, overridden by the theme's, overridden by the site's.
pub fn template_sources(
    root: &Path,
    config: &Config,
) -> Result<BTreeMap<String, String>, Diagnostic> {
    let mut sources: BTreeMap<String, String> = DEFAULT_TEMPLATES
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    let theme_dir = root.join("themes").join(&config.theme).join("templates");
    if config.theme != "default" && !theme_dir.is_dir() {
        return Err(Diagnostic::error(
            Code::ThemeMissing,
            Msg::ThemeMissing {
                theme: config.theme.clone(),
            },
        )
        .in_file(crate::config::CONFIG_FILE)
        .expected(Msg::ExpectThemeFolder {
            folder: theme_dir
                .strip_prefix(root)
                .unwrap_or(&theme_dir)
                .display()
                .to_string(),
        }));
    }
    // Templates are named by their path below the folder (`partials/table.html`); symlinks are not followed, so
    // nothing outside the site is read.
    for dir in [theme_dir, root.join("templates")] {
        for e in walkdir::WalkDir::new(&dir)
            .follow_links(false)
            .into_iter()
            .flatten()
        {
            let Ok(rel) = e.path().strip_prefix(&dir) else {
                continue;
            };
            let name = rel.to_string_lossy().replace('\\', "/");
            if e.file_type().is_file() && name.ends_with(".html") {
                let text = std::fs::read_to_string(e.path()).map_err(|err| {
                    Diagnostic::error(
                        Code::Io,
                        Msg::TemplateUnreadable {
                            detail: err.to_string(),
                        },
                    )
                    .in_file(&name)
                })?;
                sources.insert(name, text);
            }
        }
    }
    Ok(sources)
}

/// Compiles templates (as [`template_sources`] returns them).
pub fn compile_templates(sources: &BTreeMap<String, String>) -> Result<tera::Tera, Diagnostic> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html"]);
    // HTML's five characters, not Tera's extra `/` → `&#x2F;` (which made every URL unreadable in the source).
    tera.set_escape_fn(super::format::escape);
    tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .map_err(|e| {
            Diagnostic::error(Code::Template, template_error(&e)).hint(Msg::HintCheckTemplates)
        })?;
    Ok(tera)
}

/// A Tera error with its causes (the line of a template that failed is in a cause, not in the error itself).
pub(super) fn template_error(e: &tera::Error) -> Msg {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    Msg::TemplateInvalid { detail: msg }
}

/// Renders a fragment template (a table, a calendar) with its context under `key` and the interface strings as
/// `t`, as page templates have them.
pub(super) fn render_fragment(
    tera: &tera::Tera,
    name: &str,
    key: &str,
    value: serde_json::Value,
    lang: Lang,
) -> Result<String, Diagnostic> {
    let mut c = tera::Context::new();
    c.insert(key, &value);
    c.insert("t", &i18n::strings(lang));
    tera.render(name, &c).map_err(|e| {
        Diagnostic::error(Code::Template, template_error(&e)).hint(Msg::HintWhileRendering {
            page: name.to_string(),
        })
    })
}

/// The embedded default theme, compiled once (for fragments made before a site's templates are loaded).
pub(super) fn default_templates() -> &'static tera::Tera {
    static DEFAULT: std::sync::OnceLock<tera::Tera> = std::sync::OnceLock::new();
    DEFAULT.get_or_init(|| {
        let sources = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        // The embedded templates compile (a unit test below says so); an empty Tera renders nothing.
        compile_templates(&sources).unwrap_or_default()
    })
}

/// The page templates that `changed` templates (by name) feed: the page template itself, a template it extends,
/// a macro file it imports, or the partial of the rows it joins ([`super::rows::ROW_TEMPLATES`]). `None` when a changed template is none of these for any page template (it may be
/// included anywhere): then every page must be rendered.
pub fn page_templates_using(
    tera: &tera::Tera,
    changed: &std::collections::BTreeSet<String>,
) -> Option<std::collections::BTreeSet<&'static str>> {
    let mut pages = std::collections::BTreeSet::new();
    let mut explained = std::collections::BTreeSet::new();
    for page in PAGE_TEMPLATES {
        let mut feeds = template_family(tera, page)?;
        // The rows a list page joins are rendered from their partials, not included by the page (`rows.rs`).
        feeds.extend(
            (super::rows::ROW_TEMPLATES.iter())
                .filter(|(_, joined_by)| joined_by == page)
                .map(|(row, _)| *row),
        );
        for name in feeds {
            if changed.contains(name) {
                pages.insert(*page);
                explained.insert(name.to_string());
            }
        }
    }
    (explained.len() == changed.len()).then_some(pages)
}

/// A template with the templates it extends and the macro files it or they import: what its pages are made of
/// besides what it includes. `None` when there is no such template.
pub(super) fn template_family<'a>(tera: &'a tera::Tera, page: &'a str) -> Option<Vec<&'a str>> {
    let t = tera.get_template(page).ok()?;
    let mut family: Vec<&str> = vec![page];
    family.extend(t.parents.iter().map(String::as_str));
    for name in family.clone() {
        if let Ok(x) = tera.get_template(name) {
            family.extend(x.imported_macro_files.iter().map(|(f, _)| f.as_str()));
        }
    }
    Some(family)
}

/// Templates that render a page of their own ([`PageId::template`]); the rest are parents, partials or macros.
const PAGE_TEMPLATES: &[&str] = &[
    "index.html",
    "list.html",
    "body.html",
    "year.html",
    "meeting.html",
    "document.html",
    "changes.html",
    "table.html",
    "page.html",
    "404.html",
    "search.html",
];

/// Static files of the theme, overridable by `static/` of the site.
pub fn static_files(root: &Path, config: &Config) -> Vec<(String, Vec<u8>)> {
    let mut files: BTreeMap<String, Vec<u8>> = DEFAULT_STATIC
        .iter()
        .map(|(n, s)| (n.to_string(), s.as_bytes().to_vec()))
        .collect();
    for dir in [
        root.join("themes").join(&config.theme).join("static"),
        root.join("static"),
    ] {
        for e in walkdir::WalkDir::new(&dir)
            .follow_links(false)
            .into_iter()
            .flatten()
        {
            if e.file_type().is_file() {
                if let (Ok(rel), Ok(bytes)) = (e.path().strip_prefix(&dir), std::fs::read(e.path()))
                {
                    files.insert(rel.to_string_lossy().replace('\\', "/"), bytes);
                }
            }
        }
    }
    files.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::PageId;

    #[test]
    fn every_page_template_is_known_and_feeds_only_its_pages() {
        let all = [
            PageId::Home,
            PageId::Documents,
            PageId::Tables,
            PageId::Meetings,
            PageId::Body(String::new()),
            PageId::BodyYear(String::new(), 0),
            PageId::Meeting(String::new()),
            PageId::Document(String::new()),
            PageId::Version(String::new(), String::new()),
            PageId::Changes(String::new()),
            PageId::Table(String::new()),
            PageId::Page(String::new()),
            PageId::NotFound,
            PageId::Search,
        ];
        for p in &all {
            assert!(PAGE_TEMPLATES.contains(&p.template()), "{p:?}");
        }
        let sources: BTreeMap<String, String> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        let tera = compile_templates(&sources).unwrap();
        let changed = |names: &[&str]| names.iter().map(|n| n.to_string()).collect();
        let meeting = page_templates_using(&tera, &changed(&["meeting.html"])).unwrap();
        assert_eq!(meeting.into_iter().collect::<Vec<_>>(), ["meeting.html"]);
        let base = page_templates_using(&tera, &changed(&["base.html"])).unwrap();
        assert_eq!(
            base.len(),
            PAGE_TEMPLATES.len(),
            "every page extends base.html"
        );
        let rows = page_templates_using(&tera, &changed(&["partials/body_meeting.html"])).unwrap();
        assert_eq!(rows.into_iter().collect::<Vec<_>>(), ["body.html"]);
        assert!(
            page_templates_using(&tera, &changed(&["partial.html"])).is_none(),
            "a template no page extends may be included anywhere"
        );
    }
}
