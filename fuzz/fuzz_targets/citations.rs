//! The citation syntax on any text: every key found is the text at its
//! range, and every fix offered for a near miss is itself a citation.
#![no_main]

use briefc::markdown::cite::{Found, find, scan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for (range, items) in find(text) {
        assert!(text.get(range).is_some());
        for item in items {
            assert_eq!(&text[item.key_range.clone()], item.key);
        }
    }
    for (range, found) in scan(text) {
        assert!(text.get(range).is_some());
        if let Found::NearMiss { fix: Some(fix), .. } = found {
            let bracket = &fix[..=fix.rfind(']').unwrap()];
            assert!(
                matches!(scan(bracket).as_slice(), [(_, Found::Citation(_))]),
                "the fix {fix:?} is no citation"
            );
        }
    }
});
