//! Dated versions of a statute or bylaw: the `version:` block of a document's front matter (the main file holds
//! the current version, each other version has a file of its own with `version_of:`), and the texts of its
//! units that versions are compared by ([`crate::statute::diff`]).

use crate::yaml::Spanned;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `version:` in front matter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionFront {
    /// What readers call the version ("Juni-versionen").
    pub label: String,
    /// Where the version comes from, for readers ("Bilag til referatet af KD-Net-mødet 24. januar 2020").
    #[serde(default)]
    pub description: Option<String>,
    /// The version's date (ISO): when it was put forward or adopted. It orders the versions and is the
    /// version's address (`versioner/2020-01-24/`), so no two versions of a document share it.
    pub date: Spanned<String>,
    /// "Gældende fra": the date the version takes effect, when it is known.
    #[serde(default)]
    pub valid_from: Option<Spanned<String>>,
    /// Units numbered differently than in the previous version: this version's anchor → the previous one's
    /// (`pkt-6-8: pkt-6-7`), so the two are compared as one unit.
    #[serde(default)]
    pub renumbered: BTreeMap<String, Spanned<String>>,
}

/// A version as the model holds it, its dates parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionInfo {
    pub label: String,
    pub description: Option<String>,
    pub date: NaiveDate,
    pub valid_from: Option<NaiveDate>,
    /// This version's anchor → the previous version's, for units renumbered in between.
    pub renumbered: BTreeMap<String, String>,
}

impl VersionInfo {
    /// The version's address below its document: `versioner/<slug>/`.
    pub fn slug(&self) -> String {
        self.date.format("%Y-%m-%d").to_string()
    }
}

/// One unit of a numbered text (a heading, "2.5", "§ 4, stk. 2", an appendix section) with its plain text: what
/// two versions are compared by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitText {
    /// The unit's identity: its anchor (`pkt-2-5`, `p4-stk2`), the same in every version that numbers it alike.
    pub anchor: String,
    /// As printed ("2.5", "§ 4"); empty for an unnumbered heading.
    pub number: String,
    /// The heading or the first words.
    pub title: String,
    /// The title of the part (level-2 section: chapter, appendix) an unnumbered heading is in; else empty.
    pub part: String,
    /// The unit's own text, up to the next unit, in words separated by single spaces.
    pub text: String,
}
