//! Footnote numbering and the footnote checks: undefined, duplicate,
//! empty, nested and unused notes, labels that disagree with their
//! numbers, and markers placed before punctuation.

use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, FileId, SourceMap, Span, closest};
use crate::markdown::{Block, Definition, Reference};

/// A footnote as printed.
#[derive(Debug)]
pub struct Note {
    pub number: u32,
    pub label: String,
    pub blocks: Vec<Block>,
    /// How many references point here; one back-link each.
    pub ref_count: u32,
}

/// Where one reference points: the note's number and which reference to
/// it this is (1 for the first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefTarget {
    pub number: u32,
    pub nth: u32,
}

pub struct Numbered {
    pub notes: Vec<Note>,
    /// Every definition's label and the span of its `[^label]:` marker.
    pub definition_sites: Vec<(String, Span)>,
    pub refs: Vec<Option<RefTarget>>,
    /// For each section, the range of notes first referenced in it.
    pub section_notes: Vec<Range<usize>>,
}

pub fn number(
    briefing_id: &str,
    start: u32,
    references: &[Reference],
    definitions: Vec<(FileId, Definition)>,
    section_refs: &[Range<usize>],
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) -> Numbered {
    // One namespace per briefing: the first definition of a label wins and
    // every later one is reported with both places.
    let mut by_label: HashMap<String, (Span, Option<Vec<Block>>)> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut definition_sites = Vec::new();
    for (_, definition) in definitions {
        definition_sites.push((definition.label.clone(), definition.span));
        if let Some((first, _)) = by_label.get(&definition.label) {
            diagnostics.push(
                Diagnostic::new(
                    Code::DuplicateFootnote,
                    definition.span,
                    format!("footnote `[^{}]` is defined twice", definition.label),
                )
                .with_label("second definition")
                .with_secondary(*first, "first defined here")
                .with_help("footnote labels are shared by every file of a briefing: rename or remove one of them"),
            );
            continue;
        }
        if definition.blocks.is_empty() {
            diagnostics.push(
                Diagnostic::new(
                    Code::EmptyFootnote,
                    definition.span,
                    format!("footnote `[^{}]` is empty", definition.label),
                )
                .with_label("no text follows")
                .with_help("write the note's text after the colon, or remove the definition"),
            );
        }
        order.push(definition.label.clone());
        by_label.insert(definition.label, (definition.span, Some(definition.blocks)));
    }

    let mut notes: Vec<Note> = Vec::new();
    let mut note_of: HashMap<&str, usize> = HashMap::new();
    let mut refs = vec![None; references.len()];
    let mut section_notes = Vec::new();
    let defined: Vec<&str> = order.iter().map(String::as_str).collect();

    for range in section_refs {
        let first_note = notes.len();
        for index in range.clone() {
            let reference = &references[index];
            if reference.in_definition {
                continue;
            }
            let label = reference.label.as_str();
            let note_index = match note_of.get(label) {
                Some(&i) => i,
                None => {
                    let Some((_, blocks)) = by_label.get_mut(label) else {
                        report_undefined(briefing_id, reference, &defined, diagnostics);
                        continue;
                    };
                    let number = start + notes.len() as u32;
                    check_label_number(reference, number, diagnostics);
                    notes.push(Note {
                        number,
                        label: label.to_string(),
                        blocks: blocks.take().unwrap_or_default(),
                        ref_count: 0,
                    });
                    note_of.insert(label, notes.len() - 1);
                    notes.len() - 1
                }
            };
            let note = &mut notes[note_index];
            note.ref_count += 1;
            refs[index] = Some(RefTarget {
                number: note.number,
                nth: note.ref_count,
            });
            check_marker_position(reference, sources, diagnostics);
        }
        section_notes.push(first_note..notes.len());
    }

    for reference in references.iter().filter(|r| r.in_definition) {
        diagnostics.push(
            Diagnostic::new(
                Code::NestedFootnote,
                reference.span,
                format!(
                    "footnote reference `[^{}]` inside a footnote",
                    reference.label
                ),
            )
            .with_label("notes cannot have notes")
            .with_help("put the reference in the body text, or write its text into this note"),
        );
    }

    for label in &order {
        if !note_of.contains_key(label.as_str()) {
            let (span, _) = &by_label[label];
            diagnostics.push(
                Diagnostic::new(
                    Code::UnusedFootnote,
                    *span,
                    format!("footnote `[^{label}]` is never referenced and is left out"),
                )
                .with_label("defined here")
                .with_help(format!(
                    "reference it with [^{label}] in a section, or delete it"
                )),
            );
        }
    }

    Numbered {
        notes,
        definition_sites,
        refs,
        section_notes,
    }
}

fn report_undefined(
    briefing_id: &str,
    reference: &Reference,
    defined: &[&str],
    diagnostics: &mut Diagnostics,
) {
    let label = &reference.label;
    let help = match closest(label, defined.iter().copied()) {
        Some(hint) => format!("did you mean [^{hint}]?"),
        None => format!("define it in footnotes/{briefing_id}.md: [^{label}]: The note's text."),
    };
    diagnostics.push(
        Diagnostic::new(
            Code::UndefinedFootnote,
            reference.span,
            format!("footnote `[^{label}]` is not defined"),
        )
        .with_label("no definition for this label")
        .with_help(help),
    );
}

/// A numeric label that differs from the note's number confuses anyone
/// reading the sources beside the output.
fn check_label_number(reference: &Reference, number: u32, diagnostics: &mut Diagnostics) {
    let label = &reference.label;
    if label.bytes().all(|b| b.is_ascii_digit())
        && label.parse::<u64>().ok() != Some(u64::from(number))
    {
        diagnostics.push(
            Diagnostic::new(
                Code::FootnoteNumberMismatch,
                reference.span,
                format!("footnote `[^{label}]` is printed as number {number}"),
            )
            .with_label(format!("becomes note {number}"))
            .with_help(format!(
                "run `briefc renumber` to relabel it [^{number}] everywhere, or give it a name such as [^ivanovo-hearing]"
            )),
        );
    }
}

/// House style puts the marker after punctuation: `civilians.[^31]`.
fn check_marker_position(
    reference: &Reference,
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) {
    let text = sources.text(reference.span.file);
    let next = text[reference.span.end..].chars().next();
    if let Some(c) = next
        && matches!(
            c,
            '.' | ',' | ';' | ':' | '?' | '!' | '"' | '\'' | '”' | '’'
        )
    {
        diagnostics.push(
            Diagnostic::new(
                Code::MarkerBeforePunctuation,
                reference.span,
                format!("footnote marker stands before `{c}`"),
            )
            .with_label(format!("move this after the `{c}`"))
            .with_help(format!(
                "write `{c}[^{}]`: markers follow punctuation",
                reference.label
            )),
        );
    }
}

/// Footnote files hold definitions only; anything else would vanish from
/// the output, so say so.
pub fn report_stray_blocks(
    blocks: &[Block],
    file: FileId,
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) {
    if blocks.is_empty() {
        return;
    }
    let text = sources.text(file);
    // Point at the first line that is neither blank nor a definition line.
    let offset = first_stray_line(text);
    diagnostics.push(
        Diagnostic::new(
            Code::StrayText,
            Span::new(file, offset..offset),
            "text outside a footnote definition is left out",
        )
        .with_help("start each note with [^label]: and indent its further lines by four spaces"),
    );
}

fn first_stray_line(text: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty()
            && !line.starts_with("[^")
            && !line.starts_with("    ")
            && !line.starts_with('\t')
        {
            return offset;
        }
        offset += line.len();
    }
    0
}
