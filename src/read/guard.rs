//! Limits enforced before a workbook is parsed.
//!
//! - A zip is inflated here, by a reader that counts what it inflates and
//!   stops one byte past the size the entry's header declares (a declared
//!   size past the limit is refused before anything is inflated; an entry
//!   that inflates past its declared size is refused as crafted, so no header
//!   can make more than the limit come out), and handed on re-packed without
//!   compression, so the parser reads only bytes that have already been
//!   counted ([`inflate`]).
//! - An `.ods` or `.xls` is read by calamine into whole-sheet ranges, dense
//!   from the first used cell to the last: a repeat count or one far-away cell
//!   makes a tiny file ask for gigabytes. [`check_ods`] and [`check_xls`] work
//!   out, from the file, the cells calamine would build, and refuse before it
//!   builds them ([`Limits::max_cells`]).

use std::io::{Cursor, Read};

use zip::ZipArchive;

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
    /// Cells the parser may build for one `.xls` or `.ods` workbook, all
    /// sheets together (it builds each sheet densely, empty cells included,
    /// about 60 bytes a cell).
    pub max_cells: u64,
    /// How the person using the program raises these limits, named in a
    /// too-large error (`--max-size MB` on the command line); `None` in a
    /// library, whose error then just says to raise the limit.
    pub raise_with: Option<&'static str>,
}

/// [`Limits::max_cells`] by default: ~240 MB of calamine cells at most.
const DEFAULT_MAX_CELLS: u64 = 4_000_000;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 50 * 1024 * 1024,
            max_inflated_bytes: 200 * 1024 * 1024,
            max_entry_bytes: 200 * 1024 * 1024,
            max_entries: 10_000,
            max_rows: 100_000,
            max_cols: 1_024,
            max_cells: DEFAULT_MAX_CELLS,
            raise_with: None,
        }
    }
}

impl Limits {
    /// The limits with the file size set to `mb` megabytes and the inflated
    /// size scaled with it (four times the file size, at least 200 MB), and
    /// the cell limit in proportion (at least the default).
    ///
    /// ```
    /// let l = x1060::read::Limits::with_max_size_mb(100);
    /// assert_eq!(l.max_file_bytes, 100 * 1024 * 1024);
    /// assert_eq!(l.max_inflated_bytes, 400 * 1024 * 1024);
    /// assert_eq!(l.max_cells, 8_000_000);
    /// ```
    pub fn with_max_size_mb(mb: u64) -> Limits {
        let file = mb.saturating_mul(1024 * 1024);
        let inflated = file.saturating_mul(4).max(200 * 1024 * 1024);
        Limits {
            max_file_bytes: file,
            max_inflated_bytes: inflated,
            max_entry_bytes: inflated,
            max_cells: DEFAULT_MAX_CELLS.max(mb.saturating_mul(DEFAULT_MAX_CELLS) / 50),
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

    /// Re-packs the entries without compression, for the parser, freeing
    /// each entry once it is written (so the workbook is held once, not
    /// twice).
    pub fn into_stored_zip(self) -> Result<Vec<u8>, ReadErrorKind> {
        let total = self.packed_size();
        write_stored(self.0, total, &mut Vec::new())
    }

    /// [`Entries::into_stored_zip`], also saying where each entry's bytes
    /// lie in the result (so a part can be read in place, not copied).
    pub fn into_stored_zip_with_parts(self) -> Result<StoredZip, ReadErrorKind> {
        let total = self.packed_size();
        let mut parts = Vec::with_capacity(self.0.len());
        let bytes = write_stored(self.0, total, &mut parts)?;
        Ok(StoredZip { bytes, parts })
    }

    /// Re-packs the entries without compression, for the parser, keeping them.
    pub fn stored_zip(&self) -> Result<Vec<u8>, ReadErrorKind> {
        write_stored(
            self.0.iter().map(|(n, b)| (n, b)),
            self.packed_size(),
            &mut Vec::new(),
        )
    }

    /// About the size of the stored zip: the entries and their headers.
    fn packed_size(&self) -> usize {
        self.0
            .iter()
            .map(|(n, b)| b.len() + 2 * n.len() + 128)
            .sum()
    }
}

/// A stored zip and where each entry's bytes lie in it.
pub struct StoredZip {
    /// The archive.
    pub bytes: Vec<u8>,
    /// Each entry's name and the range of its bytes, in archive order.
    pub parts: Vec<(String, std::ops::Range<usize>)>,
}

/// Writes entries into a zip without compression (what the parser reads);
/// each entry is dropped once written when the iterator owns them.
///
/// Written here rather than with `zip::ZipWriter`, which costs several times
/// as much for this one simple case (it was a stage of its own in the
/// profile): a local header and the bytes per entry, then the central
/// directory. Sizes past 4 GB (Zip64) are refused; the default limits stay
/// far below.
fn write_stored<N: AsRef<str>, B: AsRef<[u8]>>(
    entries: impl IntoIterator<Item = (N, B)>,
    total: usize,
    parts: &mut Vec<(String, std::ops::Range<usize>)>,
) -> Result<Vec<u8>, ReadErrorKind> {
    let too_large = || ReadErrorKind::too_large("the workbook inflates past 4 GB".to_string());
    let mut out = Vec::with_capacity(total + 64);
    let mut directory = Vec::new();
    let mut count: u16 = 0;
    for (name, bytes) in entries {
        let (name, bytes) = (name.as_ref(), bytes.as_ref());
        if name.ends_with('/') {
            continue;
        }
        let offset = u32::try_from(out.len()).map_err(|_| too_large())?;
        let size = u32::try_from(bytes.len()).map_err(|_| too_large())?;
        let name_len = u16::try_from(name.len()).map_err(|_| too_large())?;
        count = count.checked_add(1).ok_or_else(too_large)?;
        let head = StoredHeader {
            crc: crc32fast::hash(bytes),
            size,
            name_len,
            // Bit 11: the name is UTF-8.
            flags: if name.is_ascii() { 0 } else { 0x0800 },
        };
        head.write_local(&mut out);
        out.extend_from_slice(name.as_bytes());
        parts.push((name.to_string(), out.len()..out.len() + bytes.len()));
        out.extend_from_slice(bytes);
        head.write_central(&mut directory, offset);
        directory.extend_from_slice(name.as_bytes());
    }
    let directory_at = u32::try_from(out.len()).map_err(|_| too_large())?;
    let directory_len = u32::try_from(directory.len()).map_err(|_| too_large())?;
    out.extend_from_slice(&directory);
    // End of central directory: one disk, no comment.
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&directory_len.to_le_bytes());
    out.extend_from_slice(&directory_at.to_le_bytes());
    out.extend_from_slice(&[0; 2]);
    Ok(out)
}

/// The fields a stored entry's local and central headers share.
struct StoredHeader {
    crc: u32,
    size: u32,
    name_len: u16,
    flags: u16,
}

impl StoredHeader {
    /// Version needed 1.0, the flags, method 0 (stored), a zero DOS time and
    /// date, the CRC and the sizes (compressed = uncompressed), the name length.
    fn write_common(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&10u16.to_le_bytes());
        out.extend_from_slice(&self.flags.to_le_bytes());
        out.extend_from_slice(&[0; 6]);
        out.extend_from_slice(&self.crc.to_le_bytes());
        out.extend_from_slice(&self.size.to_le_bytes());
        out.extend_from_slice(&self.size.to_le_bytes());
        out.extend_from_slice(&self.name_len.to_le_bytes());
    }

    fn write_local(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        self.write_common(out);
        out.extend_from_slice(&[0; 2]); // extra field length
    }

    fn write_central(&self, out: &mut Vec<u8>, offset: u32) {
        out.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        out.extend_from_slice(&20u16.to_le_bytes()); // made by: 2.0, MS-DOS
        self.write_common(out);
        // Extra and comment lengths, disk, internal and external attributes.
        out.extend_from_slice(&[0; 12]);
        out.extend_from_slice(&offset.to_le_bytes());
    }
}

/// Inflates every entry of a zip held in memory, counting the bytes as they
/// come out and stopping at the first limit passed.
///
/// The entry count is read from the end of the archive before the archive's
/// directory is parsed. An entry whose header declares more than the limit is
/// refused before anything is inflated; the others are inflated through a
/// reader that stops one byte past the declared size, and one that inflates
/// past it is refused as crafted.
pub fn inflate(bytes: &[u8], limits: &Limits) -> Result<Entries, ReadErrorKind> {
    inflate_except(bytes, limits, |_| false)
}

/// True for a part of an `.xlsx` that neither calamine nor the reader ever
/// opens (properties, content types, printer settings, images, custom XML,
/// the calculation chain) and, when `theme` is set, the theme too (calamine
/// reads it only to resolve colours, which the checker never looks at; it
/// falls back to the default Office colours without it).
pub fn unread_xlsx_part(name: &str, theme: bool) -> bool {
    name == "[Content_Types].xml"
        || name == "xl/calcChain.xml"
        // The custom properties may state the assessment date (read/props.rs).
        || (name.starts_with("docProps/") && name != "docProps/custom.xml")
        || [
            "customXml/",
            "xl/printerSettings/",
            "xl/media/",
        ]
        .iter()
        .any(|p| name.starts_with(p))
        || (theme && name.starts_with("xl/theme/"))
}

/// [`inflate`], leaving out the entries `skip` names: they are neither
/// inflated nor kept (an entry never inflated cannot be a bomb; one whose
/// header declares more than the limit is still refused).
#[inline(never)] // a stage of its own in bench/profile.sh's table
pub fn inflate_except(
    bytes: &[u8],
    limits: &Limits,
    skip: impl Fn(&str) -> bool,
) -> Result<Entries, ReadErrorKind> {
    if let Some(n) = declared_entries(bytes)
        && n > limits.max_entries as u64
    {
        return Err(too_many_entries(n, limits));
    }
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
    if zip.len() > limits.max_entries {
        return Err(too_many_entries(zip.len() as u64, limits));
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
        let declared = entry.size();
        if declared > budget {
            return Err(entry_too_large(&name, declared, budget));
        }
        if skip(&name) {
            continue;
        }
        // An entry that inflates past its declared size is refused (crafted),
        // so one byte past it is all that is ever read, into a buffer sized
        // once: growing it by doubling would hold the old and the new buffer
        // at once (the allocator copies large blocks), near twice the entry.
        let mut buf = Vec::with_capacity(declared as usize + 1);
        let read = (&mut entry)
            .take(declared + 1)
            .read_to_end(&mut buf)
            .map_err(|e| io_zip_error(&name, e))? as u64;
        if read > declared {
            return Err(lying_entry(&name));
        }
        if buf.capacity() > 2 * buf.len() + 4096 {
            // A header that declares more than the entry holds.
            buf.shrink_to_fit();
        }
        total += read;
        out.push((name, buf));
    }
    Ok(Entries(out))
}

fn too_many_entries(n: u64, limits: &Limits) -> ReadErrorKind {
    ReadErrorKind::too_large(format!(
        "the zip holds {n} entries (limit {}; a workbook has a few dozen)",
        limits.max_entries
    ))
}

fn entry_too_large(name: &str, size: u64, budget: u64) -> ReadErrorKind {
    let mb = |b: u64| b.div_ceil(1024 * 1024).max(1);
    ReadErrorKind::too_large(format!(
        "zip entry {name} inflates to {} MB or more, past the {} MB left to inflate (a zip bomb, or far larger than any portfolio)",
        mb(size),
        mb(budget)
    ))
}

fn lying_entry(name: &str) -> ReadErrorKind {
    ReadErrorKind::Corrupt(format!(
        "zip entry {name} inflates past the size its header declares: a crafted or damaged zip"
    ))
}

/// The entry count an archive's end-of-central-directory record declares
/// (the Zip64 one when there is one), or `None` when there is no record.
fn declared_entries(bytes: &[u8]) -> Option<u64> {
    let start = bytes.len().saturating_sub(22 + 0xFFFF);
    let pos = start
        + bytes[start..]
            .windows(4)
            .rposition(|w| w == b"PK\x05\x06")?;
    let eocd = bytes.get(pos..pos + 22)?;
    let mut n = u64::from(le16(eocd, 10)?);
    if pos >= 20 && bytes[pos - 20..].starts_with(b"PK\x06\x07") {
        let at = usize::try_from(le64(bytes, pos - 20 + 8)?).ok()?;
        if let Some(rec) = bytes.get(at..at.saturating_add(56))
            && rec.starts_with(b"PK\x06\x06")
        {
            n = n.max(le64(rec, 32)?);
        }
    }
    Some(n)
}

pub(super) fn le16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

pub(super) fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

pub(super) fn le64(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

fn zip_error(e: zip::result::ZipError) -> ReadErrorKind {
    use zip::result::ZipError;
    match e {
        ZipError::UnsupportedArchive(m) if m.to_lowercase().contains("password") => {
            ReadErrorKind::Encrypted
        }
        ZipError::UnsupportedArchive(m) => ReadErrorKind::Corrupt(format!("unsupported zip: {m}")),
        ZipError::InvalidArchive(m) => {
            let lower = m.to_lowercase();
            if lower.contains("eocd") || lower.contains("end of central directory") {
                ReadErrorKind::Truncated("the end of its zip archive is missing".into())
            } else {
                ReadErrorKind::Truncated(m.to_string())
            }
        }
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
    } else if m.contains("declared") {
        lying_entry(name)
    } else {
        ReadErrorKind::Truncated(format!("zip entry {name}: {m}"))
    }
}

/// calamine's own caps on an `.ods` sheet.
const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLS: u64 = 16_384;

/// Refuses an `.ods` whose `content.xml` would make calamine build more
/// than [`Limits::max_cells`] cells.
///
/// calamine keeps every row element as wide as its last non-empty cell,
/// repeated cells written out (`table:number-columns-repeated`), then
/// expands the rows between the first and the last non-empty one
/// (`table:number-rows-repeated`) into one dense range per sheet. This
/// counts both from the XML, with calamine's caps, before calamine runs.
/// Text that is not well-formed XML is left for calamine to report.
pub fn check_ods(content: &[u8], limits: &Limits) -> Result<(), ReadErrorKind> {
    use quick_xml::events::Event;

    #[derive(Default)]
    struct Table {
        name: String,
        /// Cells of the row elements as calamine first stores them.
        stored: u64,
        /// Rows so far, repeats expanded (capped as calamine caps them).
        rows: u64,
        /// First and one-past-last expanded row holding a non-empty cell.
        used_rows: Option<(u64, u64)>,
        /// First and last column holding a non-empty cell.
        used_cols: Option<(u64, u64)>,
    }
    impl Table {
        fn cells(&self) -> u64 {
            let dense = match (self.used_rows, self.used_cols) {
                (Some((r0, r1)), Some((c0, c1))) => (r1 - r0).saturating_mul(c1 + 1 - c0),
                _ => 0,
            };
            // calamine builds the values and the formulas, each this size.
            self.stored.saturating_add(dense).saturating_mul(2)
        }
    }
    // The row being read: its repeat count, next column, non-empty span.
    struct Row {
        repeats: u64,
        col: u64,
        used: Option<(u64, u64)>,
    }

    let mut reader = quick_xml::Reader::from_reader(content);
    let mut total = 0u64;
    let mut table: Option<Table> = None;
    let mut row: Option<Row> = None;
    let check = |total: u64, t: &Table| -> Result<(), ReadErrorKind> {
        if total.saturating_add(t.cells()) > limits.max_cells {
            let (rows, cols) = match (t.used_rows, t.used_cols) {
                (Some((r0, r1)), Some((c0, c1))) => (r1 - r0, c1 + 1 - c0),
                _ => (t.rows, 0),
            };
            return Err(ReadErrorKind::too_large(format!(
                "sheet '{}' of the .ods expands to {rows} rows × {cols} columns or more of repeated cells (limit {} cells for a workbook)",
                t.name, limits.max_cells
            )));
        }
        Ok(())
    };
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(e) => e,
            Err(e) => {
                return Err(ReadErrorKind::Corrupt(format!(
                    "content.xml is not well-formed XML near byte {}: {e}",
                    reader.buffer_position()
                )));
            }
        };
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            match e.name().as_ref() {
                "table:table" => {
                    if let Some(t) = table.take() {
                        total = total.saturating_add(t.cells());
                    }
                    let name = attr(e, "table:name").unwrap_or_default();
                    table = (!empty).then(|| Table {
                        name,
                        ..Table::default()
                    });
                }
                "table:table-row" => {
                    let repeats =
                        attr(e, "table:number-rows-repeated").map_or(1, |v| parse_count(&v));
                    row = Some(Row {
                        repeats,
                        col: 0,
                        used: None,
                    });
                    if empty {
                        end_row(&mut table, row.take());
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    if let Some(r) = row.as_mut() {
                        let repeats =
                            attr(e, "table:number-columns-repeated").map_or(1, |v| parse_count(&v));
                        let first = r.col;
                        r.col = r.col.saturating_add(repeats).min(ODS_MAX_COLS);
                        if has_value(e) && r.col > first {
                            let (c0, _) = r.used.unwrap_or((first, first));
                            r.used = Some((c0.min(first), r.col - 1));
                        }
                    }
                }
                _ => {}
            }
        }
        if let Event::End(e) = &event {
            match e.name().as_ref() {
                "table:table-row" => {
                    end_row(&mut table, row.take());
                    if let Some(t) = &table {
                        check(total, t)?;
                    }
                }
                "table:table" => {
                    if let Some(t) = table.take() {
                        check(total, &t)?;
                        total = total.saturating_add(t.cells());
                    }
                }
                _ => {}
            }
        }
    }
    if let Some(t) = &table {
        check(total, t)?;
    }
    return Ok(());

    fn end_row(table: &mut Option<Table>, row: Option<Row>) {
        let (Some(t), Some(r)) = (table.as_mut(), row) else {
            return;
        };
        let repeats = r.repeats.min(ODS_MAX_ROWS.saturating_sub(t.rows));
        let first = t.rows;
        t.rows += repeats;
        if let Some((c0, c1)) = r.used {
            t.stored = t.stored.saturating_add(c1 + 1);
            let r0 = t.used_rows.map_or(first, |(r0, _)| r0);
            t.used_rows = Some((r0, t.rows.max(first + 1)));
            t.used_cols = Some(match t.used_cols {
                Some((a, b)) => (a.min(c0), b.max(c1)),
                None => (c0, c1),
            });
        }
    }
}

/// An attribute's raw value.
fn attr(e: &quick_xml::events::BytesStart<'_>, key: &str) -> Option<String> {
    let mut attrs = e.attributes();
    attrs
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| a.value.into_owned())
}

/// A repeat count as calamine reads it (a count it cannot read fails there).
fn parse_count(v: &str) -> u64 {
    v.trim().parse::<u64>().unwrap_or(1)
}

/// True when calamine may take the cell as non-empty: it has a value, a
/// value type or a formula (counted generously: a cell of text content with
/// no value type is empty to calamine too).
fn has_value(e: &quick_xml::events::BytesStart<'_>) -> bool {
    let mut attrs = e.attributes();
    attrs.with_checks(false).flatten().any(|a| {
        matches!(
            a.key.as_ref(),
            "office:value"
                | "office:value-type"
                | "office:string-value"
                | "office:date-value"
                | "office:time-value"
                | "office:boolean-value"
                | "table:formula"
                | "calcext:value-type"
        )
    })
}

pub use super::xls_guard::check_xls;
