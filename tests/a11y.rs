//! The bundled portal as its readers meet it, checked by the field's own tools: axe-core in real headless Chromium
//! on every page at 1280 and 360 px (WCAG 2.1 A and AA rules, 0 violations), no sideways scrolling on a phone,
//! and html-validate on every page with the committed `.htmlvalidate.json`; the same on a generated portal of 1,000
//! meetings beside the bundled content (html-validate on every page, axe on every page type and a sample). Both tools are npm packages that
//! `.ci/run` installs into `target/node`; a missing one fails the test and says how to install it.

mod common;
#[path = "common/webdriver.rs"]
mod webdriver;
// The benchmark's corpus generator, so that the audit runs on a portal of the size #14 names.
#[allow(dead_code)]
#[path = "../examples/gen_corpus/meetings.rs"]
mod meetings;
#[allow(dead_code)]
#[path = "../examples/gen_corpus/protokol_format.rs"]
mod protokol_format;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use webdriver::Browser;

const INSTALL: &str = "npm install --prefix target/node axe-core html-validate (what .ci/run does), or set PROTOKOL_NODE_MODULES to a node_modules folder that has them";

/// The WCAG 2.1 A and AA rule sets of axe-core (the level the accessibility statement promises).
const WCAG_TAGS: &str = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']";

/// The phone width of the issue: the narrowest common Android viewport.
const PHONE: u32 = 360;
const DESKTOP: u32 = 1280;

fn node_modules() -> PathBuf {
    std::env::var_os("PROTOKOL_NODE_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target/node/node_modules"))
}

fn npm_file(path: &str) -> PathBuf {
    let p = node_modules().join(path);
    assert!(p.is_file(), "{} is missing: {INSTALL}", p.display());
    p
}

/// The bundled portal, built once for this file, and served on 127.0.0.1.
fn bundled() -> &'static (tempfile::TempDir, PathBuf, String) {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf, String)> = OnceLock::new();
    SITE.get_or_init(|| {
        let (dir, out) = build_to_temp(&portal_root());
        let url = protokol::serve::spawn_static(&out).unwrap();
        (dir, out, url)
    })
}

/// Every HTML page under `out`, as paths relative to it ("index.html", "moeder/…/index.html").
fn html_pages(out: &Path) -> Vec<String> {
    fn walk(dir: &Path, out: &Path, pages: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out, pages);
            } else if p.extension().is_some_and(|x| x == "html") {
                pages.push(
                    p.strip_prefix(out)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let mut pages = Vec::new();
    walk(out, out, &mut pages);
    pages.sort();
    pages
}

/// The URL a reader follows to a page: folders without their index.html.
fn page_url(base: &str, page: &str) -> String {
    format!("{base}/{}", page.strip_suffix("index.html").unwrap_or(page))
}

/// Runs axe-core on the open page; one line per violation and element ("rule (impact): target: why").
fn axe_violations(b: &Browser, axe: &str) -> Vec<String> {
    b.exec(axe);
    b.exec(&format!(
        "window.__axe = null; \
         axe.run(document, {{runOnly: {{type: 'tag', values: {WCAG_TAGS}}}, resultTypes: ['violations']}}) \
           .then(r => {{ window.__axe = r.violations.flatMap(v => v.nodes.map(n => \
               v.id + ' (' + v.impact + '): ' + n.target.join(' ') + ': ' + n.failureSummary.replace(/\\s+/g, ' '))); }}, \
                 e => {{ window.__axe = ['axe failed: ' + e]; }}); \
         return null"
    ));
    let found = b.wait("axe-core's result", |b| {
        let v = b.exec("return window.__axe");
        (!v.is_null()).then_some(v)
    });
    serde_json::from_value(found).unwrap()
}

/// [page, width, violation] for every page of a served site at both widths.
fn audit(base: &str, pages: &[String]) -> Vec<String> {
    let axe = std::fs::read_to_string(npm_file("axe-core/axe.min.js")).unwrap();
    let b = Browser::start();
    let mut failures = Vec::new();
    for width in [DESKTOP, PHONE] {
        b.set_window_size(width, 900);
        for page in pages {
            b.goto(&page_url(base, page));
            for v in axe_violations(&b, &axe) {
                failures.push(format!("{page} at {width} px: {v}"));
            }
        }
    }
    failures
}

#[test]
fn axe_finds_no_wcag_violation_on_any_page_at_desktop_and_phone_width() {
    let (_, out, base) = bundled();
    let pages = html_pages(out);
    // Every page type of the bundled portal is among them.
    for kind in [
        "index.html",
        "organer/kd-net/index.html",
        "organer/fsc/index.html",
        "organer/kd-net/2020/index.html",
        "moeder/2020-01-24-kd-net/index.html",
        "dokumenter/fsc-vedtaegter/index.html",
        "tabeller/fsc-kontingent-2020/index.html",
        "om/index.html",
        "moeder/index.html",
        "soeg/index.html",
        "404.html",
        "tilgaengelighed/index.html",
    ] {
        assert!(pages.iter().any(|p| p == kind), "{kind} in {pages:?}");
    }
    let failures = audit(base, &pages);
    assert!(
        failures.is_empty(),
        "{} axe-core violations:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn no_page_scrolls_sideways_on_a_phone() {
    let (_, out, base) = bundled();
    let b = Browser::start();
    b.set_window_size(PHONE, 800);
    let mut wide = Vec::new();
    for page in html_pages(out) {
        b.goto(&page_url(base, &page));
        let (scroll, width): (u64, u64) = serde_json::from_value(
            b.exec("return [document.documentElement.scrollWidth, window.innerWidth]"),
        )
        .unwrap();
        assert!(width <= PHONE as u64, "the window is a phone's: {width}");
        if scroll > width {
            wide.push(format!("{page}: {scroll} px wide"));
        }
    }
    assert!(
        wide.is_empty(),
        "pages wider than {PHONE} px:\n{}",
        wide.join("\n")
    );
}

/// Runs html-validate with the repository's `.htmlvalidate.json` on `files` (relative to `dir`): one line per message.
fn html_validate(dir: &Path, files: &[String]) -> Vec<String> {
    let cli = npm_file("html-validate/bin/html-validate.mjs");
    let o = Command::new("node")
        .arg(cli)
        .arg("--config")
        .arg(repo().join(".htmlvalidate.json"))
        .args(["--formatter", "json"])
        .args(files)
        .current_dir(dir)
        .output()
        .expect("run node (Node.js is needed for html-validate)");
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "html-validate gave no JSON report ({e}): {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    });
    let mut messages = Vec::new();
    for file in report.as_array().unwrap() {
        let path = file["filePath"].as_str().unwrap_or_default();
        let path = Path::new(path).strip_prefix(dir).unwrap_or(Path::new(path));
        let path = path.to_string_lossy();
        for m in file["messages"].as_array().unwrap() {
            let rule = m["ruleId"].as_str().unwrap_or_default();
            messages.push(format!(
                "{path}:{}:{}: {rule}: {}",
                m["line"],
                m["column"],
                m["message"].as_str().unwrap_or_default()
            ));
        }
    }
    messages
}

#[test]
fn html_validate_is_clean_on_every_page() {
    let (_, out, _) = bundled();
    let pages = html_pages(out);
    let messages = html_validate(out, &pages);
    assert!(
        messages.is_empty(),
        "{} html-validate messages:\n{}",
        messages.len(),
        messages.join("\n")
    );
}

/// The budget example's table pages (nested groups, a heading row, a two-row header, cells spanning rows and
/// columns, editor marks): 0 axe-core violations at both widths (`th-has-data-cells`, `td-headers-attr` among
/// them) and clean html-validate.
#[test]
fn the_budget_example_tables_pass_axe_and_html_validate() {
    let (_dir, out) = build_to_temp(&repo().join("tests/fixtures/budgetopfoelgning"));
    let pages: Vec<String> = html_pages(&out)
        .into_iter()
        .filter(|p| p.starts_with("tabeller/") && p != "tabeller/index.html")
        .collect();
    assert_eq!(pages.len(), 2, "{pages:?}");
    let messages = html_validate(&out, &pages);
    assert!(messages.is_empty(), "{}", messages.join("\n"));
    let url = protokol::serve::spawn_static(&out).unwrap();
    let failures = audit(&url, &pages);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn html_validate_reports_what_the_configuration_forbids() {
    // The failing case: a page with a duplicate id, an id beginning with a digit and trailing white space.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.html"),
        "<!DOCTYPE html>\n<html lang=\"da\"><head><title>x</title></head>\n<body><main id=\"indhold\"> \n\
         <h2 id=\"indhold\">Indhold</h2><p id=\"1\">x</p></main></body></html>\n",
    )
    .unwrap();
    let messages = html_validate(dir.path(), &["bad.html".to_string()]).join("\n");
    for rule in ["no-dup-id", "valid-id", "no-trailing-whitespace"] {
        assert!(messages.contains(rule), "{rule} in {messages}");
    }
}

#[test]
fn axe_reports_an_empty_link_and_text_too_faint_to_read() {
    // The failing case: axe-core is loaded and its WCAG rules run (an empty link, #aaa on #fff at 2.3:1).
    let axe = std::fs::read_to_string(npm_file("axe-core/axe.min.js")).unwrap();
    let b = Browser::start();
    b.goto("data:text/html;charset=utf-8,<!DOCTYPE html><html lang=da><title>x</title><main><h1>x</h1>\
            <p style='color:%23aaa'>Svag tekst</p><a href='/x'></a></main></html>");
    let found = axe_violations(&b, &axe).join("\n");
    for rule in ["color-contrast", "link-name"] {
        assert!(found.contains(rule), "{rule} in {found}");
    }
}

#[test]
fn the_accessibility_statement_gives_contact_dates_and_the_complaint_route() {
    let (_, out, _) = bundled();
    let page = read(&out.join("tilgaengelighed/index.html"));
    for fact in [
        "mailto:tilgaengelighed@moeder.example.org",
        "<time datetime=\"2026-12-01\">1. december 2026</time>",
        "overholder WCAG 2.1 niveau AA fuldt ud",
        "bekendtgørelse nr. 904 af 22. august 2019",
        "href=\"https://digst.dk/digital-inklusion/webtilgaengelighed/oplever-du-ikke-tilgaengeligt-indhold/\"",
    ] {
        assert!(page.contains(fact), "{fact} in the statement");
    }
    // Only the statement's page shows them.
    assert!(!read(&out.join("om/index.html")).contains("Klageadgang"));
}

#[test]
fn an_accessibility_statement_date_that_is_no_date_is_refused() {
    let (_dir, site) = bundled_copy();
    let config = site.join("protokol.toml");
    let text = read(&config).replace("prepared = \"2026-12-01\"", "prepared = \"1. december\"");
    std::fs::write(&config, text).unwrap();
    let o = run(&["check", "--root", site.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = stderr(&o) + &stdout(&o);
    assert!(
        err.contains("config-date") && err.contains("1. december"),
        "{err}"
    );
}

/// A generated portal of 1,000 meetings (the benchmark corpus, with the bundled content beside it): html-validate
/// clean on every one of its pages, and axe-core clean at both widths on every kind of page it has — the long
/// listings (all meetings, each body, each body's years) in full, and every 50th meeting page.
#[test]
fn a_generated_portal_of_1000_meetings_passes_html_validate_and_axe() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    protokol_format::begin(&site, false).unwrap();
    for m in meetings::meetings(1000) {
        protokol_format::write(&site, &m).unwrap();
    }
    let out = dir.path().join("public");
    build_ok(&site, &out);
    let pages = html_pages(&out);
    let meetings: Vec<&String> = (pages.iter())
        .filter(|p| p.starts_with("moeder/") && p.as_str() != "moeder/index.html")
        .collect();
    assert!(meetings.len() >= 1000, "{} meeting pages", meetings.len());

    let messages = html_validate(&out, &pages);
    assert!(
        messages.is_empty(),
        "{} html-validate messages on the generated portal:\n{}",
        messages.len(),
        messages.join("\n")
    );

    let sample: Vec<String> = (pages.iter())
        .filter(|p| !p.starts_with("moeder/") || p.as_str() == "moeder/index.html")
        .cloned()
        .chain(meetings.iter().step_by(50).map(|p| p.to_string()))
        .collect();
    let url = protokol::serve::spawn_static(&out).unwrap();
    let failures = audit(&url, &sample);
    assert!(
        failures.is_empty(),
        "{} axe-core violations on the generated portal:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
