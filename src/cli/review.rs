//! `briefc review FILE.docx`

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::ValueEnum;

use super::{EXIT_CANNOT_RUN, RootArg, report};
use briefc::diagnostics::{FileId, SourceMap, Span, json_safe, printable, render_note};
use briefc::review::{self, Change, Kind, Review};

pub const EXAMPLES: &str = "\
Examples:
  briefc review ~/Downloads/ivanovo-2007-reviewed.docx
                                  every tracked change and comment, at its place
  briefc review reviewed.docx --format json
                                  the same as JSON, one object per change
  briefc review reviewed.docx --apply --dry-run
                                  the edits --apply would make, as a diff
  briefc review reviewed.docx --apply
                                  write the reviewers' edits into the sources

Give it the .docx that `briefc build --format docx` wrote and reviewers then
edited in Word with Track Changes on. Each insertion, deletion and comment is
shown with its author and date at the file, line and column of the source text
it touches; one in words briefc made (a citation as printed, a note's number,
the date) at what made them. --apply writes the insertions and deletions that
lie wholly in the author's own words, every file or none, and lists the rest
as still to do. Exit status: 0 done, 2 the file cannot be reviewed (nothing
is written).";

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The reviewed Word document.
    #[arg(value_name = "FILE.docx")]
    pub file: PathBuf,

    /// Output format: human (as diagnostics are shown) or json.
    #[arg(long, value_enum, default_value_t = ReviewFormat::Human)]
    pub format: ReviewFormat,

    /// Write the insertions and deletions in the author's words into the
    /// sources.
    #[arg(long)]
    pub apply: bool,

    /// With --apply: print the edits as a unified diff and write nothing.
    #[arg(long, requires = "apply")]
    pub dry_run: bool,

    #[command(flatten)]
    pub root: RootArg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReviewFormat {
    Human,
    Json,
}

pub fn run(args: Args, quiet: bool) -> Result<ExitCode> {
    let root = briefc::project::find_root(args.root.root.as_deref())?;
    let files = briefc::files::ProjectFiles::working_tree(&root)?;
    let bytes = read_document(&args.file)?;
    let review = match review::review(&files, &bytes) {
        Ok(review) => review,
        Err(unreadable) => {
            report::error(&format!(
                "{} cannot be reviewed: {unreadable}; nothing was written",
                args.file.display()
            ));
            return Ok(ExitCode::from(EXIT_CANNOT_RUN));
        }
    };
    let (sources, ids) = source_map(&review);
    for (path, text, changed) in &review.files {
        if text.is_none() {
            report::warning(&format!(
                "{path} cannot be read now; the changes in it are not placed"
            ));
        } else if *changed && !quiet {
            report::warning(&format!(
                "{path} changed since the .docx was built; its changes are placed by their words"
            ));
        }
    }
    if args.apply {
        return apply(&review, &ids, &sources, &files, args.dry_run, quiet);
    }
    match args.format {
        ReviewFormat::Json => super::out::line(&json(&review, &ids, &sources)),
        ReviewFormat::Human => {
            for change in &review.changes {
                super::out::styled(&human(change, &ids, &sources));
            }
            if !quiet {
                report::status(
                    "Reviewed",
                    &format!("{}: {}", review.briefing, counted(&review.changes)),
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads the document given, with a bound on its size.
fn read_document(path: &std::path::Path) -> Result<Vec<u8>> {
    use std::io::Read;
    const MAX: u64 = 512 * 1024 * 1024;
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(MAX + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    anyhow::ensure!(
        bytes.len() as u64 <= MAX,
        "{} is larger than {} MB, more than a Word document holds",
        path.display(),
        MAX >> 20
    );
    Ok(bytes)
}

/// The review's readable files as a source map, and each one's id.
fn source_map(review: &Review) -> (SourceMap, Vec<Option<FileId>>) {
    let mut sources = SourceMap::new();
    let ids = review
        .files
        .iter()
        .map(|(path, text, _)| text.as_ref().map(|t| sources.add(path, t.clone())))
        .collect();
    (sources, ids)
}

fn counted(changes: &[Change]) -> String {
    let count = |kind: Kind| changes.iter().filter(|c| c.kind == kind).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}, {}",
        plural(count(Kind::Insertion), "insertion"),
        plural(count(Kind::Deletion), "deletion"),
        plural(count(Kind::Comment), "comment")
    )
}

/// `insertion by Anna Editor (2026-12-01) in note 4: “very ”`
fn title(change: &Change) -> String {
    let mut title = format!("{} by {}", change.kind.name(), change.author);
    if let Some(date) = &change.date {
        title.push_str(&format!(" ({})", date.get(..10).unwrap_or(date)));
    }
    if let Some(note) = change.note {
        title.push_str(&format!(" in note {note}"));
    }
    title.push_str(&format!(": “{}”", change.text));
    if let Some(about) = &change.about
        && !about.is_empty()
    {
        title.push_str(&format!(" on “{about}”"));
    }
    title
}

fn human(change: &Change, ids: &[Option<FileId>], sources: &SourceMap) -> String {
    let title = title(change);
    let help = if change.edit.is_some() {
        None
    } else {
        change.by_hand.as_deref()
    };
    let at = change
        .place
        .as_ref()
        .and_then(|place| Some((ids.get(place.file).copied().flatten()?, place)));
    let Some((file, place)) = at else {
        let mut out = format!("note: {}\n  = not placed in the sources", printable(&title));
        if let Some(help) = help {
            out.push_str(&format!("\n  = help: {}", printable(help)));
        }
        out.push_str("\n\n");
        return out;
    };
    let label = match (change.generated, change.kind) {
        (true, _) => "briefc made these words from here",
        (false, Kind::Insertion) => "inserted here",
        (false, Kind::Deletion) => "deleted",
        (false, Kind::Comment) => "commented",
    };
    let label = if place.moved {
        format!("{label} (found again by its words: the file changed since)")
    } else {
        label.to_string()
    };
    let span = Span::new(file, place.range.clone());
    format!("{}\n\n", render_note(&title, (span, &label), help, sources))
}

fn json(review: &Review, ids: &[Option<FileId>], sources: &SourceMap) -> String {
    let changes: Vec<serde_json::Value> = review
        .changes
        .iter()
        .map(|change| {
            let place = change
                .place
                .as_ref()
                .and_then(|p| Some((ids.get(p.file).copied().flatten()?, p)));
            let (file, line, column, moved) = match place {
                Some((id, p)) => {
                    let at = sources.get(id).line_col(p.range.start);
                    (
                        Some(review.files[p.file].0.clone()),
                        Some(at.line),
                        Some(at.column),
                        p.moved,
                    )
                }
                None => (None, None, None, false),
            };
            serde_json::json!({
                "kind": change.kind.name(),
                "file": file,
                "line": line,
                "column": column,
                "text": change.text,
                "about": change.about,
                "author": change.author,
                "date": change.date,
                "note": change.note,
                "generated": change.generated,
                "applies": change.edit.is_some(),
                "by_hand": if change.edit.is_some() { None } else { change.by_hand.clone() },
                "moved": moved,
            })
        })
        .collect();
    let changed: Vec<&str> = review
        .files
        .iter()
        .filter(|(_, _, changed)| *changed)
        .map(|(path, _, _)| path.as_str())
        .collect();
    let value = serde_json::json!({
        "briefing": review.briefing,
        "changed_since_built": changed,
        "changes": changes,
    });
    json_safe(serde_json::to_string_pretty(&value).unwrap_or_default())
}

fn apply(
    review: &Review,
    ids: &[Option<FileId>],
    sources: &SourceMap,
    files: &briefc::files::ProjectFiles,
    dry_run: bool,
    quiet: bool,
) -> Result<ExitCode> {
    let applied = review::apply(review, ids);
    if dry_run {
        for change in &applied.files {
            super::out::text(&briefc::diagnostics::printable_lines(
                &briefc::renumber::unified_diff(change),
            ));
        }
    } else if let Err(error) = briefc::renumber::apply_for("review --apply", files, &applied.files)
    {
        if error.downcast_ref::<briefc::renumber::Refused>().is_some() {
            report::error(&format!("{error:#}"));
            return Ok(ExitCode::from(super::EXIT_SOURCE_ERRORS));
        }
        return Err(error);
    }
    for (index, why) in &applied.left {
        let change = &review.changes[*index];
        let mut shown = change.clone();
        shown.edit = None;
        shown.by_hand = Some(why.clone());
        super::out::styled(&human(&shown, ids, sources));
    }
    if !quiet {
        let verb = if dry_run { "Would write" } else { "Wrote" };
        report::status(
            verb,
            &format!(
                "{} of {} change{} into {} file{}; {} left to do by hand",
                applied.written,
                review.changes.len(),
                if review.changes.len() == 1 { "" } else { "s" },
                applied.files.len(),
                if applied.files.len() == 1 { "" } else { "s" },
                applied.left.len()
            ),
        );
    }
    Ok(ExitCode::SUCCESS)
}
