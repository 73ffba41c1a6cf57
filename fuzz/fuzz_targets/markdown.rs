//! The Markdown and footnote parser on any text.
#![no_main]

use briefc::diagnostics::{Diagnostics, SourceMap};
use briefc::markdown::{Collected, parse_file};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut sources = SourceMap::new();
    let file = sources.add("s.md", text.to_string());
    let mut collected = Collected::default();
    let mut diagnostics = Diagnostics::new();
    let _ = parse_file(text, file, false, &mut collected, &mut diagnostics);
});
