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
    /// Prefix of every URL the site writes ("/" or "/portal/"); absolute URLs are allowed for feeds/sitemaps.
    #[serde(default = "default_base_url")]
    pub base_url: String,
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

    pub fn body(&self, id: &str) -> Option<&Body> {
        self.bodies.iter().find(|b| b.id == id)
    }
}
