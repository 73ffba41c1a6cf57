//! Writes a generated archive: many briefings citing one shared library,
//! as a publisher's whole output looks.
//!
//!     cargo run --release --example gen-archive -- --out /tmp/archive [--briefings 1000] [--footnotes 50] [--sources 5000] [--seed 1]

mod generator;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let (mut briefings, mut footnotes, mut sources, mut seed) = (1000, 50, 5000, 1);
    let mut out: Option<PathBuf> = None;
    let usage =
        "usage: gen-archive --out DIR [--briefings N] [--footnotes N] [--sources N] [--seed S]";
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        let number = value.as_deref().and_then(|v| v.parse::<usize>().ok());
        match (arg.as_str(), number) {
            ("--out", _) if value.is_some() => out = value.map(PathBuf::from),
            ("--briefings", Some(n)) if n > 0 => briefings = n,
            ("--footnotes", Some(n)) if n > 0 => footnotes = n,
            ("--sources", Some(n)) if n > 0 => sources = n,
            ("--seed", Some(n)) => seed = n as u64,
            _ => {
                eprintln!("{usage}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(out) = out else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    if out.join("briefings").exists() {
        eprintln!(
            "{} already holds a project; choose an empty directory",
            out.display()
        );
        return ExitCode::from(2);
    }
    match generator::generate_archive(&out, briefings, footnotes, sources, seed) {
        Ok(done) => {
            eprintln!(
                "wrote {briefings} briefings, {} footnotes, {:.1} MB of Markdown and TOML, to {}",
                done.footnotes,
                done.bytes as f64 / 1e6,
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("cannot write {}: {error}", out.display());
            ExitCode::from(2)
        }
    }
}
