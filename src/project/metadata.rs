//! `briefing.toml`: one briefing's title, date, sections and options.

use crate::diagnostics::{Code, Diagnostic, Diagnostics, FileId, Span};
use crate::model::{PartialDate, Placement, Status};
use crate::options::{Formats, read_formats};
use crate::toml_fields::{self, Fields};

#[derive(Debug, Clone)]
pub struct Metadata {
    pub title: String,
    /// `short-title`: the running head's and the bookmarks' title.
    pub short_title: Option<String>,
    pub subtitle: Option<String>,
    pub series: Option<String>,
    pub publisher: Option<String>,
    pub authors: Vec<String>,
    pub date: PartialDate,
    pub status: Status,
    pub language: String,
    /// Where `language` stands in briefing.toml, when it is given.
    pub language_span: Option<Span>,
    /// Markdown.
    pub summary: Option<String>,
    /// Where the summary's value stands in briefing.toml.
    pub summary_span: Option<Span>,
    /// Where the value of each field the title block prints stands.
    pub field_spans: Vec<(&'static str, Span)>,
    /// Section paths as written, with where they were written.
    pub sections: Vec<(String, Span)>,
    pub footnote_start: u32,
    pub placement: Placement,
    pub text_width: Option<usize>,
    /// `formats`: the editions this briefing asks for.
    pub formats: Option<Formats>,
    /// `translation-of`: the id of the briefing this one translates, with
    /// where it is written.
    pub translation_of: Option<(String, Span)>,
    /// `[pdf] logo` and `colour`: this briefing's own title page.
    pub cover: crate::options::Cover,
    /// `[style] csl`: this briefing's notes in a CSL style.
    pub csl: Option<crate::options::CslSetting>,
    /// `[style] bibliography`.
    pub bibliography: Option<bool>,
}

const KEYS: &[&str] = &[
    "title",
    "short-title",
    "subtitle",
    "series",
    "publisher",
    "authors",
    "date",
    "status",
    "language",
    "summary",
    "sections",
    "footnotes",
    "text",
    "formats",
    "translation-of",
    "pdf",
    "style",
];

impl Metadata {
    /// Reads a `briefing.toml`. Every problem is reported; the metadata is
    /// still returned when title, date and sections could be read, so the
    /// briefing's other files are checked in the same run (its errors
    /// still stop a build).
    pub fn parse(text: &str, file: FileId, diagnostics: &mut Diagnostics) -> Option<Metadata> {
        let table = toml_fields::parse(text, file, Code::InvalidMetadata, diagnostics)?;
        let top = Fields::new(&table, file, "briefing.toml");
        top.deny_unknown(KEYS, diagnostics);

        let title = top.string("title", diagnostics);
        if top.get("title").is_none() {
            top.missing("title", "\"The Briefing's Title\"", diagnostics);
        }
        if let Some((t, span)) = &title
            && t.trim().is_empty()
        {
            diagnostics.push(
                Diagnostic::new(Code::InvalidMetadata, *span, "`title` is empty")
                    .with_help("every briefing needs a title"),
            );
        }
        let date = top.date("date", diagnostics);
        if top.get("date").is_none() {
            top.missing("date", "2007-01-23", diagnostics);
        }
        let sections = top.string_list("sections", diagnostics);
        if top.get("sections").is_none() {
            top.missing("sections", "[\"01-introduction.md\"]", diagnostics);
        }
        if let Some(list) = &sections
            && list.is_empty()
            && let Some((_, span)) = top.get("sections")
        {
            diagnostics.push(
                Diagnostic::new(Code::InvalidMetadata, span, "`sections` is empty")
                    .with_help("list the briefing's section files in reading order"),
            );
        }
        let status = top
            .choice("status", &["draft", "final"], diagnostics)
            .map(|(i, _)| [Status::Draft, Status::Final][i]);
        let language = top.string("language", diagnostics);
        if let Some((lang, span)) = &language
            && !is_language_tag(lang)
        {
            diagnostics.push(
                Diagnostic::new(
                    Code::InvalidMetadata,
                    *span,
                    format!("`{lang}` is not a BCP 47 language tag"),
                )
                .with_help("write a tag such as \"en\", \"fr\" or \"pt-BR\""),
            );
        }
        let authors = match top.get("authors") {
            Some((value, _)) if value.get_ref().is_str() => top
                .string("authors", diagnostics)
                .map(|(a, _)| vec![a])
                .unwrap_or_default(),
            _ => top
                .string_list("authors", diagnostics)
                .map(|list| list.into_iter().map(|(a, _)| a).collect())
                .unwrap_or_default(),
        };

        let mut footnote_start = 1;
        let mut placement = Placement::End;
        if let Some(footnotes) = top.table("footnotes", diagnostics) {
            footnotes.deny_unknown(&["start", "placement"], diagnostics);
            if let Some(start) = footnotes.integer("start", 1..=1_000_000, diagnostics) {
                footnote_start = start as u32;
            }
            if let Some((i, _)) = footnotes.choice("placement", &["end", "section"], diagnostics) {
                placement = [Placement::End, Placement::Section][i];
            }
        }
        let text_width = super::settings::text_width(&top, diagnostics);
        let formats = top
            .string_list("formats", diagnostics)
            .map(|names| read_formats(&names, "briefing.toml", diagnostics));

        let (csl, bibliography) = style(&top, diagnostics);
        let optional =
            |key: &str, diagnostics: &mut Diagnostics| top.string(key, diagnostics).map(|(s, _)| s);
        let subtitle = optional("subtitle", diagnostics);
        let series = optional("series", diagnostics);
        let publisher = optional("publisher", diagnostics);
        // Markdown: its own smart punctuation applies when it is parsed.
        let (summary, summary_span) = match top.string("summary", diagnostics) {
            Some((text, span)) => (Some(text), Some(span)),
            None => (None, None),
        };

        Some(Metadata {
            field_spans: field_spans(&top),
            title: title?.0,
            short_title: top.string("short-title", diagnostics).map(|(s, _)| s),
            subtitle,
            series,
            publisher,
            authors,
            date: date?,
            status: status.unwrap_or(Status::Draft),
            language_span: language.as_ref().map(|(_, span)| *span),
            language: language.map(|(l, _)| l).unwrap_or_else(|| "en".to_string()),
            summary,
            summary_span,
            sections: sections?,
            footnote_start,
            placement,
            text_width,
            formats,
            translation_of: top.string("translation-of", diagnostics),
            cover: cover(&top, diagnostics),
            csl,
            bibliography,
        })
    }
}

/// A loose check of BCP 47 shape: letters first, then subtags of letters
/// and digits, each at most eight long.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=8).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// `[pdf]` of a briefing.toml: the title page's `logo` and `colour`.
fn cover(top: &Fields<'_, '_>, diagnostics: &mut Diagnostics) -> crate::options::Cover {
    match top.table("pdf", diagnostics) {
        Some(pdf) => {
            pdf.deny_unknown(&["logo", "colour"], diagnostics);
            super::pdf_settings::cover(&pdf, diagnostics)
        }
        None => crate::options::Cover::default(),
    }
}

/// `[style]` of a briefing.toml: its own `csl` and `bibliography`.
fn style(
    top: &Fields<'_, '_>,
    diagnostics: &mut Diagnostics,
) -> (Option<crate::options::CslSetting>, Option<bool>) {
    match top.table("style", diagnostics) {
        Some(style) => {
            style.deny_unknown(&["csl", "bibliography"], diagnostics);
            (
                super::settings::csl_setting(&style, diagnostics),
                style.bool("bibliography", diagnostics),
            )
        }
        None => (None, None),
    }
}

/// Where the value of each field the title block prints stands.
fn field_spans(top: &Fields<'_, '_>) -> Vec<(&'static str, Span)> {
    [
        "title",
        "subtitle",
        "series",
        "publisher",
        "authors",
        "date",
    ]
    .into_iter()
    .filter_map(|key| top.get(key).map(|(_, span)| (key, span)))
    .collect()
}
