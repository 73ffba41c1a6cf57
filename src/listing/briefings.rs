//! `briefc list`: each briefing's id, title, status, date and counts
//! (sections, notes, words), as the briefing prints them.

use serde::Serialize;

use super::words::Words;
use crate::analysis::Analysis;

#[derive(Serialize)]
pub struct BriefingRow {
    pub id: String,
    pub title: String,
    pub status: String,
    pub date: String,
    pub sections: usize,
    /// `null` when the briefing has errors that stop its notes being counted.
    pub footnotes: Option<usize>,
    /// The words of its text and of its notes, as printed; `null` likewise.
    pub words: Option<Words>,
}

/// A row for every briefing the analysis loaded, drafts too.
pub fn briefings(analysis: &Analysis) -> Vec<BriefingRow> {
    analysis
        .project
        .briefings
        .iter()
        .map(|files| {
            let resolved = analysis.briefings.iter().find(|b| b.id() == files.id);
            match (&files.metadata, resolved) {
                // Title and date as the briefing prints them, in its
                // language's punctuation and date style.
                (Some(meta), Some(briefing)) => BriefingRow {
                    id: files.id.clone(),
                    title: briefing.doc.meta.title.clone(),
                    status: meta.status.name().to_string(),
                    date: briefing.doc.meta.date.text.clone(),
                    sections: meta.sections.len(),
                    footnotes: Some(briefing.note_count()),
                    words: Some(super::words::of_document(&briefing.doc)),
                },
                (Some(meta), None) => BriefingRow {
                    id: files.id.clone(),
                    title: meta.title.clone(),
                    status: meta.status.name().to_string(),
                    date: meta.date.iso(),
                    sections: meta.sections.len(),
                    footnotes: None,
                    words: None,
                },
                (None, _) => BriefingRow {
                    id: files.id.clone(),
                    title: "(briefing.toml has errors: run briefc check)".to_string(),
                    status: "-".to_string(),
                    date: "-".to_string(),
                    sections: files.sections.len(),
                    footnotes: None,
                    words: None,
                },
            }
        })
        .collect()
}
