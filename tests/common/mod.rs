#![allow(dead_code)]
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_protokol")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn run(args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .env("CI", "1")
        .output()
        .expect("run protokol")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

/// A fresh skeleton site (from `protokol init`) in a temporary directory.
pub fn skeleton() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let o = run(&["init", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    (dir, site)
}

/// Copies the bundled portal (protokol.toml, content/) into a temporary directory, so tests can edit it.
pub fn bundled_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&repo().join("content"), &site.join("content"));
    std::fs::copy(repo().join("protokol.toml"), site.join("protokol.toml")).unwrap();
    (dir, site)
}

/// Builds the site at `root` into a fresh temporary directory: the directory and the output folder in it.
pub fn build_to_temp(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_ok(root, &out);
    (dir, out)
}

/// The sitemap of the bundled portal built with `base_url` the absolute `url` (the sitemap needs one).
pub fn bundled_sitemap(url: &str) -> String {
    let (_d, site) = bundled_copy();
    let base = format!("base_url = \"{url}\"");
    edit(&site.join("protokol.toml"), "base_url = \"/\"", &base);
    let (_o, out) = build_to_temp(&site);
    read(&out.join("sitemap.xml"))
}

/// Builds the site at `root` into `out`; panics with the diagnostics when the build fails.
pub fn build_ok(root: &Path, out: &Path) {
    let o = run(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// Runs `protokol check --format json` on `root`: the exit code and one JSON object per diagnostic.
pub fn json_check(root: &str) -> (Option<i32>, Vec<serde_json::Value>) {
    let o = run(&["check", "--root", root, "--format", "json"]);
    let lines = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (o.status.code(), lines)
}

/// The site browser tests run on: the bundled portal, or PROTOKOL_BROWSER_SITE to run the same tests on another.
pub fn portal_root() -> PathBuf {
    std::env::var("PROTOKOL_BROWSER_SITE")
        .map(PathBuf::from)
        .unwrap_or_else(|_| repo())
}

pub fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

/// Line and column (1-based, columns in characters) of the first occurrence of `needle` in a file.
pub fn position_of(file: &Path, needle: &str) -> (u64, u64) {
    let text = read(file);
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {}", file.display()));
    let line = text[..at].matches('\n').count() as u64 + 1;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..at].chars().count() as u64 + 1)
}

/// A copy of the site at `root` with one edit of `file` (relative to the site): (the temporary folder, the site).
pub fn edited_copy(root: &Path, file: &str, from: &str, to: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(root, &site);
    edit(&site.join(file), from, to);
    (dir, site)
}

/// Replaces the first occurrence of `from` in a file; panics when it is not there.
pub fn edit(p: &Path, from: &str, to: &str) {
    let text = read(p);
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        p.display()
    );
    std::fs::write(p, text.replacen(from, to, 1)).unwrap();
}

/// A plain HTTP/1.1 GET on 127.0.0.1: (status, content type, body).
pub fn http_get(base: &str, path: &str) -> (u16, String, String) {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://").trim_end_matches('/');
    let mut s = std::net::TcpStream::connect(addr).expect("connect to the server");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let content_type = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-type")
                .then(|| v.trim().to_string())
        })
        .unwrap_or_default();
    (status, content_type, body.to_string())
}

/// `protokol serve` running on an ephemeral port of 127.0.0.1; killed when dropped.
pub struct Served {
    child: std::process::Child,
    pub url: String,
    pub log: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Served {
    pub fn start(site: &Path) -> Served {
        Served::start_on(site, 0)
    }

    /// Starts `protokol serve` on `port` (0: a free one).
    pub fn start_on(site: &Path, port: u16) -> Served {
        Served::start_with(site, &["--port", &port.to_string()], &[])
    }

    /// Starts `protokol serve` with more arguments (give `--port 0` for a free port) and more variables in its
    /// environment.
    pub fn start_with(site: &Path, args: &[&str], env: &[(&str, &str)]) -> Served {
        use std::io::BufRead;
        let mut child = Command::new(bin())
            .args(["serve", "--root", site.to_str().unwrap()])
            .args(args)
            .env("CI", "1")
            .envs(env.iter().copied())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start protokol serve");
        let stderr = child.stderr.take().unwrap();
        let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                if let Some(at) = line.find("http://") {
                    let url = line[at..]
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .trim_end_matches('/');
                    let _ = tx.send(url.to_string());
                }
                let mut l = sink.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
        });
        let url = rx
            .recv_timeout(std::time::Duration::from_secs(120))
            .unwrap_or_else(|_| panic!("protokol serve did not start: {}", log.lock().unwrap()));
        Served { child, url, log }
    }

    /// The server's state: {"version", "rebuilds", "error_count", "errors", …}.
    pub fn status(&self) -> serde_json::Value {
        serde_json::from_str(&http_get(&self.url, "/__protokol/status").2).unwrap()
    }

    /// Polls until `check` holds (every 50 ms); panics after 60 s with `what` and the server's log. The limit
    /// only turns a hang into a failure: nothing here depends on how fast a rebuild is.
    pub fn wait_for(&self, what: &str, mut check: impl FnMut(&Served) -> bool) {
        let started = std::time::Instant::now();
        while !check(self) {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(60),
                "timed out waiting for {what}; server log:\n{}",
                self.log.lock().unwrap()
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Saves a file as editors do: write a temporary file beside it, then rename it over the original.
pub fn save_atomically(p: &Path, text: &str) {
    let tmp = p.with_file_name(format!("{}.tmp~", p.file_name().unwrap().to_string_lossy()));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, p).unwrap();
}

/// Every file below `dir` (path relative to it) with its bytes.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    files_below(dir)
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().to_string();
            (rel, std::fs::read(&p).unwrap())
        })
        .collect()
}

/// The rebuild cache's folder in an output (`src/build/cache.rs`): what it records (stamps: inodes and times)
/// differs between two builds of the same site, so output comparisons leave it out.
pub const CACHE_DIR: &str = ".protokol-cache";

/// Every file below `dir` (not folders, not the rebuild cache), sorted.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            if e.file_name() == CACHE_DIR {
                continue;
            }
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

/// [`tree`] with the search index (`soeg/index/`) as what it means instead of its bytes: `protokol serve` gives a
/// new unit the next free id and leaves a removed unit's id a hole, so its files name other ids than a build's
/// of the same content, while every search must find the same. Each id is read as its unit's URL (from the
/// metadata chunks) and its rank (from the manifest's ranges: the sixth field, else the id); then the manifest's
/// ranges become the units' (URL, body, year, kind) in rank order, the chunks one list of metadata in rank order,
/// and every postings string (a shard's first blocks, and a term's overflow blocks taken together) its (URL,
/// impact) pairs ordered by impact, then rank: what the first block holds and in what order ties fall, and what
/// the rest holds (a query fetches all of a term's overflow blocks or none; they are cut in id order, and serve's
/// ids are not a build's). Vocabulary blocks are kept as bytes.
pub fn tree_by_meaning(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    use serde_json::{json, Value};
    use std::collections::BTreeMap;
    let mut out: BTreeMap<String, Vec<u8>> = tree(dir)
        .into_iter()
        .filter(|(k, _)| !k.starts_with("soeg/index/"))
        .collect();
    let ix = dir.join("soeg/index");
    if !ix.is_dir() {
        return out;
    }
    let json_of = |p: &Path| -> Value {
        serde_json::from_str(&read(p)).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    };
    let mut m = json_of(&ix.join("manifest.json"));
    let chunk = m["chunk"].as_u64().unwrap() as usize;
    let mut meta: BTreeMap<usize, Value> = BTreeMap::new();
    for f in files_below(&ix.join("d")) {
        let c: usize = f.file_stem().unwrap().to_str().unwrap().parse().unwrap();
        for (i, v) in json_of(&f).as_array().unwrap().iter().enumerate() {
            if !v.is_null() {
                meta.insert(c * chunk + i, v.clone());
            }
        }
    }
    let (mut rank, mut facet) = (BTreeMap::new(), BTreeMap::new());
    for r in m["ranges"].as_array().unwrap() {
        let (start, end) = (r[0].as_u64().unwrap(), r[1].as_u64().unwrap());
        let first = r.get(5).map_or(start, |f| f.as_u64().unwrap());
        for id in start..end {
            rank.insert(id as usize, first + (id - start));
            facet.insert(id as usize, json!([r[2], r[3], r[4]]));
        }
    }
    assert_eq!(
        rank.keys().collect::<Vec<_>>(),
        meta.keys().collect::<Vec<_>>(),
        "{}: the ranges cover exactly the ids with metadata",
        dir.display()
    );
    let mut by_rank: Vec<(u64, usize)> = rank.iter().map(|(&id, &r)| (r, id)).collect();
    by_rank.sort_unstable();
    assert!(
        by_rank.iter().enumerate().all(|(i, r)| r.0 == i as u64),
        "{}: ranks are 0..{}",
        dir.display(),
        by_rank.len()
    );
    let url = |id: usize| -> String {
        meta.get(&id)
            .unwrap_or_else(|| panic!("{}: a posting names id {id}, a hole", dir.display()))[1]
            .as_str()
            .unwrap()
            .to_string()
    };
    m["ranges"] = by_rank
        .iter()
        .map(|&(_, id)| json!([url(id), facet[&id]]))
        .collect();
    m["docs"] = json!(by_rank.len());
    out.insert(
        "soeg/index/manifest.json".into(),
        m.to_string().into_bytes(),
    );
    let chunks: Vec<&Value> = by_rank.iter().map(|(_, id)| &meta[id]).collect();
    out.insert(
        "soeg/index/d (by rank)".into(),
        serde_json::to_vec(&chunks).unwrap(),
    );
    let meaning = |decoded: Vec<(u32, u32)>| -> Value {
        let mut p: Vec<(std::cmp::Reverse<u32>, u64, usize)> = decoded
            .into_iter()
            .map(|(id, imp)| {
                let id = id as usize;
                let r = *rank.get(&id).unwrap_or_else(|| {
                    panic!("{}: a posting names id {id}, a hole", dir.display())
                });
                (std::cmp::Reverse(imp), r, id)
            })
            .collect();
        p.sort_unstable();
        p.into_iter()
            .map(|(imp, _, id)| json!([url(id), imp.0]))
            .collect()
    };
    let postings = |s: &str| meaning(protokol::search::decode_postings(s));
    let mut overflow: BTreeMap<String, Vec<(u32, u32)>> = BTreeMap::new();
    for f in files_below(&ix) {
        let rel = f.strip_prefix(dir).unwrap().to_string_lossy().to_string();
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        if rel.starts_with("soeg/index/t/") {
            let mut v = json_of(&f);
            if name.contains('-') {
                // `<shard>-<slot>-<n>.json`: gathered per term, then read as one list below.
                let term = rel.rsplit_once('-').unwrap().0.to_string();
                let decoded = protokol::search::decode_postings(v.as_str().unwrap());
                overflow.entry(term).or_default().extend(decoded);
                continue;
            } else {
                for e in v.as_object_mut().unwrap().values_mut() {
                    e[1] = postings(e[1].as_str().unwrap());
                }
            }
            out.insert(rel, v.to_string().into_bytes());
        } else if !rel.starts_with("soeg/index/d/") && rel != "soeg/index/manifest.json" {
            out.insert(rel, std::fs::read(&f).unwrap());
        }
    }
    for (term, decoded) in overflow {
        let key = format!("{term}-* (overflow blocks together)");
        out.insert(key, meaning(decoded).to_string().into_bytes());
    }
    out
}
