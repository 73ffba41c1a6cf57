//! Every briefing of a run parsed and resolved, shared out between the
//! cores, while the source library and the templates, which do not depend
//! on the Markdown, are read beside them. Each briefing is parsed and
//! resolved in one go, so its parse tree is freed (`check`) or becomes
//! its document as soon as it is done: the trees of a whole archive are
//! never held at once.

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use super::translations::{self, Outline};
use super::{AnalyzeOptions, parse_briefing};
use crate::diagnostics::Diagnostics;
use crate::markdown::ParsedBriefing;
use crate::options::{BriefingOptions, Format};
use crate::parallel::{self, PARSED_BEFORE_WAITING, Work};
use crate::project::{BriefingFiles, Project};
use crate::render::{TemplateError, Templates};
use crate::resolve::{self, Briefing};
use crate::sources::Library;

pub(super) struct Everything {
    pub library: Library,
    pub templates: Result<Templates, TemplateError>,
    pub briefings: Vec<Arc<Briefing>>,
    /// The briefings that translate or are translated, as compared.
    pub outlines: Vec<Outline>,
    /// Whether any briefing asks for the PDF.
    pub writes_pdf: bool,
    pub diagnostics: Diagnostics,
}

/// The library, filled in by the side thread: `None` only if reading it
/// panicked (the panic is raised again when the side thread is joined).
type LibraryCell = OnceLock<Option<Library>>;

/// A briefing's document (`None` once dropped by `check`), whether it
/// writes a PDF, and its outline when it has a translation or is one;
/// `None` when it could not be resolved.
type Resolved = Option<(Option<Arc<Briefing>>, bool, Option<Outline>)>;

pub(super) fn parse_and_resolve(
    project: &Project,
    included: &[&BriefingFiles],
    options: &AnalyzeOptions,
) -> Everything {
    let library_cell = LibraryCell::new();
    let involved = translations::involved(project);
    let (done, (templates, mut diagnostics)) = parallel::beside(
        || in_runs(project, included, (options, &involved), &library_cell),
        || read_shared(project, &library_cell),
    );
    let mut briefings = Vec::new();
    let mut outlines = Vec::new();
    let mut writes_pdf = false;
    for (result, found) in done {
        diagnostics.extend(found);
        if let Some((briefing, pdf, outline)) = result {
            briefings.extend(briefing);
            outlines.extend(outline);
            writes_pdf |= pdf;
        }
    }
    let library = library_cell
        .into_inner()
        .flatten()
        .expect("the library thread either read it or panicked");
    Everything {
        library,
        templates,
        briefings,
        outlines,
        writes_pdf,
        diagnostics,
    }
}

/// The side thread: the library, then the templates.
fn read_shared(
    project: &Project,
    library_cell: &LibraryCell,
) -> (Result<Templates, TemplateError>, Diagnostics) {
    let mut found = Diagnostics::new();
    // A panic still fills the cell, so no core waits for ever; it is
    // raised again when the thread is joined.
    let library = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Library::parse(&project.library_files, &project.sources, &mut found)
    }));
    let (library, panic) = match library {
        Ok(library) => (Some(library), None),
        Err(panic) => (None, Some(panic)),
    };
    let _ = library_cell.set(library);
    if let Some(panic) = panic {
        std::panic::resume_unwind(panic);
    }
    let templates = Templates::load(
        &project.sources,
        &project.templates,
        &project.fonts,
        project.settings.templates,
    );
    (templates, found)
}

/// Every briefing parsed and resolved, in runs across the cores.
fn in_runs(
    project: &Project,
    included: &[&BriefingFiles],
    (options, involved): (&AnalyzeOptions, &HashSet<String>),
    library_cell: &LibraryCell,
) -> Vec<(Resolved, Diagnostics)> {
    parallel::map_runs(Work::Briefings, included.to_vec(), |run| {
        let mut kept = Kept::new(options.problems_only, run.len());
        let resolve = |files, parsed, library: &_, found: &mut _| {
            resolve_one(project, files, parsed, library, (options, involved), found)
        };
        // Parsed while the library was still being read.
        let mut waiting = Vec::new();
        for files in run {
            let mut found = Diagnostics::new();
            let parsed = parse_briefing(project, files, options, None, &mut found);
            waiting.push((files, parsed, found));
            // Past a few, the library is waited for: the core goes to
            // reading it, and no more than a few trees wait for it.
            let library = match library_cell.get() {
                Some(library) => library,
                None if waiting.len() >= PARSED_BEFORE_WAITING => library_cell.wait(),
                None => continue,
            };
            for (files, parsed, mut found) in waiting.drain(..) {
                kept.push(resolve(files, parsed, library, &mut found), found);
            }
        }
        if !waiting.is_empty() {
            let library = library_cell.wait();
            for (files, parsed, mut found) in waiting {
                kept.push(resolve(files, parsed, library, &mut found), found);
            }
        }
        kept.out
    })
}

/// The outline of a briefing that has a translation or is one.
fn outline_of(
    briefing: &Briefing,
    files: &BriefingFiles,
    involved: &HashSet<String>,
) -> Option<Outline> {
    let meta = files.metadata.as_ref()?;
    involved
        .contains(&files.id)
        .then(|| translations::outline(briefing, meta))
}

fn resolve_one(
    project: &Project,
    files: &BriefingFiles,
    parsed: Option<(ParsedBriefing, BriefingOptions)>,
    library: &Option<Library>,
    (options, involved): (&AnalyzeOptions, &HashSet<String>),
    diagnostics: &mut Diagnostics,
) -> Resolved {
    let (parsed, briefing_options) = parsed?;
    let writes_pdf = briefing_options.writes(Format::Pdf);
    let briefing = resolve::resolve(
        project,
        files,
        parsed,
        briefing_options,
        library.as_ref()?,
        match (options.problems_only, involved.contains(&files.id)) {
            (false, _) => resolve::Citations::Write,
            (true, true) => resolve::Citations::Keys,
            (true, false) => resolve::Citations::Check,
        },
        diagnostics,
    )?;
    let outline = outline_of(&briefing, files, involved);
    Some((Some(Arc::new(briefing)), writes_pdf, outline))
}

/// One run's results. When only the problems are wanted, each document
/// is freed once the next in its run is done, so the next reuses its
/// memory; the last of each run is left for the caller, which at exit
/// need not free it.
struct Kept {
    problems_only: bool,
    out: Vec<(Resolved, Diagnostics)>,
    last: Option<usize>,
}

impl Kept {
    fn new(problems_only: bool, capacity: usize) -> Kept {
        Kept {
            problems_only,
            out: Vec::with_capacity(capacity),
            last: None,
        }
    }

    fn push(&mut self, resolved: Resolved, found: Diagnostics) {
        if self.problems_only && resolved.is_some() {
            if let Some((Some((briefing, _, _)), _)) = self.last.and_then(|i| self.out.get_mut(i)) {
                *briefing = None;
            }
            self.last = Some(self.out.len());
        }
        self.out.push((resolved, found));
    }
}
