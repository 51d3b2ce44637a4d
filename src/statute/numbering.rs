//! The numbering grammar: which numbered unit a heading, paragraph or list item opens, and the stable anchor of
//! each unit.
//!
//! Two styles (see [`Numbering`]): dotted ("4.7", "4.1a", anchors `#pkt-4-7`, as the bundled statutes write them)
//! and paragraph style ("§ 4", "Stk. 2.", "1)", "a)", "Kapitel 3"), whose anchors follow Akoma Ntoso's eIds in
//! spirit: one short, stable id per unit built from its path (`#p4`, `#p4a-stk2-nr3-litb`, `#kap3`).

pub use crate::model::document::Numbering;
use std::fmt;

/// A paragraph number: "4", "4 a" (written "§ 4 a" or "§ 4a").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ParagraphNo {
    pub number: u32,
    pub letter: Option<char>,
}

impl fmt::Display for ParagraphNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.letter {
            Some(l) => write!(f, "{} {l}", self.number),
            None => write!(f, "{}", self.number),
        }
    }
}

/// Where a unit sits: a chapter, or a paragraph (§) with its subsection (stk.), item (nr.) and letter (litra).
/// A reference may give only the lower parts ("stk. 3"); [`UnitPath::complete`] fills the rest from where it stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct UnitPath {
    pub chapter: Option<String>,
    pub paragraph: Option<ParagraphNo>,
    pub stk: Option<u32>,
    pub nr: Option<u32>,
    pub litra: Option<char>,
}

/// What a heading, paragraph or list item opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// "Kapitel 3", "Kapitel IV" (lowercased).
    Chapter(String),
    Paragraph(ParagraphNo),
    Stk(u32),
    Nr(u32),
    Litra(char),
}

impl UnitPath {
    /// The path of the unit `mark` opens, standing at `self`. An item or letter directly under a paragraph belongs
    /// to its first (unprinted) subsection: "§ 4, nr. 2" is § 4, stk. 1, nr. 2.
    pub fn enter(&self, mark: &Mark) -> UnitPath {
        let stk = || self.stk.or(self.paragraph.map(|_| 1));
        match mark {
            Mark::Chapter(c) => UnitPath {
                chapter: Some(c.clone()),
                ..UnitPath::default()
            },
            Mark::Paragraph(p) => UnitPath {
                paragraph: Some(*p),
                ..UnitPath::default()
            },
            Mark::Stk(n) => UnitPath {
                paragraph: self.paragraph,
                stk: Some(*n),
                ..UnitPath::default()
            },
            Mark::Nr(n) => UnitPath {
                paragraph: self.paragraph,
                stk: stk(),
                nr: Some(*n),
                ..UnitPath::default()
            },
            Mark::Litra(l) => UnitPath {
                paragraph: self.paragraph,
                stk: stk(),
                nr: self.nr,
                litra: Some(*l),
                ..UnitPath::default()
            },
        }
    }

    /// A reference's path completed from where it is written: "stk. 3" inside § 2 is § 2, stk. 3; "nr. 2" is
    /// item 2 of the current subsection; "§ 4, nr. 2" is § 4, stk. 1, nr. 2. Nothing of `here` is used once the
    /// reference names a higher level itself.
    pub fn complete(&self, here: &UnitPath) -> UnitPath {
        let mut p = self.clone();
        if p.chapter.is_some() || p.paragraph.is_some() {
            if p.paragraph.is_some() && p.stk.is_none() && (p.nr.is_some() || p.litra.is_some()) {
                p.stk = Some(1);
            }
            return p;
        }
        p.paragraph = here.paragraph;
        if p.stk.is_none() {
            p.stk = here.stk.or(here.paragraph.map(|_| 1));
            if p.nr.is_none() {
                p.nr = here.nr;
            }
        }
        p
    }

    /// The unit's anchor (`p4`, `p4a-stk2-nr3-litb`, `kap3`); `None` when the path names no paragraph or chapter.
    pub fn eid(&self) -> Option<String> {
        let Some(p) = self.paragraph else {
            return self.chapter.as_ref().map(|c| format!("kap{c}"));
        };
        let mut s = format!("p{}", p.number);
        if let Some(l) = p.letter {
            s.push(l);
        }
        if let Some(n) = self.stk {
            s.push_str(&format!("-stk{n}"));
        }
        if let Some(n) = self.nr {
            s.push_str(&format!("-nr{n}"));
        }
        if let Some(l) = self.litra {
            s.push_str(&format!("-lit{l}"));
        }
        Some(s)
    }

    /// The unit as a Danish writer cites it: "§ 4 a, stk. 2, nr. 3, litra b", "kapitel 3".
    pub fn label(&self) -> String {
        let mut parts = Vec::new();
        if let Some(c) = &self.chapter {
            if self.paragraph.is_none() {
                parts.push(format!("kapitel {}", c.to_uppercase_roman()));
            }
        }
        if let Some(p) = self.paragraph {
            parts.push(format!("§ {p}"));
        }
        if let Some(n) = self.stk {
            parts.push(format!("stk. {n}"));
        }
        if let Some(n) = self.nr {
            parts.push(format!("nr. {n}"));
        }
        if let Some(l) = self.litra {
            parts.push(format!("litra {l}"));
        }
        parts.join(", ")
    }
}

/// Roman chapter numbers are printed in capitals ("Kapitel IV"); digits stay digits.
trait RomanCase {
    fn to_uppercase_roman(&self) -> String;
}

impl RomanCase for String {
    fn to_uppercase_roman(&self) -> String {
        if self.chars().all(|c| "ivxlc".contains(c)) {
            self.to_uppercase()
        } else {
            self.clone()
        }
    }
}

/// The path an anchor made by [`UnitPath::eid`] stands for.
pub fn parse_eid(eid: &str) -> Option<UnitPath> {
    if let Some(c) = eid.strip_prefix("kap") {
        return (!c.is_empty() && c.chars().all(|c| c.is_ascii_alphanumeric())).then(|| UnitPath {
            chapter: Some(c.to_string()),
            ..UnitPath::default()
        });
    }
    let mut parts = eid.strip_prefix('p')?.split('-');
    let head = parts.next()?;
    let digits = head.trim_end_matches(|c: char| c.is_ascii_lowercase());
    let letter = head[digits.len()..].chars().next();
    if head.len() - digits.len() > 1 {
        return None;
    }
    let mut path = UnitPath {
        paragraph: Some(ParagraphNo {
            number: digits.parse().ok()?,
            letter,
        }),
        ..UnitPath::default()
    };
    for part in parts {
        if let Some(n) = part.strip_prefix("stk") {
            path.stk = Some(n.parse().ok()?);
        } else if let Some(n) = part.strip_prefix("nr") {
            path.nr = Some(n.parse().ok()?);
        } else if let Some(l) = part.strip_prefix("lit") {
            let mut cs = l.chars();
            path.litra = Some(cs.next().filter(|c| c.is_ascii_lowercase())?);
            if cs.next().is_some() {
                return None;
            }
        } else {
            return None;
        }
    }
    (path.eid().as_deref() == Some(eid)).then_some(path)
}

/// Reads a paragraph number at the start of `s` ("4", "4a", "4 a"), with the bytes it takes. A spaced letter must
/// stand alone ("§ 4 a," but not "§ 4 af"), and a spaced "i" before a word is the preposition ("§ 4 i vedtægterne").
pub fn paragraph_no(s: &str) -> Option<(ParagraphNo, usize)> {
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 4 {
        return None;
    }
    let number = s[..digits].parse().ok()?;
    let rest = &s[digits..];
    let (gap, after_gap) = match rest.strip_prefix(' ') {
        Some(r) => (1, r),
        None => (0, rest),
    };
    let mut cs = after_gap.chars();
    let letter = cs.next().filter(|c| c.is_ascii_lowercase());
    let next = cs.next();
    let alone = next.is_none_or(|c| !c.is_alphanumeric());
    let preposition = gap == 1 && letter == Some('i') && next.is_some_and(char::is_whitespace);
    match letter {
        Some(l) if alone && !preposition => Some((
            ParagraphNo {
                number,
                letter: Some(l),
            },
            digits + gap + 1,
        )),
        _ => Some((
            ParagraphNo {
                number,
                letter: None,
            },
            digits,
        )),
    }
}

/// A heading that opens a unit: "§ 4", "§ 4. Formål", "§ 4 a Formål", "Kapitel 3", "KAPITEL III. Bestyrelsen".
/// Returns the mark and the title that follows it (possibly empty).
pub fn heading_mark(text: &str) -> Option<(Mark, &str)> {
    let t = text.trim();
    let (mark, rest) = if let Some(rest) = t.strip_prefix('§') {
        let rest = rest.trim_start();
        let (p, len) = paragraph_no(rest)?;
        (Mark::Paragraph(p), &rest[len..])
    } else {
        let rest = strip_prefix_ignore_case(t, "kapitel ")?.trim_start();
        let len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let id = rest[..len].to_ascii_lowercase();
        let roman = !id.is_empty() && id.chars().all(|c| "ivxlc".contains(c));
        let numeric = !id.is_empty() && id.starts_with(|c: char| c.is_ascii_digit());
        if !(roman || numeric) || len > 6 {
            return None;
        }
        (Mark::Chapter(id), &rest[len..])
    };
    // What follows the number is a title, after an optional full stop, colon or dash.
    if !(rest.is_empty() || rest.starts_with([' ', '.', ':'])) {
        return None;
    }
    let title = rest.trim_start_matches(['.', ':', '-', '–']).trim();
    Some((mark, title))
}

/// A paragraph or list item that opens a unit by its first words: "§ 4. Foreningens formål …", "Stk. 2. …",
/// "nr. 3) …", "3) …", "a) …", "litra b) …". Returns the mark and the length of the number as printed (without the
/// space after it). A sentence that starts with a reference ("§ 4 finder anvendelse …") opens nothing.
pub fn paragraph_mark(text: &str) -> Option<(Mark, usize)> {
    let lead = text.len() - text.trim_start().len();
    let t = &text[lead..];
    let ends_mark = |rest: &str| rest.is_empty() || rest.starts_with(char::is_whitespace);
    if let Some(rest) = t.strip_prefix('§') {
        let gap = rest.len() - rest.trim_start().len();
        let (p, len) = paragraph_no(&rest[gap..])?;
        let after = rest[gap + len..].strip_prefix('.')?;
        return ends_mark(after).then(|| (Mark::Paragraph(p), lead + t.len() - after.len()));
    }
    if let Some(rest) = t.strip_prefix("Stk.").or_else(|| t.strip_prefix("Stk ")) {
        let gap = rest.len() - rest.trim_start().len();
        let (n, len) = number(&rest[gap..])?;
        let after = &rest[gap + len..];
        // "Stk. 2." as printed; without the full stop only before a capital ("Stk. 3 Bestyrelsen"), so that
        // "Stk. 2 og 3 gælder" stays a sentence.
        let after = match after.strip_prefix(['.', ':']) {
            Some(a) => a,
            None if after.trim_start().starts_with(char::is_uppercase) => after,
            None => return None,
        };
        return ends_mark(after).then(|| (Mark::Stk(n), lead + t.len() - after.len()));
    }
    let (t2, named) = match strip_prefix_ignore_case(t, "nr.") {
        Some(r) => (r.trim_start(), true),
        None => match strip_prefix_ignore_case(t, "litra ") {
            Some(r) => (r.trim_start(), true),
            None => (t, false),
        },
    };
    let (mark, len) = if let Some((n, len)) = number(t2) {
        (Mark::Nr(n), len)
    } else {
        let l = t2.chars().next().filter(|c| c.is_ascii_lowercase())?;
        (Mark::Litra(l), 1)
    };
    let after = &t2[len..];
    let after = match after.strip_prefix([')', ':']) {
        Some(a) => a,
        None if named => after.strip_prefix('.').unwrap_or(after),
        None => after
            .strip_prefix('.')
            .filter(|_| matches!(mark, Mark::Litra(_)))?,
    };
    ends_mark(after).then(|| (mark, lead + t.len() - after.len()))
}

/// A dotted number at the start of a paragraph ("4.7 På generalforsamlingen …", "4.1a …", "4.7. …"): at least
/// two parts, a letter allowed at the end, then white space.
pub fn dotted_number(text: &str) -> Option<&str> {
    let t = text.trim_start();
    let len = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c.is_ascii_lowercase()))
        .unwrap_or(t.len());
    let num = t[..len].trim_end_matches('.');
    let parts: Vec<&str> = num.split('.').collect();
    let last = parts.last()?;
    let last_digits = last.trim_end_matches(|c: char| c.is_ascii_lowercase());
    let valid = parts.len() >= 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        && !last_digits.is_empty()
        && last_digits.chars().all(|c| c.is_ascii_digit())
        && last.len() - last_digits.len() <= 1;
    let next = t[len..].chars().next();
    (valid && next.is_none_or(char::is_whitespace)).then_some(num)
}

/// The anchor of a dotted number: `4.7` → `pkt-4-7`, `4.1a` → `pkt-4-1a` (a comma counts as a dot: "stk. 6,5").
pub fn dotted_anchor(number: &str) -> String {
    format!(
        "pkt-{}",
        number.trim_end_matches('.').replace(['.', ','], "-")
    )
}

/// Whether `number` is a dotted number as [`dotted_anchor`] takes it: digits and dots, a letter at the end.
pub fn is_dotted(number: &str) -> bool {
    let n = number.trim_end_matches('.');
    let digits = n.trim_end_matches(|c: char| c.is_ascii_lowercase());
    !digits.is_empty()
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && n.len() - digits.len() <= 1
        && !digits.contains("..")
}

/// A paragraph-style path as the section number of a dotted document: § 6, stk. 5 → "6.5" (a statute numbered
/// "6.5" is often cited "stk. 6,5" or "§ 6, stk. 5"); `None` without a paragraph.
pub fn dotted_of(path: &UnitPath) -> Option<String> {
    let p = path.paragraph?;
    let mut s = p.number.to_string();
    let mut letter = p.letter;
    for n in [path.stk, path.nr].into_iter().flatten() {
        if let Some(l) = letter.take() {
            s.push(l);
        }
        s.push_str(&format!(".{n}"));
    }
    if let Some(l) = letter.or(path.litra) {
        s.push(l);
    }
    Some(s)
}

/// The style a statute is written in when its front matter does not say: paragraph style as soon as one heading
/// or paragraph opens a § ("## § 4", "§ 4. Foreningens …"), dotted otherwise.
pub fn detect(body: &str) -> Numbering {
    let opens_paragraph = body.lines().any(|line| {
        let t = line.trim_start();
        let heading = t.trim_start_matches('#');
        if heading.len() < t.len() && heading.starts_with(' ') {
            return matches!(heading_mark(heading), Some((Mark::Paragraph(_), _)));
        }
        let plain = t.replace(['*', '_'], "");
        matches!(paragraph_mark(&plain), Some((Mark::Paragraph(_), _)))
    });
    if opens_paragraph {
        Numbering::Paragraph
    } else {
        Numbering::Dotted
    }
}

/// A whole number of at most four digits at the start of `s`, with its length.
fn number(s: &str) -> Option<(u32, usize)> {
    let len = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if len == 0 || len > 4 {
        return None;
    }
    Some((s[..len].parse().ok()?, len))
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(n: u32) -> ParagraphNo {
        ParagraphNo {
            number: n,
            letter: None,
        }
    }

    #[test]
    fn headings_open_paragraphs_and_chapters() {
        assert_eq!(heading_mark("§ 4"), Some((Mark::Paragraph(p(4)), "")));
        assert_eq!(
            heading_mark("§ 4. Formål"),
            Some((Mark::Paragraph(p(4)), "Formål"))
        );
        let a = ParagraphNo {
            number: 4,
            letter: Some('a'),
        };
        assert_eq!(
            heading_mark("§ 4 a. Tilsyn"),
            Some((Mark::Paragraph(a), "Tilsyn"))
        );
        assert_eq!(heading_mark("§4a"), Some((Mark::Paragraph(a), "")));
        assert_eq!(
            heading_mark("Kapitel 3. Bestyrelsen"),
            Some((Mark::Chapter("3".into()), "Bestyrelsen"))
        );
        assert_eq!(
            heading_mark("KAPITEL IV"),
            Some((Mark::Chapter("iv".into()), ""))
        );
        // Not units: a heading that merely mentions a §, a chapter without a number, a § glued to a word.
        assert_eq!(heading_mark("Om § 4"), None);
        assert_eq!(heading_mark("Kapitlet om økonomi"), None);
        assert_eq!(heading_mark("Kapitel tre"), None);
        assert_eq!(heading_mark("§ 60-selskab"), None);
    }

    #[test]
    fn paragraphs_open_paragraphs_subsections_items_and_letters() {
        let t = "§ 4. Foreningens formål er at drive en klub.";
        assert_eq!(paragraph_mark(t), Some((Mark::Paragraph(p(4)), 5)));
        assert_eq!(&t[..5], "§ 4.");
        assert_eq!(
            paragraph_mark("Stk. 2. Bestyrelsen vælges."),
            Some((Mark::Stk(2), 7))
        );
        assert_eq!(
            paragraph_mark("Stk. 3 Bestyrelsen"),
            Some((Mark::Stk(3), 6))
        );
        assert_eq!(paragraph_mark("3) regnskab"), Some((Mark::Nr(3), 2)));
        assert_eq!(paragraph_mark("nr. 3) regnskab"), Some((Mark::Nr(3), 6)));
        assert_eq!(paragraph_mark("Nr. 2. regnskab"), Some((Mark::Nr(2), 6)));
        assert_eq!(paragraph_mark("b) revisor"), Some((Mark::Litra('b'), 2)));
        assert_eq!(
            paragraph_mark("litra c) revisor"),
            Some((Mark::Litra('c'), 8))
        );
        // Sentences that start with a reference or a number open nothing.
        assert_eq!(paragraph_mark("§ 4 finder anvendelse."), None);
        assert_eq!(paragraph_mark("Stk. 2 og 3 gælder."), None);
        assert_eq!(paragraph_mark("2020 var et godt år."), None);
        assert_eq!(paragraph_mark("3. behandling"), None);
        assert_eq!(paragraph_mark("at bestyrelsen"), None);
    }

    #[test]
    fn paragraph_numbers_take_a_standalone_letter_only() {
        let no = |s| paragraph_no(s).map(|(p, len)| (p.to_string(), len));
        assert_eq!(no("4 a, stk. 2"), Some(("4 a".into(), 3)));
        assert_eq!(no("4a."), Some(("4 a".into(), 2)));
        assert_eq!(no("4 af lov"), Some(("4".into(), 1)));
        assert_eq!(no("4 i vedtægterne"), Some(("4".into(), 1)));
        assert_eq!(no("4 i, stk. 2"), Some(("4 i".into(), 3)));
        assert_eq!(no("a"), None);
    }

    #[test]
    fn anchors_follow_the_path_and_read_back() {
        let here = UnitPath::default().enter(&Mark::Paragraph(p(4)));
        assert_eq!(here.eid().as_deref(), Some("p4"));
        let stk = here.enter(&Mark::Stk(2));
        let nr = stk.enter(&Mark::Nr(3));
        let lit = nr.enter(&Mark::Litra('b'));
        assert_eq!(lit.eid().as_deref(), Some("p4-stk2-nr3-litb"));
        assert_eq!(lit.label(), "§ 4, stk. 2, nr. 3, litra b");
        // An item directly under a paragraph belongs to its first, unprinted subsection.
        assert_eq!(
            here.enter(&Mark::Nr(1)).eid().as_deref(),
            Some("p4-stk1-nr1")
        );
        // A new paragraph leaves the old subsection behind.
        assert_eq!(
            nr.enter(&Mark::Paragraph(p(5))).eid().as_deref(),
            Some("p5")
        );
        let chapter = UnitPath::default().enter(&Mark::Chapter("iv".into()));
        assert_eq!(chapter.eid().as_deref(), Some("kapiv"));
        assert_eq!(chapter.label(), "kapitel IV");
        for eid in ["p4", "p4a-stk2", "p12-stk1-nr3-litb", "kap3", "kapiv"] {
            assert_eq!(parse_eid(eid).and_then(|p| p.eid()).as_deref(), Some(eid));
        }
        for not in ["pkt-4-7", "p", "p4-stk", "p4-x2", "pab", "kap", "p04"] {
            assert_eq!(parse_eid(not), None, "{not}");
        }
        assert_eq!(UnitPath::default().eid(), None);
    }

    #[test]
    fn relative_paths_complete_from_where_they_stand() {
        let in_p2 = UnitPath::default().enter(&Mark::Paragraph(p(2)));
        let stk = |n| UnitPath {
            stk: Some(n),
            ..UnitPath::default()
        };
        // "jf. stk. 1" inside § 2 is § 2, stk. 1, never § 1.
        assert_eq!(stk(1).complete(&in_p2).eid().as_deref(), Some("p2-stk1"));
        let in_stk3 = in_p2.enter(&Mark::Stk(3));
        let nr2 = UnitPath {
            nr: Some(2),
            ..UnitPath::default()
        };
        assert_eq!(nr2.complete(&in_stk3).eid().as_deref(), Some("p2-stk3-nr2"));
        assert_eq!(nr2.complete(&in_p2).eid().as_deref(), Some("p2-stk1-nr2"));
        let absolute = UnitPath {
            paragraph: Some(p(4)),
            nr: Some(2),
            ..UnitPath::default()
        };
        assert_eq!(
            absolute.complete(&in_stk3).eid().as_deref(),
            Some("p4-stk1-nr2")
        );
        // Outside any paragraph a relative reference stays incomplete: it names no unit.
        assert_eq!(stk(1).complete(&UnitPath::default()).eid(), None);
    }

    #[test]
    fn dotted_numbers() {
        assert_eq!(dotted_number("4.7 På generalforsamlingen"), Some("4.7"));
        assert_eq!(dotted_number("4.7. På"), Some("4.7"));
        assert_eq!(dotted_number("4.1a Tillæg"), Some("4.1a"));
        assert_eq!(dotted_number("10.12"), Some("10.12"));
        assert_eq!(dotted_number("4. Generalforsamling"), None);
        assert_eq!(dotted_number("4.7kr."), None);
        assert_eq!(dotted_number("4.ab x"), None);
        assert_eq!(dotted_number("4..7 x"), None);
        assert_eq!(dotted_anchor("4.7"), "pkt-4-7");
        assert_eq!(dotted_anchor("6,5"), "pkt-6-5");
        assert_eq!(dotted_anchor("4.1a"), "pkt-4-1a");
        assert!(is_dotted("4.1a") && is_dotted("6,5") && is_dotted("4"));
        assert!(!is_dotted("bilag-1") && !is_dotted("p4-stk2") && !is_dotted(""));
    }

    #[test]
    fn style_is_detected_from_the_first_paragraph_sign() {
        assert_eq!(
            detect("## § 1. Navn\n\nForeningens navn er …\n"),
            Numbering::Paragraph
        );
        assert_eq!(
            detect("**§ 1.** Foreningens navn er …\n"),
            Numbering::Paragraph
        );
        assert_eq!(
            detect("## 1. Navn\n\n1.1 Navnet er …, jf. § 60 i loven.\n"),
            Numbering::Dotted
        );
    }
}
