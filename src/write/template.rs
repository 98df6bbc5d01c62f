//! The portfolio workbook x1060 writes: the blank template of `x1060
//! template`, and the filled portfolio of `x1060 import` (the same layout).
//!
//! Sheets, in order:
//!
//! 1. the portfolio (`サービスポートフォリオ` / `Service portfolio`): a title
//!    row with a labelled organisation cell, one instruction row, a one-row
//!    header the reader recognises, and one row per service — category
//!    letter, the input columns, an `x1060: Gap` formula column (ignored by
//!    the reader) and the organisation's extra columns; drop-down lists
//!    (data validation) on the level, assignment and score columns pointing
//!    at the hidden lists sheet, input messages, frozen header, filter,
//!    print setup;
//! 2. the self-check (`x1060 自己評価` / `x1060 Self-check`: the `x1060 `
//!    prefix lets `x1060 annotate` replace it with its own), see
//!    [`super::selfcheck`];
//! 3. the guide (`ガイド` / `Guide`): how to fill in, Tables 1–3, Figure 5
//!    and the edition note;
//! 4. the lists (`リスト` / `Lists`, hidden): the words the drop-downs offer,
//!    exactly the vocabulary of RULES.md.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, Format, FormatAlign, FormatBorder,
    Formula, Workbook, Worksheet, XlsxError, utility::quote_sheet_name,
};

use super::selfcheck::{SelfCheckSource, base_format, column_width, write_selfcheck};
use crate::analysis;
use crate::catalogue::{Assignment, Lang, Level, catalogue, tables, vocabulary};
use crate::model::{Field, Parsed, Portfolio, Service, Value, column_name};
use crate::text::display_width;

/// The input columns of a blank template, in sheet order.
pub const TEMPLATE_FIELDS: [Field; 9] = [
    Field::Id,
    Field::Name,
    Field::Description,
    Field::Level,
    Field::Assignment,
    Field::Team,
    Field::Contractor,
    Field::AsIs,
    Field::ToBe,
];

/// The portfolio sheet's name in a template.
///
/// ```
/// use x1060::catalogue::Lang;
/// assert_eq!(x1060::write::template::portfolio_sheet_name(Lang::En), "Service portfolio");
/// ```
pub fn portfolio_sheet_name(lang: Lang) -> &'static str {
    lang.pick("サービスポートフォリオ", "Service portfolio")
}

/// The self-check sheet's name.
pub fn selfcheck_sheet_name(lang: Lang) -> &'static str {
    lang.pick("x1060 自己評価", "x1060 Self-check")
}

/// The guide sheet's name.
pub fn guide_sheet_name(lang: Lang) -> &'static str {
    lang.pick("ガイド", "Guide")
}

/// The hidden sheet holding the drop-down lists.
pub fn lists_sheet_name(lang: Lang) -> &'static str {
    lang.pick("リスト", "Lists")
}

/// The header a field's column gets (words the reader recognises).
///
/// ```
/// use x1060::catalogue::Lang;
/// use x1060::model::Field;
/// use x1060::write::template::field_header;
/// assert_eq!(field_header(Field::AsIs, Lang::Ja), "現状 (As-Is)");
/// assert_eq!(field_header(Field::Level, Lang::En), "Recommendation level");
/// ```
pub fn field_header(field: Field, lang: Lang) -> &'static str {
    match field {
        Field::Id => "ID",
        Field::Name => lang.pick("サービス名", "Service name"),
        Field::Description => lang.pick("サービスの解説", "Description"),
        Field::Level => lang.pick("推奨レベル", "Recommendation level"),
        Field::Assignment => lang.pick("サービス割り当て", "Assignment"),
        Field::Team => lang.pick("担当", "Responsible team"),
        Field::Contractor => lang.pick("委託先", "Contractor"),
        Field::Party => lang.pick("担当/委託先", "Team / contractor"),
        Field::AsIs => lang.pick("現状 (As-Is)", "As-Is"),
        Field::ToBe => lang.pick("あるべき姿 (To-Be)", "To-Be"),
    }
}

/// The N/A word a template offers for scores (`評価対象外` / `N/A`).
pub fn na_word(lang: Lang) -> &'static str {
    vocabulary().na_words.get(lang)
}

/// The blank portfolio of a template: all 64 services in X.1060 order with
/// ID, name and description in `lang`, every input blank, one free
/// `備考` / `Notes` column.
///
/// ```
/// use x1060::catalogue::Lang;
/// let p = x1060::write::template::blank_portfolio(Lang::Ja, Some("A社"));
/// assert_eq!(p.services.len(), 64);
/// assert_eq!(p.services[0].id.as_deref(), Some("A-1"));
/// assert_eq!(p.organisation.as_deref(), Some("A社"));
/// ```
pub fn blank_portfolio(lang: Lang, organisation: Option<&str>) -> Portfolio {
    let extra = vec![lang.pick("備考", "Notes").to_string()];
    Portfolio {
        organisation: organisation
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(str::to_string),
        sheet: portfolio_sheet_name(lang).to_string(),
        fields: TEMPLATE_FIELDS.to_vec(),
        services: catalogue()
            .services
            .iter()
            .map(|s| Service {
                id: Some(s.id.clone()),
                name: Some(s.name(lang).to_string()),
                description: Value::Text(s.description(lang).to_string()),
                extra: vec![Value::Empty; extra.len()],
                ..Service::default()
            })
            .collect(),
        extra_columns: extra,
        layout: None,
        ..Default::default()
    }
}

/// The blank template workbook (`x1060 template`), saved to bytes.
///
/// ```
/// use x1060::catalogue::Lang;
/// let bytes = x1060::write::template::template_bytes(Lang::En, None)?;
/// assert!(bytes.starts_with(b"PK"));
/// # Ok::<(), rust_xlsxwriter::XlsxError>(())
/// ```
pub fn template_bytes(lang: Lang, organisation: Option<&str>) -> Result<Vec<u8>, XlsxError> {
    portfolio_workbook(&blank_portfolio(lang, organisation), lang)?.save_to_buffer()
}

/// What one column of the portfolio sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The category letter (`A` … `I`), read by the self-check formulas.
    Category,
    /// An input field.
    Field(Field),
    /// The `x1060: Gap` formula column.
    Gap,
    /// The organisation's extra column (index into `extra_columns`).
    Extra(usize),
}

/// The portfolio sheet's layout: where the header and the services sit and
/// what each column holds (0-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The header row.
    pub header_row: u32,
    /// The first service row.
    pub first_row: u32,
    /// The columns, left to right.
    pub columns: Vec<Column>,
}

impl Layout {
    /// The layout of a portfolio's sheet: category letter, the fields in the
    /// portfolio's order, the gap column, then the extra columns.
    ///
    /// ```
    /// use x1060::catalogue::Lang;
    /// use x1060::model::Field;
    /// use x1060::write::template::{Layout, blank_portfolio};
    /// let l = Layout::of(&blank_portfolio(Lang::En, None));
    /// assert_eq!(l.column_of(Field::Level), Some(4));
    /// assert_eq!(l.first_row, 4);
    /// ```
    pub fn of(p: &Portfolio) -> Layout {
        let mut columns = vec![Column::Category];
        let mut seen = Vec::new();
        let fields: Vec<Field> = if p.fields.is_empty() {
            TEMPLATE_FIELDS.to_vec()
        } else {
            p.fields.clone()
        };
        for f in fields {
            if !seen.contains(&f) {
                seen.push(f);
                columns.push(Column::Field(f));
            }
        }
        columns.push(Column::Gap);
        columns.extend((0..p.extra_columns.len()).map(Column::Extra));
        Layout {
            header_row: 3,
            first_row: 4,
            columns,
        }
    }

    /// The column of a field.
    pub fn column_of(&self, field: Field) -> Option<u16> {
        self.position(Column::Field(field))
    }

    /// The column holding `what`.
    pub fn position(&self, what: Column) -> Option<u16> {
        self.columns
            .iter()
            .position(|&c| c == what)
            .map(|i| i as u16)
    }

    fn has(&self, field: Field) -> bool {
        self.column_of(field).is_some()
    }
}

/// The formats of the portfolio workbook, all built on [`base_format`].
struct Styles {
    title: Format,
    label: Format,
    org: Format,
    note: Format,
    head: Format,
    fixed: Format,
    fixed_center: Format,
    input: Format,
    score: Format,
    gap: Format,
    extra: Format,
    date: Format,
    datetime: Format,
    guide_head: Format,
    guide_cell: Format,
    guide_score: Format,
    section: Format,
}

impl Styles {
    fn new(lang: Lang) -> Styles {
        let base = base_format(lang);
        let boxed = |f: Format| f.set_border(FormatBorder::Thin).set_border_color(0xA6A6A6);
        let input = |f: Format| boxed(f).set_background_color(0xFFF9E1).set_unlocked();
        Styles {
            title: base.clone().set_bold().set_font_size(16),
            label: base
                .clone()
                .set_bold()
                .set_align(FormatAlign::Right)
                .set_align(FormatAlign::VerticalCenter),
            org: base
                .clone()
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(0xFFF9E1),
            note: base.clone().set_font_color(0x595959),
            head: boxed(
                base.clone()
                    .set_bold()
                    .set_text_wrap()
                    .set_align(FormatAlign::Center)
                    .set_align(FormatAlign::VerticalCenter)
                    .set_background_color(0xDDEBF7),
            ),
            fixed: boxed(base.clone().set_text_wrap()),
            fixed_center: boxed(base.clone().set_align(FormatAlign::Center)),
            input: input(base.clone().set_text_wrap()),
            score: input(base.clone().set_align(FormatAlign::Center)),
            gap: boxed(
                base.clone()
                    .set_align(FormatAlign::Center)
                    .set_font_color(0x595959)
                    .set_num_format("+0;-0;0"),
            ),
            extra: boxed(base.clone().set_text_wrap()).set_unlocked(),
            date: boxed(base.clone().set_num_format("yyyy-mm-dd")).set_unlocked(),
            datetime: boxed(base.clone().set_num_format("yyyy-mm-dd hh:mm:ss")).set_unlocked(),
            guide_head: boxed(
                base.clone()
                    .set_bold()
                    .set_text_wrap()
                    .set_background_color(0xDDEBF7),
            ),
            guide_cell: boxed(base.clone().set_text_wrap()),
            guide_score: boxed(base.clone().set_align(FormatAlign::Center)),
            section: base.set_bold().set_font_size(12),
        }
    }
}

/// Builds the portfolio workbook of `p` in the template's layout (sheets
/// described in the module documentation). Values are written with their
/// type: text always as a string (never a formula, even when it begins
/// with `=`), numbers as numbers, booleans as booleans, dates as date cells,
/// empty as nothing. The self-check figures are computed from `p`.
///
/// `lang` chooses the headers, the drop-down words and the guide; the
/// self-check formulas count the words of that language.
///
/// ```
/// use x1060::catalogue::Lang;
/// use x1060::write::template::{blank_portfolio, portfolio_workbook};
/// let mut wb = portfolio_workbook(&blank_portfolio(Lang::Ja, None), Lang::Ja)?;
/// let bytes = wb.save_to_buffer()?;
/// assert!(bytes.len() > 10_000);
/// # Ok::<(), rust_xlsxwriter::XlsxError>(())
/// ```
pub fn portfolio_workbook(p: &Portfolio, lang: Lang) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let (row_px, col_px) = match lang {
        Lang::Ja => (25, 72),
        Lang::En => (20, 64),
    };
    wb.set_default_format(&base_format(lang), row_px, col_px)?;
    wb.set_properties(&properties(p, lang));
    let styles = Styles::new(lang);
    let layout = Layout::of(p);
    let parsed = p.parse();

    let portfolio_name = sheet_name(&p.sheet, portfolio_sheet_name(lang));
    let mut taken = vec![portfolio_name.clone()];
    let mut unique = |want: &str| {
        let mut name = want.to_string();
        let mut n = 2;
        while taken
            .iter()
            .any(|t| t.to_lowercase() == name.to_lowercase())
        {
            name = format!("{want} ({n})");
            n += 1;
        }
        taken.push(name.clone());
        name
    };
    let selfcheck_name = unique(selfcheck_sheet_name(lang));
    let guide_name = unique(guide_sheet_name(lang));
    let lists_name = unique(lists_sheet_name(lang));

    let ws = wb.add_worksheet();
    ws.set_name(&portfolio_name)?;
    write_portfolio(ws, p, &parsed, &layout, &styles, lang, &lists_name)?;

    let figures = analysis::figures(p, &parsed);
    let last_row = layout.first_row + p.services.len().max(1) as u32 - 1;
    // A column nobody writes: a missing input column counts as blank.
    const NOWHERE: u16 = 16_383;
    let col = |f: Field| layout.column_of(f).unwrap_or(NOWHERE);
    let src = SelfCheckSource {
        sheet: &portfolio_name,
        first_row: layout.first_row,
        last_row,
        category_col: layout.position(Column::Category).unwrap_or(0),
        level_col: col(Field::Level),
        assignment_col: col(Field::Assignment),
        as_is_col: col(Field::AsIs),
        to_be_col: col(Field::ToBe),
        gap_col: layout.position(Column::Gap).unwrap_or(NOWHERE),
        lang,
    };
    write_selfcheck(&mut wb, &selfcheck_name, &src, &figures)?;

    let guide = wb.add_worksheet();
    guide.set_name(&guide_name)?;
    write_guide(guide, &styles, lang)?;

    let lists = wb.add_worksheet();
    lists.set_name(&lists_name)?;
    write_lists(lists, &styles, lang)?;
    lists.set_hidden(true);

    wb.worksheet_from_index(0)?.set_active(true);
    Ok(wb)
}

/// A valid sheet name for `want` (Excel's rules: 1–31 characters, none of
/// `[]:*?/\`, no apostrophe at either end), else `fallback`.
fn sheet_name(want: &str, fallback: &str) -> String {
    if rust_xlsxwriter::utility::check_sheet_name(want).is_ok() {
        return want.to_string();
    }
    let cleaned: String = want
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let mut cleaned = cleaned.trim_matches('\'').to_string();
    while cleaned.encode_utf16().count() > 31 {
        cleaned.pop();
    }
    if rust_xlsxwriter::utility::check_sheet_name(&cleaned).is_ok() {
        cleaned
    } else {
        fallback.to_string()
    }
}

/// The document properties: title, the X.1060 edition followed, generator.
fn properties(p: &Portfolio, lang: Lang) -> DocProperties {
    let generator = format!("x1060 {}", env!("CARGO_PKG_VERSION"));
    let mut title = lang
        .pick(
            "X.1060 CDC サービスポートフォリオ",
            "X.1060 CDC service portfolio",
        )
        .to_string();
    if let Some(org) = &p.organisation {
        title = format!("{title} — {org}");
    }
    let mut props = DocProperties::new()
        .set_title(title)
        .set_subject(lang.pick(
            "ITU-T X.1060 (2021) / JT-X1060 準拠の CDC サービスポートフォリオ (2026年版 X.1060 では CDC/CSC)",
            "CDC service portfolio following ITU-T X.1060 (2021) / JT-X1060 (the 2026 edition says CDC/CSC)",
        ))
        .set_keywords("ITU-T X.1060, JT-X1060, CDC, CSC, ISOG-J")
        .set_comment(format!("generator {generator}"))
        .set_custom_property("generator", generator.as_str())
        .set_custom_property("x1060 edition", "ITU-T X.1060 (2021) / JT-X1060");
    if let Some(org) = &p.organisation {
        props = props.set_company(org.as_str());
    }
    // Reproducible builds: SOURCE_DATE_EPOCH fixes the creation time.
    if let Some(t) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| rust_xlsxwriter::ExcelDateTime::from_timestamp(s).ok())
    {
        props = props.set_creation_datetime(&t);
    }
    props
}

/// Input messages of the data validations: (title ≤ 32, message ≤ 255).
fn input_message(field: Field, lang: Lang) -> (&'static str, String) {
    let na = na_word(lang);
    let words = |ws: Vec<&str>| ws.join(lang.pick("・", ", "));
    match field {
        Field::Level => (
            lang.pick("推奨レベル (Table 1)", "Recommendation level (Table 1)"),
            match lang {
                Lang::Ja => format!(
                    "一覧から選びます: {}。ベーシック＝最低限実装すべき、スタンダード＝一般に推奨、アドバンスド＝より高度な CDC に必要、オプション＝形態に応じ任意、不要＝不要と判断 (見直しのため行は残す)。",
                    words(Level::ALL.iter().map(|l| l.word(lang)).collect())
                ),
                Lang::En => "Choose from the list. Basic: minimum to implement; Standard: generally recommended; Advanced: for a higher-level CDC; Optional: as your CDC's form needs; Unnecessary: not needed (keep the row for review).".to_string(),
            },
        ),
        Field::Assignment => (
            lang.pick("サービス割り当て (Table 2)", "Assignment (Table 2)"),
            match lang {
                Lang::Ja => format!(
                    "一覧から選びます: {}。インソースは担当、アウトソースは委託先、併用は両方を右の列に書きます。担当が決まっていなければ未割り当て。",
                    words(Assignment::ALL.iter().map(|a| a.word(lang)).collect())
                ),
                Lang::En => "Choose from the list. Insourcing: name the responsible team; Outsourcing: name the contractor; Combination: name both; Unassigned: recognised as needed but nobody performs it yet.".to_string(),
            },
        ),
        Field::Team => (
            lang.pick("担当 (責任を持つチーム)", "Responsible team"),
            lang.pick(
                "インソースと併用のとき、責任を持つ自組織のチーム名 (例: SOC部)。",
                "For Insourcing and Combination: the team in your organisation responsible for the service (e.g. SOC).",
            )
            .to_string(),
        ),
        Field::Contractor => (
            lang.pick("委託先", "Contractor"),
            lang.pick(
                "アウトソースと併用のとき、委託先の名前 (例: A社)。",
                "For Outsourcing and Combination: the contractor's name (e.g. Z-MSSP).",
            )
            .to_string(),
        ),
        Field::Party => (
            lang.pick("担当/委託先", "Team / contractor"),
            lang.pick(
                "担当チームまたは委託先。併用は「SOC部/A社」のように / で区切って両方を書きます。",
                "The responsible team or the contractor; for Combination write both, separated by / (e.g. SOC / Z-MSSP).",
            )
            .to_string(),
        ),
        Field::AsIs | Field::ToBe => (
            if field == Field::AsIs {
                lang.pick("現状 (As-Is) スコア", "As-Is score (Table 3)")
            } else {
                lang.pick("あるべき姿 (To-Be) スコア", "To-Be score (Table 3)")
            },
            match lang {
                Lang::Ja => format!(
                    "{}の成熟度を 1〜5 で選びます (Table 3: 5＝文書化され承認済み … 1＝運用できていない)。実施しないと決めたサービスは「{na}」。詳しくは「ガイド」シート。",
                    if field == Field::AsIs { "現在" } else { "目標とする" }
                ),
                Lang::En => format!(
                    "{} maturity, 1 to 5 (Table 3: 5 = documented and authorised … 1 = not working). {na} when you decided not to implement it this way. See the Guide sheet.",
                    if field == Field::AsIs { "Current" } else { "Target" }
                ),
            },
        ),
        Field::Id | Field::Name | Field::Description => ("", String::new()),
    }
}

fn error_message(lang: Lang) -> (&'static str, &'static str) {
    (
        lang.pick("一覧にない値です", "Not in the list"),
        lang.pick(
            "一覧から選んでください (X.1060 の語彙: RULES.md)。空欄のままでもかまいません。",
            "Choose a value from the list (the X.1060 vocabulary). Leaving it blank is fine.",
        ),
    )
}

/// Truncates a validation text to Excel's limit (UTF-16 units).
fn fit(s: &str, limit: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    for c in s.chars() {
        n += c.len_utf16();
        if n > limit {
            break;
        }
        out.push(c);
    }
    out
}

/// The Excel date serial (1900 system) of an ISO 8601 date or date-time
/// (`2025-04-01`, `2025-04-01T12:00:00`); `None` when it is not one, or
/// before 1900-01-01. The inverse of [`crate::read::excel_serial_to_iso`].
///
/// ```
/// use x1060::write::template::iso_to_excel_serial;
/// assert_eq!(iso_to_excel_serial("2024-04-01"), Some(45383.0));
/// assert_eq!(iso_to_excel_serial("2024-04-01T12:00:00"), Some(45383.5));
/// assert_eq!(iso_to_excel_serial("soon"), None);
/// ```
pub fn iso_to_excel_serial(s: &str) -> Option<f64> {
    let (date, time) = match s.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut parts = date.split('-');
    let num = |p: Option<&str>, len: usize| -> Option<i64> {
        let p = p?;
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (y, m, d) = (
        num(parts.next(), 4)?,
        num(parts.next(), 2)?,
        num(parts.next(), 2)?,
    );
    if parts.next().is_some() || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    let mut secs = 0i64;
    if let Some(t) = time {
        let mut tp = t.split(':');
        let (h, mi, se) = (num(tp.next(), 2)?, num(tp.next(), 2)?, num(tp.next(), 2)?);
        if tp.next().is_some() || h > 23 || mi > 59 || se > 59 {
            return None;
        }
        secs = h * 3600 + mi * 60 + se;
    }
    let days = days_from_civil(y, m, d);
    let serial = if days + 25_569 > 60 {
        days + 25_569
    } else {
        days + 25_568
    };
    if serial < 1 {
        return None;
    }
    Some(serial as f64 + secs as f64 / 86_400.0)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Writes one value with its type; text is always a string.
fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: &Value,
    fmt: &Format,
    styles: &Styles,
) -> Result<(), XlsxError> {
    match v {
        Value::Empty => ws.write_blank(row, col, fmt)?,
        Value::Bool(b) => ws.write_boolean_with_format(row, col, *b, fmt)?,
        Value::Number(n) => ws.write_number_with_format(row, col, *n, fmt)?,
        Value::Text(t) => ws.write_string_with_format(row, col, t, fmt)?,
        Value::Date(d) => match iso_to_excel_serial(d) {
            Some(serial) => {
                let f = if d.contains('T') {
                    &styles.datetime
                } else {
                    &styles.date
                };
                ws.write_number_with_format(row, col, serial, f)?
            }
            None => ws.write_string_with_format(row, col, d, fmt)?,
        },
    };
    Ok(())
}

/// The ID and name cells of a service, given which of the two columns exist.
fn id_name_cells(s: &Service, has_id: bool, has_name: bool) -> (Option<String>, Option<String>) {
    let id = s.id.clone();
    let name = s.name.clone();
    match (has_id, has_name) {
        (true, true) => (id, name),
        (true, false) => (id.or(name), None),
        (false, _) => {
            let joined = match (id, name) {
                (Some(i), Some(n)) => Some(format!("{i} {n}")),
                (i, n) => i.or(n),
            };
            (None, joined)
        }
    }
}

/// The gap formula's cached result: what Excel computes from these cells.
fn gap_result(s: &Service, level_word: Option<&str>) -> String {
    let (Value::Number(a), Value::Number(t)) = (&s.as_is, &s.to_be) else {
        return String::new();
    };
    if let (Some(word), Value::Text(l)) = (level_word, &s.level)
        && l.to_lowercase() == word.to_lowercase()
    {
        return String::new();
    }
    format!("{}", t - a)
}

fn write_portfolio(
    ws: &mut Worksheet,
    p: &Portfolio,
    parsed: &[Parsed],
    layout: &Layout,
    styles: &Styles,
    lang: Lang,
    lists_sheet: &str,
) -> Result<(), XlsxError> {
    let header_row = layout.header_row;
    let first = layout.first_row;
    let last_col = layout.columns.len() as u16 - 1;

    // Title row: the title, and the labelled organisation cell beside it.
    ws.write_string_with_format(
        0,
        0,
        lang.pick(
            "X.1060 CDC サービスポートフォリオ",
            "X.1060 CDC service portfolio",
        ),
        &styles.title,
    )?;
    ws.set_row_height(0, 27)?;
    ws.write_string_with_format(0, 3, lang.pick("組織名", "Organisation"), &styles.label)?;
    match &p.organisation {
        Some(org) => ws.merge_range(0, 4, 0, 6, org, &styles.org)?,
        None => ws.merge_range(0, 4, 0, 6, "", &styles.org)?,
    };
    ws.write_string_with_format(
        1,
        0,
        lang.pick(
            "各サービスの推奨レベル・サービス割り当て・担当/委託先・現状とあるべき姿のスコアを入力してください (黄色のセル。セルを選ぶと説明が出ます。語の意味は「ガイド」シート、集計は「x1060 自己評価」シート)。",
            "Fill in each service's recommendation level, assignment, team / contractor and As-Is / To-Be scores (the yellow cells; select a cell for help). The Guide sheet explains the words; the x1060 Self-check sheet sums up.",
        ),
        &styles.note,
    )?;

    // Header.
    let header = |c: Column| -> String {
        match c {
            Column::Category => lang.pick("カテゴリ", "Category").to_string(),
            Column::Field(f) => field_header(f, lang).to_string(),
            Column::Gap => lang.pick("x1060: ギャップ", "x1060: Gap").to_string(),
            Column::Extra(i) => p.extra_columns[i].clone(),
        }
    };
    for (i, &c) in layout.columns.iter().enumerate() {
        ws.write_string_with_format(header_row, i as u16, header(c), &styles.head)?;
    }

    // Services.
    let has_id = layout.has(Field::Id);
    let has_name = layout.has(Field::Name);
    let level_word = layout
        .has(Field::Level)
        .then(|| Level::Unnecessary.word(lang));
    let cell = |f: Field| layout.column_of(f).map(|c| column_name(c as u32));
    let gap_formula = |row: u32| -> Option<String> {
        let r = row + 1;
        let a = format!("{}{r}", cell(Field::AsIs)?);
        let t = format!("{}{r}", cell(Field::ToBe)?);
        let cond = match (cell(Field::Level), level_word) {
            (Some(l), Some(w)) => format!(",{l}{r}<>\"{}\"", w.replace('"', "\"\"")),
            _ => String::new(),
        };
        Some(format!(
            "=IF(AND(ISNUMBER({a}),ISNUMBER({t}){cond}),{t}-{a},\"\")"
        ))
    };
    let widths = column_widths(p, layout, lang);
    let (line_height, padding) = match lang {
        Lang::Ja => (15.75, 3.0),
        Lang::En => (14.5, 1.5),
    };
    for (i, (s, parsed)) in p.services.iter().zip(parsed).enumerate() {
        let row = first + i as u32;
        let (id_cell, name_cell) = id_name_cells(s, has_id, has_name);
        // Rows of wrapped text get their height here: not every program
        // fits it on opening.
        let lines = layout
            .columns
            .iter()
            .zip(&widths)
            .map(|(&c, &w)| text_lines(&cell_text(s, c, has_id, has_name), w))
            .max()
            .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(row, lines as f64 * line_height + padding)?;
        }
        for (j, &c) in layout.columns.iter().enumerate() {
            let col = j as u16;
            match c {
                Column::Category => match (parsed.id.as_ref(), parsed.category) {
                    (Some(_), Some(letter)) => {
                        let text = letter.to_string();
                        ws.write_string_with_format(row, col, &text, &styles.fixed_center)?;
                    }
                    _ => {
                        ws.write_blank(row, col, &styles.fixed_center)?;
                    }
                },
                Column::Field(Field::Id) => {
                    match &id_cell {
                        Some(t) => {
                            ws.write_string_with_format(row, col, t, &styles.fixed_center)?
                        }
                        None => ws.write_blank(row, col, &styles.fixed_center)?,
                    };
                }
                Column::Field(Field::Name) => {
                    match &name_cell {
                        Some(t) => ws.write_string_with_format(row, col, t, &styles.fixed)?,
                        None => ws.write_blank(row, col, &styles.fixed)?,
                    };
                }
                Column::Field(f) => {
                    let (v, fmt) = match f {
                        Field::Description => (&s.description, &styles.fixed),
                        Field::Level => (&s.level, &styles.input),
                        Field::Assignment => (&s.assignment, &styles.input),
                        Field::Team => (&s.team, &styles.input),
                        Field::Contractor => (&s.contractor, &styles.input),
                        Field::Party => (&s.party, &styles.input),
                        Field::AsIs => (&s.as_is, &styles.score),
                        Field::ToBe => (&s.to_be, &styles.score),
                        Field::Id | Field::Name => unreachable!("handled above"),
                    };
                    write_value(ws, row, col, v, fmt, styles)?;
                }
                Column::Gap => match gap_formula(row) {
                    Some(f) => {
                        ws.write_formula_with_format(row, col, f.as_str(), &styles.gap)?;
                        ws.set_formula_result(row, col, gap_result(s, level_word));
                    }
                    None => {
                        ws.write_blank(row, col, &styles.gap)?;
                    }
                },
                Column::Extra(k) => {
                    let v = s.extra.get(k).unwrap_or(&Value::Empty);
                    write_value(ws, row, col, v, &styles.extra, styles)?;
                }
            }
        }
    }
    let last = first + p.services.len().max(1) as u32 - 1;

    // Drop-down lists and input messages.
    if !p.services.is_empty() {
        let lists = quote_sheet_name(lists_sheet);
        let (err_title, err_msg) = error_message(lang);
        for (j, &c) in layout.columns.iter().enumerate() {
            let Column::Field(f) = c else { continue };
            let list = match f {
                Field::Level => Some(format!("={lists}!$A$2:$A${}", 1 + Level::ALL.len())),
                Field::Assignment => {
                    Some(format!("={lists}!$B$2:$B${}", 1 + Assignment::ALL.len()))
                }
                Field::AsIs | Field::ToBe => Some(format!("={lists}!$C$2:$C$7")),
                Field::Team | Field::Contractor | Field::Party => None,
                Field::Id | Field::Name | Field::Description => continue,
            };
            let (title, message) = input_message(f, lang);
            let dv = match list {
                Some(formula) => DataValidation::new()
                    .allow_list_formula(Formula::new(formula))
                    .set_error_title(err_title)?
                    .set_error_message(err_msg)?
                    .set_error_style(DataValidationErrorStyle::Stop),
                None => DataValidation::new().allow_any_value(),
            }
            .set_input_title(fit(title, 32))?
            .set_input_message(fit(&message, 255))?;
            ws.add_data_validation(first, j as u16, last, j as u16, &dv)?;
        }
    }

    // Widths: wide characters count double; long texts wrap.
    for (j, w) in widths.iter().enumerate() {
        ws.set_column_width(j as u16, *w)?;
    }
    ws.set_row_height(header_row, 36)?;

    // Freeze the header and the service columns; filter; print.
    let freeze_col = layout
        .column_of(Field::Name)
        .or(layout.column_of(Field::Id))
        .map_or(1, |c| c + 1);
    ws.set_freeze_panes(first, freeze_col)?;
    ws.autofilter(header_row, 0, last, last_col)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row)?;
    ws.set_footer(lang.pick("&L&A&C&P / &N", "&L&A&C&P / &N"));
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    Ok(())
}

/// The text a cell shows, for sizing.
fn cell_text(s: &Service, c: Column, has_id: bool, has_name: bool) -> String {
    match c {
        Column::Category => "A".to_string(),
        Column::Field(Field::Id) => id_name_cells(s, has_id, has_name).0.unwrap_or_default(),
        Column::Field(Field::Name) => id_name_cells(s, has_id, has_name).1.unwrap_or_default(),
        Column::Field(f) => field_value(s, f).display(),
        Column::Gap => "+4".to_string(),
        Column::Extra(k) => s.extra.get(k).map(Value::display).unwrap_or_default(),
    }
}

/// How many lines a text takes in a wrapped column of this width
/// (characters; wide characters count double). Calibrated on Excel's
/// 游ゴシック / Calibri 11, which set text a little wider than LibreOffice.
fn text_lines(text: &str, width: f64) -> usize {
    let per_line = (width - 1.0).max(1.0);
    text.lines()
        .map(|l| {
            let w = display_width(l) as f64;
            let factor = if l.is_ascii() { 0.92 } else { 0.95 };
            ((w * factor) / per_line).ceil().max(1.0) as usize
        })
        .sum::<usize>()
        .max(1)
}

/// Column widths of the portfolio sheet: the widest value or header, within
/// limits per kind of column (longer texts wrap).
fn column_widths(p: &Portfolio, layout: &Layout, lang: Lang) -> Vec<f64> {
    let has_id = layout.has(Field::Id);
    let has_name = layout.has(Field::Name);
    layout
        .columns
        .iter()
        .map(|&c| {
            let head = match c {
                Column::Category => lang.pick("カテゴリ", "Category").to_string(),
                Column::Field(f) => field_header(f, lang).to_string(),
                Column::Gap => lang.pick("x1060: ギャップ", "x1060: Gap").to_string(),
                Column::Extra(i) => p.extra_columns[i].clone(),
            };
            let values: Vec<String> = p
                .services
                .iter()
                .map(|s| cell_text(s, c, has_id, has_name))
                .collect();
            let (min, max) = match c {
                Column::Category => (7.0, 9.0),
                Column::Field(Field::Id) => (6.0, 9.0),
                Column::Field(Field::Name) => (16.0, 30.0),
                Column::Field(Field::Description) => (24.0, 50.0),
                Column::Field(Field::Level | Field::Assignment) => (12.0, 16.0),
                Column::Field(Field::Team | Field::Contractor | Field::Party) => (12.0, 22.0),
                Column::Field(Field::AsIs | Field::ToBe) => (9.0, 12.0),
                Column::Gap => (8.0, 10.0),
                Column::Extra(_) => (10.0, 36.0),
            };
            // Headers wrap onto two lines; the drop-down words show in full.
            let longest_word = head
                .split_whitespace()
                .map(display_width)
                .max()
                .unwrap_or(0);
            let head_half = " ".repeat(display_width(&head).div_ceil(2).max(longest_word + 1));
            let mut texts: Vec<&str> = values.iter().map(String::as_str).collect();
            texts.push(&head_half);
            let words: Vec<&str> = match c {
                Column::Field(Field::Level) => Level::ALL.iter().map(|l| l.word(lang)).collect(),
                Column::Field(Field::Assignment) => {
                    Assignment::ALL.iter().map(|a| a.word(lang)).collect()
                }
                Column::Field(Field::AsIs | Field::ToBe) => vec![na_word(lang)],
                _ => Vec::new(),
            };
            texts.extend(words);
            column_width(texts, min, max) + 1.0
        })
        .collect()
}

fn field_value(s: &Service, f: Field) -> &Value {
    match f {
        Field::Description => &s.description,
        Field::Level => &s.level,
        Field::Assignment => &s.assignment,
        Field::Team => &s.team,
        Field::Contractor => &s.contractor,
        Field::Party => &s.party,
        Field::AsIs => &s.as_is,
        Field::ToBe => &s.to_be,
        Field::Id | Field::Name => &Value::Empty,
    }
}

/// The hidden lists sheet: level words, assignment words, scores 1–5 and
/// the N/A word — exactly what the drop-downs offer.
fn write_lists(ws: &mut Worksheet, styles: &Styles, lang: Lang) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, field_header(Field::Level, lang), &styles.guide_head)?;
    ws.write_string_with_format(
        0,
        1,
        field_header(Field::Assignment, lang),
        &styles.guide_head,
    )?;
    ws.write_string_with_format(0, 2, lang.pick("スコア", "Score"), &styles.guide_head)?;
    for (i, l) in Level::ALL.iter().enumerate() {
        ws.write_string(1 + i as u32, 0, l.word(lang))?;
    }
    for (i, a) in Assignment::ALL.iter().enumerate() {
        ws.write_string(1 + i as u32, 1, a.word(lang))?;
    }
    for s in 1..=5u32 {
        ws.write_number(s, 2, s as f64)?;
    }
    ws.write_string(6, 2, na_word(lang))?;
    ws.set_column_width(0, 18)?;
    ws.set_column_width(1, 18)?;
    ws.set_column_width(2, 12)?;
    Ok(())
}

/// The guide sheet: how to fill in, Tables 1–3, Figure 5, the edition note.
fn write_guide(ws: &mut Worksheet, styles: &Styles, lang: Lang) -> Result<(), XlsxError> {
    let t = tables();
    let first_col: Vec<&str> = t
        .table1
        .iter()
        .map(|r| r.level.word(lang))
        .chain(t.figure5.iter().map(|r| lang.pick(&r.name_ja, &r.name_en)))
        .collect();
    let w0 = column_width(first_col, 14.0, 30.0);
    let wide = w0 + 110.0;
    let (line_height, padding) = match lang {
        Lang::Ja => (15.75, 3.0),
        Lang::En => (14.5, 1.5),
    };
    // Merged and wrapped cells get their height here.
    let fit = |ws: &mut Worksheet, row: u32, cells: &[(&str, f64)]| -> Result<(), XlsxError> {
        let lines = cells
            .iter()
            .map(|&(text, width)| text_lines(text, width))
            .max()
            .unwrap_or(1);
        ws.set_row_height(row, lines as f64 * line_height + padding)?;
        Ok(())
    };
    let mut row = 0u32;
    ws.write_string_with_format(
        row,
        0,
        lang.pick(
            "記入ガイド (ITU-T X.1060 / JT-X1060)",
            "Guide (ITU-T X.1060 / JT-X1060)",
        ),
        &styles.title,
    )?;
    ws.set_row_height(row, 27)?;
    row += 1;
    ws.merge_range(
        row,
        0,
        row,
        2,
        lang.pick(&t.edition_note_ja, &t.edition_note_en),
        &styles.guide_cell,
    )?;
    fit(
        ws,
        row,
        &[(lang.pick(&t.edition_note_ja, &t.edition_note_en), wide)],
    )?;
    row += 2;

    let steps: [&str; 5] = match lang {
        Lang::Ja => [
            "1. サービスカタログ (§9.2): 64 のサービスそれぞれに推奨レベルを選びます (表 1)。不要なサービスも見直しのため行を残します。",
            "2. サービスプロファイル (§9.3): 推奨レベルを選んだサービスの割り当てを選び (表 2)、担当チーム・委託先を書きます。図 5 の考え方が目安になります。",
            "3. サービスポートフォリオ (§9.4): 現状 (As-Is) とあるべき姿 (To-Be) のスコアを 1〜5 で付けます (表 3)。実施しないと決めたものは評価対象外です。",
            "4. 「x1060 自己評価」シートに、カテゴリ・フェーズごとの集計とギャップが自動で出ます。自己評価は改善のためのもので、他組織との順位付けには使いません。",
            "5. 始める順序の目安 (ISOG-J): A → G → B → D。A・B・D には少なくとも一つのベーシックのサービスが必要です (TR-XSup.44 FAQ 9)。`x1060 check` で確認できます。",
        ],
        Lang::En => [
            "1. Service catalogue (§9.2): choose a recommendation level for each of the 64 services (Table 1). Keep Unnecessary services listed for review.",
            "2. Service profile (§9.3): choose the assignment of each selected service (Table 2) and name the responsible team and the contractor. Figure 5 helps decide.",
            "3. Service portfolio (§9.4): score each service As-Is and To-Be from 1 to 5 (Table 3); N/A when you decided not to implement it that way.",
            "4. The x1060 Self-check sheet sums up per category and phase, with the gaps, as you type. The self-assessment is for improvement, not for ranking organisations.",
            "5. Where to start (ISOG-J): A → G → B → D. Categories A, B and D need at least one Basic service (TR-XSup.44 FAQ 9). Run `x1060 check` on the filled workbook.",
        ],
    };
    ws.write_string_with_format(
        row,
        0,
        lang.pick("記入の手順", "How to fill in"),
        &styles.section,
    )?;
    row += 1;
    for s in steps {
        ws.merge_range(row, 0, row, 2, s, &styles.guide_cell)?;
        fit(ws, row, &[(s, wide)])?;
        row += 1;
    }
    row += 1;

    // Table 1.
    ws.write_string_with_format(
        row,
        0,
        lang.pick(
            "表 1 推奨レベル (§9.2)",
            "Table 1 – Recommendation levels (§9.2)",
        ),
        &styles.section,
    )?;
    row += 1;
    ws.write_string_with_format(row, 0, field_header(Field::Level, lang), &styles.guide_head)?;
    ws.merge_range(
        row,
        1,
        row,
        2,
        lang.pick("意味", "Meaning"),
        &styles.guide_head,
    )?;
    row += 1;
    for r in &t.table1 {
        ws.write_string_with_format(row, 0, r.level.word(lang), &styles.guide_cell)?;
        ws.merge_range(row, 1, row, 2, lang.pick(&r.ja, &r.en), &styles.guide_cell)?;
        row += 1;
    }
    row += 1;

    // Table 2.
    ws.write_string_with_format(
        row,
        0,
        lang.pick(
            "表 2 サービス割り当て (§9.3)",
            "Table 2 – Service assignment (§9.3)",
        ),
        &styles.section,
    )?;
    row += 1;
    ws.write_string_with_format(
        row,
        0,
        field_header(Field::Assignment, lang),
        &styles.guide_head,
    )?;
    ws.merge_range(
        row,
        1,
        row,
        2,
        lang.pick("意味", "Meaning"),
        &styles.guide_head,
    )?;
    row += 1;
    for r in &t.table2 {
        ws.write_string_with_format(row, 0, r.assignment.word(lang), &styles.guide_cell)?;
        ws.merge_range(row, 1, row, 2, lang.pick(&r.ja, &r.en), &styles.guide_cell)?;
        fit(ws, row, &[(lang.pick(&r.ja, &r.en), wide - w0)])?;
        row += 1;
    }
    row += 1;

    // Table 3.
    ws.write_string_with_format(
        row,
        0,
        lang.pick("表 3 スコア (§9.4)", "Table 3 – Service score (§9.4)"),
        &styles.section,
    )?;
    row += 1;
    ws.write_string_with_format(row, 0, lang.pick("スコア", "Score"), &styles.guide_head)?;
    ws.write_string_with_format(
        row,
        1,
        Assignment::Insourcing.word(lang),
        &styles.guide_head,
    )?;
    ws.write_string_with_format(
        row,
        2,
        Assignment::Outsourcing.word(lang),
        &styles.guide_head,
    )?;
    row += 1;
    for r in &t.table3 {
        if r.score == 0 {
            ws.write_string_with_format(row, 0, na_word(lang), &styles.guide_cell)?;
        } else {
            ws.write_number_with_format(row, 0, r.score as f64, &styles.guide_score)?;
        }
        ws.write_string_with_format(
            row,
            1,
            lang.pick(&r.insource_ja, &r.insource_en),
            &styles.guide_cell,
        )?;
        ws.write_string_with_format(
            row,
            2,
            lang.pick(&r.outsource_ja, &r.outsource_en),
            &styles.guide_cell,
        )?;
        fit(
            ws,
            row,
            &[
                (lang.pick(&r.insource_ja, &r.insource_en), 55.0),
                (lang.pick(&r.outsource_ja, &r.outsource_en), 55.0),
            ],
        )?;
        row += 1;
    }
    row += 1;

    // Figure 5.
    ws.write_string_with_format(
        row,
        0,
        lang.pick(
            "図 5 ソーシングの考え方 (§9.3)",
            "Figure 5 – Sourcing quadrants (§9.3)",
        ),
        &styles.section,
    )?;
    row += 1;
    ws.write_string_with_format(row, 0, lang.pick("区分", "Quadrant"), &styles.guide_head)?;
    ws.merge_range(
        row,
        1,
        row,
        2,
        lang.pick("説明", "Explanation"),
        &styles.guide_head,
    )?;
    row += 1;
    for r in &t.figure5 {
        ws.write_string_with_format(
            row,
            0,
            lang.pick(&r.name_ja, &r.name_en),
            &styles.guide_cell,
        )?;
        ws.merge_range(row, 1, row, 2, lang.pick(&r.ja, &r.en), &styles.guide_cell)?;
        fit(
            ws,
            row,
            &[
                (lang.pick(&r.ja, &r.en), wide - w0),
                (lang.pick(&r.name_ja, &r.name_en), w0),
            ],
        )?;
        row += 1;
    }

    ws.set_column_width(0, w0)?;
    ws.set_column_width(1, 55)?;
    ws.set_column_width(2, 55)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_footer("&C&P / &N");
    Ok(())
}
