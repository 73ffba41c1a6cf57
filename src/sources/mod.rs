//! The citation library and the house style that formats citations.

pub mod csl;
mod entry;
pub mod interchange;
mod library;
mod source;
pub mod style;

pub use library::Library;
pub use source::{Source, SourceType, is_valid_key};
