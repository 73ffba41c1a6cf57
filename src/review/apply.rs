//! `review --apply`: the changes that lie wholly in the author's own
//! words, written into the sources. Each file's edits are made from the
//! last to the first, so that none moves another; an edit that overlaps
//! one already made is left for the author. The files are then written as
//! `renumber` writes them: every file or none, even when the process is
//! killed.

use super::{Change, Review};
use crate::diagnostics::FileId;
use crate::renumber::FileChange;

/// What `--apply` would write.
pub struct Applied {
    /// One change of text per file that changes.
    pub files: Vec<FileChange>,
    /// How many of the review's changes are written.
    pub written: usize,
    /// The changes left for the author: index into the review's changes,
    /// and why.
    pub left: Vec<(usize, String)>,
}

/// The new text of every file the review's edits touch. `ids` gives each
/// of the review's files its id (for the diffs).
pub fn apply(review: &Review, ids: &[Option<FileId>]) -> Applied {
    let mut by_file: Vec<Vec<(usize, &Change)>> = vec![Vec::new(); review.files.len()];
    let mut left = Vec::new();
    for (index, change) in review.changes.iter().enumerate() {
        match &change.edit {
            Some(edit) if edit.file < by_file.len() => by_file[edit.file].push((index, change)),
            _ => left.push((
                index,
                change
                    .by_hand
                    .clone()
                    .unwrap_or_else(|| "nothing to write".to_string()),
            )),
        }
    }
    let mut files = Vec::new();
    let mut written = 0;
    for (file, mut edits) in by_file.into_iter().enumerate() {
        let (path, Some(old), _) = &review.files[file] else {
            continue;
        };
        if edits.is_empty() {
            continue;
        }
        // The last first; at one place, a deletion before the insertion
        // that replaces it.
        edits.sort_by_key(|(index, change)| {
            let edit = change.edit.as_ref().expect("kept only with an edit");
            (
                std::cmp::Reverse(edit.range.start),
                edit.range.is_empty(),
                *index,
            )
        });
        let mut text = old.clone();
        let mut made: Vec<std::ops::Range<usize>> = Vec::new();
        for (index, change) in edits {
            let edit = change.edit.as_ref().expect("kept only with an edit");
            let overlaps = made.iter().any(|done| {
                if edit.range.is_empty() {
                    done.start < edit.range.start && edit.range.start < done.end
                } else {
                    done.start < edit.range.end && edit.range.start < done.end
                }
            });
            let fits = edit.range.end <= text.len()
                && text.is_char_boundary(edit.range.start)
                && text.is_char_boundary(edit.range.end);
            if overlaps || !fits {
                left.push((
                    index,
                    "it overlaps another change at the same place; make it by hand".to_string(),
                ));
                continue;
            }
            text.replace_range(edit.range.clone(), &edit.text);
            made.push(edit.range.clone());
            written += 1;
        }
        if text != *old
            && let Some(id) = ids.get(file).copied().flatten()
        {
            files.push(FileChange {
                file: id,
                path: std::path::PathBuf::from(path),
                old: old.clone(),
                new: text,
                renames: Vec::new(),
            });
        }
    }
    left.sort_by_key(|(index, _)| *index);
    Applied {
        files,
        written,
        left,
    }
}
