//! Where a report goes: an output file written atomically, standard
//! output, and the [`Sink`] every report format implements.

use std::fs::File;
use std::io::{BufWriter, Write};

use crate::write::{Result, WriteError};

use super::{ReportRow, Totals};
pub use crate::write::output::AtomicOut;

/// Where a report goes, one row at a time.
pub trait Sink {
    /// Writes one file's row.
    fn row(&mut self, r: &ReportRow) -> Result<()>;
    /// Writes the end (totals) and closes the output.
    fn finish(self: Box<Self>, totals: &Totals) -> Result<()>;
}

/// A text output: standard output, or a file written atomically.
pub enum TextOut {
    /// Standard output.
    Stdout(BufWriter<std::io::Stdout>),
    /// A file.
    File(BufWriter<File>, AtomicOut),
}

impl TextOut {
    /// Standard output.
    pub fn stdout() -> TextOut {
        TextOut::Stdout(BufWriter::new(std::io::stdout()))
    }

    /// A file, through `target`.
    pub fn file(mut target: AtomicOut) -> Result<TextOut> {
        let f = target
            .file()
            .try_clone()
            .map_err(|e| WriteError::io(target.path(), "cannot write", e))?;
        Ok(TextOut::File(BufWriter::new(f), target))
    }

    pub(super) fn writer(&mut self) -> &mut dyn Write {
        match self {
            TextOut::Stdout(w) => w,
            TextOut::File(w, _) => w,
        }
    }

    pub(super) fn close(self) -> Result<()> {
        match self {
            TextOut::Stdout(mut w) => {
                w.flush().ok();
                Ok(())
            }
            TextOut::File(mut w, target) => {
                w.flush()
                    .map_err(|e| WriteError::io(target.path(), "cannot write", e))?;
                drop(w);
                target.commit()
            }
        }
    }
}
