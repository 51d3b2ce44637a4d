//! `protokol.toml`: the one site configuration file.

use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::Lang;
use crate::i18n::Msg;
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
    /// The language protokol speaks to the people who edit the site: diagnostics, the summary lines and the
    /// error overlay of `protokol serve`. Danish unless set (`--lang` overrides it).
    #[serde(default)]
    pub diagnostics_language: Option<Lang>,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub bodies: Vec<Body>,
    /// The facts an accessibility statement must give (bek. nr. 904 af 22. august 2019), shown on its page.
    #[serde(default)]
    pub accessibility: Option<AccessibilityStatement>,
    /// Shared sources of figures (`[[sources]]`): one quantity several tables print (e.g. the populations of
    /// 1 January 2020). A table column names the one it prints with `source:`; `check` holds them to agree.
    #[serde(default)]
    pub sources: Vec<FigureSource>,
}

/// A source of figures several tables print, declared once (`[[sources]]` with `id` and `title`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FigureSource {
    pub id: String,
    /// What readers and diagnostics call it ("Folketal pr. 1. januar 2020 (Danmarks Statistik)").
    pub title: String,
}

/// What bek. 904/2019 asks of an accessibility statement besides its text (which is a page in `content/sider/`):
/// a written and a telephone contact, the date it was made and last reviewed, the compliance status and how it was
/// assessed, and the complaint route to Digitaliseringsstyrelsen.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AccessibilityStatement {
    /// The id of the page that is the statement ("tilgaengelighed" for `content/sider/tilgaengelighed.md`).
    pub page: String,
    /// Who answers readers about accessibility (a unit or a person).
    pub contact: String,
    pub email: String,
    /// The order asks for a telephone contact beside the written one; give it when the site is published.
    #[serde(default)]
    pub phone: Option<String>,
    /// When the statement was made and last reviewed ("2026-12-01"; reviewed at least once a year).
    pub prepared: String,
    #[serde(default)]
    pub reviewed: Option<String>,
    /// How far the site meets the standard (EN 301 549 / WCAG 2.1 AA).
    pub compliance: Compliance,
    /// How that was assessed, in words ("selvevaluering med axe-core og html-validate og manuel gennemgang").
    pub method: String,
    /// Where a reader turns when the answer does not come or does not help.
    #[serde(default = "default_complaint_url")]
    pub complaint_url: String,
}

/// The three compliance statuses of the EU model statement (implementing decision (EU) 2018/1523).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Compliance {
    Full,
    Partial,
    None,
}

fn default_complaint_url() -> String {
    "https://digst.dk/digital-inklusion/webtilgaengelighed/oplever-du-ikke-tilgaengeligt-indhold/"
        .into()
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
            Diagnostic::error(
                Code::ConfigMissing,
                Msg::ConfigMissing {
                    file: CONFIG_FILE.into(),
                    reason: e.to_string(),
                },
            )
            .in_file(CONFIG_FILE)
            .hint(Msg::ConfigMissingHint)
        })?;
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|s| {
                    let p = crate::diagnostics::LineIndex::new(&text).pos(&text, s.start);
                    (p.line, p.column)
                })
                .unwrap_or((0, 0));
            Diagnostic::error(
                Code::ConfigSyntax,
                Msg::ConfigSyntax {
                    file: CONFIG_FILE.into(),
                    detail: e.message().to_string(),
                },
            )
            .at(CONFIG_FILE, line, column)
        })?;
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
        config.confine_paths(root)?;
        if let Some(u) = &mut config.url {
            if !(u.starts_with("https://") || u.starts_with("http://"))
                || u.contains(['"', '<', '>', ' '])
            {
                return Err(Diagnostic::error(Code::ConfigUrl, Msg::ConfigUrl)
                    .in_file(CONFIG_FILE)
                    .found(u.clone())
                    .expected(Msg::ConfigUrlExpected));
            }
            if !u.ends_with('/') {
                u.push('/');
            }
        }
        if let Some(a) = &config.accessibility {
            for date in std::iter::once(&a.prepared).chain(&a.reviewed) {
                if chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() {
                    return Err(Diagnostic::error(Code::ConfigDate, Msg::ConfigDate)
                        .in_file(CONFIG_FILE)
                        .found(date.clone())
                        .expected(Msg::ConfigDateExpected));
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        for b in &config.bodies {
            if !crate::model::valid_id(&b.id) || !seen.insert(b.id.clone()) {
                return Err(Diagnostic::error(
                    Code::ConfigBody,
                    Msg::ConfigBody { id: b.id.clone() },
                )
                .in_file(CONFIG_FILE)
                .found(b.id.clone())
                .expected(Msg::ConfigBodyExpected));
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
                Code::UnsafePath,
                Msg::ThemeNotAFolder {
                    theme: self.theme.clone(),
                },
            )
            .in_file(CONFIG_FILE)
            .found(self.theme.clone())
            .expected(Msg::ThemeNotAFolderExpected)
            .hint(Msg::ThemeNotAFolderHint));
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

    /// The short names of bodies, listed in the portal's language ("Økonomiudvalget og Børne- og
    /// Skoleudvalget", a joint meeting's); an id not declared stands for itself.
    pub fn body_names<'a>(&'a self, ids: impl Iterator<Item = &'a str>) -> String {
        let names: Vec<&str> = ids
            .map(|id| self.body(id).map_or(id, |b| b.short_name()))
            .collect();
        crate::i18n::joined(&names, self.language)
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
        Code::UnsafePath,
        Msg::PathOutsideSite {
            path: rel.to_string(),
            target: real.display().to_string(),
        },
    )
    .in_file(CONFIG_FILE)
    .found(real.display().to_string())
    .expected(Msg::PathOutsideSiteExpected {
        root: real_root.display().to_string(),
    })
    .hint(Msg::PathOutsideSiteHint {
        path: rel.to_string(),
    }))
}
