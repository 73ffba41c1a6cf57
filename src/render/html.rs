//! The HTML body and notes (house style, section 3). The page around them
//! comes from the templates.

use std::fmt::Write;

use pulldown_cmark_escape::{escape_href, escape_html};

use crate::markdown::{Align, Block, Inline, Link, plain_text};
use crate::resolve::{Briefing, Note, RefTarget, Section};

pub struct HtmlRenderer<'a> {
    refs: &'a [Option<RefTarget>],
    allow_raw_html: bool,
}

/// Markdown level 1 is a section's title; the briefing's own title is the
/// page's `<h1>`, so section headings start at `<h2>`.
fn html_level(level: u8) -> u8 {
    (level + 1).min(6)
}

impl<'a> HtmlRenderer<'a> {
    pub fn new(refs: &'a [Option<RefTarget>], allow_raw_html: bool) -> Self {
        HtmlRenderer {
            refs,
            allow_raw_html,
        }
    }

    /// Every section in its `<section>`, with its notes when they are
    /// placed per section.
    pub fn body(&self, briefing: &Briefing, notes_per_section: bool) -> String {
        let mut out = String::new();
        for section in &briefing.sections {
            self.section(section, briefing, notes_per_section, &mut out);
        }
        out
    }

    fn section(&self, section: &Section, briefing: &Briefing, with_notes: bool, out: &mut String) {
        let _ = writeln!(out, "<section id=\"{}\">", attr(&section.id));
        for block in &section.blocks {
            self.block(block, Some(&section.id), out);
        }
        if with_notes && !section.notes.is_empty() {
            self.notes(
                &briefing.notes[section.notes.clone()],
                &section.notes_id,
                3,
                out,
            );
        }
        out.push_str("</section>\n");
    }

    /// A notes list: `<section class="footnotes" role="doc-endnotes">`.
    pub fn notes(&self, notes: &[Note], id: &str, heading_level: u8, out: &mut String) {
        let Some(first) = notes.first() else { return };
        let _ = writeln!(
            out,
            "<section class=\"footnotes\" role=\"doc-endnotes\" id=\"{id}\">\n<h{heading_level}>Notes</h{heading_level}>\n<ol start=\"{}\">",
            first.number,
            id = attr(id),
        );
        for note in notes {
            self.note(note, out);
        }
        out.push_str("</ol>\n</section>\n");
    }

    fn note(&self, note: &Note, out: &mut String) {
        let n = note.number;
        let _ = writeln!(out, "<li id=\"fn-{n}\">");
        let mut backlinks = String::new();
        for nth in 1..=note.ref_count {
            let _ = write!(backlinks, " <a href=\"#fnref-{n}");
            if nth > 1 {
                let _ = write!(backlinks, "-{nth}");
            }
            backlinks.push_str("\" role=\"doc-backlink\" aria-label=\"");
            if note.ref_count == 1 {
                let _ = write!(backlinks, "Back to the text of note {n}");
            } else {
                let _ = write!(backlinks, "Back to reference {nth} of note {n}");
            }
            if nth == 1 {
                backlinks.push_str("\">↩</a>");
            } else {
                let _ = write!(backlinks, "\">↩<sup>{nth}</sup></a>");
            }
        }
        // The back-links close the last paragraph when there is one, so the
        // arrow sits at the end of the note's text.
        let last_paragraph = matches!(note.blocks.last(), Some(Block::Paragraph(_)));
        for (i, block) in note.blocks.iter().enumerate() {
            if last_paragraph
                && i + 1 == note.blocks.len()
                && let Block::Paragraph(inlines) = block
            {
                out.push_str("<p>");
                self.inlines(inlines, out);
                out.push_str(&backlinks);
                out.push_str("</p>\n");
            } else {
                self.block(block, None, out);
            }
        }
        if !last_paragraph {
            let _ = writeln!(out, "<p>{}</p>", backlinks.trim_start());
        }
        out.push_str("</li>\n");
    }

    pub fn blocks(&self, blocks: &[Block], out: &mut String) {
        for block in blocks {
            self.block(block, None, out);
        }
    }

    fn block(&self, block: &Block, section_id: Option<&str>, out: &mut String) {
        match block {
            Block::Heading {
                level, id, content, ..
            } => {
                let h = html_level(*level);
                // A section's opening heading lends its id to the <section>.
                if Some(id.as_str()) == section_id {
                    let _ = write!(out, "<h{h}>");
                } else {
                    let _ = write!(out, "<h{h} id=\"{}\">", attr(id));
                }
                self.inlines(content, out);
                let _ = writeln!(out, "</h{h}>");
            }
            Block::Paragraph(inlines) => {
                out.push_str("<p>");
                self.inlines(inlines, out);
                out.push_str("</p>\n");
            }
            Block::Plain(inlines) => {
                self.inlines(inlines, out);
                out.push('\n');
            }
            Block::Quote(inner) => {
                out.push_str("<blockquote>\n");
                self.blocks(inner, out);
                out.push_str("</blockquote>\n");
            }
            Block::List { start, items } => {
                match start {
                    Some(1) => out.push_str("<ol>\n"),
                    Some(n) => {
                        let _ = writeln!(out, "<ol start=\"{n}\">");
                    }
                    None => out.push_str("<ul>\n"),
                }
                for item in items {
                    out.push_str("<li>");
                    self.blocks(item, out);
                    out.push_str("</li>\n");
                }
                out.push_str(if start.is_some() {
                    "</ol>\n"
                } else {
                    "</ul>\n"
                });
            }
            Block::Code { text } => {
                out.push_str("<pre><code>");
                push_escaped(text, out);
                out.push_str("</code></pre>\n");
            }
            Block::Table { align, head, rows } => self.table(align, head, rows, out),
            Block::Rule => out.push_str("<hr>\n"),
            Block::Html(html) => {
                if self.allow_raw_html {
                    out.push_str(html);
                } else {
                    out.push_str("<p>");
                    push_escaped(html.trim_end(), out);
                    out.push_str("</p>\n");
                }
            }
        }
    }

    fn table(
        &self,
        align: &[Align],
        head: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        out: &mut String,
    ) {
        let cell = |tag: &str, i: usize, inlines: &Vec<Inline>, out: &mut String| {
            let style = match align.get(i) {
                Some(Align::Left) => " class=\"left\"",
                Some(Align::Center) => " class=\"center\"",
                Some(Align::Right) => " class=\"right\"",
                _ => "",
            };
            let _ = write!(out, "<{tag}{style}>");
            self.inlines(inlines, out);
            let _ = write!(out, "</{tag}>");
        };
        out.push_str("<table>\n<thead>\n<tr>");
        for (i, c) in head.iter().enumerate() {
            cell("th", i, c, out);
        }
        out.push_str("</tr>\n</thead>\n");
        if !rows.is_empty() {
            out.push_str("<tbody>\n");
            for row in rows {
                out.push_str("<tr>");
                for (i, c) in row.iter().enumerate() {
                    cell("td", i, c, out);
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n");
        }
        out.push_str("</table>\n");
    }

    pub fn inlines(&self, inlines: &[Inline], out: &mut String) {
        for inline in inlines {
            match inline {
                Inline::Text(t) => push_escaped(t, out),
                Inline::Code(t) => {
                    out.push_str("<code>");
                    push_escaped(t, out);
                    out.push_str("</code>");
                }
                Inline::Emphasis(c) => self.wrap("em", c, out),
                Inline::Strong(c) => self.wrap("strong", c, out),
                Inline::Strikethrough(c) => self.wrap("del", c, out),
                Inline::Link(link) => {
                    let Link {
                        url,
                        title,
                        content,
                    } = &**link;
                    out.push_str("<a href=\"");
                    push_href(url, out);
                    out.push('"');
                    if !title.is_empty() {
                        let _ = write!(out, " title=\"{}\"", attr(title));
                    }
                    out.push('>');
                    self.inlines(content, out);
                    out.push_str("</a>");
                }
                Inline::Image(image) => {
                    let Link {
                        url,
                        title,
                        content: alt,
                    } = &**image;
                    out.push_str("<img src=\"");
                    push_href(url, out);
                    let _ = write!(out, "\" alt=\"{}\"", attr(&plain_text(alt)));
                    if !title.is_empty() {
                        let _ = write!(out, " title=\"{}\"", attr(title));
                    }
                    out.push('>');
                }
                Inline::NoteRef(index) => {
                    if let Some(Some(RefTarget { number, nth })) = self.refs.get(*index) {
                        let _ = write!(out, "<sup><a href=\"#fn-{number}\" id=\"fnref-{number}");
                        if *nth > 1 {
                            let _ = write!(out, "-{nth}");
                        }
                        let _ = write!(out, "\" role=\"doc-noteref\">{number}</a></sup>");
                    }
                }
                Inline::Cite(_) => {}
                Inline::SoftBreak => out.push('\n'),
                Inline::HardBreak => out.push_str("<br>\n"),
                Inline::Html(html) => {
                    if self.allow_raw_html {
                        out.push_str(html);
                    } else {
                        push_escaped(html, out);
                    }
                }
            }
        }
    }

    fn wrap(&self, tag: &str, content: &[Inline], out: &mut String) {
        let _ = write!(out, "<{tag}>");
        self.inlines(content, out);
        let _ = write!(out, "</{tag}>");
    }
}

pub fn push_escaped(text: &str, out: &mut String) {
    // Most text has nothing to escape: two SIMD searches say so faster
    // than the escaper's byte-by-byte table.
    let bytes = text.as_bytes();
    if memchr::memchr3(b'&', b'<', b'>', bytes).is_none() && memchr::memchr(b'"', bytes).is_none() {
        out.push_str(text);
        return;
    }
    escape_html(&mut *out, text).expect("writing to a String cannot fail");
}

fn push_href(url: &str, out: &mut String) {
    escape_href(&mut *out, url).expect("writing to a String cannot fail");
}

/// Text escaped for an attribute value in double quotes.
pub fn attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(text, &mut out);
    out
}
