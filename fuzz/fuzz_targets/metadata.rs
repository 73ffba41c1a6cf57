//! briefing.toml and briefc.toml on any text.
#![no_main]

use briefc::diagnostics::{Diagnostics, SourceMap, render_human};
use briefc::project::{Metadata, Settings};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut sources = SourceMap::new();
    let file = sources.add("briefing.toml", text.to_string());
    let mut diagnostics = Diagnostics::new();
    let _ = Metadata::parse(text, file, &mut diagnostics);
    let _ = Settings::parse(text, file, &mut diagnostics);
    // Every problem can be shown with its source line.
    for d in diagnostics.iter() {
        let _ = render_human(d, &sources);
    }
});
