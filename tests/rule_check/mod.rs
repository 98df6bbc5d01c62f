//! What the rule tests assert, shared by `tests/rules*.rs`: a finding
//! reduced to rule, severity, cell and service, and the assertion that a
//! workbook gives exactly the findings wanted.

#![allow(dead_code)]

use crate::support::{Book, Checked, Col};
use x1060::rules::Severity;

/// A finding reduced to what a test asserts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct F {
    /// Rule ID.
    pub rule: String,
    /// Severity.
    pub severity: Severity,
    /// Cell, if any.
    pub cell: Option<String>,
    /// Service, if any.
    pub service: Option<String>,
}

/// A finding on a row's cell, for service `service`.
pub fn on(book: &Book, rule: &str, severity: Severity, key: &str, col: Col, service: &str) -> F {
    F {
        rule: rule.into(),
        severity,
        cell: Some(book.cell(key, col)),
        service: Some(service.into()),
    }
}

/// A finding with no cell (about the whole portfolio, or a missing service).
pub fn file(rule: &str, severity: Severity, service: Option<&str>) -> F {
    F {
        rule: rule.into(),
        severity,
        cell: None,
        service: service.map(str::to_string),
    }
}

/// Asserts the findings are exactly `want` (in any order), and that every
/// finding with a cell names the portfolio sheet.
#[track_caller]
pub fn assert_only(book: &Book, c: &Checked, want: Vec<F>) {
    let mut got: Vec<F> = c
        .findings()
        .iter()
        .map(|f| F {
            rule: f.rule.into(),
            severity: f.severity,
            cell: f.cell.clone(),
            service: f.service.clone(),
        })
        .collect();
    got.sort();
    let mut want = want;
    want.sort();
    assert_eq!(got, want, "findings:\n{}", c.summary());
    for f in c.findings() {
        if f.cell.is_some() {
            assert_eq!(f.sheet.as_deref(), Some(book.sheet.as_str()), "{f:?}");
        }
    }
}

/// Checks the book and asserts it gives exactly `want`.
#[track_caller]
pub fn expect(book: &Book, want: Vec<F>) -> Checked {
    let c = book.check();
    assert_only(book, &c, want);
    c
}

/// Checks the book and asserts it gives no finding at all.
#[track_caller]
pub fn expect_clean(book: &Book) {
    expect(book, vec![]);
}

/// The single finding of a rule (its message, for the message checks).
#[track_caller]
pub fn message_of(c: &Checked, rule: &str) -> String {
    let of = c.of(rule);
    assert_eq!(of.len(), 1, "{}", c.summary());
    of[0].message_en.clone()
}

/// English words in a Japanese text, outside code spans and the allow-list:
/// IDs and category letters, the standard's Latin terms, and the example
/// parties SOC / CSIRT / Z-MSSP.
pub fn english_words(text: &str) -> Vec<String> {
    const ALLOWED: &[&str] = &[
        "X.1060",
        "JT-X1060",
        "N/A",
        "As-Is",
        "To-Be",
        "CDC",
        "CSC",
        "TR-XSup.44",
        "FAQ",
        "ISOG-J",
        "OSCAL",
        "JSON",
        "CSV",
        "ID",
        "SOC",
        "CSIRT",
        "Z-MSSP",
    ];
    let mut outside = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 0 {
            outside.push_str(part);
            outside.push(' ');
        }
    }
    let is_id = |w: &str| {
        let mut c = w.chars();
        let first = c.next().is_some_and(|c| c.is_ascii_uppercase());
        let rest: String = c.collect();
        let rest = rest.strip_prefix('-').unwrap_or(&rest);
        let rest = rest.strip_prefix('.').unwrap_or(rest);
        // A category letter (`A`), a service or rule ID (`A-1`, `X001`), an Annex section (`A.1.10`).
        first && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
    };
    let mut words = Vec::new();
    let mut word = String::new();
    for ch in outside.chars().chain([' ']) {
        if ch.is_ascii_alphanumeric() || (!word.is_empty() && "-./".contains(ch)) {
            word.push(ch);
            continue;
        }
        let w = word.trim_end_matches(['.', '-', '/']).to_string();
        word.clear();
        if w.chars().any(|c| c.is_ascii_alphabetic())
            && !ALLOWED.contains(&w.as_str())
            && !is_id(&w)
        {
            words.push(w);
        }
    }
    words
}
