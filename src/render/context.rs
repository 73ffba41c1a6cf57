//! What the page and text templates are given besides the body and
//! notes: the briefing's fields as printed, the contents, the locale's
//! words.

use serde::Serialize;
use tera::Context;

use super::Input;
use super::{GENERATOR, html, wrap};
use crate::model::{ContentsEntry, Status, plain_text};

/// The fields of `briefing.toml` as templates see them.
#[derive(Serialize)]
pub struct MetaContext {
    id: String,
    title: String,
    subtitle: Option<String>,
    series: Option<String>,
    publisher: Option<String>,
    authors: Option<String>,
    date: String,
    date_iso: String,
    status: &'static str,
    draft: bool,
    language: String,
    /// `ltr` or `rtl`, for HTML's `dir`.
    direction: &'static str,
}

impl MetaContext {
    pub fn new(input: &Input<'_>) -> Self {
        let meta = &input.doc.meta;
        let locale = &input.options.locale;
        MetaContext {
            id: input.id().to_string(),
            title: meta.title.clone(),
            subtitle: meta.subtitle.clone(),
            series: meta.series.clone(),
            publisher: meta.publisher.clone(),
            authors: meta.authors_line.clone(),
            date: meta.date.text.clone(),
            date_iso: meta.date.iso.clone(),
            status: meta.status.name(),
            draft: meta.status == Status::Draft,
            language: meta.language.clone(),
            direction: locale.direction(),
        }
    }

    /// The same fields wrapped for the plain-text title block.
    pub fn wrapped(mut self, width: usize) -> Self {
        fn w(s: &str, width: usize) -> String {
            wrap::wrap(s, width, "", "").join("\n")
        }
        self.title = w(&self.title, width);
        self.subtitle = self.subtitle.as_deref().map(|s| w(s, width));
        self.series = self.series.as_deref().map(|s| w(s, width));
        self.publisher = self.publisher.as_deref().map(|s| w(s, width));
        self.authors = self.authors.as_deref().map(|s| w(s, width));
        self
    }
}

#[derive(Serialize)]
struct TocContext {
    id: String,
    /// HTML, already escaped.
    title: String,
    children: Vec<TocContext>,
}

fn toc(contents: &[ContentsEntry]) -> Vec<TocContext> {
    let mut entries: Vec<TocContext> = Vec::new();
    for entry in contents {
        let item = TocContext {
            id: entry.id.clone(),
            title: html::attr(plain_text(&entry.content).trim()),
            children: Vec::new(),
        };
        match (entry.level, entries.last_mut()) {
            (2, Some(parent)) => parent.children.push(item),
            _ => entries.push(item),
        }
    }
    entries
}

/// The context every briefing template starts from; `briefing` is `meta`.
pub fn base(input: &Input<'_>, meta: MetaContext) -> Context {
    let mut context = Context::new();
    context.insert("generator", GENERATOR);
    context.insert("briefing", &meta);
    context.insert("toc", &toc(&input.doc.contents));
    context.insert("terms", &input.options.locale.terms);
    context.insert("translations", &input.doc.meta.translations);
    context.insert("editions", &editions(input));
    context
}

/// An edition the page links to, named in the page's language.
#[derive(Serialize)]
struct EditionLink<'a> {
    format: &'static str,
    label: &'a str,
    file: &'a str,
    size: Option<&'a str>,
}

fn editions<'a>(input: &Input<'a>) -> Vec<EditionLink<'a>> {
    input
        .offered
        .iter()
        .map(|offer| EditionLink {
            format: offer.format,
            label: match offer.format {
                "text" => &input.options.locale.terms.plain_text,
                "pdf" => "PDF",
                "docx" => "Word",
                "json" => "JSON",
                other => other,
            },
            file: &offer.file,
            size: offer.size.as_deref(),
        })
        .collect()
}
