//! Resolve: number the footnotes, write the citations, give every heading
//! its id, build the table of contents and check links. Every problem is
//! collected; nothing stops at the first.

mod citations;
mod footnotes;
mod headings;

use crate::diagnostics::{Diagnostics, FileId, Span};
use crate::markdown::{self, Block, Collected, Inline, Reference};
use crate::project::{BriefingFiles, Metadata, Project};
use crate::sources::Library;

pub use citations::Cited;
pub use footnotes::{Note, RefTarget};

/// One section file, resolved.
#[derive(Debug)]
pub struct Section {
    /// The id of its `<section>`: its level-1 heading's id, or one made
    /// from the file name when it opens without one.
    pub id: String,
    pub blocks: Vec<Block>,
    /// The notes first referenced in this section, as indices into
    /// [`Briefing::notes`]; used with `placement = "section"`.
    pub notes: std::ops::Range<usize>,
    /// Id of this section's own notes list (`placement = "section"`).
    pub notes_id: String,
}

#[derive(Debug)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub content: Vec<Inline>,
}

/// A briefing ready to render.
#[derive(Debug)]
pub struct Briefing {
    pub id: String,
    pub meta: Metadata,
    pub summary: Vec<Block>,
    pub sections: Vec<Section>,
    /// Notes in number order.
    pub notes: Vec<Note>,
    /// For each footnote reference (by index), the note it points to.
    pub refs: Vec<Option<RefTarget>>,
    pub toc: Vec<TocEntry>,
    /// Every footnote reference, in reading order, with its span; a
    /// citation in body text adds one whose label starts with `@`.
    pub references: Vec<Reference>,
    /// Every footnote definition's label and `[^label]:` marker.
    pub definition_sites: Vec<(String, Span)>,
    /// Every citation of a library source, note by note.
    pub cited: Vec<Cited>,
}

impl Briefing {
    pub fn note_count(&self) -> usize {
        self.notes.len()
    }
}

/// A briefing's files, parsed: what [`resolve`] needs besides the source
/// library, so that the library can be read while the files are parsed.
pub struct Parsed {
    sections: Vec<(FileId, Vec<Block>)>,
    definitions: Vec<(FileId, markdown::Definition)>,
    anchors: Vec<(String, Span)>,
    collected: Collected,
}

/// Parses one briefing's sections and footnote files. Stray blocks in a
/// footnote file are reported here.
pub fn parse(project: &Project, files: &BriefingFiles, diagnostics: &mut Diagnostics) -> Parsed {
    let allow_html = project.settings.allow_raw_html;
    let all: Vec<_> = files
        .sections
        .iter()
        .chain(&files.footnote_files)
        .copied()
        .collect();
    let (parsed, collected) =
        markdown::parse_files(&all, &project.sources, allow_html, diagnostics);
    let mut sections = Vec::new();
    let mut definitions = Vec::new();
    let mut anchors = Vec::new();
    for (index, (file, parsed)) in parsed.into_iter().enumerate() {
        if index < files.sections.len() {
            sections.push((file, parsed.blocks));
        } else {
            footnotes::report_stray_blocks(&parsed.blocks, file, &project.sources, diagnostics);
        }
        definitions.extend(parsed.definitions.into_iter().map(|d| (file, d)));
        anchors.extend(parsed.anchors);
    }
    Parsed {
        sections,
        definitions,
        anchors,
        collected,
    }
}

/// Resolves one parsed briefing. `None` when its metadata could not be
/// read (the problems are in `diagnostics`). With `write_citations` false
/// the citations are checked but not written out (nothing will be
/// rendered), and `Briefing::cited` stays empty.
pub fn resolve(
    project: &Project,
    files: &BriefingFiles,
    parsed: Parsed,
    library: &Library,
    write_citations: bool,
    diagnostics: &mut Diagnostics,
) -> Option<Briefing> {
    let meta = files.metadata.as_ref()?;
    let Parsed {
        sections,
        definitions,
        anchors,
        collected,
    } = parsed;
    citations::check_keys(&collected.citations, library, diagnostics);

    let mut numbered = footnotes::number(
        &files.id,
        meta.footnote_start,
        &collected,
        definitions,
        &sections,
        &project.sources,
        diagnostics,
    );
    crate::timings::stage("resolve: numbering");
    // Heading ids and the citations touch different parts of the
    // briefing: the headings are done on a thread of their own meanwhile.
    let notes = &mut numbered.notes;
    let section_notes = std::mem::take(&mut numbered.section_notes);
    let ((sections, toc, heading_diagnostics), cited) = std::thread::scope(|scope| {
        let headings = scope.spawn(|| {
            let mut found = Diagnostics::new();
            let (sections, toc) = headings::assign_ids(
                sections,
                section_notes,
                &project.sources,
                &anchors,
                &mut found,
            );
            (sections, toc, found)
        });
        let cited = if write_citations {
            citations::format_notes(notes, &collected.citations, library, &project.settings)
        } else {
            Vec::new()
        };
        let headings = headings
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (headings, cited)
    });
    diagnostics.extend(heading_diagnostics);
    crate::timings::stage("resolve: citations and headings");

    let summary = meta
        .summary
        .as_deref()
        .map(|text| {
            // The summary is checked like any text; its problems are shown
            // at the summary in briefing.toml, since their offsets are
            // within the string's value.
            let mut found = Diagnostics::new();
            let mut own = Collected::default();
            let blocks = markdown::parse_file(
                text,
                files.metadata_file,
                project.settings.allow_raw_html,
                &mut own,
                &mut found,
            )
            .blocks;
            let at = meta
                .summary_span
                .unwrap_or(Span::file_start(files.metadata_file));
            for mut d in found {
                d.span = at;
                d.labels.clear();
                diagnostics.push(d);
            }
            blocks
        })
        .unwrap_or_default();

    Some(Briefing {
        id: files.id.clone(),
        meta: meta.clone(),
        summary,
        sections,
        notes: numbered.notes,
        refs: numbered.refs,
        toc,
        references: collected.references,
        definition_sites: numbered.definition_sites,
        cited,
    })
}
