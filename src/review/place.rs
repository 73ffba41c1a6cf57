//! Where a block's text stands in its file: the characters the author
//! wrote, lined up one by one with the characters a reader sees in the
//! source (its Markdown without markup, from where the block starts), so
//! that each change lands at the byte it touches. Words briefc made are
//! left out of the lining up: they are traced to what made them.

use super::group::Group;
use super::sources::Region;
use crate::markdown::{Visible, same_letter};

/// How far ahead in the source one character of the text may be found:
/// past a citation's `[@key, p. 3]` or a footnote's `[^label]`, not so
/// far that a letter missing from the source is matched to another
/// sentence.
const WINDOW: usize = 48;

/// The source character each character of the group's text stands for.
pub struct Lined<'v> {
    pub visible: &'v [Visible],
    /// For each character of the text as it stood: its visible character.
    pub at: Vec<Option<usize>>,
}

/// Lines the group's text up with `region`, from the visible character
/// `from` on.
pub fn line_up<'v>(group: &Group, region: &'v Region, from: usize) -> Lined<'v> {
    let visible = &region.visible[..];
    let mut at = vec![None; group.was.len()];
    let mut next = from;
    for (index, was) in group.was.iter().enumerate() {
        if was.made.is_some() || next >= visible.len() {
            continue;
        }
        // A space stands between words: looked for only where the next
        // word would begin, never past a word to the space after it.
        let window = if was.c.is_whitespace() { 1 } else { WINDOW };
        let end = (next + window).min(visible.len());
        if let Some(found) = (next..end).find(|&k| same_letter(visible[k].c, was.c)) {
            at[index] = Some(found);
            next = found + 1;
        }
    }
    Lined { visible, at }
}

/// The first visible character at or after byte `offset`.
pub fn first_at(visible: &[Visible], offset: usize) -> usize {
    visible.partition_point(|v| v.at < offset)
}

/// Where the group's text is found again in `visible` when its file has
/// changed since the document was built: the first place its first
/// words (what the author wrote, as it stood) appear.
pub fn find_again(group: &Group, visible: &[Visible]) -> Option<usize> {
    let words: Vec<char> = group
        .was
        .iter()
        .filter(|w| w.made.is_none() && !w.c.is_whitespace())
        .map(|w| w.c)
        .take(24)
        .collect();
    if words.len() < 4 {
        return None;
    }
    let letters: Vec<(usize, char)> = visible
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.c.is_whitespace())
        .map(|(i, v)| (i, v.c))
        .collect();
    letters
        .windows(words.len())
        .find(|window| {
            window
                .iter()
                .zip(&words)
                .all(|((_, c), w)| same_letter(*c, *w))
        })
        .map(|window| window[0].0)
}

impl Lined<'_> {
    /// The byte where words inserted before character `index` belong:
    /// after the author's character before it, else before the one after.
    pub fn insertion_point(&self, index: usize) -> Option<usize> {
        let before = self.at[..index.min(self.at.len())]
            .iter()
            .rev()
            .find_map(|k| *k)
            .map(|k| self.visible[k].at + usize::from(self.visible[k].len));
        before.or_else(|| {
            self.at[index.min(self.at.len())..]
                .iter()
                .find_map(|k| *k)
                .map(|k| self.visible[k].at)
        })
    }

    /// The bytes the characters `start..end` were written as, when each
    /// was found and they stand side by side in the source with nothing
    /// between them but what they are (no markup, escape or note).
    pub fn written_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let found: Option<Vec<usize>> = self.at[start..end].iter().copied().collect();
        let found = found?;
        let first = self.visible[*found.first()?];
        let last = self.visible[*found.last()?];
        let side_by_side = found.windows(2).all(|w| {
            let (a, b) = (self.visible[w[0]], self.visible[w[1]]);
            w[1] == w[0] + 1 && b.at == a.at + usize::from(a.len)
        });
        let whole = found.iter().all(|&k| self.visible[k].len > 0);
        (side_by_side && whole).then_some((first.at, last.at + usize::from(last.len)))
    }

    /// The first byte any of the characters `start..end` was written at.
    pub fn first_found(&self, start: usize, end: usize) -> Option<usize> {
        self.at[start..end.min(self.at.len())]
            .iter()
            .find_map(|k| *k)
            .map(|k| self.visible[k].at)
    }
}
