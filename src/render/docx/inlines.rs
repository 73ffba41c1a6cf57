//! Inlines as Word runs: text with its look, links as hyperlinks (to a
//! heading of the document, or an address), images embedded at their size
//! with their description, note markers as Word footnote references (a
//! note's second marker as a `NOTEREF` field, so it stays one note), and a
//! citation's words inside the mark of what made them.

use std::fmt::Write;

use super::writer::{Look, Media, Writer};
use super::xml::{attribute, push_text};
use crate::model::visit::plain_text;
use crate::model::{AssetUse, Inline, Link, NoteRef};

/// The text's width on the page, in EMU (914,400 to the inch): A4 or US
/// Letter less margins of an inch each side, whichever is narrower.
pub const TEXT_WIDTH_EMU: u64 = 5_731_510;
/// EMU per CSS pixel (96 to the inch).
const EMU_PER_PIXEL: u64 = 9_525;

impl Writer<'_> {
    pub fn inlines(&mut self, inlines: &[Inline], look: Look, out: &mut String) {
        for inline in inlines {
            self.inline(inline, look, out);
        }
    }

    fn inline(&mut self, inline: &Inline, look: Look, out: &mut String) {
        match inline {
            Inline::Text(text) => self.run(text, look, out),
            Inline::Code(text) => self.run(text, Look { code: true, ..look }, out),
            Inline::Emphasis(content) => self.inlines(
                content,
                Look {
                    italic: !look.italic,
                    ..look
                },
                out,
            ),
            Inline::Strong(content) => self.inlines(content, Look { bold: true, ..look }, out),
            Inline::Strikethrough(content) => self.inlines(
                content,
                Look {
                    strike: true,
                    ..look
                },
                out,
            ),
            Inline::Link(link) => self.link(link, look, out),
            Inline::Image(image) => self.image(image, look, out),
            Inline::Cited(cited) => {
                let mark = self.open_generated(cited.span, out);
                self.inlines(&cited.content, look, out);
                if let Some(id) = mark {
                    Writer::close_bookmark(id, out);
                }
            }
            Inline::NoteRef(marker) => self.marker(*marker, out),
            Inline::SoftBreak => self.run(" ", look, out),
            Inline::HardBreak => out.push_str("<w:r><w:br/></w:r>"),
            Inline::Html(html) => self.run(html, look, out),
            // Resolved before any edition is written.
            Inline::Reference(_) | Inline::Cite(_) => {}
        }
    }

    fn link(&mut self, link: &Link, look: Look, out: &mut String) {
        if self.in_link {
            return self.inlines(&link.content, look, out);
        }
        let target = match link.url.strip_prefix('#') {
            Some(id) => match self.heading_marks.get(id) {
                Some(mark) => format!("w:anchor=\"{mark}\""),
                // A link to a note or the contents: the words alone.
                None => return self.inlines(&link.content, look, out),
            },
            None => {
                let id = self.rels.add("hyperlink", link.url.clone(), true);
                format!("r:id=\"{id}\"")
            }
        };
        let _ = write!(out, "<w:hyperlink {target} w:history=\"1\">");
        self.in_link = true;
        self.inlines(&link.content, Look { link: true, ..look }, out);
        self.in_link = false;
        out.push_str("</w:hyperlink>");
    }

    /// A local image embedded at its size, no wider than the text; any
    /// other (from the web, or gone since it was checked) as the text
    /// edition prints it.
    fn image(&mut self, image: &Link, look: Look, out: &mut String) {
        let alt = plain_text(&image.content);
        let alt = alt.trim();
        let asset = self
            .input
            .doc
            .assets
            .iter()
            .find(|a| a.url == image.url && a.used_as == AssetUse::Image);
        let placed = asset.and_then(|asset| {
            let media = self.media_for(&asset.source, &asset.path)?;
            let size = asset.width.zip(asset.height).or_else(|| {
                let bytes = &self.media.iter().find(|m| m.name == media)?.bytes;
                let size = imagesize::blob_size(bytes).ok()?;
                Some((size.width as u32, size.height as u32))
            });
            Some((media, size))
        });
        let Some((media, size)) = placed else {
            let text = self.input.options.locale.image(alt);
            return self.run(&text, look, out);
        };
        let (cx, cy) = match size {
            Some((w, h)) if w > 0 && h > 0 => {
                let (w, h) = (u64::from(w) * EMU_PER_PIXEL, u64::from(h) * EMU_PER_PIXEL);
                if w > TEXT_WIDTH_EMU {
                    (TEXT_WIDTH_EMU, h * TEXT_WIDTH_EMU / w)
                } else {
                    (w, h)
                }
            }
            _ => (TEXT_WIDTH_EMU, TEXT_WIDTH_EMU * 3 / 4),
        };
        let id = self.rels.add("image", format!("media/{media}"), false);
        let number = self.drawing_number();
        let alt = attribute(alt);
        let svg = media.ends_with(".svg");
        let blip = if svg {
            format!(
                "<a:blip r:embed=\"{id}\"><a:extLst><a:ext uri=\"{{96DAC541-7B7A-43D3-8B79-37D633B846F1}}\"><asvg:svgBlip xmlns:asvg=\"http://schemas.microsoft.com/office/drawing/2016/SVG/main\" r:embed=\"{id}\"/></a:ext></a:extLst></a:blip>"
            )
        } else {
            format!("<a:blip r:embed=\"{id}\"/>")
        };
        let _ = write!(
            out,
            "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:docPr id=\"{number}\" name=\"Picture {number}\" descr=\"{alt}\"/><a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:nvPicPr><pic:cNvPr id=\"{number}\" name=\"{media}\" descr=\"{alt}\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>{blip}<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        );
    }

    /// The name under `word/media/` of the project file `source`, read
    /// through the project's door the first time; `None` when it cannot
    /// be read now.
    fn media_for(&mut self, source: &str, path: &str) -> Option<String> {
        if let Some(name) = self.media_of.get(source) {
            return Some(name.clone());
        }
        let bytes = self
            .input
            .files
            .read_bytes(std::path::Path::new(source))
            .ok()?;
        let extension = path
            .rsplit('.')
            .next()
            .map(str::to_ascii_lowercase)
            .filter(|e| e.len() <= 5 && e.bytes().all(|b| b.is_ascii_alphanumeric()))
            .unwrap_or_else(|| "bin".to_string());
        let name = format!("image{}.{extension}", self.media.len() + 1);
        self.media.push(Media {
            name: name.clone(),
            bytes,
        });
        self.media_of.insert(source.to_string(), name.clone());
        Some(name)
    }

    /// A note's marker: its first as a footnote reference, inside the
    /// bookmark later markers point to; each later one a `NOTEREF` field
    /// showing the same number.
    fn marker(&mut self, marker: NoteRef, out: &mut String) {
        let look = Look {
            note_number: true,
            ..Look::default()
        };
        let site = self.marker_sites.get(&marker).copied();
        let mark = site.and_then(|span| self.open_generated(span, out));
        let first = self.input.doc.notes.first().map_or(1, |n| n.number);
        let footnote = marker.number - first + 1;
        let target = format!("_Ref{}", marker.number);
        if marker.nth == 1 {
            let bookmark = self.open_bookmark(&target, out);
            out.push_str("<w:r>");
            self.run_properties(look, false, out);
            let _ = write!(out, "<w:footnoteReference w:id=\"{footnote}\"/></w:r>");
            Writer::close_bookmark(bookmark, out);
        } else {
            let field = |part: &str, out: &mut String| {
                let _ = write!(out, "<w:r><w:fldChar w:fldCharType=\"{part}\"/></w:r>");
            };
            field("begin", out);
            let _ = write!(
                out,
                "<w:r><w:instrText xml:space=\"preserve\"> NOTEREF {target} \\f \\h </w:instrText></w:r>"
            );
            field("separate", out);
            out.push_str("<w:r>");
            self.run_properties(look, false, out);
            out.push_str("<w:t>");
            push_text(out, &marker.number.to_string());
            out.push_str("</w:t></w:r>");
            field("end", out);
        }
        if let Some(id) = mark {
            Writer::close_bookmark(id, out);
        }
    }
}
