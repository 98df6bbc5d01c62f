//! `multipart/form-data` bodies (RFC 7578), held in memory: the body is
//! already bounded by the per-request limit when it gets here.

use memchr::memmem;

/// One uploaded file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// The file's name as the client gave it, reduced to its last path
    /// component (`upload` when none).
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Why a body is not a usable form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    /// Not `multipart/form-data`, or no boundary.
    #[error("send the files as multipart/form-data (one or more `file` fields)")]
    NotMultipart,
    /// The parts cannot be separated.
    #[error("the multipart body is malformed ({0})")]
    Malformed(&'static str),
}

/// The boundary of a `multipart/form-data` content type.
///
/// ```
/// use x1060::serve::multipart::boundary;
/// assert_eq!(boundary("multipart/form-data; boundary=\"ab c\"").as_deref(), Some("ab c"));
/// assert_eq!(boundary("text/plain"), None);
/// ```
pub fn boundary(content_type: &str) -> Option<String> {
    let mut parts = content_type.split(';');
    let kind = parts.next()?.trim();
    if !kind.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        if !k.trim().eq_ignore_ascii_case("boundary") {
            return None;
        }
        let v = v.trim().trim_matches('"');
        (!v.is_empty() && v.len() <= 200).then(|| v.to_string())
    })
}

/// The files of the form fields named `field`, in order. Other fields are
/// ignored.
pub fn files(content_type: &str, body: &[u8], field: &str) -> Result<Vec<Upload>, FormError> {
    let boundary = boundary(content_type).ok_or(FormError::NotMultipart)?;
    let delimiter = format!("--{boundary}");
    let next = format!("\r\n--{boundary}");
    let first = memmem::find(body, delimiter.as_bytes())
        .ok_or(FormError::Malformed("no boundary in the body"))?;
    let finder = memmem::Finder::new(next.as_bytes());
    let mut at = first + delimiter.len();
    let mut out = Vec::new();
    loop {
        let rest = &body[at..];
        if rest.starts_with(b"--") {
            return Ok(out);
        }
        let rest = rest.strip_prefix(b"\r\n").ok_or(FormError::Malformed(
            "a boundary is not followed by a line break",
        ))?;
        let head_end = memmem::find(rest, b"\r\n\r\n")
            .ok_or(FormError::Malformed("a part has no end of headers"))?;
        let head = String::from_utf8_lossy(&rest[..head_end]);
        let content = &rest[head_end + 4..];
        let end = finder
            .find(content)
            .ok_or(FormError::Malformed("the last boundary is missing"))?;
        if let Some((name, filename)) = disposition(&head)
            && name == field
        {
            out.push(Upload {
                name: clean_name(filename.as_deref().unwrap_or("")),
                bytes: content[..end].to_vec(),
            });
        }
        at = body.len() - content.len() + end + next.len();
    }
}

/// The `name` and `filename` of a part's `Content-Disposition: form-data`.
fn disposition(head: &str) -> Option<(String, Option<String>)> {
    let line = head.lines().find(|l| {
        l.split(':')
            .next()
            .is_some_and(|n| n.trim().eq_ignore_ascii_case("content-disposition"))
    })?;
    let value = line.split_once(':')?.1;
    let mut name = None;
    let mut filename = None;
    for p in split_params(value) {
        if let Some((k, v)) = p.split_once('=') {
            let v = v.trim().trim_matches('"').to_string();
            match k.trim().to_ascii_lowercase().as_str() {
                "name" => name = Some(v),
                "filename" => filename = Some(v),
                _ => {}
            }
        }
    }
    Some((name?, filename))
}

/// Splits `form-data; name="a"; filename="b;c.xlsx"` at the semicolons
/// outside quotes.
fn split_params(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

/// A file name fit to show and to name a download: the last path component
/// (browsers send only that, old ones the whole path), no control
/// characters, at most 200 characters.
///
/// ```
/// use x1060::serve::multipart::clean_name;
/// assert_eq!(clean_name("C:\\Users\\a\\報告.xlsx"), "報告.xlsx");
/// assert_eq!(clean_name("../../etc/x\u{7}.xls"), "x.xls");
/// assert_eq!(clean_name(""), "upload");
/// ```
pub fn clean_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let name: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    let name = name.trim();
    if name.is_empty() || name == "." || name == ".." {
        "upload".into()
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
        let mut b = Vec::new();
        for (name, file, bytes) in parts {
            b.extend_from_slice(b"--XyZ\r\n");
            let f = file
                .map(|f| format!("; filename=\"{f}\""))
                .unwrap_or_default();
            b.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"{f}\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            );
            b.extend_from_slice(bytes);
            b.extend_from_slice(b"\r\n");
        }
        b.extend_from_slice(b"--XyZ--\r\n");
        b
    }

    const CT: &str = "multipart/form-data; boundary=XyZ";

    #[test]
    fn several_files_and_other_fields() {
        let b = body(&[
            ("file", Some("a;1.xlsx"), b"PK\x03\x04\r\n--Xy"),
            ("lang", None, b"ja"),
            ("file", Some("dir/b.xls"), b""),
        ]);
        let f = files(CT, &b, "file").unwrap();
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].name, "a;1.xlsx");
        assert_eq!(f[0].bytes, b"PK\x03\x04\r\n--Xy");
        assert_eq!(f[1].name, "b.xls");
        assert!(f[1].bytes.is_empty());
    }

    #[test]
    fn refuses_what_is_not_a_form() {
        assert_eq!(
            files("text/plain", b"x", "file"),
            Err(FormError::NotMultipart)
        );
        assert!(matches!(
            files(CT, b"no boundary", "file"),
            Err(FormError::Malformed(_))
        ));
        let cut = &body(&[("file", Some("a"), b"data")])[..30];
        assert!(matches!(
            files(CT, cut, "file"),
            Err(FormError::Malformed(_))
        ));
    }
}
