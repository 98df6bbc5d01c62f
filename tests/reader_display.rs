//! Values quoted as the cell displays them, and the assessment date from the
//! document properties (issue 13; RULES.md → Fine points, What is computed).
//!
//! Workbooks are built here: `.xlsx` through tests/support (rust_xlsxwriter
//! number formats and custom properties), `.ods` by hand (content.xml
//! storing the displayed text, meta.xml a user-defined property).

mod support;

use std::io::Write;
use std::path::Path;

use support::{Book, Cell, Col, formatted};
use x1060::read::display::second_reads;
use x1060::read::{ReadOptions, find_portfolio, read_workbook};

fn message_of(book: &Book, rule: &str, key: &str) -> (String, String) {
    let checked = book.check();
    let found = checked.on(rule, key);
    assert_eq!(found.len(), 1, "{rule} on {key}: {}", checked.summary());
    (found[0].message_en.clone(), found[0].message_ja.clone())
}

#[test]
fn a_percent_score_is_quoted_as_60_percent() {
    let book = Book::ja().as_is("A-3", formatted(0.6, "0%"));
    let (en, ja) = message_of(&book, "S001", "A-3");
    assert!(en.contains("\"60%\""), "{en}");
    assert!(ja.contains("「60%」"), "{ja}");
    assert!(!en.contains("0.6"), "{en}");
}

#[test]
fn fixed_decimals_thousands_and_percent_decimals() {
    // 7 under 0.0 is out of range and shows 7.0.
    let (en, _) = message_of(
        &Book::en().to_be("B-2", formatted(7.0, "0.0")),
        "S002",
        "B-2",
    );
    assert!(en.contains("\"7.0\""), "{en}");
    // 0.125 under 0.0% shows 12.5%.
    let (en, _) = message_of(
        &Book::en().as_is("B-2", formatted(0.125, "0.0%")),
        "S001",
        "B-2",
    );
    assert!(en.contains("\"12.5%\""), "{en}");
    // A number in an assignment cell: 1234.5 under #,##0 shows 1,235.
    let (en, ja) = message_of(
        &Book::ja().assignment("C-1", formatted(1234.5, "#,##0")),
        "P002",
        "C-1",
    );
    assert!(en.contains("1,235"), "{en}");
    assert!(ja.contains("「1,235」"), "{ja}");
    // A number in a level cell: 0.25 under 0% shows 25%.
    let (en, _) = message_of(
        &Book::en().level("D-1", formatted(0.25, "0%")),
        "C002",
        "D-1",
    );
    assert!(en.contains("\"25%\""), "{en}");
}

#[test]
fn dates_in_score_cells_are_quoted_as_they_show() {
    // 45000 is 15 March 2023 (44927 = 2023-01-01, + 31 + 28 + 14).
    let (en, _) = message_of(
        &Book::ja().as_is("A-1", formatted(45000.0, "yyyy/m/d")),
        "S001",
        "A-1",
    );
    assert!(en.contains("\"2023/3/15\""), "{en}");
    let book = Book::ja().to_be("A-1", formatted(45000.0, "yyyy\"年\"m\"月\"d\"日\""));
    let (_, ja) = message_of(&book, "S002", "A-1");
    assert!(ja.contains("「2023年3月15日」"), "{ja}");
    // 2023 is Reiwa 5.
    let book = Book::ja().to_be("A-1", formatted(45000.0, "[$-411]ggge\"年\"m\"月\"d\"日\""));
    let (_, ja) = message_of(&book, "S002", "A-1");
    assert!(ja.contains("「令和5年3月15日」"), "{ja}");
}

#[test]
fn an_unknown_format_quotes_the_value_as_before() {
    let (en, _) = message_of(
        &Book::en().as_is("A-2", formatted(0.5, "# ?/?")),
        "S001",
        "A-2",
    );
    assert!(en.contains("\"0.5\""), "{en}");
    // A plain number needs no second look at all.
    let before = second_reads();
    let (en, _) = message_of(&Book::en().as_is("A-2", 2.5), "S001", "A-2");
    assert!(en.contains("\"2.5\""), "{en}");
    assert_eq!(
        second_reads(),
        before + 1,
        "the sheet's formats are looked at once"
    );
}

#[test]
fn a_clean_workbook_with_formatted_cells_pays_no_second_read() {
    // Percent cells above the table, and valid scores under 0.0 (3 shows
    // 3.0, still the score 3): no finding quotes a number.
    let book = Book::ja()
        .above(vec![
            "達成率".into(),
            formatted(0.6, "0%"),
            formatted(1234.5, "#,##0"),
        ])
        .scores("A-1", formatted(3.0, "0.0"), formatted(4.0, "0.0"));
    let before = second_reads();
    let checked = book.check();
    assert!(checked.findings().is_empty(), "{}", checked.summary());
    assert_eq!(
        second_reads(),
        before,
        "a clean workbook read the formats again"
    );
    // The same workbook with one bad score pays exactly one second read.
    let bad = book.as_is("A-2", formatted(0.6, "0%"));
    let before = second_reads();
    let checked = bad.check();
    assert_eq!(checked.of("S001").len(), 1, "{}", checked.summary());
    assert_eq!(second_reads(), before + 1);
}

#[test]
fn check_text_json_and_csv_quote_the_displayed_value() {
    let saved = Book::en().as_is("A-3", formatted(0.6, "0%")).save();
    for format in ["text", "json", "csv"] {
        let (code, stdout, stderr) = saved.run(&["check", "--format", format]);
        assert_eq!(code, 1, "{format}: {stderr}");
        assert!(stdout.contains("60%"), "{format}: {stdout}");
        assert!(!stdout.contains("\"0.6\""), "{format}: {stdout}");
    }
}

#[test]
fn annotate_notes_and_findings_sheet_quote_the_displayed_value() {
    let saved = Book::ja().as_is("A-3", formatted(0.6, "0%")).save();
    let out = saved.dir.path().join("annotated.xlsx");
    let (code, _, stderr) = saved.run(&["annotate", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let wb = read_workbook(&out, &ReadOptions::default()).unwrap();
    let quoted = wb.sheets.iter().any(|s| {
        (0..s.grid.height()).any(|r| {
            s.grid
                .row(r)
                .iter()
                .any(|v| v.as_text().is_some_and(|t| t.contains("「60%」")))
        })
    });
    assert!(quoted, "no cell of the annotated workbook quotes 「60%」");
    // The value written back is the user's own: still 0.6 in the cell.
    let p = find_portfolio(&wb, None).unwrap();
    let a3 = p
        .services
        .iter()
        .find(|s| s.id.as_deref() == Some("A-3"))
        .unwrap();
    assert_eq!(a3.as_is, x1060::model::Value::Number(0.6));
    // The annotated file's notes (comments) quote it too.
    let comments = zip_text(&out, "comments");
    assert!(comments.contains("60%"), "{comments}");
}

/// The text of every part of a package whose name contains `part`.
fn zip_text(path: &Path, part: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut out = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().is_ok_and(|n| n.contains(part)) {
            std::io::Read::read_to_string(&mut f, &mut out).unwrap();
        }
    }
    out
}

#[test]
fn the_export_keeps_the_value_not_the_text() {
    let saved = Book::en().as_is("A-3", formatted(0.6, "0%")).save();
    let (_, stdout, stderr) = saved.run(&["export", "--format", "json"]);
    assert!(stdout.contains("0.6"), "{stdout}{stderr}");
    assert!(!stdout.contains("60%"), "{stdout}");
}

// The assessment date ------------------------------------------------------

fn assessment_date(book: &Book) -> Option<String> {
    let saved = book.save();
    portfolio(&saved.path).assessment_date
}

/// The portfolio of a saved workbook, read through the library.
fn portfolio(path: &Path) -> x1060::model::Portfolio {
    let wb = read_workbook(path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    find_portfolio(&wb, None).unwrap_or_else(|e| panic!("{}", e.en))
}

/// The findings of a saved workbook, through the library.
fn findings(path: &Path) -> Vec<x1060::rules::Finding> {
    let p = portfolio(path);
    x1060::rules::check(&p, &p.parse())
}

#[test]
fn a_custom_property_states_the_assessment_date() {
    let book = Book::ja().property("評価日", "2025/4/1");
    assert_eq!(assessment_date(&book).as_deref(), Some("2025-04-01"));
    let book = Book::en().property("Assessment date", "2025-04-01");
    assert_eq!(assessment_date(&book).as_deref(), Some("2025-04-01"));
}

#[test]
fn a_date_cell_above_the_table_wins_over_the_property() {
    let book = Book::ja()
        .property("評価日", "2025/4/1")
        .above(vec!["評価日".into(), "2025/3/1".into()]);
    assert_eq!(assessment_date(&book).as_deref(), Some("2025-03-01"));
}

#[test]
fn other_properties_and_the_core_dates_do_not_count() {
    // rust_xlsxwriter writes dcterms:created (now): set by the program, not
    // stated by the person, so no assessment date.
    assert_eq!(assessment_date(&Book::ja()), None);
    let book = Book::ja().property("担当者", "2025/4/1");
    assert_eq!(assessment_date(&book), None);
    let book = Book::ja().property("評価日", "未定");
    assert_eq!(assessment_date(&book), None);
}

// .ods ----------------------------------------------------------------------

/// Writes `book` as an `.ods`: every cell a string or a float, except
/// `special` cells given as their raw `<table:table-cell>` XML; `meta` is
/// the `<office:meta>` body.
fn write_ods(book: &Book, path: &Path, special: &[(&str, Col, &str)], meta: &str) {
    let esc = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;");
    let text_cell = |t: &str| {
        format!(
            "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
            esc(t)
        )
    };
    let mut rows = vec![
        format!(
            "<table:table-row>{}</table:table-row>",
            text_cell("CDC サービスポートフォリオ")
        ),
        "<table:table-row><table:table-cell/></table:table-row>".to_string(),
        format!(
            "<table:table-row>{}</table:table-row>",
            book.columns
                .iter()
                .map(|c| text_cell(c.header(book.lang)))
                .collect::<String>()
        ),
    ];
    for row in &book.rows {
        let cells: String = book
            .columns
            .iter()
            .map(|col| {
                if let Some((_, _, xml)) = special.iter().find(|(k, c, _)| *k == row.key && c == col) {
                    return xml.to_string();
                }
                match row.cells.get(col) {
                    Some(Cell::Text(t)) => text_cell(t),
                    Some(Cell::Number(n)) => format!(
                        "<table:table-cell office:value-type=\"float\" office:value=\"{n}\"><text:p>{n}</text:p></table:table-cell>"
                    ),
                    _ => "<table:table-cell/>".to_string(),
                }
            })
            .collect();
        rows.push(format!("<table:table-row>{cells}</table:table-row>"));
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="{}">{}</table:table></office:spreadsheet></office:body></office:document-content>"#,
        book.sheet,
        rows.concat()
    );
    let meta = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.2"><office:meta><meta:creation-date>2020-01-02T03:04:05</meta:creation-date>{meta}</office:meta></office:document-meta>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", content.as_str()),
        ("meta.xml", meta.as_str()),
        ("META-INF/manifest.xml", manifest),
    ] {
        zip.start_file(name, stored).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

const PERCENT_60: &str = r#"<table:table-cell office:value-type="percentage" office:value="0.6"><text:p>60%</text:p></table:table-cell>"#;

#[test]
fn an_ods_percentage_is_quoted_as_its_stored_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portfolio.ods");
    write_ods(&Book::ja(), &path, &[("A-3", Col::AsIs, PERCENT_60)], "");
    let all = findings(&path);
    let found: Vec<_> = all.iter().filter(|f| f.rule == "S001").collect();
    assert_eq!(found.len(), 1, "{all:?}");
    assert!(
        found[0].message_ja.contains("「60%」"),
        "{}",
        found[0].message_ja
    );
}

#[test]
fn an_ods_user_defined_property_states_the_assessment_date() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portfolio.ods");
    let meta = r#"<meta:user-defined meta:name="評価日" meta:value-type="date">2025-04-01</meta:user-defined>"#;
    write_ods(&Book::ja(), &path, &[], meta);
    assert_eq!(
        portfolio(&path).assessment_date.as_deref(),
        Some("2025-04-01")
    );
    // meta:creation-date is the program's, not the person's.
    write_ods(&Book::ja(), &path, &[], "");
    assert_eq!(portfolio(&path).assessment_date, None);
}

#[test]
fn a_clean_ods_pays_no_second_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portfolio.ods");
    write_ods(&Book::ja(), &path, &[], "");
    let before = second_reads();
    let all = findings(&path);
    assert!(all.is_empty(), "{all:?}");
    assert_eq!(second_reads(), before);
}
