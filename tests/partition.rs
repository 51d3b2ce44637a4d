//! Partitioned builds (#15): the slices of `protokol build --partition K/N`, put together by `protokol merge`, are
//! the site a single `protokol build` makes, every file byte for byte; each slice checks the whole site; bad
//! `--partition` values and slices that do not belong together are refused with a message and nothing written.

mod common;
#[allow(dead_code)]
#[path = "../examples/gen_corpus/meetings.rs"]
mod meetings;
#[allow(dead_code)]
#[path = "../examples/gen_corpus/protokol_format.rs"]
mod protokol_format;

use common::{run, stderr, tree};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A generated portal: `n` meetings over the generator's bodies and years, with the bundled portal (documents,
/// tables with their rules, pages, references across meetings) beside them.
fn corpus(dir: &Path, n: usize) -> PathBuf {
    let site = dir.join("site");
    protokol_format::begin(&site, false).unwrap();
    for m in meetings::meetings(n) {
        protokol_format::write(&site, &m).unwrap();
    }
    site
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn build(site: &Path, out: &Path, partition: Option<&str>) -> std::process::Output {
    build_with(site, out, partition, &[])
}

/// `protokol build` with `--partition` if given, and `more` arguments.
fn build_with(
    site: &Path,
    out: &Path,
    partition: Option<&str>,
    more: &[&str],
) -> std::process::Output {
    let mut args = vec!["build", "--root", s(site), "--output", s(out)];
    if let Some(p) = partition {
        args.extend(["--partition", p]);
    }
    args.extend(more);
    run(&args)
}

fn build_slice(site: &Path, out: &Path, partition: &str) {
    let o = build(site, out, Some(partition));
    assert!(o.status.success(), "{partition}: {}", stderr(&o));
}

fn merge(out: &Path, slices: &[&Path]) -> std::process::Output {
    let mut args = vec!["merge", "--output", s(out)];
    args.extend(slices.iter().map(|p| s(p)));
    run(&args)
}

/// Same paths, same bytes; on a difference, names the first file that differs.
fn assert_same_site(expected: &BTreeMap<String, Vec<u8>>, found: &BTreeMap<String, Vec<u8>>) {
    let (e, f): (Vec<&String>, Vec<&String>) = (expected.keys().collect(), found.keys().collect());
    let missing: Vec<&&String> = e.iter().filter(|p| !found.contains_key(**p)).collect();
    let extra: Vec<&&String> = f.iter().filter(|p| !expected.contains_key(**p)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}, extra {extra:?}"
    );
    for (path, bytes) in expected {
        assert!(
            found[path] == *bytes,
            "{path} differs from the single build"
        );
    }
}

/// The hidden entries beside `out` (a staging folder left behind would be one).
fn beside(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with('.'))
        .collect();
    names.sort();
    names
}

#[test]
fn four_slices_merged_are_the_single_build_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let site = corpus(dir.path(), 320);
    let single = dir.path().join("single");
    let o = build(&site, &single, None);
    assert!(o.status.success(), "{}", stderr(&o));
    let expected = tree(&single);
    let slices: Vec<PathBuf> = (1..=4)
        .map(|k| {
            let out = dir.path().join(format!("slice-{k}"));
            build_slice(&site, &out, &format!("{k}/4"));
            out
        })
        .collect();
    // Every slice renders a share of the meetings, not all of them and not none.
    let meeting_pages = |dir: &Path| {
        tree(dir)
            .keys()
            .filter(|p| p.starts_with("moeder/") && p.ends_with("/index.html"))
            .count()
    };
    let all = meeting_pages(&single);
    for slice in &slices {
        let n = meeting_pages(slice);
        assert!(
            n > all / 8 && n < all / 2,
            "{}: {n} of {all}",
            slice.display()
        );
        assert!(!slice.join("soeg/index/manifest.json").exists());
    }
    // In any order.
    let merged = dir.path().join("merged");
    let order: Vec<&Path> = [3, 1, 0, 2].iter().map(|&i| slices[i].as_path()).collect();
    let o = merge(&merged, &order);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("Samlede 4 dele"), "{}", stderr(&o));
    assert_same_site(&expected, &tree(&merged));
    // Merged again over its own output (unchanged files are linked from it), and over a single build's output.
    let o = merge(&merged, &order);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_same_site(&expected, &tree(&merged));
    let o = merge(&single, &order);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_same_site(&expected, &tree(&single));
    let names = beside(&merged);
    assert!(names.is_empty(), "left beside the output: {names:?}");
}

#[test]
fn one_slice_of_one_is_a_build() {
    let dir = tempfile::tempdir().unwrap();
    let site = corpus(dir.path(), 40);
    let single = dir.path().join("single");
    assert!(build(&site, &single, None).status.success());
    let slice = dir.path().join("slice");
    build_slice(&site, &slice, "1/1");
    let merged = dir.path().join("merged");
    let o = merge(&merged, &[&slice]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_same_site(&tree(&single), &tree(&merged));
}

#[test]
fn every_slice_checks_the_whole_site() {
    let dir = tempfile::tempdir().unwrap();
    let site = corpus(dir.path(), 24);
    // One impossible date: whichever slice owns the meeting, every slice refuses to publish, as a build does.
    let first = meetings::meetings(1).next().unwrap();
    let file = site.join(format!("content/moeder/{}.md", first.slug()));
    common::edit(&file, "date: 1990-01-01", "date: 1990-02-30");
    let single = run(&["check", "--root", s(&site), "--format", "json"]);
    assert_eq!(single.status.code(), Some(1));
    for k in 1..=3 {
        let out = dir.path().join(format!("slice-{k}"));
        let o = build_with(&site, &out, Some(&format!("{k}/3")), &["--format", "json"]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert_eq!(o.stdout, single.stdout, "slice {k} reports what check does");
        assert!(!out.exists(), "nothing published");
    }
}

#[test]
fn bad_partition_flags_are_refused_in_danish() {
    let dir = tempfile::tempdir().unwrap();
    let site = corpus(dir.path(), 4);
    let out = dir.path().join("out");
    for bad in ["5/4", "0/3", "x", "1/0", "2", "1/2/3", "-1/2", ""] {
        let o = build(&site, &out, Some(bad));
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{bad}: {err}");
        assert!(
            err.contains(&format!("--partition {bad}`")) && err.contains("1 ≤ K ≤ N"),
            "{bad}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        assert!(!out.exists(), "{bad}: nothing written");
    }
    // The other language of the catalogue.
    let o = build_with(&site, &out, Some("5/4"), &["--lang", "en"]);
    assert!(stderr(&o).contains("cannot be used"), "{}", stderr(&o));
}

#[test]
fn slices_that_do_not_belong_together_are_refused_and_nothing_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    let site = corpus(dir.path(), 30);
    let slice = |name: &str, partition: &str| {
        let out = dir.path().join(name);
        build_slice(&site, &out, partition);
        out
    };
    let (a1, a2) = (slice("a1", "1/2"), slice("a2", "2/2"));
    let b3 = slice("b3", "2/3");
    let again = slice("a1-again", "1/2");
    // A published site from a good merge, which every refused merge below leaves as it was.
    let published = dir.path().join("published");
    assert!(merge(&published, &[&a1, &a2]).status.success());
    let before = tree(&published);
    let around = beside(&published);
    let refused = |slices: &[&Path], says: &str| {
        let o = merge(&published, slices);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains(says), "expected {says:?} in: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert_same_site(&before, &tree(&published));
        assert_eq!(beside(&published), around, "nothing left beside the output");
    };
    refused(&[&a1], "del 2 af 2 mangler");
    refused(&[&a1, &again], "del 1 er givet to gange");
    refused(&[&a1, &b3], "er en del af 3 dele");
    refused(&[], "");
    // Another content: one meeting edited after slice 1 was built.
    let first = meetings::meetings(1).next().unwrap();
    let file = site.join(format!("content/moeder/{}.md", first.slug()));
    common::edit(&file, "### Indstilling\n\n", "### Indstilling\n\nÆndret. ");
    let edited = slice("edited", "2/2");
    refused(&[&a1, &edited], "andet indhold");
    // Another protokol version.
    let manifest = a2.join(".protokol-slice/manifest.json");
    let text = common::read(&manifest);
    let old = text.replacen("\"protokol\":\"", "\"protokol\":\"0.0.1-", 1);
    std::fs::write(&manifest, &old).unwrap();
    refused(&[&a1, &a2], "er bygget af protokol 0.0.1-");
    std::fs::write(&manifest, &text).unwrap();
    // A folder that is no slice: a single build's output.
    let single = dir.path().join("single");
    assert!(build(&site, &single, None).status.success());
    refused(&[&a1, &single], "er ikke en del");
    // The output may not be one of the slices, nor a folder protokol did not make.
    let o = merge(&a1, &[&a1, &a2]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("delen"), "{}", stderr(&o));
    assert!(a1.join(".protokol-slice/manifest.json").exists());
    let foreign = dir.path().join("foreign");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("mine.txt"), "not protokol's").unwrap();
    let o = merge(&foreign, &[&a1, &a2]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(common::read(&foreign.join("mine.txt")), "not protokol's");
}
