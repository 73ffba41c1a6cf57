//! Line wrapping by display width: CJK and emoji count two columns, a line
//! breaks at spaces and between wide characters, never inside a word or a
//! URL, and a word longer than the width stands on a line of its own.
//! Words are placed first-fit (each line takes every word that still fits)
//! in the same pass that finds and measures them, so no list of words is
//! ever built; ASCII, the common case, is measured a byte a column.

use std::ops::Range;

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

fn is_wide(c: char) -> bool {
    !c.is_ascii() && c.width().unwrap_or(0) >= 2
}

/// The line being filled, first-fit.
struct Filler<F: FnMut(Range<usize>)> {
    /// Columns the current line may take; 0 for no wrapping.
    limit: usize,
    /// Columns of every line after the first.
    rest: usize,
    /// The current line's first byte and the end of its last word.
    line: Option<Range<usize>>,
    /// Columns used by the current line, with the spaces after its last
    /// word (they count only if another word follows on the line).
    used: usize,
    emit: F,
}

impl<F: FnMut(Range<usize>)> Filler<F> {
    fn word(&mut self, start: usize, end: usize, width: usize) {
        match &mut self.line {
            Some(line) if self.limit == 0 || self.used + width <= self.limit => {
                line.end = end;
                self.used += width;
            }
            Some(line) => {
                (self.emit)(line.clone());
                self.line = Some(start..end);
                self.limit = self.rest;
                self.used = width;
            }
            None => {
                self.line = Some(start..end);
                self.used = width;
            }
        }
    }

    fn spaces(&mut self, count: usize) {
        if self.line.is_some() {
            self.used += count;
        }
    }

    fn finish(mut self) {
        if let Some(line) = self.line.take() {
            (self.emit)(line);
        }
    }
}

/// Calls `emit` with the byte range of each line of `text` wrapped to
/// `first` columns for the first line and `rest` after it. A width of 0
/// means no wrapping. Lines never begin or end with a space; text of
/// nothing but spaces has no lines.
///
/// Words end after a run of spaces, and before a wide character: CJK text
/// has no spaces but may break between any two of its characters. A mark
/// that follows a wide character (`。[31]`) stays with it.
pub fn wrap_lines(text: &str, first: usize, rest: usize, mut emit: impl FnMut(Range<usize>)) {
    let no_wrap = first == 0 || rest == 0;
    if text.is_ascii() {
        if no_wrap {
            let start = text.len() - text.trim_start_matches(' ').len();
            let end = text.trim_end_matches(' ').len();
            if start < end {
                emit(start..end);
            }
        } else {
            wrap_ascii(text.as_bytes(), first, rest, emit);
        }
        return;
    }
    let mut filler = Filler {
        limit: if no_wrap { 0 } else { first },
        rest: if no_wrap { 0 } else { rest },
        line: None,
        used: 0,
        emit,
    };
    let bytes = text.as_bytes();
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
        if end > start {
            if ascii {
                filler.word(start, end, end - start);
            } else {
                split_wide(&text[start..end], start, &mut filler);
            }
        }
        let spaces_from = at;
        while at < bytes.len() && bytes[at] == b' ' {
            at += 1;
        }
        filler.spaces(at - spaces_from);
    }
    filler.finish();
}

/// First-fit for ASCII text, where a column is a byte: a line starting at
/// `start` takes every word that ends within `limit` bytes of it, so the
/// break is the last space at or before `start + limit`, found by a search
/// backwards rather than by looking at every word.
fn wrap_ascii(bytes: &[u8], first: usize, rest: usize, mut emit: impl FnMut(Range<usize>)) {
    let skip_spaces = |from: usize| {
        bytes[from..]
            .iter()
            .position(|&b| b != b' ')
            .map_or(bytes.len(), |at| from + at)
    };
    let trim_back = |to: usize| {
        bytes[..to]
            .iter()
            .rposition(|&b| b != b' ')
            .map_or(0, |at| at + 1)
    };
    let mut start = skip_spaces(0);
    let mut limit = first;
    while start < bytes.len() {
        let cap = start + limit;
        let end = if cap >= bytes.len() {
            trim_back(bytes.len())
        } else if bytes[cap] == b' ' {
            trim_back(cap)
        } else {
            match memchr::memrchr(b' ', &bytes[start..cap]) {
                Some(space) => trim_back(start + space),
                // The first word is longer than the line: it stands alone.
                None => memchr::memchr(b' ', &bytes[cap..]).map_or(bytes.len(), |at| cap + at),
            }
        };
        emit(start..end);
        start = skip_spaces(end);
        limit = rest;
    }
}

/// A word with non-ASCII characters: measured character by character, and
/// broken before each wide character that does not start it.
fn split_wide<F: FnMut(Range<usize>)>(word: &str, offset: usize, filler: &mut Filler<F>) {
    let mut start = 0;
    let mut width = 0;
    for (at, c) in word.char_indices() {
        if at > start && is_wide(c) {
            filler.word(offset + start, offset + at, width);
            start = at;
            width = 0;
        }
        width += c.width().unwrap_or(0);
    }
    filler.word(offset + start, offset + word.len(), width);
}

/// [`wrap_lines`], collected.
pub fn wrap_ranges(text: &str, first: usize, rest: usize) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    wrap_lines(text, first, rest, |range| ranges.push(range));
    ranges
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
