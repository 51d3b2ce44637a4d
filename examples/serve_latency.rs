//! Measures `protokol serve`: the time from a file's modification to the updated output on disk.
//!
//! Usage: `serve_latency <site> [edits]` (the site from `gen_corpus`; the release binary `protokol` must be built).
//! Starts `protokol serve` on an ephemeral port, then, for each kind of edit, saves the file as an editor does
//! (temporary file renamed over the original) and polls the output until the change is there:
//! - body: a sentence added to one meeting's last agenda item;
//! - title: one meeting's title changed (what lists show of it changes too);
//! - new meeting: a meeting file added (and then deleted again);
//! - table: the caption of a bundled fee table changed (the meeting that embeds it is rebuilt too);
//! - template: a meeting template override changed (every meeting page is rendered again);
//! - stylesheet: a `static/style.css` override changed (no page is rendered again);
//! - burst: 300 meetings rewritten one after the other, as a `git checkout` does (how many rebuilds follow).
//!
//! `SERVE_LATENCY_KINDS=title,new` (a comma-separated list of `body`, `title`, `new`, `table`, `template`,
//! `stylesheet`, `burst`) measures only those kinds (default: all): at 100,000 meetings a template edit renders
//! every page again, minutes of a shared machine.
//!
//! `SERVE_LATENCY_NEW_STEP_DAYS=1` puts the new meeting in the middle of the lists (on a free day next to the
//! measured meeting) instead of making it its body's newest (the default, 7: weeks later).
//!
//! For each edit two times are reported: until the edited page on disk shows the change ("page"), and until the
//! server reports the rebuild finished with every file written, search index included ("done"). Both include the
//! watcher's quiet period (`protokol::serve::QUIET`).

use chrono::Datelike;
use protokol::i18n::weekday_da;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

fn save(p: &Path, text: &str) {
    let tmp = p.with_extension("tmp~");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, p).unwrap();
}

/// How long one edit's rebuild may take (SERVE_LATENCY_EDIT_SECS, default 120: a new meeting at 100,000 on a
/// shared machine takes longer).
fn edit_wait() -> Duration {
    let secs = std::env::var("SERVE_LATENCY_EDIT_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(120);
    Duration::from_secs(secs)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Waits until `file` contains `marker` (page time), then for the server's next report line (done time).
fn measure(file: &Path, marker: &str, started: Instant, reports: &Receiver<String>) -> (f64, f64) {
    loop {
        if std::fs::read_to_string(file).is_ok_and(|t| t.contains(marker)) {
            break;
        }
        assert!(
            started.elapsed() < edit_wait(),
            "no update of {}",
            file.display()
        );
        std::thread::sleep(Duration::from_micros(500));
    }
    let page = started.elapsed().as_secs_f64() * 1000.0;
    let line = reports.recv_timeout(edit_wait()).expect("a rebuild report");
    let done = started.elapsed().as_secs_f64() * 1000.0;
    assert!(line.starts_with("Opdateret"), "rebuild failed: {line}");
    (page, done)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let site = PathBuf::from(args.get(1).expect("usage: serve_latency <site> [edits]"));
    let edits: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(7);
    let kinds = std::env::var("SERVE_LATENCY_KINDS").ok();
    let wanted = |kind: &str| {
        kinds
            .as_deref()
            .is_none_or(|k| k.split(',').any(|k| k.trim() == kind))
    };
    let edits_of = |kind: &str| if wanted(kind) { edits } else { 0 };
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().unwrap().parent().unwrap().join("protokol");
    let output = site.join("public");
    let mut child = Command::new(&bin)
        .args(["serve", "--root", site.to_str().unwrap(), "--port", "0"])
        .env("CI", "1")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start protokol serve (build it with cargo build --release)");
    let (tx, reports) = channel();
    let (ready_tx, ready) = channel();
    let stderr = child.stderr.take().unwrap();
    // SERVE_LATENCY_VERBOSE=1 echoes the server's terminal (with PROTOKOL_TIMING=1, its timings too).
    let verbose = std::env::var_os("SERVE_LATENCY_VERBOSE").is_some();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if verbose {
                eprintln!("[serve] {line}");
            }
            if line.starts_with("Serverer") {
                let _ = ready_tx.send(());
            } else if line.starts_with("Opdateret") || line.starts_with("Intet") {
                let _ = tx.send(line);
            }
        }
    });
    // The first build of a large site takes minutes (SERVE_LATENCY_START_SECS, default 600, for a slow machine).
    let start_secs = std::env::var("SERVE_LATENCY_START_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    ready
        .recv_timeout(Duration::from_secs(start_secs))
        .expect("server started");
    let first = reports
        .recv_timeout(Duration::from_secs(1))
        .unwrap_or_default();
    eprintln!("first build: {first}");

    let mut meetings: Vec<PathBuf> = std::fs::read_dir(site.join("content/moeder"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    meetings.sort();
    let meeting = &meetings[meetings.len() / 2];
    let id = meeting.file_stem().unwrap().to_string_lossy().to_string();
    let page = output.join(format!("moeder/{id}/index.html"));
    let original = std::fs::read_to_string(meeting).unwrap();

    let mut body = (Vec::new(), Vec::new());
    for i in 0..edits_of("body") {
        let marker = format!("maalepunkt{i}x");
        let text = format!(
            "{}\n\nTilføjet ved måling {i}: {marker}.\n",
            original.trim_end()
        );
        std::thread::sleep(Duration::from_millis(300));
        save(meeting, &text);
        let (p, d) = measure(&page, &marker, Instant::now(), &reports);
        body.0.push(p);
        body.1.push(d);
    }
    let mut title = (Vec::new(), Vec::new());
    for i in 0..edits_of("title") {
        let marker = format!("Titelmaaling {i}");
        let text = original.replacen("title: \"", &format!("title: \"{marker} "), 1);
        std::thread::sleep(Duration::from_millis(300));
        save(meeting, &text);
        let (p, d) = measure(&page, &marker, Instant::now(), &reports);
        title.0.push(p);
        title.1.push(d);
    }
    save(meeting, &original);
    let _ = reports.recv_timeout(edit_wait());

    // A new meeting (a copy of the measured one on the first free date SERVE_LATENCY_NEW_STEP_DAYS apart, its
    // weekday written anew), then the same file deleted again. Steps of 7 days (the default) walk past the body's
    // weekly meetings, so the new meeting is its body's newest; steps of 1 find a free day next to the measured
    // meeting, in the middle of the lists.
    let (date, body_id) = id.split_at(10);
    let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    let step_days: i64 = std::env::var("SERVE_LATENCY_NEW_STEP_DAYS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|&d| d > 0)
        .unwrap_or(7);
    let (mut added, mut deleted) = ((Vec::new(), Vec::new()), Vec::new());
    let mut step = 1;
    for i in 0..edits_of("new").min(5) {
        let (new_date, new_file) = loop {
            let d = date + chrono::Duration::days(step * step_days);
            step += 1;
            let f = site.join(format!(
                "content/moeder/{}{body_id}.md",
                d.format("%Y-%m-%d")
            ));
            if !f.exists() {
                break (d, f);
            }
        };
        let marker = format!("nytmoede{i}x");
        let text = format!(
            "{}\n\nNyt møde ved måling {i}: {marker}.\n",
            original
                .replacen(&format!("date: {date}"), &format!("date: {new_date}"), 1)
                .replacen(
                    &format!("weekday: {}", weekday_da(date.weekday())),
                    &format!("weekday: {}", weekday_da(new_date.weekday())),
                    1
                )
                .trim_end()
        );
        std::thread::sleep(Duration::from_millis(300));
        let new_page = output.join(format!(
            "moeder/{}/index.html",
            new_file.file_stem().unwrap().to_string_lossy()
        ));
        save(&new_file, &text);
        let (p, d) = measure(&new_page, &marker, Instant::now(), &reports);
        added.0.push(p);
        added.1.push(d);
        std::thread::sleep(Duration::from_millis(300));
        let started = Instant::now();
        std::fs::remove_file(&new_file).unwrap();
        let line = reports.recv_timeout(edit_wait()).expect("a rebuild report");
        assert!(line.starts_with("Opdateret"), "rebuild failed: {line}");
        assert!(!new_page.exists(), "the deleted meeting's page is gone");
        deleted.push(started.elapsed().as_secs_f64() * 1000.0);
    }

    // A table of the bundled portal (gen_corpus copies it in), embedded in one of its meetings.
    let table_file = site.join("content/tabeller/fsc-kontingent-2021-2022.yaml");
    let mut table = (Vec::new(), Vec::new());
    if let (true, Ok(table_text)) = (wanted("table"), std::fs::read_to_string(&table_file)) {
        let table_page = output.join("tabeller/fsc-kontingent-2021-2022/index.html");
        for i in 0..edits {
            let marker = format!("Tabelmaaling {i}");
            let text = table_text.replacen("caption: \"", &format!("caption: \"{marker} "), 1);
            std::thread::sleep(Duration::from_millis(300));
            save(&table_file, &text);
            let (p, d) = measure(&table_page, &marker, Instant::now(), &reports);
            table.0.push(p);
            table.1.push(d);
        }
        save(&table_file, &table_text);
        let _ = reports.recv_timeout(edit_wait());
    }

    let theme = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/meeting.html"),
    )
    .unwrap();
    let tpl = site.join("templates/meeting.html");
    let made_templates = wanted("template") && !tpl.parent().unwrap().exists();
    if wanted("template") {
        std::fs::create_dir_all(tpl.parent().unwrap()).unwrap();
    }
    if made_templates {
        // A new source folder is rebuilt in full (files may have landed in it before it was watched).
        let _ = reports.recv_timeout(edit_wait());
    }
    let mut template = (Vec::new(), Vec::new());
    for i in 0..edits_of("template").min(3) {
        let marker = format!("skabelonmaaling{i}");
        let text = theme.replacen(
            "{% block content %}",
            &format!("{{% block content %}}<!-- {marker} -->"),
            1,
        );
        std::thread::sleep(Duration::from_millis(500));
        save(&tpl, &text);
        let (p, d) = measure(&page, &marker, Instant::now(), &reports);
        template.0.push(p);
        template.1.push(d);
    }
    // Removing the override means one more full render; let it finish so the burst starts from quiet.
    if wanted("template") {
        std::fs::remove_file(&tpl).unwrap();
        let _ = reports.recv_timeout(edit_wait());
    }

    // A stylesheet override in static/: no page depends on its bytes, so only the file is written.
    let css = site.join("static/style.css");
    let made_static = wanted("stylesheet") && !css.parent().unwrap().exists();
    if wanted("stylesheet") {
        std::fs::create_dir_all(css.parent().unwrap()).unwrap();
    }
    if made_static {
        let _ = reports.recv_timeout(edit_wait());
    }
    let theme_css = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/style.css"),
    )
    .unwrap();
    let mut stylesheet = (Vec::new(), Vec::new());
    for i in 0..edits_of("stylesheet") {
        let marker = format!("/* stilmaaling{i} */");
        std::thread::sleep(Duration::from_millis(300));
        save(&css, &format!("{theme_css}{marker}\n"));
        let (p, d) = measure(
            &output.join("static/style.css"),
            &marker,
            Instant::now(),
            &reports,
        );
        stylesheet.0.push(p);
        stylesheet.1.push(d);
    }
    if wanted("stylesheet") {
        std::fs::remove_file(&css).unwrap();
        let _ = reports.recv_timeout(edit_wait());
    }

    let burst_result = wanted("burst").then(|| {
        // A burst, as a `git checkout` makes it: 300 meetings rewritten one after the other.
        let burst: Vec<&PathBuf> = meetings
            .iter()
            .step_by((meetings.len() / 300).max(1))
            .take(300)
            .collect();
        let originals: Vec<String> = burst
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        let started = Instant::now();
        for (p, text) in burst.iter().zip(&originals) {
            save(
                p,
                &format!("{}\n\nSkiftet gren: grenmaaling.\n", text.trim_end()),
            );
        }
        let last = burst
            .last()
            .unwrap()
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let (_, burst_done) = measure(
            &output.join(format!("moeder/{last}/index.html")),
            "grenmaaling",
            started,
            &reports,
        );
        let mut burst_rebuilds = 1;
        while reports.recv_timeout(Duration::from_millis(1500)).is_ok() {
            burst_rebuilds += 1;
        }
        for (p, text) in burst.iter().zip(&originals) {
            save(p, text);
        }
        while reports.recv_timeout(Duration::from_millis(1500)).is_ok() {}
        (burst.len(), burst_rebuilds, burst_done)
    });
    let _ = child.kill();
    let _ = child.wait();
    if made_templates {
        let _ = std::fs::remove_dir(tpl.parent().unwrap());
    }
    if made_static {
        let _ = std::fs::remove_dir(css.parent().unwrap());
    }

    let meetings_count = meetings.len();
    let kinds = [
        ("body edit", body),
        ("title edit", title),
        ("new meeting", added),
        ("table edit", table),
        ("template edit", template),
        ("stylesheet", stylesheet),
    ];
    if let Some((files, burst_rebuilds, burst_done)) = burst_result {
        println!(
            "N={:<6} burst of {files} files: {burst_rebuilds} rebuild(s), output complete {burst_done:.0} ms after the first save",
            meetings.len(),
        );
    }
    if !deleted.is_empty() {
        println!(
            "N={meetings_count:<6} meeting deleted            done {:>7.1} ms  (median of {})",
            median(deleted.clone()),
            deleted.len()
        );
    }
    for (what, (p, d)) in kinds.into_iter().filter(|k| !k.1 .1.is_empty()) {
        println!(
            "N={meetings_count:<6} {what:<14} page {:>7.1} ms  done {:>7.1} ms  (median of {}; min–max done {:.1}–{:.1} ms)",
            median(p.clone()),
            median(d.clone()),
            d.len(),
            d.iter().cloned().fold(f64::INFINITY, f64::min),
            d.iter().cloned().fold(0.0, f64::max),
        );
    }
}
