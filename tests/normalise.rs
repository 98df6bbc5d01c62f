//! Property tests of the value normalisation (RULES.md → Vocabulary).

use proptest::prelude::*;
use x1060::model::{Value, parse_score};
use x1060::text::{Score, fold, name_key, split_id};
use x1060::vocabulary::split_parties;

const DASHES: [&str; 11] = ["", "-", "－", "‐", "‑", "–", "—", "―", "−", "ー", "ｰ"];

fn fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' | 'A'..='Z' | 'a'..='z' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
            _ => c,
        })
        .collect()
}

proptest! {
    #[test]
    fn fold_is_idempotent(s in "\\PC{0,40}") {
        prop_assert_eq!(fold(&fold(&s)), fold(&s));
    }

    #[test]
    fn fold_ignores_case_width_and_spacing(s in "[A-Za-z0-9]{1,12}( [A-Za-z0-9]{1,12}){0,3}") {
        let noisy = format!("  {}\n", fullwidth(&s).replace(' ', " \u{3000} "));
        prop_assert_eq!(fold(&noisy), fold(&s));
    }

    #[test]
    fn every_id_spelling_gives_the_canonical_id(
        letter in "[A-Ia-i]", number in 1u32..=13, dash in 0usize..DASHES.len(),
        zeros in 0usize..3, wide in any::<bool>(), name in "( [a-z]{1,8}){0,2}",
    ) {
        let raw = format!("{letter}{}{}{number}{name}", DASHES[dash], "0".repeat(zeros));
        let raw = if wide { fullwidth(&raw) } else { raw };
        let p = split_id(&raw).unwrap();
        prop_assert_eq!(p.id, format!("{}-{number}", letter.to_ascii_uppercase()));
        prop_assert_eq!(fold(p.rest), fold(&name));
    }

    #[test]
    fn scores_one_to_five_in_any_spelling(v in 1u8..=5, form in 0usize..7, wide in any::<bool>()) {
        let text = match form {
            0 => format!("{v}"),
            1 => format!("{v}.0"),
            2 => format!("{v}点"),
            3 => format!("+{v}"),
            4 => format!("+{v} 点"),
            5 => format!(" {v} "),
            _ => format!("{v}.00"),
        };
        let text = if wide { fullwidth(&text) } else { text };
        prop_assert_eq!(parse_score(&Value::Text(text)), Score::Value(v));
        prop_assert_eq!(parse_score(&Value::Number(v as f64)), Score::Value(v));
    }

    #[test]
    fn numbers_outside_one_to_five_or_fractional_are_invalid(v in -100.0f64..100.0) {
        let valid = v.fract() == 0.0 && (1.0..=5.0).contains(&v);
        prop_assert_eq!(parse_score(&Value::Number(v)) != Score::Invalid, valid);
    }

    #[test]
    fn party_split_never_loses_a_name(parts in prop::collection::vec("[A-Za-zぁ-んア-ン・]{1,8}", 1..4), sep in 0usize..12) {
        let seps = ["/", "／", ",", "，", "、", ";", "；", "&", "＆", "+", "＋", "\n"];
        let cell = parts.join(seps[sep]);
        prop_assert_eq!(split_parties(&cell), parts);
    }

    #[test]
    fn name_key_ignores_spacing_middle_dots_and_ampersands(a in "[a-z]{1,8}", b in "[a-z]{1,8}") {
        // `csc` as a word of its own is read as `cdc` (CDC/CSC), which
        // `aandcsc` is not: the one word where spacing matters.
        prop_assume!(a != "csc" && b != "csc");
        prop_assert_eq!(name_key(&format!("{a} & {b}")), name_key(&format!("{a}and{b}")));
        prop_assert_eq!(name_key(&format!("{a}・{b}")), name_key(&format!("{a} {b}")));
    }
}

#[test]
fn the_invalid_scores_of_rules_md_are_invalid() {
    for t in ["3.5", "0", "6", "高", "high"] {
        assert_eq!(parse_score(&Value::Text(t.into())), Score::Invalid, "{t}");
    }
    for t in [
        "-",
        "－",
        "ー",
        "―",
        "—",
        "–",
        "なし",
        "無し",
        "該当なし",
        "none",
        "",
    ] {
        assert_eq!(parse_score(&Value::Text(t.into())), Score::Missing, "{t}");
    }
}

// ---------------------------------------------------------------------------
// Robust by construction (issue 13): arbitrary Unicode through every text
// function and cell parser — CJK brackets, combining marks, emoji, right-to-
// left text, format characters and very long strings. None may panic.

/// Texts built from the pieces that broke readers before, plus anything.
fn nasty() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "【",
        "】",
        "【SOC部】",
        "インソース【",
        "「",
        "」",
        "（",
        "）",
        "(",
        ")",
        "[",
        "]",
        "A-1",
        "Ａ－１",
        "a",
        "\u{200B}",
        "\u{200D}",
        "\u{FEFF}",
        "\u{00AD}",
        "\u{2060}",
        "\u{202E}",
        "\u{E0001}",
        "e\u{0301}",
        "\u{0308}",
        "👩‍👩‍👧",
        "🇯🇵",
        "שלום",
        "مرحبا",
        "\n",
        "\r",
        "　",
        "/",
        "／",
        "、",
        "・",
        "&",
        "ｲﾝｿｰｽ",
        "ｰ",
        "—",
        "合計",
        "total",
        "csc",
        "CDC/CSC",
        "3点",
        "+",
        ".",
        "0",
        "9",
        "ﷺ",
        "ﬁ",
        "㍻",
        "𠮷",
    ];
    prop_oneof![
        3 => prop::collection::vec(prop::sample::select(PIECES), 0..12).prop_map(|v| v.concat()),
        2 => any::<String>(),
        1 => (prop::sample::select(PIECES), 100usize..3000).prop_map(|(p, n)| p.repeat(n)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn every_text_function_takes_arbitrary_unicode(s in nasty()) {
        use x1060::text::*;
        use x1060::vocabulary::*;
        let f = fold(&s);
        prop_assert_eq!(fold(&f), f.clone());
        prop_assert!(!f.chars().any(is_format_char));
        let _ = nfkc(&s);
        let _ = name_key(&s);
        let _ = name_keys(&s);
        let _ = bilingual_parts(&s.to_lowercase());
        let _ = split_id(&s);
        let _ = split_parties(&s);
        let _ = split_bracket(&s);
        let _ = display_width(&s);
        let _ = is_summary(&f);
        let _ = is_placeholder(&f);
        let _ = parse_score_text(&f);
        let e = escape_invisible(&s);
        prop_assert!(!e.chars().any(is_format_char));
        let _ = edit_distance(&s, "risk management", 2);
    }

    #[test]
    fn every_cell_parser_takes_arbitrary_unicode(s in nasty()) {
        let v = Value::Text(s.clone());
        let _ = parse_score(&v);
        let _ = x1060::model::parse_assignment(&v);
        let _ = x1060::read::rows::category_label(&s);
        let c = x1060::catalogue::catalogue();
        let _ = c.service_by_name(&s);
        if s.chars().count() < 200 {
            let _ = c.near_miss(&s);
        }
        let _ = x1060::catalogue::vocabulary().level(&fold(&s));
    }

    #[test]
    fn invisible_characters_never_change_a_match(word in prop::sample::select(&[
        "ベーシック", "アウトソーシング", "insourced", "適用外", "リスクマネジメント", "A-12",
    ][..]), at in 0usize..8, cf in prop::sample::select(&['\u{200B}', '\u{FEFF}', '\u{00AD}', '\u{2060}', '\u{200D}'][..])) {
        let mut chars: Vec<char> = word.chars().collect();
        let at = at.min(chars.len());
        chars.insert(at, cf);
        let noisy: String = chars.into_iter().collect();
        prop_assert_eq!(fold(&noisy), fold(word));
        prop_assert_eq!(name_key(&noisy), name_key(word));
        prop_assert_eq!(split_id(&noisy).map(|p| p.id), split_id(word).map(|p| p.id));
    }
}

#[test]
fn brackets_of_several_bytes_are_split_at_char_boundaries() {
    use x1060::text::split_bracket;
    assert_eq!(
        split_bracket("インソース【SOC部】"),
        ("インソース".to_string(), "SOC部".to_string())
    );
    assert_eq!(split_bracket("【】").1, "");
    assert_eq!(split_bracket("a【").0, "a【");
}

#[test]
fn a_value_that_still_fails_shows_its_invisible_characters() {
    assert_eq!(
        x1060::text::escape_invisible("ベーシック\u{200B}X"),
        "ベーシック\\u{200B}X"
    );
}

#[test]
fn new_v2_spellings_are_accepted() {
    use x1060::catalogue::{Assignment, vocabulary};
    let v = vocabulary();
    for (w, a) in [
        ("アウトソーシング", Assignment::Outsourcing),
        ("外注", Assignment::Outsourcing),
        ("Outsourced", Assignment::Outsourcing),
        ("インソーシング", Assignment::Insourcing),
        ("社内", Assignment::Insourcing),
        ("自社", Assignment::Insourcing),
        ("In-house", Assignment::Insourcing),
        ("Insourced", Assignment::Insourcing),
    ] {
        assert_eq!(v.assignment(&fold(w)), Some(a), "{w}");
    }
}

#[test]
fn summary_words_japanese_as_prefixes_english_ending_at_a_non_letter() {
    use x1060::vocabulary::is_summary;
    for yes in [
        "合計",
        "平均スコア",
        "総計",
        "total",
        "totals",
        "total:",
        "subtotal",
        "mean",
        "averages",
    ] {
        assert!(is_summary(&fold(yes)), "{yes}");
    }
    for no in ["totalcare", "meaning", "averaged", "risk management"] {
        assert!(!is_summary(&fold(no)), "{no}");
    }
}
