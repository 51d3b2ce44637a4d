//! Statutes and bylaws in the styles Danish bodies write them: the §-style example portal in
//! `tests/fixtures/forening-paragraf` builds and checks clean, every unit has its anchor, every reference is linked,
//! and each rule has its failing case (a broken absolute, relative, range, cross-document and `ref:` reference; a
//! statute without units; a quoted reference left unmarked). Also: no page of the bundled portal or of the example
//! holds a link inside a link.

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/forening-paragraf")
}

/// A copy of the example portal that a test may edit.
fn fixture_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&fixture(), &site);
    (dir, site)
}

/// The diagnostics of `check` on `site` with the given code.
fn with_code(site: &Path, code: &str) -> (Option<i32>, Vec<serde_json::Value>) {
    let (exit, all) = json_check(site.to_str().unwrap());
    (
        exit,
        all.into_iter().filter(|d| d["code"] == code).collect(),
    )
}

/// The one diagnostic `code` of `check` after `edit`: asserts the exit code and that it is the only one.
fn one_after(edit_in: &str, from: &str, to: &str, code: &str) -> serde_json::Value {
    let (_d, site) = fixture_copy();
    edit(&site.join(edit_in), from, to);
    let (exit, found) = with_code(&site, code);
    assert_eq!(found.len(), 1, "{found:#?}");
    let severity = found[0]["severity"].as_str().unwrap().to_string();
    assert_eq!(exit, Some(if severity == "error" { 1 } else { 0 }));
    found[0].clone()
}

#[test]
fn the_example_statute_checks_clean() {
    let (exit, all) = json_check(fixture().to_str().unwrap());
    let unexpected: Vec<_> = all
        .iter()
        .filter(|d| d["severity"] == "error" || d["severity"] == "warning")
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:#?}");
    assert_eq!(exit, Some(0));
}

#[test]
fn units_have_their_anchors_and_references_link_to_them() {
    let (_d, out) = build_to_temp(&fixture());
    let statute = read(&out.join("dokumenter/vedtaegter/index.html"));
    for id in [
        "kap1",
        "p1",
        "p1-stk1",
        "p1-stk2",
        "p2-stk2-nr3",
        "p4a",
        "p4a-stk1",
        "p5-stk2-nr1",
        "p7-stk2-nr8",
        "p7-stk2-nr8-lita",
        "p7-stk2-nr8-litb",
        "p12-stk3",
    ] {
        assert!(statute.contains(&format!("id=\"{id}\"")), "no unit {id}");
    }
    let links = [
        // Relative: "stk. 2, nr. 3" in § 2, stk. 3; "stk. 1 og 2" in § 9 — never § 1 or § 2.
        "href=\"../../dokumenter/vedtaegter/index.html#p2-stk2-nr3\">stk. 2, nr. 3</a>",
        "href=\"../../dokumenter/vedtaegter/index.html#p9-stk1\">stk. 1 og 2</a>",
        // Absolute, with a letter, and a range (linked to its start).
        "href=\"../../dokumenter/vedtaegter/index.html#p7-stk2-nr8-lita\">§ 7, stk. 2, nr. 8, litra a</a>",
        "href=\"../../dokumenter/vedtaegter/index.html#p4a\">§ 4 a</a>",
        "href=\"../../dokumenter/vedtaegter/index.html#p11\">§§ 11-12</a>",
        "href=\"../../dokumenter/vedtaegter/index.html#p6\">§§ 6–8</a>",
    ];
    for l in links {
        assert!(statute.contains(l), "no link {l}");
    }
    // Another law's paragraph is not ours: printed, not linked.
    assert!(statute.contains("momslovens § 48, stk. 1,"));
    assert!(!statute.contains("#p48"));

    // The bylaw cites the statute by its name, in both word orders, and by an explicit `ref:` link.
    let bylaw = read(&out.join("dokumenter/forretningsorden/index.html"));
    for l in [
        "href=\"../../dokumenter/vedtaegter/index.html#p9-stk3\">§ 9, stk. 3 i vedtægterne</a>",
        "vedtægternes <a href=\"../../dokumenter/vedtaegter/index.html#p10-stk1\">§ 10, stk. 1</a>",
        "href=\"../../dokumenter/vedtaegter/index.html#p5-stk2\">§ 5, stk. 2 i vedtægterne</a>",
        "href=\"../../dokumenter/forretningsorden/index.html#p2-stk1\">§ 2, stk. 1</a>",
    ] {
        assert!(bylaw.contains(l), "no {l} in {bylaw}");
    }
    assert!(
        !bylaw.contains("#p3-stk1-nr1"),
        "forvaltningslovens § 3 is linked"
    );

    // The minutes cite the statute by name; the quoted "jf. punkt 5.1" of the municipality stays text.
    let minutes = read(&out.join("moeder/2024-03-12-generalforsamlingen/index.html"));
    assert!(minutes.contains(
        "href=\"../../dokumenter/vedtaegter/index.html#p6-stk2\">§ 6, stk. 2 i vedtægterne</a>"
    ));
    assert!(minutes
        .contains("href=\"../../dokumenter/vedtaegter/index.html#p12-stk1\">§ 12, stk. 1</a>"));
    assert!(
        minutes.contains("retningslinjer, jf. punkt 5.1, at"),
        "{minutes}"
    );
    assert!(minutes.contains("#punkt-2\">jf. punkt 2</a>"), "{minutes}");
}

#[test]
fn a_broken_absolute_reference_is_an_error_in_danish_at_its_place() {
    let file = "content/dokumenter/vedtaegter.md";
    let d = one_after(
        file,
        "jf. § 5, stk. 2, nr. 1.",
        "jf. § 5, stk. 2, nr. 4.",
        "broken-reference",
    );
    let msg = d["message"].as_str().unwrap();
    assert!(
        msg.contains("»§ 5, stk. 2, nr. 4«") && msg.contains("har ingen § 5, stk. 2, nr. 4"),
        "{msg}"
    );
    let expected = d["expected"].as_str().unwrap();
    assert!(
        expected.contains("§ 5, stk. 2, nr. 1") && expected.contains("§ 5, stk. 2, nr. 3"),
        "{expected}"
    );
    assert_eq!(d["found"], "§ 5, stk. 2, nr. 4");
    let (_d, site) = fixture_copy();
    edit(
        &site.join(file),
        "jf. § 5, stk. 2, nr. 1.",
        "jf. § 5, stk. 2, nr. 4.",
    );
    let (line, column) = position_of(&site.join(file), "§ 5, stk. 2, nr. 4");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(line), Some(column))
    );
    assert_eq!(d["file"], file);
}

#[test]
fn a_relative_reference_resolves_in_its_own_paragraph() {
    // "stk. 1 og 4" inside § 9: § 9 has no stk. 4 (and § 1, stk. 4 is not what it means).
    let d = one_after(
        "content/dokumenter/vedtaegter.md",
        "inden for rammerne af stk. 1 og 2.",
        "inden for rammerne af stk. 1 og 4.",
        "broken-reference",
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("har ingen § 9, stk. 4"),
        "{d}"
    );
    assert!(
        d["expected"].as_str().unwrap().contains("§ 9, stk. 3"),
        "{d}"
    );
}

#[test]
fn a_broken_range_is_an_error_at_its_missing_end() {
    let d = one_after(
        "content/dokumenter/vedtaegter.md",
        "følger af §§ 11-12.",
        "følger af §§ 11-13.",
        "broken-reference",
    );
    assert!(
        d["message"].as_str().unwrap().contains("har ingen § 13"),
        "{d}"
    );
    let d = one_after(
        "content/dokumenter/vedtaegter.md",
        "følger af §§ 11-12.",
        "følger af §§ 12-11.",
        "broken-reference",
    );
    assert!(d["message"].as_str().unwrap().contains("baglæns"), "{d}");
}

#[test]
fn a_broken_cross_document_reference_is_an_error_in_the_citing_file() {
    let d = one_after(
        "content/dokumenter/forretningsorden.md",
        "§ 9, stk. 3 i vedtægterne",
        "§ 9, stk. 5 i vedtægterne",
        "broken-reference",
    );
    assert_eq!(d["file"], "content/dokumenter/forretningsorden.md");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("`vedtaegter` har ingen § 9, stk. 5"),
        "{d}"
    );
    // From the minutes too.
    let d = one_after(
        "content/moeder/2024-03-12-generalforsamlingen.md",
        "jf. vedtægternes § 12, stk. 1.",
        "jf. vedtægternes § 12, stk. 4.",
        "broken-reference",
    );
    assert_eq!(
        d["file"],
        "content/moeder/2024-03-12-generalforsamlingen.md"
    );
}

#[test]
fn outside_a_paragraph_statute_only_phrases_with_jf_or_a_section_sign_are_references() {
    let minutes = "content/moeder/2024-03-12-generalforsamlingen.md";
    // Failing: a § reference without "jf." in the minutes is still found and checked.
    let d = one_after(
        minutes,
        "efter § 6, stk. 2 i vedtægterne",
        "efter § 6, stk. 9 i vedtægterne",
        "broken-reference",
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("har ingen § 6, stk. 9"),
        "{d}"
    );
    // Passing: "stk.", "nr." and "kapitel" without a § cite a unit of the text they stand in, which minutes do
    // not have: plain text, neither linked nor checked.
    let (_d, site) = fixture_copy();
    edit(
        &site.join(minutes),
        "Beretningen blev godkendt, jf. punkt 2.",
        "Beretningen blev godkendt, jf. punkt 2. Stk. 9 og kapitel 7 i vedtægterne blev ikke drøftet.",
    );
    let (exit, found) = with_code(&site, "broken-reference");
    assert_eq!((exit, found.len()), (Some(0), 0), "{found:#?}");
    let (_out_dir, out) = build_to_temp(&site);
    let html = read(&out.join("moeder/2024-03-12-generalforsamlingen/index.html"));
    assert!(
        html.contains("Stk. 9 og kapitel 7 i vedtægterne blev ikke drøftet."),
        "{html}"
    );
}

#[test]
fn a_broken_ref_link_is_an_error_in_a_statute_paragraph() {
    // In the example's bylaw …
    let d = one_after(
        "content/dokumenter/forretningsorden.md",
        "(ref:vedtaegter#p5-stk2)",
        "(ref:findes-ikke#p5-stk2)",
        "broken-reference",
    );
    assert!(
        d["message"].as_str().unwrap().contains("findes-ikke"),
        "{d}"
    );
    let d = one_after(
        "content/dokumenter/forretningsorden.md",
        "(ref:vedtaegter#p5-stk2)",
        "(ref:vedtaegter#p5-stk9)",
        "broken-reference",
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("har ingen § 5, stk. 9"),
        "{d}"
    );
    // … and in the bundled FSC bylaw's numbered paragraph 4.5 (issue #18).
    let (_d, site) = bundled_copy();
    let file = site.join("content/dokumenter/fsc-forretningsorden.md");
    let (exit, before) = with_code(&site, "broken-reference");
    assert_eq!((exit, before.len()), (Some(0), 0), "{before:#?}");
    edit(&file, "(ref:fsc-vedtaegter#6.5)", "(ref:findes-ikke#6.5)");
    let (exit, after) = with_code(&site, "broken-reference");
    assert_eq!(exit, Some(1));
    assert_eq!(after.len(), 1, "{after:#?}");
    assert_eq!(
        after[0]["file"],
        "content/dokumenter/fsc-forretningsorden.md"
    );
}

#[test]
fn the_bundled_bylaw_link_resolves_without_nesting() {
    let (_d, out) = build_to_temp(&repo());
    let bylaw = read(&out.join("dokumenter/fsc-forretningsorden/index.html"));
    assert!(
        bylaw.contains("<a href=\"../../dokumenter/fsc-vedtaegter/index.html#pkt-6-5\">jævnfør stk. 6,5 i vedtægter</a>"),
        "{bylaw}"
    );
    assert!(!bylaw.contains("ref:fsc-vedtaegter"));
    // Today's anchors keep working.
    let statute = read(&out.join("dokumenter/fsc-vedtaegter/index.html"));
    assert!(statute.contains("<section class=\"pkt\" id=\"pkt-6-5\">"));
    assert!(statute.contains("<a class=\"pkt-nr\" href=\"#pkt-6-5\">6.5</a>"));
}

#[test]
fn a_quoted_reference_is_neither_linked_nor_checked_and_unmarked_it_is() {
    // Marked `citat:`, the municipality's "jf. punkt 5.1" passes (the clean check above); unmarked, it is read as
    // item 5.1 of the minutes, which has none.
    let d = one_after(
        "content/moeder/2024-03-12-generalforsamlingen.md",
        "[jf. punkt 5.1](citat:)",
        "jf. punkt 5.1",
        "broken-reference",
    );
    assert_eq!(d["found"], "jf. punkt 5.1");
}

#[test]
fn a_statute_without_numbered_units_is_warned() {
    let (_d, site) = fixture_copy();
    std::fs::write(
        site.join("content/dokumenter/vedtaegter.md"),
        "---\nkind: statute\ntitle: \"Vedtægter\"\naliases: [\"vedtægterne\"]\n---\n\nForeningens navn er Lystrup Fællesgartneri. Foreningen har hjemsted i Aarhus Kommune.\n",
    )
    .unwrap();
    // The bylaw and minutes now cite units that are gone; the warning is about the statute itself.
    let (_, found) = with_code(&site, "statute-without-units");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["severity"], "warning");
    assert_eq!(found[0]["file"], "content/dokumenter/vedtaegter.md");
    assert!(found[0]["message"]
        .as_str()
        .unwrap()
        .contains("ingen nummererede bestemmelser"));
}

#[test]
fn a_unit_printed_twice_is_warned() {
    let d = one_after(
        "content/dokumenter/vedtaegter.md",
        "Stk. 3. Ekstraordinær generalforsamling",
        "Stk. 2. Ekstraordinær generalforsamling",
        "duplicate-unit",
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("§ 6, stk. 2 står mere end én gang"),
        "{d}"
    );
}

/// Every `.html` file under `dir`.
fn pages(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            pages(&p, out);
        } else if p.extension().is_some_and(|x| x == "html") {
            out.push(p);
        }
    }
}

/// The first `<a>` opened inside another `<a>` in an HTML text (comments and scripts skipped), if any.
fn nested_link(html: &str) -> Option<usize> {
    let lower = html.to_ascii_lowercase();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(off) = lower[i..].find('<') {
        let at = i + off;
        let rest = &lower[at..];
        if rest.starts_with("<!--") {
            i = at + rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with("<script") {
            i = at + rest.find("</script>").map_or(rest.len(), |e| e + 9);
            continue;
        }
        let is_open =
            rest.starts_with("<a ") || rest.starts_with("<a>") || rest.starts_with("<a\n");
        if is_open {
            if depth > 0 {
                return Some(at);
            }
            depth += 1;
        } else if rest.starts_with("</a>") || rest.starts_with("</a ") {
            depth = depth.saturating_sub(1);
        }
        i = at + 1;
    }
    None
}

#[test]
fn the_nested_link_finder_finds_them() {
    assert_eq!(
        nested_link("<p><a href=\"x\">a</a> <a href=\"y\">b</a></p>"),
        None
    );
    assert_eq!(
        nested_link("<!-- <a><a> --><script>'<a><a>'</script>"),
        None
    );
    assert_eq!(
        nested_link("<a href=\"ref:x\"><a href=\"/y\">z</a></a>"),
        Some(16)
    );
}

#[test]
fn no_page_holds_a_link_inside_a_link() {
    for root in [repo(), fixture()] {
        let (_d, out) = build_to_temp(&root);
        let mut all = Vec::new();
        pages(&out, &mut all);
        assert!(all.len() > 5, "{}", out.display());
        for page in all {
            let html = read(&page);
            if let Some(at) = nested_link(&html) {
                let from = html[..at]
                    .char_indices()
                    .rev()
                    .nth(120)
                    .map_or(0, |(i, _)| i);
                panic!(
                    "{}: a link inside a link: {}",
                    page.display(),
                    &html[from..(at + 80).min(html.len())]
                );
            }
        }
    }
}

/// The `reference-text` diagnostics of `check` on a copy of the bundled portal with one edit of `file`.
fn reference_text_after(file: &str, from: &str, to: &str) -> (Option<i32>, Vec<serde_json::Value>) {
    let (_d, site) = bundled_copy();
    edit(&site.join(file), from, to);
    with_code(&site, "reference-text")
}

#[test]
fn a_link_whose_text_names_another_unit_than_its_target_is_an_error() {
    let bylaw = "content/dokumenter/fsc-forretningsorden.md";
    // The bundled link says 6,5 and goes to 6.5: nothing to say.
    let (exit, found) = with_code(&repo(), "reference-text");
    assert_eq!((exit, found.len()), (Some(0), 0), "{found:#?}");
    // Retargeted to 6.4, which exists: the text still says 6,5.
    let (exit, found) = reference_text_after(
        bylaw,
        "(ref:fsc-vedtaegter#6.5)",
        "(ref:fsc-vedtaegter#6.4)",
    );
    assert_eq!((exit, found.len()), (Some(1), 1), "{found:#?}");
    let d = &found[0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], bylaw);
    let (line, column) = position_of(&repo().join(bylaw), "[jævnfør stk. 6,5");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(line), Some(column))
    );
    assert_eq!(d["expected"], "ref:fsc-vedtaegter#6.5");
    assert_eq!(d["found"], "ref:fsc-vedtaegter#6.4");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("«stk. 6,5 i vedtægter»"),
        "{d}"
    );
    assert!(d["hint"].as_str().unwrap().contains("ref:"), "{d}");
    // An agenda item named by its number: the text says 3.5, the link goes to 3.6.
    let link = "[jævnfør stk. 6,5 i vedtægter](ref:fsc-vedtaegter#6.5)";
    let (exit, found) = reference_text_after(
        bylaw,
        link,
        "[punkt 3.5](ref:2020-06-17-kkr-midtjylland#3.6)",
    );
    assert_eq!((exit, found.len()), (Some(1), 1), "{found:#?}");
    assert_eq!(found[0]["expected"], "ref:2020-06-17-kkr-midtjylland#3.5");
    let (exit, found) = reference_text_after(
        bylaw,
        link,
        "[punkt 3.5](ref:2020-06-17-kkr-midtjylland#3.5)",
    );
    assert_eq!((exit, found.len()), (Some(0), 0), "{found:#?}");
    // "§ 6, stk. 5" names 6.5 of the dotted statute as well.
    let (exit, found) = reference_text_after(
        bylaw,
        link,
        "[§ 6, stk. 5 i vedtægterne](ref:fsc-vedtaegter#6.5)",
    );
    assert_eq!((exit, found.len()), (Some(0), 0), "{found:#?}");
    let (exit, found) = reference_text_after(
        bylaw,
        link,
        "[§ 6, stk. 5 i vedtægterne](ref:fsc-vedtaegter#6.6)",
    );
    assert_eq!((exit, found.len()), (Some(1), 1), "{found:#?}");
    // A link to the statute as a whole whose text names a unit: a warning, with the anchor to add.
    let (exit, found) = reference_text_after(bylaw, link, "[punkt 6.5](ref:fsc-vedtaegter)");
    assert_eq!((exit, found.len()), (Some(0), 1), "{found:#?}");
    assert_eq!(found[0]["severity"], "warning");
    assert_eq!(found[0]["expected"], "ref:fsc-vedtaegter#6.5");
}

#[test]
fn a_link_whose_text_names_another_document_than_its_target_is_an_error() {
    let note = "content/dokumenter/fsc-organisering-beslutningsnotat.md";
    // "[vedtægter](ref:fsc-vedtaegter)" retargeted to the bylaw, which exists.
    let (exit, found) = reference_text_after(
        note,
        "[vedtægter](ref:fsc-vedtaegter)",
        "[vedtægter](ref:fsc-forretningsorden)",
    );
    assert_eq!((exit, found.len()), (Some(1), 1), "{found:#?}");
    assert_eq!(found[0]["file"], note);
    assert_eq!(found[0]["expected"], "ref:fsc-vedtaegter");
    // The unit's link into the bylaw, whose text names the statute.
    let (exit, found) = reference_text_after(
        "content/dokumenter/fsc-forretningsorden.md",
        "(ref:fsc-vedtaegter#6.5)",
        "(ref:fsc-forretningsorden#4.5)",
    );
    assert_eq!((exit, found.len()), (Some(1), 1), "{found:#?}");
    assert_eq!(found[0]["expected"], "ref:fsc-vedtaegter#6.5");
    // "[forretningsorden](…)" names a kind of document: a letter is not one.
    let link = "[forretningsorden](ref:fsc-forretningsorden)";
    let (exit, found) =
        reference_text_after(note, link, "[forretningsorden](ref:landstal-2021-brev)");
    assert_eq!((exit, found.len()), (Some(1), 1), "{found:#?}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("«forretningsorden»"),
        "{found:#?}"
    );
    let (exit, found) = reference_text_after(
        note,
        link,
        "[forretningsorden](ref:fsc-forretningsorden#3.2)",
    );
    assert_eq!((exit, found.len()), (Some(0), 0), "{found:#?}");
}

#[test]
fn a_paragraph_style_link_whose_text_names_another_unit_is_an_error() {
    let (_d, site) = fixture_copy();
    let (exit, found) = with_code(&site, "reference-text");
    assert_eq!((exit, found.len()), (Some(0), 0), "{found:#?}");
    let d = one_after(
        "content/dokumenter/forretningsorden.md",
        "(ref:vedtaegter#p5-stk2)",
        "(ref:vedtaegter#p5-stk1)",
        "reference-text",
    );
    assert_eq!(d["expected"], "ref:vedtaegter#p5-stk2");
    assert_eq!(d["file"], "content/dokumenter/forretningsorden.md");
}
