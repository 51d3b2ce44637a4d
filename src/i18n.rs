//! Interface language: Danish by default, English available. Dates are written the Danish way
//! ("fredag den 24. januar 2020").

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Da,
    En,
}

const MONTHS_DA: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub fn weekday_da(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "mandag",
        Weekday::Tue => "tirsdag",
        Weekday::Wed => "onsdag",
        Weekday::Thu => "torsdag",
        Weekday::Fri => "fredag",
        Weekday::Sat => "lørdag",
        Weekday::Sun => "søndag",
    }
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
    MONTHS_DA.iter().position(|m| *m == l).map(|i| i as u32 + 1)
}

/// "24. januar 2020"
pub fn date_short(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Da => format!(
            "{}. {} {}",
            d.day(),
            MONTHS_DA[d.month0() as usize],
            d.year()
        ),
        Lang::En => format!(
            "{} {} {}",
            d.day(),
            MONTHS_EN[d.month0() as usize],
            d.year()
        ),
    }
}

/// "24. januar", as meeting calendars print their dates.
pub fn day_month(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Da => format!("{}. {}", d.day(), MONTHS_DA[d.month0() as usize]),
        Lang::En => format!("{} {}", d.day(), MONTHS_EN[d.month0() as usize]),
    }
}

/// "fredag den 24. januar 2020"
pub fn date_long(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Da => format!("{} den {}", weekday_da(d.weekday()), date_short(d, lang)),
        Lang::En => format!("{}, {}", d.format("%A"), date_short(d, lang)),
    }
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

/// UI strings for templates (`{{ t.meetings }}`).
pub fn strings(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    let pairs: &[(&str, &str, &str)] = &[
        ("skip_to_content", "Gå til indhold", "Skip to content"),
        ("home", "Forside", "Home"),
        ("meetings", "Møder", "Meetings"),
        ("latest_meetings", "Seneste møder", "Latest meetings"),
        ("documents", "Dokumenter", "Documents"),
        (
            "documents_by_kind",
            "Dokumenter efter type",
            "Documents by kind",
        ),
        ("tables", "Tabeller", "Tables"),
        ("bodies", "Organer", "Bodies"),
        ("agenda", "Dagsorden", "Agenda"),
        ("minutes", "Referat", "Minutes"),
        ("time_and_place", "Tid og sted", "Time and place"),
        ("participants", "Deltagere", "Participants"),
        ("absences", "Afbud", "Apologies"),
        ("instead", "i stedet deltog", "substitute:"),
        ("contents", "Indhold", "Contents"),
        ("item", "Punkt", "Item"),
        // In a link to an agenda item: "KD-Net 24. januar 2020, punkt 3 …".
        ("item_in_link", "punkt", "item"),
        ("presenter", "v.", "presented by"),
        ("case", "Sag", "Case"),
        ("attachments", "Bilag", "Attachments"),
        (
            "attachment_marker",
            "./. betyder, at der er bilag til punktet.",
            "./. means the item has attachments.",
        ),
        ("attachment_of", "Bilag til", "Attachment to"),
        ("previous_meeting", "Forrige møde", "Previous meeting"),
        ("next_meeting", "Næste møde", "Next meeting"),
        ("no_items", "Ingen punkter", "No items"),
        (
            "approves",
            "Godkender referatet af",
            "Approves the minutes of",
        ),
        ("source", "Kilde", "Source"),
        ("status", "Status", "Status"),
        ("draft", "Udkast", "Draft"),
        ("adopted", "Vedtaget", "Adopted"),
        ("adopted_on", "Vedtaget", "Adopted on"),
        ("note", "Bemærkning", "Note"),
        (
            "discrepancies",
            "Bemærkninger til kilden",
            "Notes on the source",
        ),
        (
            "versions",
            "Versioner og forskelle",
            "Versions and differences",
        ),
        ("rule", "Regel", "Rule"),
        ("rules", "Regler bag tallene", "Rules behind the figures"),
        ("unit", "Enhed", "Unit"),
        ("shown_in", "Vises i", "Shown in"),
        ("presented_at", "Behandlet på", "Presented at"),
        ("search", "Søg", "Search"),
        ("search_label", "Søg i portalen", "Search the portal"),
        ("search_placeholder", "Søg i portalen", "Search the portal"),
        (
            "search_no_js",
            "Søgningen kræver JavaScript, som er slået fra. Du kan i stedet bladre i",
            "Search needs JavaScript, which is turned off. You can browse instead:",
        ),
        ("filters", "Afgræns", "Filter"),
        ("body_filter", "Organ", "Body"),
        ("all", "Alle", "All"),
        ("more_results", "Vis flere resultater", "Show more results"),
        ("not_found_title", "Siden findes ikke", "Page not found"),
        (
            "not_found_text",
            "Siden, du leder efter, findes ikke. Prøv forsiden eller søgningen.",
            "The page you are looking for does not exist. Try the home page or search.",
        ),
        ("all_meetings", "Alle møder", "All meetings"),
        ("year", "År", "Year"),
        ("online", "Online", "Online"),
        ("calendar", "Mødekalender", "Meeting calendar"),
        ("referenced_by", "Henvist fra", "Referenced from"),
        ("footer", "Udgivet med protokol", "Published with protokol"),
        ("add_to_calendar", "Tilføj til kalender", "Add to calendar"),
        (
            "calendar_all_meetings",
            "Alle møder i kalenderen",
            "All meetings in your calendar",
        ),
        ("feed", "Nyhedsfeed (Atom)", "News feed (Atom)"),
        ("download_csv", "Hent som CSV", "Download as CSV"),
        ("open_data", "Åbne data", "Open data"),
        (
            "data_package",
            "Datapakke (Frictionless)",
            "Data package (Frictionless)",
        ),
        ("cancelled", "Aflyst", "Cancelled"),
        ("recommendation", "Indstilling", "Recommendation"),
        ("decision", "Referat", "Minutes"),
        ("presentation", "Sagsfremstilling", "Case presentation"),
        ("background", "Baggrund", "Background"),
        ("meetings_of", "Møder i", "Meetings of"),
        ("print", "Udskriv", "Print"),
        ("kind", "Type", "Kind"),
        ("date", "Dato", "Date"),
    ];
    pairs
        .iter()
        .map(|(k, da, en)| (*k, if lang == Lang::Da { *da } else { *en }))
        .collect()
}

/// Strings the search script needs, with the kind names used in result lines.
pub fn search_strings(lang: Lang) -> serde_json::Value {
    let kinds: BTreeMap<&str, &str> = [
        "agenda", "minutes", "statute", "bylaw", "note", "memo", "letter", "report", "overview",
        "list", "terms", "proposal", "other", "table", "page",
    ]
    .into_iter()
    .map(|k| (k, kind_name(k, lang)))
    .collect();
    let (searching, results, one, none, no_terms, error) = match lang {
        Lang::Da => (
            "Søger …",
            "{n} resultater",
            "1 resultat",
            "Ingen resultater",
            "Skriv mindst ét ord, der ikke er et fyldord.",
            "Søgningen kunne ikke gennemføres.",
        ),
        Lang::En => (
            "Searching …",
            "{n} results",
            "1 result",
            "No results",
            "Type at least one word that is not a stop word.",
            "The search failed.",
        ),
    };
    let mut strings = serde_json::json!({"searching": searching, "results": results, "one_result": one,
                       "no_results": none, "no_terms": no_terms, "error": error, "kinds": kinds});
    if let (Some(map), serde_json::Value::Object(more)) =
        (strings.as_object_mut(), search_page_strings(lang))
    {
        map.extend(more);
    }
    strings
}

/// The search page's further strings: sorting, the year range, grouping and the message shown when the index
/// cannot be fetched (a copy opened from disk).
fn search_page_strings(lang: Lang) -> serde_json::Value {
    match lang {
        Lang::Da => serde_json::json!({
            "sort": "Sortér efter", "sort_relevance": "Relevans", "sort_date": "Dato, nyeste først",
            "year_from": "Fra år", "year_to": "Til år", "any_year": "Alle år",
            "offline": "Søgningen virker kun, når portalen hentes fra en webserver (http), ikke fra en fil på disken. \
                        Brug i stedet oversigterne:",
            "meetings": "Møder", "documents": "Dokumenter", "tables": "Tabeller",
        }),
        Lang::En => serde_json::json!({
            "sort": "Sort by", "sort_relevance": "Relevance", "sort_date": "Date, newest first",
            "year_from": "From year", "year_to": "To year", "any_year": "Any year",
            "offline": "Search works only when the portal is served by a web server (http), not opened from a file \
                        on disk. Use the lists instead:",
            "meetings": "Meetings", "documents": "Documents", "tables": "Tables",
        }),
    }
}

/// Human names of document kinds.
pub fn kind_name(kind: &str, lang: Lang) -> &'static str {
    let (da, en) = match kind {
        "statute" => ("Vedtægter", "Statutes"),
        "bylaw" => ("Forretningsorden", "Rules of procedure"),
        "note" => ("Notat", "Note"),
        "memo" => ("Notat", "Memo"),
        "letter" => ("Brev", "Letter"),
        "report" => ("Rapport", "Report"),
        "overview" => ("Oversigt", "Overview"),
        "list" => ("Liste", "List"),
        "terms" => ("Kommissorium", "Terms of reference"),
        "proposal" => ("Forslag", "Proposal"),
        "agenda" => ("Dagsorden", "Agenda"),
        "minutes" => ("Referat", "Minutes"),
        "table" => ("Tabel", "Table"),
        "page" => ("Side", "Page"),
        _ => ("Andet", "Other"),
    };
    if lang == Lang::Da {
        da
    } else {
        en
    }
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
