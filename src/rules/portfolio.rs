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
                format!("As-Is \"{}\" is not a score: use a whole number 1-5, or N/A", s.as_is.display()),
                format!("現状「{}」はスコアではありません: 1〜5 の整数か N/A (評価対象外) にしてください", s.as_is.display()),
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
                format!("あるべき姿「{}」はスコアではありません: 1〜5 の整数か N/A (評価対象外) にしてください", s.to_be.display()),
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
                "選択したサービスに現状スコアがありません: 1〜5 で評価してください (表 3)".into(),
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
                "選択したサービスにあるべき姿のスコアがありません: 目標を 1〜5 で設定してください (表 3)".into(),
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
                    format!("To-Be {t} is lower than As-Is {a}: raise the target or check the scores (§11.4)"),
                    format!("あるべき姿 {t} が現状 {a} より低くなっています: 目標かスコアを見直してください (§11.4)"),
                );
        }
        if p.assignment.value() == Some(Assignment::Unassigned)
            && let Some(a) = as_is.value().filter(|&a| a > 1)
        {
            ctx.on_cell(
                    "S006",
                    Severity::Warning,
                    s,
                    Field::AsIs,
                    id,
                    format!("an Unassigned service has As-Is {a}, but nobody performs it: assign it, or score it 1"),
                    format!("未割り当てのサービスの現状が {a} です。誰も実施していないはずです: 割り当てるか 1 にしてください"),
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
                "a Basic service is scored N/A (\"decided not to implement\"): a Basic service must be implemented".into(),
                "ベーシックのサービスが評価対象外 (実施しないと決定) になっています: ベーシックは実施が必要です".into(),
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
                "an Unnecessary service carries a score; it is left out of every figure (write N/A, or clear it)".into(),
                "不要のサービスにスコアがあります。集計からは除外します (評価対象外にするか消してください)".into(),
            );
        }
    }
}
