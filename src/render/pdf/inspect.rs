//! Checks of the laid-out pages that Typst does not make itself: that
//! every note is printed on the page of its marker, and that every
//! character has a glyph in some font (Typst prints an empty box, "tofu",
//! and says nothing). What they find goes back in the outcome;
//! `super::report` says it.

use std::collections::BTreeSet;

use typst::foundations::{Element, Selector};
use typst::introspection::Location;
use typst::layout::{Frame, FrameItem};
use typst::model::FootnoteEntry;
use typst_layout::PagedDocument;

use super::job::{Missing, OffPage};

fn page_of(document: &PagedDocument, location: Option<Location>) -> Option<usize> {
    Some(document.introspector().position(location?)?.page.get())
}

/// Every note whose entry is on another page than its first marker. Notes
/// are known by the `fn-N` label the template gives them; a project
/// template without those labels is checked by the order of the notes.
pub fn notes_off_page(document: &PagedDocument, note_numbers: &[u32]) -> Vec<OffPage> {
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
            .or_else(|| note_numbers.get(index).copied());
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

/// The characters printed without a glyph, each with the first page it
/// is on, in the order first met.
pub fn missing_glyphs(document: &PagedDocument) -> Vec<Missing> {
    let mut seen = BTreeSet::new();
    let mut missing = Vec::new();
    for (index, page) in document.pages().iter().enumerate() {
        collect_missing(&page.frame, index + 1, &mut seen, &mut missing);
    }
    missing
}

fn collect_missing(
    frame: &Frame,
    page: usize,
    seen: &mut BTreeSet<char>,
    missing: &mut Vec<Missing>,
) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => collect_missing(&group.frame, page, seen, missing),
            FrameItem::Text(text) => {
                for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                    let Some(piece) = text.text.get(glyph.range()) else {
                        continue;
                    };
                    for character in piece.chars().filter(|c| !c.is_whitespace()) {
                        if seen.insert(character) {
                            missing.push(Missing {
                                character,
                                page,
                                font: text.font.font().info().family.clone(),
                            });
                        }
                    }
                }
            }
            _ => {}
        }
    }
}
