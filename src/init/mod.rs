//! `protokol init [--template NAME] DIR`: a working skeleton site from one of the templates ([`TEMPLATES`]): the
//! default `standard` (an association's board, [`standard`]) or `kommune` (a municipal committee's portal in the
//! municipal style, [`kommune`]). Each builds and checks with no errors and no warnings (tests/init.rs).

mod kommune;
mod standard;

use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::Msg;
use std::path::Path;

/// The templates by name: the files each writes (path below DIR, text). The first is the default.
pub const TEMPLATES: &[(&str, &[(&str, &str)])] =
    &[("standard", standard::FILES), ("kommune", kommune::FILES)];

/// Writes the template `template` (the default when `None`) into `dir`; the number of files written.
pub fn init(dir: &Path, template: Option<&str>) -> Result<usize, Diagnostic> {
    let name = template.map(str::trim).unwrap_or(TEMPLATES[0].0);
    let Some((_, files)) = TEMPLATES.iter().find(|(n, _)| *n == name) else {
        let names: Vec<&str> = TEMPLATES.iter().map(|(n, _)| *n).collect();
        return Err(Diagnostic::error(
            Code::InitTemplate,
            Msg::InitUnknownTemplate {
                name: name.chars().take(60).collect(),
            },
        )
        .expected(Msg::ExpectInitTemplate {
            templates: names.join(", "),
        })
        .found(name.chars().take(60).collect::<String>()));
    };
    if dir.join(crate::config::CONFIG_FILE).exists() {
        return Err(Diagnostic::error(
            Code::InitExists,
            Msg::InitExists {
                dir: dir.display().to_string(),
            },
        )
        .hint(Msg::HintInitExists));
    }
    for (rel, text) in *files {
        let path = dir.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| {
                Diagnostic::error(
                    Code::Io,
                    Msg::CannotCreate {
                        path: p.display().to_string(),
                        reason: e.to_string(),
                    },
                )
            })?;
        }
        std::fs::write(&path, text).map_err(|e| {
            Diagnostic::error(
                Code::Io,
                Msg::CannotWrite {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                },
            )
        })?;
    }
    Ok(files.len())
}
