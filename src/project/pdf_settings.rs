//! `[pdf]` in `briefc.toml`: how the PDF edition is set. Read whether or
//! not this briefc can typeset a PDF, so `check` catches a misspelt key in
//! a build without the `pdf` feature too.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::options::{
    Contents, Cover, MAX_PDF_TIMEOUT, PAPERS, Paper, PdfNotes, PdfSettings, PdfStandard, STANDARDS,
    SectionStart,
};
use crate::toml_fields::Fields;

impl PdfSettings {
    pub fn parse(table: &Fields<'_, '_>, diagnostics: &mut Diagnostics) -> PdfSettings {
        let mut pdf = PdfSettings::default();
        table.deny_unknown(
            &[
                "notes",
                "paper",
                "standard",
                "system_fonts",
                "timeout",
                "sections",
                "contents",
                "logo",
                "colour",
            ],
            diagnostics,
        );
        if let Some((index, _)) = table.choice("notes", &["page", "end"], diagnostics) {
            pdf.notes = [PdfNotes::Page, PdfNotes::End][index];
        }
        if let Some((index, _)) = table.choice("paper", PAPERS, diagnostics) {
            pdf.paper = [Paper::A4, Paper::UsLetter][index];
        }
        if let Some((index, _)) = table.choice("standard", STANDARDS, diagnostics) {
            pdf.standard = Some([PdfStandard::Ua1, PdfStandard::A2b][index]);
        }
        if let Some(system) = table.bool("system_fonts", diagnostics) {
            pdf.system_fonts = system;
        }
        if let Some((index, _)) = table.choice("sections", &["new-page", "continue"], diagnostics) {
            pdf.sections = [SectionStart::NewPage, SectionStart::Continue][index];
        }
        if let Some(seconds) = table.integer("timeout", 1..=MAX_PDF_TIMEOUT, diagnostics) {
            pdf.timeout = seconds as u64;
        }
        if let Some((value, span)) = table.get("contents") {
            match (value.get_ref().as_bool(), value.get_ref().as_str()) {
                (Some(true), _) => pdf.contents = Contents::Always,
                (Some(false), _) => pdf.contents = Contents::Never,
                (_, Some("auto")) => pdf.contents = Contents::Auto,
                _ => diagnostics.push(
                    Diagnostic::new(
                        Code::InvalidMetadata,
                        span,
                        "`contents` in [pdf] is \"auto\", true or false",
                    )
                    .with_help("contents = \"auto\" gives a contents page only to a briefing with five headings or more; true always, false never"),
                ),
            }
        }
        pdf
    }
}

/// `logo` and `colour` of a `[pdf]` table: briefc.toml's, or a
/// briefing.toml's own (which takes no other key).
pub fn cover(table: &Fields<'_, '_>, diagnostics: &mut Diagnostics) -> Cover {
    let logo = table.string("logo", diagnostics);
    let colour = table
        .string("colour", diagnostics)
        .and_then(|(colour, span)| {
            let hex = colour.strip_prefix('#').unwrap_or("");
            if hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                Some(colour.to_ascii_lowercase())
            } else {
                diagnostics.push(
                    Diagnostic::new(
                        Code::InvalidMetadata,
                        span,
                        format!("`colour` in [pdf] is not a colour: `{colour}`"),
                    )
                    .with_help(
                        "write it as a web colour, # and six hex digits: colour = \"#0b4f8a\"",
                    ),
                );
                None
            }
        });
    Cover { logo, colour }
}
