//! The JSON shape of the tree, written out by hand: each node is an object
//! whose `"type"` says what it is, with named fields after it (see
//! `docs/json.md`). Derived enum formats would either nest every node in
//! another object or fail on the tuple variants, and would change with any
//! renaming here.

use serde::ser::{Error, Serialize, SerializeMap, SerializeSeq, Serializer};

use super::tree::{Align, Block, Inline};
use super::visit::plain_text;
use super::{ContentsEntry, Document, Note, Section};

/// `null` for an empty string.
fn optional(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

/// A list of inlines with each citation's words in its place: the JSON
/// shows what is printed, not which words briefc made.
struct Flat<'a>(&'a [Inline]);

impl Serialize for Flat<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        fn each<S: SerializeSeq>(seq: &mut S, inlines: &[Inline]) -> Result<(), S::Error> {
            for inline in inlines {
                match inline {
                    Inline::Cited(cited) => each(seq, &cited.content)?,
                    inline => seq.serialize_element(inline)?,
                }
            }
            Ok(())
        }
        let mut seq = serializer.serialize_seq(None)?;
        each(&mut seq, self.0)?;
        seq.end()
    }
}

/// Table cells, each a [`Flat`] list.
struct FlatCells<'a>(&'a [Vec<Inline>]);

impl Serialize for FlatCells<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|cell| Flat(cell)))
    }
}

impl Serialize for Block {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match self {
            Block::Heading {
                level, id, content, ..
            } => {
                map.serialize_entry("type", "heading")?;
                map.serialize_entry("level", level)?;
                map.serialize_entry("id", id)?;
                map.serialize_entry("content", &Flat(content))?;
            }
            Block::Paragraph(content) => {
                map.serialize_entry("type", "paragraph")?;
                map.serialize_entry("content", &Flat(content))?;
            }
            Block::Plain(content) => {
                map.serialize_entry("type", "plain")?;
                map.serialize_entry("content", &Flat(content))?;
            }
            Block::Quote(blocks) => {
                map.serialize_entry("type", "quote")?;
                map.serialize_entry("blocks", blocks)?;
            }
            Block::List { start, items } => {
                map.serialize_entry("type", "list")?;
                map.serialize_entry("ordered", &start.is_some())?;
                map.serialize_entry("start", start)?;
                map.serialize_entry("items", items)?;
            }
            Block::Code { text, language } => {
                map.serialize_entry("type", "code")?;
                map.serialize_entry("language", &optional(language))?;
                map.serialize_entry("text", text)?;
            }
            Block::Table { align, head, rows } => {
                map.serialize_entry("type", "table")?;
                map.serialize_entry("align", align)?;
                map.serialize_entry("head", &FlatCells(head))?;
                let rows: Vec<FlatCells<'_>> = rows.iter().map(|row| FlatCells(row)).collect();
                map.serialize_entry("rows", &rows)?;
            }
            Block::Rule => map.serialize_entry("type", "rule")?,
            Block::Html(html) => {
                map.serialize_entry("type", "html")?;
                map.serialize_entry("html", html)?;
            }
        }
        map.end()
    }
}

impl Serialize for Align {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Align::None => serializer.serialize_none(),
            Align::Left => serializer.serialize_str("left"),
            Align::Center => serializer.serialize_str("center"),
            Align::Right => serializer.serialize_str("right"),
        }
    }
}

impl Serialize for Inline {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let kind = match self {
            Inline::Text(_) => "text",
            Inline::Code(_) => "code",
            Inline::Emphasis(_) => "emphasis",
            Inline::Strong(_) => "strong",
            Inline::Strikethrough(_) => "strikethrough",
            Inline::Link(_) => "link",
            Inline::Image(_) => "image",
            Inline::NoteRef(_) => "note_ref",
            Inline::SoftBreak => "soft_break",
            Inline::HardBreak => "hard_break",
            Inline::Html(_) => "html",
            // Resolve replaces both before any output sees the tree.
            Inline::Reference(_) | Inline::Cite(_) => {
                return Err(S::Error::custom("an unresolved reference or citation"));
            }
            // Its words stand in the list that holds it (`Flat`).
            Inline::Cited(_) => {
                return Err(S::Error::custom("a citation outside a list of inlines"));
            }
        };
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("type", kind)?;
        match self {
            Inline::Text(text) | Inline::Code(text) => map.serialize_entry("text", text)?,
            Inline::Emphasis(content)
            | Inline::Strong(content)
            | Inline::Strikethrough(content) => map.serialize_entry("content", &Flat(content))?,
            Inline::Link(link) => {
                map.serialize_entry("url", &link.url)?;
                map.serialize_entry("title", &optional(&link.title))?;
                map.serialize_entry("content", &Flat(&link.content))?;
            }
            Inline::Image(image) => {
                map.serialize_entry("url", &image.url)?;
                map.serialize_entry("title", &optional(&image.title))?;
                map.serialize_entry("alt", plain_text(&image.content).trim())?;
                map.serialize_entry("content", &Flat(&image.content))?;
            }
            Inline::NoteRef(marker) => {
                map.serialize_entry("number", &marker.number)?;
                map.serialize_entry("id", &marker.id())?;
                map.serialize_entry("note", &marker.note_id())?;
            }
            Inline::Html(html) => map.serialize_entry("html", html)?,
            _ => {}
        }
        map.end()
    }
}

impl Serialize for Note {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("number", &self.number)?;
        map.serialize_entry("label", &optional(&self.label))?;
        map.serialize_entry("id", &self.id())?;
        map.serialize_entry("backrefs", &self.backrefs().collect::<Vec<_>>())?;
        map.serialize_entry("blocks", &self.blocks)?;
        map.end()
    }
}

/// The numbers of a section's notes.
struct Numbers<'a>(&'a [Note]);

impl Serialize for Numbers<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for note in self.0 {
            seq.serialize_element(&note.number)?;
        }
        seq.end()
    }
}

/// A section together with the notes it indexes into.
struct SectionWithNotes<'a> {
    section: &'a Section,
    notes: &'a [Note],
}

impl Serialize for SectionWithNotes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let section = self.section;
        let notes = self.notes.get(section.notes.clone()).unwrap_or_default();
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("id", &section.id)?;
        map.serialize_entry("file", &section.file)?;
        map.serialize_entry("notes_id", &section.notes_id)?;
        map.serialize_entry("notes", &Numbers(notes))?;
        map.serialize_entry("blocks", &section.blocks)?;
        map.end()
    }
}

/// Written by hand for its sections, which give their notes as numbers.
impl Serialize for Document {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("meta", &self.meta)?;
        map.serialize_entry("summary", &self.summary)?;
        map.serialize_entry("contents", &self.contents)?;
        let sections: Vec<SectionWithNotes<'_>> = self
            .sections
            .iter()
            .map(|section| SectionWithNotes {
                section,
                notes: &self.notes,
            })
            .collect();
        map.serialize_entry("sections", &sections)?;
        map.serialize_entry("notes", &self.notes)?;
        map.serialize_entry("assets", &self.assets)?;
        // Only when asked for, so an edition without one reads as before.
        if let Some(bibliography) = &self.bibliography {
            map.serialize_entry("bibliography", bibliography)?;
        }
        map.end()
    }
}

impl Serialize for super::Bibliography {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("heading", &self.heading)?;
        map.serialize_entry("entries", &self.entries)?;
        map.end()
    }
}

impl Serialize for ContentsEntry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("level", &self.level)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("text", plain_text(&self.content).trim())?;
        map.serialize_entry("content", &Flat(&self.content))?;
        map.end()
    }
}
