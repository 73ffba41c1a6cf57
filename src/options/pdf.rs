//! How the PDF edition is set (`[pdf]` of `briefc.toml`), as the PDF
//! backend reads it; `project` reads the table into these values.

/// Where the notes of the PDF are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PdfNotes {
    /// At the foot of the page that refers to them.
    #[default]
    Page,
    /// In one list after the last section.
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    UsLetter,
}

/// A PDF standard the file must conform to, beyond the tagged PDF that is
/// always written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PdfStandard {
    /// PDF/UA-1, for accessibility.
    Ua1,
    /// PDF/A-2b, for archives.
    A2b,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfSettings {
    pub notes: PdfNotes,
    pub paper: Paper,
    pub standard: Option<PdfStandard>,
    /// Whether the machine's own fonts are used besides the embedded ones
    /// and the project's `fonts/`; off by default, since they make the
    /// output depend on the machine.
    pub system_fonts: bool,
    /// How long typesetting one briefing may take, in seconds.
    pub timeout: u64,
    /// Whether each section begins a new page.
    pub sections: SectionStart,
    /// Whether the PDF has a page of contents.
    pub contents: Contents,
}

/// `[pdf] contents`: `"auto"`, `true` or `false`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Contents {
    /// Only for a briefing with [`CONTENTS_FROM`] headings or more.
    #[default]
    Auto,
    Always,
    Never,
}

/// How many headings of the first two levels a briefing needs before the
/// PDF gives it a page of contents by default: fewer fit on the eye at
/// once, and a contents page would be longer than what it lists.
pub const CONTENTS_FROM: usize = 5;

impl Contents {
    /// Whether a briefing with `headings` entries in its contents gets
    /// a contents page.
    pub fn wanted(self, headings: usize) -> bool {
        match self {
            Contents::Auto => headings >= CONTENTS_FROM,
            Contents::Always => headings > 0,
            Contents::Never => false,
        }
    }
}

/// Where a section of the PDF begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SectionStart {
    /// On a new page: the usual look of a report, and each section is laid
    /// out on its own, in parallel with the others.
    #[default]
    NewPage,
    /// Right after the one before.
    Continue,
}

impl SectionStart {
    pub fn name(self) -> &'static str {
        match self {
            SectionStart::NewPage => "new-page",
            SectionStart::Continue => "continue",
        }
    }
}

pub const DEFAULT_PDF_TIMEOUT: u64 = 600;
pub const MAX_PDF_TIMEOUT: i64 = 3_600;

impl Default for PdfSettings {
    fn default() -> Self {
        PdfSettings {
            notes: PdfNotes::default(),
            paper: Paper::default(),
            standard: None,
            system_fonts: false,
            timeout: DEFAULT_PDF_TIMEOUT,
            sections: SectionStart::default(),
            contents: Contents::default(),
        }
    }
}

pub const PAPERS: &[&str] = &["a4", "us-letter"];
pub const STANDARDS: &[&str] = &["ua-1", "a-2b"];

impl Paper {
    /// The name Typst gives the paper size.
    pub fn typst_name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::UsLetter => "us-letter",
        }
    }
}

impl PdfNotes {
    pub fn name(self) -> &'static str {
        match self {
            PdfNotes::Page => "page",
            PdfNotes::End => "end",
        }
    }
}

/// The publisher's own title page: a logo (an image of the project) and a
/// colour, from `[pdf]` of `briefc.toml`, each replaced by the briefing's
/// own `[pdf]` in `briefing.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cover {
    /// The logo's path as written, from the file that names it, and where.
    pub logo: Option<(String, crate::diagnostics::Span)>,
    /// `#0b4f8a`.
    pub colour: Option<String>,
}
