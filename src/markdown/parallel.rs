//! Parsing a briefing's files on two threads. Each half collects its own
//! references and citations; the second half's indices are then shifted
//! past the first half's, so the result is the same as parsing the files
//! one after the other.

use super::parse::{Collected, ParsedFile, parse_file};
use super::tree::{Block, Inline};
use crate::diagnostics::{Diagnostics, FileId, SourceMap};

/// Below this many bytes a second thread costs more than it saves.
const PARALLEL_FROM: usize = 256 * 1024;

/// Parses `files` in order, returning each file's result and the
/// briefing's references and citations.
pub fn parse_files(
    files: &[FileId],
    sources: &SourceMap,
    allow_raw_html: bool,
    diagnostics: &mut Diagnostics,
) -> (Vec<(FileId, ParsedFile)>, Collected) {
    let total: usize = files.iter().map(|&f| sources.text(f).len()).sum();
    let parse_all = |files: &[FileId]| {
        let mut collected = Collected::default();
        let mut diagnostics = Diagnostics::new();
        let parsed: Vec<(FileId, ParsedFile)> = files
            .iter()
            .map(|&file| {
                let text = sources.text(file);
                (
                    file,
                    parse_file(text, file, allow_raw_html, &mut collected, &mut diagnostics),
                )
            })
            .collect();
        (parsed, collected, diagnostics)
    };
    if total < PARALLEL_FROM || files.len() < 2 {
        let (parsed, collected, found) = parse_all(files);
        diagnostics.extend(found);
        return (parsed, collected);
    }
    // The calling thread goes on to resolve afterwards, so it takes about
    // two fifths of the bytes and the second thread the rest.
    let mut running = 0;
    let split = files
        .iter()
        .position(|&f| {
            running += sources.text(f).len();
            running * 5 >= total * 2
        })
        .map_or(files.len() / 2, |i| (i + 1).min(files.len() - 1).max(1));
    let ((mut parsed, mut collected, first_found), (second, later, second_found)) =
        std::thread::scope(|scope| {
            let second = scope.spawn(|| parse_all(&files[split..]));
            let first = parse_all(&files[..split]);
            let second = second
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (first, second)
        });
    let references = collected.references.len();
    let citations = collected.citations.len();
    for (file, mut result) in second {
        shift_blocks(&mut result.blocks, references, citations);
        for definition in &mut result.definitions {
            shift_blocks(&mut definition.blocks, references, citations);
        }
        parsed.push((file, result));
    }
    collected.references.extend(later.references);
    collected.citations.extend(later.citations);
    diagnostics.extend(first_found);
    diagnostics.extend(second_found);
    (parsed, collected)
}

fn shift_blocks(blocks: &mut [Block], references: usize, citations: usize) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph(content) | Block::Plain(content) => {
                shift_inlines(content, references, citations)
            }
            Block::Quote(inner) => shift_blocks(inner, references, citations),
            Block::List { items, .. } => {
                for item in items {
                    shift_blocks(item, references, citations);
                }
            }
            Block::Table { head, rows, .. } => {
                for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                    shift_inlines(cell, references, citations);
                }
            }
            Block::Code { .. } | Block::Rule | Block::Html(_) => {}
        }
    }
}

fn shift_inlines(inlines: &mut [Inline], references: usize, citations: usize) {
    for inline in inlines {
        match inline {
            Inline::NoteRef(index) => *index += references,
            Inline::Cite(index) => *index += citations,
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Link { content: c, .. }
            | Inline::Image { alt: c, .. } => shift_inlines(c, references, citations),
            _ => {}
        }
    }
}
