//! The `briefc` command: parse arguments, call the library, print, exit.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    if let Some(code) = briefc::render::typesetting_process() {
        return code;
    }
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() {
                cli::EXIT_CANNOT_RUN
            } else {
                0
            };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    cli::run(cli)
}
