//! What the tree builder reports as it goes: nesting past the bound, an
//! address that could run script, a near miss of a citation, raw HTML.

use std::ops::Range;

use super::builder::{Builder, MAX_NESTING};
use crate::diagnostics::{Code, Diagnostic, Span};
use crate::model::address::{UNSAFE_LINK_HELP, unsafe_scheme};

impl Builder<'_> {
    pub(super) fn report_nesting(&mut self, range: Range<usize>) {
        if std::mem::replace(&mut self.warned_nesting, true) {
            return;
        }
        let span = self.span(range.start..range.start);
        self.diagnostics.push(
            Diagnostic::new(
                Code::DeepNesting,
                span,
                format!(
                    "lists, quotes or emphasis nested more than {MAX_NESTING} deep are flattened"
                ),
            )
            .with_label("nesting stops here")
            .with_help("no reader can follow this much nesting: restructure the text"),
        );
    }

    /// A link's or image's address, or nothing when its scheme could run
    /// script or read the reader's files (`unsafe-link`, an error).
    pub(super) fn checked_url(&mut self, url: String, range: Range<usize>, what: &str) -> String {
        let Some(scheme) = unsafe_scheme(&url) else {
            return url;
        };
        let span = self.span(range);
        self.diagnostics.push(
            Diagnostic::new(
                Code::UnsafeLink,
                span,
                format!("this {what} uses the `{scheme}:` scheme, which is never published"),
            )
            .with_label(format!("`{scheme}:` {what}"))
            .with_help(UNSAFE_LINK_HELP),
        );
        String::new()
    }

    pub(super) fn report_near_miss(&mut self, span: Span, problem: String, fix: Option<String>) {
        let help = match fix {
            Some(fix) => format!("write it as `{fix}`"),
            None => "a citation is written [@key] or [@key, p. 12]; if this bracket is meant as text, set `malformed-citation = \"allow\"` under [lints] in briefc.toml".to_string(),
        };
        self.diagnostics.push(
            Diagnostic::new(
                Code::MalformedCitation,
                span,
                format!("this looks like a citation but is printed as text: {problem}"),
            )
            .with_label("not a citation")
            .with_help(help),
        );
    }

    pub(super) fn report_raw_html(&mut self, range: std::ops::Range<usize>) {
        if self.allow_raw_html {
            return;
        }
        let span = self.span(range);
        self.diagnostics.push(
            Diagnostic::new(Code::RawHtml, span, "raw HTML is printed as text")
                .with_label("this HTML is escaped in the output")
                .with_help("write it in Markdown, or set `allow_raw_html = true` in briefc.toml"),
        );
    }
}
