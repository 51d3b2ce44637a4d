//! Votes and positions recorded in an item's minutes (#17): how the item was voted on ("For stemte: V og I (5).
//! Imod stemte: A (2)"), its outcome (vedtaget, forkastet), minority statements ("mindretalsudtalelse"), members
//! disqualified by a conflict of interest ("inhabil") and positions recorded at a member's request ("ønskede sin
//! stemme ført til protokol"). Written in the item's `items:` entry, as the minutes print them.

use crate::i18n::Msg;
use crate::yaml::Spanned;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

/// One vote of an item ("afstemning"): who voted for, against and abstained, and what it gave.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Vote {
    /// What was voted on, as printed ("Ændringsforslag fra A"); without it, the item's recommendation.
    #[serde(default, alias = "forslag")]
    pub motion: Option<String>,
    #[serde(default, rename = "for")]
    pub in_favour: Option<Spanned<Voters>>,
    #[serde(default, alias = "imod")]
    pub against: Option<Spanned<Voters>>,
    #[serde(default, alias = "undlod", alias = "hverken_for_eller_imod")]
    pub abstaining: Option<Spanned<Voters>>,
    #[serde(default, alias = "udfald", alias = "resultat")]
    pub outcome: Option<Spanned<Outcome>>,
}

/// The three sides of a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    For,
    Against,
    Abstaining,
}

impl Vote {
    /// The sides written, in the order minutes print them.
    pub fn sides(&self) -> impl Iterator<Item = (Side, &Spanned<Voters>)> {
        [
            (Side::For, &self.in_favour),
            (Side::Against, &self.against),
            (Side::Abstaining, &self.abstaining),
        ]
        .into_iter()
        .filter_map(|(s, v)| v.as_ref().map(|v| (s, v)))
    }
}

/// What a vote gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// "vedtaget", "godkendt", "tiltrådt".
    #[serde(
        alias = "vedtaget",
        alias = "godkendt",
        alias = "tiltrådt",
        alias = "approved"
    )]
    Adopted,
    /// "forkastet", "faldet", "bortfaldet", "ikke vedtaget".
    #[serde(
        alias = "forkastet",
        alias = "faldet",
        alias = "bortfaldet",
        alias = "ikke vedtaget"
    )]
    Rejected,
}

/// A party ("V", "SF") or a member ("Peter Bach (V)", "borgmesteren") as a vote or a statement names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Voter {
    Party(String),
    Member(String),
}

impl Voter {
    /// A name as written: one to three capital letters is a party's list letter ("V", "Ø", "SF"), anything else
    /// a member.
    pub fn of(name: &str) -> Voter {
        let n = name.trim();
        let letters = n.chars().count();
        if (1..=3).contains(&letters) && n.chars().all(char::is_uppercase) {
            Voter::Party(n.to_string())
        } else {
            Voter::Member(n.to_string())
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Voter::Party(s) | Voter::Member(s) => s,
        }
    }
}

/// A member's name as compared: without a final party in parentheses, white space and case aside ("Peter Bach
/// (V)" and "peter  bach" are one member).
pub fn member_key(name: &str) -> String {
    let n = name.trim();
    let n = match n.rfind('(') {
        Some(i) if n.ends_with(')') && i > 0 => &n[..i],
        _ => n,
    };
    n.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Who voted one way: parties and/or members, and the number of votes when the minutes print it. Written as the
/// minutes print it: `"V og I"`, `"A, V og F (15)"`, `[V, I]`, `["Peter Bach (V)", "Mette Dahl (A)"]`, `5`,
/// `"ingen"`, or `{who: "V og I", count: 5}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Voters {
    pub who: Vec<Voter>,
    pub count: Option<u32>,
}

impl Voters {
    pub fn members(&self) -> impl Iterator<Item = &str> {
        self.who.iter().filter_map(|v| match v {
            Voter::Member(m) => Some(m.as_str()),
            Voter::Party(_) => None,
        })
    }

    pub fn parties(&self) -> usize {
        (self.who.iter())
            .filter(|v| matches!(v, Voter::Party(_)))
            .count()
    }

    /// `"A, V og F (15)"` → A, V, F and 15; `"ingen"` → nobody, 0; `"5"` → 5.
    fn from_text(text: &str) -> Result<Voters, Msg> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("ingen") {
            return Ok(Voters {
                who: Vec::new(),
                count: Some(0),
            });
        }
        if let Ok(n) = t.parse::<u32>() {
            return Ok(Voters {
                who: Vec::new(),
                count: Some(n),
            });
        }
        let (names, count) = match t.rsplit_once('(') {
            Some((rest, tail)) if tail.ends_with(')') => match count_in(&tail[..tail.len() - 1]) {
                Some(n) => (rest, Some(n)),
                None => (t, None),
            },
            _ => (t, None),
        };
        let who = names_in(names);
        if who.is_empty() {
            return Err(Msg::VotersNotUnderstood {
                written: t.chars().take(60).collect(),
            });
        }
        Ok(Voters { who, count })
    }
}

/// "15", "15 stemmer", "1 stemme" → 15, 15, 1.
fn count_in(s: &str) -> Option<u32> {
    let s = s.trim();
    let digits = s.trim_end_matches(" stemmer").trim_end_matches(" stemme");
    digits.trim().parse().ok()
}

/// "A, V og F" → A, V, F (names separated by commas, "og", "samt" or "&").
pub fn names_in(text: &str) -> Vec<Voter> {
    let mut out = Vec::new();
    for part in text.split([',', ';', '&']) {
        for name in part.split(" og ").flat_map(|p| p.split(" samt ")) {
            let n = name.trim();
            if !n.is_empty() {
                out.push(Voter::of(n));
            }
        }
    }
    out
}

impl<'de> Deserialize<'de> for Voters {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(VotersVisitor)
    }
}

struct VotersVisitor;

impl<'de> Visitor<'de> for VotersVisitor {
    type Value = Voters;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("parties or members (\"V og I\"), a count, or {who, count}")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Voters, E> {
        Voters::from_text(v).map_err(crate::yaml::value_error)
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Voters, E> {
        let count = u32::try_from(v).map_err(|_| count_error::<E>(&v.to_string()))?;
        Ok(Voters {
            who: Vec::new(),
            count: Some(count),
        })
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Voters, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(count_error(&v.to_string())),
        }
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Voters, A::Error> {
        Ok(Voters {
            who: WhoVisitor.visit_seq(seq)?.0,
            count: None,
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Voters, A::Error> {
        let mut out = Voters::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "who" | "hvem" => out.who = map.next_value::<Who>()?.0,
                "count" | "antal" => {
                    let raw = map.next_value::<super::table::Raw>()?.0;
                    let n =
                        (raw.trim().parse::<u32>()).map_err(|_| count_error::<A::Error>(&raw))?;
                    out.count = Some(n);
                }
                other => {
                    return Err(serde::de::Error::unknown_field(
                        other,
                        &["who", "count", "hvem", "antal"],
                    ))
                }
            }
        }
        Ok(out)
    }
}

fn count_error<E: serde::de::Error>(raw: &str) -> E {
    crate::yaml::value_error(Msg::VoteCountInvalid {
        raw: raw.chars().take(40).collect(),
    })
}

/// Who made a statement: parties and/or members, written as a text ("A og F") or a list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Who(pub Vec<Voter>);

impl<'de> Deserialize<'de> for Who {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(WhoVisitor)
    }
}

struct WhoVisitor;

impl<'de> Visitor<'de> for WhoVisitor {
    type Value = Who;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("parties or members (\"A og F\" or a list)")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Who, E> {
        let who = names_in(v);
        if who.is_empty() {
            return Err(crate::yaml::value_error(Msg::VotersNotUnderstood {
                written: v.chars().take(60).collect(),
            }));
        }
        Ok(Who(who))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Who, A::Error> {
        let mut who = Vec::new();
        while let Some(name) = seq.next_element::<super::table::Raw>()? {
            if !name.0.trim().is_empty() {
                who.push(Voter::of(&name.0));
            }
        }
        Ok(Who(who))
    }
}

/// A minority statement ("mindretalsudtalelse") or a recorded position ("protokollering"): who, and the text as
/// printed. A recorded position may have no text ("Jonas Holt (O) ønskede sin stemme ført til protokol").
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    #[serde(alias = "hvem")]
    pub by: Who,
    #[serde(default, alias = "tekst")]
    pub text: Option<String>,
}

/// A member disqualified by a conflict of interest ("inhabil"), who took no part in the item.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    #[serde(alias = "medlem")]
    pub member: Spanned<String>,
    /// As printed ("forlod mødet under punktets behandling").
    #[serde(default, alias = "note")]
    pub text: Option<String>,
}

/// Everything an item's minutes record of its votes and positions.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    pub votes: Vec<Spanned<Vote>>,
    pub minority: Vec<Spanned<Statement>>,
    pub conflicts: Vec<Spanned<Conflict>>,
    pub recorded: Vec<Spanned<Statement>>,
}

impl Positions {
    pub fn is_empty(&self) -> bool {
        self.votes.is_empty()
            && self.minority.is_empty()
            && self.conflicts.is_empty()
            && self.recorded.is_empty()
    }

    /// Where the first of them is written (for a diagnostic about all of them).
    pub fn first_pos(&self) -> Option<crate::diagnostics::Pos> {
        use crate::yaml::pos;
        (self.votes.first().map(|v| pos(v, 1)))
            .or_else(|| self.minority.first().map(|v| pos(v, 1)))
            .or_else(|| self.conflicts.first().map(|v| pos(v, 1)))
            .or_else(|| self.recorded.first().map(|v| pos(v, 1)))
    }

    /// The words a search for the item should find: names, parties, motions and statements.
    pub fn search_text(&self) -> String {
        let mut out = String::new();
        let mut add = |s: &str| {
            out.push('\n');
            out.push_str(s);
        };
        for v in &self.votes {
            if let Some(m) = &v.value.motion {
                add(m);
            }
            for (_, side) in v.value.sides() {
                for w in &side.value.who {
                    add(w.name());
                }
            }
        }
        for s in self.minority.iter().chain(&self.recorded) {
            for w in &s.value.by.0 {
                add(w.name());
            }
            if let Some(t) = &s.value.text {
                add(t);
            }
        }
        for c in &self.conflicts {
            add(&c.value.member.value);
            if let Some(t) = &c.value.text {
                add(t);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voters_are_read_as_minutes_print_them() {
        let v = Voters::from_text("A, V og F (15)").unwrap();
        assert_eq!(v.count, Some(15));
        assert_eq!(
            v.who,
            vec![
                Voter::Party("A".into()),
                Voter::Party("V".into()),
                Voter::Party("F".into())
            ]
        );
        let v = Voters::from_text("Peter Bach (V) og Mette Dahl (A)").unwrap();
        assert_eq!(v.count, None);
        assert_eq!(v.members().count(), 2);
        assert_eq!(Voters::from_text("ingen").unwrap().count, Some(0));
        assert_eq!(Voters::from_text("Ø (1 stemme)").unwrap().count, Some(1));
        assert!(Voters::from_text(" , ").is_err());
        assert_eq!(Voter::of("SF"), Voter::Party("SF".into()));
        assert_eq!(
            Voter::of("Borgmesteren"),
            Voter::Member("Borgmesteren".into())
        );
        assert_eq!(member_key("Peter  Bach (V)"), member_key("peter bach"));
    }
}
