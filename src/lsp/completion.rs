//! Completion: the library's keys after `@` (with author, title and
//! date), the briefing's note labels after `[^`.

use std::path::Path;

use lsp_types::{CompletionItem, CompletionItemKind};

use crate::analysis::Analysis;

/// What is being typed before byte `offset` of `text`.
enum Typing {
    Key,
    Label,
}

fn typing(text: &str, offset: usize) -> Option<Typing> {
    let before = &text[..offset.min(text.len())];
    let is_part = |c: char| c.is_alphanumeric() || "_-.:/#".contains(c);
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_part(*c))
        .last()
        .map_or(before.len(), |(i, _)| i);
    let lead = &before[..word_start];
    if lead.ends_with("[^") {
        Some(Typing::Label)
    } else if lead.ends_with('@') {
        Some(Typing::Key)
    } else {
        None
    }
}

/// The completions at byte `offset` of `text`, the file `relative`.
pub fn complete(
    analysis: &Analysis,
    relative: &Path,
    text: &str,
    offset: usize,
) -> Vec<CompletionItem> {
    match typing(text, offset) {
        Some(Typing::Key) => analysis
            .library
            .sorted()
            .into_iter()
            .map(|source| {
                let mut detail = Vec::new();
                if let Some(author) = source.authors.first() {
                    detail.push(author.clone());
                }
                if let Some(title) = source.field("title") {
                    detail.push(title.to_string());
                }
                if let Some(date) = source.date {
                    detail.push(date.iso());
                }
                CompletionItem {
                    label: source.key.clone(),
                    kind: Some(CompletionItemKind::REFERENCE),
                    detail: Some(detail.join(", ")),
                    ..CompletionItem::default()
                }
            })
            .collect(),
        Some(Typing::Label) => {
            let Some(id) = crate::project::briefing_of(relative) else {
                return Vec::new();
            };
            let Some(briefing) = analysis.briefings.iter().find(|b| b.id() == id) else {
                return Vec::new();
            };
            briefing
                .doc
                .notes
                .iter()
                .filter(|n| !n.label.is_empty())
                .map(|note| CompletionItem {
                    label: note.label.clone(),
                    kind: Some(CompletionItemKind::REFERENCE),
                    detail: Some(format!("note {}", note.number)),
                    ..CompletionItem::default()
                })
                .collect()
        }
        None => Vec::new(),
    }
}
