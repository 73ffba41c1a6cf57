//! The one walk over a document tree, read-only ([`Visit`]) and in place
//! ([`VisitMut`]). Every pass that looks into blocks and inlines (shifting
//! indices, numbering, citations, headings, assets, the renderers) is a
//! visitor that overrides what it cares about and leaves the rest of the
//! walk to the `walk_*` functions, so no pass can forget a kind of node:
//! each goes into quotes, list items, table cells, emphasis, links and
//! image descriptions alike.
//!
//! The trees are at most [`MAX_NESTING`](crate::markdown::MAX_NESTING)
//! containers deep, so the recursion is bounded.

use super::tree::{Block, Inline};

/// A read-only pass. Each method's default visits the children; an
/// override that still wants them calls the matching `walk_*` function.
pub trait Visit<'a> {
    fn visit_blocks(&mut self, blocks: &'a [Block]) {
        walk_blocks(self, blocks);
    }
    fn visit_block(&mut self, block: &'a Block) {
        walk_block(self, block);
    }
    fn visit_inlines(&mut self, inlines: &'a [Inline]) {
        walk_inlines(self, inlines);
    }
    fn visit_inline(&mut self, inline: &'a Inline) {
        walk_inline(self, inline);
    }
}

pub fn walk_blocks<'a, V: Visit<'a> + ?Sized>(visitor: &mut V, blocks: &'a [Block]) {
    for block in blocks {
        visitor.visit_block(block);
    }
}

pub fn walk_block<'a, V: Visit<'a> + ?Sized>(visitor: &mut V, block: &'a Block) {
    match block {
        Block::Heading { content, .. } | Block::Paragraph(content) | Block::Plain(content) => {
            visitor.visit_inlines(content)
        }
        Block::Quote(inner) => visitor.visit_blocks(inner),
        Block::List { items, .. } => {
            for item in items {
                visitor.visit_blocks(item);
            }
        }
        Block::Table { head, rows, .. } => {
            for cell in head.iter().chain(rows.iter().flatten()) {
                visitor.visit_inlines(cell);
            }
        }
        Block::Code { .. } | Block::Rule | Block::Html(_) => {}
    }
}

pub fn walk_inlines<'a, V: Visit<'a> + ?Sized>(visitor: &mut V, inlines: &'a [Inline]) {
    for inline in inlines {
        visitor.visit_inline(inline);
    }
}

pub fn walk_inline<'a, V: Visit<'a> + ?Sized>(visitor: &mut V, inline: &'a Inline) {
    match inline {
        Inline::Emphasis(content) | Inline::Strong(content) | Inline::Strikethrough(content) => {
            visitor.visit_inlines(content)
        }
        Inline::Link(link) | Inline::Image(link) => visitor.visit_inlines(&link.content),
        Inline::Cited(cited) => visitor.visit_inlines(&cited.content),
        Inline::Text(_)
        | Inline::Code(_)
        | Inline::Reference(_)
        | Inline::Cite(_)
        | Inline::NoteRef(_)
        | Inline::SoftBreak
        | Inline::HardBreak
        | Inline::Html(_) => {}
    }
}

/// The text of inlines without any markup, for slugs, `<title>` and the
/// table of contents: text, code, and what emphasis, links and image
/// descriptions hold; a break is a space.
pub fn plain_text(inlines: &[Inline]) -> String {
    struct Plain(String);
    impl<'a> Visit<'a> for Plain {
        fn visit_inline(&mut self, inline: &'a Inline) {
            match inline {
                Inline::Text(t) | Inline::Code(t) => self.0.push_str(t),
                Inline::SoftBreak | Inline::HardBreak => self.0.push(' '),
                _ => walk_inline(self, inline),
            }
        }
    }
    let mut plain = Plain(String::new());
    plain.visit_inlines(inlines);
    plain.0
}

/// The last character of the text of `inlines`, where punctuation that
/// follows them would stand: in text, code, emphasis and a link's words,
/// not in an image's description, a note's marker or raw HTML.
pub fn last_char(inlines: &[Inline]) -> Option<char> {
    inlines.iter().rev().find_map(|inline| match inline {
        Inline::Text(t) | Inline::Code(t) => t.chars().last(),
        Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => last_char(c),
        Inline::Link(link) => last_char(&link.content),
        Inline::Cited(cited) => last_char(&cited.content),
        _ => None,
    })
}

/// The last inline of `inlines` when it is text, however deeply emphasis
/// nests it.
pub fn last_text_mut(inlines: &mut [Inline]) -> Option<&mut String> {
    match inlines.last_mut()? {
        Inline::Text(t) => Some(t),
        Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => last_text_mut(c),
        Inline::Cited(cited) => last_text_mut(&mut cited.content),
        _ => None,
    }
}

/// A pass that changes the tree in place. Inlines come as the list that
/// holds them, so a pass can replace one inline with several.
pub trait VisitMut {
    fn visit_blocks_mut(&mut self, blocks: &mut [Block]) {
        walk_blocks_mut(self, blocks);
    }
    fn visit_block_mut(&mut self, block: &mut Block) {
        walk_block_mut(self, block);
    }
    fn visit_inlines_mut(&mut self, inlines: &mut Vec<Inline>) {
        walk_inlines_mut(self, inlines);
    }
    fn visit_inline_mut(&mut self, inline: &mut Inline) {
        walk_inline_mut(self, inline);
    }
}

pub fn walk_blocks_mut<V: VisitMut + ?Sized>(visitor: &mut V, blocks: &mut [Block]) {
    for block in blocks {
        visitor.visit_block_mut(block);
    }
}

pub fn walk_block_mut<V: VisitMut + ?Sized>(visitor: &mut V, block: &mut Block) {
    match block {
        Block::Heading { content, .. } | Block::Paragraph(content) | Block::Plain(content) => {
            visitor.visit_inlines_mut(content)
        }
        Block::Quote(inner) => visitor.visit_blocks_mut(inner),
        Block::List { items, .. } => {
            for item in items {
                visitor.visit_blocks_mut(item);
            }
        }
        Block::Table { head, rows, .. } => {
            for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                visitor.visit_inlines_mut(cell);
            }
        }
        Block::Code { .. } | Block::Rule | Block::Html(_) => {}
    }
}

pub fn walk_inlines_mut<V: VisitMut + ?Sized>(visitor: &mut V, inlines: &mut Vec<Inline>) {
    for inline in inlines {
        visitor.visit_inline_mut(inline);
    }
}

pub fn walk_inline_mut<V: VisitMut + ?Sized>(visitor: &mut V, inline: &mut Inline) {
    match inline {
        Inline::Emphasis(content) | Inline::Strong(content) | Inline::Strikethrough(content) => {
            visitor.visit_inlines_mut(content)
        }
        Inline::Link(link) | Inline::Image(link) => visitor.visit_inlines_mut(&mut link.content),
        Inline::Cited(cited) => visitor.visit_inlines_mut(&mut cited.content),
        Inline::Text(_)
        | Inline::Code(_)
        | Inline::Reference(_)
        | Inline::Cite(_)
        | Inline::NoteRef(_)
        | Inline::SoftBreak
        | Inline::HardBreak
        | Inline::Html(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tree::Link;

    /// Counts every text, wherever it stands.
    struct Texts(usize);

    impl<'a> Visit<'a> for Texts {
        fn visit_inline(&mut self, inline: &'a Inline) {
            if let Inline::Text(_) = inline {
                self.0 += 1;
            }
            walk_inline(self, inline);
        }
    }

    struct Upper;

    impl VisitMut for Upper {
        fn visit_inline_mut(&mut self, inline: &mut Inline) {
            if let Inline::Text(t) = inline {
                *t = t.to_uppercase();
            }
            walk_inline_mut(self, inline);
        }
    }

    fn text(t: &str) -> Inline {
        Inline::Text(t.to_string())
    }

    fn every_kind() -> Vec<Block> {
        let link = |content| {
            Box::new(Link {
                url: "u".into(),
                title: String::new(),
                content,
            })
        };
        vec![
            Block::Heading {
                level: 1,
                explicit_id: None,
                id: String::new(),
                content: vec![text("a")],
                span: crate::diagnostics::Span::file_start(crate::diagnostics::FileId(0)),
            },
            Block::Quote(vec![Block::Paragraph(vec![Inline::Emphasis(vec![text(
                "b",
            )])])]),
            Block::List {
                start: None,
                items: vec![vec![Block::Plain(vec![Inline::Link(link(vec![text(
                    "c",
                )]))])]],
            },
            Block::Table {
                align: vec![],
                head: vec![vec![Inline::Image(link(vec![text("d")]))]],
                rows: vec![vec![vec![Inline::Strong(vec![Inline::Strikethrough(
                    vec![text("e")],
                )])]]],
            },
        ]
    }

    #[test]
    fn both_walks_reach_every_container() {
        let mut blocks = every_kind();
        let mut count = Texts(0);
        count.visit_blocks(&blocks);
        assert_eq!(count.0, 5);
        Upper.visit_blocks_mut(&mut blocks);
        let mut seen = String::new();
        struct Collect<'s>(&'s mut String);
        impl<'a> Visit<'a> for Collect<'_> {
            fn visit_inline(&mut self, inline: &'a Inline) {
                if let Inline::Text(t) = inline {
                    self.0.push_str(t);
                }
                walk_inline(self, inline);
            }
        }
        Collect(&mut seen).visit_blocks(&blocks);
        assert_eq!(seen, "ABCDE");
    }
}
