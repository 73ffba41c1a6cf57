//! briefc places words first-fit in the same pass that measures them. This
//! checks it against textwrap's first-fit algorithm fed with the same words
//! (split at spaces and before wide characters, but never before closing
//! punctuation or a marker; measured by display width), on random text of
//! ASCII, accented, CJK and emoji words.

use briefc::render::wrap::wrap_ranges;
use proptest::prelude::*;
use textwrap::core::Fragment;
use textwrap::wrap_algorithms::wrap_first_fit;
use unicode_width::UnicodeWidthChar;

#[derive(Debug)]
struct Word {
    start: usize,
    end: usize,
    width: usize,
    spaces: usize,
}

impl Fragment for Word {
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

/// Closing punctuation and a note's marker never start a line, even after
/// a space (UAX #14).
fn holds_to_the_left(text: &str) -> bool {
    text.starts_with("[3") || text.starts_with(['，', '。', '、', '；', '：', '）', '」', '》'])
}

/// Words end after a run of spaces and before a wide character, except
/// before closing punctuation or a marker, which stay with the word
/// before (across spaces too).
fn words(text: &str) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    for (offset, chunk) in chunks(text) {
        let mut pieces: Vec<(usize, usize, usize)> = Vec::new();
        let mut start = 0;
        let mut width = 0;
        for (at, c) in chunk.char_indices() {
            let w = c.width().unwrap_or(0);
            if at > start && w >= 2 && !c.is_ascii() && !holds_to_the_left(&chunk[at..]) {
                pieces.push((start, at, width));
                start = at;
                width = 0;
            }
            width += w;
        }
        pieces.push((start, chunk.len(), width));
        let spaces = text[offset + chunk.len()..]
            .bytes()
            .take_while(|&b| b == b' ')
            .count();
        let last_piece = pieces.len() - 1;
        for (i, (start, end, width)) in pieces.into_iter().enumerate() {
            let spaces = if i == last_piece { spaces } else { 0 };
            if i == 0
                && holds_to_the_left(chunk)
                && let Some(previous) = words.last_mut()
            {
                previous.width += previous.spaces + width;
                previous.end = offset + end;
                previous.spaces = spaces;
                continue;
            }
            words.push(Word {
                start: offset + start,
                end: offset + end,
                width,
                spaces,
            });
        }
    }
    words
}

/// The runs of non-space bytes and where they start.
fn chunks(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for part in text.split(' ') {
        if !part.is_empty() {
            out.push((at, part));
        }
        at += part.len() + 1;
    }
    out
}

fn reference(text: &str, first: usize, rest: usize) -> Vec<std::ops::Range<usize>> {
    let words = words(text);
    if words.is_empty() {
        return Vec::new();
    }
    if first == 0 || rest == 0 {
        return std::iter::once(words[0].start..words[words.len() - 1].end).collect();
    }
    wrap_first_fit(&words, &[first as f64, rest as f64])
        .into_iter()
        .map(|line| line[0].start..line[line.len() - 1].end)
        .collect()
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z]{1,12}",
        1 => "[a-zé]{1,6}[,.;]?",
        1 => "[漢字かな]{1,5}",
        1 => Just("🙂🙂".to_string()),
        1 => Just("https://example.org/a/very/long/path/that/does/not/fit".to_string()),
        1 => Just("。[31]".to_string()),
    ]
}

/// ASCII text takes a path of its own: a break is found by searching
/// back from the end of the line.
fn ascii_word() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-z]{1,12}[,.]?",
        1 => "[a-z]{20,90}",
        1 => Just("[31]".to_string()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![words_text(word().boxed()), words_text(ascii_word().boxed())]
}

fn words_text(word: BoxedStrategy<String>) -> impl Strategy<Value = String> {
    (prop::collection::vec((word, 1usize..4), 0..40), 0usize..3).prop_map(|(words, lead)| {
        let mut text = " ".repeat(lead);
        for (word, spaces) in words {
            text.push_str(&word);
            text.push_str(&" ".repeat(spaces));
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn wrapping_matches_textwrap_first_fit(
        text in text(),
        first in prop_oneof![Just(0usize), 1usize..80],
        rest in prop_oneof![Just(0usize), 1usize..80],
    ) {
        prop_assert_eq!(wrap_ranges(&text, first, rest), reference(&text, first, rest));
    }
}
