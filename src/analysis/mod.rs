//! Load, parse and resolve: everything `check`, `build` and `renumber`
//! share. Nothing here writes to the disk.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Result, anyhow};

use crate::diagnostics::{Diagnostics, FileId};
use crate::files::ProjectFiles;
use crate::markdown::ParsedBriefing;
use crate::markdown::PieceCache;
use crate::options::BriefingOptions;
use crate::project::{self, BriefingFiles, Overrides, Project, Selection, Status};
use crate::render::{TemplateError, Templates};
use crate::resolve::Briefing;
use crate::sources::Library;
use everything::Everything;
pub use reanalyze::{KEEP_PIECES_OF, reanalyze};

mod everything;
mod reanalyze;
pub mod translations;

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

    let Everything {
        library,
        templates,
        briefings,
        outlines,
        writes_pdf,
        diagnostics: found,
    } = everything::parse_and_resolve(&project, &included, &options);
    diagnostics.extend(found);
    diagnostics.extend(translations::check(&project, &included, &outlines));
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

/// A briefing's options settled and its files parsed; `None` when its
/// `briefing.toml` has errors (they are reported).
fn parse_briefing(
    project: &Project,
    files: &BriefingFiles,
    options: &AnalyzeOptions,
    pieces: Option<&mut PieceCache>,
    diagnostics: &mut Diagnostics,
) -> Option<(ParsedBriefing, BriefingOptions)> {
    let briefing_options = project::briefing_options(
        &project.settings,
        files.metadata.as_ref()?,
        &options.overrides,
        diagnostics,
    );
    let parsed = crate::markdown::parse_briefing_reusing(
        project,
        files,
        &briefing_options,
        pieces,
        diagnostics,
    );
    Some((parsed, briefing_options))
}

fn owned_files(files: &BriefingFiles) -> Vec<FileId> {
    files.own_files().collect()
}
