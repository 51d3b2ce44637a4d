//! `protokol serve`: builds the site, serves the output on 127.0.0.1 (unless told otherwise), watches the sources
//! (notify) and rebuilds incrementally ([`crate::build`]) after every change. Open pages reload through a
//! Server-Sent Events stream; when a change introduces an error the last good site stays served and the errors
//! appear over the open pages until the file is fixed.

use crate::build::{Report, Workspace};
use crate::diagnostics::{Diagnostic, Diagnostics, Format, Severity, Style};
use crate::http::{Reply, Request, Response};
use crate::i18n::{self, Lang, Msg, Ui};
use crate::lock;
use serde_json::json;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "pdf" => "application/pdf",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}

/// Maps a request path to a file below `dir`, refusing anything that would leave it.
pub fn resolve(dir: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    let mut out = dir.to_path_buf();
    for c in Path::new(decoded.trim_start_matches('/')).components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    Some(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let s = String::from_utf8(out).ok()?;
    (!s.contains('\0') && !s.contains('\\')).then_some(s)
}

/// How long the watcher waits for more changes before rebuilding: an editor's save (write a temporary file,
/// rename it) or a `git checkout` arrives as a burst of events, and one rebuild should follow the whole burst.
pub const QUIET: Duration = Duration::from_millis(25);
/// A rebuild starts at the latest this long after the first change, even if changes keep coming.
const MAX_WAIT: Duration = Duration::from_secs(2);
/// Where the dev server's own endpoints live; no site page can be there (ids never start with `_`).
const PREFIX: &str = "/__protokol/";

/// What open pages are told: the number of the last successful build and the current errors.
#[derive(Default)]
struct Live {
    version: u64,
    /// Rebuilds finished (every file written).
    rebuilds: u64,
    /// What the event streams follow: a rebuild finished, or its edited pages published before the rest
    /// ([`publish_visible`]).
    updates: u64,
    /// Errors and warnings as `protokol check` prints them; empty when the content is clean.
    errors: String,
    error_count: usize,
}

struct Shared {
    live: Mutex<Live>,
    changed: Condvar,
    /// The language of the overlay and its diagnostics.
    lang: Lang,
    /// Tells this server from the one before it: a page that reconnects to a restarted server reloads.
    instance: u64,
}

impl Shared {
    fn hello(&self) -> String {
        let live = lock(&self.live);
        let title = i18n::ui(Ui::OverlayTitle, self.lang);
        let close = i18n::ui(Ui::OverlayClose, self.lang);
        json!({"instance": self.instance, "version": live.version, "rebuilds": live.rebuilds, "errors": live.errors,
               "error_count": live.error_count, "title": title, "close": close})
        .to_string()
    }
}

/// Serves the site at `root` from `output` on `bind:port`: builds it, rebuilds incrementally when a source changes,
/// and reloads open pages (or shows the errors over them, in `lang`). `report` is told about every rebuild.
pub fn serve(
    root: &Path,
    output: &Path,
    bind: &str,
    port: u16,
    lang: Lang,
    report: &(dyn Fn(&Workspace, &Result<Report, Diagnostic>) + Sync),
) -> Result<(), Msg> {
    // Watch before the first build: a change made while it runs is not missed.
    let (tx, rx) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx).map_err(|e| Msg::ServeCannotWatch {
        path: root.display().to_string(),
        reason: e.to_string(),
    })?;
    let mut watched = Vec::new();
    watch_sources(&mut watcher, &mut watched, root)?;
    let mut ws = Workspace::new(root, output);
    install_panic_hook();
    let first = guarded(&mut ws, root, &[], |ws| ws.build_all());
    report(&ws, &first);
    let shared = Shared {
        live: Mutex::new(Live::default()),
        changed: Condvar::new(),
        lang,
        instance: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or_default(),
    };
    publish(&shared, &ws, &first, root);
    let listener =
        std::net::TcpListener::bind((bind, port)).map_err(|e| Msg::ServeCannotListen {
            address: format!("{bind}:{port}"),
            reason: e.to_string(),
        })?;
    let addr = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    if listener.local_addr().is_ok_and(|a| !a.ip().is_loopback()) {
        let warning = Msg::ServeNotLocal {
            bind: bind.to_string(),
        };
        eprintln!("{}", i18n::text(&warning, lang));
    }
    let listening = Msg::ServeListening {
        output: output.display().to_string(),
        address: addr.clone(),
    };
    eprintln!("{}", i18n::text(&listening, lang));
    let dir = crate::write::absolute(output);
    let dir = &dir;
    let shared = &shared;
    let route = move |req: &Request| -> Reply {
        match req.url.split('?').next().unwrap_or("") {
            "/__protokol/events" => Reply::Stream(Box::new(move |w| events(w, shared))),
            "/__protokol/live.js" => Reply::Done(Response::new(
                200,
                "text/javascript; charset=utf-8",
                LIVE_JS,
            )),
            "/__protokol/status" => Reply::Done(
                Response::new(200, "application/json", shared.hello())
                    .header("Cache-Control", "no-cache"),
            ),
            _ => Reply::Done(respond(dir, &req.url, true)),
        }
    };
    std::thread::scope(|s| {
        let (ws, watcher, watched) = (&mut ws, &mut watcher, &mut watched);
        s.spawn(move || {
            while let Some(paths) = next_batch(&rx, ws) {
                if paths
                    .iter()
                    .any(|p| p.parent().is_some_and(|d| ws.is_root(d)) && p.is_dir())
                {
                    // A sources folder created after start (templates/, say) needs its own watch.
                    if let Err(e) = watch_sources(watcher, watched, root) {
                        eprintln!("{}", i18n::text(&e, lang));
                    }
                }
                // The edited pages reload open pages as soon as they are on disk; the rest follows (#15).
                let visible = |changed: usize| publish_visible(shared, changed);
                let result = guarded(ws, root, &paths, |ws| ws.rebuild_visible(&paths, &visible));
                report(ws, &result);
                publish(shared, ws, &result, root);
            }
        });
        crate::http::serve(s, &listener, &route);
    });
    Ok(())
}

/// Set while a rebuild runs: a panic then is reported as an internal error (with its message and place,
/// recorded by the hook in [`LAST_PANIC`]) instead of printed by the default hook.
static REBUILDING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Records the message and place of a panic during a rebuild (on any thread: rayon's workers included).
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !REBUILDING.load(std::sync::atomic::Ordering::SeqCst) {
            return previous(info);
        }
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        lock(&LAST_PANIC).get_or_insert(format!("{message}{place}"));
    }));
}

/// Runs a rebuild; a panic in it becomes an internal-error diagnostic naming the files being processed, and
/// the workspace is reset so that the next rebuild loads and builds everything afresh (the state a panic left
/// may be half-way). The published output is the last good one: a full render writes into a staging directory,
/// and files written in place are each complete.
fn guarded(
    ws: &mut Workspace,
    root: &Path,
    paths: &[PathBuf],
    run: impl FnOnce(&mut Workspace) -> Result<Report, Diagnostic>,
) -> Result<Report, Diagnostic> {
    use std::sync::atomic::Ordering;
    *lock(&LAST_PANIC) = None;
    REBUILDING.store(true, Ordering::SeqCst);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&mut *ws)));
    REBUILDING.store(false, Ordering::SeqCst);
    result.unwrap_or_else(|_| {
        ws.reset();
        let files: Vec<String> = paths
            .iter()
            .map(|p| {
                let p = crate::write::absolute(p);
                let root = crate::write::absolute(root);
                p.strip_prefix(&root).unwrap_or(&p).display().to_string()
            })
            .collect();
        let what = Box::new(if files.is_empty() {
            Msg::WholeSite
        } else {
            Msg::Verbatim {
                text: files.join(", "),
            }
        });
        let message = Box::new(
            lock(&LAST_PANIC)
                .take()
                .filter(|m| !m.is_empty())
                .map_or(Msg::UnknownPanic, |text| Msg::Verbatim { text }),
        );
        let mut d = Diagnostic::error(
            crate::diagnostics::Code::InternalError,
            Msg::InternalError { what, message },
        )
        .hint(Msg::InternalErrorHint);
        if let Some(first) = files.first() {
            d = d.in_file(first);
        }
        Err(d)
    })
}

/// Watches the sources: the root (for the configuration and new folders) and content/, templates/, themes/ and
/// static/ below it, never the output. Called again when a folder appears; folders already watched are skipped.
fn watch_sources(
    w: &mut notify::RecommendedWatcher,
    watched: &mut Vec<PathBuf>,
    root: &Path,
) -> Result<(), Msg> {
    use notify::{RecursiveMode, Watcher};
    let wanted = std::iter::once((root.to_path_buf(), RecursiveMode::NonRecursive)).chain(
        ["content", "templates", "themes", "static"]
            .iter()
            .map(|d| (root.join(d), RecursiveMode::Recursive))
            .filter(|(p, _)| p.is_dir()),
    );
    for (p, mode) in wanted {
        if !watched.contains(&p) {
            w.watch(&p, mode).map_err(|e| Msg::ServeCannotWatch {
                path: p.display().to_string(),
                reason: e.to_string(),
            })?;
            watched.push(p);
        }
    }
    Ok(())
}

/// Waits for changes to sources and returns them once no more arrive for [`QUIET`] (or [`MAX_WAIT`] has passed).
/// `None` when the watcher is gone.
fn next_batch(
    rx: &std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
    ws: &Workspace,
) -> Option<Vec<PathBuf>> {
    use std::sync::mpsc::RecvTimeoutError;
    let mut paths: Vec<PathBuf> = Vec::new();
    let add = |ev: notify::Result<notify::Event>, paths: &mut Vec<PathBuf>| {
        use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind};
        let Ok(ev) = ev else {
            return;
        };
        let relevant = match ev.kind {
            EventKind::Create(_) | EventKind::Remove(_) => true,
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
            EventKind::Modify(_) => true,
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            _ => false,
        };
        if relevant {
            for p in ev.paths {
                let new_folder = p.parent().is_some_and(|d| ws.is_root(d))
                    && p.is_dir()
                    && p.file_name().is_some_and(|n| {
                        ["content", "templates", "themes", "static"]
                            .contains(&n.to_string_lossy().as_ref())
                    });
                if (ws.is_source(&p) || new_folder) && !paths.contains(&p) {
                    paths.push(p);
                }
            }
        }
    };
    loop {
        add(rx.recv().ok()?, &mut paths);
        if !paths.is_empty() {
            break;
        }
    }
    let first = Instant::now();
    loop {
        let wait = QUIET.min(MAX_WAIT.saturating_sub(first.elapsed()));
        match rx.recv_timeout(wait) {
            Ok(ev) => add(ev, &mut paths),
            Err(RecvTimeoutError::Timeout) => return Some(paths),
            Err(RecvTimeoutError::Disconnected) => return Some(paths),
        }
        if first.elapsed() >= MAX_WAIT {
            return Some(paths);
        }
    }
}

/// Records the outcome of a build for the open pages and wakes their event streams.
fn publish(shared: &Shared, ws: &Workspace, result: &Result<Report, Diagnostic>, root: &Path) {
    let shown = Diagnostics {
        items: match result {
            Err(d) => vec![d.clone()],
            Ok(_) => ws
                .diags
                .items
                .iter()
                .filter(|d| d.severity != Severity::Note)
                .cloned()
                .collect(),
        },
    };
    let mut live = lock(&shared.live);
    live.rebuilds += 1;
    live.updates += 1;
    live.error_count = shown.count(Severity::Error);
    live.errors = if live.error_count > 0 {
        crate::diagnostics::render(&shown, root, Format::Human, Style::Plain, shared.lang)
    } else {
        String::new()
    };
    // A new version (and so a reload of open pages) only when the output changed since it was last published:
    // the edited pages may have been ([`publish_visible`]).
    let output_changed = matches!(result, Ok(r) if r.written + r.removed > r.visible);
    if live.error_count == 0 && output_changed {
        live.version += 1;
    }
    drop(live);
    shared.changed.notify_all();
}

/// Publishes the first part of a rebuild, the edited pages, `changed` files written or removed: open pages reload
/// (the rebuild checked the content before rendering, so it has no errors). The rebuild is not counted as
/// finished until [`publish`].
fn publish_visible(shared: &Shared, changed: usize) {
    if changed == 0 {
        return;
    }
    let mut live = lock(&shared.live);
    live.version += 1;
    live.updates += 1;
    live.error_count = 0;
    live.errors = String::new();
    drop(live);
    shared.changed.notify_all();
}

/// A Server-Sent Events stream: the current state at once, then one event after every rebuild. Each stream has
/// its own thread ([`crate::http`]), so open pages never hold up other requests.
fn events(w: &mut std::net::TcpStream, shared: &Shared) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n";
    let mut seen = u64::MAX;
    if w.write_all(head.as_bytes()).is_err() {
        return;
    }
    loop {
        let msg = {
            let mut live = lock(&shared.live);
            if live.updates == seen {
                let (l, _) = shared
                    .changed
                    .wait_timeout(live, Duration::from_secs(15))
                    .unwrap_or_else(|e| e.into_inner());
                live = l;
            }
            if live.updates == seen {
                // Nothing new: a comment keeps proxies from closing the stream and finds closed connections.
                ":\n\n".to_string()
            } else {
                seen = live.updates;
                drop(live);
                format!("data: {}\n\n", shared.hello())
            }
        };
        if w.write_all(msg.as_bytes()).and_then(|_| w.flush()).is_err() {
            return;
        }
    }
}

/// The dev server's script in every page: reloads after a build, shows errors over the page.
const LIVE_JS: &str = include_str!("serve_live.js");

/// The answer to a request for `url`: a file below `dir` (or the site's 404 page). With `live`, HTML pages get
/// the live-reload script (the files on disk stay exactly as `protokol build` writes them).
pub fn respond(dir: &Path, url: &str, live: bool) -> Response {
    let found = resolve(dir, url).and_then(|p| std::fs::read(&p).ok().map(|b| (p, b)));
    let (status, path, bytes) = match found {
        Some((p, bytes)) => (200, p, bytes),
        None => {
            let p = dir.join("404.html");
            let body = std::fs::read(&p).unwrap_or_else(|_| b"404".to_vec());
            (404, p, body)
        }
    };
    let is_html = content_type(&path).starts_with("text/html");
    let bytes = if live && is_html {
        with_live_script(bytes)
    } else {
        bytes
    };
    let kind = if status == 404 {
        "text/html; charset=utf-8"
    } else {
        content_type(&path)
    };
    Response::new(status, kind, bytes).header("Cache-Control", "no-cache")
}

/// Serves `dir` on 127.0.0.1 with an ephemeral port from a background thread; returns the base URL.
/// Used by the browser tests.
pub fn spawn_static(dir: &Path) -> std::io::Result<String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        let route = |req: &Request| Reply::Done(respond(&dir, &req.url, false));
        std::thread::scope(|s| crate::http::serve(s, &listener, &route));
    });
    Ok(format!("http://{addr}"))
}

/// Inserts the live-reload script before `</body>` (or at the end).
fn with_live_script(html: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{PREFIX}live.js\" defer></script>");
    let at = html
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_changes_is_one_batch_and_the_rest_is_ignored() {
        use notify::event::{AccessKind, AccessMode, DataChange, EventKind, ModifyKind};
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let ws = Workspace::new(root, &root.join("public"));
        let event = |kind: EventKind, path: PathBuf| Ok(notify::Event::new(kind).add_path(path));
        let modify = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        let (tx, rx) = std::sync::mpsc::channel();
        // Noise first: the output, an editor's swap file, a read.
        tx.send(event(modify, root.join("public/index.html")))
            .unwrap();
        tx.send(event(modify, root.join("content/moeder/.x.md.swp")))
            .unwrap();
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        tx.send(event(read, root.join("content/moeder/a.md")))
            .unwrap();
        // A checkout: 300 files, each reported twice.
        for i in 0..300 {
            let p = root.join(format!("content/moeder/m{i}.md"));
            tx.send(event(modify, p.clone())).unwrap();
            let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
            tx.send(event(closed, p)).unwrap();
        }
        tx.send(event(modify, root.join("protokol.toml"))).unwrap();
        let batch = next_batch(&rx, &ws).unwrap();
        assert_eq!(batch.len(), 301, "one batch, each path once, no noise");
        assert!(batch.contains(&root.join("protokol.toml")));
        // Only noise left, then the watcher goes: no batch at all.
        tx.send(event(modify, root.join("public/x.html"))).unwrap();
        drop(tx);
        assert!(next_batch(&rx, &ws).is_none());
    }

    #[test]
    fn no_traversal() {
        let dir = Path::new("/srv/site");
        assert_eq!(resolve(dir, "/../etc/passwd"), None);
        assert_eq!(resolve(dir, "/%2e%2e/etc/passwd"), None);
        assert_eq!(
            resolve(dir, "/a/b.css?x=1"),
            Some(PathBuf::from("/srv/site/a/b.css"))
        );
    }
}
