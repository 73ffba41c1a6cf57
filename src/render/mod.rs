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
mod plain;
pub mod templates;
pub mod text;
pub mod wrap;

use std::path::PathBuf;

use serde::Serialize;
use tera::Context;

use crate::resolve::Briefing;
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
    /// The file's bytes.
    fn render(&self, briefing: &Briefing, templates: &Templates) -> Result<Vec<u8>, TemplateError>;
}

/// Every output briefc writes, in the order they are listed everywhere.
pub static BACKENDS: &[&dyn Backend] = &[&page::Page, &plain::PlainText, &json::Json];

/// The names of [`BACKENDS`].
pub fn format_names() -> Vec<&'static str> {
    BACKENDS.iter().map(|b| b.name()).collect()
}

/// The backends a briefing asks for.
fn chosen(briefing: &Briefing) -> Vec<&'static dyn Backend> {
    BACKENDS
        .iter()
        .copied()
        .filter(|b| briefing.options.writes(b.name()))
        .collect()
}

/// Renders every output a briefing asks for, each on a thread of its own
/// (they are independent); the files come back in [`BACKENDS`] order.
pub fn render_briefing(
    briefing: &Briefing,
    templates: &Templates,
) -> Result<Vec<(PathBuf, Vec<u8>)>, TemplateError> {
    let backends = chosen(briefing);
    let render = |backend: &&dyn Backend| {
        backend
            .render(briefing, templates)
            .map(|bytes| (backend.path(briefing.id()), bytes))
    };
    let Some((first, rest)) = backends.split_first() else {
        return Ok(Vec::new());
    };
    std::thread::scope(|scope| {
        let others: Vec<_> = rest
            .iter()
            .map(|b| scope.spawn(move || render(b)))
            .collect();
        let mut files = vec![render(first)?];
        for other in others {
            files.push(
                other
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?,
            );
        }
        Ok(files)
    })
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
