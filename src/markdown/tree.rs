//! The document tree that both renderers walk, so HTML and plain text can
//! never disagree about what a briefing says.

use crate::diagnostics::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone)]
pub enum Block {
    Heading {
        level: u8,
        /// The `{#id}` the author wrote, if any.
        explicit_id: Option<String>,
        /// Filled in by resolve.
        id: String,
        content: Vec<Inline>,
        span: Span,
    },
    Paragraph(Vec<Inline>),
    /// The text of a tight list item: a paragraph without spacing.
    Plain(Vec<Inline>),
    Quote(Vec<Block>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Code {
        text: String,
    },
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Rule,
    /// Raw HTML: passed through or escaped, as `allow_raw_html` says.
    Html(String),
}

#[derive(Debug, Clone)]
pub enum Inline {
    Text(String),
    Code(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Strikethrough(Vec<Inline>),
    /// Boxed, as are images: they are rare, and every other inline is
    /// then a third of the size.
    Link(Box<Link>),
    /// An image; its `content` is the alternative text.
    Image(Box<Link>),
    /// A footnote reference: an index into the briefing's references.
    NoteRef(usize),
    /// A citation: an index into the briefing's citations. Resolve turns it
    /// into formatted text (in a note) or a footnote (in body text).
    Cite(usize),
    SoftBreak,
    HardBreak,
    Html(String),
}

/// A link's or an image's target and content.
#[derive(Debug, Clone)]
pub struct Link {
    pub url: String,
    pub title: String,
    pub content: Vec<Inline>,
}

impl Block {
    pub fn is_list(&self) -> bool {
        matches!(self, Block::List { .. })
    }
}

/// The text of inlines without any markup, for slugs, `<title>` and the
/// table of contents.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    collect_plain(inlines, &mut out);
    out
}

fn collect_plain(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => {
                collect_plain(c, out)
            }
            Inline::Link(link) | Inline::Image(link) => collect_plain(&link.content, out),
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
            Inline::NoteRef(_) | Inline::Cite(_) | Inline::Html(_) => {}
        }
    }
}
