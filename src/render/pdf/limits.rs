//! The PDF's limits, checked before Typst starts: how much text and how
//! many notes, how large an image, a font or a link may be. Typesetting
//! takes memory and time in proportion to them (about 300 MB and four
//! seconds per megabyte of text), and a file's header can claim a size
//! that would take more memory than any machine has. Past a limit the PDF of that
//! briefing is left out with a `pdf-limit` error at the place that
//! passed it; the other editions are still written.
//!
//! The typesetting itself then runs in a process of its own under
//! [`MEMORY`] and `[pdf] timeout` (see `super::child`), which holds
//! whatever a template does.

use crate::diagnostics::{Code, Diagnostic, Span};
use crate::model::visit::{Visit, walk_block, walk_inline};
use crate::model::{Block, Document, Inline};
use crate::render::{Finding, Input, Place};

/// Text of a briefing, in bytes of UTF-8: about 1,700 pages.
pub const MAX_TEXT: usize = 8_000_000;
/// Notes of a briefing: each is placed and balanced on its page, which
/// costs more than its text (20,000 short notes take about a minute).
pub const MAX_NOTES: usize = 10_000;
/// One image file.
pub const MAX_IMAGE_BYTES: u64 = 64 * 1024 * 1024;
/// One image, decoded: 50 megapixels (a camera's photo is 12 to 24).
pub const MAX_IMAGE_PIXELS: u64 = 50_000_000;
/// All the images of a briefing, decoded: about 1 GB in memory.
pub const MAX_PIXELS: u64 = 250_000_000;
/// One font file (a CJK collection with every weight is about 100 MB).
pub const MAX_FONT_BYTES: u64 = 160 * 1024 * 1024;
/// A link's address: Typst makes no PDF link longer.
pub const MAX_URL: usize = 8_000;
/// The memory the typesetting process may take.
pub const MEMORY: u64 = 4 << 30;

/// A `pdf-limit` error at `span`, moved to `place` where the briefing's
/// files name it.
pub fn passed(span: Span, place: Option<Place>, message: String, help: &str) -> Finding {
    Finding {
        diagnostic: Diagnostic::new(Code::PdfLimit, span, message)
            .with_label("the PDF is left out")
            .with_help(help.to_string()),
        place,
    }
}

const SPLIT: &str = "split the briefing in two, or build this one without the PDF (`formats` \
                     in briefing.toml, or --format html,text)";

/// Whether the document's text and links are within the limits; each
/// that is not is a finding.
pub fn document_fits(input: &Input<'_>, findings: &mut Vec<Finding>) -> bool {
    let measure = measure(input.doc);
    let mut fits = true;
    let mut too_long = |message: String| {
        fits = false;
        findings.push(passed(
            Span::file_start(input.metadata_file),
            None,
            message,
            SPLIT,
        ));
    };
    if measure.text > MAX_TEXT {
        too_long(format!(
            "the briefing holds {:.1} MB of text, more than the PDF's limit of {} MB",
            measure.text as f64 / 1e6,
            MAX_TEXT / 1_000_000
        ));
    }
    if input.doc.notes.len() > MAX_NOTES {
        too_long(format!(
            "the briefing has {} notes, more than the PDF's limit of {MAX_NOTES}",
            input.doc.notes.len()
        ));
    }
    if let Some(url) = measure.long_url {
        fits = false;
        // The start of the address is enough to find it in the sources.
        let start: String = url.chars().take(200).collect();
        findings.push(passed(
            Span::file_start(input.metadata_file),
            Some(Place::Text(start)),
            format!(
                "a link's address is {} characters long, more than the {MAX_URL} a PDF link may have",
                url.chars().count()
            ),
            "link a shorter address for the same page (most sites offer one), or cite the page \
             without its address",
        ));
    }
    fits
}

struct Measure<'a> {
    text: usize,
    long_url: Option<&'a str>,
}

fn measure(doc: &Document) -> Measure<'_> {
    let mut measure = Measure {
        text: 0,
        long_url: None,
    };
    measure.visit_blocks(&doc.summary);
    for section in &doc.sections {
        measure.visit_blocks(&section.blocks);
    }
    for note in &doc.notes {
        measure.visit_blocks(&note.blocks);
    }
    measure
}

impl<'a> Visit<'a> for Measure<'a> {
    fn visit_block(&mut self, block: &'a Block) {
        if let Block::Code { text, .. } | Block::Html(text) = block {
            self.text += text.len();
        }
        walk_block(self, block);
    }
    fn visit_inline(&mut self, inline: &'a Inline) {
        match inline {
            Inline::Text(text) | Inline::Code(text) | Inline::Html(text) => self.text += text.len(),
            Inline::Link(link) | Inline::Image(link)
                if link.url.len() > MAX_URL && self.long_url.is_none() =>
            {
                self.long_url = Some(&link.url);
            }
            _ => {}
        }
        walk_inline(self, inline);
    }
}
