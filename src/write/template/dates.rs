//! ISO 8601 dates to Excel date serials (the 1900 date system).

/// The Excel date serial (1900 system) of an ISO 8601 date or date-time
/// (`2025-04-01`, `2025-04-01T12:00:00`); `None` when it is not one, or
/// before 1900-01-01. The inverse of [`crate::read::excel_serial_to_iso`].
///
/// ```
/// use x1060::write::template::iso_to_excel_serial;
/// assert_eq!(iso_to_excel_serial("2024-04-01"), Some(45383.0));
/// assert_eq!(iso_to_excel_serial("2024-04-01T12:00:00"), Some(45383.5));
/// assert_eq!(iso_to_excel_serial("soon"), None);
/// ```
pub fn iso_to_excel_serial(s: &str) -> Option<f64> {
    let (date, time) = match s.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut parts = date.split('-');
    let num = |p: Option<&str>, len: usize| -> Option<i64> {
        let p = p?;
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (y, m, d) = (
        num(parts.next(), 4)?,
        num(parts.next(), 2)?,
        num(parts.next(), 2)?,
    );
    if parts.next().is_some() || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    let mut secs = 0i64;
    if let Some(t) = time {
        let mut tp = t.split(':');
        let (h, mi, se) = (num(tp.next(), 2)?, num(tp.next(), 2)?, num(tp.next(), 2)?);
        if tp.next().is_some() || h > 23 || mi > 59 || se > 59 {
            return None;
        }
        secs = h * 3600 + mi * 60 + se;
    }
    let days = days_from_civil(y, m, d);
    let serial = if days + 25_569 > 60 {
        days + 25_569
    } else {
        days + 25_568
    };
    if serial < 1 {
        return None;
    }
    Some(serial as f64 + secs as f64 / 86_400.0)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
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
