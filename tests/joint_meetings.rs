//! Joint meetings (`body: [a, b]`), item references by any numbering ("jf. punkt 24-001"), links to unnumbered
//! items, and case and journal numbers of letters (#17). `tests/fixtures/kommune-udvalg` holds a joint meeting of
//! Økonomiudvalget and Børne- og Skoleudvalget numbered 24-001, 24-002 and an unnumbered item, which both attach a
//! letter with a case and a journal number. Each rule has its passing case (the fixture) and its failing case.

mod common;
use common::*;
use std::path::PathBuf;

const JOINT: &str = "content/moeder/2024-05-02-oekonomiudvalget.md";
const JOINT_PAGE: &str = "moeder/2024-05-02-oekonomiudvalget/index.html";

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/kommune-udvalg")
}

fn edited(file: &str, from: &str, to: &str) -> (tempfile::TempDir, PathBuf) {
    edited_copy(&fixture(), file, from, to)
}

fn errors(site: &std::path::Path) -> Vec<serde_json::Value> {
    let (_, all) = json_check(site.to_str().unwrap());
    all.into_iter()
        .filter(|d| d["severity"] == "error")
        .collect()
}

#[test]
fn a_joint_meeting_is_shown_with_each_of_its_bodies() {
    let (_dir, out) = build_to_temp(&fixture());
    let page = read(&out.join(JOINT_PAGE));
    assert!(
        page.contains(
            r#"<p class="type">Referat · Økonomiudvalget og Børne- og Skoleudvalget</p>"#
        ),
        "{page}"
    );
    assert!(page.contains(r#"<p class="faelles">Fællesmøde: <a href="../../organer/oekonomiudvalget/index.html">Økonomiudvalget, Søby Kommune</a> og <a href="../../organer/boerne-og-skoleudvalget/index.html">Børne- og Skoleudvalget, Søby Kommune</a></p>"#), "{page}");
    // On each body's page and year page, in each body's feed and calendar, and in each body's OParl lists.
    for body in ["oekonomiudvalget", "boerne-og-skoleudvalget"] {
        for f in [
            format!("organer/{body}/index.html"),
            format!("organer/{body}/2024/index.html"),
        ] {
            assert!(
                read(&out.join(&f)).contains("moeder/2024-05-02-oekonomiudvalget/"),
                "{f}"
            );
        }
        assert!(
            read(&out.join(format!("feeds/{body}.xml")))
                .contains("moeder/2024-05-02-oekonomiudvalget"),
            "{body}"
        );
        assert!(
            read(&out.join(format!("kalender/{body}.ics")))
                .contains("fællesmøde mellem Økonomiudvalget"),
            "{body}"
        );
        let list = read(&out.join(format!("oparl/body/{body}/meetings.json")));
        assert!(
            list.contains("meeting/2024-05-02-oekonomiudvalget.json"),
            "{body}"
        );
    }
    let meeting: serde_json::Value = serde_json::from_str(&read(
        &out.join("oparl/meeting/2024-05-02-oekonomiudvalget.json"),
    ))
    .unwrap();
    assert_eq!(meeting["organization"].as_array().unwrap().len(), 2);
    // A meeting of one body stays on that body's pages only.
    let other = read(&out.join("organer/boerne-og-skoleudvalget/index.html"));
    assert!(!other.contains("2024-03-12-oekonomiudvalget"));
}

#[test]
fn an_unknown_body_in_the_list_is_an_error_at_its_place() {
    let (_dir, site) = edited(JOINT, "boerne-og-skoleudvalget]", "boerne-og-skoleudvalg]");
    let errs = errors(&site);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0]["code"], "unknown-body");
    assert_eq!(errs[0]["found"], "boerne-og-skoleudvalg");
    assert_eq!(errs[0]["line"], 2);
    assert_eq!(errs[0]["column"], 26);
    assert!(errs[0]["expected"]
        .as_str()
        .unwrap()
        .contains("boerne-og-skoleudvalget"));
}

#[test]
fn a_body_named_twice_or_no_body_is_an_error() {
    let (_dir, site) = edited(JOINT, "boerne-og-skoleudvalget]", "oekonomiudvalget]");
    let errs = errors(&site);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0]["code"], "meeting-bodies");
    assert!(errs[0]["message"].as_str().unwrap().contains("to gange"));
    let (_dir, site) = edited(
        JOINT,
        "body: [oekonomiudvalget, boerne-og-skoleudvalget]",
        "body: []",
    );
    let errs = errors(&site);
    assert!(
        errs.iter().any(|e| e["code"] == "meeting-bodies"),
        "{errs:#?}"
    );
}

#[test]
fn a_reference_by_a_year_and_running_number_links_to_its_item() {
    let (_dir, out) = build_to_temp(&fixture());
    let page = read(&out.join(JOINT_PAGE));
    assert!(
        page.contains(r##"index.html#punkt-24-1">jf. punkt 24-001</a>"##),
        "{page}"
    );
    assert!(page.contains(r#"<section class="punkt" id="punkt-24-1""#));
    // A number no item has is a broken reference, the whole number named.
    let (_dir, site) = edited(JOINT, "jf. punkt 24-001.", "jf. punkt 24-003.");
    let errs = errors(&site);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0]["code"], "broken-reference");
    assert_eq!(errs[0]["found"], "jf. punkt 24-003");
}

#[test]
fn links_to_an_unnumbered_item_name_it_by_its_title() {
    let (_dir, out) = build_to_temp(&fixture());
    let letter = read(&out.join("dokumenter/brev-skolestruktur/index.html"));
    assert!(letter.contains("Økonomiudvalget og Børne- og Skoleudvalget 2. maj 2024, punkt 24-002 Skolestruktur i Søby Nord"), "{letter}");
    assert!(letter.contains("Økonomiudvalget og Børne- og Skoleudvalget 2. maj 2024, Orientering fra forvaltningerne</a>"), "{letter}");
    assert!(!letter.contains("punkt  "), "{letter}");
}

#[test]
fn a_letter_shows_its_case_and_journal_numbers() {
    let (_dir, out) = build_to_temp(&fixture());
    let letter = read(&out.join("dokumenter/brev-skolestruktur/index.html"));
    assert!(
        letter.contains(" · Sagsnr. 24/00588 · J.nr. 17.00.00-A00-3-24</p>"),
        "{letter}"
    );
    let paper: serde_json::Value =
        serde_json::from_str(&read(&out.join("oparl/paper/brev-skolestruktur.json"))).unwrap();
    assert_eq!(paper["reference"], "24/00588");
    assert_eq!(paper["protokol:journal"], "17.00.00-A00-3-24");
    // English labels; and a document without them shows none.
    let (_dir, site) = edited("protokol.toml", "language = \"da\"", "language = \"en\"");
    let (_d, out) = build_to_temp(&site);
    let letter = read(&out.join("dokumenter/brev-skolestruktur/index.html"));
    assert!(
        letter.contains(" · Case no. 24/00588 · File no. 17.00.00-A00-3-24</p>"),
        "{letter}"
    );
    let (_dir, site) = edited(
        "content/dokumenter/brev-skolestruktur.md",
        "journal: \"17.00.00-A00-3-24\"\n",
        "",
    );
    let (_d, out) = build_to_temp(&site);
    let letter = read(&out.join("dokumenter/brev-skolestruktur/index.html"));
    assert!(letter.contains("Sagsnr. 24/00588</p>") && !letter.contains("J.nr."));
}
