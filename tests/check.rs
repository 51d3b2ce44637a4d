//! Integration tests of `protokol check`: rules with a passing and a failing case, diagnostics formats.

mod common;
use common::*;

#[test]
fn a_changed_figure_fails_with_file_and_line() {
    let (_d, site) = skeleton();
    let root = site.to_str().unwrap();
    assert!(run(&["check", "--root", root]).status.success());
    edit(
        &site.join("content/tabeller/kontingent-2025.yaml"),
        "indbyggere: 20000",
        "indbyggere: 20001",
    );
    let o = run(&["check", "--root", root, "--lang", "en"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("content/tabeller/kontingent-2025.yaml:"),
        "{err}"
    );
    assert!(err.contains("expected:") && err.contains("found:"), "{err}");
    // In Danish by default.
    let err = stderr(&run(&["check", "--root", root]));
    assert!(
        err.contains("forventet:") && err.contains("fundet:"),
        "{err}"
    );
}

#[test]
fn json_and_github_formats() {
    let (_d, site) = skeleton();
    let root = site.to_str().unwrap();
    edit(
        &site.join("content/tabeller/kontingent-2025.yaml"),
        "andel: 40000}",
        "andel: 40001}",
    );
    let (code, lines) = json_check(root);
    assert_eq!(code, Some(1));
    let d = lines
        .iter()
        .find(|d| d["code"] == "table-rule")
        .expect("an allocation finding");
    for key in [
        "severity", "code", "message", "file", "line", "column", "expected", "found",
    ] {
        assert!(d.get(key).is_some(), "json has {key}");
    }
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "content/tabeller/kontingent-2025.yaml");
    assert_eq!(d["found"], "40.001");
    assert_eq!(d["expected"], "40.000");
    assert_eq!(d["line"], 18);
    let o = run(&["check", "--root", root, "--format", "github"]);
    let out = stdout(&o);
    assert!(
        out.contains("::error file=content/tabeller/kontingent-2025.yaml,line=18,"),
        "{out}"
    );
}

#[test]
fn unknown_fields_and_yaml_errors_have_positions() {
    let (_d, site) = skeleton();
    let root = site.to_str().unwrap();
    let meeting = site.join("content/moeder/2024-03-01-bestyrelsen.md");
    edit(
        &meeting,
        "place: \"Mødelokale 1\"",
        "plcae: \"Mødelokale 1\"",
    );
    let o = run(&["check", "--root", root, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("\"code\":\"unknown-field\""), "{out}");
    assert!(out.contains("\"line\":9"), "{out}");
    // The load stage speaks Danish by default, English with --lang en, in JSON and for people alike.
    assert!(
        out.contains("\"message\":\"feltet `plcae` hører ikke til her\""),
        "{out}"
    );
    let da = stderr(&run(&["check", "--root", root]));
    assert!(
        da.contains("fejl[unknown-field]: feltet `plcae` hører ikke til her")
            && da.contains("forventet: et af felterne ")
            && da.contains("place"),
        "{da}"
    );
    let en = stderr(&run(&["check", "--root", root, "--lang", "en"]));
    assert!(
        en.contains("error[unknown-field]: the field `plcae` does not belong here")
            && en.contains("expected: one of the fields "),
        "{en}"
    );
    // A file in no content folder, in both languages.
    std::fs::write(site.join("content/noter.txt"), "x").unwrap();
    let da = stderr(&run(&["check", "--root", root]));
    assert!(
        da.contains("fejl[unexpected-file]: filer i content/ hører hjemme i moeder/"),
        "{da}"
    );
    let en = stderr(&run(&["check", "--root", root, "--lang", "en"]));
    assert!(
        en.contains("error[unexpected-file]: files in content/ belong in moeder/"),
        "{en}"
    );
    std::fs::remove_file(site.join("content/noter.txt")).unwrap();
    edit(&meeting, "plcae: \"Mødelokale 1\"", "place: [unclosed");
    let o = run(&["check", "--root", root, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("\"line\":"), "{}", stdout(&o));
}

#[test]
fn broken_reference_is_an_error_at_the_referring_line() {
    let (_d, site) = skeleton();
    let root = site.to_str().unwrap();
    // Renumber the referenced statute section: the meeting's ref:vedtaegter#2.1 now points nowhere.
    edit(
        &site.join("content/dokumenter/vedtaegter.md"),
        "2.1 Kontingentet",
        "2.9 Kontingentet",
    );
    let o = run(&["check", "--root", root, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("broken-reference"), "{out}");
    assert!(
        out.contains("\"file\":\"content/moeder/2024-03-01-bestyrelsen.md\""),
        "{out}"
    );
}

#[test]
fn wrong_weekday_is_an_error() {
    let (_d, site) = skeleton();
    edit(
        &site.join("content/moeder/2024-03-01-bestyrelsen.md"),
        "weekday: fredag",
        "weekday: torsdag",
    );
    let o = run(&["check", "--root", site.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("weekday"));
}

#[test]
fn item_numbering_gaps_are_errors() {
    let (_d, site) = skeleton();
    let m = site.join("content/moeder/2024-03-01-bestyrelsen.md");
    edit(&m, "## 2 Kontingent for 2025", "## 3 Kontingent for 2025");
    let o = run(&["check", "--root", site.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("item-"), "{}", stderr(&o));
}

#[test]
fn acknowledged_discrepancy_is_a_note_and_stale_one_an_error() {
    let (_d, site) = skeleton();
    let root = site.to_str().unwrap();
    let t = site.join("content/tabeller/kontingent-2025.yaml");
    edit(&t, "andel: 100000}", "andel: 100001}");
    assert_eq!(run(&["check", "--root", root]).status.code(), Some(1));
    let ack = "discrepancies:\n  - rule: sum\n    row: total\n    column: andel\n    printed: 100001\n    computed: 100000\n    note: \"Totalen er trykt med 1 kr. for meget.\"\n";
    std::fs::write(&t, read(&t) + ack).unwrap();
    let o = run(&["check", "--root", root, "--lang", "en"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("note[acknowledged-discrepancy]"));
    // Fix the figure: the acknowledgement no longer matches anything and must go.
    edit(&t, "andel: 100001}", "andel: 100000}");
    let o = run(&["check", "--root", root]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("stale-acknowledgement"));
}

#[test]
fn deny_warnings_turns_warnings_into_errors() {
    let (_d, site) = skeleton();
    let root = site.to_str().unwrap();
    let t = site.join("content/tabeller/kontingent-2025.yaml");
    let text = read(&t);
    let cut = text.find("rules:").unwrap();
    // The header's bound amount is a rule's: without rules it is written as printed.
    let unruled = text[..cut].replace("[[tal:@fordeling/amount | 100.000]]", "100.000");
    std::fs::write(&t, unruled).unwrap();
    let o = run(&["check", "--root", root]);
    assert!(o.status.success(), "a table without rules is a warning");
    assert!(stderr(&o).contains("table-no-rules"));
    assert_eq!(
        run(&["check", "--root", root, "--deny-warnings"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn bad_files_never_panic() {
    let (_d, site) = skeleton();
    let root = site.to_str().unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("content/moeder/2024-01-01-bestyrelsen.md", b"".to_vec()),
        ("content/dokumenter/binaer.md", vec![0u8, 159, 146, 150, 0, 1]),
        ("content/dokumenter/latin1.md", b"---\ntitle: \xe6\xf8\xe5\n---\n".to_vec()),
        ("content/tabeller/stor.yaml", b"title: x\ncolumns: [{key: a, label: a, type: number}]\nrows: [{a: 99999999999999999999999999999999999}]\n".to_vec()),
        ("content/tabeller/dyb.yaml", format!("title: {}{}", "[".repeat(5000), "]".repeat(5000)).into_bytes()),
        ("content/tabeller/negativ.yaml", b"title: x\ncolumns: [{key: a, label: a, type: number}]\nrows: [{a: -5}, {id: t, role: total, a: -5}]\nrules: [{id: s, rule: sum, column: a, total: {row: t}}]\n".to_vec()),
        ("content/sider/tom.md", b"---\n---\n".to_vec()),
    ];
    for (path, bytes) in &cases {
        std::fs::write(site.join(path), bytes).unwrap();
    }
    let o = run(&["check", "--root", root, "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "errors, not a crash: {}",
        stderr(&o)
    );
    let out = stdout(&o);
    for (path, _) in &cases[..5] {
        assert!(out.contains(path), "{path} is reported: {out}");
    }
    assert!(!stderr(&o).contains("panicked"));
}

#[test]
fn table_directives_resolve_in_check_and_build() {
    let (_d, site) = skeleton();
    let root = site.to_str().unwrap();
    let o = run(&["check", "--root", root]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("unknown-directive"));
    edit(
        &site.join("content/moeder/2024-03-01-bestyrelsen.md"),
        "[[tabel:kontingent-2025]]",
        "[[tabel:kontingent-2099]]",
    );
    let o = run(&["check", "--root", root, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("unknown-directive"), "{}", stdout(&o));
}

#[test]
fn a_column_without_a_printed_label_is_named_by_its_key() {
    // Bilag B prints no column labels; its quota column is still named in diagnostics and rule descriptions.
    let (_d, site) = bundled_copy();
    let root = site.to_str().unwrap();
    let table = site.join("content/tabeller/flygtninge-kommunekvoter-2021.yaml");
    edit(
        &table,
        "kommune: \"157 Gentofte\", kvote: 8}",
        "kommune: \"157 Gentofte\", kvote: 9}",
    );
    let o = run(&["check", "--root", root, "--lang", "en"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("error[table-sum]: kvote: total is 70, but the 29 rows sum to 71"),
        "{err}"
    );
    edit(
        &table,
        "kommune: \"157 Gentofte\", kvote: 9}",
        "kommune: \"157 Gentofte\", kvote: 8}",
    );
    let out = site.join("public");
    assert!(run(&["build", "--root", root]).status.success());
    let page = read(&out.join("tabeller/flygtninge-kommunekvoter-2021/index.html"));
    assert!(
        page.contains(
            "De 29 rækker i «kvote» for Region Hovedstaden summerer til 70 personer («Region Hovedstaden i alt»)"
        ),
        "the proven statement names the column"
    );
    assert!(!page.contains("«»"), "no empty column name on the page");
}

#[test]
fn a_file_that_does_not_parse_is_reported_once_not_at_every_use() {
    // Bilag B is listed by its letter, linked from a meeting and placed nowhere else; a YAML slip in it must give
    // one error at the slip, not a broken reference and an unknown table wherever it is named.
    let (_d, site) = bundled_copy();
    let root = site.to_str().unwrap();
    let table = "content/tabeller/flygtninge-kommunekvoter-2021.yaml";
    edit(
        &site.join(table),
        "kommune: \"157 Gentofte\", kvote: 8}",
        "kommune: \"157 Gentofte\", kvote: [8}",
    );
    let (code, lines) = json_check(root);
    assert_eq!(code, Some(1));
    let errors: Vec<&serde_json::Value> =
        lines.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["file"], table);
    assert_eq!(errors[0]["line"], 19);
}

#[test]
fn one_mistyped_share_gives_one_diagnostic_not_a_second_at_the_correct_total() {
    // Favrskov's share of Bilag 3 follows an allocation rule, and the shares add up to the total row. A slip in
    // the share is one error at the share; the total, which is right, is not reported.
    let (_d, site) = bundled_copy();
    let root = site.to_str().unwrap();
    let table = "content/tabeller/fsc-kontingent-2020.yaml";
    let (code, before) = json_check(root);
    assert_eq!(code, Some(0));
    edit(
        &site.join(table),
        "folketal: 48397, andel: 49260.00}",
        "folketal: 48397, andel: 49261.00}",
    );
    let (code, after) = json_check(root);
    assert_eq!(code, Some(1));
    let new: Vec<&serde_json::Value> = after.iter().filter(|d| !before.contains(d)).collect();
    assert_eq!(new.len(), 1, "{new:#?}");
    let d = new[0];
    assert_eq!(d["code"], "table-rule");
    assert_eq!(d["file"], table);
    assert_eq!(d["line"], 28);
    assert_eq!(
        (d["found"].as_str(), d["expected"].as_str()),
        (Some("49.261"), Some("49.260"))
    );
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("«Favrskov Kommune»")
            && message.contains("der står 49.261, men reglen giver 49.260"),
        "plain Danish words: {message}"
    );
    assert!(
        d["hint"]
            .as_str()
            .unwrap()
            .contains("rundet halvt op til hele tal"),
        "{d:#}"
    );
    // A slip in the total instead: one error, at the total.
    edit(
        &site.join(table),
        "folketal: 48397, andel: 49261.00}",
        "folketal: 48397, andel: 49260.00}",
    );
    edit(
        &site.join(table),
        "kommune: \"I alt i kommunerne\", folketal: 1326340, andel: 1350000.00}",
        "kommune: \"I alt i kommunerne\", folketal: 1326340, andel: 1350001.00}",
    );
    let (_, after) = json_check(root);
    let new: Vec<&serde_json::Value> = after.iter().filter(|d| !before.contains(d)).collect();
    assert!(!new.is_empty());
    assert!(new.iter().all(|d| d["line"] == new[0]["line"]), "{new:#?}");
}

#[test]
fn a_broken_figure_is_reported_in_danish_by_default_and_in_english_with_lang_en() {
    let (_d, site) = skeleton();
    let root = site.to_str().unwrap();
    edit(
        &site.join("content/tabeller/kontingent-2025.yaml"),
        "andel: 40000}",
        "andel: 40001}",
    );
    let da = stderr(&run(&["check", "--root", root]));
    assert!(
        da.contains("fejl[table-rule]: ")
            && da.contains("der står 40.001, men reglen giver 40.000"),
        "{da}"
    );
    assert!(da.contains("Kontrol: 1 fejl"), "{da}");
    assert!(!da.contains("rule `"), "no programmer wording: {da}");
    let en = stderr(&run(&["check", "--root", root, "--lang", "en"]));
    assert!(
        en.contains("error[table-rule]: ")
            && en.contains("the table says 40,001, but the rule gives 40,000"),
        "{en}"
    );
    assert!(en.contains("Check: 1 error(s)"), "{en}");
    // The configuration may choose English too; --lang wins.
    let config = site.join("protokol.toml");
    std::fs::write(
        &config,
        format!("diagnostics_language = \"en\"\n{}", read(&config)),
    )
    .unwrap();
    let en = stderr(&run(&["check", "--root", root]));
    assert!(en.contains("error[table-rule]: "), "{en}");
    let da = stderr(&run(&["check", "--root", root, "--lang", "da"]));
    assert!(da.contains("fejl[table-rule]: "), "{da}");
}

#[test]
fn one_mistyped_key_gives_one_diagnostic_not_one_at_every_share() {
    // Favrskov's population is the allocation key of every share in Bilag 3; a slip in it changes every computed
    // share. It is reported once, where it is.
    let (_d, site) = bundled_copy();
    let root = site.to_str().unwrap();
    let table = "content/tabeller/fsc-kontingent-2020.yaml";
    let (_, before) = json_check(root);
    edit(
        &site.join(table),
        "folketal: 48397, andel: 49260.00}",
        "folketal: 48398, andel: 49260.00}",
    );
    let (code, after) = json_check(root);
    assert_eq!(code, Some(1));
    let new: Vec<&serde_json::Value> = after.iter().filter(|d| !before.contains(d)).collect();
    // The population is also the 1 January 2020 figure that Bilag A and the 2021 fee table print: the slip is
    // reported at the cell, and the sums it makes miss their totals are not reported again.
    assert_eq!(new.len(), 1, "{new:#?}");
    assert_eq!(new[0]["code"], "table-cross", "{new:#?}");
    assert_eq!(new[0]["file"], table);
    assert_eq!(new[0]["found"], "48.398");
}

/// A table's `document:` or `meeting:` must name a place that prints it (or, for a table set up from an agenda
/// item's text, the item whose text names its rows): a wrong but existing target is an error at the field.
#[test]
fn a_table_names_the_document_or_item_that_prints_it() {
    let (_d, site) = bundled_copy();
    let root = site.to_str().unwrap();
    let (exit, _) = json_check(root);
    assert_eq!(
        exit,
        Some(0),
        "the bundled portal places every table where it says"
    );
    for (file, from, to, line) in [
        (
            "content/tabeller/flygtninge-befolkning-2020.yaml",
            "document: landstal-2021-brev",
            "document: govtech-midtjylland",
            3,
        ),
        (
            // Placed with [[tabel:…]] in item 10: naming item 3 is wrong, naming item 10 right.
            "content/tabeller/paedagoguddannelse-dimensionering.yaml",
            "kind: ",
            "meeting: \"2020-01-24-kd-net#3\"\nkind: ",
            2,
        ),
        (
            // Set up from item 10's words and bound there ([[tal:…]]): item 11 does not state its figures.
            "content/tabeller/paedagoguddannelse-oegning-2020.yaml",
            "meeting: \"2020-01-24-kd-net#10\"",
            "meeting: \"2020-01-24-kd-net#11\"",
            3,
        ),
    ] {
        edit(&site.join(file), from, to);
        let (exit, diags) = json_check(root);
        assert_eq!(exit, Some(1), "{file}: {diags:#?}");
        let errs: Vec<_> = diags.iter().filter(|d| d["severity"] == "error").collect();
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert_eq!(errs[0]["code"], "table-placement", "{errs:#?}");
        assert_eq!(errs[0]["file"], file, "{errs:#?}");
        assert_eq!(errs[0]["line"], line, "{errs:#?}");
        edit(&site.join(file), to, from);
    }
    let file = site.join("content/tabeller/paedagoguddannelse-dimensionering.yaml");
    edit(&file, "kind: ", "meeting: \"2020-01-24-kd-net#10\"\nkind: ");
    assert_eq!(
        json_check(root).0,
        Some(0),
        "the item that places the table is the right one"
    );
}
