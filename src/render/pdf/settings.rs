//! `/settings.json`: what the template needs beyond the document: the
//! `[pdf]` settings, the language as Typst names it, the date for the
//! file's metadata, and the locale's words. Documented in `docs/pdf.md`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::locale::Terms;
use crate::model::visit::{Visit, walk_block, walk_blocks};
use crate::model::{Block, Document, PartialDate};
use crate::render::Input;

#[derive(Serialize)]
struct Settings<'a> {
    paper: &'static str,
    notes: &'static str,
    sections: &'static str,
    /// Whether a page of contents is printed (`[pdf] contents`, settled
    /// for this briefing's headings).
    contents: bool,
    lang: String,
    region: Option<String>,
    date: Date,
    terms: TemplateTerms<'a>,
    /// The heading ids, which a link within the briefing may name.
    targets: Vec<&'a str>,
    /// Font families to try after the template's own, in order: the
    /// project's fonts (filled in by the typesetting, which reads them).
    fonts: [&'a str; 0],
    /// Notes a first layout printed on another page than their marker
    /// (filled in by the typesetting for each layout).
    carry: [u32; 0],
    /// `[pdf] system_fonts`: only then may Typst look beyond the fonts
    /// named for a character none of them has.
    fallback: bool,
    /// The images the world serves, by the address the document gives them.
    images: &'a BTreeMap<String, Image>,
}

/// An image of the briefing as the template finds it.
#[derive(Serialize)]
pub struct Image {
    /// Its path in the world: `/assets/img/map.png`.
    pub path: String,
    /// Its size in CSS pixels, when its header gives it: the template sets
    /// it no wider than that (at 96 to the inch), nor than the text.
    pub width: Option<u32>,
    pub height: Option<u32>,
}

#[derive(Serialize)]
struct TemplateTerms<'a> {
    #[serde(flatten)]
    terms: &'a Terms,
    /// `[Image: {alt}]`, with `{alt}` for the description.
    image: String,
}

#[derive(Serialize)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

pub fn settings(input: &Input<'_>, images: &BTreeMap<String, Image>) -> serde_json::Value {
    let options = input.options;
    let (lang, region) = typst_language(&input.doc.meta.language);
    let image = options.locale.image("{alt}");
    let settings = Settings {
        paper: options.pdf.paper.typst_name(),
        notes: options.pdf.notes.name(),
        sections: options.pdf.sections.name(),
        contents: options.pdf.contents.wanted(input.doc.contents.len()),
        lang,
        region,
        date: date_of(&input.doc.meta.date.iso),
        terms: TemplateTerms {
            terms: &options.locale.terms,
            image,
        },
        targets: heading_ids(input.doc),
        fonts: [],
        carry: [],
        fallback: options.pdf.system_fonts,
        images,
    };
    serde_json::to_value(&settings).expect("settings serialize")
}

/// The language and region Typst accepts: a BCP 47 tag's primary subtag
/// when it is two or three letters (else English), and its region when it
/// is two letters.
pub fn typst_language(tag: &str) -> (String, Option<String>) {
    let mut parts = tag.split(['-', '_']);
    let primary = parts.next().unwrap_or_default();
    let lang =
        if (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic()) {
            primary.to_ascii_lowercase()
        } else {
            "en".to_string()
        };
    let region = parts
        .find(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()))
        .map(|p| p.to_ascii_uppercase());
    (lang, region)
}

/// `2006-06-30`, `2006-06` or `2006` as a whole date; a missing month or
/// day is the first. (The date was checked when `briefing.toml` was read.)
pub fn date_of(iso: &str) -> Date {
    let date = PartialDate::parse(iso).unwrap_or(PartialDate {
        year: 1970,
        month: None,
        day: None,
    });
    Date {
        year: i32::from(date.year),
        month: date.month.unwrap_or(1) as u8,
        day: date.day.unwrap_or(1) as u8,
    }
}

fn heading_ids(doc: &Document) -> Vec<&str> {
    struct Ids<'a>(Vec<&'a str>);
    impl<'a> Visit<'a> for Ids<'a> {
        fn visit_block(&mut self, block: &'a Block) {
            if let Block::Heading { id, .. } = block {
                self.0.push(id);
            }
            walk_block(self, block);
        }
    }
    let mut ids = Ids(Vec::new());
    walk_blocks(&mut ids, &doc.summary);
    for section in &doc.sections {
        walk_blocks(&mut ids, &section.blocks);
    }
    ids.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_typst_accepts() {
        assert_eq!(typst_language("en"), ("en".into(), None));
        assert_eq!(typst_language("en-GB"), ("en".into(), Some("GB".into())));
        assert_eq!(
            typst_language("zh-Hans-CN"),
            ("zh".into(), Some("CN".into()))
        );
        assert_eq!(typst_language("x-klingon"), ("en".into(), None));
        assert_eq!(typst_language(""), ("en".into(), None));
    }

    #[test]
    fn partial_dates_become_whole() {
        let d = date_of("2006-06");
        assert_eq!((d.year, d.month, d.day), (2006, 6, 1));
        let d = date_of("2006");
        assert_eq!((d.year, d.month, d.day), (2006, 1, 1));
    }
}
