//! The dev server's HTTP/1.1, on std's `TcpListener`: one thread per connection, so a Server-Sent Events stream
//! (which lives as long as its page) never holds up another request, and `TCP_NODELAY` on every connection, so
//! an answer on a kept-alive connection goes out at once instead of waiting for the client's delayed ACK (Nagle).
//! Only what `protokol serve` needs: GET and HEAD, keep-alive, no request bodies, no TLS.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// A request head is at most this long; longer ones are answered 431 and closed.
const MAX_HEAD: u64 = 16 * 1024;
/// Open connections at most; more are answered 503 and closed (each has a thread).
const MAX_CONNECTIONS: usize = 512;
/// A kept-alive connection with no new request for this long is closed; a client that reads nothing for this
/// long is dropped.
const IDLE: Duration = Duration::from_secs(30);

pub struct Request {
    pub method: String,
    /// The request target as sent: path and query.
    pub url: String,
    /// Whether the client asked to close the connection after this answer (or speaks HTTP/1.0 without keep-alive).
    close: bool,
}

pub struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body: body.into(),
        }
    }

    pub fn header(mut self, name: &'static str, value: &str) -> Response {
        self.headers.push((name, value.to_string()));
        self
    }
}

/// What a handler answers: a whole response, or a stream it writes itself (Server-Sent Events) until the
/// client goes; the connection is closed after it.
pub enum Reply<'a> {
    Done(Response),
    Stream(Box<dyn FnOnce(&mut TcpStream) + 'a>),
}

/// The reason phrase of the status codes the server sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Accepts connections on `listener` for ever, each on a thread of `scope`, answered by `handle`.
pub fn serve<'scope, 'env>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    listener: &TcpListener,
    handle: &'env (dyn Fn(&Request) -> Reply<'env> + Sync),
) {
    let open = std::sync::Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else {
            // Out of file descriptors, say: wait a moment instead of spinning.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            let _ = write_response(
                &mut stream,
                Response::new(503, "text/plain", "busy"),
                true,
                false,
            );
            continue;
        }
        let open = open.clone();
        scope.spawn(move || {
            connection(stream, handle);
            open.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// Sets up an accepted connection: no Nagle delay, and timeouts so that a silent client does not keep its
/// thread for ever.
pub fn prepare(stream: &TcpStream) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(IDLE))?;
    stream.set_write_timeout(Some(IDLE))
}

/// Answers the requests of one connection until the client closes it, asks to, or goes quiet.
pub fn connection<'a>(mut stream: TcpStream, handle: &(dyn Fn(&Request) -> Reply<'a> + Sync)) {
    if prepare(&stream).is_err() {
        return;
    }
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    loop {
        let req = match read_head(&mut reader) {
            Ok(Some(r)) => r,
            Ok(None) => return,
            Err(status) => {
                let _ = write_response(
                    &mut stream,
                    Response::new(status, "text/plain", reason(status)),
                    true,
                    false,
                );
                return;
            }
        };
        if req.method != "GET" && req.method != "HEAD" {
            let r = Response::new(405, "text/plain", reason(405)).header("Allow", "GET, HEAD");
            let _ = write_response(&mut stream, r, true, false);
            return;
        }
        match handle(&req) {
            Reply::Done(r) => {
                if write_response(&mut stream, r, req.close, req.method == "HEAD").is_err()
                    || req.close
                {
                    return;
                }
            }
            Reply::Stream(run) => {
                run(&mut stream);
                return;
            }
        }
    }
}

/// Reads one request head. `Ok(None)`: the connection ended (or idled out) between requests; `Err`: the status
/// to answer a malformed one with.
fn read_head(reader: &mut BufReader<TcpStream>) -> Result<Option<Request>, u16> {
    let mut head = Vec::new();
    let mut limited = reader.by_ref().take(MAX_HEAD);
    loop {
        let before = head.len();
        match limited.read_until(b'\n', &mut head) {
            Ok(0) if head.is_empty() => return Ok(None),
            Ok(0) => {
                return Err(if head.len() as u64 >= MAX_HEAD {
                    431
                } else {
                    400
                })
            }
            Ok(_) => {}
            Err(_) if head.is_empty() => return Ok(None),
            Err(_) => return Err(400),
        }
        let line = &head[before..];
        if line == b"\r\n" || line == b"\n" {
            if before == 0 {
                // Blank lines before a request are allowed (RFC 9112, 2.2).
                head.clear();
                continue;
            }
            break;
        }
    }
    let text = String::from_utf8(head).map_err(|_| 400u16)?;
    let mut lines = text.lines();
    let mut first = lines.next().unwrap_or("").split_whitespace();
    let (Some(method), Some(url), Some(version)) = (first.next(), first.next(), first.next())
    else {
        return Err(400);
    };
    let mut close = version != "HTTP/1.1";
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().to_ascii_lowercase();
        if name.eq_ignore_ascii_case("connection") {
            if value.contains("close") {
                close = true;
            } else if value.contains("keep-alive") {
                close = false;
            }
        }
        // A body we would have to read past: not something a dev server's GET carries.
        let body = (name.eq_ignore_ascii_case("content-length") && value != "0")
            || name.eq_ignore_ascii_case("transfer-encoding");
        if body {
            return Err(400);
        }
    }
    Ok(Some(Request {
        method: method.to_string(),
        url: url.to_string(),
        close,
    }))
}

/// Writes a response in one write (head and body together, so no segment waits for another).
fn write_response(
    stream: &mut TcpStream,
    r: Response,
    close: bool,
    head_only: bool,
) -> std::io::Result<()> {
    let mut out = format!("HTTP/1.1 {} {}\r\n", r.status, reason(r.status));
    for (name, value) in &r.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: {}\r\n\r\n",
        r.body.len(),
        if close { "close" } else { "keep-alive" }
    ));
    let mut bytes = out.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&r.body);
    }
    stream.write_all(&bytes)?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_are_set_up_without_nagle_delay() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (accepted, _) = listener.accept().unwrap();
        assert!(!accepted.nodelay().unwrap());
        prepare(&accepted).unwrap();
        assert!(
            accepted.nodelay().unwrap(),
            "TCP_NODELAY on every connection"
        );
        assert!(accepted.read_timeout().unwrap().is_some());
        drop(client);
    }
}
