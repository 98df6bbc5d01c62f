//! The scanner the fast path reads parts with: tags, text and attributes,
//! declining on whatever calamine's reader would read differently.

use super::*;

/// Attributes as written (`key="value" ...`), scanned as calamine's
/// `RawAttrIter` scans them.
pub(super) fn raw_attr_list(raw: &str) -> Result<Vec<(&str, &str)>, Declined> {
    RawAttrs { raw, pos: 0 }.collect()
}

/// calamine's `RawAttrIter`: `(key, value)` pairs, undecoded.
struct RawAttrs<'a> {
    raw: &'a str,
    pos: usize,
}

impl<'a> Iterator for RawAttrs<'a> {
    type Item = Result<(&'a str, &'a str), Declined>;

    fn next(&mut self) -> Option<Self::Item> {
        let (raw, bytes) = (self.raw, self.raw.as_bytes());
        let mut pos = self.pos;
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= bytes.len() {
            return None;
        }
        // Whatever goes wrong, the scan stops after it.
        self.pos = bytes.len();
        let key_start = pos;
        while pos < bytes.len() && bytes[pos] != b'=' {
            pos += 1;
        }
        if pos >= bytes.len() {
            return Some(Err(Declined));
        }
        let key = raw[key_start..pos].trim_ascii_end();
        pos += 1;
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let quote = match bytes.get(pos) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => return Some(Err(Declined)),
        };
        pos += 1;
        let start = pos;
        while pos < bytes.len() && bytes[pos] != quote {
            pos += 1;
        }
        self.pos = (pos + 1).min(bytes.len());
        Some(Ok((key, &raw[start..pos])))
    }
}

/// `a == b` for the short keys of attributes, without a call to `memcmp`.
fn same_ascii(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// Text with an Excel `_xHHHH_` escape is left to calamine.
pub(super) fn no_excel_escape(s: String) -> Result<String, Declined> {
    if memchr::memchr_iter(b'_', s.as_bytes()).any(|i| s.as_bytes().get(i + 1) == Some(&b'x')) {
        Err(Declined)
    } else {
        Ok(s)
    }
}

/// A tag as the scanner read it.
pub(super) enum Tag<'b> {
    /// `<name attrs>` or, with `empty`, `<name attrs/>`.
    Start {
        name: &'b str,
        attrs: &'b str,
        empty: bool,
    },
    /// `</name>`.
    End(&'b str),
}

/// A position in a worksheet's text.
pub(super) struct Scanner<'b> {
    s: &'b str,
    pos: usize,
}

impl<'b> Scanner<'b> {
    /// A scanner of a whole part, past its byte order mark and its XML
    /// declaration.
    pub(super) fn past_declaration(xml: &'b [u8]) -> Result<Scanner<'b>, Declined> {
        let s = std::str::from_utf8(xml).map_err(|_| Declined)?;
        let s = s.strip_prefix('\u{feff}').unwrap_or(s);
        let pos = match s.trim_start().strip_prefix("<?xml") {
            Some(rest) => s.len() - rest.len() + rest.find("?>").ok_or(Declined)? + 2,
            None => 0,
        };
        Ok(Scanner { s, pos })
    }

    /// The text up to the next tag (`Declined` at the end of the part).
    fn text(&mut self) -> Result<&'b str, Declined> {
        let rest = &self.s.as_bytes()[self.pos..];
        // Between the tags of a sheet there is mostly no text at all.
        if rest.first() == Some(&b'<') {
            return Ok("");
        }
        let n = memchr::memchr(b'<', rest).ok_or(Declined)?;
        let text = &self.s[self.pos..self.pos + n];
        self.pos += n;
        Ok(text)
    }

    /// The next tag, the text before it skipped (it must hold no reference:
    /// an unknown one would make calamine's reader fail).
    pub(super) fn tag(&mut self) -> Result<Tag<'b>, Declined> {
        if self.text()?.contains('&') {
            return Err(Declined);
        }
        self.tag_here()
    }

    /// [`Scanner::tag`], or `None` at the end of the part.
    pub(super) fn tag_or_end(&mut self) -> Result<Option<Tag<'b>>, Declined> {
        if memchr::memchr(b'<', &self.s.as_bytes()[self.pos..]).is_none() {
            return Ok(None);
        }
        self.tag().map(Some)
    }

    /// The tag at the current position (a `<`).
    fn tag_here(&mut self) -> Result<Tag<'b>, Declined> {
        // Tags are short: plain byte loops cost less here than `memchr`'s
        // set-up, and every delimiter looked for is ASCII.
        let b = self.s.as_bytes();
        let start = self.pos + 1;
        match b.get(start) {
            Some(b'/') => {
                let mut i = start + 1;
                while i < b.len() && b[i] != b'>' {
                    i += 1;
                }
                if i >= b.len() {
                    return Err(Declined);
                }
                let name = self.s[start + 1..i].trim_ascii_end();
                self.pos = i + 1;
                Ok(Tag::End(plain_name(name)?))
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let mut i = start;
                while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>') {
                    i += 1;
                }
                let name_end = i;
                // The first `>` outside quotes ends the tag.
                let mut quote = 0u8;
                while i < b.len() {
                    let c = b[i];
                    if quote != 0 {
                        if c == quote {
                            quote = 0;
                        }
                    } else if c == b'>' {
                        break;
                    } else if c == b'"' || c == b'\'' {
                        quote = c;
                    }
                    i += 1;
                }
                if i >= b.len() {
                    return Err(Declined);
                }
                self.pos = i + 1;
                let empty = b[i - 1] == b'/' && i > name_end;
                let attrs_end = if empty { i - 1 } else { i };
                Ok(Tag::Start {
                    name: plain_name(&self.s[start..name_end])?,
                    attrs: &self.s[name_end..attrs_end],
                    empty,
                })
            }
            // Comments, CDATA, declarations, processing instructions.
            _ => Err(Declined),
        }
    }

    /// The text of an element up to its end tag `</name>`, references
    /// resolved; `Declined` if another tag comes first.
    pub(super) fn text_to_end(
        &mut self,
        name: &str,
    ) -> Result<std::borrow::Cow<'b, str>, Declined> {
        let raw = self.text()?;
        match self.tag_here()? {
            Tag::End(n) if n == name => text_content(raw),
            _ => Err(Declined),
        }
    }
}

/// A tag name without a namespace prefix (prefixed ones are declined).
fn plain_name(name: &str) -> Result<&str, Declined> {
    if name.is_empty() || name.bytes().any(|c| c == b':' || c.is_ascii_whitespace()) {
        return Err(Declined);
    }
    Ok(name)
}

/// Text content with the five predefined references resolved. Carriage
/// returns (which XML turns into line feeds) and character references are
/// declined.
fn text_content(raw: &str) -> Result<std::borrow::Cow<'_, str>, Declined> {
    if raw.contains('\r') {
        return Err(Declined);
    }
    if !raw.contains('&') {
        return Ok(std::borrow::Cow::Borrowed(raw));
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(';').ok_or(Declined)? + at;
        out.push_str(resolve_xml_entity(&rest[at + 1..end]).ok_or(Declined)?);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(std::borrow::Cow::Owned(out))
}

/// The values of these attributes of a scanned tag, each `None` when
/// absent; `Declined` when one is written twice or an attribute is
/// malformed.
pub(super) fn pick<'a, const N: usize>(
    attrs: &'a str,
    keys: [&str; N],
) -> Result<[Option<&'a str>; N], Declined> {
    let mut found = [None; N];
    for item in (RawAttrs { raw: attrs, pos: 0 }) {
        let (k, v) = item?;
        if let Some(i) = keys.iter().position(|key| same_ascii(key, k))
            && found[i].replace(v).is_some()
        {
            return Err(Declined);
        }
    }
    Ok(found)
}

/// A string item (`<si>`, `<is>`): its `<t>` texts joined, phonetic runs
/// (`<rPh>`) left out, each text trimmed unless `xml:space="preserve"` —
/// calamine's `read_string_with_bufs`.
pub(super) fn scan_string(scan: &mut Scanner<'_>, closing: &str) -> Result<String, Declined> {
    let mut rich: Option<String> = None;
    let mut phonetic = false;
    loop {
        match scan.tag()? {
            Tag::Start { name: "r", .. } if rich.is_none() => rich = Some(String::new()),
            Tag::Start {
                name: "rPh", empty, ..
            } => phonetic = !empty,
            Tag::End(name) if name == closing => return Ok(rich.unwrap_or_default()),
            Tag::End("rPh") => phonetic = false,
            Tag::Start {
                name: "t",
                attrs,
                empty,
            } if !phonetic => {
                let preserve = pick(attrs, ["xml:space"])? == [Some("preserve")];
                let text = if empty {
                    std::borrow::Cow::Borrowed("")
                } else {
                    scan.text_to_end("t")?
                };
                let text = if preserve {
                    text.into_owned()
                } else {
                    text.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
                        .to_string()
                };
                let text = no_excel_escape(text)?;
                match &mut rich {
                    Some(s) => s.push_str(&text),
                    None => rich = Some(text),
                }
            }
            _ => {}
        }
    }
}
