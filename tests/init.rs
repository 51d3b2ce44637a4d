//! `protokol init [--template NAME] DIR` (#17): the default template (`standard`, an association's board) and the
//! `kommune` template (a municipal committee in the municipal style: running item numbers, a closed item with its
//! legal basis, a vote, a §-style styrelsesvedtægt, a budget table with subtotals) each check with no errors and no
//! warnings and build; an unknown template name is a Danish error that lists the templates.

mod common;
use common::*;

/// `protokol init` with `args` into a fresh directory: the directory and the site in it.
fn init(args: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let mut all = vec!["init"];
    all.extend_from_slice(args);
    all.push(site.to_str().unwrap());
    let o = run(&all);
    assert!(o.status.success(), "{}", stderr(&o));
    (dir, site)
}

/// Checks with no errors and no warnings (notes are fine) and builds.
fn clean_and_builds(site: &std::path::Path) -> std::path::PathBuf {
    let (status, all) = json_check(site.to_str().unwrap());
    let loud: Vec<_> = all.iter().filter(|d| d["severity"] != "note").collect();
    assert_eq!(loud, Vec::<&serde_json::Value>::new());
    assert_eq!(status, Some(0));
    let out = site.join("public");
    build_ok(site, &out);
    out
}

#[test]
fn the_default_template_is_unchanged_and_clean() {
    let (_d, site) = init(&[]);
    let out = clean_and_builds(&site);
    assert!(out
        .join("moeder/2024-03-01-bestyrelsen/index.html")
        .is_file());
    // Naming the default gives the same files.
    let (_e, named) = init(&["--template", "standard"]);
    let strip = |t: std::collections::BTreeMap<String, Vec<u8>>| {
        t.into_iter()
            .filter(|(p, _)| !p.starts_with("public/"))
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(tree(&named)), strip(tree(&site)));
}

#[test]
fn the_kommune_template_builds_a_municipal_portal_with_no_errors_or_warnings() {
    let (_d, site) = init(&["--template", "kommune"]);
    let out = clean_and_builds(&site);
    let page = read(&out.join("moeder/2025-03-11-oekonomiudvalget/index.html"));
    // Running numbers after an unnumbered opening item.
    assert!(page.contains(r#"<section class="punkt" id="godkendelse-af-dagsorden""#));
    assert!(page.contains(r#"<section class="punkt" id="punkt-45""#));
    // The vote and the minority statement of item 46; the closed item 47 shows number, title and reason only.
    assert!(
        page.contains(r#"<tr><th scope="row">For</th><td>A og F</td><td class="tal">3</td></tr>"#),
        "{page}"
    );
    assert!(page.contains("<dt>Mindretalsudtalelse (V og O)</dt>"));
    assert_eq!(page.matches(r#"<table class="stemmer">"#).count(), 1);
    assert!(page.contains("jf. kommunestyrelseslovens § 10, stk. 1, nr. 4"));
    assert!(!page.contains("forhandlet om køb af ejendommen"));
    // The § statute is cited from the minutes and has paragraph anchors; the budget table is placed in item 46.
    assert!(
        page.contains("dokumenter/styrelsesvedtaegt/index.html#p2-stk2"),
        "{page}"
    );
    let statute = read(&out.join("dokumenter/styrelsesvedtaegt/index.html"));
    assert!(statute.contains(r#"id="p2-stk2""#), "{statute}");
    assert!(page.contains("Budgetopfølgning pr. 28. februar 2025, serviceudgifter"));
}

#[test]
fn an_unknown_template_is_a_danish_error_listing_the_templates() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let o = run(&["init", "--template", "forening", site.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("skabelonen «forening» findes ikke"), "{err}");
    assert!(err.contains("standard, kommune"), "{err}");
    assert!(!site.exists(), "nothing is written");
}
