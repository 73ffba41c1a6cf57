//! Problems found in a project, with where they are and how to fix them.
//!
//! Every stage reports through [`Diagnostic`]; nothing stops at the first
//! problem. Whether a problem stops the build is decided at the end, from
//! each diagnostic's severity after the project's `[lints]` are applied.

mod code_quality;
mod codes;
mod human;
mod machine;
mod printable;
mod sarif;
mod source_map;

pub use code_quality::to_gitlab;
pub use codes::{Code, LintLevel};
pub use human::{render_human, render_note};
pub use machine::{to_github, to_json};
pub use printable::{
    PrintableExcerpt, is_hidden, json_safe, printable, printable_lines, suggestion,
};
pub use sarif::to_sarif;
pub use source_map::{FileId, LineCol, SourceFile, SourceMap, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A secondary place shown with a diagnostic, such as the first definition
/// of a footnote defined twice.
#[derive(Debug, Clone)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    /// What the caret under `span` says; empty for none.
    pub span_label: String,
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at its code's default severity.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            span,
            span_label: String::new(),
            labels: Vec::new(),
            help: None,
        }
    }

    pub fn with_label(mut self, text: impl Into<String>) -> Self {
        self.span_label = text.into();
        self
    }

    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Keeps only the diagnostics `keep` accepts.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    /// Forgets every diagnostic after the first `len`: for work that is
    /// thrown away and done again.
    pub fn truncate(&mut self, len: usize) {
        self.items.truncate(len);
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// The error-level diagnostics alone.
    pub fn errors_only(&self) -> Diagnostics {
        Diagnostics {
            items: self
                .items
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .cloned()
                .collect(),
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Applies the project's lint levels: `allow` drops a diagnostic, `warn`
    /// and `deny` set its severity.
    pub fn apply_levels(&mut self, level_of: impl Fn(Code) -> Option<LintLevel>) {
        self.items.retain_mut(|d| match level_of(d.code) {
            Some(LintLevel::Allow) => false,
            Some(LintLevel::Warn) => {
                d.severity = Severity::Warning;
                true
            }
            Some(LintLevel::Deny) => {
                d.severity = Severity::Error;
                true
            }
            None => !d.code.allowed_by_default(),
        });
    }

    /// Keeps one of each diagnostic that is found more than once, such as a
    /// bad font file that every briefing's PDF meets.
    pub fn dedup(&mut self) {
        let mut seen: Vec<(Code, Span, String)> = Vec::new();
        self.items.retain(|d| {
            let key = (d.code, d.span, d.message.clone());
            if seen.contains(&key) {
                return false;
            }
            seen.push(key);
            true
        });
    }

    /// `--deny-warnings`: every warning becomes an error.
    pub fn raise_warnings(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }

    /// Sorts by file, then position, so output reads top to bottom; the
    /// sort is stable, so problems at one place keep the order found.
    /// Sorts by place. Spans in embedded text (see
    /// [`SourceMap::add_embedded`]) are first moved to the string that
    /// holds it, with their labels, whose offsets mean nothing there.
    pub fn sort(&mut self, sources: &SourceMap) {
        for d in &mut self.items {
            let shown = sources.shown_at(d.span);
            if shown != d.span {
                d.span = shown;
                d.labels.clear();
            }
            d.labels
                .retain(|label| sources.shown_at(label.span) == label.span);
        }
        self.items.sort_by_key(|d| {
            (
                sources.path(d.span.file).to_path_buf(),
                d.span.start,
                d.span.end,
            )
        });
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// The closest of `candidates` to `word`, for "did you mean" hints.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|&(score, _)| score > 0.8)
        // Equal scores go to the candidate first in alphabetical order, so
        // the hint does not depend on the order of a hash map.
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn a_tie_between_hints_is_broken_alphabetically() {
        // "ab" is as close to "abc" as to "abd": the same hint whatever
        // order the candidates come in.
        assert_eq!(closest("abx", ["abd", "abc"]), Some("abc"));
        assert_eq!(closest("abx", ["abc", "abd"]), Some("abc"));
        assert_eq!(closest("zzzz", ["abc"]), None);
    }
}
