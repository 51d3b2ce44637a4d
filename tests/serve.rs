//! `protokol serve` as a secretary uses it: the server runs on an ephemeral port of 127.0.0.1, files are edited,
//! renamed and deleted on disk, and the served pages follow; an error keeps the last good site and is reported.

mod common;
use common::*;

const MEETING: &str = "content/moeder/2021-05-21-kd-net.md";
const TABLE: &str = "content/tabeller/fsc-kontingent-2021-2022.yaml";

#[test]
fn serves_on_localhost_with_content_types_and_no_traversal() {
    let (_d, site) = bundled_copy();
    let s = Served::start(&site);
    assert!(s.url.starts_with("http://127.0.0.1:"), "{}", s.url);
    let (status, ct, body) = http_get(&s.url, "/moeder/2021-05-21-kd-net/");
    assert_eq!(status, 200);
    assert_eq!(ct, "text/html; charset=utf-8");
    assert!(
        body.contains("<script src=\"/__protokol/live.js\" defer></script></body>"),
        "live reload script"
    );
    let on_disk = read(&site.join("public/moeder/2021-05-21-kd-net/index.html"));
    assert!(
        !on_disk.contains("__protokol"),
        "the output on disk is the published site, without the dev script"
    );
    assert_eq!(
        http_get(&s.url, "/static/style.css").1,
        "text/css; charset=utf-8"
    );
    assert_eq!(
        http_get(&s.url, "/soeg/index/manifest.json").1,
        "application/json"
    );
    assert_eq!(
        http_get(&s.url, "/__protokol/live.js").1,
        "text/javascript; charset=utf-8"
    );
    for evil in [
        "/../protokol.toml",
        "/%2e%2e/protokol.toml",
        "/..%2fprotokol.toml",
        "/%2e%2e%2fcontent/moeder/2021-05-21-kd-net.md",
    ] {
        let (status, _, body) = http_get(&s.url, evil);
        assert_eq!(status, 404, "{evil}");
        assert!(
            !body.contains("base_url"),
            "{evil} must not serve the configuration"
        );
    }
}

#[test]
fn edits_renames_and_deletes_show_up_in_the_served_site() {
    let (_d, site) = bundled_copy();
    let s = Served::start(&site);
    let page = |p: &str| http_get(&s.url, p);

    // An edit saved as editors do (temporary file renamed over the original).
    let before_edit = s.status()["rebuilds"].as_u64().unwrap();
    let m = site.join(MEETING);
    let text = read(&m).replace(
        "## 13 Eventuelt",
        "## 13 Eventuelt\n\nTilføjet under mødet: rosinbolleudvalget.",
    );
    save_atomically(&m, &text);
    s.wait_for("the edited meeting to be served", |_| {
        page("/moeder/2021-05-21-kd-net/")
            .2
            .contains("rosinbolleudvalget")
    });
    // The search index follows: the new word is in a shard.
    s.wait_for("the new word in the search index", |_| {
        let shards: u32 = serde_json::from_str::<serde_json::Value>(
            &page("/soeg/index/manifest.json").2,
        )
        .unwrap()["shards"]
            .as_u64()
            .unwrap() as u32;
        let term = protokol::search::Analyzer::default()
            .terms("rosinbolleudvalget")
            .remove(0);
        let shard = protokol::search::shard_of(&term, shards);
        page(&format!("/soeg/index/t/{shard}.json"))
            .2
            .contains(&format!("\"{term}\""))
    });

    // Our own writes to the output do not set off more rebuilds. The edit's rebuild is counted once it has
    // written everything (the whole-site outputs come after the page and the search index).
    s.wait_for("the edit's rebuild to finish", |s| {
        s.status()["rebuilds"].as_u64().unwrap() > before_edit
    });
    let rebuilds = s.status()["rebuilds"].as_u64().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(800));
    assert_eq!(
        s.status()["rebuilds"].as_u64().unwrap(),
        rebuilds,
        "no rebuild without a change"
    );

    // A rename: the old address is gone, the new one is served.
    let old = site.join("content/sider/tilgaengelighed.md");
    let new = site.join("content/sider/tilgaengelighedserklaering.md");
    std::fs::rename(&old, &new).unwrap();
    s.wait_for(
        "the renamed page at its new address, and gone from the old",
        |_| page("/tilgaengelighedserklaering/").0 == 200 && page("/tilgaengelighed/").0 == 404,
    );
    assert!(!site.join("public/tilgaengelighed").exists());

    // A delete.
    std::fs::remove_file(&new).unwrap();
    s.wait_for("the deleted page to be gone", |_| {
        page("/tilgaengelighedserklaering/").0 == 404
    });
    assert!(!site.join("public/tilgaengelighedserklaering").exists());

    // A new file.
    std::fs::write(
        site.join("content/sider/kontakt.md"),
        "---\ntitle: \"Kontakt\"\n---\n\nSkriv til sekretariatet.\n",
    )
    .unwrap();
    s.wait_for("the new page", |_| {
        page("/kontakt/").2.contains("Skriv til sekretariatet")
    });
    assert_eq!(s.status()["error_count"], 0);
}

#[test]
fn an_error_keeps_the_last_good_site_and_is_reported_until_fixed() {
    let (_d, site) = bundled_copy();
    let s = Served::start(&site);
    let before = http_get(&s.url, "/tabeller/fsc-kontingent-2021-2022/").2;
    let version = s.status()["version"].as_u64().unwrap();

    // A share that no longer follows its rule.
    let t = site.join(TABLE);
    let good = read(&t);
    save_atomically(
        &t,
        &good.replacen("andel_2022: 67756}", "andel_2022: 67757}", 1),
    );
    s.wait_for("the error to be reported", |s| {
        s.status()["error_count"].as_u64().unwrap_or(0) > 0
    });
    let status = s.status();
    let errors = status["errors"].as_str().unwrap();
    assert!(errors.contains(TABLE), "names the file: {errors}");
    assert!(
        errors.contains("67.757") || errors.contains("67757"),
        "shows what was found: {errors}"
    );
    assert!(
        errors.contains("expected") || errors.contains("forventet"),
        "says what was expected: {errors}"
    );
    assert_eq!(
        status["version"].as_u64().unwrap(),
        version,
        "nothing new published"
    );
    assert_eq!(
        http_get(&s.url, "/tabeller/fsc-kontingent-2021-2022/").2,
        before,
        "the last good page is served"
    );
    assert!(
        s.log.lock().unwrap().contains("Intet udgivet"),
        "the terminal says nothing was published"
    );

    // Bad YAML in the same file: still the last good site, a diagnostic with line and column.
    save_atomically(&t, &good.replacen("kind: fee", "kind: [fee", 1));
    s.wait_for("the YAML error to be reported", |s| {
        s.status()["errors"].as_str().unwrap_or("").contains("yaml")
    });
    assert_eq!(
        http_get(&s.url, "/tabeller/fsc-kontingent-2021-2022/").2,
        before
    );

    // Fixed: the error clears and the page is the same as before.
    save_atomically(&t, &good);
    s.wait_for("the error to clear", |s| {
        s.status()["error_count"].as_u64() == Some(0)
    });
    assert_eq!(
        http_get(&s.url, "/tabeller/fsc-kontingent-2021-2022/").2,
        before
    );
}

/// A panic in a rebuild (set off by the test-only `PROTOKOL_TEST_PANIC`, after the site was updated and before
/// it was checked) is reported as an internal error naming the file, the last good site stays served, and the
/// next save builds everything correctly, the file that was being processed included.
#[test]
fn a_panic_in_a_rebuild_is_reported_and_the_next_save_rebuilds() {
    let (_d, site) = bundled_copy();
    let s = Served::start_with(&site, &["--port", "0"], &[("PROTOKOL_TEST_PANIC", "panik")]);
    let page = site.join("content/sider/panik.md");
    std::fs::write(
        &page,
        "---\ntitle: \"Panik\"\n---\n\nEn side, der får genopbygningen til at gå i panik.\n",
    )
    .unwrap();
    s.wait_for("the panic to be reported", |s| {
        s.status()["error_count"].as_u64().unwrap_or(0) > 0
    });
    let errors = s.status()["errors"].as_str().unwrap().to_string();
    assert!(
        errors.contains("intern fejl"),
        "an internal error: {errors}"
    );
    assert!(
        errors.contains("content/sider/panik.md"),
        "names the file: {errors}"
    );
    assert!(
        errors.contains("test panic"),
        "carries the panic's message: {errors}"
    );
    assert!(
        s.log.lock().unwrap().contains("intern fejl"),
        "the terminal is told"
    );
    assert_eq!(
        http_get(&s.url, "/panik/").0,
        404,
        "nothing new is published"
    );
    // The next save, of another file, rebuilds: the edit and the page whose rebuild panicked are both there.
    let m = site.join(MEETING);
    save_atomically(
        &m,
        &read(&m).replace("## 13 Eventuelt", "## 13 Eventuelt\n\nEfter panikken."),
    );
    s.wait_for("the next save to be built and the error to clear", |s| {
        s.status()["error_count"] == 0
            && http_get(&s.url, "/moeder/2021-05-21-kd-net/")
                .2
                .contains("Efter panikken")
    });
    assert!(http_get(&s.url, "/panik/").2.contains("gå i panik"));
    // And it keeps working afterwards.
    save_atomically(
        &m,
        &read(&m).replace("Efter panikken.", "Efter panikken, igen."),
    );
    s.wait_for("a later save", |s| {
        http_get(&s.url, "/moeder/2021-05-21-kd-net/")
            .2
            .contains("Efter panikken, igen")
    });
}

/// `mv content/tabeller ..` while serving: the served site and its errors follow, as `protokol check` on the
/// same files says; moved back in, the tables are served again.
#[test]
fn a_folder_moved_out_of_the_tree_and_back_is_followed() {
    let (d, site) = bundled_copy();
    let s = Served::start(&site);
    let table = "/tabeller/fsc-kontingent-2021-2022/";
    assert_eq!(http_get(&s.url, table).0, 200);
    let outside = d.path().join("tabeller");
    std::fs::rename(site.join("content/tabeller"), &outside).unwrap();
    let check = run(&["check", "--root", site.to_str().unwrap()]);
    assert_eq!(
        check.status.code(),
        Some(1),
        "check fails without the tables"
    );
    s.wait_for("the errors of the missing tables", |s| {
        s.status()["error_count"].as_u64().unwrap_or(0) > 0
    });
    let errors = s.status()["errors"].as_str().unwrap().to_string();
    assert!(errors.contains("fsc-kontingent-2021-2022"), "{errors}");
    std::fs::rename(&outside, site.join("content/tabeller")).unwrap();
    s.wait_for("the tables to be back", |s| {
        s.status()["error_count"] == 0 && http_get(&s.url, table).0 == 200
    });
    // Moved out with nothing referring to it any more: gone from the served site.
    std::fs::rename(site.join("content/sider"), d.path().join("sider")).unwrap();
    s.wait_for("the pages to be gone", |s| {
        s.status()["error_count"] == 0 && http_get(&s.url, "/om/").0 == 404
    });
}

/// Reads one HTTP response from `s`: (status, body), by its Content-Length.
fn read_response(s: &mut std::io::BufReader<std::net::TcpStream>) -> (u16, String) {
    use std::io::{BufRead, Read};
    let mut status = 0;
    let mut length = 0;
    loop {
        let mut line = String::new();
        assert!(
            s.read_line(&mut line).unwrap() > 0,
            "connection closed mid-response"
        );
        if status == 0 {
            status = line.split_whitespace().nth(1).unwrap().parse().unwrap();
        } else if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap();
        } else if line == "\r\n" {
            break;
        }
    }
    let mut body = vec![0; length];
    s.read_exact(&mut body).unwrap();
    (status, String::from_utf8_lossy(&body).to_string())
}

/// Two requests on one kept-alive connection are both answered (the second without waiting for the client's
/// delayed ACK: the server sets TCP_NODELAY; the latency is printed, not asserted).
#[test]
fn kept_alive_connection_answers_every_request() {
    use std::io::Write;
    let (_d, site) = bundled_copy();
    let s = Served::start(&site);
    let addr = s.url.trim_start_matches("http://").to_string();
    let stream = std::net::TcpStream::connect(&addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    let mut w = stream.try_clone().unwrap();
    let mut r = std::io::BufReader::new(stream);
    let mut took = Vec::new();
    for path in [
        "/",
        "/static/style.css",
        "/moeder/2021-05-21-kd-net/",
        "/static/soeg.js",
    ] {
        let started = std::time::Instant::now();
        // One write, as browsers send a request (several small writes would meet the client's own Nagle delay).
        w.write_all(format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
            .unwrap();
        let (status, body) = read_response(&mut r);
        took.push(started.elapsed());
        assert_eq!(status, 200, "{path}");
        assert!(!body.is_empty(), "{path}");
    }
    eprintln!("requests on one connection answered in {took:?}");
    // HEAD: the head alone, on the same connection.
    write!(
        w,
        "HEAD / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut r, &mut rest).unwrap();
    assert!(
        rest.starts_with("HTTP/1.1 200") && rest.ends_with("\r\n\r\n"),
        "{rest}"
    );
}

/// 100 pages opening their event stream at the same instant, and page requests meanwhile: every stream gets
/// its first event and every page is answered.
#[test]
fn a_hundred_event_streams_do_not_starve_anything() {
    use std::io::{BufRead, Write};
    let (_d, site) = bundled_copy();
    let s = Served::start(&site);
    let addr = s.url.trim_start_matches("http://").to_string();
    let streams: Vec<std::net::TcpStream> = (0..100)
        .map(|_| {
            let mut c = std::net::TcpStream::connect(&addr).unwrap();
            write!(c, "GET /__protokol/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
            c
        })
        .collect();
    for path in [
        "/",
        "/moeder/",
        "/static/style.css",
        "/__protokol/status",
        "/soeg/",
    ] {
        for _ in 0..4 {
            assert_eq!(
                http_get(&s.url, path).0,
                200,
                "{path} answered while 100 streams are open"
            );
        }
    }
    for (i, c) in streams.into_iter().enumerate() {
        // Only turns a hang into a failure.
        c.set_read_timeout(Some(std::time::Duration::from_secs(60)))
            .unwrap();
        let mut r = std::io::BufReader::new(c);
        let mut line = String::new();
        while !line.starts_with("data:") {
            line.clear();
            let n = r
                .read_line(&mut line)
                .unwrap_or_else(|e| panic!("stream {i} got no event: {e}"));
            assert!(n > 0, "stream {i} closed without an event");
        }
        assert!(line.contains("\"version\""), "stream {i}: {line}");
    }
}

/// Listening on anything but loopback is said, in Danish, when the server starts.
#[test]
fn binding_beyond_loopback_warns() {
    let (_d, site) = bundled_copy();
    let s = Served::start_with(&site, &["--bind", "0.0.0.0", "--port", "0"], &[]);
    assert!(s
        .log
        .lock()
        .unwrap()
        .contains("Advarsel: serveren lytter på 0.0.0.0"));
    let local = Served::start(&site);
    assert!(!local.log.lock().unwrap().contains("Advarsel"));
}

#[test]
fn the_overlay_speaks_danish_by_default_and_english_with_lang_en() {
    let (_d, site) = bundled_copy();
    let t = site.join(TABLE);
    let good = read(&t);
    save_atomically(
        &t,
        &good.replacen("andel_2022: 67756}", "andel_2022: 67757}", 1),
    );
    let da = Served::start(&site);
    da.wait_for("the error to be reported", |s| {
        s.status()["error_count"].as_u64().unwrap_or(0) > 0
    });
    let status = da.status();
    let errors = status["errors"].as_str().unwrap();
    assert!(
        status["title"]
            .as_str()
            .unwrap()
            .starts_with("Fejl i indholdet"),
        "{status}"
    );
    assert!(
        errors.contains("fejl[table-rule]")
            && errors.contains("der står 67.757, men reglen giver 67.756")
            && errors.contains("forventet: 67.756")
            && errors.contains("sådan retter du:"),
        "{errors}"
    );
    assert_eq!(status["error_count"], 1, "one slip, one error: {errors}");
    drop(da);

    let en = Served::start_with(&site, &["--port", "0", "--lang", "en"], &[]);
    en.wait_for("the error to be reported", |s| {
        s.status()["error_count"].as_u64().unwrap_or(0) > 0
    });
    let status = en.status();
    let errors = status["errors"].as_str().unwrap();
    assert!(
        status["title"]
            .as_str()
            .unwrap()
            .starts_with("Errors in the content"),
        "{status}"
    );
    assert!(
        errors.contains("error[table-rule]")
            && errors.contains("the table says 67,757, but the rule gives 67,756")
            && errors.contains("expected: 67,756"),
        "{errors}"
    );
}
