//! Tables and calendars are rendered through the theme's `partials/table.html` and `partials/calendar.html`: a site
//! restyles them by overriding those templates, text stays escaped, and figures follow the build's language.

mod common;
use common::*;
use std::path::Path;

fn write(p: &Path, text: &str) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn the_site_restyles_tables_through_its_partials() {
    let (_dir, site) = bundled_copy();
    write(
        &site.join("templates/partials/table.html"),
        "<div class=\"egen-tabel\" id=\"egen-{{ table.id }}\">{{ table.title }}: \
         {% for r in table.rows %}{% for c in r.cells %}[{{ c.text }}]{% endfor %}{% endfor %}</div>\n",
    );
    let (_out_dir, out) = build_to_temp(&site);
    let page = read(&out.join("tabeller/govtech-budget/index.html"));
    assert!(
        page.contains("<div class=\"egen-tabel\" id=\"egen-govtech-budget\">"),
        "{page}"
    );
    assert!(
        page.contains("[1.300.000]"),
        "figures come formatted: {page}"
    );
    assert!(
        !page.contains("tabel-scroll"),
        "the default markup is gone: {page}"
    );
}

#[test]
fn the_default_table_markup_is_complete() {
    let (_dir, site) = bundled_copy();
    let (_out_dir, out) = build_to_temp(&site);
    let page = read(&out.join("tabeller/govtech-fordelingsnoegle/index.html"));
    for part in [
        "<figure class=\"tabel\" id=\"tabel-govtech-fordelingsnoegle\">",
        "<section class=\"tabel-scroll\" tabindex=\"0\" aria-label=\"GovTech Midtjylland – Bilag 5. Budgetforslag\"><table>",
        "<span class=\"undertitel\">",
        "<th scope=\"col\" class=\"tal\"",
        "<tr class=\"total\">",
        "<a class=\"afvigelse-mark\" href=\"#tabel-govtech-fordelingsnoegle-note-1\" aria-label=\"Bemærkning 1\">*1</a>",
        "<aside class=\"afvigelser\" aria-label=\"Bemærkninger til kilden\"><h3>Bemærkninger til kilden</h3><ol>",
        "<li id=\"tabel-govtech-fordelingsnoegle-note-1\">",
        "</ol></aside>\n</figure>",
    ] {
        assert!(page.contains(part), "{part} missing in {page}");
    }
    assert!(
        !page.lines().any(|l| l.ends_with(' ') || l.ends_with('\t')),
        "no trailing whitespace"
    );
}

#[test]
fn table_text_is_escaped() {
    let (_dir, site) = bundled_copy();
    edit(
        &site.join("content/tabeller/govtech-budget.yaml"),
        "betaler: \"BRAA/BRMV\"",
        "betaler: \"BRAA <script>alert(1)</script> & BRMV\"",
    );
    let (_out_dir, out) = build_to_temp(&site);
    let page = read(&out.join("tabeller/govtech-budget/index.html"));
    assert!(!page.contains("<script>alert(1)"), "{page}");
    assert!(
        page.contains("<td>BRAA &lt;script&gt;alert(1)&lt;/script&gt; &amp; BRMV</td>"),
        "{page}"
    );
}

#[test]
fn an_english_build_writes_figures_and_marks_in_english() {
    let (_dir, site) = bundled_copy();
    edit(
        &site.join("protokol.toml"),
        "language = \"da\"",
        "language = \"en\"",
    );
    let (_out_dir, out) = build_to_temp(&site);
    let page = read(&out.join("tabeller/govtech-fordelingsnoegle/index.html"));
    assert!(page.contains("aria-label=\"Note 1\">*1</a>"), "{page}");
    assert!(page.contains("<h3>Notes on the source</h3>"), "{page}");
    let budget = read(&out.join("tabeller/govtech-budget/index.html"));
    assert!(
        budget
            .contains("<td class=\"tal\" id=\"tabel-govtech-budget-drift-budget\">1,300,000</td>"),
        "{budget}"
    );
    assert!(
        !budget.contains("1.300.000"),
        "no Danish figures in English: {budget}"
    );
}
