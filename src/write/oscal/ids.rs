//! Identifiers of the OSCAL documents: content-derived UUIDs (v5), OSCAL
//! tokens, SHA-256 digests, and percent-encoded file names for `href`s.
//!
//! Every UUID is a version 5 UUID of a fixed namespace and a name built
//! from the content (the workbook's SHA-256 and the element's place), so the
//! same workbook always gives the same document, byte for byte.

use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The namespace of every x1060 UUID: itself the v5 UUID of
/// `urn:x1060:oscal` in the URL namespace, so it is stable and documented
/// rather than a random constant.
pub fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:x1060:oscal")
}

/// The v5 UUID of a name (`"ar:<sha256>:finding:3"`), as OSCAL writes it.
///
/// ```
/// use x1060::write::oscal::ids::uuid_of;
/// let a = uuid_of("catalog:en");
/// assert_eq!(a, uuid_of("catalog:en"));
/// assert_ne!(a, uuid_of("catalog:ja"));
/// assert_eq!(&a[14..15], "5"); // version 5
/// ```
pub fn uuid_of(name: &str) -> String {
    Uuid::new_v5(&namespace(), name.as_bytes()).to_string()
}

/// The SHA-256 of some bytes, lower-case hex.
///
/// ```
/// assert_eq!(
///     x1060::write::oscal::ids::sha256_hex(b"abc"),
///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// );
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// True when `s` matches OSCAL's token pattern
/// `^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$` (an XML NCName). `char::is_alphabetic`
/// stands for `\p{L}`; it also accepts a few combining marks, which service
/// IDs (always letter, dash, digits once read) never hold.
///
/// ```
/// use x1060::write::oscal::ids::is_token;
/// assert!(is_token("A-1"));
/// assert!(is_token("独自-1"));
/// assert!(!is_token("1-A"));
/// assert!(!is_token("A 1"));
/// ```
pub fn is_token(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_alphabetic() || c.is_numeric() || matches!(c, '.' | '-' | '_'))
}

/// A service ID as an OSCAL token. X.1060 IDs (`A-1`) are tokens already and
/// come back unchanged; an organisation's own ID that is not one (`1-A`,
/// `Z 1`) gets every character outside the pattern replaced by `_` and a
/// leading `_` when it starts with no letter, so it stays recognisable.
///
/// ```
/// use x1060::write::oscal::ids::token;
/// assert_eq!(token("A-1"), "A-1");
/// assert_eq!(token("1-A"), "_1-A");
/// assert_eq!(token("Z 1"), "Z_1");
/// assert_eq!(token(""), "_");
/// ```
pub fn token(s: &str) -> String {
    if is_token(s) {
        return s.to_string();
    }
    let body: String = s
        .chars()
        .map(|c| {
            if c.is_alphabetic() || c.is_numeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if body.chars().next().is_some_and(char::is_alphabetic) || body.starts_with('_') {
        body
    } else {
        format!("_{body}")
    }
}

/// A file name as a relative URI reference: RFC 3986 unreserved characters
/// kept, everything else (spaces, Japanese, `#`) percent-encoded as UTF-8.
///
/// ```
/// use x1060::write::oscal::ids::uri_segment;
/// assert_eq!(uri_segment("sample-ja.xlsx"), "sample-ja.xlsx");
/// assert_eq!(uri_segment("a b#.xlsx"), "a%20b%23.xlsx");
/// assert_eq!(uri_segment("表.xlsx"), "%E8%A1%A8.xlsx");
/// ```
pub fn uri_segment(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
