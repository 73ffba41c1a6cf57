//! One briefing's files parsed as one: its summary (inside
//! `briefing.toml`), its sections and its footnote files, in that order,
//! their references and citations numbered across them.

use super::in_pieces::{PieceCache, parse_files, parse_files_cached};
use super::parsed::{Collected, Definition, LocalFile};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, FileId, SourceMap, Span};
use crate::model::Block;
use crate::options::BriefingOptions;
use crate::project::{BriefingFiles, Project};

/// A briefing's files, parsed: what resolving it needs besides the source
/// library, so that the library can be read while the files are parsed.
pub struct ParsedBriefing {
    /// Where the summary's text stands, and its blocks.
    pub summary: Option<(Span, Vec<Block>)>,
    pub sections: Vec<(FileId, Vec<Block>)>,
    /// Where each block of the summary starts, in `briefing.toml`.
    pub summary_starts: Vec<usize>,
    /// For each section, where each of its blocks starts.
    pub section_starts: Vec<Vec<usize>>,
    pub definitions: Vec<(FileId, Definition)>,
    /// Links to `#id`, with where they stand.
    pub anchors: Vec<(String, Span)>,
    /// Every reference to a local file, to be checked against the files.
    pub local_files: Vec<LocalFile>,
    pub web_links: Vec<(String, Span)>,
    pub collected: Collected,
}

/// Parses one briefing's summary, sections and footnote files, in that
/// order. Stray blocks in a footnote file are reported here.
pub fn parse_briefing(
    project: &Project,
    files: &BriefingFiles,
    options: &BriefingOptions,
    diagnostics: &mut Diagnostics,
) -> ParsedBriefing {
    parse_briefing_reusing(project, files, options, None, diagnostics)
}

/// [`parse_briefing`], taking the pieces of files parsed before from
/// `pieces` when given, and leaving this parse's pieces there.
pub fn parse_briefing_reusing(
    project: &Project,
    files: &BriefingFiles,
    options: &BriefingOptions,
    pieces: Option<&mut PieceCache>,
    diagnostics: &mut Diagnostics,
) -> ParsedBriefing {
    let whole = |&file: &FileId| Span::new(file, 0..project.sources.text(file).len());
    let inputs: Vec<Span> = files
        .summary
        .into_iter()
        .chain(files.sections.iter().map(whole))
        .chain(files.footnote_files.iter().map(whole))
        .collect();
    let (parsed, collected) = match pieces {
        Some(cache) => parse_files_cached(
            &inputs,
            &project.sources,
            options.allow_raw_html,
            cache,
            diagnostics,
        ),
        None => parse_files(
            &inputs,
            &project.sources,
            options.allow_raw_html,
            diagnostics,
        ),
    };
    let mut parsed = parsed.into_iter();
    let mut definitions = Vec::new();
    let mut anchors = Vec::new();
    let mut local_files = Vec::new();
    let mut web_links = Vec::new();
    let mut summary = None;
    let mut summary_starts = Vec::new();
    let mut section_starts = Vec::new();
    if let Some(at) = files.summary
        && let Some((_, parsed)) = parsed.next()
    {
        // Definitions and links in the summary count like any others.
        definitions.extend(parsed.definitions.into_iter().map(|d| (at.file, d)));
        anchors.extend(parsed.anchors);
        local_files.extend(parsed.local_files);
        web_links.extend(parsed.web_links);
        summary_starts = parsed.starts;
        summary = Some((at, parsed.blocks));
    }
    let mut sections = Vec::new();
    for (index, (file, parsed)) in parsed.enumerate() {
        if index < files.sections.len() {
            section_starts.push(parsed.starts);
            sections.push((file, parsed.blocks));
        } else {
            report_stray_blocks(&parsed.blocks, file, &project.sources, diagnostics);
        }
        definitions.extend(parsed.definitions.into_iter().map(|d| (file, d)));
        anchors.extend(parsed.anchors);
        local_files.extend(parsed.local_files);
        web_links.extend(parsed.web_links);
    }
    ParsedBriefing {
        summary,
        sections,
        summary_starts,
        section_starts,
        definitions,
        anchors,
        local_files,
        web_links,
        collected,
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
