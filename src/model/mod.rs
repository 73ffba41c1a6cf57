//! The document model: a briefing as plain data. Parse builds its trees
//! of [`Block`]s and [`Inline`]s; resolve fills in what only the whole
//! briefing knows (note numbers, citations, ids) and hands every output
//! one [`Document`]. Nothing in a resolved document points into a list
//! made while parsing: a note marker carries its number.
//!
//! It serializes to the JSON edition (`docs/json.md`); the tree's shape
//! there is written by hand in `serialize.rs`, so that it stays the same
//! whatever the Rust types become.

pub mod address;
pub mod date;
mod serialize;
pub mod svg;
mod tree;
pub mod visit;

use std::ops::Range;

use serde::Serialize;

use crate::diagnostics::{FileId, Span};

pub use address::{is_local_url, percent_decoded, unsafe_scheme};
pub use date::{DateStyle, PartialDate};
pub use tree::{Align, Block, CitedText, Inline, Link, NoteRef, figure_caption};
pub use visit::plain_text;

/// Whether a briefing may be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Final,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Final => "final",
        }
    }
}

/// Where a briefing's notes are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Placement {
    /// One list after the last section.
    End,
    /// Each section's notes after it.
    Section,
}

/// A resolved briefing: what every output reads. It serializes (by hand,
/// in `serialize.rs`) to the JSON edition.
#[derive(Debug)]
pub struct Document {
    /// The briefing's directory name under `briefings/`.
    pub id: String,
    pub meta: Meta,
    pub summary: Vec<Block>,
    /// Level 1 and 2 headings, in reading order.
    pub contents: Vec<ContentsEntry>,
    pub sections: Vec<Section>,
    /// Every note, in number order.
    pub notes: Vec<Note>,
    /// The local files the text refers to, each once, in reading order.
    pub assets: Vec<Asset>,
    /// `[style] bibliography`: the sources cited, listed after the notes.
    pub bibliography: Option<Bibliography>,
}

/// The list of the sources a briefing cites, as its style sorts and
/// prints them.
#[derive(Debug, Clone)]
pub struct Bibliography {
    /// The localised heading: "Bibliography".
    pub heading: String,
    /// One entry per source.
    pub entries: Vec<Vec<Inline>>,
}

/// Where the parts of a resolved briefing stand in its sources. No
/// edition prints them: the Word edition marks its paragraphs with them,
/// so that `briefc review` can trace a reviewer's change back to the
/// file, line and column it touches.
#[derive(Debug, Clone, Default)]
pub struct Sites {
    /// The value of each field of `briefing.toml` the title block prints
    /// (`title`, `subtitle`, `series`, `publisher`, `authors`, `date`).
    pub fields: Vec<(&'static str, Span)>,
    /// Where each block of the summary starts, in `briefing.toml`.
    pub summary: Vec<usize>,
    /// Where the summary's Markdown stands in `briefing.toml`.
    pub summary_span: Option<Span>,
    /// For each section, its file and where each of its blocks starts.
    pub sections: Vec<(FileId, Vec<usize>)>,
    /// For each note, by index: its `[^label]:` marker; `None` for a note
    /// made from a citation in the text.
    pub notes: Vec<Option<Span>>,
    /// Each marker and what made it: its `[^label]`, or the citation in
    /// the text that became a note.
    pub markers: Vec<(NoteRef, Span)>,
    /// The path from the project's root of every file above.
    pub paths: Vec<(FileId, String)>,
}

/// The fields of `briefing.toml`, with their text as printed.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub title: String,
    /// `short-title`, for the PDF's running head; `None` when not given.
    pub short_title: Option<String>,
    pub subtitle: Option<String>,
    pub series: Option<String>,
    pub publisher: Option<String>,
    pub authors: Vec<String>,
    /// The authors as every edition prints them, joined in the language's
    /// way ("A. Researcher and B. Editor"); `None` when there are none.
    pub authors_line: Option<String>,
    pub date: DateText,
    pub status: Status,
    /// The BCP 47 tag from `briefing.toml` (`en` when it names none).
    pub language: String,
    pub placement: Placement,
    /// The title page's logo, by its address among the assets; `None`
    /// without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// The publisher's colour for the title page, `#0b4f8a`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
    /// The same briefing in its other languages: its original (when it
    /// says `translation-of`) and the original's other translations, or
    /// its own translations. Empty for a briefing with none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub translations: Vec<Translation>,
}

/// Another language's edition of a briefing.
#[derive(Debug, Clone, Serialize)]
pub struct Translation {
    pub id: String,
    /// Its BCP 47 tag.
    pub language: String,
    /// The language's name in itself ("Русский"), or its tag when briefc
    /// has no words for it.
    pub language_name: String,
    pub title: String,
    /// Whether it is the original the others translate.
    pub original: bool,
}

/// A date both ways: for machines and as the briefing prints it.
#[derive(Debug, Clone, Serialize)]
pub struct DateText {
    /// `2006-06-30`, `2006-06` or `2006`.
    pub iso: String,
    /// `June 30, 2006`.
    pub text: String,
}

impl DateText {
    pub fn new(date: &PartialDate, text: String) -> Self {
        DateText {
            iso: date.iso(),
            text,
        }
    }
}

/// One section file.
#[derive(Debug)]
pub struct Section {
    /// Its `<section>`'s id: its level-1 heading's id, or one made from
    /// the file name when it opens without one.
    pub id: String,
    /// The file, as `briefing.toml` lists it.
    pub file: String,
    pub blocks: Vec<Block>,
    /// The notes first referenced in this section, as indices into
    /// [`Document::notes`] (the summary's notes count as the first
    /// section's).
    pub notes: Range<usize>,
    /// The id of this section's own notes list, used with
    /// `placement = "section"`.
    pub notes_id: String,
}

/// A footnote as printed.
#[derive(Debug)]
pub struct Note {
    pub number: u32,
    /// The label it was written with; empty for a note made from a
    /// citation in the text.
    pub label: String,
    pub blocks: Vec<Block>,
    /// How many markers point here: one back-link each.
    pub ref_count: u32,
}

impl Note {
    /// The id of the note's list item: `fn-31`.
    pub fn id(&self) -> String {
        format!("fn-{}", self.number)
    }

    /// The ids of the markers that point here, in reading order.
    pub fn backrefs(&self) -> impl Iterator<Item = String> + '_ {
        (1..=self.ref_count).map(|nth| {
            NoteRef {
                number: self.number,
                nth,
            }
            .id()
        })
    }
}

/// A line of the table of contents.
#[derive(Debug, Clone)]
pub struct ContentsEntry {
    pub level: u8,
    pub id: String,
    pub content: Vec<Inline>,
}

/// What refers to a local file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AssetUse {
    Image,
    Link,
}

/// A local file the briefing refers to (an image, or a link to a file),
/// copied into the briefing's output directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Asset {
    /// The address the editions use for it, from the briefing's output
    /// directory: `img/map.png`, `_files/footnotes/report.pdf`.
    pub url: String,
    /// Where it is written, relative to the briefing's output directory.
    pub path: String,
    /// The file in the project, relative to the project's root.
    pub source: String,
    /// `image` when any reference shows it as an image.
    #[serde(rename = "use")]
    pub used_as: AssetUse,
    pub bytes: u64,
    /// An image's size in CSS pixels, from its header.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
}
