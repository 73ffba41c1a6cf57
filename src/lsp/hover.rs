//! What the server says on hovering: a note's number and text as every
//! edition prints them, and a citation as it prints in its place (in
//! full, short or "Ibid.").

use std::path::Path;

use crate::analysis::Analysis;
use crate::diagnostics::FileId;
use crate::model::visit::{Visit, walk_inline};
use crate::model::{CitedText, Inline, plain_text};
use crate::render::text::TextRenderer;

use super::definition::Target;

/// The text to show for `target` at byte `offset` of the file
/// `relative`.
pub fn hover(
    analysis: &Analysis,
    relative: &Path,
    offset: usize,
    target: Target<'_>,
) -> Option<String> {
    let id = crate::project::briefing_of(relative)?;
    let briefing = analysis.briefings.iter().find(|b| b.id() == id)?;
    match target {
        Target::Note(label) => {
            let note = briefing.doc.notes.iter().find(|n| n.label == label)?;
            let mut options = briefing.options.clone();
            options.width = 0;
            let text = TextRenderer::new(&options).standalone(&note.blocks);
            Some(format!("**[{}]** {}", note.number, text.trim()))
        }
        Target::Source(_) => {
            let file = file_of(analysis, relative)?;
            // The note that holds the bracket at `offset`, and the
            // citation as it was written out there.
            briefing.doc.notes.iter().find_map(|note| {
                let mut found = None;
                CitedAt {
                    file,
                    offset,
                    found: &mut found,
                }
                .visit_blocks(&note.blocks);
                let cited = found?;
                Some(format!(
                    "**[{}]** {}",
                    note.number,
                    plain_text(&cited.content)
                ))
            })
        }
    }
}

/// The source map's id of the file `relative` as last analysed.
fn file_of(analysis: &Analysis, relative: &Path) -> Option<FileId> {
    let sources = &analysis.project.sources;
    sources
        .files()
        .filter(|(id, _)| sources.path(*id) == relative)
        .map(|(id, _)| id)
        .last()
}

/// Finds the citation written out of the bracket at `offset` of `file`.
struct CitedAt<'f> {
    file: FileId,
    offset: usize,
    found: &'f mut Option<CitedText>,
}

impl<'a> Visit<'a> for CitedAt<'_> {
    fn visit_inline(&mut self, inline: &'a Inline) {
        match inline {
            Inline::Cited(cited)
                if cited.span.file == self.file
                    && cited.span.start <= self.offset
                    && self.offset <= cited.span.end =>
            {
                *self.found = Some((**cited).clone());
            }
            _ => walk_inline(self, inline),
        }
    }
}
