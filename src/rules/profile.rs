//! Service profile rules (P): who performs each service (phase 2).

use super::{Ctx, Rule, Severity, Violation, shown};
use crate::catalogue::{Assignment, Lang, Level};
use crate::model::{Field, Parse, Value};

/// The four assignment types, as a message names them.
fn four_types(lang: Lang) -> &'static str {
    lang.pick(
        "インソース・アウトソース・併用・未割り当て",
        "Insourcing, Outsourcing, Combination or Unassigned",
    )
}

/// P001: a selected service has no assignment.
pub struct NoAssignment;

impl Violation for NoAssignment {
    const RULE: Rule = Rule {
        id: "P001",
        severity: Severity::Error,
        severity_note_en: None,
        severity_note_ja: None,
        source: "§9.3",
        source_ja: "9.3節",
        title_en: "Selected service has no assignment",
        title_ja: "選択したサービスに割り当てがない",
        what_en: "Fires when a service at Basic, Standard, Advanced or Optional has a blank assignment cell. Unassigned is an assignment and does not fire; Unnecessary services and services whose level is blank or invalid are not checked.",
        what_ja: "ベーシック、スタンダード、アドバンスド、オプションのサービスの割り当てのセルが空欄のときに出る。「未割り当て」は割り当ての一つなので出ない。「不要」のサービスと、推奨レベルが空欄または不正なサービスはチェックしない。",
        why_en: "§9.3 and phase 2 of §9.1 require the organisation to decide which team performs each service it has selected; the profile is what makes roles and responsibilities explicit, and Table 3 scores a service by its assignment.",
        why_ja: "9.3節と 9.1節のフェーズ2では、選んだサービスごとにどのチームが実施するかを決める必要がある。プロファイルは役割と責任を明確にするものであり、表3のスコアも割り当てによって基準が変わる。",
        fix_en: "Enter Insourcing (インソース), Outsourcing (アウトソース) or Combination (併用), or Unassigned (未割り当て) if nobody has been assigned yet.",
        fix_ja: "インソース、アウトソース、併用のいずれかを記入する。まだ担当が決まっていなければ「未割り当て」とする。",
    };

    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => format!(
                "a selected service has no assignment: choose {}",
                four_types(lang)
            ),
            Lang::Ja => format!(
                "選択したサービスに割り当てがありません: {}から選んでください",
                four_types(lang)
            ),
        }
    }
}

/// P002: an assignment is not one of the four types.
pub struct InvalidAssignment<'a>(pub &'a Value);

impl Violation for InvalidAssignment<'_> {
    const RULE: Rule = Rule {
        id: "P002",
        severity: Severity::Error,
        severity_note_en: None,
        severity_note_ja: None,
        source: "§9.3 Table 2",
        source_ja: "9.3節 表2",
        title_en: "Unknown assignment type",
        title_ja: "割り当てのタイプが不正",
        what_en: "Fires when an assignment cell holds something that is none of the four types of Table 2 in any accepted spelling, leaving aside a party written with it, as in `インソース(SOC部)`; the value is never guessed. It runs whatever the level.",
        what_ja: "割り当てのセルの値が、`インソース(SOC部)` のように添えた担当を除いて、表2の 4 つのタイプのどの表記とも一致しないときに出る。値を推測することはない。推奨レベルにかかわらず実行する。",
        why_en: "Table 2 defines four assignment types, each with its own duty to name a team, a contractor, both or nobody, and Table 3 scores insourced and outsourced services by different criteria; an unknown type can be neither checked nor scored.",
        why_ja: "表2は 4 つの割り当てタイプを定め、それぞれに担当、委託先、その両方を明確にする責務（未割り当てでは誰もいない）がある。また表3はインソースとアウトソースで異なる基準で評価する。未知のタイプはチェックも評価もできない。",
        fix_en: "Use Insourcing (インソース), Outsourcing (アウトソース), Combination (併用) or Unassigned (未割り当て), with the party in brackets or in a party column.",
        fix_ja: "インソース、アウトソース、併用、未割り当てのいずれかにし、担当は括弧内か担当の列に書く。",
    };

    fn message(&self, lang: Lang) -> String {
        let v = shown(self.0);
        match lang {
            Lang::En => format!(
                "\"{v}\" is not an assignment type: use {}",
                four_types(lang)
            ),
            Lang::Ja => format!(
                "「{v}」は割り当ての種類ではありません: {}のいずれかにしてください",
                four_types(lang)
            ),
        }
    }
}

/// P003: Insourcing names no responsible team.
pub struct InsourcingWithoutTeam;

impl Violation for InsourcingWithoutTeam {
    const RULE: Rule = Rule {
        id: "P003",
        severity: Severity::Warning,
        severity_note_en: None,
        severity_note_ja: None,
        source: "Table 2",
        source_ja: "表2",
        title_en: "Insourcing names no responsible team",
        title_ja: "インソースの担当チームが書かれていない",
        what_en: "Fires when an assignment is Insourcing but no responsible team is named, neither in the assignment cell (`インソース(SOC部)`) nor in a party column (担当, team, assignee …).",
        what_ja: "割り当てがインソースなのに、責務を負う担当チームが、割り当てのセル（`インソース(SOC部)`）にも担当の列（担当、実施場所など）にも書かれていないときに出る。",
        why_en: "Table 2 says an insourced service is provided by a team within the organisation and that the team in charge should be made explicit; without it, nobody is accountable for the service.",
        why_ja: "表2は、インソースでは組織内のチームがサービスを実現し、責務を負う担当を明確にするとしている。担当が書かれていなければ、そのサービスに責任を持つ者がいない。",
        fix_en: "Name the responsible team, in brackets after the type (`インソース(SOC部)`) or in a team column.",
        fix_ja: "責務を負う担当チームを、タイプの後ろの括弧内（`インソース(SOC部)`）か担当の列に書く。",
    };

    fn message(&self, lang: Lang) -> String {
        lang.pick(
            "インソースなのに担当チームがありません: インソース(SOC部) のように担当を記入してください",
            "Insourcing names no responsible team: write the team, e.g. Insourcing (SOC team)",
        )
        .into()
    }
}

/// P004: Outsourcing names no contractor.
pub struct OutsourcingWithoutContractor;

impl Violation for OutsourcingWithoutContractor {
    const RULE: Rule = Rule {
        id: "P004",
        severity: Severity::Warning,
        severity_note_en: None,
        severity_note_ja: None,
        source: "Table 2",
        source_ja: "表2",
        title_en: "Outsourcing names no contractor",
        title_ja: "アウトソースの委託先が書かれていない",
        what_en: "Fires when an assignment is Outsourcing but no contractor is named, neither in the assignment cell (`Outsourcing (Z-MSSP)`) nor in a party column (委託先, contractor …).",
        what_ja: "割り当てがアウトソースなのに、委託先が割り当てのセル（`アウトソース(Z-MSSP)`）にも担当の列（委託先など）にも書かれていないときに出る。",
        why_en: "Table 2 says an outsourced service is provided by a team outside the organisation and that the contractor should be made explicit; the organisation still has to manage that relationship and review what it delivers (Table 3).",
        why_ja: "表2は、アウトソースでは組織外のチームがサービスを実現し、委託先を明確にするとしている。委託しても組織はその関係を管理し、成果を確認しなければならない（表3）。",
        fix_en: "Name the contractor, in brackets after the type (`Outsourcing (Z-MSSP)`) or in a contractor column.",
        fix_ja: "委託先を、タイプの後ろの括弧内（`アウトソース(Z-MSSP)`）か委託先の列に書く。",
    };

    fn message(&self, lang: Lang) -> String {
        lang.pick(
            "アウトソースなのに委託先がありません: アウトソース(A社) のように委託先を記入してください",
            "Outsourcing names no contractor: write the contractor, e.g. Outsourcing (Z-MSSP)",
        )
        .into()
    }
}

/// P005: Combination does not name both a team and a contractor.
pub struct CombinationWithoutBoth;

impl Violation for CombinationWithoutBoth {
    const RULE: Rule = Rule {
        id: "P005",
        severity: Severity::Warning,
        severity_note_en: None,
        severity_note_ja: None,
        source: "Table 2",
        source_ja: "表2",
        title_en: "Combination lacks a team or a contractor",
        title_ja: "併用の担当チームか委託先が欠けている",
        what_en: "Fires when an assignment is Combination but does not name both the responsible team and the contractor: either in a team column and a contractor column (each holding one party, not split), or in one cell or party column split by `/`, `,`, `、`, `;`, `&`, `+`, a line break or their full-width forms (`・` is part of a name, not a separator).",
        what_ja: "割り当てが併用なのに、責務を負う担当チームと委託先の両方が書かれていないときに出る。両者は担当の列と委託先の列に 1 つずつ（分割しない）書くか、1 つのセルまたは担当の列に `/`、`,`、`、`、`;`、`&`、`+`、改行やその全角文字で区切って書く（「・」は名前の一部で区切りではない）。",
        why_en: "Table 2 says a combination uses insourcing and outsourcing together, so both the responsible team and the contractor should be made explicit; with only one of them, half of the arrangement is unaccounted for.",
        why_ja: "表2は、併用ではインソースとアウトソースを組み合わせるので、責務を負う担当と委託先の両方を明確にするとしている。片方しかなければ、体制の半分が不明のままになる。",
        fix_en: "Name both parties, as in `併用（CSIRT／A社）`, or fill in both the team column and the contractor column.",
        fix_ja: "`併用（CSIRT／A社）` のように両方を書くか、担当の列と委託先の列の両方を埋める。",
    };

    fn message(&self, lang: Lang) -> String {
        lang.pick(
            "併用には担当チームと委託先の両方が必要です: 併用（CSIRT／A社）のように記入してください",
            "Combination must name both the responsible team and the contractor, e.g. Combination (CSIRT / A Corp.)",
        )
        .into()
    }
}

/// P006: a Basic service is Unassigned.
pub struct BasicUnassigned;

impl Violation for BasicUnassigned {
    const RULE: Rule = Rule {
        id: "P006",
        severity: Severity::Warning,
        severity_note_en: None,
        severity_note_ja: None,
        source: "§11.3",
        source_ja: "11.3節",
        title_en: "Basic service is Unassigned",
        title_ja: "ベーシックのサービスが未割り当て",
        what_en: "Fires when a service at Basic has the assignment Unassigned. A selected service at another level that is Unassigned gets P008 (info) instead.",
        what_ja: "ベーシックのサービスの割り当てが「未割り当て」のときに出る。ほかのレベルで選択したサービスが未割り当てなら、代わりに P008（情報）が出る。",
        why_en: "Basic services are the minimum to implement (Table 1), and §11.3 expects the profile review to assign services and clear Unassigned entries; a minimum service with no one formally responsible for it is a real gap.",
        why_ja: "ベーシックは実装すべき最低限のサービスであり（表1）、11.3節はプロファイルの評価で割り当てを決めて「未割り当て」を解消することを期待している。正式な担当のいない最低限のサービスは明らかな欠落である。",
        fix_en: "Assign the service to a team (Insourcing), a contractor (Outsourcing) or both (Combination); if it is not really a minimum service, revisit its level.",
        fix_ja: "サービスを担当チーム（インソース）、委託先（アウトソース）またはその両方（併用）に割り当てる。本当に最低限のサービスでなければ、推奨レベルを見直す。",
    };

    fn message(&self, lang: Lang) -> String {
        lang.pick(
            "ベーシックのサービスが未割り当てです: 最初に必要なサービスに担当を割り当ててください",
            "a Basic service is Unassigned: assign the service the CDC needs first",
        )
        .into()
    }
}

/// P007: an Unnecessary service has an assignment, Unassigned included.
pub struct UnnecessaryAssigned<'a>(pub &'a Value);

impl Violation for UnnecessaryAssigned<'_> {
    const RULE: Rule = Rule {
        id: "P007",
        severity: Severity::Info,
        severity_note_en: None,
        severity_note_ja: None,
        source: "§9.2, Table 2",
        source_ja: "9.2節、表2",
        title_en: "Unnecessary service has an assignment",
        title_ja: "不要なサービスに割り当てがある",
        what_en: "Fires when a service at Unnecessary has a valid assignment: Insourcing, Outsourcing, Combination or Unassigned. A blank assignment is fine; an invalid one gets P002 only.",
        what_ja: "「不要」のサービスに有効な割り当て（インソース、アウトソース、併用、未割り当て）があるときに出る。割り当てが空欄なら問題なく、不正な値は P002 だけになる。",
        why_en: "Under §9.2 Unnecessary marks a service the organisation judged it does not need, while Table 2 uses Unassigned for a service that should exist in the organisation but has no team yet. An assignment of any kind, Unassigned included, therefore says the opposite of the level.",
        why_ja: "9.2節の「不要」は組織が必要ないと判断したサービスを示し、表2の「未割り当て」は組織にあるべきだがまだ担当のいないサービスを示す。したがって、未割り当てを含めどの割り当ても推奨レベルと逆のことを述べている。",
        fix_en: "Leave the assignment of an Unnecessary service blank; if the service is in fact performed or wanted, give it a level other than Unnecessary.",
        fix_ja: "「不要」のサービスの割り当ては空欄にする。実際にはサービスを実施している、または必要としているなら、「不要」以外の推奨レベルにする。",
    };

    fn message(&self, lang: Lang) -> String {
        let v = shown(self.0);
        match lang {
            Lang::En => format!(
                "an Unnecessary service has an assignment (\"{v}\"): leave it blank (Unassigned is for a service the organisation should have)"
            ),
            Lang::Ja => format!(
                "不要のサービスに割り当て「{v}」があります: 空欄にしてください（未割り当ては組織にあるべきサービスに使います）"
            ),
        }
    }
}

/// P008: a selected service other than Basic is Unassigned.
pub struct SelectedUnassigned;

impl Violation for SelectedUnassigned {
    const RULE: Rule = Rule {
        id: "P008",
        severity: Severity::Info,
        severity_note_en: None,
        severity_note_ja: None,
        source: "§11.3",
        source_ja: "11.3節",
        title_en: "Selected service is Unassigned",
        title_ja: "選択したサービスが未割り当て",
        what_en: "Fires when a service at Standard, Advanced or Optional has the assignment Unassigned. A Basic service that is Unassigned gets P006 instead.",
        what_ja: "スタンダード、アドバンスド、オプションのサービスの割り当てが「未割り当て」のときに出る。ベーシックのサービスが未割り当てなら、代わりに P006 が出る。",
        why_en: "Table 2 uses Unassigned for a service the organisation should have but has not assigned yet, and §11.3 looks at these services when the profile is evaluated; nothing is wrong, but they are the open items of the profile.",
        why_ja: "表2の「未割り当て」は、組織にあるべきだがまだ割り当てていないサービスを表し、11.3節ではプロファイルの評価でこれらのサービスを検討する。問題ではないが、プロファイルの未決事項である。",
        fix_en: "Nothing to do now; at the next evaluation, assign the service to a team, a contractor or both, or revisit its level.",
        fix_ja: "今は対応不要。次の評価で、担当チーム、委託先またはその両方に割り当てるか、推奨レベルを見直す。",
    };

    fn message(&self, lang: Lang) -> String {
        lang.pick(
            "選択したサービスが未割り当てです: プロファイルの評価で検討の対象になります",
            "a selected service is Unassigned: the evaluation of the profile looks at it",
        )
        .into()
    }
}

pub(super) fn check(ctx: &mut Ctx) {
    if !ctx.portfolio.has(Field::Assignment) {
        return;
    }
    for (s, p) in ctx.services() {
        let id = p.id.as_deref();
        let level = p.level.value();
        let kind = match &p.assignment {
            Parse::Missing => {
                if p.is_selected() {
                    ctx.on_cell(NoAssignment, s, Field::Assignment, id);
                }
                continue;
            }
            Parse::Invalid(_) => {
                ctx.on_cell(
                    InvalidAssignment(&s.as_shown(Field::Assignment)),
                    s,
                    Field::Assignment,
                    id,
                );
                continue;
            }
            Parse::Value(kind) => *kind,
        };
        let parties = &p.parties;
        let none = |side: &Vec<String>| side.is_empty() && parties.other.is_empty();
        match kind {
            Assignment::Insourcing if none(&parties.team) => {
                ctx.on_cell(InsourcingWithoutTeam, s, Field::Assignment, id);
            }
            Assignment::Outsourcing if none(&parties.contractor) => {
                ctx.on_cell(OutsourcingWithoutContractor, s, Field::Assignment, id);
            }
            Assignment::Combination if parties.count() < 2 => {
                ctx.on_cell(CombinationWithoutBoth, s, Field::Assignment, id);
            }
            _ => {}
        }
        let unassigned = kind == Assignment::Unassigned;
        if unassigned && level == Some(Level::Basic) {
            ctx.on_cell(BasicUnassigned, s, Field::Assignment, id);
        }
        if level == Some(Level::Unnecessary) {
            ctx.on_cell(
                UnnecessaryAssigned(&s.as_shown(Field::Assignment)),
                s,
                Field::Assignment,
                id,
            );
        }
        if unassigned && p.is_selected() && level != Some(Level::Basic) {
            ctx.on_cell(SelectedUnassigned, s, Field::Assignment, id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p007_quotes_the_value_as_written() {
        let v = Value::Text("未割り当て".into());
        assert!(
            UnnecessaryAssigned(&v)
                .message(Lang::Ja)
                .contains("「未割り当て」")
        );
        assert_eq!(UnnecessaryAssigned(&v).severity(), Severity::Info);
    }
}
