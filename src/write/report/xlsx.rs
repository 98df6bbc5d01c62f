//! The summary workbook of `x1060 report`, and the cell formats and print
//! setup it shares with the diff and history workbooks.

use std::io::{BufWriter, Write};

use anyhow::{Context, Result};
use rust_xlsxwriter::{
    ConditionalFormat3ColorScale, ConditionalFormatType, DocProperties, Format, FormatAlign,
    Workbook, Worksheet,
};

use super::{AtomicOut, GROUPS, ReportRow, Sink, Totals, xlsx_error};
use crate::analysis::Status;
use crate::catalogue::{Lang, catalogue};

/// The cell formats shared by the report and diff workbooks.
pub struct Styles {
    /// Sheet title.
    pub title: Format,
    /// Bold text.
    pub bold: Format,
    /// Plain text.
    pub text: Format,
    /// The notice (bold, red).
    pub notice: Format,
    /// Header cells (bold, shaded, wrapped).
    pub header: Format,
    /// Header cells over numbers (as `header`, aligned right).
    pub header_num: Format,
    /// Long text, wrapped, top-aligned.
    pub wrap: Format,
    /// An integer.
    pub int: Format,
    /// A mean score (`0.00`).
    pub mean: Format,
    /// A ratio as a percentage (`0.0%`).
    pub pct: Format,
    /// A signed change of a mean (`+0.00`).
    pub delta: Format,
    /// A signed change of a ratio (`+0.0%`).
    pub delta_pct: Format,
}

impl Styles {
    /// The formats, in the font of the language (游ゴシック for Japanese,
    /// Calibri for English).
    pub fn new(lang: Lang) -> Styles {
        let base = match lang {
            Lang::Ja => Format::new().set_font_name("游ゴシック"),
            Lang::En => Format::new().set_font_name("Calibri"),
        };
        let header = base
            .clone()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_background_color("DDEBF7")
            .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
        Styles {
            title: base.clone().set_bold().set_font_size(14),
            bold: base.clone().set_bold(),
            notice: base.clone().set_bold().set_font_color("C00000"),
            header_num: header.clone().set_align(FormatAlign::Right),
            header,
            wrap: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            int: base.clone().set_num_format("0"),
            mean: base.clone().set_num_format("0.00"),
            pct: base.clone().set_num_format("0.0%"),
            delta: base.clone().set_num_format("+0.00;-0.00;0.00"),
            delta_pct: base.clone().set_num_format("+0.0%;-0.0%;0.0%"),
            text: base,
        }
    }

    /// Writes a number, or nothing for `None`.
    pub fn number(
        &self,
        ws: &mut Worksheet,
        row: u32,
        col: u16,
        v: Option<f64>,
        f: &Format,
    ) -> Result<()> {
        if let Some(v) = v {
            ws.write_number_with_format(row, col, v, f)
                .map_err(xlsx_error)?;
        }
        Ok(())
    }

    fn opt_text(&self, ws: &mut Worksheet, row: u32, col: u16, v: Option<&str>) -> Result<()> {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            ws.write_string_with_format(row, col, v, &self.text)
                .map_err(xlsx_error)?;
        }
        Ok(())
    }
}

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

/// Sheet names of the summary workbook, in order.
pub const REPORT_SHEETS: [&str; 5] = ["Summary", "Categories", "Findings", "Unreadable", "Totals"];

/// The 0-based row of the column headers on the Summary and Categories
/// sheets (a title, the notice and a legend above).
pub const HEADER_ROW: u32 = 3;

const COL_ASIS: u16 = 10;
const COL_TOBE: u16 = 20;
const COL_ACH: u16 = 30;
const COL_REASON: u16 = 40;

/// The Summary sheet's column headers.
pub fn summary_headers(lang: Lang) -> Vec<String> {
    let mut h: Vec<String> = [
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
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let all = lang.pick("全体", "overall");
    for metric in [
        lang.pick("現状平均", "As-Is"),
        lang.pick("あるべき姿平均", "To-Be"),
        lang.pick("達成率", "Achievement"),
    ] {
        for g in &GROUPS[..9] {
            h.push(format!("{metric} {g}"));
        }
        h.push(format!("{metric} {all}"));
    }
    h.push(lang.pick("理由", "Reason").to_string());
    h
}

/// The Categories sheet's column headers.
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
pub fn finding_headers(lang: Lang) -> [&'static str; 9] {
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
}

/// The Unreadable sheet's column headers.
pub fn unreadable_headers(lang: Lang) -> [&'static str; 2] {
    [lang.pick("ファイル", "File"), lang.pick("理由", "Reason")]
}

/// A status in words.
pub fn status_word(s: Status, lang: Lang) -> &'static str {
    match s {
        Status::Ok => lang.pick("問題なし", "ok"),
        Status::Warning => lang.pick("警告あり", "warning"),
        Status::Error => lang.pick("エラーあり", "error"),
        Status::Unreadable => lang.pick("読めない", "unreadable"),
    }
}

/// The summary workbook (sheets [`REPORT_SHEETS`]).
pub struct XlsxSink {
    wb: Workbook,
    target: AtomicOut,
    lang: Lang,
    st: Styles,
    /// Next row on Summary, Categories, Findings, Unreadable.
    next: [u32; 4],
}

const SUMMARY: usize = 0;
const CATEGORIES: usize = 1;
const FINDINGS: usize = 2;
const UNREADABLE: usize = 3;
const TOTALS: usize = 4;

impl XlsxSink {
    /// Starts the workbook: the sheets, titles, notice and headers.
    pub fn new(target: AtomicOut, lang: Lang) -> Result<XlsxSink> {
        let e = xlsx_error;
        let st = Styles::new(lang);
        let mut wb = Workbook::new();
        wb.set_properties(
            &DocProperties::new()
                .set_title(lang.pick("X.1060 自己評価の一覧", "X.1060 self-assessment summary"))
                .set_comment(format!(
                    "x1060 {}; {}",
                    env!("CARGO_PKG_VERSION"),
                    notice(Lang::En)
                )),
        );
        for name in &REPORT_SHEETS[..4] {
            big_sheet(&mut wb)?.set_name(*name).map_err(e)?;
        }
        wb.add_worksheet()
            .set_name(REPORT_SHEETS[TOTALS])
            .map_err(e)?;

        // Summary.
        let ws = wb.worksheet_from_index(SUMMARY).map_err(e)?;
        let heads = summary_headers(lang);
        Self::top(
            ws,
            &st,
            lang,
            lang.pick("X.1060 自己評価の一覧", "X.1060 self-assessment summary"),
        )?;
        ws.write_string_with_format(
            2,
            0,
            lang.pick(
                "現状・あるべき姿: スコア（1〜5）の平均（不要のサービスと N/A を除く）。達成率: Σ現状 / Σあるべき姿。ベーシック未達: 現状があるべき姿より低いベーシックのサービス数。色は規格の尺度（平均 1〜5、達成率 0〜100%）によるもので、他組織との相対比較ではありません。",
                "As-Is / To-Be: mean score 1–5 (Unnecessary services and N/A left out). Achievement: ΣAs-Is / ΣTo-Be. Basic below To-Be: Basic services scored below their To-Be. Colours follow the standard's scale (means 1–5, achievement 0–100%), not a comparison with other organisations.",
            ),
            &st.text,
        )
        .map_err(e)?;
        ws.set_row_height(HEADER_ROW, 45).map_err(e)?;
        for (c, h) in heads.iter().enumerate() {
            ws.write_string_with_format(HEADER_ROW, c as u16, h, &st.header)
                .map_err(e)?;
        }
        ws.set_column_width(0, 36).map_err(e)?;
        ws.set_column_width(1, 24).map_err(e)?;
        ws.set_column_width(2, 14).map_err(e)?;
        ws.set_column_width(3, 11).map_err(e)?;
        for c in 4..COL_REASON {
            ws.set_column_width(c, if c < COL_ASIS { 9.0 } else { 8.5 })
                .map_err(e)?;
        }
        ws.set_column_width(COL_REASON, 60).map_err(e)?;
        ws.set_freeze_panes(HEADER_ROW + 1, 2).map_err(e)?;
        print_setup(ws, 3, HEADER_ROW + 1)?;

        // Categories.
        let ws = wb.worksheet_from_index(CATEGORIES).map_err(e)?;
        Self::top(
            ws,
            &st,
            lang,
            lang.pick(
                "カテゴリ別の達成率（Σ現状 / Σあるべき姿）",
                "Achievement per category (ΣAs-Is / ΣTo-Be)",
            ),
        )?;
        ws.set_row_height(HEADER_ROW, 45).map_err(e)?;
        for (c, h) in category_headers(lang).iter().enumerate() {
            ws.write_string_with_format(HEADER_ROW, c as u16, h, &st.header)
                .map_err(e)?;
        }
        ws.set_column_width(0, 36).map_err(e)?;
        ws.set_column_width(1, 24).map_err(e)?;
        for c in 2..12 {
            ws.set_column_width(c, 14).map_err(e)?;
        }
        ws.set_freeze_panes(HEADER_ROW + 1, 2).map_err(e)?;
        print_setup(ws, 1, HEADER_ROW + 1)?;

        // Findings.
        let ws = wb.worksheet_from_index(FINDINGS).map_err(e)?;
        for (c, h) in finding_headers(lang).iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &st.header)
                .map_err(e)?;
        }
        for (c, w) in [36.0, 24.0, 7.0, 9.0, 14.0, 8.0, 9.0, 80.0, 14.0]
            .iter()
            .enumerate()
        {
            ws.set_column_width(c as u16, *w).map_err(e)?;
        }
        ws.set_freeze_panes(1, 0).map_err(e)?;
        print_setup(ws, 1, 1)?;

        // Unreadable.
        let ws = wb.worksheet_from_index(UNREADABLE).map_err(e)?;
        for (c, h) in unreadable_headers(lang).iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &st.header)
                .map_err(e)?;
        }
        ws.set_column_width(0, 40).map_err(e)?;
        ws.set_column_width(1, 100).map_err(e)?;
        ws.set_freeze_panes(1, 0).map_err(e)?;
        print_setup(ws, 1, 1)?;

        Ok(XlsxSink {
            wb,
            target,
            lang,
            st,
            next: [HEADER_ROW + 1, HEADER_ROW + 1, 1, 1],
        })
    }

    fn top(ws: &mut Worksheet, st: &Styles, lang: Lang, title: &str) -> Result<()> {
        ws.write_string_with_format(0, 0, title, &st.title)
            .map_err(xlsx_error)?;
        ws.write_string_with_format(1, 0, notice(lang), &st.notice)
            .map_err(xlsx_error)?;
        Ok(())
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
}

impl Sink for XlsxSink {
    fn row(&mut self, r: &ReportRow) -> Result<()> {
        let e = xlsx_error;
        let (st, lang) = (&self.st, self.lang);
        let f = r.figures.as_deref();

        // Summary.
        let row = self.next[SUMMARY];
        self.next[SUMMARY] += 1;
        let ws = self.wb.worksheet_from_index(SUMMARY).map_err(e)?;
        ws.write_string_with_format(row, 0, &r.path, &st.text)
            .map_err(e)?;
        st.opt_text(ws, row, 1, r.organisation.as_deref())?;
        st.opt_text(ws, row, 2, r.sheet.as_deref())?;
        ws.write_string_with_format(row, 3, status_word(r.status, lang), &st.text)
            .map_err(e)?;
        if r.status != Status::Unreadable {
            for (c, n) in [r.errors, r.warnings, r.infos].iter().enumerate() {
                ws.write_number_with_format(row, 4 + c as u16, *n, &st.int)
                    .map_err(e)?;
            }
        }
        if let Some(f) = f {
            for (c, n) in [f.services, f.selected, f.basic_below_target]
                .iter()
                .enumerate()
            {
                ws.write_number_with_format(row, 7 + c as u16, *n, &st.int)
                    .map_err(e)?;
            }
            for (g, x) in f.groups.iter().enumerate() {
                let g = g as u16;
                st.number(ws, row, COL_ASIS + g, x.mean_as_is, &st.mean)?;
                st.number(ws, row, COL_TOBE + g, x.mean_to_be, &st.mean)?;
                st.number(ws, row, COL_ACH + g, x.achievement, &st.pct)?;
            }
        }
        st.opt_text(ws, row, COL_REASON, r.reason.as_deref())?;

        // Categories.
        if let Some(f) = f {
            let row = self.next[CATEGORIES];
            self.next[CATEGORIES] += 1;
            let ws = self.wb.worksheet_from_index(CATEGORIES).map_err(e)?;
            ws.write_string_with_format(row, 0, &r.path, &st.text)
                .map_err(e)?;
            st.opt_text(ws, row, 1, r.organisation.as_deref())?;
            for (g, x) in f.groups.iter().enumerate() {
                st.number(ws, row, 2 + g as u16, x.achievement, &st.pct)?;
            }
        }

        // Findings.
        if !r.findings.is_empty() {
            let ws = self.wb.worksheet_from_index(FINDINGS).map_err(e)?;
            for fd in &r.findings {
                let row = self.next[FINDINGS];
                self.next[FINDINGS] += 1;
                let cells = [
                    Some(r.path.as_str()),
                    r.organisation.as_deref(),
                    Some(fd.rule),
                    Some(fd.severity.as_str()),
                    fd.sheet.as_deref(),
                    fd.cell.as_deref(),
                    fd.service.as_deref(),
                    Some(fd.message.as_str()),
                    Some(fd.source),
                ];
                for (c, v) in cells.iter().enumerate() {
                    st.opt_text(ws, row, c as u16, *v)?;
                }
            }
        }

        // Unreadable.
        if r.status == Status::Unreadable {
            let row = self.next[UNREADABLE];
            self.next[UNREADABLE] += 1;
            let ws = self.wb.worksheet_from_index(UNREADABLE).map_err(e)?;
            ws.write_string_with_format(row, 0, &r.path, &st.text)
                .map_err(e)?;
            st.opt_text(ws, row, 1, r.reason.as_deref())?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>, totals: &Totals) -> Result<()> {
        let e = xlsx_error;
        let first = HEADER_ROW + 1;
        let ncols = summary_headers(self.lang).len() as u16;

        let ws = self.wb.worksheet_from_index(SUMMARY).map_err(e)?;
        let last = self.next[SUMMARY] - 1;
        Self::heat(ws, first, last, COL_ASIS, COL_TOBE - 1, 5.0)?;
        Self::heat(ws, first, last, COL_TOBE, COL_ACH - 1, 5.0)?;
        Self::heat(ws, first, last, COL_ACH, COL_REASON - 1, 1.0)?;
        ws.autofilter(HEADER_ROW, 0, last.max(HEADER_ROW), ncols - 1)
            .map_err(e)?;

        let ws = self.wb.worksheet_from_index(CATEGORIES).map_err(e)?;
        let last = self.next[CATEGORIES] - 1;
        Self::heat(ws, first, last, 2, 11, 1.0)?;

        let ws = self.wb.worksheet_from_index(FINDINGS).map_err(e)?;
        ws.autofilter(0, 0, self.next[FINDINGS] - 1, 8).map_err(e)?;

        let ws = self.wb.worksheet_from_index(UNREADABLE).map_err(e)?;
        ws.autofilter(0, 0, self.next[UNREADABLE] - 1, 1)
            .map_err(e)?;

        let (st, lang) = (&self.st, self.lang);
        let ws = self.wb.worksheet_from_index(TOTALS).map_err(e)?;
        Self::top(ws, st, lang, lang.pick("集計", "Totals"))?;
        let mut row = 3;
        let lines = [
            (lang.pick("ファイル", "Files"), totals.files),
            (status_word(Status::Ok, lang), totals.count(Status::Ok)),
            (
                status_word(Status::Warning, lang),
                totals.count(Status::Warning),
            ),
            (
                status_word(Status::Error, lang),
                totals.count(Status::Error),
            ),
            (
                status_word(Status::Unreadable, lang),
                totals.count(Status::Unreadable),
            ),
            (lang.pick("指摘", "Findings"), totals.findings),
        ];
        for (label, n) in lines {
            ws.write_string_with_format(row, 0, label, &st.bold)
                .map_err(e)?;
            ws.write_number_with_format(row, 1, n, &st.int).map_err(e)?;
            row += 1;
        }
        row += 1;
        for (c, h) in [
            lang.pick("ルール", "Rule"),
            lang.pick("件数", "Findings"),
            lang.pick("重大度", "Severity"),
            lang.pick("内容", "Title"),
        ]
        .iter()
        .enumerate()
        {
            ws.write_string_with_format(row, c as u16, *h, &st.header)
                .map_err(e)?;
        }
        row += 1;
        for (rule, n) in &totals.by_rule {
            ws.write_string_with_format(row, 0, *rule, &st.text)
                .map_err(e)?;
            ws.write_number_with_format(row, 1, *n, &st.int)
                .map_err(e)?;
            if let Some(info) = crate::rules::info(rule) {
                ws.write_string_with_format(row, 2, info.severity.as_str(), &st.text)
                    .map_err(e)?;
                ws.write_string_with_format(
                    row,
                    3,
                    lang.pick(&info.title_ja, &info.title_en),
                    &st.text,
                )
                .map_err(e)?;
            }
            row += 1;
        }
        ws.set_column_width(0, 18).map_err(e)?;
        ws.set_column_width(1, 10).map_err(e)?;
        ws.set_column_width(2, 10).map_err(e)?;
        ws.set_column_width(3, 60).map_err(e)?;
        print_setup(ws, 1, 0)?;

        let XlsxSink {
            mut wb, mut target, ..
        } = *self;
        let path = target.path().to_path_buf();
        {
            let mut w = BufWriter::new(target.file());
            wb.save_to_writer(&mut w).map_err(e)?;
            w.flush()
                .with_context(|| format!("{}: cannot write", path.display()))?;
        }
        drop(wb);
        target.commit()
    }
}
