//! The fields of `briefing.toml` as the briefing prints them: every text
//! field through the same locale-aware punctuation, the date written out.

use crate::locale::Locale;
use crate::model::{DateText, Meta};
use crate::options::BriefingOptions;
use crate::project::Metadata;

pub fn printed(meta: &Metadata, options: &BriefingOptions) -> Meta {
    let locale: &Locale = &options.locale;
    let text = |field: &Option<String>| field.as_deref().map(|t| locale.smarten(t));
    Meta {
        title: locale.smarten(&meta.title),
        subtitle: text(&meta.subtitle),
        series: text(&meta.series),
        publisher: text(&meta.publisher),
        authors: meta.authors.iter().map(|a| locale.smarten(a)).collect(),
        date: DateText::new(&meta.date, locale.date(&meta.date, options.date_style)),
        status: meta.status,
        language: meta.language.clone(),
        placement: options.placement,
    }
}
