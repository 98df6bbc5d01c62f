//! `x1060 rules [ID]`: list the rules, or explain one (what, why, how to fix,
//! source), as text or JSON, in English or Japanese. Everything comes from
//! the rules' own records ([`crate::rules::all`]).

use std::io::Write;

use anyhow::{Result, bail};
use serde_json::{Value as Json, json};

use crate::catalogue::Lang;
use crate::rules::{self, Rule};

/// Arguments of `x1060 rules`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A rule ID (e.g. S005) to explain; none lists every rule.
    pub id: Option<String>,
    /// Language (default: from LANG).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs `x1060 rules`.
pub fn run(args: Args) -> Result<i32> {
    let lang = args.lang.unwrap_or_else(Lang::from_env);
    let text = match (args.id, args.json) {
        (None, true) => {
            let all: Vec<Json> = rules::all().iter().map(|r| rule_json(r, lang)).collect();
            serde_json::to_string_pretty(&all)?
        }
        (None, false) => list(lang),
        (Some(id), json) => {
            let Some(r) = rules::info(&id) else {
                let (first, last) = (rules::all()[0].id, rules::all()[rules::all().len() - 1].id);
                match lang {
                    Lang::Ja => bail!(
                        "ルール {id} はありません。`x1060 rules` で一覧を表示できます（{first}〜{last}）"
                    ),
                    Lang::En => bail!("no rule {id}; `x1060 rules` lists them ({first} … {last})"),
                }
            };
            if json {
                serde_json::to_string_pretty(&rule_json(r, lang))?
            } else {
                explain(r, lang)
            }
        }
    };
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}") {
        // `x1060 rules | head`: the reader has gone, which is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        other => other.map(|_| 0).map_err(Into::into),
    }
}

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
