//! Service profile rules (P): who performs each service (phase 2).

use super::{Ctx, Severity};
use crate::catalogue::{Assignment, Level};
use crate::model::{Field, Parse};

pub(super) fn check(ctx: &mut Ctx) {
    if !ctx.portfolio.has(Field::Assignment) {
        return;
    }
    for (s, p) in ctx.services().collect::<Vec<_>>() {
        let id = p.id.as_deref();
        let level = p.level.value();
        let mut fire = |rule: &'static str, severity: Severity, en: String, ja: String| {
            ctx.on_cell(rule, severity, s, Field::Assignment, id, en, ja);
        };
        let kind = match &p.assignment {
            Parse::Missing => {
                if p.is_selected() {
                    fire(
                        "P001",
                        Severity::Error,
                        "a selected service has no assignment: choose Insourcing, Outsourcing, Combination or Unassigned".into(),
                        "選択したサービスに割り当てがありません: インソース・アウトソース・併用・未割り当てから選んでください".into(),
                    );
                }
                continue;
            }
            Parse::Invalid(_) => {
                fire(
                    "P002",
                    Severity::Error,
                    format!(
                        "\"{}\" is not an assignment type: use Insourcing, Outsourcing, Combination or Unassigned",
                        s.assignment.display()
                    ),
                    format!(
                        "「{}」は割り当ての種類ではありません: インソース・アウトソース・併用・未割り当てのいずれかにしてください",
                        s.assignment.display()
                    ),
                );
                continue;
            }
            Parse::Value(kind) => *kind,
        };
        let parties = &p.parties;
        match kind {
            Assignment::Insourcing if parties.team.is_empty() && parties.other.is_empty() => fire(
                "P003",
                Severity::Warning,
                "Insourcing names no responsible team: write the team, e.g. Insourcing (SOC team)".into(),
                "インソースなのに担当チームがありません: インソース(SOC部) のように担当を記入してください".into(),
            ),
            Assignment::Outsourcing if parties.contractor.is_empty() && parties.other.is_empty() => fire(
                "P004",
                Severity::Warning,
                "Outsourcing names no contractor: write the contractor, e.g. Outsourcing (Z-MSSP)".into(),
                "アウトソースなのに委託先がありません: アウトソース(A社) のように委託先を記入してください".into(),
            ),
            Assignment::Combination if parties.count() < 2 => fire(
                "P005",
                Severity::Warning,
                "Combination must name both the responsible team and the contractor, e.g. Combination (CSIRT / A Corp.)".into(),
                "併用には担当チームと委託先の両方が必要です: 併用（CSIRT／A社）のように記入してください".into(),
            ),
            _ => {}
        }
        if kind == Assignment::Unassigned && level == Some(Level::Basic) {
            fire(
                "P006",
                Severity::Warning,
                "a Basic service is Unassigned: nobody performs a service the CDC needs first (§11.3)".into(),
                "ベーシックのサービスが未割り当てです: 最初に必要なサービスを誰も実施していません (§11.3)".into(),
            );
        }
        if level == Some(Level::Unnecessary) {
            fire(
                "P007",
                Severity::Info,
                format!(
                    "an Unnecessary service has an assignment ({}): leave it blank (Unassigned is for a service the organisation should have)",
                    s.assignment.display()
                ),
                format!(
                    "不要のサービスに割り当て「{}」があります: 空欄にしてください (未割り当ては組織にあるべきサービスに使います)",
                    s.assignment.display()
                ),
            );
        }
        if kind == Assignment::Unassigned && p.is_selected() && level != Some(Level::Basic) {
            fire(
                "P008",
                Severity::Info,
                "a selected service is Unassigned: the evaluation of the profile looks at it"
                    .into(),
                "選択したサービスが未割り当てです: プロファイルの評価で検討の対象になります".into(),
            );
        }
    }
}
