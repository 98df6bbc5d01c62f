//! Service catalogue rules (C): the recommendation level of each service (phase 1).

use std::collections::{BTreeMap, HashMap};

use super::{Ctx, Severity};
use crate::catalogue::{Level, catalogue};
use crate::model::{Field, Parse, Parsed, Service};

pub(super) fn check(ctx: &mut Ctx) {
    if !ctx.portfolio.has(Field::Level) {
        return;
    }
    for (s, p) in ctx.services().collect::<Vec<_>>() {
        let id = p.id.as_deref();
        match &p.level {
            Parse::Missing => ctx.on_cell(
                "C001",
                Severity::Error,
                s,
                Field::Level,
                id,
                "no recommendation level: choose Basic, Standard, Advanced, Optional or Unnecessary".into(),
                "推奨レベルがありません: ベーシック・スタンダード・アドバンスド・オプション・不要から選んでください".into(),
            ),
            Parse::Invalid(t) => ctx.on_cell(
                "C002",
                Severity::Error,
                s,
                Field::Level,
                id,
                format!("\"{}\" is not a recommendation level: use Basic, Standard, Advanced, Optional or Unnecessary", s.level.display()),
                format!("「{}」は推奨レベルではありません: ベーシック・スタンダード・アドバンスド・オプション・不要のいずれかにしてください", if t.is_empty() { s.level.display() } else { s.level.display() }),
            ),
            Parse::Value(_) => {}
        }
    }
    let mut by_category: BTreeMap<char, Vec<Option<Level>>> = BTreeMap::new();
    for (_, p) in ctx.services() {
        if let Some(c) = p.category.filter(|c| ('A'..='I').contains(c)) {
            by_category.entry(c).or_default().push(p.level.value());
        }
    }
    for letter in ['A', 'B', 'D'] {
        let levels = by_category.get(&letter).map(Vec::as_slice).unwrap_or(&[]);
        if !levels.contains(&Some(Level::Basic)) {
            let name = catalogue().category(letter);
            ctx.on_file(
                "C003",
                Severity::Warning,
                None,
                format!(
                    "category {letter} ({}) has no service at Basic: the management process cannot start without the Basic services of A, B and D",
                    name.map_or("", |c| c.name_en.as_str())
                ),
                format!(
                    "カテゴリー {letter} ({}) にベーシックのサービスがありません: A、B、D のベーシックのサービスがなければマネジメントプロセスを始められません",
                    name.map_or("", |c| c.name_ja.as_str())
                ),
            );
        }
    }
    for (letter, levels) in by_category {
        if !levels.is_empty() && levels.iter().all(|l| *l == Some(Level::Unnecessary)) {
            ctx.on_file(
                "C004",
                Severity::Info,
                None,
                format!(
                    "every service of category {letter} is Unnecessary: re-examine the category"
                ),
                format!(
                    "カテゴリー {letter} のサービスがすべて不要です: カテゴリーを見直してください"
                ),
            );
        }
    }
    prerequisites(ctx);
}

/// C005: a selected service whose prerequisite has a row at Unnecessary; one
/// finding per dependent service (its first row), naming every such prerequisite.
fn prerequisites(ctx: &mut Ctx) {
    let mut first: HashMap<&str, (&Service, &Parsed)> = HashMap::new();
    for (s, p) in ctx.services() {
        if let Some(id) = p.id.as_deref() {
            first.entry(id).or_insert((s, p));
        }
    }
    let mut needs: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for pair in crate::catalogue::prerequisites() {
        for d in &pair.dependents {
            needs.entry(d).or_default().push(&pair.prerequisite);
        }
    }
    let cat = catalogue();
    let mut found = Vec::new();
    for def in &cat.services {
        let Some(pre) = needs.get(def.id.as_str()) else {
            continue;
        };
        let Some(&(s, p)) = first.get(def.id.as_str()) else {
            continue;
        };
        if !p.is_selected() {
            continue;
        }
        let gone: Vec<&str> = pre
            .iter()
            .copied()
            .filter(|q| {
                first
                    .get(q)
                    .is_some_and(|(_, qp)| qp.level.value() == Some(Level::Unnecessary))
            })
            .collect();
        if !gone.is_empty() {
            found.push((s, def.id.as_str(), gone));
        }
    }
    for (s, id, gone) in found {
        let names = |ja: bool| {
            gone.iter()
                .map(|q| {
                    let n = cat.service(q).map_or("", |d| {
                        if ja {
                            d.name_ja.as_str()
                        } else {
                            d.name_en.as_str()
                        }
                    });
                    format!("{q} {n}")
                })
                .collect::<Vec<_>>()
        };
        ctx.on_cell(
            "C005",
            Severity::Info,
            s,
            Field::Id,
            Some(id),
            format!(
                "{id} is selected but {}, which it builds on, is Unnecessary: reconsider one of the two levels",
                names(false).join(" and ")
            ),
            format!(
                "{id} を選択していますが、その前提となる {} が不要です: どちらかの推奨レベルを見直してください",
                names(true).join("、")
            ),
        );
    }
}
