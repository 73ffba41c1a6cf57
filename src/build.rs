//! `build`: analyse, then render and write. Any error-level diagnostic
//! stops it before anything is written.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};

use crate::analysis::{Analysis, LintOptions, Scope, analyze};
use crate::output;
use crate::render::{self, IndexEntry, RenderOptions, TemplateError};

#[derive(Debug, Clone, Default)]
pub struct BuildRequest {
    pub scope: Scope,
    /// `--out`; default from `briefc.toml`, else `dist`.
    pub out: Option<PathBuf>,
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
    pub analysis: Analysis,
}

pub fn build(request: &BuildRequest) -> Result<BuildResult> {
    let started = Instant::now();
    let mut analysis = analyze(&request.scope, LintOptions::default())?;
    let out = match &request.out {
        Some(out) => out.clone(),
        None => analysis.root().join(&analysis.project.settings.output),
    };
    output::check_output_path(analysis.root(), &out)?;
    let failed = |analysis| BuildResult {
        report: None,
        analysis,
    };
    if analysis.diagnostics.has_errors() {
        return Ok(failed(analysis));
    }
    let Some(templates) = analysis.templates.take() else {
        return Ok(failed(analysis));
    };

    let settings = &analysis.project.settings;
    let options = RenderOptions {
        width: request.width,
    };
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut entries = Vec::new();
    let mut built = Vec::new();
    let mut template_error = None;
    for briefing in &analysis.briefings {
        let rendered = match render::render_briefing(briefing, settings, &templates, options) {
            Ok(r) => r,
            Err(error) => {
                template_error = Some(error);
                break;
            }
        };
        let dir = PathBuf::from(&briefing.id);
        files.push((dir.join("index.html"), rendered.html.into_bytes()));
        files.push((
            dir.join(format!("{}.txt", briefing.id)),
            rendered.text.into_bytes(),
        ));
        entries.push(IndexEntry::new(briefing, settings));
        built.push(BuiltBriefing {
            id: briefing.id.clone(),
            notes: briefing.note_count(),
        });
    }
    if template_error.is_none() {
        match render::render_index(&entries, &templates) {
            Ok(index) => files.push((PathBuf::from("index.html"), index.into_bytes())),
            Err(error) => template_error = Some(error),
        }
    }
    match template_error {
        Some(TemplateError::Diagnostic(d)) => {
            analysis.diagnostics.push(*d);
            return Ok(failed(analysis));
        }
        Some(TemplateError::Internal(message)) => return Err(anyhow!(message)),
        None => {}
    }

    output::replace_dir(&out, &files)?;
    Ok(BuildResult {
        report: Some(BuildReport {
            built,
            skipped_drafts: analysis.skipped_drafts.clone(),
            out,
            elapsed: started.elapsed(),
        }),
        analysis,
    })
}
