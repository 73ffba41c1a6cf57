//! The plain-text briefing body and notes (house style, section 2): the
//! blocks laid out at the briefing's width by one walk ([`Layout`]) into
//! [`Lines`], their inlines written by another ([`InlineText`]).

use super::lines::Lines;
use super::wrap::{width as display_width, wrap, wrap_lines, wrap_ranges};
use crate::locale::Locale;
use crate::model::visit::{Visit, walk_inline};
use crate::model::{Align, Bibliography, Block, Document, Inline, Note, plain_text};
use crate::options::BriefingOptions;

pub struct TextRenderer<'a> {
    width: usize,
    locale: &'a Locale,
}

/// True for blocks that print nothing.
fn is_empty(block: &Block) -> bool {
    match block {
        Block::Code { text, .. } | Block::Html(text) => text.trim().is_empty(),
        _ => false,
    }
}

impl<'a> TextRenderer<'a> {
    pub fn new(options: &'a BriefingOptions) -> Self {
        TextRenderer {
            width: options.width,
            locale: &options.locale,
        }
    }

    /// The body: every section, and with `placement = "section"` each
    /// section's notes after it.
    pub fn body(&self, doc: &Document, notes_per_section: bool) -> String {
        self.body_after(doc, notes_per_section, String::with_capacity(4096))
    }

    /// [`TextRenderer::body`] written after what `out` holds: the page
    /// is written into one buffer, never copied from one to another.
    pub fn body_after(&self, doc: &Document, notes_per_section: bool, out: String) -> String {
        let mut lines = Lines::after(out);
        for section in &doc.sections {
            if !lines.is_empty() && !section.blocks.iter().all(is_empty) {
                lines.blank();
            }
            self.layout(self.width, &mut lines)
                .visit_blocks(&section.blocks);
            if notes_per_section && !section.notes.is_empty() {
                lines.blank();
                self.notes_into(&doc.notes[section.notes.clone()], '-', &mut lines);
            }
        }
        lines.finish()
    }

    /// A `Notes` heading underlined with `underline`, then each note.
    pub fn notes(&self, notes: &[Note], underline: char) -> String {
        self.notes_after(notes, underline, String::with_capacity(4096))
    }

    /// [`TextRenderer::notes`] written after what `out` holds.
    pub fn notes_after(&self, notes: &[Note], underline: char, out: String) -> String {
        let mut lines = Lines::after(out);
        self.notes_into(notes, underline, &mut lines);
        lines.finish()
    }

    /// `[style] bibliography`: a heading underlined with `=`, then each
    /// source with its later lines indented, written after `out`.
    pub fn bibliography_after(&self, bibliography: &Bibliography, out: String) -> String {
        let after_notes = !out.is_empty();
        let mut lines = Lines::after(out);
        if after_notes {
            lines.blank();
            lines.blank();
        }
        heading(&mut lines, &bibliography.heading, '=', self.width);
        for entry in &bibliography.entries {
            lines.blank();
            for line in wrap(&self.inline_line(entry), self.width, "", "    ") {
                lines.line(&line);
            }
        }
        lines.finish()
    }

    /// Loose blocks, such as the briefing's summary.
    pub fn standalone(&self, blocks: &[Block]) -> String {
        let mut lines = Lines::new(256);
        self.layout(self.width, &mut lines).visit_blocks(blocks);
        lines.finish()
    }

    fn notes_into(&self, notes: &[Note], underline: char, lines: &mut Lines) {
        heading(lines, &self.locale.terms.notes, underline, self.width);
        let mut marker = String::with_capacity(16);
        for note in notes {
            lines.blank();
            marker.clear();
            marker.push('[');
            super::html::push_number(&mut marker, note.number);
            marker.push_str("] ");
            let inner = self.inner(self.width, marker.len());
            lines.push(&marker, marker.len());
            self.layout(inner, lines).visit_blocks(&note.blocks);
            lines.pop();
        }
    }

    fn inner(&self, width: usize, used: usize) -> usize {
        if width == 0 {
            0
        } else {
            width.saturating_sub(used).max(1)
        }
    }

    /// The walk that lays blocks out `width` wide into `lines`.
    fn layout<'l>(&'l self, width: usize, lines: &'l mut Lines) -> Layout<'l, 'a> {
        Layout {
            text: self,
            width,
            lines,
        }
    }

    /// Inline content on one line: breaks become spaces.
    fn inline_line(&self, inlines: &[Inline]) -> String {
        let mut text = String::new();
        self.inlines(inlines, &mut text);
        text.replace('\n', " ").trim().to_string()
    }

    fn inlines(&self, inlines: &[Inline], out: &mut String) {
        InlineText {
            out,
            locale: self.locale,
        }
        .visit_inlines(inlines);
    }
}

/// Blocks laid out at a width, as the walk over them reaches each: a
/// container (a quote, a list item) pushes its prefix and narrows the
/// width for what it holds.
struct Layout<'l, 'a> {
    text: &'l TextRenderer<'a>,
    width: usize,
    lines: &'l mut Lines,
}

impl<'t> Visit<'t> for Layout<'_, '_> {
    fn visit_blocks(&mut self, blocks: &'t [Block]) {
        let mut first = true;
        let mut previous_tight = false;
        for block in blocks.iter().filter(|b| !is_empty(b)) {
            // Tight list text runs straight into a nested list below it.
            let runs_on = previous_tight && block.is_list();
            if !first && !runs_on {
                self.lines.blank();
            }
            first = false;
            previous_tight = matches!(block, Block::Plain(_));
            self.visit_block(block);
        }
    }

    fn visit_block(&mut self, block: &'t Block) {
        let width = self.width;
        match block {
            Block::Heading { level, content, .. } => {
                let text = self.text.inline_line(content);
                match level {
                    1 => heading(self.lines, &text, '=', width),
                    2 => heading(self.lines, &text, '-', width),
                    _ => {
                        for range in wrap_ranges(&text, width, width) {
                            self.lines.line(&text[range]);
                        }
                    }
                }
            }
            Block::Paragraph(inlines) | Block::Plain(inlines) => self.paragraph(inlines),
            Block::Quote(inner) => {
                self.lines.push("    ", 4);
                self.within(4, |layout| layout.visit_blocks(inner));
                self.lines.pop();
            }
            Block::List { start, items } => self.list(*start, items),
            Block::Code { text, .. } => {
                for line in text.lines() {
                    self.lines.line(&format!("    {}", line.trim_end()));
                }
            }
            Block::Table { align, head, rows } => self.table(align, head, rows),
            Block::Rule => self.lines.line("* * *"),
            Block::Html(html) => {
                for line in html.lines() {
                    self.lines.line(line);
                }
            }
        }
    }
}

impl Layout<'_, '_> {
    /// Runs `walk` with the width narrowed by `used` columns.
    fn within(&mut self, used: usize, walk: impl FnOnce(&mut Self)) {
        let width = self.width;
        self.width = self.text.inner(width, used);
        walk(self);
        self.width = width;
    }

    fn paragraph(&mut self, inlines: &[Inline]) {
        let (width, lines) = (self.width, &mut *self.lines);
        let mut text = std::mem::take(&mut lines.scratch);
        text.clear();
        self.text.inlines(inlines, &mut text);
        // A figure (an image alone in its paragraph, with a title) keeps
        // its caption on the line below it.
        if let Some(caption) = crate::model::figure_caption(inlines) {
            text.push('\n');
            text.push_str(caption);
        }
        // Split at newlines with memchr's vector search: most paragraphs
        // have none, and `str::split` would look at every byte.
        let mut from = 0;
        let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
        for end in ends {
            let segment = &text[from..end];
            from = end + 1;
            let mut any = false;
            wrap_lines(segment, width, width, |range| {
                any = true;
                lines.line(&segment[range]);
            });
            if !any {
                lines.line("");
            }
        }
        lines.scratch = text;
    }

    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>]) {
        let markers: Vec<String> = (0..items.len() as u64)
            .map(|i| match start {
                Some(n) => format!("{}. ", n + i),
                None => "- ".to_string(),
            })
            .collect();
        let marker_width = markers.iter().map(|m| display_width(m)).max().unwrap_or(2);
        let tight = items
            .iter()
            .all(|item| !item.iter().any(|b| matches!(b, Block::Paragraph(_))));
        for (index, (item, marker)) in items.iter().zip(&markers).enumerate() {
            if !tight && index > 0 {
                self.lines.blank();
            }
            self.lines
                .push(&format!("{marker:<marker_width$}"), marker_width);
            if item.iter().all(is_empty) {
                self.lines.line("");
            } else {
                self.within(marker_width, |layout| layout.visit_blocks(item));
            }
            self.lines.pop();
        }
    }

    fn table(&mut self, align: &[Align], head: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) {
        let text = self.text;
        let cell = |inlines: &Vec<Inline>| text.inline_line(inlines);
        let head: Vec<String> = head.iter().map(cell).collect();
        let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(cell).collect()).collect();
        let columns = head.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
        let mut widths = vec![0; columns];
        for row in std::iter::once(&head).chain(&rows) {
            for (i, c) in row.iter().enumerate() {
                widths[i] = widths[i].max(display_width(c));
            }
        }
        let line = |row: &[String]| {
            let cells: Vec<String> = (0..columns)
                .map(|i| {
                    let text = row.get(i).map(String::as_str).unwrap_or("");
                    pad(
                        text,
                        widths[i],
                        align.get(i).copied().unwrap_or(Align::None),
                    )
                })
                .collect();
            cells.join("  ")
        };
        self.lines.line(&line(&head));
        let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w.max(1))).collect();
        self.lines.line(&rule.join("  "));
        for row in &rows {
            self.lines.line(&line(row));
        }
    }
}

/// The visitor that writes inlines as plain text, on one line but for
/// hard breaks.
struct InlineText<'o> {
    out: &'o mut String,
    locale: &'o Locale,
}

impl<'t> Visit<'t> for InlineText<'_> {
    fn visit_inline(&mut self, inline: &'t Inline) {
        let out = &mut *self.out;
        match inline {
            Inline::Text(t) | Inline::Code(t) => {
                if memchr::memchr2(b'\n', b'\r', t.as_bytes()).is_some() {
                    out.push_str(&t.replace(['\n', '\r'], " "));
                } else {
                    out.push_str(t);
                }
            }
            Inline::Emphasis(_)
            | Inline::Strong(_)
            | Inline::Strikethrough(_)
            | Inline::Cited(_) => walk_inline(self, inline),
            Inline::Link(link) => {
                let (url, content) = (&link.url, &link.content);
                let text = plain_text(content);
                let bare = url.strip_prefix("mailto:").unwrap_or(url);
                if url.starts_with('#') {
                    // A link within the page has nowhere to point in text.
                    self.visit_inlines(content);
                } else if text == *url || text == bare {
                    out.push_str(bare);
                } else {
                    self.visit_inlines(content);
                    self.out.push_str(" <");
                    self.out.push_str(bare);
                    self.out.push('>');
                }
            }
            Inline::Image(image) => {
                // An image without a description is named by its file.
                let alt = plain_text(&image.content);
                let alt = match alt.trim() {
                    "" => image.url.split(['?', '#']).next().unwrap_or_default(),
                    alt => alt,
                };
                out.push_str(&self.locale.image(alt));
            }
            Inline::NoteRef(marker) => {
                out.push('[');
                super::html::push_number(out, marker.number);
                out.push(']');
            }
            // Resolved before rendering; nothing to print.
            Inline::Reference(_) | Inline::Cite(_) => {}
            Inline::SoftBreak => out.push(' '),
            Inline::HardBreak => out.push('\n'),
            Inline::Html(html) => out.push_str(html),
        }
    }
}

/// A heading, wrapped like a paragraph when it is longer than the width,
/// and underlined as wide as its widest line.
fn heading(lines: &mut Lines, text: &str, underline: char, width: usize) {
    let mut widest = 1;
    let ranges = wrap_ranges(text, width, width);
    for range in &ranges {
        let line = &text[range.clone()];
        widest = widest.max(display_width(line));
        lines.line(line);
    }
    if ranges.is_empty() {
        lines.line("");
    }
    let rule: String = std::iter::repeat_n(underline, widest).collect();
    lines.line(&rule);
}

fn pad(text: &str, width: usize, align: Align) -> String {
    let gap = width.saturating_sub(display_width(text));
    let before = match align {
        Align::Right => gap,
        Align::Center => gap / 2,
        Align::Left | Align::None => 0,
    };
    let mut out = String::with_capacity(text.len() + gap);
    out.extend(std::iter::repeat_n(' ', before));
    out.push_str(text);
    out.extend(std::iter::repeat_n(' ', gap - before));
    out
}
