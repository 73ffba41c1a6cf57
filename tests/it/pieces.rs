//! A large Markdown file is cut into pieces that are parsed on two threads
//! (src/markdown/pieces.rs). On any text, the pieces must parse to exactly
//! what the whole file parses to: same trees, references, citations and
//! diagnostics, with the same places.

use briefc::fuzzing::check_pieces_parse_like_whole;
use proptest::prelude::*;

/// Lines that start, end or reach across blocks, and text around them.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just(String::new()),
        3 => "\\[\\^[a-z0-9]{1,3}\\]: [a-z ]{0,12}",
        2 => "#{1,3} [A-Z][a-z]{0,8}",
        3 => "[a-z ]{1,20}\\[\\^[a-z0-9]{1,3}\\][a-z .]{0,8}",
        2 => Just("    indented continuation".to_string()),
        1 => Just("```".to_string()),
        1 => Just("~~~".to_string()),
        1 => Just("   ```rust".to_string()),
        1 => Just("<div>".to_string()),
        1 => Just("<!-- a comment".to_string()),
        1 => Just("-->".to_string()),
        1 => Just("[court]: https://example.org".to_string()),
        1 => Just("see [court] and [@src-1, p. 4]".to_string()),
        1 => Just("a]: not a definition".to_string()),
        1 => Just("> quoted [^q] text".to_string()),
        1 => Just("- item".to_string()),
        1 => Just("1. item".to_string()),
        1 => Just("| a | b |".to_string()),
        1 => Just("|---|---|".to_string()),
        1 => Just("Setext".to_string()),
        1 => Just("===".to_string()),
        1 => Just("*open emphasis".to_string()),
        1 => Just("\r".to_string()),
        1 => Just("  \t".to_string()),
        1 => Just("漢字[^x]。".to_string()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(line(), 0..60).prop_map(|lines| {
        let mut text = lines.join("\n");
        text.push('\n');
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn pieces_parse_like_the_whole_file(text in text(), piece_bytes in 1usize..80) {
        check_pieces_parse_like_whole(&text, piece_bytes);
    }
}

#[test]
fn a_generated_notes_file_is_cut_and_parses_the_same() {
    let notes: String = (1..=2000)
        .map(|n| {
            format!(
                "[^{n}]: See [@src-{}, p. {n}] and *the record*.\n\n    A second paragraph[^{}].\n\n",
                n % 7,
                n + 1
            )
        })
        .collect();
    assert!(briefc::markdown::pieces::pieces(&notes, 4096).len() > 20);
    check_pieces_parse_like_whole(&notes, 4096);
}

#[test]
fn a_link_definition_in_one_part_of_a_file_serves_another() {
    let text = "[^1]: See [court].\n\n[^2]: Two.\n\n[court]: https://example.org\n\n[^3]: Three.\n";
    check_pieces_parse_like_whole(text, 1);
}

/// A `[^label]:` that is not a definition (here, in a fence) must not stop
/// references to that label elsewhere in the file from being seen.
#[test]
fn a_definition_look_alike_in_code_keeps_references_seen() {
    let text =
        "See this[^x] and that[^y].\n\n```\n[^x]: not a definition\n```\n\n[^y]: A real one.\n";
    check_pieces_parse_like_whole(text, 1);
    let mut sources = briefc::diagnostics::SourceMap::new();
    let file = sources.add("s.md", text.to_string());
    let mut collected = briefc::markdown::Collected::default();
    let mut diagnostics = briefc::diagnostics::Diagnostics::new();
    briefc::markdown::parse_file(text, file, false, &mut collected, &mut diagnostics);
    let labels: Vec<&str> = collected
        .references
        .iter()
        .map(|r| r.label.as_str())
        .collect();
    assert_eq!(labels, ["x", "y"]);
}
