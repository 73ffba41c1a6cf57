//! Parse: Markdown files into document trees, footnote references and
//! definitions, each with its place in the source.

mod parse;
mod tree;

pub use parse::{Definition, ParsedFile, Reference, parse_file};
pub use tree::{Align, Block, Inline, plain_text};
