//! The portfolio sheet of the template: title, header, one row per
//! service, drop-down lists with input messages, widths, print setup.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, Formula, Worksheet, XlsxError,
    utility::quote_sheet_name,
};

use super::{
    Column, Layout, Styles, category_header, field_header, gap_header, iso_to_excel_serial, na_word,
};
use crate::catalogue::{Assignment, Lang, Level};
use crate::model::{Field, Parsed, Portfolio, Service, Value, column_name};
use crate::text::display_width;
use crate::write::selfcheck::column_width;

/// Input messages of the data validations: (title ≤ 32, message ≤ 255).
pub(super) fn input_message(field: Field, lang: Lang) -> (&'static str, String) {
    let na = na_word(lang);
    let words = |ws: Vec<&str>| ws.join(lang.pick("・", ", "));
    match field {
        Field::Level => (
            lang.pick("推奨レベル (表 1)", "Recommendation level (Table 1)"),
            match lang {
                Lang::Ja => format!(
                    "一覧から選びます: {}。意味は「記入ガイド」シートの表 1 (JT-X1060 9.2節)。不要としたサービスも見直しのため行を残します。",
                    words(Level::ALL.iter().map(|l| l.word(lang)).collect())
                ),
                Lang::En => "Choose from the list. Table 1 on the Guide sheet (X.1060 §9.2) gives the meaning of each level. Keep Unnecessary services listed for review.".to_string(),
            },
        ),
        Field::Assignment => (
            lang.pick("サービス割り当て (表 2)", "Assignment (Table 2)"),
            match lang {
                Lang::Ja => format!(
                    "一覧から選びます: {}。インソースは担当、アウトソースは委託先、併用は両方を右の列に書きます (表 2)。",
                    words(Assignment::ALL.iter().map(|a| a.word(lang)).collect())
                ),
                Lang::En => "Choose from the list. Insourcing: name the responsible team; Outsourcing: name the contractor; Combination: name both (Table 2).".to_string(),
            },
        ),
        Field::Team => (
            lang.pick("担当 (責任を持つチーム)", "Responsible team"),
            lang.pick(
                "インソースと併用のとき、責任を持つ自組織のチーム名 (例: セキュリティ運用部)。",
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
                lang.pick("現状 (As-Is) のスコア (表 3)", "As-Is score (Table 3)")
            } else {
                lang.pick("あるべき姿 (To-Be) のスコア (表 3)", "To-Be score (Table 3)")
            },
            match lang {
                Lang::Ja => format!(
                    "{}のスコアを 1〜5 で選びます。基準は割り当てによって異なります (表 3: インソースの場合・アウトソースの場合。併用は「記入ガイド」参照)。その形態では実施しないと決めたものは「{na}」。",
                    if field == Field::AsIs { "現在" } else { "目標" }
                ),
                Lang::En => format!(
                    "{} score, 1 to 5. The criteria depend on the assignment (Table 3: for insource, for outsource; Combination: see the Guide sheet). {na} when you decided not to implement it in that form.",
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
            "一覧から選んでください。空欄のままでもかまいません。",
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

/// Writes the portfolio sheet (see the module documentation of [`super`]).
pub(super) fn write_portfolio(
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
            "各サービスの推奨レベル・サービス割り当て・担当/委託先・現状とあるべき姿のスコアを入力してください (黄色のセル。セルを選ぶと説明が出ます。語の意味と独自サービスの追加方法は「記入ガイド」シート、集計は「x1060 セルフチェック」シート)。",
            "Fill in each service's recommendation level, assignment, team / contractor and As-Is / To-Be scores (the yellow cells; select a cell for help). The Guide sheet explains the words and how to add your own services; the x1060 Self-check sheet sums up.",
        ),
        &styles.note,
    )?;

    // Header.
    let header = |c: Column| -> String {
        match c {
            Column::Category => category_header(lang).to_string(),
            Column::Field(f) => field_header(f, lang).to_string(),
            Column::Gap => gap_header(lang).to_string(),
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
    let last = layout.last_service_row(p.services.len());
    // Drop-down lists reach well below the services, so a row added there
    // (an own service) offers them too.
    let last_input = layout.last_input_row(p.services.len());

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
            ws.add_data_validation(first, j as u16, last_input, j as u16, &dv)?;
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
pub(super) fn text_lines(text: &str, width: f64) -> usize {
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
                Column::Category => category_header(lang).to_string(),
                Column::Field(f) => field_header(f, lang).to_string(),
                Column::Gap => gap_header(lang).to_string(),
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
