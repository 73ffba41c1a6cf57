//! `briefc diff [REV [REV2]] [--old DIR] [-- ID...]`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::ValueEnum;

use super::{EXIT_SOURCE_ERRORS, RootArg, report};
use briefc::analysis::{Analysis, AnalyzeOptions, Scope, analyze_files};
use briefc::files::ProjectFiles;

pub const EXAMPLES: &str = "\
Examples:
  briefc diff v1.0                 what changed since the tag v1.0, as printed
  briefc diff v1.0 v1.1            between two revisions
  briefc diff --old ../signed-off  against another copy of the project
  briefc diff v1.0 -- ivanovo-2007 one briefing only
  briefc diff v1.0 --format html --out redline.html
                                   a redline page for reviewers
  briefc diff v1.0 --exit-code     exit 1 when anything printed differs

The printed briefings are compared, not their Markdown: a note inserted near
the start is one note added and the rest renumbered; a note whose text changed
only because a library entry did names the entry and its fields. The old
version is read from git's objects (nothing is checked out). Exit status: 0
done (with --exit-code: no difference), 1 with --exit-code a difference, 2
briefc could not run (a revision or folder that does not exist).";

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The old version: a git revision (a commit, tag or branch);
    /// default HEAD.
    #[arg(value_name = "REV", conflicts_with = "old")]
    pub old_revision: Option<String>,

    /// The new version: a git revision; default the working tree.
    #[arg(value_name = "REV2")]
    pub new_revision: Option<String>,

    /// The old version is another copy of the project, in DIR.
    #[arg(long, value_name = "DIR")]
    pub old: Option<PathBuf>,

    /// Briefings to compare (after `--`); default: all, drafts included.
    #[arg(last = true, value_name = "ID")]
    pub ids: Vec<String>,

    /// Output: human (the terminal), json (one object per briefing) or
    /// html (a redline page; with --out).
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,

    /// Where --format html writes the redline page.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Exit 1 when anything printed differs, 0 when nothing does.
    #[arg(long)]
    pub exit_code: bool,

    #[command(flatten)]
    pub root: RootArg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
    Html,
}

pub fn run(args: Args, quiet: bool) -> Result<ExitCode> {
    if args.format == DiffFormat::Html && args.out.is_none() {
        bail!(
            "--format html writes a page: name it with --out FILE\n  hint: briefc diff v1.0 --format html --out redline.html"
        );
    }
    if args.out.is_some() && args.format != DiffFormat::Html {
        bail!("--out is for --format html");
    }
    let root = briefc::project::find_root(args.root.root.as_deref())?;
    let (old_files, old_label) = match (&args.old, &args.old_revision) {
        (Some(dir), _) => {
            if !dir.is_dir() {
                bail!("--old {}: no such directory", dir.display());
            }
            let old_root = briefc::project::find_root(Some(dir))
                .with_context(|| format!("--old {}: not a briefc project", dir.display()))?;
            (
                ProjectFiles::working_tree(&old_root)?,
                dir.display().to_string(),
            )
        }
        (None, revision) => {
            let revision = revision.as_deref().unwrap_or("HEAD");
            (
                ProjectFiles::at_revision(&root, revision)?,
                revision.to_string(),
            )
        }
    };
    let (new_files, new_label) = match &args.new_revision {
        Some(revision) => (
            ProjectFiles::at_revision(&root, revision)?,
            revision.clone(),
        ),
        None => (
            ProjectFiles::working_tree(&root)?,
            "the working tree".to_string(),
        ),
    };
    let scope = Scope {
        root: None,
        ids: args.ids.clone(),
        drafts: true,
    };
    let old = analyze_files(old_files, &scope, AnalyzeOptions::default())?;
    let new = analyze_files(new_files, &scope, AnalyzeOptions::default())?;
    if !quiet {
        tell_errors(&old, &old_label);
        tell_errors(&new, &new_label);
    }
    let diffs = briefc::diff::diff(&old, &new);
    match args.format {
        DiffFormat::Human => {
            let colour =
                anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never;
            super::out::styled(&briefc::diff::human(&diffs, colour));
        }
        DiffFormat::Json => super::out::json(&diffs)?,
        DiffFormat::Html => {
            let out = args.out.as_deref().unwrap_or(Path::new("redline.html"));
            let page = briefc::diff::redline::of(&diffs, &old, &new, (&old_label, &new_label));
            write_page(out, &page)?;
            if !quiet {
                report::status("Wrote", &format!("the redline to {}", out.display()));
            }
        }
    }
    let differs = diffs.iter().any(|d| !d.is_same());
    Ok(if args.exit_code && differs {
        ExitCode::from(EXIT_SOURCE_ERRORS)
    } else {
        ExitCode::SUCCESS
    })
}

/// A version with errors is compared as far as it resolves; say so once.
fn tell_errors(analysis: &Analysis, label: &str) {
    let errors = analysis.diagnostics.errors_only().len();
    if errors > 0 {
        report::warning(&format!(
            "{label} has {errors} error{} (`briefc check` lists them); it is compared as far as it resolves",
            if errors == 1 { "" } else { "s" }
        ));
    }
}

/// Writes the page whole or not at all, and never over a file that is not
/// a page.
fn write_page(out: &Path, page: &str) -> Result<()> {
    let is_page = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    if !is_page {
        bail!(
            "--out {}: the redline is an HTML page; name a file ending .html",
            out.display()
        );
    }
    if out.is_dir() {
        bail!("--out {}: is a directory", out.display());
    }
    let name = out.file_name().context("--out names no file")?;
    let staged = out.with_file_name(format!(
        ".{}.{}.partial",
        name.to_string_lossy(),
        std::process::id()
    ));
    std::fs::write(&staged, page).with_context(|| format!("cannot write {}", staged.display()))?;
    std::fs::rename(&staged, out).with_context(|| {
        let _ = std::fs::remove_file(&staged);
        format!("cannot write {}", out.display())
    })
}
