//! Meetings: agendas and minutes with numbered items.

pub use super::closed::{ClosedItem, Withheld};
pub use super::item_number::Numbering;
pub use super::text::ItemBody;
pub use super::vote::{Conflict, Positions, Statement, Vote};
use super::{Discrepancy, Source};
use crate::diagnostics::Pos;
pub use crate::kinds::MeetingKind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Front matter of a meeting file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingFront {
    /// The body whose meeting it is, or the bodies of a joint meeting (`body: [a, b]`).
    pub body: crate::yaml::Spanned<Bodies>,
    pub kind: MeetingKind,
    pub title: String,
    pub date: crate::yaml::Spanned<String>,
    #[serde(default)]
    pub weekday: Option<crate::yaml::Spanned<String>>,
    #[serde(default)]
    pub start: Option<Time>,
    #[serde(default)]
    pub end: Option<Time>,
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    pub online: bool,
    #[serde(default)]
    pub participants: Vec<String>,
    #[serde(default)]
    pub absences: Vec<Absence>,
    #[serde(default)]
    pub absence_note: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    /// How the items are numbered: `per-meeting` (default), `running` or `free` (see [`Numbering`]).
    #[serde(default)]
    pub numbering: Option<Numbering>,
    #[serde(default, deserialize_with = "crate::yaml::with_positions")]
    pub groups: Vec<ItemGroup>,
    /// The agenda overview as written. The load stage moves each entry into its item (as [`ItemMeta`]) and what
    /// checks read of it into [`Meeting::entries`]: in the model this is empty.
    #[serde(default)]
    pub items: Vec<crate::yaml::Spanned<ItemFront>>,
    #[serde(default)]
    pub calendars: Vec<Calendar>,
    #[serde(default, deserialize_with = "crate::yaml::with_positions")]
    pub discrepancies: Vec<Discrepancy>,
    /// The meeting was called off (calendars mark it `STATUS:CANCELLED`).
    #[serde(default)]
    pub cancelled: bool,
    /// Earlier dates of a meeting that was moved, oldest first: the calendar UID stays that of the first date and
    /// SEQUENCE counts the moves.
    #[serde(default)]
    pub moved_from: Vec<crate::yaml::Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Absence {
    pub name: String,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub substitute: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ItemGroup {
    /// Empty for an unnumbered group heading ("Sager til beslutning"), which names its `first_item`.
    #[serde(default)]
    pub number: String,
    pub title: String,
    /// The number or id of the group's first item: the group holds it and the items after it, up to the next
    /// group. Without it, a numbered group holds the items whose numbers begin with its own (`3` → `3.1`, `3.2`).
    #[serde(default)]
    pub first_item: Option<String>,
    /// Where the group is declared in the file.
    #[serde(skip)]
    pub pos: crate::diagnostics::Pos,
}

impl crate::yaml::Positioned for ItemGroup {
    fn set_pos(&mut self, pos: crate::diagnostics::Pos) {
        self.pos = pos;
    }
}

/// The bodies of a meeting as `body:` names them: one id (`body: kd-net`) or a list (`body: [a, b]`, a joint
/// meeting), each with where it is written in the list (none for the single id: the field's place).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bodies(pub Vec<(String, Option<Pos>)>);

impl Bodies {
    /// The first body: the one a joint meeting's file name and neighbours follow.
    pub fn first(&self) -> &str {
        self.0.first().map_or("", |(b, _)| b.as_str())
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(b, _)| b.as_str())
    }
}

impl<'de> Deserialize<'de> for Bodies {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Bodies;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a body's id or a list of ids")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Bodies, E> {
                Ok(Bodies(vec![(v.to_string(), None)]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Bodies, A::Error> {
                let mut out = Vec::new();
                while let Some(b) = seq.next_element::<crate::yaml::Spanned<String>>()? {
                    let p = crate::yaml::pos(&b, 1);
                    out.push((b.value, Some(p)));
                }
                Ok(Bodies(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// An entry of the agenda overview (`items:`) as written. The load stage matches it to its item and converts it
/// into the item's [`ItemMeta`]; what the checks read of it stays as an [`ItemEntry`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemFront {
    /// The number as written in the heading; an entry may instead name its item by `id`. Empty for an
    /// unnumbered item.
    #[serde(default)]
    pub number: String,
    /// The item's stable id, as in its heading (`## 12 Budget 2021 {#budget-2021}`): the entry belongs to that
    /// item whatever its number becomes.
    #[serde(default)]
    pub id: Option<String>,
    /// Title as printed in the agenda overview (may differ from the heading above the item).
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub presenter: Option<String>,
    #[serde(default)]
    pub case: Option<String>,
    #[serde(default)]
    pub case_handlers: Option<String>,
    #[serde(default)]
    pub approves: Option<crate::yaml::Spanned<String>>,
    #[serde(default)]
    pub approves_note: Option<String>,
    #[serde(default)]
    pub attachments: Vec<crate::yaml::Spanned<Attachment>>,
    /// `closed: true` ("lukket punkt"; `lukket:` is the same field): only the number and title are published.
    /// Kept as written; the load stage judges the value (`true` or `false`) and drops the closed item's content.
    #[serde(default, alias = "lukket")]
    pub closed: Option<crate::yaml::Spanned<super::table::Raw>>,
    /// The reason or legal basis printed with a closed item ("jf. kommunestyrelseslovens § 10, stk. 1").
    #[serde(default, alias = "lukket_begrundelse")]
    pub closed_reason: Option<crate::yaml::Spanned<String>>,
    /// Votes on the item ("afstemning"), in the order held (see [`super::vote`]).
    #[serde(default, alias = "afstemning", alias = "afstemninger")]
    pub votes: Vec<crate::yaml::Spanned<Vote>>,
    /// Minority statements ("mindretalsudtalelse").
    #[serde(default, alias = "mindretalsudtalelse", alias = "mindretalsudtalelser")]
    pub minority: Vec<crate::yaml::Spanned<Statement>>,
    /// Members disqualified by a conflict of interest ("inhabil"), who took no part in the item.
    #[serde(default, alias = "inhabil", alias = "inhabilitet")]
    pub conflicts: Vec<crate::yaml::Spanned<Conflict>>,
    /// Positions recorded at a member's request ("protokollering", "ført til protokol").
    #[serde(default, alias = "protokollering", alias = "protokolleringer")]
    pub recorded: Vec<crate::yaml::Spanned<Statement>>,
}

/// An agenda item's metadata, as in the agenda overview, compact: the model keeps one a meeting's item until the
/// pages are written (#15), and most items have none of the rare fields, which share one box.
#[derive(Debug, Clone, Default)]
pub struct ItemMeta {
    /// The number as written in the heading. Empty for an unnumbered item.
    pub number: String,
    /// Title as printed in the agenda overview (may differ from the heading above the item).
    pub title: Option<String>,
    pub presenter: Option<String>,
    pub case: Option<String>,
    rare: Option<Box<RareMeta>>,
}

/// What few items' entries have: see the fields of [`ItemFront`] of the same names.
#[derive(Debug, Clone, Default)]
struct RareMeta {
    case_handlers: Option<String>,
    approves: Option<crate::yaml::Spanned<String>>,
    approves_note: Option<String>,
    attachments: Vec<crate::yaml::Spanned<Attachment>>,
    positions: Positions,
}

/// What an item without votes or positions answers for them.
static NO_POSITIONS: Positions = Positions {
    votes: Vec::new(),
    minority: Vec::new(),
    conflicts: Vec::new(),
    recorded: Vec::new(),
};

impl ItemMeta {
    /// An entry's metadata (its number set to the heading's); its id and closed fields are read by the load
    /// stage, not kept.
    pub fn from_front(front: ItemFront) -> ItemMeta {
        let positions = Positions {
            votes: front.votes,
            minority: front.minority,
            conflicts: front.conflicts,
            recorded: front.recorded,
        };
        let rare = (front.case_handlers.is_some()
            || front.approves.is_some()
            || front.approves_note.is_some()
            || !front.attachments.is_empty()
            || !positions.is_empty())
        .then(|| {
            Box::new(RareMeta {
                case_handlers: front.case_handlers,
                approves: front.approves,
                approves_note: front.approves_note,
                attachments: front.attachments,
                positions,
            })
        });
        ItemMeta {
            number: front.number,
            title: front.title,
            presenter: front.presenter,
            case: front.case,
            rare,
        }
    }

    pub fn case_handlers(&self) -> Option<&String> {
        self.rare.as_ref()?.case_handlers.as_ref()
    }

    /// The meeting whose minutes the item approves.
    pub fn approves(&self) -> Option<&crate::yaml::Spanned<String>> {
        self.rare.as_ref()?.approves.as_ref()
    }

    pub fn approves_note(&self) -> Option<&String> {
        self.rare.as_ref()?.approves_note.as_ref()
    }

    pub fn attachments(&self) -> &[crate::yaml::Spanned<Attachment>] {
        self.rare.as_ref().map_or(&[], |r| &r.attachments)
    }

    /// The item's votes and positions.
    pub fn positions(&self) -> &Positions {
        self.rare.as_ref().map_or(&NO_POSITIONS, |r| &r.positions)
    }

    /// The item's attachments and its votes and positions, taken out (a closed item's, for the checks alone).
    pub fn take_withheld(&mut self) -> (Vec<crate::yaml::Spanned<Attachment>>, Positions) {
        match self.rare.as_mut() {
            Some(r) => (
                std::mem::take(&mut r.attachments),
                std::mem::take(&mut r.positions),
            ),
            None => (Vec::new(), Positions::default()),
        }
    }

    /// The heap bytes of the box of rare fields, if the item has one (for the model census).
    pub fn boxed_size(&self) -> usize {
        self.rare
            .as_ref()
            .map_or(0, |_| std::mem::size_of::<RareMeta>())
    }

    /// What a closed item publishes of its entry: number and overview title.
    pub fn published(&self) -> ItemMeta {
        ItemMeta {
            number: self.number.clone(),
            title: self.title.clone(),
            ..ItemMeta::default()
        }
    }
}

/// What the checks read of an entry of the agenda overview once the load has matched it to its item.
#[derive(Debug, Clone)]
pub struct ItemEntry {
    /// The number as written in the entry (empty when it names its item by id alone).
    pub number: Box<str>,
    pub id: Option<Box<str>>,
    /// Where the entry is written.
    pub pos: Pos,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    pub title: String,
    #[serde(default)]
    pub document: Option<String>,
    #[serde(default)]
    pub table: Option<String>,
    /// An earlier meeting the attachment is (e.g. "Link til referat af møde i KD-Net den 29. maj 2020").
    #[serde(default)]
    pub meeting: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub body: Option<String>,
    pub dates: Vec<CalendarDate>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarDate {
    pub date: crate::yaml::Spanned<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// What a named part of an agenda item is, from its heading (templates style it as `del-<role>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PartRole {
    /// "Baggrund"
    Background,
    /// "Indstilling"
    Recommendation,
    /// "Referat", "Beslutning"
    Decision,
    /// "Sagsfremstilling"
    Presentation,
    /// Any other heading.
    Other,
}

/// A named part of an agenda item ("Indstilling", "Referat", …); its HTML is in the item's [`ItemBody`].
#[derive(Debug, Clone, Serialize)]
pub struct ItemPart {
    pub role: PartRole,
    pub heading: String,
}

#[derive(Debug, Clone)]
pub struct AgendaItem {
    /// The id written in the heading (`{#budget-2021}`), if any: then it is the item's anchor.
    pub id: Option<String>,
    pub meta: ItemMeta,
    pub meta_pos: Pos,
    /// Title from the heading above the item.
    pub heading: String,
    pub heading_pos: Pos,
    /// Where the page's section of the item is: its id, else `punkt-<number>`, else its title as a slug.
    pub anchor: String,
    pub parts: Vec<ItemPart>,
    /// The item's plain text (for search) and HTML (the intro before the first named part, then each part's).
    pub body: ItemBody,
    /// Tables placed in the item with `[[tabel:id]]`.
    pub tables: Vec<String>,
    /// The item's bound figures (`[[tal:…]]`) and other numbers, for the figure checks; none when it has neither
    /// (read them with [`AgendaItem::figures`]).
    pub figures: Option<Box<super::figure::TextFigures>>,
    /// Set when the item is closed: then the fields above hold its number and titles only (no text, parts,
    /// tables, attachments, case or presenter), and what checks need of it is in [`Meeting::withheld`].
    pub closed: Option<Box<ClosedItem>>,
}

#[derive(Debug, Clone)]
pub struct Meeting {
    pub id: String,
    pub source: Source,
    pub front: MeetingFront,
    pub date: NaiveDate,
    pub items: Vec<AgendaItem>,
    /// The entries of the agenda overview (`items:`), in the order written, for the overview checks.
    pub entries: Vec<ItemEntry>,
    /// Dates written with their weekday anywhere in the file, for the weekday check.
    pub weekday_dates: Vec<super::DatedPhrase>,
    /// Dates no calendar has ("30. februar 2021") in the body, for the date check.
    pub impossible_dates: Vec<super::ImpossibleDate>,
    /// Every table the file places with `[[tabel:id]]`, found or not: what to rebuild when a table changes.
    pub tables_requested: Vec<String>,
    /// What the closed items leave for checks only: never for a page, the search index or an output file. None
    /// when the meeting has no closed item (read it with [`Meeting::withheld`]).
    pub withheld: Option<Box<Withheld>>,
}

/// What a meeting without closed items withholds.
static NOTHING_WITHHELD: Withheld = Withheld {
    refs: Vec::new(),
    discrepancies: Vec::new(),
    attachments: Vec::new(),
    tables: Vec::new(),
    calendars: Vec::new(),
    positions: Vec::new(),
};

impl Meeting {
    /// What the meeting's closed items leave for checks only.
    pub fn withheld(&self) -> &Withheld {
        self.withheld.as_deref().unwrap_or(&NOTHING_WITHHELD)
    }

    /// Item `n` (by number or id) and the line its successor's heading starts on: the lines an acknowledgement
    /// naming the item quotes from.
    pub fn item_span(&self, n: &str) -> Option<(&AgendaItem, Option<usize>)> {
        let it = self.items.iter().find(|i| i.answers_to(n))?;
        let next = (self.items.iter().map(|i| i.heading_pos.line))
            .filter(|&l| l > it.heading_pos.line)
            .min();
        Some((it, next))
    }

    /// The meeting's (first) body.
    pub fn body_id(&self) -> &str {
        self.front.body.value.first()
    }

    /// Every body whose meeting it is: one, or several for a joint meeting.
    pub fn body_ids(&self) -> impl Iterator<Item = &str> {
        self.front.body.value.ids()
    }

    /// Whether `body` is one of the meeting's bodies.
    pub fn held_by(&self, body: &str) -> bool {
        self.body_ids().any(|b| b == body)
    }

    /// Every recorded discrepancy, the published ones and those withheld with closed items: what checks read.
    pub fn discrepancies(&self) -> impl Iterator<Item = &Discrepancy> + Clone {
        self.front
            .discrepancies
            .iter()
            .chain(&self.withheld().discrepancies)
    }

    /// The id the meeting had when it was first published: its id with the date replaced by the first of
    /// `moved_from` (file names carry the date, so a moved meeting's file is renamed). Calendar UIDs and feed ids
    /// are built from it, so they survive a move.
    pub fn original_id(&self) -> String {
        let date = self.date.format("%Y-%m-%d").to_string();
        match (self.front.moved_from.first(), self.id.strip_prefix(&date)) {
            (Some(first), Some(rest)) => format!("{}{rest}", first.value.trim()),
            _ => self.id.clone(),
        }
    }
}

/// `3.5` → `punkt-3-5`
pub fn item_anchor(number: &str) -> String {
    super::item_number::number_anchor(number)
}

/// What an item without figures answers for them.
static NO_FIGURES: super::figure::TextFigures = super::figure::TextFigures {
    bound: Vec::new(),
    numbers: Vec::new(),
};

impl AgendaItem {
    /// The item's bound figures and other numbers.
    pub fn figures(&self) -> &super::figure::TextFigures {
        self.figures.as_deref().unwrap_or(&NO_FIGURES)
    }

    /// "12. Budget 2021", or the title alone for an unnumbered item: how lists and search name the item.
    pub fn label(&self) -> String {
        if self.meta.number.is_empty() {
            self.heading.clone()
        } else {
            format!("{}. {}", self.meta.number, self.heading)
        }
    }

    /// Whether a reference's anchor (a number as written, or an id) names this item.
    pub fn answers_to(&self, anchor: &str) -> bool {
        let a = anchor.trim().trim_end_matches('.');
        if super::item_number::looks_like_number(a) {
            !self.meta.number.is_empty() && super::item_number::same_number(&self.meta.number, a)
        } else {
            self.id.as_deref() == Some(a) || self.anchor == a
        }
    }

    /// The anchor a reference by number links to, when it is not the item's own anchor (the item has an id):
    /// the page carries it too, so that "jf. punkt 12" still lands on item 12.
    pub fn number_anchor(&self) -> Option<String> {
        (self.id.is_some() && !self.meta.number.is_empty()).then(|| item_anchor(&self.meta.number))
    }
}

impl Meeting {
    /// How the items are numbered.
    pub fn numbering(&self) -> Numbering {
        self.front.numbering.unwrap_or_default()
    }
}

/// A time of day as written (`"10.00"`, Danish style, or `"10:00"`), checked to be 00.00–23.59 when read: a
/// wrong one is an error at the field. Kept as written; pages print it as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Time(pub String);

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = super::table::Raw::deserialize(d)?.0;
        let t = raw.trim();
        let valid = t
            .split_once(['.', ':'])
            .filter(|(h, m)| {
                (1..=2).contains(&h.len())
                    && m.len() == 2
                    && h.chars().chain(m.chars()).all(|c| c.is_ascii_digit())
            })
            .and_then(|(h, m)| Some((h.parse::<u32>().ok()?, m.parse::<u32>().ok()?)))
            .is_some_and(|(h, m)| h <= 23 && m <= 59);
        if valid {
            Ok(Time(t.to_string()))
        } else {
            Err(crate::yaml::value_error(crate::i18n::Msg::ValueNotATime {
                raw: raw.chars().take(40).collect(),
            }))
        }
    }
}
