//! `protokol check` loads without making any HTML (#11): what it reports must be exactly what `protokol build`
//! reports, which loads with the HTML, on a clean site and on sites with errors in their Markdown bodies.

mod common;
use common::*;
use std::path::Path;

/// `check --format json` and `build --format json` on `root`: their diagnostics (stdout) and exit codes.
fn both(root: &Path) -> ((String, Option<i32>), (String, Option<i32>)) {
    let root_s = root.to_str().unwrap();
    let check = run(&["check", "--root", root_s, "--format", "json"]);
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let build = run(&[
        "build",
        "--root",
        root_s,
        "--output",
        public.to_str().unwrap(),
        "--format",
        "json",
    ]);
    (
        (stdout(&check), check.status.code()),
        (stdout(&build), build.status.code()),
    )
}

#[test]
fn check_reports_what_build_reports_on_clean_sites() {
    for site in [
        repo(),
        repo().join("tests/fixtures/forening-paragraf"),
        repo().join("tests/fixtures/kommune-lukket"),
    ] {
        let (check, build) = both(&site);
        assert_eq!(check.1, Some(0), "{}: {}", site.display(), check.0);
        assert_eq!(check, build, "{}", site.display());
    }
}

#[test]
fn check_reports_what_build_reports_on_broken_markdown() {
    let (_dir, site) = bundled_copy();
    let meetings = site.join("content/moeder");
    let first = std::fs::read_dir(&meetings)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "md"))
        .unwrap();
    let mut text = std::fs::read_to_string(&first).unwrap();
    // An unknown reference, an unknown table, an unsafe link and image, raw HTML: diagnostics made while the
    // Markdown pass runs, with or without HTML.
    text.push_str(
        "\n\nSe [punkt 9](ref:findes-ikke#9) og [x](javascript:alert(1)) ![b](../../c.png) <b onclick=\"x\">rå</b>\n\n\
         [[tabel:findes-ikke]]\n",
    );
    std::fs::write(&first, text).unwrap();
    let (check, build) = both(&site);
    assert_eq!(check.1, Some(1), "{}", check.0);
    for code in ["unknown-directive", "unsafe-link"] {
        assert!(check.0.contains(code), "{code} missing: {}", check.0);
    }
    assert_eq!(check, build);
}
