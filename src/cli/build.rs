//! `briefc build`

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::{BriefingArgs, EXIT_SOURCE_ERRORS, FormatList, report};
use briefc::build::{BuildRequest, build};
use briefc::options::Formats;
use briefc::project::Overrides;

pub const EXAMPLES: &str = "\
Examples:
  briefc build                     every final briefing, into dist/
  briefc build --drafts            drafts too
  briefc build ivanovo             one briefing (named drafts are built)
  briefc build --out public        into public/ instead of dist/
  briefc build --width 0           plain text without wrapping
  briefc build --format json       only the JSON edition of each briefing
  briefc build --format html,text  leave out the PDF, which takes longest
  briefc build --format html,text,pdf,json,docx
                                   every edition
  briefc build --format docx       the Word edition, for reviewers
                                   (then: briefc review FILE.docx)

The output directory is replaced as a whole, atomically: it holds exactly
the briefings this run built. Exit status: 0 built; 1 the sources have
errors (nothing is written), or an edition failed on its own, such as a
PDF past its limits (that edition is left out, the rest is written); 2
briefc could not run.";

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub briefings: BriefingArgs,

    /// Output directory (default: `output` in briefc.toml, else dist/).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Build drafts as well as final briefings.
    #[arg(long)]
    pub drafts: bool,

    /// Wrap plain text at N columns (0: do not wrap); overrides [text] width.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(0..=1000))]
    pub width: Option<u16>,

    /// Outputs to write, separated by commas: html, text, pdf, json, docx
    /// (default: `formats` in briefing.toml or briefc.toml, else
    /// html,text,pdf; html,text in a briefc built without the PDF).
    #[arg(long, value_name = "LIST", value_parser = FormatList)]
    pub format: Option<Formats>,
}

pub fn run(args: Args, quiet: bool) -> Result<ExitCode> {
    let request = BuildRequest {
        scope: args.briefings.scope(args.drafts),
        out: args.out,
        overrides: Overrides {
            width: args.width.map(usize::from),
            formats: args.format,
        },
    };
    let result = build(&request)?;
    let diagnostics = &result.analysis.diagnostics;
    report::diagnostics(diagnostics, &result.analysis.project.sources, quiet);
    let Some(done) = result.report else {
        report::error(&format!(
            "build failed: {}; nothing was written",
            report::counts(diagnostics)
        ));
        return Ok(ExitCode::from(EXIT_SOURCE_ERRORS));
    };
    if !quiet {
        let notes: usize = done.built.iter().map(|b| b.notes).sum();
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut line = format!(
            "{}, {} in {} ms -> {}",
            plural(done.built.len(), "briefing"),
            plural(notes, "footnote"),
            done.elapsed.as_millis(),
            display_path(&done.out)
        );
        if !done.skipped_drafts.is_empty() {
            line.push_str(&format!(
                " ({} skipped: {}; use --drafts)",
                plural(done.skipped_drafts.len(), "draft"),
                done.skipped_drafts.join(", ")
            ));
        }
        for b in &done.built {
            report::status(
                "Compiled",
                &format!("{} ({})", b.id, plural(b.notes, "footnote")),
            );
        }
        report::status("Finished", &line);
    }
    if !done.left_out.is_empty() {
        let left_out: Vec<String> = done
            .left_out
            .iter()
            .map(|l| {
                format!(
                    "the {} of `{}`",
                    briefc::render::backend(l.format).label(),
                    l.id
                )
            })
            .collect();
        report::error(&format!(
            "build finished with {}; left out: {}; the other editions were written",
            report::counts(diagnostics),
            left_out.join(", "),
        ));
        std::mem::forget(result.analysis);
        return Ok(ExitCode::from(EXIT_SOURCE_ERRORS));
    }
    // The process ends now: freeing every tree and string one by one
    // would only cost time.
    std::mem::forget(result.analysis);
    Ok(ExitCode::SUCCESS)
}

/// The path as the user would type it: relative to the current directory
/// when it lies inside it.
fn display_path(path: &std::path::Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(|p| p.display().to_string()))
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| path.display().to_string())
}
