//! Footnote numbering and the footnote checks: undefined, duplicate,
//! empty, nested and unused notes, labels that disagree with their
//! numbers, and markers placed before punctuation.

use foldhash::{HashMap, HashMapExt};
use std::ops::Range;

use super::markers::place_marker;
use crate::diagnostics::{
    Code, Diagnostic, Diagnostics, FileId, SourceMap, Span, closest, suggestion,
};
use crate::locale::MarkerPosition;
use crate::markdown::{Collected, Definition, Reference};
use crate::model::visit::{VisitMut, walk_inline_mut};
use crate::model::{Block, Inline, Note, NoteRef};

pub struct Numbered {
    pub notes: Vec<Note>,
    /// Every definition's label and the span of its `[^label]:` marker.
    pub definition_sites: Vec<(String, Span)>,
    /// For each section, the range of notes first referenced in it (the
    /// summary's count as the first section's).
    pub section_notes: Vec<Range<usize>>,
    /// For each note: its definition's `[^label]:` marker, or `None` for a
    /// note made from a citation in the text.
    pub note_sites: Vec<Option<Span>>,
    /// Each marker, and the `[^label]` or citation that made it.
    pub marker_sites: Vec<(NoteRef, Span)>,
}

/// Numbers the notes by walking the summary and then the sections in
/// reading order: each reference becomes a marker with its note's number,
/// and a citation in the text becomes a note of its own, its marker placed
/// after any punctuation that follows it.
#[allow(clippy::too_many_arguments)]
pub fn number(
    briefing_id: &str,
    start: u32,
    marker_position: MarkerPosition,
    collected: &Collected,
    definitions: Vec<(FileId, Definition)>,
    summary: Option<(Span, &mut [Block])>,
    sections: &mut [(FileId, Vec<Block>)],
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) -> Numbered {
    // One namespace per briefing: the first definition of a label wins and
    // every later one is reported with both places. Definitions are kept
    // by index; `by_label` borrows their labels.
    let mut labels: Vec<String> = Vec::with_capacity(definitions.len());
    let mut spans: Vec<Span> = Vec::with_capacity(definitions.len());
    let mut bodies: Vec<Option<Vec<Block>>> = Vec::with_capacity(definitions.len());
    let mut definition_sites = Vec::with_capacity(definitions.len());
    for (_, definition) in definitions {
        definition_sites.push((definition.label.clone(), definition.span));
        labels.push(definition.label);
        spans.push(definition.span);
        bodies.push(Some(definition.blocks));
    }
    let mut by_label: HashMap<&str, usize> = HashMap::with_capacity(labels.len());
    // The labels that count, in definition order: the first of each; a
    // later one is reported with both places, and an empty one too.
    let mut order: Vec<usize> = Vec::with_capacity(labels.len());
    for (index, label) in labels.iter().enumerate() {
        if let Some(&first) = by_label.get(label.as_str()) {
            diagnostics.push(
                Diagnostic::new(
                    Code::DuplicateFootnote,
                    spans[index],
                    format!("footnote `[^{label}]` is defined twice"),
                )
                .with_label("second definition")
                .with_secondary(spans[first], "first defined here")
                .with_help("footnote labels are shared by every file of a briefing: rename or remove one of them"),
            );
            continue;
        }
        if bodies[index].as_ref().is_some_and(Vec::is_empty) {
            diagnostics.push(
                Diagnostic::new(
                    Code::EmptyFootnote,
                    spans[index],
                    format!("footnote `[^{label}]` is empty"),
                )
                .with_label("no text follows")
                .with_help("write the note's text after the colon, or remove the definition"),
            );
        }
        order.push(index);
        by_label.insert(label, index);
    }

    let mut numbering = Numbering {
        briefing_id,
        start,
        notes: Vec::with_capacity(order.len()),
        note_of: vec![None; labels.len()],
        by_label,
        bodies,
        labels: &labels,
        spans: &spans,
        order: &order,
        note_sites: Vec::with_capacity(order.len()),
        marker_sites: Vec::with_capacity(collected.references.len()),
        collected,
        sources,
        diagnostics,
        text_end: None,
        image_depth: 0,
        marker_position,
    };
    if let Some((at, blocks)) = summary {
        // The summary is read first; nothing after it belongs to it.
        numbering.text_end = Some(at);
        numbering.visit_blocks_mut(blocks);
        numbering.text_end = None;
    }
    let mut section_notes = Vec::with_capacity(sections.len());
    for (index, (_, blocks)) in sections.iter_mut().enumerate() {
        let first_note = if index == 0 { 0 } else { numbering.notes.len() };
        numbering.visit_blocks_mut(blocks);
        section_notes.push(first_note..numbering.notes.len());
    }
    let Numbering {
        notes,
        note_of,
        collected,
        diagnostics,
        note_sites,
        marker_sites,
        ..
    } = numbering;
    report_nested(collected, diagnostics);
    report_unused(&order, &note_of, &labels, &spans, diagnostics);
    Numbered {
        notes,
        definition_sites,
        section_notes,
        note_sites,
        marker_sites,
    }
}

/// A reference written inside a note.
fn report_nested(collected: &Collected, diagnostics: &mut Diagnostics) {
    for reference in collected.references.iter().filter(|r| r.in_definition) {
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
}

/// A definition no text refers to.
fn report_unused(
    order: &[usize],
    note_of: &[Option<usize>],
    labels: &[String],
    spans: &[Span],
    diagnostics: &mut Diagnostics,
) {
    for &index in order {
        if note_of[index].is_none() {
            let label = &labels[index];
            diagnostics.push(
                Diagnostic::new(
                    Code::UnusedFootnote,
                    spans[index],
                    format!("footnote `[^{label}]` is never referenced and is left out"),
                )
                .with_label("defined here")
                .with_help(format!(
                    "reference it with [^{label}] in a section, or delete it"
                )),
            );
        }
    }
}

/// The state of the numbering walk. Definitions are known by their index
/// in `labels`.
struct Numbering<'a> {
    briefing_id: &'a str,
    start: u32,
    notes: Vec<Note>,
    /// For each definition, the note it became once referenced.
    note_of: Vec<Option<usize>>,
    by_label: HashMap<&'a str, usize>,
    /// Each definition's blocks, until its note takes them.
    bodies: Vec<Option<Vec<Block>>>,
    labels: &'a [String],
    /// Each definition's `[^label]:` marker.
    spans: &'a [Span],
    /// The definitions that count, in order (for "did you mean").
    order: &'a [usize],
    note_sites: Vec<Option<Span>>,
    marker_sites: Vec<(NoteRef, Span)>,
    collected: &'a Collected,
    sources: &'a SourceMap,
    diagnostics: &'a mut Diagnostics,
    /// While in a text that is part of a larger file (the summary in
    /// `briefing.toml`): where it ends.
    text_end: Option<Span>,
    /// Open images: a reference or citation in one is not numbered, since
    /// no marker can be shown there.
    image_depth: usize,
    /// The language's side of punctuation for a marker.
    marker_position: MarkerPosition,
}

impl VisitMut for Numbering<'_> {
    fn visit_inlines_mut(&mut self, inlines: &mut Vec<Inline>) {
        let mut i = 0;
        while i < inlines.len() {
            match inlines[i] {
                Inline::Reference(_) | Inline::Cite(_) if self.image_depth > 0 => {
                    inlines.remove(i);
                    continue;
                }
                Inline::Reference(index) => match self.reference(index) {
                    Some(marker) => inlines[i] = Inline::NoteRef(marker),
                    None => {
                        inlines.remove(i);
                        continue;
                    }
                },
                Inline::Cite(citation) => {
                    inlines[i] = Inline::NoteRef(self.automatic_note(citation));
                    i = place_marker(inlines, i);
                }
                Inline::Image(_) => {
                    self.image_depth += 1;
                    walk_inline_mut(self, &mut inlines[i]);
                    self.image_depth -= 1;
                }
                _ => walk_inline_mut(self, &mut inlines[i]),
            }
            i += 1;
        }
    }
}

impl Numbering<'_> {
    fn new_note(&mut self, label: String, blocks: Vec<Block>) -> usize {
        let number = self.start + self.notes.len() as u32;
        self.notes.push(Note {
            number,
            label,
            blocks,
            ref_count: 0,
        });
        self.notes.len() - 1
    }

    /// One more marker pointing to `note`.
    fn point(&mut self, note: usize) -> NoteRef {
        let note = &mut self.notes[note];
        note.ref_count += 1;
        NoteRef {
            number: note.number,
            nth: note.ref_count,
        }
    }

    /// The marker for reference `index`; `None` when its label is not
    /// defined (reported).
    fn reference(&mut self, index: usize) -> Option<NoteRef> {
        let reference = &self.collected.references[index];
        let Some(&definition) = self.by_label.get(reference.label.as_str()) else {
            let defined: Vec<&str> = self
                .order
                .iter()
                .map(|&i| self.labels[i].as_str())
                .collect();
            let referenced: std::collections::HashSet<&str> = self
                .collected
                .references
                .iter()
                .map(|r| r.label.as_str())
                .collect();
            let unused: Vec<&str> = defined
                .iter()
                .copied()
                .filter(|label| !referenced.contains(label))
                .collect();
            report_undefined(
                self.briefing_id,
                reference,
                (&defined, &unused),
                self.diagnostics,
            );
            return None;
        };
        let note = match self.note_of[definition] {
            Some(note) => note,
            None => {
                let blocks = self.bodies[definition].take().unwrap_or_default();
                let label = self.labels[definition].clone();
                let note = self.new_note(label, blocks);
                self.note_sites.push(Some(self.spans[definition]));
                let reference = &self.collected.references[index];
                check_label_number(reference, self.notes[note].number, self.diagnostics);
                self.note_of[definition] = Some(note);
                note
            }
        };
        let marker = self.point(note);
        let reference = &self.collected.references[index];
        self.marker_sites.push((marker, reference.span));
        check_marker_position(
            reference,
            self.marker_position,
            self.text_end,
            self.sources,
            self.diagnostics,
        );
        Some(marker)
    }

    /// A citation in the text becomes a note of its own, holding the
    /// citation and a full stop.
    fn automatic_note(&mut self, citation: usize) -> NoteRef {
        let blocks = vec![Block::Paragraph(vec![
            Inline::Cite(citation),
            Inline::Text(".".to_string()),
        ])];
        let note = self.new_note(String::new(), blocks);
        self.note_sites.push(None);
        let marker = self.point(note);
        let site = self.collected.citations[citation].span;
        self.marker_sites.push((marker, site));
        marker
    }
}

/// Reports an undefined label, with the label meant when one is likely:
/// for a number, the nearest number among the definitions nothing refers
/// to (`[^35]` written, `[^34]` defined and unused); else the most alike
/// label defined.
fn report_undefined(
    briefing_id: &str,
    reference: &Reference,
    (defined, unused): (&[&str], &[&str]),
    diagnostics: &mut Diagnostics,
) {
    let label = &reference.label;
    let nearest_number = label.parse::<u64>().ok().and_then(|number| {
        unused
            .iter()
            .filter_map(|l| Some((l.parse::<u64>().ok()?.abs_diff(number), *l)))
            .min()
            .map(|(_, l)| l)
    });
    let help = match nearest_number.or_else(|| closest(label, defined.iter().copied())) {
        Some(hint) => format!("did you mean [^{}]?", suggestion(hint, label)),
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

/// House style puts the marker after punctuation: `civilians.[^31]`; in
/// French and Spanish it goes before: `civils[^31].`. `text_end` is where
/// the text the reference is in ends, when that is not the end of its
/// file.
fn check_marker_position(
    reference: &Reference,
    position: MarkerPosition,
    text_end: Option<Span>,
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) {
    let mut text = sources.text(reference.span.file);
    if let Some(end) = text_end
        && end.file == reference.span.file
    {
        text = &text[..end.end];
    }
    let label = &reference.label;
    match position {
        MarkerPosition::After => {
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
                    .with_help(format!("write `{c}[^{label}]`: markers follow punctuation")),
                );
            }
        }
        MarkerPosition::Before => {
            let previous = text[..reference.span.start].chars().next_back();
            if let Some(c) = previous
                && matches!(c, '.' | ',' | ';' | ':' | '?' | '!')
            {
                diagnostics.push(
                    Diagnostic::new(
                        Code::MarkerBeforePunctuation,
                        reference.span,
                        format!("footnote marker stands after `{c}`"),
                    )
                    .with_label(format!("move this before the `{c}`"))
                    .with_help(format!(
                        "write `[^{label}]{c}`: in this briefing's language a marker comes \
                         before punctuation"
                    )),
                );
            }
        }
    }
}
