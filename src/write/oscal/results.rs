//! One checked portfolio as an OSCAL 1.1.2 `assessment-results` document:
//! metadata (title, the organisation as a party, the tool), the assessment
//! plan it imports (a back-matter resource: see `plan_resource`), one
//! result with one observation per service row and one finding per rule
//! finding, and the workbook (with its SHA-256) in the back matter.
//!
//! Every UUID is derived from the workbook's SHA-256 (see [`super::ids`])
//! and `last-modified` from [`timestamp`], so the same workbook gives the
//! same bytes.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value as Json, json};

use crate::analysis::Evaluated;
use crate::catalogue::{Lang, catalogue};
use crate::model::{Parse, Parsed, Service, Value};
use crate::rules::{self, Finding, Severity};
use crate::text::Score;

use super::ids::{token, uri_segment, uuid_of};
use super::{OSCAL_VERSION, oscal_prop, prop, tool};

/// The finding target of a finding about the portfolio as a whole (a
/// missing column, a category with no Basic service): it has no service, and
/// OSCAL needs a target, so it names the portfolio.
pub const PORTFOLIO_TARGET: &str = "x1060-portfolio";

/// What the document is built from.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The checked portfolio.
    pub evaluated: &'a Evaluated,
    /// The workbook's file name (no folder), for the back matter.
    pub file_name: &'a str,
    /// The workbook's SHA-256, lower-case hex.
    pub sha256: &'a str,
    /// `last-modified`, `start` and `collected` (see [`timestamp`]).
    pub timestamp: &'a str,
    /// The language of the titles, descriptions and messages.
    pub lang: Lang,
}

/// The document's time stamp, deterministic for a given workbook: the
/// assessment date the workbook states (`2025-04-01` → midnight UTC), else
/// the workbook file's modification time (UTC, whole seconds).
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use x1060::write::oscal::results::timestamp;
/// assert_eq!(timestamp(Some("2025-04-01"), None), "2025-04-01T00:00:00Z");
/// let t = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
/// assert_eq!(timestamp(None, Some(t)), "2023-11-14T22:13:20Z");
/// assert_eq!(timestamp(Some("not a date"), Some(t)), "2023-11-14T22:13:20Z");
/// ```
pub fn timestamp(assessment_date: Option<&str>, modified: Option<SystemTime>) -> String {
    if let Some(d) = assessment_date.and_then(date_part) {
        return format!("{d}T00:00:00Z");
    }
    let secs = modified
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let s = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// `2025-04-01` from an ISO 8601 date or date-time, when it is one.
fn date_part(s: &str) -> Option<&str> {
    let d = s.get(..10)?;
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)).then_some(d)
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian
/// calendar (H. Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The UUIDs of one document, all derived from the workbook's digest and
/// the sheet read.
struct Ids<'a> {
    base: String,
    lang: &'a str,
}

impl Ids<'_> {
    fn of(&self, what: &str) -> String {
        uuid_of(&format!("{}:{what}", self.base))
    }
    fn document(&self) -> String {
        self.of(&format!("document:{}", self.lang))
    }
}

/// The workbook's bytes (for its SHA-256), modification time and file name.
fn read_input(
    path: &std::path::Path,
) -> crate::write::Result<(Vec<u8>, Option<std::time::SystemTime>, String)> {
    let bytes =
        std::fs::read(path).map_err(|e| crate::write::WriteError::io(path, "cannot read", e))?;
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    Ok((bytes, modified, file_name))
}

/// The assessment-results document of a checked workbook, as bytes: reads
/// the file again for its SHA-256 and modification time.
pub fn export(
    path: &std::path::Path,
    evaluated: &Evaluated,
    lang: Lang,
) -> crate::write::Result<Vec<u8>> {
    let (bytes, modified, file_name) = read_input(path)?;
    Ok(export_bytes(&bytes, &file_name, modified, evaluated, lang))
}

/// [`export`] of a workbook held in memory (an upload to `serve`):
/// `modified` is the time stamp used when the workbook states no
/// assessment date (`None`: the Unix epoch, so the bytes stay the same).
pub fn export_bytes(
    bytes: &[u8],
    file_name: &str,
    modified: Option<SystemTime>,
    evaluated: &Evaluated,
    lang: Lang,
) -> Vec<u8> {
    let sha256 = super::ids::sha256_hex(bytes);
    let stamp = timestamp(evaluated.portfolio.assessment_date.as_deref(), modified);
    let doc = assessment_results(&Input {
        evaluated,
        file_name,
        sha256: &sha256,
        timestamp: &stamp,
        lang,
    });
    super::to_bytes(&doc)
}

/// [`export`] of a workbook holding several portfolios (overlapping sheets):
/// one assessment-results document with one result per portfolio, in sheet
/// order (see [`several_results`]).
pub fn export_several(
    path: &std::path::Path,
    evaluated: &[&Evaluated],
    lang: Lang,
) -> crate::write::Result<Vec<u8>> {
    let (bytes, modified, file_name) = read_input(path)?;
    Ok(export_several_bytes(
        &bytes, &file_name, modified, evaluated, lang,
    ))
}

/// [`export_several`] of a workbook held in memory (an upload to `serve`).
pub fn export_several_bytes(
    bytes: &[u8],
    file_name: &str,
    modified: Option<SystemTime>,
    evaluated: &[&Evaluated],
    lang: Lang,
) -> Vec<u8> {
    let sha256 = super::ids::sha256_hex(bytes);
    let stamps: Vec<String> = evaluated
        .iter()
        .map(|e| timestamp(e.portfolio.assessment_date.as_deref(), modified))
        .collect();
    let inputs: Vec<Input> = evaluated
        .iter()
        .zip(&stamps)
        .map(|(e, stamp)| Input {
            evaluated: e,
            file_name,
            sha256: &sha256,
            timestamp: stamp,
            lang,
        })
        .collect();
    super::to_bytes(&several_results(&inputs))
}

/// One assessment-results document for several portfolios of one workbook:
/// the document of the first, with one result per portfolio (each as
/// [`assessment_results`] makes it, its sheet named in its description),
/// every portfolio's workbook resource (each result's observations link to
/// their own), the organisations as parties, and a title naming the file
/// when the portfolios name more than one organisation.
pub fn several_results(inputs: &[Input]) -> Json {
    let docs: Vec<Json> = inputs.iter().map(assessment_results).collect();
    let Some(first) = docs.first() else {
        return json!({});
    };
    let mut doc = first.clone();
    let ar = &mut doc["assessment-results"];
    let part = |d: &Json, k: &str| d["assessment-results"][k].clone();
    ar["results"] = json!(
        docs.iter()
            .flat_map(|d| part(d, "results").as_array().cloned().unwrap_or_default())
            .collect::<Vec<_>>()
    );
    // The first document's resources (its workbook, the plan), then each
    // other portfolio's workbook resource (the first of its resources).
    let mut resources: Vec<Json> = part(first, "back-matter")["resources"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for d in &docs[1..] {
        let r = part(d, "back-matter")["resources"][0].clone();
        if !r.is_null() && !resources.iter().any(|x| x["uuid"] == r["uuid"]) {
            resources.push(r);
        }
    }
    ar["back-matter"]["resources"] = json!(resources);
    let mut parties: Vec<Json> = Vec::new();
    for d in &docs {
        for p in part(d, "metadata")["parties"]
            .as_array()
            .cloned()
            .unwrap_or_default()
        {
            if !parties.iter().any(|x| x["uuid"] == p["uuid"]) {
                parties.push(p);
            }
        }
    }
    if parties.len() > 1 {
        let lang = inputs[0].lang;
        let uuids: Vec<Json> = parties.iter().map(|p| p["uuid"].clone()).collect();
        let m = &mut ar["metadata"];
        m["parties"] = json!(parties);
        m["responsible-parties"] = json!([{ "role-id": "prepared-for", "party-uuids": uuids }]);
        m["title"] = json!(match lang {
            Lang::Ja => format!(
                "X.1060 サービスポートフォリオの評価結果: {}",
                inputs[0].file_name
            ),
            Lang::En => format!(
                "X.1060 service portfolio assessment results: {}",
                inputs[0].file_name
            ),
        });
    }
    // The document's own UUID is the workbook's, not its first portfolio's.
    ar["uuid"] = json!(uuid_of(&format!(
        "ar:{}:several:document:{}",
        inputs[0].sha256,
        inputs[0].lang.pick("ja", "en")
    )));
    doc
}

/// The assessment-results document.
pub fn assessment_results(input: &Input) -> Json {
    let ev = input.evaluated;
    let lang = input.lang;
    let ids = Ids {
        base: format!("ar:{}:{}", input.sha256, ev.portfolio.sheet),
        lang: lang.pick("ja", "en"),
    };
    let tool_uuid = uuid_of(&format!("component:{}", tool()));
    let observations: Vec<Json> = ev
        .portfolio
        .services
        .iter()
        .zip(&ev.parsed)
        .enumerate()
        .map(|(i, (s, p))| observation(input, &ids, i, s, p, &tool_uuid))
        .collect();
    let findings: Vec<Json> = ev
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| finding(input, &ids, i, f, &tool_uuid))
        .collect();
    let mut result = json!({
        "uuid": ids.of("result"),
        "title": lang.pick(
            "X.1060 サービスポートフォリオのセルフチェック",
            "X.1060 service portfolio self-check"
        ),
        "description": match lang {
            Lang::Ja => format!(
                "{} のシート「{}」のサービスポートフォリオを、x1060 が X.1060 のルールで点検した結果。",
                input.file_name, ev.portfolio.sheet
            ),
            Lang::En => format!(
                "The service portfolio on sheet '{}' of {}, checked by x1060 against the X.1060 rules.",
                ev.portfolio.sheet, input.file_name
            ),
        },
        "start": input.timestamp,
        "local-definitions": { "components": [tool_component(&tool_uuid, lang)] },
        "reviewed-controls": {
            "description": lang.pick(
                "X.1060 の 64 サービスすべて（x1060 が出力するカタログと同じ）。",
                "All 64 X.1060 services (the catalog of x1060 catalogue --format oscal)."
            ),
            "control-selections": [{ "include-all": {} }],
        },
    });
    if !observations.is_empty() {
        result["observations"] = json!(observations);
    }
    if !findings.is_empty() {
        result["findings"] = json!(findings);
    }
    json!({
        "assessment-results": {
            "uuid": ids.document(),
            "metadata": metadata(input),
            "import-ap": {
                "href": format!("#{}", ids.of("plan")),
                "remarks": lang.pick(
                    "独立した評価計画の文書はない。評価の方法（x1060 の X.1060 ルール）を後付け資料に記す。",
                    "There is no separate assessment plan document: the back matter describes the method (x1060's X.1060 rules)."
                ),
            },
            "results": [result],
            "back-matter": { "resources": [
                workbook_resource(input, &ids),
                plan_resource(&ids, lang),
            ] },
        }
    })
}

fn metadata(input: &Input) -> Json {
    let ev = input.evaluated;
    let lang = input.lang;
    let org = ev
        .portfolio
        .organisation
        .as_deref()
        .map(super::one_line)
        .filter(|o| !o.is_empty());
    let subject = org.as_deref().unwrap_or(input.file_name);
    let mut props: Vec<Json> = vec![prop("generator", &tool())]
        .into_iter()
        .flatten()
        .collect();
    if let Some(d) = &ev.portfolio.assessment_date {
        props.extend(prop("assessment-date", d));
    }
    let mut m = json!({
        "title": match lang {
            Lang::Ja => format!("X.1060 サービスポートフォリオの評価結果: {subject}"),
            Lang::En => format!("X.1060 service portfolio assessment results: {subject}"),
        },
        "last-modified": input.timestamp,
        // The document's version is the workbook's content: a changed workbook is a new version.
        "version": format!("sha256:{}", &input.sha256[..input.sha256.len().min(12)]),
        "oscal-version": OSCAL_VERSION,
        "props": props,
    });
    if let Some(org) = org {
        let party = uuid_of(&format!("party:{org}"));
        m["roles"] = json!([{
            "id": "prepared-for",
            "title": lang.pick("評価対象の組織", "Assessed organisation"),
        }]);
        m["parties"] = json!([{ "uuid": party, "type": "organization", "name": org }]);
        m["responsible-parties"] = json!([{ "role-id": "prepared-for", "party-uuids": [party] }]);
    }
    m
}

fn tool_component(uuid: &str, lang: Lang) -> Json {
    json!({
        "uuid": uuid,
        "type": "software",
        "title": "x1060",
        "description": lang.pick(
            "ワークブックを読み、X.1060 のルールで点検したコマンドラインツール。",
            "The command-line tool that read the workbook and applied the X.1060 rules."
        ),
        "props": prop("version", env!("CARGO_PKG_VERSION")).into_iter().collect::<Vec<_>>(),
        "status": { "state": "operational" },
    })
}

/// Who made an observation or finding: the tool.
fn origins(tool_uuid: &str) -> Json {
    json!([{ "actors": [{ "type": "tool", "actor-uuid": tool_uuid }] }])
}

/// A level or assignment as a property: the canonical word when it is one
/// of the vocabulary, else the text as written (class `as-written`).
fn word_prop<T: Copy>(
    name: &str,
    parsed: &Parse<T>,
    raw: &Value,
    word: fn(T) -> &'static str,
) -> Option<Json> {
    match parsed {
        Parse::Value(v) => prop(name, word(*v)),
        _ => prop(name, &raw.display()).map(|mut p| {
            p["class"] = json!("as-written");
            p
        }),
    }
}

/// A score as a property: `1`–`5`, `N/A`, or the text as written.
fn score_prop(name: &str, score: Score, raw: &Value) -> Option<Json> {
    match score {
        Score::Value(v) => prop(name, &v.to_string()),
        Score::NotApplicable => prop(name, "N/A"),
        Score::Missing => None,
        Score::Invalid => prop(name, &raw.display()).map(|mut p| {
            p["class"] = json!("as-written");
            p
        }),
    }
}

/// A score in a sentence.
fn score_text(score: Score, raw: &Value, lang: Lang) -> String {
    match score {
        Score::Value(v) => v.to_string(),
        Score::NotApplicable => lang.pick("適用外", "N/A").to_string(),
        Score::Missing => lang.pick("未記入", "blank").to_string(),
        Score::Invalid => format!("「{}」", raw.display()),
    }
}

fn observation(
    input: &Input,
    ids: &Ids,
    i: usize,
    s: &Service,
    p: &Parsed,
    tool_uuid: &str,
) -> Json {
    let lang = input.lang;
    let id = p.id.as_deref().or(s.id.as_deref());
    let name = id
        .and_then(|id| catalogue().service(id))
        .map(|d| d.name(lang).to_string())
        .or_else(|| s.name.clone())
        .unwrap_or_default();
    let title = match id {
        Some(id) => format!("{id} {name}").trim().to_string(),
        None => name.clone(),
    };
    let level = match &p.level {
        Parse::Value(l) => l.word(lang).to_string(),
        Parse::Missing => lang.pick("未記入", "blank").to_string(),
        Parse::Invalid(_) => format!("「{}」", s.level.display()),
    };
    let assignment = match &p.assignment {
        Parse::Value(a) => a.word(lang).to_string(),
        Parse::Missing => lang.pick("未記入", "blank").to_string(),
        Parse::Invalid(_) => format!("「{}」", s.assignment.display()),
    };
    let parties = p.parties.joined();
    let gap = p.gap().map(|g| g.to_string());
    let description = match lang {
        Lang::Ja => format!(
            "推奨レベル: {level}、サービス割り当て: {assignment}{}、現状 (As-Is): {}、あるべき姿 (To-Be): {}、ギャップ: {}",
            if parties.is_empty() {
                String::new()
            } else {
                format!("（{parties}）")
            },
            score_text(p.as_is, &s.as_is, lang),
            score_text(p.to_be, &s.to_be, lang),
            gap.as_deref().unwrap_or("なし"),
        ),
        Lang::En => format!(
            "Level: {level}; assignment: {assignment}{}; As-Is: {}; To-Be: {}; gap: {}.",
            if parties.is_empty() {
                String::new()
            } else {
                format!(" ({parties})")
            },
            score_text(p.as_is, &s.as_is, lang),
            score_text(p.to_be, &s.to_be, lang),
            gap.as_deref().unwrap_or("none"),
        ),
    };
    let props: Vec<Json> = [
        id.and_then(|id| prop("service-id", id)),
        word_prop("level", &p.level, &s.level, |l: crate::catalogue::Level| {
            l.as_str()
        }),
        word_prop(
            "assignment",
            &p.assignment,
            &s.assignment,
            |a: crate::catalogue::Assignment| a.as_str(),
        ),
        prop("parties", &parties),
        score_prop("as-is", p.as_is, &s.as_is),
        score_prop("to-be", p.to_be, &s.to_be),
        gap.as_deref().and_then(|g| prop("gap", g)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut o = json!({
        "uuid": ids.of(&format!("observation:{i}")),
        "title": if title.is_empty() { lang.pick("名前のない行", "Unnamed row").to_string() } else { title },
        "description": description,
        "props": props,
        "methods": ["EXAMINE"],
        "origins": origins(tool_uuid),
        "collected": input.timestamp,
    });
    if props_empty(&o) {
        o.as_object_mut().map(|m| m.remove("props"));
    }
    if let Some(row) = row_place(input.evaluated, s) {
        o["relevant-evidence"] = json!([{
            "href": format!("#{}", ids.of("workbook")),
            "description": row,
        }]);
    }
    o
}

fn props_empty(o: &Json) -> bool {
    o["props"].as_array().is_some_and(Vec::is_empty)
}

/// `Sheet row 12` / `シート「…」の 12 行目`: where a service row was read.
fn row_place(ev: &Evaluated, s: &Service) -> Option<String> {
    let (sheet, _) = ev.portfolio.sheet_of(s)?;
    let row = s.origin.as_ref()?.row + 1;
    Some(format!("{sheet}!{row}:{row}"))
}

/// The observation a finding is about: the first row counted under its service.
fn observation_of(ev: &Evaluated, service: &str) -> Option<usize> {
    ev.parsed
        .iter()
        .position(|p| p.id.as_deref() == Some(service))
}

fn finding(input: &Input, ids: &Ids, i: usize, f: &Finding, tool_uuid: &str) -> Json {
    let lang = input.lang;
    let info = rules::info(f.rule);
    let title = info.map_or(String::new(), |r| {
        lang.pick(r.title_ja, r.title_en).to_string()
    });
    let state = match f.severity {
        Severity::Error | Severity::Warning => "not-satisfied",
        Severity::Info => "satisfied",
    };
    let target = f
        .service
        .as_deref()
        .map_or_else(|| PORTFOLIO_TARGET.to_string(), token);
    let location = f.location();
    let props: Vec<Json> = [
        prop("rule-id", f.rule),
        prop("severity", f.severity.as_str()),
        f.service.as_deref().and_then(|s| prop("service-id", s)),
        (location != "-").then(|| prop("cell", &location)).flatten(),
        prop("source", f.source),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut out = json!({
        "uuid": ids.of(&format!("finding:{i}")),
        "title": format!("{} {title}", f.rule).trim().to_string(),
        "description": f.message(lang),
        "props": props,
        "origins": origins(tool_uuid),
        "target": {
            "type": "objective-id",
            "target-id": target,
            "status": { "state": state },
        },
    });
    if let Some(o) = f
        .service
        .as_deref()
        .and_then(|s| observation_of(input.evaluated, s))
    {
        out["related-observations"] =
            json!([{ "observation-uuid": ids.of(&format!("observation:{o}")) }]);
    }
    out
}

fn workbook_resource(input: &Input, ids: &Ids) -> Json {
    let workbook_props: Vec<Json> = std::iter::once(oscal_prop("type", "evidence"))
        .chain(prop("sheet", &input.evaluated.portfolio.sheet))
        .collect();
    json!({
        "uuid": ids.of("workbook"),
        "title": input.file_name,
        "description": input.lang.pick(
            "評価したワークブック（ハッシュ値で特定）。",
            "The workbook assessed, identified by its SHA-256."
        ),
        "props": workbook_props,
        "rlinks": [{
            "href": uri_segment(input.file_name),
            "hashes": [{ "algorithm": "SHA-256", "value": input.sha256 }],
        }],
    })
}

/// The assessment plan `import-ap` points to. OSCAL requires `import-ap`,
/// and an X.1060 self-check has no separate plan document, so the plan is a
/// back-matter resource describing the method: x1060's rules applied to the
/// workbook against the X.1060 catalogue.
fn plan_resource(ids: &Ids, lang: Lang) -> Json {
    json!({
        "uuid": ids.of("plan"),
        "title": lang.pick(
            "評価計画: x1060 による X.1060 ルールの点検",
            "Assessment plan: the X.1060 rules of x1060"
        ),
        "description": lang.pick(
            "独立した評価計画の文書はない。評価は、ワークブックのサービスポートフォリオに x1060 のルールを適用し、X.1060 の 64 サービスと照らし合わせたもの。",
            "No separate assessment plan document exists. The assessment applies x1060's rules (listed by `x1060 rules`) to the workbook's service portfolio, against the 64 X.1060 services (`x1060 catalogue --format oscal`)."
        ),
        "props": [oscal_prop("type", "plan")],
    })
}
