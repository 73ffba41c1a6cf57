//! The plain-text briefing body and notes (house style, section 2).

use super::wrap::{width as display_width, wrap};
use crate::markdown::{Align, Block, Inline, plain_text};
use crate::resolve::{Briefing, Note, RefTarget};

pub struct TextRenderer<'a> {
    refs: &'a [Option<RefTarget>],
    width: usize,
}

impl<'a> TextRenderer<'a> {
    pub fn new(refs: &'a [Option<RefTarget>], width: usize) -> Self {
        TextRenderer { refs, width }
    }

    /// The body: every section, and with `placement = "section"` each
    /// section's notes after it.
    pub fn body(&self, briefing: &Briefing, notes_per_section: bool) -> String {
        let mut parts = Vec::new();
        for section in &briefing.sections {
            let lines = self.blocks(&section.blocks, self.width);
            if !lines.is_empty() {
                parts.push(lines.join("\n"));
            }
            if notes_per_section && !section.notes.is_empty() {
                parts.push(self.notes(&briefing.notes[section.notes.clone()], '-'));
            }
        }
        parts.join("\n\n")
    }

    /// A `Notes` heading underlined with `underline`, then each note.
    pub fn notes(&self, notes: &[Note], underline: char) -> String {
        let mut out = heading_lines("Notes", underline).join("\n");
        for note in notes {
            out.push_str("\n\n");
            out.push_str(&self.note(note).join("\n"));
        }
        out
    }

    fn note(&self, note: &Note) -> Vec<String> {
        let marker = format!("[{}] ", note.number);
        let indent = " ".repeat(display_width(&marker));
        let inner_width = self.inner(self.width, indent.len());
        let lines = self.blocks(&note.blocks, inner_width);
        prefix_lines(lines, &marker, &indent)
    }

    fn inner(&self, width: usize, used: usize) -> usize {
        if width == 0 {
            0
        } else {
            width.saturating_sub(used).max(1)
        }
    }

    pub fn blocks(&self, blocks: &[Block], width: usize) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut previous_tight = false;
        for block in blocks {
            let rendered = self.block(block, width);
            if rendered.is_empty() {
                continue;
            }
            // Tight list text runs straight into a nested list below it.
            let runs_on = previous_tight && block.is_list();
            if !lines.is_empty() && !runs_on {
                lines.push(String::new());
            }
            previous_tight = matches!(block, Block::Plain(_));
            lines.extend(rendered);
        }
        lines
    }

    fn block(&self, block: &Block, width: usize) -> Vec<String> {
        match block {
            Block::Heading { level, content, .. } => {
                let text = self.inline_line(content);
                match level {
                    1 => heading_lines(&text, '='),
                    2 => heading_lines(&text, '-'),
                    _ => vec![text],
                }
            }
            Block::Paragraph(inlines) | Block::Plain(inlines) => self.paragraph(inlines, width),
            Block::Quote(inner) => {
                let lines = self.blocks(inner, self.inner(width, 4));
                prefix_lines(lines, "    ", "    ")
            }
            Block::List { start, items } => self.list(*start, items, width),
            Block::Code { text } => text
                .lines()
                .map(|line| format!("    {}", line.trim_end()).trim_end().to_string())
                .collect(),
            Block::Table { align, head, rows } => self.table(align, head, rows),
            Block::Rule => vec!["* * *".to_string()],
            Block::Html(html) => html.lines().map(|l| l.trim_end().to_string()).collect(),
        }
    }

    fn paragraph(&self, inlines: &[Inline], width: usize) -> Vec<String> {
        let mut text = String::new();
        self.inlines(inlines, &mut text);
        text.split('\n')
            .flat_map(|segment| wrap(segment, width, "", ""))
            .collect()
    }

    fn list(&self, start: Option<u64>, items: &[Vec<Block>], width: usize) -> Vec<String> {
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
        let indent = " ".repeat(marker_width);
        let mut lines = Vec::new();
        for (item, marker) in items.iter().zip(&markers) {
            if !tight && !lines.is_empty() {
                lines.push(String::new());
            }
            let padded = format!("{marker:<marker_width$}");
            let body = self.blocks(item, self.inner(width, marker_width));
            if body.is_empty() {
                lines.push(padded.trim_end().to_string());
            } else {
                lines.extend(prefix_lines(body, &padded, &indent));
            }
        }
        lines
    }

    fn table(
        &self,
        align: &[Align],
        head: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
    ) -> Vec<String> {
        let cell = |inlines: &Vec<Inline>| self.inline_line(inlines);
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
            cells.join("  ").trim_end().to_string()
        };
        let mut lines = vec![line(&head)];
        let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w.max(1))).collect();
        lines.push(rule.join("  "));
        lines.extend(rows.iter().map(|r| line(r)));
        lines
    }

    /// Inline content on one line: breaks become spaces.
    fn inline_line(&self, inlines: &[Inline]) -> String {
        let mut text = String::new();
        self.inlines(inlines, &mut text);
        text.replace('\n', " ").trim().to_string()
    }

    fn inlines(&self, inlines: &[Inline], out: &mut String) {
        for inline in inlines {
            match inline {
                Inline::Text(t) | Inline::Code(t) => {
                    // Byte searches run on memchr; a char-set pattern would not.
                    let bytes = t.as_bytes();
                    if bytes.contains(&b'\n') || bytes.contains(&b'\r') {
                        out.push_str(&t.replace(['\n', '\r'], " "));
                    } else {
                        out.push_str(t);
                    }
                }
                Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => {
                    self.inlines(c, out)
                }
                Inline::Link { url, content, .. } => {
                    let text = plain_text(content);
                    let bare = url.strip_prefix("mailto:").unwrap_or(url);
                    if url.starts_with('#') {
                        // A link within the page has nowhere to point in text.
                        self.inlines(content, out);
                    } else if text == *url || text == bare {
                        out.push_str(bare);
                    } else {
                        self.inlines(content, out);
                        out.push_str(" <");
                        out.push_str(bare);
                        out.push('>');
                    }
                }
                Inline::Image { alt, .. } => {
                    out.push_str("[Image: ");
                    out.push_str(plain_text(alt).trim());
                    out.push(']');
                }
                Inline::NoteRef(index) => {
                    if let Some(Some(target)) = self.refs.get(*index) {
                        out.push('[');
                        out.push_str(itoa(target.number).as_str());
                        out.push(']');
                    }
                }
                Inline::Cite(_) => {}
                Inline::SoftBreak => out.push(' '),
                Inline::HardBreak => out.push('\n'),
                Inline::Html(html) => out.push_str(html),
            }
        }
    }
}

/// A heading underlined as wide as it is.
fn heading_lines(text: &str, underline: char) -> Vec<String> {
    let rule: String = std::iter::repeat_n(underline, display_width(text).max(1)).collect();
    vec![text.to_string(), rule]
}

/// Puts `first` before the first line and `rest` before the others; blank
/// lines stay blank.
fn prefix_lines(lines: Vec<String>, first: &str, rest: &str) -> Vec<String> {
    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            if line.is_empty() {
                if i == 0 {
                    first.trim_end().to_string()
                } else {
                    String::new()
                }
            } else {
                let prefix = if i == 0 { first } else { rest };
                let mut prefixed = String::with_capacity(prefix.len() + line.len());
                prefixed.push_str(prefix);
                prefixed.push_str(&line);
                prefixed
            }
        })
        .collect()
}

/// A number as text without the formatting machinery.
fn itoa(mut n: u32) -> String {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    String::from_utf8_lossy(&digits[at..]).into_owned()
}

fn pad(text: &str, width: usize, align: Align) -> String {
    let gap = width.saturating_sub(display_width(text));
    match align {
        Align::Right => format!("{}{text}", " ".repeat(gap)),
        Align::Center => format!("{}{text}{}", " ".repeat(gap / 2), " ".repeat(gap - gap / 2)),
        Align::Left | Align::None => format!("{text}{}", " ".repeat(gap)),
    }
}
