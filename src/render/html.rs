//! The HTML body and notes (house style, section 3), written by a
//! [`Visit`] over the document tree. The page around them comes from the
//! templates.

use std::fmt::Write;

use pulldown_cmark_escape::{escape_href, escape_html};

use crate::locale::Locale;
use crate::model::visit::{Visit, walk_blocks};
use crate::model::{
    Align, Asset, Bibliography, Block, Document, Inline, Link, Note, Section, plain_text,
};
use crate::options::BriefingOptions;

pub struct HtmlRenderer<'a> {
    allow_raw_html: bool,
    locale: &'a Locale,
    assets: &'a [Asset],
}

/// Writes `n` in decimal: note numbers are written several times for every
/// note, and `write!` costs far more than the digits.
pub(super) fn push_number(out: &mut String, n: u32) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// Pushes each piece in turn: for the tags written around every cell and
/// emphasis, where `write!` would cost more than the text.
fn push_all(out: &mut String, pieces: &[&str]) {
    for piece in pieces {
        out.push_str(piece);
    }
}

/// Markdown level 1 is a section's title; the briefing's own title is the
/// page's `<h1>`, so section headings start at `<h2>`.
fn html_level(level: u8) -> u8 {
    (level + 1).min(6)
}

impl<'a> HtmlRenderer<'a> {
    /// A renderer for one briefing; `assets` give its images their size.
    pub fn new(options: &'a BriefingOptions, assets: &'a [Asset]) -> Self {
        HtmlRenderer {
            allow_raw_html: options.allow_raw_html,
            locale: &options.locale,
            assets,
        }
    }

    fn writer<'o>(&self, out: &'o mut String) -> Writer<'o>
    where
        'a: 'o,
    {
        Writer {
            out,
            allow_raw_html: self.allow_raw_html,
            section_id: None,
            rtl: self.locale.rtl(),
            lazy: false,
            assets: self.assets,
        }
    }

    /// Every section in its `<section>`, with its notes when they are
    /// placed per section.
    pub fn body(&self, doc: &Document, notes_per_section: bool) -> String {
        let mut out = String::new();
        self.body_into(doc, notes_per_section, &mut out);
        out
    }

    /// [`HtmlRenderer::body`] written at the end of `out`.
    pub fn body_into(&self, doc: &Document, notes_per_section: bool, out: &mut String) {
        for (index, section) in doc.sections.iter().enumerate() {
            self.section(section, index > 0, doc, notes_per_section, out);
        }
    }

    /// A section; `later` for every section after the first, whose images
    /// load only as the reader nears them.
    fn section(
        &self,
        section: &Section,
        later: bool,
        doc: &Document,
        with_notes: bool,
        out: &mut String,
    ) {
        let _ = writeln!(out, "<section id=\"{}\">", attr(&section.id));
        let mut writer = self.writer(out);
        writer.section_id = Some(&section.id);
        writer.lazy = later;
        writer.visit_blocks(&section.blocks);
        if with_notes && !section.notes.is_empty() {
            self.notes(&doc.notes[section.notes.clone()], &section.notes_id, 3, out);
        }
        out.push_str("</section>\n");
    }

    /// A notes list: `<section class="footnotes" role="doc-endnotes">`.
    pub fn notes(&self, notes: &[Note], id: &str, heading_level: u8, out: &mut String) {
        let Some(first) = notes.first() else { return };
        let _ = writeln!(
            out,
            "<section class=\"footnotes\" role=\"doc-endnotes\" id=\"{id}\">\n<h{heading_level}>{}</h{heading_level}>\n<ol start=\"{}\">",
            attr(&self.locale.terms.notes),
            first.number,
            id = attr(id),
        );
        // One buffer for every note's back-links.
        let mut backlinks = String::new();
        for note in notes {
            self.note(note, &mut backlinks, out);
        }
        out.push_str("</ol>\n</section>\n");
    }

    /// `[style] bibliography`: the sources cited, after the notes.
    pub fn bibliography(&self, bibliography: &Bibliography, out: &mut String) {
        let _ = writeln!(
            out,
            "<section class=\"bibliography\" role=\"doc-bibliography\">\n<h2>{}</h2>\n<ul>",
            attr(&bibliography.heading),
        );
        for entry in &bibliography.entries {
            out.push_str("<li>");
            self.inlines(entry, out);
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n</section>\n");
    }

    fn note(&self, note: &Note, backlinks: &mut String, out: &mut String) {
        let n = note.number;
        out.push_str("<li id=\"fn-");
        push_number(out, n);
        out.push_str("\">\n");
        backlinks.clear();
        for nth in 1..=note.ref_count {
            backlinks.push_str(" <a href=\"#fnref-");
            push_number(backlinks, n);
            if nth > 1 {
                backlinks.push('-');
                push_number(backlinks, nth);
            }
            backlinks.push_str("\" role=\"doc-backlink\" aria-label=\"");
            // Written in place, and escaped only if the locale's words
            // need it: this runs for every note.
            let start = backlinks.len();
            self.locale
                .write_back_link_label(backlinks, n, nth, note.ref_count);
            if needs_escaping(&backlinks[start..]) {
                let label = backlinks.split_off(start);
                push_escaped(&label, backlinks);
            }
            if nth == 1 {
                backlinks.push_str("\">↩</a>");
            } else {
                backlinks.push_str("\">↩<sup>");
                push_number(backlinks, nth);
                backlinks.push_str("</sup></a>");
            }
        }
        // The back-links close the last paragraph when there is one, so the
        // arrow sits at the end of the note's text.
        let last_paragraph = matches!(note.blocks.last(), Some(Block::Paragraph(_)));
        let mut writer = self.writer(out);
        // Notes stand below the text: their images load as the reader
        // nears them.
        writer.lazy = true;
        for (i, block) in note.blocks.iter().enumerate() {
            if last_paragraph
                && i + 1 == note.blocks.len()
                && let Block::Paragraph(inlines) = block
            {
                writer.out.push_str("<p>");
                writer.visit_inlines(inlines);
                writer.out.push_str(backlinks);
                writer.out.push_str("</p>\n");
            } else {
                writer.visit_block(block);
            }
        }
        if !last_paragraph {
            let _ = writeln!(out, "<p>{}</p>", backlinks.trim_start());
        }
        out.push_str("</li>\n");
    }

    /// Loose blocks, such as the summary.
    pub fn blocks(&self, blocks: &[Block], out: &mut String) {
        self.writer(out).visit_blocks(blocks);
    }

    pub fn inlines(&self, inlines: &[Inline], out: &mut String) {
        self.writer(out).visit_inlines(inlines);
    }
}

/// The visitor that writes HTML into `out`.
struct Writer<'o> {
    out: &'o mut String,
    allow_raw_html: bool,
    /// The id of the section being written: its opening heading lends its
    /// id to the `<section>` and does not repeat it.
    section_id: Option<&'o str>,
    /// A right-to-left page: links are isolated (`<bdi>`).
    rtl: bool,
    /// Images here are below the fold: `loading="lazy"`.
    lazy: bool,
    assets: &'o [Asset],
}

impl<'t> Visit<'t> for Writer<'_> {
    fn visit_block(&mut self, block: &'t Block) {
        match block {
            Block::Heading {
                level, id, content, ..
            } => {
                let h = html_level(*level);
                if Some(id.as_str()) == self.section_id {
                    let _ = write!(self.out, "<h{h}>");
                } else {
                    let _ = write!(self.out, "<h{h} id=\"{}\">", attr(id));
                }
                self.visit_inlines(content);
                let _ = writeln!(self.out, "</h{h}>");
            }
            Block::Paragraph(inlines) => {
                if let (Some(caption), [Inline::Image(image)]) =
                    (crate::model::figure_caption(inlines), inlines.as_slice())
                {
                    // An image alone in its paragraph with a title is a
                    // figure, the title its caption.
                    self.out.push_str("<figure>\n");
                    self.img(image, false);
                    self.out.push('\n');
                    self.out.push_str("<figcaption>");
                    push_escaped(caption, self.out);
                    self.out.push_str("</figcaption>\n</figure>\n");
                    return;
                }
                self.out.push_str("<p>");
                self.visit_inlines(inlines);
                self.out.push_str("</p>\n");
            }
            Block::Plain(inlines) => {
                self.visit_inlines(inlines);
                self.out.push('\n');
            }
            Block::Quote(inner) => {
                self.out.push_str("<blockquote>\n");
                walk_blocks(self, inner);
                self.out.push_str("</blockquote>\n");
            }
            Block::List { start, items } => {
                match start {
                    Some(1) => self.out.push_str("<ol>\n"),
                    Some(n) => {
                        let _ = writeln!(self.out, "<ol start=\"{n}\">");
                    }
                    None => self.out.push_str("<ul>\n"),
                }
                for item in items {
                    self.out.push_str("<li>");
                    self.visit_blocks(item);
                    self.out.push_str("</li>\n");
                }
                self.out.push_str(if start.is_some() {
                    "</ol>\n"
                } else {
                    "</ul>\n"
                });
            }
            Block::Code { text, language } => {
                if language.is_empty() {
                    self.out.push_str("<pre><code>");
                } else {
                    let _ = write!(
                        self.out,
                        "<pre><code class=\"language-{}\">",
                        attr(language)
                    );
                }
                push_escaped(text, self.out);
                self.out.push_str("</code></pre>\n");
            }
            Block::Table { align, head, rows } => self.table(align, head, rows),
            Block::Rule => self.out.push_str("<hr>\n"),
            Block::Html(html) => {
                if self.allow_raw_html {
                    self.out.push_str(html);
                } else {
                    self.out.push_str("<p>");
                    push_escaped(html.trim_end(), self.out);
                    self.out.push_str("</p>\n");
                }
            }
        }
    }

    fn visit_inline(&mut self, inline: &'t Inline) {
        match inline {
            Inline::Text(t) => push_escaped(t, self.out),
            Inline::Code(t) => {
                self.out.push_str("<code>");
                push_escaped(t, self.out);
                self.out.push_str("</code>");
            }
            Inline::Cited(cited) => self.visit_inlines(&cited.content),
            Inline::Emphasis(c) => self.wrap("em", c),
            Inline::Strong(c) => self.wrap("strong", c),
            Inline::Strikethrough(c) => self.wrap("del", c),
            Inline::Link(link) => {
                let Link {
                    url,
                    title,
                    content,
                } = &**link;
                self.out.push_str("<a href=\"");
                push_href(url, self.out);
                self.out.push('"');
                if !title.is_empty() {
                    let _ = write!(self.out, " title=\"{}\"", attr(title));
                }
                self.out.push('>');
                // In a right-to-left page an address or a Latin title is
                // isolated, so its parts keep their order.
                if self.rtl {
                    self.out.push_str("<bdi>");
                    self.visit_inlines(content);
                    self.out.push_str("</bdi></a>");
                } else {
                    self.visit_inlines(content);
                    self.out.push_str("</a>");
                }
            }
            Inline::Image(image) => self.img(image, true),
            Inline::NoteRef(marker) => {
                // Every note's marker: pushed, not formatted.
                let number = marker.number;
                self.out.push_str("<sup><a href=\"#fn-");
                push_number(self.out, number);
                self.out.push_str("\" id=\"fnref-");
                push_number(self.out, number);
                if marker.nth > 1 {
                    self.out.push('-');
                    push_number(self.out, marker.nth);
                }
                self.out.push_str("\" role=\"doc-noteref\">");
                push_number(self.out, number);
                self.out.push_str("</a></sup>");
            }
            // Resolved before rendering; nothing to print.
            Inline::Reference(_) | Inline::Cite(_) => {}
            Inline::SoftBreak => self.out.push('\n'),
            Inline::HardBreak => self.out.push_str("<br>\n"),
            Inline::Html(html) => {
                if self.allow_raw_html {
                    self.out.push_str(html);
                } else {
                    push_escaped(html, self.out);
                }
            }
        }
    }
}

impl Writer<'_> {
    fn table(&mut self, align: &[Align], head: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) {
        let cell = |writer: &mut Self, tag: &str, i: usize, inlines: &Vec<Inline>| {
            let style = match align.get(i) {
                Some(Align::Left) => " class=\"left\"",
                Some(Align::Center) => " class=\"center\"",
                Some(Align::Right) => " class=\"right\"",
                _ => "",
            };
            push_all(writer.out, &["<", tag, style, ">"]);
            writer.visit_inlines(inlines);
            push_all(writer.out, &["</", tag, ">"]);
        };
        self.out.push_str("<table>\n<thead>\n<tr>");
        for (i, c) in head.iter().enumerate() {
            cell(self, "th", i, c);
        }
        self.out.push_str("</tr>\n</thead>\n");
        if !rows.is_empty() {
            self.out.push_str("<tbody>\n");
            for row in rows {
                self.out.push_str("<tr>");
                for (i, c) in row.iter().enumerate() {
                    cell(self, "td", i, c);
                }
                self.out.push_str("</tr>\n");
            }
            self.out.push_str("</tbody>\n");
        }
        self.out.push_str("</table>\n");
    }

    /// An `<img>`: its description as `alt`, its title (unless a caption
    /// shows it), and lazy loading below the fold.
    fn img(&mut self, image: &Link, with_title: bool) {
        self.out.push_str("<img src=\"");
        push_href(&image.url, self.out);
        let _ = write!(self.out, "\" alt=\"{}\"", attr(&plain_text(&image.content)));
        if with_title && !image.title.is_empty() {
            let _ = write!(self.out, " title=\"{}\"", attr(&image.title));
        }
        // The size from the file's header keeps the page from moving
        // while the image loads.
        let path = image.url.split(['?', '#']).next().unwrap_or_default();
        if let Some(asset) = self.assets.iter().find(|a| a.url == path)
            && let (Some(width), Some(height)) = (asset.width, asset.height)
        {
            let _ = write!(self.out, " width=\"{width}\" height=\"{height}\"");
        }
        if self.lazy {
            self.out.push_str(" loading=\"lazy\"");
        }
        self.out.push('>');
    }

    fn wrap(&mut self, tag: &str, content: &[Inline]) {
        push_all(self.out, &["<", tag, ">"]);
        // In a right-to-left page an italic Latin title keeps its order
        // too; Arabic in `<bdi>` reads as it would without it.
        if self.rtl && tag != "del" {
            self.out.push_str("<bdi>");
            self.visit_inlines(content);
            self.out.push_str("</bdi>");
        } else {
            self.visit_inlines(content);
        }
        push_all(self.out, &["</", tag, ">"]);
    }
}

pub fn push_escaped(text: &str, out: &mut String) {
    if !needs_escaping(text) {
        out.push_str(text);
        return;
    }
    escape_html(&mut *out, text).expect("writing to a String cannot fail");
}

/// Whether `text` holds anything HTML escapes. Most text has nothing to
/// escape: two SIMD searches say so faster than the escaper's
/// byte-by-byte table.
fn needs_escaping(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr3(b'&', b'<', b'>', bytes).is_some() || memchr::memchr(b'"', bytes).is_some()
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
