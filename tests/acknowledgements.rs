//! Acknowledgements (`discrepancies:`) are validated everywhere: in meetings, documents, pages and tables, of
//! every kind, each matches what it records or is a `stale-acknowledgement` error; the site and `check` list the
//! same notes.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

/// HTML text as Tera escapes it, back to the characters.
fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every discrepancy note on every page of a built site: meeting, item, document and page notes
/// (`<p class="afvigelse">`) and table notes (`<li id="tabel-…-note-N">`).
fn site_notes(out: &Path) -> BTreeSet<String> {
    let mut notes = BTreeSet::new();
    for f in files_below(out) {
        if f.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let html = read(&f);
        for part in html.split(r#"<p class="afvigelse"><strong>"#).skip(1) {
            let after = part.split_once("</strong> ").map(|x| x.1).unwrap_or("");
            notes.insert(unescape(after.split("</p>").next().unwrap_or("")));
        }
        for part in html.split(r#"<li id="tabel-"#).skip(1) {
            let Some((id, rest)) = part.split_once("\">") else {
                continue;
            };
            if id.contains("-note-") {
                notes.insert(unescape(rest.split("</li>").next().unwrap_or("")));
            }
        }
    }
    notes
}

/// The notes `check --format json` reports: each acknowledgement's own words (its `hint`).
fn check_notes(lines: &[serde_json::Value]) -> BTreeSet<String> {
    lines
        .iter()
        .filter(|d| d["severity"] == "note" && d["code"] == "acknowledged-discrepancy")
        .map(|d| d["hint"].as_str().unwrap_or("(no note)").to_string())
        .collect()
}

fn errors<'a>(lines: &'a [serde_json::Value], code: &str) -> Vec<&'a serde_json::Value> {
    lines
        .iter()
        .filter(|d| d["severity"] == "error" && d["code"] == code)
        .collect()
}

#[test]
fn the_site_and_check_list_the_same_notes() {
    let (_d, site) = bundled_copy();
    let (code, lines) = json_check(site.to_str().unwrap());
    let errs: Vec<_> = lines.iter().filter(|d| d["severity"] != "note").collect();
    assert_eq!(code, Some(0), "{errs:#?}");
    assert!(errs.is_empty(), "no errors, no warnings: {errs:#?}");
    let checked = check_notes(&lines);
    let (_o, out) = build_to_temp(&site);
    let shown = site_notes(&out);
    assert!(
        shown.len() > 50,
        "the bundled portal has its notes: {}",
        shown.len()
    );
    let only_check: Vec<_> = checked.difference(&shown).collect();
    let only_site: Vec<_> = shown.difference(&checked).collect();
    assert!(
        only_check.is_empty() && only_site.is_empty(),
        "only in check: {only_check:#?}\nonly on the site: {only_site:#?}"
    );
}

/// Adds `entry` (YAML lines, indented as an item of the list) at the top of a file's `discrepancies:`.
fn add_entry(file: &Path, entry: &str) {
    edit(
        file,
        "discrepancies:\n",
        &format!("discrepancies:\n{entry}"),
    );
}

fn stale_in(site: &Path, file: &str, code: &str) -> serde_json::Value {
    let (exit, lines) = json_check(site.to_str().unwrap());
    assert_eq!(exit, Some(1), "{lines:#?}");
    let found = errors(&lines, code);
    let d = found
        .iter()
        .find(|d| d["file"] == file)
        .unwrap_or_else(|| panic!("a {code} error in {file}: {lines:#?}"));
    assert!(d["line"].as_u64().unwrap() > 1, "{d}");
    (*d).clone()
}

#[test]
fn a_bogus_reference_acknowledgement_in_a_meeting_is_stale() {
    let (_d, site) = bundled_copy();
    let file = "content/moeder/2021-05-21-kd-net.md";
    add_entry(
        &site.join(file),
        "  - kind: reference\n    item: \"3\"\n    printed: \"jf. punkt 99\"\n    note: \"Punktet henviser til et punkt, der ikke findes.\"\n",
    );
    let entry_line = read(&site.join(file))
        .lines()
        .position(|l| l == "discrepancies:")
        .unwrap()
        + 2;
    let d = stale_in(&site, file, "stale-acknowledgement");
    assert_eq!(d["line"], entry_line, "at the entry: {d}");
    assert!(
        d["message"].as_str().unwrap().contains("jf. punkt 99"),
        "{d}"
    );
    assert!(d["expected"].as_str().unwrap().contains("i punkt 3"), "{d}");
}

#[test]
fn a_weekday_acknowledgement_of_a_right_weekday_is_stale() {
    let (_d, site) = bundled_copy();
    let file = "content/moeder/2020-01-24-kd-net.md";
    add_entry(
        &site.join(file),
        "  - kind: weekday\n    printed: \"fredag den 17. januar 2020\"\n    note: \"Ugedagen er forkert.\"\n",
    );
    let d = stale_in(&site, file, "stale-acknowledgement");
    assert!(
        d["message"].as_str().unwrap().contains("ugedagen passer"),
        "{d}"
    );
}

#[test]
fn a_document_acknowledgement_is_validated() {
    let (_d, site) = bundled_copy();
    let file = "content/dokumenter/dk2020-udbredelse.md";
    add_entry(
        &site.join(file),
        "  - kind: total\n    printed: \"de 78 kommuner\"\n    note: \"Et tal, der ikke står i teksten.\"\n",
    );
    let d = stale_in(&site, file, "stale-acknowledgement");
    assert_eq!(d["found"], "ordene findes ikke der");
}

#[test]
fn a_corrected_text_makes_its_acknowledgement_stale() {
    let (_d, site) = bundled_copy();
    let file = "content/moeder/2020-06-17-kkr-midtjylland.md";
    // The body's sentence, not the entry that quotes it (the entry is in the front matter, first).
    let p = site.join(file);
    let text = read(&p);
    let sentence = "Kommunerne kan frem til den 14. august 2020 melde sig ind i foreningen.";
    let at = text.rfind(sentence).expect("the sentence is in the body");
    let mut changed = text.clone();
    changed.replace_range(at..at + sentence.len(), &sentence.replace("14.", "15."));
    std::fs::write(&p, changed).unwrap();
    let d = stale_in(&site, file, "stale-acknowledgement");
    assert!(d["message"].as_str().unwrap().contains("14. august"), "{d}");
}

#[test]
fn kind_other_must_say_where() {
    let (_d, site) = bundled_copy();
    let file = "content/dokumenter/dk2020-udbredelse.md";
    add_entry(
        &site.join(file),
        "  - kind: other\n    printed: \"Udbredelse af DK2020\"\n    note: \"En afvigelse uden sted.\"\n",
    );
    stale_in(&site, file, "acknowledgement-place");
    // With a place it is a note.
    edit(
        &site.join(file),
        "    printed: \"Udbredelse af DK2020\"\n",
        "    printed: \"Udbredelse af DK2020\"\n    phrase: \"Udbredelse af DK2020\"\n",
    );
    let (exit, lines) = json_check(site.to_str().unwrap());
    assert_eq!(exit, Some(0), "{lines:#?}");
    assert!(check_notes(&lines).contains("En afvigelse uden sted."));
}

#[test]
fn an_item_or_section_that_does_not_exist_is_an_error() {
    let (_d, site) = bundled_copy();
    let meeting = "content/moeder/2021-05-21-kd-net.md";
    edit(
        &site.join(meeting),
        "    item: \"3\"\n    printed: \"350.000",
        "    item: \"33\"\n    printed: \"350.000",
    );
    stale_in(&site, meeting, "acknowledgement-place");
}

#[test]
fn a_section_bound_acknowledgement_is_found_in_its_section_only() {
    let (_d, site) = bundled_copy();
    let file = site.join("content/dokumenter/fsc-vedtaegter.md");
    // The bundled entry on 9.1 is bound to its section (a passing case: the bundled portal checks clean).
    assert!(read(&file).contains("    section: \"9.1\"\n    printed: \"9.1 Regnskabsåret"));
    edit(&file, "    section: \"9.1\"\n", "    section: \"9.2\"\n");
    let d = stale_in(
        &site,
        "content/dokumenter/fsc-vedtaegter.md",
        "stale-acknowledgement",
    );
    assert!(
        d["expected"].as_str().unwrap().contains("i afsnit 9.2"),
        "{d}"
    );
    edit(&file, "    section: \"9.2\"\n", "    section: \"99\"\n");
    stale_in(
        &site,
        "content/dokumenter/fsc-vedtaegter.md",
        "acknowledgement-place",
    );
}

#[test]
fn a_page_acknowledgement_is_shown_and_validated() {
    let (_d, site) = bundled_copy();
    let file = site.join("content/sider/om.md");
    let entry = "discrepancies:\n  - kind: other\n    phrase: \"Portalen udgiver dagsordener\"\n    note: \"En bemærkning til siden.\"\n";
    edit(&file, "menu: 1\n", &format!("menu: 1\n{entry}"));
    let (exit, lines) = json_check(site.to_str().unwrap());
    assert_eq!(exit, Some(0), "{lines:#?}");
    assert!(check_notes(&lines).contains("En bemærkning til siden."));
    let (_o, out) = build_to_temp(&site);
    assert!(site_notes(&out).contains("En bemærkning til siden."));
    edit(
        &file,
        "Portalen udgiver dagsordener\"",
        "Portalen udgiver referater\"",
    );
    stale_in(&site, "content/sider/om.md", "stale-acknowledgement");
}

#[test]
fn a_table_acknowledgement_without_row_does_not_match_a_row() {
    let (_d, site) = skeleton();
    let root = site.to_str().unwrap();
    let table = site.join("content/tabeller/kontingent-2025.yaml");
    edit(
        &table,
        "indbyggere: 50000, andel: 100000}",
        "indbyggere: 50000, andel: 100001}",
    );
    let entry = |row: &str| {
        format!("discrepancies:\n  - rule: sum\n{row}    column: andel\n    printed: 100001\n    computed: 100000\n    note: \"Totalen er trykt med 1 kr. for meget.\"\n")
    };
    let text = read(&table);
    // The total row's finding, acknowledged with its row: a note.
    std::fs::write(&table, format!("{text}{}", entry("    row: total\n"))).unwrap();
    let (exit, lines) = json_check(root);
    assert_eq!(exit, Some(0), "{lines:#?}");
    // The same entry without `row:` records a whole-table figure: it matches nothing, and the finding stays.
    std::fs::write(&table, format!("{text}{}", entry(""))).unwrap();
    let (exit, lines) = json_check(root);
    assert_eq!(exit, Some(1), "{lines:#?}");
    assert!(
        !errors(&lines, "stale-acknowledgement").is_empty(),
        "{lines:#?}"
    );
    assert!(!errors(&lines, "table-sum").is_empty(), "{lines:#?}");
}
