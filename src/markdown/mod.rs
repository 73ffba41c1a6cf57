//! Parse: Markdown files into document trees, footnote references and
//! definitions, each with its place in the source.

pub mod cite;
mod parse;
mod tree;

pub use cite::{Citation, CiteItem};
pub use parse::{Collected, Definition, ParsedFile, Reference, parse_file};
pub use tree::{Align, Block, Inline, plain_text};
