//! The body text of two versions, section by section and block by block.
//! Sections are the same section when `briefing.toml` lists the same file
//! (the summary is one more, named `summary`); those left are paired in
//! their order. Within a section, blocks that read the same in the same
//! order are the same blocks (a diff of the two sequences); in a stretch
//! that changed, a block is the most alike one near its place, and the
//! rest were added or removed.

use std::collections::HashMap;

use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::printed::{self, Marker};
use super::words::{self, likeness};
use super::{BlockChange, SectionChange};
use crate::model::Block;
use crate::resolve::Briefing;

/// How alike an edited block must stay to be the same block.
const ALIKE: f32 = 0.4;

/// One block as a reader reads it.
struct Text {
    kind: &'static str,
    text: String,
}

/// Every section of both versions, each with all its blocks (those that
/// stayed the same included, for the redline), in the new version's
/// order, then the sections only the old one has.
pub fn compare(
    before: &Briefing,
    after: &Briefing,
    old_marker: Marker<'_>,
    new_marker: Marker<'_>,
) -> Vec<SectionChange> {
    let old = parts(before, old_marker);
    let new = parts(after, new_marker);
    let by_file: HashMap<&str, usize> = old
        .iter()
        .enumerate()
        .map(|(i, (file, _))| (file.as_str(), i))
        .collect();
    let mut paired: Vec<Option<usize>> = new
        .iter()
        .map(|(file, _)| by_file.get(file.as_str()).copied())
        .collect();
    // A section whose file was renamed: the sections left over, in order.
    let taken: Vec<usize> = paired.iter().flatten().copied().collect();
    let mut left_over = (0..old.len()).filter(|i| !taken.contains(i));
    for slot in paired.iter_mut().filter(|slot| slot.is_none()) {
        match left_over.next() {
            Some(i) => *slot = Some(i),
            None => break,
        }
    }
    let mut changes = Vec::new();
    for ((file, blocks), slot) in new.iter().zip(&paired) {
        let change = match slot {
            Some(i) => section(file, &old[*i].1, blocks),
            None => whole(file, blocks, "added"),
        };
        changes.push(change);
    }
    for (i, (file, blocks)) in old.iter().enumerate() {
        if !paired.contains(&Some(i)) {
            changes.push(whole(file, blocks, "removed"));
        }
    }
    changes
}

/// The summary and each section, as their files' names and their blocks.
fn parts(briefing: &Briefing, marker: Marker<'_>) -> Vec<(String, Vec<Text>)> {
    let texts = |blocks: &[Block]| -> Vec<Text> {
        blocks
            .iter()
            .map(|block| Text {
                kind: kind(block),
                text: printed::block(block, marker),
            })
            .collect()
    };
    let doc = &briefing.doc;
    let mut parts = Vec::with_capacity(doc.sections.len() + 1);
    if !doc.summary.is_empty() {
        parts.push(("summary".to_string(), texts(&doc.summary)));
    }
    for section in &doc.sections {
        parts.push((section.file.clone(), texts(&section.blocks)));
    }
    parts
}

fn kind(block: &Block) -> &'static str {
    match block {
        Block::Heading { level: 1, .. } => "heading1",
        Block::Heading { level: 2, .. } => "heading2",
        Block::Heading { .. } => "heading3",
        Block::Paragraph(_) | Block::Plain(_) => "paragraph",
        Block::Quote(_) => "quote",
        Block::List { .. } => "list",
        Block::Code { .. } => "code",
        Block::Table { .. } => "table",
        Block::Rule => "rule",
        Block::Html(_) => "html",
    }
}

fn whole(file: &str, blocks: &[Text], change: &'static str) -> SectionChange {
    SectionChange {
        file: file.to_string(),
        change,
        blocks: blocks.iter().map(|block| one(block, change)).collect(),
    }
}

fn same(block: &Text) -> BlockChange {
    BlockChange {
        kind: block.kind,
        change: "same",
        before: Some(block.text.clone()),
        after: Some(block.text.clone()),
        words: Vec::new(),
    }
}

fn section(file: &str, old: &[Text], new: &[Text]) -> SectionChange {
    let old_texts: Vec<&str> = old.iter().map(|b| b.text.as_str()).collect();
    let new_texts: Vec<&str> = new.iter().map(|b| b.text.as_str()).collect();
    let mut blocks = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &old_texts, &new_texts) {
        let (tag, olds, news) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            blocks.extend(new[news].iter().map(same));
            continue;
        }
        stretch(&old[olds], &new[news], &mut blocks);
    }
    let changed = blocks.iter().any(|b| b.change != "same");
    SectionChange {
        file: file.to_string(),
        change: if changed { "changed" } else { "same" },
        blocks,
    }
}

/// A stretch of blocks that changed: each old block paired with the most
/// alike new one after the last paired (within a window, so the work
/// stays in proportion), in reading order.
fn stretch(old: &[Text], new: &[Text], out: &mut Vec<BlockChange>) {
    const NEAR: usize = 16;
    // As many blocks of the same kinds in the same order: each was
    // rewritten, however little of it is left (a heading renamed).
    if old.len() == new.len() && old.iter().zip(new).all(|(a, b)| a.kind == b.kind) {
        out.extend(old.iter().zip(new).map(|(was, is)| changed(was, is)));
        return;
    }
    let mut next_new = 0;
    for was in old {
        let end = new.len().min(next_new + NEAR);
        let best = (next_new..end)
            .filter(|&j| new[j].kind == was.kind)
            .map(|j| (j, likeness(&was.text, &new[j].text)))
            .filter(|&(_, alike)| alike >= ALIKE)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((j, _)) => {
                for added in &new[next_new..j] {
                    out.push(one(added, "added"));
                }
                out.push(changed(was, &new[j]));
                next_new = j + 1;
            }
            None => out.push(one(was, "removed")),
        }
    }
    for added in &new[next_new..] {
        out.push(one(added, "added"));
    }
}

fn changed(was: &Text, is: &Text) -> BlockChange {
    BlockChange {
        kind: is.kind,
        change: "changed",
        before: Some(was.text.clone()),
        after: Some(is.text.clone()),
        words: words::diff(&was.text, &is.text),
    }
}

fn one(block: &Text, change: &'static str) -> BlockChange {
    let text = Some(block.text.clone());
    let (before, after) = if change == "added" {
        (None, text)
    } else {
        (text, None)
    };
    BlockChange {
        kind: block.kind,
        change,
        before,
        after,
        words: Vec::new(),
    }
}
