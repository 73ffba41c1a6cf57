//! Parse: Markdown files into document trees, footnote references and
//! definitions, and citations, each with its place in the source.

mod builder;
pub mod cite;
pub mod comments;
pub mod links;
mod parallel;
mod parse;
pub mod pieces;
mod scan;
mod standins;

pub use builder::MAX_NESTING;
pub use cite::{Citation, CiteItem};
pub use parallel::{PieceCache, Split, parse_files, parse_files_cached, parse_files_split};
pub use parse::{
    Collected, Definition, LocalFile, ParsedFile, Reference, parse_every_label_stood_in,
    parse_file, parse_piece,
};
