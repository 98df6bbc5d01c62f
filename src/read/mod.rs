//! Reading workbooks (stage 1 of read → model → rules → analysis → write).
//!
//! [`read_workbook`] opens a `.xlsx`, `.xlsm`, `.xls` or `.ods` within the
//! [`Limits`] and returns every worksheet as a [`Grid`] of [`Value`]s;
//! [`locate::find_portfolio`] then finds the portfolio on it.

pub mod display;
pub mod guard;
mod header;
pub mod locate;
pub mod package;
pub mod props;
pub mod rows;

mod merges;
mod portfolios;
mod xls_guard;
mod xlsx_fast;
mod xlsx_sheets;

use std::collections::HashSet;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use calamine::{Data, DataRef, Ods, Reader, SheetType, SheetVisible, Xls, Xlsx};

pub use guard::Limits;
pub use locate::NoPortfolio;
pub use portfolios::{find_portfolio, find_portfolios};
use xlsx_sheets::read_xlsx_sheets;
pub use xlsx_sheets::xlsx_sheets_read_by_calamine;

use crate::model::Value;
use display::Shared;
use merges::{MergeSheets, merged_sheets};

/// The spreadsheet formats `x1060` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML (`.xlsx`, `.xlsm`).
    Xlsx,
    /// Excel 97–2003 (`.xls`).
    Xls,
    /// OpenDocument spreadsheet (`.ods`).
    Ods,
}

/// Why a file could not be read. Each says what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadErrorKind {
    /// The file could not be opened or read.
    Io(String),
    /// A zero-byte file.
    Empty,
    /// Not a spreadsheet; the text says what it looks like.
    NotSpreadsheet(String),
    /// A zip that ends early or whose directory is broken.
    Truncated(String),
    /// Password-protected.
    Encrypted,
    /// Past a size limit: what is too large, and how the user of the
    /// program raises the limit ([`Limits::raise_with`]; `None`: the
    /// message just says to raise it).
    TooLarge(String, Option<&'static str>),
    /// A spreadsheet whose content the parser rejects.
    Corrupt(String),
    /// A spreadsheet format that is not supported (`.xlsb`).
    Unsupported(String),
    /// A bug in x1060 (a panic caught while processing the file).
    Internal(String),
}

impl ReadErrorKind {
    /// Past a size limit (the advice is added where the limits are known,
    /// by [`read_bytes`]).
    pub fn too_large(what: String) -> ReadErrorKind {
        ReadErrorKind::TooLarge(what, None)
    }

    /// Names how to raise the limit in a too-large error.
    fn raised_with(self, how: Option<&'static str>) -> ReadErrorKind {
        match self {
            ReadErrorKind::TooLarge(what, None) => ReadErrorKind::TooLarge(what, how),
            other => other,
        }
    }

    /// What is wrong and what to do, in one line, in a language.
    ///
    /// ```
    /// use x1060::catalogue::Lang;
    /// use x1060::read::ReadErrorKind;
    /// assert!(ReadErrorKind::Empty.describe_in(Lang::Ja).contains("空"));
    /// assert!(ReadErrorKind::Encrypted.describe_in(Lang::En).contains("password"));
    /// ```
    pub fn describe_in(&self, lang: crate::catalogue::Lang) -> String {
        match lang {
            crate::catalogue::Lang::En => self.describe(),
            crate::catalogue::Lang::Ja => self.describe_ja(),
        }
    }

    /// What is wrong and what to do, in one line, in Japanese.
    fn describe_ja(&self) -> String {
        match self {
            // The system's and the parser's own texts are English: the Japanese
            // message says what is wrong in its own words instead.
            ReadErrorKind::Io(_) => "ファイルを読めません。パスと権限を確認してください".into(),
            ReadErrorKind::Empty => "ファイルが空です (0 バイト)。表計算ソフトでブックを保存し直してください".into(),
            ReadErrorKind::NotSpreadsheet(what) => format!("表計算のファイルではありません ({})。Excel か LibreOffice で開き、.xlsx として保存してください", what_ja(what)),
            ReadErrorKind::Truncated(_) => "ブックが途中で切れているか壊れています。元のファイルをもう一度コピーするか、保存し直してください".into(),
            ReadErrorKind::Encrypted => "ブックが暗号化 (パスワード保護) されています。パスワードなしのコピーを保存して、それを確認してください".into(),
            ReadErrorKind::TooLarge(m, Some(how)) => format!("大きすぎるため読みません ({m})。正当なファイルなら {how} で上限を上げてください"),
            ReadErrorKind::TooLarge(m, None) => format!("大きすぎるため読みません ({m})。正当なファイルなら読み込みの上限を上げてください"),
            ReadErrorKind::Corrupt(_) => "ブックを解析できません。表計算ソフトで開き、.xlsx として保存し直してください".into(),
            ReadErrorKind::Unsupported(_) => "この形式 (Excel バイナリブック .xlsb) には対応していません。.xlsx として保存してください".into(),
            ReadErrorKind::Internal(m) => format!("x1060 の内部エラーです ({m})。ファイルを添えて報告してください"),
        }
    }

    /// What is wrong and what to do, in one line.
    pub fn describe(&self) -> String {
        match self {
            ReadErrorKind::Io(m) => format!("cannot read the file ({m}); check the path and its permissions"),
            ReadErrorKind::Empty => "the file is empty (0 bytes); save the workbook again from the spreadsheet program".into(),
            ReadErrorKind::NotSpreadsheet(what) => format!("not a spreadsheet: {what}; open it in Excel or LibreOffice and save it as .xlsx"),
            ReadErrorKind::Truncated(m) => format!("the workbook is truncated or damaged ({m}); copy the original file again, or re-save it"),
            ReadErrorKind::Encrypted => "the workbook is encrypted (password-protected); save a copy without a password and check that".into(),
            ReadErrorKind::TooLarge(m, Some(how)) => format!("refused: {m}; raise the limit with {how} if the file is genuine"),
            ReadErrorKind::TooLarge(m, None) => format!("refused: {m}; raise the size limit if the file is genuine"),
            ReadErrorKind::Corrupt(m) => format!("the workbook cannot be parsed ({m}); open it in a spreadsheet program and save it again as .xlsx"),
            ReadErrorKind::Unsupported(m) => format!("{m}; save it as .xlsx"),
            ReadErrorKind::Internal(m) => format!("internal error in x1060 ({m}); please report it with the file"),
        }
    }
}

impl ReadError {
    /// `path: what is wrong; what to do` in a language.
    pub fn message(&self, lang: crate::catalogue::Lang) -> String {
        format!("{}: {}", self.path.display(), self.kind.describe_in(lang))
    }
}

/// The Japanese of what [`sniff`] says a file looks like.
fn what_ja(what: &str) -> &str {
    const WHAT: &[(&str, &str)] = &[
        ("an HTML page", "表計算の名前で保存された HTML ページ"),
        (
            "an XML file",
            "XML ファイル (Excel 2003 XML スプレッドシートかもしれません)",
        ),
        ("a PDF", "PDF 文書"),
        ("a PNG", "PNG 画像"),
        ("a JPEG", "JPEG 画像"),
        ("a GIF", "GIF 画像"),
        ("an RTF", "RTF 文書"),
        ("a gzip", "gzip 圧縮ファイル"),
        ("a 7-Zip", "7-Zip 圧縮ファイル"),
        ("a RAR", "RAR 圧縮ファイル"),
        ("a CSV", "CSV かタブ区切りのテキストファイル"),
        ("a text file", "テキストファイル"),
        ("a Word or PowerPoint", "Word か PowerPoint の文書"),
        (
            "an OpenDocument file",
            "表計算ではない OpenDocument ファイル",
        ),
        ("a zip archive", "ブックを含まない zip ファイル"),
    ];
    WHAT.iter()
        .find(|(en, _)| what.starts_with(en))
        .map_or("中身が不明なファイル", |&(_, ja)| ja)
}

/// A file that could not be read, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {}", path.display(), kind.describe())]
pub struct ReadError {
    /// The file.
    pub path: PathBuf,
    /// What went wrong.
    pub kind: ReadErrorKind,
}

/// A sheet's cells, dense from `A1`, as [`Value`]s.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    rows: Vec<Vec<Value>>,
}

static EMPTY: Value = Value::Empty;

impl Grid {
    /// A grid from rows of values.
    pub fn from_rows(rows: Vec<Vec<Value>>) -> Grid {
        Grid { rows }
    }

    /// The value at a 0-based cell (empty outside the used area).
    pub fn get(&self, row: u32, col: u32) -> &Value {
        self.rows
            .get(row as usize)
            .and_then(|r| r.get(col as usize))
            .unwrap_or(&EMPTY)
    }

    /// Number of rows (up to the last used one).
    pub fn height(&self) -> u32 {
        self.rows.len() as u32
    }

    /// Number of columns (up to the last used one in any row).
    pub fn width(&self) -> u32 {
        self.rows.iter().map(Vec::len).max().unwrap_or(0) as u32
    }

    /// One row's values.
    pub fn row(&self, row: u32) -> &[Value] {
        self.rows.get(row as usize).map_or(&[], Vec::as_slice)
    }

    /// Sets a cell. `width` is the sheet's declared width (its dimension
    /// record, when it has one): a new row reserves it once instead of
    /// growing cell by cell.
    fn set(&mut self, row: u32, col: u32, v: Value, width: usize) {
        let (r, c) = (row as usize, col as usize);
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        let line = &mut self.rows[r];
        if line.capacity() == 0 {
            line.reserve(width.max(c + 1));
        }
        if line.len() == c {
            // The usual case: cells arrive left to right, without gaps.
            line.push(v);
            return;
        }
        if line.len() < c {
            line.resize(c + 1, Value::Empty);
        }
        line[c] = v;
    }

    fn trim(&mut self) {
        for line in &mut self.rows {
            while line.last().is_some_and(Value::is_empty) {
                line.pop();
            }
        }
        while self.rows.last().is_some_and(Vec::is_empty) {
            self.rows.pop();
        }
    }
}

/// A merged area, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// First row.
    pub first_row: u32,
    /// First column.
    pub first_col: u32,
    /// Last row.
    pub last_row: u32,
    /// Last column.
    pub last_col: u32,
}

/// One worksheet.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// False for hidden and very hidden sheets.
    pub visible: bool,
    /// The cells (formulas by their stored results).
    pub grid: Grid,
    /// Cells holding a formula with no stored result.
    pub uncached: HashSet<(u32, u32)>,
    /// Formula text by cell, when [`ReadOptions::formulas`] asked for it.
    pub formulas: Vec<((u32, u32), String)>,
    /// Merged areas, when [`ReadOptions::formulas`] asked for them.
    pub merges: Vec<Merge>,
    /// True when rows or columns past the limits were left unread.
    pub truncated: bool,
}

/// A workbook as read.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// Its format.
    pub format: Format,
    /// Its worksheets, in workbook order.
    pub sheets: Vec<Sheet>,
    /// The package, kept (shared, not copied) for a second look at the
    /// displayed text of the cells a finding quotes ([`display`]).
    pub display: Option<display::Source>,
    /// The document-properties part, kept unparsed when the package has one,
    /// for the assessment date ([`props`]).
    pub props: Option<props::Source>,
}

/// What to read besides values.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Size limits.
    pub limits: Limits,
    /// Also keep formula texts and merged areas (for `annotate`, which
    /// writes them back).
    pub formulas: bool,
    /// Read every `.xlsx` worksheet with calamine's cell reader, never the
    /// fast path (`xlsx_fast`). The results are the same; the tests set this
    /// to prove it.
    pub calamine_cells: bool,
}

/// Reads a workbook from a file.
///
/// ```no_run
/// let wb = x1060::read::read_workbook("portfolio.xlsx".as_ref(), &Default::default())?;
/// println!("{} sheets", wb.sheets.len());
/// # Ok::<(), x1060::read::ReadError>(())
/// ```
pub fn read_workbook(path: &Path, opts: &ReadOptions) -> Result<Workbook, ReadError> {
    let fail = |kind: ReadErrorKind| ReadError {
        path: path.to_path_buf(),
        kind: kind.raised_with(opts.limits.raise_with),
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(ReadErrorKind::Io(e.to_string())))?;
    if meta.is_dir() {
        return Err(fail(ReadErrorKind::Io("it is a folder".into())));
    }
    if meta.len() > opts.limits.max_file_bytes {
        return Err(fail(ReadErrorKind::too_large(format!(
            "the file is {} MB (limit {} MB)",
            meta.len().div_ceil(1024 * 1024),
            opts.limits.max_file_bytes / (1024 * 1024)
        ))));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(ReadErrorKind::Io(e.to_string())))?;
    read_bytes(&bytes, opts).map_err(fail)
}

/// Reads a workbook held in memory (what [`read_workbook`] does after the
/// file is read; the fuzz target calls it directly).
pub fn read_bytes(bytes: &[u8], opts: &ReadOptions) -> Result<Workbook, ReadErrorKind> {
    read_any(bytes, opts).map_err(|kind| kind.raised_with(opts.limits.raise_with))
}

/// [`read_bytes`] before a too-large error learns how to raise the limit.
fn read_any(bytes: &[u8], opts: &ReadOptions) -> Result<Workbook, ReadErrorKind> {
    if bytes.is_empty() {
        return Err(ReadErrorKind::Empty);
    }
    if bytes.len() as u64 > opts.limits.max_file_bytes {
        return Err(ReadErrorKind::too_large(format!(
            "the file is {} MB",
            bytes.len().div_ceil(1024 * 1024)
        )));
    }
    const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(b"PK") {
        read_zip(bytes, opts)
    } else if bytes.starts_with(CFB) {
        if contains_utf16(bytes, "EncryptedPackage") {
            return Err(ReadErrorKind::Encrypted);
        }
        read_xls(bytes, opts)
    } else {
        Err(ReadErrorKind::NotSpreadsheet(sniff(bytes)))
    }
}

fn read_zip(bytes: &[u8], opts: &ReadOptions) -> Result<Workbook, ReadErrorKind> {
    // The parts no reader opens are not inflated (the names that tell the
    // formats apart below are never among them). With `formulas` (annotate)
    // the theme is kept, in case its colours are ever wanted.
    let entries = guard::inflate_except(bytes, &opts.limits, |n| {
        guard::unread_xlsx_part(n, !opts.formulas)
    })?;
    if entries.has("xl/workbook.xml") {
        // Merged areas matter to the reader (a summary label merged over the ID
        // and name cells): read them when a sheet has any, found by a byte
        // search that costs far less than a second XML parse.
        let merges = if opts.formulas {
            MergeSheets::All
        } else {
            merged_sheets(&entries)
        };
        let props = props::Source::of_xlsx(entries.get("docProps/custom.xml"));
        let zip = entries.into_stored_zip_with_parts()?;
        let stored = Shared(Arc::new(zip.bytes));
        let mut xlsx =
            Xlsx::new(Cursor::new(stored.clone())).map_err(|e| calamine_error(&e.to_string()))?;
        // Formula texts (annotate) are calamine's to read; values alone take
        // the fast path.
        let fast = if opts.formulas || opts.calamine_cells {
            None
        } else {
            xlsx_fast::Book::of(&zip.parts, stored.clone())
        };
        let mut wb = read_xlsx_sheets(&mut xlsx, opts, merges, fast.as_ref())?;
        wb.display = Some(display::Source::Xlsx(stored));
        wb.props = props;
        Ok(wb)
    } else if let Some(content) = entries.get("content.xml").filter(|_| {
        entries
            .get("mimetype")
            .is_some_and(|m| m.starts_with(b"application/vnd.oasis.opendocument.spreadsheet"))
    }) {
        guard::check_ods(content, &opts.limits)?;
        let props = props::Source::of_ods(entries.get("meta.xml"));
        let stored = Shared(Arc::new(entries.into_stored_zip()?));
        let ods =
            Ods::new(Cursor::new(stored.clone())).map_err(|e| calamine_error(&e.to_string()))?;
        let mut wb = read_ranges(Format::Ods, ods, opts)?;
        wb.display = Some(display::Source::Ods(stored));
        wb.props = props;
        Ok(wb)
    } else if entries.has("xl/workbook.bin") {
        Err(ReadErrorKind::Unsupported(
            "an Excel binary workbook (.xlsb) is not supported".into(),
        ))
    } else if entries.has("word/document.xml") || entries.has("ppt/presentation.xml") {
        Err(ReadErrorKind::NotSpreadsheet(
            "a Word or PowerPoint document".into(),
        ))
    } else if entries.has("mimetype") {
        Err(ReadErrorKind::NotSpreadsheet(
            "an OpenDocument file that is not a spreadsheet".into(),
        ))
    } else {
        Err(ReadErrorKind::NotSpreadsheet(
            "a zip archive that holds no workbook".into(),
        ))
    }
}

fn read_xls(bytes: &[u8], opts: &ReadOptions) -> Result<Workbook, ReadErrorKind> {
    guard::check_xls(bytes, &opts.limits)?;
    let shared = Shared(Arc::new(bytes.to_vec()));
    let xls = Xls::new(Cursor::new(shared.clone())).map_err(|e| calamine_error(&e.to_string()))?;
    let mut wb = read_ranges(Format::Xls, xls, opts)?;
    wb.display = Some(display::Source::Xls(shared));
    Ok(wb)
}

/// Maps a calamine error text to what the user can do about it.
fn calamine_error(m: &str) -> ReadErrorKind {
    let lower = m.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        ReadErrorKind::Encrypted
    } else if lower.contains("eof") || lower.contains("unexpected end") || lower.contains("truncat")
    {
        ReadErrorKind::Truncated(first_line(m))
    } else {
        ReadErrorKind::Corrupt(first_line(m))
    }
}

fn first_line(m: &str) -> String {
    let line = m.lines().next().unwrap_or("").trim();
    line.chars().take(200).collect()
}

fn worksheet_names<R: std::io::Read + std::io::Seek, W: Reader<R>>(wb: &W) -> Vec<(String, bool)> {
    wb.sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
        .collect()
}

/// Cells a new grid row reserves: the sheet's width up to its last column,
/// at most 64 (a dimension record may be wrong or huge; a wider row still
/// grows as needed).
fn reserved_width(last_col: u32) -> usize {
    (last_col as usize + 1).min(64)
}

fn merge_of(d: &calamine::Dimensions) -> Merge {
    Merge {
        first_row: d.start.0,
        first_col: d.start.1,
        last_row: d.end.0,
        last_col: d.end.1,
    }
}

/// Reads `.xls` and `.ods` through calamine's whole-sheet ranges.
fn read_ranges<R, W>(
    format: Format,
    mut wb: W,
    opts: &ReadOptions,
) -> Result<Workbook, ReadErrorKind>
where
    R: std::io::Read + std::io::Seek,
    W: Reader<R> + MergeSource,
    W::Error: std::fmt::Display,
{
    let limits = &opts.limits;
    let mut sheets = Vec::new();
    for (name, visible) in worksheet_names(&wb) {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| calamine_error(&e.to_string()))?;
        let mut sheet = Sheet {
            name: name.clone(),
            visible,
            ..Sheet::default()
        };
        if let Some((r0, c0)) = range.start() {
            let width = reserved_width((c0 + range.width() as u32).saturating_sub(1));
            for (dr, line) in range.rows().enumerate() {
                let row = r0 + dr as u32;
                if row >= limits.max_rows {
                    sheet.truncated = true;
                    break;
                }
                for (dc, v) in line.iter().enumerate() {
                    let col = c0 + dc as u32;
                    if col >= limits.max_cols {
                        sheet.truncated = true;
                        break;
                    }
                    let value = value_of(v);
                    if !value.is_empty() {
                        sheet.grid.set(row, col, value, width);
                    }
                }
            }
        }
        if opts.formulas {
            if let Ok(f) = wb.worksheet_formula(&name)
                && let Some((r0, c0)) = f.start()
            {
                for (dr, line) in f.rows().enumerate() {
                    for (dc, text) in line.iter().enumerate() {
                        if !text.is_empty() {
                            sheet
                                .formulas
                                .push(((r0 + dr as u32, c0 + dc as u32), text.clone()));
                        }
                    }
                }
            }
            sheet.merges = wb.merges(&name);
        }
        sheet.grid.trim();
        sheets.push(sheet);
    }
    Ok(Workbook {
        format,
        sheets,
        display: None,
        props: None,
    })
}

/// Merged areas of a sheet, for the formats read through whole ranges.
trait MergeSource {
    fn merges(&mut self, name: &str) -> Vec<Merge>;
}

impl MergeSource for Xls<Cursor<Shared>> {
    fn merges(&mut self, name: &str) -> Vec<Merge> {
        #[allow(deprecated)]
        self.worksheet_merge_cells(name)
            .map(|m| m.iter().map(merge_of).collect())
            .unwrap_or_default()
    }
}

impl MergeSource for Ods<Cursor<Shared>> {
    fn merges(&mut self, _name: &str) -> Vec<Merge> {
        // calamine does not expose merged areas of an .ods; values are kept.
        Vec::new()
    }
}

fn value_of(d: &Data) -> Value {
    match d {
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => Value::Text(s.clone()),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => date_value(dt),
        Data::DateTimeIso(s) => Value::Date(s.clone()),
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Text(e.to_string()),
        Data::Empty => Value::Empty,
    }
}

fn value_of_ref(d: DataRef<'_>) -> Value {
    match d {
        DataRef::Int(i) => Value::Number(i as f64),
        DataRef::Float(f) => Value::Number(f),
        DataRef::String(s) => Value::Text(s),
        DataRef::SharedString(s) => Value::Text(s.to_string()),
        DataRef::Bool(b) => Value::Bool(b),
        DataRef::DateTime(dt) => date_value(&dt),
        DataRef::DateTimeIso(s) => Value::Date(s),
        DataRef::DurationIso(s) => Value::Text(s),
        DataRef::Error(e) => Value::Text(e.to_string()),
        DataRef::Empty => Value::Empty,
    }
}

fn date_value(dt: &calamine::ExcelDateTime) -> Value {
    if dt.is_duration() {
        return Value::Number(dt.as_f64());
    }
    Value::Date(excel_serial_to_iso(dt.as_f64()))
}

/// ISO 8601 text of an Excel serial date (1900 system).
///
/// ```
/// assert_eq!(x1060::read::excel_serial_to_iso(45383.0), "2024-04-01");
/// assert_eq!(x1060::read::excel_serial_to_iso(45383.5), "2024-04-01T12:00:00");
/// ```
pub fn excel_serial_to_iso(serial: f64) -> String {
    // Excel counts 1900-02-29, which did not exist: serials past it are one day ahead.
    let days = serial.floor() as i64;
    let epoch_shift = if days > 60 { 25_569 } else { 25_568 };
    let (y, m, d) = civil_from_days(days - epoch_shift);
    let secs = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if secs == 0 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        let (h, mi, s) = (secs / 3600, secs / 60 % 60, secs % 60);
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
    }
}

/// Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// True when `needle` occurs in `haystack` (memchr's two-way search: the
/// merged-area test runs over every sheet's XML, where `<` is everywhere).
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

fn contains_utf16(haystack: &[u8], needle: &str) -> bool {
    let n: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
    haystack.windows(n.len()).any(|w| w == n.as_slice())
}

/// What a file that is not a spreadsheet looks like, for the error message.
fn sniff(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let lower = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.contains("<table")
    {
        return "an HTML page saved with a spreadsheet name".into();
    }
    if lower.starts_with("<?xml") {
        return "an XML file (perhaps an Excel 2003 XML spreadsheet)".into();
    }
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"{\\rtf", "an RTF document"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
        (b"Rar!", "a RAR archive"),
    ];
    if let Some((_, what)) = SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return (*what).into();
    }
    let printable = head
        .iter()
        .filter(|&&b| b >= 0x20 || b == b'\n' || b == b'\r' || b == b'\t')
        .count();
    if printable * 10 >= head.len() * 9 {
        if lower.contains(',') || lower.contains('\t') || lower.contains(';') {
            return "a CSV or tab-separated text file".into();
        }
        return "a text file".into();
    }
    "unknown binary content".into()
}
