//! Bound figures (#18): `[[tal:…]]` in running text and in a table's headers takes its figure from the table,
//! linked to the cell; a printed figure that differs is an error unless acknowledged; a number near a table that
//! restates one of its figures unbound is a warning with the directive to write; years, dates and labels are
//! not. A passing and a failing case for each rule, on the `protokol init` skeleton (its item 2 places the
//! table `kontingent-2025`: Kommune A 60.000 kr., Kommune B 40.000 kr., total 100.000 kr.).

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const MEETING: &str = "content/moeder/2024-03-01-bestyrelsen.md";
const TABLE: &str = "content/tabeller/kontingent-2025.yaml";
const PLACED: &str = "[[tabel:kontingent-2025]]";

/// The skeleton with `text` as a paragraph after the table in item 2.
fn site_with(text: &str) -> (tempfile::TempDir, PathBuf) {
    let (dir, site) = skeleton();
    edit(&site.join(MEETING), PLACED, &format!("{PLACED}\n\n{text}"));
    (dir, site)
}

fn check(site: &Path) -> (Option<i32>, Vec<Value>) {
    json_check(site.to_str().unwrap())
}

fn with_code<'a>(diags: &'a [Value], code: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == code).collect()
}

fn errors(diags: &[Value]) -> Vec<&Value> {
    diags.iter().filter(|d| d["severity"] == "error").collect()
}

/// The line of the meeting file that holds `needle`.
fn line_of(site: &Path, needle: &str) -> u64 {
    let text = read(&site.join(MEETING));
    text.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1
}

fn build(site: &Path) -> (tempfile::TempDir, PathBuf) {
    build_to_temp(site)
}

fn meeting_page(out: &Path) -> String {
    read(&out.join("moeder/2024-03-01-bestyrelsen/index.html"))
}

#[test]
fn a_bound_figure_is_the_tables_figure_linked_to_its_cell() {
    let (_d, site) = site_with(
        "Kommune A betaler [[tal:kontingent-2025#kommune-a/andel]] kr. af i alt [[tal:kontingent-2025#total/andel enhed]].",
    );
    let (exit, diags) = check(&site);
    assert_eq!(exit, Some(0), "{diags:#?}");
    assert!(with_code(&diags, "figure-unbound").is_empty(), "{diags:#?}");
    let (_o, out) = build(&site);
    let page = meeting_page(&out);
    let link = page
        .split("<a class=\"tal\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default();
    assert!(link.contains("tabeller/kontingent-2025/"), "{page}");
    assert!(
        link.ends_with("#tabel-kontingent-2025-kommune-a-andel"),
        "{link}"
    );
    assert!(page.contains(">60.000</a> kr. af i alt "), "{page}");
    assert!(page.contains(">100.000 kr.</a>."), "{page}");
    let table = read(&out.join("tabeller/kontingent-2025/index.html"));
    assert!(
        table.contains("id=\"tabel-kontingent-2025-kommune-a-andel\""),
        "{table}"
    );
    // The search index has the figure as text, not the directive.
    let index: String = files_below(&out.join("soeg"))
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    assert!(
        !index.contains("[[tal:"),
        "the directive reached the search index"
    );
}

#[test]
fn an_unknown_row_or_column_is_an_error_with_the_near_matches() {
    let (_d, site) = site_with("Kommune C betaler [[tal:kontingent-2025#kommune-c/andel]] kr.");
    let (exit, diags) = check(&site);
    assert_eq!(exit, Some(1), "{diags:#?}");
    let e = with_code(&diags, "figure-unknown");
    assert_eq!(e.len(), 1, "{diags:#?}");
    assert_eq!(e[0]["file"], MEETING);
    assert_eq!(e[0]["line"], line_of(&site, "kommune-c"));
    assert!(e[0]["column"].as_u64().unwrap() > 1, "{:#}", e[0]);
    assert!(
        e[0]["message"].as_str().unwrap().contains("kommune-c"),
        "{:#}",
        e[0]
    );
    assert!(
        e[0]["expected"].as_str().unwrap().contains("kommune-a"),
        "{:#}",
        e[0]
    );

    let (_d, site) = site_with("Kommune A betaler [[tal:kontingent-2025#kommune-a/andl]] kr.");
    let (exit, diags) = check(&site);
    assert_eq!(exit, Some(1));
    let e = with_code(&diags, "figure-unknown");
    assert!(
        e[0]["expected"].as_str().unwrap().contains("andel"),
        "{:#}",
        e[0]
    );

    let (_d, site) = site_with("Kommune A betaler [[tal:findes-ikke#kommune-a/andel]] kr.");
    assert_eq!(check(&site).0, Some(1));
}

#[test]
fn a_printed_figure_must_be_the_tables() {
    let (_d, site) =
        site_with("Kommune A betaler [[tal:kontingent-2025#kommune-a/andel | 60.000]] kr.");
    let (exit, diags) = check(&site);
    assert_eq!(exit, Some(0), "{diags:#?}");
    let (_o, out) = build(&site);
    assert!(meeting_page(&out).contains(">60.000</a> kr."));

    let (_d, site) =
        site_with("Kommune A betaler [[tal:kontingent-2025#kommune-a/andel | 65.000]] kr.");
    let (exit, diags) = check(&site);
    assert_eq!(exit, Some(1), "{diags:#?}");
    let e = with_code(&diags, "figure-differs");
    assert_eq!(e.len(), 1, "{diags:#?}");
    assert_eq!(e[0]["file"], MEETING);
    assert_eq!(e[0]["line"], line_of(&site, "65.000"));
    assert!(
        e[0]["message"].as_str().unwrap().contains("65.000"),
        "{:#}",
        e[0]
    );
    assert!(
        e[0]["expected"].as_str().unwrap().contains("60.000"),
        "{:#}",
        e[0]
    );
}

#[test]
fn an_acknowledged_difference_is_a_note_and_the_page_prints_the_source() {
    let ack = "discrepancies:\n  - kind: figure\n    item: \"2\"\n    printed: \"65.000\"\n    note: \"Kilden trykker 65.000 kr.; tabellen giver 60.000 kr.\"\n---";
    let (_d, site) =
        site_with("Kommune A betaler [[tal:kontingent-2025#kommune-a/andel | 65.000]] kr.");
    edit(&site.join(MEETING), "\n---", &format!("\n{ack}"));
    let (exit, diags) = check(&site);
    assert_eq!(exit, Some(0), "{diags:#?}");
    assert!(
        !with_code(&diags, "acknowledged-discrepancy").is_empty(),
        "{diags:#?}"
    );
    let (_o, out) = build(&site);
    let page = meeting_page(&out);
    assert!(page.contains(">65.000</a> kr."), "{page}");
    assert!(page.contains("Kilden trykker 65.000 kr."), "{page}");

    // The same acknowledgement without the differing figure is stale.
    let (_d, site) =
        site_with("Kommune A betaler [[tal:kontingent-2025#kommune-a/andel | 60.000]] kr.");
    edit(&site.join(MEETING), "\n---", &format!("\n{ack}"));
    let (exit, diags) = check(&site);
    assert_eq!(exit, Some(1), "{diags:#?}");
    assert_eq!(
        with_code(&diags, "stale-acknowledgement").len(),
        1,
        "{diags:#?}"
    );
}

#[test]
fn an_unbound_number_that_equals_a_figure_is_a_warning_with_the_directive() {
    let (_d, site) = site_with("Kommune A betaler 60.000 kr.");
    let (exit, diags) = check(&site);
    assert_eq!(exit, Some(0), "{diags:#?}");
    let w = with_code(&diags, "figure-unbound");
    assert_eq!(w.len(), 1, "{diags:#?}");
    assert_eq!(w[0]["severity"], "warning");
    assert_eq!(w[0]["line"], line_of(&site, "Kommune A betaler"));
    assert!(
        (w[0]["hint"].as_str().unwrap())
            .contains("[[tal:kontingent-2025#kommune-a/andel | 60.000]]"),
        "{:#}",
        w[0]
    );
    // In millions too.
    let (_d, site) = site_with("I alt 0,1 mio. kr.");
    let w = with_code(&check(&site).1, "figure-unbound").len();
    assert_eq!(w, 1);
}

#[test]
fn years_dates_and_labels_are_not_reported() {
    let (_d, site) = site_with(
        "Mødet den 17. marts 2024 behandlede punkt 12 og § 17, jf. bilag 3; i 2024 var der 17 ansøgere.",
    );
    std::fs::write(
        site.join("content/tabeller/aar.yaml"),
        "title: Ansøgere\nmeeting: \"2024-03-01-bestyrelsen#2\"\ncolumns:\n  - {key: aar, label: År, type: number}\n  - {key: antal, label: Antal, type: number}\n  - {key: punkt, label: Punkt, type: number}\nrows:\n  - {id: r, aar: 2024, antal: 17, punkt: 12}\n  - {id: s, aar: 2023, antal: 3, punkt: 12}\n",
    )
    .unwrap();
    edit(
        &site.join(MEETING),
        PLACED,
        &format!("{PLACED}\n\n[[tabel:aar]]"),
    );
    let (_, diags) = check(&site);
    let w = with_code(&diags, "figure-unbound");
    // Only "17 ansøgere": not the date's 17, the year 2024, item 12, § 17 or appendix 3.
    assert_eq!(w.len(), 1, "{w:#?}");
    assert_eq!(w[0]["found"], "17");
    let line = read(&site.join(MEETING));
    let l = line
        .lines()
        .nth(w[0]["line"].as_u64().unwrap() as usize - 1)
        .unwrap();
    let col = w[0]["column"].as_u64().unwrap() as usize;
    assert!(
        l.chars()
            .skip(col - 1)
            .collect::<String>()
            .starts_with("17 ansøgere"),
        "{l} {col}"
    );
}

#[test]
fn a_changed_table_cell_is_caught_at_the_bound_figure() {
    let (_d, site) =
        site_with("Kommune A betaler [[tal:kontingent-2025#kommune-a/andel | 60.000]] kr.");
    assert_eq!(check(&site).0, Some(0));
    edit(&site.join(TABLE), "andel: 60000", "andel: 60001");
    let (exit, diags) = check(&site);
    assert_eq!(exit, Some(1));
    let e = with_code(&diags, "figure-differs");
    assert_eq!(e.len(), 1, "{diags:#?}");
    assert_eq!(e[0]["file"], MEETING);
}

#[test]
fn a_header_figure_is_checked_against_its_own_table() {
    // The skeleton's header binds the amount it names.
    let (_d, site) = skeleton();
    let header = "label: \"Andel af [[tal:@fordeling/amount | 100.000]] kr.\"";
    assert!(read(&site.join(TABLE)).contains(header));
    let (exit, diags) = check(&site);
    assert_eq!(exit, Some(0), "{diags:#?}");
    let (_o, out) = build(&site);
    let table = read(&out.join("tabeller/kontingent-2025/index.html"));
    assert!(table.contains(">Andel af 100.000 kr.</th>"), "{table}");

    edit(&site.join(TABLE), "| 100.000]]", "| 100.001]]");
    let (exit, diags) = check(&site);
    assert_eq!(exit, Some(1));
    let e = errors(&diags);
    assert!(
        e.iter()
            .any(|d| d["code"] == "figure-differs" && d["file"] == TABLE),
        "{e:#?}"
    );
}

#[test]
fn a_table_edit_rerenders_the_bound_figure_as_a_full_build_would() {
    use protokol::build::Workspace;
    let (dir, site) =
        site_with("Kommune A har [[tal:kontingent-2025#kommune-a/indbyggere]] indbyggere.");
    let output = dir.path().join("public");
    let mut ws = Workspace::new(&site, &output);
    ws.build_all().unwrap();
    assert!(!ws.diags.has_errors(), "{:?}", ws.diags.items);
    assert!(meeting_page(&output).contains(">30.000</a> indbyggere"));
    // A consistent edit: Kommune A has 31.000 inhabitants, the total 51.000, and the shares follow.
    let table = site.join(TABLE);
    edit(
        &table,
        "indbyggere: 30000, andel: 60000",
        "indbyggere: 31000, andel: 60784",
    );
    edit(
        &table,
        "indbyggere: 20000, andel: 40000",
        "indbyggere: 20000, andel: 39216",
    );
    edit(&table, "indbyggere: 50000", "indbyggere: 51000");
    ws.rebuild(&[table]).unwrap();
    assert!(!ws.diags.has_errors(), "{:?}", ws.diags.items);
    assert!(meeting_page(&output).contains(">31.000</a> indbyggere"));
    let fresh = dir.path().join("fresh");
    let (_, diags) = protokol::build(&site, &fresh, false, &|_| {}).unwrap();
    assert!(!diags.has_errors());
    let (a, b) = (tree(&output), tree(&fresh));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    let differing: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    assert!(differing.is_empty(), "files differ: {differing:?}");
}

#[test]
fn a_malformed_directive_is_an_error_and_never_a_panic() {
    for bad in [
        "[[tal:kontingent-2025]]",
        "[[tal:kontingent-2025#kommune-a]]",
        "[[tal:kontingent-2025#kommune-a/andel | mange]]",
        "[[tal:#kommune-a/andel]]",
        "[[tal:Kontingent#kommune-a/andel]]",
    ] {
        let (_d, site) = site_with(&format!("Tal: {bad} kr."));
        let (exit, diags) = check(&site);
        assert_eq!(exit, Some(1), "{bad}: {diags:#?}");
        assert!(
            !with_code(&diags, "figure-syntax").is_empty(),
            "{bad}: {diags:#?}"
        );
    }
}

const DRIFT: &str = "content/tabeller/drift.yaml";

/// The skeleton with a second table in item 2 (`drift`: 644.500 kr. and 1.392.657 kr., 30,49 % and 69,51 %),
/// `notes` as its `notes_after`, and `text` as a paragraph after it.
fn site_with_drift(notes: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let (dir, site) = site_with(&format!("[[tabel:drift]]\n\n{text}"));
    std::fs::write(
        site.join(DRIFT),
        format!(
            "title: Driftsudgifter\nmeeting: \"2024-03-01-bestyrelsen#2\"\nunit: kr.\nnotes_after: \"{notes}\"\ncolumns:\n  - {{key: post, label: Post, type: text}}\n  - {{key: beloeb, label: Beløb, type: number}}\n  - {{key: pct, label: Andel, type: percent}}\nrows:\n  - {{id: a, post: Drift, beloeb: 644500, pct: 30.49}}\n  - {{id: b, post: Anlæg, beloeb: 1392657, pct: 69.51}}\n  - {{id: i-alt, role: total, post: I alt, beloeb: 2037157, pct: 100}}\nrules:\n  - {{id: sum, rule: sum, columns: [beloeb, pct], total: {{row: i-alt}}}}\n"
        ),
    )
    .unwrap();
    (dir, site)
}

#[test]
fn a_figure_rounded_for_display_states_the_tables_bound_or_not() {
    // Unbound: each rounded restatement is a warning whose directive keeps the figure as printed.
    let (_d, site) = site_with_drift(
        "",
        "Driften koster ca. 644.000 kr., anlægget 1,4 mio. kr., og driftens andel er 30,5 pct.",
    );
    let (exit, diags) = check(&site);
    assert_eq!(exit, Some(0), "{diags:#?}");
    let w = with_code(&diags, "figure-unbound");
    let found: Vec<&str> = w.iter().map(|d| d["found"].as_str().unwrap()).collect();
    assert_eq!(found, ["ca. 644.000", "1,4 mio.", "30,5"], "{w:#?}");
    assert!(
        (w[0]["hint"].as_str().unwrap()).contains("[[tal:drift#a/beloeb | ca. 644.000]]"),
        "{:#}",
        w[0]
    );
    assert!(
        w[0]["message"].as_str().unwrap().contains("afrundet"),
        "{:#}",
        w[0]
    );
    // Not rounded restatements: a figure of one significant digit, a wrong rounding, a figure as exact as the
    // table's that is another.
    let (_d, site) = site_with_drift(
        "",
        "Omkring 600.000 kr. i drift, 1,3 mio. kr. i anlæg og 645.000 kr. i alt til drift.",
    );
    let (_, diags) = check(&site);
    assert!(with_code(&diags, "figure-unbound").is_empty(), "{diags:#?}");
    assert!(errors(&diags).is_empty(), "{diags:#?}");
    // Bound: a rounded printed figure is the table's; a wrong rounding or a slip is not.
    let bound = "Driften koster [[tal:drift#a/beloeb | ca. 644.000]] kr. og anlægget [[tal:drift#b/beloeb | 1,4 mio.]] kr.";
    let (_d, site) = site_with_drift("", bound);
    let (exit, diags) = check(&site);
    assert_eq!(exit, Some(0), "{diags:#?}");
    assert!(with_code(&diags, "figure-unbound").is_empty(), "{diags:#?}");
    let (_o, out) = build(&site);
    assert!(meeting_page(&out).contains(">ca. 644.000</a> kr."));
    for (from, to) in [("| 1,4 mio.", "| 1,3 mio."), ("| ca. 644.000", "| 645.500")] {
        let (_d, site) = site_with_drift("", &bound.replace(from, to));
        let (exit, diags) = check(&site);
        assert_eq!(exit, Some(1), "{to}: {diags:#?}");
        let e = with_code(&diags, "figure-differs");
        assert_eq!(e.len(), 1, "{diags:#?}");
        assert_eq!(e[0]["file"], MEETING);
    }
}

#[test]
fn an_unbound_figure_one_digit_off_the_tables_is_an_error() {
    for slip in ["644.510", "644.050", "1.392.567", "1.392.658"] {
        let (_d, site) = site_with_drift("", &format!("Udgiften er {slip} kr."));
        let (exit, diags) = check(&site);
        assert_eq!(exit, Some(1), "{slip}: {diags:#?}");
        let e = with_code(&diags, "figure-slip");
        assert_eq!(e.len(), 1, "{slip}: {diags:#?}");
        assert_eq!(e[0]["file"], MEETING);
        assert_eq!(e[0]["found"], slip);
        assert_eq!(e[0]["line"], line_of(&site, "Udgiften er"));
        assert!(
            e[0]["hint"].as_str().unwrap().contains("[[tal:drift#"),
            "{:#}",
            e[0]
        );
    }
    // A figure of its own, said so, and figures too short or too far to be slips.
    let (_d, site) = site_with_drift(
        "",
        "Udgiften er [[tal:fri | 644.510]] kr., heraf 650.000 kr., 644.600 kr., 645 kr., 744.600 kr. og 1.400.000 kr.",
    );
    let (_, diags) = check(&site);
    assert!(with_code(&diags, "figure-slip").is_empty(), "{diags:#?}");
}

#[test]
fn a_tables_notes_bind_figures_and_their_unbound_restatements_are_found() {
    // Unbound in the table's own notes: a warning at the table file.
    let (_d, site) = site_with_drift("Heraf går 644.500 kr. til drift.", "");
    let (exit, diags) = check(&site);
    assert_eq!(exit, Some(0), "{diags:#?}");
    let w = with_code(&diags, "figure-unbound");
    assert_eq!(w.len(), 1, "{diags:#?}");
    assert_eq!(w[0]["file"], DRIFT);
    assert_eq!(w[0]["line"], 4);
    assert!(
        (w[0]["hint"].as_str().unwrap()).contains("[[tal:drift#a/beloeb | 644.500]]"),
        "{:#}",
        w[0]
    );
    // A slip there is an error too.
    let (_d, site) = site_with_drift("Heraf går 644.510 kr. til drift.", "");
    let (exit, diags) = check(&site);
    assert_eq!(exit, Some(1), "{diags:#?}");
    assert_eq!(with_code(&diags, "figure-slip")[0]["file"], DRIFT);
    // Bound in the notes: checked, and shown as printed.
    let (_d, site) = site_with_drift("Heraf går [[tal:#a/beloeb | 644.500]] kr. til drift.", "");
    let (exit, diags) = check(&site);
    assert_eq!(exit, Some(0), "{diags:#?}");
    assert!(with_code(&diags, "figure-unbound").is_empty(), "{diags:#?}");
    let (_o, out) = build(&site);
    let page = read(&out.join("tabeller/drift/index.html"));
    assert!(page.contains("Heraf går 644.500 kr. til drift."), "{page}");
    assert!(!page.contains("[[tal:"), "{page}");
    let (_d, site) = site_with_drift("Heraf går [[tal:#a/beloeb | 644.501]] kr. til drift.", "");
    let (exit, diags) = check(&site);
    assert_eq!(exit, Some(1), "{diags:#?}");
    assert_eq!(with_code(&diags, "figure-differs")[0]["file"], DRIFT);
}

#[test]
fn a_figure_in_a_links_text_is_bound_without_a_link_of_its_own() {
    let text =
        "Se [punkt 2 om [[tal:drift#a/beloeb | 644.500]] kr.](ref:2024-03-01-bestyrelsen#2).";
    let (_d, site) = site_with_drift("", text);
    let (exit, diags) = check(&site);
    assert_eq!(exit, Some(0), "{diags:#?}");
    assert!(with_code(&diags, "figure-unbound").is_empty(), "{diags:#?}");
    let (_o, out) = build(&site);
    let page = meeting_page(&out);
    let at = page
        .find("punkt 2 om 644.500 kr.</a>")
        .unwrap_or_else(|| panic!("{page}"));
    let link = &page[page[..at].rfind("<a ").unwrap()..at];
    assert!(!link.contains("class=\"tal\""), "{link}");
    // Checked there too; and an unbound restatement in a link's text is found.
    let (_d, site) = site_with_drift("", &text.replace("| 644.500", "| 644.501"));
    let (exit, diags) = check(&site);
    assert_eq!(exit, Some(1), "{diags:#?}");
    assert_eq!(with_code(&diags, "figure-differs").len(), 1, "{diags:#?}");
    let (_d, site) = site_with_drift(
        "",
        &text.replace("[[tal:drift#a/beloeb | 644.500]]", "644.500"),
    );
    assert_eq!(with_code(&check(&site).1, "figure-unbound").len(), 1);
}
