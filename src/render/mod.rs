//! Render: the outputs of a resolved briefing. Each output is a
//! [`Backend`], found by its [`Format`] ([`backend`]), so a new output is a
//! format, one module and one line there. Backends read the
//! [`Document`](crate::model::Document), the briefing's options, the
//! templates and, through the project's door, the files a PDF places:
//! what [`Input`] hands them, nothing else.

mod context;
pub mod docx;
mod frame;
pub mod html;
mod json;
pub mod limits;
mod lines;
mod page;
mod pdf;
mod plain;
pub mod templates;
pub mod text;
pub mod wrap;

use std::path::PathBuf;

use serde::Serialize;
use tera::Context;

use crate::diagnostics::{Diagnostic, FileId};
use crate::files::ProjectFiles;
use crate::model::{Document, Sites};
use crate::options::{BriefingOptions, Format, Formats};
use crate::parallel::{self, Work};
use crate::resolve::Briefing;
pub use pdf::{template_syntax_errors, typesetting_process};
pub use templates::{TemplateError, Templates, TypstFile};

pub const GENERATOR: &str = concat!("briefc ", env!("CARGO_PKG_VERSION"));

/// What a backend is handed: the resolved document and its options, the
/// templates, and the project's files (for the images and fonts a PDF
/// places). Nothing of how the document was parsed.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    pub doc: &'a Document,
    pub options: &'a BriefingOptions,
    /// `briefing.toml`: where a problem of the whole edition is shown.
    pub metadata_file: FileId,
    pub templates: &'a Templates,
    pub files: &'a ProjectFiles,
    /// Where the document's parts stand in the sources (for the Word
    /// edition's review marks).
    pub sites: &'a Sites,
    /// The other editions written beside the page, which it offers.
    pub offered: &'a [Offered],
}

/// An edition the page offers beside it.
#[derive(Debug, Clone, Serialize)]
pub struct Offered {
    /// `pdf`, `text`, `json`, `docx`.
    pub format: &'static str,
    /// Its file, from the page's folder: `ivanovo-2007.pdf`.
    pub file: String,
    /// Its size, `340 KB`; `None` when it is made on request (the
    /// preview's PDF).
    pub size: Option<String>,
}

impl<'a> Input<'a> {
    pub fn of(briefing: &'a Briefing, templates: &'a Templates, files: &'a ProjectFiles) -> Self {
        Input {
            doc: &briefing.doc,
            options: &briefing.options,
            metadata_file: briefing.metadata_file,
            templates,
            files,
            sites: &briefing.sites,
            offered: &[],
        }
    }

    pub fn id(&self) -> &'a str {
        &self.doc.id
    }
}

/// One output of a briefing.
pub trait Backend: Sync {
    /// The format it writes.
    fn format(&self) -> Format;
    /// What the index calls the link to this output: "plain text".
    fn label(&self) -> &'static str;
    /// The file written for briefing `id`, relative to the output
    /// directory: `id/index.html`.
    fn path(&self, id: &str) -> PathBuf;
    /// The file's bytes. What is wrong with the output but does not stop
    /// it (a PDF's note that fell on another page) goes into `findings`.
    fn render(
        &self,
        input: &Input<'_>,
        findings: &mut Vec<Finding>,
    ) -> Result<Vec<u8>, TemplateError>;
}

/// The backend that writes `format`.
pub fn backend(format: Format) -> &'static dyn Backend {
    match format {
        Format::Html => &page::Page,
        Format::Text => &plain::PlainText,
        Format::Pdf => &pdf::Pdf,
        Format::Json => &json::Json,
        Format::Docx => &docx::Docx,
    }
}

/// The backends a briefing asks for, in [`Format::ALL`] order.
pub fn chosen(options: &BriefingOptions) -> impl Iterator<Item = &'static dyn Backend> {
    options.formats.iter().map(backend)
}

/// A problem an output found in itself, such as a character that no font
/// has.
pub struct Finding {
    /// At the place the backend could name: a line of a template, or
    /// `briefing.toml`.
    pub diagnostic: Diagnostic,
    /// A better place in the briefing's own files, where there is one.
    pub place: Option<Place>,
}

/// A place in a briefing's sources, named by what the document holds;
/// whoever has the briefing's spans finds it.
pub enum Place {
    /// The first marker of note `n`.
    Note(u32),
    /// The first reference to the document's asset of this index.
    Asset(usize),
    /// The first local image without a description.
    UndescribedImage,
    /// Where the briefing's own files first hold this text.
    Text(String),
}

/// One edition of a briefing as its backend rendered it.
pub struct RenderedEdition {
    pub format: Format,
    /// Where it is written, relative to the output directory.
    pub path: PathBuf,
    /// The file; `Err` when a template stopped it. An error among the
    /// findings leaves it out as well.
    pub bytes: Result<Vec<u8>, TemplateError>,
    /// What the backend found wrong with it.
    pub findings: Vec<Finding>,
}

/// Renders every output a briefing asks for, each on a thread of its own
/// (they are independent), in [`Format::ALL`] order.
pub fn render_briefing(input: &Input<'_>) -> Vec<RenderedEdition> {
    let backends: Vec<_> = chosen(input.options).collect();
    render_backends(input, &backends, Formats::default())
}

/// Renders the outputs of `backends`, as [`render_briefing`] does. One
/// that fails leaves the others as they are. The page comes last, when
/// the other editions and their sizes are known, to offer them; those in
/// `later` (made on request) it offers without a size.
pub fn render_backends(
    input: &Input<'_>,
    backends: &[&'static dyn Backend],
    later: Formats,
) -> Vec<RenderedEdition> {
    let (page, others): (Vec<&'static dyn Backend>, Vec<_>) = backends
        .iter()
        .copied()
        .partition(|b| b.format() == Format::Html);
    if page.is_empty() {
        return render_each(input, &others);
    }
    // The page's body and notes are written beside the other editions;
    // its frame, which offers them with their sizes, after.
    let (mut editions, written) = parallel::join(
        Work::Editions,
        input.doc.notes.len(),
        || render_each(input, &others),
        || page::write_parts(input),
    );
    let offered = offered(input.id(), &editions, later);
    let with_offers = Input {
        offered: &offered,
        ..*input
    };
    editions.push(RenderedEdition {
        format: Format::Html,
        path: page::Page.path(input.id()),
        bytes: page::framed(&with_offers, written),
        findings: Vec::new(),
    });
    editions.sort_by_key(|e| Format::ALL.iter().position(|&f| f == e.format));
    editions
}

/// The editions rendered whole and without an error of their own, and
/// those made later, as the page offers them.
fn offered(id: &str, editions: &[RenderedEdition], later: Formats) -> Vec<Offered> {
    let file_of = |format: Format| {
        let path = backend(format).path(id);
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut offered: Vec<Offered> = editions
        .iter()
        .filter(|e| {
            !e.findings
                .iter()
                .any(|f| f.diagnostic.severity == crate::diagnostics::Severity::Error)
        })
        .filter_map(|e| {
            let bytes = e.bytes.as_ref().ok()?;
            Some(Offered {
                format: e.format.name(),
                file: file_of(e.format),
                size: Some(size_text(bytes.len() as u64)),
            })
        })
        .collect();
    offered.extend(
        later
            .iter()
            .filter(|&f| f != Format::Html)
            .map(|format| Offered {
                format: format.name(),
                file: file_of(format),
                size: None,
            }),
    );
    offered.sort_by_key(|o| Format::ALL.iter().position(|f| f.name() == o.format));
    offered
}

/// `340 KB`, `1.2 MB`: a file's size as a download link gives it.
pub fn size_text(bytes: u64) -> String {
    const KB: u64 = 1024;
    if bytes < 1000 * KB {
        format!("{} KB", bytes.div_ceil(KB).max(1))
    } else {
        let tenths = (bytes * 10).div_ceil(KB * KB);
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

fn render_each(input: &Input<'_>, backends: &[&'static dyn Backend]) -> Vec<RenderedEdition> {
    let render = |backend: &&dyn Backend| {
        let mut findings = Vec::new();
        let bytes = backend.render(input, &mut findings);
        RenderedEdition {
            format: backend.format(),
            path: backend.path(input.id()),
            bytes,
            findings,
        }
    };
    // A small briefing's editions take less time than starting threads.
    parallel::map_sized(
        Work::Editions,
        input.doc.notes.len(),
        backends.iter().collect(),
        render,
    )
}

/// One output of a built briefing, as the index links to it.
#[derive(Serialize)]
pub struct Edition {
    pub format: &'static str,
    pub label: &'static str,
    pub path: String,
    /// `340 KB`.
    pub size: Option<String>,
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
    /// Every output written, in [`Format::ALL`] order.
    pub editions: Vec<Edition>,
    pub language: String,
    /// The language's name in itself, for a translation listed under its
    /// original.
    pub language_name: String,
    /// The original this briefing translates, when it says so.
    #[serde(skip)]
    pub translation_of: Option<String>,
    /// The translations of this briefing built beside it, listed under it.
    pub translations: Vec<IndexEntry>,
}

impl IndexEntry {
    /// The entry of a briefing of which the editions `written` were
    /// written, with the sizes of those known.
    pub fn new(briefing: &Briefing, written: Formats, sizes: &[(Format, u64)]) -> Self {
        let meta = &briefing.doc.meta;
        let editions: Vec<Edition> = written
            .iter()
            .map(backend)
            .map(|b| Edition {
                format: b.format().name(),
                label: b.label(),
                path: crate::fsx::slash_path(&b.path(briefing.id())),
                size: sizes
                    .iter()
                    .find(|(f, _)| *f == b.format())
                    .map(|&(_, bytes)| size_text(bytes)),
            })
            .collect();
        let path_of = |format: Format| {
            let path = backend(format).path(briefing.id());
            written
                .contains(format)
                .then(|| crate::fsx::slash_path(&path))
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
            html_path: path_of(Format::Html),
            text_path: path_of(Format::Text),
            editions,
            language: meta.language.clone(),
            language_name: crate::locale::language_name(&meta.language),
            translation_of: meta
                .translations
                .iter()
                .find(|t| t.original)
                .map(|t| t.id.clone()),
            translations: Vec::new(),
        }
    }
}

/// The index's entries with each translation moved under its original
/// (when the original was built too), the originals in their order.
fn grouped(entries: Vec<IndexEntry>) -> Vec<IndexEntry> {
    let built: std::collections::HashSet<String> = entries.iter().map(|e| e.id.clone()).collect();
    let (translations, mut top): (Vec<IndexEntry>, Vec<IndexEntry>) = entries
        .into_iter()
        .partition(|e| e.translation_of.as_ref().is_some_and(|o| built.contains(o)));
    for translation in translations {
        let original = translation.translation_of.as_deref();
        if let Some(entry) = top.iter_mut().find(|e| Some(e.id.as_str()) == original) {
            entry.translations.push(translation);
        }
    }
    top
}

pub fn render_index(
    entries: Vec<IndexEntry>,
    templates: &Templates,
) -> Result<String, TemplateError> {
    let mut context = Context::new();
    context.insert("generator", GENERATOR);
    context.insert("briefings", &grouped(entries));
    context.insert("terms", &crate::locale::english().terms);
    templates.render("index.html.tera", &context)
}

#[cfg(test)]
mod tests {
    use super::backend;
    use crate::options::Format;

    /// Resolve keeps a briefing's own files out of the editions' way by
    /// their names; every backend's file must be among them.
    #[test]
    fn every_edition_has_a_name_published_files_give_way_to() {
        let names = crate::resolve::edition_names("b");
        for format in Format::ALL {
            let path = backend(format).path("b");
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
