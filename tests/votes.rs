//! Votes and positions in an item's minutes (#17): `tests/fixtures/kommune-udvalg` records an amendment voted down
//! and the proposal adopted (by party letters with counts), a minority statement, a member disqualified
//! ("inhabil") who left the item while the others voted by name, and a recorded position ("protokollering"). Its
//! closed item 92 records the same kinds, each with the marker "qzv": no output file may hold it. Each rule has its
//! passing case (the fixture) and its failing case (one edit of a copy).

mod common;
use common::*;
use std::path::PathBuf;

const RUNNING: &str = "content/moeder/2024-03-12-oekonomiudvalget.md";
const PAGE: &str = "moeder/2024-03-12-oekonomiudvalget/index.html";

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/kommune-udvalg")
}

/// A copy of the fixture with one edit of `file`.
fn edited(file: &str, from: &str, to: &str) -> (tempfile::TempDir, PathBuf) {
    edited_copy(&fixture(), file, from, to)
}

/// The diagnostics of `code` after one edit of the running meeting (and the exit code).
fn with_code(from: &str, to: &str, code: &str) -> (Option<i32>, Vec<serde_json::Value>) {
    let (_dir, site) = edited(RUNNING, from, to);
    let (status, all) = json_check(site.to_str().unwrap());
    (
        status,
        all.into_iter().filter(|d| d["code"] == code).collect(),
    )
}

/// The one diagnostic of `code` after the edit.
fn one(from: &str, to: &str, code: &str) -> serde_json::Value {
    let (status, found) = with_code(from, to, code);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = found.into_iter().next().unwrap();
    if d["severity"] == "error" {
        assert_eq!(status, Some(1));
    }
    d
}

/// The 1-based line of the fixture's running meeting that holds `text` (after an edit that keeps line numbers).
fn line_of(text: &str) -> usize {
    let file = read(&fixture().join(RUNNING));
    file.lines().position(|l| l.contains(text)).unwrap() + 1
}

#[test]
fn the_fixture_with_votes_checks_with_no_errors_or_warnings() {
    let (status, all) = json_check(fixture().to_str().unwrap());
    let loud: Vec<_> = all.iter().filter(|d| d["severity"] != "note").collect();
    assert_eq!(loud, Vec::<&serde_json::Value>::new());
    assert_eq!(status, Some(0));
}

#[test]
fn votes_and_positions_are_shown_as_captioned_tables_and_a_description_list() {
    let (_dir, out) = build_to_temp(&fixture());
    let page = read(&out.join(PAGE));
    let at = page.find(r#"id="budget-2025""#).unwrap();
    let item = &page[at..at + page[at..].find("</section>").unwrap()];
    assert!(
        item.contains(r#"<h4 id="budget-2025-holdninger">Afstemning og holdninger</h4>"#),
        "{item}"
    );
    assert!(item.contains("<caption>Afstemning: Ændringsforslag fra O om at udskyde budgetseminaret <span class=\"udfald\">(Forkastet)</span></caption>"), "{item}");
    assert!(item.contains(r#"<th scope="col">Stemte</th><th scope="col">Partier og medlemmer</th><th scope="col">Antal</th>"#));
    assert!(
        item.contains(r#"<tr><th scope="row">For</th><td>O</td><td class="tal">1</td></tr>"#),
        "{item}"
    );
    assert!(item
        .contains(r#"<tr><th scope="row">Imod</th><td>A, V og F</td><td class="tal">4</td></tr>"#));
    assert!(item.contains("<caption>Afstemning <span class=\"udfald\">(Vedtaget)</span></caption>"));
    assert!(item.contains("<dt>Mindretalsudtalelse (O)</dt><dd>Dansk Folkeparti finder, at budgetseminaret bør holdes efter sommerferien.</dd>"));
    let at = page.find(r#"id="punkt-91""#).unwrap();
    let item = &page[at..at + page[at..].find("</section>").unwrap()];
    assert!(item.contains("<dt>Inhabil</dt><dd>Peter Bach (V) deltog ikke i behandlingen af punktet (forlod mødet under punktets behandling)</dd>"), "{item}");
    // Members by name, no count printed: the count cell is empty.
    assert!(item.contains(r#"<td>Lene Krogh (A), Susanne Friis (F), Jonas Holt (O) og Mette Dahl (A)</td><td class="tal"></td>"#), "{item}");
    assert!(page.contains("<dt>Ført til protokol</dt><dd>Jonas Holt (O): Jonas Holt (O) ønskede det ført til protokol"));
    // "ingen" is a side nobody voted on.
    let joint = read(&out.join("moeder/2024-05-02-oekonomiudvalget/index.html"));
    assert!(joint.contains(
        r#"<tr><th scope="row">Undlod at stemme</th><td>ingen</td><td class="tal">0</td></tr>"#
    ));
}

#[test]
fn labels_are_english_with_language_en() {
    let (_dir, site) = edited("protokol.toml", "language = \"da\"", "language = \"en\"");
    let (_d, out) = build_to_temp(&site);
    let page = read(&out.join(PAGE));
    for s in [
        "Votes and positions",
        "<caption>Vote: Ændringsforslag fra O om at udskyde budgetseminaret <span class=\"udfald\">(Rejected)</span></caption>",
        r#"<th scope="row">Against</th><td>A, V and F</td>"#,
        "<dt>Minority statement (O)</dt>",
        "<dt>Disqualified (conflict of interest)</dt><dd>Peter Bach (V) took no part in the item",
        "<dt>Recorded in the minutes</dt>",
    ] {
        assert!(page.contains(s), "{s}");
    }
}

#[test]
fn votes_are_searchable_and_in_oparl() {
    let (_dir, out) = build_to_temp(&fixture());
    // Words written only in a motion and in a minority statement are in the search index.
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&out.join("soeg/index/manifest.json"))).unwrap();
    let shards = manifest["shards"].as_u64().unwrap() as u32;
    let analyzer = protokol::search::Analyzer::default();
    for word in ["budgetseminaret", "sommerferien"] {
        let term = analyzer.terms(word).into_iter().next().unwrap();
        let shard = protokol::search::shard_of(&term, shards);
        let terms: serde_json::Value =
            serde_json::from_str(&read(&out.join(format!("soeg/index/t/{shard}.json")))).unwrap();
        assert!(terms.get(&term).is_some(), "{term}");
    }
    let meeting: serde_json::Value = serde_json::from_str(&read(
        &out.join("oparl/meeting/2024-03-12-oekonomiudvalget.json"),
    ))
    .unwrap();
    let items = meeting["agendaItem"].as_array().unwrap();
    let budget = items.iter().find(|i| i["number"] == "90").unwrap();
    assert_eq!(budget["result"], "Vedtaget");
    let votes = budget["protokol:votes"].as_array().unwrap();
    assert_eq!(votes.len(), 2);
    assert_eq!(votes[0]["outcome"], "rejected");
    assert_eq!(votes[0]["for"]["count"], 1);
    assert_eq!(votes[0]["against"]["who"][1]["party"], "V");
    assert_eq!(budget["protokol:minority"][0]["by"][0]["party"], "O");
    let disqualified = items.iter().find(|i| i["number"] == "91").unwrap();
    assert_eq!(
        disqualified["protokol:conflicts"][0]["member"],
        "Peter Bach (V)"
    );
    // The closed item is in OParl with its number and title only.
    let closed = items.iter().find(|i| i["number"] == "92").unwrap();
    assert_eq!(closed["public"], false);
    assert!(closed.get("result").is_none() && closed.get("protokol:votes").is_none());
}

#[test]
fn no_output_file_holds_a_closed_items_votes_or_positions() {
    assert!(read(&fixture().join(RUNNING)).contains("Qzvmindretal"));
    let (_dir, out) = build_to_temp(&fixture());
    for f in [
        PAGE,
        "soeg/index/manifest.json",
        "feeds/alle.xml",
        "kalender/alle.ics",
        "oparl/system.json",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let mut leaks = Vec::new();
    for f in files_below(&out) {
        let bytes = std::fs::read(&f).unwrap().to_ascii_lowercase();
        let text = String::from_utf8_lossy(&bytes).to_string();
        // JSON may escape letters: decode it too.
        let decoded = serde_json::from_str::<serde_json::Value>(&text)
            .map(|v| v.to_string().to_lowercase())
            .unwrap_or_default();
        if text.contains("qzv") || decoded.contains("qzv") {
            leaks.push(f.strip_prefix(&out).unwrap().display().to_string());
        }
    }
    assert_eq!(leaks, Vec::<String>::new());
    // The closed item is still shown with its number, title and label.
    assert!(read(&out.join(PAGE)).contains("Salg af ejendom"));
}

#[test]
fn a_closed_items_votes_are_checked_though_never_published() {
    let e = one(
        "Qzvpeter Bach (V) (2)",
        "Qzvpeter Bach (V) (3)",
        "vote-count",
    );
    assert_eq!(e["line"], line_of("Qzvpeter Bach (V) (2)"));
    assert_eq!(
        (e["expected"].as_str(), e["found"].as_str()),
        (Some("2"), Some("3"))
    );
}

#[test]
fn a_count_must_match_the_members_named() {
    let from = "og Mette Dahl (A)\"\n        outcome: vedtaget";
    let e = one(
        from,
        "og Mette Dahl (A) (5)\"\n        outcome: vedtaget",
        "vote-count",
    );
    assert_eq!(e["severity"], "error");
    assert_eq!(
        (e["expected"].as_str(), e["found"].as_str()),
        (Some("4"), Some("5"))
    );
    assert_eq!(
        e["line"],
        line_of("Susanne Friis (F), Jonas Holt (O) og Mette Dahl (A)\"")
    );
    assert!(e["column"].as_u64().unwrap() > 1);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("5 stemmer for, men der er nævnt 4 medlemmer"),
        "{e}"
    );
}

#[test]
fn a_count_cannot_be_less_than_the_parties_named() {
    let e = one(
        "for: \"A, V og F (4)\"",
        "for: \"A, V og F (2)\"",
        "vote-count",
    );
    assert_eq!(
        (e["expected"].as_str(), e["found"].as_str()),
        (Some("mindst 3"), Some("2"))
    );
    assert_eq!(e["line"], line_of("for: \"A, V og F (4)\""));
}

#[test]
fn a_member_cannot_vote_both_ways() {
    let e = one(
        "og Mette Dahl (A)\"\n        outcome: vedtaget",
        "og Mette Dahl (A)\"\n        against: \"Mette Dahl (A)\"\n        outcome: vedtaget",
        "vote-twice",
    );
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("Mette Dahl (A) står både som stemmende for og imod"),
        "{e}"
    );
    assert_eq!(e["line"], line_of("og Mette Dahl (A)\"") + 1);
}

#[test]
fn a_disqualified_member_cannot_vote_on_the_item() {
    let e = one(
        "for: \"Lene Krogh (A), Susanne",
        "for: \"Peter Bach (V), Lene Krogh (A), Susanne",
        "vote-inhabil",
    );
    assert_eq!(e["severity"], "error");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("Peter Bach (V) er inhabil i punktet"),
        "{e}"
    );
    assert_eq!(e["line"], line_of("for: \"Lene Krogh (A), Susanne"));
}

#[test]
fn an_outcome_the_counts_contradict_is_a_warning() {
    let e = one("outcome: forkastet", "outcome: vedtaget", "vote-outcome");
    assert_eq!(e["severity"], "warning");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("1 stemmer for og 4 imod"),
        "{e}"
    );
    assert_eq!(e["line"], line_of("outcome: forkastet"));
}

#[test]
fn a_vote_must_say_who_voted_or_what_it_gave() {
    let e = one(
        "      - for: \"A, V og F (4)\"\n        against: \"O (1)\"\n        outcome: vedtaget\n",
        "      - motion: \"Forslag\"\n",
        "vote-empty",
    );
    assert!(e["expected"].as_str().unwrap().contains("`for:`"), "{e}");
}

#[test]
fn voters_that_name_nobody_are_a_yaml_error_in_danish() {
    let (status, errs) = with_code("for: \"O (1)\"", "for: \", \"", "yaml");
    assert_eq!(status, Some(1));
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(
        errs[0]["message"]
            .as_str()
            .unwrap()
            .contains("nævner hverken partier eller medlemmer"),
        "{:?}",
        errs[0]
    );
    assert_eq!(errs[0]["line"], line_of("for: \"O (1)\""));
}

#[test]
fn votes_belong_in_minutes_not_in_an_agenda() {
    let (_dir, site) = edited(RUNNING, "kind: minutes", "kind: agenda");
    let (status, all) = json_check(site.to_str().unwrap());
    let found: Vec<_> = all
        .iter()
        .filter(|d| d["code"] == "vote-in-agenda")
        .collect();
    // Items 89, 90 and 91 record positions, and so does the closed item 92.
    assert_eq!(found.len(), 4, "{found:#?}");
    assert_eq!(status, Some(1));
    assert_eq!(found[0]["expected"], "`kind: minutes` (et referat)");
    assert!(found[0]["hint"]
        .as_str()
        .unwrap()
        .contains("hører til referatet"));
    // Without them the agenda checks.
    let (_dir, site) = edited(
        "content/moeder/2024-04-09-oekonomiudvalget.md",
        "kind: minutes",
        "kind: agenda",
    );
    let (_, all) = json_check(site.to_str().unwrap());
    assert!(all.iter().all(|d| d["code"] != "vote-in-agenda"));
}

#[test]
fn danish_field_names_are_the_same_fields() {
    let (_dir, site) = edited(
        RUNNING,
        "    conflicts:\n      - member:",
        "    inhabil:\n      - medlem:",
    );
    edit(
        &site.join(RUNNING),
        "    minority:\n      - by: \"O\"",
        "    mindretalsudtalelse:\n      - hvem: \"O\"",
    );
    let (status, all) = json_check(site.to_str().unwrap());
    assert_eq!(status, Some(0), "{all:#?}");
    let (_d, out) = build_to_temp(&site);
    let page = read(&out.join(PAGE));
    assert!(page.contains("<dt>Inhabil</dt><dd>Peter Bach (V)"));
    assert!(page.contains("<dt>Mindretalsudtalelse (O)</dt>"));
}

#[test]
fn a_closed_item_shows_no_positions_heading() {
    let (_dir, out) = build_to_temp(&fixture());
    let page = read(&out.join(PAGE));
    let at = page.find(r#"id="punkt-92""#).unwrap();
    let item = &page[at..at + page[at..].find("</section>").unwrap()];
    assert!(
        !item.contains("holdninger") && !item.contains("<table"),
        "{item}"
    );
}
