//! `briefc sources`: from a source to every note that rests on it.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::Result;

use super::{BriefingArgs, EXIT_SOURCE_ERRORS, TableFormat, report};
use briefc::analysis::{AnalyzeOptions, analyze};
use briefc::diagnostics::printable;
use briefc::listing::{SourcesListing, sources};
use briefc::render::wrap::width;

pub const EXAMPLES: &str = "\
Examples:
  briefc sources                 every library source and the notes that cite it
  briefc sources ivanovo         citations in one briefing only
  briefc sources --unused        library entries that no briefing cites
  briefc sources --format json   for other tools
  briefc sources import zotero.json thesis.bib --dry-run
                                 what importing would add, without writing
  briefc sources export --format csl-json > library.json
                                 the library for pandoc --citeproc or Zotero";

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    pub action: Option<super::sources_io::Action>,

    #[command(flatten)]
    pub briefings: BriefingArgs,

    /// List only the sources that no briefing cites.
    #[arg(long)]
    pub unused: bool,

    /// How to print the list.
    #[arg(long, value_enum, default_value_t = TableFormat::Human)]
    pub format: TableFormat,
}

pub fn run(args: Args, quiet: bool) -> Result<ExitCode> {
    if let Some(action) = args.action {
        return super::sources_io::run(action, quiet);
    }
    let analysis = analyze(&args.briefings.scope(true), AnalyzeOptions::default())?;
    let listing = sources(&analysis, args.unused);

    let errors = analysis.diagnostics.errors_only();
    report::diagnostics(&errors, &analysis.project.sources, quiet);

    match args.format {
        TableFormat::Json => super::out::json(&listing)?,
        TableFormat::Human => print_table(&listing, args.unused, analysis.library.len()),
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_SOURCE_ERRORS)
    })
}

fn print_table(listing: &SourcesListing, unused: bool, library_size: usize) {
    if listing.sources.is_empty() {
        super::out::line(match (library_size, unused) {
            (0, _) => "The library is empty: add sources to footnotes/sources.toml.",
            (_, true) => "Every source in the library is cited.",
            (_, false) => "No sources.",
        });
        return;
    }
    let key_width = listing
        .sources
        .iter()
        .map(|s| width(&s.key))
        .max()
        .unwrap_or(3)
        .max(3);
    let type_width = listing
        .sources
        .iter()
        .map(|s| s.kind.len())
        .max()
        .unwrap_or(4)
        .max(4);
    super::out::line(&format!(
        "{:<key_width$}  {:<type_width$}  CITED  NOTES",
        "KEY", "TYPE"
    ));
    for source in &listing.sources {
        let mut by_briefing: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for note in &source.notes {
            by_briefing
                .entry(&note.briefing)
                .or_default()
                .push(note.number.to_string());
        }
        let notes: Vec<String> = by_briefing
            .iter()
            .map(|(briefing, numbers)| format!("{briefing}: {}", numbers.join(", ")))
            .collect();
        let notes = if notes.is_empty() {
            "-".to_string()
        } else {
            notes.join("; ")
        };
        let padding = key_width - width(&source.key);
        super::out::line(&format!(
            "{}{}  {:<type_width$}  {:>5}  {notes}",
            printable(&source.key),
            " ".repeat(padding),
            source.kind,
            source.citations
        ));
    }
}
