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
    let (_d, site) = bundled_copy();
    let out = site.join("public");
    build_ok(&site, &out);
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
    let (_d, site) = bundled_copy();
    let out = site.join("public");
    build_ok(&site, &out);
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
    let (_d, site) = bundled_copy();
    let out = site.join("public");
    build_ok(&site, &out);
    let before = tree(&out);
    let inodes: Vec<u64> = files_below(&out).iter().map(|p| inode(p)).collect();
    // The plain pages' template fails while rendering: the meetings' pages, unchanged, were linked into the
    // staging tree before the build stopped.
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block content %}{{ no_such_value }}{% endblock content %}",
    )
    .unwrap();
    let o = build(&site, &out);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
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
