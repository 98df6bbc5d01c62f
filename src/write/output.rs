//! Safe output: refuse to overwrite inputs or existing files, write
//! atomically (temporary file in the target folder, then rename).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Checks that `out` may be written: it is not one of the inputs, and it
/// does not exist unless `force`.
pub fn check_target(out: &Path, inputs: &[&Path], force: bool) -> Result<()> {
    let canon_out = canonical(out);
    for input in inputs {
        if canonical(input) == canon_out {
            bail!(
                "{}: refusing to write over an input file; choose another output with -o",
                out.display()
            );
        }
    }
    if out.exists() && !force {
        bail!(
            "{}: the output exists; add --force to replace it, or choose another name with -o",
            out.display()
        );
    }
    if out.is_dir() {
        bail!(
            "{}: the output is a folder; give a file name with -o",
            out.display()
        );
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

/// Writes `bytes` to `out` atomically: a temporary file in the same folder,
/// synced, then renamed over the target.
pub fn write_atomic(out: &Path, bytes: &[u8]) -> Result<()> {
    let dir = out
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
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
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .with_context(|| format!("{}: cannot write", out.display()))?;
    // tempfile creates 0600; an output is an ordinary document, readable by others (0644).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    tmp.persist(out).map_err(|e| e.error).with_context(|| {
        format!(
            "{}: cannot move the finished file into place",
            out.display()
        )
    })?;
    Ok(())
}

/// Checks the target, then writes atomically.
pub fn write_new(out: &Path, inputs: &[&Path], force: bool, bytes: &[u8]) -> Result<()> {
    check_target(out, inputs, force)?;
    write_atomic(out, bytes)
}
