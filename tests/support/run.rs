//! Saved workbooks, running the binary on them, and what `check` made of
//! them.

use std::path::{Path, PathBuf};
use std::process::Command;

use x1060::analysis::FileResult;
use x1060::rules::Finding;

/// A workbook written to a temporary folder (removed on drop).
pub struct Saved {
    /// The folder.
    pub dir: tempfile::TempDir,
    /// The workbook.
    pub path: PathBuf,
}

impl Saved {
    /// Runs the `x1060` binary with `args` followed by the workbook's path;
    /// returns the exit code, stdout and stderr.
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        run_cli(args, &[&self.path])
    }
}

/// Runs the binary with `args` then `paths`.
pub fn run_cli(args: &[&str], paths: &[&Path]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_x1060"))
        .args(args)
        .args(paths)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A saved workbook and what `check` made of it.
pub struct Checked {
    /// The file (kept alive as long as the result).
    pub saved: Saved,
    /// The library's result.
    pub result: FileResult,
}

impl Checked {
    /// Every finding.
    pub fn findings(&self) -> &[Finding] {
        self.result.findings()
    }

    /// The findings of one rule.
    pub fn of(&self, rule: &str) -> Vec<&Finding> {
        self.findings().iter().filter(|f| f.rule == rule).collect()
    }

    /// The findings of one rule on one service.
    pub fn on(&self, rule: &str, service: &str) -> Vec<&Finding> {
        self.findings()
            .iter()
            .filter(|f| f.rule == rule && f.service.as_deref() == Some(service))
            .collect()
    }

    /// `RULE service cell` of every finding, for failure messages.
    pub fn summary(&self) -> String {
        self.findings()
            .iter()
            .map(|f| {
                format!(
                    "{} {:?} {} {} {}",
                    f.rule,
                    f.severity,
                    f.service.as_deref().unwrap_or("-"),
                    f.cell.as_deref().unwrap_or("-"),
                    f.message_en
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}
