//! The PDF edition: `dist/<id>/<id>.pdf`, typeset by an embedded Typst
//! (feature `pdf`) from the JSON edition with the template
//! `briefing.typ`. Typst sees only what [`world`] hands it: the document,
//! the settings, the template files, the briefing's images and the fonts.

use std::path::PathBuf;

use super::{Backend, Finding, Input, TemplateError, Templates};
use crate::options::Format;

#[cfg(feature = "pdf")]
mod fonts;
#[cfg(feature = "pdf")]
mod images;
#[cfg(feature = "pdf")]
mod inspect;
#[cfg(feature = "pdf")]
mod report;
#[cfg(feature = "pdf")]
mod settings;
#[cfg(feature = "pdf")]
mod typeset;
#[cfg(feature = "pdf")]
mod world;

pub struct Pdf;

impl Backend for Pdf {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn label(&self) -> &'static str {
        "PDF"
    }

    fn path(&self, id: &str) -> PathBuf {
        PathBuf::from(id).join(format!("{id}.pdf"))
    }

    #[cfg(feature = "pdf")]
    fn render(
        &self,
        input: &Input<'_>,
        findings: &mut Vec<Finding>,
    ) -> Result<Vec<u8>, TemplateError> {
        let bytes = typeset::typeset(input, findings)?;
        crate::timings::stage("render: pdf");
        Ok(bytes)
    }

    #[cfg(not(feature = "pdf"))]
    fn render(&self, input: &Input<'_>, _: &mut Vec<Finding>) -> Result<Vec<u8>, TemplateError> {
        Err(TemplateError::Internal(format!(
            "briefing `{}` asks for the PDF edition, but this briefc was built without the `pdf` feature\n  \
             hint: install briefc with its default features, or leave \"pdf\" out of `formats` (or pass --format html,text)",
            input.id()
        )))
    }
}

/// The syntax errors of the project's own Typst templates, found without
/// typesetting, so that `check` reports them as `build` would.
#[cfg(feature = "pdf")]
pub fn template_syntax_errors(templates: &Templates) -> Vec<crate::diagnostics::Diagnostic> {
    use crate::diagnostics::{Code, Diagnostic, Span};
    use typst::syntax::{DiagSpanKind, Source};

    let mut found = Vec::new();
    for template in templates.typst_files() {
        let Some(file) = template.file else { continue };
        let source = Source::detached(template.text.to_string());
        let (errors, _) = source.root().errors_and_warnings();
        if let Some(error) = errors.first() {
            let range = match error.span.get() {
                DiagSpanKind::Number { num, sub_range, .. } => source.range(num, sub_range),
                DiagSpanKind::Range { range, .. } => Some(range),
                DiagSpanKind::Detached => None,
            };
            found.push(Diagnostic::new(
                Code::TemplateError,
                Span::new(file, range.unwrap_or(0..0)),
                format!("template error: {}", error.message),
            ));
        }
    }
    found
}

#[cfg(not(feature = "pdf"))]
pub fn template_syntax_errors(_: &Templates) -> Vec<crate::diagnostics::Diagnostic> {
    Vec::new()
}
