//! Load, parse and resolve: everything `check`, `build` and `renumber`
//! share. Nothing here writes to the disk.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use anyhow::{Result, anyhow};

use crate::diagnostics::{Diagnostics, FileId};
use crate::files::ProjectFiles;
use crate::markdown::PieceCache;
use crate::options::{BriefingOptions, Format};
use crate::project::{self, BriefingFiles, Overrides, Project, Selection, Status};
use crate::render::{TemplateError, Templates};
use crate::resolve::{self, Briefing, Parsed};
use crate::sources::Library;

/// Which briefings to analyse.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub root: Option<PathBuf>,
    /// Named briefings; empty for all.
    pub ids: Vec<String>,
    /// Include drafts even when not named.
    pub drafts: bool,
}

impl Scope {
    /// Whether the briefing is analysed: drafts only with `--drafts` or
    /// when briefings are named.
    fn includes(&self, files: &BriefingFiles) -> bool {
        self.drafts
            || !self.ids.is_empty()
            || files
                .metadata
                .as_ref()
                .is_none_or(|m| m.status == Status::Final)
    }
}

pub struct Analysis {
    pub project: Project,
    pub library: Library,
    /// Shared, so the preview server can keep a briefing that did not
    /// change from one rebuild to the next.
    pub briefings: Vec<Arc<Briefing>>,
    /// `None` when a template has errors (they are in `diagnostics`).
    pub templates: Option<Arc<Templates>>,
    pub diagnostics: Diagnostics,
    /// Drafts left out of this run.
    pub skipped_drafts: Vec<String>,
    /// How many briefings were looked at.
    pub briefing_count: usize,
    /// The pieces the briefings last parsed again by [`reanalyze`] were
    /// parsed in, so that the next save to one of their files parses that
    /// file only: the [`KEEP_PIECES_OF`] most recent, oldest first. Empty
    /// after [`analyze`].
    pub pieces: Vec<(String, PieceCache)>,
}

impl Analysis {
    pub fn root(&self) -> &Path {
        self.project.root()
    }
}

/// What a command needs from the analysis.
#[derive(Debug, Clone, Default)]
pub struct AnalyzeOptions {
    /// What the command line sets over the project's files.
    pub overrides: Overrides,
    /// `--deny-warnings`: every warning becomes an error for this run.
    pub deny_warnings: bool,
    /// Only the problems are wanted (`check`): citations are checked
    /// against the library but not written out, since nothing is rendered,
    /// and resolved briefings are not kept: `briefings` holds only the
    /// last each core resolved.
    pub problems_only: bool,
}

/// Analyses the working tree of the project `scope` names.
pub fn analyze(scope: &Scope, options: AnalyzeOptions) -> Result<Analysis> {
    crate::timings::begin();
    let root = project::find_root(scope.root.as_deref())?;
    analyze_files(ProjectFiles::working_tree(&root)?, scope, options)
}

/// Analyses the project that `files` open onto: the working tree, a git
/// revision, or either with an editor's unsaved text laid over it.
pub fn analyze_files(
    files: ProjectFiles,
    scope: &Scope,
    options: AnalyzeOptions,
) -> Result<Analysis> {
    let selection = if scope.ids.is_empty() {
        Selection::All
    } else {
        Selection::Named(&scope.ids)
    };
    let mut project = Project::load(files, selection)?;

    crate::timings::stage("load");
    // Drafts are left out unless asked for by --drafts or by name; their
    // problems do not stop the others from being published.
    let (included, skipped): (Vec<&BriefingFiles>, Vec<&BriefingFiles>) =
        project.briefings.iter().partition(|b| scope.includes(b));
    let skipped_files: HashSet<FileId> = skipped.iter().flat_map(|b| owned_files(b)).collect();
    let mut diagnostics = Diagnostics::new();
    for d in std::mem::take(&mut project.diagnostics) {
        if !skipped_files.contains(&d.span.file) {
            diagnostics.push(d);
        }
    }

    // The source library and the templates do not depend on the Markdown:
    // they are read on a thread of their own while the first briefings are
    // parsed. Each briefing is then parsed and resolved in one go, shared
    // out between the cores, so its parse tree is freed (`check`) or
    // becomes its document as soon as it is done: the trees of a whole
    // archive are never held at once.
    let write_citations = !options.problems_only;
    let library_cell: OnceLock<Option<Library>> = OnceLock::new();
    let (templates, briefings, writes_pdf) = std::thread::scope(|scope| {
        let side = scope.spawn(|| {
            let mut found = Diagnostics::new();
            // A panic still fills the cell, so no worker waits for ever;
            // it is raised again when the thread is joined.
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
        });
        let parse_one = |files: &BriefingFiles, diagnostics: &mut Diagnostics| {
            parse_briefing(&project, files, &options, None, diagnostics)
        };
        let resolve_one = |files: &BriefingFiles,
                           parsed: Option<(Parsed, BriefingOptions)>,
                           library: &Option<Library>,
                           diagnostics: &mut Diagnostics| {
            let (parsed, briefing_options) = parsed?;
            let writes_pdf = briefing_options.writes(Format::Pdf);
            let briefing = resolve::resolve(
                &project,
                files,
                parsed,
                briefing_options,
                library.as_ref()?,
                write_citations,
                diagnostics,
            )?;
            Some((Some(Arc::new(briefing)), writes_pdf))
        };
        // When only the problems are wanted, each document is freed once
        // the next in its run is done, so the next reuses its memory; the
        // last of each run is left for the caller, which at exit need not
        // free it.
        type Done = (Option<(Option<Arc<Briefing>>, bool)>, Diagnostics);
        let keep = |out: &mut Vec<Done>, last: &mut Option<usize>, done: Done| {
            if options.problems_only && done.0.is_some() {
                if let Some((Some((briefing, _)), _)) = last.and_then(|i| out.get_mut(i)) {
                    *briefing = None;
                }
                *last = Some(out.len());
            }
            out.push(done);
        };
        let done = crate::parallel::map_runs(included.clone(), PARALLEL_FROM, |run| {
            let mut out = Vec::with_capacity(run.len());
            let mut last = None;
            // Parsed while the library was still being read.
            let mut waiting = Vec::new();
            for files in run {
                let mut found = Diagnostics::new();
                let parsed = parse_one(files, &mut found);
                waiting.push((files, parsed, found));
                // Past a few, the library is waited for: the core goes to
                // reading it, and no more than a few trees wait for it.
                let library = match library_cell.get() {
                    Some(library) => library,
                    None if waiting.len() >= WAIT_FOR_LIBRARY_AFTER => library_cell.wait(),
                    None => continue,
                };
                for (files, parsed, mut found) in waiting.drain(..) {
                    let resolved = resolve_one(files, parsed, library, &mut found);
                    keep(&mut out, &mut last, (resolved, found));
                }
            }
            if !waiting.is_empty() {
                let library = library_cell.wait();
                for (files, parsed, mut found) in waiting {
                    let resolved = resolve_one(files, parsed, library, &mut found);
                    keep(&mut out, &mut last, (resolved, found));
                }
            }
            out
        });
        let mut briefings = Vec::new();
        let mut writes_pdf = false;
        for (result, found) in done {
            diagnostics.extend(found);
            if let Some((briefing, pdf)) = result {
                briefings.extend(briefing);
                writes_pdf |= pdf;
            }
        }
        let (templates, found) = side
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        diagnostics.extend(found);
        (templates, briefings, writes_pdf)
    });
    let library = library_cell
        .into_inner()
        .flatten()
        .expect("the library thread either read it or panicked");
    crate::timings::stage("parse and resolve, the library and templates beside them");
    let templates = match templates {
        Ok(t) => Some(Arc::new(t)),
        Err(TemplateError::Diagnostic(d)) => {
            diagnostics.push(*d);
            None
        }
        Err(TemplateError::Internal(message)) => return Err(anyhow!(message)),
    };
    // A Typst template's syntax is checked here, so `check` finds what the
    // PDF's typesetting would stop at; the rest only typesetting finds.
    if let Some(templates) = &templates
        && writes_pdf
    {
        for d in crate::render::template_syntax_errors(templates) {
            diagnostics.push(d);
        }
    }
    let skipped_drafts = skipped.iter().map(|b| b.id.clone()).collect();
    let briefing_count = included.len();

    diagnostics.apply_levels(|code| project.settings.lint_level(code));
    if options.deny_warnings {
        diagnostics.raise_warnings();
    }
    diagnostics.sort(&project.sources);

    Ok(Analysis {
        project,
        library,
        briefings,
        templates,
        diagnostics,
        skipped_drafts,
        briefing_count,
        pieces: Vec::new(),
    })
}

/// Brings `analysis` up to date after the files of the briefings
/// `changed` were edited, created or removed, and nothing else: only those
/// are read, parsed and resolved again, with the library and templates
/// already read. Their old problems are dropped and their new ones found.
/// Returns the changed briefings that are analysed now.
pub fn reanalyze(
    analysis: &mut Analysis,
    scope: &Scope,
    changed: &BTreeSet<String>,
    options: &AnalyzeOptions,
) -> Result<BTreeSet<String>> {
    let changed: BTreeSet<String> = changed
        .iter()
        .filter(|id| scope.ids.is_empty() || scope.ids.contains(id))
        .cloned()
        .collect();
    let project = &mut analysis.project;
    analysis.briefings.retain(|b| !changed.contains(b.id()));
    analysis.skipped_drafts.retain(|id| !changed.contains(id));
    let sources = &project.sources;
    analysis.diagnostics.retain(|d| {
        project::briefing_of(sources.path(d.span.file)).is_none_or(|id| !changed.contains(&id))
    });
    for id in &changed {
        project.reload_briefing(id)?;
    }
    analysis
        .pieces
        .retain(|(id, _)| project.briefings.iter().any(|b| &b.id == id));
    let mut found = std::mem::take(&mut project.diagnostics);
    let project = &analysis.project;
    let mut fresh = BTreeSet::new();
    for files in project.briefings.iter().filter(|b| changed.contains(&b.id)) {
        if !scope.includes(files) {
            analysis.skipped_drafts.push(files.id.clone());
            let owned: HashSet<FileId> = owned_files(files).into_iter().collect();
            found.retain(|d| !owned.contains(&d.span.file));
            continue;
        }
        fresh.insert(files.id.clone());
        let mut pieces = match analysis.pieces.iter().position(|(id, _)| *id == files.id) {
            Some(at) => analysis.pieces.remove(at).1,
            None => PieceCache::default(),
        };
        let parsed = parse_briefing(project, files, options, Some(&mut pieces), &mut found);
        analysis.pieces.push((files.id.clone(), pieces));
        if analysis.pieces.len() > KEEP_PIECES_OF {
            analysis.pieces.remove(0);
        }
        let Some((parsed, briefing_options)) = parsed else {
            continue;
        };
        let resolved = resolve::resolve(
            project,
            files,
            parsed,
            briefing_options,
            &analysis.library,
            !options.problems_only,
            &mut found,
        );
        analysis.briefings.extend(resolved.map(Arc::new));
    }
    analysis.briefings.sort_by(|a, b| a.id().cmp(b.id()));
    analysis.skipped_drafts.sort();
    analysis.briefing_count = project
        .briefings
        .iter()
        .filter(|b| scope.includes(b))
        .count();
    found.apply_levels(|code| project.settings.lint_level(code));
    if options.deny_warnings {
        found.raise_warnings();
    }
    analysis.diagnostics.extend(found);
    analysis.diagnostics.dedup();
    analysis.diagnostics.sort(&project.sources);
    Ok(fresh)
}

/// A briefing's options settled and its files parsed; `None` when its
/// `briefing.toml` has errors (they are reported).
fn parse_briefing(
    project: &Project,
    files: &BriefingFiles,
    options: &AnalyzeOptions,
    pieces: Option<&mut PieceCache>,
    diagnostics: &mut Diagnostics,
) -> Option<(Parsed, BriefingOptions)> {
    let briefing_options = project::briefing_options(
        &project.settings,
        files.metadata.as_ref()?,
        &options.overrides,
        diagnostics,
    );
    let parsed = resolve::parse_reusing(project, files, &briefing_options, pieces, diagnostics);
    Some((parsed, briefing_options))
}

fn owned_files(files: &BriefingFiles) -> Vec<FileId> {
    files.own_files().collect()
}

/// How many briefings' parse pieces serve keeps: the ones being edited,
/// without holding a second copy of a whole archive's trees.
pub const KEEP_PIECES_OF: usize = 8;

/// Fewer briefings than this are not worth a second thread.
const PARALLEL_FROM: usize = 4;

/// How many briefings a core parses while the library is still being
/// read before it waits for the library.
const WAIT_FOR_LIBRARY_AFTER: usize = 8;
