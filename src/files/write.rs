//! Writing into the project, for the commands whose job is to change it
//! (`renumber`, `new`, `templates --eject`, `sources import`, the link
//! cache): by paths from the root, never through a symbolic link on the
//! way, and only in the working tree. Every error names the path.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::disk::Disk;
use super::{ProjectFiles, Refusal, Tree};

impl ProjectFiles {
    fn disk(&self) -> Result<&Disk> {
        match &self.tree {
            Tree::Disk(disk) => Ok(disk),
            Tree::Revision { .. } => bail!("a project read from a git revision cannot be written"),
            Tree::Memory { .. } => bail!("a project held in memory cannot be written"),
        }
    }

    /// The absolute path that a write of `relative` changes: never one
    /// reached through a symbolic link on the way, which could lead the
    /// write anywhere (a link planted at the name itself is replaced or
    /// refused by each write, never followed).
    fn target(&self, relative: &Path) -> Result<PathBuf> {
        let disk = self.disk()?;
        if let Some(parent) = relative.parent()
            && let Some(link) = self.link_on_the_way(parent)
        {
            bail!(
                "{link}; briefc never writes through one\n  hint: replace it with a real directory"
            );
        }
        Ok(disk.real(relative))
    }

    /// The first symbolic link on the way from the root down to
    /// `relative`, if any: nothing is written through one.
    pub fn link_on_the_way(&self, relative: &Path) -> Option<PlantedLink> {
        let mut at = PathBuf::new();
        for component in relative.components() {
            at.push(component);
            if self.kind(&at) == Some(super::Kind::Link) {
                let leads = match self.resolve(&at) {
                    Ok(real) => format!("to {}", self.shown(&real).display()),
                    Err(Refusal::Outside { target }) => {
                        format!("to {}, outside the project", target.display())
                    }
                    Err(Refusal::Loop) => "in a loop of links that never ends".to_string(),
                    Err(Refusal::Dangling { target }) => {
                        format!("to {}, which does not exist", target.display())
                    }
                    Err(_) => String::new(),
                };
                return Some(PlantedLink {
                    shown: self.shown(&at),
                    leads,
                });
            }
        }
        None
    }

    /// Creates the directory `relative` and those above it, refusing to
    /// go through a symbolic link.
    pub fn create_dir_all(&self, relative: &Path) -> Result<()> {
        if let Some(link) = self.link_on_the_way(relative) {
            bail!("{link}; refusing to write through it\n  hint: replace it with a real directory");
        }
        let path = self.target(relative)?;
        std::fs::create_dir_all(&path)
            .with_context(|| format!("cannot create directory {}", path.display()))
    }

    /// Creates the file `relative` with `bytes`, failing if anything
    /// stands there, even a link that leads nowhere; synced to disk before
    /// it is reported written.
    pub fn write_new(&self, relative: &Path, bytes: &[u8]) -> Result<()> {
        crate::fsx::write_new(&self.target(relative)?, bytes)
    }

    /// [`ProjectFiles::write_new`] after removing what was there (a
    /// companion a crash left), with the permissions given.
    pub fn replace_with(
        &self,
        relative: &Path,
        bytes: &[u8],
        permissions: Option<std::fs::Permissions>,
    ) -> Result<()> {
        let path = self.target(relative)?;
        let _ = std::fs::remove_file(&path);
        crate::fsx::write_new(&path, bytes)?;
        if let Some(permissions) = permissions {
            std::fs::set_permissions(&path, permissions)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        Ok(())
    }

    /// Writes `bytes` into the existing file `relative` in place, so that
    /// every hard link to it sees them, and syncs it.
    pub fn overwrite(&self, relative: &Path, bytes: &[u8]) -> Result<()> {
        let path = self.target(relative)?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).truncate(true);
        // The file itself is not followed either, should it have become a
        // link since it was checked.
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NOFOLLOW);
        }
        let mut file = options
            .open(&path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .with_context(|| format!("cannot write {}", path.display()))
    }

    /// Renames `from` to `to`, replacing what `to` was.
    pub fn rename(&self, from: &Path, to: &Path) -> Result<()> {
        let (from, to) = (self.target(from)?, self.target(to)?);
        std::fs::rename(&from, &to).with_context(|| format!("cannot replace {}", to.display()))
    }

    /// A second name `to` for the file `from`.
    pub fn hard_link(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        let (Ok(from), Ok(to)) = (self.target(from), self.target(to)) else {
            return Err(std::io::Error::other("not a working tree"));
        };
        std::fs::hard_link(from, to)
    }

    /// Removes the file `relative`; one that is not there is no error.
    pub fn remove_file(&self, relative: &Path) -> Result<()> {
        let path = self.target(relative)?;
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(error).with_context(|| format!("cannot remove {}", path.display())),
        }
    }

    /// Removes the directory `relative` if it is empty.
    pub fn remove_empty_dir(&self, relative: &Path) -> std::io::Result<()> {
        let path = self.target(relative).map_err(std::io::Error::other)?;
        std::fs::remove_dir(path)
    }

    /// Removes the directory `relative` with all it holds.
    pub fn remove_dir_all(&self, relative: &Path) -> std::io::Result<()> {
        let path = self.target(relative).map_err(std::io::Error::other)?;
        std::fs::remove_dir_all(path)
    }

    /// Syncs the directory `relative`, so that a rename in it is on the
    /// disk before the next step.
    pub fn sync_dir(&self, relative: &Path) -> Result<()> {
        let path = self.target(relative)?;
        #[cfg(unix)]
        std::fs::File::open(&path)
            .and_then(|d| d.sync_all())
            .with_context(|| format!("cannot sync {}", path.display()))?;
        #[cfg(not(unix))]
        let _ = path;
        Ok(())
    }

    /// What the file system says of `relative`, links followed: its
    /// permissions and hard links, before it is changed.
    pub fn metadata(&self, relative: &Path) -> std::io::Result<std::fs::Metadata> {
        let path = self.target(relative).map_err(std::io::Error::other)?;
        std::fs::metadata(path)
    }

    /// Whether this process may write `relative` (a file, or a directory
    /// to create files in).
    pub fn can_write(&self, relative: &Path) -> bool {
        self.target(relative).is_ok_and(|path| writable(&path))
    }
}

#[cfg(unix)]
fn writable(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(name) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `name` is a valid NUL-terminated string for the call's duration.
    unsafe { libc::access(name.as_ptr(), libc::W_OK) == 0 }
}

#[cfg(not(unix))]
fn writable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
}

/// A symbolic link where briefc was to write, and where it leads.
#[derive(Debug, Clone)]
pub struct PlantedLink {
    pub shown: PathBuf,
    leads: String,
}

impl std::fmt::Display for PlantedLink {
    /// `templates is a symbolic link in a loop of links that never ends`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} is a symbolic link", self.shown.display())?;
        if !self.leads.is_empty() {
            write!(f, " {}", self.leads)?;
        }
        Ok(())
    }
}
