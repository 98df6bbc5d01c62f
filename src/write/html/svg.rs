//! Inline SVG charts: a radar of As-Is / To-Be per category, a heat map of
//! organisations × services, horizontal bars and a trend of lines. Each
//! chart is one `<svg class="chart …">` element with a `<title>`; labels
//! taken from workbooks are escaped.

use std::fmt::Write;

use super::esc;

/// Colour of the As-Is series.
pub const AS_IS: &str = "#2f5597";
/// Colour of the To-Be series.
pub const TO_BE: &str = "#c55a11";

fn open(class: &str, w: f64, h: f64, title: &str) -> String {
    format!(
        "<svg class=\"chart {class}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\"><title>{}</title>",
        esc(title)
    )
}

/// A radar (spider) chart: one axis per label, values on a 0–5 scale, one
/// polygon per series `(name, colour, values)`; a missing value is drawn
/// at the centre. A legend names the series.
pub fn radar(title: &str, labels: &[String], series: &[(&str, &str, Vec<Option<f64>>)]) -> String {
    let (w, h, cx, cy, r) = (330.0, 300.0, 150.0, 150.0, 110.0);
    let n = labels.len().max(1) as f64;
    let point = |i: usize, v: f64| {
        let a = std::f64::consts::TAU * i as f64 / n - std::f64::consts::FRAC_PI_2;
        (cx + r * v / 5.0 * a.cos(), cy + r * v / 5.0 * a.sin())
    };
    let mut s = open("radar", w, h, title);
    for ring in 1..=5 {
        let pts: Vec<String> = (0..labels.len())
            .map(|i| {
                let (x, y) = point(i, ring as f64);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let _ = write!(
            s,
            "<polygon points=\"{}\" fill=\"none\" stroke=\"#d0d0d0\" stroke-width=\"0.6\"/>",
            pts.join(" ")
        );
        let (x, y) = point(0, ring as f64);
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"7\" fill=\"#888\">{ring}</text>",
            x + 2.0,
            y + 3.0
        );
    }
    for (i, label) in labels.iter().enumerate() {
        let (x, y) = point(i, 5.0);
        let (lx, ly) = point(i, 5.7);
        let _ = write!(
            s,
            "<line x1=\"{cx}\" y1=\"{cy}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"#d0d0d0\" stroke-width=\"0.6\"/><text x=\"{lx:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
            ly + 3.5,
            esc(label)
        );
    }
    for (k, (name, colour, values)) in series.iter().enumerate() {
        let pts: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let (x, y) = point(i, v.unwrap_or(0.0));
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let _ = write!(
            s,
            "<polygon class=\"series\" points=\"{}\" fill=\"{colour}\" fill-opacity=\"0.15\" stroke=\"{colour}\" stroke-width=\"1.8\"><title>{}</title></polygon>",
            pts.join(" "),
            esc(name)
        );
        let ly = 14.0 + 14.0 * k as f64;
        let _ = write!(
            s,
            "<rect x=\"262\" y=\"{:.0}\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"276\" y=\"{:.0}\" font-size=\"9\">{}</text>",
            ly - 9.0,
            ly,
            esc(name)
        );
    }
    s.push_str("</svg>");
    s
}

/// One cell of the heat map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heat {
    /// The service has no row.
    NotListed,
    /// Unnecessary: out of every figure.
    Unnecessary,
    /// Listed, not scored (a score blank, N/A or invalid).
    Unscored,
    /// Scored: As-Is, To-Be.
    Scored(u8, u8),
}

impl Heat {
    /// The fill colour: by gap (To-Be − As-Is), green at none to red at 3+.
    pub fn colour(self) -> &'static str {
        match self {
            Heat::NotListed => "#ffffff",
            Heat::Unnecessary => "#e7e6e6",
            Heat::Unscored => "#bfbfbf",
            Heat::Scored(a, t) => match t as i32 - a as i32 {
                i32::MIN..=0 => "#63be7b",
                1 => "#ffeb84",
                2 => "#f4a460",
                _ => "#e0534f",
            },
        }
    }
}

/// A heat map: one row per `(label, cells)`, one column per `columns`
/// entry (service IDs); `groups` marks where a new group (category) starts
/// with its label. Every cell carries a `<title>` (row, column, value).
pub fn heatmap(
    title: &str,
    columns: &[String],
    groups: &[(usize, String)],
    rows: &[(String, Vec<(Heat, String)>)],
) -> String {
    let (label_w, cw, ch, top) = (150.0, 8.6, 13.0, 30.0);
    let w = label_w + cw * columns.len() as f64 + 4.0;
    let h = top + ch * rows.len() as f64 + 4.0;
    let mut s = open("heatmap", w, h, title);
    for (start, label) in groups {
        let x = label_w + cw * *start as f64;
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"12\" font-size=\"9\" font-weight=\"bold\">{}</text><line x1=\"{x:.1}\" y1=\"16\" x2=\"{x:.1}\" y2=\"{h:.1}\" stroke=\"#555\" stroke-width=\"0.6\"/>",
            x + 1.0,
            esc(label)
        );
    }
    for (i, c) in columns.iter().enumerate() {
        let num = c.rsplit('-').next().unwrap_or(c);
        let x = label_w + cw * i as f64 + cw / 2.0;
        let _ = write!(
            s,
            "<text x=\"{x:.1}\" y=\"26\" font-size=\"5.5\" text-anchor=\"middle\">{}</text>",
            esc(num)
        );
    }
    for (r, (label, cells)) in rows.iter().enumerate() {
        let y = top + ch * r as f64;
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"8\" text-anchor=\"end\">{}</text>",
            label_w - 4.0,
            y + ch - 3.5,
            esc(&short(label, 28))
        );
        for (i, (heat, tip)) in cells.iter().enumerate() {
            let x = label_w + cw * i as f64;
            let _ = write!(
                s,
                "<rect class=\"cell\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\" stroke=\"#fff\" stroke-width=\"0.5\"><title>{}</title></rect>",
                cw,
                ch,
                heat.colour(),
                esc(tip)
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// Cuts a label to `n` characters, ending it with `…` when cut.
pub fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

/// Horizontal bars: one per `(label, value)`, scaled to `max`, the value
/// written after the bar with `fmt`.
pub fn bars(title: &str, items: &[(String, f64)], max: f64, fmt: impl Fn(f64) -> String) -> String {
    let (label_w, bar_w, bh) = (190.0, 300.0, 16.0);
    let w = label_w + bar_w + 50.0;
    let h = bh * items.len() as f64 + 8.0;
    let mut s = open("bars", w, h, title);
    for (i, (label, v)) in items.iter().enumerate() {
        let y = 4.0 + bh * i as f64;
        let len = if max > 0.0 { bar_w * v / max } else { 0.0 };
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"end\">{}</text><rect class=\"bar\" x=\"{label_w}\" y=\"{y:.1}\" width=\"{len:.1}\" height=\"{:.1}\" fill=\"{AS_IS}\"><title>{}</title></rect><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\">{}</text>",
            label_w - 4.0,
            y + bh - 5.0,
            esc(&short(label, 30)),
            bh - 4.0,
            esc(&format!("{label}: {}", fmt(*v))),
            label_w + len + 3.0,
            y + bh - 5.0,
            esc(&fmt(*v))
        );
    }
    s.push_str("</svg>");
    s
}

/// Lines over points: `x_labels` along the bottom, one polyline per
/// `(name, colour, values)` on a 0–`ymax` scale (a missing value breaks
/// nothing: its point is left out), a legend on the right.
pub fn lines(
    title: &str,
    x_labels: &[String],
    series: &[(String, String, Vec<Option<f64>>)],
    ymax: f64,
) -> String {
    let (left, plot_w, plot_h, top) = (30.0, 380.0, 170.0, 10.0);
    let w = left + plot_w + 150.0;
    let h = top + plot_h + 40.0;
    let n = x_labels.len().max(2) as f64 - 1.0;
    let x_at = |i: usize| left + 10.0 + (plot_w - 20.0) * i as f64 / n;
    let y_at = |v: f64| top + plot_h - plot_h * v / ymax;
    let mut s = open("lines", w, h, title);
    for k in 0..=5 {
        let v = ymax * k as f64 / 5.0;
        let y = y_at(v);
        let label = if ymax <= 1.0 {
            format!("{:.0}%", v * 100.0)
        } else {
            format!("{v:.0}")
        };
        let _ = write!(
            s,
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#e0e0e0\" stroke-width=\"0.6\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"8\" text-anchor=\"end\">{label}</text>",
            left + plot_w,
            left - 3.0,
            y + 3.0
        );
    }
    for (i, l) in x_labels.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"8\" text-anchor=\"middle\">{}</text>",
            x_at(i),
            top + plot_h + 14.0,
            esc(&short(l, 18))
        );
    }
    for (k, (name, colour, values)) in series.iter().enumerate() {
        let pts: Vec<String> = values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| format!("{:.1},{:.1}", x_at(i), y_at(v))))
            .collect();
        let _ = write!(
            s,
            "<polyline class=\"series\" points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.6\"><title>{}</title></polyline>",
            pts.join(" "),
            esc(name)
        );
        for (i, v) in values.iter().enumerate() {
            if let Some(v) = v {
                let _ = write!(
                    s,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.2\" fill=\"{colour}\"/>",
                    x_at(i),
                    y_at(*v)
                );
            }
        }
        let ly = top + 10.0 + 12.0 * k as f64;
        let _ = write!(
            s,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"9\" height=\"3\" fill=\"{colour}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"8\">{}</text>",
            left + plot_w + 10.0,
            ly - 4.0,
            left + plot_w + 23.0,
            ly,
            esc(&short(name, 24))
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radar_escapes_and_draws_each_series() {
        let labels: Vec<String> = ["A", "B", "<C>"].iter().map(|s| s.to_string()).collect();
        let s = radar(
            "r",
            &labels,
            &[
                ("As-Is", AS_IS, vec![Some(1.0), Some(2.0), None]),
                ("To-Be", TO_BE, vec![Some(3.0), Some(4.0), Some(5.0)]),
            ],
        );
        assert_eq!(s.matches("class=\"series\"").count(), 2);
        assert!(s.contains("&lt;C&gt;") && !s.contains("<C>"));
        // The To-Be of axis 0 (value 3 straight up from the centre 150,150, radius 110).
        assert!(s.contains("150.0,84.0"), "{s}");
    }

    #[test]
    fn heat_colours_follow_the_gap() {
        assert_eq!(Heat::Scored(4, 4).colour(), "#63be7b");
        assert_eq!(Heat::Scored(3, 4).colour(), "#ffeb84");
        assert_eq!(Heat::Scored(1, 5).colour(), "#e0534f");
        assert_eq!(Heat::Unnecessary.colour(), "#e7e6e6");
    }
}
