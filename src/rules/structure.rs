//! Structure rules (X): is this a usable portfolio table at all?
//!
//! X001 (no portfolio) is raised by the reader's caller, see [`super::no_portfolio`].

use std::collections::{HashMap, HashSet};

use super::{Ctx, Severity};
use crate::catalogue::{Lang, catalogue};
use crate::model::Field;

pub(super) fn check(ctx: &mut Ctx) {
    missing_columns(ctx);
    rows(ctx);
    missing_services(ctx);
}

/// X002: one finding per needed column that is missing.
fn missing_columns(ctx: &mut Ctx) {
    for field in [Field::Level, Field::Assignment, Field::AsIs, Field::ToBe] {
        if !ctx.portfolio.has(field) {
            ctx.on_header(
                "X002",
                Severity::Error,
                format!(
                    "no {} column: add a column headed \"{}\"",
                    field.label(Lang::En),
                    field.label(Lang::En)
                ),
                format!(
                    "{}の列がありません: 見出し「{}」の列を追加してください",
                    field.label(Lang::Ja),
                    field.label(Lang::Ja)
                ),
            );
        }
    }
}

/// X003, X005, X006, X007, X008: per row.
fn rows(ctx: &mut Ctx) {
    let cat = catalogue();
    let mut seen: HashMap<String, u32> = HashMap::new();
    let services: Vec<_> = ctx.portfolio.services.iter().zip(ctx.parsed).collect();
    for (s, p) in services {
        let name = s.name.as_deref();
        match (&s.id, &p.id) {
            (None, None) => {
                let (en, ja) = match name {
                    Some(n) => (
                        format!("no ID and the name \"{n}\" is not an X.1060 service: give the row an ID of your own (e.g. J-1)"),
                        format!("ID がなく、名前「{n}」は X.1060 のサービスではありません: 独自の ID (例 J-1) を付けてください"),
                    ),
                    None => (
                        "a row with values but neither a service ID nor a name: add both, or clear the row".into(),
                        "値はあるのにサービス ID も名前もない行です: 両方を記入するか行を消してください".into(),
                    ),
                };
                ctx.on_cell("X007", Severity::Error, s, Field::Id, None, en, ja);
                continue;
            }
            (None, Some(id)) => ctx.on_cell(
                "X007",
                Severity::Info,
                s,
                Field::Id,
                Some(id),
                format!("no ID; taken from the name as {id}"),
                format!("ID がありません。名前から {id} とみなしました"),
            ),
            (Some(id), _) if cat.service(id).is_none() => match name {
                Some(_) => ctx.on_cell(
                    "X006",
                    Severity::Info,
                    s,
                    Field::Id,
                    Some(id),
                    format!("{id} is not an X.1060 service: counted as the organisation's own"),
                    format!("{id} は X.1060 のサービスではありません: 組織独自のサービスとして数えます"),
                ),
                None => ctx.on_cell(
                    "X006",
                    Severity::Error,
                    s,
                    Field::Id,
                    Some(id),
                    format!("{id} is not an X.1060 service and the row has no name: name the service"),
                    format!("{id} は X.1060 のサービスではなく、名前もありません: サービス名を記入してください"),
                ),
            },
            (Some(id), _) => {
                if let Some(n) = name.filter(|n| !cat.name_matches(id, n)) {
                    let def = cat.service(id).expect("checked above");
                    ctx.on_cell(
                        "X005",
                        Severity::Warning,
                        s,
                        Field::Name,
                        Some(id),
                        format!("name \"{n}\" is not the X.1060 name of {id} ({}): is the row shifted?", def.name_en),
                        format!("名前「{n}」は {id} の X.1060 の名前 ({}) と違います: 行がずれていませんか", def.name_ja),
                    );
                }
            }
        }
        let id = p.id.clone().expect("rows without an ID were skipped");
        let row = s.origin.as_ref().map(|o| o.row + 1);
        match seen.get(&id) {
            Some(first) => ctx.on_cell(
                "X003",
                Severity::Error,
                s,
                Field::Id,
                Some(&id),
                format!("{id} is listed twice (first on row {first}): keep one row per service"),
                format!(
                    "{id} が重複しています (最初は {first} 行目): 1 サービス 1 行にしてください"
                ),
            ),
            None => {
                seen.insert(id.clone(), row.unwrap_or(0));
            }
        }
        for &field in s.origin.iter().flat_map(|o| &o.uncached) {
            ctx.on_cell(
                "X008",
                Severity::Warning,
                s,
                field,
                Some(&id),
                format!("the {} cell holds a formula with no stored result, so its value is unknown: open and save the file in a spreadsheet program, or type the value", field.label(Lang::En)),
                format!("{}のセルは計算結果が保存されていない数式で、値が分かりません: 表計算ソフトで開いて保存するか、値を入力してください", field.label(Lang::Ja)),
            );
        }
    }
}

/// X004: a service of the X.1060 list with no row.
fn missing_services(ctx: &mut Ctx) {
    let present: HashSet<&str> = ctx.parsed.iter().filter_map(|p| p.id.as_deref()).collect();
    let missing: Vec<_> = catalogue()
        .services
        .iter()
        .filter(|d| !present.contains(d.id.as_str()))
        .collect();
    for d in missing {
        ctx.on_file(
            "X004",
            Severity::Warning,
            Some(&d.id),
            format!(
                "{} {} has no row: list it, as Unnecessary if it is not needed (§11.2)",
                d.id, d.name_en
            ),
            format!(
                "{} {} の行がありません: 不要な場合も「不要」として残してください (§11.2)",
                d.id, d.name_ja
            ),
        );
    }
}
