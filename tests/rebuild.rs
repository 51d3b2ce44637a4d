//! A rebuild over an existing output (#15): `protokol build` run again reuses the unchanged files of the
//! published output by hard link instead of writing them, decided by comparing their bytes. Its output is the
//! same, byte for byte, as a clean build; a published file edited by hand is never trusted; a failed rebuild
//! leaves the published output as it was, although the staging tree shared files with it.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

fn inode(p: &Path) -> u64 {
    std::fs::metadata(p).unwrap().ino()
}

fn build(site: &Path, out: &Path) -> std::process::Output {
    run(&[
        "build",
        "--root",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ])
}

/// A copy of the bundled portal, built into its `public/`: (the copy's folder, the site, the output).
fn built_copy() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let (d, site) = bundled_copy();
    let out = site.join("public");
    build_ok(&site, &out);
    (d, site, out)
}

/// Builds `site` with a plain pages' template that fails while rendering (the meetings' pages are linked into the
/// staging tree before the build stops); the build fails with exit 1.
fn build_with_failing_template(site: &Path, out: &Path) {
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block content %}{{ no_such_value }}{% endblock content %}",
    )
    .unwrap();
    let o = build(site, out);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

/// The output of a clean build of `site` (into a fresh folder).
fn clean_build(site: &Path) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let (dir, out) = build_to_temp(site);
    let files = tree(&out);
    (dir, files)
}

const MEETING: &str = "content/moeder/2021-05-21-kd-net.md";
const MEETING_PAGE: &str = "moeder/2021-05-21-kd-net/index.html";
const OTHER_PAGE: &str = "moeder/2020-01-24-kd-net/index.html";

#[test]
fn a_rebuild_links_unchanged_files_and_equals_a_clean_build() {
    let (_d, site, out) = built_copy();
    let (unchanged, changed) = (inode(&out.join(OTHER_PAGE)), inode(&out.join(MEETING_PAGE)));
    // Nothing changed: every file is the previous one, linked.
    build_ok(&site, &out);
    assert_eq!(inode(&out.join(OTHER_PAGE)), unchanged);
    assert_eq!(inode(&out.join(MEETING_PAGE)), changed);
    assert_eq!(tree(&out), clean_build(&site).1);
    // One meeting edited: its page is written anew, the others are still the same files.
    edit(
        &site.join(MEETING),
        "## 13 Eventuelt",
        "## 13 Eventuelt\n\nEn ny sætning.",
    );
    build_ok(&site, &out);
    assert!(read(&out.join(MEETING_PAGE)).contains("En ny sætning."));
    assert_ne!(inode(&out.join(MEETING_PAGE)), changed);
    assert_eq!(inode(&out.join(OTHER_PAGE)), unchanged);
    assert_eq!(tree(&out), clean_build(&site).1);
}

#[test]
fn a_published_file_edited_by_hand_is_not_trusted() {
    let (_d, site, out) = built_copy();
    // One edit keeps the file's length (only a full comparison sees it), one appends.
    let page = out.join(OTHER_PAGE);
    let text = read(&page);
    let i = text.find("<h1").unwrap();
    let same_length = format!("{}<h2{}", &text[..i], &text[i + 3..]);
    std::fs::write(&page, same_length).unwrap();
    let home = out.join("index.html");
    std::fs::write(&home, read(&home) + "<!-- hånd -->").unwrap();
    build_ok(&site, &out);
    let clean = clean_build(&site).1;
    assert_eq!(tree(&out), clean);
    assert!(!read(&home).contains("hånd"));
}

#[test]
fn a_failed_rebuild_leaves_the_published_output_untouched() {
    let (_d, site, out) = built_copy();
    let before = tree(&out);
    let inodes: Vec<u64> = files_below(&out).iter().map(|p| inode(p)).collect();
    // The plain pages' template fails while rendering: the meetings' pages, unchanged, were linked into the
    // staging tree before the build stopped.
    build_with_failing_template(&site, &out);
    assert_eq!(tree(&out), before, "the published output is untouched");
    let after: Vec<u64> = files_below(&out).iter().map(|p| inode(p)).collect();
    assert_eq!(after, inodes);
    let leftovers: Vec<String> = std::fs::read_dir(&site)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("protokol-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Repaired, the rebuild equals a clean build.
    std::fs::remove_file(site.join("templates/page.html")).unwrap();
    build_ok(&site, &out);
    assert_eq!(tree(&out), clean_build(&site).1);
}

/// The staging tree shares files with the published output: writing a path again, or writing a path whose old
/// bytes differ, never writes through into the published file.
#[test]
fn staging_never_writes_through_a_link_into_the_published_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let first = protokol::write::Staging::new(&out).unwrap();
    first.write("a/index.html", b"gammel").unwrap();
    first.write("b.txt", b"b").unwrap();
    first.commit().unwrap();
    let published = inode(&out.join("a/index.html"));
    let second = protokol::write::Staging::new(&out).unwrap();
    second.write("a/index.html", b"gammel").unwrap();
    second.write("b.txt", b"andet").unwrap();
    assert_eq!(second.linked(), 1);
    // The same path again, other bytes: the staging file is replaced, the published one keeps its bytes.
    second.write("a/index.html", b"ny").unwrap();
    assert_eq!(read(&out.join("a/index.html")), "gammel");
    assert_eq!(read(&out.join("b.txt")), "b");
    drop(second);
    assert_eq!(read(&out.join("a/index.html")), "gammel");
    assert_eq!(inode(&out.join("a/index.html")), published);
    let third = protokol::write::Staging::new(&out).unwrap();
    third.write("a/index.html", b"gammel").unwrap();
    third.write("a/index.html", b"ny").unwrap();
    third.commit().unwrap();
    assert_eq!(read(&out.join("a/index.html")), "ny");
    assert!(!out.join("b.txt").exists());
}

/// The rebuild cache (`src/build/cache.rs`): a build over its own output renders only the pages whose inputs
/// changed and links the rest; after every kind of edit the output is a clean build's, byte for byte.
const CACHE: &str = ".protokol-cache/cache.json";

/// Builds with `PROTOKOL_TIMING=1`, and returns the laps.
fn build_timed(site: &Path, out: &Path) -> String {
    let o = std::process::Command::new(bin())
        .args([
            "build",
            "--root",
            site.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ])
        .env("CI", "1")
        .env("PROTOKOL_TIMING", "1")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    stderr(&o)
}

/// Builds and returns (pages reused from the cache, pages in all).
fn build_counting(site: &Path, out: &Path) -> (usize, usize) {
    let err = build_timed(site, out);
    let lap = err
        .lines()
        .find(|l| l.contains("pages rendered and written ("))
        .unwrap_or_else(|| panic!("no pages lap in {err}"));
    let numbers: Vec<usize> = lap
        .split(['(', ' '])
        .filter_map(|w| w.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

/// Whether the search index was linked from the previous output rather than made.
fn index_linked(site: &Path, out: &Path) -> bool {
    build_timed(site, out).contains("search index: linked")
}

#[test]
fn a_rebuild_after_each_kind_of_edit_equals_a_clean_build() {
    let (_d, site) = bundled_copy();
    let out = site.join("public");
    let (reused, all) = build_counting(&site, &out);
    assert_eq!(reused, 0, "a first build has nothing to reuse");
    assert!(out.join(CACHE).is_file());
    // Nothing changed: no page is rendered, the search index is linked.
    assert_eq!(build_counting(&site, &out), (all, all));
    assert_eq!(tree(&out), clean_build(&site).1);
    assert!(index_linked(&site, &out));
    let check = |what: &str, rendered_at_most: usize| {
        let (reused, n) = build_counting(&site, &out);
        assert!(
            n - reused <= rendered_at_most,
            "{what}: {} of {n} pages rendered",
            n - reused
        );
        assert_eq!(tree(&out), clean_build(&site).1, "{what}");
        // And once more, with nothing changed since: every page reused, the same output.
        let (reused, n) = build_counting(&site, &out);
        assert_eq!(reused, n, "{what}, again");
        assert_eq!(tree(&out), clean_build(&site).1, "{what}, again");
    };
    // A meeting's text: its page (and the index, feeds, calendars), not its neighbours.
    edit(
        &site.join(MEETING),
        "## 13 Eventuelt",
        "## 13 Eventuelt\n\nEt nyt ord: kvartalsregnskabsbilag.",
    );
    check("meeting text", 4);
    assert!(read(&out.join(MEETING_PAGE)).contains("kvartalsregnskabsbilag"));
    assert!(read(&out.join("soeg/index/manifest.json")).contains("docs"));
    // A meeting's title, part of what lists and its neighbours' pages are given.
    edit(
        &site.join(MEETING),
        "title: \"Dagsorden for møde i kommunaldirektørnetværket",
        "title: \"Ændret dagsorden for møde i kommunaldirektørnetværket",
    );
    check("meeting title", all - 1);
    // A document's title, shown in the lists, on its body's page and on the pages of the tables it holds.
    edit(
        &site.join("content/dokumenter/govtech-midtjylland.md"),
        "title: \"GovTech Midtjylland\"",
        "title: \"GovTech Midtjylland (ny titel)\"",
    );
    check("document title", all - 1);
    for page in [
        "dokumenter/index.html",
        "tabeller/govtech-budget/index.html",
    ] {
        assert!(
            read(&out.join(page)).contains("GovTech Midtjylland (ny titel)"),
            "{page}"
        );
    }
    // A table's figures (the sum still holds): the table's page and the document that places it.
    let table = site.join("content/tabeller/govtech-budget.yaml");
    edit(
        &table,
        "budget: 1000000, betaler: \"Region",
        "budget: 1100000, betaler: \"Region",
    );
    edit(
        &table,
        "budget: 1300000, betaler",
        "budget: 1200000, betaler",
    );
    check("table figure", all - 1);
    assert!(read(&out.join("tabeller/govtech-budget/index.html")).contains("1.100.000"));
    assert!(read(&out.join("dokumenter/govtech-midtjylland/index.html")).contains("1.100.000"));
    // A template: every page is rendered again.
    let base = read(&repo().join("themes/default/templates/base.html"));
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/base.html"),
        base.replacen("</body>", "<!-- lokal skabelon --></body>", 1),
    )
    .unwrap();
    check("template", all);
    assert!(read(&out.join(OTHER_PAGE)).contains("lokal skabelon"));
    // The configuration: everything again.
    edit(
        &site.join("protokol.toml"),
        "title = \"Midtjyske",
        "title = \"Ny titel: Midtjyske",
    );
    check("configuration", all);
    assert!(read(&out.join("index.html")).contains("Ny titel: "));
}

#[test]
fn a_corrupt_or_foreign_cache_is_ignored() {
    let (_d, site, out) = built_copy();
    let clean = clean_build(&site).1;
    let (_e, other) = edited_copy(
        &site,
        MEETING,
        "## 13 Eventuelt",
        "## 13 Eventuelt\n\nEn anden portal.",
    );
    let other_out = other.join("public");
    build_ok(&other, &other_out);
    let good = std::fs::read(out.join(CACHE)).unwrap();
    let text = String::from_utf8(good.clone()).unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("not JSON", b"{\"format\": 1, \"build\": \"".to_vec()),
        ("empty", Vec::new()),
        ("binary", vec![0xff, 0x00, 0xfe, 0x7b]),
        (
            "another build",
            text.replacen("\"build\":\"", "\"build\":\"x", 1)
                .into_bytes(),
        ),
        (
            "another format",
            text.replacen("\"format\":1", "\"format\":99", 1)
                .into_bytes(),
        ),
        // Another site's cache (same protokol): its keys are not this site's pages' keys.
        (
            "another site's",
            std::fs::read(other_out.join(CACHE)).unwrap(),
        ),
    ];
    for (what, bytes) in cases {
        std::fs::write(out.join(CACHE), &bytes).unwrap();
        let (reused, all) = build_counting(&site, &out);
        assert_eq!(tree(&out), clean, "{what}");
        if what == "another site's" {
            // Only the one edited page differs; the others are the same pages.
            assert!(reused < all, "{what}");
        } else {
            assert_eq!(reused, 0, "{what}");
        }
        // A fresh cache was written, and it works.
        assert_eq!(build_counting(&site, &out), (all, all), "{what}");
    }
    // The other site's output, given this site's cache: no page of its own is taken for this site's.
    std::fs::write(other_out.join(CACHE), &good).unwrap();
    build_ok(&other, &other_out);
    assert_eq!(tree(&other_out), clean_build(&other).1);
    // A directory where the cache file should be, or no cache at all.
    std::fs::remove_file(out.join(CACHE)).unwrap();
    std::fs::create_dir(out.join(CACHE)).unwrap();
    let o = build(&site, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(tree(&out), clean);
    std::fs::remove_dir_all(out.join(".protokol-cache")).unwrap();
    assert_eq!(build_counting(&site, &out).0, 0);
    assert_eq!(tree(&out), clean);
}

#[test]
fn a_page_replaced_or_edited_since_its_build_is_rendered_again() {
    let (_d, site, out) = built_copy();
    let (_, all) = build_counting(&site, &out);
    // Replaced by another file (as `serve` does: a new file renamed over it), with the same bytes, and one edited
    // in place: neither is the file the cache recorded.
    let page = out.join(OTHER_PAGE);
    let bytes = std::fs::read(&page).unwrap();
    let tmp = out.join("moeder/.tmp");
    std::fs::write(&tmp, &bytes).unwrap();
    std::fs::rename(&tmp, &page).unwrap();
    std::fs::write(out.join("index.html"), read(&out.join("index.html")) + "x").unwrap();
    // A search file and a calendar edited by hand: the products are made again.
    let manifest = out.join("soeg/index/manifest.json");
    std::fs::write(&manifest, read(&manifest) + " ").unwrap();
    let calendar = out.join("kalender/alle.ics");
    std::fs::write(&calendar, read(&calendar) + " ").unwrap();
    let (reused, n) = build_counting(&site, &out);
    assert_eq!((reused, n), (all - 2, all));
    assert_eq!(tree(&out), clean_build(&site).1);
}

#[test]
fn a_failed_rebuild_leaves_the_output_and_its_cache_untouched() {
    let (_d, site, out) = built_copy();
    let cache = std::fs::read(out.join(CACHE)).unwrap();
    let before = tree(&out);
    // A content error, then a template that fails while rendering (after pages were linked from the cache).
    edit(&site.join(MEETING), "kind: agenda", "kind: [agenda");
    let o = build(&site, &out);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(std::fs::read(out.join(CACHE)).unwrap(), cache);
    assert_eq!(tree(&out), before);
    edit(&site.join(MEETING), "kind: [agenda", "kind: agenda");
    build_with_failing_template(&site, &out);
    assert_eq!(std::fs::read(out.join(CACHE)).unwrap(), cache);
    assert_eq!(tree(&out), before);
    // Repaired: every page is as it was, so every page is reused.
    std::fs::remove_file(site.join("templates/page.html")).unwrap();
    let (reused, all) = build_counting(&site, &out);
    assert_eq!(reused, all);
    assert_eq!(tree(&out), clean_build(&site).1);
}
