//! Languages: one catalogue per language (`da.rs`, `en.rs`) holding every interface string and every message,
//! keyed by [`Ui`] and [`Key`] (`keys.rs`); messages carry typed parameters ([`Msg`]) and are put into words only
//! when shown ([`text`]), in the language the reader chose. Danish is the default.
//!
//! Adding a language: a file like `en.rs` with its two exhaustive `match`es, a variant of [`Lang`] and its arm in
//! [`catalogue`]. A key without a text in some language does not compile; `tests/catalogue.rs` shows it with a
//! stub language, and the tests below check that every text uses exactly its key's parameters.

mod da;
pub mod dates;
mod en;
pub mod keys;

pub use dates::*;
pub use keys::{Key, Msg, Ui};

use crate::kinds::{DocumentKind, Kind, MeetingKind};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Da,
    En,
}

impl Lang {
    pub const ALL: &'static [Lang] = &[Lang::Da, Lang::En];

    /// The language's code ("da", "en"), as `lang` attributes, `--lang` and `protokol.toml` write it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }

    /// The language of a code as `--lang` and `protokol.toml` write it ("da", "en").
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "da" => Some(Lang::Da),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// One language's texts.
pub struct Catalogue {
    pub message: fn(Key) -> &'static str,
    pub ui: fn(Ui) -> &'static str,
}

/// The catalogue of a language.
pub fn catalogue(lang: Lang) -> &'static Catalogue {
    static DA: Catalogue = Catalogue {
        message: da::message,
        ui: da::ui,
    };
    static EN: Catalogue = Catalogue {
        message: en::message,
        ui: en::ui,
    };
    match lang {
        Lang::Da => &DA,
        Lang::En => &EN,
    }
}

/// Parameter types of messages (see `keys.rs`).
pub type Figure = Decimal;
pub type Date = chrono::NaiveDate;
pub type Weekday = chrono::Weekday;
/// A message inside a message ("the rule … cannot be used: {problem}").
pub type Sub = Box<Msg>;

/// A parameter's value, put into words per language.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Str(String),
    Count(usize),
    Figure(Decimal),
    Date(Date),
    Weekday(Weekday),
    Msg(Msg),
    List(Vec<Msg>),
}

/// Turns a parameter into an [`Arg`].
pub trait ToArg {
    fn to_arg(&self) -> Arg;
}
impl ToArg for String {
    fn to_arg(&self) -> Arg {
        Arg::Str(self.clone())
    }
}
impl ToArg for usize {
    fn to_arg(&self) -> Arg {
        Arg::Count(*self)
    }
}
impl ToArg for Decimal {
    fn to_arg(&self) -> Arg {
        Arg::Figure(*self)
    }
}
impl ToArg for Date {
    fn to_arg(&self) -> Arg {
        Arg::Date(*self)
    }
}
impl ToArg for Weekday {
    fn to_arg(&self) -> Arg {
        Arg::Weekday(*self)
    }
}
impl ToArg for Vec<Msg> {
    fn to_arg(&self) -> Arg {
        Arg::List(self.clone())
    }
}
impl ToArg for Box<Msg> {
    fn to_arg(&self) -> Arg {
        Arg::Msg((**self).clone())
    }
}

pub fn arg<T: ToArg>(v: &T) -> Arg {
    v.to_arg()
}

impl Arg {
    fn text(&self, lang: Lang) -> String {
        match self {
            Arg::Str(s) => s.clone(),
            Arg::Count(n) => n.to_string(),
            Arg::Figure(d) => figure(*d, lang),
            Arg::Date(d) => date_short(*d, lang),
            Arg::Weekday(w) => weekday_name(*w, lang).to_string(),
            Arg::Msg(m) => text(m, lang),
            Arg::List(items) => items
                .iter()
                .map(|m| text(m, lang))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// A message in words.
pub fn text(msg: &Msg, lang: Lang) -> String {
    let template = (catalogue(lang).message)(msg.key());
    let args = msg.args();
    fill(template, |name| {
        args.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, a)| a.text(lang))
    })
}

/// In Danish, the default language (for messages that end up inside a library's error text).
impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&text(self, Lang::Da))
    }
}

/// Puts values into a text's `{name}` places; `{{` is a brace.
fn fill(template: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(stripped) = after.strip_prefix('{') {
            out.push('{');
            rest = stripped;
            continue;
        }
        match after.find('}') {
            Some(j) => {
                let name = &after[..j];
                match value(name) {
                    Some(v) => out.push_str(&v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[j + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}` places of a text.
#[cfg(test)]
fn placeholders(template: &str) -> Vec<String> {
    let mut names = Vec::new();
    fill(template, |name| {
        names.push(name.to_string());
        Some(String::new())
    });
    names
}

/// A figure with the language's separators ("1.392.657,5", "1,392,657.5"), with the scale it was written with.
pub fn figure(value: Decimal, lang: Lang) -> String {
    let ui = catalogue(lang).ui;
    let s = value.abs().to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut out = String::with_capacity(s.len() + s.len() / 3 + 1);
    if value.is_sign_negative() && !value.is_zero() {
        out.push('-');
    }
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push_str(ui(Ui::ThousandsSeparator));
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push_str(ui(Ui::DecimalSeparator));
        out.push_str(frac);
    }
    out
}

/// Names as a language lists them: "A", "A og B", "A, B og C" (votes (#17): joint meetings' bodies, voters).
pub fn joined<S: AsRef<str>>(names: &[S], lang: Lang) -> String {
    match names {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(|s| s.as_ref()).collect();
            format!(
                "{} {} {}",
                init.join(", "),
                ui(Ui::AndWord, lang),
                last.as_ref()
            )
        }
    }
}

/// An interface string.
pub fn ui(k: Ui, lang: Lang) -> &'static str {
    (catalogue(lang).ui)(k)
}

/// UI strings for templates (`{{ t.meetings }}`).
pub fn strings(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    let ui = catalogue(lang).ui;
    Ui::ALL.iter().map(|k| (k.name(), ui(*k))).collect()
}

/// Strings the search script needs, with the kind names used in result lines.
pub fn search_strings(lang: Lang) -> serde_json::Value {
    let kinds: BTreeMap<&str, &str> = Kind::all()
        .map(|k| (k.code(), kind_name(k, lang)))
        .collect();
    let mut strings = serde_json::Map::new();
    for k in [
        Ui::Searching,
        Ui::Results,
        Ui::OneResult,
        Ui::NoResults,
        Ui::NoTerms,
        Ui::SearchError,
        Ui::Sort,
        Ui::SortRelevance,
        Ui::SortDate,
        Ui::YearFrom,
        Ui::YearTo,
        Ui::AnyYear,
        Ui::Offline,
        Ui::Meetings,
        Ui::Documents,
        Ui::Tables,
    ] {
        strings.insert(k.name().into(), ui(k, lang).into());
    }
    strings.insert("kinds".into(), serde_json::json!(kinds));
    serde_json::Value::Object(strings)
}

/// What a kind of item is called. The match is exhaustive: a new kind has no name until one is written here.
pub fn kind_name(kind: Kind, lang: Lang) -> &'static str {
    let key = match kind {
        Kind::Document(DocumentKind::Statute) => Ui::KindStatute,
        Kind::Document(DocumentKind::Bylaw) => Ui::KindBylaw,
        Kind::Document(DocumentKind::Note) => Ui::KindNote,
        Kind::Document(DocumentKind::Memo) => Ui::KindMemo,
        Kind::Document(DocumentKind::Letter) => Ui::KindLetter,
        Kind::Document(DocumentKind::Report) => Ui::KindReport,
        Kind::Document(DocumentKind::Overview) => Ui::KindOverview,
        Kind::Document(DocumentKind::List) => Ui::KindList,
        Kind::Document(DocumentKind::Terms) => Ui::KindTerms,
        Kind::Document(DocumentKind::Proposal) => Ui::KindProposal,
        Kind::Document(DocumentKind::Other) => Ui::KindOther,
        Kind::Meeting(MeetingKind::Agenda) => Ui::KindAgenda,
        Kind::Meeting(MeetingKind::Minutes) => Ui::KindMinutes,
        Kind::Table => Ui::KindTable,
        Kind::Page => Ui::KindPage,
    };
    ui(key, lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_text_uses_exactly_its_parameters() {
        for &lang in Lang::ALL {
            for &k in Key::ALL {
                let used: BTreeSet<String> = placeholders((catalogue(lang).message)(k))
                    .into_iter()
                    .collect();
                let declared: BTreeSet<String> = k.params().iter().map(|p| p.to_string()).collect();
                // Each text shows every parameter of its key, and no other.
                assert_eq!(used, declared, "{lang:?} {}", k.name());
            }
            for &k in Ui::ALL {
                let t = (catalogue(lang).ui)(k);
                assert!(!t.is_empty(), "{lang:?} {}", k.variant());
            }
        }
    }

    #[test]
    fn template_names_are_unique() {
        let names: BTreeSet<&str> = Ui::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names.len(), Ui::ALL.len());
    }

    #[test]
    fn messages_are_put_into_words_per_language() {
        let m = Msg::SumDiffers {
            column: "kvote".into(),
            total: Decimal::from(70),
            rows: 29,
            sum: Decimal::from(1392657),
            difference: Decimal::from(-1),
        };
        assert_eq!(
            text(&m, Lang::En),
            "kvote: total is 70, but the 29 rows sum to 1,392,657 (difference -1)"
        );
        assert!(text(&m, Lang::Da).contains("1.392.657"));
        assert_eq!(fill("a {{b} {c}", |_| Some("x".into())), "a {b} x");
        assert_eq!(figure(Decimal::new(-4926050, 2), Lang::Da), "-49.260,50");
        assert_eq!(figure(Decimal::new(4926050, 2), Lang::En), "49,260.50");
    }
}
