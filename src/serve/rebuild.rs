//! Rebuilding the preview after a save. The last analysis is kept, and a
//! change to one briefing's own files (its folder under `briefings/`,
//! `footnotes/<id>.md`, `footnotes/<id>/`) reads, parses, resolves and
//! renders that briefing alone, and the index; every other page stays as
//! it was. A change to anything the briefings share (the source library,
//! a template, a font, `briefc.toml`) rebuilds them all.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::analysis::{Analysis, AnalyzeOptions, Scope, analyze, reanalyze};
use crate::build::render_site_deferring;
use crate::diagnostics::{Code, Diagnostics, Severity, SourceMap};
use crate::project;

use super::site::{self, Copies};
use super::{Shared, deferred, write};

/// One rebuild, as the terminal reports it.
pub struct Rebuild<'a> {
    pub elapsed: Duration,
    pub briefings: usize,
    /// How many of them were read and rendered again.
    pub rebuilt: usize,
    pub ok: bool,
    pub diagnostics: &'a Diagnostics,
    pub sources: &'a SourceMap,
    /// A problem that kept briefc from running at all (no project found).
    pub failure: Option<String>,
}

/// Builds the site into memory, whole the first time and after that as
/// little of it as a change needs.
pub struct Builder {
    scope: Scope,
    /// The last analysis, while it can be brought up to date.
    kept: Option<Analysis>,
    /// Texts added to the source map since the last whole build (a file
    /// read back unchanged keeps its text and id). The texts they replace
    /// stay in the map, so once as many were added as the whole build
    /// read (`whole`), the next build is whole and starts a new map.
    reread: usize,
    whole: usize,
    /// What a run that could not start reports.
    nothing: (Diagnostics, SourceMap),
}

/// What a batch of changed paths asks for.
#[derive(Debug, PartialEq)]
enum Scale {
    Whole,
    Briefings(BTreeSet<String>),
}

impl Builder {
    pub fn new(scope: Scope) -> Builder {
        Builder {
            scope,
            kept: None,
            reread: 0,
            whole: 0,
            nothing: (Diagnostics::new(), SourceMap::new()),
        }
    }

    /// Rebuilds after `changed` (paths from the project's root), or whole
    /// with `None`, and puts the result in `state`.
    pub fn rebuild(&mut self, changed: Option<&BTreeSet<PathBuf>>, state: &Shared) -> Rebuild<'_> {
        let started = Instant::now();
        let scale = match (changed, &self.kept) {
            (Some(paths), Some(kept)) if self.reread < self.whole => scale_of(kept, paths),
            _ => Scale::Whole,
        };
        let (only, rebuilt, failure) = match scale {
            Scale::Briefings(ids) => match self.partly(&ids) {
                Ok(rebuilt) => (Some(ids), rebuilt, None),
                Err(error) => {
                    self.kept = None;
                    (None, 0, Some(format!("{error:#}")))
                }
            },
            Scale::Whole => {
                self.reread = 0;
                match analyze(&self.scope, AnalyzeOptions::default()) {
                    Ok(analysis) => {
                        let count = analysis.briefings.len();
                        self.whole = analysis.project.sources.len();
                        self.kept = Some(analysis);
                        (None, count, None)
                    }
                    Err(error) => {
                        self.kept = None;
                        (None, 0, Some(format!("{error:#}")))
                    }
                }
            }
        };
        let Some(analysis) = self.kept.as_mut() else {
            let message = failure.unwrap_or_default();
            let overlay = site::overlay_html(&self.nothing.0, &self.nothing.1, Some(&message));
            write(state).fail(overlay);
            return Rebuild {
                elapsed: started.elapsed(),
                briefings: 0,
                rebuilt: 0,
                ok: false,
                diagnostics: &self.nothing.0,
                sources: &self.nothing.1,
                failure: Some(message),
            };
        };
        let (ok, failure) = publish(analysis, only.as_ref(), state);
        let analysis = self.kept.as_ref().expect("kept above");
        Rebuild {
            elapsed: started.elapsed(),
            briefings: analysis.briefing_count,
            rebuilt,
            ok,
            diagnostics: &analysis.diagnostics,
            sources: &analysis.project.sources,
            failure,
        }
    }

    /// Brings the kept analysis up to date for the briefings `ids`;
    /// returns how many were analysed again.
    fn partly(&mut self, ids: &BTreeSet<String>) -> anyhow::Result<usize> {
        let analysis = self.kept.as_mut().expect("only with a kept analysis");
        let before = analysis.project.sources.len();
        let fresh = reanalyze(analysis, &self.scope, ids, &AnalyzeOptions::default())?;
        self.reread += analysis.project.sources.len() - before;
        Ok(fresh.len())
    }
}

/// Renders what `only` names (everything with `None`) and the index, and
/// puts it in `state`; returns whether the build succeeded, and the
/// problem that stopped it if one did.
fn publish(
    analysis: &mut Analysis,
    only: Option<&BTreeSet<String>>,
    state: &Shared,
) -> (bool, Option<String>) {
    match render_site_deferring(analysis, deferred::DEFERRED, only) {
        // An edition left out is shown as a failed build: the preview is
        // for putting it right.
        Ok(Some(site)) if site.left_out.is_empty() => {
            let project = &analysis.project.files;
            let later = analysis.templates.clone().map(|templates| {
                deferred::Deferred::new(analysis.briefings.clone(), templates, project.clone())
            });
            let copies = Copies {
                files: site.copies,
                project: project.clone(),
            };
            match only {
                Some(ids) => write(state).update(site.files, ids, copies, later),
                None => {
                    write(state).replace(site.files, copies, later);
                }
            }
            (true, None)
        }
        Ok(_) => {
            let overlay =
                site::overlay_html(&analysis.diagnostics, &analysis.project.sources, None);
            write(state).fail(overlay);
            (false, None)
        }
        Err(error) => {
            let message = format!("{error:#}");
            let overlay = site::overlay_html(
                &analysis.diagnostics,
                &analysis.project.sources,
                Some(&message),
            );
            write(state).fail(overlay);
            (false, Some(message))
        }
    }
}

/// What changed `paths` ask of the kept `analysis`: the briefings whose
/// own files they are, with every briefing that publishes one of them;
/// the whole site for a file the briefings share, or when an error of the
/// last build might be about a file that has appeared since (a missing
/// image, a file refused).
fn scale_of(analysis: &Analysis, paths: &BTreeSet<PathBuf>) -> Scale {
    let sources = &analysis.project.sources;
    let unsure = analysis.diagnostics.iter().any(|d| {
        d.severity == Severity::Error
            && (matches!(d.code, Code::MissingAsset | Code::RefusedFile)
                || project::briefing_of(sources.path(d.span.file)).is_none())
    });
    if unsure {
        return Scale::Whole;
    }
    let mut ids = BTreeSet::new();
    for path in paths {
        let Some(id) = project::briefing_of(path) else {
            return Scale::Whole;
        };
        ids.insert(id);
        for briefing in &analysis.briefings {
            if briefing
                .doc
                .assets
                .iter()
                .any(|asset| Path::new(&asset.source) == path)
            {
                ids.insert(briefing.id().to_string());
            }
        }
    }
    Scale::Briefings(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> tempfile::TempDir {
        project_of(&["one", "two"])
    }

    /// A builder for the project at `root`, drafts included, and its site.
    fn builder_for(root: &Path) -> (Builder, Shared) {
        let scope = Scope {
            root: Some(root.to_path_buf()),
            drafts: true,
            ..Scope::default()
        };
        (Builder::new(scope), Shared::default())
    }

    fn project_of(ids: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for id in ids {
            let folder = dir.path().join("briefings").join(id);
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(
                folder.join("briefing.toml"),
                format!("title = \"{id}\"\ndate = \"2007-03-01\"\nsections = [\"a.md\"]\n"),
            )
            .unwrap();
            std::fs::write(folder.join("a.md"), "# A\n\nText.\n").unwrap();
        }
        dir
    }

    #[test]
    fn a_save_to_one_briefing_rebuilds_it_alone_until_the_map_has_grown_by_a_whole_build() {
        let dir = project();
        let (mut builder, state) = builder_for(dir.path());
        let first = builder.rebuild(None, &state);
        assert!(first.ok);
        assert_eq!((first.rebuilt, first.briefings), (2, 2));
        let whole = builder.whole;
        let saved: BTreeSet<PathBuf> = [PathBuf::from("briefings/one/a.md")].into();
        // A save that changes nothing adds nothing to the map.
        for _ in 0..3 {
            assert_eq!(builder.rebuild(Some(&saved), &state).rebuilt, 1);
        }
        assert_eq!(builder.reread, 0);
        let section = dir.path().join("briefings/one/a.md");
        let mut partial = 0;
        loop {
            std::fs::write(&section, format!("# A\n\nText, saved {partial} times.\n")).unwrap();
            let rebuild = builder.rebuild(Some(&saved), &state);
            assert!(rebuild.ok);
            if rebuild.rebuilt == 2 {
                break;
            }
            assert_eq!(rebuild.rebuilt, 1);
            partial += 1;
            assert!(partial <= whole, "the source map grows without bound");
        }
        assert!(partial >= 1);
        // A whole build starts the count again.
        assert_eq!(builder.reread, 0);
        assert_eq!(builder.rebuild(Some(&saved), &state).rebuilt, 1);
        let library: BTreeSet<PathBuf> = [PathBuf::from("footnotes/sources.toml")].into();
        assert_eq!(builder.rebuild(Some(&library), &state).rebuilt, 2);
    }

    #[test]
    fn the_pieces_of_the_briefings_edited_last_are_kept_and_no_more() {
        let ids: Vec<String> = (0..12).map(|n| format!("b{n:02}")).collect();
        let names: Vec<&str> = ids.iter().map(String::as_str).collect();
        let dir = project_of(&names);
        let (mut builder, state) = builder_for(dir.path());
        assert!(builder.rebuild(None, &state).ok);
        for id in &ids {
            let saved: BTreeSet<PathBuf> = [PathBuf::from(format!("briefings/{id}/a.md"))].into();
            std::fs::write(
                dir.path().join(format!("briefings/{id}/a.md")),
                "# A\n\nNew.\n",
            )
            .unwrap();
            assert_eq!(builder.rebuild(Some(&saved), &state).rebuilt, 1);
        }
        let pieces = &builder.kept.as_ref().unwrap().pieces;
        let kept: Vec<&str> = pieces.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(kept, names[12 - crate::analysis::KEEP_PIECES_OF..]);
        assert!(pieces.iter().all(|(_, p)| !p.is_empty()));
    }
}
