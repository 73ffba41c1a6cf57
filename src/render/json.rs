//! The JSON edition: the document model itself, for a CMS that imports
//! briefings and for templates that typeset from it. Its shape is a
//! stable interface, described field by field in `docs/json.md`; a change
//! that could break a reader raises [`VERSION`].

use std::path::PathBuf;

use serde::Serialize;

use super::{Backend, Finding, GENERATOR, Input, TemplateError};
use crate::model::Document;
use crate::options::{BriefingOptions, Format};

/// The version of the edition's shape.
pub const VERSION: u32 = 1;

pub struct Json;

#[derive(Serialize)]
struct Edition<'a> {
    version: u32,
    generator: &'static str,
    /// Whether raw HTML is published as written (`allow_raw_html`) or as
    /// text.
    raw_html: bool,
    #[serde(flatten)]
    document: &'a Document,
}

impl Backend for Json {
    fn format(&self) -> Format {
        Format::Json
    }

    fn label(&self) -> &'static str {
        "JSON"
    }

    fn path(&self, id: &str) -> PathBuf {
        PathBuf::from(id).join(format!("{id}.json"))
    }

    fn render(&self, input: &Input<'_>, _: &mut Vec<Finding>) -> Result<Vec<u8>, TemplateError> {
        let bytes = edition(input.doc, input.options)?;
        crate::timings::stage("render: json");
        Ok(bytes)
    }
}

/// The JSON edition's bytes; the PDF is typeset from them.
pub(super) fn edition(
    document: &Document,
    options: &BriefingOptions,
) -> Result<Vec<u8>, TemplateError> {
    let edition = Edition {
        version: VERSION,
        generator: GENERATOR,
        raw_html: options.allow_raw_html,
        document,
    };
    let mut bytes = serde_json::to_vec_pretty(&edition)
        .map_err(|e| TemplateError::Internal(format!("writing the JSON edition: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}
