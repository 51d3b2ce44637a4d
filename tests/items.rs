//! Agenda items as bodies really number and name them (#17): `tests/fixtures/kommune-udvalg` holds a municipal
//! committee's minutes with running numbers (89–93, `numbering: running`), an unnumbered opening and closing item,
//! an inserted item (91a), an item with a stable id (`{#budget-2025}`) whose entry in `items:` names it by id, a
//! closed item, and a second meeting numbered 01, 02, 03 under unnumbered group headings. Each rule has its
//! passing case (the fixture, 0 errors) and its failing case (one edit of a copy).

mod common;
use common::*;
use std::path::{Path, PathBuf};

const RUNNING: &str = "content/moeder/2024-03-12-oekonomiudvalget.md";
const PADDED: &str = "content/moeder/2024-04-09-oekonomiudvalget.md";

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/kommune-udvalg")
}

/// A copy of the fixture with one edit of `file`.
fn edited(file: &str, from: &str, to: &str) -> (tempfile::TempDir, PathBuf) {
    edited_copy(&fixture(), file, from, to)
}

/// The errors of `protokol check --format json` (and the exit code).
fn errors(root: &Path) -> (Option<i32>, Vec<serde_json::Value>) {
    let (status, all) = json_check(root.to_str().unwrap());
    (
        status,
        all.into_iter()
            .filter(|d| d["severity"] == "error")
            .collect(),
    )
}

/// The one error of an edited copy: its code, message, expected, found and hint.
fn one_error(file: &str, from: &str, to: &str) -> serde_json::Value {
    let (_dir, site) = edited(file, from, to);
    let (status, errs) = errors(&site);
    assert_eq!(status, Some(1), "{errs:?}");
    assert_eq!(errs.len(), 1, "{errs:#?}");
    errs.into_iter().next().unwrap()
}

#[test]
fn the_municipal_fixture_checks_and_builds_with_no_errors() {
    let (status, errs) = errors(&fixture());
    assert_eq!(errs, Vec::<serde_json::Value>::new());
    assert_eq!(status, Some(0));
    let (_dir, out) = build_to_temp(&fixture());
    let page = read(&out.join("moeder/2024-03-12-oekonomiudvalget/index.html"));
    // Unnumbered items are anchored by their title, numbered ones by number, the one with an id by its id; a
    // reference by number still lands on it.
    for anchor in [
        r#"<section class="punkt" id="godkendelse-af-dagsorden""#,
        r#"<section class="punkt" id="punkt-89""#,
        r#"<section class="punkt" id="budget-2025""#,
        r#"<span class="nummeranker" id="punkt-90"></span>"#,
        r#"<section class="punkt" id="punkt-91a""#,
        r#"<section class="punkt" id="orienteringssager""#,
    ] {
        assert!(page.contains(anchor), "{anchor}");
    }
    assert!(page.contains(r##"index.html#punkt-90">jf. punkt 90</a>"##));
    assert!(page.contains(r##"<a class="nr" href="#punkt-91a">91a.</a> Tillægspunkt"##));
    // The title is written once (in the heading); the overview shows it, or the overview title the source
    // prints differently.
    assert!(page.contains(r##"<a href="#punkt-89">Regnskab 2023 – foreløbigt resultat</a>"##));
    assert!(page.contains(
        r##"<a href="#punkt-92">Salg af ejendom</a> <span class="maerke">Lukket punkt</span>"##
    ));
    // The entry found by id carries the case and presenter to item 90.
    let at = page.find(r#"id="budget-2025""#).unwrap();
    assert!(page[at..].starts_with(r#"id="budget-2025""#));
    assert!(
        page[at..at + 600].contains("24/00388"),
        "{}",
        &page[at..at + 600]
    );
    // The minutes say on their own page that, when and by which item they were approved.
    assert!(page.contains(r##"<p class="godkendt">Godkendt på mødet den <a href="../../moeder/2024-04-09-oekonomiudvalget/index.html#punkt-1">9. april 2024</a> (01. Godkendelse af referat)</p>"##), "{page}");
    let padded = read(&out.join("moeder/2024-04-09-oekonomiudvalget/index.html"));
    assert!(!padded.contains(r#"class="godkendt""#));
    assert!(
        padded.contains(r#"<h2 id="gruppe-sager-til-beslutning-titel">Sager til beslutning</h2>"#)
    );
    assert!(padded
        .contains(r#"<h2 id="gruppe-sager-til-orientering-titel">Sager til orientering</h2>"#));
    // "jf. punkt 1" in a meeting numbered 01, 02: resolves to item 01.
    assert!(padded.contains(r##"#punkt-1">jf. punkt 1</a>"##));
    assert!(padded.contains(r#"<section class="punkt" id="punkt-1""#));
    // The group of orientation items holds item 03 only.
    let orient = &padded[padded.find(r#"id="gruppe-sager-til-orientering""#).unwrap()..];
    assert!(orient.contains("03.</a> Status") && !orient.contains("02.</a>"));
}

#[test]
fn running_numbers_are_an_error_in_a_meeting_that_does_not_declare_them() {
    let e = one_error(RUNNING, "numbering: running\n", "");
    assert_eq!(e["code"], "item-number");
    assert_eq!(e["expected"], "1");
    assert_eq!(e["found"], "89");
    assert!(
        e["hint"].as_str().unwrap().contains("numbering: running"),
        "{e}"
    );
    // At the heading of item 89 (the copy lost one line of front matter).
    let text = read(&fixture().join(RUNNING));
    let line = text.lines().position(|l| l.starts_with("## 89 ")).unwrap();
    assert_eq!(e["line"], line);
}

#[test]
fn a_gap_in_running_numbers_is_reported_with_what_was_expected() {
    let e = one_error(RUNNING, "## 93 Eventuelt", "## 94 Eventuelt");
    assert_eq!(e["code"], "item-number");
    assert_eq!(
        (e["expected"].as_str(), e["found"].as_str()),
        (Some("93"), Some("94"))
    );
    assert!(e["message"].as_str().unwrap().contains("94"));
}

#[test]
fn a_number_used_twice_is_an_error_also_when_zero_padded() {
    // 01 and 1 are one number; item 2 is then missing too.
    let (_dir, site) = edited(PADDED, "## 02 Tillægsbevilling", "## 1 Tillægsbevilling");
    let (status, errs) = errors(&site);
    assert_eq!(status, Some(1));
    assert!(
        errs.iter().any(
            |e| e["code"] == "item-number" && e["message"] == "punktnummer 1 er brugt to gange"
        ),
        "{errs:#?}"
    );
}

#[test]
fn an_inserted_item_must_follow_its_number() {
    let e = one_error(RUNNING, "## 91a Tillægspunkt", "## 91b Tillægspunkt");
    assert_eq!(e["code"], "item-number");
    assert_eq!(
        (e["expected"].as_str(), e["found"].as_str()),
        (Some("91a"), Some("91b"))
    );
}

#[test]
fn free_numbering_checks_no_sequence_but_still_duplicates() {
    let (_dir, site) = edited(RUNNING, "numbering: running", "numbering: free");
    edit(&site.join(RUNNING), "## 93 Eventuelt", "## 99 Eventuelt");
    assert_eq!(errors(&site), (Some(0), vec![]));
    edit(&site.join(RUNNING), "## 99 Eventuelt", "## 89 Eventuelt");
    let (status, errs) = errors(&site);
    assert_eq!(status, Some(1));
    assert!(errs.iter().any(|e| e["code"] == "item-number"), "{errs:?}");
}

#[test]
fn an_item_id_must_be_a_slug_and_unique() {
    // Its entry then finds no item either.
    let (_dir, site) = edited(RUNNING, "{#budget-2025}", "{#Budget}");
    let (_, errs) = errors(&site);
    assert!(
        errs.iter()
            .any(|e| e["code"] == "item-id" && e["found"] == "Budget"),
        "{errs:?}"
    );
    let (_dir, site) = edited(
        RUNNING,
        "## 91 Anlægsoversigt for 1. kvartal {#anlaeg-q1}",
        "## 91 Anlægsoversigt {#budget-2025}",
    );
    let (_, errs) = errors(&site);
    assert!(
        errs.iter().any(
            |e| e["code"] == "item-id" && e["message"].as_str().unwrap().contains("to punkter")
        ),
        "{errs:?}"
    );
}

#[test]
fn an_entry_by_id_follows_its_item_when_the_items_are_renumbered() {
    // Item 90 (id budget-2025) becomes 91 after an item is inserted before it and numbered into the sequence:
    // the entry (case, presenter) still belongs to it, and the reference that says "punkt 90" is reported.
    let (_dir, site) = edited(
        RUNNING,
        "## 90 Budgetproces 2025 {#budget-2025}",
        "## 90 Nyt punkt\n\n## 91 Budgetproces 2025 {#budget-2025}",
    );
    for (from, to) in [
        ("## 91 Anlægsoversigt", "## 92 Anlægsoversigt"),
        ("## 91a Tillægspunkt", "## 92a Tillægspunkt"),
        ("## 92 Salg", "## 93 Salg"),
        ("## 93 Eventuelt", "## 94 Eventuelt"),
        ("number: \"92\"", "number: \"93\""),
        ("item: \"92\"", "item: \"93\""),
        ("jf. punkt 91.", "jf. punkt 92."),
    ] {
        edit(&site.join(RUNNING), from, to);
    }
    let (status, errs) = errors(&site);
    assert_eq!(status, Some(1));
    assert_eq!(errs.len(), 1, "{errs:#?}");
    let e = &errs[0];
    assert_eq!(e["code"], "item-renumbered");
    assert_eq!(e["file"], PADDED);
    assert_eq!(e["expected"], "punkt 91");
    assert!(e["message"].as_str().unwrap().contains("budget-2025"));
}

#[test]
fn an_entry_by_id_that_repeats_another_number_is_an_error() {
    let e = one_error(
        RUNNING,
        "  - id: budget-2025\n",
        "  - id: budget-2025\n    number: \"91\"\n",
    );
    assert_eq!(e["code"], "item-number");
    assert_eq!(
        (e["expected"].as_str(), e["found"].as_str()),
        (Some("90"), Some("91"))
    );
    let e = one_error(
        RUNNING,
        "  - id: budget-2025\n",
        "  - case_handlers: \"x\"\n",
    );
    assert_eq!(e["code"], "item-missing");
    // An entry naming an id no heading has (the reference to it from the other meeting breaks too).
    let (_dir, site) = edited(RUNNING, "{#budget-2025}", "");
    let (_, errs) = errors(&site);
    assert!(
        errs.iter().any(|e| e["code"] == "item-missing"
            && e["expected"].as_str().unwrap().contains("{#budget-2025}")),
        "{errs:#?}"
    );
}

#[test]
fn an_item_needs_no_entry_but_an_overview_title_that_differs_must_be_recorded() {
    // The title is the heading's: the item without an entry is fine (the fixture), and a changed heading under an
    // entry that has no title: is no error.
    let (_dir, site) = edited(
        RUNNING,
        "## 89 Regnskab 2023 – foreløbigt resultat",
        "## 89 Regnskab 2023",
    );
    assert_eq!(errors(&site), (Some(0), vec![]));
    // The second copy, unrecorded, is the error, and says which one place the title belongs in.
    let e = one_error(
        RUNNING,
        "  - number: \"89\"\n",
        "  - number: \"89\"\n    title: \"Regnskab 2023\"\n",
    );
    assert_eq!(e["code"], "item-title");
    assert!(e["hint"].as_str().unwrap().contains("overskriften"), "{e}");
}

#[test]
fn an_unnumbered_group_names_its_first_item() {
    let e = one_error(PADDED, "    first_item: \"03\"\n", "");
    assert_eq!(e["code"], "item-number");
    assert!(e["hint"].as_str().unwrap().contains("first_item"));
    let e = one_error(PADDED, "first_item: \"03\"", "first_item: \"04\"");
    assert_eq!(e["code"], "item-number");
    assert_eq!(e["found"], "04");
}

#[test]
fn a_reference_to_a_missing_item_is_still_broken() {
    let e = one_error(PADDED, "jf. punkt 1.", "jf. punkt 4.");
    assert_eq!(e["code"], "broken-reference");
    let e = one_error(PADDED, "#budget-2025)", "#budget-2026)");
    assert_eq!(e["code"], "broken-reference");
}

#[test]
fn approval_is_shown_only_while_an_item_approves_the_minutes() {
    let (_dir, site) = edited(PADDED, "    approves: 2024-03-12-oekonomiudvalget\n", "");
    let (_out_dir, out) = build_to_temp(&site);
    let page = read(&out.join("moeder/2024-03-12-oekonomiudvalget/index.html"));
    assert!(!page.contains(r#"class="godkendt""#));
    // An English portal says it in English.
    let (_dir, site) = edited("protokol.toml", "language = \"da\"", "language = \"en\"");
    let (_out_dir, out) = build_to_temp(&site);
    let page = read(&out.join("moeder/2024-03-12-oekonomiudvalget/index.html"));
    assert!(
        page.contains(r#"<p class="godkendt">Approved at the meeting of <a"#),
        "{page}"
    );
}

#[test]
fn messages_are_english_with_lang_en() {
    let (_dir, site) = edited(RUNNING, "numbering: running\n", "");
    let o = run(&["check", "--root", site.to_str().unwrap(), "--lang", "en"]);
    let text = stderr(&o) + &stdout(&o);
    assert!(text.contains("the item numbers skip a number"), "{text}");
    assert!(text.contains("write `numbering: running`"), "{text}");
}
