//! `check --format sarif`: the diagnostics as a SARIF 2.1.0 log, which
//! GitHub code scanning (`github/codeql-action/upload-sarif`) and other
//! SARIF viewers read. One rule per diagnostic code that occurs, one
//! result per diagnostic. Paths are relative to the project's root and
//! columns count characters, as everywhere else in briefc; nothing in the
//! log depends on the machine or the time, so the same sources give the
//! same log.

use serde_json::{Value, json};

use super::{Code, Diagnostic, Diagnostics, Severity, SourceMap, Span};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn to_sarif(diagnostics: &Diagnostics, sources: &SourceMap) -> String {
    // The rules, in the order their codes first occur.
    let mut codes: Vec<Code> = Vec::new();
    for d in diagnostics.iter() {
        if !codes.contains(&d.code) {
            codes.push(d.code);
        }
    }
    let rules: Vec<Value> = codes.iter().map(|&code| rule(code)).collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let index = codes.iter().position(|&c| c == d.code).unwrap_or(0);
            result(d, index, sources)
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "briefc",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut text = super::printable::json_safe(
        serde_json::to_string_pretty(&log).expect("plain data serialises"),
    );
    text.push('\n');
    text
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A rule: the code and what it is about; each result's message ends
/// with how to fix that one.
fn rule(code: Code) -> Value {
    let summary = code.summary();
    let help = format!(
        "{summary} Each finding says how to put it right; the list of every diagnostic is in \
         briefc's docs/diagnostics.md."
    );
    json!({
        "id": code.name(),
        "shortDescription": { "text": summary },
        "fullDescription": { "text": summary },
        "help": { "text": help },
        "defaultConfiguration": { "level": level(code.default_severity()) },
        "properties": { "tags": [if code.is_fatal() { "always-an-error" } else { "lint" }] },
    })
}

fn location(span: Span, sources: &SourceMap) -> Value {
    let (start, end) = sources.line_col(span);
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(sources, span) },
            "region": {
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column.max(if end.line == start.line { start.column } else { 1 }),
            }
        }
    })
}

fn result(d: &Diagnostic, rule_index: usize, sources: &SourceMap) -> Value {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let related: Vec<Value> = d
        .labels
        .iter()
        .enumerate()
        .map(|(id, label)| {
            let mut place = location(label.span, sources);
            place["id"] = json!(id);
            place["message"] = json!({ "text": label.message });
            place
        })
        .collect();
    let mut value = json!({
        "ruleId": d.code.name(),
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": text },
        "locations": [location(d.span, sources)],
    });
    if !related.is_empty() {
        value["relatedLocations"] = Value::Array(related);
    }
    value
}

/// A relative path as a URI reference: `/` between the parts, and the
/// characters a URI may not hold escaped.
fn uri(sources: &SourceMap, span: Span) -> String {
    let path = sources.path(span.file).to_string_lossy().replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
