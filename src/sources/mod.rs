//! The citation library and the house style that formats citations.

mod entry;
pub mod interchange;
mod library;
pub mod style;

pub use library::{Library, Source, SourceType, is_valid_key};
