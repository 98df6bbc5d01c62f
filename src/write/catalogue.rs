//! The X.1060 service list as data: one JSON document or one CSV row per
//! service — the 9 categories with their phase, the 64 services with their
//! names in both languages, the JT-X1060 Annex A description, x1060's own
//! English summary (marked as ours) and the prerequisites of rule C005.
//! (The OSCAL catalog is [`crate::write::oscal::catalog`].)

use serde_json::{Value as Json, json};

use crate::catalogue::{Lang, catalogue};
use crate::write::Result;
use crate::write::csv_out::SafeCsv;
use crate::write::oscal::annex::annex_a;
use crate::write::oscal::catalog::{self, prerequisites_of};

/// Where each description comes from, in a language.
fn source_notes(lang: Lang) -> (String, String) {
    let src = &annex_a().source;
    match lang {
        Lang::Ja => (
            format!("{}（日本語原文の引用）", src.ja),
            "x1060 独自の要約。標準の文言ではない（英語の付属資料A は手元の資料にない）"
                .to_string(),
        ),
        Lang::En => (
            format!("{} (quoted, Japanese original)", src.ja),
            format!(
                "x1060's own summary, not the standard's words (no English Annex A text in the sources: {})",
                src.en_seed
            ),
        ),
    }
}

/// The catalogue as one JSON document.
///
/// ```
/// let doc = x1060::write::catalogue::to_json(x1060::catalogue::Lang::En);
/// assert_eq!(doc["categories"].as_array().unwrap().len(), 9);
/// let a10 = &doc["categories"][0]["services"][9];
/// assert_eq!(a10["id"], "A-10");
/// assert_eq!(a10["prerequisites"][1]["service"], "A-9");
/// ```
pub fn to_json(lang: Lang) -> Json {
    let c = catalogue();
    let annex = annex_a();
    let (ja_source, en_source) = source_notes(lang);
    let categories: Vec<Json> = c
        .categories
        .iter()
        .map(|cat| {
            let services: Vec<Json> = c
                .services
                .iter()
                .filter(|s| s.category() == cat.letter())
                .map(|s| {
                    let a = annex.service(&s.id);
                    json!({
                        "id": s.id,
                        "name_ja": s.name_ja,
                        "name_en": s.name_en,
                        "annex_a_section": a.map(|a| a.section.as_str()),
                        "description_ja": a.map(|a| a.ja.as_str()),
                        "description_ja_source": a.map(|a| a.source.as_str()),
                        "description_en": s.description_en,
                        "description_en_source": "x1060",
                        "prerequisites": prerequisites_of(&s.id)
                            .into_iter()
                            .map(|(p, sec)| json!({ "service": p, "annex_a_section": sec }))
                            .collect::<Vec<_>>(),
                    })
                })
                .collect();
            json!({
                "id": cat.id,
                "name_ja": cat.name_ja,
                "name_en": cat.name_en,
                "phase": cat.phase.key(),
                "phase_name": cat.phase.name(lang),
                "annex_a_section": annex.category(&cat.id).map(|t| t.section.as_str()),
                "basic_expected": catalog::BASIC_CATEGORIES.contains(&cat.letter()),
                "services": services,
            })
        })
        .collect();
    json!({
        "schema": "x1060-catalogue",
        "schema_version": 1,
        "tool_version": env!("CARGO_PKG_VERSION"),
        "standard": "ITU-T X.1060 (JT-X1060)",
        "sources": {
            "description_ja": ja_source,
            "description_en": en_source,
            "prerequisites": lang.pick(
                "ルール C005 の前提サービス（付属資料A の該当節）",
                "the prerequisites of rule C005 (with the Annex A section that says so)"
            ),
        },
        "categories": categories,
    })
}

/// The CSV headers, in a language.
fn headers(lang: Lang) -> [&'static str; 13] {
    match lang {
        Lang::Ja => [
            "カテゴリー",
            "カテゴリー名（日本語）",
            "カテゴリー名（英語）",
            "フェーズ",
            "ID",
            "サービス名（日本語）",
            "サービス名（英語）",
            "付属資料A の節",
            "説明（JT-X1060 付属資料A）",
            "英語の要約（x1060 独自）",
            "前提サービス（ルール C005）",
            "説明の出典",
            "英語の要約の出典",
        ],
        Lang::En => [
            "category",
            "category name (Japanese)",
            "category name (English)",
            "phase",
            "ID",
            "name (Japanese)",
            "name (English)",
            "Annex A section",
            "description (JT-X1060 Annex A, Japanese)",
            "English summary (x1060's own)",
            "prerequisites (rule C005)",
            "description source",
            "English summary source",
        ],
    }
}

/// The catalogue as CSV, one row per service.
pub fn to_csv(lang: Lang) -> Result<Vec<u8>> {
    let c = catalogue();
    let annex = annex_a();
    let (ja_source, en_source) = source_notes(lang);
    let mut w = SafeCsv::new(Vec::new());
    w.row(headers(lang))?;
    for s in &c.services {
        let Some(cat) = c.category(s.category()) else {
            continue;
        };
        let a = annex.service(&s.id);
        let pre = prerequisites_of(&s.id)
            .into_iter()
            .map(|(p, sec)| format!("{p} ({sec})"))
            .collect::<Vec<_>>()
            .join(" / ");
        w.row([
            cat.id.as_str(),
            &cat.name_ja,
            &cat.name_en,
            cat.phase.name(lang),
            &s.id,
            &s.name_ja,
            &s.name_en,
            a.map_or("", |a| a.section.as_str()),
            a.map_or("", |a| a.ja.as_str()),
            &s.description_en,
            &pre,
            a.map_or("", |_| ja_source.as_str()),
            &en_source,
        ])?;
    }
    w.finish()
}
