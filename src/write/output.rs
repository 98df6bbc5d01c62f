//! Safe output: refuse to overwrite inputs or existing files, write
//! atomically (temporary file in the target folder, then rename). One
//! writer, [`AtomicOut`], for every output: no-clobber unless `force`,
//! which replaces atomically.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Result, WriteError};

/// Checks that `out` may be written: it is not one of the inputs, and it
/// does not exist unless `force`.
pub fn check_target(out: &Path, inputs: &[&Path], force: bool) -> Result<()> {
    let canon_out = canonical(out);
    let path = out.to_path_buf();
    if inputs.iter().any(|input| canonical(input) == canon_out) {
        return Err(WriteError::OverInput { path });
    }
    if out.exists() && !force {
        return Err(WriteError::Exists { path });
    }
    if out.is_dir() {
        return Err(WriteError::IsFolder { path });
    }
    Ok(())
}

/// The canonical form of a path that may not exist yet (its folder's
/// canonical form plus its name).
fn canonical(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    let parent = p
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match (parent.canonicalize(), p.file_name()) {
        (Ok(d), Some(n)) => d.join(n),
        _ => p.to_path_buf(),
    }
}

/// Writes `bytes` to `out` atomically, replacing `out` if it exists: a
/// temporary file in the same folder, synced, then renamed over the target.
pub fn write_atomic(out: &Path, bytes: &[u8]) -> Result<()> {
    let mut target = AtomicOut::open(out, true)?;
    target.write_all(bytes)?;
    target.commit()
}

/// Checks the target, then writes atomically: without `force`, never over
/// a file that appeared between the check and the rename.
///
/// ```
/// use x1060::write::output::write_new;
/// let dir = tempfile::tempdir()?;
/// let out = dir.path().join("out.txt");
/// write_new(&out, &[], false, b"one")?;
/// assert!(write_new(&out, &[], false, b"two").is_err()); // no clobber
/// write_new(&out, &[], true, b"two")?; // force replaces
/// assert_eq!(std::fs::read(&out)?, b"two");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_new(out: &Path, inputs: &[&Path], force: bool, bytes: &[u8]) -> Result<()> {
    let mut target = AtomicOut::create(out, inputs, force)?;
    target.write_all(bytes)?;
    target.commit()
}

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
        AtomicOut::open(out, force)
    }

    /// Opens the temporary file for `out` without checking the target
    /// (the caller did); `force` says whether [`AtomicOut::commit`] may
    /// replace an existing file.
    pub fn open(out: &Path, force: bool) -> Result<AtomicOut> {
        let dir = out
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let tmp = tempfile::Builder::new()
            .prefix(".x1060-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| {
                WriteError::io(
                    out,
                    format!("cannot create a temporary file in {}", dir.display()),
                    e,
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

    /// Writes `bytes` to the temporary file (an error names the target).
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<()> {
        let out = self.out.clone();
        self.file()
            .write_all(bytes)
            .map_err(|e| WriteError::io(&out, "cannot write", e))
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
            .map_err(|e| WriteError::io(&out, "cannot write", e))?;
        let res = if self.force {
            self.tmp.persist(&out).map(|_| ())
        } else {
            self.tmp.persist_noclobber(&out).map(|_| ())
        };
        res.map_err(|e| WriteError::io(&out, "cannot move the finished file into place", e.error))
    }
}
