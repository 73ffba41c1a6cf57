//! One briefing's options, settled once before the pipeline runs: the
//! command line wins over `briefing.toml`, which wins over `briefc.toml`.
//! No later stage looks at the settings or the metadata for an option.

use super::{Metadata, Settings};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::locale::Locale;
use crate::options::{BriefingOptions, Cover, Formats};

/// What a command line sets over the project's files.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--width`.
    pub width: Option<usize>,
    /// `--format`.
    pub formats: Option<Formats>,
}

/// The options of a briefing; a language briefc has no words for is
/// reported.
pub fn briefing_options(
    settings: &Settings,
    meta: &Metadata,
    overrides: &Overrides,
    diagnostics: &mut Diagnostics,
) -> BriefingOptions {
    check_language(settings, meta, diagnostics);
    BriefingOptions {
        width: overrides
            .width
            .or(meta.text_width)
            .unwrap_or(settings.text_width),
        date_style: settings.date_style,
        ibid: settings.ibid,
        et_al: settings.et_al,
        csl: meta
            .csl
            .as_ref()
            .or(settings.csl.as_ref())
            .and_then(|setting| setting.loaded.clone()),
        bibliography: meta.bibliography.unwrap_or(settings.bibliography),
        allow_raw_html: settings.allow_raw_html,
        formats: overrides
            .formats
            .or(meta.formats)
            .or(settings.formats)
            .unwrap_or(Formats::DEFAULT),
        locale: Locale::for_language(&meta.language, &settings.locales),
        placement: meta.placement,
        footnote_start: meta.footnote_start,
        pdf: settings.pdf,
        cover: Cover {
            logo: meta
                .cover
                .logo
                .clone()
                .or_else(|| settings.cover.logo.clone()),
            colour: meta
                .cover
                .colour
                .clone()
                .or_else(|| settings.cover.colour.clone()),
        },
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
