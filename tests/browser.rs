//! Search in a real headless Chromium (Debian's chromium + chromedriver), against the bundled portal served on
//! 127.0.0.1. Queries are typed as a new user would.

mod common;
#[path = "common/webdriver.rs"]
mod webdriver;

use common::*;
use std::sync::OnceLock;
use webdriver::Browser;

/// The bundled portal, built once for all tests of this file, and served on an ephemeral port.
fn site() -> &'static str {
    static URL: OnceLock<(tempfile::TempDir, String)> = OnceLock::new();
    &URL.get_or_init(|| {
        let (dir, out) = build_to_temp(&portal_root());
        (dir, protokol::serve::spawn_static(&out).unwrap())
    })
    .1
}

/// The `protokol init` skeleton, built and served: search works on any site, not only the bundled one.
fn skeleton_site() -> &'static str {
    static URL: OnceLock<(tempfile::TempDir, tempfile::TempDir, String)> = OnceLock::new();
    &URL.get_or_init(|| {
        let (sk, site) = skeleton();
        let (dir, out) = build_to_temp(&site);
        (sk, dir, protokol::serve::spawn_static(&out).unwrap())
    })
    .2
}

#[test]
fn skeleton_search_finds_the_item_and_its_anchor_works() {
    let b = Browser::start();
    b.goto(&format!("{}/soeg/", skeleton_site()));
    let field = b.find("#soeg-q");
    b.type_into(&field, "Kontingentet\u{E007}");
    b.wait("results", |b| {
        b.text(&b.find("#soeg-status"))
            .contains("resultat")
            .then_some(())
    });
    let links = b.find_all("#soeg-resultater h3 a");
    let first = b.attr(&links[0], "href").unwrap();
    assert!(
        first.ends_with("/moeder/2024-03-01-bestyrelsen/#punkt-2")
            || first.contains("/vedtaegter/"),
        "{first}"
    );
    let hrefs: Vec<String> = links.iter().filter_map(|l| b.attr(l, "href")).collect();
    assert!(hrefs.iter().any(|h| h.ends_with("#punkt-2")), "{hrefs:?}");
    assert!(
        hrefs
            .iter()
            .any(|h| h.contains("/dokumenter/vedtaegter/#pkt-2")),
        "statute section 2: {hrefs:?}"
    );
    // Keyboard: Tab from the field moves to the search button, then to the filters.
    b.exec("document.getElementById('soeg-q').focus()");
    b.keys("\u{E004}");
    assert_eq!(
        b.exec("return document.activeElement.type").as_str(),
        Some("submit")
    );
    b.keys("\u{E004}");
    assert_eq!(
        b.exec("return document.activeElement.id").as_str(),
        Some("soeg-organ")
    );
    b.goto(
        &hrefs
            .iter()
            .find(|h| h.ends_with("#punkt-2"))
            .unwrap()
            .clone(),
    );
    assert!(b
        .text(&b.find("#punkt-2 h3"))
        .contains("Kontingent for 2025"));
}

/// Types `query` into the search page's field, presses Enter and returns the result links (title, href).
fn search(b: &Browser, query: &str) -> Vec<(String, String)> {
    b.goto(&format!("{}/soeg/", site()));
    let field = b.find("#soeg-q");
    b.type_into(&field, query);
    b.keys("\u{E007}");
    b.wait("results", |b| {
        let s = b.text(&b.find("#soeg-status"));
        (s.contains("resultat") || s.contains("Ingen")).then_some(())
    });
    b.find_all("#soeg-resultater h3 a")
        .iter()
        .map(|a| (b.text(a), b.attr(a, "href").unwrap_or_default()))
        .collect()
}

#[test]
fn flygtninge_finds_the_refugee_quotas() {
    let b = Browser::start();
    let results = search(&b, "flygtninge");
    let top: Vec<&(String, String)> = results.iter().take(5).collect();
    assert!(
        top.iter().any(|(_, h)| h.contains("/tabeller/flygtninge-")),
        "a refugee table near the top: {results:#?}"
    );
    assert!(
        top.iter()
            .any(|(_, h)| h.contains("2020-06-17-kkr-midtjylland/#punkt-3-6")),
        "KKR item 3.6 near the top: {results:#?}"
    );
    assert!(
        b.current_url().contains("q=flygtninge"),
        "the URL reflects the query"
    );
    // Highlighted snippet.
    assert!(!b.find_all("#soeg-resultater mark").is_empty());
}

#[test]
fn kontingent_140_finds_the_kd_net_item_on_fsc_economy() {
    let b = Browser::start();
    let results = search(&b, "kontingent 1,40");
    // The item, or the fee table it presents (whose page links back to it), comes first; the item is in the top
    // three.
    let item = results
        .iter()
        .take(3)
        .find(|(_, h)| h.contains("2021-05-21-kd-net/#punkt-3"))
        .unwrap_or_else(|| panic!("KD-Net 21 May 2021 item 3 in the top three: {results:#?}"));
    let first = &item.1;
    // The anchor works: following the link lands on the item.
    b.goto(first);
    let heading = b.text(&b.find("#punkt-3 h3"));
    assert!(heading.contains("økonomiske situation i FSC"), "{heading}");
}

#[test]
fn generalforsamling_finds_statute_sections() {
    let b = Browser::start();
    let results = search(&b, "generalforsamling");
    assert!(
        results
            .iter()
            .take(5)
            .any(|(_, h)| h.contains("/dokumenter/fsc-vedtaegter/#pkt-4")),
        "section 4 of the statutes near the top: {results:#?}"
    );
}

#[test]
fn a_filter_narrows_the_results_and_is_shareable() {
    let b = Browser::start();
    let all = search(&b, "kontingent");
    let status_all = b.text(&b.find("#soeg-status"));
    b.goto(&format!("{}/soeg/?q=kontingent&organ=kd-net", site()));
    b.wait("filtered results", |b| {
        b.text(&b.find("#soeg-status"))
            .contains("resultat")
            .then_some(())
    });
    let status_f = b.text(&b.find("#soeg-status"));
    let n = |s: &str| {
        s.split_whitespace()
            .next()
            .and_then(|x| x.replace('.', "").parse::<usize>().ok())
            .unwrap_or(1)
    };
    assert!(n(&status_f) < n(&status_all), "{status_f} < {status_all}");
    let filtered = b.find_all("#soeg-resultater h3 a");
    assert!(!filtered.is_empty() && !all.is_empty());
    for a in filtered {
        let meta =
            b.exec("return document.querySelectorAll('#soeg-resultater .meta')[0].textContent");
        assert!(meta.as_str().unwrap_or("").contains("KD-Net"), "{meta}");
        let _ = a;
    }
    // The select shows the filter from the URL.
    assert_eq!(
        b.exec("return document.getElementById('soeg-organ').value")
            .as_str(),
        Some("kd-net")
    );
}

#[test]
fn danish_folding_and_keyboard_use() {
    let b = Browser::start();
    let folded = search(&b, "moede");
    let plain = search(&b, "møde");
    assert!(!plain.is_empty());
    assert_eq!(folded.first(), plain.first(), "moede finds what møde finds");
    // The header search box works from any page with the keyboard alone.
    b.goto(&format!("{}/", site()));
    let field = b.find("#hurtig-q");
    b.type_into(&field, "flygtninge\u{E007}");
    b.wait("search page", |b| {
        b.current_url()
            .contains("/soeg/index.html?q=flygtninge")
            .then_some(())
    });
    b.wait("results", |b| {
        b.text(&b.find("#soeg-status"))
            .contains("resultat")
            .then_some(())
    });
}

#[test]
fn pages_load_no_index_until_a_search_and_the_search_page_only_its_manifest() {
    let b = Browser::start();
    b.goto(&format!("{}/", site()));
    let loaded =
        b.exec("return performance.getEntriesByType('resource').map(e => e.name).join(' ')");
    assert!(
        !loaded.as_str().unwrap_or("").contains("soeg/index"),
        "{loaded}"
    );
    // The search page fetches the manifest (its filters are there before a query), and nothing else.
    b.goto(&format!("{}/soeg/", site()));
    b.wait("the filters", |b| {
        (b.find_all("#soeg-organ option").len() > 1).then_some(())
    });
    let loaded =
        b.exec("return performance.getEntriesByType('resource').map(e => e.name).join(' ')");
    let index: Vec<&str> = loaded
        .as_str()
        .unwrap_or("")
        .split(' ')
        .filter(|u| u.contains("soeg/index"))
        .collect();
    assert!(
        index
            .iter()
            .all(|u| u.ends_with("soeg/index/manifest.json")),
        "only the manifest before a query: {index:?}"
    );
}

#[test]
fn without_javascript_the_search_page_says_so() {
    let (_dir, out) = build_to_temp(&portal_root());
    let html = read(&out.join("soeg/index.html"));
    assert!(html.contains("<noscript>") && html.contains("kræver JavaScript"));
    // Tera escapes "/" in attributes as &#x2F;, which browsers read as "/".
    let noscript = &html[html.find("<noscript>").unwrap()..html.find("</noscript>").unwrap()];
    assert!(
        noscript.contains("moeder")
            && noscript.contains("dokumenter")
            && noscript.contains("tabeller"),
        "{noscript}"
    );
}

/// The build version an open page's live-reload script has seen, once it is connected to `protokol serve`.
fn live_version(b: &Browser) -> Option<String> {
    b.exec("return document.documentElement.getAttribute('data-protokol-live')")
        .as_str()
        .map(str::to_string)
}

/// `protokol serve` in the browser: an open page reloads itself after an edit, shows an overlay with the checker's
/// diagnostics when a save breaks a table (keeping the last good page), and clears it when the file is fixed; a
/// template edit reloads the page too.
#[test]
fn served_page_reloads_after_edits_and_shows_errors_until_fixed() {
    let (_d, site) = bundled_copy();
    let s = Served::start(&site);
    let b = Browser::start();
    b.goto(&format!("{}/tabeller/fsc-kontingent-2021-2022/", s.url));
    b.wait("the live-reload connection", live_version);
    let reloaded = |b: &Browser| {
        b.exec("return window.ikkeGenindlaest === undefined")
            .as_bool()
            == Some(true)
    };
    let table = site.join("content/tabeller/fsc-kontingent-2021-2022.yaml");
    let good = read(&table);

    // An edit: the page reloads by itself and shows the new caption.
    b.exec("window.ikkeGenindlaest = true; return null");
    let edited = good.replacen(
        "caption: \"Årligt bidrag Fælles Servicecenter\"",
        "caption: \"Årligt bidrag til Fælles Service Center\"",
        1,
    );
    assert_ne!(edited, good);
    save_atomically(&table, &edited);
    b.wait("the page to reload with the new caption", |b| {
        (reloaded(b)
            && b.text(&b.find("main"))
                .contains("Årligt bidrag til Fælles Service Center"))
        .then_some(())
    });

    // A share that does not follow its rule: an overlay with the diagnostics; the page is not replaced.
    b.wait("the live-reload connection", live_version);
    b.exec("window.ikkeGenindlaest = true; return null");
    save_atomically(
        &table,
        &edited.replacen("andel_2022: 67756}", "andel_2022: 67757}", 1),
    );
    let overlay = b.wait("the error overlay", |b| {
        b.find_all("#protokol-fejl").into_iter().next()
    });
    let text = b.text(&overlay);
    assert!(
        text.contains("content/tabeller/fsc-kontingent-2021-2022.yaml"),
        "names the file: {text}"
    );
    assert!(text.contains("67.757"), "shows what was found: {text}");
    assert!(
        text.contains("Fejl i indholdet"),
        "says what it is, in Danish: {text}"
    );
    let role = b.exec("return document.getElementById('protokol-fejl').getAttribute('role')");
    assert_eq!(
        role.as_str(),
        Some("alertdialog"),
        "announced to screen readers"
    );
    assert!(!reloaded(&b), "the last good page stays");
    assert!(
        b.text(&b.find("main")).contains("67.756"),
        "and shows the last good figure"
    );

    // Fixed: the overlay goes.
    save_atomically(&table, &edited);
    b.wait("the overlay to clear", |b| {
        b.find_all("#protokol-fejl").is_empty().then_some(())
    });

    // A template edit reloads the page with the new template.
    b.exec("window.ikkeGenindlaest = true; return null");
    let tpl = site.join("templates/table.html");
    std::fs::create_dir_all(tpl.parent().unwrap()).unwrap();
    let theme = read(&repo().join("themes/default/templates/table.html"));
    let changed = theme.replacen(
        "{% block content %}",
        "{% block content %}<p id=\"lokal\">Lokal skabelon</p>",
        1,
    );
    assert_ne!(
        changed, theme,
        "the theme's table template has a content block"
    );
    std::fs::write(&tpl, changed).unwrap();
    b.wait("the page to reload with the new template", |b| {
        (reloaded(b) && !b.find_all("#lokal").is_empty()).then_some(())
    });
}

#[test]
fn a_page_reloads_from_a_restarted_server() {
    // A server restarted after an edit counts its versions from the start again, like the one before it: the
    // page must still notice that it is a new server and show what it serves.
    let (_d, site) = bundled_copy();
    let s = Served::start(&site);
    let b = Browser::start();
    b.goto(&format!("{}/om/", s.url));
    let first = b.wait("the live-reload connection", live_version);
    b.exec("window.ikkeGenindlaest = true; return null");
    let port: u16 = s.url.rsplit(':').next().unwrap().parse().unwrap();
    drop(s);
    let page = site.join("content/sider/om.md");
    let text = read(&page);
    std::fs::write(
        &page,
        format!("{}\n\nGenstartet server.\n", text.trim_end()),
    )
    .unwrap();
    let again = Served::start_on(&site, port);
    assert_eq!(
        again.status()["version"].to_string(),
        first,
        "the new server starts at the same version"
    );
    b.wait("the page to reload from the restarted server", |b| {
        (b.exec("return window.ikkeGenindlaest === undefined")
            .as_bool()
            == Some(true)
            && b.text(&b.find("main")).contains("Genstartet server"))
        .then_some(())
    });
}
