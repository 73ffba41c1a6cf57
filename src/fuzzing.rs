//! The whole pipeline on bytes held in memory, for the fuzz targets in
//! `fuzz/` and the regression tests that replay what they found. Not part
//! of the library's interface.

use std::path::PathBuf;

use crate::diagnostics::{Diagnostics, SourceMap, render_human};
use crate::project::{BriefingFiles, BriefingOptions, Metadata, Overrides, Project, Settings};
use crate::render::{Templates, format_names, render_briefing};
use crate::resolve::{parse, resolve};
use crate::sources::Library;

const METADATA: &str = "title = \"Fuzz\"\ndate = 2007-01-23\nstatus = \"final\"\nsections = [\"s.md\"]\n\n[footnotes]\nstart = 31\n";

/// Splits `bytes` at 0xFF (which never occurs in UTF-8) into a section
/// file, a footnote file and a source library, then loads, resolves and
/// renders them, showing every diagnostic. It must never panic.
pub fn compile_in_memory(bytes: &[u8]) {
    let mut parts = bytes
        .split(|&b| b == 0xFF)
        .map(|p| String::from_utf8_lossy(p).into_owned());
    let section = parts.next().unwrap_or_default();
    let notes = parts.next().unwrap_or_default();
    let library_text = parts.next().unwrap_or_default();

    let mut sources = SourceMap::new();
    let mut diagnostics = Diagnostics::new();
    let metadata_file = sources.add("briefings/f/briefing.toml", METADATA.to_string());
    let metadata = Metadata::parse(METADATA, metadata_file, &mut diagnostics);
    let section_file = sources.add("briefings/f/s.md", section);
    let notes_file = sources.add("footnotes/f.md", notes);
    let library_file = sources.add("footnotes/sources.toml", library_text);
    let project = Project {
        root: PathBuf::from("."),
        real_root: PathBuf::from("."),
        read_ahead: Default::default(),
        reread: Default::default(),
        sources,
        settings: Settings::default(),
        fonts: Vec::new(),
        briefings: vec![BriefingFiles {
            id: "f".to_string(),
            metadata_file,
            metadata,
            sections: vec![section_file],
            footnote_files: vec![notes_file],
            summary: None,
        }],
        templates: Vec::new(),
        library_files: vec![library_file],
        diagnostics: Diagnostics::new(),
    };
    let library = Library::parse(&project.library_files, &project.sources, &mut diagnostics);
    let Some(meta) = project.briefings[0].metadata.as_ref() else {
        return;
    };
    let every_format = Overrides {
        width: None,
        formats: Some(format_names().iter().map(|f| f.to_string()).collect()),
    };
    let options = BriefingOptions::new(
        &project.settings,
        meta,
        &every_format,
        &format_names(),
        &mut diagnostics,
    );
    let parsed = parse(&project, &project.briefings[0], &options, &mut diagnostics);
    let briefing = resolve(
        &project,
        &project.briefings[0],
        parsed,
        options,
        &library,
        true,
        &mut diagnostics,
    );
    for d in diagnostics.iter() {
        let _ = render_human(d, &project.sources);
    }
    // The built-in templates are the same every time: compile them once.
    static TEMPLATES: std::sync::OnceLock<Option<Templates>> = std::sync::OnceLock::new();
    let templates = TEMPLATES.get_or_init(|| Templates::load(&project).ok());
    let (Some(mut briefing), Some(templates)) = (briefing, templates) else {
        return;
    };
    // Typesetting a PDF takes a thousand times as long as the other
    // outputs, and reads the same document as the JSON edition.
    briefing.options.formats.retain(|format| *format != "pdf");
    for width in [0, 72] {
        briefing.options.width = width;
        let _ = render_briefing(&briefing, templates);
    }
}

/// Parses `text` whole, then cut into pieces of about `piece_bytes` on two
/// threads, then whole with a stand-in definition for every label, and
/// panics if any two differ in a tree, reference, citation or diagnostic:
/// neither cutting nor leaving out stand-ins may change what a file says.
pub fn check_pieces_parse_like_whole(text: &str, piece_bytes: usize) {
    use crate::markdown::{
        Collected, Split, parse_every_label_stood_in, parse_file, parse_files_split,
    };

    let mut sources = SourceMap::new();
    let file = sources.add("s.md", text.to_string());
    let mut whole_collected = Collected::default();
    let mut whole_diagnostics = Diagnostics::new();
    let whole = parse_file(
        text,
        file,
        false,
        &mut whole_collected,
        &mut whole_diagnostics,
    );
    let mut stood_in_collected = Collected::default();
    let mut stood_in_diagnostics = Diagnostics::new();
    let stood_in = parse_every_label_stood_in(
        text,
        0,
        file,
        false,
        &mut stood_in_collected,
        &mut stood_in_diagnostics,
    );
    assert_eq!(format!("{stood_in:?}"), format!("{whole:?}"));
    assert_eq!(
        format!("{stood_in_collected:?}"),
        format!("{whole_collected:?}")
    );
    assert_eq!(
        format!("{stood_in_diagnostics:?}"),
        format!("{whole_diagnostics:?}")
    );
    let split = Split {
        parallel_from: 0,
        piece_bytes,
    };
    let mut diagnostics = Diagnostics::new();
    let all = crate::diagnostics::Span::new(file, 0..text.len());
    let (parsed, collected) = parse_files_split(&[all], &sources, false, split, &mut diagnostics);
    assert_eq!(format!("{:?}", parsed[0].1), format!("{whole:?}"));
    assert_eq!(format!("{collected:?}"), format!("{whole_collected:?}"));
    assert_eq!(format!("{diagnostics:?}"), format!("{whole_diagnostics:?}"));
}
