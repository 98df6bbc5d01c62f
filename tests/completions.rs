//! `x1060 completions SHELL` and `x1060 man`: each shell's script is
//! non-empty and names every subcommand; the man page is roff naming every
//! subcommand.

use std::process::Command;

/// The subcommands `x1060 --help` lists, read from the binary itself.
const SUBCOMMANDS: &[&str] = &[
    "template",
    "check",
    "annotate",
    "export",
    "import",
    "report",
    "diff",
    "history",
    "rules",
    "serve",
    "catalogue",
    "completions",
    "man",
];

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_x1060"))
        .args(args)
        .output()
        .expect("run x1060");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn help_lists_exactly_the_subcommands_tested_here() {
    let (code, help, _) = run(&["--help"]);
    assert_eq!(code, 0);
    for s in SUBCOMMANDS {
        assert!(
            help.lines()
                .any(|l| l.trim_start().starts_with(&format!("{s} "))),
            "--help lacks {s}:\n{help}"
        );
    }
}

#[test]
fn every_shell_script_names_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let (code, script, err) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(script.len() > 1000, "{shell}: script too short");
        assert!(script.contains("x1060"), "{shell}: no program name");
        for s in SUBCOMMANDS {
            assert!(script.contains(s), "{shell} script lacks {s}");
        }
    }
}

#[test]
fn each_shell_has_its_own_syntax() {
    let (_, bash, _) = run(&["completions", "bash"]);
    assert!(bash.contains("complete -F"), "bash: no `complete -F`");
    let (_, zsh, _) = run(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef x1060"), "zsh: no #compdef line");
    let (_, fish, _) = run(&["completions", "fish"]);
    assert!(fish.contains("complete -c x1060"), "fish: no `complete -c`");
    let (_, ps, _) = run(&["completions", "powershell"]);
    assert!(
        ps.contains("Register-ArgumentCompleter"),
        "powershell: no Register-ArgumentCompleter"
    );
}

#[test]
fn an_unknown_shell_is_refused_with_the_choices() {
    let (code, out, err) = run(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("bash") && err.contains("powershell"), "{err}");
}

#[test]
fn the_man_page_is_roff_naming_every_subcommand() {
    let (code, page, err) = run(&["man"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "{page:.80}"
    );
    assert!(page.contains(".TH x1060 1"), "no .TH title line");
    for section in ["NAME", "SYNOPSIS", "OPTIONS", "SUBCOMMANDS"] {
        assert!(page.contains(&format!(".SH {section}")), "no {section}");
    }
    for s in SUBCOMMANDS {
        assert!(
            page.contains(&format!(".SH \"{}\"", s.to_uppercase())),
            "no section for {s}"
        );
        assert!(
            page.contains(&format!("x1060 {s}")),
            "no synopsis for x1060 {s}"
        );
    }
}
