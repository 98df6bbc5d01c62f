//! A small HTTP/1.1 server on loopback: one request per connection, every
//! limit ours.
//!
//! Requests are parsed with `httparse` (the parser under hyper) over
//! `std::net`. We do not use `tiny_http` 0.12 (the newest release): when a
//! request body is left unread, its reader's `Drop` allocates a buffer of the
//! whole remaining `Content-Length` (util/equal_reader.rs), so one request
//! claiming a terabyte would abort the process. Here a body over the limit is
//! refused from its header and never read.
//!
//! Bounds: at most [`MAX_CONNECTIONS`] connections at once (more get 503), a
//! request head of at most [`MAX_HEAD`] bytes, [`IO_TIMEOUT`] for each read
//! and write, [`BODY_DEADLINE`] for a whole body, bodies only with a
//! `Content-Length` no larger than the
//! per-request limit, and at most [`BUSY_SLOTS`] requests reading a body or
//! working at once (the rest wait), so memory stays bounded whatever clients
//! do. A panic while handling a request is caught: the client gets a 500 and
//! the server goes on.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Connections handled at once; one more gets `503` at once.
pub const MAX_CONNECTIONS: usize = 64;
/// Largest request line plus headers.
pub const MAX_HEAD: usize = 16 * 1024;
/// Requests reading a body or working at once.
pub const BUSY_SLOTS: usize = 4;
/// Longest wait for one read or write on a connection.
pub const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// Longest time a request body may take to arrive, all of it.
pub const BODY_DEADLINE: Duration = Duration::from_secs(120);

/// One parsed request, body read.
#[derive(Debug, Default)]
pub struct Request {
    /// `GET`, `POST` …
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The raw query string (after `?`), empty when none.
    pub query: String,
    /// Headers as sent (names lower-cased).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Request {
    /// The first header with this (lower-case) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of a query parameter, percent-decoded.
    pub fn param(&self, name: &str) -> Option<String> {
        self.query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k) == name).then(|| percent_decode(v))
        })
    }
}

/// Decodes `application/x-www-form-urlencoded` text (`+` is a space); bad
/// escapes are kept as written, invalid UTF-8 replaced.
///
/// ```
/// assert_eq!(x1060::serve::http::percent_decode("a+b%E6%A0%AA"), "a b株");
/// ```
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// A response.
#[derive(Debug)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Content type.
    pub content_type: &'static str,
    /// Extra headers (the security headers are always added).
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Reply {
    /// A reply with a body.
    pub fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            content_type,
            headers: Vec::new(),
            body,
        }
    }

    /// A one-line plain-text reply (errors).
    pub fn text(status: u16, line: impl Into<String>) -> Reply {
        let mut body = line.into().into_bytes();
        body.push(b'\n');
        Reply::new(status, "text/plain; charset=utf-8", body)
    }

    /// The body as a download named `name` (UTF-8 names as RFC 6266 `filename*`).
    pub fn attachment(mut self, name: &str) -> Reply {
        let ascii: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "._-".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let encoded: String = name
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"._-".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        self.headers.push((
            "Content-Disposition",
            format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
        ));
        self
    }
}

/// The headers every response carries: a strict Content-Security-Policy
/// (scripts and styles only from this server, no inline code, no framing),
/// no sniffing, no caching, no referrer.
pub const SECURITY_HEADERS: [(&str, &str); 7] = [
    (
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
];

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    }
}

/// Writes a reply and closes the connection.
fn send(stream: &mut TcpStream, reply: &Reply) {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reason(reply.status),
        reply.content_type,
        reply.body.len()
    );
    for (k, v) in SECURITY_HEADERS {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    for (k, v) in &reply.headers {
        // A header value never holds a line break (names are ours).
        let v = v.replace(['\r', '\n'], " ");
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream
        .write_all(head.as_bytes())
        .and_then(|_| stream.write_all(&reply.body))
        .and_then(|_| stream.flush());
    let _ = stream.shutdown(std::net::Shutdown::Write);
    // Let the client read the reply before the socket closes: drain a little
    // of what it may still be sending (bounded), so the close is not a reset.
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    let mut sink = [0u8; 8192];
    let mut left = 1024 * 1024;
    while left > 0 {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => left -= n.min(left),
        }
    }
}

/// What the server needs from the application.
pub trait Handler: Send + Sync + 'static {
    /// Checks a request from its head alone (before its body is read):
    /// `Some(reply)` refuses it.
    fn admit(&self, req: &Request, body_len: u64) -> Option<Reply>;
    /// Answers a request.
    fn handle(&self, req: Request) -> Reply;
}

/// A counting semaphore (std has none).
#[derive(Default)]
struct Slots {
    busy: Mutex<usize>,
    freed: Condvar,
}

impl Slots {
    fn acquire(&self, max: usize) -> SlotGuard<'_> {
        let mut busy = self.busy.lock().unwrap_or_else(|e| e.into_inner());
        while *busy >= max {
            busy = self.freed.wait(busy).unwrap_or_else(|e| e.into_inner());
        }
        *busy += 1;
        SlotGuard(self)
    }
}

struct SlotGuard<'a>(&'a Slots);

impl Drop for SlotGuard<'_> {
    fn drop(&mut self) {
        let mut busy = self.0.busy.lock().unwrap_or_else(|e| e.into_inner());
        *busy -= 1;
        self.0.freed.notify_one();
    }
}

/// Shared state of the accept loops.
struct Shared<H> {
    handler: H,
    open: AtomicUsize,
    slots: Slots,
}

/// Serves connections from these listeners until the process ends: one
/// accept thread per listener, one thread per connection.
pub fn serve<H: Handler>(listeners: Vec<TcpListener>, handler: H) {
    let shared = Arc::new(Shared {
        handler,
        open: AtomicUsize::new(0),
        slots: Slots::default(),
    });
    let threads: Vec<_> = listeners
        .into_iter()
        .map(|l| {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || accept_loop(l, shared))
        })
        .collect();
    for t in threads {
        let _ = t.join();
    }
}

fn accept_loop<H: Handler>(listener: TcpListener, shared: Arc<Shared<H>>) {
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        // Loopback only: refuse anything else even if the socket were reachable.
        if !stream.peer_addr().is_ok_and(|a| a.ip().is_loopback()) {
            continue;
        }
        if shared.open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            shared.open.fetch_sub(1, Ordering::SeqCst);
            send(
                &mut stream,
                &Reply::text(503, "busy: too many connections; try again"),
            );
            continue;
        }
        let mine = Arc::clone(&shared);
        let spawned = std::thread::Builder::new().spawn(move || {
            connection(stream, &mine);
            mine.open.fetch_sub(1, Ordering::SeqCst);
        });
        if spawned.is_err() {
            // The thread never ran (its stream closed with the closure).
            shared.open.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Handles one connection: one request, one reply. A panic ends as a 500.
fn connection<H: Handler>(mut stream: TcpStream, shared: &Shared<H>) {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let reply = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        respond(&mut stream, shared)
    }))
    .unwrap_or_else(|_| {
        Reply::text(
            500,
            "internal error in x1060 while handling the request; please report it with the file",
        )
    });
    if reply.status != 0 {
        send(&mut stream, &reply);
    }
}

/// Reads the request and answers it (status 0: the client went away).
fn respond<H: Handler>(stream: &mut TcpStream, shared: &Shared<H>) -> Reply {
    let (mut req, leftover) = match read_head(stream) {
        Ok(x) => x,
        Err(reply) => return reply,
    };
    if req
        .header("transfer-encoding")
        .is_some_and(|v| !v.eq_ignore_ascii_case("identity"))
    {
        return Reply::text(411, "send the body with a Content-Length");
    }
    let len: u64 = match req.header("content-length").map(|v| v.trim().parse()) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => return Reply::text(400, "bad Content-Length"),
    };
    if let Some(refusal) = shared.handler.admit(&req, len) {
        return refusal;
    }
    let _slot = shared.slots.acquire(BUSY_SLOTS);
    if len > 0 {
        let mut body = leftover;
        body.truncate(len as usize);
        body.reserve_exact(len as usize - body.len());
        let started = Instant::now();
        let mut chunk = vec![0u8; 64 * 1024];
        while body.len() < len as usize {
            // A body trickled in slowly would hold a work slot: it has
            // BODY_DEADLINE in all, not only IO_TIMEOUT between reads.
            if started.elapsed() > BODY_DEADLINE {
                return Reply::text(408, "the request body took too long to arrive");
            }
            let want = (len as usize - body.len()).min(chunk.len());
            match stream.read(&mut chunk[..want]) {
                Ok(0) | Err(_) => return Reply::text(400, "the request body ended early"),
                Ok(n) => body.extend_from_slice(&chunk[..n]),
            }
        }
        req.body = body;
    }
    shared.handler.handle(req)
}

/// Reads and parses the request line and headers; returns the request and
/// the body bytes already read.
fn read_head(stream: &mut TcpStream) -> Result<(Request, Vec<u8>), Reply> {
    let mut buf = Vec::with_capacity(2048);
    let mut chunk = [0u8; 4096];
    loop {
        let n = match stream.read(&mut chunk) {
            Ok(0) => return Err(Reply::new(0, "", Vec::new())),
            Ok(n) => n,
            Err(_) => return Err(Reply::text(408, "request timed out")),
        };
        buf.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(&buf) {
            Ok(httparse::Status::Complete(end)) => {
                let target = parsed.path.unwrap_or("/");
                let (path, query) = target.split_once('?').unwrap_or((target, ""));
                let req = Request {
                    method: parsed.method.unwrap_or("").to_string(),
                    path: path.to_string(),
                    query: query.to_string(),
                    headers: parsed
                        .headers
                        .iter()
                        .map(|h| {
                            (
                                h.name.to_ascii_lowercase(),
                                String::from_utf8_lossy(h.value).into_owned(),
                            )
                        })
                        .collect(),
                    body: Vec::new(),
                };
                return Ok((req, buf[end..].to_vec()));
            }
            Ok(httparse::Status::Partial) if buf.len() <= MAX_HEAD => {}
            Ok(httparse::Status::Partial) | Err(httparse::Error::TooManyHeaders) => {
                return Err(Reply::text(431, "request headers too large"));
            }
            Err(_) => return Err(Reply::text(400, "malformed request")),
        }
    }
}

/// Binds the loopback addresses on `port` (0: a free port): 127.0.0.1
/// always, and ::1 on the same port when the machine has IPv6.
pub fn bind_loopback(port: u16) -> std::io::Result<(Vec<TcpListener>, SocketAddr)> {
    let v4 = TcpListener::bind(("127.0.0.1", port))?;
    let addr = v4.local_addr()?;
    let mut listeners = vec![v4];
    if let Ok(v6) = TcpListener::bind(("::1", addr.port())) {
        listeners.push(v6);
    }
    Ok((listeners, addr))
}
