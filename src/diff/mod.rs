//! `briefc diff`: what changed between two versions of the briefings, as
//! printed. Both versions are analysed the same way (the old one read
//! from git's objects or another folder through the same door to the
//! files), and their resolved documents compared: the title block; each
//! note as printed, paired across the versions (`notes`), so that a note
//! inserted near the start shows as one note added and the rest
//! renumbered, not as a hundred changed; a note whose printed text changed
//! only because a library entry did names the entry; each section's
//! blocks word by word, with every marker written as its note's number
//! now; images and attachments by their content.

mod assets;
mod notes;
mod printed;
pub mod redline;
mod report;
mod sections;
pub mod words;

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::analysis::Analysis;
use crate::resolve::Briefing;
use notes::NoteText;
pub use report::human;
use words::Piece;

/// What changed in one briefing.
#[derive(Debug, Serialize)]
pub struct BriefingDiff {
    pub id: String,
    /// `changed`, `same`, `added` or `removed`.
    pub change: &'static str,
    pub title: Vec<FieldChange>,
    /// Notes that kept their words but not their number.
    pub renumbered: Vec<Renumbered>,
    /// Old note numbers that now name another note: whatever quotes
    /// "note 31" of the old edition now points elsewhere.
    pub repointed: Vec<u32>,
    /// Every note of either version, in the new order (a removed one
    /// where it stood); those that print the same are left out of the
    /// JSON, and shown on the redline.
    #[serde(serialize_with = "changed_notes")]
    pub notes: Vec<NoteChange>,
    /// Every section, each with all its blocks; likewise.
    #[serde(serialize_with = "changed_sections")]
    pub sections: Vec<SectionChange>,
    pub assets: Vec<AssetChange>,
}

#[derive(Debug, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Renumbered {
    pub old: u32,
    pub new: u32,
}

#[derive(Debug, Serialize)]
pub struct NoteChange {
    pub old: Option<u32>,
    pub new: Option<u32>,
    /// `added`, `removed`, `changed` (or `same`, never in the JSON).
    pub change: &'static str,
    pub before: Option<String>,
    pub after: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<Piece>,
    /// Why a changed note prints differently: `text` (its words were
    /// edited), `library` (only what its sources' entries give changed)
    /// or `context` (only a short form or "Ibid.", from the notes before).
    pub cause: Option<&'static str>,
    /// The library entries it cites that changed, and their fields.
    pub sources: Vec<SourceChange>,
}

#[derive(Debug, Serialize)]
pub struct SourceChange {
    pub key: String,
    pub fields: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SectionChange {
    /// The section's file as `briefing.toml` lists it; `summary` for the
    /// summary.
    pub file: String,
    /// `added`, `removed` or `changed` (or `same`, never in the JSON).
    pub change: &'static str,
    #[serde(serialize_with = "changed_blocks")]
    pub blocks: Vec<BlockChange>,
}

#[derive(Debug, Serialize)]
pub struct BlockChange {
    /// `heading1` to `heading3`, `paragraph`, `quote`, `list`, `code`,
    /// `table`, `rule` or `html`.
    pub kind: &'static str,
    /// `added`, `removed`, `changed` (or `same`, never in the JSON).
    pub change: &'static str,
    pub before: Option<String>,
    pub after: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<Piece>,
}

#[derive(Debug, Serialize)]
pub struct AssetChange {
    pub path: String,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
}

impl BriefingDiff {
    pub fn is_same(&self) -> bool {
        self.change == "same"
    }

    /// The notes that print differently.
    pub fn changed_notes(&self) -> impl Iterator<Item = &NoteChange> {
        self.notes.iter().filter(|n| n.change != "same")
    }

    /// The sections with a block that changed, or that came or went.
    pub fn changed_sections(&self) -> impl Iterator<Item = &SectionChange> {
        self.sections.iter().filter(|s| s.change != "same")
    }
}

fn changed_notes<S: serde::Serializer>(notes: &[NoteChange], to: S) -> Result<S::Ok, S::Error> {
    to.collect_seq(notes.iter().filter(|n| n.change != "same"))
}

fn changed_sections<S: serde::Serializer>(
    sections: &[SectionChange],
    to: S,
) -> Result<S::Ok, S::Error> {
    to.collect_seq(sections.iter().filter(|s| s.change != "same"))
}

fn changed_blocks<S: serde::Serializer>(blocks: &[BlockChange], to: S) -> Result<S::Ok, S::Error> {
    to.collect_seq(blocks.iter().filter(|b| b.change != "same"))
}

/// Every briefing of either version, compared: the new version's in its
/// order, then those only the old one has.
pub fn diff(old: &Analysis, new: &Analysis) -> Vec<BriefingDiff> {
    let olds: HashMap<&str, &Briefing> = old.briefings.iter().map(|b| (b.id(), &**b)).collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for briefing in &new.briefings {
        seen.insert(briefing.id());
        out.push(match olds.get(briefing.id()) {
            Some(before) => compare(before, old, briefing, new),
            None => whole(briefing.id(), "added"),
        });
    }
    for briefing in &old.briefings {
        if !seen.contains(briefing.id()) {
            out.push(whole(briefing.id(), "removed"));
        }
    }
    out
}

fn whole(id: &str, change: &'static str) -> BriefingDiff {
    BriefingDiff {
        id: id.to_string(),
        change,
        title: Vec::new(),
        renumbered: Vec::new(),
        repointed: Vec::new(),
        notes: Vec::new(),
        sections: Vec::new(),
        assets: Vec::new(),
    }
}

fn compare(before: &Briefing, old: &Analysis, after: &Briefing, new: &Analysis) -> BriefingDiff {
    let mut diff = whole(after.id(), "same");
    diff.title = title(before, after);
    let marker = |n: u32| format!("[{n}]");
    let old_notes = note_texts(before, &marker);
    let new_notes = note_texts(after, &marker);
    let pairs = notes::pair(&old_notes, &new_notes);
    // The number each old note has now, for writing the old version's
    // markers: a renumbering is no change of text.
    let now: HashMap<u32, u32> = pairs
        .iter()
        .map(|&(o, n)| (old_notes[o].number, new_notes[n].number))
        .collect();
    diff.renumbered = pairs
        .iter()
        .filter(|&&(o, n)| old_notes[o].number != new_notes[n].number)
        .map(|&(o, n)| Renumbered {
            old: old_notes[o].number,
            new: new_notes[n].number,
        })
        .collect();
    let new_by_number: HashMap<u32, usize> = new_notes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.number, i))
        .collect();
    let pair_of_old: HashMap<usize, usize> = pairs.iter().copied().collect();
    diff.repointed = old_notes
        .iter()
        .enumerate()
        .filter(|(i, note)| {
            new_by_number
                .get(&note.number)
                .is_some_and(|j| pair_of_old.get(i) != Some(j))
        })
        .map(|(_, note)| note.number)
        .collect();
    diff.notes = note_changes((before, old, &old_notes), (after, new, &new_notes), &pairs);
    let old_marker = |n: u32| format!("[{}]", now.get(&n).copied().unwrap_or(n));
    diff.sections = sections::compare(before, after, &old_marker, &marker);
    diff.assets = assets::compare(before, old, after, new);
    let changed = !diff.title.is_empty()
        || !diff.renumbered.is_empty()
        || diff.changed_notes().next().is_some()
        || diff.changed_sections().next().is_some()
        || !diff.assets.is_empty();
    if changed {
        diff.change = "changed";
    }
    diff
}

fn title(before: &Briefing, after: &Briefing) -> Vec<FieldChange> {
    let fields = |b: &Briefing| {
        let meta = &b.doc.meta;
        [
            ("title", meta.title.clone()),
            ("subtitle", meta.subtitle.clone().unwrap_or_default()),
            ("series", meta.series.clone().unwrap_or_default()),
            ("publisher", meta.publisher.clone().unwrap_or_default()),
            ("authors", meta.authors.join("; ")),
            ("date", meta.date.text.clone()),
            ("status", meta.status.name().to_string()),
        ]
    };
    fields(before)
        .into_iter()
        .zip(fields(after))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, before), (_, after))| FieldChange {
            field,
            before,
            after,
        })
        .collect()
}

fn note_texts(briefing: &Briefing, marker: printed::Marker<'_>) -> Vec<NoteText> {
    briefing
        .doc
        .notes
        .iter()
        .map(|note| NoteText {
            number: note.number,
            label: note.label.clone(),
            printed: printed::blocks(&note.blocks, marker),
        })
        .collect()
}

type Side<'a> = (&'a Briefing, &'a Analysis, &'a [NoteText]);

fn note_changes(
    (before, old, old_notes): Side<'_>,
    (after, new, new_notes): Side<'_>,
    pairs: &[(usize, usize)],
) -> Vec<NoteChange> {
    let mut changes = Vec::new();
    let paired_new: BTreeSet<usize> = pairs.iter().map(|&(_, n)| n).collect();
    let paired_old: BTreeSet<usize> = pairs.iter().map(|&(o, _)| o).collect();
    for (index, note) in new_notes.iter().enumerate() {
        if !paired_new.contains(&index) {
            changes.push(NoteChange {
                old: None,
                new: Some(note.number),
                change: "added",
                before: None,
                after: Some(note.printed.clone()),
                words: Vec::new(),
                cause: None,
                sources: Vec::new(),
            });
        }
    }
    for &(o, n) in pairs {
        let (was, is) = (&old_notes[o], &new_notes[n]);
        if was.printed == is.printed {
            changes.push(NoteChange {
                old: Some(was.number),
                new: Some(is.number),
                change: "same",
                before: None,
                after: Some(is.printed.clone()),
                words: Vec::new(),
                cause: None,
                sources: Vec::new(),
            });
            continue;
        }
        let written_before = printed::as_written(&before.doc.notes[o].blocks, &old.project.sources);
        let written_after = printed::as_written(&after.doc.notes[n].blocks, &new.project.sources);
        let sources = changed_sources(after, is.number, old, new);
        let cause = if written_before != written_after {
            "text"
        } else if !sources.is_empty() {
            "library"
        } else {
            "context"
        };
        changes.push(NoteChange {
            old: Some(was.number),
            new: Some(is.number),
            change: "changed",
            before: Some(was.printed.clone()),
            after: Some(is.printed.clone()),
            words: words::diff(&was.printed, &is.printed),
            cause: Some(cause),
            sources,
        });
    }
    for (index, note) in old_notes.iter().enumerate() {
        if !paired_old.contains(&index) {
            changes.push(NoteChange {
                old: Some(note.number),
                new: None,
                change: "removed",
                before: Some(note.printed.clone()),
                after: None,
                words: Vec::new(),
                cause: None,
                sources: Vec::new(),
            });
        }
    }
    changes.sort_by_key(|c| (c.new.or(c.old), c.new.is_none()));
    changes
}

/// The library entries note `number` of `briefing` cites whose fields
/// differ between the versions.
fn changed_sources(
    briefing: &Briefing,
    number: u32,
    old: &Analysis,
    new: &Analysis,
) -> Vec<SourceChange> {
    let mut keys: Vec<&str> = Vec::new();
    for cited in briefing.cited.iter().filter(|c| c.note == number) {
        if !keys.contains(&cited.key.as_str()) {
            keys.push(&cited.key);
        }
    }
    keys.into_iter()
        .filter_map(|key| {
            let fields = match (old.library.get(key), new.library.get(key)) {
                (Some(a), Some(b)) => a.changed_fields(b),
                (None, Some(_)) => vec!["(added to the library)".to_string()],
                _ => Vec::new(),
            };
            (!fields.is_empty()).then(|| SourceChange {
                key: key.to_string(),
                fields,
            })
        })
        .collect()
}
