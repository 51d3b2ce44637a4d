//! The machine-readable outputs of the bundled portal (with an absolute `url`, as a published portal has),
//! checked by real clients: `frictionless validate` on the data package, Python `icalendar` on every calendar,
//! `feedparser` on every feed, `xmlschema` on sitemap.xml (with a schema written from the protocol's text), and
//! structural OParl 1.1 checks written from the specification (`tests/validators/validate.py`). The validators
//! are PyPI packages that `.ci/run` installs into `target/validators`; a missing one fails the test and says how
//! to install it.

mod common;
#[allow(dead_code)]
#[path = "../examples/gen_corpus/meetings.rs"]
mod meetings;
#[allow(dead_code)]
#[path = "../examples/gen_corpus/protokol_format.rs"]
mod protokol_format;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const INSTALL: &str = "python3 -m venv target/validators && target/validators/bin/pip install frictionless icalendar feedparser xmlschema (what .ci/run does), or set PROTOKOL_PYTHON to a Python that has them";

/// The Python with the validators: PROTOKOL_PYTHON, else `target/validators` (from .ci/run), else python3.
fn python() -> String {
    if let Ok(p) = std::env::var("PROTOKOL_PYTHON") {
        return p;
    }
    let venv = repo().join("target/validators/bin/python3");
    if venv.is_file() {
        return venv.to_string_lossy().to_string();
    }
    "python3".into()
}

/// Gives the site at `site` the absolute address `url`, as a published portal has.
fn publish_at(site: &Path, url: &str) {
    let config = site.join("protokol.toml");
    let text = read(&config).replacen(
        "base_url = \"/\"",
        &format!("base_url = \"/\"\nurl = \"{url}\""),
        1,
    );
    std::fs::write(&config, text).unwrap();
}

fn build_published() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (dir, site) = bundled_copy();
    publish_at(&site, "https://moeder.example.org/politik/");
    let out = dir.path().join("public");
    build_ok(&site, &out);
    (dir, site, out)
}

/// The counts the content implies, for the validators to compare with.
fn expected(site: &Path) -> serde_json::Value {
    let checked = protokol::load_and_check(site).unwrap();
    let s = checked.site;
    let mut meetings: BTreeMap<String, usize> = BTreeMap::new();
    for m in &s.meetings {
        *meetings.entry(m.body_id().to_string()).or_default() += 1;
    }
    let dated = |org: Option<&str>| {
        s.documents
            .iter()
            .filter(|d| d.date.or(d.adopted).is_some())
            .filter(|d| org.is_none() || d.front.organisation.as_deref() == org)
            .count()
    };
    let mut feeds = BTreeMap::new();
    feeds.insert("alle".to_string(), (s.meetings.len() + dated(None)).min(50));
    for (b, n) in &meetings {
        feeds.insert(b.clone(), (n + dated(Some(b))).min(50));
    }
    // A subscribed calendar lists the newest meetings only (the site's all bodies', a body's its joint ones too).
    let subscribed = protokol::outputs::CALENDAR_SUBSCRIBED;
    let mut calendars = BTreeMap::new();
    calendars.insert("alle".to_string(), s.meetings.len().min(subscribed));
    for b in protokol::outputs::published::bodies(&s) {
        let held = s.meetings.iter().filter(|m| m.held_by(&b.id)).count();
        calendars.insert(b.id.clone(), held.min(subscribed));
    }
    serde_json::json!({"meetings": meetings, "tables": s.tables.len(), "feed_entries": feeds,
        "calendar_events": calendars})
}

fn validate(out: &Path, expected: &serde_json::Value) -> (i32, String) {
    let py = python();
    let o = Command::new(&py)
        .arg(repo().join("tests/validators/validate.py"))
        .arg(out)
        .arg(expected.to_string())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {py}: {e}. Install the validators: {INSTALL}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let code = o.status.code().unwrap_or(-1);
    assert!(
        code != 3,
        "{text}\nThe validators are not installed for {py}: {INSTALL}"
    );
    (code, text)
}

#[test]
fn real_validators_accept_every_output_with_the_right_counts() {
    let (_dir, site, out) = build_published();
    let want = expected(&site);
    assert_eq!(want["meetings"]["kd-net"], 2, "{want}");
    let (code, text) = validate(&out, &want);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("checked 6 calendars, 3 feeds, 14 tables, 3 OParl meetings"),
        "{text}"
    );
}

/// A portal with more meetings than a subscribed calendar lists: the site's calendar holds the newest
/// [`protokol::outputs::CALENDAR_SUBSCRIBED`], oldest first, and every meeting still has its own; the validators
/// accept that and refuse a calendar expected to hold every meeting.
#[test]
fn a_subscribed_calendar_lists_the_newest_meetings_and_every_meeting_keeps_its_own() {
    let subscribed = protokol::outputs::CALENDAR_SUBSCRIBED;
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    protokol_format::begin(&site, true).unwrap();
    for m in meetings::meetings(subscribed + 40) {
        protokol_format::write(&site, &m).unwrap();
    }
    publish_at(&site, "https://moeder.example.org/");
    let out = dir.path().join("public");
    build_ok(&site, &out);

    let mut all = protokol::load_and_check(&site).unwrap().site.meetings;
    assert_eq!(all.len(), subscribed + 40);
    all.sort_by_key(|m| std::cmp::Reverse(m.date));
    let calendar = read(&out.join("kalender/alle.ics"));
    let uids: Vec<&str> = (calendar.lines())
        .filter_map(|l| l.strip_prefix("UID:"))
        .collect();
    assert_eq!(uids.len(), subscribed);
    let mut newest: Vec<String> = (all.iter().take(subscribed))
        .map(|m| format!("{}@moeder.example.org", m.original_id()))
        .collect();
    newest.sort();
    let mut listed: Vec<String> = uids.iter().map(|u| u.to_string()).collect();
    listed.sort();
    assert_eq!(
        listed, newest,
        "the site's calendar is not its newest meetings"
    );
    let stamps: Vec<&str> = (calendar.lines())
        .filter_map(|l| l.strip_prefix("DTSTAMP:"))
        .collect();
    assert!(stamps.windows(2).all(|w| w[0] <= w[1]), "not oldest first");
    let oldest = all.last().unwrap();
    let own = read(&out.join(format!("kalender/moeder/{}.ics", oldest.id)));
    assert!(
        own.contains(&format!("UID:{}@", oldest.original_id())),
        "{own}"
    );

    let expected = expected(&site);
    assert_eq!(expected["calendar_events"]["alle"], subscribed);
    let (code, text) = validate(&out, &expected);
    assert_eq!(code, 0, "{text}");
    let mut every = expected.clone();
    every["calendar_events"]["alle"] = serde_json::json!(subscribed + 40);
    let (code, text) = validate(&out, &every);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(&format!(
            "alle.ics: {subscribed} events, expected {}",
            subscribed + 40
        )),
        "{text}"
    );
}

#[test]
fn the_validators_catch_broken_outputs() {
    let (_dir, site, out) = build_published();
    let want = expected(&site);
    let edit_file = |rel: &str, from: &str, to: &str| {
        let p = out.join(rel);
        let text = read(&p);
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    };
    // A figure with a Danish decimal comma, a calendar with bare LF lines, a feed cut short, a sitemap date in
    // Danish order, an OParl meeting without its start.
    edit_file("data/govtech-budget.csv", "3400000", "3400000,5");
    let ics = out.join("kalender/kd-net.ics");
    std::fs::write(&ics, read(&ics).replace("\r\n", "\n")).unwrap();
    edit_file("feeds/alle.xml", "</feed>", "");
    edit_file(
        "sitemap.xml",
        "<lastmod>2021-05-21</lastmod>",
        "<lastmod>21-05-2021</lastmod>",
    );
    let meetings = out.join("oparl/body/kd-net/meetings.json");
    std::fs::write(
        &meetings,
        read(&meetings).replacen("\"start\"", "\"begin\"", 1),
    )
    .unwrap();
    // OParl list pages: a total (which a new meeting would change on every page), a page out of its place.
    edit_file(
        "oparl/body/kd-net/meetings.json",
        "\"currentPage\":1",
        "\"currentPage\":1,\"totalPages\":1",
    );
    edit_file(
        "oparl/body/kd-net/papers.json",
        "\"currentPage\":1",
        "\"currentPage\":0",
    );
    let (code, text) = validate(&out, &want);
    assert_eq!(code, 1, "{text}");
    for needle in [
        "meetings.json: pagination with totalPages",
        "papers.json: currentPage 0, expected 1",
        "frictionless",
        "kd-net.ics: lines must end in CRLF",
        "alle.xml: feedparser",
        "sitemap.xml",
        "Meeting without start",
    ] {
        assert!(text.contains(needle), "no {needle:?} in:\n{text}");
    }
}

#[test]
fn without_an_absolute_url_what_needs_one_is_not_written() {
    let (_dir, out) = build_to_temp(&repo());
    for absent in ["sitemap.xml", "feeds/alle.xml", "oparl/system.json"] {
        assert!(!out.join(absent).exists(), "{absent}");
    }
    let robots = read(&out.join("robots.txt"));
    assert!(!robots.contains("Sitemap:"), "{robots}");
    assert!(!read(&out.join("index.html")).contains("rel=\"canonical\""));
    // Calendars and open data work offline too.
    assert!(out.join("kalender/alle.ics").is_file());
    assert!(out.join("data/datapackage.json").is_file());
}

#[test]
fn moved_from_must_name_other_dates() {
    let (_dir, site) = bundled_copy();
    let meeting = site.join("content/moeder/2021-05-21-kd-net.md");
    edit(&meeting, "kind: ", "moved_from: [2021-05-14]\nkind: ");
    let o = run(&["check", "--root", site.to_str().unwrap()]);
    assert!(
        o.status.success(),
        "an earlier date is fine: {}",
        stderr(&o)
    );
    edit(
        &meeting,
        "moved_from: [2021-05-14]",
        "moved_from: [2021-05-21, 2021-13-01]",
    );
    let o = run(&["check", "--root", site.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("moved-from-date") && err.contains("invalid-date"),
        "{err}"
    );
}

#[test]
fn the_oparl_validator_catches_a_meeting_list_out_of_its_order() {
    let (_dir, site, out) = build_published();
    let want = expected(&site);
    let path = out.join("oparl/body/kd-net/meetings.json");
    let mut list: serde_json::Value = serde_json::from_str(&read(&path)).unwrap();
    let data = list["data"].as_array_mut().unwrap();
    let starts: Vec<String> = data.iter().map(|m| m["start"].to_string()).collect();
    assert!(
        starts.len() >= 2 && starts.windows(2).all(|w| w[0] <= w[1]),
        "oldest first: {starts:?}"
    );
    // As written, the list passes; the same meetings newest first do not.
    data.reverse();
    std::fs::write(&path, serde_json::to_string(&list).unwrap()).unwrap();
    let (code, text) = validate(&out, &want);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("before the meeting listed before it"),
        "{text}"
    );
}

/// A site of more than 50,000 pages gets a sitemap index (`outputs::plumbing`, whose split is unit-tested with
/// small limits): the validator follows the index to each sitemap it names, at the site's root.
#[test]
fn the_sitemap_validator_follows_a_sitemap_index() {
    let (_dir, site, out) = build_published();
    let want = expected(&site);
    let urlset = read(&out.join("sitemap.xml"));
    let urls: Vec<&str> = urlset.lines().filter(|l| l.starts_with("<url>")).collect();
    let (head, tail) = urls.split_at(urls.len() / 2);
    let root = "https://moeder.example.org/politik/";
    let part = |urls: &[&str]| {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{}\n</urlset>\n",
            urls.join("\n")
        )
    };
    let index = |names: &[&str]| {
        let entries: Vec<String> = (names.iter())
            .map(|n| {
                format!("<sitemap><loc>{root}{n}</loc><lastmod>2021-05-21</lastmod></sitemap>")
            })
            .collect();
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{}\n</sitemapindex>\n",
            entries.join("\n")
        )
    };
    assert!(read(&out.join("robots.txt")).contains(&format!("Sitemap: {root}sitemap.xml")));
    std::fs::write(out.join("sitemap-1.xml"), part(head)).unwrap();
    std::fs::write(out.join("sitemap-2.xml"), part(tail)).unwrap();
    std::fs::write(
        out.join("sitemap.xml"),
        index(&["sitemap-1.xml", "sitemap-2.xml"]),
    )
    .unwrap();
    let (code, text) = validate(&out, &want);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains(&format!(", {} sitemap URLs", urls.len())),
        "{text}"
    );
    // A sitemap the index names but nobody wrote, one below the root, a part that is no urlset.
    std::fs::write(out.join("sitemap-2.xml"), index(&["sitemap-1.xml"])).unwrap();
    std::fs::write(
        out.join("sitemap.xml"),
        index(&[
            "sitemap-1.xml",
            "sitemap-2.xml",
            "sitemap-3.xml",
            "moeder/sitemap-4.xml",
        ]),
    )
    .unwrap();
    let (code, text) = validate(&out, &want);
    assert_eq!(code, 1, "{text}");
    for needle in [
        "sitemap.xml: sitemap-3.xml not written",
        "moeder/sitemap-4.xml is not a sitemap at the site's root",
        "sitemap-2.xml: ",
    ] {
        assert!(text.contains(needle), "no {needle:?} in:\n{text}");
    }
}
