//! rustc-style output: the message, the source line with a caret under the
//! problem, secondary places, and a help line.

use std::collections::BTreeMap;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{Diagnostic, FileId, Severity, SourceMap, Span};

/// Renders one diagnostic. Colour codes are always produced; the caller's
/// stream (anstream) strips them when colour is off.
pub fn render_human(diagnostic: &Diagnostic, sources: &SourceMap) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };

    // Group the primary span and the labels by file, so each file's excerpt
    // is shown once with all of its annotations.
    let mut by_file: BTreeMap<FileId, Vec<(Span, &str, bool)>> = BTreeMap::new();
    by_file.entry(diagnostic.span.file).or_default().push((
        diagnostic.span,
        &diagnostic.span_label,
        true,
    ));
    for label in &diagnostic.labels {
        by_file
            .entry(label.span.file)
            .or_default()
            .push((label.span, &label.message, false));
    }
    // The primary file comes first.
    let mut files: Vec<FileId> = by_file.keys().copied().collect();
    files.sort_by_key(|&f| f != diagnostic.span.file);

    let title = level
        .primary_title(diagnostic.message.as_str())
        .id(diagnostic.code.name());
    let mut group_elements = Vec::new();
    for file in files {
        let annotations = &by_file[&file];
        let source = sources.get(file);
        let first = annotations.iter().map(|a| a.0.start).min().unwrap_or(0);
        let last = annotations.iter().map(|a| a.0.end).max().unwrap_or(0);
        let first_line = source.line_col(first).line;
        let last_line = source.line_col(last).line;
        let excerpt_start = source.line_range(first_line).start;
        let excerpt_end = source.line_range(last_line).end;
        let excerpt = &source.text[excerpt_start..excerpt_end];
        let mut snippet = Snippet::source(excerpt)
            .line_start(first_line)
            .path(source.path.display().to_string());
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
            let mut annotation = kind.span(start..end.max(start));
            if !text.is_empty() {
                annotation = annotation.label(text);
            }
            snippet = snippet.annotation(annotation);
        }
        group_elements.push(snippet);
    }
    let mut report: Vec<Group> = vec![title.elements(group_elements)];
    if let Some(help) = &diagnostic.help {
        report.push(Group::with_title(
            Level::HELP.secondary_title(help.as_str()),
        ));
    }
    Renderer::styled().render(&report)
}

/// The nearest character boundary at or before `offset`: a span must never
/// cut a character in two.
fn boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}
