//! Structure rules (X): is this a usable portfolio table at all?
//!
//! X001 (no portfolio) is raised by the reader's caller, see [`super::no_portfolio`].

use std::collections::{HashMap, HashSet};

use super::{Ctx, Severity};
use crate::catalogue::{Lang, catalogue};
use crate::model::{Field, NearMiss, Service};

pub(super) fn check(ctx: &mut Ctx) {
    missing_columns(ctx);
    score_pairs(ctx);
    rows(ctx);
    missing_services(ctx);
}

/// X009: several As-Is / To-Be pairs side by side; one finding per sheet.
fn score_pairs(ctx: &mut Ctx) {
    let Some(pairs) = &ctx.portfolio.score_pairs else {
        return;
    };
    let kept = pairs.kept.join("; ");
    ctx.on_sheet(
        "X009",
        Severity::Info,
        &pairs.sheet,
        pairs.at,
        format!(
            "{} As-Is/To-Be pairs: read \"{}\"; kept as extra columns: {kept}",
            pairs.kept.len() + 1,
            pairs.read
        ),
        format!(
            "現状とあるべき姿の組が {} 組あります: 「{}」を読み、ほかは追加の列として残しました: {kept}",
            pairs.kept.len() + 1,
            pairs.read
        ),
    );
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

/// X003, X005, X006, X007, X008, X010: per row.
fn rows(ctx: &mut Ctx) {
    let cat = catalogue();
    let mut seen: HashMap<String, u32> = HashMap::new();
    let services: Vec<_> = ctx.portfolio.services.iter().zip(ctx.parsed).collect();
    for (s, p) in services {
        let name = s.name.as_deref();
        match (&s.id, &p.id, &p.near_miss) {
            (None, None, Some(NearMiss::Taken(near) | NearMiss::ReadAs(near))) => {
                // The nearest service is held by another row: the row names no service.
                uncached(ctx, s, Some(near));
                let def = cat.service(near);
                let n = name.unwrap_or_default();
                ctx.on_cell(
                    "X007",
                    Severity::Error,
                    s,
                    Field::Id,
                    None,
                    format!(
                        "no ID and the name \"{n}\" is no X.1060 name; it is near {near} {}, which another row already holds: give the row its ID",
                        def.map_or("", |d| d.name_en.as_str())
                    ),
                    format!(
                        "ID がなく、名前「{n}」は X.1060 の名前ではありません。{near} {} に近いものの、その行はすでにあります: この行に ID を付けてください",
                        def.map_or("", |d| d.name_ja.as_str())
                    ),
                );
                continue;
            }
            (None, None, None) => {
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
            (None, Some(id), Some(NearMiss::ReadAs(_))) => {
                let def = cat.service(id);
                let n = name.unwrap_or_default();
                ctx.on_cell(
                    "X010",
                    Severity::Warning,
                    s,
                    Field::Id,
                    Some(id),
                    format!(
                        "no ID and the name \"{n}\" is no X.1060 name: read as the nearest, {id} {}; correct the spelling or add the ID",
                        def.map_or("", |d| d.name_en.as_str())
                    ),
                    format!(
                        "ID がなく、名前「{n}」は X.1060 の名前ではありません。最も近い {id} {} とみなしました: 名前を直すか ID を記入してください",
                        def.map_or("", |d| d.name_ja.as_str())
                    ),
                );
            }
            (None, Some(id), _) => ctx.on_cell(
                "X007",
                Severity::Info,
                s,
                Field::Id,
                Some(id),
                format!("no ID; taken from the name as {id}"),
                format!("ID がありません。名前から {id} とみなしました"),
            ),
            (Some(id), _, _) if cat.service(id).is_none() => match name {
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
            (Some(id), _, _) => {
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
        uncached(ctx, s, Some(&id));
    }
}

/// X008: one finding per level, assignment or score cell holding a formula
/// with no stored result.
fn uncached(ctx: &mut Ctx, s: &Service, id: Option<&str>) {
    for &field in s.origin.iter().flat_map(|o| &o.uncached) {
        ctx.on_cell(
            "X008",
            Severity::Warning,
            s,
            field,
            id,
            format!("the {} cell holds a formula with no stored result, so its value is unknown: open and save the file in a spreadsheet program, or type the value", field.label(Lang::En)),
            format!("{}のセルは計算結果が保存されていない数式で、値が分かりません: 表計算ソフトで開いて保存するか、値を入力してください", field.label(Lang::Ja)),
        );
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
                "{} {} has no row, so the catalogue decision for it is not recorded: list it, as Unnecessary if it is not needed (Unnecessary services are re-examined too)",
                d.id, d.name_en
            ),
            format!(
                "{} {} の行がないため、カタログでの判断が記録されていません: 不要な場合も推奨レベルを「不要」として行を残してください (不要としたサービスも見直しの対象です)",
                d.id, d.name_ja
            ),
        );
    }
}
