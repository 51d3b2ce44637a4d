//! The bundled portal, built into a temporary directory: real pages, real figures in Danish format, links between
//! meetings, documents and tables, and the sources' discrepancies shown to readers.

mod common;
use common::*;
use protokol::model::table::Cell;
use std::path::PathBuf;
use std::sync::OnceLock;

fn built() -> &'static PathBuf {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let o = run(&[
            "build",
            "--root",
            repo().to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            !stderr(&o).contains("warning") && !stderr(&o).contains("advarsel["),
            "the bundled portal builds without warnings: {}",
            stderr(&o)
        );
        (dir, out)
    })
    .1
}

fn page(path: &str) -> String {
    read(&built().join(path))
}

#[test]
fn every_number_of_every_table_appears_in_danish_format() {
    let checked = protokol::load_and_check(&repo()).unwrap();
    let site = checked.site;
    let mut numbers = 0;
    for t in &site.tables {
        let html = page(&format!("tabeller/{}/index.html", t.id));
        for row in &t.rows {
            for (cell, col) in row.cells.iter().zip(&t.file.columns) {
                if let Cell::Number(n) = cell {
                    let danish = protokol::number::format_da(*n, col.decimals);
                    assert!(
                        html.contains(&format!(">{danish}<"))
                            || html.contains(&format!(">{danish} %<"))
                            || html.contains(&format!(">{danish}<a")),
                        "{}: {danish}",
                        t.id
                    );
                    numbers += 1;
                }
            }
        }
    }
    assert!(numbers > 600, "{numbers} numbers");
}

#[test]
fn fee_tables_show_the_seed_figures() {
    let fee2020 = page("tabeller/fsc-kontingent-2020/index.html");
    for n in ["1.350.000,00", "49.260,00", "1.326.340", "356.226,00"] {
        assert!(fee2020.contains(n), "{n}");
    }
    let fee2122 = page("tabeller/fsc-kontingent-2021-2022/index.html");
    for n in [
        "1.392.657",
        "1.856.876",
        "50.817",
        "67.756",
        "3.713.752",
        "2.785.314",
    ] {
        assert!(fee2122.contains(n), "{n}");
    }
    // The rounding drift of 2021 is explained to readers.
    assert!(
        fee2122.contains("1.392.656"),
        "the rows' sum is named in the note"
    );
    let quotas = page("tabeller/flygtninge-regionskvoter-2021/index.html");
    assert!(quotas.contains(">183<") && quotas.contains(">600<"));
}

#[test]
fn meeting_pages_have_dates_anchors_absences_and_attachments() {
    let m = page("moeder/2020-01-24-kd-net/index.html");
    assert!(m.contains("fredag den 24. januar 2020"));
    for n in 1..=17 {
        assert!(m.contains(&format!("id=\"punkt-{n}\"")), "item {n}");
    }
    assert!(m.contains("i stedet deltog Claus Brandt"));
    let kkr = page("moeder/2020-06-17-kkr-midtjylland/index.html");
    assert!(kkr.contains("id=\"punkt-3-6\"") && kkr.contains("id=\"gruppe-3\""));
    // (Template output escapes "/" in attributes as &#x2F;.)
    let kkr = kkr.replace("&#x2F;", "/");
    assert!(
        kkr.contains("href=\"../../dokumenter/landstal-2021-brev/index.html\""),
        "item 3.6 links its attachment"
    );
    assert!(
        kkr.contains("href=\"../../dokumenter/fsc-vedtaegter/index.html"),
        "item 3.5 links the statutes"
    );
    // The letter links back to the agenda item it is attached to.
    let letter = page("dokumenter/landstal-2021-brev/index.html").replace("&#x2F;", "/");
    assert!(letter.contains("\"../../moeder/2020-06-17-kkr-midtjylland/index.html#punkt-3-6\""));
    // Previous/next meeting of the same body.
    let kd21 = page("moeder/2021-05-21-kd-net/index.html").replace("&#x2F;", "/");
    assert!(kd21.contains("rel=\"prev\"") && kd21.contains("2020-01-24-kd-net"));
}

#[test]
fn statutes_have_section_anchors_and_linked_references() {
    let v = page("dokumenter/fsc-vedtaegter/index.html");
    for a in ["pkt-1", "pkt-4-7", "pkt-11-5", "bilag-1", "bilag-2"] {
        assert!(v.contains(&format!("id=\"{a}\"")), "{a}");
    }
    assert!(
        v.contains("#pkt-4-7\">jf. punkt 4.7</a>"),
        "reference phrase linked"
    );
    let bylaw = page("dokumenter/fsc-forretningsorden/index.html");
    assert!(
        bylaw.contains("\"../../dokumenter/fsc-vedtaegter/index.html#pkt-6-5\""),
        "bylaw refers to statute 6.5"
    );
}

#[test]
fn discrepancies_are_shown_to_readers() {
    let m = page("moeder/2020-01-24-kd-net/index.html");
    assert!(m.contains("class=\"afvigelse\""));
    assert!(
        m.contains("torsdag den 17. januar 2020"),
        "the weekday note quotes the source"
    );
    let gov = page("tabeller/govtech-fordelingsnoegle/index.html");
    assert!(
        gov.contains("afvigelser") && gov.contains("2.349.996"),
        "equal-split drift explained"
    );
}

#[test]
fn lists_per_body_by_year_and_home() {
    let kd = page("organer/kd-net/index.html");
    assert!(kd.contains("id=\"aar-2021\"") && kd.contains("id=\"aar-2020\""));
    let home = page("index.html");
    assert!(
        home.contains("Seneste møder")
            && home.contains("Vedtægter")
            && home.contains("Forretningsorden")
    );
    assert!(built().join("404.html").exists());
    assert!(built().join("soeg/index/manifest.json").exists());
}
