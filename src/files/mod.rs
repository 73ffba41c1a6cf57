//! The one door to a project's files. [`ProjectFiles`] owns the project's
//! root and answers every read, open, listing and "where does this lead"
//! of every stage, by paths relative to the root, through one gate:
//! nothing outside the project and nothing but a regular file is ever
//! read, and no read blocks on a FIFO.
//!
//! What answers is the working tree on the disk, or the project as it was
//! at a git revision ([`ProjectFiles::at_revision`]); either way an
//! editor's unsaved text can be laid over a file
//! ([`ProjectFiles::lay_over`]) and is read in its place.

mod disk;
mod refusal;
mod revision;
mod write;

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};

pub use refusal::{DIRECTORY, Refusal, SourceText, is_loop, kind_name};

use disk::Disk;
use revision::Revision;

/// A project's files, as one stage after another reads them. Cloning is
/// cheap: the tree is shared.
#[derive(Clone)]
pub struct ProjectFiles {
    tree: Tree,
    /// Texts laid over files, by path from the root: an editor's buffers.
    overlays: Arc<HashMap<PathBuf, Arc<str>>>,
}

#[derive(Clone)]
enum Tree {
    Disk(Arc<Disk>),
    Revision {
        root: PathBuf,
        revision: Arc<Revision>,
    },
    /// Nothing but the texts laid over it.
    Memory {
        root: PathBuf,
    },
}

/// What stands at a path, a link not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    Link,
    /// A FIFO, socket or device: what [`kind_name`] calls it.
    Other(&'static str),
}

impl Kind {
    fn of(file_type: std::fs::FileType) -> Kind {
        if file_type.is_symlink() {
            Kind::Link
        } else if file_type.is_file() {
            Kind::File
        } else if file_type.is_dir() {
            Kind::Dir
        } else {
            Kind::Other(kind_name(file_type))
        }
    }

    /// The kind as messages name a thing that is not a regular file.
    pub fn name(self) -> &'static str {
        match self {
            Kind::File => "a regular file",
            Kind::Dir => DIRECTORY,
            Kind::Link => "a symbolic link",
            Kind::Other(name) => name,
        }
    }
}

/// A directory's entry with what it is, a symbolic link taken for what it
/// leads to.
#[derive(Debug, Clone)]
pub struct Listed {
    /// From the project's root.
    pub path: PathBuf,
    pub is_dir: bool,
    pub is_file: bool,
    /// Whether the entry itself is a symbolic link.
    pub is_link: bool,
}

/// Where a path leads inside the project, every link followed.
#[derive(Debug, Clone)]
pub struct Followed {
    /// The path without links, from the project's real root.
    pub real: PathBuf,
    /// What is there: never [`Kind::Link`].
    pub kind: Kind,
    /// Its length in bytes.
    pub len: u64,
}

/// A project file opened for reading.
pub struct Opened {
    pub len: u64,
    source: OpenedSource,
}

enum OpenedSource {
    File(File),
    Bytes(std::io::Cursor<Vec<u8>>),
}

impl Read for Opened {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        match &mut self.source {
            OpenedSource::File(file) => file.read(buffer),
            OpenedSource::Bytes(bytes) => bytes.read(buffer),
        }
    }
}

impl std::io::Seek for Opened {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        match &mut self.source {
            OpenedSource::File(file) => file.seek(to),
            OpenedSource::Bytes(bytes) => bytes.seek(to),
        }
    }
}

impl Opened {
    /// Copies the whole file into `to`: from a file on the disk with the
    /// kernel's copy (`copy_file_range` on Linux), never held in memory.
    pub fn copy_to(self, to: &mut File) -> std::io::Result<u64> {
        match self.source {
            OpenedSource::File(mut file) => std::io::copy(&mut file, to),
            OpenedSource::Bytes(mut bytes) => std::io::copy(&mut bytes, to),
        }
    }
}

impl ProjectFiles {
    /// The working tree of the project at `root`.
    pub fn working_tree(root: &Path) -> Result<ProjectFiles> {
        let disk = Disk::new(root)
            .with_context(|| format!("cannot read the project directory {}", root.display()))?;
        Ok(ProjectFiles {
            tree: Tree::Disk(Arc::new(disk)),
            overlays: Arc::default(),
        })
    }

    /// The project at `root` as it was at the git revision `revision`,
    /// read from git's objects without checking anything out. Nothing can
    /// be written through it.
    pub fn at_revision(root: &Path, revision: &str) -> Result<ProjectFiles> {
        Ok(ProjectFiles {
            tree: Tree::Revision {
                root: root.to_path_buf(),
                revision: Arc::new(Revision::open(root, revision)?),
            },
            overlays: Arc::default(),
        })
    }

    /// A project held in memory: no file but those laid over it
    /// ([`ProjectFiles::lay_over`]), shown under `root` in messages.
    pub fn in_memory(root: &Path) -> ProjectFiles {
        ProjectFiles {
            tree: Tree::Memory {
                root: root.to_path_buf(),
            },
            overlays: Arc::default(),
        }
    }

    /// The project directory, as given: for messages, and for what is
    /// written beside the project (the output).
    pub fn root(&self) -> &Path {
        match &self.tree {
            Tree::Disk(disk) => &disk.root,
            Tree::Revision { root, .. } | Tree::Memory { root } => root,
        }
    }

    /// Which tree this is, for messages: `the working tree at ROOT`, or
    /// `ROOT at revision REV (COMMIT)`.
    pub fn describe(&self) -> String {
        match &self.tree {
            Tree::Disk(disk) => format!("the working tree at {}", disk.root.display()),
            Tree::Revision { root, revision } => format!(
                "{} at revision `{}` ({})",
                root.display(),
                revision.name,
                revision.commit
            ),
            Tree::Memory { root } => format!("{} in memory", root.display()),
        }
    }

    /// `relative` as a path to show: under the project directory.
    pub fn shown(&self, relative: &Path) -> PathBuf {
        self.root().join(relative)
    }

    /// Lays `text` over the file at `relative`, whether or not there is
    /// one: every read of it gives `text` until [`ProjectFiles::uncover`].
    pub fn lay_over(&mut self, relative: impl Into<PathBuf>, text: impl Into<Arc<str>>) {
        Arc::make_mut(&mut self.overlays).insert(relative.into(), text.into());
    }

    /// Takes away the text laid over `relative`: the file is read again.
    pub fn uncover(&mut self, relative: &Path) {
        if self.overlays.contains_key(relative) {
            Arc::make_mut(&mut self.overlays).remove(relative);
        }
    }

    fn overlay(&self, relative: &Path) -> Option<&Arc<str>> {
        if self.overlays.is_empty() {
            return None;
        }
        self.overlays.get(relative)
    }

    /// The text of the project file at `relative`; invalid UTF-8 is
    /// replaced, and where it was kept.
    pub fn read_text(&self, relative: &Path) -> Result<SourceText, Refusal> {
        if let Some(text) = self.overlay(relative) {
            return Ok(SourceText::decode(text.as_bytes().to_vec()));
        }
        self.read_bytes(relative).map(SourceText::decode)
    }

    /// The bytes of the project file at `relative`, such as a font.
    pub fn read_bytes(&self, relative: &Path) -> Result<Vec<u8>, Refusal> {
        if let Some(text) = self.overlay(relative) {
            return Ok(text.as_bytes().to_vec());
        }
        match &self.tree {
            Tree::Disk(disk) => disk.read(relative),
            Tree::Revision { revision, .. } => revision.read(relative),
            Tree::Memory { .. } => Err(Refusal::not_found()),
        }
    }

    /// The project file at `relative` opened for reading: for a file read
    /// in part (an image's header) or copied without being held in memory
    /// (an attachment).
    pub fn open(&self, relative: &Path) -> Result<Opened, Refusal> {
        if self.overlay(relative).is_some() || !matches!(self.tree, Tree::Disk(_)) {
            let bytes = self.read_bytes(relative)?;
            return Ok(Opened {
                len: bytes.len() as u64,
                source: OpenedSource::Bytes(std::io::Cursor::new(bytes)),
            });
        }
        let Tree::Disk(disk) = &self.tree else {
            unreachable!("only the disk opens files");
        };
        let (file, len) = disk.open(relative)?;
        Ok(Opened {
            len,
            source: OpenedSource::File(file),
        })
    }

    /// What stands at `relative` itself (a link is not followed); `None`
    /// when nothing does.
    pub fn kind(&self, relative: &Path) -> Option<Kind> {
        if self.overlay(relative).is_some() {
            return Some(Kind::File);
        }
        match &self.tree {
            Tree::Disk(disk) => disk.kind(relative),
            Tree::Revision { revision, .. } => revision.kind(relative),
            Tree::Memory { .. } => self.is_laid_folder(relative).then_some(Kind::Dir),
        }
    }

    /// Whether anything, a link that leads nowhere too, is at `relative`.
    pub fn is_present(&self, relative: &Path) -> bool {
        self.kind(relative).is_some()
    }

    /// Where `relative` leads: the same place without links, from the
    /// project's real root. A link out of the project, a loop or a link to
    /// nothing is refused.
    pub fn resolve(&self, relative: &Path) -> Result<PathBuf, Refusal> {
        let resolved = match &self.tree {
            Tree::Disk(disk) => disk.resolve(relative),
            Tree::Revision { revision, .. } => revision.resolve(relative),
            Tree::Memory { .. } if self.is_laid_folder(relative) => Ok(relative.to_path_buf()),
            Tree::Memory { .. } => Err(Refusal::not_found()),
        };
        match resolved {
            Err(refusal) if refusal.is_not_found() && self.overlay(relative).is_some() => {
                Ok(relative.to_path_buf())
            }
            resolved => resolved,
        }
    }

    /// Where `relative` leads, wherever that is: the place without links
    /// from the real root, or, for a link out of the project, the
    /// absolute path it leads to. `None` when it leads nowhere.
    pub fn leads_to(&self, relative: &Path) -> Option<PathBuf> {
        match self.resolve(relative) {
            Ok(real) => Some(real),
            Err(Refusal::Outside { target }) => Some(target),
            Err(_) => None,
        }
    }

    /// Whether a directory is at `relative`, a link followed.
    pub fn is_dir(&self, relative: &Path) -> bool {
        match &self.tree {
            Tree::Disk(disk) => disk.is_dir(relative),
            Tree::Revision { revision, .. } => revision
                .follow(relative)
                .is_ok_and(|followed| followed.kind == Kind::Dir),
            Tree::Memory { .. } => self.is_laid_folder(relative),
        }
    }

    /// Whether a text is laid over a file below the folder `relative`.
    fn is_laid_folder(&self, relative: &Path) -> bool {
        self.overlays
            .keys()
            .any(|path| path.starts_with(relative) && path != relative)
    }

    /// [`ProjectFiles::resolve`], and what is there.
    pub fn follow(&self, relative: &Path) -> Result<Followed, Refusal> {
        if let Some(text) = self.overlay(relative) {
            return Ok(Followed {
                real: self.resolve(relative)?,
                kind: Kind::File,
                len: text.len() as u64,
            });
        }
        match &self.tree {
            Tree::Disk(disk) => disk.follow(relative),
            Tree::Revision { revision, .. } => revision.follow(relative),
            Tree::Memory { .. } => self.resolve(relative).map(|real| Followed {
                real,
                kind: Kind::Dir,
                len: 0,
            }),
        }
    }

    /// The entries of the directory at `relative`, sorted by name, each
    /// with its path from the root. A file laid over a name the directory
    /// does not hold is listed too.
    pub fn list(&self, relative: &Path) -> std::io::Result<Vec<Listed>> {
        let mut entries = match &self.tree {
            Tree::Disk(disk) => disk.list(relative),
            Tree::Revision { revision, .. } => revision.list(relative),
            Tree::Memory { .. } => Err(std::io::ErrorKind::NotFound.into()),
        };
        if self.overlays.is_empty() {
            return entries;
        }
        // Each text laid below the folder names an entry of it: the file
        // itself, or the folder on the way to it.
        let laid: Vec<(PathBuf, bool)> = self
            .overlays
            .keys()
            .filter_map(|path| {
                let below = path.strip_prefix(relative).ok()?;
                let first = below.components().next()?;
                let is_file = below.components().nth(1).is_none();
                Some((relative.join(first), is_file))
            })
            .collect();
        if laid.is_empty() {
            return entries;
        }
        if let Err(error) = &entries
            && error.kind() == std::io::ErrorKind::NotFound
        {
            entries = Ok(Vec::new());
        }
        let mut entries = entries?;
        for (path, is_file) in laid {
            if !entries.iter().any(|e| e.path == path) {
                entries.push(Listed {
                    path,
                    is_dir: !is_file,
                    is_file,
                    is_link: false,
                });
            }
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(entries)
    }

    /// The part of the absolute `path` (its existing part resolved through
    /// links) that lies below the project's real root; `None` when it lies
    /// elsewhere, and always for a revision.
    pub fn below_root(&self, path: &Path) -> Option<PathBuf> {
        match &self.tree {
            Tree::Disk(disk) => disk.below_root(path),
            Tree::Revision { .. } | Tree::Memory { .. } => None,
        }
    }

    /// Whether the project lies at or below the absolute `path`.
    pub fn lies_within(&self, path: &Path) -> bool {
        match &self.tree {
            Tree::Disk(disk) => disk.lies_within(path),
            Tree::Revision { root, .. } | Tree::Memory { root } => root.starts_with(path),
        }
    }

    /// Whether this is the working tree, which can be written.
    pub fn is_working_tree(&self) -> bool {
        matches!(self.tree, Tree::Disk(_))
    }
}

#[cfg(test)]
mod tests;
