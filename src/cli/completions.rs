//! `briefc completions` and the hidden `briefc man`.

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_complete::Shell;

use super::Cli;

#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  briefc completions zsh > ~/.zfunc/_briefc")]
pub struct Args {
    /// The shell to write completions for.
    pub shell: Shell,
}

/// Both are made in memory and written through [`super::out`], which
/// ends quietly when the reader goes away (`briefc completions bash |
/// head -1`).
pub fn run(args: Args) -> Result<ExitCode> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "briefc", &mut script);
    super::out::text(&String::from_utf8_lossy(&script));
    Ok(ExitCode::SUCCESS)
}

pub fn man() -> Result<ExitCode> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .context("cannot make the manual page")?;
    super::out::text(&String::from_utf8_lossy(&page));
    Ok(ExitCode::SUCCESS)
}
