//! The difference as a person reads it in the terminal: each briefing
//! that changed, its title block, its notes (renumberings in ranges), its
//! sections block by block, its files, and a summary line last. Words
//! removed and added are red and green when colour is on, and written
//! `[-so-]{+thus+}` (as `git diff --word-diff` does) when it is not.
//! Every text from the sources passes `printable_lines`, so none can act
//! on the terminal.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use super::words::{Kind, Piece};
use super::{BriefingDiff, Renumbered};
use crate::diagnostics::printable_lines;

const DELETED: Style = AnsiColor::Red.on_default().strikethrough();
const INSERTED: Style = AnsiColor::Green.on_default().underline();
const HEADING: Style = Style::new().bold();

pub fn human(diffs: &[BriefingDiff], colour: bool) -> String {
    let mut out = String::new();
    let paint = Paint { colour };
    for diff in diffs.iter().filter(|d| !d.is_same()) {
        briefing(diff, &paint, &mut out);
    }
    out.push_str(&summary(diffs));
    out.push('\n');
    out
}

struct Paint {
    colour: bool,
}

impl Paint {
    fn styled(&self, style: Style, text: &str, out: &mut String) {
        if self.colour {
            let _ = write!(out, "{style}{}{style:#}", printable_lines(text));
        } else {
            out.push_str(&printable_lines(text));
        }
    }

    fn deleted(&self, text: &str, out: &mut String) {
        if self.colour {
            self.styled(DELETED, text, out);
        } else {
            let _ = write!(out, "[-{}-]", printable_lines(text));
        }
    }

    fn inserted(&self, text: &str, out: &mut String) {
        if self.colour {
            self.styled(INSERTED, text, out);
        } else {
            let _ = write!(out, "{{+{}+}}", printable_lines(text));
        }
    }

    /// The words of a change, the unchanged stretches between the changes
    /// shortened to a few words either side.
    fn words(&self, pieces: &[Piece], out: &mut String) {
        let last = pieces.len().saturating_sub(1);
        for (index, piece) in pieces.iter().enumerate() {
            match piece.kind {
                Kind::Same => {
                    let shown = context(&piece.text, index > 0, index < last);
                    out.push_str(&printable_lines(&shown));
                }
                Kind::Deleted => self.deleted(&piece.text, out),
                Kind::Inserted => self.inserted(&piece.text, out),
            }
        }
    }
}

/// How many words of unchanged text are kept beside a change.
const CONTEXT_WORDS: usize = 8;

/// An unchanged stretch: whole when short, else its first words (after
/// a change) and its last (before one), `…` for what is left out.
fn context(text: &str, after_change: bool, before_change: bool) -> String {
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    let words: Vec<&str> = text.trim().split(' ').collect();
    let keep = CONTEXT_WORDS * (usize::from(after_change) + usize::from(before_change));
    if words.len() <= keep + 1 {
        return text.to_string();
    }
    let head = words[..CONTEXT_WORDS].join(" ");
    let tail = words[words.len() - CONTEXT_WORDS..].join(" ");
    match (after_change, before_change) {
        (true, true) => format!("{lead}{head} … {tail}{trail}"),
        (true, false) => format!("{lead}{head} …"),
        _ => format!("… {tail}{trail}"),
    }
}

fn briefing(diff: &BriefingDiff, paint: &Paint, out: &mut String) {
    paint.styled(HEADING, &diff.id, out);
    match diff.change {
        "added" => out.push_str(": a briefing added\n\n"),
        "removed" => out.push_str(": a briefing removed\n\n"),
        _ => out.push('\n'),
    }
    for field in &diff.title {
        let _ = write!(out, "  {}: ", field.field);
        paint.deleted(&field.before, out);
        out.push(' ');
        paint.inserted(&field.after, out);
        out.push('\n');
    }
    if !diff.renumbered.is_empty() {
        let _ = writeln!(
            out,
            "  renumbered: {} ({} note{})",
            ranges(&diff.renumbered),
            diff.renumbered.len(),
            plural(diff.renumbered.len())
        );
    }
    if !diff.repointed.is_empty() {
        let numbers: Vec<String> = diff.repointed.iter().map(u32::to_string).collect();
        let shown = shorten(&numbers, 12);
        let _ = writeln!(
            out,
            "  old note numbers that now name another note: {shown}"
        );
    }
    for note in diff.changed_notes() {
        note_line(note, paint, out);
    }
    for section in diff.changed_sections() {
        let file = printable_lines(&section.file);
        let _ = writeln!(out, "  {file} ({}):", section.change);
        for block in section.blocks.iter().filter(|b| b.change != "same") {
            let _ = write!(out, "    {} {}: ", block.kind, block.change);
            match block.change {
                "added" => paint.inserted(block.after.as_deref().unwrap_or(""), out),
                "removed" => paint.deleted(block.before.as_deref().unwrap_or(""), out),
                _ => paint.words(&block.words, out),
            }
            out.push('\n');
        }
    }
    for asset in &diff.assets {
        let _ = writeln!(out, "  {} {}", printable_lines(&asset.path), asset.change);
    }
    out.push('\n');
}

fn note_line(note: &super::NoteChange, paint: &Paint, out: &mut String) {
    match (note.old, note.new) {
        (Some(old), Some(new)) if old != new => {
            let _ = write!(out, "  note {new} (was {old}) {}", note.change);
        }
        (_, Some(new)) => {
            let _ = write!(out, "  note {new} {}", note.change);
        }
        (Some(old), None) => {
            let _ = write!(out, "  old note {old} {}", note.change);
        }
        (None, None) => return,
    }
    if note.cause == Some("library") {
        let entries: Vec<String> = note
            .sources
            .iter()
            .map(|s| format!("{} ({})", s.key, s.fields.join(", ")))
            .collect();
        let entries = printable_lines(&entries.join("; ")).into_owned();
        let _ = write!(out, ", as the library entry {entries} changed");
    } else if note.cause == Some("context") {
        out.push_str(", as the notes before it changed");
    }
    out.push_str(": ");
    match note.change {
        "added" => paint.inserted(note.after.as_deref().unwrap_or(""), out),
        "removed" => paint.deleted(note.before.as_deref().unwrap_or(""), out),
        _ => paint.words(&note.words, out),
    }
    out.push('\n');
}

/// `3-40 -> 4-41, 52 -> 50`: runs that moved by the same amount as one.
pub fn ranges(moves: &[Renumbered]) -> String {
    let mut runs: Vec<(Renumbered, Renumbered)> = Vec::new();
    for &step in moves {
        match runs.last_mut() {
            Some((first, last))
                if step.old == last.old + 1 && step.new == last.new + 1 && first.old < step.old =>
            {
                *last = step;
            }
            _ => runs.push((step, step)),
        }
    }
    let texts: Vec<String> = runs
        .iter()
        .map(|(first, last)| {
            if first == last {
                format!("{} -> {}", first.old, first.new)
            } else {
                format!("{}-{} -> {}-{}", first.old, last.old, first.new, last.new)
            }
        })
        .collect();
    shorten(&texts, 8)
}

fn shorten(items: &[String], most: usize) -> String {
    if items.len() <= most {
        return items.join(", ");
    }
    format!(
        "{}, and {} more",
        items[..most].join(", "),
        items.len() - most
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The last line: what changed, counted.
fn summary(diffs: &[BriefingDiff]) -> String {
    let changed = diffs.iter().filter(|d| !d.is_same()).count();
    if changed == 0 {
        return format!(
            "No change in what the {} briefing{} print{}.",
            diffs.len(),
            plural(diffs.len()),
            if diffs.len() == 1 { "s" } else { "" }
        );
    }
    let count = |kind: &str| -> usize {
        diffs
            .iter()
            .flat_map(|d| d.changed_notes())
            .filter(|n| n.change == kind)
            .count()
    };
    let renumbered: usize = diffs.iter().map(|d| d.renumbered.len()).sum();
    let blocks: usize = diffs
        .iter()
        .flat_map(|d| d.changed_sections())
        .map(|s| s.blocks.iter().filter(|b| b.change != "same").count())
        .sum();
    let files: usize = diffs.iter().map(|d| d.assets.len()).sum();
    let mut parts = vec![format!(
        "{changed} of {} briefing{} changed",
        diffs.len(),
        plural(diffs.len())
    )];
    let notes = [
        (count("added"), "added"),
        (count("removed"), "removed"),
        (count("changed"), "changed"),
        (renumbered, "renumbered"),
    ];
    let said: Vec<String> = notes
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
    if !said.is_empty() {
        parts.push(format!("notes: {}", said.join(", ")));
    }
    if blocks > 0 {
        parts.push(format!("{blocks} block{} of text", plural(blocks)));
    }
    if files > 0 {
        parts.push(format!("{files} file{}", plural(files)));
    }
    parts.join("; ") + "."
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_of_notes_moved_by_one_reads_as_one_range() {
        let moves: Vec<Renumbered> = (3..=40)
            .map(|old| Renumbered { old, new: old + 1 })
            .chain([Renumbered { old: 52, new: 50 }])
            .collect();
        assert_eq!(ranges(&moves), "3-40 -> 4-41, 52 -> 50");
    }

    #[test]
    fn unchanged_words_far_from_a_change_are_left_out() {
        let long = "one two three four five six seven eight nine ten eleven twelve ";
        assert_eq!(
            context(long, false, true),
            "… five six seven eight nine ten eleven twelve "
        );
        assert_eq!(context("a few words ", true, true), "a few words ");
    }
}
