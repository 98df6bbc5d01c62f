//! `x1060 serve`: the API answered by a real server on an ephemeral
//! loopback port, spoken to over a plain TCP socket — the same findings as
//! `check`, workbooks another reader (calamine) opens, the command line's
//! one-line messages as 422, refusals for foreign Host / Origin headers and
//! for requests over the size limits, and a server that keeps answering
//! after hostile files.

use std::io::{Cursor, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use calamine::{Reader, Xlsx};
use serde_json::Value as Json;
use x1060::analysis::check_file;
use x1060::catalogue::Lang;
use x1060::read::{self, Limits, ReadOptions};
use x1060::serve::{Options, start};
use x1060::write::annotate::added_sheet_names;

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// One server with the default limits for the whole file.
fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| start(0, Options::default()).expect("bind loopback").addr)
}

/// A reply: status, head (lower-cased) and body.
struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn json(&self) -> Json {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }
}

/// Sends one raw request (head lines without the Host line) and reads the reply.
fn raw(addr: SocketAddr, head: &str, host: Option<&str>, body: &[u8]) -> Answer {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let default_host = format!("127.0.0.1:{}", addr.port());
    let host = host.map_or(format!("Host: {default_host}\r\n"), |h| {
        if h.is_empty() {
            String::new()
        } else {
            format!("Host: {h}\r\n")
        }
    });
    let req = format!("{head}\r\n{host}Connection: close\r\n\r\n");
    s.write_all(req.as_bytes()).unwrap();
    // The server may refuse before reading the body: ignore a failed write.
    let _ = s.write_all(body);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let end = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a reply head");
    let head = String::from_utf8_lossy(&out[..end]).to_ascii_lowercase();
    let status = head[9..12].parse().unwrap();
    Answer {
        status,
        head,
        body: out[end + 4..].to_vec(),
    }
}

fn get(addr: SocketAddr, path: &str) -> Answer {
    raw(addr, &format!("GET {path} HTTP/1.1"), None, b"")
}

/// A multipart body with these files in `file` fields.
fn multipart(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut b = Vec::new();
    for (name, bytes) in files {
        b.extend_from_slice(
            format!("--BOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
        );
        b.extend_from_slice(bytes);
        b.extend_from_slice(b"\r\n");
    }
    b.extend_from_slice(b"--BOUNDARY--\r\n");
    b
}

fn post(addr: SocketAddr, path: &str, files: &[(&str, &[u8])]) -> Answer {
    let body = multipart(files);
    let head = format!(
        "POST {path} HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=BOUNDARY\r\nContent-Length: {}",
        body.len()
    );
    raw(addr, &head, None, &body)
}

fn sample(lang: &str) -> Vec<u8> {
    std::fs::read(repo(&format!("samples/sample-{lang}.xlsx"))).unwrap()
}

#[test]
fn check_gives_the_same_findings_as_the_command() {
    let addr = server();
    let a = post(
        addr,
        "/api/check?lang=ja",
        &[("sample-ja.xlsx", &sample("ja"))],
    );
    assert_eq!(a.status, 200, "{}", a.text());
    assert!(a.head.contains("content-type: application/json"));
    let doc = a.json();
    assert_eq!(doc["schema"], "x1060-check");
    let file = &doc["files"][0];
    assert_eq!(file["path"], "sample-ja.xlsx");
    assert_eq!(file["organisation"], "株式会社みなと精密工業");
    assert!(
        file["figures"]["priorities"]
            .as_array()
            .is_some_and(|p| !p.is_empty())
    );
    // What `check` finds in the same file on disk, finding for finding.
    let disk = check_file(
        &repo("samples/sample-ja.xlsx"),
        &ReadOptions::default(),
        None,
    );
    let want: Vec<(String, Option<String>, String)> = disk
        .findings()
        .iter()
        .map(|f| {
            (
                f.rule.to_string(),
                f.cell.clone(),
                f.message(Lang::Ja).to_string(),
            )
        })
        .collect();
    let got: Vec<(String, Option<String>, String)> = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["cell"].as_str().map(String::from),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(!want.is_empty());
    assert_eq!(got, want);
    assert_eq!(doc["summary"]["files"], 1);
}

#[test]
fn check_of_several_files_and_csv() {
    let addr = server();
    let files: [(&str, &[u8]); 3] = [
        ("a.xlsx", &sample("ja")),
        ("b.xlsx", &sample("en")),
        ("notes.txt", b"just some text\n"),
    ];
    let a = post(addr, "/api/check", &files);
    assert_eq!(a.status, 200, "{}", a.text());
    let doc = a.json();
    assert_eq!(doc["summary"]["files"], 3);
    assert_eq!(doc["summary"]["unreadable"], 1);
    assert_eq!(doc["files"][2]["status"], "unreadable");
    let csv = post(addr, "/api/check?format=csv", &files[..1]);
    assert_eq!(csv.status, 200);
    assert!(
        csv.text()
            .starts_with("file,status,sheet,cell,service,rule,severity,message,source")
    );
    assert!(csv.text().lines().skip(1).all(|l| l.starts_with("a.xlsx,")));
}

#[test]
fn annotate_gives_a_workbook_calamine_opens() {
    let addr = server();
    let a = post(addr, "/api/annotate", &[("sample-ja.xlsx", &sample("ja"))]);
    assert_eq!(a.status, 200, "{}", a.text());
    assert!(a.head.contains("filename=\"sample-ja.annotated.xlsx\""));
    let book: Xlsx<_> = Xlsx::new(Cursor::new(a.body)).expect("calamine opens it");
    let names = book.sheet_names();
    assert!(
        names.contains(&"サービスポートフォリオ".to_string()),
        "{names:?}"
    );
    for added in added_sheet_names(Lang::Ja, 0) {
        assert!(names.contains(&added), "{added} missing from {names:?}");
    }
}

#[test]
fn export_and_report() {
    let addr = server();
    let a = post(
        addr,
        "/api/export?format=json",
        &[("p.xlsx", &sample("en"))],
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let p = a.json();
    assert_eq!(p["schema"], "x1060-portfolio");
    assert_eq!(p["services"].as_array().map(Vec::len), Some(64));
    // OSCAL: the same document `export --format oscal` writes, from the upload's bytes.
    let o = post(
        addr,
        "/api/export?format=oscal&lang=en",
        &[("p.xlsx", &sample("en"))],
    );
    assert_eq!(o.status, 200, "{}", o.text());
    let doc = o.json();
    let results = &doc["assessment-results"];
    assert_eq!(results["metadata"]["oscal-version"], "1.1.2");
    let resource = &results["back-matter"]["resources"][0];
    assert_eq!(resource["rlinks"][0]["hashes"][0]["algorithm"], "SHA-256");
    let bad = post(addr, "/api/export?format=pdf", &[("p.xlsx", &sample("en"))]);
    assert_eq!(bad.status, 400);
    let r = post(
        addr,
        "/api/report?lang=en",
        &[("a.xlsx", &sample("ja")), ("b.xlsx", &sample("en"))],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(r.body)).expect("calamine opens it");
    let summary = book.worksheet_range("Summary").unwrap();
    let cells: Vec<String> = summary.cells().map(|(_, _, v)| v.to_string()).collect();
    assert!(cells.iter().any(|c| c == "a.xlsx") && cells.iter().any(|c| c == "b.xlsx"));
}

#[test]
fn export_gives_every_portfolio_of_an_upload() {
    // Two organisations on two sheets: one portfolio each, as `export` writes.
    let addr = server();
    let two = std::fs::read(repo("tests/fixtures/v2/two-organisations.xlsx")).unwrap();
    let j = post(addr, "/api/export?format=json", &[("two.xlsx", &two)]);
    assert_eq!(j.status, 200, "{}", j.text());
    let doc = j.json();
    assert_eq!(doc["schema_version"], 2);
    assert_eq!(doc["portfolios"].as_array().map(Vec::len), Some(2));
    let o = post(
        addr,
        "/api/export?format=oscal&lang=en",
        &[("two.xlsx", &two)],
    );
    assert_eq!(o.status, 200, "{}", o.text());
    let results = &o.json()["assessment-results"]["results"];
    assert_eq!(results.as_array().map(Vec::len), Some(2));
    let c = post(addr, "/api/export?format=csv", &[("two.xlsx", &two)]);
    assert_eq!(c.status, 200, "{}", c.text());
    assert!(c.text().starts_with("portfolio,"), "{}", c.text());
}

#[test]
fn template_in_both_languages() {
    let addr = server();
    let a = get(
        addr,
        "/api/template?lang=ja&org=%E6%A0%AA%E5%BC%8F%E4%BC%9A%E7%A4%BE%E3%83%86%E3%82%B9%E3%83%88",
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(a.body)).expect("calamine opens it");
    let sheet = book.worksheet_range("サービスポートフォリオ").unwrap();
    assert!(
        sheet
            .cells()
            .any(|(_, _, v)| v.to_string().contains("株式会社テスト"))
    );
    let en = get(addr, "/api/template?lang=en");
    assert_eq!(en.status, 200);
    let book: Xlsx<_> = Xlsx::new(Cursor::new(en.body)).unwrap();
    assert_eq!(book.sheet_names()[0], "Service portfolio");
}

#[test]
fn unreadable_files_get_the_command_line_message() {
    let addr = server();
    let bytes = b"name,level\nA-1,Basic\n";
    let want = format!(
        "notes.csv: {}",
        read::read_bytes(bytes, &ReadOptions::default())
            .unwrap_err()
            .describe()
    );
    for path in ["/api/check", "/api/annotate", "/api/export"] {
        let a = post(addr, path, &[("notes.csv", bytes)]);
        assert_eq!(a.status, 422, "{path}");
        assert_eq!(a.text().trim_end(), want, "{path}");
    }
    // The hostile files of tests/hostile each get one line naming the file,
    // and the server goes on answering.
    for entry in std::fs::read_dir(repo("tests/hostile")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".md") {
            continue;
        }
        let a = post(
            addr,
            "/api/check",
            &[(&name, &std::fs::read(&path).unwrap())],
        );
        assert_eq!(a.status, 422, "{name}: {}", a.text());
        let text = a.text();
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(text.starts_with(&format!("{name}: ")), "{text}");
        assert_eq!(get(addr, "/").status, 200);
    }
}

#[test]
fn foreign_hosts_and_origins_are_refused() {
    let addr = server();
    let port = addr.port();
    for host in [
        "evil.example",
        "evil.example:80",
        &format!("attacker.test:{port}"),
        "127.0.0.1:1",
    ] {
        let a = raw(addr, "GET / HTTP/1.1", Some(host), b"");
        assert_eq!(a.status, 403, "{host}");
        assert!(!a.text().contains("<html"));
    }
    assert_eq!(raw(addr, "GET / HTTP/1.1", Some(""), b"").status, 400);
    for host in [
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        format!("127.0.0.1:{port}"),
    ] {
        assert_eq!(
            raw(addr, "GET / HTTP/1.1", Some(&host), b"").status,
            200,
            "{host}"
        );
    }
    let body = multipart(&[("a.xlsx", &sample("en"))]);
    let head = format!(
        "POST /api/check HTTP/1.1\r\nOrigin: http://evil.example\r\nContent-Type: multipart/form-data; boundary=BOUNDARY\r\nContent-Length: {}",
        body.len()
    );
    assert_eq!(raw(addr, &head, None, &body).status, 403);
}

#[test]
fn the_page_is_strict() {
    let addr = server();
    let a = raw(
        addr,
        "GET / HTTP/1.1\r\nAccept-Language: ja,en;q=0.5",
        None,
        b"",
    );
    assert_eq!(a.status, 200);
    assert!(a.text().contains("lang=\"ja\""));
    assert!(
        a.head
            .contains("content-security-policy: default-src 'none'; script-src 'self'")
    );
    assert!(a.head.contains("frame-ancestors 'none'"));
    assert!(a.head.contains("x-content-type-options: nosniff"));
    // No inline script or style, nothing fetched from anywhere else.
    let html = a.text();
    assert!(!html.contains("<script>") && !html.contains("<style") && !html.contains("style="));
    for asset in ["/", "/app.js", "/app.css"] {
        let text = get(addr, asset).text();
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{asset}"
        );
    }
    assert!(get(addr, "/?lang=en").text().contains("lang=\"en\""));
    let names = get(addr, "/api/names").json();
    assert_eq!(names["ja"]["services"]["B-3"], "通知・警告");
    assert_eq!(names["en"]["levels"]["Basic"], "Basic");
    assert_eq!(
        names["limits"]["file_bytes"],
        Limits::default().max_file_bytes
    );
    assert_eq!(
        names["limits"]["request_bytes"],
        Limits::default().max_inflated_bytes
    );
    assert_eq!(get(addr, "/nothing").status, 404);
    assert_eq!(get(addr, "/api/check").status, 405);
}

#[test]
fn size_limits_refuse_and_the_server_goes_on() {
    // A server whose reader limits are small: 64 KB a file, 256 KB a request.
    let limits = Limits {
        max_file_bytes: 64 * 1024,
        max_inflated_bytes: 256 * 1024,
        ..Limits::default()
    };
    let addr = start(0, Options { limits }).unwrap().addr;
    // A body over the request limit is refused from its header, unread —
    // even one claiming a terabyte.
    for len in [300 * 1024u64, 1 << 40] {
        let head = format!(
            "POST /api/check HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=BOUNDARY\r\nContent-Length: {len}"
        );
        let a = raw(addr, &head, None, b"--BOUNDARY\r\n");
        assert_eq!(a.status, 413, "{}", a.text());
        assert!(
            a.text().starts_with("refused: the request is"),
            "{}",
            a.text()
        );
    }
    // A file over the per-file limit inside an acceptable request: the
    // reader's own refusal.
    let big = vec![b'P'; 100 * 1024];
    let a = post(addr, "/api/check", &[("big.xlsx", &big)]);
    assert_eq!(a.status, 422);
    let want = read::read_bytes(
        &big,
        &ReadOptions {
            limits,
            formulas: false,
            ..Default::default()
        },
    )
    .unwrap_err()
    .describe();
    assert_eq!(a.text().trim_end(), format!("big.xlsx: {want}"));
    // Chunked bodies are not taken.
    let a = raw(
        addr,
        "POST /api/check HTTP/1.1\r\nTransfer-Encoding: chunked",
        None,
        b"0\r\n\r\n",
    );
    assert_eq!(a.status, 411);
    // Still serving.
    let ok = post(addr, "/api/check", &[("s.xlsx", &sample("en"))]);
    assert_eq!(ok.status, 200, "{}", ok.text());
}

/// A handler that panics on `/boom`.
struct Boom;

impl x1060::serve::http::Handler for Boom {
    fn admit(&self, _: &x1060::serve::http::Request, _: u64) -> Option<x1060::serve::http::Reply> {
        None
    }
    fn handle(&self, req: x1060::serve::http::Request) -> x1060::serve::http::Reply {
        assert!(req.path != "/boom", "a bug while handling a request");
        x1060::serve::http::Reply::text(200, "fine")
    }
}

#[test]
fn a_panic_in_one_request_does_not_stop_the_server() {
    let (listeners, addr) = x1060::serve::http::bind_loopback(0).unwrap();
    std::thread::spawn(move || x1060::serve::http::serve(listeners, Boom));
    for _ in 0..3 {
        let a = get(addr, "/boom");
        assert_eq!(a.status, 500);
        assert!(
            a.text().starts_with("internal error in x1060"),
            "{}",
            a.text()
        );
        assert_eq!(get(addr, "/other").text().trim(), "fine");
    }
}

#[test]
fn ipv6_loopback_answers_too_when_the_machine_has_it() {
    let addr = server();
    let v6 = SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, addr.port()));
    if TcpStream::connect(v6).is_err() {
        return; // no IPv6 on this machine: 127.0.0.1 alone is served
    }
    let host = format!("[::1]:{}", addr.port());
    let a = raw(v6, "GET / HTTP/1.1", Some(&host), b"");
    assert_eq!(a.status, 200);
    assert_eq!(
        raw(v6, "GET / HTTP/1.1", Some("evil.example"), b"").status,
        403
    );
}
