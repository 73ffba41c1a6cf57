//! One open container while a file's tree is built: what it is, and the
//! blocks and inlines gathered in it so far.

use std::ops::Range;

use crate::diagnostics::Span;
use crate::model::{Align, Block, Inline};

pub(super) enum Node {
    Root,
    Quote,
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Item,
    Definition {
        label: String,
        span: Span,
    },
    Paragraph,
    Heading {
        level: u8,
        explicit_id: Option<String>,
        span: Span,
    },
    Emphasis,
    Strong,
    Strikethrough,
    Link {
        url: String,
        title: String,
    },
    Image {
        url: String,
        title: String,
        /// Where the image stands, for a warning about its description.
        at: Span,
    },
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    TableHead {
        cells: Vec<Vec<Inline>>,
    },
    TableRow {
        cells: Vec<Vec<Inline>>,
    },
    TableCell,
    Code {
        text: String,
        language: String,
    },
    Html {
        text: String,
        range: Range<usize>,
    },
    Other,
    /// A container past [`super::builder::MAX_NESTING`]: its content
    /// joins its parent's.
    Flattened,
}

pub(super) struct Frame {
    pub(super) node: Node,
    pub(super) blocks: Vec<Block>,
    pub(super) inlines: Vec<Inline>,
    /// Where each `Inline::Text` of `inlines` came from: its index and
    /// source range, in order.
    pub(super) text_ranges: Vec<(usize, Range<usize>)>,
    /// Some text of this frame holds an `@`, so it may hold a citation.
    pub(super) may_cite: bool,
    /// Where the container starts in the file.
    pub(super) start: usize,
}

// The builder calls these for every event of a file: inlined there, as
// when they were written in the same file.
impl Frame {
    pub(super) fn new(node: Node) -> Self {
        Frame {
            node,
            blocks: Vec::new(),
            inlines: Vec::new(),
            text_ranges: Vec::new(),
            may_cite: false,
            start: 0,
        }
    }

    /// Text that stands directly in a container (a tight list item)
    /// becomes a `Plain` block before the next block is added.
    #[inline]
    pub(super) fn flush_inlines(&mut self) {
        if !self.inlines.is_empty() {
            let inlines = std::mem::take(&mut self.inlines);
            self.blocks.push(Block::Plain(inlines));
        }
    }

    #[inline]
    pub(super) fn push_block(&mut self, block: Block) {
        self.flush_inlines();
        self.blocks.push(block);
    }

    #[inline]
    pub(super) fn push_text(&mut self, text: &str, range: Range<usize>) {
        let may_cite = memchr::memchr(b'@', text.as_bytes()).is_some();
        self.push_scanned_text(text, range, may_cite);
    }

    /// [`Frame::push_text`] for a text already searched for `@`.
    pub(super) fn push_scanned_text(&mut self, text: &str, range: Range<usize>, may_cite: bool) {
        self.may_cite |= may_cite;
        let last = self.inlines.len().wrapping_sub(1);
        if let Some(Inline::Text(previous)) = self.inlines.last_mut() {
            previous.push_str(text);
            if let Some((index, r)) = self.text_ranges.last_mut()
                && *index == last
            {
                r.end = range.end;
            }
        } else {
            self.text_ranges.push((self.inlines.len(), range));
            self.inlines.push(Inline::Text(text.to_string()));
        }
    }

    #[inline]
    pub(super) fn into_blocks(mut self) -> Vec<Block> {
        self.flush_inlines();
        self.blocks
    }
}
