//! Cutting a large Markdown file into pieces that parse, one by one, to
//! exactly what the whole file parses to, so that a briefing whose notes
//! are all in one big file still keeps both parsing threads busy.
//!
//! A cut is made only before a line that starts at its first column with a
//! footnote definition (`[^label]:`) or an ATX heading (`#`), right after a
//! blank line. Such a line ends every open paragraph, list, quote,
//! indented code block and footnote definition, and nothing after it can
//! change how the text before it parses. Only three things reach across a
//! blank line, and a file holding any of them is not cut at all:
//!
//! - a fenced code block or a raw HTML block at the top level (a line
//!   starting, after at most three spaces, with a fence or `<`) can run
//!   over blank lines and swallow the line that would start a piece;
//! - a link reference definition (`[name]: url`) applies to the whole
//!   file, before and after it; any `]:` other than a footnote
//!   definition's marker counts as one.

use std::ops::Range;

/// The size pieces are cut to, roughly: small enough that two threads
/// share the work of one big file evenly, large enough that a piece's
/// fixed cost does not count.
pub const PIECE_BYTES: usize = 64 * 1024;

/// The byte ranges of `text` to parse one by one; the whole text as one
/// range when it is small or cannot be cut safely. Every search runs on
/// memchr, so looking costs little beside parsing.
pub fn pieces(text: &str, piece_bytes: usize) -> Vec<Range<usize>> {
    let piece_bytes = piece_bytes.max(1);
    if text.len() < 2 * piece_bytes || opens_long_block(text) || !only_definition_colons(text) {
        return std::iter::once(0..text.len()).collect();
    }
    let mut starts = vec![0];
    let mut from = piece_bytes;
    while let Some(newline) = find(text, b'\n', from) {
        // A blank line (empty, or a lone carriage return) and the line
        // after it.
        let after = &text[newline + 1..];
        let line = after
            .strip_prefix('\n')
            .or_else(|| after.strip_prefix("\r\n"));
        from = newline + 1;
        if let Some(line) = line
            && (definition_marker(line) || atx_heading(line))
        {
            let cut = text.len() - line.len();
            starts.push(cut);
            from = cut + piece_bytes;
        }
    }
    let mut ranges: Vec<Range<usize>> = starts.windows(2).map(|pair| pair[0]..pair[1]).collect();
    ranges.push(starts[starts.len() - 1]..text.len());
    ranges
}

/// The first `byte` at or after `from`.
fn find(text: &str, byte: u8, from: usize) -> Option<usize> {
    memchr::memchr(byte, text.as_bytes().get(from..)?).map(|at| from + at)
}

/// Whether a line starts, after at most three spaces, with a code fence or
/// `<`: a block that may run on over blank lines.
fn opens_long_block(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b'`', b'~', b'<', bytes).any(|at| {
        let indent = bytes[..at].iter().rev().take_while(|&&b| b == b' ').count();
        let line_start = at - indent;
        indent <= 3
            && (line_start == 0 || bytes[line_start - 1] == b'\n')
            && (bytes[at] == b'<' || bytes[at..].starts_with(&[bytes[at]; 3]))
    })
}

/// Whether every `]:` in the text ends a footnote definition's marker at
/// the start of a line, so that the text holds no link reference
/// definition.
fn only_definition_colons(text: &str) -> bool {
    let bytes = text.as_bytes();
    let colons = memchr::memmem::find_iter(bytes, b"]:").count();
    let markers = usize::from(definition_marker(text))
        + memchr::memmem::find_iter(bytes, b"\n[^")
            .filter(|&at| definition_marker(&text[at + 1..]))
            .count();
    colons == markers
}

/// `[^label]:` at the start of the line, with a label of no blank and no
/// bracket. Narrower than the labels the parser reads (which may hold
/// spaces): a rarer label only means one cut fewer, never a wrong one.
fn definition_marker(line: &str) -> bool {
    let Some(after) = line.strip_prefix("[^") else {
        return false;
    };
    let end = after
        .find(|c: char| c == ']' || c == '[' || c.is_whitespace())
        .unwrap_or(after.len());
    end > 0 && after[end..].starts_with("]:")
}

fn atx_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes)
        && line[hashes..]
            .bytes()
            .next()
            .is_none_or(|b| b == b' ' || b == b'\t' || b == b'\n' || b == b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes(count: usize) -> String {
        (1..=count)
            .map(|n| format!("[^{n}]: Note {n} says something about the case.\n\n"))
            .collect()
    }

    #[test]
    fn small_files_stay_whole() {
        let text = notes(3);
        assert_eq!(pieces(&text, 1024), vec![0..text.len()]);
    }

    #[test]
    fn a_notes_file_is_cut_before_definitions_and_covers_every_byte() {
        let text = notes(400);
        let ranges = pieces(&text, 1024);
        assert!(ranges.len() > 10, "{} pieces", ranges.len());
        assert_eq!(ranges[0].start, 0);
        assert_eq!(ranges[ranges.len() - 1].end, text.len());
        for pair in ranges.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert!(text[pair[1].start..].starts_with("[^"));
        }
    }

    #[test]
    fn sections_are_cut_before_headings() {
        let text: String = (0..200)
            .map(|n| format!("## Part {n}\n\nSome words about part {n}.\n\n"))
            .collect();
        let ranges = pieces(&text, 512);
        assert!(ranges.len() > 5);
        assert!(
            ranges[1..]
                .iter()
                .all(|r| text[r.start..].starts_with("## "))
        );
    }

    #[test]
    fn fences_html_blocks_and_link_definitions_keep_a_file_whole() {
        for extra in [
            "```\n\n[^x]: inside a fence\n```\n\n",
            "~~~\ncode\n~~~\n\n",
            "<div>\n\n[^y]: inside HTML\n\n</div>\n\n",
            "   <!-- a comment\n\n-->\n\n",
            "[court]: https://example.org\n\n",
            "A note [@key]: with a colon.\n\n",
        ] {
            let text = format!("{}{extra}{}", notes(200), notes(200));
            assert_eq!(pieces(&text, 1024), vec![0..text.len()], "{extra:?}");
        }
    }

    #[test]
    fn a_definition_without_a_blank_line_before_it_is_not_a_cut() {
        let text: String = (1..=400)
            .map(|n| format!("[^{n}]: Note {n} runs on\n"))
            .collect();
        assert_eq!(pieces(&text, 1024), vec![0..text.len()]);
    }

    #[test]
    fn indented_fences_inside_notes_do_not_stop_cutting() {
        let text: String = (1..=300)
            .map(|n| format!("[^{n}]: Note {n}.\n\n    ```\n    code\n    ```\n\n"))
            .collect();
        assert!(pieces(&text, 1024).len() > 5);
    }
}
