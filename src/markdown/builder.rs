//! Tree building: pulldown-cmark's events into [`Block`]s and
//! [`Inline`]s, with an explicit stack of open containers, so a file is
//! one pass whatever its nesting. Links and images have their schemes
//! checked here; the citations in each container's text are found when it
//! closes (`scan.rs`).

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::parse::{Collected, Definition, LocalFile, ParsedFile, Reference};
use super::{comments, links};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, FileId, Span};
use crate::model::{Align, Block, Inline, Link};

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
    /// A container past [`MAX_NESTING`]: its content joins its parent's.
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
}

impl Frame {
    pub(super) fn new(node: Node) -> Self {
        Frame {
            node,
            blocks: Vec::new(),
            inlines: Vec::new(),
            text_ranges: Vec::new(),
            may_cite: false,
        }
    }

    /// Text that stands directly in a container (a tight list item)
    /// becomes a `Plain` block before the next block is added.
    pub(super) fn flush_inlines(&mut self) {
        if !self.inlines.is_empty() {
            let inlines = std::mem::take(&mut self.inlines);
            self.blocks.push(Block::Plain(inlines));
        }
    }

    pub(super) fn push_block(&mut self, block: Block) {
        self.flush_inlines();
        self.blocks.push(block);
    }

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

    pub(super) fn into_blocks(mut self) -> Vec<Block> {
        self.flush_inlines();
        self.blocks
    }
}

pub(super) struct Builder<'a> {
    pub(super) file: FileId,
    /// Where `text` starts in the file: spans are made relative to the
    /// file, every other range here is relative to `text`.
    pub(super) base: usize,
    pub(super) text: &'a str,
    pub(super) allow_raw_html: bool,
    pub(super) stack: Vec<Frame>,
    pub(super) out: ParsedFile,
    pub(super) collected: &'a mut Collected,
    pub(super) diagnostics: &'a mut Diagnostics,
    pub(super) definition_depth: usize,
    /// Open lists, list items, quotes and inline containers.
    pub(super) nesting: usize,
    /// The nesting warning was given for this file.
    pub(super) warned_nesting: bool,
}

/// Containers nested deeper than this are flattened into the one above,
/// so that no later step recurses without bound on hostile input.
pub const MAX_NESTING: usize = 64;

/// Tags that nest: these count towards [`MAX_NESTING`].
fn nests(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

impl Builder<'_> {
    pub(super) fn top(&mut self) -> &mut Frame {
        self.stack
            .last_mut()
            .expect("the root frame is never popped")
    }

    pub(super) fn span(&self, range: std::ops::Range<usize>) -> Span {
        Span::new(self.file, self.base + range.start..self.base + range.end)
    }

    pub(super) fn event(&mut self, event: Event<'_>, range: std::ops::Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                // CommonMark: U+0000 is replaced, for safety, by U+FFFD.
                // One vector search looks for it and for a citation's `@`
                // at once: this runs for every text.
                let (text, may_cite) = match memchr::memchr2(0, b'@', text.as_bytes()) {
                    None => (text, false),
                    Some(_) => {
                        let may_cite = memchr::memchr(b'@', text.as_bytes()).is_some();
                        if memchr::memchr(0, text.as_bytes()).is_some() {
                            (CowStr::from(text.replace('\0', "\u{FFFD}")), may_cite)
                        } else {
                            (text, may_cite)
                        }
                    }
                };
                let frame = self.top();
                match &mut frame.node {
                    Node::Code { text: code, .. } | Node::Html { text: code, .. } => {
                        code.push_str(&text)
                    }
                    _ => frame.push_scanned_text(&text, range, may_cite),
                }
            }
            Event::Code(code) => self
                .top()
                .inlines
                .push(Inline::Code(code.replace('\0', "\u{FFFD}"))),
            Event::SoftBreak => self.top().inlines.push(Inline::SoftBreak),
            Event::HardBreak => self.top().inlines.push(Inline::HardBreak),
            Event::Rule => self.push_block(Block::Rule),
            Event::FootnoteReference(label) => {
                let index = self.collected.references.len();
                self.collected.references.push(Reference {
                    label: label.into_string(),
                    span: self.span(range),
                    in_definition: self.definition_depth > 0,
                });
                self.top().inlines.push(Inline::Reference(index));
            }
            Event::Html(html) => {
                let frame = self.top();
                if let Node::Html { text, .. } = &mut frame.node {
                    text.push_str(&html);
                }
            }
            Event::InlineHtml(html) => {
                // A comment is an editor's note: never published.
                let kept = comments::strip(&html);
                if kept.trim().is_empty() {
                    return;
                }
                self.report_raw_html(range);
                self.top().inlines.push(Inline::Html(kept.into_owned()));
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => self.top().push_text(&t, range),
            Event::TaskListMarker(_) => {}
        }
    }

    pub(super) fn start(&mut self, tag: Tag<'_>, range: std::ops::Range<usize>) {
        if nests(&tag) {
            self.nesting += 1;
            if self.nesting > MAX_NESTING {
                self.report_nesting(range);
                self.stack.push(Frame::new(Node::Flattened));
                return;
            }
        }
        let node = match tag {
            Tag::Paragraph => Node::Paragraph,
            Tag::Heading { level, id, .. } => Node::Heading {
                level: heading_level(level),
                explicit_id: id.map(CowStr::into_string),
                span: self.span(range),
            },
            Tag::BlockQuote(_) => Node::Quote,
            Tag::CodeBlock(kind) => Node::Code {
                text: String::new(),
                // CommonMark: the first word of the info string names the
                // language.
                language: match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                },
            },
            Tag::HtmlBlock => Node::Html {
                text: String::new(),
                range,
            },
            Tag::List(start) => Node::List {
                start,
                items: Vec::new(),
            },
            Tag::Item => Node::Item,
            Tag::FootnoteDefinition(label) => {
                self.definition_depth += 1;
                let label = label.into_string();
                let marker_len = label.len() + 4;
                let marker = if self.text[range.start..].starts_with("[^") {
                    range.start..(range.start + marker_len).min(range.end)
                } else {
                    range
                };
                Node::Definition {
                    label,
                    span: self.span(marker),
                }
            }
            Tag::Table(align) => Node::Table {
                align: align.into_iter().map(convert_align).collect(),
                head: Vec::new(),
                rows: Vec::new(),
            },
            Tag::TableHead => Node::TableHead { cells: Vec::new() },
            Tag::TableRow => Node::TableRow { cells: Vec::new() },
            Tag::TableCell => Node::TableCell,
            Tag::Emphasis => Node::Emphasis,
            Tag::Strong => Node::Strong,
            Tag::Strikethrough => Node::Strikethrough,
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                let url = if link_type == LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.into_string()
                };
                let url = self.checked_url(url, range.clone(), "link");
                if let Some(anchor) = url.strip_prefix('#') {
                    self.out
                        .anchors
                        .push((anchor.to_string(), self.span(range)));
                } else if is_web_address(&url) {
                    let span = self.span(range);
                    self.out.web_links.push((url.clone(), span));
                } else if crate::model::is_local_url(&url) {
                    let span = self.span(range);
                    self.out.local_files.push(LocalFile {
                        url: url.clone(),
                        span,
                        image: false,
                        described: true,
                    });
                }
                Node::Link {
                    url,
                    title: title.into_string(),
                }
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                let url = self.checked_url(dest_url.into_string(), range.clone(), "image");
                let at = self.span(range);
                if is_web_address(&url) {
                    self.out.web_links.push((url.clone(), at));
                } else if crate::model::is_local_url(&url) {
                    self.out.local_files.push(LocalFile {
                        url: url.clone(),
                        span: at,
                        image: true,
                        described: true,
                    });
                }
                Node::Image {
                    url,
                    title: title.into_string(),
                    at,
                }
            }
            _ => Node::Other,
        };
        self.stack.push(Frame::new(node));
    }

    pub(super) fn end(&mut self, tag: TagEnd) {
        if self.stack.len() == 1 {
            return;
        }
        if matches!(
            tag,
            TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
        ) {
            self.nesting = self.nesting.saturating_sub(1);
        }
        let mut frame = self.stack.pop().expect("checked above");
        self.seal(&mut frame);
        let Frame {
            node,
            blocks,
            inlines,
            ..
        } = frame;
        let contents = |blocks, inlines| {
            let mut frame = Frame::new(Node::Other);
            frame.blocks = blocks;
            frame.inlines = inlines;
            frame.into_blocks()
        };
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
            Node::Quote => {
                let blocks = contents(blocks, inlines);
                self.push_block(Block::Quote(blocks));
            }
            Node::List { start, items } => self.push_block(Block::List { start, items }),
            Node::Item => {
                let blocks = contents(blocks, inlines);
                if let Node::List { items, .. } = &mut self.top().node {
                    items.push(blocks);
                }
            }
            Node::Definition { label, span } => {
                self.definition_depth -= 1;
                let blocks = contents(blocks, inlines);
                self.out.definitions.push(Definition {
                    label,
                    span,
                    blocks,
                });
            }
            Node::Code { text, language } => self.push_block(Block::Code { text, language }),
            Node::Html { text, range } => {
                // Comments are dropped wherever they stand in the block;
                // text that stood between them is kept as a paragraph.
                let kept = comments::strip(&text);
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
            Node::Image { url, title, at } => {
                if crate::model::plain_text(&inlines).trim().is_empty() {
                    if let Some(file) = self.out.local_files.iter_mut().rev().find(|f| f.span == at)
                    {
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
            Node::Other | Node::Flattened => {
                self.top().inlines.extend(inlines);
                for block in blocks {
                    self.push_block(block);
                }
            }
        }
    }

    /// Adds a block to the open container, first sealing the text that
    /// stands directly in it (a tight list item's text).
    pub(super) fn push_block(&mut self, block: Block) {
        let mut top = self.stack.pop().expect("the root frame is never popped");
        self.seal(&mut top);
        top.push_block(block);
        self.stack.push(top);
    }

    pub(super) fn report_nesting(&mut self, range: Range<usize>) {
        if std::mem::replace(&mut self.warned_nesting, true) {
            return;
        }
        let span = self.span(range.start..range.start);
        self.diagnostics.push(
            Diagnostic::new(
                Code::DeepNesting,
                span,
                format!(
                    "lists, quotes or emphasis nested more than {MAX_NESTING} deep are flattened"
                ),
            )
            .with_label("nesting stops here")
            .with_help("no reader can follow this much nesting: restructure the text"),
        );
    }

    /// A link's or image's address, or nothing when its scheme could run
    /// script or read the reader's files (`unsafe-link`, an error).
    pub(super) fn checked_url(&mut self, url: String, range: Range<usize>, what: &str) -> String {
        let Some(scheme) = links::unsafe_scheme(&url) else {
            return url;
        };
        let span = self.span(range);
        self.diagnostics.push(
            Diagnostic::new(
                Code::UnsafeLink,
                span,
                format!("this {what} uses the `{scheme}:` scheme, which is never published"),
            )
            .with_label(format!("`{scheme}:` {what}"))
            .with_help(links::HELP),
        );
        String::new()
    }

    pub(super) fn report_near_miss(&mut self, span: Span, problem: String, fix: Option<String>) {
        let help = match fix {
            Some(fix) => format!("write it as `{fix}`"),
            None => "a citation is written [@key] or [@key, p. 12]; if this bracket is meant as text, set `malformed-citation = \"allow\"` under [lints] in briefc.toml".to_string(),
        };
        self.diagnostics.push(
            Diagnostic::new(
                Code::MalformedCitation,
                span,
                format!("this looks like a citation but is printed as text: {problem}"),
            )
            .with_label("not a citation")
            .with_help(help),
        );
    }

    pub(super) fn report_raw_html(&mut self, range: std::ops::Range<usize>) {
        if self.allow_raw_html {
            return;
        }
        let span = self.span(range);
        self.diagnostics.push(
            Diagnostic::new(Code::RawHtml, span, "raw HTML is printed as text")
                .with_label("this HTML is escaped in the output")
                .with_help("write it in Markdown, or set `allow_raw_html = true` in briefc.toml"),
        );
    }

    pub(super) fn finish(mut self) -> ParsedFile {
        // Unclosed frames cannot happen with a well-behaved parser, but fold
        // them into their parents rather than lose text if they do.
        while self.stack.len() > 1 {
            self.end(TagEnd::Paragraph);
        }
        let root = self.stack.pop().expect("root frame");
        self.out.blocks = root.into_blocks();
        self.out
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

fn convert_align(align: pulldown_cmark::Alignment) -> Align {
    match align {
        pulldown_cmark::Alignment::None => Align::None,
        pulldown_cmark::Alignment::Left => Align::Left,
        pulldown_cmark::Alignment::Center => Align::Center,
        pulldown_cmark::Alignment::Right => Align::Right,
    }
}

/// An address `check --links` can fetch.
fn is_web_address(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}
