//! Translations kept in step with their originals. A briefing that says
//! `translation-of = "ID"` is compared with briefing ID as `check` runs:
//! its notes, paired in their order (a diff of the two sequences by the
//! sources each note cites, so that one note missing is one warning, not
//! a shifted pairing of every note after it), what each pair cites, the
//! number of sections, and the images. A translator's own note, labelled
//! `[^tn-...]`, has no counterpart and is left out of the pairing.
//!
//! Each briefing involved is reduced to an [`Outline`] as it is resolved,
//! so `check`, which frees each document once resolved, keeps only these.

use std::collections::{HashMap, HashSet};

use similar::{Algorithm, DiffTag, capture_diff_slices};

use crate::diagnostics::{Code, Diagnostic, Diagnostics, FileId, Span};
use crate::model::AssetUse;
use crate::project::{BriefingFiles, Metadata, Project};
use crate::resolve::Briefing;

/// The label prefix of a translator's note.
pub const TRANSLATORS_NOTE: &str = "tn-";

/// What a translation is compared by.
pub struct Outline {
    id: String,
    metadata_file: FileId,
    /// The notes that are not translator's notes, in order.
    notes: Vec<NoteOutline>,
    sections: usize,
    sections_span: Option<Span>,
    /// Every image, by the path it is published at, with its first use.
    images: Vec<(String, Span)>,
}

struct NoteOutline {
    number: u32,
    /// The keys it cites, in order, joined: what pairs notes.
    keys: String,
    site: Span,
}

/// The ids of the briefings that have a translation or are one: only
/// these are outlined.
pub fn involved(project: &Project) -> HashSet<String> {
    let mut ids = HashSet::new();
    for briefing in &project.briefings {
        if let Some((original, _)) = briefing
            .metadata
            .as_ref()
            .and_then(|m| m.translation_of.as_ref())
        {
            ids.insert(briefing.id.clone());
            ids.insert(original.clone());
        }
    }
    ids
}

pub fn outline(briefing: &Briefing, meta: &Metadata) -> Outline {
    let mut first_marker: HashMap<u32, Span> = HashMap::new();
    for (marker, span) in &briefing.sites.markers {
        first_marker.entry(marker.number).or_insert(*span);
    }
    let mut keys: HashMap<u32, Vec<&str>> = HashMap::new();
    for cited in &briefing.cited {
        keys.entry(cited.note).or_default().push(&cited.key);
    }
    let notes = briefing
        .doc
        .notes
        .iter()
        .enumerate()
        .filter(|(_, note)| !note.label.starts_with(TRANSLATORS_NOTE))
        .map(|(index, note)| NoteOutline {
            number: note.number,
            keys: keys
                .get(&note.number)
                .map(|k| k.join(", "))
                .unwrap_or_default(),
            site: first_marker
                .get(&note.number)
                .copied()
                .or_else(|| briefing.sites.notes.get(index).copied().flatten())
                .unwrap_or_else(|| Span::file_start(briefing.metadata_file)),
        })
        .collect();
    let mut images = Vec::new();
    let mut seen = HashSet::new();
    for &(index, span) in &briefing.asset_sites {
        let asset = &briefing.doc.assets[index];
        if asset.used_as == AssetUse::Image && seen.insert(index) {
            images.push((asset.path.clone(), span));
        }
    }
    Outline {
        id: briefing.id().to_string(),
        metadata_file: briefing.metadata_file,
        notes,
        sections: briefing.doc.sections.len(),
        sections_span: meta.sections.first().map(|(_, span)| *span),
        images,
    }
}

/// Checks every `translation-of` of the briefings analysed, and compares
/// each translation whose original was analysed too.
pub fn check(project: &Project, included: &[&BriefingFiles], outlines: &[Outline]) -> Diagnostics {
    let mut found = Diagnostics::new();
    let by_id: HashMap<&str, &BriefingFiles> = project
        .briefings
        .iter()
        .map(|b| (b.id.as_str(), b))
        .collect();
    let outlined: HashMap<&str, &Outline> = outlines.iter().map(|o| (o.id.as_str(), o)).collect();
    for files in included {
        let Some(meta) = &files.metadata else {
            continue;
        };
        let Some((original, span)) = &meta.translation_of else {
            continue;
        };
        if valid_original(files, meta, original, *span, &by_id, &mut found).is_none() {
            continue;
        }
        if let (Some(translation), Some(original)) = (
            outlined.get(files.id.as_str()),
            outlined.get(original.as_str()),
        ) {
            compare(original, translation, &mut found);
        }
    }
    found
}

/// The original's metadata when `translation-of` names a briefing that
/// can be translated; else reports why not.
fn valid_original<'a>(
    files: &BriefingFiles,
    meta: &Metadata,
    original: &str,
    span: Span,
    by_id: &HashMap<&str, &'a BriefingFiles>,
    found: &mut Diagnostics,
) -> Option<&'a Metadata> {
    let invalid = |message: String, help: String| {
        Diagnostic::new(Code::InvalidMetadata, span, message).with_help(help)
    };
    if original == files.id {
        found.push(invalid(
            "a briefing cannot be a translation of itself".to_string(),
            "name the briefing this one translates, or remove `translation-of`".to_string(),
        ));
        return None;
    }
    let Some(other) = by_id.get(original) else {
        let ids: Vec<&str> = by_id.keys().copied().filter(|id| *id != files.id).collect();
        let help = match crate::diagnostics::closest(original, ids.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "name the directory under briefings/ of the original".to_string(),
        };
        found.push(invalid(
            format!("`translation-of` names `{original}`, which is not a briefing of this project"),
            help,
        ));
        return None;
    };
    let other_meta = other.metadata.as_ref()?;
    if let Some((further, _)) = &other_meta.translation_of {
        found.push(invalid(
            format!("`{original}` is itself a translation, of `{further}`"),
            format!("name the original: translation-of = \"{further}\""),
        ));
        return None;
    }
    if crate::locale::primary_subtag(&other_meta.language)
        == crate::locale::primary_subtag(&meta.language)
    {
        found.push(invalid(
            format!(
                "`{original}` is in the same language ({}) as this briefing",
                meta.language
            ),
            "set `language` to the language of the translation".to_string(),
        ));
        return None;
    }
    Some(other_meta)
}

fn drift(span: Span, message: String) -> Diagnostic {
    Diagnostic::new(Code::TranslationDrift, span, message)
}

fn compare(original: &Outline, translation: &Outline, found: &mut Diagnostics) {
    notes(original, translation, found);
    if original.sections != translation.sections {
        let span = translation
            .sections_span
            .unwrap_or_else(|| Span::file_start(translation.metadata_file));
        let mut d = drift(
            span,
            format!(
                "this translation has {} section{}; its original `{}` has {}",
                translation.sections,
                if translation.sections == 1 { "" } else { "s" },
                original.id,
                original.sections
            ),
        )
        .with_help("translate the sections the original has, one file for each");
        if let Some(at) = original.sections_span {
            d = d.with_secondary(at, "the original's sections");
        }
        found.push(d);
    }
    images(original, translation, found);
}

fn notes(original: &Outline, translation: &Outline, found: &mut Diagnostics) {
    let old: Vec<&str> = original.notes.iter().map(|n| n.keys.as_str()).collect();
    let new: Vec<&str> = translation.notes.iter().map(|n| n.keys.as_str()).collect();
    for op in capture_diff_slices(Algorithm::Myers, &old, &new) {
        let (tag, olds, news) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        let paired = olds.len().min(news.len());
        for (o, n) in olds.clone().zip(news.clone()).take(paired) {
            let (was, is) = (&original.notes[o], &translation.notes[n]);
            found.push(
                drift(
                    is.site,
                    format!(
                        "note {} cites {}; its counterpart in `{}`, note {}, cites {}",
                        is.number,
                        keys_or_nothing(&is.keys),
                        original.id,
                        was.number,
                        keys_or_nothing(&was.keys)
                    ),
                )
                .with_secondary(was.site, "the original's note")
                .with_help("cite the same sources, in the same order, as the original"),
            );
        }
        for o in olds.skip(paired) {
            let was = &original.notes[o];
            let here = translation
                .notes
                .get(news.end)
                .map(|n| n.site)
                .unwrap_or_else(|| Span::file_start(translation.metadata_file));
            found.push(
                drift(
                    here,
                    format!(
                        "the original `{}` has a note here that this translation has not: its note {}{}",
                        original.id,
                        was.number,
                        cites(&was.keys)
                    ),
                )
                .with_secondary(was.site, "the original's note")
                .with_help("translate the note"),
            );
        }
        for n in news.skip(paired) {
            let is = &translation.notes[n];
            found.push(
                drift(
                    is.site,
                    format!(
                        "note {}{} has no counterpart in the original `{}`",
                        is.number,
                        cites(&is.keys),
                        original.id
                    ),
                )
                .with_help(format!(
                    "add it to the original too, or label it `[^{TRANSLATORS_NOTE}...]` if it is a translator's note"
                )),
            );
        }
    }
}

fn keys_or_nothing(keys: &str) -> String {
    if keys.is_empty() {
        "no source".to_string()
    } else {
        keys.to_string()
    }
}

fn cites(keys: &str) -> String {
    if keys.is_empty() {
        String::new()
    } else {
        format!(" (citing {keys})")
    }
}

/// Images are the same image when published at the same path; those left
/// are paired in their order (a translated map under its own name); the
/// rest one has and the other has not.
fn images(original: &Outline, translation: &Outline, found: &mut Diagnostics) {
    let in_original: HashSet<&str> = original.images.iter().map(|(p, _)| p.as_str()).collect();
    let in_translation: HashSet<&str> =
        translation.images.iter().map(|(p, _)| p.as_str()).collect();
    let only_original: Vec<&(String, Span)> = original
        .images
        .iter()
        .filter(|(p, _)| !in_translation.contains(p.as_str()))
        .collect();
    let only_translation: Vec<&(String, Span)> = translation
        .images
        .iter()
        .filter(|(p, _)| !in_original.contains(p.as_str()))
        .collect();
    let paired = only_original.len().min(only_translation.len());
    for (path, span) in only_translation.iter().skip(paired) {
        found.push(
            drift(
                *span,
                format!(
                    "the image {path} has no counterpart in the original `{}`",
                    original.id
                ),
            )
            .with_help("add it to the original too, or remove it"),
        );
    }
    for (path, span) in only_original.iter().skip(paired) {
        let here = translation
            .sections_span
            .unwrap_or_else(|| Span::file_start(translation.metadata_file));
        found.push(
            drift(
                here,
                format!(
                    "the original `{}` shows the image {path}, which this translation does not",
                    original.id
                ),
            )
            .with_secondary(*span, "the original's image")
            .with_help("show the image (or a translated one) in the translation too"),
        );
    }
}
