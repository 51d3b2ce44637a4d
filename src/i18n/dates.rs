//! Dates: written the Danish way ("fredag den 24. januar 2020") or the English way, through the catalogue; and
//! the dates a Danish text writes with their weekday, or that no calendar has, found for the checks.

use super::{catalogue, Lang, Ui};
use chrono::{Datelike, NaiveDate, Weekday};

const WEEKDAYS: [Ui; 7] = [
    Ui::Monday,
    Ui::Tuesday,
    Ui::Wednesday,
    Ui::Thursday,
    Ui::Friday,
    Ui::Saturday,
    Ui::Sunday,
];
const MONTHS: [Ui; 12] = [
    Ui::January,
    Ui::February,
    Ui::March,
    Ui::April,
    Ui::May,
    Ui::June,
    Ui::July,
    Ui::August,
    Ui::September,
    Ui::October,
    Ui::November,
    Ui::December,
];

/// A weekday's name in a language ("fredag", "Friday").
pub fn weekday_name(w: Weekday, lang: Lang) -> &'static str {
    (catalogue(lang).ui)(WEEKDAYS[w.num_days_from_monday() as usize])
}

/// A month's name in a language (1-12).
pub fn month_name(month0: u32, lang: Lang) -> &'static str {
    (catalogue(lang).ui)(MONTHS[month0 as usize % 12])
}

/// The Danish name of a weekday, as Danish texts write it (and the checks read it).
pub fn weekday_da(w: Weekday) -> &'static str {
    weekday_name(w, Lang::Da)
}

/// Parses a Danish weekday name (any case).
pub fn parse_weekday_da(s: &str) -> Option<Weekday> {
    let l = s.to_lowercase();
    [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ]
    .into_iter()
    .find(|w| weekday_da(*w) == l)
}

/// Month number (1-12) of a Danish month name.
pub fn month_da(s: &str) -> Option<u32> {
    let l = s.to_lowercase();
    (0..12)
        .find(|&m| month_name(m, Lang::Da) == l)
        .map(|m| m + 1)
}

/// "24. januar 2020"
pub fn date_short(d: NaiveDate, lang: Lang) -> String {
    super::text(
        &super::Msg::DateShort {
            day: d.day() as usize,
            month: month_name(d.month0(), lang).to_string(),
            year: d.year().max(0) as usize,
        },
        lang,
    )
}

/// "24. januar", as meeting calendars print their dates.
pub fn day_month(d: NaiveDate, lang: Lang) -> String {
    super::text(
        &super::Msg::DayMonth {
            day: d.day() as usize,
            month: month_name(d.month0(), lang).to_string(),
        },
        lang,
    )
}

/// "fredag den 24. januar 2020"
pub fn date_long(d: NaiveDate, lang: Lang) -> String {
    super::text(
        &super::Msg::DateLong {
            weekday: weekday_name(d.weekday(), lang).to_string(),
            date: date_short(d, lang),
        },
        lang,
    )
}

/// A date written with its weekday ("fredag den 24. januar 2020") in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekdayDate {
    /// Byte offset of the phrase in the text.
    pub offset: usize,
    pub phrase: String,
    pub written: Weekday,
    pub date: NaiveDate,
}

/// Finds every "<weekday> [den] <d>. <month> <yyyy>" in a text. Every Danish weekday ends in "dag", so the scan
/// jumps from one "dag" to the next.
pub fn weekday_dates(text: &str) -> Vec<WeekdayDate> {
    const STEMS: [&str; 7] = ["man", "tirs", "ons", "tors", "fre", "lør", "søn"];
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("dag") {
        let dag = from + i;
        from = dag + 3;
        let Some(stem) = STEMS.iter().find(|p| {
            dag >= p.len()
                && text.is_char_boundary(dag - p.len())
                && text[dag - p.len()..dag].to_lowercase() == **p
        }) else {
            continue;
        };
        let start = dag - stem.len();
        if text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric())
        {
            continue;
        }
        let rest = &text[dag + 3..];
        let rest = rest
            .strip_prefix(" den ")
            .or_else(|| rest.strip_prefix(' '))
            .unwrap_or("");
        let mut words = rest.splitn(4, char::is_whitespace);
        let (Some(day), Some(month), Some(year)) = (words.next(), words.next(), words.next())
        else {
            continue;
        };
        let Some(day) = day.strip_suffix('.').and_then(|d| d.parse::<u32>().ok()) else {
            continue;
        };
        let Some(month) = month_da(month.trim_end_matches(',')) else {
            continue;
        };
        let year_digits: String = year.chars().take_while(|c| c.is_ascii_digit()).collect();
        if year_digits.len() != 4 {
            continue;
        }
        let (Ok(year), Some(written)) = (
            year_digits.parse::<i32>(),
            parse_weekday_da(&format!("{stem}dag")),
        ) else {
            continue;
        };
        let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else {
            continue;
        };
        let end = dag + 3 + text[dag + 3..].find(&year_digits).unwrap_or(0) + 4;
        let phrase = text.get(start..end).unwrap_or_default().to_string();
        out.push(WeekdayDate {
            offset: start,
            phrase,
            written,
            date,
        });
    }
    out
}

/// A date in a text that no calendar has ("30. februar 2021", "31. april"), with its byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImpossibleDate {
    pub offset: usize,
    pub phrase: String,
}

/// Finds every "<d>. <month> [<yyyy>]" whose day the month does not have. Without a year, 29. februar counts as
/// possible. The scan jumps from one ". " to the next and looks at the digits before it.
pub fn impossible_dates(text: &str) -> Vec<ImpossibleDate> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(". ") {
        let dot = from + i;
        from = dot + 2;
        let digits = bytes[..dot]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let start = dot - digits;
        if !(1..=2).contains(&digits)
            || text[..start]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '.' || c == ',')
        {
            continue;
        }
        let rest = &text[dot + 2..];
        let month_len = rest.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
        let Some(month) = month_da(&rest[..month_len]) else {
            continue;
        };
        let after = &rest[month_len..];
        if after.chars().next().is_some_and(|c| c.is_alphanumeric()) {
            continue;
        }
        let year_text = after
            .strip_prefix(' ')
            .map(|y| &y[..y.bytes().take_while(|b| b.is_ascii_digit()).count()])
            .filter(|y| y.len() == 4);
        let year = year_text.and_then(|y| y.parse().ok()).unwrap_or(2000);
        let Ok(day) = text[start..dot].parse::<u32>() else {
            continue;
        };
        if NaiveDate::from_ymd_opt(year, month, day).is_none() {
            let end = dot + 2 + month_len + year_text.map_or(0, |y| 1 + y.len());
            out.push(ImpossibleDate {
                offset: start,
                phrase: text[start..end].to_string(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_dates() {
        let d = NaiveDate::from_ymd_opt(2020, 1, 24).unwrap();
        assert_eq!(date_long(d, Lang::Da), "fredag den 24. januar 2020");
        assert_eq!(date_short(d, Lang::Da), "24. januar 2020");
        assert_eq!(date_short(d, Lang::En), "24 January 2020");
        assert_eq!(parse_weekday_da("Fredag"), Some(Weekday::Fri));
        let bad = impossible_dates(
            "mandag den 30. februar 2021 og 31. april, ikke 29. februar 2024 eller 31. maj",
        );
        let phrases: Vec<&str> = bad.iter().map(|d| d.phrase.as_str()).collect();
        assert_eq!(phrases, ["30. februar 2021", "31. april"]);
        assert_eq!(bad[0].offset, 11);
        assert!(impossible_dates("29. februar 2021").len() == 1);
        assert!(impossible_dates("punkt 4.30. april; 1.000. maj; 2019 31. december").is_empty());
        assert_eq!(month_da("Maj"), Some(5));
    }
}
