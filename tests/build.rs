//! Integration tests of `protokol build`: real pages, safety of the output, sanitising.

mod common;
#[allow(dead_code)]
#[path = "../examples/gen_corpus/meetings.rs"]
mod meetings;
#[allow(dead_code)]
#[path = "../examples/gen_corpus/protokol_format.rs"]
mod protokol_format;
use common::*;

#[test]
fn skeleton_builds_with_danish_formatting() {
    let (_d, site) = skeleton();
    let out = site.join("public");
    let o = run(&["build", "--root", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Bygget"),
        "summary line: {}",
        stderr(&o)
    );
    // The duration is written as Danish writes decimals: "på 0,42 s".
    let summary = stderr(&o);
    let seconds = summary
        .split(" på ")
        .nth(1)
        .and_then(|rest| rest.split(" s ").next())
        .unwrap_or_default();
    assert!(
        seconds.contains(',') && !seconds.contains('.'),
        "summary line: {summary}"
    );
    let meeting = read(&out.join("moeder/2024-03-01-bestyrelsen/index.html"));
    assert!(
        meeting.contains("fredag den 1. marts 2024"),
        "Danish long date"
    );
    assert!(meeting.contains("id=\"punkt-2\""), "stable item anchor");
    assert!(meeting.contains("60.000"), "Danish thousands separator");
    assert!(
        meeting.contains("href=\"../../dokumenter/vedtaegter/index.html#pkt-2-1\""),
        "ref: link to a statute section"
    );
    assert!(
        meeting.contains("i stedet deltog Bo Hansen"),
        "absence with substitute"
    );
    let statute = read(&out.join("dokumenter/vedtaegter/index.html"));
    assert!(statute.contains("id=\"pkt-2-2\""));
    assert!(
        statute.contains(
            "<a href=\"../../dokumenter/vedtaegter/index.html#pkt-2-1\">jf. punkt 2.1</a>"
        ),
        "phrase becomes a link"
    );
    assert!(out.join("404.html").exists());
    assert!(out.join("static/style.css").exists());
    assert!(out.join("organer/bestyrelsen/index.html").exists());
    // No external resources: the site works offline.
    for page in ["index.html", "moeder/2024-03-01-bestyrelsen/index.html"] {
        let html = read(&out.join(page));
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "{page} loads nothing external"
        );
    }
}

#[test]
fn failed_build_leaves_previous_output_intact() {
    let (_d, site) = skeleton();
    let root = site.to_str().unwrap();
    assert!(run(&["build", "--root", root]).status.success());
    let index = site.join("public/index.html");
    let before = read(&index);
    // Break a figure: the allocation rule no longer holds.
    edit(
        &site.join("content/tabeller/kontingent-2025.yaml"),
        "andel: 60000}",
        "andel: 60001}",
    );
    let o = run(&["build", "--root", root]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "content error exits 1: {}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("Intet udgivet"));
    assert_eq!(read(&index), before, "public/ is untouched");
    assert!(site
        .join("public/moeder/2024-03-01-bestyrelsen/index.html")
        .exists());
    // No temporary directories are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&site)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("protokol-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn script_in_markdown_is_not_emitted() {
    let (_d, site) = skeleton();
    let page = site.join("content/sider/om.md");
    let text = read(&page)
        + "\n<script>alert('x')</script>\n\n<p onclick=\"steal()\">Klik</p>\n\n[farlig](javascript:alert(1))\n\n<a href=\"javascript:alert(2)\">a</a>\n";
    std::fs::write(&page, text).unwrap();
    let o = run(&["build", "--root", site.to_str().unwrap()]);
    // The javascript: Markdown link is reported as an error, so nothing is published ...
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("unsafe-link"));
    // ... and once it is removed, the rest is published sanitised.
    edit(&page, "[farlig](javascript:alert(1))", "");
    let o = run(&["build", "--root", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = read(&site.join("public/om/index.html"));
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("onclick"), "{html}");
    assert!(!html.contains("javascript:"), "{html}");
    assert!(html.contains("Klik"));
}

#[test]
fn refuses_dangerous_output_directories() {
    let (_d, site) = skeleton();
    let root = site.to_str().unwrap();
    for out in [
        root.to_string(),
        site.join("content").to_string_lossy().to_string(),
        site.parent().unwrap().to_string_lossy().to_string(),
    ] {
        let o = run(&["build", "--root", root, "--output", &out]);
        assert_eq!(o.status.code(), Some(2), "output {out}: {}", stderr(&o));
        assert!(stderr(&o).contains("unsafe-output"));
    }
    assert!(
        site.join("content/moeder/2024-03-01-bestyrelsen.md")
            .exists(),
        "sources untouched"
    );
}

#[test]
fn usage_and_configuration_errors_exit_2() {
    let o = run(&["build", "--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["build", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "missing protokol.toml");
    assert!(stderr(&o).contains("config-missing"));
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_site_are_not_read() {
    let (d, site) = skeleton();
    let secret = d.path().join("secret.md");
    std::fs::write(&secret, "---\ntitle: Hemmelig\n---\nhemmeligt indhold\n").unwrap();
    std::os::unix::fs::symlink(&secret, site.join("content/sider/hemmelig.md")).unwrap();
    let o = run(&["build", "--root", site.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("path-outside-site"), "{}", stderr(&o));
    assert!(!site.join("public/hemmelig").exists());
}

#[test]
fn init_refuses_existing_site() {
    let (_d, site) = skeleton();
    let o = run(&["init", site.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn english_interface() {
    let (_d, site) = skeleton();
    edit(
        &site.join("protokol.toml"),
        "language = \"da\"",
        "language = \"en\"",
    );
    let o = run(&["build", "--root", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = read(&site.join("public/moeder/2024-03-01-bestyrelsen/index.html"));
    assert!(
        html.contains("Attachments") && html.contains("1 March 2024"),
        "{html}"
    );
    assert!(html.contains("60,000"));
}

#[test]
fn template_override_from_site_templates() {
    let (_d, site) = skeleton();
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/404.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>Egen 404</h1>{% endblock content %}",
    )
    .unwrap();
    let o = run(&["build", "--root", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&site.join("public/404.html")).contains("Egen 404"));
}

/// Every file below `dir` with its bytes (not the rebuild cache's, whose stamps differ between builds).
fn files_of(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_name() == CACHE_DIR {
                continue;
            }
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
                out.push((rel, std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn output_never_replaces_what_protokol_did_not_create() {
    let (_d, site) = skeleton();
    let root = site.to_str().unwrap();
    // A repository, a folder of documentation, a user's folder and the configuration file.
    std::fs::create_dir_all(site.join(".git/objects")).unwrap();
    std::fs::create_dir_all(site.join(".git/refs")).unwrap();
    std::fs::write(site.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::create_dir_all(site.join("docs")).unwrap();
    std::fs::write(site.join("docs/content-format.md"), "# Format\n").unwrap();
    std::fs::create_dir_all(site.join("mine")).unwrap();
    std::fs::write(site.join("mine/regnskab.txt"), "mit eget\n").unwrap();
    let before = files_of(&site);
    for out in [
        ".git",
        ".git/refs",
        "docs",
        "mine",
        "protokol.toml",
        "content/moeder",
        "static",
        "templates",
    ] {
        let target = site.join(out);
        for command in ["build", "serve"] {
            let mut args = vec![
                command,
                "--root",
                root,
                "--output",
                target.to_str().unwrap(),
            ];
            if command == "serve" {
                args.extend(["--port", "0"]);
            }
            let o = run(&args);
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(2), "{command} --output {out}: {err}");
            assert!(
                err.contains("unsafe-output") && err.contains("afviser"),
                "{command} --output {out}: {err}"
            );
            assert!(
                err.contains("intet er slettet") && err.contains("--output"),
                "says what was refused and what to do: {err}"
            );
        }
        assert_eq!(files_of(&site), before, "--output {out}: nothing touched");
    }
    let o = run(&[
        "build",
        "--root",
        root,
        "--output",
        site.join("mine").to_str().unwrap(),
    ]);
    assert!(
        stderr(&o).contains(".protokol-output"),
        "names the marker: {}",
        stderr(&o)
    );
}

#[test]
fn output_happy_paths_carry_the_marker() {
    let (d, site) = skeleton();
    let root = site.to_str().unwrap();
    let marker = |dir: &std::path::Path| dir.join(".protokol-output").is_file();
    // The default, built twice; a new path; an empty folder.
    for _ in 0..2 {
        let o = run(&["build", "--root", root]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(marker(&site.join("public")));
    }
    let fresh = d.path().join("ny/ud");
    let empty = d.path().join("tom");
    std::fs::create_dir_all(&empty).unwrap();
    for out in [&fresh, &empty] {
        let o = run(&["build", "--root", root, "--output", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}: {}", out.display(), stderr(&o));
        assert!(marker(out) && out.join("index.html").is_file());
    }
    // An output of an older protokol (no marker) is recognised by its structure once, and marked.
    std::fs::remove_file(site.join("public/.protokol-output")).unwrap();
    let o = run(&["build", "--root", root]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("ældre protokol"), "{}", stderr(&o));
    assert!(marker(&site.join("public")));
    // The same with a file of the user's in it is not ours: refused, the file stays.
    std::fs::remove_file(site.join("public/.protokol-output")).unwrap();
    std::fs::write(site.join("public/noter.txt"), "mine\n").unwrap();
    let o = run(&["build", "--root", root]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(read(&site.join("public/noter.txt")), "mine\n");
}

/// Every file below `dir` with a hash of its bytes.
fn hashes_of(dir: &std::path::Path) -> std::collections::BTreeMap<String, u64> {
    use std::hash::{Hash, Hasher};
    files_of(dir)
        .into_iter()
        .map(|(rel, bytes)| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut h);
            (rel, h.finish())
        })
        .collect()
}

/// Staging directories beside the output (`.public.protokol-…`).
fn staging_dirs(site: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(site)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".public.protokol-"))
        .collect()
}

/// `kill -9` of a real `protokol build` at 30 moments spread over a build: the output is always the complete
/// old or the complete new site, and the next build removes every staging directory the killed ones left.
/// The delays only pick the moments; nothing depends on how long a build takes.
#[cfg(unix)]
#[test]
fn kill_9_at_any_moment_leaves_the_old_or_the_new_site() {
    let (_d, site) = bundled_copy();
    let root = site.to_str().unwrap();
    // A portal large enough that a build takes a while: 200 more meetings, a week apart.
    let meeting = read(&site.join("content/moeder/2021-05-21-kd-net.md"));
    let day = chrono::NaiveDate::from_ymd_opt(2021, 5, 21).unwrap();
    for i in 1..=200 {
        let date = day + chrono::Duration::weeks(i);
        let text = meeting.replace("date: 2021-05-21", &format!("date: {date}"));
        std::fs::write(site.join(format!("content/moeder/{date}-kd-net.md")), text).unwrap();
    }
    // Two versions of the site, differing in one meeting's text.
    let edited = site.join("content/moeder/2021-05-28-kd-net.md");
    let version_a = read(&edited);
    let version_b = version_a.replace("## 13 Eventuelt", "## 13 Eventuelt\n\nVersion B.");
    let started = std::time::Instant::now();
    assert!(run(&["build", "--root", root]).status.success());
    let took = started.elapsed();
    let a = hashes_of(&site.join("public"));
    std::fs::write(&edited, &version_b).unwrap();
    let other = site.join("b");
    assert!(
        run(&["build", "--root", root, "--output", other.to_str().unwrap()])
            .status
            .success()
    );
    let b = hashes_of(&other);
    std::fs::remove_dir_all(&other).unwrap();
    assert_ne!(a, b);
    let (mut old, mut new, mut left_behind, mut after_end) = (0, 0, 0, 0);
    let mut stretch = 1.0;
    for i in 0..30u32 {
        let current = hashes_of(&site.join("public"));
        // Always build the other version than the one published.
        let target = if current == a { &version_b } else { &version_a };
        std::fs::write(&edited, target).unwrap();
        let mut child = std::process::Command::new(bin())
            .args(["build", "--root", root])
            .env("CI", "1")
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Moments spread from the start to past the end of a build (fractions 0.05 to 1.6 of one); when a
        // build is still running past its measured length (a loaded machine), later moments stretch.
        let fraction = 0.05 + 1.55 * f64::from(i) / 29.0;
        std::thread::sleep(took.mul_f64(fraction * stretch));
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        let _ = child.wait();
        let now = hashes_of(&site.join("public"));
        assert!(
            now == a || now == b,
            "kill {i}: the output is neither the old nor the new site"
        );
        if now == current {
            old += 1;
            if fraction >= 1.0 {
                stretch *= 1.3;
            }
        } else {
            new += 1;
        }
        if finished {
            after_end += 1;
        }
        left_behind += staging_dirs(&site).len();
    }
    eprintln!(
        "30 kills: {old} left the old site, {new} the new one ({after_end} after the build had ended); \
         {left_behind} staging dirs were left behind"
    );
    let o = run(&["build", "--root", root]);
    assert!(o.status.success(), "{}", stderr(&o));
    let left: Vec<(String, Vec<String>)> = staging_dirs(&site)
        .into_iter()
        .map(|d| {
            let files = files_of(&site.join(&d))
                .into_iter()
                .take(5)
                .map(|(f, _)| f)
                .collect();
            (d, files)
        })
        .collect();
    assert!(
        left.is_empty(),
        "no staging directory survives the next build: {left:?}"
    );
}

/// The theme is a folder of themes/, never a path out of the site; no folder protokol reads templates or files
/// from may lead out of it through a symlink. Each is refused with exit 2, and nothing is built.
#[test]
fn theme_and_source_folders_stay_inside_the_site() {
    let (d, site) = skeleton();
    let root = site.to_str().unwrap();
    // A theme outside the site, which would be loaded if the paths were followed.
    let outside = d.path().join("x");
    std::fs::create_dir_all(outside.join("templates")).unwrap();
    std::fs::write(outside.join("templates/404.html"), "<h1>Udefra</h1>").unwrap();
    let config = read(&site.join("protokol.toml"));
    let with_theme = |theme: &str| {
        let text = if config.contains("theme =") {
            config.replacen("theme = \"default\"", &format!("theme = {theme:?}"), 1)
        } else {
            format!("theme = {theme:?}\n{config}")
        };
        std::fs::write(site.join("protokol.toml"), text).unwrap();
    };
    for theme in ["../../x", outside.to_str().unwrap(), "..", "a/b"] {
        with_theme(theme);
        let o = run(&["build", "--root", root]);
        assert_eq!(o.status.code(), Some(2), "theme {theme}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("unsafe-path") && stderr(&o).contains("themes/"),
            "{}",
            stderr(&o)
        );
        assert!(!site.join("public").exists(), "nothing built");
    }
    // A theme folder, and the site's own templates/, that are symlinks out of the site.
    #[cfg(unix)]
    for (link, theme) in [("themes/ude", "ude"), ("templates", "default")] {
        with_theme(theme);
        std::fs::create_dir_all(site.join("themes")).unwrap();
        let target = if link == "templates" {
            outside.join("templates")
        } else {
            outside.clone()
        };
        std::os::unix::fs::symlink(&target, site.join(link)).unwrap();
        let o = run(&["build", "--root", root]);
        assert_eq!(o.status.code(), Some(2), "{link}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("peger uden for sitet"),
            "{}",
            stderr(&o)
        );
        std::fs::remove_file(site.join(link)).unwrap();
    }
    // A theme of its own, inside the site: fine.
    with_theme("eget");
    copy_dir(&outside, &site.join("themes/eget"));
    let o = run(&["build", "--root", root]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&site.join("public/404.html")).contains("Udefra"));
}

/// The sitemap dates each list page by its newest meeting (#15: from one pass over the meetings): the front page
/// and the meetings list by the newest of all, a body's page by its newest, a body's year page by that year's.
#[test]
fn sitemap_dates_list_pages_by_their_newest_meeting() {
    let sitemap = bundled_sitemap("https://moeder.example.dk/");
    let dated = |page: &str, date: &str| {
        format!("<loc>https://moeder.example.dk/{page}</loc><lastmod>{date}</lastmod>")
    };
    for (page, date) in [
        ("", "2021-05-21"),
        ("moeder/", "2021-05-21"),
        ("organer/kd-net/", "2021-05-21"),
        ("organer/kd-net/2021/", "2021-05-21"),
        ("organer/kd-net/2020/", "2020-01-24"),
        ("organer/kkr-midtjylland/", "2020-06-17"),
        ("organer/kkr-midtjylland/2020/", "2020-06-17"),
    ] {
        assert!(sitemap.contains(&dated(page, date)), "{page}: {sitemap}");
    }
    // A year the body did not meet in has no page, so no date either.
    assert!(
        !sitemap.contains("organer/kkr-midtjylland/2021/"),
        "{sitemap}"
    );
    // The meetings come first, oldest first, and the pages whose dates a new meeting moves after them: a new
    // newest meeting changes the end of the sitemap alone (its last file, on a site of several).
    let locs: Vec<&str> = (sitemap.lines())
        .filter_map(|l| l.strip_prefix("<url><loc>https://moeder.example.dk/"))
        .filter_map(|l| l.split_once("</loc>"))
        .map(|(loc, _)| loc)
        .collect();
    let meetings: Vec<&str> = locs
        .iter()
        .copied()
        .filter(|l| l.starts_with("moeder/20"))
        .collect();
    assert_eq!(
        meetings,
        [
            "moeder/2020-01-24-kd-net/",
            "moeder/2020-06-17-kkr-midtjylland/",
            "moeder/2021-05-21-kd-net/"
        ],
        "{sitemap}"
    );
    assert_eq!(locs[..3], meetings[..], "{sitemap}");
    assert!(
        locs[3..].contains(&""),
        "the front page after the meetings: {sitemap}"
    );
}

/// A one-off build frees what it has read as it goes (#15): each meeting's item texts once the search index has
/// analysed its units, and it renders the pages that list every meeting last. Its output is what `serve`'s
/// workspace writes of the same site, which keeps everything and renders the pages in their order; with more
/// meetings than the index analyses in one block (4,096 units), so that meetings are freed between blocks.
#[test]
fn a_one_off_build_that_frees_as_it_goes_writes_what_serve_writes() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    protokol_format::begin(&site, false).unwrap();
    for m in meetings::meetings(500) {
        protokol_format::write(&site, &m).unwrap();
    }
    let once = dir.path().join("once");
    build_ok(&site, &once);
    let kept = dir.path().join("kept");
    let mut ws = protokol::build::Workspace::new(&site, &kept);
    let report = ws.build_all().unwrap();
    assert!(report.full_render && !ws.diags.has_errors());
    let (once, kept) = (tree(&once), tree(&kept));
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&dir.path().join("once/soeg/index/manifest.json"))).unwrap();
    assert!(
        manifest["docs"].as_u64().unwrap() > 4096,
        "{}",
        manifest["docs"]
    );
    let differ: Vec<&String> = (once.keys().chain(kept.keys()))
        .filter(|p| once.get(*p) != kept.get(*p))
        .collect();
    assert!(
        differ.is_empty(),
        "{} files differ: {:?}",
        differ.len(),
        &differ[..differ.len().min(10)]
    );
    assert!(once.contains_key("moeder/index.html") && once.len() > 1000);
}
