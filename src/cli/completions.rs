//! `briefc completions` and `briefc man`.

use std::path::PathBuf;
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

pub const MAN_EXAMPLES: &str = "\
Examples:
  briefc man | man -l -                       read briefc(1) now
  briefc man --out ~/.local/share/man/man1    install every page, then `man briefc-build`
  sudo briefc man --out /usr/local/share/man/man1

The pages are made from the same definitions as --help: briefc(1) and one
page for each command (briefc-build(1), briefc-sources-import(1), ...).";

#[derive(clap::Args, Debug)]
pub struct ManArgs {
    /// Write briefc.1 and a page for every command into DIR (made if
    /// missing), instead of printing briefc.1.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn man(args: ManArgs, quiet: bool) -> Result<ExitCode> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let Some(dir) = args.out else {
        super::out::text(&String::from_utf8_lossy(&page(&command)?));
        return Ok(ExitCode::SUCCESS);
    };
    let mut pages = Vec::new();
    collect(&command, &mut pages)?;
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot make {}", dir.display()))?;
    for (name, roff) in &pages {
        let path = dir.join(name);
        std::fs::write(&path, roff).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if !quiet {
        super::report::status(
            "Wrote",
            &format!("{} manual pages to {}", pages.len(), dir.display()),
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The page of `command` and of each command below it, by file name:
/// `briefc.1`, `briefc-build.1`, `briefc-sources-import.1`.
fn collect(command: &clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
    let name = format!(
        "{}.1",
        command.get_display_name().unwrap_or(command.get_name())
    );
    pages.push((name, page(command)?));
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, pages)?;
    }
    Ok(())
}

fn page(command: &clap::Command) -> Result<Vec<u8>> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(command.clone())
        .render(&mut roff)
        .context("cannot make the manual page")?;
    Ok(roff)
}
