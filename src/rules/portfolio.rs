//! Service portfolio rules (S): the As-Is and To-Be scores (phase 3).

use super::{Ctx, Rule, Severity, Violation, shown};
use crate::catalogue::{Assignment, Lang, Level};
use crate::model::{Field, Value};
use crate::text::Score;

/// S001: an As-Is score is not 1–5 or N/A.
pub struct InvalidAsIs<'a>(pub &'a Value);

impl Violation for InvalidAsIs<'_> {
    const RULE: Rule = Rule {
        id: "S001",
        severity: Severity::Error,
        severity_note_en: None,
        severity_note_ja: None,
        source: "§9.4 Table 3",
        source_ja: "9.4節 表3",
        title_en: "Invalid As-Is score",
        title_ja: "現状スコアが不正",
        what_en: "Fires when an As-Is cell holds something other than a whole number 1–5 or N/A: `3`, `3.0`, `３`, `3点` and `+3` are all 3, while `3.5`, `0`, `6` or `高` fire. It runs whatever the level, Unnecessary included; a blank cell is not S001.",
        what_ja: "現状のセルが 1〜5 の整数でも N/A（適用外）でもないときに出る。`3`、`3.0`、`３`、`3点`、`+3` はすべて 3 であり、`3.5`、`0`、`6`、「高」は不正である。推奨レベルにかかわらず（「不要」も含め）実行する。空欄は S001 ではない。",
        why_en: "Table 3 scores a service from +1 to +5 against criteria for insourced and outsourced services, or N/A when the organisation decided not to implement it that way; any other value cannot be compared, summed or turned into a gap (§9.4).",
        why_ja: "表3はインソースとアウトソースそれぞれの基準でサービスを +1〜+5 点で評価し、その形態では実施しないと決めた場合は適用外とする。それ以外の値は比較も合計もできず、ギャップも求められない（9.4節）。",
        fix_en: "Enter a whole number from 1 to 5 following Table 3 for the service's assignment, or N/A (適用外).",
        fix_ja: "サービスの割り当てに応じた表3の基準で 1〜5 の整数を入力するか、N/A（適用外）とする。",
    };

    fn message(&self, lang: Lang) -> String {
        let v = shown(self.0);
        match lang {
            Lang::En => format!("As-Is \"{v}\" is not a score: use a whole number 1-5, or N/A"),
            Lang::Ja => format!(
                "現状「{v}」はスコアではありません: 1〜5 の整数か N/A（適用外）にしてください"
            ),
        }
    }
}

/// S002: a To-Be score is not 1–5 or N/A.
pub struct InvalidToBe<'a>(pub &'a Value);

impl Violation for InvalidToBe<'_> {
    const RULE: Rule = Rule {
        id: "S002",
        severity: Severity::Error,
        severity_note_en: None,
        severity_note_ja: None,
        source: "§9.4 Table 3",
        source_ja: "9.4節 表3",
        title_en: "Invalid To-Be score",
        title_ja: "あるべき姿スコアが不正",
        what_en: "Fires when a To-Be cell holds something other than a whole number 1–5 or N/A: `3`, `3.0`, `３`, `3点` and `+3` are all 3, while `3.5`, `0`, `6` or `高` fire. It runs whatever the level, Unnecessary included; a blank cell is not S002.",
        what_ja: "あるべき姿のセルが 1〜5 の整数でも N/A（適用外）でもないときに出る。`3`、`3.0`、`３`、`3点`、`+3` はすべて 3 であり、`3.5`、`0`、`6`、「高」は不正である。推奨レベルにかかわらず（「不要」も含め）実行する。空欄は S002 ではない。",
        why_en: "The To-Be target uses the same Table 3 scale as the As-Is (§9.4): +1 to +5, or N/A when the organisation decided not to implement the service that way; any other value cannot be compared with the As-Is.",
        why_ja: "あるべき姿の目標も現状と同じ表3の尺度を使う（9.4節）。+1〜+5 点か、その形態では実施しないと決めた場合の適用外であり、それ以外の値は現状と比較できない。",
        fix_en: "Enter the target as a whole number from 1 to 5 following Table 3, or N/A (適用外).",
        fix_ja: "目標を表3の基準で 1〜5 の整数として入力するか、N/A（適用外）とする。",
    };

    fn message(&self, lang: Lang) -> String {
        let v = shown(self.0);
        match lang {
            Lang::En => format!("To-Be \"{v}\" is not a score: use a whole number 1-5, or N/A"),
            Lang::Ja => format!(
                "あるべき姿「{v}」はスコアではありません: 1〜5 の整数か N/A（適用外）にしてください"
            ),
        }
    }
}

/// S003: a selected service has no As-Is score.
pub struct NoAsIs;

impl Violation for NoAsIs {
    const RULE: Rule = Rule {
        id: "S003",
        severity: Severity::Error,
        severity_note_en: None,
        severity_note_ja: None,
        source: "§9.1 phase 3",
        source_ja: "9.1節 フェーズ3",
        title_en: "Selected service has no As-Is score",
        title_ja: "選択したサービスに現状スコアがない",
        what_en: "Fires when a service at Basic, Standard, Advanced or Optional has a blank As-Is cell (a placeholder counts as blank; N/A is a value and does not fire). Unnecessary services and services whose level is blank or invalid are not checked.",
        what_ja: "ベーシック、スタンダード、アドバンスド、オプションのサービスの現状のセルが空欄のときに出る（プレースホルダーは空欄とみなす。N/A は値なので出ない）。「不要」のサービスと、推奨レベルが空欄または不正なサービスはチェックしない。",
        why_en: "In phase 3 of §9.1 the organisation measures the current score of each service in its profile; without it there is no gap to analyse in the portfolio evaluation (§11.4).",
        why_ja: "9.1節のフェーズ3では、プロファイルの各サービスについて現在のスコアを測定する。それがなければ、ポートフォリオの評価（11.4節）で分析するギャップが求められない。",
        fix_en: "Score the service's current state from 1 to 5 following Table 3, or enter N/A if the organisation decided not to implement it this way.",
        fix_ja: "表3の基準でサービスの現在の状態を 1〜5 で評価する。その形態では実施しないと決めたなら N/A とする。",
    };

    fn message(&self, lang: Lang) -> String {
        lang.pick(
            "選択したサービスに現状のスコアがありません: 表3の基準で 1〜5 を評価してください",
            "a selected service has no As-Is score: score it 1-5 following Table 3",
        )
        .into()
    }
}

/// S004: a selected service has no To-Be score.
pub struct NoToBe;

impl Violation for NoToBe {
    const RULE: Rule = Rule {
        id: "S004",
        severity: Severity::Error,
        severity_note_en: None,
        severity_note_ja: None,
        source: "§9.1 phase 3",
        source_ja: "9.1節 フェーズ3",
        title_en: "Selected service has no To-Be score",
        title_ja: "選択したサービスにあるべき姿スコアがない",
        what_en: "Fires when a service at Basic, Standard, Advanced or Optional has a blank To-Be cell (a placeholder counts as blank; N/A is a value and does not fire). Unnecessary services and services whose level is blank or invalid are not checked.",
        what_ja: "ベーシック、スタンダード、アドバンスド、オプションのサービスのあるべき姿のセルが空欄のときに出る（プレースホルダーは空欄とみなす。N/A は値なので出ない）。「不要」のサービスと、推奨レベルが空欄または不正なサービスはチェックしない。",
        why_en: "In phase 3 of §9.1 the organisation sets a medium- to long-term target score for each service; without it the portfolio has no goal to measure the As-Is against (§11.4).",
        why_ja: "9.1節のフェーズ3では、各サービスについて中長期的な目標スコアを設定する。それがなければ、ポートフォリオには現状と比べる目標がない（11.4節）。",
        fix_en: "Set the target score from 1 to 5 following Table 3, or N/A if the organisation decided not to implement the service this way.",
        fix_ja: "表3の基準で目標スコアを 1〜5 で設定する。その形態では実施しないと決めたなら N/A とする。",
    };

    fn message(&self, lang: Lang) -> String {
        lang.pick(
            "選択したサービスにあるべき姿のスコアがありません: 表3の基準で目標を 1〜5 で設定してください",
            "a selected service has no To-Be score: set the target 1-5 following Table 3",
        )
        .into()
    }
}

/// S005: To-Be is lower than As-Is.
pub struct ToBeBelowAsIs {
    /// The As-Is score.
    pub as_is: u8,
    /// The To-Be score.
    pub to_be: u8,
}

impl Violation for ToBeBelowAsIs {
    const RULE: Rule = Rule {
        id: "S005",
        severity: Severity::Warning,
        severity_note_en: None,
        severity_note_ja: None,
        source: "§11.4",
        source_ja: "11.4節",
        title_en: "To-Be is lower than As-Is",
        title_ja: "あるべき姿が現状より低い",
        what_en: "Fires when both scores are numbers and the To-Be is lower than the As-Is; N/A or blank scores never fire. It runs whatever the level, so a row with no level and To-Be below As-Is gets both C001 and S005.",
        what_ja: "両方のスコアが数値で、あるべき姿が現状より低いときに出る。N/A や空欄では出ない。推奨レベルにかかわらず実行するので、レベルがなくあるべき姿が現状より低い行には C001 と S005 の両方が出る。",
        why_en: "§11.4 evaluates the portfolio by the gap between the To-Be target and the As-Is score to find what to improve. A negative gap usually means swapped columns or a typo; it can be deliberate, for a planned change of form (§9.4 scores insourced and outsourced services on different scales).",
        why_ja: "11.4節は、あるべき姿の目標スコアと現状のスコアの差から改善すべき点を明らかにする。ギャップが負なのは多くの場合、列の取り違えか入力ミスである。形態の変更を予定している場合（9.4節はインソースとアウトソースを異なる尺度で評価する）のように、意図したものであることもある。",
        fix_en: "Check both scores and swap them if they were entered in the wrong columns; if the lower target is deliberate, say why in a note.",
        fix_ja: "両方のスコアを確認し、列を取り違えていれば入れ替える。目標を下げるのが意図したものなら、メモで理由を示す。",
    };

    fn message(&self, lang: Lang) -> String {
        let (a, t) = (self.as_is, self.to_be);
        match lang {
            Lang::En => format!(
                "To-Be {t} is lower than As-Is {a}: usually swapped columns or a typo; if deliberate (a planned change of form), say why in a note"
            ),
            Lang::Ja => format!(
                "あるべき姿 {t} が現状 {a} より低くなっています: 多くは列の取り違えか入力ミスです。意図したもの（形態の変更の予定など）なら、メモで理由を示してください"
            ),
        }
    }
}

/// S006: an Unassigned service has an As-Is above 1.
pub struct UnassignedScoredAbove1(pub u8);

impl Violation for UnassignedScoredAbove1 {
    const RULE: Rule = Rule {
        id: "S006",
        severity: Severity::Info,
        severity_note_en: None,
        severity_note_ja: None,
        source: "Table 2, Fig. 4",
        source_ja: "表2、図4",
        title_en: "Unassigned service scored above 1",
        title_ja: "未割り当てのサービスの現状が 1 を超える",
        what_en: "Fires when a service whose assignment is Unassigned has a numeric As-Is of 2 or more; an As-Is of 1, N/A or blank does not fire, and the To-Be is not checked.",
        what_ja: "割り当てが「未割り当て」のサービスの現状が 2 以上の数値のときに出る。現状が 1、N/A、空欄なら出ず、あるべき姿はチェックしない。",
        why_en: "Table 2 uses Unassigned for a service that no team is formally responsible for, and the example matrix of Figure 4 scores its Unassigned service at 1. A higher As-Is may be right (someone may perform it informally), but then the profile does not say who.",
        why_ja: "表2の「未割り当て」は正式な担当のいないサービスを表し、図4のマトリクスの例では未割り当てのサービスの現状は 1 である。それより高い現状が正しいこともある（非公式に誰かが実施している場合）が、その場合プロファイルは誰が実施しているかを示していない。",
        fix_en: "If someone performs the service, record the assignment (Insourcing, Outsourcing or Combination); otherwise check the As-Is.",
        fix_ja: "誰かがサービスを実施しているなら、その割り当て（インソース、アウトソース、併用）を記入する。そうでなければ現状のスコアを確認する。",
    };

    fn message(&self, lang: Lang) -> String {
        let a = self.0;
        match lang {
            Lang::En => format!(
                "an Unassigned service has As-Is {a}: no one is formally responsible for it, so who performs it? Record the assignment if someone does"
            ),
            Lang::Ja => format!(
                "未割り当てのサービスの現状が {a} です: 正式な担当がいないのに、誰が実施していますか。実施している担当がいれば割り当てを記入してください"
            ),
        }
    }
}

/// S007: a Basic service is scored N/A.
pub struct BasicScoredNa;

impl Violation for BasicScoredNa {
    const RULE: Rule = Rule {
        id: "S007",
        severity: Severity::Warning,
        severity_note_en: None,
        severity_note_ja: None,
        source: "Table 1, Table 3",
        source_ja: "表1、表3",
        title_en: "Basic service scored N/A",
        title_ja: "ベーシックのサービスが適用外",
        what_en: "Fires when a service at Basic has N/A as its As-Is or its To-Be score. N/A on a service at any other level does not fire.",
        what_ja: "ベーシックのサービスの現状かあるべき姿のスコアが N/A（適用外）のときに出る。ほかのレベルのサービスの N/A では出ない。",
        why_en: "Table 1 makes Basic services the minimum to be implemented, and Table 3's N/A means it was decided not to perform the service in the assigned form. A Basic service needs a form that performs it.",
        why_ja: "表1ではベーシックは実装すべき最低限のサービスであり、表3の適用外は割り当てた形態ではそのサービスを実施しないと決めたことを表す。ベーシックのサービスには、それを実施する形態が必要である。",
        fix_en: "Change the assignment to a form that performs the service and score it 1 to 5, or, if the service is not a minimum for the organisation, change its level.",
        fix_ja: "サービスを実施する形態に割り当てを変えて 1〜5 で評価するか、組織にとって最低限のサービスでなければ推奨レベルを変える。",
    };

    fn message(&self, lang: Lang) -> String {
        lang.pick(
            "ベーシックのサービスが適用外になっています。表3の適用外は、割り当てた形態では実施しないと決めたことを表します: ベーシックのサービスには実施する形態が必要です（割り当てかレベルを変えてください）",
            "a Basic service is scored N/A, which Table 3 uses for a service decided not to be performed in the assigned form: a Basic service needs a form that performs it (change the assignment or the level)",
        )
        .into()
    }
}

/// S008: an Unnecessary service carries a numeric score.
pub struct UnnecessaryScored;

impl Violation for UnnecessaryScored {
    const RULE: Rule = Rule {
        id: "S008",
        severity: Severity::Info,
        severity_note_en: None,
        severity_note_ja: None,
        source: "§9.2",
        source_ja: "9.2節",
        title_en: "Unnecessary service has a score",
        title_ja: "不要なサービスにスコアがある",
        what_en: "Fires when a service at Unnecessary has a valid numeric As-Is or To-Be score (1–5); that score is left out of every figure. N/A or a blank is fine, and an invalid value gets S001 or S002 instead.",
        what_ja: "「不要」のサービスの現状かあるべき姿に有効な数値のスコア（1〜5）があるときに出る。そのスコアはどの集計にも含めない。N/A や空欄なら問題なく、不正な値は代わりに S001 か S002 になる。",
        why_en: "Under §9.2 an Unnecessary service is one the organisation decided it does not need, so it has no place in the portfolio's means, sums and achievement; a score there is ignored and may mean the level is out of date.",
        why_ja: "9.2節の「不要」は組織が必要ないと判断したサービスなので、ポートフォリオの平均、合計、達成率には含めない。そこにあるスコアは無視され、推奨レベルが古くなっている兆候かもしれない。",
        fix_en: "Clear the score or set it to N/A, or, if the service is in fact implemented, give it a level other than Unnecessary.",
        fix_ja: "スコアを消すか N/A にする。実際にはサービスを実施しているなら、「不要」以外の推奨レベルにする。",
    };

    fn message(&self, lang: Lang) -> String {
        lang.pick(
            "不要のサービスにスコアがあります。集計からは除外します（適用外にするか、消してください）",
            "an Unnecessary service carries a numeric score; it is left out of every figure (write N/A, or clear it)",
        )
        .into()
    }
}

pub(super) fn check(ctx: &mut Ctx) {
    let has_as_is = ctx.portfolio.has(Field::AsIs);
    let has_to_be = ctx.portfolio.has(Field::ToBe);
    for (s, p) in ctx.services() {
        let id = p.id.as_deref();
        let level = p.level.value();
        let (as_is, to_be) = (p.as_is, p.to_be);
        if as_is == Score::Invalid {
            ctx.on_cell(InvalidAsIs(&s.as_shown(Field::AsIs)), s, Field::AsIs, id);
        }
        if to_be == Score::Invalid {
            ctx.on_cell(InvalidToBe(&s.as_shown(Field::ToBe)), s, Field::ToBe, id);
        }
        if p.is_selected() && has_as_is && as_is == Score::Missing {
            ctx.on_cell(NoAsIs, s, Field::AsIs, id);
        }
        if p.is_selected() && has_to_be && to_be == Score::Missing {
            ctx.on_cell(NoToBe, s, Field::ToBe, id);
        }
        if let (Some(a), Some(t)) = (as_is.value(), to_be.value())
            && t < a
        {
            let v = ToBeBelowAsIs { as_is: a, to_be: t };
            ctx.on_cell(v, s, Field::ToBe, id);
        }
        if p.assignment.value() == Some(Assignment::Unassigned)
            && let Some(a) = as_is.value().filter(|&a| a > 1)
        {
            ctx.on_cell(UnassignedScoredAbove1(a), s, Field::AsIs, id);
        }
        let na = Score::NotApplicable;
        if level == Some(Level::Basic) && (as_is == na || to_be == na) {
            let field = if as_is == na {
                Field::AsIs
            } else {
                Field::ToBe
            };
            ctx.on_cell(BasicScoredNa, s, field, id);
        }
        if level == Some(Level::Unnecessary) && (as_is.value().is_some() || to_be.value().is_some())
        {
            let field = if as_is.value().is_some() {
                Field::AsIs
            } else {
                Field::ToBe
            };
            ctx.on_cell(UnnecessaryScored, s, field, id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s006_is_info_since_v2() {
        assert_eq!(UnassignedScoredAbove1(2).severity(), Severity::Info);
    }
}
