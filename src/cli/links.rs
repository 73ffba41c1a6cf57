//! `check --links` on the command line: progress on a terminal, the
//! findings merged with the others, and the summary line.

use std::io::IsTerminal;

use super::report;
use briefc::analysis::Analysis;
use briefc::links::{Mode, Summary, check_links};

/// `--links[=WHEN]`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum LinksMode {
    /// Use results younger than [links] cache.
    Cached,
    /// Fetch every address again.
    Refresh,
}

pub fn run(analysis: &mut Analysis, mode: LinksMode, deny_warnings: bool, quiet: bool) -> Summary {
    let mode = match mode {
        LinksMode::Cached => Mode::Cached,
        LinksMode::Refresh => Mode::Refresh,
    };
    let terminal = !quiet && std::io::stderr().is_terminal();
    let progress = |done: usize, total: usize| {
        if terminal {
            anstream::eprint!("\r    Checking {done}/{total} links");
            if done == total {
                anstream::eprint!("\r\x1b[2K");
            }
        }
    };
    let (mut found, summary) = check_links(analysis, mode, &progress);
    if deny_warnings {
        found.raise_warnings();
    }
    if summary.unchecked > 0 {
        report::warning(&format!(
            "{} cited address{} not checked: a run stops at `[links] deadline` (10 minutes unless \
             briefc.toml says otherwise), and the next run fetches what it left",
            summary.unchecked,
            if summary.unchecked == 1 {
                " was"
            } else {
                "es were"
            },
        ));
    }
    if let Some(error) = &summary.cache_error {
        report::warning(&format!("the link cache was not saved: {error}"));
    }
    analysis.diagnostics.extend(found);
    analysis.diagnostics.sort(&analysis.project.sources);
    summary
}

/// `links: 12 checked (4 from the cache, 1 excluded): 2 broken, 1 moved`
pub fn summary_line(summary: &Summary) -> String {
    let mut notes = Vec::new();
    if summary.from_cache > 0 {
        notes.push(format!("{} from the cache", summary.from_cache));
    }
    if summary.excluded > 0 {
        notes.push(format!("{} excluded", summary.excluded));
    }
    if summary.refused > 0 {
        notes.push(format!("{} refused", summary.refused));
    }
    if summary.unchecked > 0 {
        notes.push(format!(
            "{} not fetched before the deadline",
            summary.unchecked
        ));
    }
    let notes = if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join(", "))
    };
    format!(
        "links: {} checked{notes}: {} broken, {} moved",
        summary.checked, summary.broken, summary.moved
    )
}
