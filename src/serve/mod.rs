//! `x1060 serve`: the same tool as one page on the user's own machine.
//!
//! - [`http`]: a small HTTP/1.1 server bound to loopback only;
//! - `multipart.rs`: the uploaded files of a form;
//! - `work.rs`: what each API call does, through the library's own calls;
//! - this module: the routes and the checks every request passes (Host
//!   header, Origin, size limits).
//!
//! The API (also documented in the README):
//!
//! | Request | Answer |
//! |---|---|
//! | `POST /api/check` (multipart, `file` fields; `?format=csv`, `?lang=`) | the `check --format json` document (or CSV) |
//! | `POST /api/annotate` (one `file`; `?lang=`) | the annotated workbook |
//! | `POST /api/export?format=json\|csv\|oscal` (one `file`) | the portfolio, as `export` writes it (OSCAL assessment results with `oscal`) |
//! | `POST /api/report` (`file` fields; `?lang=`) | the summary workbook, as `report` writes it |
//! | `GET /api/template?lang=ja\|en&org=…` | a blank template |
//!
//! A file that cannot be read: 422 with the one-line message of the command
//! line. Nothing is kept: see `work.rs`.
//!
//! ```no_run
//! let running = x1060::serve::start(0, x1060::serve::Options::default())?;
//! println!("serving on http://{}/", running.addr);
//! # Ok::<(), std::io::Error>(())
//! ```

pub mod http;
pub mod multipart;
mod work;

use std::net::SocketAddr;

use serde_json::json;

use crate::catalogue::{Assignment, Lang, Level, Phase, catalogue};
use crate::read::{Limits, ReadOptions};
use crate::write::findings::Format;
use http::{Handler, Reply, Request};

/// Most files in one request.
pub const MAX_FILES: usize = 1000;

/// The page, its script and its style, embedded.
const INDEX: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const APP_CSS: &str = include_str!("assets/app.css");

/// Server settings.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// The reader's limits: each uploaded file may be at most
    /// `max_file_bytes`, a whole request at most `max_inflated_bytes` (what
    /// the reader would inflate for one workbook).
    pub limits: Limits,
}

impl Options {
    /// Largest request body accepted.
    pub fn max_request_bytes(&self) -> u64 {
        self.limits
            .max_inflated_bytes
            .max(self.limits.max_file_bytes)
    }
}

/// A server running on a background thread (for tests and embedding).
#[derive(Debug)]
pub struct Running {
    /// The 127.0.0.1 address it listens on.
    pub addr: SocketAddr,
}

/// Binds loopback on `port` (0: a free port) and serves on background
/// threads until the process ends.
pub fn start(port: u16, options: Options) -> std::io::Result<Running> {
    let (listeners, addr) = http::bind_loopback(port)?;
    let app = App {
        options,
        port: addr.port(),
    };
    std::thread::spawn(move || http::serve(listeners, app));
    Ok(Running { addr })
}

/// The application: routes and request checks.
pub struct App {
    /// Settings.
    pub options: Options,
    /// The port the server listens on (for the Host and Origin checks).
    pub port: u16,
}

/// True when a `Host` header names this server by a loopback name or
/// address with its port — so a page from another site whose name was made
/// to resolve to 127.0.0.1 (DNS rebinding) is refused.
///
/// ```
/// use x1060::serve::host_allowed;
/// assert!(host_allowed("localhost:8060", 8060));
/// assert!(host_allowed("127.0.0.1:8060", 8060));
/// assert!(host_allowed("[::1]:8060", 8060));
/// assert!(!host_allowed("evil.example:8060", 8060));
/// assert!(!host_allowed("localhost:9999", 8060));
/// ```
pub fn host_allowed(host: &str, port: u16) -> bool {
    let host = host.trim().to_ascii_lowercase();
    ["localhost", "127.0.0.1", "[::1]"]
        .iter()
        .any(|name| host == format!("{name}:{port}"))
}

/// The page language a browser asks for in `Accept-Language`: the first of
/// Japanese or English by preference, English when neither.
///
/// ```
/// use x1060::{catalogue::Lang, serve::lang_from_accept};
/// assert_eq!(lang_from_accept("ja,en-US;q=0.9"), Lang::Ja);
/// assert_eq!(lang_from_accept("fr, en;q=0.5, ja;q=0.8"), Lang::Ja);
/// assert_eq!(lang_from_accept("de"), Lang::En);
/// ```
pub fn lang_from_accept(header: &str) -> Lang {
    let mut tags: Vec<(f32, usize, Lang)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut it = part.split(';');
            let tag = it.next()?.trim().to_ascii_lowercase();
            let q = it
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse().ok()))
                .unwrap_or(1.0);
            let lang = if tag == "ja" || tag.starts_with("ja-") {
                Lang::Ja
            } else if tag == "en" || tag.starts_with("en-") {
                Lang::En
            } else {
                return None;
            };
            Some((q, i, lang))
        })
        .collect();
    tags.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    tags.first().map_or(Lang::En, |t| t.2)
}

impl App {
    fn lang(&self, req: &Request) -> Lang {
        match req.param("lang").as_deref() {
            Some("ja") => Lang::Ja,
            Some("en") => Lang::En,
            _ => lang_from_accept(req.header("accept-language").unwrap_or("")),
        }
    }

    fn read_options(&self) -> ReadOptions {
        ReadOptions {
            limits: self.options.limits,
            formulas: false,
            ..Default::default()
        }
    }

    /// The uploaded `file` fields, within the limits.
    fn files(&self, req: &Request) -> Result<Vec<multipart::Upload>, Reply> {
        let ct = req.header("content-type").unwrap_or("");
        let files =
            multipart::files(ct, &req.body, "file").map_err(|e| Reply::text(400, e.to_string()))?;
        if files.is_empty() {
            return Err(Reply::text(400, "no file: send one or more `file` fields"));
        }
        if files.len() > MAX_FILES {
            return Err(Reply::text(
                413,
                format!(
                    "refused: {} files in one request (limit {MAX_FILES})",
                    files.len()
                ),
            ));
        }
        Ok(files)
    }

    fn one_file(&self, req: &Request) -> Result<multipart::Upload, Reply> {
        let mut files = self.files(req)?;
        if files.len() != 1 {
            return Err(Reply::text(400, "send exactly one `file` field"));
        }
        Ok(files.remove(0))
    }

    fn route(&self, req: &Request) -> Result<Reply, Reply> {
        let refuse = |(status, line): work::Refusal| Reply::text(status, line);
        let method = req.method.as_str();
        let post = method == "POST";
        match (req.path.as_str(), post) {
            ("/", false) => {
                let lang = self.lang(req);
                let html = INDEX.replace("{{LANG}}", lang.pick("ja", "en"));
                Ok(Reply::new(
                    200,
                    "text/html; charset=utf-8",
                    html.into_bytes(),
                ))
            }
            ("/app.js", false) => Ok(Reply::new(
                200,
                "text/javascript; charset=utf-8",
                APP_JS.as_bytes().to_vec(),
            )),
            ("/app.css", false) => Ok(Reply::new(
                200,
                "text/css; charset=utf-8",
                APP_CSS.as_bytes().to_vec(),
            )),
            ("/api/names", false) => Ok(Reply::new(
                200,
                "application/json",
                names_json(&self.options).into_bytes(),
            )),
            ("/api/template", false) => {
                let lang = self.lang(req);
                let org = req.param("org").filter(|o| !o.trim().is_empty());
                if org.as_ref().is_some_and(|o| o.chars().count() > 200) {
                    return Err(Reply::text(
                        400,
                        "the organisation name is longer than 200 characters",
                    ));
                }
                let bytes = work::template(lang, org.as_deref()).map_err(refuse)?;
                let name = crate::write::template::default_output(lang);
                Ok(Reply::new(200, XLSX, bytes).attachment(&name.display().to_string()))
            }
            ("/api/check", true) => {
                let files = self.files(req)?;
                let csv = req.param("format").as_deref() == Some("csv");
                let format = if csv { Format::Csv } else { Format::Json };
                let doc = work::check(&files, &self.read_options(), format, self.lang(req))
                    .map_err(refuse)?;
                let ct = if csv {
                    "text/csv; charset=utf-8"
                } else {
                    "application/json"
                };
                Ok(Reply::new(200, ct, doc))
            }
            ("/api/annotate", true) => {
                let file = self.one_file(req)?;
                let lang = match req.param("lang").as_deref() {
                    Some("ja") => Some(Lang::Ja),
                    Some("en") => Some(Lang::En),
                    _ => None,
                };
                let (name, bytes) =
                    work::annotate(&file, &self.options.limits, lang).map_err(refuse)?;
                Ok(Reply::new(200, XLSX, bytes).attachment(&name))
            }
            ("/api/export", true) => {
                let file = self.one_file(req)?;
                let format = match req.param("format").as_deref() {
                    Some("csv") => work::ExportFormat::Csv,
                    Some("json") | None => work::ExportFormat::Json,
                    Some("oscal") => work::ExportFormat::Oscal,
                    Some(other) => {
                        return Err(Reply::text(
                            400,
                            format!("unknown format '{other}': use json, csv or oscal"),
                        ));
                    }
                };
                let lang = self.lang(req);
                let (name, bytes) =
                    work::export(&file, &self.read_options(), format, lang).map_err(refuse)?;
                let ct = if format == work::ExportFormat::Csv {
                    "text/csv; charset=utf-8"
                } else {
                    "application/json"
                };
                Ok(Reply::new(200, ct, bytes).attachment(&name))
            }
            ("/api/report", true) => {
                let files = self.files(req)?;
                let bytes =
                    work::report(&files, &self.read_options(), self.lang(req)).map_err(refuse)?;
                Ok(Reply::new(200, XLSX, bytes).attachment("summary.xlsx"))
            }
            (
                "/" | "/app.js" | "/app.css" | "/api/names" | "/api/template" | "/api/check"
                | "/api/annotate" | "/api/export" | "/api/report",
                _,
            ) => Err(Reply::text(405, format!("{method} is not allowed here"))),
            _ => Err(Reply::text(404, "not found")),
        }
    }
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

impl Handler for App {
    fn admit(&self, req: &Request, body_len: u64) -> Option<Reply> {
        let Some(host) = req.header("host") else {
            return Some(Reply::text(400, "no Host header"));
        };
        if !host_allowed(host, self.port) {
            return Some(Reply::text(
                403,
                format!(
                    "refused: this server answers only to http://127.0.0.1:{0}/ or http://localhost:{0}/",
                    self.port
                ),
            ));
        }
        // A page from another site may not drive the API (no CORS here, and
        // no simple cross-site form posts either).
        if let Some(origin) = req.header("origin")
            && !origin
                .strip_prefix("http://")
                .is_some_and(|h| host_allowed(h, self.port))
        {
            return Some(Reply::text(403, "refused: request from another site"));
        }
        if req.header("sec-fetch-site") == Some("cross-site") {
            return Some(Reply::text(403, "refused: request from another site"));
        }
        let max = self.options.max_request_bytes();
        if body_len > max {
            return Some(Reply::text(
                413,
                format!(
                    "refused: the request is {} MB (limit {} MB); send fewer or smaller files, or start the server with a larger --max-size",
                    body_len.div_ceil(1024 * 1024),
                    max / (1024 * 1024)
                ),
            ));
        }
        None
    }

    fn handle(&self, req: Request) -> Reply {
        self.route(&req).unwrap_or_else(|r| r)
    }
}

/// Names the page shows, in both languages: categories, services, levels,
/// assignments and phases (from the embedded catalogue and vocabulary); and
/// the size limits, so the page refuses a file too large to send before
/// sending it.
fn names_json(options: &Options) -> String {
    let c = catalogue();
    let lang = |l: Lang| {
        json!({
            "categories": c.categories.iter().map(|k| (k.id.clone(), json!(k.name(l)))).collect::<serde_json::Map<_, _>>(),
            "services": c.services.iter().map(|s| (s.id.clone(), json!(s.name(l)))).collect::<serde_json::Map<_, _>>(),
            "levels": Level::ALL.iter().map(|v| (v.as_str().to_string(), json!(v.word(l)))).collect::<serde_json::Map<_, _>>(),
            "assignments": Assignment::ALL.iter().map(|v| (v.as_str().to_string(), json!(v.word(l)))).collect::<serde_json::Map<_, _>>(),
            "phases": Phase::ALL.iter().map(|p| (p.key().to_string(), json!(p.name(l)))).collect::<serde_json::Map<_, _>>(),
        })
    };
    json!({
        "ja": lang(Lang::Ja),
        "en": lang(Lang::En),
        "limits": {
            "file_bytes": options.limits.max_file_bytes,
            "request_bytes": options.max_request_bytes(),
        },
    })
    .to_string()
}
