//! Service catalogue rules (C): the recommendation level of each service (phase 1).

use std::sync::OnceLock;

use super::ctx::position;
use super::{Ctx, Rule, Severity, Violation, shown};
use crate::catalogue::{Lang, Level, ServiceDef, catalogue, prerequisites};
use crate::model::{Field, Parse, Parsed, Service, Value};

/// The five levels, as a message names them.
fn five_levels(lang: Lang) -> &'static str {
    lang.pick(
        "ベーシック・スタンダード・アドバンスド・オプション・不要",
        "Basic, Standard, Advanced, Optional or Unnecessary",
    )
}

/// C001: a service has no recommendation level.
pub struct NoLevel;

impl Violation for NoLevel {
    const RULE: Rule = Rule {
        id: "C001",
        severity: Severity::Error,
        severity_note_en: None,
        severity_note_ja: None,
        source: "§9.2 Table 1",
        source_ja: "9.2節 表1",
        title_en: "No recommendation level",
        title_ja: "推奨レベルがない",
        what_en: "Fires when a service's level cell is blank (a placeholder such as `-` or `なし` counts as blank). Until it is filled in, P001, S003 and S004 wait for that row, while the value checks (P002, S001, S002) and the other rules still run.",
        what_ja: "サービスの推奨レベルのセルが空欄のときに出る（`-` や「なし」などのプレースホルダーも空欄とみなす）。記入されるまで、その行については P001、S003、S004 を保留するが、値のチェック（P002、S001、S002）とほかのルールは実行する。",
        why_en: "§9.2 weighs every service of the catalogue at one of the five levels of Table 1; the level says whether the service is to be implemented and how soon, so the rest of the row cannot be judged without it.",
        why_ja: "9.2節では、カタログのすべてのサービスを表1の 5 つのレベルのいずれかで考える。レベルはそのサービスを実装するかどうか、どの優先順位で実装するかを示すので、それがないと行のほかの値も判断できない。",
        fix_en: "Choose one of the five levels: Unnecessary (不要), Basic (ベーシック), Standard (スタンダード), Advanced (アドバンスド) or Optional (オプション).",
        fix_ja: "不要、ベーシック、スタンダード、アドバンスド、オプションの 5 つのレベルから 1 つを選ぶ。",
    };

    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => format!("no recommendation level: choose {}", five_levels(lang)),
            Lang::Ja => format!(
                "推奨レベルがありません: {}から選んでください",
                five_levels(lang)
            ),
        }
    }
}

/// C002: a level is not one of the five.
pub struct InvalidLevel<'a>(pub &'a Value);

impl Violation for InvalidLevel<'_> {
    const RULE: Rule = Rule {
        id: "C002",
        severity: Severity::Error,
        severity_note_en: None,
        severity_note_ja: None,
        source: "§9.2 Table 1",
        source_ja: "9.2節 表1",
        title_en: "Unknown recommendation level",
        title_ja: "推奨レベルが不正",
        what_en: "Fires when a level cell holds something that is none of the five levels in any accepted spelling, compared after NFKC, trimming and ignoring case; the value is never guessed. Until it is fixed, P001, S003 and S004 wait for that row.",
        what_ja: "推奨レベルのセルの値が、全角と半角の統一・前後の空白除去・大文字と小文字の同一視をしたうえで、5 つのレベルのどの表記とも一致しないときに出る。値を推測することはない。直るまで、その行については P001、S003、S004 を保留する。",
        why_en: "Table 1 defines exactly five recommendation levels, and the priorities, the figures per level and several rules depend on which one a service has. An unknown word cannot be placed among them.",
        why_ja: "表1が定める推奨レベルはちょうど 5 つであり、優先順位やレベル別の集計、いくつかのルールはサービスがどのレベルかに依存する。未知の語はそのどれにも位置づけられない。",
        fix_en: "Replace the value with one of the five levels: Unnecessary (不要), Basic (ベーシック), Standard (スタンダード), Advanced (アドバンスド) or Optional (オプション).",
        fix_ja: "値を 5 つのレベル（不要、ベーシック、スタンダード、アドバンスド、オプション）のいずれかに置き換える。",
    };

    fn message(&self, lang: Lang) -> String {
        let v = shown(self.0);
        match lang {
            Lang::En => format!(
                "\"{v}\" is not a recommendation level: use {}",
                five_levels(lang)
            ),
            Lang::Ja => format!(
                "「{v}」は推奨レベルではありません: {}のいずれかにしてください",
                five_levels(lang)
            ),
        }
    }
}

/// C003: category A, B or D has no service at Basic.
pub struct NoBasicInCategory(pub char);

impl Violation for NoBasicInCategory {
    const RULE: Rule = Rule {
        id: "C003",
        severity: Severity::Warning,
        severity_note_en: None,
        severity_note_ja: None,
        source: "TR-XSup.44 FAQ 9",
        source_ja: "TR-XSup.44 FAQ 9",
        title_en: "No Basic service in category A, B or D",
        title_ja: "カテゴリー A、B、D にベーシックのサービスがない",
        what_en: "Fires once for each of categories A, B and D in which no service is at Basic, also when the category's rows are missing altogether; the other categories never fire. An own service of the category (such as A-14) at Basic counts.",
        what_ja: "カテゴリー A、B、D のそれぞれについて、ベーシックのサービスが 1 つもないときに 1 件出る。そのカテゴリーの行がまったくない場合も出る。ほかのカテゴリーでは出ない。そのカテゴリーの独自サービス（A-14 など）がベーシックなら数える。",
        why_en: "TR-XSup.44 FAQ 9 says to select the Basic services first so that the management process can start: category A serves the strategic management phase, B the operation phase and D the response phase, and Basic services of A, B and D should be selected.",
        why_ja: "TR-XSup.44 の FAQ 9 は、マネジメントプロセスを開始できるよう、まずベーシックのサービスを選ぶとしている。カテゴリー A は戦略マネジメントフェーズ、B は運用フェーズ、D は対応フェーズに対応し、A、B、D のベーシックのサービスを選択すべきとされる。",
        fix_en: "Set at least one service of the category to Basic, adding the category's rows first if they are missing.",
        fix_ja: "そのカテゴリーの少なくとも 1 つのサービスをベーシックにする。行がなければ先に追加する。",
    };

    fn message(&self, lang: Lang) -> String {
        let letter = self.0;
        let name = catalogue().category(letter).map_or("", |c| c.name(lang));
        match lang {
            Lang::En => format!(
                "category {letter} ({name}) has no service at Basic: the management process cannot start without the Basic services of A, B and D"
            ),
            Lang::Ja => format!(
                "カテゴリー {letter}（{name}）にベーシックのサービスがありません: A、B、D のベーシックのサービスがなければマネジメントプロセスを始められません"
            ),
        }
    }
}

/// C004: every row of a category is Unnecessary.
pub struct CategoryUnnecessary(pub char);

impl Violation for CategoryUnnecessary {
    const RULE: Rule = Rule {
        id: "C004",
        severity: Severity::Info,
        severity_note_en: None,
        severity_note_ja: None,
        source: "§11.2",
        source_ja: "11.2節",
        title_en: "Whole category is Unnecessary",
        title_ja: "カテゴリー全体が不要",
        what_en: "Fires once for a category that has rows and whose every row is at Unnecessary. A category with no rows does not fire (X004 reports its services), nor does one with any row at another level or with no level.",
        what_ja: "行があり、そのすべてが「不要」のカテゴリーごとに 1 件出る。行のないカテゴリー（サービスは X004 で指摘する）や、ほかのレベルの行やレベルのない行を 1 つでも含むカテゴリーでは出ない。",
        why_en: "§11.2 asks that services judged Unnecessary be re-examined as the environment and threats change so that nothing is missed; ruling out a whole category of the standard deserves a deliberate second look.",
        why_ja: "11.2節は、環境や脅威の変化に応じて「不要」としたサービスを再検討し、漏れがないようにすることを求めている。標準のカテゴリーを丸ごと不要とするなら、意図したものか改めて確認する価値がある。",
        fix_en: "Review whether the category is really not needed; if it is not, nothing needs to change, otherwise raise the level of the services the organisation does need.",
        fix_ja: "そのカテゴリーが本当に不要かを見直す。不要なら変更は要らない。そうでなければ必要なサービスの推奨レベルを上げる。",
    };

    fn message(&self, lang: Lang) -> String {
        let letter = self.0;
        match lang {
            Lang::En => format!(
                "every service of category {letter} is Unnecessary: re-examine the category"
            ),
            Lang::Ja => format!(
                "カテゴリー {letter} のサービスがすべて不要です: カテゴリーを見直してください"
            ),
        }
    }
}

/// C005: a selected service builds on services that are Unnecessary.
pub struct PrerequisiteUnnecessary<'a> {
    /// The selected service.
    pub id: &'a str,
    /// The prerequisites at Unnecessary.
    pub gone: Vec<&'a ServiceDef>,
}

impl Violation for PrerequisiteUnnecessary<'_> {
    const RULE: Rule = Rule {
        id: "C005",
        severity: Severity::Info,
        severity_note_en: None,
        severity_note_ja: None,
        source: "Annex A",
        source_ja: "附属書A",
        title_en: "Selected service builds on an Unnecessary one",
        title_ja: "選択したサービスの前提となるサービスが不要",
        what_en: "Fires once for each selected service (Basic, Standard, Advanced or Optional) whose prerequisite has a row at Unnecessary. The pairs are data (templates/prerequisites.toml): A-2…A-13 on A-1 (A.1.1), A-10 on A-9 (A.1.10), D-3…D-7 on D-2 (A.4.2), G-1 on A-8 (A.7.1), and the advanced operations G-3, G-5, G-7, G-10 on the basic operations G-2, G-4, G-6, G-9 (A.7). A prerequisite with no row, or a blank or invalid level, gives none.",
        what_ja: "選択したサービス（ベーシック、スタンダード、アドバンスド、オプション）の前提となるサービスの行が「不要」のとき、選択したサービスごとに 1 件出る。組はデータ（`templates/prerequisites.toml`）であり、A-2〜A-13 は A-1 に（A.1.1）、A-10 は A-9 に（A.1.10）、D-3〜D-7 は D-2 に（A.4.2）、G-1 は A-8 に（A.7.1）、高度運用の G-3、G-5、G-7、G-10 は基本運用の G-2、G-4、G-6、G-9 に（A.7）基づく。前提のサービスの行がない場合や、レベルが空欄または不正な場合は出ない。",
        why_en: "Annex A describes these services as building on another: risk management frames the other strategic services, incident handling the steps of the response, security architecture design its implementation, and each advanced operation the basic one. Selecting a service while ruling out what it builds on is worth a second look.",
        why_ja: "附属書Aは、これらのサービスがほかのサービスを土台とすると述べている。リスクマネジメントはほかの戦略マネジメントの枠組みとなり、インシデントハンドリングは対応の各段階の、セキュリティアーキテクチャ設計はその実装の、基本運用は高度運用の土台となる。土台を不要としながらその上のサービスを選ぶのは、見直す価値がある。",
        fix_en: "Reconsider the two levels: select the prerequisite too, or, if the organisation really does without it, say how the dependent service is performed.",
        fix_ja: "2 つの推奨レベルを見直す。前提のサービスも選択するか、本当にそれなしで運営するなら、上のサービスをどう実施するかを記しておく。",
    };

    fn message(&self, lang: Lang) -> String {
        let id = self.id;
        let names = |ja: bool| -> Vec<String> {
            self.gone
                .iter()
                .map(|d| format!("{} {}", d.id, if ja { &d.name_ja } else { &d.name_en }))
                .collect()
        };
        match lang {
            Lang::En => format!(
                "{id} is selected but {}, which it builds on, is Unnecessary: reconsider one of the two levels",
                names(false).join(" and ")
            ),
            Lang::Ja => format!(
                "{id} を選択していますが、その前提となる {} が不要です: どちらかの推奨レベルを見直してください",
                names(true).join("、")
            ),
        }
    }
}

pub(super) fn check(ctx: &mut Ctx) {
    if !ctx.portfolio.has(Field::Level) {
        return;
    }
    for (s, p) in ctx.services() {
        let id = p.id.as_deref();
        match &p.level {
            Parse::Missing => ctx.on_cell(NoLevel, s, Field::Level, id),
            Parse::Invalid(_) => {
                ctx.on_cell(InvalidLevel(&s.as_shown(Field::Level)), s, Field::Level, id)
            }
            Parse::Value(_) => {}
        }
    }
    let mut categories = [CategoryLevels::default(); 9];
    for (_, p) in ctx.services() {
        if let Some(c) = p.category.filter(|c| ('A'..='I').contains(c)) {
            categories[category_slot(c)].add(p.level.value());
        }
    }
    for letter in ['A', 'B', 'D'] {
        if !categories[category_slot(letter)].basic {
            ctx.on_file(NoBasicInCategory(letter), None);
        }
    }
    for (letter, levels) in ('A'..='I').zip(categories) {
        if levels.rows > 0 && levels.all_unnecessary {
            ctx.on_file(CategoryUnnecessary(letter), None);
        }
    }
    prerequisites_unnecessary(ctx);
}

/// What C003 and C004 need of one category's levels.
#[derive(Clone, Copy)]
struct CategoryLevels {
    /// Rows counted in the category.
    rows: u32,
    /// Some row is at Basic.
    basic: bool,
    /// Every row is at Unnecessary (true while there is none).
    all_unnecessary: bool,
}

impl Default for CategoryLevels {
    fn default() -> Self {
        CategoryLevels {
            rows: 0,
            basic: false,
            all_unnecessary: true,
        }
    }
}

impl CategoryLevels {
    fn add(&mut self, level: Option<Level>) {
        self.rows += 1;
        self.basic |= level == Some(Level::Basic);
        self.all_unnecessary &= level == Some(Level::Unnecessary);
    }
}

/// 0 for category A … 8 for I.
fn category_slot(letter: char) -> usize {
    letter as usize - 'A' as usize
}

/// C005: one finding per selected dependent service (its first row), naming
/// every prerequisite whose (first) row is at Unnecessary.
fn prerequisites_unnecessary(ctx: &mut Ctx) {
    let cat = catalogue();
    let mut first: Vec<Option<(&Service, &Parsed)>> = vec![None; cat.services.len()];
    for (row, s, p) in ctx.indexed_services() {
        if let Some(i) = ctx.position(row) {
            first[i].get_or_insert((s, p));
        }
    }
    let unnecessary =
        |q: usize| first[q].is_some_and(|(_, qp)| qp.level.value() == Some(Level::Unnecessary));
    for (def, (pre, first)) in cat.services.iter().zip(needs().iter().zip(&first)) {
        let Some((s, p)) = *first else {
            continue;
        };
        if pre.is_empty() || !p.is_selected() {
            continue;
        }
        let gone: Vec<&ServiceDef> = pre
            .iter()
            .filter(|&&q| unnecessary(q))
            .map(|&q| &cat.services[q])
            .collect();
        if !gone.is_empty() {
            let id = def.id.as_str();
            ctx.on_cell(PrerequisiteUnnecessary { id, gone }, s, Field::Id, Some(id));
        }
    }
}

/// The prerequisites of every X.1060 service, by list position, in the
/// order of `templates/prerequisites.toml` (prerequisites outside the list
/// left out: they can name no service).
fn needs() -> &'static [Vec<usize>] {
    static NEEDS: OnceLock<Vec<Vec<usize>>> = OnceLock::new();
    NEEDS.get_or_init(|| {
        let mut needs = vec![Vec::new(); catalogue().services.len()];
        for pair in prerequisites() {
            let Some(q) = position(&pair.prerequisite) else {
                continue;
            };
            for d in pair.dependents.iter().filter_map(|d| position(d)) {
                needs[d].push(q);
            }
        }
        needs
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_of_every_c_rule_is_its_records() {
        assert_eq!(NoLevel.severity(), Severity::Error);
        assert_eq!(CategoryUnnecessary('E').severity(), Severity::Info);
    }
}
