//! The document tree that every output walks, so the editions can never
//! disagree about what a briefing says.

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
        /// The language named after the opening fence (its first word),
        /// empty when none is.
        language: String,
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
    /// A footnote reference as parsed: an index into the briefing's
    /// references. Resolve replaces it with a [`Inline::NoteRef`], or
    /// removes it when it cannot be numbered.
    Reference(usize),
    /// A citation as parsed: an index into the briefing's citations.
    /// Resolve writes it out in place (in a note) or makes it a note of its
    /// own (in the text).
    Cite(usize),
    /// A citation as resolve wrote it out in a note: words briefc made,
    /// not the author. Every edition prints its content as it prints any
    /// other; the Word edition marks it, so that `briefc review` can tell
    /// a reviewer's change to it from a change to the author's words.
    Cited(Box<CitedText>),
    /// A resolved note marker.
    NoteRef(NoteRef),
    SoftBreak,
    HardBreak,
    Html(String),
}

/// A note marker: the note's number, and which of the markers that point
/// to it this is (1 for the first), which makes its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NoteRef {
    pub number: u32,
    pub nth: u32,
}

impl NoteRef {
    /// The marker's own id: `fnref-31`, then `fnref-31-2` for the second
    /// marker of the same note.
    pub fn id(&self) -> String {
        if self.nth > 1 {
            format!("fnref-{}-{}", self.number, self.nth)
        } else {
            format!("fnref-{}", self.number)
        }
    }

    /// The id of the note it points to: `fn-31`.
    pub fn note_id(&self) -> String {
        format!("fn-{}", self.number)
    }
}

/// A citation as printed, and the `[@key]` in the sources that made it.
#[derive(Debug, Clone)]
pub struct CitedText {
    pub content: Vec<Inline>,
    pub span: Span,
}

/// A link's or an image's target and content.
#[derive(Debug, Clone)]
pub struct Link {
    pub url: String,
    pub title: String,
    pub content: Vec<Inline>,
}

/// The caption of a figure: the title of an image that stands alone in its
/// paragraph (`![Map](map.png "The Fergana Valley")`), if it has one.
pub fn figure_caption(inlines: &[Inline]) -> Option<&str> {
    match inlines {
        [Inline::Image(image)] if !image.title.trim().is_empty() => Some(&image.title),
        _ => None,
    }
}

impl Block {
    pub fn is_list(&self) -> bool {
        matches!(self, Block::List { .. })
    }
}
