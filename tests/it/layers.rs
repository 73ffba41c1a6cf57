//! The library's layers (ARCHITECTURE.md): a module may use modules of its
//! own layer or below, never one above. This reads every `crate::` path
//! in `src/` outside comments and test modules and checks it against the
//! table, so a change that reaches upwards fails here with the line.

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
    &["build", "renumber", "links", "listing"],
    &["serve"],
    &["fuzzing"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
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

/// The top-level module a file under `src/` belongs to.
fn module_of(relative: &Path) -> String {
    let first = relative.components().next().unwrap();
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_string()
}

/// Every `crate::name` used in `text` before its test module, with its
/// line number; comments are skipped.
fn uses(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("#[cfg(test)]") {
            break;
        }
        if code.starts_with("//") {
            continue;
        }
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.push((index + 1, name));
            rest = after;
        }
    }
    found
}

#[test]
fn no_module_uses_one_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let module = module_of(relative);
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
        let text = std::fs::read_to_string(file).unwrap();
        for (line, used) in uses(&text) {
            checked += 1;
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

#[test]
fn the_scan_sees_uses_and_skips_comments_and_tests() {
    let text = "use crate::model::Block;\n// crate::serve in a comment\nlet x = crate::render::GENERATOR;\n#[cfg(test)]\nuse crate::analysis;\n";
    assert_eq!(
        uses(text),
        [(1, "model".to_string()), (3, "render".to_string())]
    );
}
