//! `build`: analyse, then render and write. An error in the sources
//! stops it before anything is written; an edition that fails on its own
//! is left out, and the rest is written.

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
    /// Editions an error left out; the rest was written.
    pub left_out: Vec<LeftOut>,
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
    /// The editions an error left out; the rest is written.
    pub left_out: Vec<LeftOut>,
}

/// An edition of a briefing that was not written, for an error of its
/// own (a template that failed, a PDF past its limits): the diagnostics
/// say which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub id: String,
    pub format: Format,
}

/// Renders every analysed briefing and the index into memory. `Ok(None)`
/// when the sources have errors, or the index template failed: they are
/// then in the analysis's diagnostics. An edition that fails on its own
/// (its template, a PDF past its limits or refused by its standard) is
/// left out, named in [`Site::left_out`], and the rest is rendered; the
/// diagnostics say why, with the warnings the outputs found.
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
    let mut left_out = Vec::new();
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
        // What the preview makes on request is offered by the page too.
        let later = if only.is_some_and(|ids| !ids.contains(b.id())) {
            Formats::default()
        } else {
            b.options.formats.intersection(deferred)
        };
        render::render_backends(&Input::of(b, templates, files_of_project), &backends, later)
    });
    let settings = &analysis.project.settings;
    for (briefing, editions) in analysis.briefings.iter().zip(outcomes) {
        let mut listed = briefing.options.formats;
        let mut sizes = Vec::new();
        for edition in editions {
            let mut found = Diagnostics::new();
            for finding in edition.findings {
                found.push(placed(finding, briefing, &analysis.project));
            }
            let bytes = match edition.bytes {
                Ok(bytes) => Some(bytes),
                Err(TemplateError::Diagnostic(d)) => {
                    found.push(*d);
                    None
                }
                Err(TemplateError::Internal(message)) => return Err(anyhow!(message)),
            };
            found.apply_levels(|code| settings.lint_level(code));
            match bytes {
                Some(bytes) if !found.has_errors() => {
                    sizes.push((edition.format, bytes.len() as u64));
                    files.push((edition.path, bytes));
                }
                _ => {
                    listed.remove(edition.format);
                    left_out.push(LeftOut {
                        id: briefing.id().to_string(),
                        format: edition.format,
                    });
                }
            }
            findings.extend(found);
        }
        let id = briefing.id();
        copies.extend(briefing.doc.assets.iter().map(|asset| output::CopiedFile {
            to: PathBuf::from(id).join(&asset.path),
            from: PathBuf::from(&asset.source),
        }));
        entries.push(IndexEntry::new(briefing, listed, &sizes));
        built.push(BuiltBriefing {
            id: briefing.id().to_string(),
            notes: briefing.note_count(),
        });
    }
    let index = render::render_index(entries, templates);
    findings.dedup();
    analysis.diagnostics.extend(findings);
    let result = match index {
        Err(TemplateError::Diagnostic(d)) => {
            analysis.diagnostics.push(*d);
            Ok(None)
        }
        Err(TemplateError::Internal(message)) => Err(anyhow!(message)),
        Ok(index) => {
            files.push((PathBuf::from("index.html"), index.into_bytes()));
            Ok(Some(Site {
                files,
                copies,
                built,
                left_out,
            }))
        }
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
            left_out: site.left_out,
            skipped_drafts: analysis.skipped_drafts.clone(),
            out,
            elapsed: started.elapsed(),
        }),
        analysis,
    })
}
