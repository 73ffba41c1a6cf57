//! The source library loader on any TOML text.
#![no_main]

use briefc::diagnostics::{Diagnostics, SourceMap};
use briefc::sources::Library;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut sources = SourceMap::new();
    let file = sources.add("footnotes/sources.toml", text.to_string());
    let mut diagnostics = Diagnostics::new();
    let library = Library::parse(&[file], &sources, &mut diagnostics);
    for source in library.sorted() {
        let _ = source.short_title();
    }
    for d in diagnostics.iter() {
        let _ = sources.line_col(d.span);
    }
});
