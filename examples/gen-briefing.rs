//! Writes a large generated briefing project.
//!
//!     cargo run --release --example gen-briefing -- --footnotes 5000 --out /tmp/large [--seed 1]
//!
//! The project is in DIR (build it with `briefc build --root DIR`); the same
//! content for pandoc is in DIR/pandoc/briefing.md with bibliography.json.

mod generator;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut footnotes = 1000;
    let mut out: Option<PathBuf> = None;
    let mut seed = 1;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        match (arg.as_str(), value) {
            ("--footnotes", Some(v)) => footnotes = v.parse().unwrap_or(0),
            ("--out", Some(v)) => out = Some(PathBuf::from(v)),
            ("--seed", Some(v)) => seed = v.parse().unwrap_or(1),
            _ => {
                eprintln!("usage: gen-briefing --footnotes N --out DIR [--seed S]");
                return ExitCode::from(2);
            }
        }
    }
    let Some(out) = out else {
        eprintln!("usage: gen-briefing --footnotes N --out DIR [--seed S]");
        return ExitCode::from(2);
    };
    if footnotes == 0 {
        eprintln!("--footnotes needs a whole number above 0");
        return ExitCode::from(2);
    }
    if out.join("briefings").exists() {
        eprintln!(
            "{} already holds a project; choose an empty directory",
            out.display()
        );
        return ExitCode::from(2);
    }
    match generator::generate(&out, footnotes, seed) {
        Ok(done) => {
            eprintln!(
                "wrote {} footnotes, {:.1} MB of Markdown and TOML, to {}",
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
