//! Parse: Markdown files into document trees, footnote references and
//! definitions, and citations, each with its place in the source.

mod briefing;
mod builder;
pub mod cite;
mod close;
pub mod comments;
mod frame;
mod in_pieces;
mod parse;
mod parsed;
pub mod pieces;
mod problems;
mod scan;
mod standins;
mod visible;

pub use briefing::{ParsedBriefing, parse_briefing, parse_briefing_reusing, report_stray_blocks};
pub use builder::MAX_NESTING;
pub use cite::{Citation, CiteItem};
pub use in_pieces::{PieceCache, Split, parse_files, parse_files_cached, parse_files_split};
pub use parse::{parse_every_label_stood_in, parse_file, parse_piece};
pub use parsed::{Collected, Definition, LocalFile, ParsedFile, Reference};
pub use visible::{Visible, same_letter, visible_chars};
