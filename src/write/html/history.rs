//! The HTML page of `x1060 history --format html`: the cycles, the trend
//! per category and overall as lines, and each step's changes with the
//! regressions first.

use std::fmt::Write;

use super::svg::{self, AS_IS, TO_BE};
use super::{esc, head_row, mean, page, pct, signed, table_head, table_row};
use crate::analysis::history::{History, Order};
use crate::catalogue::Lang;
use crate::write::history::{cycle_name, group_name, service_row_cells};

/// The whole history page.
pub fn history_html(h: &History, lang: Lang) -> String {
    let title = page_title(lang);
    page(lang, title, &history_body(h, lang, title))
}

/// The page's title.
pub fn page_title(lang: Lang) -> &'static str {
    lang.pick(
        "X.1060 評価サイクルの推移",
        "X.1060 review cycles over time",
    )
}

/// The body of one history under its heading (`title`): the cycles, the
/// trend, each step's changes.
pub fn history_body(h: &History, lang: Lang, title: &str) -> String {
    let mut b = String::new();
    let org = h
        .cycles
        .iter()
        .rev()
        .find_map(|c| c.organisation.clone())
        .unwrap_or_default();
    let _ = write!(b, "<section class=\"first\"><h1>{}</h1>", esc(title));
    if !org.is_empty() {
        let _ = write!(b, "<p><b>{}</b></p>", esc(&org));
    }
    let order = match h.order {
        Order::AssessmentDate => lang.pick("評価日の順", "ordered by assessment date"),
        Order::AsGiven => lang.pick(
            "評価日のないサイクルがあるため、指定した順",
            "in the order given (some cycle states no assessment date)",
        ),
    };
    let _ = write!(b, "<p class=\"meta\">{}</p>", esc(order));
    if h.organisations_differ {
        let _ = write!(
            b,
            "<p class=\"note\">{}</p>",
            esc(lang.pick(
                "注意: サイクルごとに組織名が異なります。",
                "Note: the cycles name different organisations."
            ))
        );
    }
    b.push_str(&table_head(
        &[
            "#",
            lang.pick("ファイル", "File"),
            lang.pick("組織", "Organisation"),
            lang.pick("評価日", "Assessment date"),
        ],
        &[true],
    ));
    for (i, c) in h.cycles.iter().enumerate() {
        b.push_str(&table_row(
            &[
                (i + 1).to_string(),
                esc(&c.label),
                esc(c.organisation.as_deref().unwrap_or("-")),
                esc(c.assessment_date.as_deref().unwrap_or("-")),
            ],
            &[true],
        ));
    }
    b.push_str("</tbody></table>");

    // Trend.
    let x: Vec<String> = (0..h.cycles.len()).map(|i| cycle_name(h, i)).collect();
    if let Some(all) = h.trend.last() {
        let chart = svg::lines(
            lang.pick("全体の推移", "Overall trend"),
            &x,
            &[
                (
                    lang.pick("現状平均", "mean As-Is").to_string(),
                    AS_IS.to_string(),
                    all.points.iter().map(|p| p.mean_as_is).collect(),
                ),
                (
                    lang.pick("あるべき姿平均", "mean To-Be").to_string(),
                    TO_BE.to_string(),
                    all.points.iter().map(|p| p.mean_to_be).collect(),
                ),
            ],
            5.0,
        );
        let _ = write!(
            b,
            "<h2>{}</h2><figure>{chart}</figure>",
            esc(lang.pick("推移", "Trend"))
        );
    }
    let palette = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
        "#bcbd22", "#17becf", "#000000",
    ];
    let series: Vec<(String, String, Vec<Option<f64>>)> = h
        .trend
        .iter()
        .filter(|t| t.group != "overall")
        .enumerate()
        .map(|(i, t)| {
            (
                group_name(&t.group, lang),
                palette[i % palette.len()].to_string(),
                t.points.iter().map(|p| p.mean_as_is).collect(),
            )
        })
        .collect();
    let _ = write!(
        b,
        "<figure>{}</figure>",
        svg::lines(
            lang.pick("カテゴリー別の現状平均", "Mean As-Is per category"),
            &x,
            &series,
            5.0
        )
    );
    let mut heads: Vec<String> = vec![lang.pick("カテゴリー", "Category").to_string()];
    for n in &x {
        heads.push(format!(
            "{n} {}",
            lang.pick("現状/あるべき姿", "As-Is/To-Be")
        ));
    }
    heads.push(lang.pick("達成率*", "Achievement*").to_string());
    let head_refs: Vec<&str> = heads.iter().map(String::as_str).collect();
    let numeric: Vec<bool> = (0..heads.len()).map(|i| i > 0).collect();
    b.push_str(&table_head(&head_refs, &numeric));
    for t in &h.trend {
        let mut cells = vec![esc(&group_name(&t.group, lang))];
        for p in &t.points {
            cells.push(format!("{} / {}", mean(p.mean_as_is), mean(p.mean_to_be)));
        }
        let ach: Vec<String> = t.points.iter().map(|p| pct(p.achievement)).collect();
        cells.push(esc(&ach.join(" → ")));
        b.push_str(&table_row(&cells, &numeric));
    }
    let _ = write!(
        b,
        "</tbody></table><p class=\"meta\">{}</p></section>",
        esc(lang.pick(
            "*達成率 = Σ現状 / Σあるべき姿（本ツール独自の指標）。",
            "*Achievement = ΣAs-Is / ΣTo-Be (this tool's own figure)."
        ))
    );

    // Steps.
    for s in &h.steps {
        let _ = write!(
            b,
            "<section class=\"step\"><h2>{} → {}</h2>",
            esc(&cycle_name(h, s.from)),
            esc(&cycle_name(h, s.to))
        );
        if let Some(all) = s.diff.summary.last() {
            let _ = write!(
                b,
                "<p class=\"chips\"><span>{} {} → {} ({})</span><span>{} {} → {}</span></p>",
                esc(lang.pick("全体の現状平均", "overall mean As-Is")),
                mean(all.old.mean_as_is),
                mean(all.new.mean_as_is),
                signed(all.change.mean_as_is),
                esc(lang.pick("ベーシック未達", "Basic below To-Be")),
                all.old.basic_below_target,
                all.new.basic_below_target
            );
        }
        for (class, title, list) in [
            ("reg", lang.pick("後退", "Regressions"), &s.regressions),
            ("prog", lang.pick("前進", "Progress"), &s.progress),
            ("", lang.pick("その他の変更", "Other changes"), &s.other),
        ] {
            let _ = write!(
                b,
                "<h3 class=\"{class}\">{} ({})</h3>",
                esc(title),
                list.len()
            );
            if list.is_empty() {
                continue;
            }
            b.push_str("<table class=\"changes\">");
            b.push_str(&head_row(
                &[
                    "ID",
                    lang.pick("サービス", "Service"),
                    lang.pick("変更", "Changes"),
                    lang.pick("現状", "As-Is"),
                    lang.pick("あるべき姿", "To-Be"),
                    lang.pick("推奨レベル", "Level"),
                    lang.pick("サービス割り当て", "Assignment"),
                ],
                &[],
            ));
            for sc in list.iter() {
                let cells: Vec<String> =
                    service_row_cells(sc, lang).iter().map(|c| esc(c)).collect();
                let _ = write!(b, "<tr class=\"{class}\">");
                for c in cells {
                    let _ = write!(b, "<td>{c}</td>");
                }
                b.push_str("</tr>");
            }
            b.push_str("</tbody></table>");
        }
        b.push_str("</section>\n");
    }
    b
}
