//! Service portfolio rules (S): the As-Is and To-Be scores (phase 3).

use super::{Ctx, Severity};
use crate::catalogue::{Assignment, Level};
use crate::model::Field;
use crate::text::Score;

pub(super) fn check(ctx: &mut Ctx) {
    let has_as_is = ctx.portfolio.has(Field::AsIs);
    let has_to_be = ctx.portfolio.has(Field::ToBe);
    for (s, p) in ctx.services().collect::<Vec<_>>() {
        let id = p.id.as_deref();
        let level = p.level.value();
        let (as_is, to_be) = (p.as_is, p.to_be);
        if as_is == Score::Invalid {
            ctx.on_cell(
                "S001",
                Severity::Error,
                s,
                Field::AsIs,
                id,
                format!(
                    "As-Is \"{}\" is not a score: use a whole number 1-5, or N/A",
                    s.as_is.display()
                ),
                format!(
                    "現状「{}」はスコアではありません: 1〜5 の整数か N/A (適用外) にしてください",
                    s.as_is.display()
                ),
            );
        }
        if to_be == Score::Invalid {
            ctx.on_cell(
                "S002",
                Severity::Error,
                s,
                Field::ToBe,
                id,
                format!("To-Be \"{}\" is not a score: use a whole number 1-5, or N/A", s.to_be.display()),
                format!("あるべき姿「{}」はスコアではありません: 1〜5 の整数か N/A (適用外) にしてください", s.to_be.display()),
            );
        }
        if p.is_selected() && has_as_is && as_is == Score::Missing {
            ctx.on_cell(
                "S003",
                Severity::Error,
                s,
                Field::AsIs,
                id,
                "a selected service has no As-Is score: score it 1-5 (Table 3)".into(),
                "選択したサービスに現状スコアがありません: 1〜5 で評価してください (表3)".into(),
            );
        }
        if p.is_selected() && has_to_be && to_be == Score::Missing {
            ctx.on_cell(
                "S004",
                Severity::Error,
                s,
                Field::ToBe,
                id,
                "a selected service has no To-Be score: set the target 1-5 (Table 3)".into(),
                "選択したサービスにあるべき姿のスコアがありません: 目標を 1〜5 で設定してください (表3)".into(),
            );
        }
        if let (Some(a), Some(t)) = (as_is.value(), to_be.value())
            && t < a
        {
            ctx.on_cell(
                    "S005",
                    Severity::Warning,
                    s,
                    Field::ToBe,
                    id,
                    format!("To-Be {t} is lower than As-Is {a}: usually swapped columns or a typo; if deliberate (a planned change of form), say why in a note"),
                    format!("あるべき姿 {t} が現状 {a} より低くなっています: 多くは列の取り違えか入力ミスです。意図したもの (形態の変更の予定など) ならメモで理由を示してください"),
                );
        }
        if p.assignment.value() == Some(Assignment::Unassigned)
            && let Some(a) = as_is.value().filter(|&a| a > 1)
        {
            ctx.on_cell(
                    "S006",
                    Severity::Info,
                    s,
                    Field::AsIs,
                    id,
                    format!("an Unassigned service has As-Is {a}: no one is formally responsible for it, so who performs it? Record the assignment if someone does"),
                    format!("未割り当てのサービスの現状が {a} です: 正式な担当がいないのに、誰が実施していますか。実施している担当がいれば割り当てを記入してください"),
                );
        }
        if level == Some(Level::Basic)
            && (as_is == Score::NotApplicable || to_be == Score::NotApplicable)
        {
            let field = if as_is == Score::NotApplicable {
                Field::AsIs
            } else {
                Field::ToBe
            };
            ctx.on_cell(
                "S007",
                Severity::Warning,
                s,
                field,
                id,
                "a Basic service is scored N/A, which Table 3 uses for a service decided not to be performed in the assigned form: a Basic service needs a form that performs it (change the assignment or the level)".into(),
                "ベーシックのサービスが適用外になっています。表3の適用外は、割り当てた形態では実施しないと決めたことを表します: ベーシックのサービスには実施する形態が必要です (割り当てかレベルを変えてください)".into(),
            );
        }
        if level == Some(Level::Unnecessary) && (as_is.value().is_some() || to_be.value().is_some())
        {
            let field = if as_is.value().is_some() {
                Field::AsIs
            } else {
                Field::ToBe
            };
            ctx.on_cell(
                "S008",
                Severity::Info,
                s,
                field,
                id,
                "an Unnecessary service carries a numeric score; it is left out of every figure (write N/A, or clear it)".into(),
                "不要のサービスにスコアがあります。集計からは除外します (適用外にするか消してください)".into(),
            );
        }
    }
}
