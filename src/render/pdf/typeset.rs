//! One briefing typeset from a [`Job`]: the document and the settings
//! served to the template in a closed world, the pages laid out and
//! checked, the PDF written with fixed identifiers and dates so that the
//! same sources give the same bytes. This runs where [`super::child`]
//! puts it, and reads nothing but the job.

use std::sync::Arc;

use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::DiagSpan;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::job::{Job, Outcome, Reported, Spot};
use super::world::{ClosedWorld, DOCUMENT_PATH, SETTINGS_PATH};
use super::{fonts, images, inspect};
use crate::render::GENERATOR;

/// How many times a briefing may be laid out to bring notes onto their
/// markers' pages.
const LAYOUTS: usize = 3;

/// Typesets the job. An `Err` is a fault of the job itself, which briefc
/// made: never something a briefing's files can cause.
pub fn run(job: Job) -> Result<Outcome, String> {
    let result = run_within(job);
    // Typst's memo cache holds every laid-out page, whether or not the
    // typesetting succeeded; a process that typesets again would keep them.
    typst::comemo::evict(0);
    result
}

fn run_within(job: Job) -> Result<Outcome, String> {
    let Job {
        id,
        today,
        standard,
        system_fonts,
        templates,
        mut settings,
        note_numbers,
        document,
        fonts,
        images,
    } = job;
    let mut outcome = Outcome::default();
    let images: Vec<(String, Bytes)> = images
        .into_iter()
        .map(|blob| (blob.name, Bytes::new(blob.bytes)))
        .collect();
    for (path, bytes) in &images {
        if let Err(problem) = images::decodes(path, bytes) {
            outcome.undecodable.push((path.clone(), problem));
        }
    }
    if !outcome.undecodable.is_empty() {
        return Ok(outcome);
    }
    let fonts = Arc::new(fonts::load(fonts, system_fonts));
    outcome.unreadable_fonts = fonts.unreadable.clone();
    settings["fonts"] = serde_json::json!(fonts.project_families);
    let document = Bytes::new(document);
    let today = Datetime::from_ymd(today.0, today.1, today.2)
        .ok_or_else(|| format!("{today:?} is not a date"))?;
    let typst_files: Vec<(String, Arc<str>)> = templates
        .into_iter()
        .map(|(path, text)| (path, Arc::from(text)))
        .collect();

    // Laid out once, and again with the notes that landed on another page
    // than their marker carried to a new line (see `carry` in the
    // template), up to a few times.
    let mut carry: Vec<u32> = Vec::new();
    let mut round = 0;
    let (world, laid_out) = loop {
        settings["carry"] = serde_json::json!(carry);
        let mut data = vec![
            (DOCUMENT_PATH.to_string(), document.clone()),
            (
                SETTINGS_PATH.to_string(),
                Bytes::new(serde_json::to_vec(&settings).map_err(|e| e.to_string())?),
            ),
        ];
        data.extend(images.iter().cloned());
        let world = ClosedWorld::new(Arc::clone(&fonts), typst_files.clone(), data, today)
            .ok_or("a template in templates/ has a name Typst cannot use")?;
        let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
        let laid_out = match output {
            Ok(laid_out) => laid_out,
            Err(errors) => {
                outcome.errors = errors.iter().map(|e| reported(&world, e)).collect();
                return Ok(outcome);
            }
        };
        let off = inspect::notes_off_page(&laid_out, &note_numbers);
        round += 1;
        let more: Vec<u32> = off
            .iter()
            .map(|o| o.number)
            .filter(|n| !carry.contains(n))
            .collect();
        if more.is_empty() || round == LAYOUTS {
            outcome.warnings = warnings.iter().map(|w| reported(&world, w)).collect();
            outcome.off_page = off;
            break (world, laid_out);
        }
        carry.extend(more);
        carry.sort_unstable();
    };
    outcome.missing = inspect::missing_glyphs(&laid_out);

    let standards = match standard.as_deref() {
        None => PdfStandards::default(),
        Some("ua-1") => standards(PdfStandard::Ua_1)?,
        Some("a-2b") => standards(PdfStandard::A_2b)?,
        Some(other) => return Err(format!("no PDF standard is called {other}")),
    };
    let options = PdfOptions {
        ident: Smart::Custom(format!("briefc/{id}")),
        creator: Smart::Custom(Some(GENERATOR.to_string())),
        timestamp: Some(Timestamp::new_utc(today)),
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    match typst_pdf::pdf(&laid_out, &options) {
        Ok(bytes) => outcome.pdf = Some(bytes),
        Err(errors) => outcome.refused = errors.iter().map(|e| reported(&world, e)).collect(),
    }
    Ok(outcome)
}

fn standards(standard: PdfStandard) -> Result<PdfStandards, String> {
    PdfStandards::new(&[standard]).map_err(|e| e.message().to_string())
}

/// A Typst diagnostic as plain data, its places as paths and byte ranges.
fn reported(world: &ClosedWorld, diagnostic: &SourceDiagnostic) -> Reported {
    let spot = |span: DiagSpan| {
        let id = span.id()?;
        Some(Spot {
            path: id.vpath().get_without_slash().to_string(),
            range: world.range(span).unwrap_or(0..0),
        })
    };
    Reported {
        error: diagnostic.severity == Severity::Error,
        message: diagnostic.message.to_string(),
        hints: diagnostic.hints.iter().map(|h| h.v.to_string()).collect(),
        spot: spot(diagnostic.span),
        trace: diagnostic
            .trace
            .iter()
            .filter_map(|point| spot(DiagSpan::from_span(point.span, None)))
            .collect(),
    }
}
