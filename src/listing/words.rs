//! Word counts, as an editor counts a manuscript: the words a reader
//! reads, as printed (citations written out, "Ibid." as one word), without
//! markers, images or code. A word is a run of letters and digits (with
//! the apostrophes and hyphens inside it); in Chinese and Japanese, whose
//! text has no spaces, each character counts as one, as their publishers
//! count (Word's "Asian characters"), and Korean by its words.

use serde::Serialize;

use crate::model::visit::{Visit, walk_block, walk_inline};
use crate::model::{Block, Document, Inline};

/// The words of a briefing: its text (summary and sections, headings
/// included) and its notes, apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Words {
    pub text: usize,
    pub notes: usize,
}

pub fn of_document(doc: &Document) -> Words {
    let mut text = Counter::default();
    text.visit_blocks(&doc.summary);
    for section in &doc.sections {
        text.visit_blocks(&section.blocks);
    }
    let mut notes = Counter::default();
    for note in &doc.notes {
        notes.visit_blocks(&note.blocks);
    }
    Words {
        text: text.finish(),
        notes: notes.finish(),
    }
}

/// The words of one text.
pub fn count(text: &str) -> usize {
    let mut words = 0;
    let mut in_word = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_ideograph(c) {
            words += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                words += 1;
                in_word = true;
            }
        } else if in_word
            && matches!(c, '\'' | '\u{2019}' | '-' | '\u{2010}')
            && chars
                .peek()
                .is_some_and(|next| next.is_alphanumeric() && !is_ideograph(*next))
        {
            // Inside a word: "don't", "well-founded".
        } else {
            in_word = false;
        }
    }
    words
}

/// Han ideographs, and the Japanese syllabaries, which count one a
/// character.
fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x3134F  // CJK Extensions B to G
    )
}

/// The text of blocks gathered a block at a time, so that a word split by
/// markup (`foo*bar*`) stays one word.
#[derive(Default)]
struct Counter {
    block: String,
    words: usize,
}

impl Counter {
    fn finish(mut self) -> usize {
        self.flush();
        self.words
    }

    fn flush(&mut self) {
        self.words += count(&self.block);
        self.block.clear();
    }
}

impl<'a> Visit<'a> for Counter {
    fn visit_block(&mut self, block: &'a Block) {
        if matches!(block, Block::Code { .. } | Block::Html(_) | Block::Rule) {
            return;
        }
        walk_block(self, block);
        self.flush();
    }

    fn visit_inline(&mut self, inline: &'a Inline) {
        match inline {
            Inline::Text(text) | Inline::Code(text) => self.block.push_str(text),
            Inline::SoftBreak | Inline::HardBreak => self.block.push(' '),
            Inline::Image(_) | Inline::NoteRef(_) | Inline::Html(_) => {}
            _ => walk_inline(self, inline),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn words_are_counted_as_editors_count_them() {
        assert_eq!(count("The court's well-founded order, of 12 June 2006."), 8);
        assert_eq!(count("Ibid., p. 4."), 3);
        assert_eq!(count("— and then —"), 2);
        // Chinese: one a character, punctuation not counted.
        assert_eq!(count("俄罗斯联邦：伊万诺沃难民。"), 11);
        assert_eq!(count("联合国 UNHCR 认定"), 6);
        assert_eq!(count("Дело ивановских беженцев"), 3);
        assert_eq!(count("قضية لاجئي إيفانوفو"), 3);
    }
}
