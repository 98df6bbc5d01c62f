//! The X.1060 service list as an OSCAL 1.1.2 `catalog`: one group per
//! category (A–I), one control per service with the service ID as its id
//! (`A-1` matches OSCAL's token pattern, so it is used unchanged), the
//! JT-X1060 Annex A text as the control's statement, the category's phase
//! and level hint as group properties, and the C005 prerequisites as links.

use serde_json::{Value as Json, json};

use crate::catalogue::{Category, Lang, ServiceDef, catalogue, prerequisites};

use super::annex::annex_a;
use super::ids::uuid_of;
use super::{NS, OSCAL_VERSION, oscal_prop, prop, tool};

/// When the catalogue's data (`templates/catalogue.toml`, `annex_a.toml`,
/// `prerequisites.toml`) last changed: the catalog's `last-modified`. A fixed
/// date, not the clock, so the document is the same every time it is
/// written; change it with the data.
pub const DATA_MODIFIED: &str = "2026-12-01T00:00:00Z";

/// The categories that need a service at Basic (TR-XSup.44 FAQ 9; RULES.md C003).
pub const BASIC_CATEGORIES: [char; 3] = ['A', 'B', 'D'];

/// The services a service builds on (RULES.md C005): `(prerequisite, Annex A section)`.
///
/// ```
/// let p = x1060::write::oscal::catalog::prerequisites_of("A-10");
/// assert_eq!(p, vec![("A-1", "A.1.1"), ("A-9", "A.1.10")]);
/// assert!(x1060::write::oscal::catalog::prerequisites_of("B-1").is_empty());
/// ```
pub fn prerequisites_of(id: &str) -> Vec<(&'static str, &'static str)> {
    prerequisites()
        .iter()
        .filter(|p| p.dependents.iter().any(|d| d == id))
        .map(|p| (p.prerequisite.as_str(), p.source.as_str()))
        .collect()
}

/// A sort key that orders `A-9` before `A-10` (`a-09`).
fn sort_id(id: &str) -> String {
    match id.split_once('-') {
        Some((c, n)) => format!("{}-{:0>2}", c.to_ascii_lowercase(), n),
        None => id.to_ascii_lowercase(),
    }
}

/// The catalog document in a language (titles, names and notes in it; the
/// Annex A statement is the standard's Japanese in both).
///
/// ```
/// use x1060::catalogue::Lang;
/// let doc = x1060::write::oscal::catalog::catalog(Lang::En);
/// let groups = doc["catalog"]["groups"].as_array().unwrap();
/// assert_eq!(groups.len(), 9);
/// assert_eq!(groups[0]["controls"][0]["id"], "A-1");
/// ```
pub fn catalog(lang: Lang) -> Json {
    let c = catalogue();
    let groups: Vec<Json> = c
        .categories
        .iter()
        .map(|cat| {
            let controls = c
                .services
                .iter()
                .filter(|s| s.category() == cat.letter())
                .map(|s| control(s, lang))
                .collect();
            group(cat, controls, lang)
        })
        .collect();
    json!({
        "catalog": {
            "uuid": uuid_of(&format!("catalog:{}", lang_key(lang))),
            "metadata": metadata(lang),
            "groups": groups,
            "back-matter": { "resources": standard_resources(lang) },
        }
    })
}

fn lang_key(lang: Lang) -> &'static str {
    lang.pick("ja", "en")
}

fn metadata(lang: Lang) -> Json {
    let src = &annex_a().source;
    let remarks = match lang {
        Lang::Ja => format!(
            "64 のサービスとその 9 カテゴリー。各サービスの説明は {} からの引用。英語の付属資料A は手元の資料にないため、英語の説明は収録していない。前提サービスのリンクは x1060 のルール C005 のデータ。",
            src.ja
        ),
        Lang::En => format!(
            "The 64 services in their 9 categories. Each service's statement quotes {} (Japanese). The sources at hand hold no English text of Annex A ({}); the English overview of each service is x1060's own summary, not the standard's words. The prerequisite links are the data of x1060's rule C005.",
            src.ja, src.en_seed
        ),
    };
    json!({
        "title": lang.pick(
            "ITU-T X.1060 (JT-X1060) CDC サービスリスト",
            "ITU-T X.1060 (JT-X1060) CDC service list"
        ),
        "last-modified": DATA_MODIFIED,
        "version": env!("CARGO_PKG_VERSION"),
        "oscal-version": OSCAL_VERSION,
        "props": prop("generator", &tool()).into_iter().collect::<Vec<_>>(),
        "remarks": remarks,
    })
}

fn group(cat: &Category, controls: Vec<Json>, lang: Lang) -> Json {
    let mut props = vec![
        Some(oscal_prop("label", &cat.id)),
        prop("phase", cat.phase.key()),
        prop("phase-name", cat.phase.name(lang)),
        annex_a()
            .category(&cat.id)
            .and_then(|t| prop("annex-a-section", &t.section)),
    ];
    if BASIC_CATEGORIES.contains(&cat.letter()) {
        let mut hint = prop("level-hint", "Basic").unwrap_or_default();
        hint["remarks"] = json!(lang.pick(
            "このカテゴリーには推奨レベル「ベーシック」のサービスが少なくとも一つ必要（TR-XSup.44 FAQ 9、ルール C003）。",
            "The category needs at least one service at Basic (TR-XSup.44 FAQ 9; rule C003)."
        ));
        props.push(Some(hint));
    }
    json!({
        "id": cat.id,
        "class": "category",
        "title": cat.name(lang),
        "props": props.into_iter().flatten().collect::<Vec<_>>(),
        "controls": controls,
    })
}

fn control(s: &ServiceDef, lang: Lang) -> Json {
    let annex = annex_a().service(&s.id);
    let other_name = match lang {
        Lang::Ja => prop("name-en", &s.name_en),
        Lang::En => prop("name-ja", &s.name_ja),
    };
    let props: Vec<Json> = [
        Some(oscal_prop("label", &s.id)),
        Some(oscal_prop("sort-id", &sort_id(&s.id))),
        other_name,
        annex.and_then(|a| prop("annex-a-section", &a.section)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut parts = Vec::new();
    if let Some(a) = annex {
        parts.push(json!({
            "id": format!("{}_smt", s.id),
            "name": "statement",
            "props": prop("source", &a.source).into_iter().collect::<Vec<_>>(),
            "prose": a.ja,
        }));
    }
    if lang == Lang::En && !s.description_en.is_empty() {
        parts.push(json!({
            "id": format!("{}_ovw", s.id),
            "name": "overview",
            "ns": NS,
            "class": "x1060-summary",
            "title": "Summary by x1060 (not the standard's text)",
            "prose": s.description_en,
        }));
    }
    let links: Vec<Json> = prerequisites_of(&s.id)
        .into_iter()
        .map(|(pre, section)| {
            json!({
                "href": format!("#{pre}"),
                "rel": "required",
                "text": match lang {
                    Lang::Ja => format!("前提サービス {pre}（付属資料A {section}、ルール C005）"),
                    Lang::En => format!("builds on {pre} (Annex A {section}; rule C005)"),
                },
            })
        })
        .collect();
    let mut c = json!({
        "id": s.id,
        "class": "service",
        "title": s.name(lang),
        "props": props,
    });
    if !links.is_empty() {
        c["links"] = json!(links);
    }
    if !parts.is_empty() {
        c["parts"] = json!(parts);
    }
    c
}

/// The back-matter resources naming the standard (ITU-T X.1060, JT-X1060).
fn standard_resources(lang: Lang) -> Vec<Json> {
    vec![
        json!({
            "uuid": uuid_of("resource:ITU-T X.1060"),
            "title": "ITU-T X.1060",
            "citation": { "text": lang.pick(
                "ITU-T 勧告 X.1060 (06/2021)「サイバーディフェンスセンターを構築・運用するためのフレームワーク」",
                "Recommendation ITU-T X.1060 (06/2021), Framework for the creation and operation of a cyber defence centre"
            ) },
        }),
        json!({
            "uuid": uuid_of("resource:JT-X1060"),
            "title": "JT-X1060",
            "citation": { "text": lang.pick(
                "JT-X1060「サイバーディフェンスセンターを構築・運用するためのフレームワーク」（情報通信技術委員会の標準、付属資料A「CDCサービスリストとその説明」）",
                "TTC standard JT-X1060 (Japanese text of X.1060), Annex A: CDC service list and descriptions"
            ) },
        }),
    ]
}
