//! `[pdf]` in `briefc.toml`: how the PDF edition is set. Read whether or
//! not this briefc can typeset a PDF, so `check` catches a misspelt key in
//! a build without the `pdf` feature too.

use crate::diagnostics::Diagnostics;
use crate::options::{
    MAX_PDF_TIMEOUT, PAPERS, Paper, PdfNotes, PdfSettings, PdfStandard, STANDARDS, SectionStart,
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
        pdf
    }
}
