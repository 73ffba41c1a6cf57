//! `briefc sources import` and `briefc sources export`: the library to and
//! from the files of Zotero, Mendeley, BibTeX users and pandoc.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Subcommand, ValueEnum};

use super::{EXIT_SOURCE_ERRORS, RootArg, report};
use briefc::analysis::{AnalyzeOptions, Scope, analyze};
use briefc::diagnostics::printable;
use briefc::sources::interchange::import::{Import, Input, Outcome, import};
use briefc::sources::interchange::{entry_of, write_bibtex, write_csl_json};

#[derive(Subcommand, Debug)]
pub enum Action {
    /// Add sources from CSL-JSON (Zotero, Mendeley, pandoc), BibTeX or
    /// BibLaTeX, or RIS files to the library, as a new library file.
    #[command(after_help = IMPORT_EXAMPLES)]
    Import(ImportArgs),
    /// Print the library, or the sources some briefings cite, as CSL-JSON
    /// or BibLaTeX.
    #[command(after_help = EXPORT_EXAMPLES)]
    Export(ExportArgs),
    /// List the CSL note styles `[style] csl` can name, or print one as a
    /// .csl file to keep in the project and change.
    #[command(after_help = super::styles::EXAMPLES)]
    Styles(super::styles::StylesArgs),
}

const IMPORT_EXAMPLES: &str = "\
Examples:
  briefc sources import zotero.json            into footnotes/sources/zotero.toml
  briefc sources import refs.bib --into footnotes/sources/legal.toml
  briefc sources import export.ris --dry-run   print the entries, write nothing
  briefc sources import more.json --skip-existing
                                               leave out keys the library has

The format is read from the extension (.json, .bib, .ris), else from the
content. A new file is always written; an existing file is never changed.";

const EXPORT_EXAMPLES: &str = "\
Examples:
  briefc sources export --format csl-json > library.json
  briefc sources export --format bibtex ivanovo-2007 > ivanovo.bib
  pandoc --citeproc --bibliography library.json draft.md -o draft.html";

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// Files to import: CSL-JSON, BibTeX/BibLaTeX or RIS.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// The library file to write, under footnotes/ (default:
    /// footnotes/sources/<name of the first file>.toml). It must not exist.
    #[arg(long, value_name = "FILE")]
    pub into: Option<PathBuf>,

    /// Print the entries that would be written, and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Leave out sources whose key the library already has, instead of
    /// refusing to import.
    #[arg(long)]
    pub skip_existing: bool,

    #[command(flatten)]
    pub root: RootArg,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportFormat {
    /// CSL-JSON, for pandoc --citeproc, Zotero and Mendeley.
    CslJson,
    /// BibLaTeX, for LaTeX users, pandoc and Zotero.
    Bibtex,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// Export only the sources these briefings cite (default: the whole
    /// library).
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,

    #[arg(long, value_enum)]
    pub format: ExportFormat,

    #[command(flatten)]
    pub root: RootArg,
}

impl Action {
    /// The project the action works on; `None` for one that reads none.
    pub fn root(&self) -> Option<&RootArg> {
        match self {
            Action::Import(a) => Some(&a.root),
            Action::Export(a) => Some(&a.root),
            Action::Styles(_) => None,
        }
    }
}

pub fn run(action: Action, quiet: bool) -> Result<ExitCode> {
    match action {
        Action::Import(args) => run_import(args, quiet),
        Action::Export(args) => run_export(args, quiet),
        Action::Styles(args) => super::styles::run(args),
    }
}

fn run_export(args: ExportArgs, quiet: bool) -> Result<ExitCode> {
    let scope = Scope {
        root: args.root.root,
        ids: args.ids.clone(),
        drafts: true,
    };
    let analysis = analyze(&scope, AnalyzeOptions::default())?;
    let errors = analysis.diagnostics.errors_only();
    report::diagnostics(&errors, &analysis.project.sources, quiet);
    let mut sources = analysis.library.sorted();
    if !args.ids.is_empty() {
        let cited: std::collections::HashSet<&str> = analysis
            .briefings
            .iter()
            .flat_map(|b| b.cited.iter().map(|c| c.key.as_str()))
            .collect();
        sources.retain(|s| cited.contains(s.key.as_str()));
    }
    let entries: Vec<_> = sources.into_iter().map(entry_of).collect();
    let text = match args.format {
        ExportFormat::CslJson => write_csl_json(&entries),
        ExportFormat::Bibtex => write_bibtex(&entries),
    };
    super::out::text(&text);
    if !quiet {
        report::status(
            "Exported",
            &format!(
                "{} source{}",
                entries.len(),
                if entries.len() == 1 { "" } else { "s" }
            ),
        );
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_SOURCE_ERRORS)
    })
}

fn run_import(args: ImportArgs, quiet: bool) -> Result<ExitCode> {
    let root = briefc::project::find_root(args.root.root.as_deref())?;
    let mut inputs = Vec::new();
    for path in &args.files {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            anyhow::anyhow!(
                "{} is not UTF-8 text\n  hint: export it again as UTF-8",
                path.display()
            )
        })?;
        inputs.push(Input {
            path: path.clone(),
            text,
        });
    }
    let files = briefc::files::ProjectFiles::working_tree(&root)?;
    let target = target_file(&root, &files, args.into.as_deref(), &args.files[0])?;
    let scope = Scope {
        root: Some(root.clone()),
        ids: Vec::new(),
        drafts: true,
    };
    let analysis = analyze(&scope, AnalyzeOptions::default())?;
    let outcome =
        import(&inputs, &analysis.library, args.skip_existing).map_err(anyhow::Error::msg)?;
    summarise(&outcome, quiet);
    if outcome.has_clashes() {
        report::error(
            "nothing was imported: some keys are in the library already\n  hint: rename them in the file, or pass --skip-existing to leave them out",
        );
        return Ok(ExitCode::from(EXIT_SOURCE_ERRORS));
    }
    let shown = target.display().to_string();
    let count = outcome.entries.len();
    let sources = format!("{count} source{}", if count == 1 { "" } else { "s" });
    if args.dry_run {
        super::out::text(&outcome.toml);
        if !quiet {
            report::status(
                "Checked",
                &format!("{sources} for {shown}; nothing was written (--dry-run)"),
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    if count == 0 {
        if !quiet {
            report::status("Imported", "nothing: no source to add");
        }
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(parent) = target.parent() {
        files.create_dir_all(parent)?;
    }
    // Written whole beside the target and linked into place, so the
    // library never holds half a file, and a file put there meanwhile is
    // not replaced.
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staged = target.with_file_name(format!(".{name}.new-{}", std::process::id()));
    files.write_new(&staged, outcome.toml.as_bytes())?;
    let linked = match files.hard_link(&staged, &target) {
        // A file system without hard links.
        Err(error) if error.kind() != std::io::ErrorKind::AlreadyExists => {
            files.rename(&staged, &target)
        }
        other => other.with_context(|| format!("cannot create {}", target.display())),
    };
    let _ = files.remove_file(&staged);
    linked?;
    if !quiet {
        report::status("Imported", &format!("{sources} into {shown}"));
    }
    Ok(ExitCode::SUCCESS)
}

/// Where the imported entries go, from the root: a new file that the
/// library reads (`footnotes/sources.toml` or `footnotes/sources/*.toml`),
/// `--into` or one named after the first file imported.
fn target_file(
    root: &Path,
    files: &briefc::files::ProjectFiles,
    into: Option<&Path>,
    first: &Path,
) -> Result<PathBuf> {
    let relative = match into {
        Some(path) => {
            let path = if path.is_absolute() {
                path.strip_prefix(root)
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|_| path.to_path_buf())
            } else {
                path.to_path_buf()
            };
            let ok = path == Path::new("footnotes/sources.toml")
                || (path.parent() == Some(Path::new("footnotes/sources"))
                    && path.extension().is_some_and(|e| e == "toml"));
            if !ok {
                bail!(
                    "{} is not a library file briefc reads\n  hint: name a file such as footnotes/sources/imported.toml",
                    path.display()
                );
            }
            path
        }
        None => {
            let stem = first
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let stem: String = stem
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || c == '-' || c == '_' {
                        c
                    } else {
                        '-'
                    }
                })
                .collect();
            let stem = if stem.trim_matches('-').is_empty() {
                "imported".to_string()
            } else {
                stem
            };
            Path::new("footnotes/sources").join(format!("{stem}.toml"))
        }
    };
    if files.is_present(&relative) {
        bail!(
            "{} exists; briefc sources import never changes a file\n  hint: name a new file with --into footnotes/sources/<name>.toml",
            relative.display()
        );
    }
    Ok(relative)
}

/// One line per source that the import changed, could not keep whole, or
/// left out, on standard error.
fn summarise(outcome: &Import, quiet: bool) {
    for r in &outcome.reports {
        let place = format!("{} #{}", r.file.display(), r.position);
        let name = if r.title.is_empty() {
            String::new()
        } else {
            format!(" “{}”", printable(&shortened(&r.title)))
        };
        match &r.outcome {
            Outcome::Imported { key, input_type } => {
                if quiet || (r.changes.is_empty() && r.unkept.is_empty()) {
                    continue;
                }
                let mut parts = r.changes.clone();
                if !r.unkept.is_empty() {
                    parts.push(format!("not kept: {}", r.unkept.join(", ")));
                }
                anstream::eprintln!(
                    "  {} ({} {input_type}{name}): {}",
                    printable(key),
                    r.format,
                    printable(&parts.join("; "))
                );
            }
            Outcome::Skipped { key } => {
                if !quiet {
                    anstream::eprintln!(
                        "  {} ({place}{name}): skipped, the library has this key",
                        printable(key)
                    );
                }
            }
            Outcome::Clash { key } => {
                report::error(&format!(
                    "{place}{name}: the library already has a source `{}`",
                    printable(key)
                ));
            }
            Outcome::LeftOut { why } => {
                report::warning(&format!("{place}{name} is left out: {why}"));
            }
        }
    }
}

fn shortened(title: &str) -> String {
    if title.chars().count() <= 40 {
        return title.to_string();
    }
    let cut: String = title.chars().take(39).collect();
    format!("{}…", cut.trim_end())
}
