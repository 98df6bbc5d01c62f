//! The assessment date from the document properties (RULES.md → What is
//! computed): a custom property named like a date label (評価日, 作成日,
//! 更新日, 記入日, Assessment date, Date …) — `docProps/custom.xml` of an
//! `.xlsx` / `.xlsm`, `<meta:user-defined>` in an `.ods`'s `meta.xml`.
//!
//! A date cell above the table wins over a property. The core properties
//! (`dcterms:created`, `dcterms:modified`) do not count: the program sets
//! them when the file is saved, the person never states them, so they say
//! when the file was written, not when the assessment was made. `.xls`
//! keeps its properties in an OLE property set that calamine does not
//! read; it is not looked at.
//!
//! Cost: the reader keeps the part's bytes only when the package has it
//! (and, for `.ods`, only when `meta.xml` holds a user-defined property);
//! they are parsed only when no date cell was found.

use quick_xml::events::Event;

use crate::read::package::attribute;

use crate::text::fold;
use crate::words::words;

/// A document-properties part kept by the reader, unparsed.
#[derive(Clone)]
pub enum Source {
    /// `docProps/custom.xml` of an `.xlsx` / `.xlsm`.
    Custom(Vec<u8>),
    /// `meta.xml` of an `.ods`.
    OdsMeta(Vec<u8>),
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Custom(b) => write!(f, "Source::Custom({} bytes)", b.len()),
            Source::OdsMeta(b) => write!(f, "Source::OdsMeta({} bytes)", b.len()),
        }
    }
}

impl Source {
    /// The part to keep from an `.xlsx` package, if it has one.
    pub fn of_xlsx(custom: Option<&[u8]>) -> Option<Source> {
        custom.map(|b| Source::Custom(b.to_vec()))
    }

    /// The part to keep from an `.ods` package: its `meta.xml`, when that
    /// holds a user-defined property at all (a byte search).
    pub fn of_ods(meta: Option<&[u8]>) -> Option<Source> {
        meta.filter(|m| memchr::memmem::find(m, b"user-defined").is_some())
            .map(|b| Source::OdsMeta(b.to_vec()))
    }

    /// The assessment date the properties state, as ISO 8601 `2025-04-01`:
    /// the first property, in document order, whose name is a date label
    /// and whose value reads as a date.
    ///
    /// ```
    /// use x1060::read::props::Source;
    /// let xml = r#"<Properties><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="評価日"><vt:filetime>2025-04-01T00:00:00Z</vt:filetime></property></Properties>"#;
    /// assert_eq!(Source::Custom(xml.as_bytes().to_vec()).assessment_date().as_deref(), Some("2025-04-01"));
    /// ```
    pub fn assessment_date(&self) -> Option<String> {
        let (bytes, element, name_key) = match self {
            Source::Custom(b) => (b, "property", "name"),
            Source::OdsMeta(b) => (b, "meta:user-defined", "meta:name"),
        };
        let labels = &words().labels.date;
        properties(bytes, element, name_key)
            .into_iter()
            .filter(|(name, _)| labels.iter().any(|l| *l == fold(name).trim()))
            .find_map(|(_, value)| crate::read::rows::iso_of_text(&value))
    }
}

/// (name, value text) of every property element.
fn properties(xml: &[u8], element: &str, name_key: &str) -> Vec<(String, String)> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(Event::Start(e)) if e.name().as_ref() == element => {
                current = Some((attribute(&e, name_key).unwrap_or_default(), String::new()));
            }
            Ok(Event::End(e)) if e.name().as_ref() == element => {
                out.extend(current.take());
            }
            Ok(Event::Text(t)) => {
                if let Some((_, v)) = current.as_mut() {
                    v.push_str(&t.xml10_content());
                }
            }
            Ok(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CUSTOM: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">
<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="部署"><vt:lpwstr>2024/1/1 SOC</vt:lpwstr></property>
<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="Assessment Date"><vt:lpwstr>2025/4/1</vt:lpwstr></property>
</Properties>"#;

    #[test]
    fn a_custom_property_named_like_a_date_label_gives_the_date() {
        let s = Source::of_xlsx(Some(CUSTOM.as_bytes())).unwrap();
        assert_eq!(s.assessment_date().as_deref(), Some("2025-04-01"));
    }

    #[test]
    fn other_properties_and_unreadable_values_give_none() {
        let other = r#"<Properties><property name="Owner"><vt:lpwstr>2025/4/1</vt:lpwstr></property><property name="評価日"><vt:lpwstr>未定</vt:lpwstr></property></Properties>"#;
        assert_eq!(
            Source::Custom(other.as_bytes().to_vec()).assessment_date(),
            None
        );
        assert_eq!(Source::Custom(b"<not xml".to_vec()).assessment_date(), None);
    }

    #[test]
    fn an_ods_user_defined_date_property() {
        let meta = r#"<office:document-meta><office:meta><meta:generator>LibreOffice</meta:generator><meta:creation-date>2020-01-01T00:00:00</meta:creation-date><meta:user-defined meta:name="作成日" meta:value-type="date">2025-04-01</meta:user-defined></office:meta></office:document-meta>"#;
        let s = Source::of_ods(Some(meta.as_bytes())).unwrap();
        assert_eq!(s.assessment_date().as_deref(), Some("2025-04-01"));
        // Without a user-defined property the part is not even kept.
        assert!(
            Source::of_ods(Some(
                b"<office:meta><meta:creation-date>2020-01-01</meta:creation-date></office:meta>"
            ))
            .is_none()
        );
    }
}
