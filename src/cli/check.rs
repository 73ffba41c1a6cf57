//! `briefc check`

use std::process::ExitCode;

use anyhow::Result;
use clap::ValueEnum;

use super::links::{self, LinksMode};
use super::{BriefingArgs, EXIT_SOURCE_ERRORS, report};
use briefc::analysis::{AnalyzeOptions, analyze};
use briefc::diagnostics::{to_github, to_gitlab, to_json, to_sarif};

pub const EXAMPLES: &str = "\
Examples:
  briefc check                        every briefing, drafts included
  briefc check --format github        annotations on a pull request's lines
  briefc check --format json | jq .   for other tools (a stable format)
  briefc check --format sarif > briefc.sarif    for GitHub code scanning
  briefc check --format gitlab > gl-code-quality-report.json
                                      for GitLab merge requests
  briefc check --deny-warnings        fail on warnings too
  briefc check --links                are the cited pages still there? (cached for [links] cache)
  briefc check --links=refresh        fetch every page again

Exit status: 0 no errors, 1 at least one error, 2 briefc could not run.";

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// rustc-style messages with the source line (standard error).
    Human,
    /// One JSON document on standard output.
    Json,
    /// GitHub Actions workflow commands on standard output.
    Github,
    /// A SARIF 2.1.0 log on standard output, for GitHub code scanning.
    Sarif,
    /// A GitLab Code Quality report on standard output.
    Gitlab,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub briefings: BriefingArgs,

    /// How to print the problems.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Treat every warning as an error.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Fetch every cited web address and report the dead ones
    /// (`broken-link`) and the moved ones (`moved-link`, when [lints] asks
    /// for it). Results stand for [links] cache; `--links=refresh` fetches
    /// them all again. Without it, check makes no network request.
    #[arg(long, value_enum, num_args = 0..=1, require_equals = true, default_missing_value = "cached", value_name = "WHEN")]
    pub links: Option<LinksMode>,
}

pub fn run(args: Args, quiet: bool) -> Result<ExitCode> {
    let scope = args.briefings.scope(true);
    let options = AnalyzeOptions {
        deny_warnings: args.deny_warnings,
        // The link check needs to know which notes cite each source.
        problems_only: args.links.is_none(),
        ..AnalyzeOptions::default()
    };
    let mut analysis = analyze(&scope, options)?;
    let links = args
        .links
        .map(|mode| links::run(&mut analysis, mode, args.deny_warnings, quiet));
    let diagnostics = &analysis.diagnostics;
    let sources = &analysis.project.sources;
    match args.format {
        Format::Human => {
            report::diagnostics(diagnostics, sources, quiet);
            if !quiet {
                let count = analysis.briefing_count;
                anstream::eprintln!(
                    "{} in {count} briefing{}",
                    report::counts(diagnostics),
                    if count == 1 { "" } else { "s" }
                );
                if let Some(summary) = &links {
                    anstream::eprintln!("{}", links::summary_line(summary));
                }
            }
        }
        Format::Json => super::out::text(&to_json(diagnostics, sources, analysis.briefing_count)),
        Format::Github => super::out::text(&to_github(diagnostics, sources)),
        Format::Sarif => super::out::text(&to_sarif(diagnostics, sources)),
        Format::Gitlab => super::out::text(&to_gitlab(diagnostics, sources)),
    }
    let code = if diagnostics.has_errors() {
        ExitCode::from(EXIT_SOURCE_ERRORS)
    } else {
        ExitCode::SUCCESS
    };
    // The process ends now: freeing every tree and string one by one
    // would only cost time.
    std::mem::forget(analysis);
    Ok(code)
}
