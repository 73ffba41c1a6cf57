//! The Markdown and footnote parser on any text, whole and cut into
//! pieces: both must give the same result.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u8, &str)| {
    let (piece_bytes, text) = input;
    briefc::fuzzing::check_pieces_parse_like_whole(text, usize::from(piece_bytes % 64) + 1);
});
