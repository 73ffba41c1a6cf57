//! `briefc renumber`

use std::process::ExitCode;

use anyhow::Result;

use super::{BriefingArgs, EXIT_SOURCE_ERRORS, report};
use briefc::analysis::{AnalyzeOptions, analyze};
use briefc::diagnostics::Diagnostics;
use briefc::renumber;

pub const EXAMPLES: &str = "\
Examples:
  briefc renumber              make every numeric label equal its note's number
  briefc renumber --dry-run    show the changes as a unified diff, write nothing
  briefc renumber --check      exit 1 if anything would change (for CI)

Only numeric labels change ([^32] -> [^33]); named labels such as
[^ivanovo-hearing] are left alone. Nothing is written while a briefing has
errors. Exit status: 0 done or nothing to do, 1 errors or (with --check)
changes needed, 2 briefc could not run.";

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub briefings: BriefingArgs,

    /// Write nothing; exit 1 when a label would change.
    #[arg(long)]
    pub check: bool,

    /// Print the changes as a unified diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(args: Args, quiet: bool) -> Result<ExitCode> {
    let scope = args.briefings.scope(true);
    let analysis = analyze(&scope, AnalyzeOptions::default())?;
    let sources = &analysis.project.sources;
    if analysis.diagnostics.has_errors() {
        let errors = analysis.diagnostics.errors_only();
        report::diagnostics(&errors, sources, quiet);
        report::error(&format!(
            "renumber refused: {}; nothing was written",
            report::counts(&errors)
        ));
        return Ok(ExitCode::from(EXIT_SOURCE_ERRORS));
    }
    let changes = match renumber::plan(&analysis.briefings, sources) {
        Ok(changes) => changes,
        Err(conflicts) => {
            let mut errors = Diagnostics::new();
            conflicts.into_iter().for_each(|d| errors.push(d));
            report::diagnostics(&errors, sources, quiet);
            report::error("renumber refused; nothing was written");
            return Ok(ExitCode::from(EXIT_SOURCE_ERRORS));
        }
    };
    if args.dry_run {
        for change in &changes {
            super::out::text(&briefc::diagnostics::printable_lines(
                &renumber::unified_diff(change),
            ));
        }
    }
    if args.check || args.dry_run {
        for change in &changes {
            if !args.dry_run {
                super::out::line(&briefc::diagnostics::printable(&change.summary()));
            }
        }
        if args.check && !changes.is_empty() {
            report::error(&format!(
                "footnote labels in {} file{} do not match their numbers\n  hint: run `briefc renumber` to fix them",
                changes.len(),
                if changes.len() == 1 { "" } else { "s" }
            ));
            return Ok(ExitCode::from(EXIT_SOURCE_ERRORS));
        }
        return Ok(ExitCode::SUCCESS);
    }
    if let Err(error) = renumber::apply(&analysis.project.files, &changes) {
        if error.downcast_ref::<renumber::Refused>().is_some() {
            report::error(&format!("{error:#}"));
            return Ok(ExitCode::from(EXIT_SOURCE_ERRORS));
        }
        return Err(error);
    }
    if !quiet {
        for change in &changes {
            report::status("Renumbered", &change.summary());
        }
        if changes.is_empty() {
            report::status("Finished", "every numeric label already matches its number");
        }
    }
    Ok(ExitCode::SUCCESS)
}
