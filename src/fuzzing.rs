//! The whole pipeline on bytes held in memory, for the fuzz targets in
//! `fuzz/` and the regression tests that replay what they found. Not part
//! of the library's interface.

use std::path::Path;

use crate::diagnostics::{Diagnostics, SourceMap, render_human};
use crate::files::ProjectFiles;
use crate::markdown::parse_briefing;
use crate::options::{Format, Formats};
use crate::project::{Overrides, Project, Selection, briefing_options};
use crate::render::{Input, Templates, render_briefing};
use crate::resolve::{Citations, resolve};
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

    // A project in memory: its files are these texts, and nothing on the
    // disk is read.
    let mut files = ProjectFiles::in_memory(Path::new("fuzz"));
    files.lay_over("briefings/f/briefing.toml", METADATA);
    files.lay_over("briefings/f/s.md", section);
    files.lay_over("footnotes/f.md", notes);
    files.lay_over("footnotes/sources.toml", library_text);
    let Ok(mut project) = Project::load(files, Selection::All) else {
        return;
    };
    let mut diagnostics = std::mem::take(&mut project.diagnostics);
    let library = Library::parse(&project.library_files, &project.sources, &mut diagnostics);
    let Some(meta) = project.briefings.first().and_then(|b| b.metadata.as_ref()) else {
        return;
    };
    let every_format = Overrides {
        width: None,
        formats: Some(Format::ALL.into_iter().collect::<Formats>()),
    };
    let options = briefing_options(&project.settings, meta, &every_format, &mut diagnostics);
    let parsed = parse_briefing(&project, &project.briefings[0], &options, &mut diagnostics);
    let briefing = resolve(
        &project,
        &project.briefings[0],
        parsed,
        options,
        &library,
        Citations::Write,
        &mut diagnostics,
    );
    for d in diagnostics.iter() {
        let _ = render_human(d, &project.sources);
    }
    // The built-in templates are the same every time: compile them once.
    static TEMPLATES: std::sync::OnceLock<Option<Templates>> = std::sync::OnceLock::new();
    let templates = TEMPLATES
        .get_or_init(|| Templates::load(&project.sources, &[], &[], Default::default()).ok());
    let (Some(mut briefing), Some(templates)) = (briefing, templates) else {
        return;
    };
    // Typesetting a PDF takes a thousand times as long as the other
    // outputs, and reads the same document as the JSON edition.
    briefing.options.formats.remove(Format::Pdf);
    for width in [0, 72] {
        briefing.options.width = width;
        let _ = render_briefing(&Input::of(&briefing, templates, &project.files));
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
        parallel_from: Some(0),
        piece_bytes,
    };
    let mut diagnostics = Diagnostics::new();
    let all = crate::diagnostics::Span::new(file, 0..text.len());
    let (parsed, collected) = parse_files_split(&[all], &sources, false, split, &mut diagnostics);
    assert_eq!(format!("{:?}", parsed[0].1), format!("{whole:?}"));
    assert_eq!(format!("{collected:?}"), format!("{whole_collected:?}"));
    assert_eq!(format!("{diagnostics:?}"), format!("{whole_diagnostics:?}"));
}
