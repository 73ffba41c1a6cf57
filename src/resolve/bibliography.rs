//! `[style] bibliography` in the house style: each source the notes cite,
//! once, in full, by author (a source without one after them), then title.

use super::cites::Cited;
use crate::model::{Bibliography, Inline};
use crate::options::BriefingOptions;
use crate::sources::style::{self, Form, Request};
use crate::sources::{Library, Source};

/// The house style's list of sources: each cited source once, in full,
/// by author, then title.
pub fn house(cited: &[Cited], library: &Library, options: &BriefingOptions) -> Vec<Vec<Inline>> {
    let mut sources: Vec<&Source> = cited.iter().filter_map(|c| library.get(&c.key)).collect();
    let order = |source: &Source| {
        let author = source.authors.first().map(|a| a.to_lowercase());
        // A title that opens with a quotation mark sorts by its first word.
        let title = source.field("title").unwrap_or_default();
        let title = title
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        (author.is_none(), author, title, source.key.clone())
    };
    sources.sort_by_cached_key(|s| order(s));
    sources.dedup_by(|a, b| a.key == b.key);
    sources
        .into_iter()
        .map(|source| {
            let request = Request {
                form: Form::Full,
                locator: None,
                omit_author: false,
                capital: true,
                dates: options.date_style,
                et_al: options.et_al,
                locale: &options.locale,
            };
            let mut entry = style::format(source, &request);
            style::add_mark(&mut entry, '.', &options.locale);
            entry
        })
        .collect()
}

/// The list under its heading in the briefing's language, its entries'
/// quotation marks and spacing the language's, as the text's are.
pub fn titled(mut entries: Vec<Vec<Inline>>, options: &BriefingOptions) -> Bibliography {
    for entry in &mut entries {
        crate::locale::localise_inlines(entry, &options.locale);
    }
    Bibliography {
        heading: options.locale.terms.bibliography.clone(),
        entries,
    }
}
