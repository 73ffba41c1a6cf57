//! Resolve: number the footnotes (the summary's first), make each citation
//! in the text a note and write the citations out, give every heading its
//! id, build the contents, check links, and hand on one
//! [`Document`](crate::model::Document). Every problem is collected;
//! nothing stops at the first.

mod assets;
mod bibliography;
mod citations;
mod cites;
mod csl_notes;
mod footnotes;
mod headings;
mod markers;
mod meta;
mod publish;

use crate::diagnostics::{Diagnostics, FileId, Span};
use crate::markdown::{Definition, LocalFile, ParsedBriefing, Reference};
use crate::model::{Block, ContentsEntry, Document, Note, Section, Sites};
use crate::options::BriefingOptions;
use crate::parallel::{self, Work};
use crate::project::{BriefingFiles, Project};
use crate::sources::Library;

pub use cites::Cited;

/// What resolve does with the citations of the notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Citations {
    /// Write each out, as an edition prints it.
    Write,
    /// Check each against the library, and list the keys each note cites
    /// in `Briefing::cited` (for `check` to compare a translation).
    Keys,
    /// Check each against the library only (`check`: nothing is rendered).
    Check,
}

pub use publish::edition_names;

/// A briefing ready to render: its document, its options, and what the
/// commands that look at the sources (`renumber`, `sources`) need.
#[derive(Debug)]
pub struct Briefing {
    pub doc: Document,
    pub options: BriefingOptions,
    /// Every footnote reference, with its span.
    pub references: Vec<Reference>,
    /// Every footnote definition's label and `[^label]:` marker.
    pub definition_sites: Vec<(String, Span)>,
    /// Every citation of a library source, note by note.
    pub cited: Vec<Cited>,
    /// `briefing.toml`: where a problem of the whole briefing is shown.
    pub metadata_file: FileId,
    /// Every reference to a local file: its index in the document's
    /// assets and where it is written.
    pub asset_sites: Vec<(usize, Span)>,
    /// The local images with no description, which PDF/UA refuses.
    pub undescribed_images: Vec<Span>,
    /// Every link and image to a web address in the summary, sections and
    /// notes, with where it stands.
    pub web_links: Vec<(String, Span)>,
    /// Where each part of the document stands in the sources.
    pub sites: Sites,
}

impl Briefing {
    pub fn id(&self) -> &str {
        &self.doc.id
    }

    pub fn note_count(&self) -> usize {
        self.doc.notes.len()
    }

    /// Where note `number` is first referred to: its first marker, else
    /// its definition, else `briefing.toml`.
    pub fn note_site(&self, number: u32) -> Span {
        let Some(note) = self.doc.notes.iter().find(|n| n.number == number) else {
            return Span::file_start(self.metadata_file);
        };
        let label = &note.label;
        if label.is_empty() {
            return Span::file_start(self.metadata_file);
        }
        self.references
            .iter()
            .find(|r| !r.in_definition && &r.label == label)
            .map(|r| r.span)
            .or_else(|| {
                self.definition_sites
                    .iter()
                    .find(|(l, _)| l == label)
                    .map(|&(_, span)| span)
            })
            .unwrap_or_else(|| Span::file_start(self.metadata_file))
    }
}

/// Resolves one parsed briefing. `None` when its metadata could not be
/// read (the problems are in `diagnostics`). `wanted` says whether the
/// citations are written out or only checked (nothing will be rendered);
/// with [`Citations::Check`] `Briefing::cited` stays empty.
pub fn resolve(
    project: &Project,
    files: &BriefingFiles,
    parsed: ParsedBriefing,
    options: BriefingOptions,
    library: &Library,
    wanted: Citations,
    diagnostics: &mut Diagnostics,
) -> Option<Briefing> {
    let metadata = files.metadata.as_ref()?;
    let ParsedBriefing {
        mut summary,
        mut sections,
        summary_starts,
        section_starts,
        mut definitions,
        anchors,
        local_files,
        web_links,
        collected,
    } = parsed;
    citations::check(&collected.citations, library, &options, diagnostics);
    let undescribed_images = undescribed(&local_files);
    let (local_files, logo) = with_logo(local_files, &options);
    let published = publish_files(
        project,
        files,
        &local_files,
        (&mut summary, &mut sections, &mut definitions),
        diagnostics,
    );

    let section_files: Vec<FileId> = sections.iter().map(|(file, _)| *file).collect();
    let (summary_at, mut summary) = match summary {
        Some((at, blocks)) => (Some(at), blocks),
        None => (None, Vec::new()),
    };
    let mut numbered = footnotes::number(
        &files.id,
        options.footnote_start,
        options.locale.marker_position(),
        &collected,
        definitions,
        summary_at.map(|at| (at, summary.as_mut_slice())),
        &mut sections,
        &project.sources,
        diagnostics,
    );
    crate::timings::stage("resolve: numbering");
    // Heading ids and the citations touch different parts of the
    // briefing: in a large one the headings are done on a thread of their
    // own meanwhile (in a small one, starting the thread costs more than
    // it saves, and an archive's briefings already share the cores).
    let notes = &mut numbered.notes;
    let section_notes = std::mem::take(&mut numbered.section_notes);
    let assign_headings = || {
        let mut found = Diagnostics::new();
        let (sections, contents) = headings::assign_ids(
            sections,
            section_notes,
            &project.sources,
            &anchors,
            &mut found,
        );
        (sections, contents, found)
    };
    let note_count = notes.len();
    let (written, (mut sections, mut contents, heading_diagnostics)) = parallel::join(
        Work::Headings,
        note_count,
        || citations::wanted(wanted, notes, &collected.citations, library, &options),
        assign_headings,
    );
    diagnostics.extend(heading_diagnostics);
    crate::timings::stage("resolve: citations and headings");
    if let (Some(why), Some(style)) = (&written.failure, &options.csl) {
        diagnostics.push(citations::engine_failed(style, why));
    }
    if wanted == Citations::Write {
        let notes = &mut numbered.notes;
        localise(
            (&mut summary, &mut sections, notes, &mut contents),
            &options,
        );
    }

    let sites = sites(
        project,
        files,
        metadata,
        (summary_starts, summary_at),
        (section_files, section_starts),
        &mut numbered,
    );
    let logo = logo.and_then(|l| published.address_of(l.span.file, &l.url).map(String::from));
    let translations = meta::translations(project, &files.id, metadata);
    let doc = Document {
        id: files.id.clone(),
        meta: meta::printed(metadata, &options, translations, logo),
        summary,
        contents,
        sections,
        notes: numbered.notes,
        assets: published.assets,
        bibliography: (written.bibliography).map(|entries| bibliography::titled(entries, &options)),
    };
    Some(Briefing {
        doc,
        options,
        references: collected.references,
        definition_sites: numbered.definition_sites,
        cited: written.cited,
        metadata_file: files.metadata_file,
        asset_sites: published.sites,
        undescribed_images,
        web_links,
        sites,
    })
}

/// The title page's logo among the files the text refers to, checked and
/// published as every image is.
fn with_logo(
    mut local_files: Vec<LocalFile>,
    options: &BriefingOptions,
) -> (Vec<LocalFile>, Option<LocalFile>) {
    let logo = options.cover.logo.clone().map(|(url, span)| LocalFile {
        url,
        span,
        image: true,
        described: true,
    });
    local_files.extend(logo.clone());
    (local_files, logo)
}

/// The local images with no description.
fn undescribed(local_files: &[LocalFile]) -> Vec<Span> {
    local_files
        .iter()
        .filter(|f| f.image && !f.described)
        .map(|f| f.span)
        .collect()
}

/// Where the document's parts stand in the sources, for the Word
/// edition's review marks.
fn sites(
    project: &Project,
    files: &BriefingFiles,
    metadata: &crate::project::Metadata,
    (summary, summary_span): (Vec<usize>, Option<Span>),
    (section_files, section_starts): (Vec<FileId>, Vec<Vec<usize>>),
    numbered: &mut footnotes::Numbered,
) -> Sites {
    Sites {
        fields: metadata.field_spans.clone(),
        summary,
        summary_span,
        sections: section_files.into_iter().zip(section_starts).collect(),
        notes: std::mem::take(&mut numbered.note_sites),
        markers: std::mem::take(&mut numbered.marker_sites),
        paths: std::iter::once(files.metadata_file)
            .chain(files.sections.iter().copied())
            .chain(files.footnote_files.iter().copied())
            .map(|file| (file, crate::fsx::slash_path(project.sources.path(file))))
            .collect(),
    }
}

/// The parsed text of a briefing, as [`publish_files`] rewrites it: the
/// summary, the sections and the footnote definitions.
type ParsedText<'a> = (
    &'a mut Option<(Span, Vec<Block>)>,
    &'a mut Vec<(FileId, Vec<Block>)>,
    &'a mut Vec<(FileId, Definition)>,
);

/// Checks every local file the text refers to, plans where each is
/// published under the briefing's output, and rewrites every reference to
/// match.
fn publish_files(
    project: &Project,
    files: &BriefingFiles,
    local_files: &[LocalFile],
    (summary, sections, definitions): ParsedText<'_>,
    diagnostics: &mut Diagnostics,
) -> publish::Plan {
    let (located, on_site) = assets::check_files(project, local_files, diagnostics);
    let briefing_dir = project
        .sources
        .path(files.metadata_file)
        .parent()
        .unwrap_or(std::path::Path::new(""));
    let published = publish::plan(&files.id, briefing_dir, located, on_site);
    if let Some((at, blocks)) = summary.as_mut() {
        published.rewrite(at.file, blocks);
    }
    for (file, blocks) in sections.iter_mut() {
        published.rewrite(*file, blocks);
    }
    for (file, definition) in definitions.iter_mut() {
        published.rewrite(*file, &mut definition.blocks);
    }
    published
}

/// The language's quotation marks and spacing, in the author's text and
/// the citations alike (English text is left as it is).
fn localise(
    (summary, sections, notes, contents): (
        &mut Vec<Block>,
        &mut Vec<Section>,
        &mut Vec<Note>,
        &mut Vec<ContentsEntry>,
    ),
    options: &BriefingOptions,
) {
    let locale = &options.locale;
    crate::locale::localise_blocks(summary, locale);
    for section in sections {
        crate::locale::localise_blocks(&mut section.blocks, locale);
    }
    for note in notes {
        crate::locale::localise_blocks(&mut note.blocks, locale);
    }
    for entry in contents {
        crate::locale::localise_inlines(&mut entry.content, locale);
    }
}
