//! `x1060 export` / `x1060 import` (WORKBOOKS.md → Structured data):
//! `json → xlsx → json` is byte-identical, and `xlsx → json → xlsx → json`
//! keeps every service, value and extra column, over workbooks of several
//! layouts built here and over arbitrary values (proptest).

use std::process::Command;

use proptest::prelude::*;
use rust_xlsxwriter::{Format, Workbook};
use x1060::catalogue::{Lang, catalogue};
use x1060::model::{Field, Portfolio, Service, Value};
use x1060::read::{ReadOptions, find_portfolio, read_bytes};
use x1060::write::json::{from_json, guess_lang, to_json};
use x1060::write::template::portfolio_workbook;

/// Reads a workbook's portfolio.
fn portfolio_of(bytes: &[u8]) -> Portfolio {
    let wb = read_bytes(bytes, &ReadOptions::default()).expect("readable");
    find_portfolio(&wb, None).expect("a portfolio")
}

/// JSON → xlsx (import) → JSON (export).
fn through_xlsx(json: &str, lang: Option<Lang>) -> String {
    let p = from_json(json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    let lang = lang.or_else(|| guess_lang(&p)).unwrap_or(Lang::En);
    let bytes = portfolio_workbook(&p, lang)
        .unwrap()
        .save_to_buffer()
        .unwrap();
    to_json(&portfolio_of(&bytes))
}

fn assert_same(a: &str, b: &str) {
    if a != b {
        let (la, lb): (Vec<_>, Vec<_>) = (a.lines().collect(), b.lines().collect());
        let i = la.iter().zip(&lb).position(|(x, y)| x != y).unwrap_or(0);
        panic!(
            "documents differ at line {}:\n  {:?}\n  {:?}",
            i + 1,
            la.get(i),
            lb.get(i)
        );
    }
}

/// The layouts of hand-made portfolios the round trip must survive.
#[derive(Debug, Clone, Copy)]
enum Layout {
    /// ID and name in one cell, party in brackets, category and summary
    /// rows, inline organisation label, date and text extras (Japanese).
    Brackets,
    /// One party column, text scores and placeholders, odd values (English).
    PartyColumn,
    /// Team and contractor columns, a two-row header with a merged group,
    /// a description, own services and a row named but without ID.
    TeamContractor,
}

fn build(layout: Layout) -> Vec<u8> {
    let mut wb = Workbook::new();
    let cover = wb.add_worksheet();
    cover.set_name("表紙").unwrap();
    cover.write(0, 0, "自己評価シート").unwrap();
    let ws = wb.add_worksheet();
    let date = Format::new().set_num_format("yyyy/mm/dd");
    let cat = catalogue();
    match layout {
        Layout::Brackets => {
            ws.set_name("ポートフォリオ").unwrap();
            ws.write(0, 0, "CDC サービスポートフォリオ").unwrap();
            ws.write(1, 0, "組織名：サンプル株式会社").unwrap();
            let head = [
                "No.",
                "サービス",
                "推奨レベル",
                "サービス割り当て",
                "現状",
                "あるべき姿",
                "備考",
                "期限",
            ];
            for (c, h) in head.iter().enumerate() {
                ws.write(3, c as u16, *h).unwrap();
            }
            let mut row = 4;
            let mut letter = ' ';
            for (i, s) in cat.services.iter().enumerate() {
                if s.category() != letter {
                    letter = s.category();
                    let c = cat.category(letter).unwrap();
                    ws.write(row, 1, format!("{} {}", c.id, c.name_ja)).unwrap();
                    row += 1;
                }
                ws.write(row, 0, (i + 1) as f64).unwrap();
                ws.write(row, 1, format!("{} {}", s.id, s.name_ja)).unwrap();
                ws.write(
                    row,
                    2,
                    ["ベーシック", "スタンダード", "アドバンスト", "不要"][i % 4],
                )
                .unwrap();
                let assign = [
                    "インソース(SOC部)",
                    "アウトソース（A社）",
                    "併用（CSIRT／A社）",
                    "未割り当て",
                    "-",
                ][i % 5];
                ws.write(row, 3, assign).unwrap();
                ws.write(row, 4, (1 + i % 5) as f64).unwrap();
                if i % 6 == 0 {
                    ws.write(row, 5, "評価対象外").unwrap();
                } else {
                    ws.write(row, 5, (1 + (i + 2) % 5) as f64).unwrap();
                }
                if i % 3 == 0 {
                    ws.write(row, 6, format!("証跡 {i}\n2 行目")).unwrap();
                }
                if i % 4 == 0 {
                    let d = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 4, 1 + (i % 28) as u8)
                        .unwrap();
                    ws.write_datetime_with_format(row, 7, &d, &date).unwrap();
                }
                row += 1;
            }
            ws.write(row, 1, "合計").unwrap();
            ws.write(row, 4, 123.0).unwrap();
        }
        Layout::PartyColumn => {
            ws.set_name("Portfolio").unwrap();
            ws.write(0, 0, "X.1060 service portfolio").unwrap();
            ws.write(1, 0, "Organization").unwrap();
            ws.write(1, 1, "Example Ltd.").unwrap();
            let head = [
                "ID",
                "Service",
                "Recommendation level",
                "Assignment",
                "Team / contractor",
                "As-Is",
                "To-Be",
                "Evidence",
                "Reviewed",
                "Done",
            ];
            for (c, h) in head.iter().enumerate() {
                ws.write(4, c as u16, *h).unwrap();
            }
            for (i, s) in cat.services.iter().enumerate().filter(|(i, _)| i % 9 != 4) {
                let row = 5 + i as u32;
                ws.write(row, 0, s.id.as_str()).unwrap();
                ws.write(row, 1, s.name_en.as_str()).unwrap();
                ws.write(
                    row,
                    2,
                    [
                        "Basic",
                        "standard",
                        "ADVANCED",
                        "Optional",
                        "none",
                        "mandatory",
                    ][i % 6],
                )
                .unwrap();
                ws.write(
                    row,
                    3,
                    ["Insourcing", "Outsourcing", "Combination", "Unassigned"][i % 4],
                )
                .unwrap();
                ws.write(
                    row,
                    4,
                    ["SOC", "Z-MSSP", "SOC / Z-MSSP", "", "CSIRT, A Inc."][i % 5],
                )
                .unwrap();
                match i % 7 {
                    0 => ws.write(row, 5, "3点").unwrap(),
                    1 => ws.write(row, 5, "N/A").unwrap(),
                    2 => ws.write(row, 5, 3.5).unwrap(),
                    3 => ws.write(row, 5, "高").unwrap(),
                    4 => ws.write(row, 5, "４").unwrap(),
                    _ => ws.write(row, 5, (i % 5 + 1) as f64).unwrap(),
                };
                ws.write(row, 6, (5 - i % 3) as f64).unwrap();
                ws.write(
                    row,
                    7,
                    ["=SUM(1,2)", "+cmd", "@x", "  padded  ", "ünïcødé ✓"][i % 5],
                )
                .unwrap();
                if i % 2 == 0 {
                    ws.write(row, 8, 0.25 * i as f64).unwrap();
                }
                ws.write(row, 9, i % 3 == 0).unwrap();
            }
        }
        Layout::TeamContractor => {
            ws.set_name("CDC 2025").unwrap();
            ws.write(0, 0, "サービスポートフォリオ（2025年度）")
                .unwrap();
            ws.write(1, 0, "会社名").unwrap();
            ws.write(1, 2, "テスト電機").unwrap();
            let top = [
                "ID",
                "サービス名",
                "サービスの解説",
                "推奨レベル",
                "割り当て",
                "担当",
                "委託先",
            ];
            for (c, h) in top.iter().enumerate() {
                ws.write(3, c as u16, *h).unwrap();
            }
            ws.merge_range(3, 7, 3, 8, "サービススコア", &Format::new())
                .unwrap();
            ws.write(4, 7, "現状").unwrap();
            ws.write(4, 8, "目標").unwrap();
            ws.write(3, 9, "メモ").unwrap();
            ws.write(3, 10, "更新日").unwrap();
            let mut row = 5;
            for (i, s) in cat.services.iter().enumerate() {
                ws.write(row, 0, s.id.to_lowercase().replace('-', "－"))
                    .unwrap();
                ws.write(row, 1, s.name_ja.as_str()).unwrap();
                ws.write(row, 2, s.description_ja.as_str()).unwrap();
                ws.write(row, 3, ["ベーシック", "オプション", "スタンダード"][i % 3])
                    .unwrap();
                ws.write(row, 4, ["内製", "委託", "併用"][i % 3]).unwrap();
                if i % 3 != 1 {
                    ws.write(row, 5, "セキュリティ・リスク管理室").unwrap();
                }
                if i % 3 != 0 {
                    ws.write(row, 6, "B社").unwrap();
                }
                ws.write(row, 7, (1 + i % 4) as f64).unwrap();
                ws.write(row, 8, format!("{}", 2 + i % 4)).unwrap();
                if i % 5 == 0 {
                    ws.write(row, 9, format!("メモ{i}")).unwrap();
                }
                if i % 8 == 0 {
                    let d = rust_xlsxwriter::ExcelDateTime::parse_from_str("2024-12-31T09:30:15")
                        .unwrap();
                    ws.write_datetime_with_format(
                        row,
                        10,
                        &d,
                        &Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
                    )
                    .unwrap();
                }
                row += 1;
            }
            // Own services and a row with a name but no ID.
            ws.write(row, 0, "J-1").unwrap();
            ws.write(row, 1, "バグバウンティ運営").unwrap();
            ws.write(row, 3, "オプション").unwrap();
            ws.write(row, 4, "委託").unwrap();
            ws.write(row, 6, "C社").unwrap();
            ws.write(row, 7, 2.0).unwrap();
            ws.write(row, 8, 3.0).unwrap();
            row += 1;
            ws.write(row, 0, "A-14").unwrap();
            ws.write(row, 1, "サプライチェーン管理").unwrap();
            ws.write(row, 3, "ベーシック").unwrap();
            row += 1;
            ws.write(row, 1, "リスクアセスメント").unwrap();
            ws.write(row, 3, "不要").unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_json_xlsx_json_keeps_everything() {
    for layout in [
        Layout::Brackets,
        Layout::PartyColumn,
        Layout::TeamContractor,
    ] {
        let original = portfolio_of(&build(layout));
        let json1 = to_json(&original);
        let json2 = through_xlsx(&json1, None);
        assert_same(&json1, &json2);
        // And once more, in the other language: headers change, data does not.
        let other = match guess_lang(&original) {
            Some(Lang::Ja) => Lang::En,
            _ => Lang::Ja,
        };
        assert_same(&json1, &through_xlsx(&json2, Some(other)));
        // Sanity: the layouts hold what they were built with.
        match layout {
            Layout::Brackets => {
                assert_eq!(original.services.len(), 64);
                assert_eq!(
                    original.fields,
                    [
                        Field::Name,
                        Field::Level,
                        Field::Assignment,
                        Field::AsIs,
                        Field::ToBe
                    ]
                );
                assert_eq!(original.extra_columns, ["No.", "備考", "期限"]);
                assert_eq!(original.organisation.as_deref(), Some("サンプル株式会社"));
                assert!(json1.contains("{\n          \"date\": \"2025-04-01\"\n        }"));
            }
            Layout::PartyColumn => {
                assert!(original.fields.contains(&Field::Party));
                assert_eq!(original.extra_columns, ["Evidence", "Reviewed", "Done"]);
                assert!(json1.contains("\"=SUM(1,2)\""));
                assert!(json1.contains("true"));
            }
            Layout::TeamContractor => {
                assert!(original.fields.contains(&Field::Team));
                assert!(original.fields.contains(&Field::Contractor));
                assert!(original.fields.contains(&Field::Description));
                assert_eq!(original.services.len(), 67);
                assert!(json1.contains("2024-12-31T09:30:15"));
            }
        }
    }
}

#[test]
fn json_xlsx_json_is_byte_identical() {
    for layout in [
        Layout::Brackets,
        Layout::PartyColumn,
        Layout::TeamContractor,
    ] {
        let json = through_xlsx(&to_json(&portfolio_of(&build(layout))), None);
        assert_same(&json, &through_xlsx(&json, None));
    }
}

// ---- proptest: arbitrary values ----

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[=+@-][A-Za-z0-9(),\" ]{0,12}",
        "[a-zA-Z0-9 ./()&-]{1,20}",
        "[ぁ-んァ-ン一-龥０-９（）・、。]{1,10}",
        "[ -~]{1,15}",
        "[a-z]{1,5}\n[a-z]{1,5}",
        Just("_x0041_".to_string()),
        Just("3".to_string()),
        Just("N/A".to_string()),
        Just("ベーシック".to_string()),
        Just("インソース(SOC部)".to_string()),
    ]
    .prop_filter("non-empty", |s| !s.is_empty())
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => Just(Value::Empty),
        3 => text().prop_map(Value::Text),
        2 => (0u8..=6).prop_map(|n| Value::Number(n as f64)),
        1 => any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::Number),
        1 => (-1e6f64..1e6).prop_map(Value::Number),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => (1901i32..2100, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| Value::Date(format!("{y:04}-{m:02}-{d:02}"))),
        1 => (1901i32..2100, 1u32..=12, 1u32..=28, 0u32..24, 0u32..60, 1u32..60)
            .prop_map(|(y, m, d, h, mi, s)| Value::Date(format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}"))),
    ]
}

fn service(id: &'static str, name: &'static str) -> impl Strategy<Value = Service> {
    (
        prop::collection::vec(value(), 8),
        prop::collection::vec(value(), 2),
    )
        .prop_map(move |(v, extra)| Service {
            id: Some(id.to_string()),
            name: Some(name.to_string()),
            description: v[0].clone(),
            level: v[1].clone(),
            assignment: v[2].clone(),
            team: v[3].clone(),
            contractor: v[4].clone(),
            as_is: v[5].clone(),
            to_be: v[6].clone(),
            party: Value::Empty,
            extra,
            origin: None,
        })
}

fn portfolio() -> impl Strategy<Value = Portfolio> {
    let services: Vec<_> = catalogue()
        .services
        .iter()
        .take(12)
        .map(|s| service(s.id.as_str(), s.name_en.as_str()).boxed())
        .collect();
    (services, any::<bool>(), prop::bool::ANY).prop_map(|(services, org, party)| {
        let mut p = Portfolio {
            organisation: org.then(|| "Example Corp".to_string()),
            sheet: "Portfolio".into(),
            fields: vec![
                Field::Id,
                Field::Name,
                Field::Description,
                Field::Level,
                Field::Assignment,
                Field::Team,
                Field::Contractor,
                Field::AsIs,
                Field::ToBe,
            ],
            extra_columns: vec!["Memo".into(), "期限".into()],
            services,
            layout: None,
            ..Default::default()
        };
        if party {
            // One party column instead of team and contractor.
            p.fields
                .retain(|f| !matches!(f, Field::Team | Field::Contractor));
            p.fields.insert(5, Field::Party);
            for s in &mut p.services {
                s.party = std::mem::take(&mut s.team);
                s.contractor = Value::Empty;
            }
        }
        p
    })
}

proptest! {
    // PROPTEST_CASES raises the count for a deeper run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_values_survive_json_xlsx_json(p in portfolio(), ja in any::<bool>()) {
        let json = to_json(&p);
        let lang = if ja { Lang::Ja } else { Lang::En };
        let back = through_xlsx(&json, Some(lang));
        prop_assert_eq!(json, back);
    }
}

// ---- the commands ----

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_x1060"))
}

#[test]
fn export_import_commands() {
    let dir = tempfile::tempdir().unwrap();
    let path = |n: &str| dir.path().join(n);
    std::fs::write(path("src.xlsx"), build(Layout::TeamContractor)).unwrap();
    let o = bin().arg("export").arg(path("src.xlsx")).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json1 = String::from_utf8(o.stdout).unwrap();
    assert!(json1.ends_with("}\n"));
    std::fs::write(path("in.json"), &json1).unwrap();

    let o = bin().arg("import").arg(path("in.json")).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        path("in.xlsx").exists(),
        "default output is the input with .xlsx"
    );
    let o = bin().arg("import").arg(path("in.json")).output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "refuses to replace without --force"
    );

    let o = bin()
        .args(["import", "-o"])
        .arg(path("out.xlsx"))
        .arg(path("in.json"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let o = bin()
        .args(["export", "-o"])
        .arg(path("out.json"))
        .arg(path("out.xlsx"))
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(std::fs::read_to_string(path("out.json")).unwrap(), json1);

    // CSV: one row per service, formula-safe.
    let o = bin()
        .args(["export", "--format", "csv"])
        .arg(path("out.xlsx"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let csv = String::from_utf8(o.stdout).unwrap();
    assert_eq!(csv.lines().count(), 1 + 67);
    assert!(csv.starts_with("id,category,name,description,level,assignment,team,contractor,party,as_is,to_be,level_parsed,assignment_parsed,as_is_parsed,to_be_parsed,gap,メモ,更新日\n"));
    assert!(csv.contains("\nA-1,A,リスクマネジメント,"));
    assert!(csv.contains(",Basic,Insourcing,1,2,1,"));

    // --sheet names the sheet; a wrong one is an error.
    let o = bin()
        .args(["export", "--sheet", "CDC 2025"])
        .arg(path("out.xlsx"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let o = bin()
        .args(["export", "--sheet", "nope"])
        .arg(path("out.xlsx"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn export_errors_are_one_line() {
    let dir = tempfile::tempdir().unwrap();
    // A workbook with no portfolio.
    let mut wb = Workbook::new();
    wb.add_worksheet().write(0, 0, "hello").unwrap();
    let empty = dir.path().join("empty.xlsx");
    wb.save(&empty).unwrap();
    let text = dir.path().join("notes.xlsx");
    std::fs::write(&text, "just text").unwrap();
    for (file, needle) in [
        (&empty, "no sheet holds a portfolio"),
        (&text, "not a spreadsheet"),
    ] {
        let o = bin().arg("export").arg(file).output().unwrap();
        assert_eq!(o.status.code(), Some(2));
        assert!(o.stdout.is_empty());
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains(file.to_str().unwrap()) && err.contains(needle),
            "{err}"
        );
        assert!(err.contains("; "), "says what to do: {err}");
    }
}

#[test]
fn import_errors_name_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "{\n  \"schema\": \"x1060-portfolio\",\n  \"schema_version\": 1,\n  \"columns\": [\"id\"],\n  \"services\": [\n",
            ":6:1: ",
        ),
        (
            "{\"schema\": \"x1060-check\", \"schema_version\": 1}",
            ":1:12: ",
        ),
        (
            "{\"schema\": \"x1060-portfolio\", \"schema_version\": 2}",
            ":1:49: ",
        ),
        (
            "{\"schema\": \"x1060-portfolio\", \"schema_version\": 3}",
            ":1:49: ",
        ),
        (
            "{\"schema\": \"x1060-portfolio\", \"schema_version\": 1,\n \"columns\": [\"id\", \"level\"],\n \"services\": [{\"id\": \"A-1\", \"level\": [1]}]}",
            ":3:",
        ),
        (
            "{\"schema\": \"x1060-portfolio\", \"schema_version\": 1,\n \"columns\": [\"id\"],\n \"services\": [{\"id\": \"A-1\"}, {\"id\": \"A-2\", \"level\": \"Basic\"}]}",
            ":3:53: ",
        ),
        ("[1, 2]", ":1:1: "),
    ];
    for (i, (doc, place)) in cases.iter().enumerate() {
        let file = dir.path().join(format!("bad{i}.json"));
        std::fs::write(&file, doc).unwrap();
        let o = bin().arg("import").arg(&file).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "case {i}");
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains(&format!("bad{i}.json{place}")),
            "case {i}: {err}"
        );
        assert!(!dir.path().join(format!("bad{i}.xlsx")).exists());
    }
}

#[test]
fn values_keep_their_type_in_the_workbook() {
    let json = r#"{
  "schema": "x1060-portfolio",
  "schema_version": 1,
  "organisation": "ACME",
  "sheet": "Portfolio",
  "columns": ["id", "name", "level", "assignment", "as_is", "to_be"],
  "extra_columns": ["note", "due"],
  "services": [
    {"id": "A-1", "name": "Risk management", "level": "=1+1", "assignment": null, "as_is": 3, "to_be": "4", "extra": [true, {"date": "2025-04-01"}]},
    {"id": "A-2", "name": "Risk assessment", "level": "Basic", "assignment": "Insourcing (SOC)", "as_is": 2.5, "to_be": 5, "extra": [null, "x"]},
    {"id": "A-3", "name": "Policy planning", "level": "Basic", "assignment": "Unassigned", "as_is": 1, "to_be": 2}
  ]
}
"#;
    let p = from_json(json).unwrap();
    let bytes = portfolio_workbook(&p, Lang::En)
        .unwrap()
        .save_to_buffer()
        .unwrap();
    let sheet1 = {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        let mut s = String::new();
        zip.by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    // The only formulas on the portfolio sheet are the gap column's.
    assert_eq!(sheet1.matches("<f>").count(), 3);
    assert!(!sheet1.contains("<f>1+1</f>"));
    let back = portfolio_of(&bytes);
    assert_eq!(back.services[0].level, Value::Text("=1+1".into()));
    assert_eq!(back.services[0].as_is, Value::Number(3.0));
    assert_eq!(back.services[0].to_be, Value::Text("4".into()));
    assert_eq!(
        back.services[0].extra,
        [Value::Bool(true), Value::Date("2025-04-01".into())]
    );
    assert_eq!(
        back.services[2].extra,
        [Value::Empty, Value::Empty],
        "missing extras pad"
    );
    assert_eq!(back.organisation.as_deref(), Some("ACME"));
    assert_eq!(back.sheet, "Portfolio");
}
