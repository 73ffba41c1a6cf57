//! The stable names of every diagnostic and their default levels.
//! These names appear in `[lints]` and in `check --format json`, so a name
//! once published is never changed.

use super::Severity;

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident;)*) => {
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
        }
    };
}

codes! {
    UndefinedFootnote = "undefined-footnote", Error;
    DuplicateFootnote = "duplicate-footnote", Error;
    EmptyFootnote = "empty-footnote", Error;
    NestedFootnote = "nested-footnote", Error;
    MissingSection = "missing-section", Error;
    InvalidMetadata = "invalid-metadata", Error;
    InvalidBriefingId = "invalid-briefing-id", Error;
    InvalidUtf8 = "invalid-utf8", Error;
    DuplicateHeadingId = "duplicate-heading-id", Error;
    BrokenAnchor = "broken-anchor", Error;
    TemplateError = "template-error", Error;
    RenumberConflict = "renumber-conflict", Error;
    UnknownSource = "unknown-source", Error;
    InvalidSource = "invalid-source", Error;
    RefusedFile = "refused-file", Error;
    MissingAsset = "missing-asset", Error;
    UnsafeAsset = "unsafe-asset", Error;
    InvalidImage = "invalid-image", Error;
    UnsafeLink = "unsafe-link", Error;
    PdfStandard = "pdf-standard", Error;
    UnusedFootnote = "unused-footnote", Warning;
    FootnoteNumberMismatch = "footnote-number-mismatch", Warning;
    MarkerBeforePunctuation = "marker-before-punctuation", Warning;
    UnlistedSection = "unlisted-section", Warning;
    RawHtml = "raw-html", Warning;
    StrayText = "stray-text", Warning;
    DeepNesting = "deep-nesting", Warning;
    MalformedCitation = "malformed-citation", Warning;
    NoteOffPage = "note-off-page", Warning;
    MissingGlyph = "missing-glyph", Warning;
    PdfWarning = "pdf-warning", Warning;
    InvalidFont = "invalid-font", Warning;
    UnknownLanguage = "unknown-language", Warning;
    MissingAltText = "missing-alt-text", Warning;
}

impl Code {
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
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
