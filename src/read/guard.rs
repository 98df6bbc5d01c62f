//! Limits enforced before a workbook is parsed: a zip is inflated here, by a
//! reader that counts what it inflates (the sizes in zip headers are never
//! trusted), and handed on re-packed without compression, so the parser reads
//! only bytes that have already been counted.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::ReadErrorKind;

/// Size limits for one input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Most a zip may inflate to, all entries together.
    pub max_inflated_bytes: u64,
    /// Most one zip entry may inflate to.
    pub max_entry_bytes: u64,
    /// Most entries a zip may hold.
    pub max_entries: usize,
    /// Rows read from a sheet; the rest is ignored (and said).
    pub max_rows: u32,
    /// Columns read from a sheet.
    pub max_cols: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 50 * 1024 * 1024,
            max_inflated_bytes: 200 * 1024 * 1024,
            max_entry_bytes: 200 * 1024 * 1024,
            max_entries: 10_000,
            max_rows: 100_000,
            max_cols: 1_024,
        }
    }
}

impl Limits {
    /// The limits with the file size set to `mb` megabytes and the inflated
    /// size scaled with it (four times the file size, at least 200 MB).
    ///
    /// ```
    /// let l = x1060::read::Limits::with_max_size_mb(100);
    /// assert_eq!(l.max_file_bytes, 100 * 1024 * 1024);
    /// assert_eq!(l.max_inflated_bytes, 400 * 1024 * 1024);
    /// ```
    pub fn with_max_size_mb(mb: u64) -> Limits {
        let file = mb.saturating_mul(1024 * 1024);
        let inflated = file.saturating_mul(4).max(200 * 1024 * 1024);
        Limits {
            max_file_bytes: file,
            max_inflated_bytes: inflated,
            max_entry_bytes: inflated,
            ..Limits::default()
        }
    }
}

/// The entries of a zip, inflated within the limits, in archive order.
pub struct Entries(pub Vec<(String, Vec<u8>)>);

impl Entries {
    /// The bytes of an entry.
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.as_slice())
    }

    /// True when the archive has this entry.
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n == name)
    }

    /// Re-packs the entries without compression, for the parser.
    pub fn stored_zip(&self) -> Result<Vec<u8>, ReadErrorKind> {
        let total: usize = self
            .0
            .iter()
            .map(|(n, b)| b.len() + 2 * n.len() + 128)
            .sum();
        let mut w = ZipWriter::new(Cursor::new(Vec::with_capacity(total + 64)));
        let opts = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Stored)
            .large_file(false);
        for (name, bytes) in &self.0 {
            if name.ends_with('/') {
                continue;
            }
            w.start_file(name.as_str(), opts)
                .and_then(|_| w.write_all(bytes).map_err(Into::into))
                .map_err(|e| ReadErrorKind::Corrupt(e.to_string()))?;
        }
        w.finish()
            .map(Cursor::into_inner)
            .map_err(|e| ReadErrorKind::Corrupt(e.to_string()))
    }
}

/// Inflates every entry of a zip held in memory, counting the bytes as they
/// come out and stopping at the first limit passed.
pub fn inflate(bytes: &[u8], limits: &Limits) -> Result<Entries, ReadErrorKind> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
    if zip.len() > limits.max_entries {
        return Err(ReadErrorKind::TooLarge(format!(
            "the zip holds {} entries (limit {})",
            zip.len(),
            limits.max_entries
        )));
    }
    let mut total = 0u64;
    let mut out = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(zip_error)?;
        let name = entry
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| format!("entry {i}"));
        if entry.is_dir() {
            continue;
        }
        let budget = limits
            .max_entry_bytes
            .min(limits.max_inflated_bytes.saturating_sub(total));
        let mut buf = Vec::with_capacity((entry.size().min(budget) as usize).min(1 << 20));
        let read = (&mut entry)
            .take(budget + 1)
            .read_to_end(&mut buf)
            .map_err(|e| io_zip_error(&name, e))?;
        if read as u64 > budget {
            return Err(ReadErrorKind::TooLarge(format!(
                "zip entry {name} inflates past {} MB (a zip bomb, or far larger than any portfolio)",
                budget.div_ceil(1024 * 1024).max(1)
            )));
        }
        total += read as u64;
        out.push((name, buf));
    }
    Ok(Entries(out))
}

fn zip_error(e: zip::result::ZipError) -> ReadErrorKind {
    use zip::result::ZipError;
    match e {
        ZipError::UnsupportedArchive(m) if m.to_lowercase().contains("password") => {
            ReadErrorKind::Encrypted
        }
        ZipError::UnsupportedArchive(m) => ReadErrorKind::Corrupt(format!("unsupported zip: {m}")),
        ZipError::InvalidArchive(m) => ReadErrorKind::Truncated(m.to_string()),
        ZipError::Io(e) => ReadErrorKind::Truncated(e.to_string()),
        other => {
            let m = other.to_string();
            if m.to_lowercase().contains("password") {
                ReadErrorKind::Encrypted
            } else {
                ReadErrorKind::Corrupt(m)
            }
        }
    }
}

fn io_zip_error(name: &str, e: std::io::Error) -> ReadErrorKind {
    let m = e.to_string();
    if m.to_lowercase().contains("password") {
        ReadErrorKind::Encrypted
    } else {
        ReadErrorKind::Truncated(format!("zip entry {name}: {m}"))
    }
}
