//! Figures across tables: shared sources (the 1 January 2020 populations that Bilag A and both FSC fee tables
//! print), column-level `equals`, and a disagreement blamed on the cell that changed.

mod common;
use common::*;
use std::path::Path;

const BILAG_A: &str = "content/tabeller/flygtninge-befolkning-2020.yaml";
const FSC_2020: &str = "content/tabeller/fsc-kontingent-2020.yaml";
const FSC_2021: &str = "content/tabeller/fsc-kontingent-2021-2022.yaml";

fn errors(lines: &[serde_json::Value]) -> Vec<&serde_json::Value> {
    lines.iter().filter(|d| d["severity"] == "error").collect()
}

/// Runs check and returns the errors, asserting exit 1.
fn failing(site: &Path) -> Vec<serde_json::Value> {
    let (exit, lines) = json_check(site.to_str().unwrap());
    assert_eq!(exit, Some(1), "{lines:#?}");
    errors(&lines).into_iter().cloned().collect()
}

#[test]
fn the_bundled_populations_agree() {
    let (_d, site) = bundled_copy();
    let (exit, lines) = json_check(site.to_str().unwrap());
    assert_eq!(exit, Some(0), "{:#?}", errors(&lines));
    // Each of the three tables declares the source it prints.
    for f in [BILAG_A, FSC_2020, FSC_2021] {
        assert!(
            read(&site.join(f)).contains("source: folketal-2020-01-01"),
            "{f}"
        );
    }
}

/// Hedensted − 1, Favrskov + 1 in Bilag A: every sum of Bilag A still holds.
fn move_a_citizen(bilag_a: &Path) {
    edit(
        bilag_a,
        "\"710 Favrskov\", indbyggere: 48397",
        "\"710 Favrskov\", indbyggere: 48398",
    );
    edit(
        bilag_a,
        "\"766 Hedensted\", indbyggere: 46722",
        "\"766 Hedensted\", indbyggere: 46721",
    );
}

#[test]
fn a_citizen_moved_in_one_table_is_caught_there() {
    let (_d, site) = bundled_copy();
    // Hedensted − 1, Favrskov + 1: every sum of Bilag A still holds.
    let p = site.join(BILAG_A);
    move_a_citizen(&p);
    let errs = failing(&site);
    assert!(errs.iter().all(|d| d["file"] == BILAG_A), "{errs:#?}");
    let rows: Vec<&str> = errs
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        rows.iter().any(|m| m.contains("Favrskov")) && rows.iter().any(|m| m.contains("Hedensted")),
        "{rows:#?}"
    );
    let favrskov = errs
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("Favrskov"))
        .unwrap();
    assert_eq!(favrskov["code"], "table-cross");
    assert_eq!(favrskov["found"], "48.398");
    assert_eq!(favrskov["expected"], "48.397");
}

#[test]
fn a_citizen_moved_in_a_fee_table_is_caught_there() {
    let (_d, site) = bundled_copy();
    let p = site.join(FSC_2021);
    let text = read(&p);
    let moved = text
        .replace(
            "\"Favrskov Kommune\", folketal: 48397",
            "\"Favrskov Kommune\", folketal: 48398",
        )
        .replace(
            "\"Hedensted Kommune\", folketal: 46722",
            "\"Hedensted Kommune\", folketal: 46721",
        );
    assert_ne!(moved, text);
    std::fs::write(&p, moved).unwrap();
    let errs = failing(&site);
    assert!(
        errs.iter()
            .any(|d| d["file"] == FSC_2021 && d["code"] == "table-cross"),
        "{errs:#?}"
    );
    assert!(errs.iter().all(|d| d["file"] == FSC_2021), "{errs:#?}");
}

#[test]
fn a_region_shifted_by_100_is_caught() {
    let (_d, site) = bundled_copy();
    let p = site.join(BILAG_A);
    let mut out = String::new();
    for line in read(&p).lines() {
        let shifted = if line.starts_with("  - {")
            && (line.contains("group: \"Region Midtjylland\"") || line.contains("id: total,"))
        {
            let rows = if line.contains("role:") { 19 } else { 1 };
            let (head, rest) = line.split_once("indbyggere: ").unwrap();
            let (n, tail) = rest.split_once(',').unwrap();
            let n: i64 = n.trim().parse().unwrap();
            format!("{head}indbyggere: {},{tail}", n + 100 * rows)
        } else {
            line.to_string()
        };
        out.push_str(&shifted);
        out.push('\n');
    }
    std::fs::write(&p, out).unwrap();
    let errs = failing(&site);
    assert!(
        errs.iter().all(|d| d["file"] == BILAG_A),
        "the sums still hold: {errs:#?}"
    );
    assert_eq!(
        errs.iter().filter(|d| d["code"] == "table-cross").count(),
        19,
        "{errs:#?}"
    );
}

#[test]
fn a_changed_regional_quota_is_blamed_where_it_changed() {
    let (_d, site) = bundled_copy();
    let regions = "content/tabeller/flygtninge-regionskvoter-2021.yaml";
    edit(&site.join(regions), "antal: 183}", "antal: 184}");
    let errs = failing(&site);
    // The prose that binds the regional 183 (figures) is reported where it stands; the tables' errors are all at
    // the regional table's changed cell.
    let errs: Vec<_> = errs
        .into_iter()
        .filter(|d| d["code"].as_str().unwrap_or("").starts_with("table-"))
        .collect();
    assert!(errs.iter().all(|d| d["file"] == regions), "{errs:#?}");
    assert!(
        errs.iter()
            .all(|d| d["found"] != "183" && d["found"] != "600"),
        "{errs:#?}"
    );
    let d = errs
        .iter()
        .find(|d| d["code"] == "table-cross")
        .expect("the cross-table finding");
    assert_eq!(d["found"], "184");
    assert_eq!(d["expected"], "183");
    let line = read(&site.join(regions))
        .lines()
        .position(|l| l.contains("antal: 184"))
        .unwrap()
        + 1;
    assert_eq!(d["line"], line, "{d}");
}

#[test]
fn a_changed_regional_total_in_the_quota_table_is_blamed_there() {
    let (_d, site) = bundled_copy();
    let quotas = "content/tabeller/flygtninge-kommunekvoter-2021.yaml";
    let p = site.join(quotas);
    let text = read(&p);
    let line = text
        .lines()
        .find(|l| l.contains("id: midtjylland-i-alt"))
        .unwrap();
    edit(&p, line, &line.replace("kvote: 183", "kvote: 184"));
    let errs = failing(&site);
    assert!(errs.iter().all(|d| d["file"] == quotas), "{errs:#?}");
    assert!(errs.iter().any(|d| d["found"] == "184"), "{errs:#?}");
}

#[test]
fn a_column_level_equals_pairs_rows_by_name() {
    let (_d, site) = bundled_copy();
    let p = site.join(FSC_2021);
    let rule = "rules:\n  - id: folketal-som-2020\n    rule: equals\n    column: folketal\n    other: {table: fsc-kontingent-2020, column: folketal}\n";
    edit(&p, "rules:\n", rule);
    let (exit, lines) = json_check(site.to_str().unwrap());
    assert_eq!(exit, Some(0), "{:#?}", errors(&lines));
    // Against a table whose populations differ (the GovTech key, no date), every row is a finding here.
    edit(
        &p,
        "other: {table: fsc-kontingent-2020,",
        "other: {table: govtech-fordelingsnoegle,",
    );
    edit(&p, "column: folketal}", "column: indbyggertal}");
    let errs = failing(&site);
    let here: Vec<_> = errs
        .iter()
        .filter(|d| d["file"] == FSC_2021 && d["code"] == "table-cross")
        .collect();
    assert_eq!(here.len(), 19, "{errs:#?}");
    assert!(
        here.iter()
            .any(|d| d["found"] == "349.983" && d["expected"] == "340.421"),
        "{here:#?}"
    );
}

#[test]
fn a_column_level_equals_needs_every_row_paired() {
    let (_d, site) = bundled_copy();
    let p = site.join(FSC_2021);
    let rule = "rules:\n  - id: folketal-som-kvoter\n    rule: equals\n    column: folketal\n    rows: {roles: [total]}\n    other: {table: fsc-kontingent-2020, column: folketal}\n";
    edit(&p, "rules:\n", rule);
    let errs = failing(&site);
    assert!(
        errs.iter().any(|d| d["file"] == FSC_2021
            && d["code"] == "table-rule"
            && d["message"]
                .as_str()
                .unwrap()
                .contains("ingen række med samme navn")),
        "{errs:#?}"
    );
}

#[test]
fn an_undeclared_source_is_an_error_at_its_column() {
    let (_d, site) = bundled_copy();
    edit(
        &site.join(FSC_2020),
        "source: folketal-2020-01-01",
        "source: folketal-2020",
    );
    let errs = failing(&site);
    let d = errs
        .iter()
        .find(|d| d["code"] == "unknown-source")
        .expect("unknown-source");
    assert_eq!(d["file"], FSC_2020);
    assert!(d["line"].as_u64().unwrap() > 1);
}

#[test]
fn a_disagreement_the_source_prints_is_acknowledged() {
    let (_d, site) = bundled_copy();
    let p = site.join(BILAG_A);
    move_a_citizen(&p);
    let ack = |row: &str, printed: u32, computed: u32| {
        format!("  - rule: folketal-2020-01-01\n    row: \"{row}\"\n    column: indbyggere\n    printed: {printed}\n    computed: {computed}\n    note: \"Bilag A trykker {printed}, kontingenttabellerne {computed}.\"\n")
    };
    let entries = format!(
        "discrepancies:\n{}{}",
        ack("710 Favrskov", 48398, 48397),
        ack("766 Hedensted", 46721, 46722)
    );
    edit(&p, "discrepancies: []\n", &entries);
    let (exit, lines) = json_check(site.to_str().unwrap());
    assert_eq!(exit, Some(0), "{:#?}", errors(&lines));
    assert!(lines.iter().any(|d| d["severity"] == "note"
        && d["file"] == BILAG_A
        && d["hint"]
            .as_str()
            .unwrap_or("")
            .contains("Bilag A trykker 48398")));
}
