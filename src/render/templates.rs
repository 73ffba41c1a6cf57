//! The page templates: built-ins compiled into the binary, each replaced by
//! a file of the same name in the project's `templates/`.

use std::collections::HashMap;

use tera::{Context, ErrorKind, Tera};

use crate::diagnostics::{Code, Diagnostic, FileId, Span};
use crate::project::Project;

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
];

pub struct Templates {
    tera: Tera,
    /// Template name to the project file that overrides it.
    files: HashMap<String, FileId>,
}

/// A template problem: a diagnostic when it lies in a project file, a plain
/// message when a built-in template is at fault.
pub enum TemplateError {
    Diagnostic(Box<Diagnostic>),
    Internal(String),
}

impl Templates {
    pub fn load(project: &Project) -> Result<Templates, TemplateError> {
        let mut sources: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        let mut files = HashMap::new();
        for (name, file) in &project.templates {
            let text = project.sources.text(*file).to_string();
            match sources.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = text,
                None => sources.push((name.clone(), text)),
            }
            files.insert(name.clone(), *file);
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html.tera"]);
        let templates = Templates {
            tera: Tera::new(),
            files,
        };
        match tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
            Ok(()) => Ok(Templates { tera, ..templates }),
            Err(error) => Err(templates.convert(&error)),
        }
    }

    /// Whether `name` is a built-in template that the project does not
    /// replace.
    pub fn is_builtin(&self, name: &str) -> bool {
        !self.files.contains_key(name) && BUILTIN.iter().any(|(builtin, _)| *builtin == name)
    }

    pub fn render(&self, name: &str, context: &Context) -> Result<String, TemplateError> {
        self.tera
            .render(name, context)
            .map_err(|error| self.convert(&error))
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
