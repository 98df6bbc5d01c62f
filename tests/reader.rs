//! The reader on the layout-variant fixtures (tests/fixtures/layouts, made by
//! tests/fixtures/make_fixtures.py, LibreOffice-written files included): every
//! variant holds the same portfolio, so every one must read to the same
//! normalised services (tests/fixtures/canonical.json), with no flag.

use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use x1060::analysis::Evaluated;
use x1060::model::{Field, Parse, Value};
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

// ---------------------------------------------------------------------------
// v2 reading (issue 13): one fixture per kind of misreading, made by
// tests/fixtures/make_fixtures.py (openpyxl) into tests/fixtures/v2/.

fn v2(file: &str) -> Vec<Evaluated> {
    let path = fixtures().join("v2").join(file);
    let wb = read_workbook(&path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    x1060::read::find_portfolios(&wb, None)
        .unwrap_or_else(|e| panic!("{file}: {}", e.en))
        .into_iter()
        .map(Evaluated::of)
        .collect()
}

/// No finding above info, and every X.1060 service read.
#[track_caller]
fn assert_clean(file: &str, e: &Evaluated) {
    let bad: Vec<String> = e
        .findings
        .iter()
        .filter(|f| f.severity > x1060::rules::Severity::Info)
        .map(|f| format!("{} {:?} {:?} {}", f.rule, f.sheet, f.cell, f.message_en))
        .collect();
    assert!(bad.is_empty(), "{file}: {bad:#?}");
    let mut ids: Vec<&str> = e.parsed.iter().filter_map(|p| p.id.as_deref()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 64, "{file}");
}

#[test]
fn every_clean_v2_fixture_gives_no_finding_above_info() {
    for file in [
        "crash-brackets.xlsx",
        "toc-and-reference-list-in-front.xlsx",
        "header-words-inside-longer-headers.xlsx",
        "category-rows-with-formulas-and-merged-total.xlsx",
        "one-sheet-per-category.xlsx",
        "two-organisations.xlsx",
        "two-review-cycles.xlsx",
        "spellings-bilingual-invisible.xlsx",
        "hidden-old-cycle.xlsx",
    ] {
        for e in v2(file) {
            assert_clean(file, &e);
        }
    }
}

#[test]
fn brackets_of_several_bytes_split_the_party_without_a_crash() {
    let e = &v2("crash-brackets.xlsx")[0];
    let p = e
        .parsed
        .iter()
        .find(|p| p.parties.other.iter().any(|x| x == "SOC部"))
        .expect("a party read from 【SOC部】");
    assert!(p.assignment.value().is_some());
}

#[test]
fn a_table_of_contents_or_reference_list_is_not_the_portfolio() {
    let all = v2("toc-and-reference-list-in-front.xlsx");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].portfolio.sheet, "ポートフォリオ");
}

#[test]
fn header_words_inside_longer_headers_do_not_take_the_score_roles() {
    let e = &v2("header-words-inside-longer-headers.xlsx")[0];
    let layout = e.portfolio.layout.as_ref().unwrap();
    assert_eq!(layout.column(Field::AsIs), Some(5), "現状, not 現状の課題");
    assert_eq!(
        layout.column(Field::ToBe),
        Some(6),
        "あるべき姿, not 目標時期"
    );
    assert_eq!(
        layout.column(Field::Party),
        Some(8),
        "Current owner is a party column"
    );
    assert!(e.portfolio.extra_columns.iter().any(|h| h == "現状の課題"));
    assert!(e.portfolio.extra_columns.iter().any(|h| h == "目標時期"));
}

#[test]
fn category_rows_with_formulas_and_a_merged_total_are_not_services() {
    let e = &v2("category-rows-with-formulas-and-merged-total.xlsx")[0];
    assert_eq!(e.portfolio.services.len(), 64);
    assert!(e.findings.iter().all(|f| f.rule != "X007"));
}

#[test]
fn one_sheet_per_category_is_one_portfolio_whose_findings_name_their_sheets() {
    let all = v2("one-sheet-per-category.xlsx");
    assert_eq!(all.len(), 1, "disjoint sheets are one portfolio");
    let p = &all[0].portfolio;
    assert_eq!(p.parts.len(), 8);
    assert_eq!(p.services.len(), 64);
    let i7 = p
        .services
        .iter()
        .find(|s| s.id.as_deref() == Some("I-7"))
        .unwrap();
    let place = p.place(i7, Field::Level).unwrap();
    assert!(place.sheet.starts_with("I "), "{}", place.sheet);
    assert_eq!(place.cell(), "C8");
}

#[test]
fn two_organisations_on_two_sheets_are_two_portfolios() {
    let all = v2("two-organisations.xlsx");
    let sheets: Vec<&str> = all.iter().map(|e| e.portfolio.sheet.as_str()).collect();
    assert_eq!(sheets, ["A社", "B社"]);
}

#[test]
fn of_two_review_cycles_the_latest_pair_is_read() {
    let e = &v2("two-review-cycles.xlsx")[0];
    let pairs = e.portfolio.score_pairs.as_ref().expect("X009 data");
    assert!(pairs.read.contains("2024"), "{}", pairs.read);
    assert_eq!(pairs.kept.len(), 1);
    assert!(pairs.kept[0].contains("2023"));
    assert_eq!(
        e.portfolio.layout.as_ref().unwrap().column(Field::AsIs),
        Some(4)
    );
    assert!(e.portfolio.extra_columns.iter().any(|h| h.contains("2023")));
}

#[test]
fn new_spellings_bilingual_names_and_invisible_characters_are_read() {
    let e = &v2("spellings-bilingual-invisible.xlsx")[0];
    assert!(e.parsed.iter().all(|p| p.level.value().is_some()));
    assert!(
        e.findings
            .iter()
            .all(|f| f.rule != "X005" && f.rule != "C002")
    );
}

#[test]
fn near_miss_names_are_read_as_their_service_unless_another_row_holds_it() {
    use x1060::model::NearMiss;
    let e = &v2("near-miss-names.xlsx")[0];
    assert_eq!(e.parsed[1].near_miss, Some(NearMiss::ReadAs("A-2".into())));
    assert_eq!(e.parsed[1].id.as_deref(), Some("A-2"));
    assert_eq!(e.parsed[5].near_miss, Some(NearMiss::Taken("A-1".into())));
    assert_eq!(e.parsed[5].id, None);
}

#[test]
fn an_old_cycle_on_a_hidden_sheet_is_not_checked() {
    let all = v2("hidden-old-cycle.xlsx");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].portfolio.sheet, "ポートフォリオ");
}

#[test]
fn x001_names_the_sheets_considered_and_why() {
    let path = fixtures().join("v2/only-a-service-list.xlsx");
    let wb = read_workbook(&path, &ReadOptions::default()).unwrap();
    let none = x1060::read::find_portfolios(&wb, None).unwrap_err();
    assert!(
        none.en.contains("'目次' (a list of 64 services"),
        "{}",
        none.en
    );
    assert!(none.ja.contains("'目次'"), "{}", none.ja);
}

#[test]
fn check_gives_one_result_per_portfolio_named_file_hash_sheet() {
    let run = |file: &str| -> Json {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_x1060"))
            .args(["check", "--format", "json"])
            .arg(fixtures().join("v2").join(file))
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let doc = run("two-organisations.xlsx");
    assert_eq!(doc["schema_version"], 2);
    let names: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["portfolio"].as_str().unwrap())
        .collect();
    assert!(
        names[0].ends_with("two-organisations.xlsx#A社"),
        "{names:?}"
    );
    assert!(
        names[1].ends_with("two-organisations.xlsx#B社"),
        "{names:?}"
    );
    let doc = run("one-sheet-per-category.xlsx");
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["portfolio"], Json::Null);
    assert_eq!(files[0]["sheets"].as_array().unwrap().len(), 9);
}

/// A small portfolio (A-1…A-5) under the given rows above the header.
fn book_with_rows_above(above: &[(&str, &str)]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let mut row = 0;
    for (label, value) in above {
        ws.write_string(row, 0, *label).unwrap();
        if !value.is_empty() {
            ws.write_string(row, 1, *value).unwrap();
        }
        row += 1;
    }
    for (c, h) in [
        "ID",
        "サービス名",
        "推奨レベル",
        "サービス割り当て",
        "現状",
        "あるべき姿",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(row, c as u16, *h).unwrap();
    }
    for (k, s) in x1060::catalogue::catalogue().services[..5]
        .iter()
        .enumerate()
    {
        let r = row + 1 + k as u32;
        ws.write_string(r, 0, &s.id).unwrap();
        ws.write_string(r, 1, &s.name_ja).unwrap();
        ws.write_string(r, 2, "ベーシック").unwrap();
        ws.write_string(r, 3, "インソース(SOC部)").unwrap();
        ws.write_number(r, 4, 2.0).unwrap();
        ws.write_number(r, 5, 3.0).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn the_assessment_date_is_read_from_a_labelled_cell_above_the_table() {
    use x1060::read::read_bytes;
    for (above, want) in [
        (vec![("評価日", "2025/4/1")], Some("2025-04-01")),
        (
            vec![("組織名", "A社"), ("Assessment date: 2024-10-15", "")],
            Some("2024-10-15"),
        ),
        (vec![("作成日：2023年12月1日", "")], Some("2023-12-01")),
        (vec![("サービスポートフォリオ", "")], None),
    ] {
        let wb = read_bytes(&book_with_rows_above(&above), &ReadOptions::default()).unwrap();
        let p = find_portfolio(&wb, None).unwrap();
        assert_eq!(p.assessment_date.as_deref(), want, "{above:?}");
    }
}
