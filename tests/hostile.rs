//! Broken and hostile inputs through the binary (GitHub issue 7): every one
//! gives exactly one line naming the file and what is wrong, the batch goes
//! on, nothing panics, nothing is written and no input changes.
//!
//! Most files are made here at test time: zip bombs (a hand-made deflate
//! stream of 1 GB of spaces in ~1 MB, with honest, lying and zero sizes in
//! the zip headers), an archive of 20,000 entries, an `.ods` whose repeat
//! counts ask for 17 billion cells, a Word document, a truncated workbook,
//! CSV, HTML, PNG and random bytes under spreadsheet names. The few that need
//! a real encoder are in `tests/hostile/` (see its README).

mod support;

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use support::{Book, cover_letter_only};
use x1060::read::{ReadErrorKind, ReadOptions, read_bytes};
use x1060::write::output::{check_target, write_atomic, write_new};

const GB: u64 = 1 << 30;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_x1060")
}

fn hostile_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

/// Runs the binary; exit code, stdout, stderr, wall time.
fn run(args: &[&str], dir: &Path) -> (i32, String, String, Duration) {
    let t = Instant::now();
    let out = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        t.elapsed(),
    )
}

fn assert_no_panic(text: &str) {
    for bad in [
        "panicked",
        "RUST_BACKTRACE",
        "stack backtrace",
        "memory allocation",
    ] {
        assert!(!text.contains(bad), "{bad:?} in output:\n{text}");
    }
}

// ---------------------------------------------------------------------------
// Hand-made deflate and zip
// ---------------------------------------------------------------------------

/// Writes bits least significant first, as deflate packs them.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u32,
    n: u32,
}

impl Bits {
    /// A value of `n` bits, least significant bit first (header fields).
    fn value(&mut self, v: u32, n: u32) {
        for i in 0..n {
            self.push((v >> i) & 1);
        }
    }

    /// A Huffman code of `n` bits, most significant bit first.
    fn code(&mut self, c: u32, n: u32) {
        for i in (0..n).rev() {
            self.push((c >> i) & 1);
        }
    }

    fn push(&mut self, bit: u32) {
        self.acc |= bit << self.n;
        self.n += 1;
        if self.n == 8 {
            self.out.push(self.acc as u8);
            self.acc = 0;
            self.n = 0;
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// A raw deflate stream that inflates to `len` spaces, about 1,030 to 1:
/// one dynamic-Huffman block whose codes are 1 bit for "copy 258 bytes" and
/// 1 bit for "distance 1", so each 258 bytes costs two zero bits.
fn deflate_spaces(len: u64) -> Vec<u8> {
    const SPACE: u32 = 32;
    let mut w = Bits::default();
    w.value(1, 1); // final block
    w.value(2, 2); // dynamic Huffman
    w.value(29, 5); // 286 literal/length codes
    w.value(0, 5); // 1 distance code
    // All 19 code-length codes: the header is then an even number of bits,
    // so the 2-bit copies below can reach a byte boundary.
    w.value(15, 4);
    // Code-length code lengths, in deflate's order: 18 → 1 bit, 1 and 2 → 2 bits.
    for sym in [
        16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
    ] {
        w.value(
            match sym {
                18 => 1,
                1 | 2 => 2,
                _ => 0,
            },
            3,
        );
    }
    // Code-length codes: 18 → "0", 1 → "10", 2 → "11".
    let zeros = |w: &mut Bits, mut n: u32| {
        while n > 0 {
            let k = n.min(138);
            w.code(0, 1);
            w.value(k - 11, 7);
            n -= k;
        }
    };
    zeros(&mut w, SPACE); // literals 0..31 unused
    w.code(0b11, 2); // space: length 2
    zeros(&mut w, 255 - SPACE); // 33..255
    w.code(0b11, 2); // end of block: length 2
    zeros(&mut w, 28); // lengths 257..284
    w.code(0b10, 2); // 285 (copy 258): length 1
    w.code(0b10, 2); // distance code 0 (distance 1): length 1
    // Literal/length codes: 285 → "0", space → "10", end → "11"; distance → "0".
    w.code(0b10, 2);
    let mut left = len - 1;
    let mut copies = left / 258;
    left %= 258;
    while copies > 0 && w.n != 0 {
        w.code(0, 2);
        copies -= 1;
    }
    // Four copies of two zero bits fill a byte.
    w.out
        .extend(std::iter::repeat_n(0u8, (copies / 4) as usize));
    for _ in 0..copies % 4 {
        w.code(0, 2);
    }
    for _ in 0..left {
        w.code(0b10, 2);
    }
    w.code(0b11, 2);
    w.finish()
}

/// CRC-32 of `len` spaces.
fn crc_of_spaces(len: u64) -> u32 {
    let chunk = vec![b' '; 1 << 20];
    let mut one = crc32fast::Hasher::new();
    one.update(&chunk);
    let mut h = crc32fast::Hasher::new();
    for _ in 0..len >> 20 {
        h.combine(&one);
    }
    h.update(&chunk[..(len & ((1 << 20) - 1)) as usize]);
    h.finalize()
}

/// One entry of a hand-made zip: the sizes written in its headers are given
/// separately from its data, so they can lie.
struct RawEntry {
    name: String,
    method: u16,
    data: Vec<u8>,
    crc: u32,
    declared: u32,
}

impl RawEntry {
    fn stored(name: &str, data: &[u8]) -> RawEntry {
        RawEntry {
            name: name.into(),
            method: 0,
            data: data.to_vec(),
            crc: crc32fast::hash(data),
            declared: data.len() as u32,
        }
    }
}

/// A zip archive, by hand (the zip crate will not write lying headers).
fn raw_zip(entries: &[RawEntry]) -> Vec<u8> {
    let (mut out, mut cd) = (Vec::new(), Vec::new());
    for e in entries {
        let offset = out.len() as u32;
        let name = e.name.as_bytes();
        let put = |v: &mut Vec<u8>, central: bool| {
            v.extend_from_slice(if central {
                b"PK\x01\x02"
            } else {
                b"PK\x03\x04"
            });
            if central {
                v.extend_from_slice(&20u16.to_le_bytes());
            }
            for x in [20u16, 0, e.method, 0, 0x21] {
                v.extend_from_slice(&x.to_le_bytes());
            }
            for x in [e.crc, e.data.len() as u32, e.declared] {
                v.extend_from_slice(&x.to_le_bytes());
            }
            v.extend_from_slice(&(name.len() as u16).to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes());
            if central {
                v.extend_from_slice(&[0; 8]);
                v.extend_from_slice(&0u32.to_le_bytes()[..2]);
                v.extend_from_slice(&offset.to_le_bytes());
            }
            v.extend_from_slice(name);
        };
        put(&mut out, false);
        out.extend_from_slice(&e.data);
        put(&mut cd, true);
    }
    let (cd_offset, n) = (out.len() as u32, entries.len().min(0xFFFF) as u16);
    out.extend_from_slice(&cd);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&(cd.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// The entries of a small real workbook (one sheet, `A1` = "x").
fn small_xlsx_entries() -> Vec<(String, Vec<u8>)> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write_string(0, 0, "x").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

/// A workbook whose first sheet is 1 GB of spaces, deflated to ~1 MB, with
/// `declared` as the inflated size in its headers.
fn bomb_xlsx(declared: u32) -> Vec<u8> {
    let entries: Vec<RawEntry> = small_xlsx_entries()
        .into_iter()
        .map(|(name, data)| {
            if name == "xl/worksheets/sheet1.xml" {
                RawEntry {
                    name,
                    method: 8,
                    data: deflate_spaces(GB),
                    crc: crc_of_spaces(GB),
                    declared,
                }
            } else {
                RawEntry::stored(&name, &data)
            }
        })
        .collect();
    raw_zip(&entries)
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    raw_zip(
        &entries
            .iter()
            .map(|(n, d)| RawEntry::stored(n, d))
            .collect::<Vec<_>>(),
    )
}

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

/// An `.ods` with one sheet, `table` its content.
fn ods(table: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{table}</office:spreadsheet></office:body></office:document-content>"#
    );
    zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", content.as_bytes()),
        ("META-INF/manifest.xml", MANIFEST.as_bytes()),
    ])
}

/// Pseudo-random bytes (a fixed LCG: the same every run).
fn noise(len: usize) -> Vec<u8> {
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    (0..len)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 56) as u8
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The folder
// ---------------------------------------------------------------------------

/// Each broken file and a few words its one line must hold.
fn broken_files() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let mut good = Vec::new();
    {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("g.xlsx");
        Book::en().write(&p);
        good.extend(std::fs::read(&p).unwrap());
    }
    let truncated = good[..good.len() / 2].to_vec();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(noise(2000));
    let csv = b"ID,Service,Level,Assignment\nA-1,Planning,Basic,Insourcing\n".repeat(20);
    let html = b"<!DOCTYPE html>\n<html><body><table><tr><td>A-1</td></tr></table></body></html>\n";
    let docx = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", b"<w:document/>"),
    ]);
    let mut many = vec![RawEntry::stored("[Content_Types].xml", b"<Types/>")];
    many.extend((0..20_000).map(|i| RawEntry::stored(&format!("x/{i}"), b"")));
    let ods_bomb = ods(
        r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row></table:table>"#,
    );
    let fixed = |name: &str| std::fs::read(hostile_dir().join(name)).unwrap();
    vec![
        ("empty.xlsx", Vec::new(), "the file is empty (0 bytes)"),
        ("noise.xlsx", noise(4096), "not a spreadsheet"),
        ("picture.xlsx", png, "not a spreadsheet: a PNG image"),
        (
            "truncated.xlsx",
            truncated,
            "truncated or damaged (the end of its zip archive is missing)",
        ),
        (
            "csv-renamed.xls",
            csv,
            "not a spreadsheet: a CSV or tab-separated text file",
        ),
        (
            "html-renamed.xls",
            html.to_vec(),
            "not a spreadsheet: an HTML page",
        ),
        (
            "letter.xlsx",
            docx,
            "not a spreadsheet: a Word or PowerPoint document",
        ),
        ("bomb.xlsx", bomb_xlsx(GB as u32), "inflates to 1024 MB"),
        (
            "bomb-liar.xlsx",
            bomb_xlsx(1000),
            "inflates past the size its header declares",
        ),
        (
            "bomb-zero.xlsx",
            bomb_xlsx(0),
            "inflates past the size its header declares",
        ),
        (
            "entries.xlsx",
            raw_zip(&many),
            "the zip holds 20001 entries",
        ),
        (
            "repeats.ods",
            ods_bomb,
            "sheet 'S' of the .ods expands to 1048576 rows × 16384 columns",
        ),
        (
            "encrypted.xlsx",
            fixed("encrypted.xlsx"),
            "the workbook is encrypted",
        ),
        (
            "far-corner.xls",
            fixed("xls-far-corner.xls"),
            "spans A1:IV65536 (16777216 cells;",
        ),
        (
            "far-column.xls",
            fixed("xls-far-col.xls"),
            "spans A1:CRXP65536",
        ),
        (
            "dimensions.xls",
            fixed("xls-huge-dims.xls"),
            "more than an .xls sheet can hold",
        ),
        // A damaged .xls that panics inside calamine (found by fuzz/): the
        // panic is caught, the file reported, and the batch goes on.
        (
            "calamine-panic.xls",
            fixed("xls-calamine-panic.xls"),
            "internal error in x1060 (range end index",
        ),
        (
            "sector-loop.xls",
            fixed("xls-sector-loop.xls"),
            "a sector chain loops",
        ),
    ]
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        out.insert(p.clone(), std::fs::read(&p).unwrap());
    }
    out
}

#[test]
fn a_folder_of_broken_files_gives_one_line_each_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let broken = broken_files();
    for (name, bytes, _) in &broken {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    Book::en().write(&dir.path().join("good.xlsx"));
    cover_letter_only(&dir.path().join("cover-letter.xlsx"));
    let mut blank = rust_xlsxwriter::Workbook::new();
    blank.add_worksheet();
    blank.save(dir.path().join("blank.xlsx")).unwrap();
    let before = snapshot(dir.path());

    let (code, out, err, took) = run(&["check", "."], dir.path());
    assert_no_panic(&out);
    assert_no_panic(&err);
    assert_eq!(code, 2, "stdout:\n{out}\nstderr:\n{err}");
    assert!(err.is_empty(), "stderr: {err}");
    assert!(took < Duration::from_secs(20), "took {took:?}");

    for (name, _, reason) in &broken {
        let lines: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with(&format!("./{name}:")))
            .collect();
        assert_eq!(lines.len(), 1, "{name}: {lines:?}\n{out}");
        assert!(
            lines[0].contains(reason),
            "{name}: want {reason:?} in\n{}",
            lines[0]
        );
        assert!(lines[0].contains("; "), "{name}: no advice in {}", lines[0]);
    }
    // A workbook with no portfolio is read, and says what was looked for.
    for name in ["./cover-letter.xlsx:", "./blank.xlsx:"] {
        let lines: Vec<&str> = out.lines().filter(|l| l.starts_with(name)).collect();
        assert_eq!(lines.len(), 1, "{name}\n{out}");
        assert!(lines[0].contains("X001 error"), "{}", lines[0]);
        assert!(lines[0].contains("looked on"), "{}", lines[0]);
    }
    assert!(!out.contains("./good.xlsx"), "{out}");

    let n = broken.len();
    let summary = format!(
        "{} files: 1 ok, 0 with warnings, 2 with errors, {n} unreadable; 2 findings",
        n + 3
    );
    assert_eq!(out.lines().last(), Some(summary.as_str()), "{out}");
    assert_eq!(out.lines().count(), n + 3, "{out}");

    // check writes nothing and changes nothing.
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn the_json_and_csv_reports_carry_the_same_refusals() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, _) in broken_files().into_iter().take(4) {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let (code, out, err, _) = run(&["check", "--format", "json", "."], dir.path());
    assert_eq!(code, 2, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("one JSON document");
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 4);
    for f in files {
        assert_eq!(f["status"], "unreadable");
        assert!(f["error"].as_str().is_some_and(|e| !e.is_empty()), "{f}");
    }
    assert_eq!(doc["summary"]["unreadable"], 4);

    let (code, out, _, _) = run(&["check", "--format", "csv", "."], dir.path());
    assert_eq!(code, 2);
    assert_eq!(out.lines().count(), 5, "{out}");
}

#[test]
fn zip_bombs_are_refused_within_two_seconds() {
    let dir = tempfile::tempdir().unwrap();
    for (name, declared) in [
        ("honest.xlsx", GB as u32),
        ("liar.xlsx", 1000),
        ("zero.xlsx", 0),
    ] {
        let bytes = bomb_xlsx(declared);
        assert!(bytes.len() < 1_100_000, "{name}: {} bytes", bytes.len());
        std::fs::write(dir.path().join(name), &bytes).unwrap();
        let (code, out, err, took) = run(&["check", name], dir.path());
        assert_eq!(code, 2, "{name}: {out}{err}");
        assert!(took < Duration::from_secs(2), "{name}: took {took:?}");
        if let Some(kb) = peak_rss_kb(&["check", name], dir.path()) {
            assert!(kb < 300 * 1024, "{name}: peak RSS {kb} KB");
        }
    }
}

/// Peak RSS of a run of the binary, from `/usr/bin/time -v` when there is one.
fn peak_rss_kb(args: &[&str], dir: &Path) -> Option<u64> {
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(bin())
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    let err = String::from_utf8_lossy(&out.stderr);
    err.lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
}

#[test]
fn the_deflate_bomb_really_inflates_to_a_gigabyte() {
    // The generator is right: a small stream inflates to exactly its length
    // through the same zip reader the guard uses, with the right CRC.
    let len = 3 * 258 * 1000 + 17;
    let zip = raw_zip(&[RawEntry {
        name: "s".into(),
        method: 8,
        data: deflate_spaces(len),
        crc: crc_of_spaces(len),
        declared: len as u32,
    }]);
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
    let mut data = Vec::new();
    archive.by_index(0).unwrap().read_to_end(&mut data).unwrap();
    assert_eq!(data.len() as u64, len);
    assert!(data.iter().all(|&b| b == b' '));
    // And the real one is ~1,000 to 1.
    let big = deflate_spaces(GB);
    assert!(
        big.len() < 1_100_000 && big.len() > 1_000_000,
        "{}",
        big.len()
    );
}

#[test]
fn the_limits_hold_in_the_library_too() {
    let opts = ReadOptions::default();
    let err = |b: &[u8]| read_bytes(b, &opts).err();
    assert_eq!(err(&[]), Some(ReadErrorKind::Empty));
    assert!(matches!(
        err(&bomb_xlsx(GB as u32)),
        Some(ReadErrorKind::TooLarge(..))
    ));
    assert!(matches!(
        err(&bomb_xlsx(5)),
        Some(ReadErrorKind::Corrupt(_))
    ));
    // A 1 MB limit refuses a file of 2 MB before anything else.
    let small = ReadOptions {
        limits: x1060::read::Limits::with_max_size_mb(1),
        ..ReadOptions::default()
    };
    let refused = read_bytes(&noise(2 << 20), &small).unwrap_err();
    assert!(
        matches!(refused, ReadErrorKind::TooLarge(..)),
        "{refused:?}"
    );
    // The library names no option of the command line; the command line
    // names its own (`--max-size MB`), in both languages.
    assert!(
        refused.describe().contains("raise the size limit"),
        "{}",
        refused.describe()
    );
    assert!(!refused.describe().contains("--"), "{}", refused.describe());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.xlsx"), noise(2 << 20)).unwrap();
    let (code, out, _, _) = run(
        &["check", "--max-size", "1", "--lang", "en", "big.xlsx"],
        dir.path(),
    );
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("raise the limit with --max-size MB"), "{out}");
    let (_, out, _, _) = run(
        &["check", "--max-size", "1", "--lang", "ja", "big.xlsx"],
        dir.path(),
    );
    assert!(
        out.contains("--max-size MB で上限を上げてください"),
        "{out}"
    );
    // A sheet of cells repeated sideways in many row elements, no row repeat.
    let row = r#"<table:table-row><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row>"#;
    let wide = ods(&format!(
        r#"<table:table table:name="W">{}</table:table>"#,
        row.repeat(2000)
    ));
    assert!(matches!(err(&wide), Some(ReadErrorKind::TooLarge(m, _)) if m.contains("'W'")));
    // Empty repeated rows and columns (what LibreOffice writes) are fine.
    let blank = ods(
        r#"<table:table table:name="B"><table:table-row><table:table-cell office:value-type="string"><text:p>A-1</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>"#,
    );
    let wb = read_bytes(&blank, &opts).expect("reads");
    assert_eq!(wb.sheets[0].grid.height(), 1);
}

#[test]
fn a_sheet_past_the_row_limit_is_read_up_to_it() {
    // 150,000 rows and a cell in the far corner (XFD1048576): the reader
    // stops at the row limit and never builds the far corner. Stored, not
    // deflated, and not 1,000,000 rows, to keep a debug build fast:
    // ci/hostile.sh times the release binary on 1,000,000 deflated rows.
    let mut xml = String::with_capacity(6_000_000);
    xml.push_str(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for r in 1..=150_000u32 {
        use std::fmt::Write as _;
        let _ = write!(xml, r#"<row r="{r}"><c r="B{r}"><v>{r}</v></c></row>"#);
    }
    xml.push_str(
        r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>"#,
    );
    let entries: Vec<RawEntry> = small_xlsx_entries()
        .into_iter()
        .map(|(name, data)| {
            let data = if name == "xl/worksheets/sheet1.xml" {
                std::mem::take(&mut xml).into_bytes()
            } else {
                data
            };
            RawEntry::stored(&name, &data)
        })
        .collect();
    let bytes = raw_zip(&entries);
    let t = Instant::now();
    let wb = read_bytes(&bytes, &ReadOptions::default()).unwrap();
    let sheet = &wb.sheets[0];
    assert!(sheet.truncated);
    assert_eq!(sheet.grid.height(), 100_000);
    assert_eq!(sheet.grid.width(), 2);
    assert!(t.elapsed() < Duration::from_secs(30), "{:?}", t.elapsed());
}

// ---------------------------------------------------------------------------
// Panics
// ---------------------------------------------------------------------------

#[test]
fn a_panic_is_caught_and_reported_as_an_internal_error() {
    x1060::contain::quiet_panics();
    let caught = x1060::contain::catch(|| -> u32 { panic!("boom in a file") });
    let msg = caught.expect_err("the panic is caught");
    assert!(msg.contains("boom in a file"), "{msg}");
    assert!(msg.contains("hostile.rs"), "where: {msg}");
    // The next file goes on.
    assert_eq!(x1060::contain::catch(|| 7), Ok(7));
    let line = ReadErrorKind::Internal(msg).describe();
    assert!(
        line.starts_with("internal error in x1060 (boom in a file"),
        "{line}"
    );
    assert!(line.ends_with("please report it with the file"), "{line}");
    let _ = std::panic::take_hook();
}

// ---------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------

fn temp_leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".x1060-"))
        .collect()
}

#[test]
fn an_output_never_replaces_an_input_or_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("sub")).unwrap();
    let input = d.join("in.xlsx");
    Book::en().write(&input);
    let original = std::fs::read(&input).unwrap();

    for spelling in [
        "in.xlsx",
        "./in.xlsx",
        "sub/../in.xlsx",
        "./sub/.././in.xlsx",
    ] {
        let e = check_target(&d.join(spelling), &[input.as_path()], true).unwrap_err();
        assert!(
            e.to_string().contains("refusing to write over an input"),
            "{spelling}: {e}"
        );
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&input, d.join("link.xlsx")).unwrap();
        let e = check_target(&d.join("link.xlsx"), &[input.as_path()], true).unwrap_err();
        assert!(e.to_string().contains("input"), "{e}");
    }
    std::fs::write(d.join("old.json"), b"keep").unwrap();
    let e = check_target(&d.join("old.json"), &[input.as_path()], false).unwrap_err();
    // The library says what is wrong; the command line adds `--force`.
    assert!(matches!(e, x1060::write::WriteError::Exists { .. }), "{e}");
    assert!(e.to_string().contains("the output exists"), "{e}");
    assert!(check_target(&d.join("old.json"), &[input.as_path()], true).is_ok());
    assert!(write_new(&d.join("old.json"), &[input.as_path()], false, b"new").is_err());
    assert_eq!(std::fs::read(d.join("old.json")).unwrap(), b"keep");
    assert!(check_target(&d.join("sub"), &[], true).is_err());

    // Through the binary: each command that writes refuses the input, and a
    // file that exists, and leaves both as they were.
    for args in [
        vec!["export", "in.xlsx", "-o", "./sub/../in.xlsx", "--force"],
        vec!["annotate", "in.xlsx", "-o", "in.xlsx", "--force"],
        vec!["export", "in.xlsx", "-o", "old.json"],
        vec!["template", "-o", "old.json"],
    ] {
        let (code, out, err, _) = run(&args, d);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert_no_panic(&err);
    }
    assert_eq!(std::fs::read(&input).unwrap(), original);
    assert_eq!(std::fs::read(d.join("old.json")).unwrap(), b"keep");
    assert!(temp_leftovers(d).is_empty());
}

#[test]
fn a_failed_write_leaves_no_partial_or_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The parent folder does not exist.
    let e = write_atomic(&d.join("missing/out.xlsx"), b"data").unwrap_err();
    assert!(format!("{e:#}").contains("out.xlsx"), "{e:#}");
    assert!(!d.join("missing").exists());
    // The target is a folder that holds a file: the rename fails after the
    // temporary file is written, and the temporary file goes.
    std::fs::create_dir(d.join("taken")).unwrap();
    std::fs::write(d.join("taken/x"), b"x").unwrap();
    assert!(write_atomic(&d.join("taken"), b"data").is_err());
    assert!(d.join("taken/x").exists());
    assert!(temp_leftovers(d).is_empty(), "{:?}", temp_leftovers(d));
    // A good write leaves the file and nothing else.
    write_atomic(&d.join("ok.csv"), b"a,b\n").unwrap();
    assert_eq!(std::fs::read(d.join("ok.csv")).unwrap(), b"a,b\n");
    assert!(temp_leftovers(d).is_empty());
}

#[test]
fn csv_fields_that_could_run_as_formulas_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = Book::en().level("A-1", "=cmd|' /C calc'!A0");
    book.sheet = "=1+2".into();
    book.write(&dir.path().join("=HYPERLINK(1).xlsx"));
    let (code, out, err, _) = run(
        &["check", "--format", "csv", "=HYPERLINK(1).xlsx"],
        dir.path(),
    );
    assert_eq!(code, 1, "{out}{err}");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let mut saw_c002 = false;
    for rec in reader.records() {
        let rec = rec.unwrap();
        for field in rec.iter() {
            assert!(
                !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "unescaped field {field:?} in {rec:?}"
            );
        }
        assert_eq!(&rec[0], "'=HYPERLINK(1).xlsx");
        if &rec[5] == "C002" {
            saw_c002 = true;
            assert_eq!(&rec[2], "'=1+2");
            assert!(rec[7].contains("=cmd|' /C calc'!A0"), "{rec:?}");
        }
    }
    assert!(saw_c002, "{out}");
}
