//! `briefc new`: a new briefing that builds straight away.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use super::{RootArg, report};
use briefc::files::ProjectFiles;
use briefc::project;

/// The first line of every `briefing.toml` briefc writes: editors with
/// Taplo (Even Better TOML in VS Code, Helix, Zed, Neovim) complete and
/// check the file against its schema (docs/editors.md).
const SCHEMA_DIRECTIVE: &str =
    "#:schema https://raw.githubusercontent.com/briefc/briefc/main/schemas/briefing.schema.json";

pub const EXAMPLES: &str = "\
Examples:
  briefc new ivanovo-2007
  briefc new ivanovo-2007 --title \"The Ivanovo Refugees\"
  briefc new ivanovo-2007-ru --language ru --title \"Ивановские беженцы\"

Writes briefings/<ID>/briefing.toml (a draft dated today), a first section
and footnotes/<ID>.md with one example note, in the language given (built
in: en, fr, es, ru, ar, zh), then: briefc serve --open.
In a directory without a project, it starts one there.";

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The new briefing's id: lower-case letters, digits and `-`.
    pub id: String,

    /// Its title (default: made from the id).
    #[arg(long)]
    pub title: Option<String>,

    /// Its language, a BCP 47 tag such as `ru` or `zh-Hans` (default: en).
    #[arg(long, value_name = "TAG")]
    pub language: Option<String>,

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
    if let Some(problem) = project::id_problem(&args.id) {
        bail!(
            "`{}` is not a valid briefing id\n  hint: {problem}, such as `ivanovo-2007`",
            args.id
        );
    }
    let language = args.language.clone().unwrap_or_else(|| "en".to_string());
    if !project::metadata::is_language_tag(&language) {
        bail!(
            "`{language}` is not a BCP 47 language tag; nothing was written\n  hint: write a tag such as `ru`, `fr` or `zh-Hans`"
        );
    }
    let scaffold = Scaffold::for_language(&language);
    let root = project_root(args.root.root.as_deref())?;
    let dir = Path::new("briefings").join(&args.id);
    let notes = Path::new("footnotes").join(format!("{}.md", args.id));
    let title = args.title.unwrap_or_else(|| title_from_id(&args.id));
    let today = jiff::ZonedDateTime::now().date();
    let mut metadata = format!(
        "{SCHEMA_DIRECTIVE}\ntitle    = {}\ndate     = {today}\nstatus   = \"draft\"          # \"final\" when it may be published\n",
        toml_string(&title)
    );
    if args.language.is_some() {
        metadata.push_str(&format!("language = {}\n", toml_string(&language)));
    }
    metadata.push_str("sections = [\"01-introduction.md\"]\n");
    let files = ProjectFiles::working_tree(&root)?;
    for path in [&dir, &notes] {
        if let Some(link) = files.link_on_the_way(path) {
            bail!(
                "{link}; refusing to write through it\n  hint: replace it with a real directory; nothing was written"
            );
        }
    }
    if files.is_present(&dir) {
        bail!(
            "{} already exists; nothing was written\n  hint: choose another id, or edit the existing briefing",
            dir.display()
        );
    }
    // An interrupted `new` may have put the notes in place but not the
    // briefing: a notes file exactly as `new` writes it is taken over.
    if files.is_present(&notes)
        && files.read_bytes(&notes).ok().as_deref() != Some(scaffold.notes.as_bytes())
    {
        bail!(
            "{} already exists; nothing was written\n  hint: choose another id, or edit the existing briefing",
            notes.display()
        );
    }
    let new_project = !files.is_present(Path::new("briefings"));
    create_all_or_nothing(&files, &args.id, &metadata, &scaffold)?;
    // A project started here keeps what briefc makes out of git: the
    // built editions and its own state (the link cache among it).
    let gitignore = Path::new(".gitignore");
    let ignore_written = new_project
        && !files.is_present(gitignore)
        && files.write_new(gitignore, GITIGNORE.as_bytes()).is_ok();
    if !quiet {
        if ignore_written {
            report::status("Created", ".gitignore (dist/ and .briefc/)");
        }
        if !briefc::locale::has_locale(&language, &[]) {
            report::status(
                "Note",
                &format!(
                    "briefc has no locale for `{language}`: its words are English until you add [locales.{}] to briefc.toml",
                    briefc::locale::primary_subtag(&language)
                ),
            );
        }
        for path in [dir.join("briefing.toml"), dir.join(SECTION_NAME), notes] {
            report::status("Created", &path.display().to_string());
        }
        report::status("Next", "briefc serve --open   (or: briefc build --drafts)");
    }
    Ok(ExitCode::SUCCESS)
}

const SECTION_NAME: &str = "01-introduction.md";

const GITIGNORE: &str = "\
# What briefc makes: the built editions, and its own state (the cache of
# `briefc check --links`, an interrupted renumbering's journal).
/dist/
/.briefc/
";

/// The first section and note of a new briefing, in its language (the
/// locale's `new_section` and `new_note`; English for a language briefc
/// has no words for).
struct Scaffold {
    section: String,
    notes: String,
}

impl Scaffold {
    fn for_language(tag: &str) -> Scaffold {
        let locale = briefc::locale::Locale::for_language(tag, &[]);
        let (section, notes) = locale.first_section_and_note();
        Scaffold {
            section: section.to_string(),
            notes: notes.to_string(),
        }
    }
}

/// Writes the new briefing's files in a staging directory under
/// `.briefc/`, then moves the notes file and then the briefing directory
/// into place, each with one rename. Until the last rename nothing is a
/// briefing; on a failure what was made is taken away again.
fn create_all_or_nothing(
    files: &ProjectFiles,
    id: &str,
    metadata: &str,
    scaffold: &Scaffold,
) -> Result<()> {
    let staging = Path::new(".briefc").join(format!("new-{id}-{}", std::process::id()));
    let staged_dir = staging.join(id);
    let staged_notes = staging.join(format!("{id}.md"));
    let notes_target = Path::new("footnotes").join(format!("{id}.md"));
    let dir_target = Path::new("briefings").join(id);
    let notes_existed = files.is_present(&notes_target);
    let result = (|| -> Result<()> {
        files.create_dir_all(&staged_dir)?;
        files.write_new(&staged_dir.join("briefing.toml"), metadata.as_bytes())?;
        files.write_new(&staged_dir.join(SECTION_NAME), scaffold.section.as_bytes())?;
        files.write_new(&staged_notes, scaffold.notes.as_bytes())?;
        files.create_dir_all(Path::new("footnotes"))?;
        files.create_dir_all(Path::new("briefings"))?;
        files
            .rename(&staged_notes, &notes_target)
            .with_context(|| format!("cannot create {}", notes_target.display()))?;
        files
            .rename(&staged_dir, &dir_target)
            .with_context(|| format!("cannot create {}", dir_target.display()))
    })();
    if result.is_err() && !notes_existed && !files.is_present(&dir_target) {
        let _ = files.remove_file(&notes_target);
    }
    let _ = files.remove_dir_all(&staging);
    let _ = files.remove_empty_dir(Path::new(".briefc"));
    result
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
