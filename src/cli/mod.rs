//! Command-line arguments and one module per subcommand. Each subcommand
//! calls into the library and decides what to print and the exit code.

pub mod assets;
pub mod build;
pub mod check;
pub mod completions;
pub mod diff;
pub mod links;
pub mod list;
pub mod lsp;
pub mod new;
pub mod out;
pub mod renumber;
pub mod report;
pub mod review;
#[cfg(feature = "serve")]
pub mod serve;
pub mod sources;
pub mod sources_io;
pub mod styles;
pub mod templates;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  briefc new ivanovo-2007           start a briefing
  briefc serve --open               preview it; the page reloads on every save
  briefc build                      compile every final briefing into dist/
  briefc build --drafts             include drafts
  briefc build ivanovo --width 80   one briefing, text wrapped at 80 columns
  briefc check --format github      report problems in CI
  briefc templates --eject          copy the built-in templates into templates/
  briefc completions bash > ~/.local/share/bash-completion/completions/briefc
  briefc man --out ~/.local/share/man/man1   the manual pages, for `man briefc-build`";

/// Compile footnoted briefings from Markdown and TOML into a web page, plain
/// text, a PDF, a Word document and JSON.
#[derive(Parser, Debug)]
#[command(name = "briefc", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// When to use colour in messages (NO_COLOR is respected by `auto`).
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true, value_name = "WHEN")]
    pub color: ColorWhen,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Compile briefings into their editions: HTML, plain text and PDF by
    /// default; JSON and Word (docx) on request.
    #[command(after_help = build::EXAMPLES)]
    Build(build::Args),
    /// Start a new briefing that builds straight away.
    #[command(after_help = new::EXAMPLES)]
    New(new::Args),
    /// List the briefings: id, title, status, date, sections, footnotes, words.
    List(list::Args),
    /// Check every briefing for problems, for CI; writes nothing (but the
    /// link cache, with --links).
    #[command(after_help = check::EXAMPLES)]
    Check(check::Args),
    /// Rewrite numeric footnote labels to match their numbers.
    #[command(after_help = renumber::EXAMPLES)]
    Renumber(renumber::Args),
    /// Show what changed in the printed briefings between two versions.
    #[command(after_help = diff::EXAMPLES)]
    Diff(diff::Args),
    /// List reviewers' tracked changes and comments in a Word edition, at
    /// their places in the sources; --apply writes them in.
    #[command(after_help = review::EXAMPLES)]
    Review(review::Args),
    /// Preview the briefings in the browser, rebuilding on every save.
    #[cfg(feature = "serve")]
    #[command(after_help = serve::EXAMPLES)]
    Serve(serve::Args),
    /// List the library's sources and the notes that cite each one.
    #[command(after_help = sources::EXAMPLES)]
    Sources(sources::Args),
    /// List each briefing's images and files, their size and where each is used.
    #[command(after_help = assets::EXAMPLES)]
    Assets(assets::Args),
    /// List the built-in templates, or write them into templates/ to edit.
    #[command(after_help = templates::EXAMPLES)]
    Templates(templates::Args),
    /// Speak the Language Server Protocol on standard input and output,
    /// for the author's editor.
    #[command(after_help = lsp::EXAMPLES)]
    Lsp(lsp::Args),
    /// Print a shell completion script.
    Completions(completions::Args),
    /// Print briefc's manual page, or write one for every command.
    #[command(after_help = completions::MAN_EXAMPLES)]
    Man(completions::ManArgs),
}

/// `--format html,text`: the editions named, read by the library's one
/// parser for format lists; clap lists the names in help and completions.
#[derive(Clone, Copy, Debug)]
pub struct FormatList;

impl clap::builder::TypedValueParser for FormatList {
    type Value = briefc::options::Formats;

    fn parse_ref(
        &self,
        _: &clap::Command,
        _: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Self::Value, clap::Error> {
        let list = value.to_string_lossy();
        briefc::options::parse_list(&list).map_err(|message| {
            clap::Error::raw(clap::error::ErrorKind::InvalidValue, format!("{message}\n"))
        })
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            briefc::options::Format::value_variants()
                .iter()
                .filter_map(ValueEnum::to_possible_value),
        ))
    }
}

/// How listing commands print: a table for people, JSON for programs.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum TableFormat {
    Human,
    Json,
}

/// Options shared by commands that work on a project.
#[derive(clap::Args, Debug, Clone)]
pub struct RootArg {
    /// The project directory (default: the current directory or the
    /// nearest parent holding briefings/).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

/// The briefings a command works on, and where the project is.
#[derive(clap::Args, Debug, Clone)]
pub struct BriefingArgs {
    /// Briefings to work on (directory names under briefings/); default: all.
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,

    #[command(flatten)]
    pub root: RootArg,
}

impl BriefingArgs {
    pub fn scope(self, drafts: bool) -> briefc::analysis::Scope {
        briefc::analysis::Scope {
            root: self.root.root,
            ids: self.ids,
            drafts,
        }
    }
}

impl Command {
    /// The `--root` of a command that works on a project (`None` inside
    /// for the default); `None` for one that does not.
    fn root(&self) -> Option<Option<&std::path::Path>> {
        let root = match self {
            Command::Build(a) => &a.briefings.root,
            Command::Check(a) => &a.briefings.root,
            Command::Renumber(a) => &a.briefings.root,
            Command::Review(a) => &a.root,
            Command::Diff(a) => &a.root,
            #[cfg(feature = "serve")]
            Command::Serve(a) => &a.briefings.root,
            Command::Sources(a) => match &a.action {
                Some(action) => action.root()?,
                None => &a.briefings.root,
            },
            Command::Assets(a) => &a.briefings.root,
            Command::List(a) => &a.root,
            Command::New(a) => &a.root,
            Command::Templates(a) => &a.root,
            Command::Completions(_) | Command::Man(_) | Command::Lsp(_) => return None,
        };
        Some(root.root.as_deref())
    }
}

/// Before any command reads the project, a renumbering that was
/// interrupted is completed or rolled back, and the user is told in one
/// line: no command ever sees a project half old and half new.
fn finish_interrupted(command: &Command, quiet: bool) -> anyhow::Result<()> {
    let Some(explicit) = command.root() else {
        return Ok(());
    };
    // Without a project there is nothing to finish; the command itself
    // says what is missing.
    let Ok(root) = briefc::project::find_root(explicit) else {
        return Ok(());
    };
    let files = briefc::files::ProjectFiles::working_tree(&root)?;
    if let Some(recovery) = briefc::renumber::recover(&files)?
        && !quiet
    {
        report::status("Recovered", &recovery.message());
    }
    Ok(())
}

/// Exit codes: 0 success, 1 the sources have errors, 2 briefc could not run.
pub const EXIT_SOURCE_ERRORS: u8 = 1;
pub const EXIT_CANNOT_RUN: u8 = 2;

pub fn run(cli: Cli) -> ExitCode {
    let choice = match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    if let Err(error) = finish_interrupted(&cli.command, cli.quiet) {
        report::error(&format!("{error:#}"));
        return ExitCode::from(EXIT_CANNOT_RUN);
    }
    let result = match cli.command {
        Command::Build(args) => build::run(args, cli.quiet),
        Command::New(args) => new::run(args, cli.quiet),
        Command::List(args) => list::run(args),
        Command::Check(args) => check::run(args, cli.quiet),
        Command::Renumber(args) => renumber::run(args, cli.quiet),
        Command::Review(args) => review::run(args, cli.quiet),
        Command::Diff(args) => diff::run(args, cli.quiet),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(args, cli.quiet),
        Command::Sources(args) => sources::run(args, cli.quiet),
        Command::Assets(args) => assets::run(args, cli.quiet),
        Command::Templates(args) => templates::run(args, cli.quiet),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => completions::man(args, cli.quiet),
        Command::Lsp(args) => lsp::run(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            report::error(&format!("{error:#}"));
            ExitCode::from(EXIT_CANNOT_RUN)
        }
    }
}
