//! `briefc list`: the briefings of a project at a glance.

use std::process::ExitCode;

use anyhow::Result;

use super::{RootArg, TableFormat};
use briefc::analysis::{AnalyzeOptions, Scope, analyze};
use briefc::diagnostics::printable;
use briefc::listing::{BriefingRow, briefings};
use briefc::render::wrap::width;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub root: RootArg,

    /// How to print the list.
    #[arg(long, value_enum, default_value_t = TableFormat::Human)]
    pub format: TableFormat,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let scope = Scope {
        root: args.root.root,
        ids: Vec::new(),
        drafts: true,
    };
    let analysis = analyze(&scope, AnalyzeOptions::default())?;
    let rows = briefings(&analysis);
    match args.format {
        TableFormat::Json => super::out::json(&rows)?,
        TableFormat::Human => print_table(&rows),
    }
    Ok(ExitCode::SUCCESS)
}

fn print_table(rows: &[BriefingRow]) {
    if rows.is_empty() {
        super::out::line("No briefings yet: create one with `briefc new <id>`.");
        return;
    }
    let header = [
        "ID",
        "TITLE",
        "STATUS",
        "DATE",
        "SECTIONS",
        "FOOTNOTES",
        "WORDS",
        "IN NOTES",
    ];
    let count = |n: Option<usize>| n.map_or("-".to_string(), |n| n.to_string());
    let cells: Vec<[String; 8]> = rows
        .iter()
        .map(|r| {
            [
                printable(&r.id).into_owned(),
                printable(&r.title).into_owned(),
                printable(&r.status).into_owned(),
                printable(&r.date).into_owned(),
                r.sections.to_string(),
                count(r.footnotes),
                count(r.words.map(|w| w.text)),
                count(r.words.map(|w| w.notes)),
            ]
        })
        .collect();
    let mut widths = header.map(width);
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let line = |row: [&str; 8]| {
        let mut out = String::new();
        for (i, cell) in row.iter().enumerate() {
            let pad = widths[i] - width(cell);
            if i >= 4 {
                out.push_str(&" ".repeat(pad));
                out.push_str(cell);
            } else {
                out.push_str(cell);
                out.push_str(&" ".repeat(pad));
            }
            if i < row.len() - 1 {
                out.push_str("  ");
            }
        }
        out.trim_end().to_string()
    };
    super::out::line(&line(header));
    for row in &cells {
        super::out::line(&line(row.each_ref().map(String::as_str)));
    }
}
