//! `x1060 annotate` edits the user's `.xlsx` package in place: on a richly
//! dressed workbook (styles, number formats, conditional formats, a
//! validation, a hyperlink, merges, outline groups, a frozen pane, print
//! setup, defined names, an existing comment, a picture, a chart, an Excel
//! table), every part is kept byte for byte except the few annotate must
//! change, and in those every original element is still there.
//!
//! The workbook is built with `rust_xlsxwriter` and the parts are compared
//! with `zip` + `quick-xml`, so this runs with the Rust toolchain alone;
//! ci/check_annotate_package.py does the same on workbooks openpyxl and
//! LibreOffice write.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use rust_xlsxwriter::{
    Chart, ChartType, ConditionalFormat3ColorScale, DataValidation, Format, Image, Note, Table,
    Url, Workbook,
};
use x1060::catalogue::catalogue;
use x1060::read::package::spans;

const BIN: &str = env!("CARGO_BIN_EXE_x1060");

/// A 1×1 PNG (a logo).
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// The portfolio sheet's name.
const SHEET: &str = "ポートフォリオ";

/// Writes the dressed workbook; row 4 (0-based) is the header, services
/// from row 5. A-1's As-Is is `3点` (pinned), A-2 has a user comment on
/// its level and an invalid level (so our note joins theirs).
fn dressed(path: &Path) {
    let mut wb = Workbook::new();
    let title = Format::new().set_bold().set_font_size(16);
    let head = Format::new().set_bold().set_background_color(0xD9E1F2);
    let yen = Format::new().set_num_format("#,##0\"千円\"");
    let date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    let ws = wb.add_worksheet();
    ws.set_name(SHEET).unwrap();
    ws.merge_range(0, 0, 0, 7, "CDC サービスポートフォリオ 2025", &title)
        .unwrap();
    ws.write(1, 0, "評価日").unwrap();
    ws.write_with_format(1, 1, 45_748.0, &date).unwrap();
    ws.insert_image(1, 5, &Image::new_from_buffer(PNG).unwrap())
        .unwrap();
    let heads = [
        "ID",
        "サービス名",
        "推奨レベル",
        "サービス割り当て",
        "担当",
        "現状",
        "あるべき姿",
        "予算",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_with_format(4, c as u16, *h, &head).unwrap();
    }
    let levels = ["ベーシック", "スタンダード", "アドバンスド", "オプション"];
    for (i, s) in catalogue().services.iter().enumerate() {
        let r = 5 + i as u32;
        ws.write(r, 0, s.id.as_str()).unwrap();
        ws.write(r, 1, s.name(x1060::catalogue::Lang::Ja)).unwrap();
        ws.write(r, 2, levels[i % 4]).unwrap();
        ws.write(r, 3, "インソース").unwrap();
        ws.write(r, 4, "SOC").unwrap();
        ws.write(r, 5, (1 + i % 3) as f64).unwrap();
        ws.write(r, 6, (2 + i % 3) as f64).unwrap();
        ws.write_with_format(r, 7, 1200.0 * (i + 1) as f64, &yen)
            .unwrap();
    }
    ws.write(5, 5, "3点").unwrap();
    ws.write(6, 2, "必須").unwrap();
    ws.insert_note(6, 2, &Note::new("CISO と相談中").set_author("花子"))
        .unwrap();
    ws.write_url(
        2,
        0,
        Url::new("https://www.itu.int/rec/T-REC-X.1060").set_text("X.1060"),
    )
    .unwrap();
    ws.add_conditional_format(5, 5, 68, 6, &ConditionalFormat3ColorScale::new())
        .unwrap();
    let dv = DataValidation::new().allow_list_strings(&levels).unwrap();
    ws.add_data_validation(5, 2, 68, 2, &dv).unwrap();
    ws.group_rows(10, 14).unwrap();
    ws.set_freeze_panes(5, 2).unwrap();
    ws.set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(4, 4).unwrap();
    ws.set_column_width(1, 30).unwrap();
    let other = wb.add_worksheet();
    other.set_name("予算").unwrap();
    other.write(0, 0, "区分").unwrap();
    other.write(0, 1, "金額").unwrap();
    for r in 1..5u32 {
        other.write(r, 0, format!("項目{r}")).unwrap();
        other
            .write_with_format(r, 1, 100.0 * r as f64, &yen)
            .unwrap();
    }
    other.add_table(0, 0, 4, 1, &Table::new()).unwrap();
    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values(("予算", 1, 1, 4, 1));
    other.insert_chart(1, 3, &chart).unwrap();
    wb.define_name("予算合計", "=SUM(予算!$B$2:$B$5)").unwrap();
    wb.save(path).unwrap();
}

fn parts(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().unwrap().to_string(), b)
        })
        .collect()
}

fn annotate(dir: &Path, input: &Path, name: &str) -> PathBuf {
    let out = dir.join(name);
    let o = Command::new(BIN)
        .args([
            "annotate",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The raw elements `local` of an XML text.
fn raw<'a>(xml: &'a str, local: &str) -> Vec<&'a str> {
    spans(xml.as_bytes(), local)
        .into_iter()
        .map(|(a, b)| &xml[a..b])
        .collect()
}

/// The part names annotate may change on the portfolio sheet's package.
fn may_change(name: &str) -> bool {
    [
        "[Content_Types].xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
        "xl/worksheets/_rels/sheet1.xml.rels",
        "xl/comments1.xml",
        "xl/drawings/vmlDrawing1.vml",
    ]
    .contains(&name)
}

#[test]
fn every_part_is_kept_and_every_original_element_survives() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("dressed.xlsx");
    dressed(&input);
    let before = parts(&input);
    let out = annotate(dir.path(), &input, "out.xlsx");
    let after = parts(&out);
    for (name, bytes) in &before {
        let now = after
            .get(name)
            .unwrap_or_else(|| panic!("{name} was dropped"));
        if !may_change(name) {
            assert!(now == bytes, "{name} changed");
        }
    }
    // Styles: the original children stay first, in order.
    let (s0, s1) = (
        text(&before["xl/styles.xml"]),
        text(&after["xl/styles.xml"]),
    );
    for section in ["numFmts", "fonts", "fills", "borders", "cellXfs", "dxfs"] {
        let old: Vec<&str> = raw(&s0, section).first().map_or(vec![], |s| vec![*s]);
        let new = raw(&s1, section);
        if let (Some(o), Some(n)) = (old.first(), new.first()) {
            let inner =
                |x: &str| x[x.find('>').unwrap() + 1..x.rfind("</").unwrap_or(x.len())].to_string();
            assert!(
                inner(n).starts_with(&inner(o)),
                "{section}: originals moved"
            );
        }
    }
    // The portfolio sheet: every original cell and dressing element as it was.
    let (p0, p1) = (
        text(&before["xl/worksheets/sheet1.xml"]),
        text(&after["xl/worksheets/sheet1.xml"]),
    );
    for c in raw(&p0, "c") {
        assert!(p1.contains(c), "cell lost or changed: {c}");
    }
    for el in [
        "mergeCells",
        "conditionalFormatting",
        "dataValidations",
        "hyperlinks",
        "pane",
        "pageSetup",
        "printOptions",
        "pageMargins",
        "drawing",
        "sheetFormatPr",
    ] {
        for e in raw(&p0, el) {
            assert!(p1.contains(e), "{el} lost or changed: {e}");
        }
    }
    for row in raw(&p0, "row")
        .iter()
        .filter(|r| r.contains("outlineLevel"))
    {
        let tag = &row[..row.find('>').unwrap()];
        let tag = tag.split(" spans=").next().unwrap();
        assert!(p1.contains(tag), "outline group lost: {tag}");
    }
    // Workbook: the user's defined names, print titles; a print area.
    let (w0, w1) = (
        text(&before["xl/workbook.xml"]),
        text(&after["xl/workbook.xml"]),
    );
    for n in raw(&w0, "definedName") {
        assert!(w1.contains(n), "defined name lost: {n}");
    }
    assert!(w1.contains("_xlnm.Print_Area"), "no print area: {w1}");
    assert!(
        w1.contains("$A$1:$H$69"),
        "the print area is the original used range: {w1}"
    );
    // The user's comment keeps its text; ours follows.
    let c1 = text(&after["xl/comments1.xml"]);
    let theirs = c1.find("CISO と相談中").expect("the user's comment");
    let ours = c1[theirs..].find("x1060:").expect("our note below it");
    assert!(c1[theirs + ours..].contains("C002"), "{c1}");
    // A pinned score says so.
    assert!(c1.contains("3"), "{c1}");
    assert!(
        p1.contains("IF(F6=\"3点\",3,"),
        "the As-Is of A-1 is pinned"
    );
}

#[test]
fn annotating_again_replaces_only_what_the_first_run_added() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("dressed.xlsx");
    dressed(&input);
    let once = annotate(dir.path(), &input, "once.xlsx");
    let twice = annotate(dir.path(), &once, "twice.xlsx");
    let (a, b) = (parts(&once), parts(&twice));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(
            b[name] == *bytes,
            "{name} differs after a second run:\n{}\n---\n{}",
            text(bytes),
            text(&b[name])
        );
    }
}

#[test]
fn an_xlsm_keeps_its_macro_project() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("dressed.xlsx");
    dressed(&plain);
    // A macro-enabled package: the project part, its relationship and type.
    let mut src = zip::ZipArchive::new(std::fs::File::open(&plain).unwrap()).unwrap();
    let xlsm = dir.path().join("macro.xlsm");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&xlsm).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    let vba = b"\xd0\xcf\x11\xe0 not a real project, but bytes to keep".to_vec();
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut b = Vec::new();
        f.read_to_end(&mut b).unwrap();
        let mut s = text(&b);
        if name == "[Content_Types].xml" {
            s = s.replace("spreadsheetml.sheet.main+xml", "sheet.macroEnabled.main+xml").replace(
                "</Types>",
                "<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/></Types>",
            );
            b = s.into_bytes();
        } else if name == "xl/_rels/workbook.xml.rels" {
            b = s
                .replace("</Relationships>", "<Relationship Id=\"rId99\" Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" Target=\"vbaProject.bin\"/></Relationships>")
                .into_bytes();
        }
        w.start_file(name, opts).unwrap();
        std::io::Write::write_all(&mut w, &b).unwrap();
    }
    w.start_file("xl/vbaProject.bin", opts).unwrap();
    std::io::Write::write_all(&mut w, &vba).unwrap();
    w.finish().unwrap();
    let out = annotate(dir.path(), &xlsm, "macro.annotated.xlsm");
    let after = parts(&out);
    assert_eq!(after["xl/vbaProject.bin"], vba);
    assert!(text(&after["xl/_rels/workbook.xml.rels"]).contains("vbaProject.bin"));
    assert!(text(&after["[Content_Types].xml"]).contains("macroEnabled"));
}
