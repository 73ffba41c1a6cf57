//! Closing a container: its gathered blocks and inlines become one block
//! or inline of the container around it (or a footnote definition).

use pulldown_cmark::TagEnd;

use super::builder::Builder;
use super::comments;
use super::frame::{Frame, Node};
use super::parsed::Definition;
use crate::diagnostics::{Code, Diagnostic, Span};
use crate::model::{Block, Inline, Link};

/// The blocks of a container, its loose text last as a `Plain` block.
fn contents(blocks: Vec<Block>, inlines: Vec<Inline>) -> Vec<Block> {
    let mut frame = Frame::new(Node::Other);
    frame.blocks = blocks;
    frame.inlines = inlines;
    frame.into_blocks()
}

/// Whether the tag that ends here counts towards the nesting bound.
fn nests(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
    )
}

impl Builder<'_> {
    pub(super) fn end(&mut self, tag: TagEnd) {
        if self.stack.len() == 1 {
            return;
        }
        if nests(&tag) {
            self.nesting = self.nesting.saturating_sub(1);
        }
        let mut frame = self.stack.pop().expect("checked above");
        self.seal(&mut frame);
        self.block_start = frame.start;
        let Frame {
            node,
            blocks,
            inlines,
            ..
        } = frame;
        match node {
            Node::Root => {}
            Node::Paragraph => self.push_block(Block::Paragraph(inlines)),
            Node::Heading {
                level,
                explicit_id,
                span,
            } => self.push_block(Block::Heading {
                level,
                explicit_id,
                id: String::new(),
                content: inlines,
                span,
            }),
            Node::Quote => self.push_block(Block::Quote(contents(blocks, inlines))),
            Node::List { start, items } => self.push_block(Block::List { start, items }),
            Node::Item => {
                let blocks = contents(blocks, inlines);
                if let Node::List { items, .. } = &mut self.top().node {
                    items.push(blocks);
                }
            }
            Node::Definition { label, span } => {
                self.definition_depth -= 1;
                self.out.definitions.push(Definition {
                    label,
                    span,
                    blocks: contents(blocks, inlines),
                });
            }
            Node::Code { text, language } => self.push_block(Block::Code { text, language }),
            Node::Html { text, range } => self.end_html(&text, range),
            Node::Table { align, head, rows } => {
                self.push_block(Block::Table { align, head, rows })
            }
            Node::TableHead { cells } => {
                if let Node::Table { head, .. } = &mut self.top().node {
                    *head = cells;
                }
            }
            Node::TableRow { cells } => match &mut self.top().node {
                Node::Table { rows, .. } => rows.push(cells),
                Node::TableHead { cells: head } => *head = cells,
                _ => {}
            },
            Node::TableCell => match &mut self.top().node {
                Node::TableRow { cells } | Node::TableHead { cells } => cells.push(inlines),
                _ => {}
            },
            Node::Emphasis => self.top().inlines.push(Inline::Emphasis(inlines)),
            Node::Strong => self.top().inlines.push(Inline::Strong(inlines)),
            Node::Strikethrough => self.top().inlines.push(Inline::Strikethrough(inlines)),
            Node::Link { url, title } => self.top().inlines.push(Inline::Link(Box::new(Link {
                url,
                title,
                content: inlines,
            }))),
            Node::Image { url, title, at } => self.end_image(url, title, at, inlines),
            Node::Other | Node::Flattened => {
                self.top().inlines.extend(inlines);
                for block in blocks {
                    self.push_block(block);
                }
            }
        }
    }

    /// An HTML block: comments are dropped wherever they stand in it, and
    /// text that stood between them is kept as a paragraph.
    fn end_html(&mut self, text: &str, range: std::ops::Range<usize>) {
        let kept = comments::strip(text);
        if kept.trim().is_empty() {
            return;
        }
        if kept.len() < text.len() && !kept.contains('<') {
            let words = kept.split_whitespace().collect::<Vec<_>>().join(" ");
            self.push_block(Block::Paragraph(vec![Inline::Text(words)]));
            return;
        }
        self.report_raw_html(range);
        self.push_block(Block::Html(kept.into_owned()));
    }

    /// An image, with a warning when it says nothing of what it shows.
    fn end_image(&mut self, url: String, title: String, at: Span, inlines: Vec<Inline>) {
        if crate::model::plain_text(&inlines).trim().is_empty() {
            if let Some(file) = self.out.local_files.iter_mut().rev().find(|f| f.span == at) {
                file.described = false;
            }
            self.diagnostics.push(
                Diagnostic::new(Code::MissingAltText, at, "this image has no description")
                    .with_label("a reader who cannot see it learns nothing")
                    .with_help(
                        "say what the image shows between the brackets: \
                         ![Map of the Fergana Valley](map.png); PDF/UA requires it",
                    ),
            );
        }
        self.top().inlines.push(Inline::Image(Box::new(Link {
            url,
            title,
            content: inlines,
        })));
    }
}
