//! The layering stays true: every `crate::…` path in `src/` (and every
//! `x1060::…` path of the binary's modules) goes with the flow
//! text/catalogue → model → read → rules → analysis → write → serve →
//! commands → cli, and top-level modules form no cycle. The command line
//! (`cli`, `commands`) is the binary's, not the library's, and `anyhow` is
//! used by the binary only.
//!
//! The paths are read from the source text: `use crate::a::…`,
//! `use crate::{a, b::…}` (over several lines too) and inline
//! `crate::a::f(…)`. Comments (doc links included) are not imports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module's place in the flow; a module may use its own
/// layer and the ones below, never one above.
const LAYERS: &[(&str, u8)] = &[
    ("contain", 0),
    ("text", 0),
    ("catalogue", 0),
    ("words", 0),
    ("vocabulary", 0),
    ("model", 1),
    ("read", 2),
    ("rules", 3),
    ("analysis", 4),
    ("write", 5),
    ("serve", 6),
    ("commands", 7),
    ("cli", 8),
];

/// The imports against the flow (or closing a cycle) still in `src/`, as
/// (file, module it uses): each is in a file another branch owns, named
/// here so the integrator can remove the entry once that branch is merged
/// and the import is gone. A new violation fails the test; so does an
/// entry that no longer matches anything (the list only shrinks).
const ALLOWED: &[(&str, &str)] = &[];

fn layer(m: &str) -> Option<u8> {
    LAYERS.iter().find(|(n, _)| *n == m).map(|(_, l)| *l)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read src") {
        let p = e.expect("dir entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file belongs to (`src/write/report/mod.rs` →
/// `write`); `None` for the crate roots.
fn module_of(rel: &str) -> Option<String> {
    let first = rel.strip_prefix("src/")?.split('/').next()?;
    let m = first.strip_suffix(".rs").unwrap_or(first);
    (m != "lib" && m != "main").then(|| m.to_string())
}

/// The source without comments: `//…` to the end of the line and `/* … */`.
/// String literals are kept as they are (none of them holds `crate::`
/// followed by a module, which the test on this file's own parser checks).
fn strip_comments(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let b = src.as_bytes();
    let mut i = 0;
    let mut in_str = false;
    while i < b.len() {
        if in_str {
            if b[i] == b'\\' && i + 1 < b.len() {
                out.push_str(&src[i..i + 2]);
                i += 2;
                continue;
            }
            if b[i] == b'"' {
                in_str = false;
            }
        } else if b[i] == b'"' && (i == 0 || b[i - 1] != b'\'') {
            in_str = true;
        } else if src[i..].starts_with("//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        } else if src[i..].starts_with("/*") {
            i = src[i..].find("*/").map_or(b.len(), |e| i + e + 2);
            continue;
        }
        let ch = src[i..].chars().next().expect("char");
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// The top-level modules named by `crate::` paths in `code`.
fn used_modules(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    // The binary's modules name the library's as `x1060::…`.
    let paths = code
        .match_indices("crate::")
        .chain(code.match_indices("x1060::"));
    for (at, prefix) in paths {
        // `$crate::` in macros and `x1060crate::` are not this crate's paths.
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a, b::{c, d}, e}`: the names at the group's top level.
            let mut depth = 0;
            let mut start = true;
            for (k, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    _ if start && !c.is_whitespace() => {
                        let name = ident(&group[k..]);
                        if !name.is_empty() {
                            found.insert(name);
                        }
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

/// Every (file, module) import of another top-level module.
fn imports() -> Vec<(String, String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let rel = f
            .strip_prefix(root)
            .expect("under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        let Some(from) = module_of(&rel) else {
            continue;
        };
        let code = strip_comments(&std::fs::read_to_string(&f).expect("read source"));
        for to in used_modules(&code) {
            if to != from {
                out.push((rel.clone(), from.clone(), to));
            }
        }
    }
    out
}

#[test]
fn the_parser_reads_grouped_nested_and_inline_paths() {
    let code = strip_comments(
        "use crate::{model::{A, B},\n  read::X, self};\n// crate::cli::x\n\
         /// [`crate::serve`]\nlet s = \"a\"; fn f() { crate::rules::check(); }\n\
         /* crate::write */ $crate::text::x;",
    );
    let got: Vec<_> = used_modules(&code).into_iter().collect();
    assert_eq!(got, ["model", "read", "rules", "self"]);
}

#[test]
fn every_module_is_placed_in_the_flow() {
    for (file, from, to) in imports() {
        assert!(
            layer(&from).is_some(),
            "{file}: module {from} has no layer in LAYERS"
        );
        assert!(
            to == "self" || layer(&to).is_some(),
            "{file}: uses crate::{to}, which has no layer in LAYERS"
        );
    }
}

#[test]
fn imports_follow_the_flow() {
    let mut bad = Vec::new();
    let mut used_allowances = BTreeSet::new();
    for (file, from, to) in imports() {
        let (Some(lf), Some(lt)) = (layer(&from), layer(&to)) else {
            continue;
        };
        if lt > lf {
            if ALLOWED.contains(&(file.as_str(), to.as_str())) {
                used_allowances.insert((file.clone(), to.clone()));
            } else {
                bad.push(format!(
                    "{file} ({from}, layer {lf}) uses crate::{to} (layer {lt})"
                ));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "imports against the flow:\n{}",
        bad.join("\n")
    );
    // Entries that allow a same-layer import are used by the cycle test.
    let cycle_entries: BTreeSet<_> = cycle_allowances();
    for (file, to) in ALLOWED {
        let key = (file.to_string(), to.to_string());
        assert!(
            used_allowances.contains(&key) || cycle_entries.contains(&key),
            "ALLOWED has a stale entry ({file}, {to}): the import is gone, remove it"
        );
    }
}

/// Allowed entries that are same-layer imports (they matter to cycles).
fn cycle_allowances() -> BTreeSet<(String, String)> {
    imports()
        .into_iter()
        .filter(|(file, from, to)| {
            layer(from) == layer(to) && ALLOWED.contains(&(file.as_str(), to.as_str()))
        })
        .map(|(file, _, to)| (file, to))
        .collect()
}

#[test]
fn top_level_modules_form_no_cycle() {
    // The graph of top-level modules, without the allowed imports.
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, from, to) in imports() {
        if to == "self" || ALLOWED.contains(&(file.as_str(), to.as_str())) {
            continue;
        }
        graph.entry(from).or_default().insert(to);
    }
    // Depth-first search; a back edge is a cycle.
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(n) {
            Some(1) => {
                let at = path.iter().position(|p| p == n).expect("on the path");
                let mut cycle = path[at..].to_vec();
                cycle.push(n.to_string());
                return Some(cycle);
            }
            Some(_) => return None,
            None => {}
        }
        state.insert(n.to_string(), 1);
        path.push(n.to_string());
        for m in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, g, state, path) {
                return Some(c);
            }
        }
        path.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if let Some(cycle) = visit(n, &graph, &mut state, &mut Vec::new()) {
            panic!("top-level modules form a cycle: {}", cycle.join(" → "));
        }
    }
}

/// The modules the library declares (`pub mod x;` / `mod x;` in lib.rs).
fn declared_in(root_file: &str) -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(root_file);
    let code = strip_comments(&std::fs::read_to_string(path).expect("read crate root"));
    code.lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l
                .strip_prefix("pub mod ")
                .or_else(|| l.strip_prefix("mod "))?;
            Some(rest.trim_end_matches(';').trim().to_string())
        })
        .collect()
}

#[test]
fn the_command_line_is_the_binarys_own() {
    let lib = declared_in("src/lib.rs");
    let bin = declared_in("src/main.rs");
    for m in ["cli", "commands"] {
        assert!(
            !lib.contains(m),
            "src/lib.rs declares {m}: the command line belongs to the binary"
        );
        assert!(bin.contains(m), "src/main.rs does not declare {m}");
    }
    // Every other module is the library's, reached from the binary as x1060::….
    for m in &lib {
        assert!(!bin.contains(m), "{m} is declared by both crates");
    }
}

#[test]
fn the_library_does_not_use_anyhow() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut bad = Vec::new();
    for f in files {
        let rel = f
            .strip_prefix(root)
            .expect("under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        let in_binary =
            matches!(module_of(&rel).as_deref(), Some("cli" | "commands")) || rel == "src/main.rs";
        if in_binary {
            continue;
        }
        let code = strip_comments(&std::fs::read_to_string(&f).expect("read source"));
        if code.contains("anyhow") {
            bad.push(rel);
        }
    }
    assert!(
        bad.is_empty(),
        "the library uses anyhow (typed errors there, anyhow in the binary only): {bad:?}"
    );
}
