//! Two texts compared word by word (the `similar` crate's patience diff
//! over words, spaces and marks, the spaces kept), as the pieces a person
//! reads: what stayed, what went, what came.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Same,
    Deleted,
    Inserted,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    pub kind: Kind,
    pub text: String,
}

/// The word-level difference of `before` and `after`, runs of one kind
/// joined.
pub fn diff(before: &str, after: &str) -> Vec<Piece> {
    let (old, new) = (tokens(before), tokens(after));
    let diff = TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_slices(&old, &new);
    let mut pieces: Vec<Piece> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => Kind::Same,
            ChangeTag::Delete => Kind::Deleted,
            ChangeTag::Insert => Kind::Inserted,
        };
        match pieces.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(change.value()),
            _ => pieces.push(Piece {
                kind,
                text: change.value().to_string(),
            }),
        }
    }
    pieces
}

/// How alike two texts are, from 0 (nothing shared) to 1 (the same), by
/// their words.
pub fn likeness(before: &str, after: &str) -> f32 {
    if before == after {
        return 1.0;
    }
    // Spaces are in every text alike: only words and marks count.
    let spoken = |text| -> Vec<&str> {
        tokens(text)
            .into_iter()
            .filter(|t| !t.trim().is_empty())
            .collect()
    };
    let (old, new) = (spoken(before), spoken(after));
    TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_slices(&old, &new)
        .ratio()
}

/// A text cut into words (letters, digits, apostrophes and hyphens), runs
/// of spaces, and every other character on its own, so that a note's
/// marker `[4]` after a word, or a changed comma, is a change of its own
/// and not of the word beside it.
fn tokens(text: &str) -> Vec<&str> {
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Word,
        Space,
        Other,
    }
    let class = |c: char| {
        if c.is_alphanumeric() || matches!(c, '\'' | '\u{2019}' | '-') {
            Class::Word
        } else if c.is_whitespace() {
            Class::Space
        } else {
            Class::Other
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut last: Option<Class> = None;
    for (at, c) in text.char_indices() {
        let now = class(c);
        if let Some(previous) = last
            && (previous != now || now == Class::Other)
        {
            out.push(&text[start..at]);
            start = at;
        }
        last = Some(now);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_that_changed_are_told_from_those_that_stayed() {
        let pieces = diff(
            "The men were sent back in 2006.",
            "The men were returned in 2006.",
        );
        let shown: Vec<(Kind, &str)> = pieces
            .iter()
            .map(|p| (p.kind.clone(), p.text.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (Kind::Same, "The men were "),
                (Kind::Deleted, "sent back"),
                (Kind::Inserted, "returned"),
                (Kind::Same, " in 2006."),
            ]
        );
        let marked = diff("arrested twelve refugees", "arrested twelve[4] refugees");
        assert_eq!(
            marked[1],
            Piece {
                kind: Kind::Inserted,
                text: "[4]".to_string()
            }
        );
        assert!(likeness("a b c d", "a b c e") > 0.6);
        assert!(likeness("a b c d", "w x y z") < 0.2);
    }
}
