//! Render: the outputs of a resolved briefing. Each output is a
//! [`Backend`]; [`BACKENDS`] lists them, and build, serve and the index
//! go through that list, so a new output is one module and one line there.
//! Backends read the [`Document`](crate::model::Document) and the
//! briefing's options, nothing else.

mod context;
mod frame;
pub mod html;
mod json;
pub mod limits;
mod page;
mod pdf;
mod plain;
pub mod templates;
pub mod text;
pub mod wrap;

use std::path::PathBuf;

use serde::Serialize;
use tera::Context;

use crate::diagnostics::Diagnostic;
use crate::resolve::Briefing;
pub use pdf::template_syntax_errors;
pub use templates::{TemplateError, Templates};

pub const GENERATOR: &str = concat!("briefc ", env!("CARGO_PKG_VERSION"));

/// One output of a briefing.
pub trait Backend: Sync {
    /// The name that `formats` and `--format` use: `html`.
    fn name(&self) -> &'static str;
    /// What the index calls the link to this output: "plain text".
    fn label(&self) -> &'static str;
    /// The file written for briefing `id`, relative to the output
    /// directory: `id/index.html`.
    fn path(&self, id: &str) -> PathBuf;
    /// The file's bytes. What is wrong with the output but does not stop
    /// it (a PDF's note that fell on another page) goes into `findings`.
    fn render(
        &self,
        briefing: &Briefing,
        templates: &Templates,
        findings: &mut Vec<Finding>,
    ) -> Result<Vec<u8>, TemplateError>;
}

/// Every output briefc writes, in the order they are listed everywhere.
pub static BACKENDS: &[&dyn Backend] = &[&page::Page, &plain::PlainText, &pdf::Pdf, &json::Json];

/// The names of [`BACKENDS`].
pub fn format_names() -> Vec<&'static str> {
    BACKENDS.iter().map(|b| b.name()).collect()
}

/// The backends a briefing asks for.
pub fn chosen(briefing: &Briefing) -> Vec<&'static dyn Backend> {
    BACKENDS
        .iter()
        .copied()
        .filter(|b| briefing.options.writes(b.name()))
        .collect()
}

/// A problem an output found in itself, such as a character that no font
/// has.
pub struct Finding {
    pub diagnostic: Diagnostic,
    /// The text the problem is about, when the diagnostic is best shown
    /// where the briefing's files first contain it rather than at its span.
    pub text: Option<String>,
}

/// A briefing's files, and what its backends found wrong with them.
pub struct Rendered {
    pub files: Vec<(PathBuf, Vec<u8>)>,
    pub findings: Vec<Finding>,
}

/// Renders every output a briefing asks for, each on a thread of its own
/// (they are independent); the files come back in [`BACKENDS`] order.
pub fn render_briefing(
    briefing: &Briefing,
    templates: &Templates,
) -> Result<Rendered, TemplateError> {
    render_backends(briefing, templates, &chosen(briefing))
}

/// Briefings with fewer notes than this have their editions rendered one
/// after the other.
const EDITIONS_APART_FROM: usize = 500;

/// Renders the outputs of `backends`, as [`render_briefing`] does.
pub fn render_backends(
    briefing: &Briefing,
    templates: &Templates,
    backends: &[&'static dyn Backend],
) -> Result<Rendered, TemplateError> {
    let render = |backend: &&dyn Backend| {
        let mut findings = Vec::new();
        backend
            .render(briefing, templates, &mut findings)
            .map(|bytes| ((backend.path(briefing.id()), bytes), findings))
    };
    let mut rendered = Rendered {
        files: Vec::new(),
        findings: Vec::new(),
    };
    let Some((first, rest)) = backends.split_first() else {
        return Ok(rendered);
    };
    // A small briefing's editions take less time than starting threads.
    if briefing.note_count() < EDITIONS_APART_FROM {
        for backend in backends {
            let (file, findings) = render(backend)?;
            rendered.files.push(file);
            rendered.findings.extend(findings);
        }
        return Ok(rendered);
    }
    let results = std::thread::scope(|scope| {
        let others: Vec<_> = rest
            .iter()
            .map(|b| scope.spawn(move || render(b)))
            .collect();
        let mut results = vec![render(first)];
        for other in others {
            results.push(
                other
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        results
    });
    for result in results {
        let (file, findings) = result?;
        rendered.files.push(file);
        rendered.findings.extend(findings);
    }
    Ok(rendered)
}

/// One output of a built briefing, as the index links to it.
#[derive(Serialize)]
pub struct Edition {
    pub format: &'static str,
    pub label: &'static str,
    pub path: String,
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
    /// The page, when it is built.
    pub html_path: Option<String>,
    /// The plain text, when it is built.
    pub text_path: Option<String>,
    /// Every output written, in [`BACKENDS`] order.
    pub editions: Vec<Edition>,
}

impl IndexEntry {
    pub fn new(briefing: &Briefing) -> Self {
        let meta = &briefing.doc.meta;
        let editions: Vec<Edition> = chosen(briefing)
            .into_iter()
            .map(|b| Edition {
                format: b.name(),
                label: b.label(),
                path: crate::fsx::slash_path(&b.path(briefing.id())),
            })
            .collect();
        let path_of = |format: &str| {
            editions
                .iter()
                .find(|e| e.format == format)
                .map(|e| e.path.clone())
        };
        IndexEntry {
            id: briefing.id().to_string(),
            title: meta.title.clone(),
            subtitle: meta.subtitle.clone(),
            series: meta.series.clone(),
            date: meta.date.text.clone(),
            date_iso: meta.date.iso.clone(),
            status: meta.status.name(),
            draft: meta.status == crate::model::Status::Draft,
            html_path: path_of("html"),
            text_path: path_of("text"),
            editions,
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
    context.insert("terms", &crate::locale::english().terms);
    templates.render("index.html.tera", &context)
}

#[cfg(test)]
mod tests {
    use super::BACKENDS;

    /// Resolve keeps a briefing's own files out of the editions' way by
    /// their names; every backend's file must be among them.
    #[test]
    fn every_edition_has_a_name_published_files_give_way_to() {
        let names = crate::resolve::edition_names("b");
        for backend in BACKENDS {
            let path = backend.path("b");
            let name = path
                .strip_prefix("b")
                .unwrap()
                .to_string_lossy()
                .into_owned();
            assert!(
                names.contains(&name),
                "{name} is not in resolve's edition names"
            );
        }
    }
}
