//! Self-contained HTML pages: the report of one or many portfolios
//! ([`report`]) and the history of one organisation ([`history`]).
//!
//! A page is one file: its style sheet is inline, its charts are inline SVG
//! (`svg.rs`), and it fetches nothing (no script, font, image or link to
//! anything outside). It prints on A4 (`@page`), each organisation on a page
//! of its own. Every text that comes from a workbook (names, paths, sheet
//! names, messages quoting cells) is untrusted and goes through [`esc`].

pub mod history;
pub mod report;
mod svg;

use crate::catalogue::Lang;

/// Escapes a text for HTML element content and attribute values (also
/// inside SVG): `&`, `<`, `>`, `"` and `'`.
///
/// ```
/// assert_eq!(x1060::write::html::esc("<b>\"A&B\"</b>"), "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;");
/// ```
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The style sheet of every page: screen and A4 print.
const STYLE: &str = r#"
*{box-sizing:border-box}
body{margin:0 auto;max-width:190mm;padding:8mm 0;color:#1b1b1b;font-size:10pt;line-height:1.45}
h1{font-size:17pt;margin:0 0 2mm}
h2{font-size:13pt;margin:6mm 0 2mm;border-bottom:1.5pt solid #2f5597;padding-bottom:1mm}
h3{font-size:11pt;margin:4mm 0 1.5mm}
p.note{background:#fff4e5;border-left:3pt solid #c55a11;padding:2mm 3mm;margin:2mm 0}
p.meta{color:#555;margin:0 0 2mm;word-break:break-all}
table{border-collapse:collapse;width:100%;margin:1mm 0 3mm;font-size:8.5pt}
th,td{border:0.5pt solid #bfbfbf;padding:0.8mm 1.5mm;vertical-align:top;text-align:left}
th{background:#ddebf7}
td.n,th.n{text-align:right;white-space:nowrap}
td.msg{word-break:break-word}
tr{break-inside:avoid}
thead{display:table-header-group}
.chips span{display:inline-block;border:0.5pt solid #999;border-radius:2mm;padding:0.3mm 2mm;margin:0 1.5mm 1mm 0}
td span{white-space:nowrap}
table.changes td{white-space:nowrap}
table.changes td:nth-child(2),table.changes td:nth-child(3){white-space:normal}
.s-ok{background:#e2efda}.s-warning{background:#fff2cc}.s-error{background:#f8cbad}.s-unreadable{background:#d9d9d9}
.sev-error{color:#c00000;font-weight:bold}.sev-warning{color:#9c5700}
.reg{background:#fde9e7}.prog{background:#e8f3e0}
figure{margin:2mm 0;break-inside:avoid}
figcaption{font-size:8.5pt;color:#444}
svg{max-width:100%;height:auto}
section.org,section.group,section.step{break-before:page}
section.first{break-before:auto}
.cols{display:flex;gap:4mm;align-items:flex-start}
.cols>*{flex:1}
@page{size:A4;margin:12mm 10mm}
@media print{body{padding:0;max-width:none}}
"#;

/// A whole page: `<html lang>`, the title, the inline style and `body`.
pub fn page(lang: Lang, title: &str, body: &str) -> String {
    let (code, font) = match lang {
        Lang::Ja => (
            "ja",
            "\"游ゴシック\",\"Yu Gothic\",YuGothic,\"Noto Sans CJK JP\",\"IPAexGothic\",sans-serif",
        ),
        Lang::En => ("en", "Calibri,Carlito,\"Liberation Sans\",Arial,sans-serif"),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"generator\" content=\"x1060 {ver}\">\n<title>{title}</title>\n\
         <style>body{{font-family:{font}}}{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        ver = env!("CARGO_PKG_VERSION"),
        title = esc(title),
    )
}

/// A number with two decimals, or `-`.
pub fn mean(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |x| format!("{x:.2}"))
}

/// A ratio as a percentage with one decimal, or `-`.
pub fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |x| format!("{:.1}%", x * 100.0))
}

/// A signed change of a mean (`+0.50`), or empty.
pub fn signed(v: Option<f64>) -> String {
    v.map_or_else(String::new, |x| format!("{x:+.2}"))
}

/// Starts a table with a header row; `numeric[i]` right-aligns column `i`.
pub fn table_head(heads: &[&str], numeric: &[bool]) -> String {
    format!("<table>{}", head_row(heads, numeric))
}

/// The `<thead>` of a table already opened, and the opening `<tbody>`.
pub fn head_row(heads: &[&str], numeric: &[bool]) -> String {
    let mut s = String::from("<thead><tr>");
    for (i, h) in heads.iter().enumerate() {
        let class = if numeric.get(i).copied().unwrap_or(false) {
            " class=\"n\""
        } else {
            ""
        };
        s.push_str(&format!("<th{class}>{}</th>", esc(h)));
    }
    s.push_str("</tr></thead><tbody>");
    s
}

/// One table row of already-escaped cells; `numeric[i]` right-aligns.
pub fn table_row(cells: &[String], numeric: &[bool]) -> String {
    let mut s = String::from("<tr>");
    for (i, c) in cells.iter().enumerate() {
        let class = if numeric.get(i).copied().unwrap_or(false) {
            " class=\"n\""
        } else {
            ""
        };
        s.push_str(&format!("<td{class}>{c}</td>"));
    }
    s.push_str("</tr>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert('x')</script>&\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"
        );
        assert_eq!(esc("株式会社あおば"), "株式会社あおば");
    }

    #[test]
    fn page_is_self_contained() {
        let p = page(Lang::Ja, "<t>", "<p>x</p>");
        assert!(p.contains("<title>&lt;t&gt;</title>"));
        assert!(p.contains("@page{size:A4"));
        for bad in ["<script", "<link", "src=", "@import", "url(", "http"] {
            assert!(!p.contains(bad), "{bad}");
        }
    }
}
