//! The citizen's view of the bundled portal (#14): the figures of every table shown as proven, in the build's
//! language, with any acknowledged discrepancy beside the statement it concerns.

mod common;

use common::*;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The bundled portal, built once for this file.
fn bundled() -> &'static (tempfile::TempDir, PathBuf) {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    SITE.get_or_init(|| build_to_temp(&repo()))
}

fn page(path: &str) -> String {
    read(&bundled().1.join(path))
}

/// The statements of the table with id `id` on a page: the text of each `<li>` of its proofs section, tags
/// removed ("… ✓ (passer)").
fn statements(html: &str, id: &str) -> Vec<String> {
    let open = format!("<div class=\"bevis\" id=\"tabel-{id}-bevis\">");
    let Some(start) = html.find(&open) else {
        return Vec::new();
    };
    let section = &html[start..];
    let section = &section[..section.find("</ul></div>").unwrap()];
    section
        .split("<li>")
        .skip(1)
        .map(|li| {
            let li = &li[..li.find("</li>").unwrap_or(li.len())];
            let mut text = String::new();
            let mut in_tag = false;
            for c in li.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text
        })
        .collect()
}

#[test]
fn the_allocation_table_says_in_danish_which_rules_hold_with_its_figures() {
    let s = statements(
        &page("tabeller/fsc-kontingent-2020/index.html"),
        "fsc-kontingent-2020",
    );
    let expected = [
        "2.700.000 kr. er delt: 50 % (1.350.000 kr.) til «I alt i Region Midtjylland», 50 % (1.350.000 kr.) til «I alt i kommunerne» ✓ (passer)",
        "De 19 rækker i «Folketal» summerer til 1.326.340 personer («I alt i kommunerne») ✓ (passer)",
        "De 19 rækker i «Folketal» summerer til 1.326.340 personer («I alt i Region Midtjylland») ✓ (passer)",
        "«Andel af 2,7 mio. kr. (50/50 fordeling)»: 1.350.000 kr. («I alt i kommunerne») er fordelt på de 19 rækker efter «Folketal», rundet halvt op til hele kroner ✓ (passer)",
        "De 19 andele i «Andel af 2,7 mio. kr. (50/50 fordeling)» summerer til 1.350.000 kr. («I alt i kommunerne») ✓ (passer)",
    ];
    assert_eq!(s, expected);
}

#[test]
fn a_rule_with_an_acknowledged_discrepancy_gets_no_check_mark_and_shows_the_discrepancy() {
    let html = page("tabeller/fsc-kontingent-2021-2022/index.html");
    let s = statements(&html, "fsc-kontingent-2021-2022");
    let sum_2021 = s
        .iter()
        .find(|l| l.starts_with("De 19 rækker i «Andel af 2.785.314 kr."))
        .expect("the 2021 sum");
    assert!(!sum_2021.contains('✓'), "{sum_2021}");
    assert!(
        sum_2021.contains("Afvigelse i kilden: «Andel af 2.785.314 kr. (50/50 fordeling)»: totalen er 1.392.657, men de 19 rækker giver tilsammen 1.392.656 (forskel 1; registreret som fejl i kilden) (se bemærkning 1)"),
        "{sum_2021}"
    );
    // The link leads to the note printed with the table.
    assert!(html.contains("href=\"#tabel-fsc-kontingent-2021-2022-note-1\""));
    assert!(html.contains("id=\"tabel-fsc-kontingent-2021-2022-note-1\""));
    // The same rule's other column holds and is marked so.
    assert!(s.contains(&"De 19 rækker i «Andel af 3.713.752 kr. (50/50 fordeling)» summerer til 1.856.876 kr. («I alt kommunerne») ✓ (passer)".to_string()), "{s:#?}");
    // Every statement is either proven or shows why not.
    for l in &s {
        assert!(l.contains('✓') || l.contains("Afvigelse i kilden"), "{l}");
    }
}

#[test]
fn rows_without_a_printed_label_and_rules_across_tables_are_named_in_words() {
    let s = statements(
        &page("tabeller/govtech-budget/index.html"),
        "govtech-budget",
    )
    .join("\n");
    assert!(s.contains("«Kommunal andel», «betaling» er det samme tal som «I alt (Kommuner)», «Sum» i «GovTech Midtjylland – Bilag 5. Budgetforslag»: 4.700.000 ✓"), "{s}");
    // No rule id and no row id reaches the reader.
    for id in ["kommuner-i-alt", "kommunal-andel-bilag-5", "i-alt"] {
        assert!(!s.contains(id), "{id} in {s}");
    }
}

#[test]
fn a_table_placed_in_a_document_states_its_proofs_too() {
    let s = statements(
        &page("dokumenter/fsc-organisering-notat/index.html"),
        "fsc-kontingent-2020",
    );
    assert!(
        s.contains(&"De 19 andele i «Andel af 2,7 mio. kr. (50/50 fordeling)» summerer til 1.350.000 kr. («I alt i kommunerne») ✓ (passer)".to_string()),
        "{s:#?}"
    );
    // The marker the statements replace never reaches a page.
    let out = &bundled().1;
    for p in [
        "dokumenter/fsc-organisering-notat/index.html",
        "moeder/2020-01-24-kd-net/index.html",
    ] {
        assert!(!read(&out.join(p)).contains("protokol-proofs"), "{p}");
    }
}

#[test]
fn a_figure_that_breaks_its_rule_publishes_nothing() {
    // The failing case: one share changed by 1 kr. The checker refuses it, so no page claims the rule holds.
    let (dir, site) = bundled_copy();
    edit(
        &site.join("content/tabeller/fsc-kontingent-2020.yaml"),
        "andel: 49260.00",
        "andel: 49261.00",
    );
    let out = dir.path().join("public");
    let o = run(&[
        "build",
        "--root",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(!out.join("tabeller/fsc-kontingent-2020/index.html").exists());
}

/// The bundled portal built with `language = "en"`.
fn english() -> &'static (tempfile::TempDir, PathBuf) {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    SITE.get_or_init(|| {
        let (dir, site) = bundled_copy();
        edit(
            &site.join("protokol.toml"),
            "language = \"da\"",
            "language = \"en\"",
        );
        let out = dir.path().join("public");
        build_ok(&site, &out);
        (dir, out)
    })
}

#[test]
fn an_english_build_states_the_proofs_in_english() {
    let html = read(&english().1.join("tabeller/fsc-kontingent-2020/index.html"));
    let s = statements(&html, "fsc-kontingent-2020");
    assert!(s.contains(&"The 19 shares in “Andel af 2,7 mio. kr. (50/50 fordeling)” add up to 1,350,000 kr. (“I alt i kommunerne”) ✓ (holds)".to_string()), "{s:#?}");
    assert!(s.contains(&"“Andel af 2,7 mio. kr. (50/50 fordeling)”: 1,350,000 kr. (“I alt i kommunerne”) is allocated over the 19 rows by “Folketal”, rounded half up to whole kroner ✓ (holds)".to_string()), "{s:#?}");
    assert!(html.contains("The figures, checked"));
    assert!(!html.contains("summerer"));
}

/// The chart of the table `id` on a page: its SVG markup, if there is one.
fn chart<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let open = format!("aria-labelledby=\"diagram-{id}-titel diagram-{id}-beskrivelse\"");
    let start = html.find(&open)?;
    let svg = &html[start..];
    Some(&svg[..svg.find("</svg>")?])
}

#[test]
fn an_allocation_table_has_a_chart_with_a_bar_and_a_figure_per_municipality() {
    let html = page("tabeller/fsc-kontingent-2020/index.html");
    let svg = chart(&html, "fsc-kontingent-2020").expect("a chart");
    // A text alternative: role="img" named by its title and description.
    assert!(html.contains("<svg role=\"img\" aria-labelledby=\"diagram-fsc-kontingent-2020-titel"));
    assert!(svg.contains("<title id=\"diagram-fsc-kontingent-2020-titel\">Diagram: «Andel af 2,7 mio. kr. (50/50 fordeling)» i «Bilag 3. Kontingentniveau pr. kommune i Midtjylland og Region Midtjylland»</title>"), "{svg}");
    assert!(svg.contains("Søjlediagram med 19 søjler, én for hver række i tabellen; den største er Aarhus Kommune med 356.226,00 kr., vist mod I alt i kommunerne (1.350.000,00 kr.) øverst."), "{svg}");
    // 19 municipalities, each with its share against the municipalities' total, which is the reference bar.
    assert_eq!(svg.matches("<g class=\"diagram-soejle\">").count(), 19);
    assert_eq!(svg.matches("<g class=\"diagram-i-alt\">").count(), 1);
    assert!(svg.contains("<text x=\"0\" y=\"455\">Aarhus Kommune</text><text x=\"100%\" y=\"455\" text-anchor=\"end\">356.226,00 kr. (26,4 %)</text><rect x=\"0%\" y=\"461\" width=\"26.39%\" height=\"12\"></rect>"), "{svg}");
    assert!(svg.contains("width=\"100%\" height=\"12\"></rect>"));
    // The table stays beside the chart, and no script draws it.
    assert!(html.contains(
        "<td class=\"tal\" id=\"tabel-fsc-kontingent-2020-aarhus-kommune-andel\">356.226,00</td>"
    ));
    assert!(!html.contains("<script"), "no script on a table page");
}

#[test]
fn a_quota_table_shows_each_regional_quota_against_the_national_one() {
    let html = page("tabeller/flygtninge-regionskvoter-2021/index.html");
    let svg = chart(&html, "flygtninge-regionskvoter-2021").expect("a chart");
    assert_eq!(svg.matches("<g class=\"diagram-soejle\">").count(), 5);
    assert!(svg.contains(">Total (landstal)</text><text x=\"100%\" y=\"15\" text-anchor=\"end\">600 personer</text>"), "{svg}");
    assert!(
        svg.contains(">183 personer (30,5 %)</text><rect x=\"0%\" y=\"181\" width=\"30.50%\""),
        "{svg}"
    );
    // Placed in the letter that prints it, the table brings its chart.
    assert!(chart(
        &page("dokumenter/landstal-2021-brev/index.html"),
        "flygtninge-regionskvoter-2021"
    )
    .is_some());
}

#[test]
fn tables_that_are_not_allocations_or_quotas_have_no_chart_by_default() {
    for id in [
        "fsc-oegede-driftsomkostninger",
        "klimatiltag-matrix-1",
        "paedagoguddannelse-specialiseringer",
    ] {
        let html = page(&format!("tabeller/{id}/index.html"));
        assert!(chart(&html, id).is_none(), "{id}");
        assert!(!html.contains("<svg role=\"img\""), "{id}");
    }
}

#[test]
fn diagram_false_removes_the_chart_and_diagram_true_adds_one() {
    let (dir, site) = bundled_copy();
    edit(
        &site.join("content/tabeller/fsc-kontingent-2020.yaml"),
        "unit: kr.\n",
        "unit: kr.\ndiagram: false\n",
    );
    edit(
        &site.join("content/tabeller/fsc-oegede-driftsomkostninger.yaml"),
        "unit: kr.\n",
        "unit: kr.\ndiagram: true\n",
    );
    let out = dir.path().join("public");
    build_ok(&site, &out);
    let fee = read(&out.join("tabeller/fsc-kontingent-2020/index.html"));
    assert!(chart(&fee, "fsc-kontingent-2020").is_none());
    assert!(
        !read(&out.join("dokumenter/fsc-organisering-notat/index.html"))
            .contains("diagram-fsc-kontingent-2020")
    );
    let budget = read(&out.join("tabeller/fsc-oegede-driftsomkostninger/index.html"));
    let svg = chart(&budget, "fsc-oegede-driftsomkostninger").expect("an opted-in chart");
    assert!(svg.contains("<g class=\"diagram-soejle\">"));
    // A value that is no boolean is an error at the field.
    edit(
        &site.join("content/tabeller/fsc-kontingent-2020.yaml"),
        "diagram: false",
        "diagram: maaske",
    );
    let o = run(&["check", "--root", site.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("fsc-kontingent-2020.yaml:7"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_english_build_describes_the_chart_in_english() {
    let html = read(&english().1.join("tabeller/fsc-kontingent-2020/index.html"));
    let svg = chart(&html, "fsc-kontingent-2020").expect("a chart");
    assert!(svg.contains("Bar chart with 19 bars, one for each row of the table; the largest is Aarhus Kommune with 356,226.00 kr., shown against I alt i kommunerne (1,350,000.00 kr.) at the top."), "{svg}");
    assert!(svg.contains(">356,226.00 kr. (26.4 %)</text>"), "{svg}");
}

#[test]
fn every_body_has_a_page_even_without_meetings_and_it_is_in_the_navigation() {
    // FSC (the association) holds no meetings in the portal; its page lists its documents.
    let fsc = page("organer/fsc/index.html");
    assert!(fsc.contains("<h1>Fælles Service Center</h1>"));
    assert!(fsc.contains("Portalen har ingen møder fra dette organ."));
    for doc in [
        "fsc-vedtaegter",
        "fsc-forretningsorden",
        "fsc-organisering-notat",
    ] {
        assert!(
            fsc.contains(&format!("href=\"../../dokumenter/{doc}/index.html\"")),
            "{doc} on the FSC page"
        );
    }
    // No calendar link to a calendar that does not exist.
    assert!(!fsc.contains("kalender/fsc.ics"));
    // Every page's navigation and the home page link to it; a document of FSC names it with a link.
    for p in ["index.html", "moeder/2020-01-24-kd-net/index.html"] {
        assert!(page(p).contains("organer/fsc/index.html\">FSC</a>"), "{p}");
    }
    assert!(page("dokumenter/fsc-vedtaegter/index.html")
        .contains("<a href=\"../../organer/fsc/index.html\">Fælles Service Center</a>"));
}

#[test]
fn each_body_has_a_page_per_year_it_met_linked_from_its_page_and_its_meetings() {
    let year = page("organer/kd-net/2020/index.html");
    assert!(year.contains("<h1>Møder i Kommunaldirektørnetværket i den midtjyske region 2020</h1>"));
    assert!(year.contains("href=\"../../../moeder/2020-01-24-kd-net/index.html\""));
    // Only that year's meetings, and a link to the next year the body met in.
    assert!(!year.contains("2021-05-21-kd-net"));
    assert!(year.contains(
        "<a href=\"../../../organer/kd-net/2021/index.html\" rel=\"next\">Året efter: 2021</a>"
    ));
    assert!(page("organer/kd-net/2021/index.html").contains("rel=\"prev\">Året før: 2020</a>"));
    assert!(page("organer/kkr-midtjylland/2020/index.html").contains("2020-06-17-kkr-midtjylland"));
    // No page for a year without meetings, nor for a body without any.
    let out = &bundled().1;
    assert!(!out.join("organer/kd-net/2019").exists());
    assert!(!out.join("organer/fsc/2020").exists());
    // The body page links each year, and a meeting's breadcrumb goes body › year.
    assert!(page("organer/kd-net/index.html").contains(
        "<h2 id=\"aar-2020\"><a href=\"../../organer/kd-net/2020/index.html\">2020</a></h2>"
    ));
    assert!(page("moeder/2020-01-24-kd-net/index.html").contains(
        "<a href=\"../../organer/kd-net/index.html\">KD-Net</a> › <a href=\"../../organer/kd-net/2020/index.html\">2020</a> ›"
    ));
}

#[test]
fn body_and_year_pages_are_in_the_sitemap_and_in_english_in_an_english_build() {
    let (dir, site) = bundled_copy();
    edit(
        &site.join("protokol.toml"),
        "base_url = \"/\"",
        "base_url = \"/\"\nurl = \"https://moeder.example.org/\"",
    );
    let out = dir.path().join("public");
    build_ok(&site, &out);
    let sitemap = read(&out.join("sitemap.xml"));
    for loc in [
        "organer/fsc/",
        "organer/kd-net/2020/",
        "organer/kkr-midtjylland/2020/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://moeder.example.org/{loc}</loc>")),
            "{loc} in {sitemap}"
        );
    }
    let en = &english().1;
    assert!(read(&en.join("organer/fsc/index.html"))
        .contains("The portal holds no meetings of this body."));
    assert!(read(&en.join("organer/kd-net/2020/index.html")).contains("The year after: 2021"));
}
