//! The fields of `briefing.toml` as the briefing prints them: every text
//! field through the same locale-aware punctuation, the date written out.

use crate::locale::{Locale, language_name};
use crate::model::{DateText, Meta, Translation};
use crate::options::BriefingOptions;
use crate::project::{Metadata, Project, Status};

/// The fields as printed, with the briefing's other languages and its
/// logo's published address.
pub fn printed(
    meta: &Metadata,
    options: &BriefingOptions,
    translations: Vec<Translation>,
    logo: Option<String>,
) -> Meta {
    let locale: &Locale = &options.locale;
    let text = |field: &Option<String>| field.as_deref().map(|t| locale.smarten(t));
    let authors: Vec<String> = meta.authors.iter().map(|a| locale.smarten(a)).collect();
    Meta {
        title: locale.smarten(&meta.title),
        short_title: text(&meta.short_title),
        subtitle: text(&meta.subtitle),
        series: text(&meta.series),
        publisher: text(&meta.publisher),
        authors_line: (!authors.is_empty()).then(|| locale.join_names(&authors)),
        authors,
        date: DateText::new(&meta.date, locale.date(&meta.date, options.date_style)),
        status: meta.status,
        language: meta.language.clone(),
        placement: options.placement,
        logo,
        colour: options.cover.colour.clone(),
        translations,
    }
}

/// The other languages' editions of briefing `id`: its original and the
/// original's translations, in the project's order. A final briefing
/// lists only final ones (a draft is not built beside it); a draft lists
/// drafts too.
pub fn translations(project: &Project, id: &str, meta: &Metadata) -> Vec<Translation> {
    let original = meta.translation_of.as_ref().map_or(id, |(o, _)| o.as_str());
    let group = project.briefings.iter().filter_map(|b| {
        let m = b.metadata.as_ref()?;
        let in_group = b.id == original
            || m.translation_of
                .as_ref()
                .is_some_and(|(o, _)| o == original);
        (in_group && b.id != id && (meta.status == Status::Draft || m.status == Status::Final))
            .then_some((b.id.as_str(), m))
    });
    group
        .map(|(other, m)| Translation {
            id: other.to_string(),
            language: m.language.clone(),
            language_name: language_name(&m.language),
            title: m.title.clone(),
            original: other == original,
        })
        .collect()
}
