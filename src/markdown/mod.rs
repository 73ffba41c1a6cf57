//! Parse: Markdown files into document trees, footnote references and
//! definitions, each with its place in the source.

pub mod cite;
mod parallel;
mod parse;
mod tree;

pub use cite::{Citation, CiteItem};
pub use parallel::parse_files;
pub use parse::{Collected, Definition, ParsedFile, Reference, parse_file};
pub use tree::{Align, Block, Inline, plain_text};
