//! The `.xlsx` fast path (`read::xlsx_fast`) gives what calamine's cell
//! reader gives, cell for cell, and declines what it does not copy exactly.
//!
//! Every workbook is read twice, once as `check` reads it and once with
//! `ReadOptions::calamine_cells`, and the sheets compared. The workbooks are
//! the repository's own `.xlsx` files and packages written here part by part,
//! with every cell kind the fast path knows and the ones it must decline.

use std::io::Write;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use x1060::read::{Limits, ReadOptions, read_bytes, xlsx_sheets_read_by_calamine};

/// One read: each sheet's fields, or the error text; and how many sheets
/// calamine's cell reader read.
fn read(bytes: &[u8], calamine_cells: bool) -> (Result<Vec<String>, String>, usize) {
    read_within(bytes, calamine_cells, Limits::default())
}

fn read_within(
    bytes: &[u8],
    calamine_cells: bool,
    limits: Limits,
) -> (Result<Vec<String>, String>, usize) {
    let opts = ReadOptions {
        calamine_cells,
        limits,
        ..Default::default()
    };
    let before = xlsx_sheets_read_by_calamine();
    let got = read_bytes(bytes, &opts)
        .map(|wb| {
            wb.sheets
                .iter()
                .map(|s| {
                    let mut uncached: Vec<_> = s.uncached.iter().collect();
                    uncached.sort();
                    format!(
                        "{} visible={} truncated={} grid={:?} uncached={:?} merges={:?}",
                        s.name, s.visible, s.truncated, s.grid, uncached, s.merges
                    )
                })
                .collect()
        })
        .map_err(|e| e.describe());
    (got, xlsx_sheets_read_by_calamine() - before)
}

/// Reads both ways, asserts the same result, and returns how many sheets
/// the fast path left to calamine.
fn same_both_ways(bytes: &[u8], what: &str) -> usize {
    let (fast, declined) = read(bytes, false);
    let (slow, _) = read(bytes, true);
    assert_eq!(fast, slow, "{what}: the fast path and calamine differ");
    declined
}

fn xlsx_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            xlsx_files(&p, out);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("xlsx" | "xlsm")
        ) {
            out.push(p);
        }
    }
}

#[test]
fn every_xlsx_in_the_repository_reads_the_same_both_ways() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    xlsx_files(&root.join("samples"), &mut files);
    xlsx_files(&root.join("tests/fixtures"), &mut files);
    assert!(files.len() > 20, "only {} workbooks found", files.len());
    for f in &files {
        same_both_ways(&std::fs::read(f).unwrap(), &f.display().to_string());
    }
}

#[test]
fn the_bundled_samples_take_the_fast_path() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["samples/sample-en.xlsx", "samples/sample-ja.xlsx"] {
        let bytes = std::fs::read(root.join(name)).unwrap();
        assert_eq!(same_both_ways(&bytes, name), 0, "{name} left to calamine");
    }
}

/// A package of worksheets (sheet XML bodies: the part inside
/// `<sheetData>`), with shared strings and cell styles.
struct Package {
    sheets: Vec<String>,
    strings: Option<String>,
    styles: Option<String>,
    before_data: String,
    workbook_pr: String,
}

impl Package {
    fn new(sheet_data: &[&str]) -> Package {
        Package {
            sheets: sheet_data.iter().map(|s| s.to_string()).collect(),
            strings: None,
            styles: None,
            before_data: "<dimension ref=\"A1:C9\"/>".into(),
            workbook_pr: String::new(),
        }
    }

    fn zip(&self) -> Vec<u8> {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        let mut put = |name: &str, text: &str| {
            z.start_file(name, opts).unwrap();
            z.write_all(text.as_bytes()).unwrap();
        };
        const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        put(
            "[Content_Types].xml",
            "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
        );
        put(
            "_rels/.rels",
            &format!(
                "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            ),
        );
        let mut sheets = String::new();
        let mut rels = String::new();
        for i in 1..=self.sheets.len() {
            sheets.push_str(&format!(
                "<sheet name=\"S{i} &amp; co\" sheetId=\"{i}\" r:id=\"rId{i}\"/>"
            ));
            rels.push_str(&format!(
                "<Relationship Id=\"rId{i}\" Type=\"{REL}/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>"
            ));
        }
        put(
            "xl/workbook.xml",
            &format!(
                "<?xml version=\"1.0\"?><workbook xmlns=\"{MAIN}\" xmlns:r=\"{REL}\">{}<sheets>{sheets}</sheets></workbook>",
                self.workbook_pr
            ),
        );
        put(
            "xl/_rels/workbook.xml.rels",
            &format!(
                "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{rels}</Relationships>"
            ),
        );
        for (i, data) in self.sheets.iter().enumerate() {
            put(
                &format!("xl/worksheets/sheet{}.xml", i + 1),
                &format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<worksheet xmlns=\"{MAIN}\" xmlns:r=\"{REL}\">{}<sheetData>{data}</sheetData></worksheet>",
                    self.before_data
                ),
            );
        }
        if let Some(sst) = &self.strings {
            put(
                "xl/sharedStrings.xml",
                &format!("<?xml version=\"1.0\"?><sst xmlns=\"{MAIN}\">{sst}</sst>"),
            );
        }
        if let Some(styles) = &self.styles {
            put(
                "xl/styles.xml",
                &format!(
                    "<?xml version=\"1.0\"?><styleSheet xmlns=\"{MAIN}\">{styles}</styleSheet>"
                ),
            );
        }
        z.finish().unwrap().into_inner()
    }
}

const STYLES: &str = "<numFmts count=\"3\"><numFmt numFmtId=\"164\" formatCode=\"yyyy/mm/dd\"/>\
<numFmt numFmtId=\"165\" formatCode=\"[h]:mm:ss\"/><numFmt numFmtId=\"166\" formatCode=\"&quot;d&quot;0.0\"/></numFmts>\
<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>\
<cellXfs count=\"7\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>\
<xf numFmtId=\"166\"/><xf numFmtId=\"46\"/><xf/></cellXfs>";

const STRINGS: &str = "<si><t>plain</t></si>\
<si><t xml:space=\"preserve\">  kept  </t></si>\
<si><t>  trimmed\n</t></si>\
<si><r><rPr><b/></rPr><t>リスク</t></r><r><t>管理</t></r><rPh sb=\"0\" eb=\"3\"><t>リスク</t></rPh><phoneticPr fontId=\"1\"/></si>\
<si><t>R&amp;D &lt;x&gt; &quot;q&apos;</t></si>\
<si/>";

/// Shared strings the fast path leaves to calamine (the whole book is then
/// calamine's).
const DECLINED_STRINGS: &[&str] = &[
    "<si><t>line_x000D_break</t></si>",
    "<si><t><![CDATA[a<b]]></t></si>",
    "<si><t>a\r\nb</t></si>",
    "<si><t>&#x41;</t></si>",
];

/// Cells the fast path reads itself: it must not hand any sheet to calamine.
const READ_FAST: &[&str] = &[
    // Shared strings, every item.
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c></row>\
     <row r=\"2\"><c r=\"A2\" t=\"s\"><v>3</v></c><c r=\"B2\" t=\"s\"><v>4</v></c><c r=\"C2\" t=\"s\"><v>5</v></c><c r=\"D2\" t=\"s\"><v>0</v></c></row>",
    // Inline strings: rich, preserved, entities, phonetic runs, empty.
    "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>サービス名</t></is></c>\
     <c r=\"B3\" t=\"inlineStr\"><is><r><t>a</t></r><r><t xml:space=\"preserve\"> b </t></r></is></c>\
     <c r=\"C3\" t=\"inlineStr\"><is><t>x &amp; y</t><rPh><t>ignored</t></rPh></is></c>\
     <c r=\"D3\" t=\"inlineStr\"><is/></c><c r=\"F3\" t=\"inlineStr\"><is><t>\n\t改行 \n</t></is></c><c r=\"E3\" t=\"inlineStr\"><is><t>  </t></is><v>9</v></c></row>",
    // Numbers with and without styles, dates, durations, out-of-range style.
    "<row r=\"4\"><c r=\"A4\"><v>1</v></c><c r=\"B4\" t=\"n\"><v>-2.5</v></c><c r=\"C4\" s=\"1\"><v>45383</v></c>\
     <c r=\"D4\" s=\"2\"><v>45383.5</v></c><c r=\"E4\" s=\"3\"><v>1.25</v></c><c r=\"F4\" s=\"4\"><v>3</v></c>\
     <c r=\"G4\" s=\"5\"><v>0.5</v></c><c r=\"H4\" s=\"6\"><v>7</v></c><c r=\"I4\" s=\"99\"><v>8</v></c>\
     <c r=\"J4\"><v>1e3</v></c><c r=\"K4\"><v>.5</v></c><c r=\"M4\"><v>7.</v></c><c r=\"L4\"><v>12345678901234567890</v></c></row>",
    // Booleans, errors, formula strings, ISO dates, empty values.
    "<row r=\"5\"><c r=\"A5\" t=\"b\"><v>1</v></c><c r=\"B5\" t=\"b\"><v>false</v></c><c r=\"C5\" t=\"e\"><v>#DIV/0!</v></c>\
     <c r=\"D5\" t=\"e\"><v>#N/A</v></c><c r=\"E5\" t=\"str\"><f>A1</f><v>a &amp; b</v></c>\
     <c r=\"F5\" t=\"d\"><v>2024-04-01T00:00:00</v></c><c r=\"G5\"><v></v></c><c r=\"H5\" t=\"s\"><v/></c><c r=\"I5\" s=\"1\"/>\
     <c r=\"J5\" t=\"e\"><v/></c><c r=\"K5\" t=\"str\"><v/></c><c r=\"L5\" t=\"d\"><v></v></c></row>",
    // Formulas: cached, uncached, empty string result, shared.
    "<row r=\"6\"><c r=\"A6\"><f>1+1</f><v>2</v></c><c r=\"B6\"><f>1+1</f></c><c r=\"C6\" t=\"str\"><f>\"\"</f><v></v></c>\
     <c r=\"D6\"><f t=\"shared\" ref=\"D6:D8\" si=\"0\">A6</f><v>2</v></c></row>\
     <row r=\"7\"><c r=\"D7\"><f t=\"shared\" si=\"0\"/></c></row>",
    // Rows and cells without positions, empty rows, a row out of order.
    "<row><c><v>1</v></c><c><v>2</v></c></row><row r=\"4\"/><row><c t=\"inlineStr\"><is><t>five</t></is></c><c r=\"D5\"><v>4</v></c><c><v>5</v></c></row>\
     <row r=\"2\"><c r=\"B2\"><v>6</v></c></row>",
];

/// Cells the fast path leaves to calamine (each sheet is declined), which
/// reads them as before.
const DECLINED: &[&str] = &[
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row>",
    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a_x000D_b</t></is></c></row>",
    "<row r=\"1\"><c r=\"A1\"><v>inf</v></c></row>",
    "<row r=\"1\"><c r=\"A1\"><v> 1</v></c></row>",
    "<row r=\"1\"><c r=\"A1\"><v>+1</v></c></row>",
    "<row r=\"1\"><c r=\"A1\"><v>abc</v></c></row>",
    "<row r=\"1\"><c r=\"A1\" t=\"n\"><v>abc</v></c></row>",
    "<row r=\"1\"><c r=\"A1\" t=\"x\"><v>1</v></c></row>",
    "<row r=\"1\"><c r=\"A1\" t=\"e\"><v>#WHAT</v></c></row>",
    "<row r=\"1\"><c r=\"A1\" t=\"b\"><v>2</v></c></row>",
    "<row r=\"1\"><c r=\"A1\" s=\"x\"><v>1</v></c></row>",
    "<row r=\"1\"><c r=\"A1\"><v>1&amp;</v></c></row>",
    "<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>",
    "<row r=\"0\"><c><v>1</v></c></row>",
    "<row r=\"1\"><c r=\"A1\"><extLst/></c></row>",
    "<row r=\"1\"><c r=\"A1\"><f t=\"shared\">A1</f><v>1</v></c></row>",
    "<row r=\"1\"><c r=\"A1\" r=\"B1\"><v>1</v></c></row>",
    "<row r=\"1\"><c r=\"A1\"><v>1</v>",
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>01</v></c></row>",
    "<row r=\"1\"><!-- note --><c r=\"A1\"><v>1</v></c></row>",
    "<row r=\"1\"><c r=\"A1\" t=\"str\"><v><![CDATA[x]]></v></c></row>",
    "<row r=\"1\"><x:c r=\"A1\"><v>1</v></x:c></row>",
    "<row r=\"1\"><c r=\"A1\" t=\"str\"><v>a&#65;</v></c></row>",
    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a\r\nb</t></is></c></row>",
    "<row r=\"1\"><c r=\"A1\" t=\"str\"><v>a&bogus;</v></c></row>",
];

#[test]
fn plain_cells_of_every_kind_read_the_same_and_fast() {
    let mut p = Package::new(READ_FAST);
    p.strings = Some(STRINGS.into());
    p.styles = Some(STYLES.into());
    assert_eq!(same_both_ways(&p.zip(), "plain cells"), 0);
}

#[test]
fn dates_of_a_1904_workbook_read_the_same_both_ways() {
    let mut p = Package::new(&[READ_FAST[2]]);
    p.styles = Some(STYLES.into());
    p.workbook_pr = "<workbookPr date1904=\"1\"/>".into();
    assert_eq!(same_both_ways(&p.zip(), "1904 dates"), 0);
}

#[test]
fn what_the_fast_path_declines_calamine_reads_as_before() {
    for (i, data) in DECLINED.iter().enumerate() {
        let mut p = Package::new(&[data]);
        p.strings = Some(STRINGS.into());
        p.styles = Some(STYLES.into());
        let declined = same_both_ways(&p.zip(), &format!("declined case {i}: {data}"));
        assert!(declined <= 1, "case {i}");
        // A case calamine refuses is refused before any sheet is read.
        let (fast, _) = read(&p.zip(), false);
        if fast.is_ok() {
            assert_eq!(declined, 1, "case {i} was read by the fast path: {data}");
        }
    }
    // Such a shared string makes the whole book calamine's.
    for extra in DECLINED_STRINGS {
        let mut p = Package::new(&["<row r=\"1\"><c r=\"A1\" t=\"s\"><v>6</v></c></row>"]);
        p.strings = Some(format!("{STRINGS}{extra}"));
        assert_eq!(same_both_ways(&p.zip(), extra), 1, "{extra}");
    }
}

#[test]
fn what_comes_before_the_cells_is_read_as_calamine_reads_it() {
    for (before, fast) in [
        ("<dimension ref=\"B2\"/>", true),
        (
            "<sheetPr><outlinePr summaryBelow=\"1\"/></sheetPr><dimension ref=\"A1:Z99\"/><cols><col min=\"1\" max=\"2\"/></cols>",
            true,
        ),
        ("", true),
        ("<!-- written by hand --><dimension ref=\"A1\"/>", false),
        ("<dimension/>", false),
        ("<x:dimension xmlns:x=\"urn:x\" ref=\"A1\"/>", false),
    ] {
        let mut p = Package::new(&["<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"]);
        p.before_data = before.into();
        let declined = same_both_ways(&p.zip(), before);
        if fast {
            assert_eq!(declined, 0, "{before}");
        }
    }
}

#[test]
fn a_declined_sheet_does_not_disturb_the_next() {
    let p = Package::new(&[
        "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\"><v>inf</v></c></row>",
        "<row r=\"1\"><c r=\"A1\"><v>2</v></c></row>",
    ]);
    assert_eq!(same_both_ways(&p.zip(), "two sheets"), 1);
}

#[test]
fn the_cell_limits_stop_both_readers_at_the_same_cell() {
    let wide = (0..200)
        .map(|r| {
            format!(
                "<row r=\"{}\"><c r=\"CV{}\"><v>1</v></c></row>",
                r + 1,
                r + 1
            )
        })
        .collect::<String>();
    let bytes = Package::new(&[&wide]).zip();
    let limits = |max_rows, max_cols, max_cells| Limits {
        max_rows,
        max_cols,
        max_cells,
        ..Limits::default()
    };
    for (rows, cols, cells, want) in [
        (1000, 1000, 5000, Some("spreads its cells")),
        (1000, 50, 5000, None),
        (20, 1000, 100_000, None),
    ] {
        let lim = limits(rows, cols, cells);
        let (fast, declined) = read_within(&bytes, false, lim);
        let (slow, _) = read_within(&bytes, true, lim);
        assert_eq!(
            fast, slow,
            "limits {rows} rows, {cols} columns, {cells} cells"
        );
        assert_eq!(declined, 0);
        match want {
            Some(text) => assert!(fast.unwrap_err().contains(text)),
            None => assert!(fast.unwrap()[0].contains("truncated=true")),
        }
    }
}

/// Cell fragments a generated sheet is made of (`{r}` is the reference).
const FRAGMENTS: &[&str] = &[
    "<c r=\"{r}\"><v>1</v></c>",
    "<c r=\"{r}\" t=\"n\"><v>-0.25</v></c>",
    "<c r=\"{r}\" s=\"1\"><v>45000</v></c>",
    "<c r=\"{r}\" s=\"3\"><v>2.5</v></c>",
    "<c r=\"{r}\" s=\"4\"><v>1</v></c>",
    "<c r=\"{r}\" t=\"s\"><v>3</v></c>",
    "<c r=\"{r}\" t=\"s\"><v>1</v></c>",
    "<c r=\"{r}\" t=\"inlineStr\"><is><t> 2点 </t></is></c>",
    "<c r=\"{r}\" t=\"inlineStr\"><is><t>\n3点\n</t></is></c>",
    "<c r=\"{r}\" t=\"inlineStr\"><is><r><t>内製</t></r><r><t>(SOC)</t></r></is></c>",
    "<c r=\"{r}\" t=\"b\"><v>1</v></c>",
    "<c r=\"{r}\" t=\"e\"><v>#REF!</v></c>",
    "<c r=\"{r}\" t=\"str\"><f>X</f><v>t</v></c>",
    "<c r=\"{r}\"><f>X</f></c>",
    "<c r=\"{r}\" s=\"2\"/>",
    "<c><v>5</v></c>",
    "<c r=\"{r}\"><v>2e-3</v></c>",
    "<c r=\"{r}\"><v>nan</v></c>",
    "<c r=\"{r}\" t=\"inlineStr\"><is><t>a_x0041_</t></is></c>",
];

fn column_name(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Random sheets of the fragments above, with rows given or not: the two
    /// readers agree on every one.
    #[test]
    fn generated_sheets_read_the_same_both_ways(
        rows in proptest::collection::vec(
            (any::<bool>(), 1u32..30, proptest::collection::vec((0usize..FRAGMENTS.len(), 0u32..40), 0..8)),
            0..12,
        )
    ) {
        let mut data = String::new();
        for (numbered, row, cells) in &rows {
            if *numbered {
                data.push_str(&format!("<row r=\"{row}\">"));
            } else {
                data.push_str("<row>");
            }
            for (f, col) in cells {
                let r = format!("{}{row}", column_name(*col));
                data.push_str(&FRAGMENTS[*f].replace("{r}", &r));
            }
            data.push_str("</row>");
        }
        let mut p = Package::new(&[&data]);
        p.strings = Some(STRINGS.into());
        p.styles = Some(STYLES.into());
        same_both_ways(&p.zip(), &data);
    }
}
