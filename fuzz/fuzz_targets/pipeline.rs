//! The whole pipeline from bytes to HTML and text: the input is split into
//! a section file, a footnote file and a source library, all in memory.
#![no_main]

use briefc::fuzzing::compile_in_memory;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    compile_in_memory(bytes);
});
