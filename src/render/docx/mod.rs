//! The Word edition: `dist/<id>/<id>.docx`, for the editors and lawyers
//! who review a briefing in Word. It is written from the same document as
//! every other edition, in Word's own styles, with real Word footnotes
//! (`[footnotes] start` their first number; a note referred to twice is
//! one footnote, its second marker a `NOTEREF` field), images embedded
//! with their descriptions, the briefing's language on every run, and
//! right-to-left paragraphs for Arabic. Its paragraphs carry hidden marks
//! of where they came from ([`marks`]), which `briefc review` reads back.
//!
//! The package is written here, part by part (zip and XML text): the
//! marks, the manifest and the fixed order and dates that make the bytes
//! the same on every build are what a general document library would not
//! give.

mod blocks;
mod document;
mod inlines;
pub mod marks;
mod package;
mod styles;
mod writer;
pub mod xml;

use std::path::PathBuf;

use super::{Backend, Finding, Input, TemplateError};
use crate::options::Format;
use writer::Writer;

pub struct Docx;

impl Backend for Docx {
    fn format(&self) -> Format {
        Format::Docx
    }

    fn label(&self) -> &'static str {
        "Word"
    }

    fn path(&self, id: &str) -> PathBuf {
        PathBuf::from(id).join(format!("{id}.docx"))
    }

    fn render(&self, input: &Input<'_>, _: &mut Vec<Finding>) -> Result<Vec<u8>, TemplateError> {
        let mut writer = Writer::new(input);
        let document = document::body(&mut writer);
        let footnotes = document::footnotes(&mut writer);
        let parts = package::Parts {
            document,
            footnotes,
            styles: styles::styles(
                &input.doc.meta.language,
                writer.rtl,
                input.doc.bibliography.is_some(),
            ),
            numbering: styles::numbering(&writer.ordered_lists),
            media: std::mem::take(&mut writer.media),
            manifest: manifest(input),
            footnote_start: input.options.footnote_start,
        };
        let bytes = package::package(input.doc, parts).map_err(|error| {
            TemplateError::Internal(format!("cannot write the Word edition: {error}"))
        })?;
        crate::timings::stage("render: docx");
        Ok(bytes)
    }
}

/// The files the marks number, each with the hash of its text now.
fn manifest(input: &Input<'_>) -> marks::Manifest {
    let files = input
        .sites
        .paths
        .iter()
        .map(|(_, path)| {
            let text = input
                .files
                .read_bytes(std::path::Path::new(path))
                .unwrap_or_default();
            (path.clone(), marks::text_hash(&text))
        })
        .collect();
    marks::Manifest {
        briefing: input.id().to_string(),
        files,
        summary: input.sites.summary_span.map(|span| span.start..span.end),
    }
}
