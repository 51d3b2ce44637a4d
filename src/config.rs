//! `protokol.toml`: the one site configuration file.

use crate::diagnostics::Diagnostic;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const CONFIG_FILE: &str = "protokol.toml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Where the site is published ("/", "/portal/" or "https://example.dk/politik/"). Pages link relative to
    /// themselves and work anywhere; only `404.html` (which a server shows at any depth) links from here. An
    /// absolute `base_url` is also the site's [`Config::site_url`].
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// The absolute URL of the published site ("https://example.dk/politik/"), for what needs absolute URLs:
    /// canonical and Open Graph tags, sitemap.xml, feeds, calendar links, OParl ids. Defaults to an absolute
    /// `base_url`.
    #[serde(default)]
    pub url: Option<String>,
    /// Links to a folder end in `/` instead of `/index.html`. Only for sites always served by a web server:
    /// opened from disk, folder links then show a listing.
    #[serde(default)]
    pub pretty_urls: bool,
    #[serde(default)]
    pub language: Lang,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub bodies: Vec<Body>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub short: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

impl Body {
    pub fn short_name(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.name)
    }
}

fn default_base_url() -> String {
    "/".into()
}
fn default_theme() -> String {
    "default".into()
}

impl Config {
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::error("config-missing", format!("cannot read {CONFIG_FILE}: {e}"))
                .in_file(CONFIG_FILE)
                .hint("run `protokol init DIR` to create a site, or pass --root DIR")
        })?;
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|s| {
                    let p = crate::diagnostics::LineIndex::new(&text).pos(&text, s.start);
                    (p.line, p.column)
                })
                .unwrap_or((0, 0));
            Diagnostic::error("config-syntax", e.message().to_string()).at(
                CONFIG_FILE,
                line,
                column,
            )
        })?;
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
        config.confine_paths(root)?;
        if let Some(u) = &mut config.url {
            if !(u.starts_with("https://") || u.starts_with("http://"))
                || u.contains(['"', '<', '>', ' '])
            {
                return Err(Diagnostic::error(
                    "config-url",
                    "`url` is not an absolute http(s) URL",
                )
                .in_file(CONFIG_FILE)
                .found(u.clone())
                .expected("e.g. url = \"https://example.dk/politik/\""));
            }
            if !u.ends_with('/') {
                u.push('/');
            }
        }
        let mut seen = std::collections::HashSet::new();
        for b in &config.bodies {
            if !crate::model::valid_id(&b.id) || !seen.insert(b.id.clone()) {
                return Err(Diagnostic::error(
                    "config-body",
                    format!("invalid or duplicate body id `{}`", b.id),
                )
                .in_file(CONFIG_FILE)
                .expected("unique ids of lowercase letters, digits and hyphens"));
            }
        }
        Ok(config)
    }

    /// Keeps every path the configuration names inside the site root: the theme is the name of one folder in
    /// `themes/` (not a path, not absolute), and the folders protokol reads templates and files from (`themes/`
    /// and the theme's folder, `templates/`, `static/`) may not resolve outside the root through a symlink.
    fn confine_paths(&self, root: &Path) -> Result<(), Diagnostic> {
        let name = Path::new(&self.theme);
        let mut parts = name.components();
        let plain = matches!(
            (parts.next(), parts.next()),
            (Some(std::path::Component::Normal(_)), None)
        ) && !self.theme.contains(['/', '\\', '\0']);
        if !plain {
            return Err(Diagnostic::error(
                "unsafe-path",
                format!(
                    "theme = \"{}\" er ikke navnet på en mappe i themes/; protokol læser kun filer i sitets egen mappe",
                    self.theme
                ),
            )
            .in_file(CONFIG_FILE)
            .found(self.theme.clone())
            .expected("navnet på en mappe i themes/, fx theme = \"default\" eller theme = \"mit-tema\"")
            .hint("Læg temaet i themes/<navn>/ i sitets mappe og skriv kun navnet."));
        }
        let theme = format!("themes/{}", self.theme);
        for rel in ["themes", theme.as_str(), "templates", "static"] {
            confine(root, rel)?;
        }
        Ok(())
    }

    /// The absolute URL of the site root, ending in `/`, if the configuration gives one (`url`, or an absolute
    /// `base_url`).
    pub fn site_url(&self) -> Option<&str> {
        self.url.as_deref().or_else(|| {
            (self.base_url.starts_with("https://") || self.base_url.starts_with("http://"))
                .then_some(self.base_url.as_str())
        })
    }

    /// The host part of [`Config::site_url`] ("example.dk"), for ids that must be globally unique.
    pub fn site_host(&self) -> Option<&str> {
        let u = self.site_url()?;
        let rest = u.split_once("://")?.1;
        Some(rest.split(['/', ':']).next().unwrap_or(rest))
    }

    pub fn body(&self, id: &str) -> Option<&Body> {
        self.bodies.iter().find(|b| b.id == id)
    }
}

/// Refuses `rel` (a path below the site root that protokol reads) when it exists and resolves outside the root,
/// through a symlink: no file outside the site is read.
pub fn confine(root: &Path, rel: &str) -> Result<(), Diagnostic> {
    let path = root.join(rel);
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(());
    }
    let (Ok(real), Ok(real_root)) = (path.canonicalize(), root.canonicalize()) else {
        return Ok(());
    };
    if real.starts_with(&real_root) {
        return Ok(());
    }
    Err(Diagnostic::error(
        "unsafe-path",
        format!(
            "{rel} peger uden for sitet (på {}); protokol læser kun filer i sitets egen mappe",
            real.display()
        ),
    )
    .in_file(CONFIG_FILE)
    .found(real.display().to_string())
    .expected(format!("en mappe i {}", real_root.display()))
    .hint(format!(
        "Kopiér indholdet ind i {rel} i stedet for at lænke til det."
    )))
}
