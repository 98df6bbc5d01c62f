//! The guide sheet — how to fill in, how to add an own service, which
//! scale a Combination uses, which figures are this tool's own, and the
//! standard's Tables 1–3 and Figure 5 quoted word for word with their
//! source (`templates/tables.toml`) — and the hidden lists sheet.

use std::sync::OnceLock;

use rust_xlsxwriter::{Worksheet, XlsxError};
use serde::Deserialize;

use super::portfolio::text_lines;
use super::{Styles, field_header, na_word};
use crate::analysis::{achievement_note, cycle_note, phase_note};
use crate::catalogue::{Assignment, Lang, Level};
use crate::model::Field;
use crate::write::selfcheck::column_width;

/// A text in both languages.
#[derive(Debug, Clone, Deserialize)]
struct Both {
    ja: String,
    en: String,
}

/// Title, section and column heads of a quoted table.
#[derive(Debug, Clone, Deserialize)]
struct Head {
    title_ja: String,
    title_en: String,
    section_ja: String,
    section_en: String,
    #[serde(default)]
    head_ja: Vec<String>,
    #[serde(default)]
    head_en: Vec<String>,
    #[serde(default)]
    insource_ja: String,
    #[serde(default)]
    insource_en: String,
    #[serde(default)]
    outsource_ja: String,
    #[serde(default)]
    outsource_en: String,
}

#[derive(Debug, Clone, Deserialize)]
struct Quotes {
    table1: Head,
    table2: Head,
    table3: Head,
    note94: Note94,
}

#[derive(Debug, Clone, Deserialize)]
struct Note94 {
    ja: String,
    section_ja: String,
}

#[derive(Debug, Clone, Deserialize)]
struct LevelRow {
    level: Level,
    ja: String,
    en: String,
}

#[derive(Debug, Clone, Deserialize)]
struct AssignmentRow {
    assignment: Assignment,
    ja: String,
    en: String,
}

#[derive(Debug, Clone, Deserialize)]
struct ScoreRow {
    points_ja: String,
    points_en: String,
    insource_ja: String,
    insource_en: String,
    outsource_ja: String,
    outsource_en: String,
}

#[derive(Debug, Clone, Deserialize)]
struct Quadrant {
    name_ja: String,
    name_en: String,
    internal: bool,
    high_skill: bool,
    ja: String,
    en: String,
}

#[derive(Debug, Clone, Deserialize)]
struct Quadrants {
    title_ja: String,
    title_en: String,
    section_ja: String,
    section_en: String,
    skill_axis_ja: String,
    skill_low_ja: String,
    skill_high_ja: String,
    internal_ja: String,
    external_ja: String,
    skill_axis_en: String,
    skill_low_en: String,
    skill_high_en: String,
    internal_en: String,
    external_en: String,
    quadrant: Vec<Quadrant>,
}

#[derive(Debug, Clone, Deserialize)]
struct Own {
    figure5_en_note: String,
    figure5_ja_note: String,
}

/// `templates/tables.toml`: the standard's words, quoted.
#[derive(Debug, Clone, Deserialize)]
struct Tables {
    edition_note_ja: String,
    edition_note_en: String,
    source: Both,
    quote: Quotes,
    table1: Vec<LevelRow>,
    table2: Vec<AssignmentRow>,
    table3: Vec<ScoreRow>,
    quadrants: Quadrants,
    own: Own,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        toml::from_str(include_str!("../../../templates/tables.toml"))
            .expect("templates/tables.toml is valid")
    })
}

/// White space collapsed (the text keeps the standard's wide spacing).
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The hidden lists sheet: level words, assignment words, scores 1–5 and
/// the N/A word — exactly what the drop-downs offer.
pub(super) fn write_lists(
    ws: &mut Worksheet,
    styles: &Styles,
    lang: Lang,
) -> Result<(), XlsxError> {
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

/// Writes the guide sheet row by row; merged and wrapped cells get their
/// height here (not every program fits it on opening).
struct Guide<'a> {
    ws: &'a mut Worksheet,
    styles: &'a Styles,
    lang: Lang,
    row: u32,
    /// Widths of columns A, B, C.
    widths: [f64; 3],
}

impl Guide<'_> {
    fn height(&mut self, cells: &[(&str, f64)]) -> Result<(), XlsxError> {
        let (line, pad) = match self.lang {
            Lang::Ja => (15.75, 3.0),
            Lang::En => (14.5, 1.5),
        };
        let lines = cells
            .iter()
            .map(|&(t, w)| text_lines(t, w))
            .max()
            .unwrap_or(1);
        self.ws
            .set_row_height(self.row, lines as f64 * line + pad)?;
        Ok(())
    }

    fn all(&self) -> f64 {
        self.widths.iter().sum()
    }

    fn section(&mut self, text: &str) -> Result<(), XlsxError> {
        self.row += 1;
        self.ws
            .write_string_with_format(self.row, 0, text, &self.styles.section)?;
        self.row += 1;
        Ok(())
    }

    /// A paragraph over the three columns.
    fn para(&mut self, text: &str) -> Result<(), XlsxError> {
        self.ws
            .merge_range(self.row, 0, self.row, 2, text, &self.styles.guide_cell)?;
        self.height(&[(text, self.all())])?;
        self.row += 1;
        Ok(())
    }

    /// A grey line under a table title: where the words come from.
    fn source(&mut self, text: &str) -> Result<(), XlsxError> {
        self.ws
            .merge_range(self.row, 0, self.row, 2, text, &self.styles.note)?;
        self.height(&[(text, self.all())])?;
        self.row += 1;
        Ok(())
    }

    /// A row: a key in A, a text over B and C.
    fn pair(&mut self, key: &str, text: &str, head: bool) -> Result<(), XlsxError> {
        let f = if head {
            &self.styles.guide_head
        } else {
            &self.styles.guide_cell
        };
        self.ws.write_string_with_format(self.row, 0, key, f)?;
        self.ws.merge_range(self.row, 1, self.row, 2, text, f)?;
        self.height(&[
            (key, self.widths[0]),
            (text, self.widths[1] + self.widths[2]),
        ])?;
        self.row += 1;
        Ok(())
    }

    /// A row of three cells.
    fn three(&mut self, cells: [&str; 3], head: [bool; 3]) -> Result<(), XlsxError> {
        for (i, text) in cells.iter().enumerate() {
            let f = if head[i] {
                &self.styles.guide_head
            } else {
                &self.styles.guide_cell
            };
            self.ws
                .write_string_with_format(self.row, i as u16, *text, f)?;
        }
        let c: Vec<(&str, f64)> = cells.iter().copied().zip(self.widths).collect();
        self.height(&c)?;
        self.row += 1;
        Ok(())
    }
}

/// The guide's own paragraphs (this tool's words), in order of the steps.
fn steps(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Ja => [
            "1. サービスカタログ (9.2節): 64 のサービスそれぞれに推奨レベルを選びます (表 1)。不要としたサービスも見直しのため行を残します (11.2節)。",
            "2. サービスプロファイル (9.3節): 選んだサービスの割り当てを選び (表 2)、担当と委託先を書きます。図 5 の考え方が目安になります。",
            "3. サービスポートフォリオ (9.4節): 現状 (As-Is) とあるべき姿 (To-Be) のスコアを 1〜5 で付けます (表 3)。その形態では実施しないと決めたものは適用外です。",
            "4. 「x1060 セルフチェック」シートに、カテゴリー・割り当て・フェーズごとの集計とギャップが自動で出ます。自己評価は自組織の改善のためのもので、他組織との順位付けには使いません。",
            "5. 始める順序の目安 (ISOG-J): A → G → B → D。A・B・D には少なくとも一つのベーシックのサービスが必要です (TR-XSup.44 FAQ 9)。記入したブックは x1060 でチェックできます。",
        ],
        Lang::En => [
            "1. Service catalogue (§9.2): choose a recommendation level for each of the 64 services (Table 1). Keep Unnecessary services listed for review (§11.2).",
            "2. Service profile (§9.3): choose the assignment of each selected service (Table 2) and name the responsible team and the contractor. Figure 5 helps decide.",
            "3. Service portfolio (§9.4): score each service As-Is and To-Be from 1 to 5 (Table 3); N/A when you decided not to implement it in that form.",
            "4. The x1060 Self-check sheet sums up per category, assignment type and phase, with the gaps, as you type. The self-assessment is for improving your own organisation, not for ranking organisations.",
            "5. Where to start (ISOG-J): A → G → B → D. Categories A, B and D need at least one Basic service (TR-XSup.44 FAQ 9). Run x1060 check on the filled workbook.",
        ],
    }
}

/// How to add an own service (RULES.md → Own services).
fn own_services(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::Ja => [
            "X.1060 にない自組織のサービスは、64 行の下 (1000 行目まで) に 1 行ずつ追加します。最後のサービスの行をコピーして下に貼り付けると、一覧選択とギャップの式も一緒に入ります。",
            "ID は英字・ハイフン・番号で付けます。英字が A〜I (例: A-14、D-8) ならそのカテゴリーの集計に入ります。それ以外の英字 (例: X-1、Z-2) は「組織独自のサービス」として全体の集計にだけ入ります。",
            "「カテゴリー」列には ID の英字を書きます (セルフチェックの式はこの列を読みます)。サービス名も必ず書きます (名前のない独自の ID はエラーです)。",
        ],
        Lang::En => [
            "Add a service of your own that X.1060 does not list in a row below the 64 (down to row 1000). Copy the last service row and paste it below: the drop-down lists and the gap formula come with it.",
            "Give it an ID of a letter, a dash and a number. A letter A–I (e.g. A-14, D-8) counts the service in that category; any other letter (e.g. X-1, Z-2) puts it in the \"own services\" group, counted only in the overall figures.",
            "Write the ID's letter in the Category column (the self-check formulas read it), and always give the service a name (an own ID with no name is an error).",
        ],
    }
}

/// Which scale a Combination uses: the tool's advice, after §9.4's note.
fn combination(lang: Lang) -> &'static str {
    lang.pick(
        "本ツールの提案 (JT-X1060 の規定ではありません): 表 3 には併用の基準がありません。担当 (インソース) が受け持つ部分をインソースの場合の基準で、委託先が受け持つ部分をアウトソースの場合の基準で評価し、低いほうのスコアを記入してください。両方の値を備考に残すと、次の見直しで比べられます。",
        "This tool's advice (not a rule of X.1060): Table 3 gives no criteria for a Combination. Score the part the responsible team performs on the insource criteria and the part the contractor performs on the outsource criteria, and enter the lower of the two; note both in the Notes column so the next review can compare.",
    )
}

/// The guide sheet.
pub(super) fn write_guide(
    ws: &mut Worksheet,
    styles: &Styles,
    lang: Lang,
) -> Result<(), XlsxError> {
    let t = tables();
    let q = &t.quadrants;
    let pick = |ja: &'static str, en: &'static str| lang.pick(ja, en);
    let names: Vec<String> = q
        .quadrant
        .iter()
        .map(|r| squeeze(lang.pick(&r.name_ja, &r.name_en)))
        .collect();
    let first_col: Vec<&str> = Level::ALL
        .iter()
        .map(|l| l.word(lang))
        .chain(names.iter().map(String::as_str))
        .chain([lang.pick(&q.internal_ja, &q.internal_en)])
        .collect();
    let w0 = column_width(first_col, 14.0, 30.0);
    let mut g = Guide {
        ws,
        styles,
        lang,
        row: 0,
        widths: [w0, 55.0, 55.0],
    };
    g.ws.write_string_with_format(
        0,
        0,
        pick(
            "記入ガイド (ITU-T X.1060 / JT-X1060)",
            "Guide (ITU-T X.1060 / JT-X1060)",
        ),
        &styles.title,
    )?;
    g.ws.set_row_height(0, 27)?;
    g.row = 1;
    g.para(lang.pick(&t.edition_note_ja, &t.edition_note_en))?;

    g.section(pick("記入の手順", "How to fill in"))?;
    for s in steps(lang) {
        g.para(s)?;
    }

    g.section(pick("独自サービスの追加", "Adding your own services"))?;
    for s in own_services(lang) {
        g.para(s)?;
    }

    g.section(pick("併用のスコア", "Scoring a Combination"))?;
    match lang {
        Lang::Ja => {
            let quote = format!("「{}」", t.quote.note94.ja);
            g.para(&quote)?;
            g.source(&format!("出典: {} (原文のまま)", t.quote.note94.section_ja))?;
        }
        Lang::En => {
            g.para("X.1060 §9.4 notes that a service score is given on different criteria for each form of service, such as insourcing and outsourcing (this tool's paraphrase).")?;
        }
    }
    g.para(combination(lang))?;

    g.section(pick("本ツール独自の集計", "This tool's own figures"))?;
    g.para(achievement_note(lang))?;
    g.para(phase_note(lang))?;
    g.para(cycle_note(lang))?;

    // The standard's tables, word for word, from a new page.
    let mut breaks = vec![g.row + 1];
    g.section(pick(
        "JT-X1060 の表と図 (原文のまま)",
        "The tables of X.1060 (word for word)",
    ))?;
    g.source(lang.pick(&t.source.ja, &t.source.en))?;

    let src = |h: &Head| match lang {
        Lang::Ja => format!("出典: {}", h.section_ja),
        Lang::En => format!("Source: {}", h.section_en),
    };
    let heads = |h: &Head| -> (String, String) {
        let v = match lang {
            Lang::Ja => &h.head_ja,
            Lang::En => &h.head_en,
        };
        (
            v.first().cloned().unwrap_or_default(),
            v.get(1).cloned().unwrap_or_default(),
        )
    };

    // Table 1.
    let h = &t.quote.table1;
    g.section(lang.pick(&h.title_ja, &h.title_en))?;
    g.source(&src(h))?;
    let (a, b) = heads(h);
    g.pair(&a, &b, true)?;
    for r in &t.table1 {
        g.pair(r.level.word(lang), lang.pick(&r.ja, &r.en), false)?;
    }

    // Table 2.
    let h = &t.quote.table2;
    g.section(lang.pick(&h.title_ja, &h.title_en))?;
    g.source(&src(h))?;
    let (a, b) = heads(h);
    g.pair(&a, &b, true)?;
    for r in &t.table2 {
        g.pair(r.assignment.word(lang), lang.pick(&r.ja, &r.en), false)?;
    }

    // Table 3: the insource list, then the outsource list, as the standard
    // gives them.
    let h = &t.quote.table3;
    g.section(lang.pick(&h.title_ja, &h.title_en))?;
    g.source(&src(h))?;
    for outsource in [false, true] {
        let sub = if outsource {
            lang.pick(&h.outsource_ja, &h.outsource_en)
        } else {
            lang.pick(&h.insource_ja, &h.insource_en)
        };
        g.ws.merge_range(g.row, 0, g.row, 2, sub, &styles.guide_head)?;
        g.row += 1;
        for r in &t.table3 {
            let text = match (outsource, lang) {
                (false, Lang::Ja) => &r.insource_ja,
                (false, Lang::En) => &r.insource_en,
                (true, Lang::Ja) => &r.outsource_ja,
                (true, Lang::En) => &r.outsource_en,
            };
            g.pair(lang.pick(&r.points_ja, &r.points_en), text, false)?;
        }
    }

    // Figure 5: the two axes and the four quadrants, then §9.3's text.
    breaks.push(g.row + 1);
    g.section(lang.pick(&q.title_ja, &q.title_en))?;
    g.source(&match lang {
        Lang::Ja => format!("出典: {} (図 5 と本文を原文のまま)", q.section_ja),
        Lang::En => format!("Source: {}. {}", q.section_en, t.own.figure5_en_note),
    })?;
    let axis = lang.pick(&q.skill_axis_ja, &q.skill_axis_en);
    let low = format!("{axis}: {}", lang.pick(&q.skill_low_ja, &q.skill_low_en));
    let high = format!("{axis}: {}", lang.pick(&q.skill_high_ja, &q.skill_high_en));
    g.three(["", &low, &high], [true, true, true])?;
    for internal in [true, false] {
        let name = |high_skill: bool| {
            q.quadrant
                .iter()
                .position(|r| r.internal == internal && r.high_skill == high_skill)
                .map(|i| names[i].clone())
                .unwrap_or_default()
        };
        let side = if internal {
            lang.pick(&q.internal_ja, &q.internal_en)
        } else {
            lang.pick(&q.external_ja, &q.external_en)
        };
        g.three([side, &name(false), &name(true)], [true, false, false])?;
    }
    g.row += 1;
    if lang == Lang::Ja {
        g.source(&t.own.figure5_ja_note)?;
    }
    for (r, name) in q.quadrant.iter().zip(&names) {
        g.pair(name, lang.pick(&r.ja, &r.en), false)?;
    }

    let ws = g.ws;
    ws.set_page_breaks(&breaks)?;
    ws.set_column_width(0, w0)?;
    ws.set_column_width(1, 55)?;
    ws.set_column_width(2, 55)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_footer("&C&P / &N");
    Ok(())
}
