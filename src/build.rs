//! The whole pipeline behind `briefc build`: load, parse, resolve, render,
//! write. Any error-level diagnostic stops it before anything is written.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};

use crate::diagnostics::{Diagnostics, FileId, SourceMap};
use crate::output;
use crate::project::{self, BriefingFiles, Project, Selection, Status};
use crate::render::{self, IndexEntry, RenderOptions, TemplateError, Templates};
use crate::resolve;

#[derive(Debug, Clone, Default)]
pub struct BuildRequest {
    pub root: Option<PathBuf>,
    /// Briefings to build; empty for all.
    pub ids: Vec<String>,
    /// `--out`; default from `briefc.toml`, else `dist`.
    pub out: Option<PathBuf>,
    pub drafts: bool,
    pub width: Option<usize>,
}

pub struct BuiltBriefing {
    pub id: String,
    pub notes: usize,
}

pub struct BuildReport {
    pub built: Vec<BuiltBriefing>,
    pub skipped_drafts: Vec<String>,
    pub out: PathBuf,
    pub elapsed: Duration,
}

pub struct BuildResult {
    /// `None` when errors stopped the build; nothing was written then.
    pub report: Option<BuildReport>,
    pub diagnostics: Diagnostics,
    pub sources: SourceMap,
}

pub fn build(request: &BuildRequest) -> Result<BuildResult> {
    let started = Instant::now();
    let root = project::find_root(request.root.as_deref())?;
    let selection = if request.ids.is_empty() {
        Selection::All
    } else {
        Selection::Named(&request.ids)
    };
    let mut project = Project::load(&root, selection)?;
    let out = resolve_out(&root, request.out.as_deref(), &project);
    output::check_output_path(&root, &out)?;

    // Drafts are left out unless asked for by --drafts or by name; their
    // problems do not stop the others from being published.
    let (included, skipped): (Vec<&BriefingFiles>, Vec<&BriefingFiles>) =
        project.briefings.iter().partition(|b| {
            request.drafts
                || !request.ids.is_empty()
                || b.metadata
                    .as_ref()
                    .is_none_or(|m| m.status == Status::Final)
        });
    let skipped_files: HashSet<FileId> = skipped.iter().flat_map(|b| owned_files(b)).collect();
    let mut diagnostics = Diagnostics::new();
    for d in std::mem::take(&mut project.diagnostics) {
        if !skipped_files.contains(&d.span.file) {
            diagnostics.push(d);
        }
    }

    let mut resolved = Vec::new();
    for files in &included {
        if let Some(briefing) = resolve::resolve(&project, files, &mut diagnostics) {
            resolved.push(briefing);
        }
    }
    let templates = match Templates::load(&project) {
        Ok(t) => Some(t),
        Err(TemplateError::Diagnostic(d)) => {
            diagnostics.push(*d);
            None
        }
        Err(TemplateError::Internal(message)) => return Err(anyhow!(message)),
    };
    let skipped_drafts: Vec<String> = skipped.iter().map(|b| b.id.clone()).collect();
    let settings = project.settings.clone();
    finish_diagnostics(&mut diagnostics, &project);
    let fail = |diagnostics, project: Project| BuildResult {
        report: None,
        diagnostics,
        sources: project.sources,
    };
    let Some(templates) = templates else {
        return Ok(fail(diagnostics, project));
    };
    if diagnostics.has_errors() {
        return Ok(fail(diagnostics, project));
    }

    let options = RenderOptions {
        width: request.width,
    };
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut entries = Vec::new();
    let mut built = Vec::new();
    for briefing in &resolved {
        let rendered = match render::render_briefing(briefing, &settings, &templates, options) {
            Ok(r) => r,
            Err(TemplateError::Diagnostic(d)) => {
                diagnostics.push(*d);
                return Ok(fail(diagnostics, project));
            }
            Err(TemplateError::Internal(message)) => return Err(anyhow!(message)),
        };
        let dir = PathBuf::from(&briefing.id);
        files.push((dir.join("index.html"), rendered.html.into_bytes()));
        files.push((
            dir.join(format!("{}.txt", briefing.id)),
            rendered.text.into_bytes(),
        ));
        entries.push(IndexEntry::new(briefing, &settings));
        built.push(BuiltBriefing {
            id: briefing.id.clone(),
            notes: briefing.note_count(),
        });
    }
    match render::render_index(&entries, &templates) {
        Ok(index) => files.push((PathBuf::from("index.html"), index.into_bytes())),
        Err(TemplateError::Diagnostic(d)) => {
            diagnostics.push(*d);
            return Ok(fail(diagnostics, project));
        }
        Err(TemplateError::Internal(message)) => return Err(anyhow!(message)),
    }

    output::replace_dir(&out, &files)?;
    Ok(BuildResult {
        report: Some(BuildReport {
            built,
            skipped_drafts,
            out,
            elapsed: started.elapsed(),
        }),
        diagnostics,
        sources: project.sources,
    })
}

/// Applies `[lints]` and sorts by file and position.
pub fn finish_diagnostics(diagnostics: &mut Diagnostics, project: &Project) {
    diagnostics.apply_levels(|code| project.settings.lint_level(code));
    diagnostics.sort(&project.sources);
}

fn owned_files(files: &BriefingFiles) -> Vec<FileId> {
    let mut owned = vec![files.metadata_file];
    owned.extend(&files.sections);
    owned.extend(&files.footnote_files);
    owned
}

fn resolve_out(root: &Path, explicit: Option<&Path>, project: &Project) -> PathBuf {
    match explicit {
        Some(out) => out.to_path_buf(),
        None => root.join(&project.settings.output),
    }
}
