//! The shape of the library as ARCHITECTURE.md describes it, read from
//! `src/` outside comments and test modules, so a change that breaks it
//! fails here with the file and line:
//!
//! - a module uses modules of its own layer or below, never one above,
//!   and `render` and `sources` use nothing of `project`;
//! - no two files of one module use each other, directly or round a loop;
//! - only the door to the files (`src/files/`) names the real root;
//! - no file is over 600 lines and no function over 120;
//! - every path ARCHITECTURE.md names exists.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// From the bottom up. The binary (`main.rs`, `cli/`) sits above them all
/// and uses the library by name.
const LAYERS: &[&[&str]] = &[
    &["diagnostics", "timings", "fsx", "files", "parallel"],
    &["model"],
    &["locale"],
    &["options", "toml_fields"],
    &["project", "output"],
    &["markdown", "sources"],
    &["resolve"],
    &["render"],
    &["analysis"],
    &[
        "build", "renumber", "review", "diff", "links", "listing", "lsp",
    ],
    &["serve"],
    &["fuzzing"],
];

/// Uses the layers would allow but the design does not: a backend is
/// handed the document and its options, never the project, and the source
/// library reads its files' text, not the project.
const FORBIDDEN: &[(&str, &str)] = &[("render", "project"), ("sources", "project")];

const MAX_FILE_LINES: usize = 600;
const MAX_FUNCTION_LINES: usize = 120;

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `.rs` file under `src/`, by path from it, with its text.
fn sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (path.strip_prefix(src()).unwrap().to_path_buf(), text)
        })
        .collect()
}

/// The top-level module a file under `src/` belongs to.
fn module_of(relative: &Path) -> String {
    let first = relative.components().next().unwrap();
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_string()
}

/// The lines of `text` before its test module, with their numbers, and
/// without comment lines.
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .take_while(|(_, line)| !line.trim_start().starts_with("#[cfg(test)]"))
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
        .map(|(index, line)| (index + 1, line))
}

/// Every path `prefix` starts in `text` (`crate::` gives `model`, then
/// `visit` in `crate::model::visit::Visit`), as its words, with its line.
fn paths_after<'a>(text: &'a str, prefix: &str) -> Vec<(usize, Vec<&'a str>)> {
    let mut found = Vec::new();
    for (line, code) in code_lines(text) {
        let mut rest = code;
        while let Some(at) = rest.find(prefix) {
            // `super::` inside `super::super::` is counted once, at the start.
            let before = &rest[..at];
            rest = &rest[at + prefix.len()..];
            if before.ends_with("::") || before.ends_with(|c: char| c.is_alphanumeric() || c == '_')
            {
                continue;
            }
            let words: Vec<&str> = rest
                .split("::")
                .map(|w| {
                    let end = w
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .unwrap_or(w.len());
                    &w[..end]
                })
                .take_while(|w| !w.is_empty())
                .collect();
            found.push((line, words));
        }
    }
    found
}

/// Every `crate::name` used in `text` before its test module, with its
/// line number; comments are skipped.
fn uses(text: &str) -> Vec<(usize, String)> {
    paths_after(text, "crate::")
        .into_iter()
        .filter_map(|(line, words)| Some((line, words.first()?.to_string())))
        .collect()
}

#[test]
fn no_module_uses_one_above_it() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for (relative, text) in sources() {
        let module = module_of(&relative);
        if matches!(module.as_str(), "main" | "cli" | "lib") {
            continue;
        }
        let Some(own) = layer_of(&module) else {
            problems.push(format!(
                "src/{}: module `{module}` is in no layer: add it to LAYERS and ARCHITECTURE.md",
                relative.display()
            ));
            continue;
        };
        for (line, used) in uses(&text) {
            checked += 1;
            if FORBIDDEN.contains(&(module.as_str(), used.as_str())) {
                problems.push(format!(
                    "src/{}:{line}: `{module}` uses `{used}`, which it must not",
                    relative.display()
                ));
            }
            match layer_of(&used) {
                Some(layer) if layer <= own => {}
                Some(_) => problems.push(format!(
                    "src/{}:{line}: `{module}` uses `{used}`, a layer above it",
                    relative.display()
                )),
                None => problems.push(format!(
                    "src/{}:{line}: `{used}` is in no layer",
                    relative.display()
                )),
            }
        }
    }
    assert!(
        checked > 50,
        "only {checked} uses found: is the scan broken?"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The module path of a file: `markdown/builder.rs` is
/// `["markdown", "builder"]`, `render/pdf/mod.rs` `["render", "pdf"]`.
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| {
            c.as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string()
        })
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// Which files of its own module each file uses, through `super::` and
/// `crate::` paths: edges between sibling files (a module's `mod.rs` is
/// its face, which the others may use and which declares them).
fn sibling_uses(files: &[(PathBuf, String)]) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let known: BTreeSet<Vec<String>> = files.iter().map(|(p, _)| module_path(p)).collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (relative, text) in files {
        let own = module_path(relative);
        let is_face = relative.file_name().is_some_and(|n| n == "mod.rs");
        if own.len() < 2 || is_face {
            continue;
        }
        let parent = &own[..own.len() - 1];
        let mut targets = Vec::new();
        for (_, words) in paths_after(text, "super::") {
            let mut base = parent.to_vec();
            let mut rest = words.as_slice();
            while rest.first() == Some(&"super") {
                base.pop();
                rest = &rest[1..];
            }
            targets.push((base, rest.to_vec()));
        }
        for (_, words) in paths_after(text, "crate::") {
            targets.push((Vec::new(), words));
        }
        for (base, rest) in targets {
            // The longest known file the path leads through.
            let mut path = base;
            let mut target = None;
            for word in rest {
                path.push(word.to_string());
                if known.contains(&path) {
                    target = Some(path.clone());
                }
            }
            if let Some(target) = target
                && target.len() == own.len()
                && target[..target.len() - 1] == *parent
                && target != own
            {
                edges.entry(own.clone()).or_default().insert(target);
            }
        }
    }
    edges
}

#[test]
fn no_two_files_of_a_module_use_each_other() {
    let files = sources();
    let edges = sibling_uses(&files);
    assert!(
        edges.values().map(BTreeSet::len).sum::<usize>() > 20,
        "too few uses between files found: is the scan broken?"
    );
    // A loop is a file that can reach itself.
    let mut loops = BTreeSet::new();
    for start in edges.keys() {
        let mut stack: Vec<Vec<Vec<String>>> = vec![vec![start.clone()]];
        while let Some(route) = stack.pop() {
            let last = route.last().unwrap();
            for next in edges.get(last).into_iter().flatten() {
                if next == start {
                    let mut names: Vec<String> = route.iter().map(|p| p.join("/")).collect();
                    let smallest = names.iter().min().unwrap().clone();
                    let at = names.iter().position(|n| *n == smallest).unwrap();
                    names.rotate_left(at);
                    loops.insert(names.join(" -> "));
                } else if !route.contains(next) {
                    let mut longer = route.clone();
                    longer.push(next.clone());
                    stack.push(longer);
                }
            }
        }
    }
    assert!(
        loops.is_empty(),
        "files of one module that use each other:\n{}",
        loops.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn a_loop_between_two_files_is_seen() {
    let files = vec![
        (PathBuf::from("m/mod.rs"), "mod a; mod b;".to_string()),
        (PathBuf::from("m/a.rs"), "use super::b::B;".to_string()),
        (PathBuf::from("m/b.rs"), "use crate::m::a::A;".to_string()),
        (PathBuf::from("m/c.rs"), "use super::Face;".to_string()),
    ];
    let edges = sibling_uses(&files);
    let a = vec!["m".to_string(), "a".to_string()];
    let b = vec!["m".to_string(), "b".to_string()];
    assert!(edges[&a].contains(&b) && edges[&b].contains(&a));
    assert!(!edges.contains_key(&vec!["m".to_string(), "c".to_string()]));
}

#[test]
fn only_the_door_names_the_real_root() {
    let named: Vec<String> = sources()
        .into_iter()
        .filter(|(relative, _)| !relative.starts_with("files"))
        .flat_map(|(relative, text)| {
            code_lines(&text)
                .filter(|(_, line)| line.contains("real_root"))
                .map(|(line, _)| format!("src/{}:{line}", relative.display()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        named.is_empty(),
        "real_root outside src/files/:\n{}",
        named.join("\n")
    );
}

/// The functions of `text` longer than `limit` lines, by name and line:
/// from a line that begins one (`fn`, `pub fn`, ...) to the closing brace
/// at its indentation.
fn long_functions(text: &str, limit: usize) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let code = line.trim_start();
        let indent = &line[..line.len() - code.len()];
        let signature = code
            .trim_start_matches("pub ")
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("const ")
            .trim_start_matches("async ")
            .trim_start_matches("unsafe ");
        let Some(rest) = signature.strip_prefix("fn ") else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        // A declaration without a body (in a trait) ends with `;`.
        let Some(open) = (index..lines.len()).find(|&i| {
            let l = lines[i].trim_end();
            l.ends_with('{') || l.ends_with(';')
        }) else {
            continue;
        };
        if lines[open].trim_end().ends_with(';') {
            continue;
        }
        let close = format!("{indent}}}");
        if let Some(end) = (open + 1..lines.len()).find(|&i| lines[i] == close) {
            let length = end - index + 1;
            if length > limit {
                found.push((name, index + 1, length));
            }
        }
    }
    found
}

#[test]
fn files_and_functions_stay_short() {
    let mut problems = Vec::new();
    for (relative, text) in sources() {
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES {
            problems.push(format!(
                "src/{} has {lines} lines (at most {MAX_FILE_LINES})",
                relative.display()
            ));
        }
        for (name, line, length) in long_functions(&text, MAX_FUNCTION_LINES) {
            problems.push(format!(
                "src/{}:{line}: fn {name} has {length} lines (at most {MAX_FUNCTION_LINES})",
                relative.display()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_long_function_is_measured_to_its_closing_brace() {
    let body = "    x();\n".repeat(5);
    let text = format!("pub fn short() {{\n}}\n\nfn long(\n    a: u8,\n) -> u8 {{\n{body}}}\n");
    assert_eq!(long_functions(&text, 4), [("long".to_string(), 4, 9)]);
    assert!(long_functions("trait T {\n    fn f(&self);\n}\n", 0).is_empty());
}

/// Every path under `src/`, `tests/`, `benches/`, `examples/`,
/// `templates/` or `docs/` that a text names in backticks or in a code
/// block, and the line it is on.
fn named_paths(text: &str) -> Vec<(usize, String)> {
    const ROOTS: &[&str] = &[
        "src/",
        "tests/",
        "benches/",
        "examples/",
        "templates/",
        "docs/",
    ];
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        for word in line.split(|c: char| c.is_whitespace() || matches!(c, '`' | '(' | ')' | ',')) {
            let word = word.trim_end_matches(['.', ':', ';']);
            if ROOTS.iter().any(|root| word.starts_with(root)) && !word.contains(['*', '<', '{']) {
                found.push((index + 1, word.to_string()));
            }
        }
    }
    found
}

#[test]
fn every_path_the_architecture_names_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let named = named_paths(&text);
    assert!(named.len() > 40, "only {} paths found", named.len());
    let missing: Vec<String> = named
        .into_iter()
        .filter(|(_, path)| !root.join(path).exists())
        .map(|(line, path)| format!("ARCHITECTURE.md:{line}: {path}"))
        .collect();
    assert!(
        missing.is_empty(),
        "paths that do not exist:\n{}",
        missing.join("\n")
    );
}

/// Every file of `src/` (but a module's tests) is named in ARCHITECTURE.md,
/// by itself or by a folder named with its final `/`.
#[test]
fn the_architecture_names_every_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let named: BTreeSet<String> = named_paths(&text).into_iter().map(|(_, p)| p).collect();
    let unnamed: Vec<String> = sources()
        .into_iter()
        .map(|(relative, _)| format!("src/{}", relative.display()))
        .filter(|path| !path.ends_with("/tests.rs") && !named.contains(path))
        .filter(|path| {
            !named
                .iter()
                .any(|n| n.ends_with('/') && path.starts_with(n.as_str()))
        })
        .collect();
    assert!(
        unnamed.is_empty(),
        "not in ARCHITECTURE.md:\n{}",
        unnamed.join("\n")
    );
}

#[test]
fn the_scan_sees_uses_and_skips_comments_and_tests() {
    let text = "use crate::model::Block;\n// crate::serve in a comment\nlet x = crate::render::GENERATOR;\n#[cfg(test)]\nuse crate::analysis;\n";
    assert_eq!(
        uses(text),
        [(1, "model".to_string()), (3, "render".to_string())]
    );
}
