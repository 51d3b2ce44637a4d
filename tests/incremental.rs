//! Incremental rebuilds (`protokol serve`): after every edit in a series, the output is identical, byte for byte,
//! to a full `protokol build` of the same content, the search index in what it means (`tree_by_meaning`: serve's
//! document ids do not move when units come or go); an edit that introduces an error leaves the output untouched.

mod common;
use common::*;
use protokol::build::Workspace;
use std::path::{Path, PathBuf};

/// Asserts that the workspace's output equals a fresh full build of `site` (the search index by meaning).
fn assert_same_as_full_build(site: &Path, output: &Path, step: &str) {
    let fresh = site.parent().unwrap().join("fresh");
    let _ = std::fs::remove_dir_all(&fresh);
    let (_, diags) = protokol::build(site, &fresh, false, &|_| {}).unwrap();
    assert!(
        !diags.has_errors(),
        "{step}: full build fails: {:?}",
        diags.items
    );
    let (a, b) = (tree_by_meaning(output), tree_by_meaning(&fresh));
    let only_inc: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_full: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_inc.is_empty() && only_full.is_empty(),
        "{step}: files only in the incremental output {only_inc:?}, only in the full build {only_full:?}"
    );
    let differing: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    assert!(differing.is_empty(), "{step}: files differ: {differing:?}");
}

/// Asserts that the workspace reports exactly the diagnostics a full build of the same content reports.
fn assert_same_diagnostics(ws: &Workspace, site: &Path, step: &str) {
    let fresh = site.parent().unwrap().join("fresh");
    let (_, full) = protokol::build(site, &fresh, false, &|_| {}).unwrap();
    let key = |d: &protokol::diagnostics::Diagnostic| {
        format!(
            "{:?} {} {:?}:{}:{} {} {:?} {:?}",
            d.severity, d.code, d.file, d.line, d.column, d.message, d.expected, d.found
        )
    };
    let a: Vec<String> = ws.diags.items.iter().map(key).collect();
    let b: Vec<String> = full.items.iter().map(key).collect();
    assert_eq!(a, b, "{step}: diagnostics differ from a full build's");
}

struct Session {
    site: PathBuf,
    output: PathBuf,
    ws: Workspace,
}

impl Session {
    fn new() -> (tempfile::TempDir, Session) {
        let (dir, site) = bundled_copy();
        // With an absolute URL the site has every output (feeds, sitemap and OParl need one): all are compared.
        with_site_url(&site);
        let output = site.join("public");
        let mut ws = Workspace::new(&site, &output);
        let r = ws.build_all().unwrap();
        assert!(!ws.diags.has_errors(), "{:?}", ws.diags.items);
        assert!(r.full_render);
        (dir, Session { site, output, ws })
    }

    /// Applies an edit to one file and rebuilds with that path as the change.
    fn change(&mut self, rel: &str, from: &str, to: &str) -> protokol::build::Report {
        let p = self.site.join(rel);
        edit(&p, from, to);
        self.ws.rebuild(&[p]).unwrap()
    }

    /// One step of a series of edits checked like a full check: `"+"` writes the meeting `copy.0` as a copy of
    /// `copy.1` with `copy.2` replaced by `copy.3`, `"-"` deletes it, any other file is edited (`from` → `to`).
    /// Asserts that only what the edit touched was checked again, whether `MEETING` has an error, and that the
    /// diagnostics and the model's order are a fresh load's.
    fn recheck_step(
        &mut self,
        step: &str,
        (file, from, to): (&str, &str, &str),
        copy: (&Path, &str, &str, &str),
        error: bool,
    ) {
        let (added, like, was, is) = copy;
        let report = match file {
            "+" => {
                let text = read(&self.site.join(like)).replacen(was, is, 1);
                std::fs::write(added, text).unwrap();
                self.ws.rebuild(&[added.to_path_buf()]).unwrap()
            }
            "-" => {
                std::fs::remove_file(added).unwrap();
                self.ws.rebuild(&[added.to_path_buf()]).unwrap()
            }
            _ => self.change(file, from, to),
        };
        assert!(
            !report.full_check,
            "{step}: the whole site was checked again"
        );
        assert_eq!(
            self.error_at(MEETING),
            error,
            "{step}: {:?}",
            self.ws.diags.items
        );
        assert_same_diagnostics(&self.ws, &self.site, step);
        assert_same_order_as_a_fresh_load(&self.ws, &self.site, step);
    }

    /// Whether an error names `file` and a line in it.
    fn error_at(&self, file: &str) -> bool {
        self.ws.diags.items.iter().any(|d| {
            d.file.as_deref() == Some(file)
                && d.line > 0
                && d.severity == protokol::diagnostics::Severity::Error
        })
    }

    fn check(&self, step: &str) {
        assert!(
            !self.ws.diags.has_errors(),
            "{step}: {:?}",
            self.ws.diags.items
        );
        assert_same_as_full_build(&self.site, &self.output, step);
    }
}

/// Gives a site an absolute URL, as a published portal has.
fn with_site_url(site: &Path) {
    let config = site.join("protokol.toml");
    let text = read(&config).replacen(
        "base_url = \"/\"",
        "base_url = \"/\"\nurl = \"https://moeder.example.org/\"",
        1,
    );
    assert!(
        text.contains("url = \"https://"),
        "protokol.toml has base_url = \"/\""
    );
    std::fs::write(config, text).unwrap();
}

const MEETING: &str = "content/moeder/2021-05-21-kd-net.md";

#[test]
fn whole_site_outputs_follow_edits_like_a_full_build() {
    let (_d, mut s) = Session::new();
    for f in [
        "sitemap.xml",
        "robots.txt",
        "feeds/alle.xml",
        "feeds/kd-net.xml",
        "kalender/alle.ics",
        "kalender/moeder/2021-05-21-kd-net.ics",
        "data/datapackage.json",
        "data/paedagoguddannelse-specialiseringer.csv",
        "oparl/system.json",
        "oparl/meeting/2021-05-21-kd-net.json",
    ] {
        assert!(s.output.join(f).is_file(), "{f}");
    }
    s.change(MEETING, "title: \"", "title: \"Ændret: ");
    s.check("meeting title changed");
    assert!(read(&s.output.join("feeds/kd-net.xml")).contains("Ændret: "));
    // The calendar of every meeting keeps each event's text and joins them again: the new title is in it.
    assert!(read(&s.output.join("kalender/alle.ics")).contains("Ændret: "));
    s.change(MEETING, "kind: ", "cancelled: true\nkind: ");
    s.check("meeting cancelled");
    assert!(
        read(&s.output.join("kalender/moeder/2021-05-21-kd-net.ics")).contains("STATUS:CANCELLED")
    );
    // The meeting moves a week: its file is renamed, its calendar UID stays, SEQUENCE counts the move.
    let old = s.site.join(MEETING);
    let moved = s.site.join("content/moeder/2021-05-28-kd-net.md");
    let text = read(&old)
        .replace("cancelled: true\n", "moved_from: [2021-05-21]\n")
        .replace("date: 2021-05-21", "date: 2021-05-28")
        .replace("den 21. maj 2021", "den 28. maj 2021");
    std::fs::remove_file(&old).unwrap();
    std::fs::write(&moved, text).unwrap();
    s.ws.rebuild(&[old, moved]).unwrap();
    s.check("meeting moved");
    let ics = read(&s.output.join("kalender/moeder/2021-05-28-kd-net.ics"));
    assert!(
        ics.contains("UID:2021-05-21-kd-net@moeder.example.org") && ics.contains("SEQUENCE:1"),
        "{ics}"
    );
    assert!(!s
        .output
        .join("kalender/moeder/2021-05-21-kd-net.ics")
        .exists());
    assert!(!s
        .output
        .join("oparl/meeting/2021-05-21-kd-net.json")
        .exists());
    // A table's figure changes its CSV; a table removed takes its CSV with it.
    s.change(TABLE, "title: \"Tabel 1:", "title: \"Tabel 1 (ny titel):");
    s.check("table title changed");
    assert!(read(&s.output.join("data/datapackage.json")).contains("Tabel 1 (ny titel):"));
    let table = s
        .site
        .join("content/tabeller/paedagoguddannelse-specialiseringer.yaml");
    std::fs::remove_file(&table).unwrap();
    // The minutes that bind the table's figures ([[tal:…]]) print them unbound once it is gone.
    let minutes = s.site.join("content/moeder/2020-01-24-kd-net.md");
    let mut text = read(&minutes);
    while let Some(at) = text.find("[[tal:paedagoguddannelse-specialiseringer#") {
        let end = at + text[at..].find("]]").unwrap() + 2;
        let printed = text[at..end]
            .rsplit('|')
            .next()
            .unwrap()
            .trim_end_matches(']')
            .trim()
            .to_string();
        text.replace_range(at..end, &printed);
    }
    std::fs::write(&minutes, text).unwrap();
    s.ws.rebuild(&[table, minutes]).unwrap();
    s.check("table removed");
    assert!(!s
        .output
        .join("data/paedagoguddannelse-specialiseringer.csv")
        .exists());
}
const TABLE: &str = "content/tabeller/fsc-kontingent-2021-2022.yaml";

/// Asserts that an edit of meeting `id` (of body kd-net) changed its OParl object and, of the other OParl files,
/// at most its invitation and its body's lists of meetings and of agenda items (added, removed or other bytes).
fn assert_oparl_changed_for(
    before: &std::collections::BTreeMap<String, Vec<u8>>,
    output: &Path,
    id: &str,
) {
    let after = tree(output);
    let paths = before.keys().chain(after.keys());
    let changed: std::collections::BTreeSet<&String> = paths
        .filter(|p| p.starts_with("oparl/") && before.get(*p) != after.get(*p))
        .collect();
    let object = format!("oparl/meeting/{id}.json");
    assert!(changed.contains(&object), "{changed:?}");
    let expected = |p: &str| {
        p == object
            || p == format!("oparl/file/meeting-{id}.json")
            || p.starts_with("oparl/body/kd-net/meetings")
            || p.starts_with("oparl/body/kd-net/agenda-items")
    };
    assert!(changed.iter().all(|p| expected(p)), "{changed:?}");
}

#[test]
fn oparl_follows_meeting_edits_in_the_meetings_files_and_their_lists_alone() {
    let (_d, mut s) = Session::new();
    let before = tree(&s.output);
    s.change(MEETING, "title: \"", "title: \"Ændret: ");
    s.check("meeting title changed");
    assert_oparl_changed_for(&before, &s.output, "2021-05-21-kd-net");
    assert!(read(&s.output.join("oparl/body/kd-net/meetings.json")).contains("Ændret: "));

    let before = tree(&s.output);
    let added = s.site.join("content/moeder/2021-06-18-kd-net.md");
    let text = read(&s.site.join(MEETING))
        .replace("date: 2021-05-21", "date: 2021-06-18")
        .replace("den 21. maj 2021", "den 18. juni 2021");
    std::fs::write(&added, text).unwrap();
    s.ws.rebuild(std::slice::from_ref(&added)).unwrap();
    s.check("meeting added");
    assert_oparl_changed_for(&before, &s.output, "2021-06-18-kd-net");

    std::fs::remove_file(&added).unwrap();
    s.ws.rebuild(std::slice::from_ref(&added)).unwrap();
    s.check("meeting deleted");
    assert!(!s
        .output
        .join("oparl/meeting/2021-06-18-kd-net.json")
        .exists());
}

#[test]
fn meeting_edits_match_a_full_build() {
    let (_d, mut s) = Session::new();
    // Body text only: the meeting's own page and its index entries, nothing else.
    let r = s.change(
        MEETING,
        "## 13 Eventuelt",
        "## 13 Eventuelt\n\nEt nyt ord: kvartalsregnskabsbilag.",
    );
    assert!(!r.full_load && !r.full_render, "{r:?}");
    assert!(r.rendered < 5, "only the meeting's page is rendered: {r:?}");
    s.check("body text");
    assert!(read(&s.output.join("moeder/2021-05-21-kd-net/index.html"))
        .contains("kvartalsregnskabsbilag"));

    // Item 2 approves other minutes: the minutes it now approves say so on their own page, the ones it approved
    // before no longer do.
    s.change(
        MEETING,
        "approves: 2021-04-09-kd-net",
        "approves: 2020-01-24-kd-net",
    );
    s.check("approves");
    assert!(
        read(&s.output.join("moeder/2020-01-24-kd-net/index.html")).contains("class=\"godkendt\"")
    );
    s.change(
        MEETING,
        "approves: 2020-01-24-kd-net",
        "approves: 2021-04-09-kd-net",
    );
    s.check("approves back");

    // The title shows in lists, on neighbouring meetings and on the pages it links to.
    let r = s.change(
        MEETING,
        "title: \"Dagsorden for møde i kommunaldirektørnetværket",
        "title: \"Ændret dagsorden for møde i kommunaldirektørnetværket",
    );
    assert!(!r.full_render, "{r:?}");
    // Only the lists that show it (all meetings, its body's page and year page, the front page), the meeting
    // and its neighbours: not every body's pages.
    assert!(r.rendered <= 10, "a title edit renders few pages: {r:?}");
    s.check("title");

    // Moved to an earlier date (the file name follows the date), behind the body's other meeting: neighbours,
    // lists and search order change.
    let moved = s.site.join("content/moeder/2019-12-06-kd-net.md");
    let original = read(&s.site.join(MEETING));
    std::fs::write(
        &moved,
        // The minutes it approves must be earlier than the meeting (`approves:`): moved back with it.
        original
            .replace("date: 2021-05-21", "date: 2019-12-06")
            .replace("approves: 2021-04-09-kd-net", "approves: 2019-10-25-kd-net"),
    )
    .unwrap();
    std::fs::remove_file(s.site.join(MEETING)).unwrap();
    let r =
        s.ws.rebuild(&[s.site.join(MEETING), moved.clone()])
            .unwrap();
    assert!(!r.full_load, "{r:?}");
    s.check("date moved");
    std::fs::write(s.site.join(MEETING), &original).unwrap();
    std::fs::remove_file(&moved).unwrap();
    s.ws.rebuild(&[s.site.join(MEETING), moved]).unwrap();
    s.check("date moved back");

    // A new agenda item: new search units, so document ids move.
    edit(
        &s.site.join(MEETING),
        "    title: \"Eventuelt\"\n",
        "    title: \"Eventuelt\"\n  - number: \"14\"\n    title: \"Næste møde\"\n",
    );
    let r = s.change(
        MEETING,
        "## 13 Eventuelt",
        "## 13 Eventuelt\n\nIntet.\n\n## 14 Næste møde\n\nAftales senere.",
    );
    assert!(!r.full_load, "{r:?}");
    s.check("new item");

    // A YAML error: reported, the output stays as it was; fixing it publishes again.
    let before = tree(&s.output);
    s.change(MEETING, "kind: agenda", "kind: [agenda");
    assert!(s.ws.diags.has_errors());
    assert_same_diagnostics(&s.ws, &s.site, "meeting YAML error");
    assert!(s.error_at(MEETING));
    assert_eq!(
        tree(&s.output),
        before,
        "a failed rebuild leaves the output untouched"
    );
    s.change(MEETING, "kind: [agenda", "kind: agenda");
    s.check("YAML error fixed");
}

#[test]
fn table_document_page_and_template_edits_match_a_full_build() {
    let (_d, mut s) = Session::new();
    // A share that no longer adds up: an error naming the table; nothing is published.
    let before = tree(&s.output);
    s.change(TABLE, "andel_2022: 67756}", "andel_2022: 67757}");
    assert!(s.error_at(TABLE));
    assert_eq!(tree(&s.output), before);
    assert_same_diagnostics(&s.ws, &s.site, "share error");
    s.change(TABLE, "andel_2022: 67757}", "andel_2022: 67756}");
    s.check("share fixed");

    // A table that no longer parses: gone from the model as in a full load, the meeting that places it says so;
    // fixed, everything is as before. Neither needs a full load.
    let r = s.change(TABLE, "caption: \"", "caption: [\"");
    assert!(!r.full_load, "{r:?}");
    assert!(s.error_at(TABLE));
    assert_same_diagnostics(&s.ws, &s.site, "table YAML error");
    assert_eq!(tree(&s.output), before);
    let r = s.change(TABLE, "caption: [\"", "caption: \"");
    assert!(!r.full_load, "{r:?}");
    s.check("table YAML error fixed");

    // Fixed, with a caption change that the meeting embedding the table shows too.
    let r = s.change(
        TABLE,
        "caption: \"Årligt bidrag Fælles Servicecenter\"",
        "caption: \"Årligt bidrag til Fælles Servicecenter\"",
    );
    assert!(!r.full_load, "{r:?}");
    s.check("table caption");

    // A YAML slip in a note (not the statute): handled in place, reported once; in the statute, which every
    // "i vedtægterne" resolves against: a full load.
    let before = tree(&s.output);
    for (doc, in_place) in [
        ("content/dokumenter/fsc-organisering-notat.md", true),
        ("content/dokumenter/fsc-vedtaegter.md", false),
    ] {
        let r = s.change(doc, "title: ", "title: [");
        assert_eq!(!r.full_load, in_place, "{doc}: {r:?}");
        assert!(s.error_at(doc));
        assert_same_diagnostics(&s.ws, &s.site, &format!("YAML slip in {doc}"));
        assert_eq!(tree(&s.output), before);
        let r = s.change(doc, "title: [", "title: ");
        assert_eq!(!r.full_load, in_place, "{doc}: {r:?}");
        s.check(&format!("YAML slip in {doc} fixed"));
    }

    // A statute paragraph.
    let r = s.change(
        "content/dokumenter/fsc-vedtaegter.md",
        "1.1 Navnet er Fælles Service Center FMBA",
        "1.1 Navnet er fortsat Fælles Service Center FMBA",
    );
    assert!(!r.full_load, "{r:?}");
    s.check("statute text");

    // A page's title is in every page's menu: everything is rendered, only changed files written.
    let om = read(&s.site.join("content/sider/om.md"));
    let title_line = om
        .lines()
        .find(|l| l.starts_with("title:"))
        .unwrap()
        .to_string();
    let r = s.change(
        "content/sider/om.md",
        &title_line,
        "title: \"Om denne portal\"",
    );
    assert!(r.full_render, "{r:?}");
    s.check("page title");

    // A template override.
    let tpl = s.site.join("templates/404.html");
    std::fs::create_dir_all(tpl.parent().unwrap()).unwrap();
    let theme = read(&repo().join("themes/default/templates/404.html"));
    std::fs::write(&tpl, theme.replacen("</", "<!-- lokal skabelon --></", 1)).unwrap();
    let r = s.ws.rebuild(std::slice::from_ref(&tpl)).unwrap();
    assert!(!r.full_render && !r.full_load, "{r:?}");
    assert_eq!(r.rendered, 1, "only the page the template renders: {r:?}");
    assert!(read(&s.output.join("404.html")).contains("lokal skabelon"));
    s.check("template");

    // The parent of every page: every page is rendered, only changed files written.
    let base = s.site.join("templates/base.html");
    let theme = read(&repo().join("themes/default/templates/base.html"));
    std::fs::write(
        &base,
        theme.replacen("</body>", "<!-- fælles fod --></body>", 1),
    )
    .unwrap();
    let r = s.ws.rebuild(std::slice::from_ref(&base)).unwrap();
    let pages =
        s.ws.site()
            .map(|site| protokol::render::PageId::all(site).len());
    assert_eq!(Some(r.rendered), pages, "{r:?}");
    assert!(read(&s.output.join("moeder/index.html")).contains("fælles fod"));
    s.check("base template");
    std::fs::remove_file(&base).unwrap();
    s.ws.rebuild(&[base]).unwrap();
    s.check("base template removed");

    // A partial that a page template includes: it may be included anywhere, so everything is rendered.
    let partial = s.site.join("templates/tillaeg.html");
    std::fs::write(&partial, "<p>Tillæg 1</p>").unwrap();
    let page_tpl = s.site.join("templates/page.html");
    let theme = read(&repo().join("themes/default/templates/page.html"));
    std::fs::write(
        &page_tpl,
        theme.replacen(
            "{% block content %}",
            "{% block content %}{% include \"tillaeg.html\" %}",
            1,
        ),
    )
    .unwrap();
    s.ws.rebuild(&[partial.clone(), page_tpl.clone()]).unwrap();
    s.check("partial added");
    std::fs::write(&partial, "<p>Tillæg 2</p>").unwrap();
    let r = s.ws.rebuild(std::slice::from_ref(&partial)).unwrap();
    assert!(r.full_render, "{r:?}");
    assert!(read(&s.output.join("om/index.html")).contains("Tillæg 2"));
    s.check("partial changed");

    // A stylesheet override: only the static file is written, no page is rendered.
    let css = s.site.join("static/style.css");
    std::fs::create_dir_all(css.parent().unwrap()).unwrap();
    std::fs::write(&css, "body { color: #111; }\n").unwrap();
    let r = s.ws.rebuild(std::slice::from_ref(&css)).unwrap();
    assert!(!r.full_render && r.rendered == 0 && r.written == 1, "{r:?}");
    assert_eq!(
        read(&s.output.join("static/style.css")),
        "body { color: #111; }\n"
    );
    s.check("stylesheet");
    std::fs::remove_file(&css).unwrap();
    let r = s.ws.rebuild(&[css]).unwrap();
    assert_eq!(r.written, 1, "the theme's stylesheet is back: {r:?}");
    s.check("stylesheet removed");

    // Another theme named in the configuration: its templates take over (where the site overrides none).
    let own = s.site.join("themes/eget/templates/search.html");
    std::fs::create_dir_all(own.parent().unwrap()).unwrap();
    let theme = read(&repo().join("themes/default/templates/search.html"));
    std::fs::write(&own, theme.replacen("</", "<!-- eget tema --></", 1)).unwrap();
    let r = s.change("protokol.toml", "theme = \"default\"", "theme = \"eget\"");
    assert!(r.full_load, "{r:?}");
    assert!(read(&s.output.join("soeg/index.html")).contains("eget tema"));
    s.check("theme switched");
}

/// What the output held when a rebuild announced its first part ([`Workspace::rebuild_visible`]): the count it
/// was told and the files asked for.
fn rebuild_seen(
    s: &mut Session,
    changed: &Path,
    files: &[&str],
) -> (protokol::build::Report, Vec<String>) {
    let seen = std::sync::Mutex::new(None);
    let visible = |n: usize| {
        let texts: Vec<String> = (files.iter())
            .map(|f| std::fs::read_to_string(s.output.join(f)).unwrap_or_default())
            .collect();
        assert!(
            seen.lock().unwrap().replace((n, texts)).is_none(),
            "announced once"
        );
    };
    let report =
        s.ws.rebuild_visible(&[changed.to_path_buf()], &visible)
            .unwrap();
    let (n, texts) = (seen.into_inner().unwrap())
        .unwrap_or_else(|| panic!("the first part not announced: {report:?}"));
    assert!(n > 0, "files were written before the announcement");
    assert_eq!(report.visible, n);
    assert!(
        report.written + report.removed > n,
        "more written after it: {report:?}"
    );
    (report, texts)
}

/// A rebuild of `serve` in two parts (#15): the edited meeting's page, and for a new meeting the cheap pages that
/// link to it (its neighbour, its year page, the front page), are on disk when the first part is announced; the
/// pages that list every meeting (the meetings list, the body's page) are written after it. At the end the output
/// is a full build's.
#[test]
fn the_edited_pages_are_on_disk_before_the_lists_of_every_meeting() {
    let (_d, mut s) = Session::new();
    const PAGE: &str = "moeder/2021-05-21-kd-net/index.html";
    const LISTS: [&str; 2] = ["moeder/index.html", "organer/kd-net/index.html"];
    // Minutes instead of an agenda: what the lists show of it changes ("Referat").
    let m = s.site.join(MEETING);
    let original = read(&m);
    let files = [PAGE, LISTS[0], LISTS[1]];
    let before: Vec<String> = files.iter().map(|f| read(&s.output.join(f))).collect();
    std::fs::write(&m, original.replacen("kind: agenda", "kind: minutes", 1)).unwrap();
    let (_, seen) = rebuild_seen(&mut s, &m, &files);
    assert_ne!(seen[0], before[0], "the edited page first");
    for (i, list) in LISTS.iter().enumerate() {
        assert_eq!(
            seen[i + 1],
            before[i + 1],
            "{list} was written before the edited page was announced"
        );
        assert_ne!(read(&s.output.join(list)), before[i + 1], "{list} after");
    }
    s.check("agenda made minutes in two parts");
    std::fs::write(&m, &original).unwrap();
    s.ws.rebuild(std::slice::from_ref(&m)).unwrap();

    let added = s.site.join("content/moeder/2021-06-18-kd-net.md");
    let text = original
        .replace("date: 2021-05-21", "date: 2021-06-18")
        .replace("den 21. maj 2021", "den 18. juni 2021");
    std::fs::write(&added, text).unwrap();
    let new_page = "moeder/2021-06-18-kd-net/index.html";
    let cheap = [
        new_page,
        PAGE,
        "organer/kd-net/2021/index.html",
        "index.html",
    ];
    let files: Vec<&str> = cheap.iter().chain(&LISTS).copied().collect();
    let (report, seen) = rebuild_seen(&mut s, &added, &files);
    assert!(!report.full_render, "{report:?}");
    for (file, text) in cheap.iter().zip(&seen) {
        assert!(
            text.contains("2021-06-18-kd-net"),
            "{file} did not link the new meeting first"
        );
    }
    for (list, text) in LISTS.iter().zip(&seen[cheap.len()..]) {
        assert!(
            !text.contains("2021-06-18-kd-net"),
            "{list} was written first"
        );
        assert!(
            read(&s.output.join(list)).contains("2021-06-18-kd-net"),
            "{list} after"
        );
    }
    s.check("meeting added in two parts");

    // Deleted: its page is gone in the first part.
    std::fs::remove_file(&added).unwrap();
    let (_, seen) = rebuild_seen(&mut s, &added, &[new_page, LISTS[0]]);
    assert_eq!(seen[0], "", "the deleted meeting's page is gone first");
    assert!(
        seen[1].contains("2021-06-18-kd-net"),
        "the list is rewritten after"
    );
    s.check("meeting deleted in two parts");

    // A configuration edit renders every page in one part: nothing is announced before the end.
    let config = s.site.join("protokol.toml");
    let text = read(&config);
    let title = text
        .lines()
        .find(|l| l.starts_with("title = "))
        .unwrap()
        .to_string();
    std::fs::write(
        &config,
        text.replacen(&title, "title = \"Tofaset portal\"", 1),
    )
    .unwrap();
    let r = (s
        .ws
        .rebuild_visible(&[config], &|_| panic!("announced a full render")))
    .unwrap();
    assert!(r.full_render && r.visible == 0, "{r:?}");
    s.check("configuration edited");
}

#[test]
fn added_renamed_and_deleted_files_match_a_full_build() {
    let (_d, mut s) = Session::new();
    let src = s.site.join(MEETING);
    let added = s.site.join("content/moeder/2021-06-18-kd-net.md");
    let text = read(&src)
        .replace("date: 2021-05-21", "date: 2021-06-18") // also a Friday: the weekday stays
        .replace("den 21. maj 2021", "den 18. juni 2021");
    std::fs::write(&added, text).unwrap();
    let r = s.ws.rebuild(std::slice::from_ref(&added)).unwrap();
    assert!(
        !r.full_load && !r.full_render,
        "a new meeting is read alone: {r:?}"
    );
    s.check("meeting added");
    assert!(s
        .output
        .join("moeder/2021-06-18-kd-net/index.html")
        .is_file());

    // A meeting on a date of another meeting's calendar: the calendar links it now.
    let kkr = s.site.join("content/moeder/2020-06-17-kkr-midtjylland.md");
    let autumn = s.site.join("content/moeder/2020-09-09-kkr-midtjylland.md");
    std::fs::write(
        &autumn,
        read(&kkr)
            .replace("2020-06-17", "2020-09-09")
            .replace("17. juni 2020", "9. september 2020"),
    )
    .unwrap();
    let r = s.ws.rebuild(std::slice::from_ref(&autumn)).unwrap();
    assert!(!r.full_load, "{r:?}");
    s.check("meeting on a calendar date added");
    assert!(read(&s.output.join("moeder/2020-01-24-kd-net/index.html"))
        .contains("moeder/2020-09-09-kkr-midtjylland/"));

    // A new page linking to the new meeting.
    let page = s.site.join("content/sider/henvisning.md");
    std::fs::write(
        &page,
        "---\ntitle: \"Henvisning\"\n---\n\nSe [mødet i juni](ref:2021-06-18-kd-net#1).\n",
    )
    .unwrap();
    let r = s.ws.rebuild(std::slice::from_ref(&page)).unwrap();
    assert!(!r.full_load, "{r:?}");
    s.check("page added");

    // The linked meeting deleted: the page's reference is broken, an error, and nothing is published.
    let before = tree(&s.output);
    let kept = read(&added);
    std::fs::remove_file(&added).unwrap();
    s.ws.rebuild(std::slice::from_ref(&added)).unwrap();
    assert!(
        s.ws.diags.items.iter().any(|d| d.code == "broken-reference"
            && d.file.as_deref() == Some("content/sider/henvisning.md")),
        "{:?}",
        s.ws.diags.items
    );
    assert_same_diagnostics(&s.ws, &s.site, "linked meeting deleted");
    assert_eq!(tree(&s.output), before);
    std::fs::write(&added, kept).unwrap();
    s.ws.rebuild(std::slice::from_ref(&added)).unwrap();
    s.check("meeting restored");
    std::fs::remove_file(&page).unwrap();
    let r = s.ws.rebuild(std::slice::from_ref(&page)).unwrap();
    assert!(!r.full_load, "{r:?}");
    s.check("page deleted");
    assert!(!s.output.join("henvisning").exists());

    // Renamed: the old page goes, the new one appears.
    let renamed = s.site.join("content/moeder/2021-06-25-kd-net.md");
    let text = read(&added)
        .replace("date: 2021-06-18", "date: 2021-06-25")
        .replace("den 18. juni 2021", "den 25. juni 2021");
    std::fs::write(&renamed, text).unwrap();
    std::fs::remove_file(&added).unwrap();
    let r = s.ws.rebuild(&[added.clone(), renamed.clone()]).unwrap();
    assert!(!r.full_load, "{r:?}");
    s.check("meeting renamed");
    assert!(!s.output.join("moeder/2021-06-18-kd-net").exists());

    for gone in [renamed, autumn] {
        std::fs::remove_file(&gone).unwrap();
        let r = s.ws.rebuild(std::slice::from_ref(&gone)).unwrap();
        assert!(!r.full_load, "{r:?}");
        s.check(&format!("{} deleted", gone.display()));
    }
    assert!(!s.output.join("moeder/2021-06-25-kd-net").exists());
    assert!(!read(&s.output.join("moeder/2020-01-24-kd-net/index.html"))
        .contains("moeder/2020-09-09-kkr-midtjylland/"));

    // A table and a document that come and go: read alone, like meetings.
    let copy_table = s.site.join("content/tabeller/govtech-budget-kopi.yaml");
    let copy_doc = s.site.join("content/dokumenter/kommissorium-kopi.md");
    for (file, original) in [
        (&copy_table, "content/tabeller/govtech-budget.yaml"),
        (
            &copy_doc,
            "content/dokumenter/kommissorium-phd-kulturliv-landdistrikter.md",
        ),
    ] {
        // The copy is printed nowhere: it names no document (the original's names the one that prints it).
        let text = read(&s.site.join(original))
            .replacen("title: \"", "title: \"Kopi: ", 1)
            .replacen("document: govtech-midtjylland\n", "", 1);
        std::fs::write(file, text).unwrap();
        let r = s.ws.rebuild(std::slice::from_ref(file)).unwrap();
        assert!(!r.full_load, "{}: {r:?}", file.display());
        s.check(&format!("{} added", file.display()));
    }
    assert!(s
        .output
        .join("tabeller/govtech-budget-kopi/index.html")
        .is_file());
    assert!(s
        .output
        .join("dokumenter/kommissorium-kopi/index.html")
        .is_file());
    for file in [&copy_table, &copy_doc] {
        std::fs::remove_file(file).unwrap();
        let r = s.ws.rebuild(std::slice::from_ref(file)).unwrap();
        assert!(!r.full_load, "{}: {r:?}", file.display());
        s.check(&format!("{} deleted", file.display()));
    }
    assert!(!s.output.join("tabeller/govtech-budget-kopi").exists());
    // The statute going is a full load: every "i vedtægterne" resolves against it.
    let statute = s.site.join("content/dokumenter/fsc-vedtaegter.md");
    let kept = read(&statute);
    std::fs::remove_file(&statute).unwrap();
    let r = s.ws.rebuild(std::slice::from_ref(&statute)).unwrap();
    assert!(r.full_load, "{r:?}");
    assert_same_diagnostics(&s.ws, &s.site, "statute deleted");
    std::fs::write(&statute, kept).unwrap();
    s.ws.rebuild(&[statute]).unwrap();
    s.check("statute back");

    // A second file with an id already in use is an error from the full load, and removing it clears it.
    let twin = s.site.join("content/sider/2021-05-21-kd-net.md");
    std::fs::write(&twin, "---\ntitle: \"Tvilling\"\n---\n\nTekst.\n").unwrap();
    let r = s.ws.rebuild(std::slice::from_ref(&twin)).unwrap();
    assert!(r.full_load, "{r:?}");
    assert!(s.ws.diags.items.iter().any(|d| d.code == "duplicate-id"));
    std::fs::remove_file(&twin).unwrap();
    s.ws.rebuild(std::slice::from_ref(&twin)).unwrap();
    s.check("duplicate removed");

    // Files that are not sources do not count: an editor's hidden swap file, the output itself.
    assert!(!s
        .ws
        .is_source(&s.site.join("content/moeder/.2021-05-21-kd-net.md.swp")));
    assert!(!s.ws.is_source(&s.output.join("index.html")));
    assert!(s.ws.is_source(&s.site.join("protokol.toml")));
}

/// The terms of the search index whose postings name a unit whose URL starts with `prefix`, read from the index's
/// files in `output` (metadata chunks for the URLs, every postings string of every shard).
fn index_terms_of(output: &Path, prefix: &str) -> std::collections::BTreeSet<String> {
    use serde_json::Value;
    let ix = output.join("soeg/index");
    let json_of = |p: &Path| -> Value { serde_json::from_str(&read(p)).unwrap() };
    let chunk = json_of(&ix.join("manifest.json"))["chunk"]
        .as_u64()
        .unwrap() as u32;
    let mut ids = std::collections::BTreeSet::new();
    for f in files_below(&ix.join("d")) {
        let c: u32 = f.file_stem().unwrap().to_str().unwrap().parse().unwrap();
        for (i, v) in json_of(&f).as_array().unwrap().iter().enumerate() {
            if v[1].as_str().is_some_and(|u| u.starts_with(prefix)) {
                ids.insert(c * chunk + i as u32);
            }
        }
    }
    assert!(!ids.is_empty(), "no unit under {prefix}");
    let names = |s: &str| {
        protokol::search::decode_postings(s)
            .iter()
            .any(|p| ids.contains(&p.0))
    };
    let mut terms = std::collections::BTreeSet::new();
    for f in files_below(&ix.join("t")) {
        let name = f.file_stem().unwrap().to_str().unwrap().to_string();
        let shard: Value = json_of(&f);
        if let Some((s, slot)) = name.split_once('-') {
            // An overflow block: the term is its shard's entry with that slot.
            if names(shard.as_str().unwrap()) {
                let slot: u64 = slot.split('-').next().unwrap().parse().unwrap();
                let entries = json_of(&ix.join(format!("t/{s}.json")));
                let (t, _) = entries
                    .as_object()
                    .unwrap()
                    .iter()
                    .find(|(_, e)| e[3].as_u64() == Some(slot))
                    .unwrap();
                terms.insert(t.clone());
            }
        } else {
            for (t, e) in shard.as_object().unwrap() {
                if names(e[1].as_str().unwrap()) {
                    terms.insert(t.clone());
                }
            }
        }
    }
    terms
}

/// The shards (`t/<shard>.json` and their overflow blocks) whose bytes differ between `before` and `output`.
fn changed_shards(
    before: &std::collections::BTreeMap<String, Vec<u8>>,
    output: &Path,
) -> std::collections::BTreeSet<u32> {
    let after = tree(output);
    before
        .keys()
        .chain(after.keys())
        .filter(|p| p.starts_with("soeg/index/t/") && before.get(*p) != after.get(*p))
        .map(|p| {
            let name = p
                .trim_start_matches("soeg/index/t/")
                .trim_end_matches(".json");
            name.split('-').next().unwrap().parse().unwrap()
        })
        .collect()
}

fn shard_count(output: &Path) -> u32 {
    let m: serde_json::Value =
        serde_json::from_str(&read(&output.join("soeg/index/manifest.json"))).unwrap();
    m["shards"].as_u64().unwrap() as u32
}

/// Format 3 (#15): a stored impact holds no idf, so a new meeting, which changes the unit count and so every
/// term's idf, rewrites the shards of its own terms and no other: before, it re-encoded every term whose impact
/// the new idf moved. The counterpart: an edit adding a word to another meeting rewrites that word's shard.
#[test]
fn a_new_meeting_rewrites_only_the_search_shards_of_its_own_terms() {
    let (_d, mut s) = Session::new();
    let shards = shard_count(&s.output);
    assert!(shards >= 8, "too few shards ({shards}) to tell them apart");
    let before = tree(&s.output);
    // A short meeting: few terms, so that most shards hold none of them.
    let added = s.site.join("content/moeder/2021-06-18-kd-net.md");
    let text = "---\nbody: kd-net\nkind: agenda\ntitle: \"Møde\"\ndate: 2021-06-18\nitems:\n  - number: \"1\"\n    \
                title: \"Eventuelt\"\n---\n\n## 1 Eventuelt\n\nIntet.\n";
    std::fs::write(&added, text).unwrap();
    s.ws.rebuild(std::slice::from_ref(&added)).unwrap();
    s.check("meeting added");
    assert_eq!(shard_count(&s.output), shards, "the shard count stays");
    let own: std::collections::BTreeSet<u32> =
        index_terms_of(&s.output, "moeder/2021-06-18-kd-net/")
            .iter()
            .map(|t| protokol::search::shard_of(t, shards))
            .collect();
    assert!(
        own.len() < shards as usize,
        "its terms are in every shard: {own:?}"
    );
    assert_eq!(changed_shards(&before, &s.output), own);
    let manifest = "soeg/index/manifest.json";
    assert_ne!(
        tree(&s.output).get(manifest),
        before.get(manifest),
        "the unit count the browser's idf reads changed"
    );

    // A word no unit had, added to another meeting: its shard is rewritten and holds it.
    let before = tree(&s.output);
    s.change(
        MEETING,
        "## 10 Udpegninger\n",
        "## 10 Udpegninger\n\nKvartsbrødsudvalget.\n",
    );
    s.check("a new word in another meeting");
    let word = protokol::search::Analyzer::default().terms("Kvartsbrødsudvalget");
    let word = &word[0];
    let shard = protokol::search::shard_of(word, shards);
    let changed = changed_shards(&before, &s.output);
    assert!(changed.contains(&shard), "{changed:?}");
    assert!(
        read(&s.output.join(format!("soeg/index/t/{shard}.json"))).contains(&format!("\"{word}\""))
    );
    let terms = index_terms_of(&s.output, "moeder/2021-05-21-kd-net/");
    assert!(terms.contains(word));
    let its: std::collections::BTreeSet<u32> = terms
        .iter()
        .map(|t| protokol::search::shard_of(t, shards))
        .collect();
    assert!(
        changed.is_subset(&its),
        "{changed:?} outside the meeting's {its:?}"
    );
}

/// Meetings in the overflow test: more with "budgetopfølgning" than a term's first block holds.
const FIRST_BLOCK_PLUS: i64 = protokol::search::FIRST_BLOCK as i64 + 150;

/// A term in more documents than a shard holds inline has overflow blocks; documents coming and going shift them.
#[test]
fn overflow_blocks_follow_edits_like_a_full_build() {
    let (_d, site) = skeleton();
    let day = chrono::NaiveDate::from_ymd_opt(2001, 1, 1).unwrap();
    let meeting = |i: i64, extra: &str| {
        let date = day + chrono::Duration::days(i);
        format!(
            "---\nbody: bestyrelsen\nkind: minutes\ntitle: \"Referat {i}\"\ndate: {}\nitems:\n  - number: \"1\"\n    title: \"Budgetopfølgning\"\n---\n\n## 1 Budgetopfølgning\n\nKvartalets budgetopfølgning blev drøftet.{extra}\n",
            date.format("%Y-%m-%d")
        )
    };
    let path = |i: i64| {
        let date = day + chrono::Duration::days(i);
        site.join(format!(
            "content/moeder/{}-bestyrelsen.md",
            date.format("%Y-%m-%d")
        ))
    };
    // More documents with "budgetopfølgning" than the first block holds (600).
    for i in 0..FIRST_BLOCK_PLUS {
        std::fs::write(path(i), meeting(i, "")).unwrap();
    }
    let output = site.join("public");
    let mut ws = Workspace::new(&site, &output);
    ws.build_all().unwrap();
    assert!(!ws.diags.has_errors(), "{:?}", ws.diags.items);
    assert!(
        tree(&output)
            .keys()
            .any(|k| k.starts_with("soeg/index/t/") && k.matches('-').count() == 2),
        "the corpus has overflow blocks"
    );
    assert_same_as_full_build(&site, &output, "start");
    // A word that appears only here; the common word leaves one document; a longer text changes weights.
    let edits = [
        (3, meeting(3, " Et enestående ord: pengeskabsnøgle.")),
        (
            7,
            meeting(7, "").replace("Kvartalets budgetopfølgning blev drøftet.", "Intet nyt."),
        ),
        (
            11,
            meeting(11, &" Yderligere bemærkninger om regnskabet.".repeat(20)),
        ),
    ];
    for (i, text) in edits {
        std::fs::write(path(i), text).unwrap();
        let r = ws.rebuild(&[path(i)]).unwrap();
        assert!(!r.full_load && !r.full_render, "{r:?}");
        assert!(!ws.diags.has_errors(), "{:?}", ws.diags.items);
        assert_same_as_full_build(&site, &output, &format!("edit of meeting {i}"));
    }
    // Meetings that come and go: new ids at the end, holes where they went, ranks beside the ids.
    let late = FIRST_BLOCK_PLUS + 20;
    for (i, text) in [
        (late, meeting(late, " Et nyt møde.")),
        (-5, meeting(-5, " Det ældste møde.")),
        (40, meeting(40, " Flyttet.")),
    ] {
        std::fs::write(path(i), text).unwrap();
        let r = ws.rebuild(&[path(i)]).unwrap();
        assert!(!r.full_load, "{r:?}");
        assert_same_as_full_build(&site, &output, &format!("meeting {i} added"));
    }
    for i in [late, 0, 40, 41] {
        std::fs::remove_file(path(i)).unwrap();
        let r = ws.rebuild(&[path(i)]).unwrap();
        assert!(!r.full_load, "{r:?}");
        assert!(!ws.diags.has_errors(), "{:?}", ws.diags.items);
        assert_same_as_full_build(&site, &output, &format!("meeting {i} deleted"));
    }
}

/// A small deterministic generator (xorshift64*), so a failing sequence can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }
}

/// Removes `file` if it exists, else writes it (and its folder) with `text`; says which.
fn toggle(file: &Path, text: &str) -> &'static str {
    if file.exists() {
        std::fs::remove_file(file).unwrap();
        "removed"
    } else {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
        "written"
    }
}

impl Rng {
    /// One of `files`, at random.
    fn pick(&mut self, files: &[PathBuf]) -> PathBuf {
        files[self.below(files.len())].clone()
    }
}

/// Random series of edits (text, titles, figures, YAML slips, meetings and pages coming and going, templates,
/// static files, folders moved out, renamed or deleted and coming back), errors included: after every step the output equals a full build, or, while the
/// content has errors, the diagnostics equal a full build's and the output is the last good one.
#[test]
fn random_edit_series_match_a_full_build() {
    for seed in [
        0x5eed_0001_u64,
        0x5eed_0002,
        0x5eed_0003,
        0x5eed_0004,
        0x5eed_0005,
        0x5eed_0006,
    ] {
        let (_d, mut s) = Session::new();
        let mut rng = Rng(seed);
        let content = |s: &Session, folder: &str| -> Vec<PathBuf> {
            let mut files: Vec<PathBuf> = std::fs::read_dir(s.site.join("content").join(folder))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            files
        };
        let template = read(&repo().join("themes/default/templates/meeting.html"));
        let original_meeting = read(&s.site.join(MEETING));
        let day = chrono::NaiveDate::from_ymd_opt(2021, 5, 21).unwrap();
        let mut added: Vec<PathBuf> = Vec::new();
        let mut revert: Option<(PathBuf, String)> = None;
        // A folder away from its place: (where it is, where it belongs).
        let mut away: Option<(PathBuf, PathBuf)> = None;
        let mut last_good = tree(&s.output);
        for step in 0..30 {
            let mut changed: Vec<PathBuf> = Vec::new();
            let what;
            if let Some((file, text)) = revert.take() {
                std::fs::write(&file, text).unwrap();
                what = format!("revert {}", file.display());
                changed.push(file);
            } else if let Some((now, home)) = away.take() {
                // The folder comes back: moved in from outside the tree, or renamed back.
                std::fs::rename(&now, &home).unwrap();
                what = format!("folder {} back at {}", now.display(), home.display());
                changed.extend([now, home]);
            } else {
                let op = rng.below(15);
                let meetings = content(&s, "moeder");
                let meeting = rng.pick(&meetings);
                match op {
                    0 => {
                        let text = read(&meeting);
                        std::fs::write(
                            &meeting,
                            format!(
                                "{}\n\nTilføjet i trin {step}: ord{}.\n",
                                text.trim_end(),
                                rng.below(1000)
                            ),
                        )
                        .unwrap();
                        what = format!("text added to {}", meeting.display());
                        changed.push(meeting);
                    }
                    1 => {
                        let text = read(&meeting);
                        std::fs::write(
                            &meeting,
                            text.replacen("title: \"", &format!("title: \"Trin {step}: "), 1),
                        )
                        .unwrap();
                        what = format!("title of {}", meeting.display());
                        changed.push(meeting);
                    }
                    2 => {
                        // One figure of one table row off by one: an error until reverted.
                        let tables = content(&s, "tabeller");
                        let table = rng.pick(&tables);
                        let text = read(&table);
                        let rows: Vec<&str> = text
                            .lines()
                            .filter(|l| {
                                l.trim_start().starts_with("- {")
                                    && l.chars().any(|c| c.is_ascii_digit())
                            })
                            .collect();
                        if rows.is_empty() {
                            what = "no table row".into();
                        } else {
                            let row = rows[rng.below(rows.len())];
                            let digit = row.rfind(|c: char| c.is_ascii_digit()).unwrap();
                            let d = row.as_bytes()[digit] - b'0';
                            let changed_row =
                                format!("{}{}{}", &row[..digit], (d + 1) % 10, &row[digit + 1..]);
                            std::fs::write(&table, text.replacen(row, &changed_row, 1)).unwrap();
                            revert = Some((table.clone(), text));
                            what = format!("figure in {}", table.display());
                            changed.push(table);
                        }
                    }
                    3 => {
                        // A YAML slip in a meeting, table or document: an error until reverted.
                        let folder = ["moeder", "tabeller", "dokumenter"][rng.below(3)];
                        let files = content(&s, folder);
                        let file = rng.pick(&files);
                        let text = read(&file);
                        std::fs::write(&file, text.replacen("title: ", "title: [", 1)).unwrap();
                        revert = Some((file.clone(), text));
                        what = format!("YAML slip in {}", file.display());
                        changed.push(file);
                    }
                    4 | 5 => {
                        // A new meeting some weeks after the 21 May 2021 one (same weekday), or a rename of one.
                        let date = loop {
                            let d = day + chrono::Duration::weeks(1 + rng.below(150) as i64);
                            if !s
                                .site
                                .join(format!("content/moeder/{d}-kd-net.md"))
                                .exists()
                            {
                                break d;
                            }
                        };
                        let file = s.site.join(format!("content/moeder/{date}-kd-net.md"));
                        let text = original_meeting
                            .replace("date: 2021-05-21", &format!("date: {date}"))
                            .replace(
                                "21. maj 2021",
                                &protokol::i18n::date_short(date, protokol::i18n::Lang::Da),
                            );
                        std::fs::write(&file, text).unwrap();
                        changed.push(file.clone());
                        if op == 5 && !added.is_empty() {
                            let old = added.remove(rng.below(added.len()));
                            std::fs::remove_file(&old).unwrap();
                            what = format!("{} renamed to {}", old.display(), file.display());
                            changed.push(old);
                        } else {
                            what = format!("{} added", file.display());
                        }
                        added.push(file);
                    }
                    6 if !added.is_empty() => {
                        let old = added.remove(rng.below(added.len()));
                        std::fs::remove_file(&old).unwrap();
                        what = format!("{} deleted", old.display());
                        changed.push(old);
                    }
                    7 => {
                        let docs = content(&s, "dokumenter");
                        let doc = rng.pick(&docs);
                        let text = read(&doc);
                        std::fs::write(
                            &doc,
                            format!("{}\n\nBemærkning fra trin {step}.\n", text.trim_end()),
                        )
                        .unwrap();
                        what = format!("text added to {}", doc.display());
                        changed.push(doc);
                    }
                    9 => {
                        // A page that links to a meeting, or its removal.
                        let target = meeting.file_stem().unwrap().to_string_lossy().to_string();
                        let page = s.site.join("content/sider/henvisninger.md");
                        let text = format!(
                            "---\ntitle: \"Henvisninger {step}\"\n---\n\nSe [mødet](ref:{target}).\n"
                        );
                        what = format!("page linking to {target} {}", toggle(&page, &text));
                        changed.push(page);
                    }
                    11 => {
                        // A copy of a table or a document, or its removal.
                        let (copy, original) = [
                            (
                                "content/tabeller/govtech-budget-kopi.yaml",
                                "content/tabeller/govtech-budget.yaml",
                            ),
                            (
                                "content/dokumenter/kommissorium-kopi.md",
                                "content/dokumenter/kommissorium-phd-kulturliv-landdistrikter.md",
                            ),
                        ][rng.below(2)];
                        let copy = s.site.join(copy);
                        let text = read(&s.site.join(original))
                            .replacen("title: \"", "title: \"Kopi: ", 1)
                            .replacen("document: govtech-midtjylland\n", "", 1);
                        what = format!("{} {}", copy.display(), toggle(&copy, &text));
                        changed.push(copy);
                    }
                    12..=14 => {
                        // A folder moved out of the tree, renamed, or deleted (kept outside to come back in):
                        // the watcher reports the folder alone.
                        let folder = ["tabeller", "sider", "dokumenter", "moeder"][rng.below(4)];
                        let home = s.site.join("content").join(folder);
                        let outside = s.site.parent().unwrap().join(format!("{folder}-ude"));
                        let now = match op {
                            12 => {
                                std::fs::rename(&home, &outside).unwrap();
                                what = format!("mv {} ..", home.display());
                                outside
                            }
                            13 => {
                                let renamed = s.site.join(format!("content/{folder}-omdoebt"));
                                std::fs::rename(&home, &renamed).unwrap();
                                what = format!("mv {} {}", home.display(), renamed.display());
                                changed.push(renamed.clone());
                                renamed
                            }
                            _ => {
                                copy_dir(&home, &outside);
                                std::fs::remove_dir_all(&home).unwrap();
                                what = format!("rm -r {}", home.display());
                                outside
                            }
                        };
                        changed.push(home.clone());
                        away = Some((now, home));
                    }
                    10 => {
                        let css = s.site.join("static/style.css");
                        what = format!(
                            "stylesheet override {}",
                            toggle(&css, &format!("/* trin {step} */\n"))
                        );
                        changed.push(css);
                    }
                    _ => {
                        let tpl = s.site.join("templates/meeting.html");
                        let marker = format!("{{% block content %}}<!-- trin {step} -->");
                        let text = template.replacen("{% block content %}", &marker, 1);
                        what = format!("meeting template override {}", toggle(&tpl, &text));
                        changed.push(tpl);
                    }
                }
            }
            let step_name = format!("seed {seed:x}, step {step}: {what}");
            s.ws.rebuild(&changed).unwrap();
            // Shown with a failure, to replay the series.
            eprintln!("{step_name}: errors: {}", s.ws.diags.has_errors());
            if s.ws.diags.has_errors() {
                assert_same_diagnostics(&s.ws, &s.site, &step_name);
                assert!(
                    tree(&s.output) == last_good,
                    "{step_name}: an error changed the output"
                );
            } else {
                assert_same_as_full_build(&s.site, &s.output, &step_name);
                last_good = tree(&s.output);
            }
        }
    }
}

/// Asserts that the workspace's meetings are in the order a fresh load puts them in, each found at its place.
fn assert_same_order_as_a_fresh_load(ws: &Workspace, site: &Path, step: &str) {
    let fresh = protokol::build::load_and_check(site).unwrap().site;
    let served = ws.site().unwrap();
    let ids =
        |s: &protokol::load::Site| s.meetings.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        ids(served),
        ids(&fresh),
        "{step}: meetings in another order"
    );
    for (i, m) in served.meetings.iter().enumerate() {
        assert_eq!(served.meeting_position(&m.id), Some(i), "{step}: {}", m.id);
    }
    // References stay grouped by file in the order of a load (`Site::refs_of` finds a file's by binary search).
    let refs = |s: &protokol::load::Site| {
        (s.refs.iter())
            .map(|(f, r)| format!("{f} {} {}:{}", r.written, r.pos.line, r.pos.column))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        refs(served),
        refs(&fresh),
        "{step}: references in another order"
    );
}

/// After every edit in a series, valid and invalid (a reference broken, an item number twice, minutes approved that
/// are not in the portal, then there and gone again, a date moved), the served site's check, which runs the
/// per-meeting rules only on the meetings the edit touched, reports exactly what a full check reports.
#[test]
fn meeting_edits_recheck_like_a_full_check() {
    let (_d, mut s) = Session::new();
    let other = "content/moeder/2020-01-24-kd-net.md";
    let approved = s.site.join("content/moeder/2021-04-09-kd-net.md");
    let note =
        "    approves_note: \"Referatet af mødet den 9. april 2021 er ikke en del af portalen.\"\n";
    let steps: [(&str, &str, &str, &str); 10] = [
        (
            "text added",
            MEETING,
            "## 13 Eventuelt",
            "## 13 Eventuelt\n\nTilføjet.",
        ),
        ("approval note removed", MEETING, note, ""),
        ("approved minutes added", "+", "", ""),
        ("approved minutes deleted", "-", "", ""),
        (
            "approval note back",
            MEETING,
            "    approves: 2021-04-09-kd-net\n",
            &format!("    approves: 2021-04-09-kd-net\n{note}"),
        ),
        (
            "item number twice",
            MEETING,
            "  - number: \"4\"",
            "  - number: \"3\"",
        ),
        (
            "item number fixed",
            MEETING,
            "  - number: \"3\"\n    title: \"Status",
            "  - number: \"4\"\n    title: \"Status",
        ),
        (
            "table reference broken",
            MEETING,
            "table: fsc-kontingent-2021-2022",
            "table: fsc-findes-ikke",
        ),
        (
            "table reference fixed",
            MEETING,
            "table: fsc-findes-ikke",
            "table: fsc-kontingent-2021-2022",
        ),
        ("date moved", other, "date: 2020-01-24", "date: 2022-01-24"),
    ];
    // Whether the edited meeting has an error after each step.
    let errors = [
        false, true, false, true, false, true, false, true, false, false,
    ];
    for ((step, file, from, to), error) in steps.into_iter().zip(errors) {
        let copy = (
            approved.as_path(),
            other,
            "date: 2020-01-24",
            "date: 2021-04-09",
        );
        s.recheck_step(step, (file, from, to), copy, error);
    }
    assert!(
        s.error_at(other),
        "the moved date disagrees with the file name"
    );
    // Two meetings moved in one rebuild, and back.
    let third = "content/moeder/2020-06-17-kkr-midtjylland.md";
    for (a, b) in [("2021-05-21", "2019-05-21"), ("2019-05-21", "2021-05-21")] {
        edit(
            &s.site.join(MEETING),
            &format!("date: {a}"),
            &format!("date: {b}"),
        );
        let (c, d) = if a == "2021-05-21" {
            ("2020-06-17", "2023-06-17")
        } else {
            ("2023-06-17", "2020-06-17")
        };
        edit(
            &s.site.join(third),
            &format!("date: {c}"),
            &format!("date: {d}"),
        );
        let report = (s.ws)
            .rebuild(&[s.site.join(MEETING), s.site.join(third)])
            .unwrap();
        assert!(!report.full_check);
        assert_same_diagnostics(&s.ws, &s.site, "two dates moved");
        assert_same_order_as_a_fresh_load(&s.ws, &s.site, "two dates moved");
    }
    s.change(other, "date: 2022-01-24", "date: 2020-01-24");
    s.check("date back");
}

/// The rules that look across the site (references, weekdays in text, bound figures) run per meeting in serve
/// too (#15): after edits of a meeting, of the meeting it refers to coming and going, and of a table its figures
/// are bound to, the served site's diagnostics and files are a full build's.
#[test]
fn rules_across_the_site_recheck_like_a_full_check() {
    let (_d, mut s) = Session::new();
    let other = "content/moeder/2020-01-24-kd-net.md";
    let table = "content/tabeller/fsc-kontingent-2021-2022.yaml";
    let added = s.site.join("content/moeder/2019-03-01-kd-net.md");
    let broken = "## 13 Eventuelt\n\nSe [punkt 99](ref:2020-01-24-kd-net#99) og [mødet](ref:2019-03-01-kd-net), \
                  torsdag den 24. januar 2020.";
    let steps: [(&str, &str, &str, &str, bool); 6] = [
        (
            "references and a weekday broken",
            MEETING,
            "## 13 Eventuelt",
            broken,
            true,
        ),
        ("the referred meeting added", "+", "", "", true),
        ("the referred meeting deleted", "-", "", "", true),
        ("the text back", MEETING, broken, "## 13 Eventuelt", false),
        (
            "a bound figure's table changed",
            table,
            "rate: 1.05",
            "rate: 1.06",
            true,
        ),
        ("the table back", table, "rate: 1.06", "rate: 1.05", false),
    ];
    for (step, file, from, to, error) in steps {
        let copy = (
            added.as_path(),
            other,
            "date: 2020-01-24",
            "date: 2019-03-01",
        );
        s.recheck_step(step, (file, from, to), copy, error);
    }
    s.check("everything back");
}

/// The rows of the all-meetings list and of `body`'s page (`<li>` … `</li>` inside `<ul class="liste">`, the
/// first list on each page), as written.
fn list_rows(output: &Path, body: &str) -> (Vec<String>, Vec<String>) {
    let rows = |page: &str| -> Vec<String> {
        let html = read(&output.join(page));
        let Some(start) = html.find("<ul class=\"liste\">") else {
            return Vec::new();
        };
        let list = &html[start..];
        let list = &list[..list.find("</ul>").unwrap()];
        list.split("<li>")
            .skip(1)
            .map(|r| format!("<li>{r}"))
            .collect()
    };
    (
        rows("moeder/index.html"),
        rows(&format!("organer/{body}/index.html")),
    )
}

/// Makes the meeting `file` minutes instead of an agenda and back: its rows (at `row` on both lists, which were
/// `rows` before) show the new kind and no other row changes; back, the rows are as they were.
fn kind_edited(s: &mut Session, file: &str, row: usize, rows: (&[String], &[String])) {
    let r = s.change(file, "kind: agenda", "kind: minutes");
    assert!(!r.full_render, "{r:?}");
    s.check("kind edited");
    let (list_kind, body_kind) = list_rows(&s.output, "kd-net");
    for (kind, before) in [(&list_kind, rows.0), (&body_kind, rows.1)] {
        assert!(kind[row].contains("Referat"), "{file}: {kind:?}");
        let others = |rows: &[String]| -> Vec<String> {
            let mut rows = rows.to_vec();
            rows.remove(row);
            rows
        };
        assert_eq!(others(kind), others(before), "{file}: only its rows change");
    }
    s.change(file, "kind: minutes", "kind: agenda");
    s.check("kind edited back");
    assert_eq!(
        list_rows(&s.output, "kd-net"),
        (rows.0.to_vec(), rows.1.to_vec())
    );
}

#[test]
fn the_rows_of_the_lists_follow_the_meetings_they_show() {
    let (_d, mut s) = Session::new();
    let (list, body) = list_rows(&s.output, "kd-net");
    assert_eq!(list.len(), 3, "every meeting has a row: {list:?}");
    assert_eq!(
        body.len(),
        1,
        "kd-net's newest year has one meeting: {body:?}"
    );

    // The same for a meeting whose rows were made in the first build (and with every meeting's rows kept).
    kind_edited(&mut s, MEETING, 0, (&list, &body));

    // Added: a row of its own on both lists, first (newest), the rows of the others as they were.
    let added = s.site.join("content/moeder/2021-06-18-kd-net.md");
    let original = read(&s.site.join(MEETING));
    std::fs::write(
        &added,
        original
            .replace("date: 2021-05-21", "date: 2021-06-18")
            .replace("den 21. maj 2021", "den 18. juni 2021"),
    )
    .unwrap();
    let r = s.ws.rebuild(std::slice::from_ref(&added)).unwrap();
    assert!(!r.full_render, "{r:?}");
    s.check("meeting added");
    let (list_now, body_now) = list_rows(&s.output, "kd-net");
    assert_eq!(list_now.len(), 4);
    assert!(
        list_now[0].contains("moeder/2021-06-18-kd-net/"),
        "{list_now:?}"
    );
    assert_eq!(list_now[1..], list[..], "the other rows are as they were");
    assert_eq!(body_now.len(), 2);
    assert!(body_now[0].contains("18. juni 2021"), "{body_now:?}");
    assert_eq!(body_now[1], body[0]);

    // A title edit: what lists show changed, the rows (which do not show it) are the same.
    let r = s.change(
        "content/moeder/2021-06-18-kd-net.md",
        "title: \"Dagsorden for møde",
        "title: \"Ny dagsorden for møde",
    );
    assert!(!r.full_render, "{r:?}");
    s.check("title edited");
    assert_eq!(
        list_rows(&s.output, "kd-net"),
        (list_now.clone(), body_now.clone())
    );

    // Minutes instead of an agenda: the kind its rows show changes, only its rows.
    kind_edited(
        &mut s,
        "content/moeder/2021-06-18-kd-net.md",
        0,
        (&list_now, &body_now),
    );

    // Deleted: its rows are gone, the others' as at the start.
    std::fs::remove_file(&added).unwrap();
    let r = s.ws.rebuild(std::slice::from_ref(&added)).unwrap();
    assert!(!r.full_render, "{r:?}");
    s.check("meeting deleted");
    assert_eq!(list_rows(&s.output, "kd-net"), (list, body));
}

#[test]
fn a_list_template_of_its_own_looping_over_the_meetings_still_gets_them() {
    let (_d, mut s) = Session::new();
    let before = tree(&s.output);
    // The theme's list.html and body.html as they were before the rows (#15): a loop over the summaries.
    let theme = repo().join("themes/default/templates");
    let own = s.site.join("templates");
    std::fs::create_dir_all(&own).unwrap();
    let list = read(&theme.join("list.html")).replace(
        "{% if meetings_html %}\n<ul class=\"liste\">{{ meetings_html | safe }}</ul>",
        "{% if meetings %}\n<ul class=\"liste\">{% for m in meetings %}<li><a href=\"{{ m.url }}\">{{ m.body }}, \
         {{ m.date_text }}</a> <span class=\"meta\">{{ m.kind_name }}</span></li>{% endfor %}</ul>",
    );
    let body = read(&theme.join("body.html")).replace(
        "{{ y.meetings_html | safe }}",
        "{% for m in y.meetings %}<li><a href=\"{{ m.url }}\">{{ m.date_long }}</a> <span class=\"meta\">\
         {{ m.kind_name }} · {{ m.items }} {{ t.items_count }}</span></li>{% endfor %}",
    );
    assert!(list.contains("for m in meetings") && body.contains("for m in y.meetings"));
    std::fs::write(own.join("list.html"), list).unwrap();
    std::fs::write(own.join("body.html"), body).unwrap();
    s.ws.rebuild(&[own.join("list.html"), own.join("body.html")])
        .unwrap();
    s.check("the old loops as the site's own templates");
    assert_eq!(tree(&s.output), before, "the loops print what the rows did");

    // They keep getting the summaries under serve: a new meeting is on both lists.
    let added = s.site.join("content/moeder/2021-06-18-kd-net.md");
    std::fs::write(
        &added,
        read(&s.site.join(MEETING))
            .replace("date: 2021-05-21", "date: 2021-06-18")
            .replace("den 21. maj 2021", "den 18. juni 2021"),
    )
    .unwrap();
    s.ws.rebuild(std::slice::from_ref(&added)).unwrap();
    s.check("meeting added under the site's own list templates");
    let (list, body) = list_rows(&s.output, "kd-net");
    assert_eq!((list.len(), body.len()), (4, 2), "{list:?} {body:?}");

    // Without the summaries (a loop over nothing) the lists would be empty: the rows are the theme's again when
    // the templates go, and match a build.
    std::fs::remove_file(own.join("list.html")).unwrap();
    std::fs::remove_file(own.join("body.html")).unwrap();
    s.ws.rebuild(&[own.join("list.html"), own.join("body.html")])
        .unwrap();
    s.check("the site's own list templates removed");
    assert_eq!(list_rows(&s.output, "kd-net"), (list, body));
}
