//! `briefc templates`

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::{RootArg, report};
use briefc::files::{Kind, ProjectFiles};
use briefc::project;
use briefc::render::templates::BUILTIN;

pub const EXAMPLES: &str = "\
Examples:
  briefc templates            list the templates and which ones the project overrides
  briefc templates --eject    write the built-ins into templates/ to edit them

A file in templates/ with a built-in's name replaces it. --eject never
overwrites a file: delete a template to go back to the built-in one.";

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Write the built-in templates into the project's templates/ directory.
    #[arg(long)]
    pub eject: bool,

    #[command(flatten)]
    pub root: RootArg,
}

pub fn run(args: Args, quiet: bool) -> Result<ExitCode> {
    let root = project::find_root(args.root.root.as_deref())?;
    let files = ProjectFiles::working_tree(&root)?;
    let dir = Path::new("templates");
    if !args.eject {
        for (name, _) in BUILTIN {
            let state = if files.kind(&dir.join(name)) == Some(Kind::File) {
                "overridden by templates/"
            } else {
                "built-in"
            };
            super::out::line(&format!("{name:<22} {state}"));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let existing: Vec<String> = BUILTIN
        .iter()
        .filter(|(name, _)| files.is_present(&dir.join(name)))
        .map(|(name, _)| format!("templates/{name}"))
        .collect();
    if !existing.is_empty() {
        bail!(
            "refusing to overwrite {}\n  hint: move or delete them first; nothing was written",
            existing.join(", ")
        );
    }
    if let Some(link) = files.link_on_the_way(dir) {
        bail!(
            "{link}; refusing to write through it\n  hint: replace it with a real directory; nothing was written"
        );
    }
    files.create_dir_all(dir)?;
    for (name, text) in BUILTIN {
        files.write_new(&dir.join(name), text.as_bytes())?;
        if !quiet {
            report::status("Wrote", &format!("templates/{name}"));
        }
    }
    Ok(ExitCode::SUCCESS)
}
