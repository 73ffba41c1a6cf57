//! `briefc new`: a new briefing that builds straight away.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use super::{RootArg, report};
use briefc::fsx;
use briefc::project::{self, is_valid_id};

pub const EXAMPLES: &str = "\
Examples:
  briefc new ivanovo-2007
  briefc new ivanovo-2007 --title \"The Ivanovo Refugees\"

Writes briefings/<ID>/briefing.toml (a draft dated today), a first section
and footnotes/<ID>.md with one example note, then: briefc serve --open.
In a directory without a project, it starts one there.";

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The new briefing's id: lower-case letters, digits and `-`.
    pub id: String,

    /// Its title (default: made from the id).
    #[arg(long)]
    pub title: Option<String>,

    #[command(flatten)]
    pub root: RootArg,
}

/// `my-briefing-2` to `My Briefing 2`.
fn title_from_id(id: &str) -> String {
    id.split('-')
        .filter(|w| !w.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn project_root(explicit: Option<&Path>) -> Result<PathBuf> {
    match explicit {
        Some(root) => Ok(root.to_path_buf()),
        None => project::find_root(None)
            .or_else(|_| std::env::current_dir().context("cannot read the current directory")),
    }
}

pub fn run(args: Args, quiet: bool) -> Result<ExitCode> {
    if !is_valid_id(&args.id) {
        bail!(
            "`{}` is not a valid briefing id\n  hint: use lower-case letters a-z, digits and `-`, such as `ivanovo-2007`",
            args.id
        );
    }
    let root = project_root(args.root.root.as_deref())?;
    let dir = Path::new("briefings").join(&args.id);
    let notes = Path::new("footnotes").join(format!("{}.md", args.id));
    for existing in [&dir, &notes] {
        if root.join(existing).exists() {
            bail!(
                "{} already exists; nothing was written\n  hint: choose another id, or edit the existing briefing",
                existing.display()
            );
        }
    }
    let title = args.title.unwrap_or_else(|| title_from_id(&args.id));
    let today = jiff::ZonedDateTime::now().date();
    let files: Vec<(PathBuf, String)> = vec![
        (
            dir.join("briefing.toml"),
            format!(
                "title    = {}\ndate     = {today}\nstatus   = \"draft\"          # \"final\" when it may be published\nsections = [\"01-introduction.md\"]\n",
                toml_string(&title)
            ),
        ),
        (
            dir.join("01-introduction.md"),
            "# Introduction\n\nWrite the briefing here. A footnote marker follows the punctuation.[^1]\n".to_string(),
        ),
        (
            notes.clone(),
            "[^1]: The note's text. Continue a long note on lines indented by four\n    spaces, and cite sources kept in footnotes/sources.toml by their key,\n    as in `[@hrw-still-at-risk, p. 12]`.\n".to_string(),
        ),
    ];
    for (path, text) in &files {
        let target = root.join(path);
        if let Some(parent) = target.parent() {
            fsx::create_dir_all(parent)?;
        }
        fsx::write(&target, text.as_bytes())?;
        if !quiet {
            report::status("Created", &path.display().to_string());
        }
    }
    if !quiet {
        report::status("Next", "briefc serve --open   (or: briefc build --drafts)");
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_ids_and_toml_strings_escape() {
        assert_eq!(
            title_from_id("ivanovo-refugees-2007"),
            "Ivanovo Refugees 2007"
        );
        assert_eq!(toml_string("A \"B\" \\ C"), "\"A \\\"B\\\" \\\\ C\"");
    }
}
