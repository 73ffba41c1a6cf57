//! The settled options: everything the stages after loading read of the
//! project's settings and a briefing's metadata, decided once by
//! `project` (the command line over `briefing.toml` over `briefc.toml`).
//! Nothing here reads a file or a setting; `resolve`, `render` and
//! `sources` read these values and never the files they came from.

mod csl;
mod format;
mod pdf;

use std::sync::Arc;
use std::time::Duration;

pub use csl::{CslSetting, CslStyle, bundled_note_styles, bundled_style_xml};
pub use format::{Format, Formats, parse_list, quoted_names, read_formats};
pub use pdf::{
    CONTENTS_FROM, Contents, Cover, DEFAULT_PDF_TIMEOUT, MAX_PDF_TIMEOUT, PAPERS, Paper, PdfNotes,
    PdfSettings, PdfStandard, STANDARDS, SectionStart,
};

use crate::locale::Locale;
use crate::model::{DateStyle, Placement};

/// One briefing's options.
#[derive(Debug, Clone)]
pub struct BriefingOptions {
    /// The plain text's line width; 0 for no wrapping.
    pub width: usize,
    pub date_style: DateStyle,
    pub ibid: bool,
    /// From this many authors on, the first and "et al." (0: never).
    pub et_al: usize,
    /// `[style] csl`: the notes in this CSL style instead of the house
    /// style.
    pub csl: Option<Arc<CslStyle>>,
    /// `[style] bibliography`: a list of the sources cited at the end.
    pub bibliography: bool,
    pub allow_raw_html: bool,
    /// The editions to write.
    pub formats: Formats,
    pub locale: Arc<Locale>,
    pub placement: Placement,
    /// The number of the first note.
    pub footnote_start: u32,
    /// `[pdf]` of `briefc.toml`.
    pub pdf: PdfSettings,
    /// The title page's logo and colour.
    pub cover: Cover,
}

impl BriefingOptions {
    pub fn writes(&self, format: Format) -> bool {
        self.formats.contains(format)
    }
}

/// What a project's own templates may take (`[templates]`): the built-in
/// ones are trusted and run without limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TemplateLimits {
    /// How long one rendering may take.
    pub timeout: Duration,
}

impl Default for TemplateLimits {
    fn default() -> Self {
        TemplateLimits {
            timeout: Duration::from_secs(DEFAULT_TEMPLATE_TIMEOUT),
        }
    }
}

/// The house style names the first author and "et al." from four
/// authors on, as the publishers whose notes it follows do.
pub const ET_AL_FROM: usize = 4;

pub const DEFAULT_TEMPLATE_TIMEOUT: u64 = 10;
pub const MAX_TEMPLATE_TIMEOUT: i64 = 600;
