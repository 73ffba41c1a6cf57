//! Replays every input kept under tests/fuzz-inputs/<target>/ through the
//! code its fuzz target drives (fuzz/fuzz_targets/). Inputs that once made
//! briefc crash or hang are kept here, minimised, so they never do again.

use std::path::Path;

use briefc::diagnostics::{Diagnostics, SourceMap, render_human};
use briefc::fuzzing::{check_pieces_parse_like_whole, compile_in_memory};
use briefc::markdown::{Collected, cite, parse_file};
use briefc::project::{Metadata, Settings};
use briefc::sources::Library;

fn inputs(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-inputs")
        .join(target);
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no inputs for {target}");
    paths
        .into_iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn markdown_inputs() {
    for input in inputs("markdown") {
        let text = text(&input);
        let mut sources = SourceMap::new();
        let file = sources.add("s.md", text.clone());
        let mut diagnostics = Diagnostics::new();
        parse_file(
            &text,
            file,
            false,
            &mut Collected::default(),
            &mut diagnostics,
        );
        for d in diagnostics.iter() {
            render_human(d, &sources);
        }
        for piece_bytes in [1, 7, 64] {
            check_pieces_parse_like_whole(&text, piece_bytes);
        }
    }
}

#[test]
fn citation_inputs() {
    for input in inputs("citations") {
        let text = text(&input);
        for (range, items) in cite::find(&text) {
            assert!(text.get(range).is_some());
            for item in items {
                assert_eq!(&text[item.key_range.clone()], item.key);
            }
        }
        for (range, found) in cite::scan(&text) {
            assert!(text.get(range).is_some());
            if let cite::Found::NearMiss { fix: Some(fix), .. } = found {
                let bracket = &fix[..=fix.rfind(']').unwrap()];
                assert!(
                    matches!(
                        cite::scan(bracket).as_slice(),
                        [(_, cite::Found::Citation(_))]
                    ),
                    "the fix {fix:?} is no citation"
                );
            }
        }
    }
}

#[test]
fn library_inputs() {
    for input in inputs("library") {
        let mut sources = SourceMap::new();
        let file = sources.add("footnotes/sources.toml", text(&input));
        let mut diagnostics = Diagnostics::new();
        Library::parse(&[file], &sources, &mut diagnostics);
        assert!(
            diagnostics.has_errors(),
            "each kept library input is invalid"
        );
        for d in diagnostics.iter() {
            render_human(d, &sources);
        }
    }
}

#[test]
fn metadata_inputs() {
    for input in inputs("metadata") {
        let text = text(&input);
        let mut sources = SourceMap::new();
        let file = sources.add("briefing.toml", text.clone());
        let mut diagnostics = Diagnostics::new();
        Metadata::parse(&text, file, &mut diagnostics);
        Settings::parse(&text, file, &mut diagnostics);
        for d in diagnostics.iter() {
            render_human(d, &sources);
        }
    }
}

#[test]
fn pipeline_inputs() {
    for input in inputs("pipeline") {
        compile_in_memory(&input);
    }
}
