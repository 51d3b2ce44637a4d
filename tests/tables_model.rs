//! Budget tables as Danish bodies print them (#17): the budget follow-up example in
//! `tests/fixtures/budgetopfoelgning` (figures shown to 0,1 mio. kr., subtotals of groups inside groups, a heading
//! row, an "afvigelse i %" column, budget years as columns under a two-row header, cells spanning rows and
//! columns, a title and a figure supplied by the editor) checks with 0 errors and builds; each construct has its
//! failing case: a mistyped figure, a total off by more than the display rounding explains, a figure in a heading
//! row, a rule that selects a heading, a division by zero, a nested group that names no group or lies in itself,
//! a span over a filled cell or out of the table, a mark naming no column.

mod common;
use common::*;
use std::path::{Path, PathBuf};

const FOLLOW_UP: &str = "content/tabeller/budgetopfoelgning-2024-bsu.yaml";
const YEARS: &str = "content/tabeller/budgetoverslag-2021-2024-kfu.yaml";

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/budgetopfoelgning")
}

/// A copy of the example that a test may edit.
fn fixture_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&fixture(), &site);
    (dir, site)
}

fn of_severity<'a>(all: &'a [serde_json::Value], severity: &str) -> Vec<&'a serde_json::Value> {
    all.iter().filter(|d| d["severity"] == severity).collect()
}

/// `check` on a copy of the example after replacing `from` by `to` in `file`: exit code and diagnostics.
fn check_after(file: &str, from: &str, to: &str) -> (Option<i32>, Vec<serde_json::Value>) {
    let (_d, site) = fixture_copy();
    edit(&site.join(file), from, to);
    json_check(site.to_str().unwrap())
}

/// The errors after an edit; asserts that there is at least one and that `check` exits 1.
fn errors_after(file: &str, from: &str, to: &str) -> Vec<serde_json::Value> {
    let (exit, all) = check_after(file, from, to);
    let errors: Vec<serde_json::Value> = of_severity(&all, "error").into_iter().cloned().collect();
    assert!(!errors.is_empty(), "no error after the edit: {all:#?}");
    assert_eq!(exit, Some(1));
    errors
}

/// The one error whose message contains `needle`.
fn error_saying(errors: &[serde_json::Value], needle: &str) -> serde_json::Value {
    let found: Vec<_> = errors
        .iter()
        .filter(|d| d["message"].as_str().unwrap_or_default().contains(needle))
        .collect();
    assert_eq!(found.len(), 1, "one error saying {needle:?} in {errors:#?}");
    found[0].clone()
}

fn table_page(out: &Path, id: &str) -> String {
    read(&out.join(format!("tabeller/{id}/index.html")))
}

#[test]
fn the_budget_follow_up_checks_with_no_error_and_explains_each_display_drift() {
    let (exit, all) = json_check(fixture().to_str().unwrap());
    assert!(of_severity(&all, "error").is_empty(), "{all:#?}");
    assert_eq!(exit, Some(0));
    // The source's totals and afvigelser are computed from unrounded figures: every difference that leaves is
    // a warning that names the display precision, at the follow-up table.
    let warnings = of_severity(&all, "warning");
    assert!(!warnings.is_empty());
    for w in &warnings {
        assert_eq!(w["code"], "rounding-drift", "{w:#}");
        assert_eq!(w["file"], FOLLOW_UP, "{w:#}");
        assert!(w["message"].as_str().unwrap().contains("0,1"), "{w:#}");
    }
    // A subtotal (Folkeskoler: 524,4 shown, 524,5 printed), a nested total (Undervisning's afvigelse) and an
    // afvigelse computed from unrounded figures (Specialskoler 5,9 against 5,8 from the printed figures).
    let says = |needle: &str| {
        warnings
            .iter()
            .any(|w| w["message"].as_str().unwrap().contains(needle))
    };
    assert!(says("totalen er 524,5"), "{warnings:#?}");
    assert!(says("totalen er 7"), "{warnings:#?}");
    assert!(says("rækken «Specialskoler» er 5,9"), "{warnings:#?}");
}

#[test]
fn without_the_declared_precision_the_same_total_is_an_error() {
    let errors = errors_after(FOLLOW_UP, "precision: 0.1\n", "");
    let e = error_saying(&errors, "totalen er 524,5");
    assert_eq!(e["code"], "table-sum");
}

#[test]
fn a_mistyped_figure_is_caught_at_its_file() {
    // 412,3 typed as 421,3: more than the display rounding of four figures can explain.
    let errors = errors_after(FOLLOW_UP, "budget: 412.3", "budget: 421.3");
    assert!(errors.iter().all(|e| e["file"] == FOLLOW_UP), "{errors:#?}");
    let sum = error_saying(&errors, "totalen er 524,5");
    assert_eq!(sum["code"], "table-sum");
    // The hint says how much the rounding explains, so the secretary knows it is a real slip.
    let hint = sum["hint"].as_str().unwrap();
    assert!(hint.contains("0,1") && hint.contains("0,2"), "{hint}");
    // The afvigelse and afvigelse i % of the row are computed otherwise too, and said at their cells.
    let at_row = errors
        .iter()
        .filter(|e| {
            e["message"]
                .as_str()
                .unwrap()
                .contains("«Almenundervisning»")
        })
        .count();
    assert_eq!(at_row, 2, "{errors:#?}");
}

#[test]
fn an_outer_groups_total_adds_the_inner_groups_subtotals() {
    // Undervisning i alt = Folkeskoler i alt + Specialundervisning i alt (its own row is not a term).
    let errors = errors_after(FOLLOW_UP, "budget: 661.5", "budget: 671.5");
    let e = error_saying(&errors, "totalen er 671,5");
    assert!(
        e["message"].as_str().unwrap().contains("de 2 rækker"),
        "{e:#}"
    );
}

#[test]
fn a_heading_row_holds_no_figure() {
    let errors = errors_after(
        FOLLOW_UP,
        "omraade: \"Serviceudgifter\"}",
        "omraade: \"Serviceudgifter\", budget: 973.0}",
    );
    let e = error_saying(&errors, "overskriftsrække");
    assert_eq!(e["code"], "table-row");
    assert!(e["message"]
        .as_str()
        .unwrap()
        .contains("«Korrigeret budget»"));
}

#[test]
fn a_rule_that_selects_a_heading_names_it() {
    let errors = errors_after(
        FOLLOW_UP,
        "expression: \"round((forventet - budget) / budget * 100, 1)\"\n    rows: {roles: [data, subtotal, total]}",
        "expression: \"round((forventet - budget) / budget * 100, 1)\"\n    rows: {roles: [heading, data]}",
    );
    let e = error_saying(&errors, "«Serviceudgifter»");
    assert!(
        e["message"].as_str().unwrap().contains("overskrift"),
        "{e:#}"
    );
}

#[test]
fn a_division_by_zero_names_the_row_and_the_column() {
    let errors = errors_after(FOLLOW_UP, "budget: 23.5", "budget: 0");
    let e = error_saying(&errors, "divideres med nul");
    let m = e["message"].as_str().unwrap();
    assert!(
        m.contains("«Ungdomsskolen»") && m.contains("«Afvigelse i %»"),
        "{m}"
    );
    // The same in English with --lang en.
    let (_d, site) = fixture_copy();
    edit(&site.join(FOLLOW_UP), "budget: 23.5", "budget: 0");
    let o = run(&["check", "--root", site.to_str().unwrap(), "--lang", "en"]);
    let text = stderr(&o) + &stdout(&o);
    assert!(
        text.contains("in the row “Ungdomsskolen”, column “Afvigelse i %”: division by zero"),
        "{text}"
    );
}

#[test]
fn a_percentage_off_by_more_than_its_rounding_is_an_error() {
    // 2,4 % is within what 17,9 and 18,3 (each ± 0,05) allow; 3,4 % is not.
    let errors = errors_after(FOLLOW_UP, "afvigelse_pct: 2.4", "afvigelse_pct: 3.4");
    let e = error_saying(&errors, "Tilskud til private institutioner");
    assert_eq!(e["code"], "table-rule");
}

#[test]
fn nested_groups_name_a_group_and_never_lie_in_themselves() {
    let errors = errors_after(
        FOLLOW_UP,
        "{name: Folkeskoler, parent: Undervisning}",
        "{name: Folkeskoler, parent: Undervisnig}",
    );
    error_saying(&errors, "«Undervisnig»");
    let errors = errors_after(
        FOLLOW_UP,
        "  - {name: Specialundervisning, parent: Undervisning}\n",
        "  - {name: Specialundervisning, parent: Undervisning}\n  - {name: Undervisning, parent: Folkeskoler}\n",
    );
    error_saying(&errors, "inde i sig selv");
}

#[test]
fn a_display_precision_is_positive() {
    let errors = errors_after(FOLLOW_UP, "precision: 0.1", "precision: 0");
    error_saying(&errors, "positivt tal (her 0)");
}

#[test]
fn years_as_columns_are_each_added_up() {
    let (exit, all) = check_after(YEARS, "b2023: 10120", "b2023: 10210");
    assert_eq!(exit, Some(1));
    let errors = of_severity(&all, "error");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let m = errors[0]["message"].as_str().unwrap();
    assert!(m.starts_with("«2023»: totalen er 119.135"), "{m}");
    assert_eq!(errors[0]["file"], YEARS);
}

#[test]
fn spans_cover_only_empty_cells_inside_the_table() {
    let errors = errors_after(
        YEARS,
        "udvalg: \"I alt\", b2021",
        "udvalg: \"I alt\", omraade: \"Kultur og fritid\", b2021",
    );
    error_saying(&errors, "«I alt», kolonnen «Område»");
    let errors = errors_after(
        YEARS,
        "{row: idraet, column: udvalg, rows: 2}",
        "{row: idraet, column: udvalg, rows: 9}",
    );
    error_saying(&errors, "højst spænde over 3 rækker");
}

#[test]
fn an_editor_mark_names_a_column() {
    let errors = errors_after(YEARS, "supplied: b2024", "supplied: b2025");
    error_saying(&errors, "b2025");
}

#[test]
fn the_tables_render_groups_headings_spans_and_marks() {
    let (_d, out) = build_to_temp(&fixture());
    let follow_up = table_page(&out, "budgetopfoelgning-2024-bsu");
    // The outer group's heading once, then the inner one's, indented; the heading row as a row-group header.
    assert!(follow_up.contains(
        "<tr class=\"gruppe\"><th scope=\"rowgroup\" colspan=\"5\">Undervisning</th></tr>\n<tr class=\"gruppe niveau-2\"><th scope=\"rowgroup\" colspan=\"5\">Folkeskoler</th></tr>"
    ), "{follow_up}");
    assert_eq!(follow_up.matches(">Undervisning</th>").count(), 1);
    assert!(follow_up.contains(
        "<tr class=\"gruppe overskrift\"><th scope=\"rowgroup\" colspan=\"5\">Serviceudgifter</th></tr>"
    ));
    assert!(follow_up.contains("Tallene er vist afrundet til 0,1 mio. kr.;"));
    // Figures as Danish readers read them.
    assert!(
        follow_up.contains(
            "<td class=\"tal\" id=\"tabel-budgetopfoelgning-2024-bsu-sfo-afvigelse\">-1,7</td>"
        ),
        "{follow_up}"
    );
    let years = table_page(&out, "budgetoverslag-2021-2024-kfu");
    // A two-row header: "Budget" over 2021, "Overslag" over 2022–2024, the text columns under one empty cell.
    assert!(years.contains(
        "<tr><td colspan=\"2\"></td><th scope=\"col\">Budget</th><th scope=\"colgroup\" colspan=\"3\">Overslag</th></tr>"
    ), "{years}");
    assert!(years.contains("<th scope=\"row\" rowspan=\"3\">Kultur</th>"));
    assert!(years.contains("<th scope=\"row\" colspan=\"2\">I alt</th>"));
    // The supplied figure and title in brackets, said to screen readers, and the note below the table.
    assert!(
        years.contains("[12.430]<span class=\"visuelt-skjult\"> (tilføjet af redaktionen)</span>")
    );
    assert!(years.contains("[Budget 2021 og budgetoverslag 2022–2024, Kultur- og Fritidsudvalget]"));
    assert!(years.contains("står ikke i kilden; de er tilføjet af redaktionen"));
    // The cells a span covers are not written: rows under a rowspan have one cell less, the colspan row too.
    let body = &years[years.find("<tbody>").unwrap()..years.find("</tbody>").unwrap()];
    let cells: Vec<usize> = body
        .split("<tr")
        .skip(1)
        .map(|row| row.matches("<td").count() + row.matches("<th").count())
        .collect();
    assert_eq!(cells, [6, 5, 5, 6, 5, 5], "{body}");
}
