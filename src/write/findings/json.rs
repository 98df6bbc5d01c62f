//! The `files[]` element of `check --format json`, written straight to
//! bytes: no `serde_json::Value` tree, no allocation beyond the output
//! buffer (an unreadable file's message and a non-UTF-8 path aside; issue
//! 15: this runs once per portfolio in the workers).
//!
//! The bytes are exactly those of the serde path it replaces
//! ([`super::file_json`] serialised by `serde_json`, the figures through
//! their `Serialize` derives): the same key order, `null` for every `None`,
//! integers as `itoa` prints them, floats as `serde_json` prints them
//! (`zmij`'s shortest form: `3.0` for an integral value, `1e+16` past
//! 10^16, `null` for NaN and the infinities) and strings escaped with `serde_json`'s table. The test
//! `tests/json_writer.rs` holds the two paths to the same bytes on every
//! sample and fixture and on edge values; a field added to a figure's
//! struct must be added here too.

use crate::analysis::{
    AssignmentCounts, Figures, FileResult, LevelCounts, LongReason, Outcome, Priority, Stats,
};
use crate::catalogue::Lang;
use crate::rules::{Finding, Severity};

/// `serde_json`'s escape table: `0` for a byte written as it is, else the
/// letter after the backslash (`u` for `\u00XX`).
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0A] = b'n';
    t[0x0C] = b'f';
    t[0x0D] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// Eight bytes at once: true when one of them is below 0x20, a quote or a
/// backslash (the bytes `serde_json` escapes). Exact, no false positive.
fn needs_escape(w: u64) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    let zero_in = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let control = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    (control | zero_in(w ^ (ONES * b'"' as u64)) | zero_in(w ^ (ONES * b'\\' as u64))) != 0
}

/// The inside of a JSON string (no quotes), escaped as `serde_json` does.
pub(super) fn contents(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        // Skip eight plain bytes at a time (most strings have nothing to escape).
        if let Some(chunk) = bytes.get(i..i + 8)
            && !needs_escape(u64::from_ne_bytes(chunk.try_into().unwrap_or_default()))
        {
            i += 8;
            continue;
        }
        let b = bytes[i];
        let e = ESCAPE[b as usize];
        i += 1;
        if e == 0 {
            continue;
        }
        out.extend_from_slice(&bytes[start..i - 1]);
        if e == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(b >> 4) as usize],
                HEX[(b & 0xF) as usize],
            ]);
        } else {
            out.extend_from_slice(&[b'\\', e]);
        }
        start = i;
    }
    out.extend_from_slice(&bytes[start..]);
}

/// A JSON string.
#[inline]
pub(super) fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    contents(out, s);
    out.push(b'"');
}

/// A JSON string, or `null`.
#[inline]
fn opt_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// An unsigned integer.
#[inline]
fn uint(out: &mut Vec<u8>, n: u64) {
    // Most counts are below 100: no call, no copy of a buffer.
    if n < 10 {
        out.push(b'0' + n as u8);
    } else if n < 100 {
        out.extend_from_slice(&[b'0' + (n / 10) as u8, b'0' + (n % 10) as u8]);
    } else {
        big_uint(out, n);
    }
}

/// An unsigned integer of three digits or more (out of line: rare).
#[inline(never)]
fn big_uint(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// A signed integer.
fn int(out: &mut Vec<u8>, n: i64) {
    match u64::try_from(n) {
        Ok(n) => uint(out, n),
        Err(_) => out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes()),
    }
}

/// A float as `serde_json` prints it, or `null` (`None`, NaN, infinite).
#[inline]
fn opt_float(out: &mut Vec<u8>, x: Option<f64>) {
    match x {
        Some(x) if x.is_finite() => {
            out.extend_from_slice(zmij::Buffer::new().format_finite(x).as_bytes())
        }
        _ => out.extend_from_slice(b"null"),
    }
}

/// A key and its integer value: `"key":n` (`key` holds the quotes, the
/// colon and the comma before it when there is one).
#[inline]
fn key_uint(out: &mut Vec<u8>, key: &[u8], n: u64) {
    out.extend_from_slice(key);
    uint(out, n);
}

/// The `snake_case` name `serde` gives a long-cycle reason.
fn long_reason_key(r: LongReason) -> &'static str {
    match r {
        LongReason::Unassigned => "unassigned",
        LongReason::NoParty => "no_party",
        LongReason::TwoOrMoreSteps => "two_or_more_steps",
    }
}

/// Writes one result's `files[]` element (the figures last, when asked
/// and computed).
pub(super) fn file(out: &mut Vec<u8>, r: &FileResult, lang: Lang, figures: bool) {
    let findings = r.findings();
    let (mut errors, mut warnings, mut infos) = (0u64, 0u64, 0u64);
    for f in findings {
        match f.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
            Severity::Info => infos += 1,
        }
    }
    let checked = match &r.outcome {
        Outcome::Checked(e) => Some(&**e),
        _ => None,
    };
    // `Path::display` and `to_string_lossy` replace a non-UTF-8 byte run
    // the same way (one U+FFFD per invalid sequence).
    let path = r.path.to_string_lossy();
    out.extend_from_slice(b"{\"path\":");
    string(out, &path);
    out.extend_from_slice(b",\"portfolio\":");
    match &r.portfolio {
        // `FileResult::name`: `path#sheet`.
        Some(sheet) => {
            out.push(b'"');
            contents(out, &path);
            out.push(b'#');
            contents(out, sheet);
            out.push(b'"');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"status\":\"");
    out.extend_from_slice(r.status().as_str().as_bytes());
    out.extend_from_slice(b"\",\"sheet\":");
    opt_string(out, checked.map(|e| e.portfolio.sheet.as_str()));
    out.extend_from_slice(b",\"organisation\":");
    opt_string(
        out,
        checked.and_then(|e| e.portfolio.organisation.as_deref()),
    );
    key_uint(out, b",\"counts\":{\"error\":", errors);
    key_uint(out, b",\"warning\":", warnings);
    key_uint(out, b",\"info\":", infos);
    out.extend_from_slice(b"},\"findings\":[");
    separated(out, findings, |out, f| {
        finding(out, f, lang);
    });
    out.push(b']');
    match &r.outcome {
        Outcome::Unreadable(e) => {
            out.extend_from_slice(b",\"error\":");
            string(out, &e.kind.describe_in(lang));
        }
        Outcome::NoPortfolio(_) => {}
        Outcome::Checked(e) => {
            let p = &e.portfolio;
            if !p.parts.is_empty() {
                out.extend_from_slice(b",\"sheets\":[");
                string(out, &p.sheet);
                for (s, _) in &p.parts {
                    out.push(b',');
                    string(out, s);
                }
                out.push(b']');
            }
            key_uint(out, b",\"services\":", p.services.len() as u64);
            if figures {
                out.extend_from_slice(b",\"figures\":");
                write_figures(out, &e.figures);
            }
        }
    }
    out.push(b'}');
}

/// One finding.
fn finding(out: &mut Vec<u8>, f: &Finding, lang: Lang) {
    out.extend_from_slice(b"{\"rule\":");
    string(out, f.rule);
    out.extend_from_slice(b",\"severity\":\"");
    out.extend_from_slice(f.severity.as_str().as_bytes());
    out.extend_from_slice(b"\",\"sheet\":");
    opt_string(out, f.sheet.as_deref());
    out.extend_from_slice(b",\"cell\":");
    opt_string(out, f.cell.as_deref());
    out.extend_from_slice(b",\"service\":");
    opt_string(out, f.service.as_deref());
    out.extend_from_slice(b",\"message\":");
    string(out, f.message(lang));
    out.extend_from_slice(b",\"source\":");
    string(out, f.source_in(lang));
    out.push(b'}');
}

/// [`Figures`] as its `Serialize` derive writes it.
pub(super) fn write_figures(out: &mut Vec<u8>, f: &Figures) {
    out.extend_from_slice(b"{\"assessment_date\":");
    opt_string(out, f.assessment_date.as_deref());
    out.extend_from_slice(b",\"overall\":{");
    stats(out, &f.overall, false);
    out.extend_from_slice(b"},\"categories\":[");
    separated(out, &f.categories, |out, c| {
        out.extend_from_slice(b"{\"id\":");
        string(out, &c.id);
        out.extend_from_slice(b",\"name\":");
        string(out, &c.name);
        out.extend_from_slice(b",\"phase\":\"");
        out.extend_from_slice(c.phase.key().as_bytes());
        out.push(b'"');
        stats(out, &c.stats, true);
        out.push(b'}');
    });
    out.extend_from_slice(b"],\"own\":{");
    stats(out, &f.own, false);
    out.extend_from_slice(b"},\"assignments\":[");
    separated(out, &f.assignments, |out, a| {
        out.extend_from_slice(b"{\"assignment\":\"");
        out.extend_from_slice(a.assignment.as_str().as_bytes());
        out.push(b'"');
        stats(out, &a.stats, true);
        out.push(b'}');
    });
    out.extend_from_slice(b"],\"phases\":[");
    separated(out, &f.phases, |out, p| {
        out.extend_from_slice(b"{\"phase\":\"");
        out.extend_from_slice(p.phase.key().as_bytes());
        out.extend_from_slice(b"\",\"categories\":");
        string(out, &p.categories);
        stats(out, &p.stats, true);
        out.push(b'}');
    });
    out.extend_from_slice(b"],\"priorities\":[");
    separated(out, &f.priorities, priority);
    out.extend_from_slice(b"]}");
}

/// The fields of [`Stats`] (no braces; `after`: they follow other fields,
/// as when flattened into a category, type or phase).
fn stats(out: &mut Vec<u8>, s: &Stats, after: bool) {
    if after {
        out.push(b',');
    }
    key_uint(out, b"\"listed\":", s.listed.into());
    key_uint(out, b",\"selected\":", s.selected.into());
    key_uint(out, b",\"scored\":", s.scored.into());
    out.extend_from_slice(b",\"levels\":");
    levels(out, &s.levels);
    out.extend_from_slice(b",\"assignments\":");
    assignments(out, &s.assignments);
    out.extend_from_slice(b",\"mean_as_is\":");
    opt_float(out, s.mean_as_is);
    out.extend_from_slice(b",\"mean_to_be\":");
    opt_float(out, s.mean_to_be);
    out.extend_from_slice(b",\"mean_gap\":");
    opt_float(out, s.mean_gap);
    out.extend_from_slice(b",\"achievement\":");
    opt_float(out, s.achievement);
    key_uint(out, b",\"sum_as_is\":", s.sum_as_is.into());
    key_uint(out, b",\"sum_to_be\":", s.sum_to_be.into());
}

/// [`LevelCounts`].
fn levels(out: &mut Vec<u8>, l: &LevelCounts) {
    counts(
        out,
        &[
            (b"Basic", l.basic),
            (b"Standard", l.standard),
            (b"Advanced", l.advanced),
            (b"Optional", l.optional),
            (b"Unnecessary", l.unnecessary),
        ],
    );
}

/// [`AssignmentCounts`].
fn assignments(out: &mut Vec<u8>, a: &AssignmentCounts) {
    counts(
        out,
        &[
            (b"Insourcing", a.insourcing),
            (b"Outsourcing", a.outsourcing),
            (b"Combination", a.combination),
            (b"Unassigned", a.unassigned),
        ],
    );
}

/// The items written one after another, separated by commas.
fn separated<T>(out: &mut Vec<u8>, items: &[T], mut write: impl FnMut(&mut Vec<u8>, &T)) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(out, item);
    }
}

/// An object of counts, `{"key":n,…}`, in the order given.
fn counts(out: &mut Vec<u8>, pairs: &[(&[u8], u32)]) {
    for (i, (key, n)) in pairs.iter().enumerate() {
        out.push(if i == 0 { b'{' } else { b',' });
        out.push(b'"');
        out.extend_from_slice(key);
        out.extend_from_slice(b"\":");
        uint(out, (*n).into());
    }
    out.push(b'}');
}

/// One [`Priority`].
fn priority(out: &mut Vec<u8>, p: &Priority) {
    key_uint(out, b"{\"rank\":", p.rank.into());
    out.extend_from_slice(b",\"service\":");
    string(out, &p.service);
    out.extend_from_slice(b",\"level\":");
    opt_string(out, p.level.map(|l| l.as_str()));
    out.extend_from_slice(b",\"assignment\":");
    opt_string(out, p.assignment.map(|a| a.as_str()));
    key_uint(out, b",\"as_is\":", p.as_is.into());
    key_uint(out, b",\"to_be\":", p.to_be.into());
    out.extend_from_slice(b",\"gap\":");
    int(out, p.gap.into());
    out.extend_from_slice(b",\"cycle\":\"");
    out.extend_from_slice(p.cycle.as_str().as_bytes());
    out.extend_from_slice(b"\",\"long_reason\":");
    opt_string(out, p.long_reason.map(long_reason_key));
    out.push(b'}');
}
