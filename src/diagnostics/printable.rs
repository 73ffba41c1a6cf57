//! Text from the sources made safe to print. A file name, title, label or
//! key may hold characters that a terminal or a CI runner acts on: escape
//! sequences that clear the screen or set the window title, bidirectional
//! overrides that reorder a message, a line break followed by `::error`
//! that GitHub's runner reads as a workflow command. Everything briefc
//! prints from the sources passes through here, and such characters are
//! shown escaped, `\u{202e}`, instead.

use std::borrow::Cow;
use std::fmt::Write;

/// Characters that act on a terminal or are invisible: C0 and C1 controls
/// and DEL, bidirectional marks, overrides and isolates, line and paragraph
/// separators, and the zero-width characters that make two different
/// words look the same.
pub fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{ad}'
        | '\u{61c}'
        | '\u{180e}'
        | '\u{200b}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{2069}'
        | '\u{feff}'
    )
}

fn escape_into(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// One line of text with every hidden character escaped, line breaks too.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden(c) {
            escape_into(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A message of one or more lines: line breaks and tabs are kept, every
/// other hidden character is escaped, and a line that would start with
/// `::` (a workflow command to a CI runner) has its first colon escaped.
pub fn printable_lines(text: &str) -> Cow<'_, str> {
    let starts_command = |line: &str| line.trim_start().starts_with("::");
    if !text.chars().any(|c| is_hidden(c) && c != '\n' && c != '\t')
        && !text.split('\n').any(starts_command)
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut rest = line;
        if starts_command(line) {
            let at = line.find("::").unwrap_or(0);
            out.push_str(&line[..at]);
            out.push_str("\\u{3a}");
            rest = &line[at + 1..];
        }
        for c in rest.chars() {
            if is_hidden(c) && c != '\t' {
                escape_into(&mut out, c);
            } else {
                out.push(c);
            }
        }
    }
    Cow::Owned(out)
}

/// Serialized JSON with every hidden character that JSON allows unescaped
/// (DEL, C1 controls, bidirectional and zero-width characters, U+2028 and
/// U+2029) written as a `\u` escape: the data is the same, and a terminal
/// that shows the JSON is not acted on.
pub fn json_safe(json: String) -> String {
    if !json.chars().any(|c| is_hidden(c) && c > '\u{7e}') {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_hidden(c) && c > '\u{7e}' {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// A source excerpt made printable for a snippet, with a map from offsets
/// in the original to offsets in the printable text, so that carets still
/// point at the right characters.
pub struct PrintableExcerpt {
    pub text: String,
    /// `(original offset, extra bytes before it)` at each escaped character.
    shifts: Vec<(usize, usize)>,
}

impl PrintableExcerpt {
    /// Line breaks and tabs are kept: they are how the snippet is laid out.
    pub fn new(excerpt: &str) -> PrintableExcerpt {
        let mut text = String::with_capacity(excerpt.len());
        let mut shifts = Vec::new();
        for (at, c) in excerpt.char_indices() {
            if is_hidden(c) && !matches!(c, '\n' | '\r' | '\t') {
                let before = text.len();
                escape_into(&mut text, c);
                let extra = text.len() - before - c.len_utf8();
                let total = shifts.last().map_or(0, |&(_, t)| t) + extra;
                shifts.push((at + c.len_utf8(), total));
            } else {
                text.push(c);
            }
        }
        PrintableExcerpt { text, shifts }
    }

    /// Where an offset of the original excerpt lies in the printable text.
    pub fn map(&self, offset: usize) -> usize {
        let index = self.shifts.partition_point(|&(at, _)| at <= offset);
        offset + index.checked_sub(1).map_or(0, |i| self.shifts[i].1)
    }
}

/// How a "did you mean" names a candidate: escaped, and when it looks the
/// same as the word written (they differ only in characters that look
/// alike, such as a Cyrillic `а` for a Latin `a`), with the characters
/// that differ named by code point.
pub fn suggestion(candidate: &str, written: &str) -> String {
    let shown = printable(candidate).into_owned();
    let differing: Vec<(char, char)> = candidate
        .chars()
        .zip(written.chars())
        .filter(|(a, b)| a != b)
        .collect();
    let alike = candidate.chars().count() == written.chars().count()
        && !differing.is_empty()
        && differing
            .iter()
            .all(|(a, b)| !a.is_ascii() || !b.is_ascii());
    if !alike {
        return shown;
    }
    let named: Vec<String> = differing
        .iter()
        .map(|(a, b)| format!("U+{:04X} where the text has U+{:04X}", *a as u32, *b as u32))
        .collect();
    format!(
        "{shown} (it looks the same but differs: {})",
        named.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_and_bidi_controls_are_shown_escaped() {
        assert_eq!(printable("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(printable("evil\u{202e}txt.md"), "evil\\u{202e}txt.md");
        assert_eq!(printable("two\nlines"), "two\\nlines");
        assert_eq!(printable("plain"), "plain");
    }

    #[test]
    fn a_line_cannot_start_a_workflow_command() {
        assert_eq!(
            printable_lines("key `x\n::error file=a::pwned`"),
            "key `x\n\\u{3a}:error file=a::pwned`"
        );
        assert_eq!(printable_lines("help:\n  [key]"), "help:\n  [key]");
    }

    #[test]
    fn excerpt_offsets_follow_the_escapes() {
        let excerpt = PrintableExcerpt::new("a\u{202e}b c");
        assert_eq!(excerpt.text, "a\\u{202e}b c");
        assert_eq!(excerpt.map(0), 0);
        assert_eq!(excerpt.map(1), 1);
        // `b` stood after the three bytes of U+202E, now after eight.
        assert_eq!(excerpt.map(4), 9);
        assert_eq!(&excerpt.text[excerpt.map(6)..], "c");
    }

    #[test]
    fn json_keeps_its_data_and_loses_its_bidi_controls() {
        let json = serde_json::to_string("a\u{202e}b\u{85}").unwrap();
        let safe = json_safe(json);
        assert_eq!(safe, "\"a\\u202eb\\u0085\"");
        assert_eq!(
            serde_json::from_str::<String>(&safe).unwrap(),
            "a\u{202e}b\u{85}"
        );
    }

    #[test]
    fn look_alike_suggestions_name_the_difference() {
        assert_eq!(suggestion("hrw-bullets", "hrw-bulets"), "hrw-bullets");
        let hint = suggestion("hrw-a", "hrw-\u{430}");
        assert!(hint.contains("U+0061 where the text has U+0430"), "{hint}");
        assert_eq!(suggestion("ab", "a\u{200b}b"), "ab");
        assert_eq!(suggestion("a\u{200b}b", "ab"), "a\\u{200b}b");
    }
}
