//! Documents (statutes, bylaws, notes, letters, reports …) and plain pages.

use super::{Discrepancy, Section, Source};
pub use crate::kinds::DocumentKind;
use serde::{Deserialize, Serialize};

/// How a statute or bylaw numbers its provisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Numbering {
    /// "4.7": numbered sections and paragraphs (`#pkt-4-7`).
    Dotted,
    /// "§ 4, stk. 2, nr. 3": paragraphs (§), subsections (stk.), items (nr.) and letters (litra) (`#p4-stk2-nr3`).
    Paragraph,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    /// Put forward for adoption (a version of a statute proposed to a meeting).
    Proposed,
    Adopted,
    /// No longer in force (a version replaced by a later one).
    Repealed,
}

impl Status {
    /// The name templates and the catalogue use.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Proposed => "proposed",
            Status::Adopted => "adopted",
            Status::Repealed => "repealed",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentFront {
    pub kind: DocumentKind,
    /// Required, except in a version file (a version may have no title of its own; the loader says so).
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub date: Option<crate::yaml::Spanned<String>>,
    #[serde(default)]
    pub status: Option<crate::yaml::Spanned<Status>>,
    #[serde(default)]
    pub adopted: Option<crate::yaml::Spanned<String>>,
    #[serde(default)]
    pub source: Option<String>,
    /// The case number a letter or memo is filed under, as printed ("Sagsnr. 24/00412"; `sagsnr:` is the same).
    #[serde(default, alias = "sagsnr", alias = "sagsnummer")]
    pub case: Option<String>,
    /// The journal number, as printed ("J.nr. 00.01.00-A00-1-24"; `j_nr:`, `journalnr:` are the same).
    #[serde(default, alias = "j_nr", alias = "journalnr", alias = "journalnummer")]
    pub journal: Option<String>,
    #[serde(default)]
    pub tables: Vec<crate::yaml::Spanned<String>>,
    /// Statutes and bylaws: how provisions are numbered; detected from the text when omitted.
    #[serde(default)]
    pub numbering: Option<Numbering>,
    /// Names by which other texts cite this document ("forretningsordenen" in "§ 3 i forretningsordenen").
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Other editions described in words only (their source and how they differ), for documents whose other
    /// editions are not transcribed in full; a statute's full versions are `version:` files instead.
    #[serde(default, rename = "versions")]
    pub described_versions: Vec<DescribedVersion>,
    /// A version file: the id of the document (statute, bylaw) it is an earlier or other version of.
    #[serde(default)]
    pub version_of: Option<crate::yaml::Spanned<String>>,
    /// This text as one dated version of the document (see [`super::version`]).
    #[serde(default)]
    pub version: Option<super::version::VersionFront>,
    #[serde(default, deserialize_with = "crate::yaml::with_positions")]
    pub discrepancies: Vec<Discrepancy>,
}

/// An edition described in words (`versions:`): where it was found and how it differs from the text published.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DescribedVersion {
    /// Where the edition was found, for editors and `check` (not shown to readers).
    pub source: String,
    /// What readers see as the edition's heading.
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub differences: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub id: String,
    pub source: Source,
    pub front: DocumentFront,
    pub date: Option<chrono::NaiveDate>,
    pub adopted: Option<chrono::NaiveDate>,
    pub html: String,
    pub text: String,
    /// The bound figures (`[[tal:…]]`) and other numbers of the body, for the figure checks.
    pub figures: super::figure::TextFigures,
    pub sections: Vec<Section>,
    /// Dates written with their weekday anywhere in the file, for the weekday check.
    pub weekday_dates: Vec<super::DatedPhrase>,
    /// Dates no calendar has ("30. februar 2021") in the body, for the date check.
    pub impossible_dates: Vec<super::ImpossibleDate>,
    /// Every table the body places with `[[tabel:id]]`, found or not: what to render again when a table changes.
    pub tables_requested: Vec<String>,
    /// A document written as dated versions: this text's version (parsed from `version:`).
    pub version: Option<super::version::VersionInfo>,
    /// Each unit's text (for comparing versions): only for a document with `version:`.
    pub units: Vec<super::version::UnitText>,
    /// The document's other versions (their own files, `version_of:` this one), oldest first.
    pub versions: Vec<Document>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Position in the footer navigation; pages without it are not listed there.
    #[serde(default)]
    pub menu: Option<u32>,
    #[serde(default, deserialize_with = "crate::yaml::with_positions")]
    pub discrepancies: Vec<Discrepancy>,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub id: String,
    pub source: Source,
    pub front: PageFront,
    pub html: String,
    pub text: String,
    /// The bound figures and other numbers of the body.
    pub figures: super::figure::TextFigures,
    /// Dates written with their weekday in the body, for the weekday check.
    pub weekday_dates: Vec<super::DatedPhrase>,
    /// Dates no calendar has in the body, for the date check.
    pub impossible_dates: Vec<super::ImpossibleDate>,
    /// Every table the body places with `[[tabel:id]]`, found or not.
    pub tables_requested: Vec<String>,
}
