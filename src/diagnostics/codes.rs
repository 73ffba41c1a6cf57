//! The stable names of every diagnostic and their default levels.
//! These names appear in `[lints]` and in `check --format json`, so a name
//! once published is never changed.

use super::Severity;

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $summary:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code { $($variant),* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name),* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity),* }
            }

            /// What the diagnostic is about, in one sentence: for the
            /// rules of a SARIF report.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary),* }
            }
        }
    };
}

codes! {
    UndefinedFootnote = "undefined-footnote", Error, "A footnote reference has no definition.";
    DuplicateFootnote = "duplicate-footnote", Error, "A footnote label is defined twice in one briefing.";
    EmptyFootnote = "empty-footnote", Error, "A footnote definition has no text.";
    NestedFootnote = "nested-footnote", Error, "A footnote definition refers to another footnote.";
    MissingSection = "missing-section", Error, "A section listed in briefing.toml does not exist.";
    InvalidMetadata = "invalid-metadata", Error, "briefing.toml or briefc.toml has a bad key, type, value or date.";
    InvalidBriefingId = "invalid-briefing-id", Error, "A directory under briefings/ has a name that is not a briefing id.";
    InvalidUtf8 = "invalid-utf8", Error, "A file is not UTF-8 text.";
    DuplicateHeadingId = "duplicate-heading-id", Error, "A heading id is taken by another heading or reserved.";
    BrokenAnchor = "broken-anchor", Error, "A link to #id names no heading.";
    TemplateError = "template-error", Error, "A template fails to parse or to render.";
    RenumberConflict = "renumber-conflict", Error, "Renumbering would give a note a label another note keeps.";
    UnknownSource = "unknown-source", Error, "A citation names a key the source library does not have.";
    InvalidSource = "invalid-source", Error, "An entry of the source library has a bad type, field or value.";
    InvalidStyle = "invalid-style", Error, "The CSL style `[style] csl` names cannot be found, read or used for notes.";
    RefusedFile = "refused-file", Error, "A file is outside the project, a link out of it, or not a regular file.";
    MissingAsset = "missing-asset", Error, "An image or linked local file does not exist.";
    UnsafeAsset = "unsafe-asset", Error, "A published file (an SVG, a page of HTML) could run script when opened from the site.";
    InvalidImage = "invalid-image", Error, "An image does not decode, so the PDF cannot show it.";
    UnsafeLink = "unsafe-link", Error, "A link uses a scheme that could run script or read local files.";
    PdfStandard = "pdf-standard", Error, "The PDF falls short of the PDF standard asked for.";
    PdfLimit = "pdf-limit", Error, "The PDF would pass one of its limits (text, images, fonts, a link, time, memory) and is left out.";
    UnusedFootnote = "unused-footnote", Warning, "A footnote definition is never referred to.";
    FootnoteNumberMismatch = "footnote-number-mismatch", Warning, "A numeric footnote label differs from the number printed.";
    MarkerBeforePunctuation = "marker-before-punctuation", Warning, "A note marker stands on the wrong side of punctuation for the language.";
    UnlistedSection = "unlisted-section", Warning, "A Markdown file in the briefing's directory is not listed in sections.";
    RawHtml = "raw-html", Warning, "Raw HTML is printed as text.";
    StrayText = "stray-text", Warning, "A footnote file holds text outside any definition.";
    DeepNesting = "deep-nesting", Warning, "Lists, quotes or emphasis are nested too deep and are flattened.";
    MalformedCitation = "malformed-citation", Warning, "A bracket looks like a citation but does not parse.";
    NoteOffPage = "note-off-page", Warning, "A PDF note is printed on another page than its marker.";
    MissingGlyph = "missing-glyph", Warning, "No font of the PDF has a character of the text.";
    PdfWarning = "pdf-warning", Warning, "Typst warned while typesetting the PDF.";
    InvalidFont = "invalid-font", Warning, "A file in fonts/ holds no font briefc can read.";
    UnknownLanguage = "unknown-language", Warning, "briefc has no words for the briefing's language.";
    MissingAltText = "missing-alt-text", Warning, "An image has no description.";
    SvgLinkedImage = "svg-linked-image", Warning, "An SVG links a bitmap instead of holding it, which no edition shows.";
    BrokenLink = "broken-link", Warning, "A cited web page does not answer, or answers with an error.";
    MovedLink = "moved-link", Warning, "A cited web page has moved for good to another address.";
    TranslationDrift = "translation-drift", Warning, "A translation's notes, sources, sections or images differ from its original's.";
    RefusedLink = "refused-link", Warning, "A cited address leads to this machine or a private network, and is not fetched.";
    MissingStyleField = "missing-style-field", Warning, "A cited source lacks a field its CSL style prints.";
}

impl Code {
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// Diagnostics that are reported only when `[lints]` asks for them.
    pub fn allowed_by_default(self) -> bool {
        matches!(self, Code::MovedLink)
    }

    /// Problems that make the output impossible or wrong can not be
    /// lowered below an error by `[lints]`.
    pub fn is_fatal(self) -> bool {
        matches!(
            self,
            Code::UndefinedFootnote
                | Code::DuplicateFootnote
                | Code::EmptyFootnote
                | Code::NestedFootnote
                | Code::MissingSection
                | Code::InvalidMetadata
                | Code::InvalidBriefingId
                | Code::InvalidUtf8
                | Code::DuplicateHeadingId
                | Code::TemplateError
                | Code::RenumberConflict
                | Code::UnknownSource
                | Code::InvalidSource
                | Code::InvalidStyle
                | Code::RefusedFile
                | Code::MissingAsset
                | Code::UnsafeAsset
                | Code::InvalidImage
                | Code::UnsafeLink
                | Code::PdfStandard
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LintLevel {
    Allow,
    Warn,
    Deny,
}

impl LintLevel {
    pub fn from_name(name: &str) -> Option<LintLevel> {
        match name {
            "allow" => Some(LintLevel::Allow),
            "warn" => Some(LintLevel::Warn),
            "deny" => Some(LintLevel::Deny),
            _ => None,
        }
    }
}
