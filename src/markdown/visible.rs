//! The characters of a Markdown text that a reader sees, each with the
//! byte offset in the text it was written at: text and code, without the
//! markup around them, a link's address, an image's description or a
//! comment. `briefc review` lines a reviewed paragraph up against them to
//! find where in the file a change belongs.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::parse::options;
use super::standins::{definition_prefix, written_labels};

/// One visible character, where it was written, and how many bytes the
/// writing of it takes (0 for one made of an escape or entity, whose
/// writing cannot be told apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visible {
    pub c: char,
    pub at: usize,
    pub len: u8,
}

/// The visible characters of `text[range]`, offsets into `text`. A line
/// break between words is a `'\n'` at the break.
pub fn visible_chars(text: &str, range: std::ops::Range<usize>) -> Vec<Visible> {
    let part = &text[range.clone()];
    let labels = written_labels(part);
    let prefix = definition_prefix(labels.iter().filter(|l| !l.looks_defined));
    let input = format!("{prefix}{part}");
    let shift = prefix.len();
    let mut out = Vec::with_capacity(part.len());
    let mut in_image = 0usize;
    for (event, at) in Parser::new_ext(&input, options()).into_offset_iter() {
        if at.start < shift {
            continue;
        }
        let at = range.start + at.start - shift..range.start + at.end - shift;
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(shown) | Event::Code(shown) if in_image == 0 => {
                line_up(&shown, &text[at.clone()], at.start, &mut out)
            }
            Event::SoftBreak | Event::HardBreak if in_image == 0 => out.push(Visible {
                c: '\n',
                at: at.start,
                len: (at.end - at.start).min(255) as u8,
            }),
            _ => {}
        }
    }
    out
}

/// The characters of `shown` at the offsets of `written` (which starts at
/// `base`) they came from: the same character, or one that typography
/// made of it (a curly quote of a straight one, a dash of hyphens); one
/// made of an escape or an entity stands where the next written character
/// does.
fn line_up(shown: &str, written: &str, base: usize, out: &mut Vec<Visible>) {
    if shown == written {
        out.extend(shown.char_indices().map(|(i, c)| Visible {
            c,
            at: base + i,
            len: c.len_utf8() as u8,
        }));
        return;
    }
    let written: Vec<(usize, char)> = written.char_indices().collect();
    let mut next = 0;
    for c in shown.chars() {
        let found = written[next..]
            .iter()
            .take(12)
            .position(|&(_, w)| same_letter(c, w));
        let (at, len) = match found {
            Some(skip) => {
                let (i, w) = written[next + skip];
                next += skip + 1;
                (i, w.len_utf8() as u8)
            }
            None => (
                written
                    .get(next)
                    .map_or(written.last().map_or(0, |w| w.0), |w| w.0),
                0,
            ),
        };
        out.push(Visible {
            c,
            at: base + at,
            len,
        });
    }
}

/// Whether a shown character and a written one are the same letter as far
/// as lining them up goes: typography turns straight quotes curly and
/// hyphens into dashes, and a locale turns quotes into its own.
pub fn same_letter(a: char, b: char) -> bool {
    a == b || (class(a) != 0 && class(a) == class(b))
}

fn class(c: char) -> u8 {
    match c {
        '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' | '\u{300C}'
        | '\u{300D}' => 1,
        '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2039}' | '\u{203A}' => 2,
        '-' | '\u{2013}' | '\u{2014}' => 3,
        '.' | '\u{2026}' => 4,
        c if c.is_whitespace() => 5,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> String {
        visible_chars(text, 0..text.len())
            .iter()
            .map(|v| v.c)
            .collect()
    }

    #[test]
    fn markup_is_left_out_and_offsets_point_at_the_writing() {
        let text = "A *very* [good](http://example.org/x) claim.[^1] ![a map](m.png) \"Quoted\" `code`.\n\n[^1]: The note.\n";
        assert_eq!(shown(text), "A very good claim.  “Quoted” code.The note.");
        let chars = visible_chars(text, 0..text.len());
        let good = chars.iter().find(|v| v.c == 'g').unwrap();
        assert_eq!(&text[good.at..good.at + 4], "good");
        let quote = chars.iter().find(|v| v.c == '“').unwrap();
        assert_eq!(&text[quote.at..quote.at + 1], "\"");
        let note = chars.iter().find(|v| v.c == 'T').unwrap();
        assert_eq!(&text[note.at..note.at + 8], "The note");
    }

    #[test]
    fn a_part_of_a_file_keeps_the_file_offsets() {
        let text = "title = \"x\"\nsummary = \"\"\"\nA *short* summary.\n\"\"\"\n";
        let start = text.find("A *").unwrap();
        let end = text.rfind("\"\"\"").unwrap();
        let chars = visible_chars(text, start..end);
        let s = chars.iter().find(|v| v.c == 's').unwrap();
        assert_eq!(&text[s.at..s.at + 5], "short");
    }
}
