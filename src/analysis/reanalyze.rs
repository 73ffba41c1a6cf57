//! Bringing an analysis up to date after a save (`serve`): only the
//! briefings whose own files changed are read, parsed and resolved again.

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use anyhow::Result;

use super::{Analysis, AnalyzeOptions, Scope, owned_files, parse_briefing};
use crate::diagnostics::FileId;
use crate::markdown::PieceCache;
use crate::project;
use crate::resolve;

/// How many briefings' parse pieces serve keeps: the ones being edited,
/// without holding a second copy of a whole archive's trees.
pub const KEEP_PIECES_OF: usize = 8;

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
            if options.problems_only {
                resolve::Citations::Check
            } else {
                resolve::Citations::Write
            },
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
