//! The reader on the layout-variant fixtures (tests/fixtures/layouts, made by
//! tests/fixtures/make_fixtures.py, LibreOffice-written files included): every
//! variant holds the same portfolio, so every one must read to the same
//! normalised services (tests/fixtures/canonical.json), with no flag.

use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use x1060::model::{Field, Parse, Value};
use x1060::pipeline::Evaluated;
use x1060::read::{ReadOptions, find_portfolio, read_workbook};
use x1060::text::Score;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn load_json(name: &str) -> Json {
    let text = std::fs::read_to_string(fixtures().join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn evaluate(file: &str) -> Evaluated {
    let path = fixtures().join("layouts").join(file);
    let wb = read_workbook(&path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let p = find_portfolio(&wb, None).unwrap_or_else(|e| panic!("{file}: {}", e.en));
    Evaluated::of(p)
}

fn score_json(s: Score) -> Json {
    match s {
        Score::Value(v) => Json::from(v),
        _ => Json::Null,
    }
}

#[test]
fn there_are_at_least_fifteen_layout_variants_including_libreoffice_files() {
    let manifest = load_json("manifest.json");
    let files: Vec<&String> = manifest.as_object().unwrap().keys().collect();
    assert!(files.len() >= 15, "{} variants", files.len());
    for ext in [".xls", ".ods", ".xlsm"] {
        assert!(files.iter().any(|f| f.ends_with(ext)), "no {ext} fixture");
    }
}

#[test]
fn every_variant_reads_to_the_canonical_portfolio() {
    let canonical = load_json("canonical.json");
    let canonical = canonical.as_array().unwrap();
    let manifest = load_json("manifest.json");
    for file in manifest.as_object().unwrap().keys() {
        let e = evaluate(file);
        assert_eq!(e.parsed.len(), canonical.len(), "{file}: service count");
        for (p, want) in e.parsed.iter().zip(canonical) {
            let id = want["id"].as_str().unwrap();
            assert_eq!(p.id.as_deref(), Some(id), "{file}");
            let level = p.level.value().map(|l| l.as_str());
            assert_eq!(level, want["level"].as_str(), "{file} {id} level");
            let assignment = p.assignment.value().map(|a| a.as_str());
            assert_eq!(
                assignment,
                want["assignment"].as_str(),
                "{file} {id} assignment"
            );
            let parties: Vec<&str> = p
                .parties
                .team
                .iter()
                .chain(&p.parties.contractor)
                .chain(&p.parties.other)
                .map(String::as_str)
                .collect();
            let want_parties: Vec<&str> = want["parties"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            assert_eq!(parties, want_parties, "{file} {id} parties");
            assert_eq!(score_json(p.as_is), want["as_is"], "{file} {id} As-Is");
            assert_eq!(score_json(p.to_be), want["to_be"], "{file} {id} To-Be");
        }
    }
}

#[test]
fn every_variant_gives_exactly_the_manifest_findings() {
    let manifest = load_json("manifest.json");
    for (file, want) in manifest.as_object().unwrap() {
        let e = evaluate(file);
        let mut got: Vec<Json> = e
            .findings
            .iter()
            .map(|f| Json::from(vec![Json::from(f.rule), Json::from(f.service.clone())]))
            .collect();
        got.sort_by_key(|v| v.to_string());
        assert_eq!(&Json::from(got), want, "{file}");
    }
}

#[test]
fn portfolio_behind_a_cover_and_a_hidden_sheet_is_found_with_its_organisation() {
    let e = evaluate("05-cover-and-hidden-lists.xlsx");
    assert_eq!(e.portfolio.sheet, "サービスポートフォリオ");
    assert_eq!(
        e.portfolio.organisation.as_deref(),
        Some("さくら物流株式会社")
    );
}

#[test]
fn organisation_is_read_from_a_labelled_title_cell() {
    let e = evaluate("01-simple-ja.xlsx");
    assert_eq!(
        e.portfolio.organisation.as_deref(),
        Some("さくら物流株式会社")
    );
    let e = evaluate("02-simple-en.xlsx");
    assert_eq!(
        e.portfolio.organisation.as_deref(),
        Some("Northwind Traders")
    );
}

#[test]
fn extra_columns_are_kept_in_order_with_their_values() {
    for file in ["12-extra-columns.xlsx", "24-libreoffice.xlsm"] {
        let e = evaluate(file);
        assert_eq!(
            e.portfolio.extra_columns,
            ["Notes", "Evidence", "Due date"],
            "{file}"
        );
        let first = &e.portfolio.services[0];
        assert_eq!(first.extra[1], Value::Text("規程集 第3章".into()), "{file}");
        assert_eq!(first.extra[2], Value::Date("2025-01-01".into()), "{file}");
    }
}

#[test]
fn original_text_is_kept_for_display_while_matching_uses_nfkc() {
    let e = evaluate("08-fullwidth-text-scores.xlsx");
    let s = &e.portfolio.services[0];
    assert_eq!(s.as_is, Value::Text("１".into()));
    assert_eq!(e.parsed[0].as_is, Score::Value(1));
    assert_eq!(s.id.as_deref(), Some("A-1"));
}

#[test]
fn caption_row_captions_the_column_above_and_does_not_make_a_party_column() {
    let e = evaluate("03-isogj-two-row-caption.xlsx");
    let layout = e.portfolio.layout.as_ref().unwrap();
    assert!(
        !e.portfolio.has(Field::Party),
        "(実施場所) is a caption, not a party column"
    );
    assert_eq!(layout.header_rows, 3, "two header rows and the caption row");
    assert!(matches!(e.parsed[0].level, Parse::Value(_)));
}

#[test]
fn a_table_away_from_a1_reports_cells_where_they_are() {
    let e = evaluate("10-offset-table.xlsx");
    let layout = e.portfolio.layout.as_ref().unwrap();
    assert_eq!(
        layout.column(Field::Id),
        Some(2),
        "the table starts in column C"
    );
    assert_eq!(
        e.portfolio
            .cell_ref(&e.portfolio.services[0], Field::Level)
            .as_deref(),
        Some("E6")
    );
}

#[test]
fn cached_formula_results_are_read_as_values() {
    let e = evaluate("23-formula-scores-cached.xlsx");
    assert!(e.parsed.iter().any(|p| p.as_is.value().is_some()));
    // The canonical portfolio's only findings are P008 (info, RULES.md v2).
    assert!(
        e.findings.iter().all(|f| f.rule == "P008"),
        "{:?}",
        e.findings
    );
}

#[test]
fn a_64_row_portfolio_reads_in_a_few_milliseconds() {
    // Not a timing assertion (the machine may be busy): a sanity bound 100x above the target.
    let path = fixtures().join("layouts/01-simple-ja.xlsx");
    let start = std::time::Instant::now();
    for _ in 0..10 {
        let wb = read_workbook(&path, &ReadOptions::default()).unwrap();
        find_portfolio(&wb, None).unwrap();
    }
    assert!(start.elapsed().as_secs_f64() / 10.0 < 0.5);
}
