//! `x1060 rules [ID]`: list the rules, or explain one (what, why, how to fix,
//! source), as text or JSON, in English or Japanese. Everything comes from
//! the rules' own records ([`x1060::rules::all`]).

use std::io::Write;

use anyhow::{Result, bail};
use serde_json::Value as Json;

use x1060::catalogue::Lang;
use x1060::rules;
use x1060::write::rules::{explain, list, rule_json};

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
