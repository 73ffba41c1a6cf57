//! Printing diagnostics and status lines to the terminal. Every line
//! passes through `printable_lines`, since paths and messages carry text
//! from the sources.

use anstream::eprintln;
use anstyle::{AnsiColor, Style};

use briefc::diagnostics::{Diagnostics, SourceMap, printable_lines, render_human};

const ERROR: Style = AnsiColor::Red.on_default().bold();
const GREEN: Style = AnsiColor::Green.on_default().bold();
#[cfg_attr(not(feature = "serve"), allow(dead_code))]
const WARNING: Style = AnsiColor::Yellow.on_default().bold();

pub fn error(message: &str) {
    eprintln!("{ERROR}error{ERROR:#}: {}", printable_lines(message));
}

#[cfg_attr(not(feature = "serve"), allow(dead_code))]
pub fn warning(message: &str) {
    eprintln!("{WARNING}warning{WARNING:#}: {}", printable_lines(message));
}

/// A cargo-style status line: a right-aligned green verb, then the text.
pub fn status(verb: &str, text: &str) {
    eprintln!("{GREEN}{verb:>12}{GREEN:#} {}", printable_lines(text));
}

/// Every diagnostic, errors always and warnings unless `quiet`.
pub fn diagnostics(diagnostics: &Diagnostics, sources: &SourceMap, quiet: bool) {
    for d in diagnostics.iter() {
        if quiet && d.severity == briefc::diagnostics::Severity::Warning {
            continue;
        }
        eprintln!("{}\n", render_human(d, sources));
    }
}

/// `2 errors, 3 warnings`.
pub fn counts(diagnostics: &Diagnostics) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(diagnostics.errors(), "error"),
        plural(diagnostics.warnings(), "warning")
    )
}
