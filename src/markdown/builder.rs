//! Tree building: pulldown-cmark's events into [`Block`]s and
//! [`Inline`]s, with an explicit stack of open containers ([`Frame`]s),
//! so a file is one pass whatever its nesting. Links and images have
//! their schemes checked as they open (`problems.rs`); a container's
//! citations are found (`scan.rs`) and its contents put into the one
//! around it (`close.rs`) when it closes.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::comments;
use super::frame::{Frame, Node};
use super::parsed::{Collected, LocalFile, ParsedFile, Reference};
use crate::diagnostics::{Diagnostics, FileId, Span};
use crate::model::{Align, Block, Inline};

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
    /// Where the block being added starts in the file: recorded for each
    /// block of the file's top level (`ParsedFile::starts`).
    pub(super) block_start: usize,
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
            Event::Rule => {
                self.block_start = self.base + range.start;
                self.push_block(Block::Rule)
            }
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
        let start = self.base + range.start;
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
            } => self.start_link(link_type, dest_url, title, range),
            Tag::Image {
                dest_url, title, ..
            } => self.start_image(dest_url, title, range),
            _ => Node::Other,
        };
        let mut frame = Frame::new(node);
        frame.start = start;
        self.stack.push(frame);
    }

    /// A link opens: its address checked, and noted as a link within the
    /// briefing, to the web, or to a file of the project.
    fn start_link(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'_>,
        title: CowStr<'_>,
        range: std::ops::Range<usize>,
    ) -> Node {
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

    /// An image opens: its address checked, and noted as on the web or a
    /// file of the project.
    fn start_image(
        &mut self,
        dest_url: CowStr<'_>,
        title: CowStr<'_>,
        range: std::ops::Range<usize>,
    ) -> Node {
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

    /// Adds a block to the open container, first sealing the text that
    /// stands directly in it (a tight list item's text).
    pub(super) fn push_block(&mut self, block: Block) {
        let mut top = self.stack.pop().expect("the root frame is never popped");
        self.seal(&mut top);
        let before = top.blocks.len();
        top.push_block(block);
        if self.stack.is_empty() {
            // The file's top level: loose text sealed into a block first
            // counts as starting where this block does.
            let added = top.blocks.len() - before;
            let start = self.block_start;
            self.out.starts.extend(std::iter::repeat_n(start, added));
        }
        self.stack.push(top);
    }

    pub(super) fn finish(mut self) -> ParsedFile {
        // Unclosed frames cannot happen with a well-behaved parser, but fold
        // them into their parents rather than lose text if they do.
        while self.stack.len() > 1 {
            self.end(TagEnd::Paragraph);
        }
        let root = self.stack.pop().expect("root frame");
        self.out.blocks = root.into_blocks();
        let end = self.base + self.text.len();
        let last = self.out.starts.last().copied().unwrap_or(end);
        self.out.starts.resize(self.out.blocks.len(), last);
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
