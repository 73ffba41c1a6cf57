//! The JSON edition: the document model itself, for a CMS that imports
//! briefings and for templates that typeset from it. Its shape is a
//! stable interface, described field by field in `docs/json.md`; a change
//! that could break a reader raises [`VERSION`].

use std::path::PathBuf;

use serde::Serialize;

use super::{Backend, Finding, GENERATOR, TemplateError, Templates};
use crate::model::Document;
use crate::resolve::Briefing;

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
    fn name(&self) -> &'static str {
        "json"
    }

    fn label(&self) -> &'static str {
        "JSON"
    }

    fn path(&self, id: &str) -> PathBuf {
        PathBuf::from(id).join(format!("{id}.json"))
    }

    fn render(
        &self,
        briefing: &Briefing,
        _: &Templates,
        _: &mut Vec<Finding>,
    ) -> Result<Vec<u8>, TemplateError> {
        let bytes = edition(briefing)?;
        crate::timings::stage("render: json");
        Ok(bytes)
    }
}

/// The JSON edition's bytes; the PDF is typeset from them.
pub(super) fn edition(briefing: &Briefing) -> Result<Vec<u8>, TemplateError> {
    let edition = Edition {
        version: VERSION,
        generator: GENERATOR,
        raw_html: briefing.options.allow_raw_html,
        document: &briefing.doc,
    };
    let mut bytes = serde_json::to_vec_pretty(&edition)
        .map_err(|e| TemplateError::Internal(format!("writing the JSON edition: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}
