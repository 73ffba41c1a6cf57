//! Loading a project: its settings, the briefings chosen, then what they
//! share; and the one way loading reads a file into the source map, with
//! every refusal reported where it is asked for.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::read_ahead::{Known, ReadAhead};
use super::{Project, Selection, Settings};
use crate::diagnostics::{
    Code, Diagnostic, Diagnostics, FileId, SourceMap, Span, closest, suggestion,
};
use crate::files::{Listed, ProjectFiles, Refusal, SourceText};

impl Project {
    /// Loads the briefings `selection` names from the project `files`
    /// open onto.
    pub fn load(files: ProjectFiles, selection: Selection<'_>) -> Result<Project> {
        let mut project = Project {
            files,
            sources: SourceMap::new(),
            settings: Settings::default(),
            briefings: Vec::new(),
            templates: Vec::new(),
            fonts: Vec::new(),
            library_files: Vec::new(),
            diagnostics: Diagnostics::new(),
            read_ahead: ReadAhead::default(),
            reread: HashMap::new(),
        };
        if let Some(file) = project.read_present("briefc.toml")? {
            let text = project.sources.text(file).to_string();
            project.settings = Settings::parse(&text, file, &mut project.diagnostics);
            let mut csl = project.settings.csl.take();
            project.load_csl(&mut csl)?;
            project.settings.csl = csl;
        }
        let chosen = project.chosen_ids(selection)?;
        project.read_ahead = ReadAhead::read(&project.files, &chosen);
        for id in chosen {
            project.add_briefing(&id)?;
        }
        project.read_ahead = ReadAhead::default();
        project.load_templates()?;
        project.list_fonts()?;
        project.load_library()?;
        Ok(project)
    }

    /// The ids of the folders under `briefings/` that `selection` names;
    /// a name that is none of them stops the command with the closest.
    fn chosen_ids(&self, selection: Selection<'_>) -> Result<Vec<String>> {
        let briefings = Path::new("briefings");
        let listing = self.list(briefings)?;
        let ids: Vec<String> = listing
            .into_iter()
            .filter(|entry| entry.is_dir)
            .map(|entry| {
                let name = entry.path.file_name().unwrap_or_default();
                name.to_string_lossy().into_owned()
            })
            .collect();
        let Selection::Named(names) = selection else {
            return Ok(ids);
        };
        for name in names {
            if !ids.contains(name) {
                let hint = closest(name, ids.iter().map(String::as_str))
                    .map(|c| format!("\n  hint: did you mean `{}`?", suggestion(c, name)))
                    .unwrap_or_else(|| format!("\n  hint: briefings here: {}", ids.join(", ")));
                bail!(
                    "no briefing `{name}` in {}{hint}",
                    self.files.shown(briefings).display()
                );
            }
        }
        let mut names = names.to_vec();
        names.sort();
        names.dedup();
        Ok(names)
    }

    /// The entries of the folder `relative`; one that cannot be listed
    /// stops the command.
    pub(super) fn list(&self, relative: &Path) -> Result<Vec<Listed>> {
        self.files
            .list(relative)
            .with_context(|| format!("cannot list {}", self.files.shown(relative).display()))
    }

    /// Reads a file given relative to the root into the source map,
    /// reporting invalid UTF-8. A file that leads out of the project, or
    /// that is not a regular file, is reported and not read (`None`).
    pub(super) fn read(&mut self, relative: impl AsRef<Path>) -> Result<Option<FileId>> {
        let relative = relative.as_ref();
        let read = self.read_file(relative);
        self.read_result(relative, read)
    }

    /// Whether anything, a link too, is at `relative`: as the listings read
    /// ahead say, or else as the files do now.
    pub(super) fn is_present(&self, relative: &Path) -> bool {
        match self.read_ahead.known(relative) {
            Known::Unknown => self.files.is_present(relative),
            known => known != Known::Absent,
        }
    }

    /// A project file's text: read ahead, or read now.
    pub(super) fn read_file(&mut self, relative: &Path) -> Result<SourceText, Refusal> {
        match self.read_ahead.take_file(relative) {
            Some(read) => read,
            None => self.files.read_text(relative),
        }
    }

    /// A file's text read by [`Project::read`], added to the source map.
    pub(super) fn read_result(
        &mut self,
        relative: &Path,
        read: Result<SourceText, Refusal>,
    ) -> Result<Option<FileId>> {
        let Some(source) = self.accept(relative, read, "read")? else {
            return Ok(None);
        };
        // A file read again with the same text keeps its id (once: a file
        // listed twice is two texts, as in a first load).
        let file = match self.reread.remove(relative) {
            Some(old) if self.sources.text(old) == source.text => old,
            _ => self.sources.add(relative, source.text),
        };
        if let Some(offset) = source.invalid_utf8_at {
            // The bad bytes now stand as one replacement character.
            let end = offset + '\u{FFFD}'.len_utf8();
            self.diagnostics.push(
                Diagnostic::new(
                    Code::InvalidUtf8,
                    Span::new(file, offset..end),
                    format!(
                        "{} is not valid UTF-8 (byte offset {offset})",
                        relative.display()
                    ),
                )
                .with_label("invalid byte sequence here")
                .with_help("save the file as UTF-8"),
            );
        }
        Ok(Some(file))
    }

    /// [`Project::read`] of a file that may be absent: nothing there is
    /// `None` and no problem, while a link that leads nowhere is reported.
    pub(super) fn read_present(&mut self, relative: impl AsRef<Path>) -> Result<Option<FileId>> {
        let relative = relative.as_ref();
        match self.read_file(relative) {
            Err(refusal) if refusal.is_not_found() => Ok(None),
            read => self.read_result(relative, read),
        }
    }

    /// The result of reading or resolving a project path: an I/O failure
    /// stops the command (`cannot VERB path`); any other refusal is
    /// reported as `refused-file` and gives `None`.
    pub(super) fn accept<T>(
        &mut self,
        relative: &Path,
        result: Result<T, Refusal>,
        verb: &str,
    ) -> Result<Option<T>> {
        match result {
            Ok(value) => Ok(Some(value)),
            Err(Refusal::Io(error)) => Err(anyhow::Error::new(error).context(format!(
                "cannot {verb} {}",
                self.files.shown(relative).display()
            ))),
            Err(refusal) => {
                self.refuse(relative, &refusal);
                Ok(None)
            }
        }
    }

    /// Reports a file that is not read, at the start of its (empty) text.
    pub(super) fn refuse(&mut self, relative: &Path, refusal: &Refusal) {
        let file = self.sources.add(relative, String::new());
        self.diagnostics.push(
            Diagnostic::new(
                Code::RefusedFile,
                Span::file_start(file),
                format!("{} {}", relative.display(), refusal.describe()),
            )
            .with_help(refusal.help()),
        );
    }
}
