//! Checks of the laid-out pages that Typst does not make itself: that
//! every note is printed on the page of its marker, and that every
//! character has a glyph in some font (Typst prints an empty box, "tofu",
//! and says nothing).

use std::collections::BTreeMap;

use typst::foundations::{Element, Selector};
use typst::introspection::Location;
use typst::layout::{Frame, FrameItem};
use typst::model::FootnoteEntry;
use typst_layout::PagedDocument;

use crate::diagnostics::{Code, Diagnostic, Span};
use crate::model::Document;
use crate::render::{Finding, Input, Place};

fn page_of(document: &PagedDocument, location: Option<Location>) -> Option<usize> {
    Some(document.introspector().position(location?)?.page.get())
}

/// A note printed on another page than its first marker: the pages of
/// the note and of the marker.
pub struct OffPage {
    pub number: u32,
    pub note_page: usize,
    pub marker_page: usize,
}

/// Every note whose entry is on another page than its first marker. Notes
/// are known by the `fn-N` label the template gives them; a project
/// template without those labels is checked by the order of the notes.
pub fn notes_off_page(document: &PagedDocument, doc: &Document) -> Vec<OffPage> {
    let entries = document
        .introspector()
        .elements()
        .query(&Selector::Elem(Element::of::<FootnoteEntry>(), None));
    let mut off = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let Some(entry) = entry.to_packed::<FootnoteEntry>() else {
            continue;
        };
        let (Some(note_page), Some(marker_page)) = (
            page_of(document, entry.location()),
            page_of(document, entry.note.location()),
        ) else {
            continue;
        };
        if note_page == marker_page {
            continue;
        }
        let number = entry
            .note
            .label()
            .and_then(|label| label.resolve().as_str().strip_prefix("fn-")?.parse().ok())
            .or_else(|| doc.notes.get(index).map(|n| n.number));
        if let Some(number) = number {
            off.push(OffPage {
                number,
                note_page,
                marker_page,
            });
        }
    }
    off
}

/// The warning for a note left on another page.
pub fn off_page_finding(input: &Input<'_>, off: &OffPage) -> Finding {
    let OffPage {
        number,
        note_page,
        marker_page,
    } = *off;
    Finding {
        diagnostic: Diagnostic::new(
            Code::NoteOffPage,
            Span::file_start(input.metadata_file),
            format!(
                "in the PDF, note {number} is printed on page {note_page} but its marker is on page {marker_page}"
            ),
        )
        .with_label("this marker")
        .with_help(
            "a little more or less text near the marker, or a shorter note, lets it fit; \
             `[pdf] notes = \"end\"` prints the notes after the text instead",
        ),
        place: Some(Place::Note(number)),
    }
}

/// A character with no glyph: the first page it is on and the font that
/// was asked for it.
struct Missing {
    page: usize,
    font: String,
}

/// How many missing characters one warning names.
const NAMED: usize = 8;

/// The characters printed without a glyph, in one warning at the first
/// place the briefing's files contain the first of them: a text in a
/// script no font covers would otherwise give a warning per character.
pub fn missing_glyphs(document: &PagedDocument, input: &Input<'_>, findings: &mut Vec<Finding>) {
    let mut missing: BTreeMap<char, Missing> = BTreeMap::new();
    let mut order: Vec<char> = Vec::new();
    for (index, page) in document.pages().iter().enumerate() {
        collect_missing(&page.frame, index + 1, &mut missing, &mut order);
    }
    let Some(&first) = order.first() else {
        return;
    };
    let named: Vec<String> = order
        .iter()
        .take(NAMED)
        .map(|c| {
            let found = &missing[c];
            format!(
                "{c} (U+{:04X}, page {}, {})",
                *c as u32, found.page, found.font
            )
        })
        .collect();
    let more = match order.len().saturating_sub(NAMED) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let message = if order.len() == 1 {
        format!(
            "no font of the PDF has the character {}: it shows as an empty box",
            named[0]
        )
    } else {
        format!(
            "no font of the PDF has these {} characters, which show as empty boxes: {}{more}",
            order.len(),
            named.join(", ")
        )
    };
    findings.push(Finding {
        diagnostic: Diagnostic::new(
            Code::MissingGlyph,
            Span::file_start(input.metadata_file),
            message,
        )
        .with_label("the first of them")
        .with_help(
            "add a font that has them to the project's fonts/ directory (for Chinese, Japanese \
             or Korean, a Noto Sans CJK or Noto Serif CJK font; for Arabic, Noto Naskh Arabic), \
             or set `system_fonts = true` in [pdf] to use the machine's fonts",
        ),
        place: Some(Place::Text(first.to_string())),
    });
}

fn collect_missing(
    frame: &Frame,
    page: usize,
    missing: &mut BTreeMap<char, Missing>,
    order: &mut Vec<char>,
) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => collect_missing(&group.frame, page, missing, order),
            FrameItem::Text(text) => {
                for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                    let Some(piece) = text.text.get(glyph.range()) else {
                        continue;
                    };
                    for character in piece.chars().filter(|c| !c.is_whitespace()) {
                        missing.entry(character).or_insert_with(|| {
                            order.push(character);
                            Missing {
                                page,
                                font: text.font.font().info().family.clone(),
                            }
                        });
                    }
                }
            }
            _ => {}
        }
    }
}
