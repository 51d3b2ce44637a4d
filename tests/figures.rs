//! Figures that a Decimal cannot hold, rule arithmetic that overflows, unbounded expressions and `decimals`, and
//! numbers a Danish writer could mean two ways: each gives a diagnostic at its place and exit 1, never a panic
//! (exit 101) or an abort (134); the well-formed neighbour of each passes.

mod common;
use common::*;
use serde_json::Value;

const MAX: &str = "79228162514264337593543950335";

/// A skeleton site with one extra table `x.yaml`; `protokol check` on it.
fn check_table(yaml: &str) -> (Option<i32>, Vec<Value>) {
    let (dir, site) = skeleton();
    std::fs::write(site.join("content/tabeller/x.yaml"), yaml).unwrap();
    let r = json_check(site.to_str().unwrap());
    drop(dir);
    r
}

/// The errors of file `x.yaml` (the skeleton itself has none).
fn errors(diags: &[Value]) -> Vec<&Value> {
    diags
        .iter()
        .filter(|d| d["severity"] == "error" && d["file"] == "content/tabeller/x.yaml")
        .collect()
}

/// Asserts exit 1 with exactly one error whose code is `code`, at `line`, whose message contains `words`.
fn assert_error(yaml: &str, code: &str, line: u64, words: &str) -> Value {
    let (exit, diags) = check_table(yaml);
    assert_eq!(exit, Some(1), "{diags:#?}");
    let errs = errors(&diags);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    let d = errs[0].clone();
    assert_eq!(d["code"], code, "{d:#}");
    assert_eq!(d["line"], line, "{d:#}");
    assert!(d["column"].as_u64().unwrap() > 0, "{d:#}");
    assert!(d["message"].as_str().unwrap().contains(words), "{d:#}");
    d
}

fn assert_passes(yaml: &str) {
    let (exit, diags) = check_table(yaml);
    assert!(errors(&diags).is_empty(), "{diags:#?}");
    assert_eq!(exit, Some(0), "{diags:#?}");
}

fn table(rows: &[&str], rules: &[&str]) -> String {
    format!(
        "title: x\ncolumns:\n  - {{key: a, label: a, type: number}}\n  - {{key: b, label: b, type: number}}\n  - {{key: p, label: p, type: percent}}\nrows:\n{}rules:\n{}",
        rows.iter().map(|r| format!("  - {r}\n")).collect::<String>(),
        rules.iter().map(|r| format!("  - {r}\n")).collect::<String>()
    )
}

#[test]
fn a_sum_that_overflows_is_an_error_at_the_rule() {
    let yaml = table(
        &[
            &format!("{{a: {MAX}, b: 1}}"),
            &format!("{{a: {MAX}, b: 1}}"),
            "{id: t, role: total, a: 1, b: 2}",
        ],
        &["{id: s, rule: sum, column: a, total: {row: t}}"],
    );
    assert_error(&yaml, "table-rule", 11, "for stort");
    // The largest figure a decimal holds, summed once with zero, is fine.
    assert_passes(&table(
        &[
            &format!("{{a: {MAX}, b: 1}}"),
            "{a: 0, b: 1}",
            &format!("{{id: t, role: total, a: {MAX}, b: 2}}"),
        ],
        &["{id: s, rule: sum, columns: [a, b], total: {row: t}}"],
    ));
}

#[test]
fn allocation_per_capita_and_percent_total_overflow_are_errors() {
    let rows = [
        &*format!("{{a: {MAX}, b: 1, p: {MAX}}}"),
        &*format!("{{a: {MAX}, b: 1, p: {MAX}}}"),
    ];
    for rule in [
        format!("{{id: s, rule: allocation, column: b, key: a, amount: {{value: {MAX}}}}}"),
        "{id: s, rule: per_capita, column: b, base: a, rate: 2}".to_string(),
        "{id: s, rule: percent_total, column: p}".to_string(),
        "{id: s, rule: equal_split, column: b, amount: {value: 1}, rows: {ids: []}}".to_string(),
    ] {
        let (exit, diags) = check_table(&table(&rows, &[&rule]));
        assert_eq!(exit, Some(1), "{rule}: {diags:#?}");
        let errs = errors(&diags);
        assert_eq!(errs.len(), 1, "{rule}: {errs:#?}");
        assert_eq!(errs[0]["line"], 10, "{rule}: {errs:#?}");
    }
    assert_passes(&table(
        &["{a: 3, b: 2, p: 50}", "{a: 3, b: 2, p: 50}"],
        &[
            "{id: s, rule: allocation, column: b, key: a, amount: {value: 4}}",
            "{id: c, rule: per_capita, column: b, base: a, rate: 0.6666666666666666666666666667, rounding: half-up}",
            "{id: q, rule: percent_total, column: p}",
        ],
    ));
}

#[test]
fn deep_and_long_expressions_are_refused_with_their_limit() {
    let rows = ["{a: 1, b: 1}"];
    let deep = format!("{}a{}", "(".repeat(5000), ")".repeat(5000));
    let long = vec!["a"; 20_000].join(" + ");
    let nested = format!("{}a{}", "(".repeat(40), ")".repeat(40));
    let many = vec!["a"; 201].join("+");
    for (expr, words) in [
        (deep, "tegn"),
        (long, "tegn"),
        (nested, "indlejret"),
        (many, "led"),
    ] {
        let rule = format!("{{id: s, rule: derived, column: b, expression: \"{expr}\"}}");
        assert_error(&table(&rows, &[&rule]), "table-rule", 9, words);
    }
    let within = format!("{}a{}", "(".repeat(32), ")".repeat(32));
    assert_passes(&table(
        &rows,
        &[&format!(
            "{{id: s, rule: derived, column: b, expression: \"{within}\"}}"
        )],
    ));
    assert_error(
        &table(
            &[&format!("{{a: {MAX}, b: 1}}")],
            &["{id: s, rule: derived, column: b, expression: \"a * 2\"}"],
        ),
        "table-rule",
        9,
        "for stort",
    );
}

#[test]
fn decimals_are_bounded_at_the_field() {
    for (n, line, column) in [("4294967295", 3, 48), ("100000", 3, 48), ("11", 3, 48)] {
        let yaml = format!("title: x\ncolumns:\n  - {{key: a, label: a, type: number, decimals: {n}}}\nrows:\n  - {{a: 1}}\n");
        let d = assert_error(&yaml, "yaml", line, "decimals");
        assert_eq!(d["column"], column, "{d:#}");
    }
    let rule = "{id: s, rule: equal_split, column: a, amount: {value: 1}, rounding: half-up, decimals: 100000}";
    assert_error(
        &format!("title: x\ncolumns:\n  - {{key: a, label: a, type: number}}\nrows:\n  - {{a: 1}}\nrules:\n  - {rule}\n"),
        "yaml",
        7,
        "decimals",
    );
    assert_passes("title: x\ncolumns:\n  - {key: a, label: a, type: number, decimals: 10}\nrows:\n  - {a: 1}\nrules:\n  - {id: s, rule: equal_split, column: a, amount: {value: 1}, rounding: half-up, decimals: 10}\n");
}

fn one_column(cells: &[&str], decimals: Option<u32>) -> String {
    let d = decimals
        .map(|d| format!(", decimals: {d}"))
        .unwrap_or_default();
    format!(
        "title: x\ncolumns:\n  - {{key: a, label: a, type: number{d}}}\nrows:\n{}rules:\n  - {{id: s, rule: equal_split, column: a, amount: {{value: 0}}}}\n",
        cells.iter().map(|c| format!("  - {{a: {c}}}\n")).collect::<String>()
    )
}

#[test]
fn danish_thousands_notation_is_an_error_that_says_how_to_write_it() {
    for cell in ["60.000", "12.500", "1.392", "\"12.500\"", "-100.000"] {
        let d = assert_error(
            &one_column(&[cell, "0"], None),
            "ambiguous-number",
            5,
            "to måder",
        );
        let plain = cell.trim_matches('"').replace('.', "");
        assert!(
            d["hint"]
                .as_str()
                .unwrap()
                .contains(&format!("skriv {plain}")),
            "{d:#}"
        );
        assert!(d["hint"].as_str().unwrap().contains("decimals: 3"), "{d:#}");
    }
    // Unambiguous spellings: plain digits, a leading zero, other numbers of decimals, or a column that declares three.
    let none = ["0", "0", "0"];
    assert_passes(&one_column(&none, None));
    let (_, diags) = check_table(&one_column(
        &["60000", "0.125", "1.39", "1.3925", "1234.567"],
        None,
    ));
    assert!(
        errors(&diags).iter().all(|d| d["code"] == "table-rule"),
        "{diags:#?}"
    );
    let (_, diags) = check_table(&one_column(&["1.392"], Some(3)));
    assert!(
        errors(&diags).iter().all(|d| d["code"] == "table-rule"),
        "{diags:#?}"
    );
}

#[test]
fn figures_a_decimal_cannot_hold_are_errors_never_truncated() {
    let d = assert_error(
        &one_column(&["0.1234567890123456789012345678901"], None),
        "table-number",
        5,
        "talkolonne",
    );
    assert!(
        d["expected"].as_str().unwrap().contains("28 decimaler"),
        "{d:#}"
    );
    let d = assert_error(
        &one_column(&["79228162514264337593543950336"], None),
        "table-number",
        5,
        "talkolonne",
    );
    assert!(
        d["expected"]
            .as_str()
            .unwrap()
            .contains("28 betydende cifre"),
        "{d:#}"
    );
    assert_passes(&one_column(&["0"], None));
    let (_, diags) = check_table(&one_column(&["0.1234567890123456789012345678", MAX], None));
    assert!(
        errors(&diags).iter().all(|d| d["code"] == "table-rule"),
        "{diags:#?}"
    );
}

#[test]
fn a_danish_decimal_comma_in_a_row_is_explained() {
    let yaml = "title: x\ncolumns:\n  - {key: k, label: k, type: text}\n  - {key: andel, label: a, type: number, decimals: 2}\nrows:\n  - {k: x, andel: 49260,00}\n";
    let d = assert_error(yaml, "decimal-comma", 6, "decimalkomma");
    assert_eq!(d["column"], 19, "{d:#}");
    assert_eq!(d["expected"], "49260.00 (punktum som decimaltegn)");
    assert!(
        !d["message"]
            .as_str()
            .unwrap()
            .contains("som tabellen ikke har"),
        "{d:#}"
    );
    // A real unknown column is still called one.
    let yaml = "title: x\ncolumns:\n  - {key: k, label: k, type: text}\nrows:\n  - {k: x, kk: y}\n";
    assert_error(
        yaml,
        "unknown-field",
        5,
        "kolonnen `kk`, som tabellen ikke har",
    );
}

#[test]
fn rule_parameters_refuse_danish_thousands_too() {
    let rule = |v: &str| {
        format!("title: x\ncolumns:\n  - {{key: a, label: a, type: number}}\nrows:\n  - {{a: 2700}}\nrules:\n  - {{id: s, rule: equal_split, column: a, amount: {{value: {v}}}}}\n")
    };
    let d = assert_error(&rule("2.700"), "yaml", 7, "to måder");
    assert!(
        d["message"].as_str().unwrap().contains("skriv 2700"),
        "{d:#}"
    );
    assert_passes(&rule("2700"));
    // The words are the catalogue's: English with `--lang en`, at the same place.
    let (dir, site) = skeleton();
    std::fs::write(site.join("content/tabeller/x.yaml"), rule("2.700")).unwrap();
    let out = run(&[
        "check",
        "--root",
        site.to_str().unwrap(),
        "--format",
        "json",
        "--lang",
        "en",
    ]);
    drop(dir);
    let english = stdout(&out);
    assert!(
        english.contains("can be read two ways") && english.contains("write 2700"),
        "{english}"
    );
    assert!(!english.contains("to måder"), "{english}");
    // A fourth decimal makes a three-decimal figure unambiguous, in a cell as in a rule.
    let (_, diags) = check_table(&one_column(&["1.3920"], None));
    assert!(
        errors(&diags).iter().all(|d| d["code"] == "table-rule"),
        "{diags:#?}"
    );
}
