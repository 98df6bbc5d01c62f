//! The rules as a person or a program reads them: the list, one rule
//! explained (what, why, how to fix, source), JSON, and the Markdown table
//! of the README — all from the rules' own records ([`crate::rules::all`]).

use serde_json::{Value as Json, json};

use crate::catalogue::Lang;
use crate::rules::{self, Rule};

/// How many terminal columns a text takes: East Asian wide characters two.
fn columns(s: &str) -> usize {
    s.chars()
        .map(|c| match u32::from(c) {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// One rule as JSON, in a language: `id`, `severity` (the code: `error`,
/// `warning`, `info`), `severity_note` (X006 / X007), `source`, `title`,
/// `what`, `why`, `fix`.
pub fn rule_json(r: &Rule, lang: Lang) -> Json {
    let mut obj = json!({
        "id": r.id,
        "severity": r.severity.as_str(),
        "source": r.source_in(lang),
        "title": r.title(lang),
        "what": r.what(lang),
        "why": r.why(lang),
        "fix": r.fix(lang),
    });
    if let Some(note) = r.severity_note(lang) {
        obj["severity_note"] = json!(note);
    }
    obj
}

/// Every rule, one line each: ID, severity, source, title.
pub fn list(lang: Lang) -> String {
    let width = |f: &dyn Fn(&Rule) -> &str| {
        rules::all()
            .iter()
            .map(|r| columns(f(r)))
            .max()
            .unwrap_or(0)
    };
    let sev_w = width(&|r| r.severity.label(lang));
    let src_w = width(&|r| r.source_in(lang));
    rules::all()
        .iter()
        .map(|r| {
            let sev = r.severity.label(lang);
            let src = r.source_in(lang);
            format!(
                "{}  {sev}{}  {src}{}  {}",
                r.id,
                " ".repeat(sev_w - columns(sev)),
                " ".repeat(src_w - columns(src)),
                r.title(lang)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One rule explained: title, severity, what, why, fix, source.
pub fn explain(r: &Rule, lang: Lang) -> String {
    let label = |ja: &'static str, en: &'static str| lang.pick(ja, en);
    let mut out = format!("{} ({}) {}\n", r.id, r.severity.label(lang), r.title(lang));
    if let Some(note) = r.severity_note(lang) {
        out += &format!("\n{}\n  {note}\n", label("重大度", "Severity"));
    }
    out += &format!("\n{}\n  {}\n", label("内容", "What"), r.what(lang));
    out += &format!("\n{}\n  {}\n", label("理由", "Why"), r.why(lang));
    out += &format!("\n{}\n  {}\n", label("直し方", "How to fix"), r.fix(lang));
    out += &format!("\n{}\n  {}", label("出典", "Source"), r.source_in(lang));
    out
}

/// The README's rule table (Markdown): ID, severity, source and title of
/// every rule, in English. `tests/rules_spec.rs` keeps README.md equal to it.
pub fn markdown_table() -> String {
    let mut out = String::from("| ID | severity | source | rule |\n|---|---|---|---|\n");
    for r in rules::all() {
        out += &format!(
            "| {} | {} | {} | {} |\n",
            r.id,
            r.severity.as_str(),
            r.source,
            r.title_en
        );
    }
    out
}
