//! Typst's errors and warnings as briefc diagnostics: at the line and
//! column of a project's own template file when they lie in one, with
//! Typst's hints for its own command line left out.

use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::syntax::{DiagSpan, FileId};

use super::world::ClosedWorld;
use crate::diagnostics::{Code, Diagnostic, Span};
use crate::model::Document;
use crate::render::{Finding, Input, Place, TemplateError};

pub struct Reporter<'a> {
    world: &'a ClosedWorld,
    input: &'a Input<'a>,
}

impl<'a> Reporter<'a> {
    pub fn new(world: &'a ClosedWorld, input: &'a Input<'a>) -> Self {
        Reporter { world, input }
    }

    /// The project file and byte range of a Typst span, when it lies in
    /// one of the project's templates.
    fn project_span(&self, span: DiagSpan) -> Option<Span> {
        let id: FileId = span.id()?;
        let path = id.vpath().get_without_slash();
        let file = self
            .input
            .templates
            .typst_files()
            .iter()
            .find(|t| t.name == path)?
            .file?;
        let range = self.world.range(span).unwrap_or(0..0);
        Some(Span::new(file, range))
    }

    /// Where a Typst diagnostic is best shown: its own span, else the
    /// innermost call in a project template that led to it.
    fn place(&self, diagnostic: &SourceDiagnostic) -> Option<Span> {
        self.project_span(diagnostic.span).or_else(|| {
            diagnostic
                .trace
                .iter()
                .find_map(|point| self.project_span(DiagSpan::from_span(point.span, None)))
        })
    }

    fn help(diagnostic: &SourceDiagnostic) -> Option<String> {
        let hints: Vec<&str> = diagnostic
            .hints
            .iter()
            .map(|hint| hint.v.as_str())
            .filter(|hint| !mentions_typst_cli(hint))
            .collect();
        let mut help = hints.join("; ");
        if diagnostic.message.contains("access denied")
            || diagnostic.message.contains("failed to load")
        {
            if !help.is_empty() {
                help.push_str("; ");
            }
            help.push_str(
                "the PDF template may read /document.json, /settings.json and the .typ files \
                 of templates/, nothing else: briefc refuses every other file, package and path",
            );
        }
        (!help.is_empty()).then_some(help)
    }

    /// A Typst error that stopped the typesetting.
    pub fn error(&self, errors: &[SourceDiagnostic]) -> TemplateError {
        let Some(first) = errors
            .iter()
            .find(|e| e.severity == Severity::Error)
            .or(errors.first())
        else {
            return TemplateError::Internal("Typst stopped without saying why".to_string());
        };
        match self.place(first) {
            Some(span) => {
                let mut diagnostic = Diagnostic::new(
                    Code::TemplateError,
                    span,
                    format!("template error: {}", first.message),
                );
                if let Some(help) = Self::help(first) {
                    diagnostic = diagnostic.with_help(help);
                }
                TemplateError::Diagnostic(Box::new(diagnostic))
            }
            None => TemplateError::Internal(format!(
                "the built-in PDF template failed on briefing `{}`: {}",
                self.input.id(),
                first.message
            )),
        }
    }

    /// A Typst warning, at the template when it is the project's, else at
    /// `briefing.toml`.
    pub fn warning(&self, warning: &SourceDiagnostic) -> Finding {
        let span = self
            .place(warning)
            .unwrap_or_else(|| Span::file_start(self.input.metadata_file));
        let mut diagnostic = Diagnostic::new(
            Code::PdfWarning,
            span,
            format!("while typesetting the PDF: {}", warning.message),
        );
        if let Some(help) = Self::help(warning) {
            diagnostic = diagnostic.with_help(help);
        }
        Finding {
            diagnostic,
            place: None,
        }
    }

    /// A refusal of the PDF standard that `[pdf] standard` asks for, as an
    /// error at the part of the briefing that causes it where briefc can
    /// tell: a skipped heading level, or the text a font cannot show.
    pub fn standard_error(&self, errors: &[SourceDiagnostic], standard: &str) -> Finding {
        let message = errors.first().map_or_else(
            || "the PDF could not be written".to_string(),
            |e| e.message.to_string(),
        );
        // Typst starts each message with the standard's name.
        let message = message
            .strip_prefix(&format!("{standard} error: "))
            .unwrap_or(&message)
            .to_string();
        let span = message
            .contains("heading")
            .then(|| skipped_heading(self.input.doc))
            .flatten()
            .or_else(|| errors.first().and_then(|e| self.place(e)))
            .unwrap_or_else(|| Span::file_start(self.input.metadata_file));
        // The place of an image without a description is known only to
        // whoever has the briefing's spans; the text a message quotes,
        // only to whoever has its files.
        let place = if message.contains("alt text") {
            Some(Place::UndescribedImage)
        } else {
            quoted_text(&message).map(Place::Text)
        };
        let help = if message.contains("alt text") {
            Some(
                "say what each image shows between its brackets: ![Map of the region](map.png)"
                    .to_string(),
            )
        } else {
            errors.first().and_then(Self::help)
        };
        let help = help.unwrap_or_else(|| {
            format!("fix what {standard} requires, or remove `standard` from [pdf] in briefc.toml")
        });
        Finding {
            place,
            diagnostic: Diagnostic::new(
                Code::PdfStandard,
                span,
                format!("the PDF does not meet {standard}: {message}"),
            )
            .with_help(help),
        }
    }
}

/// The text a message quotes as `` `"中"` ``, if any.
fn quoted_text(message: &str) -> Option<String> {
    let start = message.find("`\"")? + 2;
    let end = start + message[start..].find("\"`")?;
    (end > start).then(|| message[start..end].to_string())
}

/// Typst's hints about its own command line mean nothing to a briefc user.
fn mentions_typst_cli(hint: &str) -> bool {
    hint.contains("--root") || hint.contains("--font-path") || hint.contains("typst ")
}

/// The first heading that skips a level (a level-3 heading under a
/// level-1 one), which PDF/UA refuses.
fn skipped_heading(doc: &Document) -> Option<Span> {
    use crate::model::Block;
    let mut previous = 0u8;
    for block in doc
        .summary
        .iter()
        .chain(doc.sections.iter().flat_map(|s| s.blocks.iter()))
    {
        if let Block::Heading { level, span, .. } = block {
            if *level > previous + 1 {
                return Some(*span);
            }
            previous = *level;
        }
    }
    None
}
