//! Dated versions of a statute (#14): the bundled FSC statute's January and June 2020 versions are published as
//! versions with their differences marked (each one the seeds have, in words and in `<del>`/`<ins>`), every
//! version has its own address with section anchors, search indexes only the current text, the sitemap lists the
//! version pages; and each rule of the version format has its passing and its failing case, reported in Danish
//! (English with `--lang en`) at file, line and column with what was expected and what was found.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const JANUARY: &str = "content/dokumenter/fsc-vedtaegter-2020-01.md";
const JUNE: &str = "content/dokumenter/fsc-vedtaegter.md";

/// The bundled portal, built once for this file.
fn bundled() -> &'static (tempfile::TempDir, PathBuf) {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    SITE.get_or_init(|| build_to_temp(&repo()))
}

fn page(path: &str) -> String {
    read(&bundled().1.join(path))
}

/// The diagnostics of `check` on `site` with `code`, and the exit code.
fn with_code(site: &Path, code: &str, lang: Option<&str>) -> (Option<i32>, Vec<serde_json::Value>) {
    let mut args = vec![
        "check",
        "--root",
        site.to_str().unwrap(),
        "--format",
        "json",
    ];
    if let Some(l) = lang {
        args.extend(["--lang", l]);
    }
    let o = run(&args);
    let all: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (
        o.status.code(),
        all.into_iter().filter(|d| d["code"] == code).collect(),
    )
}

/// The one error `code` after editing the bundled portal; asserts where it points.
fn one_error_after(
    edits: &[(&str, &str, &str)],
    code: &str,
    at: (&str, &str),
) -> serde_json::Value {
    let (_d, site) = bundled_copy();
    for (file, from, to) in edits {
        edit(&site.join(file), from, to);
    }
    let (exit, found) = with_code(&site, code, None);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(exit, Some(1));
    let d = found[0].clone();
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], at.0);
    let (line, column) = position_of(&site.join(at.0), at.1);
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(line), Some(column)),
        "{d:#?}"
    );
    d
}

#[test]
fn the_two_statute_versions_of_the_seeds_are_published_with_their_differences_marked() {
    let changes = page("dokumenter/fsc-vedtaegter/aendringer/index.html");
    // Every difference between seed 000 (January) and seed 003 (June), said in words …
    for said in [
        "»dertil« → »der til«",
        "»oplistet« → »oplyst«",
        "»Dagsorden« → »Dagsordenen«",
        "»markedsmæssige« → »markedsrelevante«",
        "»til« tilføjet",
        "»påhvilende« → »påhvillende«",
        "»anvendelsessupport« → »anvendelsesupport«",
        "»bevilligede« → »bevilgede«",
        "»IT-platform« → »IT-plattform«",
        "»forelægger« → »forelægges«",
        "»Indtægtpost« → »Indtægtspost«",
        "»Lønomkostninger« → »Lønomsomkostninger«",
        "»aflægger« → »aflægges«",
    ] {
        assert!(changes.contains(said), "{said}");
    }
    assert_eq!(changes.matches("Ændret i juni-versionen: ").count(), 12);
    // … the title the January text lacks, and nothing else.
    assert!(changes.contains("Tilføjet i juni-versionen."));
    // Thirteen sections: the two edits of Bilag 1's support tasks are one section.
    assert_eq!(changes.matches("<li class=\"aendring ").count(), 13);
    // Marked in the text, with words for screen readers, and the section linked in both versions.
    assert!(changes.contains(
        "<del><span class=\"visuelt-skjult\">[slettet: </span>oplistet<span class=\"visuelt-skjult\"> slut slettet]</span></del> <ins><span class=\"visuelt-skjult\">[tilføjet: </span>oplyst"
    ));
    assert!(
        changes.contains("versioner/2020-01-24/index.html#pkt-2-5\">2.5 · Januar-versionen</a>")
    );
    assert!(changes.contains("versioner/2020-06-17/index.html#pkt-2-5\">2.5 · Juni-versionen</a>"));
    assert!(!changes.contains("<script"), "readable without JavaScript");
}

#[test]
fn every_version_has_its_own_page_with_anchors_and_the_switcher() {
    let january = page("dokumenter/fsc-vedtaegter/versioner/2020-01-24/index.html");
    let at = january
        .find("id=\"pkt-2-5\"")
        .expect("2.5 has its anchor in the January version");
    assert!(january[at..at + 800].contains("oplistet"));
    assert!(january.contains(
        "Du læser januar-versionen (24. januar 2020). Dette er ikke den gældende tekst."
    ));
    assert!(january.contains("2020-01-24/index.html\" aria-current=\"page\">Januar-versionen</a>"));
    assert!(january.contains("Status: Forslag"));
    // The document's address shows the current version (June: the latest, none being adopted).
    let current = page("dokumenter/fsc-vedtaegter/index.html");
    let at = current.find("id=\"pkt-2-5\"").unwrap();
    assert!(current[at..at + 800].contains("oplyst"));
    assert!(!current.contains("Dette er ikke den gældende tekst"));
    assert!(current.contains("Juni-versionen</a> <strong>(gældende tekst)</strong>"));
    assert!(current.contains("Gældende fra: ikke fastsat"));
    assert!(current.contains("aendringer/index.html\">Ændringer mellem versionerne</a>"));
    let june = page("dokumenter/fsc-vedtaegter/versioner/2020-06-17/index.html");
    assert!(june.contains("2020-06-17/index.html\" aria-current=\"page\">Juni-versionen</a>"));
    // The January version's self references link within the January version.
    assert!(january.contains(
        "href=\"../../../../dokumenter/fsc-vedtaegter/versioner/2020-01-24/index.html#pkt-5-1\""
    ));
}

#[test]
fn search_indexes_the_current_text_only_and_the_sitemap_lists_every_version() {
    let out = &bundled().1;
    let index: String = files_below(&out.join("soeg"))
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap_or_default())
        .collect();
    assert!(index.contains("oplyst"));
    assert!(
        !index.contains("oplistet"),
        "the January text is not searchable as a second statute"
    );
    assert!(!index.contains("versioner/"));
    assert!(!index.contains("fsc-vedtaegter-2020-01"));
    // The documents list shows the statute once.
    let list = page("dokumenter/index.html");
    assert_eq!(
        list.matches("dokumenter/fsc-vedtaegter/index.html").count(),
        1
    );
    assert!(!list.contains("fsc-vedtaegter-2020-01"));

    let sitemap = bundled_sitemap("https://moeder.example.dk/");
    for url in [
        "versioner/2020-01-24/",
        "versioner/2020-06-17/",
        "aendringer/",
    ] {
        assert!(
            sitemap.contains(&format!(
                "https://moeder.example.dk/dokumenter/fsc-vedtaegter/{url}</loc><lastmod>"
            )),
            "{url}"
        );
    }
}

#[test]
fn a_section_added_removed_or_renumbered_between_versions_is_marked_so() {
    let (_d, site) = bundled_copy();
    // Without 2.7 in January, June's 2.7 is new; January's extra 3.8 went.
    let two_seven = "2.7 Fælles Service Center indebærer ingen indskrænkninger i de beføjelser, som efter lovgivningen tilkommer medlemmernes styrelsesorganer.\n";
    edit(&site.join(JANUARY), two_seven, "");
    edit(
        &site.join(JANUARY),
        "## 4. Generalforsamling",
        "3.8 Et afsnit, som kun januar-versionen har.\n\n## 4. Generalforsamling",
    );
    let (_o, out) = build_to_temp(&site);
    let changes = read(&out.join("dokumenter/fsc-vedtaegter/aendringer/index.html"));
    assert!(changes.contains(
        "<span class=\"aendring-type\">Tilføjet:</span> 2.7 Fælles Service Center indebærer"
    ));
    assert!(changes.contains(
        "<span class=\"aendring-type\">Udgået:</span> 3.8 Et afsnit, som kun januar-versionen har."
    ));
    assert!(changes.contains("Tilføjet i juni-versionen."));
    assert!(changes.contains("Udgået i juni-versionen."));
    assert!(changes.contains("<del><span class=\"visuelt-skjult\">[slettet: </span>3.8 Et afsnit"));

    // Numbered 2.8 in January and declared renumbered (June's 2.7 is January's 2.8), it is one section changed.
    let (_d, site) = bundled_copy();
    edit(
        &site.join(JANUARY),
        "2.7 Fælles Service Center indebærer",
        "2.8 Fælles Service Center indebærer",
    );
    edit(
        &site.join(JUNE),
        "  date: 2020-06-17\n",
        "  date: 2020-06-17\n  renumbered:\n    pkt-2-7: pkt-2-8\n",
    );
    let (_o, out) = build_to_temp(&site);
    let changes = read(&out.join("dokumenter/fsc-vedtaegter/aendringer/index.html"));
    assert!(!changes.contains("Udgået i juni-versionen."));
    assert!(changes.contains("Ændret i juni-versionen: »2.8« → »2.7«"));
    assert!(
        changes.contains("versioner/2020-01-24/index.html#pkt-2-8\">2.8 · Januar-versionen</a>")
    );
    assert_eq!(changes.matches("<li class=\"aendring ").count(), 14);
}

#[test]
fn the_bundled_versions_check_clean() {
    for code in [
        "version-of",
        "version-date",
        "version-renumbered",
        "invalid-date",
        "missing-field",
    ] {
        let (exit, found) = with_code(&repo(), code, None);
        assert!(found.is_empty(), "{found:#?}");
        assert_eq!(exit, Some(0));
    }
}

#[test]
fn a_version_of_a_missing_document_is_an_error_at_version_of() {
    let d = one_error_after(
        &[(
            JANUARY,
            "version_of: fsc-vedtaegter",
            "version_of: fsc-vedtaegterne",
        )],
        "version-of",
        (JANUARY, "fsc-vedtaegterne"),
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("»fsc-vedtaegterne«"),
        "{d:#?}"
    );
    assert_eq!(d["found"], "fsc-vedtaegterne");
    assert!(d["expected"]
        .as_str()
        .unwrap()
        .contains("content/dokumenter/"));
    // In English on request.
    let (_d, site) = bundled_copy();
    edit(
        &site.join(JANUARY),
        "version_of: fsc-vedtaegter",
        "version_of: fsc-vedtaegterne",
    );
    let (_, found) = with_code(&site, "version-of", Some("en"));
    assert!(found[0]["message"]
        .as_str()
        .unwrap()
        .contains("names the document “fsc-vedtaegterne”"));
}

#[test]
fn two_versions_with_the_same_date_are_an_error_at_the_later_file() {
    let d = one_error_after(
        &[(JANUARY, "  date: 2020-01-24", "  date: 2020-06-17")],
        "version-date",
        (JANUARY, "2020-06-17"),
    );
    assert_eq!(d["found"], "2020-06-17");
    assert!(d["message"].as_str().unwrap().contains(JUNE), "{d:#?}");
}

#[test]
fn a_valid_from_that_is_not_a_date_is_an_error_at_it() {
    let d = one_error_after(
        &[(
            JUNE,
            "  date: 2020-06-17\n",
            "  date: 2020-06-17\n  valid_from: 1. september 2020\n",
        )],
        "invalid-date",
        (JUNE, "1. september 2020"),
    );
    assert_eq!(d["found"], "1. september 2020");
    // A date is shown as "gældende fra".
    let (_d, site) = bundled_copy();
    edit(
        &site.join(JUNE),
        "  date: 2020-06-17\n",
        "  date: 2020-06-17\n  valid_from: 2020-09-01\n",
    );
    let (_o, out) = build_to_temp(&site);
    assert!(read(&out.join("dokumenter/fsc-vedtaegter/index.html"))
        .contains("Gældende fra: 1. september 2020"));
}

#[test]
fn the_main_file_must_hold_the_current_version() {
    // Adopted, January would be the current text (the latest adopted): the main file must hold it.
    let d = one_error_after(
        &[(JANUARY, "status: proposed", "status: adopted")],
        "version-date",
        (JUNE, "2020-06-17"),
    );
    assert_eq!(d["found"], JANUARY);
}

#[test]
fn renumbered_must_name_units_of_both_versions() {
    let d = one_error_after(
        &[(
            JUNE,
            "  date: 2020-06-17\n",
            "  date: 2020-06-17\n  renumbered:\n    pkt-2-7: pkt-2-9\n",
        )],
        "version-renumbered",
        (JUNE, "pkt-2-9"),
    );
    assert_eq!(d["found"], "pkt-2-7: pkt-2-9");
    one_error_after(
        &[(
            JUNE,
            "  date: 2020-06-17\n",
            "  date: 2020-06-17\n  renumbered:\n    pkt-2-9: pkt-2-7\n",
        )],
        "version-renumbered",
        (JUNE, "pkt-2-7\n"),
    );
}

#[test]
fn a_version_needs_its_version_block_and_other_documents_their_title() {
    one_error_after(
        &[(
            JANUARY,
            "version:\n  label: \"Januar-versionen\"",
            "januar:\n  label: \"Januar-versionen\"",
        )],
        "unknown-field",
        (JANUARY, "januar:"),
    );
    let d = one_error_after(
        &[(
            JANUARY,
            "version:\n  label: \"Januar-versionen\"\n  description: \"Bilag til referatet af KD-Net-mødet 24. januar 2020\"\n  date: 2020-01-24\n",
            "",
        )],
        "version-of",
        (JANUARY, "kind:"),
    );
    assert!(d["message"].as_str().unwrap().contains("version"), "{d:#?}");
    let d = one_error_after(
        &[(JUNE, "title: \"Vedtægter for Fælles Service Center, Forening med begrænset ansvar (FMBA)\"\n", "")],
        "missing-field",
        (JUNE, "kind:"),
    );
    assert!(d["message"].as_str().unwrap().contains("title"));
}
