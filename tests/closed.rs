//! Closed agenda items ("lukket punkt"): item 3 of `tests/fixtures/kommune-lukket` is closed, and every word
//! that belongs only to it (its text, attachment titles and notes, case number, case handlers, presenter, the
//! discrepancy recorded against it, the tables and calendar placed only in it) carries the marker "qzx" or one of
//! the figures below. No file of the built output, in any encoding protokol writes, may hold one of them; the
//! item's number and title, and the "Lukket punkt" label, are on the meeting page.

mod common;
use common::*;
use std::path::{Path, PathBuf};

const MEETING: &str = "content/moeder/2024-05-14-teknik-og-miljoeudvalget.md";
const PAGE: &str = "moeder/2024-05-14-teknik-og-miljoeudvalget/index.html";
/// What only the closed item holds: the marker of its words, and figures of its text and tables.
const SENTINELS: [&str; 4] = ["qzx", "918273645", "918273647", "919273645"];

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/kommune-lukket")
}

/// A copy of the fixture that tests may edit.
fn fixture_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&fixture(), &site);
    (dir, site)
}

/// Every (file, sentinel) where an output file holds a sentinel: in its bytes (ASCII case folded), and in JSON
/// files also after decoding (`\u0071`-style escapes), so that no encoding hides one.
fn leaks(out: &Path) -> Vec<(String, &'static str)> {
    let mut found = Vec::new();
    for f in files_below(out) {
        let bytes = std::fs::read(&f).unwrap().to_ascii_lowercase();
        let rel = f.strip_prefix(out).unwrap().display().to_string();
        let mut texts = vec![bytes];
        if rel.ends_with(".json") {
            let v: serde_json::Value = serde_json::from_slice(&texts[0])
                .unwrap_or_else(|e| panic!("{rel} is not plain JSON: {e}"));
            texts.push(all_strings(&v).to_lowercase().into_bytes());
        }
        for s in SENTINELS {
            if texts
                .iter()
                .any(|t| t.windows(s.len()).any(|w| w == s.as_bytes()))
            {
                found.push((rel.clone(), s));
            }
        }
    }
    found
}

/// Every string and object key of a JSON value, decoded, one per line.
fn all_strings(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => format!("{s}\n"),
        serde_json::Value::Array(a) => a.iter().map(all_strings).collect(),
        serde_json::Value::Object(o) => o
            .iter()
            .map(|(k, v)| format!("{k}\n{}", all_strings(v)))
            .collect(),
        other => format!("{other}\n"),
    }
}

#[test]
fn the_fixture_holds_the_sentinels_in_its_closed_item() {
    // Otherwise the test below would prove nothing.
    let text = read(&fixture().join(MEETING)).to_lowercase();
    let closed = &text[text.find("## 3 ").unwrap()..text.find("## 4 ").unwrap()];
    for s in ["qzx", "918273645"] {
        assert!(closed.contains(s), "{s}");
    }
    let front = &text[..text.find("## 1 ").unwrap()];
    for s in [
        "qzx-24-0091",
        "qzxab",
        "qzxtilbud",
        "qzxformand",
        "qzxnote",
        "qzxfrister",
    ] {
        assert!(front.contains(s), "{s}");
    }
    assert!(read(&fixture().join("content/tabeller/lukket-tilbud.yaml")).contains("918273645"));
}

#[test]
fn no_output_file_holds_anything_of_the_closed_item() {
    let (_dir, out) = build_to_temp(&fixture());
    // The outputs are all there (the fixture has an absolute URL): pages, search, feeds, calendars, open data,
    // OParl, sitemap.
    for f in [
        PAGE,
        "soeg/index/manifest.json",
        "feeds/alle.xml",
        "kalender/alle.ics",
        "data/datapackage.json",
        "oparl/system.json",
        "sitemap.xml",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    assert_eq!(leaks(&out), vec![]);
    // The search index's own reading: no term of the closed item's words is in the shard it would be in.
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&out.join("soeg/index/manifest.json"))).unwrap();
    let shards = manifest["shards"].as_u64().unwrap() as u32;
    let analyzer = protokol::search::Analyzer::default();
    assert!(analyzer
        .terms("Qzxsælger")
        .iter()
        .any(|t| t.contains("qzx")));
    for word in [
        "Qzxsælger",
        "Qzxudvalget",
        "918273645",
        "QZX-24-0091",
        "Qzxvurdering",
    ] {
        // Only its own terms: "24" of the case number is in other text too.
        let own = |t: &String| SENTINELS.iter().any(|s| t.contains(s));
        for term in analyzer.terms(word).into_iter().filter(own) {
            let shard = protokol::search::shard_of(&term, shards);
            let file = out.join(format!("soeg/index/t/{shard}.json"));
            let terms: serde_json::Value = serde_json::from_str(&read(&file)).unwrap();
            assert!(terms.get(&term).is_none(), "{term} in {}", file.display());
        }
    }
    // What is withheld with the item: the tables only it places or that declare it, their open data.
    for gone in [
        "tabeller/lukket-tilbud/index.html",
        "tabeller/lukket-vurdering/index.html",
        "data/lukket-tilbud.csv",
        "data/lukket-vurdering.csv",
    ] {
        assert!(!out.join(gone).exists(), "{gone}");
    }
    // The open items and the public table are published as before.
    let page = read(&out.join(PAGE));
    assert!(page.contains("Forvaltningen har lavet budgetopfølgning"));
    assert!(out.join("tabeller/vejbudget-2024/index.html").is_file());
    assert!(
        page.contains("1. juni"),
        "the calendar of an open item is shown"
    );
}

#[test]
fn the_meeting_page_shows_the_closed_items_number_title_and_label() {
    let (_dir, out) = build_to_temp(&fixture());
    let page = read(&out.join(PAGE));
    let at = page.find(r#"<section class="punkt" id="punkt-3""#).unwrap();
    let section = &page[at..at + page[at..].find("</section>").unwrap()];
    assert!(section.contains("3.</a> Køb af ejendom"), "{section}");
    assert!(section.contains(
        r#"<span class="maerke">Lukket punkt</span> jf. kommunestyrelseslovens § 10, stk. 1, nr. 4"#
    ));
    assert!(!section.contains("<h4>"), "no parts: {section}");
    // The overview names it too, and "jf. punkt 3" in an open item links to its title's anchor.
    assert!(page.contains(
        r##"<a href="#punkt-3">Køb af ejendom</a> <span class="maerke">Lukket punkt</span>"##
    ));
    assert!(page.contains(r##"index.html#punkt-3">jf. punkt 3</a>"##));
    // Its reference to the statute is no backlink there.
    let statute = read(&out.join("dokumenter/styrelsesvedtaegt/index.html"));
    assert!(
        !statute.contains("moeder/2024-05-14"),
        "backlink from the closed item"
    );
    // OParl says it is not public; open items are.
    let oparl = read(&out.join("oparl/meeting/2024-05-14-teknik-og-miljoeudvalget.json"));
    assert_eq!(oparl.matches(r#""public":false"#).count(), 1);
    assert_eq!(oparl.matches(r#""public":true"#).count(), 4);
}

#[test]
fn an_english_build_labels_it_closed_item() {
    let (_dir, site) = fixture_copy();
    edit(
        &site.join("protokol.toml"),
        "language = \"da\"",
        "language = \"en\"",
    );
    let (_out_dir, out) = build_to_temp(&site);
    assert!(read(&out.join(PAGE)).contains(r#"<span class="maerke">Closed item</span>"#));
    assert_eq!(leaks(&out), vec![]);
}

/// The diagnostics of `protokol check --format json` with the given code.
fn with_code(root: &Path, code: &str) -> (Option<i32>, Vec<serde_json::Value>) {
    let (status, all) = json_check(root.to_str().unwrap());
    (
        status,
        all.into_iter().filter(|d| d["code"] == code).collect(),
    )
}

#[test]
fn withheld_tables_are_warnings_that_say_why_in_danish_and_english() {
    let (status, warnings) = with_code(&fixture(), "closed-table");
    assert_eq!(status, Some(0));
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    let declared = &warnings[1];
    assert_eq!(declared["severity"], "warning");
    assert_eq!(declared["file"], "content/tabeller/lukket-vurdering.yaml");
    assert_eq!(
        (declared["line"].as_u64(), declared["column"].as_u64()),
        (Some(2), Some(10))
    );
    let message = declared["message"].as_str().unwrap();
    assert!(
        message.contains("publiceres ikke") && message.contains("lukkede punkt 3"),
        "{message}"
    );
    let placed = warnings[0]["message"].as_str().unwrap();
    assert!(
        placed.contains("kun sat ind i eller vedhæftet lukkede punkter"),
        "{placed}"
    );
    let o = run(&[
        "check",
        "--root",
        fixture().to_str().unwrap(),
        "--lang",
        "en",
    ]);
    let text = stderr(&o);
    assert!(
        text.contains("is not published: it belongs to the closed item 3"),
        "{text}"
    );
    // The withheld tables' figures are still checked: a wrong total is an error.
    let (_dir, site) = fixture_copy();
    edit(
        &site.join("content/tabeller/lukket-tilbud.yaml"),
        "beloeb: 919273645",
        "beloeb: 919273640",
    );
    let (status, sums) = with_code(&site, "table-sum");
    assert_eq!((status, sums.len()), (Some(1), 1), "{sums:?}");
}

/// The fixture with one edit of the meeting file: the exit code and the diagnostics with `code`.
fn check_edited(from: &str, to: &str, code: &str) -> (Option<i32>, Vec<serde_json::Value>) {
    let (_dir, site) = fixture_copy();
    edit(&site.join(MEETING), from, to);
    with_code(&site, code)
}

#[test]
fn a_closed_value_other_than_true_or_false_is_an_error_at_the_field() {
    let (status, errors) = check_edited("    closed: true\n", "    lukket: ja\n", "closed-item");
    assert_eq!(status, Some(1));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["severity"], "error");
    assert_eq!(errors[0]["file"], MEETING);
    assert_eq!(errors[0]["line"], 24);
    assert_eq!(errors[0]["found"], "ja");
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("behandles som lukket"));
    // `lukket: true` is the same field as `closed: true`.
    let (status, errors) = check_edited("    closed: true\n", "    lukket: true\n", "closed-item");
    assert_eq!((status, errors.len()), (Some(0), 0), "{errors:?}");
}

#[test]
fn a_reason_on_an_open_item_is_an_error() {
    let (status, errors) = check_edited("    closed: true\n", "    closed: false\n", "closed-item");
    assert_eq!(status, Some(1));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["line"], 25);
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("ville blive publiceret"));
}

#[test]
fn a_table_of_a_closed_item_that_open_text_places_is_an_error() {
    let (status, errors) = check_edited(
        "[[tabel:vejbudget-2024]]",
        "[[tabel:vejbudget-2024]]\n\n[[tabel:lukket-vurdering]]",
        "closed-table",
    );
    assert_eq!(status, Some(1));
    let errors: Vec<_> = errors.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("offentlig tekst sætter den ind"));
    // A table a closed item places is published when an open item places it too: no diagnostic then.
    let (status, warnings) = check_edited(
        "[[tabel:vejbudget-2024]]",
        "[[tabel:vejbudget-2024]]\n\n[[tabel:lukket-tilbud]]",
        "closed-table",
    );
    assert_eq!(status, Some(0));
    assert_eq!(warnings.len(), 1, "only lukket-vurdering: {warnings:?}");
}

#[test]
fn a_document_only_a_closed_item_attaches_is_an_error() {
    let attach = "        table: lukket-vurdering\n";
    let (status, errors) = check_edited(
        attach,
        "        table: lukket-vurdering\n      - title: \"Vedtægten\"\n        document: notat\n",
        "closed-attachment",
    );
    // `notat` does not exist: that is the usual error, not this one.
    assert_eq!((status, errors.len()), (Some(1), 0));
    let (_dir, site) = fixture_copy();
    std::fs::write(
        site.join("content/dokumenter/notat.md"),
        "---\nkind: note\ntitle: \"Notat om ejendommens tilstand\"\n---\n\nEjendommen trænger til nyt tag.\n",
    )
    .unwrap();
    let closed =
        "        table: lukket-vurdering\n      - title: \"Notat\"\n        document: notat\n";
    edit(&site.join(MEETING), attach, closed);
    let (status, errors) = with_code(&site, "closed-attachment");
    assert_eq!(status, Some(1));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0]["message"].as_str().unwrap().contains("»notat«"));
    // Attached to an open item as well, the document is public: no error.
    edit(
        &site.join(MEETING),
        "    title: \"Trafiksikkerhed ved Skolevej\"\n",
        "    title: \"Trafiksikkerhed ved Skolevej\"\n    attachments:\n      - title: \"Notat\"\n        document: notat\n",
    );
    let (status, errors) = with_code(&site, "closed-attachment");
    assert_eq!((status, errors.len()), (Some(0), 0), "{errors:?}");
}

#[test]
fn closing_an_item_in_serve_takes_its_text_out_of_the_output() {
    use protokol::build::Workspace;
    let (_dir, site) = fixture_copy();
    let meeting = site.join(MEETING);
    let closed =
        "    closed: true\n    closed_reason: \"jf. kommunestyrelseslovens § 10, stk. 1, nr. 4\"\n";
    edit(&meeting, closed, "");
    let output = site.join("public");
    let mut ws = Workspace::new(&site, &output);
    ws.build_all().unwrap();
    assert!(!ws.diags.has_errors(), "{:?}", ws.diags.items);
    assert!(!leaks(&output).is_empty(), "open, the item is published");
    // Closing it: the next rebuild leaves nothing of it, and equals a full build.
    edit(
        &meeting,
        "    presenter:",
        &format!("{closed}    presenter:"),
    );
    ws.rebuild(std::slice::from_ref(&meeting)).unwrap();
    assert!(!ws.diags.has_errors(), "{:?}", ws.diags.items);
    assert_eq!(leaks(&output), vec![]);
    assert_same_as_full_build(&site, &output);
    // An edit of the closed item's text, and of a table only it places, publishes nothing of them either.
    edit(
        &meeting,
        "Qzxudvalget godkendte",
        "Qzxudvalget godkendte enstemmigt",
    );
    ws.rebuild(std::slice::from_ref(&meeting)).unwrap();
    let table = site.join("content/tabeller/lukket-tilbud.yaml");
    edit(&table, "Qzxomkostninger", "Qzxomkostninger i alt");
    ws.rebuild(std::slice::from_ref(&table)).unwrap();
    assert!(!ws.diags.has_errors(), "{:?}", ws.diags.items);
    assert_eq!(leaks(&output), vec![]);
    assert_same_as_full_build(&site, &output);
    // Opening it again publishes it again.
    edit(&meeting, closed, "");
    ws.rebuild(std::slice::from_ref(&meeting)).unwrap();
    assert!(leaks(&output).iter().any(|(f, _)| f == PAGE));
    assert_same_as_full_build(&site, &output);
}

/// The workspace's output equals a fresh `protokol build` of the same content, file for file.
fn assert_same_as_full_build(site: &Path, output: &Path) {
    let fresh = site.parent().unwrap().join("fresh");
    let _ = std::fs::remove_dir_all(&fresh);
    let (_, diags) = protokol::build(site, &fresh, false, &|_| {}).unwrap();
    assert!(!diags.has_errors(), "{:?}", diags.items);
    let tree = |d: &Path| -> Vec<(String, Vec<u8>)> {
        files_below(d)
            .into_iter()
            .map(|f| {
                (
                    f.strip_prefix(d).unwrap().display().to_string(),
                    std::fs::read(&f).unwrap(),
                )
            })
            .collect()
    };
    let (a, b) = (tree(output), tree(&fresh));
    let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
    let differing: Vec<&String> = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x.1 != y.1)
        .map(|(x, _)| &x.0)
        .collect();
    assert!(differing.is_empty(), "files differ: {differing:?}");
}

#[test]
fn the_dev_server_serves_nothing_of_a_closed_item() {
    let (_dir, site) = fixture_copy();
    let s = Served::start(&site);
    let (status, _, page) = http_get(&s.url, &format!("/{PAGE}"));
    assert_eq!(status, 200);
    assert!(page.contains("Lukket punkt"));
    assert!(!page.to_lowercase().contains("qzx"));
    // Editing the closed item's text is rebuilt, and still nothing of it is served or written.
    let before = s.status()["rebuilds"].as_u64().unwrap();
    let meeting = site.join(MEETING);
    save_atomically(
        &meeting,
        &read(&meeting).replace("Qzxudvalget godkendte", "Qzxudvalget vedtog"),
    );
    s.wait_for("the rebuild", |s| {
        s.status()["rebuilds"].as_u64().unwrap() > before
    });
    let (_, _, page) = http_get(&s.url, &format!("/{PAGE}"));
    assert!(!page.to_lowercase().contains("qzx"));
    assert_eq!(leaks(&site.join("public")), vec![]);
}
