//! `briefc assets`: each briefing's images and attached files, with their
//! size and every place that uses them, and the files under `briefings/`
//! that nothing uses.

use std::process::ExitCode;

use anyhow::Result;

use super::{BriefingArgs, EXIT_SOURCE_ERRORS, TableFormat, report};
use briefc::analysis::{AnalyzeOptions, analyze};
use briefc::diagnostics::printable;
use briefc::listing::{AssetsListing, assets};
use briefc::render::wrap::width;

pub const EXAMPLES: &str = "\
Examples:
  briefc assets                  every briefing's files, their size and where each is used
  briefc assets ivanovo          one briefing's files
  briefc assets --unused         files under briefings/ that no briefing uses
  briefc assets --format json    for other tools";

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub briefings: BriefingArgs,

    /// List only the files under briefings/ that no briefing uses.
    #[arg(long)]
    pub unused: bool,

    /// How to print the list.
    #[arg(long, value_enum, default_value_t = TableFormat::Human)]
    pub format: TableFormat,
}

pub fn run(args: Args, quiet: bool) -> Result<ExitCode> {
    let ids = args.briefings.ids.clone();
    // The resolved documents hold the files and their places; nothing is
    // rendered.
    let analysis = analyze(&args.briefings.scope(true), AnalyzeOptions::default())?;
    let sources = &analysis.project.sources;
    let listing = assets(&analysis, &ids, args.unused);

    let errors = analysis.diagnostics.errors_only();
    report::diagnostics(&errors, sources, quiet);
    match args.format {
        TableFormat::Json => super::out::json(&listing)?,
        TableFormat::Human => print_listing(&listing, args.unused),
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_SOURCE_ERRORS)
    })
}

/// A length for people: `68 B`, `1.2 kB`, `524.3 MB` (powers of 1000).
fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

fn print_listing(listing: &AssetsListing, unused_only: bool) {
    if !unused_only {
        let rows: Vec<[String; 5]> = listing
            .briefings
            .iter()
            .flat_map(|b| {
                b.assets.iter().map(|a| {
                    let places: Vec<String> = a
                        .used_at
                        .iter()
                        .map(|p| format!("{}:{}:{}", p.file, p.line, p.column))
                        .collect();
                    let kind = match (a.width, a.height) {
                        (Some(w), Some(h)) => format!("{} {w}x{h}", a.used_as),
                        _ => a.used_as.to_string(),
                    };
                    [
                        b.id.clone(),
                        printable(&a.source).into_owned(),
                        size(a.bytes),
                        kind,
                        places.join(", "),
                    ]
                })
            })
            .collect();
        if rows.is_empty() {
            super::out::line("No briefing uses an image or a local file.");
        } else {
            print_table(["BRIEFING", "FILE", "SIZE", "USE", "USED AT"], &rows);
        }
    }
    if listing.unused.is_empty() {
        if unused_only {
            super::out::line("Every file under briefings/ is used.");
        }
        return;
    }
    if !unused_only {
        super::out::line("");
    }
    let total: u64 = listing.unused.iter().map(|u| u.bytes).sum();
    let count = listing.unused.len();
    super::out::line(&format!(
        "Not used by any briefing ({count} file{}, {}):",
        if count == 1 { "" } else { "s" },
        size(total)
    ));
    let name_width = listing
        .unused
        .iter()
        .map(|u| width(&printable(&u.path)))
        .max()
        .unwrap_or(0);
    for file in &listing.unused {
        let name = printable(&file.path);
        let padding = name_width - width(&name);
        super::out::line(&format!(
            "  {name}{}  {:>8}",
            " ".repeat(padding),
            size(file.bytes)
        ));
    }
}

/// Columns padded to their widest cell; the size right-aligned, the
/// last column as it is.
fn print_table(header: [&str; 5], rows: &[[String; 5]]) {
    let mut widths = header.map(width);
    for row in rows {
        for (column, cell) in row.iter().enumerate() {
            widths[column] = widths[column].max(width(cell));
        }
    }
    let line = |cells: [&str; 5]| {
        let mut out = String::new();
        for (column, cell) in cells.iter().enumerate() {
            let padding = " ".repeat(widths[column] - width(cell));
            match column {
                2 => out.push_str(&format!("{padding}{cell}  ")),
                4 => out.push_str(cell),
                _ => out.push_str(&format!("{cell}{padding}  ")),
            }
        }
        out.trim_end().to_string()
    };
    super::out::line(&line(header));
    for row in rows {
        super::out::line(&line(row.each_ref().map(String::as_str)));
    }
}

#[cfg(test)]
mod tests {
    use super::size;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(68), "68 B");
        assert_eq!(size(1234), "1.2 kB");
        assert_eq!(size(524_288_000), "524.3 MB");
    }
}
