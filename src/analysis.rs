//! Load, parse and resolve: everything `check`, `build` and `renumber`
//! share. Nothing here writes to the disk.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Result, anyhow};

use crate::diagnostics::{Diagnostics, FileId};
use crate::project::options::check_formats;
use crate::project::{self, BriefingFiles, BriefingOptions, Overrides, Project, Selection, Status};
use crate::render::{TemplateError, Templates, format_names};
use crate::resolve::{self, Briefing};
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
}

impl Analysis {
    pub fn root(&self) -> &Path {
        &self.project.root
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
    /// against the library but not written out, since nothing is rendered.
    pub problems_only: bool,
}

pub fn analyze(scope: &Scope, options: AnalyzeOptions) -> Result<Analysis> {
    let known_formats = format_names();
    crate::timings::begin();
    let root = project::find_root(scope.root.as_deref())?;
    let selection = if scope.ids.is_empty() {
        Selection::All
    } else {
        Selection::Named(&scope.ids)
    };
    let mut project = Project::load(&root, selection)?;

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

    check_formats(&project.settings, &known_formats, &mut diagnostics);
    // The source library and the templates do not depend on the Markdown:
    // they are read on a thread of their own while the files are parsed.
    let (library, templates, parsed) = std::thread::scope(|scope| {
        let side = scope.spawn(|| {
            let mut found = Diagnostics::new();
            let library = Library::parse(&project.library_files, &project.sources, &mut found);
            (library, Templates::load(&project), found)
        });
        // Each briefing is parsed on its own, so the briefings are shared
        // out between the cores.
        let (parsed, found) = in_parallel(included.clone(), |files, diagnostics| {
            let briefing_options = BriefingOptions::new(
                &project.settings,
                files.metadata.as_ref()?,
                &options.overrides,
                &known_formats,
                diagnostics,
            );
            let parsed = resolve::parse(&project, files, &briefing_options, diagnostics);
            Some((files, parsed, briefing_options))
        });
        diagnostics.extend(found);
        let parsed: Vec<_> = parsed.into_iter().flatten().collect();
        let (library, templates, found) = side
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        diagnostics.extend(found);
        (library, templates, parsed)
    });
    crate::timings::stage("parse, and the library and templates beside it");
    let write_citations = !options.problems_only;
    let (briefings, found) =
        in_parallel(parsed, |(files, parsed, briefing_options), diagnostics| {
            resolve::resolve(
                &project,
                files,
                parsed,
                briefing_options,
                &library,
                write_citations,
                diagnostics,
            )
        });
    diagnostics.extend(found);
    let briefings: Vec<_> = briefings.into_iter().flatten().map(Arc::new).collect();
    crate::timings::stage("resolve");
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
        && briefings.iter().any(|b| b.options.writes("pdf"))
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
    let mut found = std::mem::take(&mut project.diagnostics);
    let project = &analysis.project;
    let known_formats = format_names();
    let mut fresh = BTreeSet::new();
    for files in project.briefings.iter().filter(|b| changed.contains(&b.id)) {
        if !scope.includes(files) {
            analysis.skipped_drafts.push(files.id.clone());
            let owned: HashSet<FileId> = owned_files(files).into_iter().collect();
            found.retain(|d| !owned.contains(&d.span.file));
            continue;
        }
        fresh.insert(files.id.clone());
        let Some(metadata) = files.metadata.as_ref() else {
            continue;
        };
        let briefing_options = BriefingOptions::new(
            &project.settings,
            metadata,
            &options.overrides,
            &known_formats,
            &mut found,
        );
        let parsed = resolve::parse(project, files, &briefing_options, &mut found);
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

fn owned_files(files: &BriefingFiles) -> Vec<FileId> {
    let mut owned = vec![files.metadata_file];
    owned.extend(&files.sections);
    owned.extend(&files.footnote_files);
    owned
}

/// Fewer briefings than this are not worth a second thread.
const PARALLEL_FROM: usize = 4;

/// `work` on every item, shared out between the cores; the results in the
/// items' order, and every diagnostic found.
fn in_parallel<T: Send, R: Send>(
    items: Vec<T>,
    work: impl Fn(T, &mut Diagnostics) -> R + Sync,
) -> (Vec<R>, Diagnostics) {
    let done = crate::parallel::map(items, PARALLEL_FROM, |item| {
        let mut found = Diagnostics::new();
        let result = work(item, &mut found);
        (result, found)
    });
    let mut diagnostics = Diagnostics::new();
    let mut results = Vec::with_capacity(done.len());
    for (result, found) in done {
        results.push(result);
        diagnostics.extend(found);
    }
    (results, diagnostics)
}
