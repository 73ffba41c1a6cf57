//! One briefing's files: `briefings/<id>/briefing.toml`, the section
//! files it lists (each checked to stay in the briefing's folder), the
//! Markdown files it does not list, `footnotes/<id>.md` and
//! `footnotes/<id>/*.md`, and where its summary's text stands.

use std::path::{Component, Path, PathBuf};

use anyhow::Result;

use super::read_ahead::Known;
use super::root::{ID_CHARACTERS, id_problem};
use super::{Metadata, Project};
use crate::diagnostics::{Code, Diagnostic, FileId, Span};
use crate::files::{Kind, Refusal};

/// One briefing's files, as loaded.
pub struct BriefingFiles {
    pub id: String,
    pub metadata_file: FileId,
    /// `None` when `briefing.toml` has errors (they are reported).
    pub metadata: Option<Metadata>,
    /// The section files that exist, in `sections` order.
    pub sections: Vec<FileId>,
    /// `footnotes/<id>.md`, then `footnotes/<id>/*.md` in name order.
    pub footnote_files: Vec<FileId>,
    /// Where the text of `summary` stands: within `briefing.toml`, or in
    /// an embedded copy when its string has escapes.
    pub summary: Option<Span>,
}

impl BriefingFiles {
    /// Every file that is this briefing's own.
    pub fn own_files(&self) -> impl Iterator<Item = FileId> + '_ {
        std::iter::once(self.metadata_file)
            .chain(self.sections.iter().copied())
            .chain(self.footnote_files.iter().copied())
    }
}

impl Project {
    /// Loads the briefing in `briefings/<id>`, or reports its directory's
    /// name when it cannot be an id.
    pub(super) fn add_briefing(&mut self, id: &str) -> Result<()> {
        if let Some(problem) = id_problem(id) {
            let dir = PathBuf::from("briefings").join(id);
            let file = self.sources.add(dir, String::new());
            self.diagnostics.push(
                Diagnostic::new(
                    Code::InvalidBriefingId,
                    Span::file_start(file),
                    format!("`{id}` is not a valid briefing id"),
                )
                .with_help(if problem == ID_CHARACTERS {
                    "rename the directory using only lower-case letters a-z, digits and `-`"
                        .to_string()
                } else {
                    format!("{problem}: rename the directory, such as `ivanovo-2007`")
                }),
            );
            return Ok(());
        }
        let briefing = self.load_briefing(id)?;
        self.briefings.push(briefing);
        Ok(())
    }

    fn load_briefing(&mut self, id: &str) -> Result<BriefingFiles> {
        let dir = PathBuf::from("briefings").join(id);
        let metadata_path = dir.join("briefing.toml");
        let metadata_file;
        let mut metadata;
        let present = self.is_present(&metadata_path);
        if present && let Some(file) = self.read(&metadata_path)? {
            metadata_file = file;
            let text = self.sources.text(metadata_file);
            metadata = Metadata::parse(text, metadata_file, &mut self.diagnostics);
            if let Some(metadata) = &mut metadata {
                let mut csl = metadata.csl.take();
                self.load_csl(&mut csl)?;
                metadata.csl = csl;
            }
        } else if present {
            // Refused and reported; the briefing cannot be built.
            metadata_file = self.sources.add(&metadata_path, String::new());
            metadata = None;
        } else {
            metadata_file = self.sources.add(&metadata_path, String::new());
            metadata = None;
            self.diagnostics.push(
                Diagnostic::new(
                    Code::InvalidMetadata,
                    Span::file_start(metadata_file),
                    format!("briefing `{id}` has no briefing.toml"),
                )
                .with_help(format!(
                    "create {} with at least title, date and sections",
                    metadata_path.display()
                )),
            );
        }

        let mut sections = Vec::new();
        let mut listed = Vec::new();
        if let Some(meta) = &metadata {
            for (name, span) in meta.sections.clone() {
                // Named files count as listed even when refused, so they are
                // not reported a second time as unlisted.
                listed.push(dir.join(&name));
                let Some(relative) = self.check_section_path(&dir, &name, span) else {
                    continue;
                };
                let read = self.read_file(&relative);
                let directory = read.as_ref().is_err_and(Refusal::is_directory);
                let missing = read.as_ref().is_err_and(Refusal::is_not_found);
                if !directory && !missing {
                    sections.extend(self.read_result(&relative, read)?);
                    continue;
                }
                let (message, help) = if directory {
                    (
                        format!("{} is a directory, not a section file", relative.display()),
                        "list the Markdown files themselves in `sections`".to_string(),
                    )
                } else {
                    (
                        format!("section file {} does not exist", relative.display()),
                        format!(
                            "create {}, or remove it from `sections`",
                            relative.display()
                        ),
                    )
                };
                self.diagnostics.push(
                    Diagnostic::new(Code::MissingSection, span, message)
                        .with_label("listed here")
                        .with_help(help),
                );
            }
            self.report_unlisted(&dir, &listed, metadata_file, meta)?;
        }

        let mut footnote_files = Vec::new();
        let single = PathBuf::from("footnotes").join(format!("{id}.md"));
        footnote_files.extend(self.read_present(&single)?);
        let folder = PathBuf::from("footnotes").join(id);
        let listing = match self.read_ahead.take_listing(&folder) {
            Some(listing) => listing,
            None if self.files.is_dir(&folder) => Some(self.list(&folder)?),
            None => None,
        };
        if let Some(listing) = listing {
            for entry in listing {
                if entry.path.extension().is_some_and(|e| e == "md") && !entry.is_dir {
                    let name = entry.path.file_name().unwrap_or_default();
                    footnote_files.extend(self.read(folder.join(name))?);
                }
            }
        }

        let summary = metadata
            .as_ref()
            .and_then(|meta| self.summary_text(metadata_file, meta));
        Ok(BriefingFiles {
            id: id.to_string(),
            metadata_file,
            metadata,
            sections,
            footnote_files,
            summary,
        })
    }

    /// The stretch of text that is the summary: the inside of its TOML
    /// string when that reads exactly as the value (no escapes), so every
    /// position is a real one in `briefing.toml`; else the value, embedded.
    fn summary_text(&mut self, file: FileId, meta: &Metadata) -> Option<Span> {
        let (value, at) = (meta.summary.as_deref()?, meta.summary_span?);
        let source = self.sources.text(file).get(at.start..at.end)?;
        let (open, close) = if source.starts_with("\"\"\"") || source.starts_with("'''") {
            // A newline right after the opening delimiter is not part of
            // the value.
            let after = &source[3..];
            let newline = if after.starts_with("\r\n") {
                2
            } else {
                usize::from(after.starts_with('\n'))
            };
            (3 + newline, 3)
        } else {
            (1, 1)
        };
        if source.len() >= open + close && source.get(open..source.len() - close) == Some(value) {
            return Some(Span::new(file, at.start + open..at.end - close));
        }
        let embedded = self.sources.add_embedded(at, value.to_string());
        Some(Span::new(embedded, 0..value.len()))
    }

    /// A section path must be relative, without `..`, and must not lead out
    /// of the briefing's directory through a symbolic link.
    fn check_section_path(&mut self, dir: &Path, name: &str, span: Span) -> Option<PathBuf> {
        let path = Path::new(name);
        let escapes = path.is_absolute()
            || name.is_empty()
            || path
                .components()
                .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
        let mut problem = escapes.then(|| {
            "must be a relative path inside the briefing's directory, without `..`".to_string()
        });
        let relative = dir.join(path);
        // A plain file named directly in the directory cannot lead out of
        // it; only a symbolic link or a path through subdirectories needs
        // resolving, which costs a system call per component.
        let plain_file_here = path.components().count() == 1
            && match self.read_ahead.known(&relative) {
                Known::Present { link } => !link,
                Known::Absent => false,
                Known::Unknown => self
                    .files
                    .kind(&relative)
                    .is_some_and(|kind| kind != Kind::Link),
            };
        if problem.is_none()
            && !plain_file_here
            && let (Some(real), Some(base)) =
                (self.files.leads_to(&relative), self.files.leads_to(dir))
            && !real.starts_with(&base)
        {
            // Where it leads, as the author can look for it: from the
            // project's root when it stays inside, else the whole path.
            let shown = match self.files.below_root(&real) {
                Some(inside) => inside.display().to_string(),
                None => real.display().to_string(),
            };
            problem = Some(format!(
                "leads out of the briefing's directory through a symbolic link, to {shown}"
            ));
        }
        match problem {
            None => Some(relative),
            Some(problem) => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::InvalidMetadata,
                        span,
                        format!("section path `{name}` {problem}"),
                    )
                    .with_help(format!(
                        "keep section files in {} and list them by name",
                        dir.display()
                    )),
                );
                None
            }
        }
    }

    fn report_unlisted(
        &mut self,
        dir: &Path,
        listed: &[PathBuf],
        metadata_file: FileId,
        meta: &Metadata,
    ) -> Result<()> {
        let sections_span = meta
            .sections
            .first()
            .map(|(_, s)| *s)
            .unwrap_or(Span::file_start(metadata_file));
        let listing = match self.read_ahead.take_listing(dir) {
            Some(Some(listing)) => listing,
            _ => self.list(dir)?,
        };
        for entry in listing {
            if entry.path.extension().is_none_or(|e| e != "md") || !entry.is_file {
                continue;
            }
            let name = entry.path.file_name().unwrap_or_default();
            let relative = dir.join(name);
            if !listed.contains(&relative) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::UnlistedSection,
                        sections_span,
                        format!(
                            "{} is not listed in `sections` and is left out",
                            relative.display()
                        ),
                    )
                    .with_help(format!(
                        "add \"{}\" to `sections` in briefing.toml, or delete the file",
                        name.to_string_lossy()
                    )),
                );
            }
        }
        Ok(())
    }
}
