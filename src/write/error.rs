//! Why an output could not be written: [`WriteError`], the error of every
//! writer in [`crate::write`].

use std::path::{Path, PathBuf};

/// Why an output could not be written. The message names the output and
/// says what is wrong, not which option of a program changes it: the
/// command line adds that (`add --force to replace it`); the
/// cause (an I/O error, the workbook writer's) is its
/// [`source`](std::error::Error::source), so `{:#}` under `anyhow` or a
/// walk of the chain prints both.
///
/// ```
/// use x1060::write::{WriteError, output::check_target};
/// let dir = tempfile::tempdir()?;
/// let out = dir.path().join("x.json");
/// std::fs::write(&out, "{}")?;
/// let e = check_target(&out, &[], false).unwrap_err();
/// assert!(matches!(e, WriteError::Exists { .. }));
/// assert!(e.to_string().contains("x.json"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The output is one of the inputs.
    #[error("{}: refusing to write over an input file", .path.display())]
    OverInput {
        /// The output asked for.
        path: PathBuf,
    },
    /// The output exists and replacing it was not asked for.
    #[error("{}: the output exists", .path.display())]
    Exists {
        /// The output asked for.
        path: PathBuf,
    },
    /// The output names a folder.
    #[error("{}: the output is a folder", .path.display())]
    IsFolder {
        /// The output asked for.
        path: PathBuf,
    },
    /// Reading an input or writing the output failed.
    #[error("{}: {what}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What was being done (`cannot write`, `cannot read` …).
        what: String,
        /// The system's error.
        #[source]
        source: std::io::Error,
    },
    /// The workbook writer refused a value or a layout.
    #[error("cannot write the workbook: {0}")]
    Workbook(#[from] rust_xlsxwriter::XlsxError),
    /// The CSV writer failed.
    #[error("cannot write CSV: {0}")]
    Csv(String),
    /// The JSON writer failed.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// Writing to a stream (standard output, a buffer) failed.
    #[error(transparent)]
    Stream(#[from] std::io::Error),
}

impl WriteError {
    /// An I/O error on `path` while doing `what`.
    pub fn io(path: &Path, what: impl Into<String>, source: std::io::Error) -> WriteError {
        WriteError::Io {
            path: path.to_path_buf(),
            what: what.into(),
            source,
        }
    }

    /// The message and its causes in one line (`out.xlsx: cannot write:
    /// No space left on device`), as `{:#}` prints it under `anyhow`.
    pub fn line(&self) -> String {
        let mut line = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(c) = cause {
            line.push_str(": ");
            line.push_str(&c.to_string());
            cause = c.source();
        }
        line
    }
}

impl From<csv::Error> for WriteError {
    fn from(e: csv::Error) -> WriteError {
        WriteError::Csv(e.to_string())
    }
}

/// The result of a writer.
pub type Result<T, E = WriteError> = std::result::Result<T, E>;
