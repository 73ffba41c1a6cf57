//! Machine-readable diagnostics: the JSON document of `check --format
//! json` (a stable interface, version 1) and GitHub Actions workflow
//! commands.

use serde::Serialize;

use super::{Diagnostic, Diagnostics, Severity, SourceMap, Span};

#[derive(Serialize)]
struct Document {
    version: u32,
    diagnostics: Vec<JsonDiagnostic>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic {
    code: &'static str,
    severity: &'static str,
    message: String,
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    labels: Vec<JsonLabel>,
    help: Option<String>,
}

#[derive(Serialize)]
struct JsonLabel {
    file: String,
    line: usize,
    column: usize,
    message: String,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    briefings: usize,
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A path as JSON and GitHub show it: relative to the root, with `/`.
fn file_name(sources: &SourceMap, span: Span) -> String {
    sources.path(span.file).to_string_lossy().replace('\\', "/")
}

pub fn to_json(diagnostics: &Diagnostics, sources: &SourceMap, briefings: usize) -> String {
    let items = diagnostics
        .iter()
        .map(|d| {
            let (start, end) = sources.line_col(d.span);
            JsonDiagnostic {
                code: d.code.name(),
                severity: severity_name(d.severity),
                message: d.message.clone(),
                file: file_name(sources, d.span),
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                labels: d
                    .labels
                    .iter()
                    .map(|label| {
                        let (at, _) = sources.line_col(label.span);
                        JsonLabel {
                            file: file_name(sources, label.span),
                            line: at.line,
                            column: at.column,
                            message: label.message.clone(),
                        }
                    })
                    .collect(),
                help: d.help.clone(),
            }
        })
        .collect();
    let document = Document {
        version: 1,
        diagnostics: items,
        summary: Summary {
            errors: diagnostics.errors(),
            warnings: diagnostics.warnings(),
            briefings,
        },
    };
    let mut text = super::printable::json_safe(
        serde_json::to_string_pretty(&document).expect("plain data serialises"),
    );
    text.push('\n');
    text
}

/// One `::error` or `::warning` workflow command per diagnostic, so the
/// problems appear on the pull request's lines.
pub fn to_github(diagnostics: &Diagnostics, sources: &SourceMap) -> String {
    let mut out = String::new();
    for d in diagnostics.iter() {
        out.push_str(&github_line(d, sources));
        out.push('\n');
    }
    out
}

fn github_line(d: &Diagnostic, sources: &SourceMap) -> String {
    let (start, end) = sources.line_col(d.span);
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!(
        "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        severity_name(d.severity),
        escape_property(&super::printable::printable(&file_name(sources, d.span))),
        start.line,
        start.column,
        end.line,
        end.column,
        escape_property(&format!("briefc({})", d.code.name())),
        escape_data(&super::printable::printable_lines(&message))
    )
}

/// The escaping GitHub's runner applies to a command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The escaping for a property value, which also may not hold `:` or `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_newlines_percent_and_separators() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a,b:c"), "a%2Cb%3Ac");
    }
}
