//! The summary workbook of `x1060 report`, and the cell formats and print
//! setup it shares with the diff and history workbooks.

use std::io::{BufWriter, Write};

use crate::write::{Result, WriteError};
use rust_xlsxwriter::{
    Chart, ChartType, ConditionalFormat3ColorScale, ConditionalFormatType, DocProperties, Workbook,
    Worksheet,
};

use super::{AtomicOut, Layout, ReportRow, Sheet, Sink, Totals, xlsx_error};
use crate::analysis::Status;
use crate::catalogue::{Lang, catalogue};

pub use crate::write::style::Styles;

/// A worksheet for a sheet that may grow to one row per file (or per
/// finding). Its rows are always written in order, so it can be a
/// rust_xlsxwriter "constant memory" worksheet, whose rows go to a temporary
/// file as they are finished: with the crate's `constant_memory` feature
/// enabled in Cargo.toml, this calls
/// `workbook.add_worksheet_with_constant_memory()`.
pub fn big_sheet(wb: &mut Workbook) -> Result<&mut Worksheet> {
    wb.add_worksheet_with_constant_memory().map_err(xlsx_error)
}

/// Print setup for a generated sheet: A4 landscape, `pages_wide` pages
/// across, the header rows repeated on every page, page numbers.
pub fn print_setup(ws: &mut Worksheet, pages_wide: u16, header_rows: u32) -> Result<()> {
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(pages_wide, 0)
        .set_footer("&C&P / &N");
    if header_rows > 0 {
        ws.set_repeat_rows(0, header_rows - 1).map_err(xlsx_error)?;
    }
    Ok(())
}

/// The statement every report carries (TR-XSup.44 §7.3).
pub fn notice(lang: Lang) -> &'static str {
    lang.pick(
        "X.1060 の自己評価は組織内でサービスを改善するためのもので、組織間の比較（ベンチマーク）や順位付けには適しません（TR-XSup.44 §7.3）。この一覧は各組織の改善状況を確認するためのものです。",
        "The X.1060 self-assessment measures improvement inside one organisation; it is not fit for comparing or ranking organisations (TR-XSup.44 §7.3). Use this list to follow each organisation's own progress.",
    )
}

/// Sheet names of the summary workbook, in order, in Japanese and English.
pub const REPORT_SHEETS: [[&str; 7]; 2] = [
    [
        "一覧",
        "現状",
        "あるべき姿",
        "達成率",
        "指摘",
        "読めないファイル",
        "グループ集計",
    ],
    [
        "Summary",
        "As-Is",
        "To-Be",
        "Achievement",
        "Findings",
        "Unreadable",
        "Group",
    ],
];

/// The sheet names in a language.
pub fn report_sheets(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::Ja => REPORT_SHEETS[0],
        Lang::En => REPORT_SHEETS[1],
    }
}

/// The 0-based row of the column headers on every sheet (a title and a
/// line of explanation above).
pub const HEADER_ROW: u32 = super::SHEET_HEADER_ROW;

/// The Summary sheet's column headers.
pub fn summary_headers(lang: Lang) -> Vec<String> {
    [
        lang.pick("ファイル", "File"),
        lang.pick("組織", "Organisation"),
        lang.pick("シート", "Sheet"),
        lang.pick("状態", "Status"),
        lang.pick("エラー", "Errors"),
        lang.pick("警告", "Warnings"),
        lang.pick("情報", "Infos"),
        lang.pick("サービス行", "Services"),
        lang.pick("選択サービス", "Selected"),
        lang.pick("ベーシック未達", "Basic below To-Be"),
        lang.pick("現状平均", "Mean As-Is"),
        lang.pick("あるべき姿平均", "Mean To-Be"),
        lang.pick("達成率", "Achievement"),
        lang.pick("理由", "Reason"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// The headers of the per-category sheets (As-Is, To-Be, Achievement).
pub fn category_headers(lang: Lang) -> Vec<String> {
    let mut h = vec![
        lang.pick("ファイル", "File").to_string(),
        lang.pick("組織", "Organisation").to_string(),
    ];
    for c in &catalogue().categories {
        h.push(format!("{} {}", c.id, c.name(lang)));
    }
    h.push(lang.pick("全体", "Overall").to_string());
    h
}

/// The Findings sheet's column headers.
pub fn finding_headers(lang: Lang) -> Vec<String> {
    [
        lang.pick("ファイル", "File"),
        lang.pick("組織", "Organisation"),
        lang.pick("ルール", "Rule"),
        lang.pick("重大度", "Severity"),
        lang.pick("シート", "Sheet"),
        lang.pick("セル", "Cell"),
        lang.pick("サービス", "Service"),
        lang.pick("内容", "Message"),
        lang.pick("出典", "Source"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// The Unreadable sheet's column headers.
pub fn unreadable_headers(lang: Lang) -> Vec<String> {
    vec![
        lang.pick("ファイル", "File").to_string(),
        lang.pick("理由", "Reason").to_string(),
    ]
}

const SUMMARY: usize = 0;
const AS_IS: usize = 1;
const TO_BE: usize = 2;
const ACHIEVEMENT: usize = 3;
const FINDINGS: usize = 4;
const UNREADABLE: usize = 5;
const GROUP: usize = 6;

/// Per category: organisations with figures, with a Basic service below
/// its To-Be, and the sums of their means (for the group sheet).
#[derive(Debug, Clone, Default)]
struct GroupTally {
    with_figures: [u32; 10],
    basic_below: [u32; 10],
    sum_as_is: [f64; 10],
    n_as_is: [u32; 10],
    sum_to_be: [f64; 10],
    n_to_be: [u32; 10],
}

/// The summary workbook (sheets [`REPORT_SHEETS`]): every sheet has a
/// title and a line of explanation, widths from its content, frozen and
/// repeated identifying columns, and prints A4 landscape one page wide;
/// the Unreadable sheet is hidden when no file is unreadable; the group
/// sheet has a chart.
pub struct XlsxSink {
    wb: Workbook,
    target: AtomicOut,
    lang: Lang,
    st: Styles,
    layouts: Vec<Layout>,
    tally: GroupTally,
}

impl XlsxSink {
    /// Starts the workbook: the sheets, titles, explanations and headers.
    pub fn new(target: AtomicOut, lang: Lang) -> Result<XlsxSink> {
        let e = xlsx_error;
        let st = Styles::new(lang);
        let mut wb = Workbook::new();
        let title = lang.pick("X.1060 自己評価の一覧", "X.1060 self-assessment summary");
        wb.set_properties(&DocProperties::new().set_title(title).set_comment(format!(
            "x1060 {}; {}",
            env!("CARGO_PKG_VERSION"),
            notice(Lang::En)
        )));
        let names = report_sheets(lang);
        let scale = lang.pick(
            "色は規格の尺度（平均 1〜5、達成率 0〜100%）によるもので、他組織との相対比較ではありません。",
            "Colours follow the standard's scale (means 1–5, achievement 0–100%), not a comparison with other organisations.",
        );
        let specs: [(String, String, Vec<String>, u16); 6] = [
            (
                title.to_string(),
                format!(
                    "{} {}",
                    notice(lang),
                    lang.pick(
                        "平均: スコア 1〜5 の平均（不要のサービスと適用外を除く）。達成率 = Σ現状 / Σあるべき姿（本ツール独自の指標）。ベーシック未達: 現状があるべき姿より低いベーシックのサービス数。",
                        "Means: mean score 1–5 (Unnecessary services and N/A left out). Achievement = ΣAs-Is / ΣTo-Be (this tool's own figure). Basic below To-Be: Basic services scored below their To-Be.",
                    )
                ),
                summary_headers(lang),
                4,
            ),
            (
                lang.pick("カテゴリー別の現状平均", "Mean As-Is per category").to_string(),
                format!("{} {scale}", notice(lang)),
                category_headers(lang),
                2,
            ),
            (
                lang.pick("カテゴリー別のあるべき姿平均", "Mean To-Be per category")
                    .to_string(),
                format!("{} {scale}", notice(lang)),
                category_headers(lang),
                2,
            ),
            (
                lang.pick(
                    "カテゴリー別の達成率（Σ現状 / Σあるべき姿）",
                    "Achievement per category (ΣAs-Is / ΣTo-Be)",
                )
                .to_string(),
                format!(
                    "{} {}",
                    lang.pick(
                        "達成率は本ツール独自の指標で、規格の指標ではありません。",
                        "Achievement is this tool's own figure, not the standard's."
                    ),
                    scale
                ),
                category_headers(lang),
                2,
            ),
            (
                lang.pick("指摘の一覧", "Findings").to_string(),
                lang.pick(
                    "各ファイルの指摘（ルール、重大度、セル、内容、規格の出典）。ルールの説明は x1060 rules ID で表示できます。",
                    "Every finding of every file (rule, severity, cell, message, the standard's section). x1060 rules ID explains a rule.",
                )
                .to_string(),
                finding_headers(lang),
                9,
            ),
            (
                lang.pick("読めなかったファイル", "Files that could not be read").to_string(),
                lang.pick(
                    "表計算ソフトで開けるか確認し、.xlsx で保存し直してください。",
                    "Check that each opens in a spreadsheet program, and save it again as .xlsx.",
                )
                .to_string(),
                unreadable_headers(lang),
                2,
            ),
        ];
        let mut layouts = Vec::new();
        for (i, (t, expl, heads, numeric_from)) in specs.iter().enumerate() {
            let ws = big_sheet(&mut wb)?;
            layouts.push(Layout::start(
                ws,
                &st,
                names[i],
                t,
                expl,
                heads,
                *numeric_from,
            )?);
        }
        wb.add_worksheet().set_name(names[GROUP]).map_err(e)?;
        Ok(XlsxSink {
            wb,
            target,
            lang,
            st,
            layouts,
            tally: GroupTally::default(),
        })
    }

    fn heat(ws: &mut Worksheet, first: u32, last: u32, c0: u16, c1: u16, max: f64) -> Result<()> {
        if last < first {
            return Ok(());
        }
        let cf = ConditionalFormat3ColorScale::new()
            .set_minimum(
                ConditionalFormatType::Number,
                if max > 1.0 { 1.0 } else { 0.0 },
            )
            .set_midpoint(
                ConditionalFormatType::Number,
                if max > 1.0 { 3.0 } else { 0.5 },
            )
            .set_maximum(ConditionalFormatType::Number, max)
            .set_minimum_color("F8696B")
            .set_midpoint_color("FFEB84")
            .set_maximum_color("63BE7B");
        ws.add_conditional_format(first, c0, last, c1, &cf)
            .map_err(xlsx_error)?;
        Ok(())
    }

    /// Writes a text cell on sheet `i`.
    fn text(&mut self, i: usize, r: u32, c: u16, s: Option<&str>) -> Result<()> {
        let Some(s) = s else { return Ok(()) };
        let ws = self.wb.worksheet_from_index(i).map_err(xlsx_error)?;
        self.layouts[i].text(ws, &self.st, r, c, s)
    }

    /// Writes a number cell on sheet `i`.
    fn num(&mut self, i: usize, r: u32, c: u16, v: Option<f64>, kind: u8) -> Result<()> {
        let ws = self.wb.worksheet_from_index(i).map_err(xlsx_error)?;
        let (f, shown) = match kind {
            0 => (&self.st.int, v.map_or(1, |x| format!("{x:.0}").len())),
            1 => (&self.st.mean, 5),
            _ => (&self.st.pct, 7),
        };
        self.layouts[i].number(ws, r, c, v, f, shown)
    }
}

impl Sink for XlsxSink {
    fn row(&mut self, r: &ReportRow) -> Result<()> {
        let lang = self.lang;
        let f = r.figures.as_deref();

        // Summary.
        let row = self.layouts[SUMMARY].next_row();
        self.text(SUMMARY, row, 0, Some(&r.path))?;
        self.text(SUMMARY, row, 1, r.organisation.as_deref())?;
        self.text(SUMMARY, row, 2, r.sheet.as_deref())?;
        self.text(SUMMARY, row, 3, Some(r.status.label(lang)))?;
        if r.status != Status::Unreadable {
            for (c, n) in [r.errors, r.warnings, r.infos].iter().enumerate() {
                self.num(SUMMARY, row, 4 + c as u16, Some(*n as f64), 0)?;
            }
        }
        if let Some(f) = f {
            for (c, n) in [f.services, f.selected, f.basic_below_target]
                .iter()
                .enumerate()
            {
                self.num(SUMMARY, row, 7 + c as u16, Some(*n as f64), 0)?;
            }
            let all = f.groups[9];
            self.num(SUMMARY, row, 10, all.mean_as_is, 1)?;
            self.num(SUMMARY, row, 11, all.mean_to_be, 1)?;
            self.num(SUMMARY, row, 12, all.achievement, 2)?;
        }
        self.text(SUMMARY, row, 13, r.reason.as_deref())?;

        // As-Is, To-Be, Achievement per category; the group tally.
        if let Some(f) = f {
            for (sheet, kind) in [(AS_IS, 1u8), (TO_BE, 1), (ACHIEVEMENT, 2)] {
                let row = self.layouts[sheet].next_row();
                self.text(sheet, row, 0, Some(&r.path))?;
                self.text(sheet, row, 1, r.organisation.as_deref())?;
                for (g, x) in f.groups.iter().enumerate() {
                    let v = match sheet {
                        AS_IS => x.mean_as_is,
                        TO_BE => x.mean_to_be,
                        _ => x.achievement,
                    };
                    self.num(sheet, row, 2 + g as u16, v, kind)?;
                }
            }
            let t = &mut self.tally;
            for (g, x) in f.groups.iter().enumerate() {
                t.with_figures[g] += 1;
                if f.basic_below[g] > 0 {
                    t.basic_below[g] += 1;
                }
                if let Some(v) = x.mean_as_is {
                    t.sum_as_is[g] += v;
                    t.n_as_is[g] += 1;
                }
                if let Some(v) = x.mean_to_be {
                    t.sum_to_be[g] += v;
                    t.n_to_be[g] += 1;
                }
            }
        }

        // Findings.
        for fd in &r.findings {
            let source = fd.source;
            let row = self.layouts[FINDINGS].next_row();
            let cells = [
                Some(r.path.as_str()),
                r.organisation.as_deref(),
                Some(fd.rule),
                Some(fd.severity.label(lang)),
                fd.sheet.as_deref(),
                fd.cell.as_deref(),
                fd.service.as_deref(),
                Some(fd.message.as_str()),
                Some(source),
            ];
            for (c, v) in cells.iter().enumerate() {
                self.text(FINDINGS, row, c as u16, *v)?;
            }
        }

        // Unreadable.
        if r.status == Status::Unreadable {
            let row = self.layouts[UNREADABLE].next_row();
            self.text(UNREADABLE, row, 0, Some(&r.path))?;
            self.text(UNREADABLE, row, 1, r.reason.as_deref())?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>, totals: &Totals) -> Result<()> {
        let e = xlsx_error;
        let first = HEADER_ROW + 1;
        for (i, id_cols) in [
            (SUMMARY, 2u16),
            (AS_IS, 2),
            (TO_BE, 2),
            (ACHIEVEMENT, 2),
            (FINDINGS, 2),
            (UNREADABLE, 1),
        ] {
            let last = self.layouts[i].last_row();
            let ws = self.wb.worksheet_from_index(i).map_err(e)?;
            match i {
                SUMMARY => {
                    Self::heat(ws, first, last, 10, 11, 5.0)?;
                    Self::heat(ws, first, last, 12, 12, 1.0)?;
                }
                AS_IS | TO_BE => Self::heat(ws, first, last, 2, 11, 5.0)?,
                ACHIEVEMENT => Self::heat(ws, first, last, 2, 11, 1.0)?,
                _ => {}
            }
            self.layouts[i].finish(ws, id_cols)?;
            if i == UNREADABLE && last < first {
                // Nothing unreadable: no empty page when printed.
                ws.set_hidden(true);
            }
        }
        self.group_sheet(totals)?;

        let XlsxSink {
            mut wb, mut target, ..
        } = *self;
        let path = target.path().to_path_buf();
        {
            let mut w = BufWriter::new(target.file());
            wb.save_to_writer(&mut w).map_err(e)?;
            w.flush()
                .map_err(|e| WriteError::io(&path, "cannot write", e))?;
        }
        drop(wb);
        target.commit()
    }
}

impl XlsxSink {
    /// The group summary: per category, how many organisations have a Basic
    /// service below its To-Be, with a chart; the mean of the organisations'
    /// means; then the file counts and the findings per rule.
    fn group_sheet(&mut self, totals: &Totals) -> Result<()> {
        let e = xlsx_error;
        let lang = self.lang;
        let name = report_sheets(lang)[GROUP];
        let heads: Vec<String> = [
            lang.pick("カテゴリー", "Category"),
            lang.pick("スコアのある組織", "Organisations with scores"),
            lang.pick(
                "ベーシック未達のある組織",
                "Organisations with Basic below To-Be",
            ),
            lang.pick("現状平均の平均", "Mean of mean As-Is"),
            lang.pick("あるべき姿平均の平均", "Mean of mean To-Be"),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let ws = self.wb.worksheet_from_index(GROUP).map_err(e)?;
        let st = &self.st;
        let mut sh = Sheet::new(
            ws,
            st,
            name,
            lang.pick("グループ集計", "Group summary"),
            &format!(
                "{} {}",
                notice(lang),
                lang.pick(
                    "カテゴリーごとに、現状があるべき姿より低いベーシックのサービスを持つ組織の数。",
                    "Per category, how many organisations have a Basic service scored below its To-Be."
                )
            ),
            &heads,
            1,
        )?;
        let t = &self.tally;
        let names = category_headers(lang);
        for g in 0..10 {
            let r = sh.next_row();
            sh.text(r, 0, &names[2 + g])?;
            sh.int(r, 1, Some(t.with_figures[g] as f64))?;
            sh.int(r, 2, Some(t.basic_below[g] as f64))?;
            let m = |s: f64, n: u32| (n > 0).then(|| s / n as f64);
            sh.mean(r, 3, m(t.sum_as_is[g], t.n_as_is[g]))?;
            sh.mean(r, 4, m(t.sum_to_be[g], t.n_to_be[g]))?;
        }
        let first = HEADER_ROW + 1;
        let last_cat = HEADER_ROW + 9;
        let mut row = sh.last_row() + 2;
        let lines = [
            (lang.pick("ファイル", "Files"), totals.files),
            (Status::Ok.label(lang), totals.count(Status::Ok)),
            (Status::Warning.label(lang), totals.count(Status::Warning)),
            (Status::Error.label(lang), totals.count(Status::Error)),
            (
                Status::Unreadable.label(lang),
                totals.count(Status::Unreadable),
            ),
            (lang.pick("指摘", "Findings"), totals.findings),
        ];
        for (label, n) in lines {
            sh.text(row, 0, label)?;
            sh.int(row, 1, Some(n as f64))?;
            row += 1;
        }
        row += 1;
        sh.text(row, 0, lang.pick("ルール別の指摘", "Findings per rule"))?;
        row += 1;
        for (rule, n) in &totals.by_rule {
            let label = match crate::rules::info(rule) {
                Some(info) => format!(
                    "{rule} {} ({})",
                    lang.pick(info.title_ja, info.title_en),
                    info.severity.label(lang)
                ),
                None => rule.to_string(),
            };
            sh.text(row, 0, &label)?;
            sh.int(row, 1, Some(*n as f64))?;
            row += 1;
        }
        sh.finish(1)?;
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_name(heads[2].as_str())
            .set_categories((name, first, 0, last_cat, 0))
            .set_values((name, first, 2, last_cat, 2));
        chart.title().set_name(heads[2].as_str());
        chart.legend().set_hidden();
        chart.y_axis().set_reverse();
        let ws = self.wb.worksheet_from_index(GROUP).map_err(e)?;
        ws.insert_chart(first, 6, &chart).map_err(e)?;
        Ok(())
    }
}
