//! briefc compiles footnoted policy briefings, written as Markdown sections
//! with TOML metadata, into a web page, plain text, a PDF, a Word document
//! and JSON.
//!
//! The pipeline runs one way: [`project`] loads files into memory,
//! [`markdown`] parses them, [`resolve`] numbers footnotes, writes
//! citations and assigns ids into a [`model::Document`], [`render`]'s
//! backends write each edition, [`output`] writes the result atomically.
//! [`build`] ties them together; every stage reports problems as
//! [`diagnostics::Diagnostic`]s. Generated words come from [`locale`].

pub mod analysis;
pub mod build;
pub mod diagnostics;
pub mod diff;
pub mod files;
pub mod fsx;
#[doc(hidden)]
pub mod fuzzing;
pub mod links;
pub mod listing;
pub mod locale;
pub mod lsp;
pub mod markdown;
pub mod model;
pub mod options;
pub mod output;
pub mod parallel;
pub mod project;
pub mod render;
pub mod renumber;
pub mod resolve;
pub mod review;
#[cfg(feature = "serve")]
pub mod serve;
pub mod sources;
pub mod timings;
pub mod toml_fields;
