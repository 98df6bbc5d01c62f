//! The HTML report of `x1060 report --format html`: for each organisation
//! its status, counts, a radar of As-Is / To-Be per category, the gaps, the
//! priority list with its cycle (short / long) and the findings with their
//! cells; for several, first a group view — a heat map of organisations ×
//! the 64 services, the per-category comparison and the Basic services
//! below their To-Be — under the note that the self-assessment is for
//! improvement, not ranking (TR-XSup.44 §7.3).

use std::fmt::Write;

use super::svg::{self, AS_IS, Heat, TO_BE};
use super::{esc, mean, page, pct, table_head, table_row};
use crate::analysis::{Evaluated, Stats, Status, achievement_note, cycle_note, phase_note};
use crate::analysis::{FileResult, Outcome};
use crate::catalogue::{Lang, Level, catalogue};
use crate::model::Parsed;
use crate::write::report::notice;

/// How an organisation is named in the report: the organisation the
/// workbook names, else the file name.
pub fn org_label(r: &FileResult) -> String {
    if let Outcome::Checked(e) = &r.outcome
        && let Some(o) = e
            .portfolio
            .organisation
            .as_deref()
            .filter(|o| !o.is_empty())
    {
        return o.to_string();
    }
    r.path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| r.path.display().to_string())
}

/// The names of every file's organisation: [`org_label`], with the file
/// name added where two files name the same organisation.
pub fn labels(results: &[FileResult]) -> Labels {
    let base: Vec<String> = results.iter().map(org_label).collect();
    results
        .iter()
        .zip(&base)
        .map(|(r, b)| {
            let label = if base.iter().filter(|x| *x == b).count() > 1 {
                let file = r
                    .path
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if *b == file {
                    file
                } else {
                    format!("{b} ({file})")
                }
            } else {
                b.clone()
            };
            (r.path.clone(), label)
        })
        .collect()
}

/// Each file's label (see [`labels`]).
pub type Labels = std::collections::HashMap<std::path::PathBuf, String>;

fn label(labels: &Labels, r: &FileResult) -> String {
    labels.get(&r.path).cloned().unwrap_or_else(|| org_label(r))
}

fn level_word(l: Option<Level>, lang: Lang) -> &'static str {
    l.map_or("-", |l| l.word(lang))
}

/// The service's name: the X.1060 name in the language, else as written.
fn service_name(e: &Evaluated, id: &str, index: Option<usize>, lang: Lang) -> String {
    match catalogue().service(id) {
        Some(d) => d.name(lang).to_string(),
        None => index
            .and_then(|i| e.portfolio.services.get(i))
            .and_then(|s| s.name.clone())
            .unwrap_or_default(),
    }
}

/// The whole page for a batch of results, in path order.
pub fn report_html(results: &[FileResult], lang: Lang) -> String {
    let title = lang.pick("X.1060 自己評価レポート", "X.1060 self-assessment report");
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>{}</h1><p class=\"meta\">x1060 {} — {}</p><p class=\"note\">{}</p>",
        esc(title),
        env!("CARGO_PKG_VERSION"),
        esc(&files_line(results, lang)),
        esc(notice(lang))
    );
    let checked: Vec<(&FileResult, &Evaluated)> = results
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::Checked(e) => Some((r, e.as_ref())),
            _ => None,
        })
        .collect();
    let labels = labels(results);
    let mut first = true;
    if results.len() > 1 {
        group_section(&mut b, results, &checked, &labels, lang);
        first = false;
    }
    for r in results {
        org_section(&mut b, r, &labels, lang, first);
        first = false;
    }
    page(lang, title, &b)
}

fn files_line(results: &[FileResult], lang: Lang) -> String {
    let n = |s: Status| results.iter().filter(|r| r.status() == s).count();
    match lang {
        Lang::Ja => format!(
            "{} ファイル（問題なし {}、警告あり {}、エラーあり {}、読めない {}）",
            results.len(),
            n(Status::Ok),
            n(Status::Warning),
            n(Status::Error),
            n(Status::Unreadable)
        ),
        Lang::En => format!(
            "{} files ({} ok, {} with warnings, {} with errors, {} unreadable)",
            results.len(),
            n(Status::Ok),
            n(Status::Warning),
            n(Status::Error),
            n(Status::Unreadable)
        ),
    }
}

/// The heat-map cell of one service of one portfolio.
fn heat_of(e: &Evaluated, id: &str) -> Heat {
    let Some(p) = e.parsed.iter().find(|p| p.id.as_deref() == Some(id)) else {
        return Heat::NotListed;
    };
    if p.level.value() == Some(Level::Unnecessary) {
        return Heat::Unnecessary;
    }
    match (p.as_is.value(), p.to_be.value()) {
        (Some(a), Some(t)) => Heat::Scored(a, t),
        _ => Heat::Unscored,
    }
}

fn heat_tip(org: &str, id: &str, h: Heat, lang: Lang) -> String {
    let what = match h {
        Heat::NotListed => lang.pick("行なし", "no row").to_string(),
        Heat::Unnecessary => Level::Unnecessary.word(lang).to_string(),
        Heat::Unscored => lang.pick("スコアなし", "not scored").to_string(),
        Heat::Scored(a, t) => format!(
            "{} {a} / {} {t}",
            lang.pick("現状", "As-Is"),
            lang.pick("あるべき姿", "To-Be")
        ),
    };
    format!("{org} {id}: {what}")
}

fn basic_below(e: &Evaluated) -> impl Iterator<Item = &Parsed> {
    e.parsed
        .iter()
        .filter(|p| p.id.is_some() && p.level.value() == Some(Level::Basic))
        .filter(|p| p.gap().is_some_and(|g| g > 0))
}

fn group_section(
    b: &mut String,
    results: &[FileResult],
    checked: &[(&FileResult, &Evaluated)],
    labels: &Labels,
    lang: Lang,
) {
    let cat = catalogue();
    let _ = write!(
        b,
        "<section class=\"group first\"><h2>{}</h2>",
        esc(lang.pick("組織の一覧", "All organisations"))
    );
    // Status of every file.
    b.push_str(&table_head(
        &[
            lang.pick("組織", "Organisation"),
            lang.pick("ファイル", "File"),
            lang.pick("状態", "Status"),
            lang.pick("エラー", "Errors"),
            lang.pick("警告", "Warnings"),
            lang.pick("ベーシック未達", "Basic below To-Be"),
        ],
        &[false, false, false, true, true, true],
    ));
    for r in results {
        let (er, wa, _) = r.counts();
        let below = match &r.outcome {
            Outcome::Checked(e) => basic_below(e).count().to_string(),
            _ => "-".into(),
        };
        let st = r.status();
        b.push_str(&table_row(
            &[
                esc(&label(labels, r)),
                esc(&r.path.display().to_string()),
                format!(
                    "<span class=\"s-{}\">{}</span>",
                    st.as_str(),
                    esc(st.label(lang))
                ),
                er.to_string(),
                wa.to_string(),
                below,
            ],
            &[false, false, false, true, true, true],
        ));
    }
    b.push_str("</tbody></table>");

    // Heat map: organisations × the 64 services.
    let columns: Vec<String> = cat.services.iter().map(|s| s.id.clone()).collect();
    let groups: Vec<(usize, String)> = cat
        .categories
        .iter()
        .filter_map(|c| {
            let start = cat
                .services
                .iter()
                .position(|s| s.category() == c.letter())?;
            Some((start, c.id.clone()))
        })
        .collect();
    let rows: Vec<(String, Vec<(Heat, String)>)> = checked
        .iter()
        .map(|(r, e)| {
            let org = label(labels, r);
            let cells = columns
                .iter()
                .map(|id| {
                    let h = heat_of(e, id);
                    (h, heat_tip(&org, id, h, lang))
                })
                .collect();
            (org, cells)
        })
        .collect();
    let _ = write!(
        b,
        "<h3>{}</h3><figure>{}<figcaption>{}</figcaption></figure>",
        esc(lang.pick(
            "組織 × 64 サービスのギャップ",
            "Gap per organisation × the 64 services"
        )),
        svg::heatmap(
            lang.pick("ギャップのヒートマップ", "Gap heat map"),
            &columns,
            &groups,
            &rows
        ),
        esc(lang.pick(
            "色はギャップ（あるべき姿 − 現状）: 緑 0 以下、黄 1、橙 2、赤 3 以上。薄い灰色は不要、灰色はスコアなし、白は行なし。",
            "Colour is the gap (To-Be − As-Is): green 0 or less, yellow 1, orange 2, red 3 or more. Light grey: Unnecessary; grey: not scored; white: no row."
        ))
    );

    // Per-category comparison.
    let _ = write!(
        b,
        "<h3>{}</h3>",
        esc(lang.pick(
            "カテゴリー別の比較（現状平均 / あるべき姿平均）",
            "Per category (mean As-Is / mean To-Be)"
        ))
    );
    let mut heads: Vec<String> = vec![lang.pick("組織", "Organisation").to_string()];
    heads.extend(cat.categories.iter().map(|c| c.id.clone()));
    heads.push(lang.pick("全体", "Overall").to_string());
    let head_refs: Vec<&str> = heads.iter().map(String::as_str).collect();
    let numeric: Vec<bool> = (0..heads.len()).map(|i| i > 0).collect();
    b.push_str(&table_head(&head_refs, &numeric));
    for (r, e) in checked {
        let mut cells = vec![esc(&label(labels, r))];
        let stats = e
            .figures
            .categories
            .iter()
            .map(|c| &c.stats)
            .chain([&e.figures.overall]);
        for s in stats {
            cells.push(format!("{} / {}", mean(s.mean_as_is), mean(s.mean_to_be)));
        }
        b.push_str(&table_row(&cells, &numeric));
    }
    b.push_str("</tbody></table>");

    // Basic services below their To-Be.
    let per_cat: Vec<(String, f64)> = cat
        .categories
        .iter()
        .map(|c| {
            let n = checked
                .iter()
                .filter(|(_, e)| basic_below(e).any(|p| p.category == Some(c.letter())))
                .count();
            (format!("{} {}", c.id, c.name(lang)), n as f64)
        })
        .collect();
    let _ = write!(
        b,
        "<h3>{}</h3><figure>{}<figcaption>{}</figcaption></figure>",
        esc(lang.pick(
            "あるべき姿に届かないベーシックのサービス",
            "Basic services below their To-Be"
        )),
        svg::bars(
            lang.pick(
                "ベーシック未達のある組織数（カテゴリー別）",
                "Organisations with a Basic service below To-Be, per category"
            ),
            &per_cat,
            checked.len().max(1) as f64,
            |v| format!("{v:.0}")
        ),
        esc(lang.pick(
            "カテゴリーごとに、現状があるべき姿より低いベーシックのサービスを持つ組織の数。",
            "Per category, how many organisations have a Basic service scored below its To-Be."
        ))
    );
    b.push_str(&table_head(
        &[
            lang.pick("組織", "Organisation"),
            lang.pick("サービス（現状 → あるべき姿）", "Services (As-Is → To-Be)"),
        ],
        &[],
    ));
    for (r, e) in checked {
        let list: Vec<String> = basic_below(e)
            .map(|p| {
                let id = p.id.as_deref().unwrap_or("");
                format!(
                    "{} {} ({} → {})",
                    id,
                    service_name(e, id, None, lang),
                    p.as_is.value().unwrap_or(0),
                    p.to_be.value().unwrap_or(0)
                )
            })
            .collect();
        let text = if list.is_empty() {
            lang.pick("なし", "none").to_string()
        } else {
            list.join(lang.pick("、", "; "))
        };
        b.push_str(&table_row(&[esc(&label(labels, r)), esc(&text)], &[]));
    }
    b.push_str("</tbody></table></section>\n");
}

fn org_section(b: &mut String, r: &FileResult, labels: &Labels, lang: Lang, first: bool) {
    let class = if first { "org first" } else { "org" };
    let _ = write!(
        b,
        "<section class=\"{class}\"><h2>{}</h2>",
        esc(&label(labels, r))
    );
    let st = r.status();
    let mut meta = r.path.display().to_string();
    if let Outcome::Checked(e) = &r.outcome {
        meta.push_str(&format!(
            " — {} {}",
            lang.pick("シート", "sheet"),
            e.portfolio.sheet
        ));
        if let Some(d) = &e.portfolio.assessment_date {
            meta.push_str(&format!(" — {} {d}", lang.pick("評価日", "assessed")));
        }
    }
    let _ = write!(b, "<p class=\"meta\">{}</p>", esc(&meta));
    let (er, wa, inf) = r.counts();
    let mut chips = vec![
        format!(
            "<span class=\"s-{}\">{}: {}</span>",
            st.as_str(),
            esc(lang.pick("状態", "Status")),
            esc(st.label(lang))
        ),
        format!("<span>{} {er}</span>", esc(lang.pick("エラー", "errors"))),
        format!("<span>{} {wa}</span>", esc(lang.pick("警告", "warnings"))),
        format!("<span>{} {inf}</span>", esc(lang.pick("情報", "infos"))),
    ];
    let e = match &r.outcome {
        Outcome::Checked(e) => e,
        Outcome::Unreadable(err) => {
            let _ = writeln!(
                b,
                "<p class=\"chips\">{}</p><p>{}</p></section>",
                chips.join(""),
                esc(&err.kind.describe())
            );
            return;
        }
        Outcome::NoPortfolio(f) => {
            let _ = writeln!(
                b,
                "<p class=\"chips\">{}</p><p>{}: {}</p></section>",
                chips.join(""),
                f.rule,
                esc(f.message(lang))
            );
            return;
        }
    };
    let o = &e.figures.overall;
    for (label, n) in [
        (lang.pick("サービス", "services"), o.listed),
        (lang.pick("選択", "selected"), o.selected),
        (lang.pick("スコアあり", "scored"), o.scored),
        (
            lang.pick("ベーシック未達", "Basic below To-Be"),
            basic_below(e).count() as u32,
        ),
    ] {
        chips.push(format!("<span>{} {n}</span>", esc(label)));
    }
    let _ = write!(b, "<p class=\"chips\">{}</p>", chips.join(""));
    scores(b, e, lang);
    priorities(b, e, lang);
    findings(b, e, lang);
    b.push_str("</section>\n");
}

fn scores(b: &mut String, e: &Evaluated, lang: Lang) {
    let cats = &e.figures.categories;
    let labels: Vec<String> = cats.iter().map(|c| c.id.clone()).collect();
    let radar = svg::radar(
        lang.pick(
            "カテゴリー別の現状とあるべき姿",
            "As-Is and To-Be per category",
        ),
        &labels,
        &[
            (
                lang.pick("現状", "As-Is"),
                AS_IS,
                cats.iter().map(|c| c.stats.mean_as_is).collect(),
            ),
            (
                lang.pick("あるべき姿", "To-Be"),
                TO_BE,
                cats.iter().map(|c| c.stats.mean_to_be).collect(),
            ),
        ],
    );
    let heads = [
        lang.pick("カテゴリー", "Category"),
        lang.pick("現状", "As-Is"),
        lang.pick("あるべき姿", "To-Be"),
        lang.pick("ギャップ", "Gap"),
        lang.pick("達成率*", "Achievement*"),
    ];
    let numeric = [false, true, true, true, true];
    let mut t = table_head(&heads, &numeric);
    let rows = cats
        .iter()
        .map(|c| (format!("{} {}", c.id, cat_name(&c.id, lang)), &c.stats))
        .chain([(lang.pick("全体", "Overall").to_string(), &e.figures.overall)]);
    for (name, s) in rows {
        t.push_str(&table_row(
            &[
                esc(&name),
                mean(s.mean_as_is),
                mean(s.mean_to_be),
                mean(s.mean_gap),
                pct(s.achievement),
            ],
            &numeric,
        ));
    }
    t.push_str("</tbody></table>");
    let _ = write!(
        b,
        "<h3>{}</h3><div class=\"cols\"><figure>{radar}</figure><div>{t}<p class=\"meta\">*{}</p></div></div>",
        esc(lang.pick("スコアとギャップ", "Scores and gaps")),
        esc(achievement_note(lang))
    );
    // Per assignment type (Table 3 scores them on different scales) and per phase.
    let rows: Vec<(String, &Stats)> = e
        .figures
        .assignments
        .iter()
        .map(|a| (a.assignment.word(lang).to_string(), &a.stats))
        .chain(e.figures.phases.iter().map(|p| {
            (
                format!("{} ({})", p.phase.name(lang), p.categories),
                &p.stats,
            )
        }))
        .collect();
    let heads = [
        lang.pick("サービス割り当て / フェーズ", "Assignment / phase"),
        lang.pick("スコアあり", "Scored"),
        lang.pick("現状", "As-Is"),
        lang.pick("あるべき姿", "To-Be"),
        lang.pick("ギャップ", "Gap"),
        lang.pick("達成率*", "Achievement*"),
    ];
    let numeric = [false, true, true, true, true, true];
    b.push_str(&table_head(&heads, &numeric));
    for (name, s) in rows {
        b.push_str(&table_row(
            &[
                esc(&name),
                s.scored.to_string(),
                mean(s.mean_as_is),
                mean(s.mean_to_be),
                mean(s.mean_gap),
                pct(s.achievement),
            ],
            &numeric,
        ));
    }
    let _ = write!(
        b,
        "</tbody></table><p class=\"meta\">{}</p>",
        esc(phase_note(lang))
    );
}

fn cat_name(id: &str, lang: Lang) -> String {
    id.chars()
        .next()
        .and_then(|l| catalogue().category(l))
        .map(|c| c.name(lang).to_string())
        .unwrap_or_default()
}

fn priorities(b: &mut String, e: &Evaluated, lang: Lang) {
    let _ = write!(
        b,
        "<h3>{}</h3>",
        esc(lang.pick("優先度（改善する順）", "Priorities (what to improve first)"))
    );
    if e.figures.priorities.is_empty() {
        let _ = write!(
            b,
            "<p>{}</p>",
            esc(lang.pick(
                "ギャップのあるサービスはありません。",
                "No service has a gap."
            ))
        );
        return;
    }
    let heads = [
        lang.pick("順位", "Rank"),
        "ID",
        lang.pick("サービス", "Service"),
        lang.pick("推奨レベル", "Level"),
        lang.pick("現状", "As-Is"),
        lang.pick("あるべき姿", "To-Be"),
        lang.pick("ギャップ", "Gap"),
        lang.pick("サイクル*", "Cycle*"),
    ];
    let numeric = [true, false, false, false, true, true, true, false];
    b.push_str(&table_head(&heads, &numeric));
    for p in &e.figures.priorities {
        let cycle = match p.long_reason {
            Some(why) => format!("{}（{}）", p.cycle.word(lang), why.words(lang)),
            None => p.cycle.word(lang).to_string(),
        };
        b.push_str(&table_row(
            &[
                p.rank.to_string(),
                esc(&p.service),
                esc(&service_name(e, &p.service, Some(p.index), lang)),
                esc(level_word(p.level, lang)),
                p.as_is.to_string(),
                p.to_be.to_string(),
                p.gap.to_string(),
                esc(&cycle),
            ],
            &numeric,
        ));
    }
    let _ = write!(
        b,
        "</tbody></table><p class=\"meta\">*{}</p>",
        esc(cycle_note(lang))
    );
}

fn findings(b: &mut String, e: &Evaluated, lang: Lang) {
    let _ = write!(b, "<h3>{}</h3>", esc(lang.pick("指摘", "Findings")));
    if e.findings.is_empty() {
        let _ = write!(
            b,
            "<p>{}</p>",
            esc(lang.pick("指摘はありません。", "No findings."))
        );
        return;
    }
    let heads = [
        lang.pick("重大度", "Severity"),
        lang.pick("ルール", "Rule"),
        lang.pick("セル", "Cell"),
        lang.pick("サービス", "Service"),
        lang.pick("内容", "Message"),
        lang.pick("出典", "Source"),
    ];
    b.push_str(&table_head(&heads, &[]));
    for f in &e.findings {
        let cell = match (&f.sheet, &f.cell) {
            (Some(s), Some(c)) => format!("{s}!{c}"),
            (None, Some(c)) => c.clone(),
            _ => "-".into(),
        };
        let sev = f.severity.as_str();
        let sev_word = f.severity.label(lang);
        let _ = write!(
            b,
            "<tr><td class=\"sev-{sev}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"msg\">{}</td><td>{}</td></tr>",
            esc(sev_word),
            esc(f.rule),
            esc(&cell),
            esc(f.service.as_deref().unwrap_or("-")),
            esc(f.message(lang)),
            esc(f.source_in(lang))
        );
    }
    b.push_str("</tbody></table>");
}
