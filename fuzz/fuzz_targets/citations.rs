//! The citation syntax on any text.
#![no_main]

use briefc::markdown::cite::find;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for (range, items) in find(text) {
        assert!(text.get(range).is_some());
        for item in items {
            assert_eq!(&text[item.key_range.clone()], item.key);
        }
    }
});
