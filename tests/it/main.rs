//! briefc's integration tests, as modules of one test binary: each runs
//! the `briefc` command (or the library) on fixture projects under
//! `tests/` or projects made in a temporary directory, and checks what a
//! user would. `common` holds what they share.

mod common;

#[cfg(feature = "pdf")]
mod as_printed;
mod assets;
#[cfg(feature = "serve")]
mod browser;
mod check;
mod ci_reports;
mod cli;
mod csl;
mod diff;
mod document;
mod fitting_in;
mod fixtures;
mod fuzz_regressions;
mod hostile;
mod house_style;
mod import;
mod layers;
mod links;
mod lsp;
mod nothing_lost;
#[cfg(feature = "pdf")]
mod pdf;
mod pieces;
mod properties;
mod pull_request;
mod renumber;
#[cfg(unix)]
mod renumber_killed;
mod review;
mod schemas;
#[cfg(feature = "serve")]
mod serve;
mod translations;
mod trust;
mod wrapping;
