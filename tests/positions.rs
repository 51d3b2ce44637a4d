//! Every diagnostic points at its cause: broken fixtures (one mistake each, made in a fresh skeleton) are
//! checked with `protokol check --format json`; no diagnostic may lack a line or column (a cause that is a
//! whole file is at 1:1 by convention), and each mistake's own diagnostic is where the mistake is. Also the
//! number, time and date rules of running text, with their passing neighbours.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

const MEETING: &str = "content/moeder/2024-03-01-bestyrelsen.md";
const TABLE: &str = "content/tabeller/kontingent-2025.yaml";
const PAGE: &str = "content/sider/om.md";
const STATUTE: &str = "content/dokumenter/vedtaegter.md";

/// One mistake: a file and a replacement in it (an empty `from` writes `to` as the whole file).
struct Fixture {
    name: &'static str,
    file: &'static str,
    from: &'static str,
    to: &'static str,
    /// The diagnostic the mistake must give: code, line, column (0: any column).
    code: &'static str,
    line: u64,
    column: u64,
}

fn apply(site: &Path, f: &Fixture) {
    let p = site.join(f.file);
    if f.from.is_empty() {
        std::fs::write(p, f.to).unwrap();
    } else {
        edit(&p, f.from, f.to);
    }
}

fn check_fixture(f: &Fixture) -> Vec<Value> {
    let (_d, site) = skeleton();
    apply(&site, f);
    let (exit, diags) = json_check(site.to_str().unwrap());
    assert_eq!(exit, Some(1), "{}: {diags:#?}", f.name);
    for d in &diags {
        assert!(d["file"].is_string(), "{}: no file in {d:#}", f.name);
        assert!(
            d["line"].as_u64().unwrap() >= 1,
            "{}: no line in {d:#}",
            f.name
        );
        assert!(
            d["column"].as_u64().unwrap() >= 1,
            "{}: no column in {d:#}",
            f.name
        );
    }
    let hit = diags.iter().find(|d| d["code"] == f.code);
    let d = hit.unwrap_or_else(|| panic!("{}: no `{}` in {diags:#?}", f.name, f.code));
    if f.code == "duplicate-id" {
        // Reported at whichever of the two files comes second.
        assert!(
            d["file"] == f.file || d["file"] == TABLE,
            "{}: {d:#}",
            f.name
        );
    } else {
        assert_eq!(d["file"], f.file, "{}: {d:#}", f.name);
    }
    assert_eq!(d["line"], f.line, "{}: {d:#}", f.name);
    if f.column > 0 {
        assert_eq!(d["column"], f.column, "{}: {d:#}", f.name);
    }
    diags
}

const STALE_TITLE: &str = "        table: kontingent-2025\ndiscrepancies:\n  - kind: title\n    item: \"1\"\n    printed: \"Godkendelse af dagsorden\"\n    note: \"Titlen afviger.\"\n---";

#[test]
fn every_diagnostic_of_the_broken_fixtures_has_a_place() {
    let fixtures = [
        Fixture {
            name: "a column key used twice",
            file: TABLE,
            from: "  - key: andel\n",
            to: "  - key: indbyggere\n",
            code: "table-column",
            line: 13,
            column: 5,
        },
        Fixture {
            name: "items in another order than the overview",
            file: MEETING,
            from: "  - number: \"1\"\n    title: \"Godkendelse af dagsorden\"\n  - number: \"2\"\n    title: \"Kontingent for 2025\"",
            to: "  - number: \"2\"\n    title: \"Kontingent for 2025\"\n  - number: \"1\"\n    title: \"Godkendelse af dagsorden\"",
            code: "item-order",
            line: 27,
            column: 1,
        },
        Fixture {
            name: "an acknowledged title difference that is gone",
            file: MEETING,
            from: "        table: kontingent-2025\n---",
            to: STALE_TITLE,
            code: "stale-acknowledgement",
            line: 26,
            column: 5,
        },
        Fixture {
            name: "a file name that disagrees with the date",
            file: MEETING,
            from: "date: 2024-03-01\nweekday: fredag",
            to: "date: 2024-03-04\nweekday: mandag",
            code: "meeting-file-name",
            line: 5,
            column: 7,
        },
        Fixture {
            name: "an id used twice",
            file: "content/sider/kontingent-2025.md",
            from: "",
            to: "---\ntitle: \"Kontingent\"\n---\n\nTekst.\n",
            code: "duplicate-id",
            line: 1,
            column: 1,
        },
        Fixture {
            name: "a NUL byte",
            file: PAGE,
            from: "Portalen udgiver",
            to: "Portalen\0 udgiver",
            code: "binary-file",
            line: 6,
            column: 9,
        },
        Fixture {
            name: "a required field missing",
            file: MEETING,
            from: "title: \"Referat af bestyrelsesmøde den 1. marts 2024\"\n",
            to: "",
            code: "missing-field",
            line: 2,
            column: 1,
        },
        Fixture {
            // An entry may name its item by number or id (#17); one with neither belongs to no item.
            name: "an agenda item entry without its number or id",
            file: MEETING,
            from: "  - number: \"2\"\n    title: \"Kontingent for 2025\"",
            to: "  - title: \"Kontingent for 2025\"",
            code: "item-missing",
            line: 18,
            column: 5,
        },
        Fixture {
            name: "a quote left open",
            file: MEETING,
            from: "place: \"Mødelokale 1\"",
            to: "place: \"Mødelokale 1",
            code: "yaml",
            line: 9,
            column: 8,
        },
        Fixture {
            name: "a bracket left open",
            file: TABLE,
            from: "  - {medlem: \"Kommune A\", indbyggere: 30000, andel: 60000}",
            to: "  - {medlem: \"Kommune A\", indbyggere: 30000, andel: 60000",
            code: "yaml",
            line: 17,
            column: 5,
        },
        Fixture {
            name: "status on a document that is not a statute",
            file: STATUTE,
            from: "kind: statute",
            to: "kind: note",
            code: "status-not-applicable",
            line: 5,
            column: 9,
        },
    ];
    for f in &fixtures {
        let diags = check_fixture(f);
        if f.code == "yaml" {
            let d = diags.iter().find(|d| d["code"] == "yaml").unwrap();
            let opened = format!("på linje {} er ikke lukket", f.line);
            assert!(
                d["message"].as_str().unwrap().contains(&opened),
                "{}: {d:#}",
                f.name
            );
        }
    }
}

#[test]
fn an_invalid_date_gives_one_diagnostic_and_no_weekday() {
    let f = Fixture {
        name: "30 February",
        file: MEETING,
        from: "date: 2024-03-01",
        to: "date: 2024-02-30",
        code: "invalid-date",
        line: 5,
        column: 7,
    };
    let diags = check_fixture(&f);
    let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, ["invalid-date"], "{diags:#?}");
}

#[test]
fn times_are_checked_at_their_field() {
    for (to, line, column) in [
        ("end: \"25.99\"", 8, 6),
        ("end: \"10:60\"", 8, 6),
        ("end: \"24.00\"", 8, 6),
        ("end: \"12\"", 8, 6),
        ("end: 12.5", 8, 6),
    ] {
        let f = Fixture {
            name: to,
            file: MEETING,
            from: "end: \"12.00\"",
            to,
            code: "yaml",
            line,
            column,
        };
        let diags = check_fixture(&f);
        assert!(
            diags[0]["message"].as_str().unwrap().contains("klokkeslæt"),
            "{diags:#?}"
        );
    }
    for ok in [
        "end: \"23:59\"",
        "end: \"9.30\"",
        "end: \"00.00\"",
        "end: 12.00",
    ] {
        let (_d, site) = skeleton();
        edit(&site.join(MEETING), "end: \"12.00\"", ok);
        let (exit, diags) = json_check(site.to_str().unwrap());
        assert_eq!(exit, Some(0), "{ok}: {diags:#?}");
    }
}

#[test]
fn impossible_dates_and_wrong_weekdays_in_any_text_are_errors() {
    let cases = [
        (
            MEETING,
            "Godkendt.\n",
            "Godkendt mandag den 30. februar 2021.\n",
            "impossible-date",
            35,
            21,
        ),
        (
            STATUTE,
            "1.1 Foreningens navn",
            "Stiftet 31. april 2020. 1.1 Foreningens navn",
            "impossible-date",
            11,
            9,
        ),
        (
            PAGE,
            "Portalen udgiver",
            "Siden blev opdateret 31. juni 2024. Portalen udgiver",
            "impossible-date",
            6,
            22,
        ),
        (
            PAGE,
            "Portalen udgiver",
            "Mødet tirsdag den 1. marts 2024. Portalen udgiver",
            "weekday",
            6,
            7,
        ),
    ];
    for (file, from, to, code, line, column) in cases {
        let f = Fixture {
            name: to,
            file,
            from,
            to,
            code,
            line,
            column,
        };
        check_fixture(&f);
    }
    // Possible dates, a leap day and a right weekday pass, in a page as elsewhere.
    let (_d, site) = skeleton();
    edit(
        &site.join(PAGE),
        "Portalen udgiver",
        "Fredag den 1. marts 2024, 29. februar 2024, 30. april og 31. december. Portalen udgiver",
    );
    let (exit, diags) = json_check(site.to_str().unwrap());
    assert_eq!(exit, Some(0), "{diags:#?}");
}
