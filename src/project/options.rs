//! One briefing's options, settled once before the pipeline runs: the
//! command line wins over `briefing.toml`, which wins over `briefc.toml`.
//! No later stage looks at the settings or the metadata for an option.

use std::sync::Arc;

use super::{Metadata, PdfSettings, Settings};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Span, closest, suggestion};
use crate::locale::Locale;
use crate::model::{DateStyle, Placement};

/// The outputs written when nothing names any: the PDF too when this
/// briefc can typeset one.
pub const DEFAULT_FORMATS: &[&str] = if cfg!(feature = "pdf") {
    &["html", "text", "pdf"]
} else {
    &["html", "text"]
};

/// What a command line sets over the project's files.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--width`.
    pub width: Option<usize>,
    /// `--format`, already checked against the known formats.
    pub formats: Option<Vec<String>>,
}

#[derive(Debug, Clone)]
pub struct BriefingOptions {
    /// The plain text's line width; 0 for no wrapping.
    pub width: usize,
    pub date_style: DateStyle,
    pub ibid: bool,
    pub allow_raw_html: bool,
    /// The outputs to write, by name, in the order of the known formats.
    pub formats: Vec<&'static str>,
    pub locale: Arc<Locale>,
    pub placement: Placement,
    /// The number of the first note.
    pub footnote_start: u32,
    /// `[pdf]` of `briefc.toml`.
    pub pdf: PdfSettings,
}

impl BriefingOptions {
    /// The options of a briefing. `known` lists the formats there are;
    /// an unknown one in either file is reported (and left out).
    pub fn new(
        settings: &Settings,
        meta: &Metadata,
        overrides: &Overrides,
        known: &[&'static str],
        diagnostics: &mut Diagnostics,
    ) -> Self {
        let named: Option<Vec<String>> = match (&overrides.formats, &meta.formats) {
            (Some(formats), _) => Some(formats.clone()),
            (None, Some(formats)) => Some(checked(formats, known, "briefing.toml", diagnostics)),
            (None, None) => settings.formats.as_ref().map(|formats| {
                // Checked once for the project, by `check_formats`.
                formats.iter().map(|(name, _)| name.clone()).collect()
            }),
        };
        check_language(settings, meta, diagnostics);
        let named =
            named.unwrap_or_else(|| DEFAULT_FORMATS.iter().map(|f| f.to_string()).collect());
        let formats = known
            .iter()
            .copied()
            .filter(|format| named.iter().any(|n| n == format))
            .collect();
        BriefingOptions {
            width: overrides
                .width
                .or(meta.text_width)
                .unwrap_or(settings.text_width),
            date_style: settings.date_style,
            ibid: settings.ibid,
            allow_raw_html: settings.allow_raw_html,
            formats,
            locale: Locale::for_language(&meta.language, &settings.locales),
            placement: meta.placement,
            footnote_start: meta.footnote_start,
            pdf: settings.pdf,
        }
    }

    pub fn writes(&self, format: &str) -> bool {
        self.formats.contains(&format)
    }
}

/// A language briefc has no locale for, built in or in `[locales]`, is
/// printed with English words: say so at the `language` key.
fn check_language(settings: &Settings, meta: &Metadata, diagnostics: &mut Diagnostics) {
    let Some(span) = meta.language_span else {
        return;
    };
    if crate::locale::has_locale(&meta.language, &settings.locales) {
        return;
    }
    let language = crate::locale::primary_subtag(&meta.language);
    let builtin: Vec<&str> = crate::locale::builtin_languages().collect();
    diagnostics.push(
        Diagnostic::new(
            Code::UnknownLanguage,
            span,
            format!("briefc has no locale for the language `{}`", meta.language),
        )
        .with_label("the words briefc adds will be English")
        .with_help(format!(
            "built in: {}; add your own words under [locales.{language}] in briefc.toml \
             (see docs/style.md)",
            builtin.join(", ")
        )),
    );
}

/// Reports each unknown format of `briefc.toml` once for the project.
pub fn check_formats(settings: &Settings, known: &[&'static str], diagnostics: &mut Diagnostics) {
    if let Some(formats) = &settings.formats {
        checked(formats, known, "briefc.toml", diagnostics);
    }
}

/// The names that are known formats; each other one is an error.
fn checked(
    formats: &[(String, Span)],
    known: &[&'static str],
    file: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<String> {
    let mut kept = Vec::new();
    for (name, span) in formats {
        if known.contains(&name.as_str()) {
            kept.push(name.clone());
            continue;
        }
        let help = match closest(name, known.iter().copied()) {
            Some(hint) => format!("did you mean \"{}\"?", suggestion(hint, name)),
            None => format!("the formats are {}", quoted_list(known)),
        };
        diagnostics.push(
            Diagnostic::new(
                Code::InvalidMetadata,
                *span,
                format!("unknown format `{name}` in {file}"),
            )
            .with_label("not a format briefc writes")
            .with_help(help),
        );
    }
    kept
}

/// `"html", "text", and "json"`, for messages (which are in English).
pub fn quoted_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    crate::locale::english().join_names(&quoted)
}
