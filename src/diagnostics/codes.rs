//! Diagnostic codes: typed, each with the stable string that JSON, GitHub annotations, tests and docs use.

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident = $text:literal),* $(,)?) => {
        /// What kind of problem a diagnostic is. The strings never change (README, "Diagnostics").
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($(#[$doc])* $name),* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$name),*];
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$name => $text),* }
            }
            /// The code written as a string, if it is one.
            pub fn parse(s: &str) -> Option<Code> {
                match s { $($text => Some(Code::$name),)* _ => None }
            }
        }
    };
}

codes! {
    AcknowledgedDiscrepancy = "acknowledged-discrepancy",
    AmbiguousNumber = "ambiguous-number",
    ApprovesUnknownMeeting = "approves-unknown-meeting",
    BinaryFile = "binary-file",
    BrokenReference = "broken-reference",
    /// A `ref:` link whose text names another unit or document than its target.
    ReferenceText = "reference-text",
    ClosedAttachment = "closed-attachment",
    ClosedItem = "closed-item",
    ClosedTable = "closed-table",
    ConfigBody = "config-body",
    ConfigDate = "config-date",
    ConfigMissing = "config-missing",
    ConfigSyntax = "config-syntax",
    ConfigUrl = "config-url",
    ContentMissing = "content-missing",
    DecimalComma = "decimal-comma",
    DuplicateId = "duplicate-id",
    DuplicateUnit = "duplicate-unit",
    FileTooLarge = "file-too-large",
    FrontMatterMissing = "front-matter-missing",
    ImpossibleDate = "impossible-date",
    InitExists = "init-exists",
    InternalError = "internal-error",
    InvalidDate = "invalid-date",
    InvalidId = "invalid-id",
    Io = "io",
    /// An item's id (`{#budget-2021}`) that is not a slug or is used twice (#17).
    ItemId = "item-id",
    ItemMissing = "item-missing",
    ItemNotInOverview = "item-not-in-overview",
    ItemNumber = "item-number",
    ItemOrder = "item-order",
    /// A reference by id whose text names another number than the item now has (#17).
    ItemRenumbered = "item-renumbered",
    ItemTitle = "item-title",
    MeetingFileName = "meeting-file-name",
    MeetingTextOutsideItem = "meeting-text-outside-item",
    MissingField = "missing-field",
    MovedFromDate = "moved-from-date",
    NotUtf8 = "not-utf8",
    PathOutsideSite = "path-outside-site",
    Render = "render",
    RoundingDrift = "rounding-drift",
    StaleAcknowledgement = "stale-acknowledgement",
    StatusNotApplicable = "status-not-applicable",
    StatuteWithoutUnits = "statute-without-units",
    TableColumn = "table-column",
    TableCross = "table-cross",
    TableNoRules = "table-no-rules",
    TableNumber = "table-number",
    TableRow = "table-row",
    TableRule = "table-rule",
    TableSum = "table-sum",
    Template = "template",
    ThemeMissing = "theme-missing",
    // scale (#15): a bad `--partition`, slices that do not merge.
    Partition = "partition",
    MergeSlices = "merge-slices",
    UnexpectedFile = "unexpected-file",
    UnknownBody = "unknown-body",
    UnknownDirective = "unknown-directive",
    UnknownDocument = "unknown-document",
    /// A table names a document or agenda item that exists but does not print it.
    TablePlacement = "table-placement",
    UnknownField = "unknown-field",
    UnknownMeeting = "unknown-meeting",
    UnknownTable = "unknown-table",
    // figures (#18)
    /// A `[[tal:…]]` directive that cannot be read.
    FigureSyntax = "figure-syntax",
    /// A bound figure whose table, row, column, rule or parameter does not exist.
    FigureUnknown = "figure-unknown",
    /// A bound figure whose printed figure differs from the table's.
    FigureDiffers = "figure-differs",
    /// A number near a table, of four significant digits or more, one digit off one of its figures, unbound.
    FigureSlip = "figure-slip",
    /// A number near a table that equals one of its figures (or rounds it for display) but is not bound.
    FigureUnbound = "figure-unbound",
    // versions (#14)
    VersionDate = "version-date",
    VersionOf = "version-of",
    VersionRenumbered = "version-renumbered",
    // votes (#17): votes and positions in minutes, joint meetings, init templates.
    /// A vote's count that the members or parties listed with it cannot give.
    VoteCount = "vote-count",
    /// A member named on two sides of one vote.
    VoteTwice = "vote-twice",
    /// A member disqualified for the item ("inhabil") who is named as voting on it.
    VoteInhabil = "vote-inhabil",
    /// Votes or positions in an agenda.
    VoteInAgenda = "vote-in-agenda",
    /// A vote with neither sides nor outcome.
    VoteEmpty = "vote-empty",
    /// An outcome the vote's counts contradict (a warning).
    VoteOutcome = "vote-outcome",
    /// `body:` empty, or naming a body twice.
    MeetingBodies = "meeting-bodies",
    /// `protokol init --template` with a template protokol does not have.
    InitTemplate = "init-template",
    UnsafeLink = "unsafe-link",
    UnsafeOutput = "unsafe-output",
    UnsafePath = "unsafe-path",
    Weekday = "weekday",
    Yaml = "yaml",
    // crossref (#18)
    /// An acknowledgement names a place the file does not have, or none where it must.
    AcknowledgementPlace = "acknowledgement-place",
    /// A table column names a shared source protokol.toml does not declare.
    UnknownSource = "unknown-source",
    /// An `approves:` names an agenda, another body's meeting, or a meeting that is not earlier.
    ApprovesWrongMeeting = "approves-wrong-meeting",
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_unique_and_round_trip() {
        for &c in Code::ALL {
            assert_eq!(Code::parse(c.as_str()), Some(c));
        }
        let mut all: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), Code::ALL.len());
    }
}
