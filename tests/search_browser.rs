//! The search page in a real headless Chromium, as people use it: results while typing, prefixes, typos, ASCII
//! spellings, overlapping queries, grouped results, filters from the URL, a phone's 360 px, a copy on disk.

mod common;
#[path = "common/webdriver.rs"]
mod webdriver;

use common::*;
use std::sync::OnceLock;
use webdriver::Browser;

/// The bundled portal (or PROTOKOL_BROWSER_SITE), built once into a temporary directory and served on 127.0.0.1.
fn built() -> &'static (tempfile::TempDir, std::path::PathBuf, String) {
    static SITE: OnceLock<(tempfile::TempDir, std::path::PathBuf, String)> = OnceLock::new();
    SITE.get_or_init(|| {
        let (dir, out) = build_to_temp(&portal_root());
        let url = protokol::serve::spawn_static(&out).unwrap();
        (dir, out, url)
    })
}

fn site() -> &'static str {
    &built().2
}

/// The status line once a query has been answered.
fn answered(b: &Browser) -> String {
    b.wait("an answer", |b| {
        let s = b.text(&b.find("#soeg-status"));
        (s.contains("resultat") || s.contains("Ingen")).then_some(s)
    })
}

fn links(b: &Browser) -> Vec<String> {
    b.find_all("#soeg-resultater h3 a")
        .iter()
        .map(|a| b.attr(a, "href").unwrap_or_default())
        .collect()
}

/// Types `text` key by key into the search field, without Enter, and waits for the answer to the whole text.
fn type_query(b: &Browser, text: &str) -> Vec<String> {
    b.goto(&format!("{}/soeg/", site()));
    let field = b.find("#soeg-q");
    b.type_into(&field, text);
    b.wait("the URL to follow the typing", |b| {
        b.exec(&format!(
            "return new URLSearchParams(location.search).get('q') === {text:?}"
        ))
        .as_bool()
        .filter(|same| *same)
    });
    answered(b);
    // The answer to the last keystroke (an earlier one may still be on screen for a moment).
    std::thread::sleep(std::time::Duration::from_millis(400));
    answered(b);
    links(b)
}

/// Asserts that one of the first `n` result links contains one of `parts`.
fn assert_in_top(hrefs: &[String], n: usize, parts: &[&str]) {
    assert!(
        hrefs
            .iter()
            .take(n)
            .any(|h| parts.iter().any(|p| h.contains(p))),
        "one of {parts:?} in the first {n}: {hrefs:#?}"
    );
}

#[test]
fn results_appear_while_typing_without_enter() {
    let b = Browser::start();
    let hrefs = type_query(&b, "flygtninge");
    assert_in_top(&hrefs, 5, &["2020-06-17-kkr-midtjylland/#punkt-3-6"]);
    assert!(
        !b.find_all("#soeg-resultater mark").is_empty(),
        "highlights"
    );
}

#[test]
fn a_prefix_finds_the_word_being_typed() {
    let b = Browser::start();
    let hrefs = type_query(&b, "vedtæ");
    assert_in_top(&hrefs, 5, &["/dokumenter/fsc-vedtaegter/"]);
    let hrefs = type_query(&b, "sundhedsaft");
    assert_in_top(
        &hrefs,
        3,
        &["sundhedsaftale", "2020-06-17-kkr-midtjylland/#punkt-3-3"],
    );
    // A prefix of nothing indexed finds nothing.
    let none = type_query(&b, "xqzv");
    assert!(none.is_empty(), "{none:?}");
}

#[test]
fn typos_and_ascii_spellings_find_the_word() {
    let b = Browser::start();
    let typo = type_query(&b, "generalforsamlng ");
    assert_in_top(&typo, 5, &["/dokumenter/fsc-vedtaegter/#pkt-4"]);
    let typo = type_query(&b, "flygtnige ");
    assert_in_top(&typo, 10, &["#punkt-3-6"]);
    let ascii = type_query(&b, "direktoer ");
    let danish = type_query(&b, "direktør ");
    assert!(!danish.is_empty());
    assert_eq!(ascii, danish, "direktoer finds what direktør finds");
    // A word that is not a typo of anything indexed finds nothing.
    assert!(type_query(&b, "zzyzxqwv ").is_empty());
}

#[test]
fn section_numbers_are_exact_and_land_on_the_paragraph() {
    let b = Browser::start();
    let hrefs = type_query(&b, "4.7 ");
    assert_in_top(&hrefs, 2, &["/dokumenter/fsc-vedtaegter/#pkt-4-7"]);
    let hrefs = type_query(&b, "punkt 3.6 ");
    assert_in_top(&hrefs, 3, &["2020-06-17-kkr-midtjylland/#punkt-3-6"]);
}

#[test]
fn an_answer_that_arrives_late_is_ignored() {
    let b = Browser::start();
    b.goto(&format!("{}/soeg/", site()));
    b.wait("the filters", |b| {
        (b.find_all("#soeg-organ option").len() > 1).then_some(())
    });
    // Every fetch made while window.slow is set answers 1.5 s late.
    b.exec(
        "const f = window.fetch; window.slow = true; \
         window.fetch = function () { const slow = window.slow; \
           return f.apply(this, arguments).then(r => slow ? new Promise(ok => setTimeout(() => ok(r), 1500)) : r); }; \
         const q = document.getElementById('soeg-q'); q.value = 'kontingent'; q.dispatchEvent(new Event('input')); \
         return null",
    );
    std::thread::sleep(std::time::Duration::from_millis(400));
    b.exec(
        "window.slow = false; const q = document.getElementById('soeg-q'); q.value = 'psykiatri'; \
         q.dispatchEvent(new Event('input')); return null",
    );
    let status = answered(&b);
    let first = links(&b);
    // Let the slow answer arrive; what is shown must stay the answer to the last query.
    std::thread::sleep(std::time::Duration::from_millis(2500));
    assert_eq!(b.text(&b.find("#soeg-status")), status);
    assert_eq!(links(&b), first);
    let marks: Vec<String> = b
        .find_all("#soeg-resultater mark")
        .iter()
        .map(|m| b.text(m).to_lowercase())
        .collect();
    assert!(!marks.is_empty());
    assert!(marks.iter().all(|m| m.contains("psykiatri")), "{marks:?}");
}

#[test]
fn results_of_one_document_are_grouped_in_reading_order() {
    let b = Browser::start();
    type_query(&b, "generalforsamling ");
    let groups = b.exec(
        "return Array.from(document.querySelectorAll('#soeg-resultater > li')).map(g => \
           Array.from(g.querySelectorAll('h3 a')).map(a => a.getAttribute('href')))",
    );
    let groups: Vec<Vec<String>> = serde_json::from_value(groups).unwrap();
    let pages: Vec<String> = groups
        .iter()
        .map(|g| g[0].split('#').next().unwrap().to_string())
        .collect();
    let mut unique = pages.clone();
    unique.dedup();
    assert_eq!(pages, unique, "one group per page");
    let statute = groups
        .iter()
        .find(|g| g[0].contains("fsc-vedtaegter"))
        .expect("the statutes' group");
    assert!(statute.len() > 1, "{statute:?}");
    let number = |h: &String| -> Vec<u32> {
        h.rsplit("pkt-")
            .next()
            .unwrap_or("")
            .split('-')
            .filter_map(|n| n.parse().ok())
            .collect()
    };
    let numbers: Vec<Vec<u32>> = statute.iter().map(number).collect();
    let mut sorted = numbers.clone();
    sorted.sort();
    assert_eq!(numbers, sorted, "reading order: {statute:?}");
    // The group's title is the document's, with the query highlighted in unit titles.
    let head = b.text(&b.find("#soeg-resultater > li .side-titel"));
    assert!(!head.is_empty());
    assert!(
        !b.find_all("#soeg-resultater h3 mark").is_empty(),
        "title highlight"
    );
}

#[test]
fn filters_are_there_before_a_query_and_live_in_the_url() {
    let b = Browser::start();
    b.goto(&format!("{}/soeg/", site()));
    let bodies = b.wait("the body filter", |b| {
        let o = b.exec(
            "return Array.from(document.querySelectorAll('#soeg-organ option')).map(o => o.textContent)",
        );
        let o: Vec<String> = serde_json::from_value(o).unwrap();
        (o.len() > 1).then_some(o)
    });
    assert_eq!(
        bodies[1..],
        ["KD-Net", "KKR Midtjylland", "FSC"],
        "configured bodies only"
    );
    let kinds: Vec<String> = serde_json::from_value(b.exec(
        "return Array.from(document.querySelectorAll('#soeg-type option')).map(o => o.textContent)",
    ))
    .unwrap();
    let mut unique = kinds.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), kinds.len(), "no kind twice: {kinds:?}");
    // Year range and sorting from the URL.
    b.goto(&format!(
        "{}/soeg/?q=kontingent&fra=2021&til=2021&sort=dato",
        site()
    ));
    answered(&b);
    assert_eq!(
        b.exec("return document.getElementById('soeg-fra').value")
            .as_str(),
        Some("2021")
    );
    assert_eq!(
        b.exec("return document.getElementById('soeg-sort').value")
            .as_str(),
        Some("dato")
    );
    let metas: Vec<String> = serde_json::from_value(b.exec(
        "return Array.from(document.querySelectorAll('#soeg-resultater .side-titel .meta')).map(m => m.textContent)",
    ))
    .unwrap();
    assert!(!metas.is_empty());
    for m in &metas {
        assert!(m.contains("2021") || !m.contains("20"), "{m}");
    }
    // A change of filter updates the URL.
    b.exec("const s = document.getElementById('soeg-sort'); s.value = 'relevans'; s.dispatchEvent(new Event('change')); return null");
    b.wait("the URL without sort", |b| {
        (!b.current_url().contains("sort=")).then_some(())
    });
}

#[test]
fn no_horizontal_scrolling_at_360_px() {
    let b = Browser::start();
    b.set_window_size(360, 800);
    // The longest issuer name of the bundled content, and a long unbroken title.
    type_query(&b, "govtech ");
    b.exec(
        "const li = document.createElement('li'); li.innerHTML = '<h3><a href=\"#\">' + 'x'.repeat(300) + \
         '</a></h3><p class=\"uddrag\">' + 'Erhvervsfremmeindsatsevalueringsrapport'.repeat(8) + '</p>'; \
         document.getElementById('soeg-resultater').appendChild(li); return null",
    );
    let (scroll, width): (u64, u64) = serde_json::from_value(
        b.exec("return [document.documentElement.scrollWidth, window.innerWidth]"),
    )
    .unwrap();
    assert!(width <= 400, "the window is a phone's: {width}");
    assert!(scroll <= width, "scrolls sideways: {scroll} > {width}");
}

#[test]
fn a_copy_opened_from_disk_says_search_needs_a_server() {
    let b = Browser::start();
    let page = built().1.join("soeg/index.html");
    b.goto(&format!("file://{}", page.display()));
    let msg = b.wait("the message", |b| {
        let p = b.find("#soeg-offline");
        let t = b.text(&p);
        (!t.is_empty()).then_some(t)
    });
    assert!(msg.contains("webserver"), "{msg}");
    let hrefs: Vec<String> = b
        .find_all("#soeg-offline a")
        .iter()
        .filter_map(|a| b.attr(a, "href"))
        .collect();
    // From disk a folder link must name its index.html.
    assert!(
        hrefs.iter().any(|h| h.ends_with("/moeder/index.html")),
        "{hrefs:?}"
    );
}

/// Every result of each query (`protokolSoeg.search` as the page runs it, then the metadata of all its documents),
/// run in the page of the site at `url`: per query its total and its results' URLs in order. With `without_ranks`
/// the manifest's ranges lose their sixth field (the rank) on the way, as a core that broke ties by document id
/// would see the index.
fn results_in_browser(
    b: &Browser,
    url: &str,
    queries: &[serde_json::Value],
    without_ranks: bool,
) -> Vec<(u64, Vec<String>)> {
    b.goto(&format!("{url}/soeg/"));
    let script = format!(
        "var queries = {}, strip = {without_ranks};
         function get(p) {{
           return fetch('index/' + p).then(function (r) {{
             if (!r.ok) throw new Error(r.status + ' ' + p);
             return r.json();
           }}).then(function (j) {{
             if (strip && p === 'manifest.json') j.ranges = j.ranges.map(function (r) {{ return r.slice(0, 5); }});
             return j;
           }});
         }}
         var S = globalThis.protokolSoeg;
         return Promise.all(queries.map(function (q) {{
           return S.search(q, get).then(function (r) {{
             return S.metadata(r.docs, r.manifest.chunk, get).then(function (ms) {{
               return [r.total, ms.map(function (m) {{ return m[1]; }})];
             }});
           }});
         }}));",
        serde_json::Value::from(queries.to_vec())
    );
    serde_json::from_value(b.exec(&script)).unwrap()
}

/// Real queries, each with filters and both sorts: the words of the bundled meetings (several in every meeting, so
/// that a meeting and its copy tie), alone and together, a prefix being typed, a body, a kind, a year range.
fn queries() -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for q in [
        "godkendelse",
        "referat",
        "dagsorden",
        "godkendelse af dagsorden",
        "kommunaldirektør",
        "sundhedsaft",
        "flygtninge",
        "kontingent",
        "møde",
    ] {
        for filter in [
            serde_json::json!({}),
            serde_json::json!({"organ": "kd-net"}),
            serde_json::json!({"type": "agenda"}),
            serde_json::json!({"fra": "2021", "til": "2021"}),
            serde_json::json!({"organ": "kd-net", "fra": "2020"}),
        ] {
            for sort in ["", "dato"] {
                let mut p = filter.clone();
                p["q"] = q.into();
                p["sort"] = sort.into();
                out.push(p);
            }
        }
    }
    out
}

/// `protokol serve` keeps document ids when meetings come and go (new units take the next free ids, a removed
/// unit's id is a hole) and keeps the build's order as ranks in the manifest: after a meeting is added and after
/// one is deleted, every query, with filters and by either sort, answers in the browser exactly as the index of a
/// fresh `protokol build` of the same content. The added meetings are copies of another one and two weeks earlier,
/// so that they tie on every word: without the ranks (ties broken by id), their results come in another order.
#[test]
fn serve_index_answers_like_a_build_after_meetings_come_and_go() {
    let (_d, site) = bundled_copy();
    let output = site.join("public");
    let mut ws = protokol::build::Workspace::new(&site, &output);
    ws.build_all().unwrap();
    assert!(!ws.diags.has_errors(), "{:?}", ws.diags.items);
    let served = protokol::serve::spawn_static(&output).unwrap();
    let b = Browser::start();
    let queries = queries();
    let original = read(&site.join("content/moeder/2021-05-21-kd-net.md"));
    // Copies a week and two weeks earlier (also Fridays), each added alone; then the first is deleted, leaving
    // a hole among the ids.
    let copy = |day: &str| site.join(format!("content/moeder/2021-05-{day}-kd-net.md"));
    let mut tie_breaks_mattered = false;
    for step in ["added", "another added", "deleted"] {
        let day = if step == "another added" { "07" } else { "14" };
        if step == "deleted" {
            std::fs::remove_file(copy(day)).unwrap();
        } else {
            let text = original
                .replace("date: 2021-05-21", &format!("date: 2021-05-{day}"))
                .replace(
                    "den 21. maj 2021",
                    &format!("den {}. maj 2021", day.trim_start_matches('0')),
                );
            std::fs::write(copy(day), text).unwrap();
        }
        ws.rebuild(&[copy(day)]).unwrap();
        assert!(!ws.diags.has_errors(), "{step}: {:?}", ws.diags.items);
        let manifest = read(&output.join("soeg/index/manifest.json"));
        let m: serde_json::Value = serde_json::from_str(&manifest).unwrap();
        assert!(
            m["ranges"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r.get(5).is_some()),
            "{step}: serve's ids are not ranks: {manifest}"
        );
        let (_f, fresh) = build_to_temp(&site);
        let fresh_url = protokol::serve::spawn_static(&fresh).unwrap();
        let want = results_in_browser(&b, &fresh_url, &queries, false);
        let got = results_in_browser(&b, &served, &queries, false);
        assert!(
            want.iter().filter(|r| r.1.len() > 1).count() > queries.len() / 2,
            "{step}: most queries find several results: {want:?}"
        );
        for ((q, w), g) in queries.iter().zip(&want).zip(&got) {
            assert_eq!(g, w, "{step}: {q}");
        }
        let by_id = results_in_browser(&b, &served, &queries, true);
        tie_breaks_mattered |= by_id != want;
    }
    assert!(
        tie_breaks_mattered,
        "ties broken by document id would have answered like a build: the test shows nothing"
    );
}
