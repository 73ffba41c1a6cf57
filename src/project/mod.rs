//! Load: find the project, read its settings, briefings, sections,
//! footnote files and template overrides into memory. Nothing after this
//! step reads the disk.

mod asset_file;
mod assets;
pub mod link_settings;
mod locale_settings;
pub mod metadata;
pub mod options;
pub mod pdf_settings;
mod read_ahead;
pub mod settings;
pub(crate) mod toml_fields;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

pub use crate::model::{DateStyle, PartialDate, Placement, Status};
pub use asset_file::AssetFile;
pub use assets::AssetProblem;
pub use metadata::Metadata;
pub use options::{BriefingOptions, Overrides};
pub use pdf_settings::PdfSettings;
pub use settings::Settings;

use crate::diagnostics::{
    Code, Diagnostic, Diagnostics, FileId, SourceMap, Span, closest, suggestion,
};
use crate::fsx;
use read_ahead::{Known, ReadAhead};

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
    pub fn is_draft(&self) -> bool {
        self.metadata
            .as_ref()
            .is_none_or(|m| m.status == Status::Draft)
    }
}

/// Which briefings to load.
pub enum Selection<'a> {
    All,
    Named(&'a [String]),
}

pub struct Project {
    pub root: PathBuf,
    /// The root with every link resolved: every file read must lie below it.
    pub real_root: PathBuf,
    pub sources: SourceMap,
    pub settings: Settings,
    pub briefings: Vec<BriefingFiles>,
    /// Overrides found in `templates/`: file name and file.
    pub templates: Vec<(String, FileId)>,
    /// The font files in `fonts/`, relative to the root, checked to lie
    /// inside the project; read only when a PDF is typeset.
    pub fonts: Vec<(PathBuf, FileId)>,
    /// `footnotes/sources.toml`, then `footnotes/sources/*.toml` by name.
    pub library_files: Vec<FileId>,
    pub diagnostics: Diagnostics,
    /// The briefings' own files and folders, read ahead on every core
    /// while loading: taken from here when loading asks for them, empty
    /// afterwards.
    pub(crate) read_ahead: ReadAhead,
    /// While a briefing is loaded again: its files as they were, so that a
    /// file read back unchanged keeps its id (and what was parsed from it
    /// can be used again).
    pub(crate) reread: HashMap<PathBuf, FileId>,
}

/// A file in `templates/` that replaces or adds a template: a Tera
/// template for the page, text and index, or a Typst file for the PDF.
pub fn is_template_name(name: &str) -> bool {
    name.ends_with(".tera") || name.ends_with(".typ")
}

/// A file in `fonts/` that the PDF may use.
pub fn is_font_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".ttf", ".otf", ".ttc", ".otc"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// `--root` if given, else the current directory or the nearest ancestor
/// holding `briefings/`.
pub fn find_root(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(root) = explicit {
        if !root.is_dir() {
            bail!("--root {}: no such directory", root.display());
        }
        if !root.join("briefings").is_dir() {
            bail!(
                "{} holds no briefings/ directory\n  hint: a briefc project keeps each briefing in briefings/<id>/briefing.toml",
                root.display()
            );
        }
        return Ok(root.to_path_buf());
    }
    let cwd = std::env::current_dir()
        .map_err(|e| anyhow::anyhow!("cannot read the current directory: {e}"))?;
    for dir in cwd.ancestors() {
        if dir.join("briefings").is_dir() {
            return Ok(dir.to_path_buf());
        }
    }
    bail!(
        "no briefc project found in {} or any parent directory\n  hint: run inside a project (a directory holding briefings/), or pass --root DIR",
        cwd.display()
    )
}

const ID_CHARACTERS: &str = "use only lower-case letters a-z, digits and `-`";

/// What is wrong with a briefing id, if anything. An id is a directory
/// name that every collaborator must be able to check out, Windows too:
/// lower-case ASCII letters, digits and `-`, with at least one letter or
/// digit, and none of the names Windows reserves for devices.
pub fn id_problem(id: &str) -> Option<&'static str> {
    const RESERVED: &[&str] = &["con", "prn", "aux", "nul"];
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Some(ID_CHARACTERS);
    }
    if !id.bytes().any(|b| b.is_ascii_alphanumeric()) {
        return Some("an id needs at least one letter or digit");
    }
    let device = |prefix: &str| {
        id.strip_prefix(prefix)
            .is_some_and(|n| n.len() == 1 && (b'1'..=b'9').contains(&n.as_bytes()[0]))
    };
    if RESERVED.contains(&id) || device("com") || device("lpt") {
        return Some(
            "Windows reserves this name for a device, so the briefing could not be checked out there",
        );
    }
    None
}

/// The briefing whose own file `relative` (a path from the project's
/// root) is: under `briefings/<id>/`, `footnotes/<id>.md` or under
/// `footnotes/<id>/`. `None` for a file every briefing shares, such as
/// the source library, a template or `briefc.toml`.
pub fn briefing_of(relative: &Path) -> Option<String> {
    let mut parts = relative.components().map(|c| c.as_os_str().to_str());
    let top = parts.next()??;
    let name = parts.next()??;
    let deeper = parts.next().is_some();
    match top {
        "briefings" => Some(name.to_string()),
        "footnotes" if deeper => (name != "sources").then(|| name.to_string()),
        "footnotes" => name
            .strip_suffix(".md")
            .filter(|id| !id.is_empty())
            .map(str::to_string),
        _ => None,
    }
}

/// A briefing id that [`id_problem`] finds nothing wrong with.
pub fn is_valid_id(id: &str) -> bool {
    id_problem(id).is_none()
}

impl Project {
    pub fn load(root: &Path, selection: Selection<'_>) -> Result<Project> {
        let real_root = root
            .canonicalize()
            .with_context(|| format!("cannot read the project directory {}", root.display()))?;
        let mut project = Project {
            root: root.to_path_buf(),
            real_root,
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
        }

        let mut ids = Vec::new();
        for entry in fsx::sorted_listing(&root.join("briefings"))? {
            if !entry.is_dir {
                continue;
            }
            let name = entry
                .path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            ids.push(name);
        }
        let chosen: Vec<String> = match selection {
            Selection::All => ids,
            Selection::Named(names) => {
                for name in names {
                    if !ids.contains(name) {
                        let hint = closest(name, ids.iter().map(String::as_str))
                            .map(|c| format!("\n  hint: did you mean `{}`?", suggestion(c, name)))
                            .unwrap_or_else(|| {
                                format!("\n  hint: briefings here: {}", ids.join(", "))
                            });
                        bail!(
                            "no briefing `{name}` in {}{hint}",
                            root.join("briefings").display()
                        );
                    }
                }
                let mut names = names.to_vec();
                names.sort();
                names.dedup();
                names
            }
        };
        project.read_ahead = ReadAhead::read(root, &project.real_root, &chosen);
        for id in chosen {
            project.add_briefing(&id)?;
        }
        project.read_ahead = ReadAhead::default();
        project.load_templates()?;
        project.list_fonts()?;
        project.load_library()?;
        Ok(project)
    }

    /// Reads a file given relative to the root into the source map,
    /// reporting invalid UTF-8. A file that leads out of the project, or
    /// that is not a regular file, is reported and not read (`None`).
    fn read(&mut self, relative: impl AsRef<Path>) -> Result<Option<FileId>> {
        let relative = relative.as_ref();
        let read = self.read_file(relative);
        self.read_result(relative, read)
    }

    /// Whether anything, a link too, is at `relative`: as the listings read
    /// ahead say, or else as the file system does now.
    fn is_present(&self, relative: &Path) -> bool {
        match self.read_ahead.known(relative) {
            Known::Unknown => fsx::is_present(&self.root.join(relative)),
            known => known != Known::Absent,
        }
    }

    /// A project file's text: read ahead, or read now.
    fn read_file(&mut self, relative: &Path) -> Result<fsx::SourceText, fsx::Refusal> {
        match self.read_ahead.take_file(relative) {
            Some(read) => read,
            None => fsx::read_inside(&self.real_root, &self.root.join(relative)),
        }
    }

    /// A file's text read by [`Project::read`], added to the source map.
    fn read_result(
        &mut self,
        relative: &Path,
        read: Result<fsx::SourceText, fsx::Refusal>,
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
    fn read_present(&mut self, relative: impl AsRef<Path>) -> Result<Option<FileId>> {
        let relative = relative.as_ref();
        match self.read_file(relative) {
            Err(fsx::Refusal::Io(error)) if error.kind() == std::io::ErrorKind::NotFound => {
                Ok(None)
            }
            read => self.read_result(relative, read),
        }
    }

    /// The result of reading or resolving a project path: an I/O failure
    /// stops the command (`cannot VERB path`); any other refusal is
    /// reported as `refused-file` and gives `None`.
    fn accept<T>(
        &mut self,
        relative: &Path,
        result: Result<T, fsx::Refusal>,
        verb: &str,
    ) -> Result<Option<T>> {
        match result {
            Ok(value) => Ok(Some(value)),
            Err(fsx::Refusal::Io(error)) => Err(anyhow::Error::new(error).context(format!(
                "cannot {verb} {}",
                self.root.join(relative).display()
            ))),
            Err(refusal) => {
                self.refuse(relative, &refusal);
                Ok(None)
            }
        }
    }

    /// Reports a file that is not read, at the start of its (empty) text.
    fn refuse(&mut self, relative: &Path, refusal: &fsx::Refusal) {
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

    /// Loads the briefing in `briefings/<id>`, or reports its directory's
    /// name when it cannot be an id.
    fn add_briefing(&mut self, id: &str) -> Result<()> {
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

    /// Reads the briefing `id` again after its files changed, or forgets
    /// it when its directory is gone; its problems go to `diagnostics`.
    /// The files it was read from before stay in the source map.
    pub fn reload_briefing(&mut self, id: &str) -> Result<()> {
        let mut reread = HashMap::new();
        for old in self.briefings.iter().filter(|b| b.id == id) {
            let files = std::iter::once(old.metadata_file)
                .chain(old.sections.iter().copied())
                .chain(old.footnote_files.iter().copied());
            for file in files {
                reread.insert(self.sources.path(file).to_path_buf(), file);
            }
        }
        self.briefings.retain(|b| b.id != id);
        self.reread = reread;
        let added = if self.root.join("briefings").join(id).is_dir() {
            self.add_briefing(id).map(|()| {
                self.briefings.sort_by(|a, b| a.id.cmp(&b.id));
            })
        } else {
            Ok(())
        };
        self.reread.clear();
        added
    }

    fn load_briefing(&mut self, id: &str) -> Result<BriefingFiles> {
        let dir = PathBuf::from("briefings").join(id);
        let metadata_path = dir.join("briefing.toml");
        let metadata_file;
        let metadata;
        let present = self.is_present(&metadata_path);
        if present && let Some(file) = self.read(&metadata_path)? {
            metadata_file = file;
            let text = self.sources.text(metadata_file);
            metadata = Metadata::parse(text, metadata_file, &mut self.diagnostics);
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
                let directory =
                    matches!(read, Err(fsx::Refusal::NotAFile { kind }) if kind == fsx::DIRECTORY);
                let missing = matches!(&read, Err(fsx::Refusal::Io(error)) if error.kind() == std::io::ErrorKind::NotFound);
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
            None if self.root.join(&folder).is_dir() => {
                Some(fsx::sorted_listing(&self.root.join(&folder))?)
            }
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
        let mut problem = escapes
            .then_some("must be a relative path inside the briefing's directory, without `..`");
        let relative = dir.join(path);
        // A plain file named directly in the directory cannot lead out of
        // it; only a symbolic link or a path through subdirectories needs
        // resolving, which costs a system call per component.
        let plain_file_here = path.components().count() == 1
            && match self.read_ahead.known(&relative) {
                Known::Present { link } => !link,
                Known::Absent => false,
                Known::Unknown => std::fs::symlink_metadata(self.root.join(&relative))
                    .is_ok_and(|m| !m.file_type().is_symlink()),
            };
        if problem.is_none()
            && !plain_file_here
            && let (Ok(real), Ok(base)) = (
                self.root.join(&relative).canonicalize(),
                self.root.join(dir).canonicalize(),
            )
            && !real.starts_with(&base)
        {
            problem = Some("leads out of the briefing's directory through a symbolic link");
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
            _ => fsx::sorted_listing(&self.root.join(dir))?,
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

    fn load_library(&mut self) -> Result<()> {
        let single = Path::new("footnotes").join("sources.toml");
        if fsx::is_present(&self.root.join(&single)) {
            let file = self.read(&single)?;
            self.library_files.extend(file);
        }
        let folder = Path::new("footnotes").join("sources");
        if self.root.join(&folder).is_dir() {
            for path in fsx::sorted_entries(&self.root.join(&folder))? {
                if path.extension().is_some_and(|e| e == "toml") && !path.is_dir() {
                    let name = path.file_name().unwrap_or_default();
                    let file = self.read(folder.join(name))?;
                    self.library_files.extend(file);
                }
            }
        }
        Ok(())
    }

    /// Lists `fonts/` and its subdirectories. A font is read only when a
    /// PDF is typeset, but whether it lies inside the project is checked
    /// here, so `check` reports a link that leads out.
    fn list_fonts(&mut self) -> Result<()> {
        for child in self.files_below(Path::new("fonts"), is_font_name)? {
            let resolved = fsx::resolve_inside(&self.real_root, &self.root.join(&child));
            if self.accept(&child, resolved, "read")?.is_some() {
                // An empty text: diagnostics about the font name the file.
                let file = self.sources.add(&child, String::new());
                self.fonts.push((child, file));
            }
        }
        Ok(())
    }

    fn load_templates(&mut self) -> Result<()> {
        for child in self.files_below(Path::new("templates"), is_template_name)? {
            let Some(file) = self.read(&child)? else {
                continue;
            };
            let template_name = child
                .strip_prefix("templates")
                .unwrap_or(&child)
                .to_string_lossy()
                .replace('\\', "/");
            self.templates.push((template_name, file));
        }
        Ok(())
    }

    /// The files below the directory `relative` whose names `wanted`
    /// accepts, in name order; nothing when it is absent. A directory is
    /// entered only when it really lies inside the project, and once: a
    /// link back to a directory above cannot make the walk go round for
    /// ever.
    fn files_below(&mut self, relative: &Path, wanted: fn(&str) -> bool) -> Result<Vec<PathBuf>> {
        let mut found = Vec::new();
        if fsx::is_present(&self.root.join(relative)) {
            let mut seen = Vec::new();
            self.walk(relative, wanted, &mut seen, &mut found)?;
        }
        Ok(found)
    }

    fn walk(
        &mut self,
        relative: &Path,
        wanted: fn(&str) -> bool,
        seen: &mut Vec<PathBuf>,
        found: &mut Vec<PathBuf>,
    ) -> Result<()> {
        let resolved = fsx::resolve_inside(&self.real_root, &self.root.join(relative));
        let Some(real) = self.accept(relative, resolved, "list")? else {
            return Ok(());
        };
        if seen.contains(&real) {
            self.refuse(relative, &fsx::Refusal::Loop);
            return Ok(());
        }
        if !real.is_dir() {
            return Ok(());
        }
        seen.push(real);
        for path in fsx::sorted_entries(&self.root.join(relative))? {
            let name = path.file_name().unwrap_or_default();
            let child = relative.join(name);
            if path.is_dir() {
                self.walk(&child, wanted, seen, found)?;
            } else if wanted(&name.to_string_lossy()) {
                found.push(child);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::briefing_of;
    use std::path::Path;

    #[test]
    fn a_file_belongs_to_the_briefing_whose_own_it_is() {
        let of = |path: &str| briefing_of(Path::new(path));
        assert_eq!(of("briefings/a-1/one.md").as_deref(), Some("a-1"));
        assert_eq!(of("briefings/a-1/img/map.png").as_deref(), Some("a-1"));
        assert_eq!(of("briefings/a-1").as_deref(), Some("a-1"));
        assert_eq!(of("footnotes/a-1.md").as_deref(), Some("a-1"));
        assert_eq!(of("footnotes/a-1/more.md").as_deref(), Some("a-1"));
        assert_eq!(of("footnotes/sources.toml"), None);
        assert_eq!(of("footnotes/sources/un.toml"), None);
        assert_eq!(of("footnotes"), None);
        assert_eq!(of("briefc.toml"), None);
        assert_eq!(of("templates/page.html"), None);
        assert_eq!(of("assets/map.png"), None);
    }
}
