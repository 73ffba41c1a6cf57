//! The working tree on the disk, behind the project's gate: nothing
//! outside the project's real root, and nothing that is not a regular
//! file, is ever opened; a FIFO never blocks a read.

use std::fs::File;
use std::path::{Path, PathBuf};

use super::refusal::{Refusal, is_loop, kind_name};
use super::{Followed, Kind, Listed};

pub(super) struct Disk {
    /// The project directory as given, for messages.
    pub(super) root: PathBuf,
    /// The root with every link resolved: every file read lies below it.
    pub(super) real_root: PathBuf,
}

impl Disk {
    pub(super) fn new(root: &Path) -> std::io::Result<Disk> {
        Ok(Disk {
            root: root.to_path_buf(),
            real_root: root.canonicalize()?,
        })
    }

    fn at(&self, relative: &Path) -> PathBuf {
        self.root.join(relative)
    }

    /// The bytes of the regular file at `relative`.
    pub(super) fn read(&self, relative: &Path) -> Result<Vec<u8>, Refusal> {
        let (mut file, length) = self.open(relative)?;
        read_whole(&mut file, length).map_err(Refusal::Io)
    }

    /// The regular file at `relative` opened for reading, with its length
    /// as it was when opened.
    ///
    /// A plain file (not a link) is opened first and then asked where it
    /// really is, which costs three system calls; resolving the path
    /// beforehand costs one per directory on the way. Nothing but a regular
    /// file is ever opened, so opening one that turns out to lie outside the
    /// project reads nothing and blocks nothing.
    pub(super) fn open(&self, relative: &Path) -> Result<(File, u64), Refusal> {
        let path = self.at(relative);
        let here = std::fs::symlink_metadata(&path).map_err(|error| {
            if is_loop(&error) {
                Refusal::Loop
            } else {
                Refusal::Io(error)
            }
        })?;
        // Only where the system can say where an open file is; elsewhere the
        // path is resolved first.
        if cfg!(target_os = "linux")
            && here.is_file()
            && let Ok(file) = open_nonblocking(&path, true)
            && let Some(real) = opened_path(&file)
        {
            if !real.starts_with(&self.real_root) {
                return Err(Refusal::Outside { target: real });
            }
            return regular(file);
        }
        if !here.is_file() && !here.file_type().is_symlink() {
            return Err(Refusal::NotAFile {
                kind: kind_name(here.file_type()),
            });
        }
        let real = self.resolve_absolute(&path)?;
        let metadata = std::fs::metadata(&real).map_err(Refusal::Io)?;
        if !metadata.is_file() {
            return Err(Refusal::NotAFile {
                kind: kind_name(metadata.file_type()),
            });
        }
        regular(open_nonblocking(&real, false).map_err(Refusal::Io)?)
    }

    /// What stands at `relative` itself, a link not followed.
    pub(super) fn kind(&self, relative: &Path) -> Option<Kind> {
        let metadata = std::fs::symlink_metadata(self.at(relative)).ok()?;
        Some(Kind::of(metadata.file_type()))
    }

    pub(super) fn is_dir(&self, relative: &Path) -> bool {
        self.at(relative).is_dir()
    }

    /// Where `relative` really is, relative to the real root.
    pub(super) fn resolve(&self, relative: &Path) -> Result<PathBuf, Refusal> {
        let real = self.resolve_absolute(&self.at(relative))?;
        Ok(real
            .strip_prefix(&self.real_root)
            .map(Path::to_path_buf)
            .unwrap_or_default())
    }

    /// [`Disk::resolve`], and what is there.
    pub(super) fn follow(&self, relative: &Path) -> Result<Followed, Refusal> {
        let real = self.resolve(relative)?;
        let metadata = std::fs::metadata(self.real_root.join(&real)).map_err(Refusal::Io)?;
        Ok(Followed {
            real,
            kind: Kind::of(metadata.file_type()),
            len: metadata.len(),
        })
    }

    /// Where `path` really is, provided that is inside the real root:
    /// every link on the way is followed, and one that leads out, loops or
    /// dangles is refused.
    fn resolve_absolute(&self, path: &Path) -> Result<PathBuf, Refusal> {
        match path.canonicalize() {
            Ok(real) if real.starts_with(&self.real_root) => Ok(real),
            Ok(real) => Err(Refusal::Outside { target: real }),
            Err(error) if is_loop(&error) => Err(Refusal::Loop),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                match std::fs::read_link(path) {
                    Ok(target) => Err(Refusal::Dangling { target }),
                    Err(_) => Err(Refusal::Io(error)),
                }
            }
            Err(error) => Err(Refusal::Io(error)),
        }
    }

    /// The entries of the directory at `relative`, sorted by name, each
    /// with what it is (a link taken for what it leads to), which the
    /// listing gives on most file systems without a system call per entry.
    pub(super) fn list(&self, relative: &Path) -> std::io::Result<Vec<Listed>> {
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(self.at(relative))? {
            let entry = entry?;
            let kind = entry.file_type();
            let is_link = kind.as_ref().is_ok_and(|kind| kind.is_symlink())
                || (kind.is_err() && entry.path().is_symlink());
            let (is_dir, is_file) = match kind {
                Ok(kind) if !kind.is_symlink() => (kind.is_dir(), kind.is_file()),
                _ => {
                    let path = entry.path();
                    (path.is_dir(), path.is_file())
                }
            };
            entries.push(Listed {
                path: relative.join(entry.file_name()),
                is_dir,
                is_file,
                is_link,
            });
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(entries)
    }

    /// The part of the absolute `path` below the real root, once its
    /// existing part is resolved; `None` when it lies elsewhere.
    pub(super) fn below_root(&self, path: &Path) -> Option<PathBuf> {
        let real = resolved_prefix(path);
        real.strip_prefix(&self.real_root)
            .ok()
            .map(Path::to_path_buf)
    }

    /// Whether the project lies at or below the absolute `path`.
    pub(super) fn lies_within(&self, path: &Path) -> bool {
        self.real_root.starts_with(resolved_prefix(path))
    }

    /// The absolute path of `relative` below the real root, for writing:
    /// only a path that resolving gave, or one made of plain names.
    pub(super) fn real(&self, relative: &Path) -> PathBuf {
        self.real_root.join(relative)
    }
}

/// `path` with its existing part resolved through links, the rest
/// appended as written.
fn resolved_prefix(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => {
            resolved_prefix(parent).join(name)
        }
        _ => path.to_path_buf(),
    }
}

/// The open file with its length, if it is still a regular file: a FIFO
/// put in a file's place between the look and the opening is refused.
fn regular(file: File) -> Result<(File, u64), Refusal> {
    let metadata = file.metadata().map_err(Refusal::Io)?;
    if !metadata.is_file() {
        return Err(Refusal::NotAFile {
            kind: kind_name(metadata.file_type()),
        });
    }
    Ok((file, metadata.len()))
}

/// Where an open file really is, every link on the way followed, as the
/// system tells it; `None` where it cannot say.
fn opened_path(file: &File) -> Option<PathBuf> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let real = std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())).ok()?;
        // A file removed since it was opened is named `PATH (deleted)`.
        real.is_absolute().then_some(real)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = file;
        None
    }
}

/// Reads a file of `length` bytes to its end into a buffer of that size,
/// without asking the system for the length again.
pub(super) fn read_whole(file: &mut File, length: u64) -> std::io::Result<Vec<u8>> {
    // One byte more than the length, so that the read that finds the end
    // needs no larger buffer; a file that grew since is read whole too.
    let mut bytes = Vec::with_capacity(usize::try_from(length).unwrap_or(0).saturating_add(1));
    loop {
        if bytes.len() == bytes.capacity() {
            bytes.reserve(bytes.capacity());
        }
        match read_into_spare(file, &mut bytes) {
            Ok(0) => return Ok(bytes),
            Ok(_) => {}
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
}

/// One read into the unused capacity of `bytes`, which grows by what was
/// read. Straight into it, not into zeroed memory first: the zeroing of
/// every source file was 33 M instructions of an archive's `check`.
#[cfg(unix)]
fn read_into_spare(file: &mut File, bytes: &mut Vec<u8>) -> std::io::Result<usize> {
    use std::os::fd::AsRawFd;
    let spare = bytes.spare_capacity_mut();
    // SAFETY: read(2) writes at most `spare.len()` bytes into the spare
    // capacity, which `bytes` owns and nothing else reads, and says how
    // many; only those are counted into the length.
    let read = unsafe { libc::read(file.as_raw_fd(), spare.as_mut_ptr().cast(), spare.len()) };
    let read = usize::try_from(read).map_err(|_| std::io::Error::last_os_error())?;
    unsafe { bytes.set_len(bytes.len() + read) };
    Ok(read)
}

#[cfg(not(unix))]
fn read_into_spare(file: &mut File, bytes: &mut Vec<u8>) -> std::io::Result<usize> {
    use std::io::Read;
    let filled = bytes.len();
    bytes.resize(bytes.capacity(), 0);
    let read = file.read(&mut bytes[filled..]);
    bytes.truncate(filled + *read.as_ref().unwrap_or(&0));
    read
}

/// Opens without blocking on a FIFO and without taking a terminal; with
/// `no_link`, refuses a path that has become a symbolic link.
fn open_nonblocking(path: &Path, no_link: bool) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let follow = if no_link { libc::O_NOFOLLOW } else { 0 };
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | follow);
    }
    #[cfg(not(unix))]
    let _ = no_link;
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The length given is only where reading starts: a file longer than
    /// that (grown since it was measured), or empty, is read as it is.
    #[test]
    fn reads_a_file_whole_whatever_length_it_was_said_to_have() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.md");
        let text: Vec<u8> = (0..100_000u32)
            .map(|i| b"abcdefghij\n"[i as usize % 11])
            .collect();
        std::fs::write(&path, &text).unwrap();
        for told in [0, 1, 10, 99_999, 100_000, 100_001, 1 << 20] {
            let mut file = File::open(&path).unwrap();
            assert_eq!(read_whole(&mut file, told).unwrap(), text, "told {told}");
        }
        std::fs::write(&path, b"").unwrap();
        let mut file = File::open(&path).unwrap();
        assert!(read_whole(&mut file, 0).unwrap().is_empty());
    }
}
