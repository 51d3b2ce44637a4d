//! The meetings as a Zola site (content/moeder/*.md with TOML front matter, the same Markdown as protokol's) with a
//! minimal theme of the pages protokol makes from them: a page per meeting, the front page (latest meetings,
//! bodies), the list of all meetings, a page per body with its meetings by year, a 404 page, the same stylesheet
//! and icon. Zola has no per-page output formats, so no calendar files. `config.search.toml` is the same site with
//! Zola's own search index (elasticlunr, `zola --config config.search.toml build`).

use crate::meetings::{Meeting, BODIES};
use std::fmt::Write as _;
use std::path::Path;

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("zola/base.html")),
    ("index.html", include_str!("zola/index.html")),
    ("section.html", include_str!("zola/section.html")),
    ("page.html", include_str!("zola/page.html")),
    (
        "taxonomy_list.html",
        include_str!("zola/taxonomy_list.html"),
    ),
    (
        "taxonomy_single.html",
        include_str!("zola/taxonomy_single.html"),
    ),
    ("404.html", include_str!("zola/404.html")),
];

fn config(search: bool) -> String {
    let mut c = format!(
        "base_url = \"/\"\ntitle = \"Syntetisk mødeportal\"\ndescription = \"Dagsordener og referater\"\ndefault_language = \"da\"\ncompile_sass = false\ngenerate_feed = false\nbuild_search_index = {search}\ntaxonomies = [{{ name = \"organer\" }}]\n\n[markdown]\nhighlight_code = false\n\n[extra]\nbodies = [\n"
    );
    for (id, name) in BODIES {
        let _ = writeln!(c, "  {{ id = {id:?}, name = {name:?} }},");
    }
    c.push_str("]\n");
    c
}

/// The configurations, templates, stylesheet and the list's section; then each meeting is `write`n.
pub fn begin(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("content/moeder"))?;
    std::fs::write(dir.join("config.toml"), config(false))?;
    std::fs::write(dir.join("config.search.toml"), config(true))?;
    std::fs::create_dir_all(dir.join("templates"))?;
    for (path, text) in TEMPLATES {
        std::fs::write(dir.join("templates").join(path), text)?;
    }
    crate::copy_theme_static(&dir.join("static/static"))?;
    std::fs::write(
        dir.join("content/moeder/_index.md"),
        "+++\ntitle = \"Alle møder\"\nsort_by = \"date\"\n+++\n",
    )?;
    Ok(())
}

/// One meeting as content/moeder/<date>-<body>.md; returns the bytes written. The slug is given, since Zola
/// takes a leading date off a file name.
pub fn write(dir: &Path, m: &Meeting) -> std::io::Result<usize> {
    let front = format!(
        "+++\ntitle = {:?}\ndate = {}\nslug = {:?}\n\n[taxonomies]\norganer = [{:?}]\n{}+++\n",
        m.title,
        m.date.format("%Y-%m-%d"),
        m.slug(),
        m.body,
        crate::toml_front::facts(m, "extra")
    );
    m.write_file(dir, &front)
}
