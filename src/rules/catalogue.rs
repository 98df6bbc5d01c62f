//! Service catalogue rules (C): the recommendation level of each service (phase 1).

use std::collections::BTreeMap;

use super::{Ctx, Severity};
use crate::catalogue::{Level, catalogue};
use crate::model::{Field, Parse};

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
                    "category {letter} ({}) has no service at Basic: the management process cannot start without one (TR-XSup.44 FAQ 9)",
                    name.map_or("", |c| c.name_en.as_str())
                ),
                format!(
                    "カテゴリ {letter} ({}) にベーシックのサービスがありません: マネジメントプロセスを始めるには必要です (TR-XSup.44 FAQ 9)",
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
                format!("every service of category {letter} is Unnecessary: re-examine the category (§11.2)"),
                format!("カテゴリ {letter} のサービスがすべて不要です: カテゴリを見直してください (§11.2)"),
            );
        }
    }
}
