//! `[style] csl`: the CSL style a briefing's notes are printed in, found
//! and checked once while loading (a style bundled with hayagriva, by
//! name, or a `.csl` file of the project).

use std::sync::Arc;

use citationberg::{IndependentStyle, Style, StyleClass};
use hayagriva::archive::ArchivedStyle;

use crate::diagnostics::Span;

/// A note style ready for the citation engine.
#[derive(Debug)]
pub struct CslStyle {
    /// As the setting names it: `chicago-notes`, `styles/oscola.csl`.
    pub name: String,
    /// Where the setting stands: where a failure of the style is shown.
    pub span: Span,
    pub style: IndependentStyle,
    /// The style without its bibliography, for a briefing that asks for
    /// none: the engine sorts every source by the bibliography's keys
    /// whether it is printed or not, a sixth of its time.
    pub notes_only: IndependentStyle,
    /// Every variable the style can print (`title`, `issued`,
    /// `container-title`, ...), sorted: a source that lacks one a style
    /// needs is a warning.
    pub printed_variables: Vec<String>,
}

impl CslStyle {
    pub fn prints(&self, variable: &str) -> bool {
        self.printed_variables
            .binary_search_by(|v| v.as_str().cmp(variable))
            .is_ok()
    }
}

/// `csl = "..."` as a TOML file gives it, and the style it names once
/// loaded (`None` while not loaded, or when it could not be: that is
/// reported where the setting stands).
#[derive(Debug, Clone)]
pub struct CslSetting {
    pub value: String,
    pub span: Span,
    pub loaded: Option<Arc<CslStyle>>,
}

/// The note styles bundled with briefc (hayagriva's), by name, with
/// their titles: what `[style] csl` can name without a file.
pub fn bundled_note_styles() -> Vec<(&'static str, &'static str)> {
    let mut styles: Vec<(&'static str, &'static str)> = ArchivedStyle::all()
        .iter()
        .filter(|style| {
            matches!(style.get(), Style::Independent(s) if s.settings.class == StyleClass::Note)
        })
        .filter_map(|style| Some((*style.names().first()?, style.display_name())))
        .collect();
    styles.sort_unstable();
    styles
}

/// A bundled note style, by any of its names, as a .csl file to keep in
/// a project and change.
pub fn bundled_style_xml(name: &str) -> Option<String> {
    let style = ArchivedStyle::by_name(name)?.get();
    if !matches!(&style, Style::Independent(s) if s.settings.class == StyleClass::Note) {
        return None;
    }
    let xml = style.to_xml().ok()?;
    Some(format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{xml}\n"
    ))
}
