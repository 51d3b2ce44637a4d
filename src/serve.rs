//! `protokol serve`: builds the site, serves the output on 127.0.0.1 (unless told otherwise) and rebuilds when
//! a source file changes. A failed rebuild keeps serving the last good site.

use std::path::{Component, Path, PathBuf};
use std::time::{Duration, SystemTime};

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

/// Newest modification time of the site's sources.
pub fn sources_stamp(root: &Path) -> SystemTime {
    let mut newest = SystemTime::UNIX_EPOCH;
    for dir in ["content", "templates", "themes", "static"] {
        for e in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
            if let Ok(m) = e.metadata() {
                newest = newest.max(m.modified().unwrap_or(SystemTime::UNIX_EPOCH));
            }
        }
    }
    if let Ok(m) = std::fs::metadata(root.join(crate::config::CONFIG_FILE)) {
        newest = newest.max(m.modified().unwrap_or(SystemTime::UNIX_EPOCH));
    }
    newest
}

/// Serves `dir` until the process ends; calls `rebuild` when sources under `root` change.
pub fn serve(
    root: &Path,
    dir: &Path,
    bind: &str,
    port: u16,
    rebuild: &(dyn Fn() + Sync),
) -> Result<(), String> {
    let server = tiny_http::Server::http((bind, port))
        .map_err(|e| format!("cannot listen on {bind}:{port}: {e}"))?;
    let addr = server
        .server_addr()
        .to_ip()
        .map(|a| a.to_string())
        .unwrap_or_default();
    eprintln!(
        "Serverer {} på http://{addr}/ (Ctrl-C stopper)",
        dir.display()
    );
    std::thread::scope(|s| {
        s.spawn(|| {
            let mut last = sources_stamp(root);
            loop {
                std::thread::sleep(Duration::from_millis(500));
                let now = sources_stamp(root);
                if now != last {
                    last = now;
                    rebuild();
                }
            }
        });
        for req in server.incoming_requests() {
            respond(dir, req);
        }
    });
    Ok(())
}

/// Answers one request with a file below `dir` (or the site's 404 page).
pub fn respond(dir: &Path, req: tiny_http::Request) {
    let found = resolve(dir, req.url()).and_then(|p| std::fs::read(&p).ok().map(|b| (p, b)));
    let response = match found {
        Some((p, bytes)) => tiny_http::Response::from_data(bytes)
            .with_header(header("Content-Type", content_type(&p)))
            .with_status_code(200),
        None => {
            let body = std::fs::read(dir.join("404.html")).unwrap_or_else(|_| b"404".to_vec());
            tiny_http::Response::from_data(body)
                .with_header(header("Content-Type", "text/html; charset=utf-8"))
                .with_status_code(404)
        }
    };
    let _ = req.respond(response.with_header(header("Cache-Control", "no-cache")));
}

/// Serves `dir` on 127.0.0.1 with an ephemeral port from a background thread; returns the base URL.
/// Used by the browser tests.
pub fn spawn_static(dir: &Path) -> std::io::Result<String> {
    let server = tiny_http::Server::http("127.0.0.1:0").map_err(std::io::Error::other)?;
    let addr = server
        .server_addr()
        .to_ip()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            respond(&dir, req);
        }
    });
    Ok(format!("http://{addr}"))
}

fn header(k: &str, v: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("static header is valid")
}

#[cfg(test)]
mod tests {
    use super::*;

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
