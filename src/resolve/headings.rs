//! Heading ids, section ids, the table of contents and `#id` links.

use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostics::{
    Code, Diagnostic, Diagnostics, FileId, SourceMap, Span, closest, suggestion,
};
use crate::model::visit::{Visit, VisitMut, walk_block, walk_block_mut};
use crate::model::{Block, ContentsEntry, Inline, Section, plain_text};

/// Ids briefc itself gives to parts of the page.
const RESERVED: &[&str] = &["contents", "notes", "top"];

fn is_reserved(id: &str) -> bool {
    RESERVED.contains(&id) || id.starts_with("fn-") || id.starts_with("fnref-")
}

/// All ids of one page, so none is given twice.
#[derive(Default)]
struct Ids {
    taken: HashMap<String, Option<Span>>,
}

impl Ids {
    /// A fresh id from `base`, adding `-2`, `-3`, ... on a collision.
    fn unique(&mut self, base: &str) -> String {
        // A base in briefc's own `fn-`/`fnref-` space would stay there with
        // any suffix: move it out first, so the search below ends.
        let base = if base.is_empty() {
            "section".to_string()
        } else if base.starts_with("fn-") || base.starts_with("fnref-") {
            format!("h-{base}")
        } else {
            base.to_string()
        };
        let base = base.as_str();
        let mut candidate = base.to_string();
        let mut n = 2;
        while self.taken.contains_key(&candidate) || is_reserved(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone(), None);
        candidate
    }
}

pub fn assign_ids(
    sections: Vec<(FileId, Vec<Block>)>,
    section_notes: Vec<Range<usize>>,
    sources: &SourceMap,
    anchors: &[(String, Span)],
    diagnostics: &mut Diagnostics,
) -> (Vec<Section>, Vec<ContentsEntry>) {
    let mut ids = Ids::default();
    for id in RESERVED {
        ids.taken.insert(id.to_string(), None);
    }

    // Explicit ids first, so an automatic id never takes one an author
    // chose later in the briefing.
    for (_, blocks) in &sections {
        Headings(|block: &Block| {
            if let Block::Heading {
                explicit_id: Some(id),
                span,
                ..
            } = block
            {
                claim_explicit(&mut ids, id, *span, sources, diagnostics);
            }
        })
        .visit_blocks(blocks);
    }

    let mut resolved = Vec::new();
    let mut toc = Vec::new();
    for (index, (file, mut blocks)) in sections.into_iter().enumerate() {
        HeadingsMut(|block: &mut Block| {
            if let Block::Heading {
                explicit_id,
                id,
                content,
                ..
            } = block
            {
                *id = match explicit_id {
                    Some(explicit) => explicit.clone(),
                    None => ids.unique(&slug::slugify(plain_text(content))),
                };
            }
        })
        .visit_blocks_mut(&mut blocks);
        let section_id = match blocks.first() {
            Some(Block::Heading { level: 1, id, .. }) => id.clone(),
            _ => {
                let stem = sources
                    .path(file)
                    .file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                ids.unique(&slug::slugify(stem))
            }
        };
        for block in &blocks {
            if let Block::Heading {
                level: level @ (1 | 2),
                id,
                content,
                ..
            } = block
            {
                toc.push(ContentsEntry {
                    level: *level,
                    id: id.clone(),
                    content: content.clone(),
                });
            }
        }
        let notes_id = ids.unique(&format!("{section_id}-notes"));
        resolved.push(Section {
            id: section_id,
            file: crate::fsx::slash_path(sources.path(file)),
            blocks,
            notes: section_notes.get(index).cloned().unwrap_or(0..0),
            notes_id,
        });
    }

    check_anchors(&ids, anchors, diagnostics);
    (resolved, toc)
}

fn claim_explicit(
    ids: &mut Ids,
    id: &str,
    span: Span,
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) {
    let id_span = explicit_id_span(id, span, sources);
    let problem = if is_reserved(id) {
        Some(
            Diagnostic::new(
                Code::DuplicateHeadingId,
                id_span,
                format!("heading id `{id}` is reserved for briefc's own use"),
            )
            .with_help(
                "choose another id: `contents`, `notes`, `top`, `fn-*` and `fnref-*` are taken",
            ),
        )
    } else {
        match ids.taken.get(id) {
            Some(first) => {
                let mut d = Diagnostic::new(
                    Code::DuplicateHeadingId,
                    id_span,
                    format!("heading id `{id}` is used twice"),
                )
                .with_label("second use")
                .with_help("ids are unique across the whole briefing: choose another id");
                if let Some(first) = first {
                    d = d.with_secondary(*first, "first used here");
                }
                Some(d)
            }
            None => None,
        }
    };
    match problem {
        Some(d) => diagnostics.push(d),
        None => {
            ids.taken.insert(id.to_string(), Some(id_span));
        }
    }
}

/// The span of `{#id}` within a heading, or the heading itself.
fn explicit_id_span(id: &str, heading: Span, sources: &SourceMap) -> Span {
    let text = &sources.text(heading.file)[heading.start..heading.end];
    match text.rfind(&format!("#{id}")) {
        Some(at) => Span::new(
            heading.file,
            heading.start + at..heading.start + at + id.len() + 1,
        ),
        None => heading,
    }
}

fn check_anchors(ids: &Ids, anchors: &[(String, Span)], diagnostics: &mut Diagnostics) {
    for (target, span) in anchors {
        if ids.taken.contains_key(target) {
            continue;
        }
        let mut d = Diagnostic::new(
            Code::BrokenAnchor,
            *span,
            format!("link to `#{target}`, which no heading has"),
        )
        .with_label("no such id in this briefing");
        d = match closest(target, ids.taken.keys().map(String::as_str)) {
            Some(hint) => d.with_help(format!("did you mean `#{}`?", suggestion(hint, target))),
            None => d.with_help(
                "link to a heading's id: its {#id}, or its text in lower case with `-` for spaces",
            ),
        };
        diagnostics.push(d);
    }
}

/// Calls its function on every heading, in reading order; headings stand
/// only among blocks, so inlines are not walked.
struct Headings<F>(F);

impl<'a, F: FnMut(&'a Block)> Visit<'a> for Headings<F> {
    fn visit_block(&mut self, block: &'a Block) {
        match block {
            Block::Heading { .. } => (self.0)(block),
            _ => walk_block(self, block),
        }
    }
    fn visit_inlines(&mut self, _: &'a [Inline]) {}
}

/// [`Headings`], in place.
struct HeadingsMut<F>(F);

impl<F: FnMut(&mut Block)> VisitMut for HeadingsMut<F> {
    fn visit_block_mut(&mut self, block: &mut Block) {
        match block {
            Block::Heading { .. } => (self.0)(block),
            _ => walk_block_mut(self, block),
        }
    }
    fn visit_inlines_mut(&mut self, _: &mut Vec<Inline>) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_in_briefc_s_own_space_are_moved_out_and_never_loop() {
        let mut ids = Ids::default();
        assert_eq!(ids.unique("fnref-1"), "h-fnref-1");
        assert_eq!(ids.unique("fn-x-notes"), "h-fn-x-notes");
        assert_eq!(ids.unique("fnref-1"), "h-fnref-1-2");
        assert_eq!(ids.unique(""), "section");
        assert_eq!(ids.unique("notes"), "notes-2");
    }
}
