//! `x1060 rules [ID]`: list the rules, or explain one (what, why, how to fix, source).

use anyhow::{Result, bail};

use crate::catalogue::Lang;
use crate::rules;

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
    match args.id {
        None if args.json => println!("{}", serde_json::to_string_pretty(rules::all())?),
        None => {
            for r in rules::all() {
                println!(
                    "{}  {:<7}  {:<12}  {}",
                    r.id,
                    r.severity.as_str(),
                    r.source,
                    lang.pick(&r.title_ja, &r.title_en)
                );
            }
        }
        Some(id) => {
            let Some(r) = rules::info(&id) else {
                bail!(
                    "no rule {id}; `x1060 rules` lists them (X001-X008, C001-C004, P001-P007, S001-S008)"
                );
            };
            if args.json {
                println!("{}", serde_json::to_string_pretty(r)?);
                return Ok(0);
            }
            let (what, why, fix) = match lang {
                Lang::Ja => (&r.what_ja, &r.why_ja, &r.fix_ja),
                Lang::En => (&r.what_en, &r.why_en, &r.fix_en),
            };
            println!(
                "{} ({}) {}",
                r.id,
                r.severity.as_str(),
                lang.pick(&r.title_ja, &r.title_en)
            );
            if let Some(note) = &r.severity_note {
                println!("  {note}");
            }
            let label = |ja: &'static str, en: &'static str| lang.pick(ja, en);
            println!("\n{}\n  {what}", label("内容", "What"));
            println!("\n{}\n  {why}", label("理由", "Why"));
            println!("\n{}\n  {fix}", label("直し方", "How to fix"));
            println!("\n{}\n  {}", label("出典", "Source"), r.source);
        }
    }
    Ok(0)
}
