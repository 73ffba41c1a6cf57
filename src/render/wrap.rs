//! Line wrapping by display width: CJK and emoji count two columns, a line
//! breaks at spaces and between wide characters, never inside a word or a
//! URL, and a word longer than the width stands on a line of its own.
//! textwrap's first-fit algorithm places the words; their widths are
//! measured here once, with a fast path for ASCII.

use textwrap::core::Fragment;
use textwrap::wrap_algorithms::wrap_first_fit;
use unicode_width::UnicodeWidthChar;

pub use unicode_width::UnicodeWidthStr;

/// Display width of a string; ASCII, the common case, is one column a byte.
pub fn width(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        UnicodeWidthStr::width(text)
    }
}

/// A word and the spaces after it, with their display widths measured once.
#[derive(Debug)]
struct Piece {
    start: usize,
    /// End of the word; the spaces run on to `next`.
    end: usize,
    width: usize,
    spaces: usize,
}

impl Fragment for Piece {
    fn width(&self) -> f64 {
        self.width as f64
    }

    fn whitespace_width(&self) -> f64 {
        self.spaces as f64
    }

    fn penalty_width(&self) -> f64 {
        0.0
    }
}

fn is_wide(c: char) -> bool {
    !c.is_ascii() && c.width().unwrap_or(0) >= 2
}

/// Words end after a run of spaces, and before a wide character: CJK text
/// has no spaces but may break between any two of its characters. A mark
/// that follows a wide character (`。[31]`) stays with it.
fn pieces(line: &str) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::with_capacity(line.len() / 5);
    let bytes = line.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // One tight pass over the bytes: a word runs to the next space.
        let start = at;
        let mut ascii = true;
        while at < bytes.len() && bytes[at] != b' ' {
            ascii &= bytes[at].is_ascii();
            at += 1;
        }
        let end = at;
        while at < bytes.len() && bytes[at] == b' ' {
            at += 1;
        }
        let spaces = at - end;
        if end == start {
            if let Some(last) = pieces.last_mut() {
                last.spaces += spaces;
            }
        } else if ascii {
            pieces.push(Piece {
                start,
                end,
                width: end - start,
                spaces,
            });
        } else {
            split_wide(&line[start..end], start, spaces, &mut pieces);
        }
    }
    pieces
}

/// A word with non-ASCII characters: measured character by character, and
/// broken before each wide character that does not start it.
fn split_wide(word: &str, offset: usize, spaces: usize, pieces: &mut Vec<Piece>) {
    let mut start = 0;
    let mut width = 0;
    for (at, c) in word.char_indices() {
        if at > start && is_wide(c) {
            pieces.push(Piece {
                start: offset + start,
                end: offset + at,
                width,
                spaces: 0,
            });
            start = at;
            width = 0;
        }
        width += c.width().unwrap_or(0);
    }
    pieces.push(Piece {
        start: offset + start,
        end: offset + word.len(),
        width,
        spaces,
    });
}

/// The byte ranges of `text`'s lines when wrapped to `first` columns for
/// the first line and `rest` after it, by textwrap's first-fit algorithm. A
/// width of 0 means no wrapping. Lines never begin or end with a space.
pub fn wrap_ranges(text: &str, first: usize, rest: usize) -> Vec<std::ops::Range<usize>> {
    let pieces = pieces(text);
    let (Some(head), Some(tail)) = (pieces.first(), pieces.last()) else {
        return Vec::new();
    };
    if first == 0 || rest == 0 {
        return std::iter::once(head.start..tail.end).collect();
    }
    wrap_first_fit(&pieces, &[first as f64, rest as f64])
        .into_iter()
        .map(|line| line[0].start..line[line.len() - 1].end)
        .collect()
}

/// Wraps `text` (one paragraph, no newlines) to `width` columns with the
/// given indents. A width of 0 means no wrapping. No line ends in a space.
pub fn wrap(text: &str, width: usize, first_indent: &str, rest_indent: &str) -> Vec<String> {
    let (first, rest) = if width == 0 {
        (0, 0)
    } else {
        (
            width.saturating_sub(self::width(first_indent)).max(1),
            width.saturating_sub(self::width(rest_indent)).max(1),
        )
    };
    let ranges = wrap_ranges(text, first, rest);
    if ranges.is_empty() {
        return vec![first_indent.trim_end().to_string()];
    }
    ranges
        .into_iter()
        .enumerate()
        .map(|(i, range)| {
            let indent = if i == 0 { first_indent } else { rest_indent };
            let mut out = String::with_capacity(indent.len() + range.len());
            out.push_str(indent);
            out.push_str(&text[range]);
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_by_display_width_and_breaks_between_cjk_characters() {
        let lines = wrap("漢字漢字漢字 abc", 8, "", "");
        assert_eq!(lines, ["漢字漢字", "漢字 abc"]);
        assert!(lines.iter().all(|l| width(l) <= 8));
    }

    #[test]
    fn a_long_url_stands_alone_unbroken() {
        let url = "https://example.org/a/very/long/path/that/does/not/fit";
        let lines = wrap(&format!("See {url} now."), 20, "", "");
        assert_eq!(lines, ["See", url, "now."]);
    }

    #[test]
    fn hanging_indent_and_no_trailing_spaces() {
        let lines = wrap("one two three four", 10, "[31] ", "     ");
        assert_eq!(lines, ["[31] one", "     two", "     three", "     four"]);
    }

    #[test]
    fn zero_width_means_one_line() {
        assert_eq!(wrap("a b c", 0, "- ", "  "), ["- a b c"]);
    }
}
