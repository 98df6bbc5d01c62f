//! Where a report goes: an output file written atomically, standard
//! output, and the [`Sink`] every report format implements.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::{ReportRow, Totals};
use crate::write::output::check_target;

/// An output file being written: a temporary file in the target folder,
/// renamed into place by [`AtomicOut::commit`] and removed if dropped
/// before, so an error never leaves a partial file.
pub struct AtomicOut {
    tmp: tempfile::NamedTempFile,
    out: PathBuf,
    force: bool,
}

impl AtomicOut {
    /// Checks the target (not an input; not existing unless `force`) and
    /// opens the temporary file.
    pub fn create(out: &Path, inputs: &[&Path], force: bool) -> Result<AtomicOut> {
        check_target(out, inputs, force)?;
        let dir = out
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let tmp = tempfile::Builder::new()
            .prefix(".x1060-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .with_context(|| {
                format!(
                    "{}: cannot create a temporary file in {}",
                    out.display(),
                    dir.display()
                )
            })?;
        Ok(AtomicOut {
            tmp,
            out: out.to_path_buf(),
            force,
        })
    }

    /// The target path.
    pub fn path(&self) -> &Path {
        &self.out
    }

    /// The temporary file, to write to.
    pub fn file(&mut self) -> &mut File {
        self.tmp.as_file_mut()
    }

    /// Syncs the temporary file and renames it to the target (without
    /// `force`, never over a file that appeared meanwhile). The file gets
    /// mode 0644 on Unix, as a file the user saved would.
    pub fn commit(self) -> Result<()> {
        let out = self.out;
        // A temporary file is private (0600); the output is an ordinary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = self
                .tmp
                .as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644));
        }
        self.tmp
            .as_file()
            .sync_all()
            .with_context(|| format!("{}: cannot write", out.display()))?;
        let res = if self.force {
            self.tmp.persist(&out).map(|_| ())
        } else {
            self.tmp.persist_noclobber(&out).map(|_| ())
        };
        res.map_err(|e| e.error).with_context(|| {
            format!(
                "{}: cannot move the finished file into place",
                out.display()
            )
        })
    }
}

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
            .with_context(|| format!("{}: cannot write", target.path().display()))?;
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
                    .with_context(|| format!("{}: cannot write", target.path().display()))?;
                drop(w);
                target.commit()
            }
        }
    }
}
