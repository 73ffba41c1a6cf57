//! `briefc review FILE.docx`: what reviewers changed in the Word edition,
//! each tracked insertion, deletion and comment with its author and date,
//! at its place in the sources. The Word edition marks where each
//! paragraph came from and which words briefc made
//! (`render::docx::marks`); a reviewed paragraph's text as it stood is
//! lined up with the characters a reader sees in that source (`place`),
//! so each change lands at the byte it touches. A change to words briefc
//! made (a citation as printed, a note number, a date) is placed at what
//! made them and marked as generated. `--apply` writes the changes that
//! lie wholly in the author's own words into the sources (`apply`).

mod apply;
mod change;
mod group;
pub mod package;
mod place;
mod sources;
mod wordml;

use std::collections::HashMap;

pub use apply::{Applied, apply};
pub use change::{Change, Edit, Kind, Placed};
pub use package::Unreadable;

use crate::files::ProjectFiles;

/// A reviewed document, read and placed.
pub struct Review {
    pub briefing: String,
    /// The sources it names: path, text now (when readable), and whether
    /// the file changed since the document was built.
    pub files: Vec<(String, Option<String>, bool)>,
    pub changes: Vec<Change>,
}

/// Reads the reviewed document `bytes` against the project's files now.
pub fn review(files: &ProjectFiles, bytes: &[u8]) -> Result<Review, Unreadable> {
    let package = package::open(bytes)?;
    let document = package::parse("word/document.xml", &package.document)?;
    let body = wordml::read_body(&document);
    let start = first_note_number(&document);
    let notes_xml = match &package.footnotes {
        Some(text) => Some(package::parse("word/footnotes.xml", text)?),
        None => None,
    };
    let notes = notes_xml
        .as_ref()
        .map(wordml::read_footnotes)
        .unwrap_or_default();
    let comments = match &package.comments {
        Some(text) => wordml::read_comments(&package::parse("word/comments.xml", text)?),
        None => HashMap::new(),
    };
    let mut sources = sources::Sources::read(files, &package.manifest);
    // The notes as briefc numbered them: in the order of their markers,
    // leaving out the ones reviewers added.
    let mut numbers = HashMap::new();
    for (id, added) in &body.references {
        if !added {
            numbers.insert(id.clone(), start + numbers.len() as u32);
        }
    }
    let added: Vec<&String> = body
        .references
        .iter()
        .filter(|(_, added)| *added)
        .map(|(id, _)| id)
        .collect();
    let mut changes = Vec::new();
    let context = change::Context {
        comments: &comments,
        notes: &notes,
        numbers: &numbers,
    };
    for group in group::groups(&body.paragraphs) {
        change::of_group(&group, &body, &context, &mut sources, &mut changes);
    }
    for group in group::groups(&notes.paragraphs) {
        if group
            .footnote
            .as_ref()
            .is_some_and(|id| added.contains(&id))
        {
            continue;
        }
        change::of_group(&group, &notes, &context, &mut sources, &mut changes);
    }
    Ok(Review {
        briefing: package.manifest.briefing,
        files: sources
            .files
            .into_iter()
            .map(|s| (s.path, s.text, s.changed))
            .collect(),
        changes,
    })
}

/// The number Word gives the first note (`w:numStart`), 1 when unsaid.
fn first_note_number(document: &roxmltree::Document<'_>) -> u32 {
    document
        .descendants()
        .find(|n| n.is_element() && n.tag_name().name() == "numStart")
        .and_then(|n| {
            n.attribute((
                "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                "val",
            ))
        })
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}
