//! The reference grammar: the phrases by which Danish texts cite a statute's units, found in running text.
//!
//! - Dotted style (as the bundled statutes and agendas write): "jf. punkt 4.7", "jf. pkt. 1.2", "jf. afsnit 2",
//!   "jævnfør stk. 6,5 i vedtægter" — only after "jf."/"jævnfør", as today.
//! - Paragraph style: "§ 4", "§ 4 a", "§ 4, stk. 2, nr. 3", "§ 4, stk. 2, litra b", "§§ 4-6", "§§ 4 og 5",
//!   "stk. 3" and "nr. 2" (relative: of the § and stk. they are written in), "stk. 2-4", "kapitel 3".
//!
//! Either may name its document: "… i vedtægterne" or "vedtægternes § 6" with a declared name of a document
//! ([`Document::Named`]); a law or another body's text ("integrationslovens § 8", "§ 2 i bekendtgørelse nr. 912",
//! "§ 5 i lov om …") is [`Document::Elsewhere`]: neither linked nor checked.

use super::context::{
    after_number, at_word_start, cites_before, foreign_after, foreign_before, named_after,
    named_before, starts_with_ci, strip_prefix_ci,
};
use super::numbering::{paragraph_no, ParagraphNo, UnitPath};

/// A reference phrase found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The phrase's byte range in the text (what becomes the link).
    pub start: usize,
    pub end: usize,
    /// The units it cites: one, or each end of a range ("§§ 4-6": § 4 and § 6), or each of a list.
    pub units: Vec<Cited>,
    pub document: Document,
    /// A range whose end does not come after its start ("§§ 6-4").
    pub reversed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited {
    pub unit: Unit,
    /// Byte offset of this unit's number in the text.
    pub at: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// A paragraph-style unit; relative ones ("stk. 3") lack their upper parts until completed.
    Path(UnitPath),
    /// A dotted number as written, comma read as dot ("6,5" → "6.5").
    Dotted(String),
}

/// Which document a reference points into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Document {
    /// The text it is written in.
    Here,
    /// A document by one of its declared names, as listed in the `names` given to the finder.
    Named(String),
    /// A law, an order or another body's text: not ours to link or check.
    Elsewhere,
}

/// Dotted-style references ("jf. punkt 4.7", "jævnfør stk. 6,5 i vedtægter"). `names` are the lowercase names of
/// documents ("vedtægterne"); a phrase that ends "i vedtægter…" with no such name is [`Document::Elsewhere`].
pub fn dotted_references(text: &str, names: &[String]) -> Vec<Reference> {
    let mut out = Vec::new();
    // Cheap pre-filter: almost no text holds a reference phrase.
    if !(text.contains("jf.") || text.contains("Jf.") || text.contains("ævnfør")) {
        return out;
    }
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let intro = ["jf. ", "jævnfør "]
            .into_iter()
            .find(|p| starts_with_ci(rest, p) && at_word_start(text, i));
        if let Some(intro) = intro {
            if let Some(r) = dotted_at(text, i, intro.len(), names) {
                i = r.end;
                out.push(r);
                continue;
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    out
}

fn dotted_at(text: &str, start: usize, intro: usize, names: &[String]) -> Option<Reference> {
    let after = &text[start + intro..];
    let word = ["punkt ", "pkt. ", "afsnit ", "stk. "]
        .into_iter()
        .find(|w| starts_with_ci(after, w))?;
    let at = start + intro + word.len();
    let rest = &text[at..];
    let len = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(rest.len());
    let mut number = rest[..len].trim_end_matches(['.', ',']);
    if !number.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // An agenda item numbered by year and running number ("jf. punkt 19-001", "pkt. 2024-017"): the part after
    // the hyphen is zero-padded or three digits or more, so that "punkt 10-12" stays a span of items 10 to 12.
    let mut len = len;
    if number.len() == len && (word == "punkt " || word == "pkt. ") {
        if let Some(series) = rest[len..].strip_prefix('-') {
            let digits = series.len()
                - series
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .len();
            if digits >= 3 || (digits >= 2 && series.starts_with('0')) {
                len += 1 + digits;
                number = &rest[..len];
            }
        }
    }
    // A letter directly after the last digit belongs to the number ("4.1a"), when it stands alone.
    let mut cs = rest[number.len()..].chars();
    if number.len() == len {
        if let Some(l) = cs.next().filter(|c| c.is_ascii_lowercase()) {
            if cs.next().is_none_or(|c| !c.is_alphanumeric()) {
                number = &rest[..number.len() + l.len_utf8()];
            }
        }
    }
    let mut end = at + number.len();
    let document = match named_after(text, end, names) {
        Some((name, len)) => {
            end += len;
            Document::Named(name)
        }
        None if starts_with_ci(&text[end..], " i vedtægter") => Document::Elsewhere,
        None => Document::Here,
    };
    // "jf. stk. 1" with a single number is a subsection of the section it is written in, never section 1.
    let unit = match number.parse() {
        Ok(n) if word == "stk. " && document == Document::Here => Unit::Path(UnitPath {
            stk: Some(n),
            ..UnitPath::default()
        }),
        _ => Unit::Dotted(number.replace(',', ".")),
    };
    Some(Reference {
        start,
        end,
        units: vec![Cited { unit, at }],
        document,
        reversed: false,
    })
}

/// The unit a link's own text names, read without the "jf." a phrase in running text needs: "punkt 4.7",
/// "pkt. 19-001", "afsnit 2", "stk. 6,5 i vedtægter", "§ 4, stk. 2", "jævnfør stk. 6,5 i vedtægter" — the first
/// such phrase of the text, if it cites one unit (a range or list names no single target). `names` as for
/// [`dotted_references`].
pub fn in_link_text(text: &str, names: &[String]) -> Option<Reference> {
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let found = if rest.starts_with('§') {
            paragraph_at(text, i, names)
        } else if at_word_start(text, i)
            && ["punkt ", "pkt. ", "afsnit ", "stk. "]
                .iter()
                .any(|w| starts_with_ci(rest, w))
        {
            dotted_at(text, i, 0, names)
        } else {
            None
        };
        if let Some(r) = found {
            return (r.units.len() == 1).then_some(r);
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// Paragraph-style references ("§ 4, stk. 2", "stk. 3", "§§ 4-6", "§ 6 i vedtægterne"); see the module docs.
pub fn paragraph_references(text: &str, names: &[String]) -> Vec<Reference> {
    let mut out = Vec::new();
    let cheap = text.contains('§')
        || text.contains("stk.")
        || text.contains("Stk.")
        || text.contains("nr.")
        || text.contains("litra")
        || text.contains("apitel");
    if !cheap {
        return out;
    }
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let found = if rest.starts_with('§') {
            paragraph_at(text, i, names)
        } else if at_word_start(text, i) && !after_number(text, i) {
            relative_at(text, i, names)
        } else {
            None
        };
        match found {
            Some(r) => {
                i = r.end.max(i + 1);
                out.push(r);
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

/// The levels below a paragraph, in order.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Stk,
    Nr,
    Litra,
}

impl Level {
    fn keyword(self) -> &'static str {
        match self {
            Level::Stk => "stk.",
            Level::Nr => "nr.",
            Level::Litra => "litra",
        }
    }
    fn deeper(self) -> Option<Level> {
        match self {
            Level::Stk => Some(Level::Nr),
            Level::Nr => Some(Level::Litra),
            Level::Litra => None,
        }
    }
    fn set(self, path: &mut UnitPath, v: Value) {
        match (self, v) {
            (Level::Stk, Value::Number(n)) => path.stk = Some(n),
            (Level::Nr, Value::Number(n)) => path.nr = Some(n),
            (Level::Litra, Value::Letter(l)) => path.litra = Some(l),
            _ => {}
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Value {
    Number(u32),
    Letter(char),
    Paragraph(ParagraphNo),
}

/// One value, or a range or list of them, with the byte offset of each and where the last one ends.
struct Values {
    items: Vec<(Value, usize)>,
    range: bool,
    end: usize,
}

fn value_at(text: &str, at: usize, level: Option<Level>) -> Option<(Value, usize)> {
    let s = &text[at..];
    match level {
        None => paragraph_no(s).map(|(p, len)| (Value::Paragraph(p), len)),
        Some(Level::Litra) => {
            let mut cs = s.chars();
            let l = cs.next().filter(|c| c.is_ascii_lowercase())?;
            cs.next()
                .is_none_or(|c| !c.is_alphanumeric())
                .then_some((Value::Letter(l), 1))
        }
        Some(_) => {
            let len = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if len == 0 || len > 4 || s[len..].starts_with(|c: char| c.is_alphanumeric()) {
                return None;
            }
            Some((Value::Number(s[..len].parse().ok()?), len))
        }
    }
}

/// A value at `at`, then any "-6", "–6", " og 5", " eller 5" that continue it; with `lists`, also enumerations
/// (", 5 og 7" after "§§"). A list after a single "§" or ", 3. pkt." after a subsection is not one: "§ 4, 2. pkt."
/// cites the second sentence of § 4.
fn values_at(text: &str, at: usize, level: Option<Level>, lists: bool) -> Option<Values> {
    let (first, len) = value_at(text, at, level)?;
    let mut v = Values {
        items: vec![(first, at)],
        range: false,
        end: at + len,
    };
    loop {
        let rest = &text[v.end..];
        let (sep, range) = if let Some(r) = [" - ", " – ", "-", "–"]
            .into_iter()
            .find(|s| rest.starts_with(s))
        {
            (r.len(), true)
        } else if let Some(r) = [" og ", " eller ", ", "]
            .into_iter()
            .filter(|s| *s != ", " || level.is_none())
            .find(|s| rest.starts_with(s))
        {
            (r.len(), false)
        } else {
            break;
        };
        if v.range {
            break;
        }
        if !range && !lists {
            break;
        }
        let mut next_at = v.end + sep;
        // "§ 4 - § 6": the sign may be repeated after a range dash.
        if range && level.is_none() {
            if let Some(r) = text[next_at..].strip_prefix('§') {
                next_at += '§'.len_utf8() + r.len() - r.trim_start().len();
            }
        }
        let Some((value, len)) = value_at(text, next_at, level) else {
            break;
        };
        v.items.push((value, next_at));
        v.end = next_at + len;
        if range {
            v.range = true;
        }
    }
    Some(v)
}

/// ", stk. 2", ", nr. 3", ", litra b" at `at` for one of the levels from `from` down: the level and where its value
/// starts.
fn component_at(text: &str, at: usize, from: Level) -> Option<(Level, usize)> {
    let rest = text[at..].strip_prefix(", ")?;
    let mut level = Some(from);
    while let Some(l) = level {
        if let Some(after) = strip_prefix_ci(rest, l.keyword()) {
            let gap = after.len() - after.trim_start().len();
            if gap > 0 || l != Level::Litra {
                return Some((l, text.len() - after.len() + gap));
            }
        }
        level = l.deeper();
    }
    None
}

/// Follows a single-valued reference down its levels ("§ 4" → ", stk. 2" → ", nr. 3"), then collects what it
/// cites: every value of the last level given.
fn follow(
    text: &str,
    start: usize,
    mut path: UnitPath,
    first: Values,
    mut level: Option<Level>,
    names: &[String],
) -> Reference {
    let mut last = first;
    while last.items.len() == 1 {
        let below = match level {
            None => Level::Stk,
            Some(l) => match l.deeper() {
                Some(d) => d,
                None => break,
            },
        };
        let Some((l, value_at)) = component_at(text, last.end, below) else {
            break;
        };
        let Some(values) = values_at(text, value_at, Some(l), true) else {
            break;
        };
        set(&mut path, level, last.items[0].0);
        level = Some(l);
        last = values;
    }
    let reversed = last.range && last.items.windows(2).any(|w| w[1].0 <= w[0].0);
    let units = last
        .items
        .iter()
        .map(|&(v, at)| {
            let mut p = path.clone();
            set(&mut p, level, v);
            Cited {
                unit: Unit::Path(p),
                at,
            }
        })
        .collect();
    let mut end = last.end;
    let document = match named_after(text, end, names) {
        Some((name, len)) => {
            end += len;
            Document::Named(name)
        }
        None if foreign_after(&text[end..]) => Document::Elsewhere,
        None => Document::Here,
    };
    Reference {
        start,
        end,
        units,
        document,
        reversed,
    }
}

fn set(path: &mut UnitPath, level: Option<Level>, v: Value) {
    match (level, v) {
        (None, Value::Paragraph(p)) => path.paragraph = Some(p),
        (Some(l), v) => l.set(path, v),
        _ => {}
    }
}

/// "§ 4 …" or "§§ 4-6" at `start` (the sign).
fn paragraph_at(text: &str, start: usize, names: &[String]) -> Option<Reference> {
    let sign = if text[start..].starts_with("§§") {
        4
    } else {
        2
    };
    let rest = &text[start + sign..];
    let at = start + sign + rest.len() - rest.trim_start().len();
    let values = values_at(text, at, None, sign == 4)?;
    // "§ 60-fælleselskab", "§60-samarbejde": a paragraph glued to a word is a name, not a reference.
    if text[values.end..].starts_with(['-', '–']) {
        return None;
    }
    let mut r = follow(text, start, UnitPath::default(), values, None, names);
    if r.document == Document::Here {
        match named_before(text, start, names) {
            Some(name) => r.document = Document::Named(name),
            None if foreign_before(&text[..start]) => r.document = Document::Elsewhere,
            None => {}
        }
    }
    Some(r)
}

/// A relative reference at `start`: "stk. 3", "nr. 2", "litra b", or "kapitel 3".
fn relative_at(text: &str, start: usize, names: &[String]) -> Option<Reference> {
    let rest = &text[start..];
    if let Some(after) = strip_prefix_ci(rest, "kapitel ") {
        let at = start + 8;
        let len = after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len());
        let id = after[..len].to_ascii_lowercase();
        let roman = !id.is_empty() && id.len() <= 6 && id.chars().all(|c| "ivxlc".contains(c));
        let numeric = !id.is_empty() && id.len() <= 4 && id.chars().all(|c| c.is_ascii_digit());
        if !(roman || numeric) || !rest.starts_with(['k', 'K']) {
            return None;
        }
        return Some(Reference {
            start,
            end: at + len,
            units: vec![Cited {
                unit: Unit::Path(UnitPath {
                    chapter: Some(id),
                    ..UnitPath::default()
                }),
                at,
            }],
            document: Document::Here,
            reversed: false,
        });
    }
    let level = [Level::Stk, Level::Nr, Level::Litra]
        .into_iter()
        .find(|l| strip_prefix_ci(rest, l.keyword()).is_some())?;
    // "nr." also numbers laws, orders and telephones ("bekendtgørelse nr. 912"): only after a word that cites.
    if level == Level::Nr && !cites_before(&text[..start]) {
        return None;
    }
    let after = &rest[level.keyword().len()..];
    let gap = after.len() - after.trim_start().len();
    if gap == 0 {
        return None;
    }
    let values = values_at(text, start + level.keyword().len() + gap, Some(level), true)?;
    Some(follow(
        text,
        start,
        UnitPath::default(),
        values,
        Some(level),
        names,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        vec!["vedtægterne".into(), "forretningsordenen".into()]
    }

    /// Each reference as (phrase, [eid or dotted number …], document).
    fn found(text: &str) -> Vec<(String, Vec<String>, Document)> {
        paragraph_references(text, &names())
            .into_iter()
            .map(|r| {
                let units = r
                    .units
                    .iter()
                    .map(|c| match &c.unit {
                        Unit::Path(p) => p.eid().unwrap_or_else(|| p.label()),
                        Unit::Dotted(d) => d.clone(),
                    })
                    .collect();
                (text[r.start..r.end].to_string(), units, r.document)
            })
            .collect()
    }

    fn one(text: &str) -> (String, Vec<String>, Document) {
        let mut f = found(text);
        assert_eq!(f.len(), 1, "{text}: {f:?}");
        f.remove(0)
    }

    #[test]
    fn absolute_references_down_to_letters() {
        let (phrase, units, doc) = one("Bestyrelsen kan, jf. § 6, stk. 4, indkalde.");
        assert_eq!((phrase.as_str(), doc), ("§ 6, stk. 4", Document::Here));
        assert_eq!(units, ["p6-stk4"]);
        assert_eq!(one("efter § 4, stk. 2, nr. 3.").1, ["p4-stk2-nr3"]);
        assert_eq!(one("efter § 4, stk. 2, litra b.").1, ["p4-stk2-litb"]);
        assert_eq!(one("jf. § 4 a, stk. 1").1, ["p4a-stk1"]);
        assert_eq!(one("jf. § 4a.").1, ["p4a"]);
        // "nr." directly under a § is stk. 1's item once completed; unresolved here it names § 4, nr. 2.
        assert_eq!(one("jf. § 4, nr. 2").1, ["p4-nr2"]);
    }

    #[test]
    fn ranges_and_lists_cite_each_end() {
        let r = paragraph_references("Reglerne i §§ 4-6 gælder.", &names());
        assert_eq!(r.len(), 1);
        assert!(!r[0].reversed);
        assert_eq!(one("Reglerne i §§ 4–6 gælder.").1, ["p4", "p6"]);
        assert_eq!(one("jf. §§ 4 og 5").1, ["p4", "p5"]);
        assert_eq!(one("jf. §§ 4, 5 og 7").1, ["p4", "p5", "p7"]);
        assert_eq!(one("jf. § 4, stk. 2-4.").1, ["p4-stk2", "p4-stk4"]);
        assert!(paragraph_references("jf. §§ 6-4", &names())[0].reversed);
        // A range's sign before each end.
        assert_eq!(one("jf. § 4 - 6.").1, ["p4", "p6"]);
        assert_eq!(one("jf. § 4 - § 6.").1, ["p4", "p6"]);
        // "2. pkt." is a sentence of the unit, not a further unit.
        assert_eq!(one("jf. § 4, 2. pkt.").1, ["p4"]);
        assert_eq!(one("jf. § 4, stk. 2, 3. pkt.").1, ["p4-stk2"]);
    }

    #[test]
    fn relative_references_lack_their_upper_parts() {
        assert_eq!(one("jf. stk. 1").1, ["stk. 1"]);
        assert_eq!(one("som nævnt i stk. 3, nr. 2").1, ["stk. 3, nr. 2"]);
        assert_eq!(one("de i nr. 1 og 2 nævnte").1, ["nr. 1", "nr. 2"]);
        assert_eq!(one("efter litra b").1, ["litra b"]);
        assert_eq!(one("jf. kapitel 3").1, ["kap3"]);
        // Numbers of laws and pieces are not subsections or items.
        assert!(found("bekendtgørelse nr. 912 af 30. august 2019").is_empty());
        assert!(found("Der købes 10 stk. 3 mm skruer.").is_empty());
        assert!(found("Kapitlet om økonomi").is_empty());
    }

    #[test]
    fn documents_by_name_and_other_texts() {
        let (phrase, units, doc) = one("jf. § 6 i vedtægterne.");
        assert_eq!(phrase, "§ 6 i vedtægterne");
        assert_eq!(units, ["p6"]);
        assert_eq!(doc, Document::Named("vedtægterne".into()));
        assert_eq!(
            one("efter vedtægternes § 6, stk. 2").2,
            Document::Named("vedtægterne".into())
        );
        assert_eq!(
            one("jf. § 3 i Forretningsordenen").2,
            Document::Named("forretningsordenen".into())
        );
        for foreign in [
            "Det følger af integrationslovens § 6, at …",
            "jf. boligplaceringsbekendtgørelsens § 8",
            "Det følger af § 2, stk. 4 i bekendtgørelse nr. 912 af 30. august 2019",
            "efter § 85 i lov om social service",
            "efter lov om social service § 85",
            "jf. § 5 i KL's vedtægter",
        ] {
            assert_eq!(one(foreign).2, Document::Elsewhere, "{foreign}");
        }
        for local in ["jf. § 4 i øvrigt", "§ 4 i det omfang", "jf. § 4."] {
            assert_eq!(one(local).2, Document::Here, "{local}");
        }
        // "§ 60-fælleselskab" names a kind of company.
        assert!(found("et § 60-fælleselskab og et §60-samarbejde").is_empty());
    }

    #[test]
    fn a_link_text_names_its_unit_without_jf() {
        let names = vec!["vedtægter".to_string(), "vedtægterne".to_string()];
        let unit = |text: &str| {
            in_link_text(text, &names).map(|r| {
                let u = match &r.units[0].unit {
                    Unit::Path(p) => p.eid().unwrap_or_else(|| p.label()),
                    Unit::Dotted(d) => d.clone(),
                };
                (u, r.document)
            })
        };
        let here = |u: &str| Some((u.to_string(), Document::Here));
        assert_eq!(unit("punkt 4.7"), here("4.7"));
        assert_eq!(unit("se pkt. 19-001"), here("19-001"));
        assert_eq!(unit("Punkt 3.5"), here("3.5"));
        assert_eq!(unit("§ 4, stk. 2"), here("p4-stk2"));
        assert_eq!(unit("afsnit 2"), here("2"));
        assert_eq!(
            unit("jævnfør stk. 6,5 i vedtægter"),
            Some(("6.5".into(), Document::Named("vedtægter".into())))
        );
        // Nothing named, a range, or a number that is no unit's.
        assert_eq!(unit("bilag B, side 13"), None);
        assert_eq!(unit("vedtægter"), None);
        assert_eq!(unit("§§ 4-6"), None);
        assert_eq!(unit("spunkt 4"), None);
    }

    #[test]
    fn dotted_references_as_today() {
        let text = "Kræver 2/3-flertal, jf. punkt 4.7. Se også jævnfør stk. 6,5 i vedtægter, jf. pkt. 1.2 og jf. punkt 3.1. på dagsordenen og Jf. afsnit 2 og jf. punkt 4.1a, jf. ovenfor.";
        let names = vec!["vedtægter".to_string(), "vedtægterne".to_string()];
        let got: Vec<(String, String, Document)> = dotted_references(text, &names)
            .into_iter()
            .map(|r| {
                let Unit::Dotted(n) = &r.units[0].unit else {
                    panic!()
                };
                (text[r.start..r.end].to_string(), n.clone(), r.document)
            })
            .collect();
        let here = |p: &str, n: &str| (p.to_string(), n.to_string(), Document::Here);
        assert_eq!(
            got,
            [
                here("jf. punkt 4.7", "4.7"),
                (
                    "jævnfør stk. 6,5 i vedtægter".into(),
                    "6.5".into(),
                    Document::Named("vedtægter".into())
                ),
                here("jf. pkt. 1.2", "1.2"),
                here("jf. punkt 3.1", "3.1"),
                here("Jf. afsnit 2", "2"),
                here("jf. punkt 4.1a", "4.1a"),
            ]
        );
        // "i vedtægterne" with no statute of that name points elsewhere.
        // Item numbers of year and running number are one number; a span of items is not.
        let r = dotted_references(
            "jf. punkt 19-001 og jf. pkt. 24-07, jf. punkt 10-12, jf. punkt 7a",
            &[],
        );
        let numbers: Vec<&Unit> = r.iter().map(|x| &x.units[0].unit).collect();
        assert_eq!(
            numbers,
            [
                &Unit::Dotted("19-001".into()),
                &Unit::Dotted("24-07".into()),
                &Unit::Dotted("10".into()),
                &Unit::Dotted("7a".into())
            ]
        );
        let r = dotted_references("jf. punkt 5.1 i vedtægterne", &[]);
        assert_eq!(r[0].document, Document::Elsewhere);
    }
}
