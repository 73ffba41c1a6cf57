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

pub fn run(args: Args) -> Result<ExitCode> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "briefc", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}

pub fn man() -> Result<ExitCode> {
    clap_mangen::Man::new(Cli::command())
        .render(&mut std::io::stdout())
        .context("cannot write the manual page")?;
    Ok(ExitCode::SUCCESS)
}
