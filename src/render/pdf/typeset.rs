//! One briefing typeset: the JSON edition and the settings served to the
//! template in a closed world, the pages laid out and checked, the PDF
//! written with fixed identifiers and dates so that the same sources
//! give the same bytes.

use std::sync::Arc;

use typst::diag::Warned;
use typst::foundations::{Bytes, Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::report::Reporter;
use super::world::{ClosedWorld, DOCUMENT_PATH, SETTINGS_PATH};
use super::{fonts, images, inspect, settings};
use crate::diagnostics::{Code, Diagnostic};
use crate::options::PdfStandard as Standard;
use crate::render::{Finding, GENERATOR, Input, TemplateError};

/// How many times a briefing may be laid out to bring notes onto their
/// markers' pages.
const LAYOUTS: usize = 3;

pub fn typeset(input: &Input<'_>, findings: &mut Vec<Finding>) -> Result<Vec<u8>, TemplateError> {
    let result = typeset_within(input, findings);
    // Typst's memo cache holds every laid-out page, whether or not the
    // typesetting succeeded; a long-running serve would keep them all.
    typst::comemo::evict(0);
    result
}

fn typeset_within(
    input: &Input<'_>,
    findings: &mut Vec<Finding>,
) -> Result<Vec<u8>, TemplateError> {
    let inputs = input.templates.pdf_inputs();
    let pdf = input.options.pdf;
    // `[pdf] timeout` bounds all the layouts of the briefing together.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(pdf.timeout);
    let fonts = fonts::for_project(input.files, &inputs.fonts, pdf.system_fonts);
    for (path, why) in &fonts.unreadable {
        let Some(&(_, file)) = inputs.fonts.iter().find(|(p, _)| p == path) else {
            continue;
        };
        findings.push(Finding {
            diagnostic: Diagnostic::new(
                Code::InvalidFont,
                crate::diagnostics::Span::file_start(file),
                format!("{} {why}; the PDF is typeset without it", path.display()),
            )
            .with_help(
                "put OpenType or TrueType fonts (.otf, .ttf, .ttc) in fonts/, or remove this file",
            ),
            place: None,
        });
    }
    let document = Bytes::new(crate::render::json::edition(input.doc, input.options)?);
    let images = images::read(input, findings);
    let typst_files: Vec<(String, Arc<str>)> = inputs
        .typst
        .iter()
        .map(|t| (format!("/{}", t.name), Arc::clone(&t.text)))
        .collect();
    let date = settings::date_of(&input.doc.meta.date.iso);
    let today = Datetime::from_ymd(date.year, date.month, date.day).ok_or_else(|| {
        TemplateError::Internal(format!(
            "the date {} is not a date",
            input.doc.meta.date.iso
        ))
    })?;

    // Laid out once, and again with the notes that landed on another page
    // than their marker carried to a new line (see `carry` in the
    // template), up to a few times.
    let mut carry: Vec<u32> = Vec::new();
    let mut round = 0;
    let (world, document, off) = loop {
        let settings = settings::settings_json(
            input,
            fonts.project_families.clone(),
            &carry,
            &images.by_url,
        );
        let mut data = vec![
            (DOCUMENT_PATH.to_string(), document.clone()),
            (SETTINGS_PATH.to_string(), Bytes::new(settings)),
        ];
        data.extend(images.files.iter().cloned());
        let world = ClosedWorld::new(Arc::clone(&fonts), typst_files.clone(), data, today)
            .ok_or_else(|| {
                TemplateError::Internal(
                    "a template in templates/ has a name Typst cannot use".to_string(),
                )
            })?;
        let (world, Warned { output, warnings }) = lay_out(world, input, deadline)?;
        let reporter = Reporter::new(&world, input);
        let laid_out = output.map_err(|errors| reporter.error(&errors))?;
        let off = inspect::notes_off_page(&laid_out, input.doc);
        round += 1;
        let more: Vec<u32> = off
            .iter()
            .map(|o| o.number)
            .filter(|n| !carry.contains(n))
            .collect();
        if more.is_empty() || round == LAYOUTS {
            findings.extend(warnings.iter().map(|w| reporter.warning(w)));
            break (world, laid_out, off);
        }
        carry.extend(more);
        carry.sort_unstable();
    };
    crate::timings::stage("render: pdf layout");
    let reporter = Reporter::new(&world, input);
    findings.extend(off.iter().map(|o| inspect::off_page_finding(input, o)));
    inspect::missing_glyphs(&document, input, findings);
    crate::timings::stage("render: pdf checks of the pages");

    let (standards, standard_name) = match pdf.standard {
        None => (PdfStandards::default(), ""),
        Some(Standard::Ua1) => (standards(PdfStandard::Ua_1)?, "PDF/UA-1"),
        Some(Standard::A2b) => (standards(PdfStandard::A_2b)?, "PDF/A-2b"),
    };
    let options = PdfOptions {
        ident: Smart::Custom(format!("briefc/{}", input.id())),
        creator: Smart::Custom(Some(GENERATOR.to_string())),
        timestamp: Some(Timestamp::new_utc(today)),
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    let bytes = match typst_pdf::pdf(&document, &options) {
        Ok(bytes) => bytes,
        Err(errors) => {
            // An error among the findings stops the build: no file is kept.
            findings.push(reporter.standard_error(&errors, standard_name));
            Vec::new()
        }
    };
    Ok(bytes)
}

fn standards(standard: PdfStandard) -> Result<PdfStandards, TemplateError> {
    PdfStandards::new(&[standard]).map_err(|e| TemplateError::Internal(e.message().to_string()))
}

/// Lays the document out on a thread of its own, waited for until the
/// deadline that `[pdf] timeout` set: Typst cannot be stopped from outside,
/// and a briefing must never hang the build. (A thread that overruns is
/// left to finish on its own; the build has failed by then.)
fn lay_out(
    world: ClosedWorld,
    input: &Input<'_>,
    deadline: std::time::Instant,
) -> Result<
    (
        ClosedWorld,
        Warned<typst::diag::SourceResult<PagedDocument>>,
    ),
    TemplateError,
> {
    let seconds = input.options.pdf.timeout;
    let (sender, receiver) = std::sync::mpsc::channel();
    large_stacks_for_typst_threads();
    let spawned = std::thread::Builder::new()
        .name("typeset".to_string())
        .stack_size(TYPESET_STACK)
        .spawn(move || {
            let result = typst::compile::<PagedDocument>(&world);
            let _ = sender.send((world, result));
        });
    if let Err(error) = spawned {
        return Err(TemplateError::Internal(format!(
            "cannot start a thread to typeset the PDF: {error}"
        )));
    }
    let left = deadline.saturating_duration_since(std::time::Instant::now());
    match receiver.recv_timeout(left) {
        Ok(done) => Ok(done),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            Err(TemplateError::Diagnostic(Box::new(
                Diagnostic::new(
                    Code::TemplateError,
                    crate::diagnostics::Span::file_start(input.metadata_file),
                    format!(
                        "typesetting the PDF of `{}` took longer than {seconds} second{}",
                        input.id(),
                        if seconds == 1 { "" } else { "s" }
                    ),
                )
                .with_help(
                    "raise `timeout` in [pdf] of briefc.toml for a very long briefing, or build \
                     without the PDF (--format html,text)",
                ),
            )))
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(TemplateError::Internal(
            "typesetting the PDF stopped without a result".to_string(),
        )),
    }
}

/// The stack of the threads that lay a document out. Typst recurses once
/// or more per level of nested content, and a default thread stack (2 MiB)
/// overflows on a list nested a few dozen deep in a debug build; the space
/// is reserved, not used, until a document needs it.
const TYPESET_STACK: usize = 256 * 1024 * 1024;

/// Typst lays page runs out on rayon's global pool: its threads get the
/// same stacks, once per process. (A pool some other code built first
/// keeps its own settings.)
fn large_stacks_for_typst_threads() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = rayon::ThreadPoolBuilder::new()
            .stack_size(TYPESET_STACK)
            .build_global();
    });
}
