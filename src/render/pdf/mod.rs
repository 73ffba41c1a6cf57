//! The PDF edition: `dist/<id>/<id>.pdf`, typeset by an embedded Typst
//! (feature `pdf`) from the JSON edition with the template
//! `briefing.typ`. Everything Typst may see is gathered first
//! ([`prepare`], held to [`limits`]) into a [`job::Job`]; the
//! typesetting ([`typeset`]) runs in a process of its own ([`child`])
//! bounded in time and memory, where Typst sees only what [`world`] hands
//! it; [`report`] says what it found.

use std::path::PathBuf;

use super::{Backend, Finding, Input, TemplateError, Templates};
use crate::options::Format;

#[cfg(feature = "pdf")]
mod child;
#[cfg(feature = "pdf")]
mod fonts;
#[cfg(feature = "pdf")]
mod images;
#[cfg(feature = "pdf")]
mod inspect;
#[cfg(feature = "pdf")]
mod job;
#[cfg(feature = "pdf")]
pub mod limits;
#[cfg(feature = "pdf")]
mod prepare;
#[cfg(feature = "pdf")]
mod report;
#[cfg(feature = "pdf")]
mod settings;
#[cfg(feature = "pdf")]
mod typeset;
#[cfg(feature = "pdf")]
mod world;

/// For the `briefc` binary, first thing: when this process was started
/// as a typesetting process, it typesets and says how it ended; else
/// every later typesetting runs in a child process of this program.
pub fn typesetting_process() -> Option<std::process::ExitCode> {
    #[cfg(feature = "pdf")]
    {
        if std::env::args_os().nth(1).as_deref() == Some(child::CHILD_ARGUMENT.as_ref()) {
            return Some(child::child_main());
        }
        if let Ok(program) = std::env::current_exe() {
            child::use_processes(program);
        }
    }
    None
}

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
        let Some(job) = prepare::job(input, findings)? else {
            // A limit was passed: its error among the findings leaves the
            // PDF out.
            return Ok(Vec::new());
        };
        let deadline =
            std::time::Instant::now() + std::time::Duration::from_secs(input.options.pdf.timeout);
        let bytes = match child::typeset(job, deadline) {
            Ok(outcome) => report::outcome(input, outcome, findings)?,
            Err(stopped) => {
                findings.push(report::stopped(input, stopped));
                Vec::new()
            }
        };
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
