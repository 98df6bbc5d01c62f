//! CSV output shared by `check`, `export` and `report`.

/// Makes a cell safe against formula injection: text beginning with
/// `= + - @` (or a tab / carriage return) gets a leading `'`, so a
/// spreadsheet opening the CSV shows it as text.
///
/// ```
/// use x1060::write::csv_out::safe_cell;
/// assert_eq!(safe_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(safe_cell("-"), "'-");
/// assert_eq!(safe_cell("A-1"), "A-1");
/// ```
pub fn safe_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// A CSV writer over any output, with every field passed through [`safe_cell`].
pub struct SafeCsv<W: std::io::Write> {
    inner: csv::Writer<W>,
}

impl<W: std::io::Write> SafeCsv<W> {
    /// Wraps an output.
    pub fn new(w: W) -> Self {
        SafeCsv {
            inner: csv::Writer::from_writer(w),
        }
    }

    /// Writes one record.
    pub fn row<I, S>(&mut self, fields: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.inner
            .write_record(fields.into_iter().map(|f| safe_cell(f.as_ref())))
    }

    /// Flushes and returns the output.
    pub fn finish(self) -> crate::write::Result<W> {
        self.inner
            .into_inner()
            .map_err(|e| crate::write::WriteError::Csv(e.error().to_string()))
    }
}
