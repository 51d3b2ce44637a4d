//! Front-matter dispatch: reads a content file, checks its id and extension, and deserialises its front matter
//! (or, for a table, the whole file) into the type its folder holds. The body is left for the kind's builder.

use super::files::RawFile;
use crate::diagnostics::{Code, Diagnostic, Text};
use crate::i18n::Msg;
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
        return Err(Diagnostic::error(Code::InvalidId, Msg::InvalidId)
            .in_file(&f.rel)
            .found(f.stem.clone())
            .expected(Msg::ExpectId)
            .hint(Msg::HintInvalidId));
    }
    let Some(kind) = f.kind() else {
        return Err(Diagnostic::error(Code::UnexpectedFile, Msg::FileInNoFolder)
            .in_file(&f.rel)
            .expected("content/moeder/*.md, content/dokumenter/*.md, content/tabeller/*.yaml, content/sider/*.md")
            .hint(Msg::HintFileInNoFolder));
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
        Code::UnexpectedFile,
        Msg::WrongExtension {
            folder: f.folder.clone(),
            ext: want.to_string(),
        },
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
        let first: Text = match f.text.lines().next() {
            Some(line) => line.chars().take(60).collect::<String>().into(),
            None => Msg::EmptyFile.into(),
        };
        Diagnostic::error(Code::FrontMatterMissing, Msg::FrontMatterMissing)
            .at(&f.rel, 1, 1)
            .expected(Msg::ExpectFrontMatter)
            .found(first)
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
        Diagnostic::error(Code::InvalidDate, Msg::InvalidDate)
            .at(file, p.line, p.column)
            .expected(Msg::ExpectIsoDate)
            .found(s.value.clone())
    })
}
