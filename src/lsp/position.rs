//! Positions as the protocol counts them: a line and a character offset
//! in UTF-16 code units (the protocol's default), or in bytes when the
//! client offers UTF-8 and it is chosen. briefc counts in bytes of UTF-8.

use lsp_types::{Position, Range};

/// How the client counts characters within a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf16,
    Utf8,
}

/// Where each line of a text starts, to go between byte offsets and
/// positions.
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str) -> Lines<'t> {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines { text, starts }
    }

    /// The position of byte `offset` (clamped to the text, and back to the
    /// start of a character).
    pub fn position(&self, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let before = &self.text[start..offset];
        let character = match encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.encode_utf16().count(),
        };
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, span: std::ops::Range<usize>, encoding: Encoding) -> Range {
        Range::new(
            self.position(span.start, encoding),
            self.position(span.end, encoding),
        )
    }

    /// The byte offset of `position`: a line past the end is the end of
    /// the text, a character past the end of its line the end of the line,
    /// one inside a character (half a surrogate pair) that character's
    /// start.
    pub fn offset(&self, position: Position, encoding: Encoding) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(self.text.len(), |&next| next);
        let line = &self.text[start..end];
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let wanted = position.character as usize;
        let mut units = 0;
        for (at, c) in line.char_indices() {
            let width = match encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if units + width > wanted {
                return start + at;
            }
            units += width;
        }
        start + line.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_counts_cyrillic_arabic_chinese_and_emoji() {
        let text = "a\nЖурналист 记者 صحفي 📰 x\n";
        let lines = Lines::new(text);
        let x = text.find(" x").unwrap() + 1;
        // 9 Cyrillic + space + 2 Chinese + space + 4 Arabic + space + an
        // emoji of two units + space.
        let position = lines.position(x, Encoding::Utf16);
        assert_eq!(position, Position::new(1, 9 + 1 + 2 + 1 + 4 + 1 + 2 + 1));
        assert_eq!(lines.offset(position, Encoding::Utf16), x);
        let utf8 = lines.position(x, Encoding::Utf8);
        assert_eq!(utf8.character as usize, x - 2);
        assert_eq!(lines.offset(utf8, Encoding::Utf8), x);
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let lines = Lines::new("ab\r\ncd");
        assert_eq!(lines.offset(Position::new(0, 99), Encoding::Utf16), 2);
        assert_eq!(lines.offset(Position::new(9, 0), Encoding::Utf16), 6);
        // Inside the emoji's surrogate pair: its start.
        let emoji = Lines::new("📰z");
        assert_eq!(emoji.offset(Position::new(0, 1), Encoding::Utf16), 0);
        assert_eq!(emoji.offset(Position::new(0, 2), Encoding::Utf16), 4);
    }
}
