//! `renumber`: rewrite numeric footnote labels so that each equals the
//! number its note is printed with. Only the labels change; every other
//! byte of every file stays as it was, and the files change together or
//! not at all ([`journal`]).

pub mod journal;

pub use journal::{Recovery, Refused, apply, apply_for, recover};

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use crate::diagnostics::{Code, Diagnostic, FileId, SourceMap, Span};
use crate::resolve::Briefing;

/// The new text of one file and the labels changed in it.
pub struct FileChange {
    pub file: FileId,
    pub path: PathBuf,
    pub old: String,
    pub new: String,
    /// `(old label, new label)`, in the order first met in the file.
    pub renames: Vec<(String, String)>,
}

impl FileChange {
    /// `footnotes/ivanovo.md: [^32] -> [^33], [^33] -> [^34]`
    pub fn summary(&self) -> String {
        let renames: Vec<String> = self
            .renames
            .iter()
            .map(|(old, new)| format!("[^{old}] -> [^{new}]"))
            .collect();
        format!("{}: {}", self.path.display(), renames.join(", "))
    }
}

fn is_numeric(label: &str) -> bool {
    !label.is_empty() && label.bytes().all(|b| b.is_ascii_digit())
}

/// The changes that make every numeric label match its number, or the
/// conflicts that make renumbering unsafe.
pub fn plan(
    briefings: &[std::sync::Arc<Briefing>],
    sources: &SourceMap,
) -> Result<Vec<FileChange>, Vec<Diagnostic>> {
    let mut edits: BTreeMap<FileId, Vec<(Span, String, String)>> = BTreeMap::new();
    let mut conflicts = Vec::new();
    for briefing in briefings {
        let renames: HashMap<&str, String> = briefing
            .doc
            .notes
            .iter()
            .filter(|n| {
                is_numeric(&n.label) && n.label.parse::<u64>().ok() != Some(u64::from(n.number))
            })
            .map(|n| (n.label.as_str(), n.number.to_string()))
            .collect();
        if renames.is_empty() {
            continue;
        }
        // A label that stays as it is must not be the new name of another.
        let staying: HashSet<&str> = briefing
            .definition_sites
            .iter()
            .map(|(l, _)| l.as_str())
            .filter(|l| !renames.contains_key(l))
            .collect();
        for (label, span) in &briefing.definition_sites {
            if staying.contains(label.as_str()) && renames.values().any(|new| new == label) {
                conflicts.push(
                    Diagnostic::new(
                        Code::RenumberConflict,
                        *span,
                        format!("cannot renumber: another note would become [^{label}]"),
                    )
                    .with_label("this label is not being renumbered")
                    .with_help("remove this unused note, or give it a name such as [^old-note], then renumber again"),
                );
            }
        }
        let sites = briefing
            .references
            .iter()
            .filter(|r| !r.in_definition)
            .map(|r| (&r.label, r.span))
            .chain(briefing.definition_sites.iter().map(|(l, s)| (l, *s)));
        for (label, span) in sites {
            if let Some(new) = renames.get(label.as_str()) {
                // The label itself starts after `[^`.
                let start = span.start + 2;
                let label_span = Span::new(span.file, start..start + label.len());
                if sources
                    .text(span.file)
                    .get(label_span.start..label_span.end)
                    == Some(label.as_str())
                {
                    edits.entry(span.file).or_default().push((
                        label_span,
                        label.clone(),
                        new.clone(),
                    ));
                }
            }
        }
    }
    if !conflicts.is_empty() {
        return Err(conflicts);
    }
    let mut changes = Vec::new();
    for (file, mut file_edits) in edits {
        // Text embedded from a string with escapes is not where its file's
        // bytes are: it is never rewritten.
        if sources.get(file).embedded_at.is_some() {
            continue;
        }
        file_edits.sort_by_key(|(span, _, _)| span.start);
        file_edits.dedup_by_key(|(span, _, _)| span.start);
        let old = sources.text(file);
        let mut new = String::with_capacity(old.len() + 16);
        let mut at = 0;
        let mut renames: Vec<(String, String)> = Vec::new();
        for (span, label, replacement) in &file_edits {
            new.push_str(&old[at..span.start]);
            new.push_str(replacement);
            at = span.end;
            let pair = (label.clone(), replacement.clone());
            if !renames.contains(&pair) {
                renames.push(pair);
            }
        }
        new.push_str(&old[at..]);
        changes.push(FileChange {
            file,
            path: sources.path(file).to_path_buf(),
            old: old.to_string(),
            new,
            renames,
        });
    }
    Ok(changes)
}

/// A unified diff of a change. Renumbering never adds or removes lines, so
/// old and new line up one to one.
pub fn unified_diff(change: &FileChange) -> String {
    const CONTEXT: usize = 3;
    let old: Vec<&str> = change.old.split_inclusive('\n').collect();
    let new: Vec<&str> = change.new.split_inclusive('\n').collect();
    let changed: Vec<usize> = (0..old.len().min(new.len()))
        .filter(|&i| old[i] != new[i])
        .collect();
    let path = change.path.display().to_string().replace('\\', "/");
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    let mut i = 0;
    while i < changed.len() {
        // Group changed lines whose context overlaps into one hunk.
        let first = changed[i];
        let mut last = first;
        while i + 1 < changed.len() && changed[i + 1] <= last + 2 * CONTEXT + 1 {
            i += 1;
            last = changed[i];
        }
        i += 1;
        let start = first.saturating_sub(CONTEXT);
        let end = (last + CONTEXT + 1).min(old.len());
        let count = end - start;
        out.push_str(&format!(
            "@@ -{},{count} +{},{count} @@\n",
            start + 1,
            start + 1
        ));
        for line in start..end {
            if old[line] == new[line] {
                push_line(&mut out, ' ', old[line]);
            } else {
                push_line(&mut out, '-', old[line]);
                push_line(&mut out, '+', new[line]);
            }
        }
    }
    out
}

fn push_line(out: &mut String, mark: char, line: &str) {
    out.push(mark);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}
