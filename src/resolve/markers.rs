//! Where the marker of a note made from a citation in the text goes.
//! House style puts a marker after punctuation with no space before it:
//! a mark right after the citation moves in front of the marker, and the
//! spaces or line break before the citation go.

use crate::model::Inline;

/// Places the marker at `at`; returns where it now stands.
pub fn place_marker(inlines: &mut Vec<Inline>, mut at: usize) -> usize {
    let mut moved = None;
    if let Some(Inline::Text(next)) = inlines.get_mut(at + 1)
        && let Some(c) = next.chars().next()
        && ".,;:?!".contains(c)
    {
        next.remove(0);
        moved = Some(c);
        if next.is_empty() {
            inlines.remove(at + 1);
        }
    }
    while at > 0 {
        match &mut inlines[at - 1] {
            Inline::SoftBreak => {
                inlines.remove(at - 1);
                at -= 1;
            }
            Inline::Text(before) if before.ends_with(char::is_whitespace) => {
                let trimmed = before.trim_end().len();
                before.truncate(trimmed);
                if before.is_empty() {
                    inlines.remove(at - 1);
                    at -= 1;
                }
            }
            _ => break,
        }
    }
    if let Some(c) = moved {
        match at.checked_sub(1).map(|i| &mut inlines[i]) {
            Some(Inline::Text(before)) => before.push(c),
            _ => {
                inlines.insert(at, Inline::Text(c.to_string()));
                at += 1;
            }
        }
    }
    at
}
