//! Dates and times under a date section of a number format: the parts of
//! an Excel serial (1900 system), month and weekday names, Japanese eras.

use super::Tok;

/// The Excel serial (1900 system) of an ISO date or date-time.
pub(super) fn serial_of_iso(iso: &str) -> Option<f64> {
    let (date, time) = iso.split_once('T').unwrap_or((iso, ""));
    let mut ymd = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (ymd.next()??, ymd.next()??, ymd.next()??);
    let days = days_from_civil(y, m, d);
    let serial = days + if days + 25_569 > 60 { 25_569 } else { 25_568 };
    let mut hms = time.splitn(3, ':').map(|p| p.parse::<f64>().unwrap_or(0.0));
    let secs = hms.next().unwrap_or(0.0) * 3600.0
        + hms.next().unwrap_or(0.0) * 60.0
        + hms.next().unwrap_or(0.0);
    Some(serial as f64 + secs / 86_400.0)
}

/// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A date-time split into its parts.
struct Parts {
    y: i64,
    mo: u32,
    d: u32,
    h: u32,
    mi: u32,
    s: u32,
    /// 0 = Sunday.
    weekday: u32,
}

fn parts(serial: f64) -> Option<Parts> {
    if !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let mut days = serial.floor() as i64;
    let mut secs = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if secs >= 86_400 {
        days += 1;
        secs -= 86_400;
    }
    // Serials past Excel's non-existent 1900-02-29 are one day ahead.
    let unix = days - if days > 60 { 25_569 } else { 25_568 };
    let iso = crate::read::excel_serial_to_iso(days as f64);
    let mut ymd = iso.splitn(3, '-').map(|p| p.parse::<i64>().unwrap_or(0));
    let (y, mo, d) = (
        ymd.next().unwrap_or(0),
        ymd.next().unwrap_or(0),
        ymd.next().unwrap_or(0),
    );
    Some(Parts {
        y,
        mo: mo as u32,
        d: d as u32,
        h: (secs / 3600) as u32,
        mi: (secs / 60 % 60) as u32,
        s: (secs % 60) as u32,
        weekday: (unix + 4).rem_euclid(7) as u32,
    })
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const DAYS_JA: [&str; 7] = ["日", "月", "火", "水", "木", "金", "土"];

/// A Japanese era: its first day and its names (`S`, `昭`, `昭和`).
type Era = ((i64, u32, u32), [&'static str; 3]);

/// The eras a date in a workbook may fall in, latest first.
const ERAS: [Era; 3] = [
    ((2019, 5, 1), ["R", "令", "令和"]),
    ((1989, 1, 8), ["H", "平", "平成"]),
    ((1926, 12, 25), ["S", "昭", "昭和"]),
];

/// The Japanese era of a date: its names and the year of its first year.
fn era(p: &Parts) -> Option<([&'static str; 3], i64)> {
    let key = (p.y, p.mo, p.d);
    ERAS.iter()
        .find(|(start, _)| key >= *start)
        .map(|(start, names)| (*names, start.0))
}

/// A value under a date section.
pub(super) fn date_text(toks: &[Tok], serial: f64) -> Option<String> {
    // Fractions of a second (`ss.00`) are not rendered.
    if toks.iter().any(|t| matches!(t, Tok::Digit(_))) {
        return None;
    }
    let p = parts(serial)?;
    let twelve = toks.iter().any(|t| matches!(t, Tok::AmPm(_)));
    let date_parts: Vec<usize> = (0..toks.len())
        .filter(|&i| matches!(toks[i], Tok::Date(..)))
        .collect();
    // `m` after an hour or before a second is minutes.
    let minutes = |i: usize| {
        let k = date_parts.iter().position(|&x| x == i).unwrap_or(0);
        let before = k.checked_sub(1).map(|j| &toks[date_parts[j]]);
        let after = date_parts.get(k + 1).map(|&j| &toks[j]);
        matches!(before, Some(Tok::Date('h', _))) || matches!(after, Some(Tok::Date('s', _)))
    };
    let two = |v: u32| format!("{v:02}");
    let mut out = String::new();
    for (i, t) in toks.iter().enumerate() {
        match t {
            Tok::Lit(l) => out.push_str(l),
            Tok::Percent => out.push('%'),
            Tok::Comma => out.push(','),
            Tok::Point => out.push('.'),
            Tok::AmPm(full) => out.push_str(match (p.h < 12, full) {
                (true, true) => "AM",
                (false, true) => "PM",
                (true, false) => "A",
                (false, false) => "P",
            }),
            Tok::Date(c, n) => {
                let n = *n;
                let text = match c {
                    'y' if n <= 2 => two((p.y % 100) as u32),
                    'y' => format!("{:04}", p.y),
                    'm' if n <= 2 && minutes(i) => {
                        if n == 1 {
                            p.mi.to_string()
                        } else {
                            two(p.mi)
                        }
                    }
                    'm' => match n {
                        1 => p.mo.to_string(),
                        2 => two(p.mo),
                        3 => MONTHS[p.mo as usize - 1][..3].to_string(),
                        4 => MONTHS[p.mo as usize - 1].to_string(),
                        _ => MONTHS[p.mo as usize - 1][..1].to_string(),
                    },
                    'd' => match n {
                        1 => p.d.to_string(),
                        2 => two(p.d),
                        3 => DAYS[p.weekday as usize][..3].to_string(),
                        _ => DAYS[p.weekday as usize].to_string(),
                    },
                    'a' if n == 3 => DAYS_JA[p.weekday as usize].to_string(),
                    'a' => format!("{}曜日", DAYS_JA[p.weekday as usize]),
                    'h' => {
                        let h = if twelve { (p.h + 11) % 12 + 1 } else { p.h };
                        if n == 1 { h.to_string() } else { two(h) }
                    }
                    's' if n == 1 => p.s.to_string(),
                    's' => two(p.s),
                    'g' => era(&p)?.0[n.min(3) - 1].to_string(),
                    'e' => {
                        let (_, first) = era(&p)?;
                        let year = (p.y - first + 1) as u32;
                        if n == 1 { year.to_string() } else { two(year) }
                    }
                    _ => return None,
                };
                out.push_str(&text);
            }
            _ => return None,
        }
    }
    Some(out)
}
