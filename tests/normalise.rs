//! Property tests of the value normalisation (RULES.md → Vocabulary).

use proptest::prelude::*;
use x1060::model::{Value, parse_score};
use x1060::text::{Score, fold, name_key, split_id, split_parties};

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
