//! Blocks as Word paragraphs and tables, in Word's own styles: Heading 1
//! to 6, Normal, Quote, List Bullet and List Number (with numbering that
//! counts each ordered list from its own start), a caption under a
//! figure, a table in Table Grid with its head row repeated on each page.

use std::fmt::Write;

use super::writer::{Look, Para, Writer};
use crate::model::{Align, Block, Inline, figure_caption};

/// Where a run of blocks stands: the style of its paragraphs, and the
/// list it is in.
#[derive(Clone, Copy, Default)]
pub struct Place<'s> {
    /// The paragraphs' style; Normal when empty.
    pub style: &'s str,
    /// The list around, if any: its numbering instance and level.
    pub list: Option<(usize, usize)>,
    /// The first paragraph carries the list item's number.
    pub numbered: bool,
}

/// The numbering instance of every bulleted list (ordered lists get one
/// each, after it).
pub const BULLETS: usize = 1;

/// Indentation of a list's paragraphs after the first of an item, per
/// level, in twentieths of a point.
const LIST_INDENT: u32 = 720;

impl Writer<'_> {
    pub fn blocks(&mut self, blocks: &[Block], place: Place<'_>, out: &mut String) {
        for block in blocks {
            self.block(block, place, out);
        }
    }

    /// The top-level blocks of the summary or a section, each paragraph
    /// marked with where its block starts in `file`.
    pub fn anchored_blocks(
        &mut self,
        blocks: &[Block],
        starts: &[usize],
        file: Option<usize>,
        out: &mut String,
    ) {
        for (index, block) in blocks.iter().enumerate() {
            self.anchor = file.zip(starts.get(index).copied());
            self.block(block, Place::default(), out);
        }
        self.anchor = None;
    }

    fn block(&mut self, block: &Block, place: Place<'_>, out: &mut String) {
        match block {
            Block::Heading {
                level, id, content, ..
            } => {
                let style = format!("Heading{}", (*level).clamp(1, 6));
                let para = Para {
                    style: &style,
                    keep_next: true,
                    ..Para::default()
                };
                self.open_paragraph(&para, out);
                let mark = self.heading_marks.get(id).cloned();
                let bookmark = mark.map(|name| self.open_bookmark(&name, out));
                self.inlines(content, Look::default(), out);
                if let Some(id) = bookmark {
                    Writer::close_bookmark(id, out);
                }
                out.push_str("</w:p>");
            }
            Block::Paragraph(content) | Block::Plain(content) => {
                self.paragraph(content, place, out)
            }
            Block::Quote(blocks) => {
                let inner = Place {
                    style: "Quote",
                    ..place
                };
                self.blocks(blocks, inner, out);
            }
            Block::List { start, items } => self.list(*start, items, place, out),
            Block::Code { text, .. } => {
                let para = self.para_at(place, "SourceCode");
                self.open_paragraph(&para, out);
                let look = Look {
                    code: true,
                    ..Look::default()
                };
                for (index, line) in text.trim_end_matches('\n').split('\n').enumerate() {
                    if index > 0 {
                        out.push_str("<w:r><w:br/></w:r>");
                    }
                    self.run(line, look, out);
                }
                out.push_str("</w:p>");
            }
            Block::Table { align, head, rows } => self.table(align, head, rows, out),
            Block::Rule => {
                let para = Para {
                    rule: true,
                    ..Para::default()
                };
                self.open_paragraph(&para, out);
                out.push_str("</w:p>");
            }
            Block::Html(html) => {
                let para = self.para_at(place, "");
                self.open_paragraph(&para, out);
                self.run(html.trim_end(), Look::default(), out);
                out.push_str("</w:p>");
            }
        }
    }

    /// A paragraph's properties where it stands: the list's number on an
    /// item's first paragraph, the item's indentation on the others.
    fn para_at<'s>(&self, place: Place<'s>, style: &'s str) -> Para<'s> {
        let style = if place.style.is_empty() {
            style
        } else {
            place.style
        };
        match place.list {
            Some((num, level)) if place.numbered => Para {
                style: if style.is_empty() || style == "Quote" {
                    if num == BULLETS {
                        "ListBullet"
                    } else {
                        "ListNumber"
                    }
                } else {
                    style
                },
                numbering: Some((num, level)),
                ..Para::default()
            },
            Some((_, level)) => Para {
                style,
                indent: LIST_INDENT * (level as u32 + 1),
                ..Para::default()
            },
            None => Para {
                style,
                ..Para::default()
            },
        }
    }

    fn paragraph(&mut self, content: &[Inline], place: Place<'_>, out: &mut String) {
        let caption = figure_caption(content);
        let mut para = self.para_at(place, "");
        para.center = caption.is_some();
        para.keep_next = caption.is_some();
        self.open_paragraph(&para, out);
        self.inlines(content, Look::default(), out);
        out.push_str("</w:p>");
        if let Some(caption) = caption {
            self.open_paragraph(
                &Para {
                    style: "Caption",
                    center: true,
                    ..Para::default()
                },
                out,
            );
            self.run(caption, Look::default(), out);
            out.push_str("</w:p>");
        }
    }

    fn list(
        &mut self,
        start: Option<u64>,
        items: &[Vec<Block>],
        place: Place<'_>,
        out: &mut String,
    ) {
        let level = place.list.map_or(0, |(_, level)| (level + 1).min(8));
        let num = match start {
            Some(start) => {
                self.ordered_lists.push((start, level));
                BULLETS + self.ordered_lists.len()
            }
            None => BULLETS,
        };
        for item in items {
            for (index, block) in item.iter().enumerate() {
                let inner = Place {
                    style: place.style,
                    list: Some((num, level)),
                    numbered: index == 0,
                };
                self.block(block, inner, out);
            }
        }
    }

    fn table(
        &mut self,
        align: &[Align],
        head: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        out: &mut String,
    ) {
        let columns = align
            .len()
            .max(head.len())
            .max(rows.iter().map(Vec::len).max().unwrap_or(0))
            .max(1);
        out.push_str(
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
        );
        let width = 9026 / columns;
        for _ in 0..columns {
            let _ = write!(out, "<w:gridCol w:w=\"{width}\"/>");
        }
        out.push_str("</w:tblGrid>");
        if !head.is_empty() {
            self.row(head, align, columns, true, out);
        }
        for row in rows {
            self.row(row, align, columns, false, out);
        }
        out.push_str("</w:tbl>");
    }

    fn row(
        &mut self,
        cells: &[Vec<Inline>],
        align: &[Align],
        columns: usize,
        head: bool,
        out: &mut String,
    ) {
        out.push_str("<w:tr>");
        if head {
            out.push_str("<w:trPr><w:tblHeader/></w:trPr>");
        }
        let empty = Vec::new();
        for column in 0..columns {
            let cell = cells.get(column).unwrap_or(&empty);
            out.push_str("<w:tc><w:tcPr><w:tcW w:w=\"0\" w:type=\"auto\"/></w:tcPr>");
            let para = Para {
                style: "Compact",
                center: align.get(column) == Some(&Align::Center),
                ..Para::default()
            };
            self.open_paragraph(&para, out);
            self.inlines(
                cell,
                Look {
                    bold: head,
                    ..Look::default()
                },
                out,
            );
            out.push_str("</w:p></w:tc>");
        }
        out.push_str("</w:tr>");
    }
}
