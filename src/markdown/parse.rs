//! Parsing one file, or one piece of a file: what it yields and the
//! entry points. Stand-in definitions (`standins.rs`) make every
//! `[^label]` a reference event; the events from that prefix are dropped
//! and offsets shifted back, so each reference keeps its exact span. The
//! tree is built in `builder.rs` and its citations found in `scan.rs`.

use pulldown_cmark::{Options, Parser};

use super::builder::Builder;
use super::frame::{Frame, Node};
use super::parsed::{Collected, ParsedFile};
use super::standins::{definition_prefix, written_labels};
use crate::diagnostics::{Diagnostics, FileId};

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Parses one Markdown file, appending its references and citations to
/// the briefing's lists.
pub fn parse_file(
    text: &str,
    file: FileId,
    allow_raw_html: bool,
    collected: &mut Collected,
    diagnostics: &mut Diagnostics,
) -> ParsedFile {
    parse_piece(text, 0, file, allow_raw_html, collected, diagnostics)
}

/// Parses the piece of a file that starts at byte `base` (see
/// [`super::pieces`]): spans are given in the whole file's offsets.
pub fn parse_piece(
    text: &str,
    base: usize,
    file: FileId,
    allow_raw_html: bool,
    collected: &mut Collected,
    diagnostics: &mut Diagnostics,
) -> ParsedFile {
    let labels = written_labels(text);
    // A label that looks defined in this text (`[^label]:`) needs no
    // stand-in definition: its own serves, and a notes file then costs
    // no more to parse than any other text. Should one not be a
    // definition after all (written in a code block, say), the text is
    // parsed again with a stand-in for every label.
    let before = (
        collected.references.len(),
        collected.citations.len(),
        diagnostics.len(),
    );
    let parsed = parse_with_prefix(
        text,
        base,
        file,
        allow_raw_html,
        &definition_prefix(labels.iter().filter(|l| !l.looks_defined)),
        collected,
        diagnostics,
    );
    let mut defined: Vec<&str> = parsed
        .definitions
        .iter()
        .map(|d| d.label.as_str())
        .collect();
    defined.sort_unstable();
    if labels
        .iter()
        .filter(|l| l.looks_defined)
        .all(|l| defined.binary_search(&l.name).is_ok())
    {
        return parsed;
    }
    collected.references.truncate(before.0);
    collected.citations.truncate(before.1);
    diagnostics.truncate(before.2);
    parse_every_label_stood_in(text, base, file, allow_raw_html, collected, diagnostics)
}

/// [`parse_piece`] with a stand-in definition for every label, the way
/// that never needs a second try; fuzzing checks the two agree.
#[doc(hidden)]
pub fn parse_every_label_stood_in(
    text: &str,
    base: usize,
    file: FileId,
    allow_raw_html: bool,
    collected: &mut Collected,
    diagnostics: &mut Diagnostics,
) -> ParsedFile {
    let labels = written_labels(text);
    let prefix = definition_prefix(labels.iter());
    parse_with_prefix(
        text,
        base,
        file,
        allow_raw_html,
        &prefix,
        collected,
        diagnostics,
    )
}

fn parse_with_prefix(
    text: &str,
    base: usize,
    file: FileId,
    allow_raw_html: bool,
    prefix: &str,
    collected: &mut Collected,
    diagnostics: &mut Diagnostics,
) -> ParsedFile {
    let full;
    let input = if prefix.is_empty() {
        text
    } else {
        let mut joined = String::with_capacity(prefix.len() + text.len());
        joined.push_str(prefix);
        joined.push_str(text);
        full = joined;
        &full
    };
    let shift = prefix.len();
    let mut builder = Builder {
        file,
        base,
        text,
        allow_raw_html,
        stack: vec![Frame::new(Node::Root)],
        out: ParsedFile::default(),
        collected,
        diagnostics,
        definition_depth: 0,
        nesting: 0,
        warned_nesting: false,
        block_start: base,
    };
    for (event, range) in Parser::new_ext(input, options()).into_offset_iter() {
        if range.start < shift {
            continue;
        }
        builder.event(event, range.start - shift..range.end - shift);
    }
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceMap;
    use crate::markdown::Reference;
    use crate::model::Block;

    fn parse(text: &str) -> (ParsedFile, Vec<Reference>) {
        let mut map = SourceMap::new();
        let file = map.add("a.md", text.to_string());
        let mut collected = Collected::default();
        let mut diagnostics = Diagnostics::new();
        let parsed = parse_file(text, file, false, &mut collected, &mut diagnostics);
        (parsed, collected.references)
    }

    #[test]
    fn references_without_a_local_definition_are_seen_with_their_span() {
        let text = "# Title\n\nCivilians died.[^31] More.[^named-note]\n";
        let (parsed, refs) = parse(text);
        assert_eq!(refs.len(), 2);
        assert_eq!(refs[0].label, "31");
        assert_eq!(&text[refs[0].span.start..refs[0].span.end], "[^31]");
        assert_eq!(&text[refs[1].span.start..refs[1].span.end], "[^named-note]");
        assert_eq!(parsed.blocks.len(), 2);
        assert!(parsed.definitions.is_empty());
    }

    #[test]
    fn definitions_on_consecutive_lines_are_separate_and_continue_when_indented() {
        let text = "[^1]: One.\n[^2]: Two,\n    continued.\n\n    Second paragraph.\n";
        let (parsed, refs) = parse(text);
        assert!(refs.is_empty());
        let labels: Vec<_> = parsed
            .definitions
            .iter()
            .map(|d| d.label.as_str())
            .collect();
        assert_eq!(labels, ["1", "2"]);
        assert_eq!(parsed.definitions[1].blocks.len(), 2);
        let d = &parsed.definitions[0];
        assert_eq!(&text[d.span.start..d.span.end], "[^1]:");
    }

    #[test]
    fn an_indented_first_line_is_not_swallowed_by_the_prefix() {
        let (parsed, refs) = parse("    code[^x]\n");
        assert!(refs.is_empty());
        assert!(matches!(parsed.blocks[0], Block::Code { .. }));
    }

    #[test]
    fn a_label_with_spaces_or_an_escaped_bracket_is_still_a_reference() {
        for (text, label) in [
            ("a[^1 ] b\n", "1"),
            ("a[^ 1] b\n", "1"),
            ("a[^x\\]y] b\n", "x\\]y"),
        ] {
            let (_, refs) = parse(text);
            let labels: Vec<&str> = refs.iter().map(|r| r.label.as_str()).collect();
            assert_eq!(labels, [label], "{text:?}");
        }
    }

    #[test]
    fn references_inside_definitions_are_marked() {
        let (_, refs) = parse("[^a]: See [^b].\n");
        assert_eq!(refs.len(), 1);
        assert!(refs[0].in_definition);
    }
}
