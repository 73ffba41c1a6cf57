//! The page templates: built-ins compiled into the binary, each replaced by
//! a file of the same name in the project's `templates/`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use tera::{Context, ErrorKind, Tera};

use super::limits;
use crate::diagnostics::{Code, Diagnostic, FileId, SourceMap, Span};
use crate::options::TemplateLimits;

/// Name and text of every built-in template.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "briefing.html.tera",
        include_str!("../../templates/briefing.html.tera"),
    ),
    (
        "briefing.txt.tera",
        include_str!("../../templates/briefing.txt.tera"),
    ),
    (
        "index.html.tera",
        include_str!("../../templates/index.html.tera"),
    ),
    (
        "style.css.tera",
        include_str!("../../templates/style.css.tera"),
    ),
    ("briefing.typ", include_str!("../../templates/briefing.typ")),
];

/// The Typst template that typesets the PDF edition.
pub const PDF_TEMPLATE: &str = "briefing.typ";

/// A Typst file the PDF edition may use: the built-in template, or a
/// project's file in `templates/`.
pub struct TypstFile {
    /// The path below `templates/`, with `/`: `briefing.typ`, `parts/cover.typ`.
    pub name: String,
    /// The project file, `None` for the built-in one.
    pub file: Option<FileId>,
    pub text: Arc<str>,
}

/// What typesetting the PDF reads besides the briefing itself (and the
/// font files and images it reads through the project's door).
pub struct PdfInputs {
    /// Every Typst file: `briefing.typ` first.
    pub typst: Vec<TypstFile>,
    /// The font files of `fonts/`, relative to the root, each with its
    /// (empty) file for diagnostics.
    pub fonts: Vec<(PathBuf, FileId)>,
}

fn is_tera(name: &str) -> bool {
    name.ends_with(".tera")
}

pub struct Templates {
    /// Shared with the thread that renders a project's own template.
    tera: Arc<Tera>,
    /// How long a project's own template may take.
    timeout: Duration,
    /// Template name to the project file that overrides it.
    files: HashMap<String, FileId>,
    pdf: Arc<PdfInputs>,
}

/// A template problem: a diagnostic when it lies in a project file, a plain
/// message when a built-in template is at fault.
pub enum TemplateError {
    Diagnostic(Box<Diagnostic>),
    Internal(String),
}

impl Templates {
    /// The built-in templates with the project's `overrides` (name and
    /// file) laid over them, its own ones held to `limits`; `fonts` are
    /// the font files the PDF may use.
    pub fn load(
        texts: &SourceMap,
        overrides: &[(String, FileId)],
        fonts: &[(PathBuf, FileId)],
        limits: TemplateLimits,
    ) -> Result<Templates, TemplateError> {
        let mut sources: Vec<(String, String)> = BUILTIN
            .iter()
            .filter(|(name, _)| is_tera(name))
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        let mut files = HashMap::new();
        let pdf = Arc::new(pdf_inputs(texts, overrides, fonts));
        for (name, file) in overrides {
            if !is_tera(name) {
                files.insert(name.clone(), *file);
                continue;
            }
            let text = texts.text(*file).to_string();
            match sources.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = text,
                None => sources.push((name.clone(), text)),
            }
            files.insert(name.clone(), *file);
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html.tera"]);
        tera.register_function("range", limits::range);
        let timeout = limits.timeout;
        let templates = Templates {
            tera: Arc::new(Tera::new()),
            timeout,
            files,
            pdf,
        };
        match tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
            Ok(()) => Ok(Templates {
                tera: Arc::new(tera),
                ..templates
            }),
            Err(error) => Err(templates.convert(&error)),
        }
    }

    /// The Typst files and fonts of the PDF edition.
    pub fn pdf_inputs(&self) -> &PdfInputs {
        &self.pdf
    }

    /// The Typst files: `briefing.typ` first.
    pub fn typst_files(&self) -> &[TypstFile] {
        &self.pdf.typst
    }

    /// Whether `name` is a built-in template that the project does not
    /// replace.
    pub fn is_builtin(&self, name: &str) -> bool {
        !self.files.contains_key(name) && BUILTIN.iter().any(|(builtin, _)| *builtin == name)
    }

    pub fn render(&self, name: &str, context: &Context) -> Result<String, TemplateError> {
        if self.is_builtin(name) {
            return self
                .tera
                .render(name, context)
                .map_err(|error| self.convert(&error));
        }
        self.render_limited(name, context)
    }

    /// Renders a project's own template within the limits of
    /// [`limits`]: on a thread of its own, waited for until the deadline.
    fn render_limited(&self, name: &str, context: &Context) -> Result<String, TemplateError> {
        let (sender, receiver) = mpsc::channel();
        let tera = Arc::clone(&self.tera);
        let (template, context, timeout) = (name.to_string(), context.clone(), self.timeout);
        let spawned = std::thread::Builder::new()
            .name("template".to_string())
            .spawn(move || {
                limits::arm(timeout);
                let mut out = limits::Capped::default();
                let result = tera.render_to(&template, &context, &mut out);
                let _ = sender.send((result, limits::stopped(), out.0));
            });
        if let Err(error) = spawned {
            return Err(TemplateError::Internal(format!(
                "cannot start a thread to render {name}: {error}"
            )));
        }
        // The template checks the clock itself wherever it writes; the
        // margin is for one that loops without writing.
        match receiver.recv_timeout(timeout + Duration::from_millis(500)) {
            Ok((Ok(()), _, bytes)) => String::from_utf8(bytes).map_err(|_| {
                TemplateError::Internal(format!("template {name} wrote text that is not UTF-8"))
            }),
            Ok((Err(_), Some(limit), _)) => Err(self.limit_error(name, limit)),
            Ok((Err(error), None, _)) => Err(self.convert(&error)),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                Err(self.limit_error(name, limits::Limit::Time(timeout)))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(TemplateError::Internal(format!(
                "template {name} stopped without a result"
            ))),
        }
    }

    fn limit_error(&self, name: &str, limit: limits::Limit) -> TemplateError {
        let Some(&file) = self.files.get(name) else {
            return TemplateError::Internal(format!("template {name}: {}", limit.message()));
        };
        TemplateError::Diagnostic(Box::new(
            Diagnostic::new(
                Code::TemplateError,
                Span::new(file, 0..0),
                format!("template error in {name}: {}", limit.message()),
            )
            .with_help(limit.help()),
        ))
    }

    fn convert(&self, error: &tera::Error) -> TemplateError {
        let (message, name, range) = match error.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => (
                report.message().to_string(),
                report.filename().to_string(),
                Some(report.span().range.clone()),
            ),
            _ => (error.to_string(), String::new(), None),
        };
        // Tera names the template in most messages; point at the override
        // file that the message names when the report itself has none.
        let file = self.files.get(&name).copied().or_else(|| {
            self.files
                .iter()
                .find(|(n, _)| message.contains(n.as_str()))
                .map(|(_, f)| *f)
        });
        match file {
            Some(file) => TemplateError::Diagnostic(Box::new(
                Diagnostic::new(
                    Code::TemplateError,
                    Span::new(file, range.unwrap_or(0..0)),
                    format!("template error: {message}"),
                )
                .with_help("fix the template, or delete it to use the built-in one (`briefc templates --eject` shows the built-ins)"),
            )),
            None => TemplateError::Internal(format!("built-in template {name}: {error}")),
        }
    }
}

/// The Typst files, the project's replacing the built-in one, and the
/// fonts.
fn pdf_inputs(
    texts: &SourceMap,
    overrides: &[(String, FileId)],
    fonts: &[(PathBuf, FileId)],
) -> PdfInputs {
    let mut typst: Vec<TypstFile> = overrides
        .iter()
        .filter(|(name, _)| name.ends_with(".typ"))
        .map(|(name, file)| TypstFile {
            name: name.clone(),
            file: Some(*file),
            text: Arc::from(texts.text(*file)),
        })
        .collect();
    if !typst.iter().any(|t| t.name == PDF_TEMPLATE) {
        let builtin = BUILTIN
            .iter()
            .find(|(name, _)| *name == PDF_TEMPLATE)
            .map_or("", |(_, text)| text);
        typst.push(TypstFile {
            name: PDF_TEMPLATE.to_string(),
            file: None,
            text: Arc::from(builtin),
        });
    }
    typst.sort_by_key(|t| t.name != PDF_TEMPLATE);
    PdfInputs {
        typst,
        fonts: fonts.to_vec(),
    }
}
