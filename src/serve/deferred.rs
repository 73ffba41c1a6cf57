//! The outputs `serve` makes only when they are asked for: a PDF takes
//! far longer to typeset than the page, and a save should reload the page
//! without waiting for it. Each is made at most once per build, on the
//! first request, and kept until the next change replaces the set.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::files::ProjectFiles;
use crate::options::{Format, Formats};
use crate::render::{self, Backend, Input, Templates};
use crate::resolve::Briefing;

/// The formats `serve` defers.
pub const DEFERRED: Formats = Formats::of(&[Format::Pdf]);

/// What a deferred output came to: its bytes, or why it could not be made.
pub type Made = Arc<Result<Vec<u8>, String>>;

pub struct Deferred {
    briefings: Vec<Arc<Briefing>>,
    templates: Arc<Templates>,
    files: ProjectFiles,
    /// Request path to the briefing and the backend that makes it.
    paths: HashMap<String, (usize, &'static dyn Backend)>,
    /// One slot per path, so two requests for the same PDF typeset it once.
    made: Mutex<HashMap<String, Arc<Mutex<Option<Made>>>>>,
}

impl Deferred {
    pub fn new(
        briefings: Vec<Arc<Briefing>>,
        templates: Arc<Templates>,
        files: ProjectFiles,
    ) -> Deferred {
        let mut paths = HashMap::new();
        for (index, briefing) in briefings.iter().enumerate() {
            for format in briefing.options.formats.iter() {
                if DEFERRED.contains(format) {
                    let backend = render::backend(format);
                    let path = crate::fsx::slash_path(&backend.path(briefing.id()));
                    paths.insert(path, (index, backend));
                }
            }
        }
        Deferred {
            briefings,
            templates,
            files,
            paths,
            made: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `path` (relative, with `/`) is a deferred output.
    pub fn has(&self, path: &str) -> bool {
        self.paths.contains_key(path)
    }

    /// The output at `path`, made now unless it was made before.
    pub fn get(&self, path: &str) -> Option<Made> {
        let &(index, backend) = self.paths.get(path)?;
        let slot = {
            let mut made = self.made.lock().unwrap_or_else(|p| p.into_inner());
            Arc::clone(made.entry(path.to_string()).or_default())
        };
        let mut slot = slot.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(made) = slot.as_ref() {
            return Some(Arc::clone(made));
        }
        let briefing = &self.briefings[index];
        let input = Input::of(briefing, &self.templates, &self.files);
        let edition = render::render_backends(&input, &[backend], Formats::default()).pop();
        let made: Made = Arc::new(match edition {
            Some(edition) => {
                let mut errors: Vec<String> = edition
                    .findings
                    .iter()
                    .map(|f| &f.diagnostic)
                    .filter(|d| d.severity == crate::diagnostics::Severity::Error)
                    .map(|d| format!("error[{}]: {}", d.code.name(), d.message))
                    .collect();
                match edition.bytes {
                    Ok(bytes) if errors.is_empty() => Ok(bytes),
                    Ok(_) => Err(errors.join("\n")),
                    Err(render::TemplateError::Diagnostic(d)) => {
                        errors.insert(0, format!("error[{}]: {}", d.code.name(), d.message));
                        Err(errors.join("\n"))
                    }
                    Err(render::TemplateError::Internal(message)) => Err(message),
                }
            }
            None => Err("nothing was rendered".to_string()),
        });
        *slot = Some(Arc::clone(&made));
        Some(made)
    }
}
