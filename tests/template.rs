//! `x1060 template` and the portfolio workbook writer (WORKBOOKS.md →
//! Template): a blank template reads back with only the empty-cell errors,
//! a filled copy passes with no finding at all, the self-check sheet's
//! cached results equal the computed figures, and the workbook carries its
//! lists, validations, properties and print setup.

use std::io::Read;
use std::path::Path;
use std::process::Command;

use x1060::analysis::{self, Figures, Stats};
use x1060::catalogue::{Assignment, Lang, Level, catalogue};
use x1060::model::{Portfolio, Value};
use x1060::read::{ReadOptions, Workbook, find_portfolio, read_bytes};
use x1060::rules;
use x1060::write::template::{
    Layout, blank_portfolio, guide_sheet_name, lists_sheet_name, na_word, portfolio_sheet_name,
    portfolio_workbook, selfcheck_sheet_name, template_bytes,
};

fn read(bytes: &[u8]) -> Workbook {
    read_bytes(bytes, &ReadOptions::default()).expect("the workbook reads back")
}

fn rule_counts(p: &Portfolio) -> std::collections::BTreeMap<&'static str, usize> {
    let mut m = std::collections::BTreeMap::new();
    for f in rules::check(p, &p.parse()) {
        *m.entry(f.rule).or_default() += 1;
    }
    m
}

/// A valid, complete portfolio: every rule passes.
fn filled(lang: Lang) -> Portfolio {
    let mut p = blank_portfolio(lang, Some("Example Corp"));
    let mut first_of_category = ' ';
    for (i, s) in p.services.iter_mut().enumerate() {
        let id = s.id.clone().unwrap();
        let letter = id.chars().next().unwrap();
        let first = letter != first_of_category;
        first_of_category = letter;
        let level = if first {
            Level::Basic
        } else {
            [
                Level::Standard,
                Level::Advanced,
                Level::Optional,
                Level::Unnecessary,
                Level::Basic,
            ][i % 5]
        };
        // A service others build on is never Unnecessary here (C005).
        let prerequisite = x1060::catalogue::prerequisites()
            .iter()
            .any(|p| p.prerequisite == id);
        let level = if prerequisite && level == Level::Unnecessary {
            Level::Standard
        } else {
            level
        };
        s.level = Value::Text(level.word(lang).into());
        if level == Level::Unnecessary {
            // RULES.md v2: any assignment of an Unnecessary service is P007.
            s.assignment = Value::Empty;
            s.as_is = Value::Text(na_word(lang).into());
            s.to_be = Value::Text(na_word(lang).into());
        } else {
            let a = [
                Assignment::Insourcing,
                Assignment::Outsourcing,
                Assignment::Combination,
            ][i % 3];
            s.assignment = Value::Text(a.word(lang).into());
            if a != Assignment::Outsourcing {
                s.team = Value::Text("SOC".into());
            }
            if a != Assignment::Insourcing {
                s.contractor = Value::Text("Z-MSSP".into());
            }
            let as_is = 1 + (i % 3) as u32;
            s.as_is = Value::Number(as_is as f64);
            s.to_be = Value::Number((as_is + (i % 3) as u32).min(5) as f64);
        }
        if i % 7 == 0 {
            s.extra[0] = Value::Text("=HYPERLINK(\"http://x\")".into());
        }
    }
    p
}

#[test]
fn blank_template_gives_only_empty_cell_errors() {
    for lang in [Lang::Ja, Lang::En] {
        let bytes = template_bytes(lang, None).unwrap();
        let wb = read(&bytes);
        let p = find_portfolio(&wb, None).expect("the template holds a portfolio");
        assert_eq!(p.sheet, portfolio_sheet_name(lang));
        assert_eq!(p.services.len(), 64);
        assert_eq!(
            p.organisation, None,
            "a blank organisation cell reads as none"
        );
        let ids: Vec<_> = p.services.iter().map(|s| s.id.clone().unwrap()).collect();
        let expected: Vec<_> = catalogue().services.iter().map(|s| s.id.clone()).collect();
        assert_eq!(ids, expected, "all 64 services in X.1060 order");
        let counts = rule_counts(&p);
        for rule in counts.keys() {
            assert!(
                ["C001", "P001", "S003", "S004", "C003"].contains(rule),
                "{lang:?}: unexpected {rule} in {counts:?}"
            );
        }
        assert_eq!(counts.get("C001"), Some(&64));
    }
}

#[test]
fn filled_template_passes_with_no_finding() {
    for lang in [Lang::Ja, Lang::En] {
        let p = filled(lang);
        let bytes = portfolio_workbook(&p, lang)
            .unwrap()
            .save_to_buffer()
            .unwrap();
        let back = find_portfolio(&read(&bytes), None).unwrap();
        let findings = rules::check(&back, &back.parse());
        assert!(
            findings.is_empty(),
            "{lang:?}: {:?}",
            findings
                .iter()
                .map(|f| format!("{} {} {}", f.rule, f.location(), f.message_en))
                .collect::<Vec<_>>()
        );
        assert_eq!(back.organisation.as_deref(), Some("Example Corp"));
        // Text beginning with '=' is kept as text, never a formula.
        assert_eq!(
            back.services[0].extra[0],
            Value::Text("=HYPERLINK(\"http://x\")".into())
        );
    }
}

#[test]
fn organisation_is_read_back() {
    let bytes = template_bytes(Lang::Ja, Some("株式会社サンプル")).unwrap();
    let p = find_portfolio(&read(&bytes), None).unwrap();
    assert_eq!(p.organisation.as_deref(), Some("株式会社サンプル"));
}

/// The cached values of one self-check row: listed, selected, scored, 5
/// levels, 4 assignments, mean As-Is, mean To-Be, mean gap, achievement.
fn cached_row(wb: &Workbook, lang: Lang, row: u32) -> Vec<Option<f64>> {
    let sheet = wb
        .sheets
        .iter()
        .find(|s| s.name == selfcheck_sheet_name(lang))
        .expect("a self-check sheet");
    (2..18)
        .map(|c| match sheet.grid.get(row, c) {
            Value::Number(n) => Some(*n),
            Value::Empty => None,
            other => panic!("row {row} col {c}: {other:?}"),
        })
        .collect()
}

fn expected_row(s: &Stats) -> Vec<Option<f64>> {
    let mut v = vec![
        Some(s.listed as f64),
        Some(s.selected as f64),
        Some(s.scored as f64),
    ];
    v.extend(Level::ALL.iter().map(|&l| Some(s.levels.get(l) as f64)));
    v.extend(
        Assignment::ALL
            .iter()
            .map(|&a| Some(s.assignments.get(a) as f64)),
    );
    v.extend([s.mean_as_is, s.mean_to_be, s.mean_gap, s.achievement]);
    v
}

fn assert_selfcheck(wb: &Workbook, lang: Lang, figures: &Figures) {
    let mut row = 4;
    for c in &figures.categories {
        assert_eq!(
            cached_row(wb, lang, row),
            expected_row(&c.stats),
            "{}",
            c.id
        );
        row += 1;
    }
    for a in &figures.assignments {
        assert_eq!(
            cached_row(wb, lang, row),
            expected_row(&a.stats),
            "{:?}",
            a.assignment
        );
        row += 1;
    }
    for p in &figures.phases {
        assert_eq!(
            cached_row(wb, lang, row),
            expected_row(&p.stats),
            "{:?}",
            p.phase
        );
        row += 1;
    }
    if figures.own.listed > 0 {
        assert_eq!(cached_row(wb, lang, row), expected_row(&figures.own), "own");
        row += 1;
    }
    assert_eq!(
        cached_row(wb, lang, row),
        expected_row(&figures.overall),
        "overall"
    );
}

#[test]
fn selfcheck_cached_results_equal_the_figures() {
    for lang in [Lang::Ja, Lang::En] {
        for p in [blank_portfolio(lang, None), filled(lang)] {
            let bytes = portfolio_workbook(&p, lang)
                .unwrap()
                .save_to_buffer()
                .unwrap();
            let wb = read(&bytes);
            let back = find_portfolio(&wb, None).unwrap();
            let figures = analysis::figures(&back, &back.parse());
            assert_selfcheck(&wb, lang, &figures);
        }
    }
}

#[test]
fn selfcheck_has_an_own_services_row_when_there_are_some() {
    let lang = Lang::En;
    let mut p = filled(lang);
    let mut own = p.services[0].clone();
    own.id = Some("J-1".into());
    own.name = Some("Bug bounty".into());
    p.services.push(own);
    let bytes = portfolio_workbook(&p, lang)
        .unwrap()
        .save_to_buffer()
        .unwrap();
    let wb = read(&bytes);
    let back = find_portfolio(&wb, None).unwrap();
    let figures = analysis::figures(&back, &back.parse());
    assert_eq!(figures.own.listed, 1);
    assert_selfcheck(&wb, lang, &figures);
}

/// The text of one part of the xlsx zip.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn workbook_structure() {
    for lang in [Lang::Ja, Lang::En] {
        let bytes = template_bytes(lang, None).unwrap();
        let wb = read(&bytes);
        let names: Vec<_> = wb.sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names.len(), 4, "{names:?}");
        assert_eq!(names[0], portfolio_sheet_name(lang));
        let lists = wb
            .sheets
            .iter()
            .find(|s| s.name == lists_sheet_name(lang))
            .unwrap();
        assert!(!lists.visible, "the lists sheet is hidden");
        let col = |c: u32| -> Vec<String> {
            (1..lists.grid.height())
                .map(|r| lists.grid.get(r, c).display())
                .filter(|t| !t.is_empty())
                .collect()
        };
        let levels: Vec<String> = Level::ALL.iter().map(|l| l.word(lang).into()).collect();
        let assignments: Vec<String> = Assignment::ALL
            .iter()
            .map(|a| a.word(lang).into())
            .collect();
        assert_eq!(col(0), levels);
        assert_eq!(col(1), assignments);
        assert_eq!(col(2), ["1", "2", "3", "4", "5", na_word(lang)]);

        let sheet1 = part(&bytes, "xl/worksheets/sheet1.xml");
        // Level, assignment, As-Is, To-Be: lists on the lists sheet; team and contractor: messages.
        assert_eq!(sheet1.matches("<dataValidation ").count(), 6, "{lang:?}");
        assert_eq!(sheet1.matches("type=\"list\"").count(), 4);
        assert!(sheet1.contains("showInputMessage=\"1\""));
        assert!(
            sheet1.contains("<autoFilter ref=\"A4:L68\"/>"),
            "autofilter"
        );
        assert!(sheet1.contains("<pane "), "frozen panes");
        assert!(sheet1.contains("paperSize=\"9\"") && sheet1.contains("orientation=\"landscape\""));
        // One page wide (fitToWidth 1 is the default and left out), any height.
        assert!(
            sheet1.contains("<pageSetUpPr fitToPage=\"1\"/>")
                && sheet1.contains("fitToHeight=\"0\"")
        );
        assert!(sheet1.contains("&amp;P"), "page numbers in the footer");
        assert!(sheet1.contains("ISNUMBER("), "the gap formula");
        let workbook = part(&bytes, "xl/workbook.xml");
        assert!(
            workbook.contains("_xlnm.Print_Titles"),
            "repeated header row"
        );
        let core = part(&bytes, "docProps/core.xml");
        assert!(core.contains("X.1060"), "title and subject");
        assert!(core.contains(&format!("x1060 {}", env!("CARGO_PKG_VERSION"))));
        let styles = part(&bytes, "xl/styles.xml");
        match lang {
            Lang::Ja => assert!(styles.contains("游ゴシック") && !styles.contains("Calibri")),
            Lang::En => assert!(styles.contains("Calibri")),
        }
        let selfcheck = part(&bytes, "xl/worksheets/sheet2.xml");
        assert!(selfcheck.contains("COUNTIFS(") && selfcheck.contains("AVERAGEIFS("));
        assert!(part(&bytes, "xl/charts/chart1.xml").contains("<c:radarChart>"));
        assert!(part(&bytes, "xl/charts/chart2.xml").contains("<c:barChart>"));
    }
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_x1060"))
}

#[test]
fn command_writes_refuses_and_forces() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.xlsx");
    let run = |args: &[&str]| {
        bin()
            .args(args)
            .current_dir(dir.path())
            .env("LANG", "ja_JP.UTF-8")
            .output()
            .unwrap()
    };
    let o = run(&[
        "template",
        "--lang",
        "en",
        "--org",
        "ACME",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let p = find_portfolio(&read(&std::fs::read(&out).unwrap()), None).unwrap();
    assert_eq!(p.organisation.as_deref(), Some("ACME"));
    assert_eq!(p.sheet, "Service portfolio");

    let o = run(&["template", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "an existing output is kept");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--force") && err.lines().count() == 1, "{err}");

    let o = run(&["template", "-o", out.to_str().unwrap(), "--force"]);
    assert!(o.status.success());
    let p = find_portfolio(&read(&std::fs::read(&out).unwrap()), None).unwrap();
    assert_eq!(p.sheet, "サービスポートフォリオ", "language from LANG");

    let o = run(&["template", "--lang", "en"]);
    assert!(o.status.success());
    assert!(Path::new(&dir.path().join("x1060-template-en.xlsx")).exists());

    // `check` on the blank template: errors only (exit 1), no unreadable file.
    let o = bin()
        .args(["check", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn template_is_fast() {
    // A generous bound for debug builds; release builds take a few ms.
    let start = std::time::Instant::now();
    template_bytes(Lang::Ja, None).unwrap();
    assert!(start.elapsed().as_millis() < 2_000, "{:?}", start.elapsed());
}

/// Every text cell of a sheet, white space collapsed, row by row.
fn sheet_rows(wb: &Workbook, name: &str) -> Vec<Vec<String>> {
    let sheet = wb.sheets.iter().find(|s| s.name == name).unwrap();
    (0..sheet.grid.height())
        .map(|r| {
            (0..sheet.grid.width())
                .map(|c| {
                    let t = sheet.grid.get(r, c).display();
                    t.split_whitespace().collect::<Vec<_>>().join(" ")
                })
                .collect()
        })
        .collect()
}

#[test]
fn guide_quotes_the_standard_word_for_word() {
    // Copied by hand from JT-X1060 (seed 003) and the English slides (seed
    // 001): (key cell, text cell) rows the guide must hold, and the titles.
    #[allow(clippy::type_complexity)]
    let expected: [(Lang, &[&str], &[(&str, &str)]); 2] = [
        (
            Lang::Ja,
            &[
                "表 1 CDC サービスの推奨レベル",
                "表 2 CDC サービスの割り当て",
                "表 3 CDC サービススコア",
                "図 5 調達の象限",
                "インソースの場合",
                "アウトソースの場合",
            ],
            &[
                ("不要", "不要と判断されたサービス"),
                ("ベーシック", "実装すべき最低限のサービス"),
                (
                    "未割り当て",
                    "組織に存在すべきサービスはあるが、割り当てられていない。",
                ),
                (
                    "+5 点",
                    "明文化された運用が CISO など権限ある組織長に承認されている",
                ),
                ("+5 点", "サービス内容と得られる結果を理解でき、想定通り"),
                ("+1 点", "結果や報告を確認できていない"),
                ("適用外", "インソースとしては実施しないと決めた"),
            ],
        ),
        (
            Lang::En,
            &[
                "X.1060 Table 1 (§9.2)",
                "X.1060 Table 2 (§9.3)",
                "X.1060 Table 3 (§9.4)",
                "Figure 5 - Sourcing quadrants",
                "For insource:",
                "For outsource:",
            ],
            &[
                ("Unnecessary", "Services deemed unnecessary"),
                (
                    "Unassigned",
                    "Although the organization recognises a service, but there is no assignee in the organization.",
                ),
                ("+1 point", "Nether output nor report isn't reviewed"),
                ("N/A", "Decided not to implement by outsourcing"),
            ],
        ),
    ];
    for (lang, titles, rows) in expected {
        let wb = read(&template_bytes(lang, None).unwrap());
        let guide = sheet_rows(&wb, guide_sheet_name(lang));
        let cells: Vec<&str> = guide.iter().flatten().map(String::as_str).collect();
        for t in titles {
            assert!(cells.contains(t), "{lang:?}: no {t:?} in the guide");
        }
        for (key, text) in rows {
            assert!(
                guide.iter().any(|r| r[0] == *key && r[1] == *text),
                "{lang:?}: no row {key:?} | {text:?}"
            );
        }
        // Nothing of our own is headed as the standard's table.
        for c in &cells {
            if c.starts_with("表 ") || c.starts_with("図 ") || c.contains("Table ") && c.len() < 30
            {
                assert!(titles.contains(c), "{lang:?}: {c:?} headed as a table");
            }
        }
    }
}

#[test]
fn guide_explains_own_services_and_the_combination_scale() {
    let wb = read(&template_bytes(Lang::Ja, None).unwrap());
    let text = sheet_rows(&wb, guide_sheet_name(Lang::Ja))
        .concat()
        .join("\n");
    for s in [
        "独自サービスの追加",
        "英字が A〜I",
        "全体の集計にだけ入ります",
        "併用のスコア",
        // JT-X1060 §9.4, the sentence before Table 3, word for word.
        "なお、サービススコアを付けるにあたり、インソースとアウトソースなどサービスの形態ごとに異なる基準での評価となることに留意する。",
        "本ツール独自の指標",
        "本ツールによる解釈",
    ] {
        assert!(text.contains(s), "the guide lacks {s:?}");
    }
    let wb = read(&template_bytes(Lang::En, None).unwrap());
    let text = sheet_rows(&wb, guide_sheet_name(Lang::En))
        .concat()
        .join("\n");
    for s in [
        "Adding your own services",
        "A letter A–I",
        "Scoring a Combination",
        "this tool's own figure",
    ] {
        assert!(text.contains(s), "the guide lacks {s:?}");
    }
}

#[test]
fn no_maturity_and_na_is_tekiyougai() {
    for lang in [Lang::Ja, Lang::En] {
        let bytes = template_bytes(lang, None).unwrap();
        let mut all = String::new();
        for part_name in [
            "xl/sharedStrings.xml",
            "xl/worksheets/sheet1.xml",
            "docProps/core.xml",
            "docProps/custom.xml",
        ] {
            all.push_str(&part(&bytes, part_name));
        }
        assert!(!all.contains("成熟度"), "{lang:?}: 成熟度");
        assert!(
            !all.to_lowercase().contains("maturity"),
            "{lang:?}: maturity"
        );
        if lang == Lang::Ja {
            assert!(all.contains("適用外"));
            // The self-check sheet (sheet2) is written by selfcheck.rs; the
            // sheets the template writes itself never say 評価対象外.
            let ours = part(&bytes, "xl/worksheets/sheet1.xml");
            assert!(!ours.contains("評価対象外"));
            let lists = read(&bytes);
            let rows = sheet_rows(&lists, lists_sheet_name(lang));
            assert!(rows.iter().flatten().any(|c| c == "適用外"));
            assert!(!rows.iter().flatten().any(|c| c == "評価対象外"));
        }
    }
}

#[test]
fn rows_below_the_64_are_covered() {
    // Drop-down lists and the self-check formulas reach Excel row 1000.
    let bytes = template_bytes(Lang::En, None).unwrap();
    let sheet1 = part(&bytes, "xl/worksheets/sheet1.xml");
    for col in ["E", "F", "I", "J"] {
        assert!(
            sheet1.contains(&format!("sqref=\"{col}5:{col}1000\"")),
            "no drop-down over {col}5:{col}1000"
        );
    }
    let selfcheck = part(&bytes, "xl/worksheets/sheet2.xml");
    assert!(
        selfcheck.contains("$A$5:$A$1000"),
        "self-check ranges end at 1000"
    );
    let l = Layout::of(&blank_portfolio(Lang::En, None));
    assert_eq!(l.last_input_row(64), 999);
    assert_eq!(
        l.last_input_row(900),
        4 + 900 - 1 + 200,
        "more services, more room"
    );
}
