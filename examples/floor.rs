//! The floor for the comparison in benches/compare.sh: only what every
//! Markdown tool must do, pulldown-cmark turning the same Markdown into
//! HTML, with briefc's Markdown options, read from and written to disk.
//!
//!     cargo run --release --example floor -- PROJECT OUT.html
//!
//! With `--parse-only` in place of `OUT.html`, the Markdown is only parsed
//! (every event taken, nothing written): the least any `check` of the same
//! Markdown can do.

use std::path::{Path, PathBuf};

use pulldown_cmark::{Options, Parser, html};

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [project, output] = args.as_slice() else {
        eprintln!("usage: floor PROJECT OUT.html|--parse-only");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    markdown_files(&Path::new(project).join("briefings"), &mut files);
    markdown_files(&Path::new(project).join("footnotes"), &mut files);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if output == "--parse-only" {
        let mut events = 0;
        for file in files {
            let text = std::fs::read_to_string(&file).expect("a readable Markdown file");
            events += Parser::new_ext(&text, options).into_offset_iter().count();
        }
        println!("{events} events");
        return;
    }
    let mut page = String::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a readable Markdown file");
        html::push_html(&mut page, Parser::new_ext(&text, options));
    }
    std::fs::write(output, page).expect("a writable output file");
}
