//! The renderer against values worked out by hand (what Excel shows).

use super::*;

fn num(x: f64, code: &str) -> Option<String> {
    render(&Value::Number(x), code)
}

fn shows(x: f64, code: &str, want: &str) {
    assert_eq!(num(x, code).as_deref(), Some(want), "{x} under {code}");
}

#[test]
fn percentages() {
    // 0.6 × 100 = 60.
    shows(0.6, "0%", "60%");
    // 0.125 × 100 = 12.5, one decimal.
    shows(0.125, "0.0%", "12.5%");
    // 0.35 × 100 = 35 exactly, although 0.35 is 0.34999… in binary.
    shows(0.35, "0%", "35%");
    // 0.0425 → 4.25 → 4.3 (half away from zero).
    shows(0.0425, "0.0%", "4.3%");
    shows(1.0, "0.00%", "100.00%");
}

#[test]
fn fixed_decimals_and_rounding() {
    shows(3.0, "0.0", "3.0");
    shows(2.5, "0", "3");
    shows(3.5, "0", "4");
    shows(2.25, "0.0", "2.3");
    shows(0.4, "0", "0");
    shows(0.4, "#", "");
    shows(0.5, "#.##", ".5");
    shows(3.0, "0.0#", "3.0");
    shows(1.236, "0.0#", "1.24");
    shows(7.0, "00", "07");
    shows(9.96, "0.0", "10.0");
}

#[test]
fn thousands_and_scaling() {
    // 1234.5 rounds up to 1235, then grouped.
    shows(1234.5, "#,##0", "1,235");
    shows(1_234_567.891, "#,##0.00", "1,234,567.89");
    shows(999.0, "#,##0", "999");
    shows(0.0, "#,##0", "0");
    // A trailing comma divides by 1000: 12345 → 12.345 → 12.
    shows(12_345.0, "#,##0,", "12");
    shows(1234.0, "[$¥-411]#,##0", "¥1,234");
}

#[test]
fn literals_sections_and_colours() {
    shows(3.0, "0\"点\"", "3点");
    shows(3.0, "0.0\" pt\"", "3.0 pt");
    shows(-1.5, "0.0;(0.0)", "(1.5)");
    shows(-1.5, "0.0", "-1.5");
    shows(-1.5, "0.0;[Red]-0.0", "-1.5");
    shows(0.0, "0;-0;\"-\"", "-");
    shows(0.6, "[Red]0%", "60%");
    shows(12.0, "\\#0", "#12");
    shows(5.0, "_(0_)", " 5 ");
}

#[test]
fn text_format_shows_the_number_as_general() {
    shows(3.5, "@", "3.5");
    shows(3.0, "General\"点\"", "3点");
}

#[test]
fn dates() {
    // 45000: 2023-01-01 is serial 44927 (2024-01-01 is 45292, 365 days
    // later); 45000 − 44927 = 73 days after 1 January: 31 (Jan) + 28 (Feb)
    // = 59 → 14 days into March → 15 March 2023, a Wednesday (1 January
    // 2023 was a Sunday, 73 = 10 × 7 + 3).
    shows(45000.0, "yyyy/m/d", "2023/3/15");
    shows(45000.0, "yyyy-mm-dd", "2023-03-15");
    shows(45000.0, "yyyy\"年\"m\"月\"d\"日\"", "2023年3月15日");
    shows(45000.0, "m/d", "3/15");
    shows(45000.0, "yy/mm/dd", "23/03/15");
    shows(45000.0, "d-mmm-yy", "15-Mar-23");
    shows(45000.0, "mmmm d, yyyy", "March 15, 2023");
    shows(45000.0, "aaa", "水");
    shows(45000.0, "m/d(aaa)", "3/15(水)");
    shows(45000.0, "dddd", "Wednesday");
    // 2023 is the fifth year of Reiwa (2019 = 令和元年 = 1).
    shows(45000.0, "[$-411]ggge\"年\"m\"月\"d\"日\"", "令和5年3月15日");
    shows(45000.0, "[$-411]ge.m.d", "R5.3.15");
    // LibreOffice writes the letters in capitals.
    shows(45000.0, "YYYY/M/D", "2023/3/15");
    shows(45000.0, "[$-411]GGGE\"年\"", "令和5年");
    // 1989-01-07 is the last day of Shōwa 64; 1989-01-08 is Heisei 1.
    // 1989-01-01 is serial 32509 (1990-01-01 = 32874, 365 days later).
    shows(32509.0 + 6.0, "ggge", "昭和64");
    shows(32509.0 + 7.0, "ggge", "平成1");
}

#[test]
fn times() {
    // 0.75 of a day is 18:00.
    shows(45000.75, "yyyy/m/d h:mm", "2023/3/15 18:00");
    shows(45000.75, "h:mm AM/PM", "6:00 PM");
    // 0.5 + 90 s / 86400: 12:01:30; the `m` before `ss` is minutes.
    shows(45000.5 + 90.0 / 86_400.0, "hh:mm:ss", "12:01:30");
    shows(45000.5 + 90.0 / 86_400.0, "h\"時\"mm\"分\"", "12時01分");
}

#[test]
fn dates_held_as_dates_render_from_their_parts() {
    let d = Value::Date("2023-03-15".into());
    assert_eq!(render(&d, "yyyy/m/d").as_deref(), Some("2023/3/15"));
    assert_eq!(render(&d, "0").as_deref(), Some("45000"));
    let early = Value::Date("1900-01-01".into());
    assert_eq!(render(&early, "0").as_deref(), Some("1"));
    let t = Value::Date("2023-03-15T18:00:00".into());
    assert_eq!(render(&t, "h:mm").as_deref(), Some("18:00"));
}

#[test]
fn unknown_formats_fall_back() {
    assert_eq!(num(0.5, "# ?/?"), None);
    assert_eq!(num(2.5, "0.00E+00"), None);
    assert_eq!(num(7.0, "[>5]0;0"), None);
    assert_eq!(num(3.0, "[DBNum1]0"), None);
    assert_eq!(num(1.5, "[h]:mm"), None);
    assert_eq!(num(0.6, "General"), None);
    assert_eq!(render(&Value::Text("x".into()), "0%"), None);
    assert_eq!(num(f64::NAN, "0"), None);
    assert_eq!(num(-1.0, "yyyy/m/d"), None);
}

#[test]
fn the_japanese_built_in_formats_are_named() {
    assert_eq!(format_code("General", Some(31)), "yyyy\"年\"m\"月\"d\"日\"");
    assert_eq!(format_code("mm-dd-yy", Some(14)), "yyyy/m/d");
    assert_eq!(format_code("0.0", Some(170)), "0.0");
}

#[test]
fn never_panics_on_odd_codes() {
    for code in [
        "",
        ";",
        ";;;",
        "\"",
        "\\",
        "[",
        "]",
        "_",
        "*",
        "0.0.0",
        "#,##0,,,",
        "0%%",
        "\"年",
        "[$",
        "[$-]0",
        "e",
        "ggg",
        "mmmmmm",
        ",",
        ".",
        "0,0,0",
        "?.??",
        "(0)",
        "[Color99]0",
    ] {
        for x in [0.0, -0.0, 1.5, -2.5, 1e300, 1e-300, 45000.25] {
            let _ = num(x, code);
        }
    }
}
