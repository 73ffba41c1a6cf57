//! Everything a typesetting needs, gathered before it starts: the JSON
//! edition, the settings, the template files, the images and the
//! project's fonts, read through the project's door and held to the
//! PDF's limits. The typesetting then reads nothing else.

use std::io::Read;

use super::images;
use super::job::{Blob, Job};
use super::limits::{self, MAX_FONT_BYTES};
use super::settings;
use crate::diagnostics::{Code, Diagnostic, Span};
use crate::files::Refusal;
use crate::options::PdfStandard;
use crate::render::{Finding, Input, TemplateError};

/// The job for one briefing; `None` when the document, an image or a font
/// passes a limit, each of which is then a finding.
pub fn job(input: &Input<'_>, findings: &mut Vec<Finding>) -> Result<Option<Job>, TemplateError> {
    if !limits::document_fits(input, findings) {
        return Ok(None);
    }
    let Some(images) = images::read(input, findings) else {
        return Ok(None);
    };
    let Some(fonts) = fonts(input, findings) else {
        return Ok(None);
    };
    let document = crate::render::json::edition(input.doc, input.options)?;
    let date = settings::date_of(&input.doc.meta.date.iso);
    let inputs = input.templates.pdf_inputs();
    Ok(Some(Job {
        id: input.id().to_string(),
        today: (date.year, date.month, date.day),
        standard: input.options.pdf.standard.map(|s| {
            match s {
                PdfStandard::Ua1 => "ua-1",
                PdfStandard::A2b => "a-2b",
            }
            .to_string()
        }),
        system_fonts: input.options.pdf.system_fonts,
        templates: inputs
            .typst
            .iter()
            .map(|t| (format!("/{}", t.name), t.text.to_string()))
            .collect(),
        settings: settings::settings(input, &images.by_url),
        note_numbers: input.doc.notes.iter().map(|n| n.number).collect(),
        document,
        fonts,
        images: images.files,
    }))
}

/// The project's font files. One that cannot be read is a warning and
/// left out; one past the size limit leaves the PDF out.
fn fonts(input: &Input<'_>, findings: &mut Vec<Finding>) -> Option<Vec<Blob>> {
    let mut fonts = Vec::new();
    let mut fits = true;
    for (path, file) in &input.templates.pdf_inputs().fonts {
        let shown = crate::fsx::slash_path(path);
        let span = Span::file_start(*file);
        let read = input.files.open(path).and_then(|opened| {
            if opened.len > MAX_FONT_BYTES {
                return Ok(Err(opened.len));
            }
            let mut bytes = Vec::new();
            opened
                .take(MAX_FONT_BYTES)
                .read_to_end(&mut bytes)
                .map_err(Refusal::Io)?;
            Ok(Ok(bytes))
        });
        match read {
            Ok(Ok(bytes)) => fonts.push(Blob { name: shown, bytes }),
            Ok(Err(length)) => {
                findings.push(limits::passed(
                    span,
                    None,
                    format!(
                        "the font {shown} is {} MB, more than the PDF's limit of {} MB for one font file",
                        length >> 20,
                        MAX_FONT_BYTES >> 20
                    ),
                    "keep in fonts/ only the fonts the briefing uses",
                ));
                fits = false;
            }
            Err(refusal) => findings.push(unreadable_font(span, &shown, &refusal.describe())),
        }
    }
    fits.then_some(fonts)
}

/// A font file the PDF is typeset without.
pub fn unreadable_font(span: Span, path: &str, why: &str) -> Finding {
    Finding {
        diagnostic: Diagnostic::new(
            Code::InvalidFont,
            span,
            format!("{path} {why}; the PDF is typeset without it"),
        )
        .with_help(
            "put OpenType or TrueType fonts (.otf, .ttf, .ttc) in fonts/, or remove this file",
        ),
        place: None,
    }
}
