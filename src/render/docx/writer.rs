//! What the parts of one Word document share while they are written: the
//! relationships of the part being written (links, images), the images
//! and list instances of the whole document, the review marks and their
//! numbering, the language of every run, and where each note's first
//! marker is, for the markers after it.

use std::collections::HashMap;
use std::fmt::Write;

use super::marks;
use super::xml::{attribute, push_text};
use crate::diagnostics::{FileId, Span};
use crate::model::NoteRef;
use crate::render::Input;

/// The relationships of one part (`word/document.xml` or
/// `word/footnotes.xml`), in the order made.
#[derive(Default)]
pub struct Rels {
    /// Id, type (the last segment of its URI), target, external.
    pub list: Vec<(String, &'static str, String, bool)>,
}

impl Rels {
    /// Adds a relationship and gives its id.
    pub fn add(&mut self, kind: &'static str, target: String, external: bool) -> String {
        if let Some((id, ..)) = self
            .list
            .iter()
            .find(|(_, k, t, e)| *k == kind && *t == target && *e == external)
        {
            return id.clone();
        }
        let id = format!("rId{}", self.list.len() + 1);
        self.list.push((id.clone(), kind, target, external));
        id
    }

    pub fn to_xml(&self) -> String {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
        );
        for (id, kind, target, external) in &self.list {
            let _ = write!(
                xml,
                "<Relationship Id=\"{id}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}\" Target=\"{}\"{}/>",
                attribute(target),
                if *external {
                    " TargetMode=\"External\""
                } else {
                    ""
                }
            );
        }
        xml.push_str("</Relationships>");
        xml
    }
}

/// An image placed in the document, by its name under `word/media/`.
pub struct Media {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A paragraph's properties.
#[derive(Clone, Copy, Default)]
pub struct Para<'s> {
    /// Its style's id; `Normal` when empty.
    pub style: &'s str,
    pub keep_next: bool,
    /// A list's numbering instance and level.
    pub numbering: Option<(usize, usize)>,
    /// A line below (a thematic break).
    pub rule: bool,
    /// Extra indentation on the left, in twentieths of a point.
    pub indent: u32,
    pub center: bool,
}

impl Para<'_> {
    /// `<w:pPr>`, its children in the order the schema gives them.
    fn write(&self, rtl: bool, out: &mut String) {
        let plain = self.style.is_empty()
            && !self.keep_next
            && self.numbering.is_none()
            && !self.rule
            && self.indent == 0
            && !self.center
            && !rtl;
        if plain {
            return;
        }
        out.push_str("<w:pPr>");
        if !self.style.is_empty() {
            let _ = write!(out, "<w:pStyle w:val=\"{}\"/>", self.style);
        }
        if self.keep_next {
            out.push_str("<w:keepNext/>");
        }
        if let Some((num, level)) = self.numbering {
            let _ = write!(
                out,
                "<w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{num}\"/></w:numPr>"
            );
        }
        if self.rule {
            out.push_str(
                "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"auto\"/></w:pBdr>",
            );
        }
        if rtl {
            out.push_str("<w:bidi/>");
        }
        if self.indent > 0 {
            let _ = write!(out, "<w:ind w:left=\"{}\"/>", self.indent);
        }
        if self.center {
            out.push_str("<w:jc w:val=\"center\"/>");
        }
        out.push_str("</w:pPr>");
    }
}

/// How a run looks.
#[derive(Clone, Copy, Default)]
pub struct Look {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub code: bool,
    pub link: bool,
    /// A note's number, at its marker or in the note.
    pub note_number: bool,
}

pub struct Writer<'a> {
    pub input: &'a Input<'a>,
    pub rels: Rels,
    pub media: Vec<Media>,
    /// Each media file, by the project file it came from.
    pub media_of: HashMap<String, String>,
    /// Ordered lists: the start and level of each, in order; each is one
    /// numbering instance, so that it counts from its own start.
    pub ordered_lists: Vec<(u64, usize)>,
    /// The language's run properties, the same for every run.
    lang: String,
    /// The document is written right to left.
    pub rtl: bool,
    /// Bookmark ids and mark serials: one count for the whole document.
    bookmarks: usize,
    serial: usize,
    drawings: usize,
    /// The number of each source file in the manifest.
    files: HashMap<FileId, usize>,
    /// Where the note of each marker was written.
    pub marker_sites: HashMap<NoteRef, Span>,
    /// The anchor every paragraph written now starts with.
    pub anchor: Option<(usize, usize)>,
    /// The bookmark names of headings, by their ids, for links within
    /// the document.
    pub heading_marks: HashMap<String, String>,
    /// Inside a hyperlink, which cannot hold another.
    pub in_link: bool,
}

impl<'a> Writer<'a> {
    pub fn new(input: &'a Input<'a>) -> Self {
        let language = &input.doc.meta.language;
        let primary = language.split(['-', '_']).next().unwrap_or("en");
        let tag = attribute(language);
        let rtl = matches!(primary, "ar" | "he" | "fa" | "ur");
        let lang = match primary {
            "zh" | "ja" | "ko" => {
                format!("<w:rFonts w:hint=\"eastAsia\"/>\u{0}<w:lang w:eastAsia=\"{tag}\"/>")
            }
            _ if rtl => format!("\u{0}<w:lang w:bidi=\"{tag}\"/>"),
            _ => format!("\u{0}<w:lang w:val=\"{tag}\"/>"),
        };
        let files = input
            .sites
            .paths
            .iter()
            .enumerate()
            .map(|(index, (file, _))| (*file, index))
            .collect();
        Writer {
            input,
            rels: Rels::default(),
            media: Vec::new(),
            media_of: HashMap::new(),
            ordered_lists: Vec::new(),
            lang,
            rtl,
            bookmarks: 0,
            serial: 0,
            drawings: 0,
            files,
            marker_sites: input.sites.markers.iter().copied().collect(),
            anchor: None,
            heading_marks: HashMap::new(),
            in_link: false,
        }
    }

    /// The number of a source file in the manifest.
    pub fn file_number(&self, file: FileId) -> Option<usize> {
        self.files.get(&file).copied()
    }

    /// A number for a drawing, unique in the document.
    pub fn drawing_number(&mut self) -> usize {
        self.drawings += 1;
        self.drawings
    }

    fn bookmark_id(&mut self) -> usize {
        self.bookmarks += 1;
        self.bookmarks
    }

    /// A bookmark of no length named `name`.
    pub fn point(&mut self, name: &str, out: &mut String) {
        let id = self.bookmark_id();
        let _ = write!(
            out,
            "<w:bookmarkStart w:id=\"{id}\" w:name=\"{name}\"/><w:bookmarkEnd w:id=\"{id}\"/>"
        );
    }

    /// Opens a bookmark named `name`; the id closes it.
    pub fn open_bookmark(&mut self, name: &str, out: &mut String) -> usize {
        let id = self.bookmark_id();
        let _ = write!(out, "<w:bookmarkStart w:id=\"{id}\" w:name=\"{name}\"/>");
        id
    }

    pub fn close_bookmark(id: usize, out: &mut String) {
        let _ = write!(out, "<w:bookmarkEnd w:id=\"{id}\"/>");
    }

    /// Opens the mark around words made from `span`, when its file is one
    /// of the manifest's.
    pub fn open_generated(&mut self, span: Span, out: &mut String) -> Option<usize> {
        let file = self.file_number(span.file)?;
        self.serial += 1;
        let name = marks::generated_name(file, span.start..span.end, self.serial);
        Some(self.open_bookmark(&name, out))
    }

    /// Opens a paragraph: its properties, then the anchor of its block.
    pub fn open_paragraph(&mut self, para: &Para, out: &mut String) {
        out.push_str("<w:p>");
        para.write(self.rtl, out);
        if let Some((file, offset)) = self.anchor {
            self.serial += 1;
            let name = marks::anchor_name(file, offset, self.serial);
            self.point(&name, out);
        }
    }

    /// A run of text.
    pub fn run(&mut self, text: &str, look: Look, out: &mut String) {
        if text.is_empty() {
            return;
        }
        out.push_str("<w:r>");
        self.run_properties(look, contains_rtl(text), out);
        out.push_str("<w:t xml:space=\"preserve\">");
        if memchr::memchr3(b'\n', b'\r', b'\t', text.as_bytes()).is_some() {
            push_text(out, &text.replace(['\n', '\r', '\t'], " "));
        } else {
            push_text(out, text);
        }
        out.push_str("</w:t></w:r>");
    }

    /// A run's properties, in the order the schema gives them.
    pub fn run_properties(&self, look: Look, rtl: bool, out: &mut String) {
        out.push_str("<w:rPr>");
        if look.note_number {
            out.push_str("<w:rStyle w:val=\"FootnoteReference\"/>");
        } else if look.link {
            out.push_str("<w:rStyle w:val=\"Hyperlink\"/>");
        }
        let (fonts, lang) = self.lang.split_once('\u{0}').unwrap_or(("", &self.lang));
        if look.code {
            out.push_str(
                "<w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\" w:cs=\"Courier New\"/>",
            );
        } else {
            out.push_str(fonts);
        }
        if look.bold {
            out.push_str("<w:b/><w:bCs/>");
        }
        if look.italic {
            out.push_str("<w:i/><w:iCs/>");
        }
        if look.strike {
            out.push_str("<w:strike/>");
        }
        if rtl {
            out.push_str("<w:rtl/>");
        }
        out.push_str(lang);
        out.push_str("</w:rPr>");
    }
}

/// Whether `text` holds a letter of a script written right to left.
fn contains_rtl(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
    })
}
