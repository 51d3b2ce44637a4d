//! Front-matter dispatch: reads a content file, checks its id and extension, and deserialises its front matter
//! (or, for a table, the whole file) into the type its folder holds. The body is left for the kind's builder.

use super::files::RawFile;
use crate::diagnostics::Diagnostic;
use crate::model::document::{DocumentFront, PageFront};
use crate::model::meeting::MeetingFront;
use crate::model::table::TableFile;
use crate::model::{valid_id, ItemKind};
use chrono::NaiveDate;

/// Positions inside front matter are one line below the YAML's own: the opening `---`.
pub(crate) const FRONT_MATTER_LINE: usize = 1;

/// A file read and its front matter parsed; `body_start` is the byte offset of the Markdown body.
pub(crate) enum Parsed {
    Meeting {
        file: RawFile,
        front: MeetingFront,
        body_start: usize,
    },
    Document {
        file: RawFile,
        front: DocumentFront,
        body_start: usize,
    },
    Page {
        file: RawFile,
        front: PageFront,
        body_start: usize,
    },
    Table {
        file: RawFile,
        table: Box<TableFile>,
    },
}

/// Reads `f` and parses it as what its folder holds.
pub(crate) fn parse_file(f: RawFile) -> Result<Parsed, Diagnostic> {
    let f = f.read()?;
    if !valid_id(&f.stem) {
        return Err(Diagnostic::error("invalid-id", "file name is not a valid id")
            .in_file(&f.rel)
            .found(f.stem.clone())
            .expected("lowercase letters a-z, digits and hyphens (æ→ae, ø→oe, å→aa), e.g. 2020-01-24-kd-net"));
    }
    let Some(kind) = f.kind() else {
        return Err(Diagnostic::error("unexpected-file", "content files belong in moeder/, dokumenter/, tabeller/ or sider/")
            .in_file(&f.rel)
            .expected("content/moeder/*.md, content/dokumenter/*.md, content/tabeller/*.yaml, content/sider/*.md"));
    };
    match kind {
        ItemKind::Meeting => {
            let (fm, body_start) = markdown_file(&f)?;
            let front = crate::yaml::parse(fm, &f.rel, FRONT_MATTER_LINE)?;
            Ok(Parsed::Meeting {
                file: f,
                front,
                body_start,
            })
        }
        ItemKind::Document => {
            let (fm, body_start) = markdown_file(&f)?;
            let front = crate::yaml::parse(fm, &f.rel, FRONT_MATTER_LINE)?;
            Ok(Parsed::Document {
                file: f,
                front,
                body_start,
            })
        }
        ItemKind::Page => {
            let (fm, body_start) = markdown_file(&f)?;
            let front = crate::yaml::parse(fm, &f.rel, FRONT_MATTER_LINE)?;
            Ok(Parsed::Page {
                file: f,
                front,
                body_start,
            })
        }
        ItemKind::Table => {
            if f.ext != "yaml" && f.ext != "yml" {
                return Err(wrong_extension(&f, "yaml"));
            }
            let table = crate::yaml::parse(&f.text, &f.rel, 0)?;
            Ok(Parsed::Table {
                file: f,
                table: Box::new(table),
            })
        }
    }
}

fn wrong_extension(f: &RawFile, want: &str) -> Diagnostic {
    Diagnostic::error(
        "unexpected-file",
        format!("files in content/{}/ must end in .{want}", f.folder),
    )
    .in_file(&f.rel)
    .found(format!(".{}", f.ext))
}

/// A Markdown file's front matter and the byte offset where its body starts.
fn markdown_file(f: &RawFile) -> Result<(&str, usize), Diagnostic> {
    if f.ext != "md" {
        return Err(wrong_extension(f, "md"));
    }
    let (fm, body, _) = crate::yaml::split_front_matter(&f.text).ok_or_else(|| {
        Diagnostic::error("front-matter-missing", "no front matter")
            .at(&f.rel, 1, 1)
            .expected("a first line `---`, YAML fields, and a closing `---` line")
            .found(
                f.text
                    .lines()
                    .next()
                    .unwrap_or("an empty file")
                    .chars()
                    .take(60)
                    .collect::<String>(),
            )
    })?;
    Ok((fm, f.text.len() - body.len()))
}

/// An ISO date from front matter (at `line_offset` lines into the file).
pub fn parse_date(
    s: &crate::yaml::Spanned<String>,
    file: &str,
    line_offset: usize,
) -> Result<NaiveDate, Diagnostic> {
    NaiveDate::parse_from_str(s.value.trim(), "%Y-%m-%d").map_err(|_| {
        let p = crate::yaml::pos(s, line_offset);
        Diagnostic::error("invalid-date", "not a valid date")
            .at(file, p.line, p.column)
            .expected("an ISO date such as 2020-01-24")
            .found(s.value.clone())
    })
}
