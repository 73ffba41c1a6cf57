//! `briefc lsp`

use std::process::ExitCode;

use anyhow::Result;

pub const EXAMPLES: &str = "\
Examples:
  briefc lsp            started by the editor, which finds the project from
                        the folder it opens (docs/editors.md: VS Code, Neovim,
                        Helix, Zed, Emacs)

It reads and writes the protocol on standard input and output, and writes
nothing to disk: the editor applies the edits it proposes.";

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Accepted for editors that pass it; standard input and output are
    /// always used.
    #[arg(long, hide = true)]
    pub stdio: bool,
}

pub fn run(_: Args) -> Result<ExitCode> {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let orderly = briefc::lsp::serve(stdin.lock(), stdout.lock())?;
    // The protocol: exit code 0 after `shutdown`, 1 otherwise.
    Ok(if orderly {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
