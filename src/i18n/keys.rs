//! The keys of the catalogue: every interface string ([`Ui`]) and every message with its typed parameters
//! ([`Msg`]). Each language (`da.rs`, `en.rs`) maps every key to its text with an exhaustive `match`, so a
//! language that lacks an entry does not compile. This file uses nothing but the parameter types named in its
//! parent (`Figure`, `Date`, `Weekday`, `Sub`, `Arg`, `arg`), so that `tests/catalogue.rs` can compile it alone
//! with a stub language.

use super::{arg, Arg, Date, Figure, Sub, Weekday};

/// Defines [`Key`] (one per message), [`Msg`] (the same with typed parameters) and their parameter lists.
macro_rules! messages {
    ($( $(#[$doc:meta])* $name:ident $({ $($field:ident : $ty:ty),* $(,)? })? ),* $(,)?) => {
        /// A message of the catalogue, without its parameters.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key { $($name),* }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$name),*];
            pub fn name(self) -> &'static str {
                match self { $(Key::$name => stringify!($name)),* }
            }
            /// The names of its parameters, as its texts write them (`{file}`).
            pub fn params(self) -> &'static [&'static str] {
                match self { $(Key::$name => &[$($(stringify!($field)),*)?]),* }
            }
        }

        /// A message with its parameters: what the code says, in no language yet.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Msg { $( $(#[$doc])* $name $({ $($field: $ty),* })? ),* }

        impl Msg {
            pub fn key(&self) -> Key {
                match self { $(Msg::$name { .. } => Key::$name),* }
            }
            /// Each parameter's name and value.
            pub fn args(&self) -> Vec<(&'static str, Arg)> {
                match self {
                    $( #[allow(unused_variables)] Msg::$name $({ $($field),* })? =>
                        vec![$($((stringify!($field), arg($field))),*)?] ),*
                }
            }
        }
    };
}

/// Defines [`Ui`]: the interface strings, each with the name templates use (`{{ t.meetings }}`).
macro_rules! ui_strings {
    ($($name:ident = $tera:literal),* $(,)?) => {
        /// An interface string (no parameters).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Ui { $($name),* }

        impl Ui {
            pub const ALL: &'static [Ui] = &[$(Ui::$name),*];
            /// The name templates use.
            pub fn name(self) -> &'static str {
                match self { $(Ui::$name => $tera),* }
            }
            /// The Rust name, for `tests/catalogue.rs`.
            pub fn variant(self) -> &'static str {
                match self { $(Ui::$name => stringify!($name)),* }
            }
        }
    };
}

messages! {
    // --- Numbers, dates and names ---
    /// A figure alone (expected/found).
    Figure { value: Figure },
    /// A weekday's name alone.
    WeekdayName { day: Weekday },
    DateShort { day: usize, month: String, year: usize },
    DateLong { weekday: String, date: String },
    DayMonth { day: usize, month: String },
    RoundedHalfUp { precision: Sub },
    RoundedHalfEven { precision: Sub },
    RoundedDown { precision: Sub },
    RoundedUp { precision: Sub },
    Exact,
    WholeNumbers,
    Decimals { decimals: usize },

    // --- Summary lines and the command line ---
    Counts { errors: usize, warnings: usize, notes: usize },
    CheckSummary { counts: Sub },
    NothingPublished { counts: Sub, output: String },
    /// What `protokol build` is doing, on an interactive terminal.
    ProgressLoading,
    ProgressRendering { meetings: usize, documents: usize, tables: usize },
    Built { pages: usize, meetings: usize, documents: usize, tables: usize, seconds: Figure, output: String, counts: Sub },
    ServeNothingPublished { counts: Sub },
    ServeKeptLastGood,
    ServeUpdated { ms: String, rendered: usize, written: usize, removed: usize, full: Sub, counts: Sub },
    ServeFullLoad,
    Nothing,
    ServeListening { output: String, address: String },
    ServeNotLocal { bind: String },
    ServeCannotListen { address: String, reason: String },
    ServeCannotWatch { path: String, reason: String },
    Initialised { files: usize, dir: String },
    InternalError { what: Sub, message: Sub },
    InternalErrorHint,
    WholeSite,
    UnknownPanic,

    // --- protokol.toml ---
    ConfigMissing { file: String, reason: String },
    ConfigMissingHint,
    ConfigSyntax { file: String, detail: String },
    ConfigUrl,
    ConfigUrlExpected,
    ConfigDate,
    ConfigDateExpected,
    ConfigBody { id: String },
    ConfigBodyExpected,
    ThemeNotAFolder { theme: String },
    ThemeMissing { theme: String },
    ExpectThemeFolder { folder: String },
    /// A template file that cannot be read; `detail` is the system's words.
    TemplateUnreadable { detail: String },
    /// A template Tera refuses; `detail` is Tera's words with their causes.
    TemplateInvalid { detail: String },
    HintCheckTemplates,
    HintWhileRendering { page: String },
    RenderFailed,
    ThemeNotAFolderExpected,
    ThemeNotAFolderHint,
    PathOutsideSite { path: String, target: String },
    PathOutsideSiteExpected { root: String },
    PathOutsideSiteHint { path: String },

    // --- Numbers as written ---
    NumberWithSeparators,
    NumberExpected,
    NumberTooManyDecimals { max: usize, found: usize },
    NumberTooManyDigits,

    // --- Values in YAML fields, judged while the fields are read ---
    /// A figure written like Danish thousands ("60.000") where YAML reads a decimal.
    ValueAmbiguousNumber { raw: String, plain: String },
    /// A field that takes a figure holds something else; `expected` says what a figure looks like.
    ValueNotANumber { raw: String, expected: Sub },
    ValueDecimalsOutOfRange { raw: String, max: usize },
    ValueNotATime { raw: String },

    // --- YAML ---
    YamlUnclosedQuote { quote: String, line: usize },
    YamlUnclosedBracket { line: usize },
    YamlUnclosedBrace { line: usize },
    YamlUnclosedExpected { closer: String },
    YamlSays { detail: String },
    YamlUnknownField { field: String },
    ExpectFieldOneOf { fields: String },
    YamlMissingField { field: String },
    HintMissingField,
    YamlInvalid { detail: String },
    YamlUnknownValue { value: String },
    ExpectValueOneOf { values: String },

    // --- Content files ---
    FileUnreadable { reason: String },
    HintFileUnreadable,
    FileTooLarge,
    FileSize { bytes: usize },
    HintFileTooLarge,
    FileNotUtf8,
    ExpectUtf8,
    FoundByte { byte: String },
    HintUtf8,
    FileIsBinary,
    HintFileIsBinary,
    SiteRootUnreadable { root: String },
    ContentMissing,
    HintContentMissing,
    ContentUnreadable { reason: String },
    FileOutsideSite,
    HintFileOutsideSite,
    InvalidId,
    ExpectId,
    HintInvalidId,
    FileInNoFolder,
    HintFileInNoFolder,
    WrongExtension { folder: String, ext: String },
    FrontMatterMissing,
    ExpectFrontMatter,
    EmptyFile,
    DuplicateId { id: String },
    HintDuplicateId { other: String },

    // --- References between files ---
    DocumentNamesUnknownTable { id: String },
    ExpectTableId,
    TableNamesUnknownMeeting { id: String },
    ExpectMeetingItem,
    TableNamesUnknownDocument { id: String },
    // placements (#18): the place a table names must be a place that prints it
    TableNotInDocument { document: String },
    ExpectDocumentPlacesTable { table: String },
    HintTableNotInDocument { table: String, document: String },
    TableNotInItem { meeting: String, item: String },
    ExpectItemPlacesTable { table: String },
    HintTableNotInItem { table: String },
    ExpectDocumentId,
    AttachmentUnknownDocument { id: String },
    AttachmentUnknownMeeting { id: String },
    AttachmentUnknownTable { id: String },
    ExpectFileIn { folder: String },
    HintFixIdOrAdd,
    MeetingHasNoItem { meeting: String, item: String },
    DocumentHasNoSection { document: String, section: String },
    NotAnything { id: String },
    ReferencePointsNowhere { written: String, problem: Sub },
    ReferenceAcknowledged { written: String, problem: Sub },
    ExpectExistingTarget,
    HintBrokenReference,
    ApprovesUnknownMeeting { item: String, meeting: String },
    HintApprovesNote,
    DirectiveNoTable { id: String },
    DirectiveNoCalendar { id: String },
    ExpectCalendarId,
    UnsafeLink,
    UnsafeImage,
    ExpectSafeLink,
    ExpectSafeImage,
    ReferenceRangeBackwards { phrase: String },
    ExpectForwardRange,
    StatuteReferenceNowhere { written: String, problem: Sub },
    StatuteReferenceAcknowledged { written: String, problem: Sub },
    UnitMissing { document: String, unit: String },
    ExpectUnitParentMissing { document: String, unit: String },
    ExpectUnitIn { document: String },
    ExpectOneOfUnits { units: String },

    // --- Meetings ---
    StatusNotApplicable,
    HintStatusNotApplicable,
    UnknownBody { body: String },
    HintUnknownBody,
    MeetingFileName,
    HintMeetingFileName,
    MovedFromOwnDate,
    ExpectEarlierDates,
    WeekdayWrong { date: Date, actual: Weekday, written: String },
    WeekdayWrongAcknowledged { date: Date, actual: Weekday, written: String },
    HintWeekday,
    WeekdayInText { phrase: String, actual: Weekday, written: Weekday },
    WeekdayInTextAcknowledged { phrase: String, actual: Weekday, written: Weekday },
    ImpossibleDate { phrase: String },
    ImpossibleDateAcknowledged { phrase: String },
    ExpectPossibleDay,
    HintImpossibleDate,
    ItemTitleDiffers { item: String },
    ItemTitleAcknowledged { item: String },
    HintItemTitle,
    StaleTitleAcknowledgement { item: String },
    HintStaleTitleAcknowledgement,
    ItemMissing { item: String },
    ExpectItemHeading { item: String },
    ItemOrder,
    HintItemOrder,
    ItemNumberTwice { item: String },
    ItemInUndeclaredGroup { item: String, group: String },
    ItemNumberGap { item: String },
    GroupNumberGap,
    TextBeforeFirstItem,
    ExpectFirstItemHeading,
    InvalidDate,
    ExpectIsoDate,
    ClosedValue { item: String },
    ExpectClosedValue,
    ClosedReasonOnOpenItem { item: String },
    HintClosedReasonOnOpenItem,
    /// A table whose `meeting:` is a closed item.
    ClosedTableDeclared { table: String, meeting: String, item: String },
    /// A table that only closed items place or attach.
    ClosedTableOnlyThere { table: String, meeting: String, item: String },
    HintClosedTable,
    ClosedTableAlsoPublic { table: String, meeting: String, item: String },
    HintClosedTableAlsoPublic,
    ClosedAttachmentDocument { document: String, item: String },
    HintClosedAttachmentDocument,

    // items (#17): item numbering styles, item ids, renumbering, groups.
    HintItemNumberGap,
    HintItemNumberRunning,
    ItemLetterOutOfOrder { item: String },
    ItemIdInvalid { id: String },
    ExpectItemId,
    ItemIdTwice { id: String },
    HintItemIdTwice,
    ItemEntryNumberDiffers { id: String, number: String, heading: String },
    HintItemEntryNumberDiffers,
    ItemEntryWithoutKey,
    HintItemEntryWithoutKey,
    HintItemTitleOnce,
    ItemRenumbered { written: String, id: String, number: String },
    HintItemRenumbered,
    GroupWithoutPlace { group: String },
    HintGroupWithoutPlace,
    GroupFirstItemUnknown { group: String, item: String },

    // votes (#17): votes and positions in minutes, joint meetings, unnumbered item links, init templates.
    VoteInAgenda { item: String },
    ExpectMinutesKind,
    HintVoteInAgenda,
    VoteEmpty { item: String },
    ExpectVoteFields,
    VoteCountMembers { item: String, side: Sub, count: usize, members: usize },
    VoteCountParties { item: String, side: Sub, count: usize, named: usize },
    AtLeast { n: usize },
    HintVoteCount,
    VoteMemberTwice { item: String, member: String, first: Sub, second: Sub },
    HintVoteMemberTwice,
    VoteByConflicted { item: String, member: String, side: Sub },
    HintVoteByConflicted,
    VoteOutcomeCounts { item: String, outcome: Sub, yes: usize, no: usize },
    HintVoteOutcome,
    VoteSideFor,
    VoteSideAgainst,
    VoteSideAbstaining,
    OutcomeAdopted,
    OutcomeRejected,
    /// Who voted, written so that no name can be read from it (`for: ","`).
    VotersNotUnderstood { written: String },
    VoteCountInvalid { raw: String },
    MeetingBodiesEmpty,
    MeetingBodyTwice { body: String },
    HintMeetingBodies,
    /// A link to an unnumbered agenda item: "Økonomiudvalget 12. marts 2024, Godkendelse af dagsorden".
    UnnumberedItemLink { body: String, date: Date, heading: String },
    InitUnknownTemplate { name: String },
    ExpectInitTemplate { templates: String },

    // --- Tables ---
    /// A cell that its rule computes otherwise.
    CellDiffers { row: String, column: String, printed: Figure, computed: Figure },
    CellDiffersAcknowledged { row: String, column: String, printed: Figure, computed: Figure },
    HowSplit { amount: Figure, percent: Figure, rounding: Sub },
    HowAllocation { amount: Figure, key: Figure, keys: Figure, rounding: Sub },
    HowPerCapita { rate: Figure, base: Figure, rounding: Sub },
    HowEqualSplit { amount: Figure, rows: usize, rounding: Sub },
    HowDerived { expression: String, rounding: Sub },
    HintCellDiffers { how: Sub },
    SumDiffers { column: String, total: Figure, rows: usize, sum: Figure, difference: Figure },
    SumDiffersAcknowledged { column: String, total: Figure, rows: usize, sum: Figure, difference: Figure },
    HintSumDiffers { rows: usize },
    RoundingDrift { column: String, total: Figure, rows: usize, sum: Figure, difference: Figure },
    HintRoundingDrift { difference: Figure, rule: String },
    PercentTotal { column: String, sum: Figure },
    PercentTotalAcknowledged { column: String, sum: Figure },
    CellsDiffer { first: Sub, first_value: Figure, second: Sub, second_value: Figure },
    CellsDifferAcknowledged { first: Sub, first_value: Figure, second: Sub, second_value: Figure },
    HintCellsDiffer,
    CellIn { table: String, row: String },
    RuleProblem { rule: String, problem: Sub },
    RuleIdTwice,
    RuleNeeds { field: String },
    RuleNoColumn { column: String },
    RuleNoRow { row: String },
    RuleNoTable { table: String },
    RuleTableNoRow { table: String, row: String },
    RuleTableNoColumn { table: String, column: String },
    RuleEmptyIds,
    RuleNoRowsInGroup { group: String },
    RuleEmptySelection,
    RuleNotANumber { row: String, column: String },
    RulePartsNot100 { sum: Figure },
    RuleKeysZero,
    RuleExpression { expression: String, problem: Sub },
    TooLarge { what: Sub },
    TooLargeSumOfColumn { column: String, row: String },
    TooLargeProduct { first: Figure, second: Figure },
    TooLargeQuotient { first: Figure, second: Figure },
    TooLargeOperation { first: Figure, op: String, second: Figure },
    TooLargePercentages,
    TooLargeShare { amount: Figure, percent: Figure },
    TooLargeAllocation { amount: Figure, key: Figure, keys: Figure },
    TooLargeRoundedShares,
    TooLargeRemainder,
    TooLargeShareAndRest,
    TooLargeToShow,
    ExpressionTooLong { chars: usize, max: usize },
    ExpressionTooManyTerms { terms: usize, max: usize },
    ExpressionTooDeep { max: usize },
    ExpressionUnexpected { token: String },
    ExpressionUnexpectedChar { token: String },
    ExpressionEndsEarly,
    ExpressionMissingParen,
    ExpressionDivisionByZero,
    TableNoRules,
    HintTableNoRules,
    StaleTableAcknowledgement { rule: String },
    ExpectStaleTableAcknowledgement { rule: String, computed: Figure, printed: Figure },
    FoundStaleTableAcknowledgement,
    HintStaleTableAcknowledgement,
    ColumnKeyReserved { key: String },
    ExpectColumnKeys,
    RowRoleUnknown,
    ExpectRowRole,
    RowIdTwice { id: String },
    CellOfUnknownColumn { key: String },
    ExpectOneOf { list: String },
    ColumnHoldsNumbers { column: String },
    DecimalComma { key: String, prev_key: String, prev: String },
    ExpectDecimalPoint { key: String, prev: String },
    HintDecimalComma { key: String, prev_key: String, prev: String },
    AmbiguousNumber { text: String, column: String, plain: String, as_yaml: Figure },
    ExpectWithoutSeparator { plain: String },
    HintAmbiguousNumber { plain: String, value: Figure, column: String, written: String },

    // --- Statutes ---
    StatuteWithoutUnits,
    BylawWithoutUnits,
    ExpectUnits,
    FoundNoUnits,
    DuplicateUnit { unit: String },
    ExpectEachUnitOnce { unit: String },

    // --- Output folder and new sites ---
    OutputRefused { output: String, why: Sub },
    ExpectOutputFolder,
    OutputIsRoot,
    OutputInSources { folder: String },
    OutputInGit { git: String },
    OutputIsFile,
    OutputHoldsOtherFiles { marker: String },
    HintChooseOutput,
    HintOutputIsFile,
    HintOutputHoldsOtherFiles { output: String, marker: String },
    OutputPathEscapes { path: String },
    OutputNoParent,
    CannotRead { path: String, reason: String },
    CannotWrite { path: String, reason: String },
    CannotCreate { path: String, reason: String },
    CannotMoveIntoPlace { path: String, reason: String },
    CannotMoveAside { path: String, reason: String },
    CannotSwap { path: String, reason: String },
    HintCannotWrite,
    InitExists { dir: String },
    HintInitExists,
    // scale (#15): partitioned builds and their merge.
    PartitionInvalid { found: String },
    ExpectPartition,
    HintPartition,
    MergeNoSlices,
    MergeNotASlice { dir: String, reason: String },
    MergeVersion { dir: String, found: String, expected: String },
    MergeContent { dir: String, first: String },
    MergeCount { dir: String, found: usize, expected: usize },
    MergeSliceTwice { slice: usize, first: String, second: String },
    MergeSlicesMissing { missing: String, of: usize },
    MergeFileTwice { path: String, first: String, second: String },
    HintMergeSlices,
    OutputHoldsSlice { slice: String },
    Merged { slices: usize, files: usize, seconds: Figure, output: String },

    // --- Rules described on table pages ---
    DescribeSum { columns: Sub, total: Sub },
    DescribeSumInGroup { group: String, columns: Sub, total: Sub },
    DescribeSplit { amount: Sub, parts: Sub },
    DescribeSplitPart { percent: Figure, row: Sub },
    DescribeAllocation { column: Sub, amount: Sub, key: Sub, rounding: Sub },
    DescribePerCapita { column: Sub, rate: Figure, base: Sub, rounding: Sub },
    DescribeEqualSplit { column: Sub, amount: Sub, rounding: Sub },
    DescribeDerived { column: Sub, expression: Sub, rounding: Sub },
    DescribePercentTotal { column: Sub },
    DescribeEquals { first: Sub, second: Sub },
    /// "«Region Hovedstaden i alt», «kvote»": a cell named by its row's and column's labels.
    DescribeCell { row: Sub, column: Sub },
    /// The same in another table, named by its title.
    DescribeCellIn { table: String, row: Sub, column: Sub },
    /// ", rundet halvt op til hele tal" after a rule that rounds.
    DescribeRounding { rounding: Sub },
    /// Messages one after the other, separated by commas.
    List { items: Vec<Msg> },
    Quoted { text: String },
    /// Links to a meeting and to an agenda item ("Bilag til", "Henvist fra").
    MeetingLink { body: String, date: Date },
    ItemLink { body: String, date: Date, item: String, heading: String },
    /// Text that is the same in every language (file names, a library's message).
    Verbatim { text: String },

    // --- Figures shown as proven (the statements beside a table: what the checker verified) ---
    /// "De 19 rækker i «Folketal» summerer til 1.326.340 personer («I alt i kommunerne»)".
    ProvenSum { count: usize, column: Sub, total: Sub },
    /// The same where the rows are the shares of a distributing rule ("De 19 andele …").
    ProvenSumShares { count: usize, column: Sub, total: Sub },
    ProvenSumInGroup { count: usize, group: String, column: Sub, total: Sub },
    /// A figure and the row it is printed in: "1.350.000 kr. («I alt i kommunerne»)".
    ProvenAt { figure: Sub, row: Sub },
    /// A figure with its unit: "1.350.000 kr.".
    ProvenAmount { value: Figure, unit: String },
    ProvenSplit { amount: Sub, parts: Sub },
    ProvenSplitPart { percent: Figure, share: Sub, row: Sub },
    ProvenAllocation { column: Sub, amount: Sub, count: usize, key: Sub, rounding: Sub },
    ProvenPerCapita { column: Sub, rate: Figure, base: Sub, count: usize, rounding: Sub },
    ProvenEqualSplit { column: Sub, amount: Sub, count: usize, rounding: Sub },
    ProvenDerived { column: Sub, expression: Sub, count: usize, rounding: Sub },
    /// A rule that covers one row ("… i rækken «Årligt budget»").
    ProvenDerivedInRow { column: Sub, expression: Sub, row: Sub, rounding: Sub },
    ProvenPerCapitaInRow { column: Sub, rate: Figure, base: Sub, row: Sub, rounding: Sub },
    ProvenPercentTotal { count: usize, column: Sub },
    ProvenEquals { first: Sub, second: Sub, value: Sub },
    /// "hele kroner": the precision of a rounding to 0 decimals in a column of kroner.
    WholeKroner,
    /// "hele øre": to 2 decimals in a column of kroner.
    WholeOere,
    /// Rounding by largest remainder, so that the shares give the amount exactly.
    RoundedLargestRemainder { precision: Sub },
    /// What a row without a printed label is called: a group's subtotal, the table's total, or its place.
    RowSubtotalOf { group: String },
    RowTotal,
    RowNumber { number: usize },

    // --- Charts of tables ---
    /// The chart's title: "Diagram: «Andel …» i «Bilag 3 …»".
    ChartTitle { column: String, table: String },
    /// What the chart shows, for screen readers (its `<desc>`).
    ChartDescription { bars: usize, largest: String, value: String, reference: Sub },
    ChartAgainst { row: String, value: String },
    /// A bar's share of the reference total: "(30,5 %)".
    ChartShare { percent: Figure },

    // tables (#17): nested groups, heading rows, display precision, functions in expressions, editor marks
    /// A heading row (`role: heading`) with a figure in a number column.
    HeadingRowWithFigure { column: String },
    ExpectHeadingRowEmpty,
    HintHeadingRowWithFigure,
    /// A group declared inside a parent that no row and no other group names.
    GroupParentUnknown { group: String, parent: String },
    /// A group nested, through others, in itself.
    GroupCycle { group: String },
    /// `precision:` that is zero or negative.
    PrecisionNotPositive { value: Figure },
    /// A rule whose selection names a heading row.
    RuleSelectsHeading { row: String },
    /// A rule that reads a figure from a heading row.
    RuleHeadingCell { row: String, column: String },
    /// A total that the printed figures miss by no more than their display rounding explains (a warning).
    DisplayRoundingDrift { column: String, total: Figure, rows: usize, sum: Figure, difference: Figure, precision: Figure, tolerance: Figure },
    HintDisplayRoundingDrift { precision: Figure },
    /// Display-rounded percentages that miss 100 by no more than their rounding explains (a warning).
    DisplayPercentDrift { column: String, sum: Figure, precision: Figure, tolerance: Figure },
    /// A total off by more than the display rounding of its rows explains (the hint of the error).
    HintSumBeyondPrecision { rows: usize, precision: Figure, tolerance: Figure },
    /// A derived rule that cannot be computed in one row (a division by zero): the row and the column named.
    DerivedRowProblem { row: String, column: String, problem: Sub },
    ExpressionUnknownFunction { name: String },
    ExpressionArguments { name: String, expected: String, found: usize },
    ExpressionRoundDecimals { name: String, max: usize },
    /// Below a table that declares a display precision: what it means for its totals.
    TablePrecisionNote { precision: Figure, unit: String },
    /// Below a table with figures or a title supplied by the editor.
    EditorSuppliedNote,
    /// For screen readers after a supplied figure: "(tilføjet af redaktionen)".
    EditorSuppliedMark,
    /// A derived cell that the printed figures give otherwise, but their display rounding explains (a warning).
    DisplayCellDrift { row: String, column: String, printed: Figure, computed: Figure, precision: Figure },
    /// A span that reaches beyond the table's last row or column.
    SpanOutside { rows: usize, columns: usize },
    /// A span over a cell another span covers.
    SpanOverlaps { row: String, column: String },
    /// A span over a cell that holds something.
    SpanCoversCell { row: String, column: String },

    // --- figures (#18): bound figures in running text, captions and headers ---
    FigureSyntax { written: String },
    FigurePrintedNotANumber { printed: String },
    FigureNeedsTable { written: String },
    ExpectFigureDirective,
    FigureNoTable { table: String },
    ExpectFigureTable { near: String },
    FigureNoRow { table: String, row: String },
    ExpectFigureRow { near: String },
    FigureNoColumn { table: String, column: String },
    ExpectFigureColumn { near: String },
    FigureNoRule { table: String, rule: String },
    ExpectFigureRule { near: String },
    FigureNoParam { rule: String, param: String },
    ExpectFigureParam { near: String },
    FigureNoValue { address: String },
    ExpectFigureNumber,
    FigureNoResult { rule: String },
    FigureResultNeedsPrinted { written: String },
    ExpectFigureSumRule,
    FigureOtherTable { table: String },
    ExpectFigureOwnTable,
    FigureDiffers { printed: String, address: String, value: Figure },
    ExpectFigureValue { value: Figure },
    HintFigureDiffers { printed: String },
    FigureStaleAcknowledgement { printed: String },
    HintFigureStaleAcknowledgement,
    FigureUnbound { written: String, address: String },
    ExpectFigureBound,
    HintFigureUnbound { directive: String, others: usize },
    /// A bound figure's link title: where the figure comes from.
    FigureFromCell { table: String, row: String, column: String },
    FigureFromRule { table: String, rule: String },

    // --- versions (#14) ---
    VersionOfUnknown { id: String },
    VersionOfVersion { id: String },
    ExpectVersionOf,
    HintVersionOf,
    VersionKindDiffers,
    ExpectVersionBlock,
    HintVersionBlock,
    VersionDateTwice { date: String, other: String },
    ExpectVersionDateOnce,
    VersionNotCurrent { file: String },
    ExpectCurrentInMain,
    HintVersionNotCurrent,
    RenumberedNotHere { anchor: String },
    RenumberedNotBefore { anchor: String },
    ExpectRenumbered,
    /// "Ændret i juni-versionen: »oplistet« → »oplyst«": what changed in a unit, in words.
    VersionChangedIn { version: String, edits: String },
    VersionAddedIn { version: String },
    VersionRemovedIn { version: String },
    VersionMovedIn { version: String, from: String },
    /// One edit of a unit: a word or words replaced, added or taken out.
    EditReplaced { old: String, new: String },
    EditInserted { new: String },
    EditDeleted { old: String },
    /// The version a page shows and the current one: "Du læser januar-versionen (24. januar 2020)."
    VersionReading { version: String, date: Date },
    /// "Ændringer fra januar-versionen til juni-versionen".
    VersionStep { old: String, new: String },
    // --- crossref (#18): acknowledgements validated everywhere, cross-table rules, semantic references ---
    AckRecorded { kind: String, phrase: String },
    AckRecordedAt { kind: String, place: Sub },
    AckNeedsPlace,
    ExpectAckPlace,
    HintAckNeedsPlace,
    AckQuotesNothing { kind: String },
    ExpectAckQuote,
    HintAckQuotesNothing,
    AckPhraseNotFound { kind: String, phrase: String, place: Sub },
    ExpectAckPhrase { phrase: String, place: Sub },
    FoundAckPhraseMissing,
    HintAckPhraseNotFound,
    AckWeekdayRight { phrase: String },
    ExpectWrongWeekday,
    HintAckStale,
    AckNoItem { item: String },
    AckNoSection { section: String },
    AckNoTable { table: String },
    AckNoRow { row: String, table: String },
    HintAckPlace,
    AckPlaceItem { item: String },
    AckPlaceSection { section: String },
    AckPlaceRow { row: String, table: String },
    AckPlaceTable { table: String },
    AckPlaceText,
    RuleNoMatchingRow { row: String, table: String },
    DescribeColumnIn { table: String, column: Sub },
    SourceDiffers { source: String, row: String, printed: Figure, other: String, expected: Figure },
    SourceDiffersAcknowledged { source: String, row: String, printed: Figure, other: String, expected: Figure },
    HintSourceDiffers,
    UnknownSource { source: String },
    HintUnknownSource,
    ApprovesAgenda { meeting: String },
    ApprovesOtherBody { meeting: String, body: String },
    ApprovesNotEarlier { meeting: String, date: Date },
    ExpectApprovable { body: String, date: Date },
    HintApprovesWrongMeeting,
}

ui_strings! {
    SkipToContent = "skip_to_content",
    Home = "home",
    Meetings = "meetings",
    LatestMeetings = "latest_meetings",
    Documents = "documents",
    DocumentsByKind = "documents_by_kind",
    Tables = "tables",
    Bodies = "bodies",
    Agenda = "agenda",
    Minutes = "minutes",
    TimeAndPlace = "time_and_place",
    Participants = "participants",
    Absences = "absences",
    Instead = "instead",
    Contents = "contents",
    Item = "item",
    // The accessibility statement's facts (bek. 904/2019).
    A11yFacts = "a11y_facts",
    A11yContactText = "a11y_contact_text",
    A11yContact = "a11y_contact",
    A11yPhone = "a11y_phone",
    A11yEmail = "a11y_email",
    A11yCompliance = "a11y_compliance",
    A11yFull = "a11y_full",
    A11yPartial = "a11y_partial",
    A11yNone = "a11y_none",
    A11yMethod = "a11y_method",
    A11yPrepared = "a11y_prepared",
    A11yReviewed = "a11y_reviewed",
    A11yComplaint = "a11y_complaint",
    A11yComplaintText = "a11y_complaint_text",
    A11yComplaintLink = "a11y_complaint_link",
    Presenter = "presenter",
    Case = "case",
    Attachments = "attachments",
    AttachmentMarker = "attachment_marker",
    AttachmentOf = "attachment_of",
    PreviousMeeting = "previous_meeting",
    NextMeeting = "next_meeting",
    NoItems = "no_items",
    Approves = "approves",
    Source = "source",
    Status = "status",
    Draft = "draft",
    Adopted = "adopted",
    AdoptedOn = "adopted_on",
    Note = "note",
    Discrepancies = "discrepancies",
    Versions = "versions",
    Rule = "rule",
    Rules = "rules",
    Unit = "unit",
    ShownIn = "shown_in",
    PresentedAt = "presented_at",
    Search = "search",
    SearchLabel = "search_label",
    SearchPlaceholder = "search_placeholder",
    SearchNoJs = "search_no_js",
    Filters = "filters",
    BodyFilter = "body_filter",
    All = "all",
    MoreResults = "more_results",
    NotFoundTitle = "not_found_title",
    NotFoundText = "not_found_text",
    AllMeetings = "all_meetings",
    Year = "year",
    Online = "online",
    Calendar = "calendar",
    ReferencedBy = "referenced_by",
    Footer = "footer",
    AddToCalendar = "add_to_calendar",
    CalendarAllMeetings = "calendar_all_meetings",
    Feed = "feed",
    DownloadCsv = "download_csv",
    OpenData = "open_data",
    DataPackage = "data_package",
    Cancelled = "cancelled",
    Recommendation = "recommendation",
    Decision = "decision",
    Presentation = "presentation",
    Background = "background",
    MeetingsOf = "meetings_of",
    Print = "print",
    Kind = "kind",
    Date = "date",
    Breadcrumb = "breadcrumb",
    PagesMenu = "pages_menu",
    ClosedItem = "closed_item",
    // items (#17): approval shown.
    ApprovedAt = "approved_at",
    // votes (#17): votes and positions, joint meetings, case and journal numbers of documents.
    PositionsHeading = "positions_heading",
    VoteCaption = "vote_caption",
    VotedHow = "voted_how",
    VotedFor = "voted_for",
    VotedAgainst = "voted_against",
    VotedAbstaining = "voted_abstaining",
    VoteWho = "vote_who",
    VoteCount = "vote_count",
    VoteOutcome = "vote_outcome",
    OutcomeAdopted = "outcome_adopted",
    OutcomeRejected = "outcome_rejected",
    MinorityStatement = "minority_statement",
    ConflictOfInterest = "conflict_of_interest",
    ConflictLeft = "conflict_left",
    RecordedPosition = "recorded_position",
    RecordedDefault = "recorded_default",
    Nobody = "nobody",
    AndWord = "and_word",
    JointMeeting = "joint_meeting",
    CaseNumber = "case_number",
    JournalNumber = "journal_number",
    // The search page.
    Searching = "searching",
    Results = "results",
    OneResult = "one_result",
    NoResults = "no_results",
    NoTerms = "no_terms",
    SearchError = "error",
    Sort = "sort",
    SortRelevance = "sort_relevance",
    SortDate = "sort_date",
    YearFrom = "year_from",
    YearTo = "year_to",
    AnyYear = "any_year",
    Offline = "offline",
    // Document kinds.
    KindStatute = "kind_statute",
    KindBylaw = "kind_bylaw",
    KindNote = "kind_note",
    KindMemo = "kind_memo",
    KindLetter = "kind_letter",
    KindReport = "kind_report",
    KindOverview = "kind_overview",
    KindList = "kind_list",
    KindTerms = "kind_terms",
    KindProposal = "kind_proposal",
    KindAgenda = "kind_agenda",
    KindMinutes = "kind_minutes",
    KindTable = "kind_table",
    KindPage = "kind_page",
    KindOther = "kind_other",
    // Diagnostics as the terminal and the overlay show them.
    SeverityError = "severity_error",
    SeverityWarning = "severity_warning",
    SeverityNote = "severity_note",
    Expected = "expected",
    Found = "found",
    Hint = "hint",
    OverlayTitle = "overlay_title",
    OverlayClose = "overlay_close",
    // Numbers.
    DecimalSeparator = "decimal_separator",
    ThousandsSeparator = "thousands_separator",
    // Weekdays and months.
    Monday = "monday",
    Tuesday = "tuesday",
    Wednesday = "wednesday",
    Thursday = "thursday",
    Friday = "friday",
    Saturday = "saturday",
    Sunday = "sunday",
    January = "january",
    February = "february",
    March = "march",
    April = "april",
    May = "may",
    June = "june",
    July = "july",
    August = "august",
    September = "september",
    October = "october",
    November = "november",
    December = "december",
    // Table pages: figures shown as proven, charts.
    ProvenTitle = "proven_title",
    ProvenLead = "proven_lead",
    Proven = "proven",
    ProvenException = "proven_exception",
    SeeNote = "see_note",
    // Body and year pages.
    BodyNoMeetings = "body_no_meetings",
    ItemsCount = "items_count",
    OtherYears = "other_years",
    YearBefore = "year_before",
    YearAfter = "year_after",
    // versions (#14)
    VersionSwitcher = "version_switcher",
    VersionCurrent = "version_current",
    VersionDated = "version_dated",
    ValidFrom = "valid_from",
    ValidFromUnknown = "valid_from_unknown",
    StatusProposed = "status_proposed",
    StatusRepealed = "status_repealed",
    VersionChanges = "version_changes",
    VersionChangesLead = "version_changes_lead",
    VersionNoChanges = "version_no_changes",
    VersionShowCurrent = "version_show_current",
    VersionOlder = "version_older",
    VersionInOld = "version_in_old",
    VersionInNew = "version_in_new",
    DeletedMark = "deleted_mark",
    InsertedMark = "inserted_mark",
    DeletedEnd = "deleted_end",
    InsertedEnd = "inserted_end",
    VersionTitle = "version_title",
    VersionNoTitle = "version_no_title",
    VersionChangeAdded = "version_change_added",
    VersionChangeRemoved = "version_change_removed",
    VersionChangeChanged = "version_change_changed",
    VersionChangeMoved = "version_change_moved",
}
