//! Line wrapping by display width: CJK and emoji count two columns, a line
//! breaks at spaces and between wide characters, never inside a word or a
//! URL, and a word longer than the width stands on a line of its own.

use textwrap::core::Word;
use textwrap::{Options, WordSeparator, WordSplitter};
use unicode_width::UnicodeWidthChar;

pub use unicode_width::UnicodeWidthStr;

/// Display width of a string.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Wraps `text` (one paragraph, no newlines) to `width` columns with the
/// given indents. A width of 0 means no wrapping.
pub fn wrap(text: &str, width: usize, first_indent: &str, rest_indent: &str) -> Vec<String> {
    let text = text.trim_matches(' ');
    if width == 0 {
        return vec![format!("{first_indent}{text}").trim_end().to_string()];
    }
    let options = Options::new(width)
        .initial_indent(first_indent)
        .subsequent_indent(rest_indent)
        .break_words(false)
        .word_separator(WordSeparator::Custom(separate_words))
        .word_splitter(WordSplitter::NoHyphenation);
    let lines = textwrap::wrap(text, options);
    if lines.is_empty() {
        return vec![first_indent.trim_end().to_string()];
    }
    lines
        .into_iter()
        .map(|line| line.trim_end().to_string())
        .collect()
}

fn is_wide(c: char) -> bool {
    c.width().unwrap_or(0) >= 2
}

/// Words end after a run of spaces, and before a wide character: CJK text
/// has no spaces but may break between any two of its characters. A mark
/// that follows a wide character (`。[31]`) stays with it.
fn separate_words(line: &str) -> Box<dyn Iterator<Item = Word<'_>> + '_> {
    let mut words = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    let mut previous: Option<char> = None;
    for (at, c) in line.char_indices() {
        let boundary = if c == ' ' {
            false
        } else if in_space {
            true
        } else {
            is_wide(c) && previous.is_some()
        };
        if boundary && at > start {
            words.push(Word::from(&line[start..at]));
            start = at;
        }
        in_space = c == ' ';
        previous = Some(c);
    }
    if start < line.len() {
        words.push(Word::from(&line[start..]));
    }
    Box::new(words.into_iter())
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
