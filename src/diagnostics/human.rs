//! rustc-style output: the message, the source line with a caret under the
//! problem, secondary places, and a help line.

use std::collections::BTreeMap;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::printable::{PrintableExcerpt, printable, printable_lines};
use super::{Diagnostic, FileId, Severity, SourceMap, Span};

/// Renders one diagnostic. Colour codes are always produced; the caller's
/// stream (anstream) strips them when colour is off.
pub fn render_human(diagnostic: &Diagnostic, sources: &SourceMap) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let labels: Vec<(Span, &str)> = diagnostic
        .labels
        .iter()
        .map(|label| (label.span, label.message.as_str()))
        .collect();
    render(
        level,
        &diagnostic.message,
        Some(diagnostic.code.name()),
        (diagnostic.span, &diagnostic.span_label),
        &labels,
        diagnostic.help.as_deref(),
        sources,
    )
}

/// Something to tell rather than a problem (`briefc review` lists each
/// tracked change so): the same shape as a diagnostic, as a note.
pub fn render_note(
    title: &str,
    (span, label): (Span, &str),
    help: Option<&str>,
    sources: &SourceMap,
) -> String {
    render(Level::NOTE, title, None, (span, label), &[], help, sources)
}

fn render(
    level: Level<'_>,
    message: &str,
    id: Option<&str>,
    (primary, primary_label): (Span, &str),
    labels: &[(Span, &str)],
    help: Option<&str>,
    sources: &SourceMap,
) -> String {
    // Group the primary span and the labels by file, so each file's excerpt
    // is shown once with all of its annotations.
    let mut by_file: BTreeMap<FileId, Vec<(Span, &str, bool)>> = BTreeMap::new();
    by_file
        .entry(primary.file)
        .or_default()
        .push((primary, primary_label, true));
    for &(span, message) in labels {
        by_file
            .entry(span.file)
            .or_default()
            .push((span, message, false));
    }
    // The primary file comes first.
    let mut files: Vec<FileId> = by_file.keys().copied().collect();
    files.sort_by_key(|&f| f != primary.file);

    // Nothing from the sources reaches the terminal unescaped.
    let message = printable_lines(message);
    let mut title = level.primary_title(message.as_ref());
    if let Some(id) = id {
        title = title.id(id);
    }
    // The printable excerpts must outlive the snippets that borrow them.
    let excerpts: Vec<PrintableExcerpt> = files
        .iter()
        .map(|&file| {
            let (_, range) = excerpt_of(&by_file[&file], sources, file);
            PrintableExcerpt::new(&sources.get(file).text[range])
        })
        .collect();
    let mut group_elements = Vec::new();
    for (&file, shown) in files.iter().zip(&excerpts) {
        let annotations = &by_file[&file];
        let source = sources.get(file);
        let (first_line, range) = excerpt_of(annotations, sources, file);
        let (excerpt_start, excerpt_end) = (range.start, range.end);
        let excerpt = &source.text[range];
        let mut snippet = Snippet::source(shown.text.as_str())
            .line_start(first_line)
            .path(printable(&source.path.display().to_string()).into_owned());
        for &(span, text, primary) in annotations {
            let start = boundary(
                excerpt,
                span.start.clamp(excerpt_start, excerpt_end) - excerpt_start,
            );
            let end = boundary(
                excerpt,
                span.end.clamp(excerpt_start, excerpt_end) - excerpt_start,
            );
            let kind = if primary {
                AnnotationKind::Primary
            } else {
                AnnotationKind::Context
            };
            let (start, end) = (shown.map(start), shown.map(end));
            let mut annotation = kind.span(start..end.max(start));
            if !text.is_empty() {
                annotation = annotation.label(printable_lines(text));
            }
            snippet = snippet.annotation(annotation);
        }
        group_elements.push(snippet);
    }
    let mut report: Vec<Group> = vec![title.elements(group_elements)];
    if let Some(help) = help {
        report.push(Group::with_title(
            Level::HELP.secondary_title(printable_lines(help)),
        ));
    }
    Renderer::styled().render(&report)
}

/// The first line and the byte range of the lines that a file's
/// annotations cover.
fn excerpt_of(
    annotations: &[(Span, &str, bool)],
    sources: &SourceMap,
    file: FileId,
) -> (usize, std::ops::Range<usize>) {
    let source = sources.get(file);
    let first = annotations.iter().map(|a| a.0.start).min().unwrap_or(0);
    let last = annotations.iter().map(|a| a.0.end).max().unwrap_or(0);
    let first_line = source.line_col(first).line;
    let last_line = source.line_col(last).line;
    let start = source.line_range(first_line).start;
    let end = source.line_range(last_line).end;
    (first_line, start..end)
}

/// The nearest character boundary at or before `offset`: a span must never
/// cut a character in two.
fn boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}
