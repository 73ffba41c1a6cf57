//! Render: a resolved briefing into its HTML page and plain-text file.
//! The body comes from our own renderers over the document tree; the page
//! frame comes from the templates.

mod frame;
pub mod html;
pub mod limits;
pub mod templates;
pub mod text;
pub mod wrap;

use serde::Serialize;
use tera::Context;

use crate::markdown::plain_text;
use crate::project::{DateStyle, Metadata, Placement, Settings, Status};
use crate::resolve::Briefing;
use html::HtmlRenderer;
pub use templates::{TemplateError, Templates};
use text::TextRenderer;

pub const GENERATOR: &str = concat!("briefc ", env!("CARGO_PKG_VERSION"));

pub struct Rendered {
    pub html: String,
    pub text: String,
}

/// Options a command line can set over the project's settings.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// `--width`: wins over every `[text] width`.
    pub width: Option<usize>,
}

/// The fields of `briefing.toml` as templates see them.
#[derive(Serialize)]
struct MetaContext {
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
}

impl MetaContext {
    fn new(id: &str, meta: &Metadata, dates: DateStyle) -> Self {
        MetaContext {
            id: id.to_string(),
            title: meta.title.clone(),
            subtitle: meta.subtitle.clone(),
            series: meta.series.clone(),
            publisher: meta.publisher.clone(),
            authors: (!meta.authors.is_empty()).then(|| join_names(&meta.authors)),
            date: meta.date.display(dates),
            date_iso: meta.date.iso(),
            status: meta.status.name(),
            draft: meta.status == Status::Draft,
            language: meta.language.clone(),
        }
    }

    /// The same fields wrapped for the plain-text title block.
    fn wrapped(mut self, width: usize) -> Self {
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

/// `A`, `A and B`, `A, B, and C`.
pub fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
    }
}

/// Renders one briefing's page and text. The two are independent, so the
/// text is rendered on a second thread while the page is rendered here.
pub fn render_briefing(
    briefing: &Briefing,
    settings: &Settings,
    templates: &Templates,
    options: RenderOptions,
) -> Result<Rendered, TemplateError> {
    let width = options
        .width
        .or(briefing.meta.text_width)
        .unwrap_or(settings.text_width);
    let (page, text) = std::thread::scope(|scope| {
        let text = scope.spawn(|| render_text(briefing, settings, templates, width));
        let page = render_html(briefing, settings, templates);
        let text = text
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (page, text)
    });
    Ok(Rendered {
        html: page?,
        text: text?,
    })
}

fn render_html(
    briefing: &Briefing,
    settings: &Settings,
    templates: &Templates,
) -> Result<String, TemplateError> {
    let (context, body, notes) = page_parts(briefing, settings);
    crate::timings::stage("render: page body");
    let page = frame::render_framed(templates, "briefing.html.tera", context, body, notes);
    crate::timings::stage("render: page");
    page
}

/// The page template's context, and the body and notes to put in it.
fn page_parts(briefing: &Briefing, settings: &Settings) -> (Context, String, String) {
    let meta = &briefing.meta;
    let per_section = meta.placement == Placement::Section;
    let html = HtmlRenderer::new(&briefing.refs, settings.allow_raw_html);
    let mut notes_html = String::new();
    if !per_section {
        html.notes(&briefing.notes, "notes", 2, &mut notes_html);
    }
    let mut summary_html = String::new();
    html.blocks(&briefing.summary, &mut summary_html);
    let mut context = Context::new();
    context.insert("generator", GENERATOR);
    context.insert(
        "briefing",
        &MetaContext::new(&briefing.id, meta, settings.date_style),
    );
    context.insert("toc", &toc(briefing));
    context.insert("summary", &summary_html);
    (context, html.body(briefing, per_section), notes_html)
}

fn render_text(
    briefing: &Briefing,
    settings: &Settings,
    templates: &Templates,
    width: usize,
) -> Result<String, TemplateError> {
    let text = tidy_text(render_text_untidy(briefing, settings, templates, width)?);
    crate::timings::stage("render: text");
    Ok(text)
}

/// The text as the template writes it, before [`tidy_text`].
fn render_text_untidy(
    briefing: &Briefing,
    settings: &Settings,
    templates: &Templates,
    width: usize,
) -> Result<String, TemplateError> {
    let (context, body, notes) = text_parts(briefing, settings, width);
    crate::timings::stage("render: text body");
    frame::render_framed(templates, "briefing.txt.tera", context, body, notes)
}

/// The text template's context, and the body and notes to put in it.
fn text_parts(briefing: &Briefing, settings: &Settings, width: usize) -> (Context, String, String) {
    let meta = &briefing.meta;
    let per_section = meta.placement == Placement::Section;
    let text = TextRenderer::new(&briefing.refs, width);
    let notes_text = if per_section || briefing.notes.is_empty() {
        String::new()
    } else {
        text.notes(&briefing.notes, '=')
    };
    let mut context = Context::new();
    context.insert("generator", GENERATOR);
    context.insert(
        "briefing",
        &MetaContext::new(&briefing.id, meta, settings.date_style).wrapped(width),
    );
    context.insert("summary", &text.standalone(&briefing.summary));
    (context, text.body(briefing, per_section), notes_text)
}

/// Both templates' parts, for tests of [`frame`].
#[cfg(test)]
fn framed_parts(
    briefing: &Briefing,
    settings: &Settings,
) -> Vec<(&'static str, (Context, String, String))> {
    vec![
        ("briefing.html.tera", page_parts(briefing, settings)),
        ("briefing.txt.tera", text_parts(briefing, settings, 72)),
    ]
}

fn toc(briefing: &Briefing) -> Vec<TocContext> {
    let mut entries: Vec<TocContext> = Vec::new();
    for entry in &briefing.toc {
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

/// House style for every text file, whatever a template does: no
/// trailing spaces, exactly one newline at the end. Text that is tidy
/// already (what the built-in template gives) is returned as it is.
fn tidy_text(text: String) -> String {
    if is_tidy(&text) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.trim_start_matches('\n').lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let trimmed = out.trim_end_matches('\n').len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

/// Whether [`tidy_text`] would change nothing: no blank line at the start
/// or end, one newline at the end, and no whitespace (nor `\r`) before
/// any newline but another newline.
fn is_tidy(text: &str) -> bool {
    text.ends_with('\n')
        && !text.starts_with('\n')
        && !text.ends_with("\n\n")
        && memchr::memchr_iter(b'\n', text.as_bytes())
            .all(|at| !text[..at].ends_with(|c: char| c.is_whitespace() && c != '\n'))
}

/// One built briefing, as the index lists it.
#[derive(Serialize)]
pub struct IndexEntry {
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub series: Option<String>,
    pub date: String,
    pub date_iso: String,
    pub status: &'static str,
    pub draft: bool,
    pub html_path: String,
    pub text_path: String,
}

impl IndexEntry {
    pub fn new(briefing: &Briefing, settings: &Settings) -> Self {
        let meta = &briefing.meta;
        IndexEntry {
            id: briefing.id.clone(),
            title: meta.title.clone(),
            subtitle: meta.subtitle.clone(),
            series: meta.series.clone(),
            date: meta.date.display(settings.date_style),
            date_iso: meta.date.iso(),
            status: meta.status.name(),
            draft: meta.status == Status::Draft,
            html_path: format!("{}/index.html", briefing.id),
            text_path: format!("{0}/{0}.txt", briefing.id),
        }
    }
}

pub fn render_index(
    entries: &[IndexEntry],
    templates: &Templates,
) -> Result<String, TemplateError> {
    let mut context = Context::new();
    context.insert("generator", GENERATOR);
    context.insert("briefings", entries);
    templates.render("index.html.tera", &context)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_text_trims_line_ends_and_blank_lines_at_either_end() {
        for (text, tidy) in [
            ("a\nb\n", "a\nb\n"),
            ("\n\na  \nb\t\n\n\n", "a\nb\n"),
            ("a\r\nb", "a\nb\n"),
            ("a\u{3000}\n", "a\n"),
            ("", "\n"),
            ("\n", "\n"),
            ("a\n\nb\n", "a\n\nb\n"),
        ] {
            assert_eq!(tidy_text(text.to_string()), tidy, "{text:?}");
            // Tidy text is never changed; the quick check may only err on
            // the side of tidying again.
            assert!(!is_tidy(text) || text == tidy, "{text:?}");
        }
        assert!(is_tidy("a\n\n  b\n") && !is_tidy("a \nb\n") && !is_tidy("a\n\n"));
    }

    /// The built-in template writes tidy text, so a build never copies the
    /// text once more to tidy it.
    #[test]
    fn the_built_in_text_template_needs_no_tidying() {
        use crate::analysis::{AnalyzeOptions, Scope, analyze};
        for fixture in [
            "",
            "tests/fixtures/citations-worked-example",
            "tests/fixtures/section-placement",
        ] {
            let scope = Scope {
                root: Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture)),
                ..Scope::default()
            };
            let analysis = analyze(&scope, AnalyzeOptions::default()).unwrap();
            let templates = analysis.templates.as_ref().unwrap();
            for briefing in &analysis.briefings {
                let settings = &analysis.project.settings;
                let text = render_text_untidy(briefing, settings, templates, 72)
                    .ok()
                    .unwrap();
                assert!(is_tidy(&text), "{fixture} {}:\n{text}", briefing.id);
            }
        }
    }
}
