//! Markdown events into [`Block`] trees.
//!
//! pulldown-cmark's GitHub-style footnotes turn a reference whose
//! definition is in another file into plain `[^12]` text. Definitions here
//! live in other files, so before parsing we put a throw-away definition for
//! every label the text mentions in front of it; events from that prefix are
//! dropped and offsets shifted back, and every reference is then seen as a
//! reference with its exact span.

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use std::ops::Range;

use super::cite::{self, Citation, CiteItem, Found};
use super::tree::{Align, Block, Inline, Link};
use super::{comments, links};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, FileId, Span};

/// A footnote reference `[^label]`.
#[derive(Debug, Clone)]
pub struct Reference {
    pub label: String,
    pub span: Span,
    /// Written inside a footnote definition (an error).
    pub in_definition: bool,
    /// Written in an image's description, where no marker can be shown:
    /// it is not numbered.
    pub in_image: bool,
    /// A citation in body text, which becomes a note of its own: the
    /// citation's index. Its label is `@citation`.
    pub citation: Option<usize>,
}

/// A footnote definition `[^label]: text`.
#[derive(Debug, Clone)]
pub struct Definition {
    pub label: String,
    /// The `[^label]:` marker.
    pub span: Span,
    pub blocks: Vec<Block>,
}

/// What the files of one briefing add up to: references and citations
/// are numbered per briefing, so `Inline::NoteRef` and `Inline::Cite` hold
/// indices into these lists.
#[derive(Debug, Default)]
pub struct Collected {
    pub references: Vec<Reference>,
    pub citations: Vec<Citation>,
}

#[derive(Debug, Default)]
pub struct ParsedFile {
    pub blocks: Vec<Block>,
    pub definitions: Vec<Definition>,
    /// Links to `#id` in this file, with where they stand.
    pub anchors: Vec<(String, Span)>,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Parses one Markdown file, appending its references and citations to
/// the briefing's lists.
pub fn parse_file(
    text: &str,
    file: FileId,
    allow_raw_html: bool,
    collected: &mut Collected,
    diagnostics: &mut Diagnostics,
) -> ParsedFile {
    parse_piece(text, 0, file, allow_raw_html, collected, diagnostics)
}

/// Parses the piece of a file that starts at byte `base` (see
/// [`super::pieces`]): spans are given in the whole file's offsets.
pub fn parse_piece(
    text: &str,
    base: usize,
    file: FileId,
    allow_raw_html: bool,
    collected: &mut Collected,
    diagnostics: &mut Diagnostics,
) -> ParsedFile {
    let labels = written_labels(text);
    // A label that looks defined in this text (`[^label]:`) needs no
    // stand-in definition: its own serves, and a notes file then costs
    // no more to parse than any other text. Should one not be a
    // definition after all (written in a code block, say), the text is
    // parsed again with a stand-in for every label.
    let before = (
        collected.references.len(),
        collected.citations.len(),
        diagnostics.len(),
    );
    let parsed = parse_with_prefix(
        text,
        base,
        file,
        allow_raw_html,
        &definition_prefix(labels.iter().filter(|l| !l.looks_defined)),
        collected,
        diagnostics,
    );
    let mut defined: Vec<&str> = parsed
        .definitions
        .iter()
        .map(|d| d.label.as_str())
        .collect();
    defined.sort_unstable();
    if labels
        .iter()
        .filter(|l| l.looks_defined)
        .all(|l| defined.binary_search(&l.name).is_ok())
    {
        return parsed;
    }
    collected.references.truncate(before.0);
    collected.citations.truncate(before.1);
    diagnostics.truncate(before.2);
    parse_every_label_stood_in(text, base, file, allow_raw_html, collected, diagnostics)
}

/// [`parse_piece`] with a stand-in definition for every label, the way
/// that never needs a second try; fuzzing checks the two agree.
#[doc(hidden)]
pub fn parse_every_label_stood_in(
    text: &str,
    base: usize,
    file: FileId,
    allow_raw_html: bool,
    collected: &mut Collected,
    diagnostics: &mut Diagnostics,
) -> ParsedFile {
    let labels = written_labels(text);
    let prefix = definition_prefix(labels.iter());
    parse_with_prefix(
        text,
        base,
        file,
        allow_raw_html,
        &prefix,
        collected,
        diagnostics,
    )
}

fn parse_with_prefix(
    text: &str,
    base: usize,
    file: FileId,
    allow_raw_html: bool,
    prefix: &str,
    collected: &mut Collected,
    diagnostics: &mut Diagnostics,
) -> ParsedFile {
    let full;
    let input = if prefix.is_empty() {
        text
    } else {
        full = format!("{prefix}{text}");
        &full
    };
    let shift = prefix.len();
    let mut builder = Builder {
        file,
        base,
        text,
        allow_raw_html,
        stack: vec![Frame::new(Node::Root)],
        out: ParsedFile::default(),
        collected,
        diagnostics,
        definition_depth: 0,
        image_depth: 0,
        nesting: 0,
        warned_nesting: false,
    };
    for (event, range) in Parser::new_ext(input, options()).into_offset_iter() {
        if range.start < shift {
            continue;
        }
        builder.event(event, range.start - shift..range.end - shift);
    }
    builder.finish()
}

/// A footnote label written in a text.
struct Label<'a> {
    name: &'a str,
    /// Written at least once as `[^label]:`.
    looks_defined: bool,
}

/// Every label written as `[^label]` in `text`, sorted, each once. A
/// label runs to the first `]` not escaped with a backslash, on one line,
/// without `[`, as pulldown-cmark reads one; it then matches labels
/// regardless of case and spaces, so `[^1 ]` is a reference to note 1
/// only if some stand-in is there for it to match.
fn written_labels(text: &str) -> Vec<Label<'_>> {
    let mut labels: Vec<Label<'_>> = Vec::new();
    for at in memchr::memmem::find_iter(text.as_bytes(), b"[^") {
        if let Some(label) = label_after(&text[at + 2..]) {
            labels.push(label);
        }
    }
    labels.sort_unstable_by(|a, b| {
        a.name
            .cmp(b.name)
            .then(b.looks_defined.cmp(&a.looks_defined))
    });
    labels.dedup_by(|later, first| later.name == first.name);
    labels
}

/// The label that `after` (the text after a `[^`) starts with, if any.
fn label_after(after: &str) -> Option<Label<'_>> {
    /// pulldown-cmark's longest link or footnote label.
    const MAX_LABEL: usize = 999;
    let bytes = after.as_bytes();
    let mut at = 0;
    while at < bytes.len() && at <= MAX_LABEL {
        match bytes[at] {
            b']' if at > 0 => {
                return Some(Label {
                    name: &after[..at],
                    looks_defined: bytes.get(at + 1) == Some(&b':'),
                });
            }
            b']' | b'[' | b'\n' | b'\r' => return None,
            b'\\' => at += 2,
            _ => at += 1,
        }
    }
    None
}

/// `[^label]: x` for each label, then an HTML comment that closes the last
/// definition whatever the text starts with; nothing for no labels.
fn definition_prefix<'a>(labels: impl Iterator<Item = &'a Label<'a>>) -> String {
    let mut prefix = String::new();
    for label in labels {
        prefix.push_str("[^");
        prefix.push_str(label.name);
        // A blank line after each: a stand-in that pulldown-cmark does not
        // take for a definition stays a paragraph of its own.
        prefix.push_str("]:\n\n");
    }
    if !prefix.is_empty() {
        prefix.push_str("\n<!-- -->\n\n");
    }
    prefix
}

enum Node {
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
    },
    Html {
        text: String,
        range: Range<usize>,
    },
    Other,
    /// A container past [`MAX_NESTING`]: its content joins its parent's.
    Flattened,
}

struct Frame {
    node: Node,
    blocks: Vec<Block>,
    inlines: Vec<Inline>,
    /// Where each `Inline::Text` of `inlines` came from: its index and
    /// source range, in order.
    text_ranges: Vec<(usize, Range<usize>)>,
    /// Some text of this frame holds an `@`, so it may hold a citation.
    may_cite: bool,
}

impl Frame {
    fn new(node: Node) -> Self {
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
    fn flush_inlines(&mut self) {
        if !self.inlines.is_empty() {
            let inlines = std::mem::take(&mut self.inlines);
            self.blocks.push(Block::Plain(inlines));
        }
    }

    fn push_block(&mut self, block: Block) {
        self.flush_inlines();
        self.blocks.push(block);
    }

    fn push_text(&mut self, text: &str, range: Range<usize>) {
        self.may_cite |= memchr::memchr(b'@', text.as_bytes()).is_some();
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

    fn into_blocks(mut self) -> Vec<Block> {
        self.flush_inlines();
        self.blocks
    }
}

/// A stretch of text in a run of text and soft breaks, and where it came
/// from in the source.
struct Segment {
    start: usize,
    end: usize,
    source: Option<Range<usize>>,
}

struct Builder<'a> {
    file: FileId,
    /// Where `text` starts in the file: spans are made relative to the
    /// file, every other range here is relative to `text`.
    base: usize,
    text: &'a str,
    allow_raw_html: bool,
    stack: Vec<Frame>,
    out: ParsedFile,
    collected: &'a mut Collected,
    diagnostics: &'a mut Diagnostics,
    definition_depth: usize,
    /// Open images: a reference in one is not numbered.
    image_depth: usize,
    /// Open lists, list items, quotes and inline containers.
    nesting: usize,
    /// The nesting warning was given for this file.
    warned_nesting: bool,
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
    fn top(&mut self) -> &mut Frame {
        self.stack
            .last_mut()
            .expect("the root frame is never popped")
    }

    fn span(&self, range: std::ops::Range<usize>) -> Span {
        Span::new(self.file, self.base + range.start..self.base + range.end)
    }

    fn event(&mut self, event: Event<'_>, range: std::ops::Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                // CommonMark: U+0000 is replaced, for safety, by U+FFFD.
                let text = if text.contains('\0') {
                    CowStr::from(text.replace('\0', "\u{FFFD}"))
                } else {
                    text
                };
                let frame = self.top();
                match &mut frame.node {
                    Node::Code { text: code } | Node::Html { text: code, .. } => {
                        code.push_str(&text)
                    }
                    _ => frame.push_text(&text, range),
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
                    in_image: self.image_depth > 0,
                    citation: None,
                });
                self.top().inlines.push(Inline::NoteRef(index));
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

    fn start(&mut self, tag: Tag<'_>, range: std::ops::Range<usize>) {
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
            Tag::CodeBlock(_) => Node::Code {
                text: String::new(),
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
                }
                Node::Link {
                    url,
                    title: title.into_string(),
                }
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                self.image_depth += 1;
                let url = self.checked_url(dest_url.into_string(), range, "image");
                Node::Image {
                    url,
                    title: title.into_string(),
                }
            }
            _ => Node::Other,
        };
        self.stack.push(Frame::new(node));
    }

    fn end(&mut self, tag: TagEnd) {
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
            Node::Code { text } => self.push_block(Block::Code { text }),
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
            Node::Image { url, title } => {
                self.image_depth -= 1;
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
    fn push_block(&mut self, block: Block) {
        let mut top = self.stack.pop().expect("the root frame is never popped");
        self.seal(&mut top);
        top.push_block(block);
        self.stack.push(top);
    }

    /// Finds citations in a frame's text, now that all of it is known:
    /// pulldown-cmark splits `[@key]` into several text events, and a
    /// citation may run over a line break.
    fn seal(&mut self, frame: &mut Frame) {
        let may_cite = std::mem::take(&mut frame.may_cite);
        if !may_cite || matches!(frame.node, Node::Link { .. } | Node::Image { .. }) {
            frame.text_ranges.clear();
            return;
        }
        let mut ranges = std::mem::take(&mut frame.text_ranges)
            .into_iter()
            .peekable();
        let first_new = self.collected.references.len();
        let old = std::mem::take(&mut frame.inlines);
        let mut out = Vec::with_capacity(old.len());
        let mut run: Vec<(Inline, Option<Range<usize>>)> = Vec::new();
        for (i, inline) in old.into_iter().enumerate() {
            // The ranges are in inline order: take the one for this text.
            let range = match ranges.peek() {
                Some((index, _)) if *index == i => ranges.next().map(|(_, r)| r),
                _ => None,
            };
            if matches!(inline, Inline::Text(_) | Inline::SoftBreak) {
                run.push((inline, range));
            } else {
                self.flush_run(std::mem::take(&mut run), &mut out);
                out.push(inline);
            }
        }
        self.flush_run(run, &mut out);
        frame.inlines = out;
        if self.collected.references.len() > first_new {
            place_markers(&mut frame.inlines, first_new);
        }
    }

    fn flush_run(&mut self, mut run: Vec<(Inline, Option<Range<usize>>)>, out: &mut Vec<Inline>) {
        // Most runs are one text: it is searched as it is, not copied.
        let single = match run.as_mut_slice() {
            [(Inline::Text(text), source)] => Some((std::mem::take(text), source.take())),
            _ => None,
        };
        let was_single = single.is_some();
        let mut segments = Vec::new();
        let combined = match single {
            Some((text, source)) => {
                segments.push(Segment {
                    start: 0,
                    end: text.len(),
                    source,
                });
                run.clear();
                text
            }
            None => {
                let mut combined = String::new();
                for (inline, range) in &run {
                    let start = combined.len();
                    match inline {
                        Inline::Text(t) => combined.push_str(t),
                        _ => combined.push(' '),
                    }
                    segments.push(Segment {
                        start,
                        end: combined.len(),
                        source: range.clone(),
                    });
                }
                combined
            }
        };
        let scanned = if memchr::memchr(b'@', combined.as_bytes()).is_some() {
            cite::scan(&combined)
        } else {
            Vec::new()
        };
        let mut found = Vec::with_capacity(scanned.len());
        for (range, result) in scanned {
            match result {
                Found::Citation(items) => found.push((range, items)),
                Found::NearMiss { problem, fix } => {
                    let bracket = &combined[range.clone()];
                    let span = self.source_span(&combined, &segments, range.clone(), bracket);
                    self.report_near_miss(span, problem, fix);
                }
            }
        }
        if found.is_empty() {
            if was_single {
                out.push(Inline::Text(combined));
            } else {
                out.extend(run.into_iter().map(|(inline, _)| inline));
            }
            return;
        }
        let mut last = 0;
        for (range, items) in found {
            if range.start > last {
                out.push(Inline::Text(combined[last..range.start].to_string()));
            }
            let items: Vec<CiteItem> = items
                .into_iter()
                .map(|item| CiteItem {
                    key_span: self.source_span(
                        &combined,
                        &segments,
                        item.key_range.clone(),
                        &item.key,
                    ),
                    prefix: item.prefix,
                    key: item.key,
                    locator: item.locator,
                })
                .collect();
            let bracket = &combined[range.clone()];
            let span = self.source_span(&combined, &segments, range.clone(), bracket);
            let citation = self.collected.citations.len();
            let in_note = self.definition_depth > 0;
            if in_note {
                out.push(Inline::Cite(citation));
            } else {
                // In body text a citation becomes a note of its own: a
                // reference to it stands where the citation did.
                out.push(Inline::NoteRef(self.collected.references.len()));
                self.collected.references.push(Reference {
                    label: "@citation".to_string(),
                    span,
                    in_definition: false,
                    in_image: false,
                    citation: Some(citation),
                });
            }
            self.collected.citations.push(Citation {
                items,
                span,
                in_note,
            });
            last = range.end;
        }
        if last < combined.len() {
            out.push(Inline::Text(combined[last..].to_string()));
        }
    }

    /// The source span of `range` of a run's combined text: exact where the
    /// text is the source unchanged, else found by searching the source
    /// for `needle`.
    fn source_span(
        &self,
        combined: &str,
        segments: &[Segment],
        range: Range<usize>,
        needle: &str,
    ) -> Span {
        let segment = segments
            .iter()
            .find(|s| s.start <= range.start && range.start < s.end.max(s.start + 1));
        let fallback = segments
            .iter()
            .filter_map(|s| s.source.clone())
            .reduce(|a, b| a.start.min(b.start)..a.end.max(b.end))
            .unwrap_or(0..0);
        if let Some(Segment {
            start,
            end,
            source: Some(source),
        }) = segment
            && range.end <= *end
            && self.text.get(source.clone()) == Some(&combined[*start..*end])
        {
            let from = source.start + (range.start - start);
            return self.span(from..from + (range.end - range.start));
        }
        match self.text.get(fallback.clone()).and_then(|t| t.find(needle)) {
            Some(at) => self.span(fallback.start + at..fallback.start + at + needle.len()),
            None => self.span(fallback),
        }
    }

    fn report_nesting(&mut self, range: Range<usize>) {
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
    fn checked_url(&mut self, url: String, range: Range<usize>, what: &str) -> String {
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

    fn report_near_miss(&mut self, span: Span, problem: String, fix: Option<String>) {
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

    fn report_raw_html(&mut self, range: std::ops::Range<usize>) {
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

    fn finish(mut self) -> ParsedFile {
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

/// Places the marker of each note made from a citation in body text (each
/// `NoteRef` to a reference from `first_new` on): house style puts a
/// marker after punctuation and with no space before it, so a mark right
/// after the citation moves before the marker and spaces or a line break
/// before it go.
fn place_markers(inlines: &mut Vec<Inline>, first_new: usize) {
    let mut i = 0;
    while i < inlines.len() {
        if matches!(inlines[i], Inline::NoteRef(r) if r >= first_new) {
            i = place_marker(inlines, i);
        }
        i += 1;
    }
}

/// [`place_markers`] for the marker at `at`; returns where it now stands.
fn place_marker(inlines: &mut Vec<Inline>, mut at: usize) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceMap;

    fn parse(text: &str) -> (ParsedFile, Vec<Reference>) {
        let mut map = SourceMap::new();
        let file = map.add("a.md", text.to_string());
        let mut collected = Collected::default();
        let mut diagnostics = Diagnostics::new();
        let parsed = parse_file(text, file, false, &mut collected, &mut diagnostics);
        (parsed, collected.references)
    }

    #[test]
    fn references_without_a_local_definition_are_seen_with_their_span() {
        let text = "# Title\n\nCivilians died.[^31] More.[^named-note]\n";
        let (parsed, refs) = parse(text);
        assert_eq!(refs.len(), 2);
        assert_eq!(refs[0].label, "31");
        assert_eq!(&text[refs[0].span.start..refs[0].span.end], "[^31]");
        assert_eq!(&text[refs[1].span.start..refs[1].span.end], "[^named-note]");
        assert_eq!(parsed.blocks.len(), 2);
        assert!(parsed.definitions.is_empty());
    }

    #[test]
    fn definitions_on_consecutive_lines_are_separate_and_continue_when_indented() {
        let text = "[^1]: One.\n[^2]: Two,\n    continued.\n\n    Second paragraph.\n";
        let (parsed, refs) = parse(text);
        assert!(refs.is_empty());
        let labels: Vec<_> = parsed
            .definitions
            .iter()
            .map(|d| d.label.as_str())
            .collect();
        assert_eq!(labels, ["1", "2"]);
        assert_eq!(parsed.definitions[1].blocks.len(), 2);
        let d = &parsed.definitions[0];
        assert_eq!(&text[d.span.start..d.span.end], "[^1]:");
    }

    #[test]
    fn an_indented_first_line_is_not_swallowed_by_the_prefix() {
        let (parsed, refs) = parse("    code[^x]\n");
        assert!(refs.is_empty());
        assert!(matches!(parsed.blocks[0], Block::Code { .. }));
    }

    #[test]
    fn a_label_with_spaces_or_an_escaped_bracket_is_still_a_reference() {
        for (text, label) in [
            ("a[^1 ] b\n", "1"),
            ("a[^ 1] b\n", "1"),
            ("a[^x\\]y] b\n", "x\\]y"),
        ] {
            let (_, refs) = parse(text);
            let labels: Vec<&str> = refs.iter().map(|r| r.label.as_str()).collect();
            assert_eq!(labels, [label], "{text:?}");
        }
    }

    #[test]
    fn references_inside_definitions_are_marked() {
        let (_, refs) = parse("[^a]: See [^b].\n");
        assert_eq!(refs.len(), 1);
        assert!(refs[0].in_definition);
    }
}
