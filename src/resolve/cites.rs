//! What the notes cite: each use of a source, and the brackets of a tree
//! in reading order, as both the house style and a CSL style meet them.

use crate::model::Inline;
use crate::model::visit::{Visit, walk_inline};

/// A use of a source: its key and the note that cites it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited {
    pub key: String,
    pub note: u32,
}

/// Collects the citations of a tree in reading order.
pub struct Cites<'v>(pub &'v mut Vec<usize>);

impl<'a> Visit<'a> for Cites<'_> {
    fn visit_inline(&mut self, inline: &'a Inline) {
        match inline {
            Inline::Cite(c) => self.0.push(*c),
            _ => walk_inline(self, inline),
        }
    }
}
