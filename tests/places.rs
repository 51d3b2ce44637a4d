//! One build of the bundled portal works in every place a portal is put: opened from disk (`file://`), served
//! under a sub-path (`/portal/`), and at a domain root. In real headless Chromium: every page shows its
//! stylesheet, and a crawl of every internal link from every page reaches a file of the site, with every
//! `#fragment` an id on the target page.

mod common;
#[path = "common/webdriver.rs"]
mod webdriver;

use common::*;
use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use webdriver::Browser;

fn build_bundled() -> (tempfile::TempDir, PathBuf) {
    build_to_temp(&repo())
}

/// A static server that publishes `dir` under `prefix` ("/portal/") and answers 404 everywhere else, as a host
/// that puts the portal in a sub-folder does. One request per connection (`Connection: close`).
fn serve_under(dir: &Path, prefix: &'static str) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            // Skip the headers.
            let mut h = String::new();
            while reader.read_line(&mut h).is_ok_and(|n| n > 2) {
                h.clear();
            }
            let target = line.split_whitespace().nth(1).unwrap_or("");
            let url = target.split(['?', '#']).next().unwrap_or("");
            let file = url.strip_prefix(prefix).and_then(|rest| {
                if rest.split('/').any(|c| c == "..") {
                    return None;
                }
                let mut p = dir.join(rest);
                if p.is_dir() {
                    p = p.join("index.html");
                }
                p.is_file().then_some(p)
            });
            let mut stream = reader.into_inner();
            let _ = match file {
                Some(p) => {
                    let ct = match p.extension().and_then(|e| e.to_str()) {
                        Some("html") => "text/html; charset=utf-8",
                        Some("css") => "text/css",
                        Some("js") => "text/javascript",
                        Some("svg") => "image/svg+xml",
                        _ => "application/octet-stream",
                    };
                    let body = std::fs::read(p).unwrap();
                    write!(
                        stream,
                        "HTTP/1.1 200 OK\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    )
                    .and_then(|_| stream.write_all(&body))
                }
                None => stream.write_all(
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                ),
            };
        }
    });
    format!("http://{addr}{prefix}")
}

/// Crawls from `start` (the site's home page URL; `site` is the URL every page of the site begins with) and
/// returns the number of pages visited. Fails on a page without the stylesheet, a link that leaves the site or
/// names no file of it, and a fragment that is no id of its page.
fn crawl(b: &Browser, out: &Path, site: &str, start: &str) -> usize {
    let mut queue = VecDeque::from([start.to_string()]);
    let mut seen = BTreeSet::from([start.to_string()]);
    let mut fragments: Vec<(String, String, String)> = Vec::new();
    let mut pages = 0;
    // Links to other hosts (https://www.kl.dk …) are not the site's; from disk, every http(s) link is.
    let origin: String = if site.starts_with("http") {
        site.splitn(4, '/').take(3).collect::<Vec<_>>().join("/")
    } else {
        "file:".into()
    };
    while let Some(url) = queue.pop_front() {
        b.goto(&url);
        pages += 1;
        // The stylesheet is applied once it has loaded; a page that does not link it never gets the colour.
        let shows_stylesheet = || {
            b.exec("return getComputedStyle(document.querySelector('header.top')).backgroundColor")
                == "rgb(11, 79, 138)"
        };
        let mut shown = shows_stylesheet();
        for _ in 0..50 {
            if shown {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
            shown = shows_stylesheet();
        }
        assert!(shown, "{url} shows the stylesheet");
        let root = b.exec("return document.documentElement.dataset.root");
        let root = root
            .as_str()
            .unwrap_or_else(|| panic!("{url}: no data-root"));
        let home = b.exec(&format!("return new URL({root:?}, location.href).href"));
        assert_eq!(home, site, "{url}: data-root {root} leads to the site root");
        let links = b.exec(
            "return [...document.querySelectorAll('a[href], link[href], script[src], form[action], img[src]')]
               .map(e => e.href || e.src || e.action)",
        );
        for link in links.as_array().unwrap() {
            let link = link.as_str().unwrap().to_string();
            if !link.starts_with(&origin) {
                continue;
            }
            let (target, fragment) = match link.split_once('#') {
                Some((t, f)) => (t.to_string(), Some(f.to_string())),
                None => (link.clone(), None),
            };
            let target = target.split('?').next().unwrap().to_string();
            let rel = target
                .strip_prefix(site)
                .unwrap_or_else(|| panic!("{url} links outside the site: {link}"));
            let mut file = out.join(rel);
            if site.starts_with("file:") {
                assert!(
                    file.is_file(),
                    "{url} links {link}, which is no file (from disk a folder link needs its index.html)"
                );
            } else if file.is_dir() {
                file = file.join("index.html");
            }
            assert!(file.is_file(), "{url} links {link}: no such file");
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                fragments.push((url.clone(), target.clone(), f));
            }
            if file.extension().is_some_and(|e| e == "html") && seen.insert(target.clone()) {
                queue.push_back(target);
            }
        }
    }
    // Fragments: each target page once, every id it is asked for.
    let mut by_target: std::collections::BTreeMap<String, BTreeSet<(String, String)>> =
        Default::default();
    for (from, target, f) in fragments {
        by_target.entry(target).or_default().insert((f, from));
    }
    for (target, wanted) in by_target {
        b.goto(&target);
        let ids = b.exec("return [...document.querySelectorAll('[id]')].map(e => e.id)");
        let ids: BTreeSet<&str> = ids
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        for (f, from) in wanted {
            let f = percent_decode(&f);
            assert!(
                ids.contains(f.as_str()),
                "{from} links {target}#{f}: no such id"
            );
        }
    }
    pages
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 3 <= bytes.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).to_string()
}

/// Every HTML page the build wrote, but the 404 page (which links from the configured base URL).
fn html_pages(out: &Path) -> usize {
    walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .filter(|e| e.file_name() != "404.html")
        .count()
}

#[test]
fn opened_from_disk_every_page_is_styled_and_every_link_resolves() {
    let (_dir, out) = build_bundled();
    let b = Browser::start();
    let site = format!("file://{}/", out.display());
    let pages = crawl(&b, &out, &site, &format!("{site}index.html"));
    assert_eq!(pages, html_pages(&out), "the crawl reaches every page");
}

#[test]
fn under_a_sub_path_every_page_is_styled_and_every_link_resolves() {
    let (_dir, out) = build_bundled();
    let site = serve_under(&out, "/portal/");
    let b = Browser::start();
    let pages = crawl(&b, &out, &site, &site);
    // `/portal/` and `/portal/index.html` are the same page, reached both ways.
    assert_eq!(pages, html_pages(&out) + 1, "the crawl reaches every page");
}

#[test]
fn at_a_domain_root_every_page_is_styled_and_every_link_resolves() {
    let (_dir, out) = build_bundled();
    let site = serve_under(&out, "/");
    let b = Browser::start();
    let pages = crawl(&b, &out, &site, &site);
    assert_eq!(pages, html_pages(&out) + 1, "the crawl reaches every page");
}

#[test]
fn pretty_urls_drop_index_html_for_sites_only_served_over_http() {
    let (dir, site) = bundled_copy();
    let config = site.join("protokol.toml");
    std::fs::write(&config, format!("pretty_urls = true\n{}", read(&config))).unwrap();
    let out = dir.path().join("public");
    build_ok(&site, &out);
    let meeting =
        read(&out.join("moeder/2020-06-17-kkr-midtjylland/index.html")).replace("&#x2F;", "/");
    assert!(
        meeting.contains("href=\"../../dokumenter/fsc-vedtaegter/\""),
        "links to folders end in /"
    );
    assert!(meeting.contains("href=\"../../\""), "home link");
    assert!(
        !meeting.contains("index.html"),
        "no folder link names its index.html"
    );
    assert!(meeting.contains("href=\"../../static/style.css\""));
}
