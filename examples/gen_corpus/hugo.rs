//! The meetings as a Hugo site (content/moeder/*.md with TOML front matter, the same Markdown as protokol's) with a
//! minimal theme of the pages protokol makes from them: a page and a calendar file per meeting, the front page
//! (latest meetings, bodies), the list of all meetings, a page and a calendar per body with its meetings by year,
//! the whole calendar, a 404 page, the same stylesheet and icon.

use crate::meetings::{Meeting, BODIES};
use std::path::Path;

const CONFIG: &str = r#"baseURL = "/"
title = "Syntetisk mødeportal"
locale = "da"
defaultContentLanguage = "da"
disableKinds = ["rss", "sitemap", "taxonomy"]
enableRobotsTXT = true
# The generated meetings run into the future (one a day from 1990): build them all, as protokol does.
buildFuture = true

[params]
description = "Dagsordener og referater"

[taxonomies]
organ = "organer"

[outputs]
home = ["html", "calendar"]
page = ["html", "calendar"]
section = ["html"]
term = ["html", "calendar"]
"#;

const LAYOUTS: &[(&str, &str)] = &[
    ("baseof.html", include_str!("hugo/baseof.html")),
    ("home.html", include_str!("hugo/home.html")),
    ("section.html", include_str!("hugo/section.html")),
    ("term.html", include_str!("hugo/term.html")),
    ("page.html", include_str!("hugo/page.html")),
    ("404.html", include_str!("hugo/404.html")),
    ("page.calendar.ics", include_str!("hugo/page.calendar.ics")),
    ("list.calendar.ics", include_str!("hugo/list.calendar.ics")),
    ("_partials/header.html", include_str!("hugo/header.html")),
    ("_partials/event.ics", include_str!("hugo/event.ics")),
    (
        "_markup/render-heading.html",
        include_str!("hugo/render-heading.html"),
    ),
];

/// The configuration, layouts, stylesheet and the bodies' and list's pages; then each meeting is `write`n.
pub fn begin(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("content/moeder"))?;
    std::fs::write(dir.join("hugo.toml"), CONFIG)?;
    for (path, text) in LAYOUTS {
        let to = dir.join("layouts").join(path);
        std::fs::create_dir_all(to.parent().expect("a layout is in a folder"))?;
        std::fs::write(to, text)?;
    }
    crate::copy_theme_static(&dir.join("static/static"))?;
    std::fs::write(
        dir.join("content/moeder/_index.md"),
        "+++\ntitle = \"Alle møder\"\n+++\n",
    )?;
    for (id, name) in BODIES {
        let term = dir.join("content/organer").join(id);
        std::fs::create_dir_all(&term)?;
        std::fs::write(
            term.join("_index.md"),
            format!("+++\ntitle = {name:?}\n+++\n"),
        )?;
    }
    Ok(())
}

/// One meeting as content/moeder/<date>-<body>.md; returns the bytes written.
pub fn write(dir: &Path, m: &Meeting) -> std::io::Result<usize> {
    let front = format!(
        "+++\ntitle = {:?}\ndate = {}\norganer = [{:?}]\n{}+++\n",
        m.title,
        m.date.format("%Y-%m-%d"),
        m.body,
        crate::toml_front::facts(m, "params")
    );
    m.write_file(dir, &front)
}
