//! The words of a block as a reader reads them, for comparing two
//! versions: text, a link's words, an image's description, a list's
//! items on lines of their own, a note's marker as its number. The number
//! is asked of the caller, so that the old version's markers can be
//! written with the numbers their notes have now and a renumbering is not
//! a change of text.

use crate::diagnostics::SourceMap;
use crate::model::visit::plain_text;
use crate::model::{Block, Inline};

/// How a marker of note `n` is written.
pub type Marker<'a> = &'a dyn Fn(u32) -> String;

pub fn blocks(blocks: &[Block], marker: Marker<'_>) -> String {
    let mut out = String::new();
    for block in blocks {
        if !out.is_empty() {
            out.push('\n');
        }
        block_into(block, marker, None, &mut out);
    }
    out
}

pub fn block(block: &Block, marker: Marker<'_>) -> String {
    let mut out = String::new();
    block_into(block, marker, None, &mut out);
    out
}

/// A note's words as its author wrote them: each citation as written in
/// the sources (`[@key, p. 3]`) instead of as printed, so that two
/// versions of a note that differ only in what briefc made of a citation
/// read the same.
pub fn as_written(blocks: &[Block], sources: &SourceMap) -> String {
    let mut out = String::new();
    for block in blocks {
        if !out.is_empty() {
            out.push('\n');
        }
        block_into(block, &|n| format!("[{n}]"), Some(sources), &mut out);
    }
    out
}

fn block_into(block: &Block, marker: Marker<'_>, written: Option<&SourceMap>, out: &mut String) {
    match block {
        Block::Heading { content, .. } | Block::Paragraph(content) | Block::Plain(content) => {
            inlines_into(content, marker, written, out)
        }
        Block::Quote(blocks) => {
            for (index, block) in blocks.iter().enumerate() {
                if index > 0 {
                    out.push('\n');
                }
                block_into(block, marker, written, out);
            }
        }
        Block::List { items, .. } => {
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push('\n');
                }
                for block in item {
                    block_into(block, marker, written, out);
                }
            }
        }
        Block::Code { text, .. } => out.push_str(text.trim_end()),
        Block::Table { head, rows, .. } => {
            for row in std::iter::once(head).chain(rows) {
                let cells: Vec<String> = row
                    .iter()
                    .map(|cell| {
                        let mut text = String::new();
                        inlines_into(cell, marker, written, &mut text);
                        text
                    })
                    .collect();
                out.push_str(&cells.join(" | "));
                out.push('\n');
            }
        }
        Block::Rule => out.push_str("* * *"),
        Block::Html(html) => out.push_str(html.trim_end()),
    }
}

fn inlines_into(
    inlines: &[Inline],
    marker: Marker<'_>,
    written: Option<&SourceMap>,
    out: &mut String,
) {
    for inline in inlines {
        match inline {
            Inline::Text(text) | Inline::Code(text) | Inline::Html(text) => out.push_str(text),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => {
                inlines_into(c, marker, written, out)
            }
            Inline::Link(link) => inlines_into(&link.content, marker, written, out),
            Inline::Image(image) => {
                out.push_str("[image: ");
                out.push_str(plain_text(&image.content).trim());
                out.push(']');
            }
            Inline::Cited(cited) => match written {
                Some(sources) => {
                    let text = sources.text(cited.span.file);
                    out.push_str(text.get(cited.span.start..cited.span.end).unwrap_or(""));
                }
                None => inlines_into(&cited.content, marker, written, out),
            },
            Inline::NoteRef(note) => out.push_str(&marker(note.number)),
            Inline::SoftBreak => out.push(' '),
            Inline::HardBreak => out.push('\n'),
            Inline::Reference(_) | Inline::Cite(_) => {}
        }
    }
}
