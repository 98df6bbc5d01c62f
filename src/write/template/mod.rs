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
//! 2. the self-check (`x1060 セルフチェック` / `x1060 Self-check`: the
//!    `x1060 ` prefix lets `x1060 annotate` replace it with its own), see
//!    `write/selfcheck.rs`; its formulas cover the rows down to
//!    [`Layout::last_input_row`], so services added below the 64 count;
//! 3. the guide (`記入ガイド` / `Guide`): how to fill in, how to add an own
//!    service, which scale a Combination uses, the standard's Tables 1–3
//!    and Figure 5 quoted word for word with their source, the edition note;
//! 4. the lists (`リスト` / `Lists`, hidden): the words the drop-downs offer,
//!    exactly the vocabulary of RULES.md.

mod dates;
mod guide;
mod portfolio;

pub use dates::iso_to_excel_serial;

use rust_xlsxwriter::{DocProperties, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use super::selfcheck::{SelfCheckSource, write_selfcheck};
use super::style::{HEADER_FILL, base_format};
use crate::analysis;
use crate::catalogue::{Lang, catalogue};
use crate::model::{Field, Portfolio, Service, Value};

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
    lang.pick("x1060 セルフチェック", "x1060 Self-check")
}

/// The guide sheet's name.
pub fn guide_sheet_name(lang: Lang) -> &'static str {
    lang.pick("記入ガイド", "Guide")
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

/// The N/A word a template offers for scores: JT-X1060 Table 3's `適用外`,
/// or `N/A` (RULES.md → Vocabulary: 評価対象外 is read, not written).
///
/// ```
/// use x1060::catalogue::Lang;
/// assert_eq!(x1060::write::template::na_word(Lang::Ja), "適用外");
/// ```
pub fn na_word(lang: Lang) -> &'static str {
    lang.pick("適用外", "N/A")
}

/// The category column's header.
pub fn category_header(lang: Lang) -> &'static str {
    lang.pick("カテゴリー", "Category")
}

/// The gap column's header (the `x1060:` prefix tells the reader it is ours).
pub fn gap_header(lang: Lang) -> &'static str {
    lang.pick("x1060: ギャップ", "x1060: Gap")
}

/// The last 0-based row the template's formulas and drop-down lists cover
/// at the least: Excel row 1000, so services added below the 64 count.
pub const INPUT_ROWS_TO: u32 = 999;

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

/// The default output name for a language (`x1060-template-ja.xlsx`).
///
/// ```
/// use x1060::catalogue::Lang;
/// assert_eq!(x1060::write::template::default_output(Lang::En).to_str(), Some("x1060-template-en.xlsx"));
/// ```
pub fn default_output(lang: Lang) -> std::path::PathBuf {
    std::path::PathBuf::from(format!("x1060-template-{}.xlsx", lang.pick("ja", "en")))
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

    /// The last service row of a sheet holding `services` rows.
    pub fn last_service_row(&self, services: usize) -> u32 {
        self.first_row + services.max(1) as u32 - 1
    }

    /// The last row (0-based) the self-check formulas and the drop-down
    /// lists cover: [`INPUT_ROWS_TO`], or further when more services are
    /// written, with 200 rows to spare. Rows a user adds below the services
    /// (an own service, say) are counted as long as they lie above it.
    ///
    /// ```
    /// use x1060::catalogue::Lang;
    /// use x1060::write::template::{Layout, blank_portfolio};
    /// let l = Layout::of(&blank_portfolio(Lang::Ja, None));
    /// assert_eq!(l.last_input_row(64), 999); // Excel row 1000
    /// ```
    pub fn last_input_row(&self, services: usize) -> u32 {
        INPUT_ROWS_TO.max(self.last_service_row(services) + 200)
    }
}

/// The formats of the portfolio workbook, all built on [`base_format`].
pub(crate) struct Styles {
    pub(crate) title: Format,
    pub(crate) label: Format,
    pub(crate) org: Format,
    pub(crate) note: Format,
    pub(crate) head: Format,
    pub(crate) fixed: Format,
    pub(crate) fixed_center: Format,
    pub(crate) input: Format,
    pub(crate) score: Format,
    pub(crate) gap: Format,
    pub(crate) extra: Format,
    pub(crate) date: Format,
    pub(crate) datetime: Format,
    pub(crate) guide_head: Format,
    pub(crate) guide_cell: Format,
    pub(crate) section: Format,
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
                    .set_background_color(HEADER_FILL),
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
                    .set_background_color(HEADER_FILL),
            ),
            guide_cell: boxed(base.clone().set_text_wrap()),
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
    portfolios_workbook(std::slice::from_ref(p), lang)
}

/// [`portfolio_workbook`] of several portfolios (the JSON document of a
/// workbook with overlapping portfolio sheets): one portfolio sheet each,
/// in order, then one self-check per portfolio (named after it when there
/// are several), the guide and the lists once. One portfolio gives exactly
/// the workbook of [`portfolio_workbook`].
pub fn portfolios_workbook(ps: &[Portfolio], lang: Lang) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let (row_px, col_px) = match lang {
        Lang::Ja => (25, 72),
        Lang::En => (20, 64),
    };
    wb.set_default_format(&base_format(lang), row_px, col_px)?;
    if let Some(p) = ps.first() {
        wb.set_properties(&properties(p, lang));
    }
    let styles = Styles::new(lang);
    let mut taken: Vec<String> = Vec::new();
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
    let names: Vec<String> = ps
        .iter()
        .map(|p| unique(&sheet_name(&p.sheet, portfolio_sheet_name(lang))))
        .collect();
    let selfcheck_names: Vec<String> = ps
        .iter()
        .map(|p| match ps.len() {
            1 => unique(selfcheck_sheet_name(lang)),
            _ => unique(&sheet_name(
                &format!("{} {}", selfcheck_sheet_name(lang), p.sheet),
                selfcheck_sheet_name(lang),
            )),
        })
        .collect();
    let guide_name = unique(guide_sheet_name(lang));
    let lists_name = unique(lists_sheet_name(lang));

    let mut sources = Vec::new();
    for (p, portfolio_name) in ps.iter().zip(&names) {
        let layout = Layout::of(p);
        let parsed = p.parse();
        let ws = wb.add_worksheet();
        ws.set_name(portfolio_name)?;
        portfolio::write_portfolio(ws, p, &parsed, &layout, &styles, lang, &lists_name)?;
        let figures = analysis::figures(p, &parsed);
        sources.push((layout, figures, p.services.len()));
    }
    for ((portfolio_name, selfcheck_name), (layout, figures, n)) in
        names.iter().zip(&selfcheck_names).zip(&sources)
    {
        // Down to well below the services: rows added there count.
        let last_row = layout.last_input_row(*n);
        // A column nobody writes: a missing input column counts as blank.
        const NOWHERE: u16 = 16_383;
        let col = |f: Field| layout.column_of(f).unwrap_or(NOWHERE);
        let src = SelfCheckSource {
            sheet: portfolio_name,
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
        write_selfcheck(&mut wb, selfcheck_name, &src, figures)?;
    }

    let guide = wb.add_worksheet();
    guide.set_name(&guide_name)?;
    guide::write_guide(guide, &styles, lang)?;

    let lists = wb.add_worksheet();
    lists.set_name(&lists_name)?;
    guide::write_lists(lists, &styles, lang)?;
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
        .set_comment(match lang {
            Lang::Ja => format!("作成ツール: {generator}"),
            Lang::En => format!("generator {generator}"),
        })
        .set_custom_property(lang.pick("作成ツール", "generator"), generator.as_str())
        .set_custom_property(
            lang.pick("準拠する版", "x1060 edition"),
            "ITU-T X.1060 (2021) / JT-X1060",
        );
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
