//! `build`: analyse, then render and write. Any error-level diagnostic
//! stops it before anything is written.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};

use crate::analysis::{Analysis, AnalyzeOptions, Scope, analyze};
use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::options::{Format, Formats};
use crate::output;
use crate::parallel::{self, Work};
use crate::project::Overrides;
use crate::project::Project;
use crate::render::{self, Finding, IndexEntry, Input, Place, TemplateError};
use crate::resolve::Briefing;

#[derive(Debug, Clone, Default)]
pub struct BuildRequest {
    pub scope: Scope,
    /// `--out`; default from `briefc.toml`, else `dist`.
    pub out: Option<PathBuf>,
    /// `--width` and `--format`.
    pub overrides: Overrides,
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

/// The files of a rendered site, by path relative to the output directory.
pub struct Site {
    pub files: Vec<(PathBuf, Vec<u8>)>,
    /// The project's images and attached files, copied beside the pages.
    pub copies: Vec<output::CopiedFile>,
    pub built: Vec<BuiltBriefing>,
}

/// Renders every analysed briefing and the index into memory. `Ok(None)`
/// when the sources or templates have errors, or an output found one in
/// itself (a PDF standard refused); they are then in the analysis's
/// diagnostics, with the warnings the outputs found.
pub fn render_site(analysis: &mut Analysis) -> Result<Option<Site>> {
    render_site_deferring(analysis, Formats::default(), None)
}

/// [`render_site`], leaving out the outputs named in `deferred` (which
/// the index still links to): `serve` typesets a PDF only when it is
/// asked for. With `only`, just those briefings' files are rendered (and
/// the index, which lists every briefing): `serve` keeps the others'.
pub fn render_site_deferring(
    analysis: &mut Analysis,
    deferred: Formats,
    only: Option<&BTreeSet<String>>,
) -> Result<Option<Site>> {
    if analysis.diagnostics.has_errors() {
        return Ok(None);
    }
    let Some(templates) = analysis.templates.as_ref() else {
        return Ok(None);
    };
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut copies = Vec::new();
    let mut entries = Vec::new();
    let mut built = Vec::new();
    let mut findings = Diagnostics::new();
    let mut template_error = None;
    let formats_of = |briefing: &Briefing| {
        if only.is_some_and(|ids| !ids.contains(briefing.id())) {
            return Formats::default();
        }
        briefing.options.formats.without(deferred)
    };
    // Briefings are rendered side by side on the cores, but PDFs one at a
    // time: each typesetting already keeps the cores busy and holds its
    // pages in memory.
    let typesets = analysis
        .briefings
        .iter()
        .any(|b| formats_of(b).contains(Format::Pdf));
    let work = if typesets {
        Work::Typesetting
    } else {
        Work::Rendering
    };
    let files_of_project = &analysis.project.files;
    let outcomes = parallel::map(work, analysis.briefings.iter().collect(), |b| {
        let backends: Vec<_> = formats_of(b).iter().map(render::backend).collect();
        render::render_backends(&Input::of(b, templates, files_of_project), &backends)
    });
    for (briefing, outcome) in analysis.briefings.iter().zip(outcomes) {
        match outcome {
            Ok(rendered) => {
                files.extend(rendered.files);
                for finding in rendered.findings {
                    findings.push(placed(finding, briefing, &analysis.project));
                }
            }
            Err(error) => {
                template_error = Some(error);
                break;
            }
        }
        let id = briefing.id();
        copies.extend(briefing.doc.assets.iter().map(|asset| output::CopiedFile {
            to: PathBuf::from(id).join(&asset.path),
            from: PathBuf::from(&asset.source),
        }));
        entries.push(IndexEntry::new(briefing));
        built.push(BuiltBriefing {
            id: briefing.id().to_string(),
            notes: briefing.note_count(),
        });
    }
    if template_error.is_none() {
        match render::render_index(&entries, templates) {
            Ok(index) => files.push((PathBuf::from("index.html"), index.into_bytes())),
            Err(error) => template_error = Some(error),
        }
    }
    let settings = &analysis.project.settings;
    findings.apply_levels(|code| settings.lint_level(code));
    findings.dedup();
    let stopped = findings.has_errors();
    analysis.diagnostics.extend(findings);
    let result = match template_error {
        Some(TemplateError::Diagnostic(d)) => {
            analysis.diagnostics.push(*d);
            Ok(None)
        }
        Some(TemplateError::Internal(message)) => Err(anyhow!(message)),
        None if stopped => Ok(None),
        None => Ok(Some(Site {
            files,
            copies,
            built,
        })),
    };
    analysis.diagnostics.sort(&analysis.project.sources);
    result
}

/// A finding's diagnostic, moved to the place in the briefing's sources
/// that the backend named, where there is one.
fn placed(finding: Finding, briefing: &Briefing, project: &Project) -> Diagnostic {
    let mut diagnostic = finding.diagnostic;
    let text = match finding.place {
        None => return diagnostic,
        Some(Place::Text(text)) => text,
        Some(place) => {
            diagnostic.span = site_of(briefing, &place).unwrap_or(diagnostic.span);
            return diagnostic;
        }
    };
    let Some(files) = project.briefings.iter().find(|b| b.id == briefing.id()) else {
        return diagnostic;
    };
    let candidates = files
        .sections
        .iter()
        .chain(&files.footnote_files)
        .chain(std::iter::once(&files.metadata_file));
    for &file in candidates {
        if let Some(at) = project.sources.text(file).find(&text) {
            diagnostic.span = Span::new(file, at..at + text.len());
            break;
        }
    }
    diagnostic
}

/// Where a place the document names stands in the briefing's sources.
fn site_of(briefing: &Briefing, place: &Place) -> Option<Span> {
    match place {
        Place::Note(number) => Some(briefing.note_site(*number)),
        Place::Asset(index) => briefing
            .asset_sites
            .iter()
            .find(|(i, _)| i == index)
            .map(|&(_, span)| span),
        Place::UndescribedImage => briefing.undescribed_images.first().copied(),
        Place::Text(_) => None,
    }
}

pub fn build(request: &BuildRequest) -> Result<BuildResult> {
    let started = Instant::now();
    let options = AnalyzeOptions {
        overrides: request.overrides.clone(),
        ..AnalyzeOptions::default()
    };
    let mut analysis = analyze(&request.scope, options)?;
    let out = match &request.out {
        Some(out) => out.clone(),
        None => analysis.root().join(&analysis.project.settings.output),
    };
    output::check_output_path(&analysis.project.files, &out)?;
    let Some(site) = render_site(&mut analysis)? else {
        return Ok(BuildResult {
            report: None,
            analysis,
        });
    };
    crate::timings::stage("render");
    let contents = output::Contents {
        files: &site.files,
        copies: &site.copies,
        project: &analysis.project.files,
    };
    output::replace_dir(&out, &contents)?;
    crate::timings::stage("write");
    Ok(BuildResult {
        report: Some(BuildReport {
            built: site.built,
            skipped_drafts: analysis.skipped_drafts.clone(),
            out,
            elapsed: started.elapsed(),
        }),
        analysis,
    })
}
