//! File-system helpers that put the path into every error, so a user never
//! sees "No such file or directory" without knowing which file, and the
//! one gate through which every project file is read: nothing outside the
//! project, and nothing that is not a regular file, is ever opened.

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// A source file's text. Invalid UTF-8 is replaced (so the rest of the
/// file can still be shown) and the offset of the first bad byte kept.
pub struct SourceText {
    pub text: String,
    pub invalid_utf8_at: Option<usize>,
}

/// Why a project file was not read.
#[derive(Debug)]
pub enum Refusal {
    /// A symbolic link (the path itself or a directory on the way) leads
    /// out of the project.
    Outside { target: PathBuf },
    /// A FIFO, socket, device or directory stands where a file should be.
    NotAFile { kind: &'static str },
    /// Following the links never ends.
    Loop,
    /// The path names a symbolic link whose target does not exist.
    Dangling { target: PathBuf },
    /// Any other failure, such as a missing file or no permission.
    Io(std::io::Error),
}

impl Refusal {
    /// What is wrong, to follow the path: `is a FIFO, not a regular file`.
    pub fn describe(&self) -> String {
        match self {
            Refusal::Outside { target } => format!(
                "leads out of the project through a symbolic link, to {}",
                target.display()
            ),
            Refusal::NotAFile { kind } => format!("is {kind}, not a regular file"),
            Refusal::Loop => "is a symbolic link loop: following it never ends".to_string(),
            Refusal::Dangling { target } => format!(
                "is a symbolic link to {}, which does not exist",
                target.display()
            ),
            Refusal::Io(error) => format!("cannot be read: {error}"),
        }
    }

    /// How to put it right.
    pub fn help(&self) -> &'static str {
        match self {
            Refusal::Outside { .. } => {
                "briefc reads nothing outside the project: copy the file into the project instead of linking to it"
            }
            Refusal::NotAFile { .. } => "replace it with a regular file",
            Refusal::Loop | Refusal::Dangling { .. } => "remove the link or point it at a file",
            Refusal::Io(_) => "check that the file exists and can be read",
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

/// True for the error a system call gives when links lead round in a loop.
pub fn is_loop(error: &std::io::Error) -> bool {
    error.raw_os_error() == Some(libc::ELOOP)
}

/// What [`kind_name`] calls a directory.
pub const DIRECTORY: &str = "a directory";

/// The kind of a file that is not a regular file, for messages.
pub fn kind_name(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        DIRECTORY
    } else {
        "not a regular file"
    }
}

/// Where `path` really is, provided that is inside `root` (which must be
/// canonical already): every link on the way is followed, and one that
/// leads out, loops or dangles is refused.
pub fn resolve_inside(root: &Path, path: &Path) -> Result<PathBuf, Refusal> {
    match path.canonicalize() {
        Ok(real) if real.starts_with(root) => Ok(real),
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

/// Reads a file of the project at `path`, under the canonical `root`. A
/// path leading out of the project is refused, and so is anything but a
/// regular file, without opening it: a FIFO would block the reader for
/// ever. The file is opened without blocking and checked again once open,
/// so a FIFO put in its place in between cannot block it either.
pub fn read_inside(root: &Path, path: &Path) -> Result<SourceText, Refusal> {
    read_bytes_inside(root, path).map(decode)
}

/// [`read_inside`] for a binary file, such as a font: the bytes as they
/// are.
pub fn read_bytes_inside(root: &Path, path: &Path) -> Result<Vec<u8>, Refusal> {
    let (mut file, length) = open_sized_inside(root, path)?;
    read_whole(&mut file, length).map_err(Refusal::Io)
}

/// A regular file of the project opened for reading, under the same rules
/// as [`read_inside`]: for a file read in part (an image's header) or
/// copied without being held in memory (an attachment).
pub fn open_inside(root: &Path, path: &Path) -> Result<File, Refusal> {
    open_sized_inside(root, path).map(|(file, _)| file)
}

/// [`open_inside`], with the file's length as it was when opened.
///
/// A plain file (not a link) is opened first and then asked where it
/// really is, which costs three system calls; resolving the path
/// beforehand costs one per directory on the way. Nothing but a regular
/// file is ever opened, so opening one that turns out to lie outside the
/// project reads nothing and blocks nothing.
fn open_sized_inside(root: &Path, path: &Path) -> Result<(File, u64), Refusal> {
    let here = std::fs::symlink_metadata(path).map_err(|error| {
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
        && let Ok(file) = open_nonblocking(path, true)
        && let Some(real) = opened_path(&file)
    {
        if !real.starts_with(root) {
            return Err(Refusal::Outside { target: real });
        }
        return regular(file);
    }
    if !here.is_file() && !here.file_type().is_symlink() {
        return Err(Refusal::NotAFile {
            kind: kind_name(here.file_type()),
        });
    }
    let real = resolve_inside(root, path)?;
    let metadata = std::fs::metadata(&real).map_err(Refusal::Io)?;
    if !metadata.is_file() {
        return Err(Refusal::NotAFile {
            kind: kind_name(metadata.file_type()),
        });
    }
    regular(open_nonblocking(&real, false).map_err(Refusal::Io)?)
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
fn read_whole(file: &mut File, length: u64) -> std::io::Result<Vec<u8>> {
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

/// A file's bytes as text, without a byte-order mark.
fn decode(mut bytes: Vec<u8>) -> SourceText {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    // Valid text is kept in the buffer it was read into, never copied.
    match String::from_utf8(bytes) {
        Ok(text) => SourceText {
            text,
            invalid_utf8_at: None,
        },
        Err(error) => SourceText {
            invalid_utf8_at: Some(error.utf8_error().valid_up_to()),
            text: String::from_utf8_lossy(error.as_bytes()).into_owned(),
        },
    }
}

/// A relative path written with `/` between its parts, on every system:
/// for links in the output and for names in the JSON edition.
pub fn slash_path(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// True when something stands at `path`, even a link that leads nowhere:
/// such a link is reported rather than passed over as if absent.
pub fn is_present(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// The entries of a directory, sorted by name so every run sees the same
/// order on every machine.
pub fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        entries.push(entry.path());
    }
    entries.sort();
    Ok(entries)
}

/// A directory's entry with what it is, a symbolic link taken for what it
/// leads to.
pub struct Listed {
    pub path: PathBuf,
    pub is_dir: bool,
    pub is_file: bool,
    /// Whether the entry itself is a symbolic link.
    pub is_link: bool,
}

/// [`sorted_entries`] with each entry's kind, which the directory listing
/// gives on most file systems without a system call per entry.
pub fn sorted_listing(dir: &Path) -> Result<Vec<Listed>> {
    listing(dir).with_context(|| format!("cannot list {}", dir.display()))
}

/// [`sorted_listing`] with the bare I/O error: for a directory that is
/// often absent (`footnotes/<id>/`), where an error with context would be
/// made and thrown away for every briefing (with `RUST_BACKTRACE` set, a
/// backtrace captured for each).
pub fn listing(dir: &Path) -> std::io::Result<Vec<Listed>> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type();
        let is_link = kind.as_ref().is_ok_and(|kind| kind.is_symlink())
            || (kind.is_err() && path.is_symlink());
        let (is_dir, is_file) = match kind {
            Ok(kind) if !kind.is_symlink() => (kind.is_dir(), kind.is_file()),
            _ => (path.is_dir(), path.is_file()),
        };
        entries.push(Listed {
            path,
            is_dir,
            is_file,
            is_link,
        });
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(entries)
}

pub fn write(path: &Path, contents: &[u8]) -> Result<()> {
    std::fs::write(path, contents).with_context(|| format!("cannot write {}", path.display()))
}

pub fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path)
        .with_context(|| format!("cannot create directory {}", path.display()))
}

/// Creates `path` with `contents`, failing if anything stands there: a file
/// of a new output is never written through another name for a file (a
/// link, or an inode the live output shares). Not synced to disk.
pub fn write_fresh(path: &Path, contents: &[u8]) -> Result<()> {
    create_with(path, contents, false)
}

/// Creates `path` with `contents`, failing if anything stands there, even a
/// link that leads nowhere: a new file is never written through a link.
/// Synced to disk before it is reported written.
pub fn write_new(path: &Path, contents: &[u8]) -> Result<()> {
    create_with(path, contents, true)
}

fn create_with(path: &Path, contents: &[u8], sync: bool) -> Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(contents)
        .and_then(|()| if sync { file.sync_all() } else { Ok(()) })
        .with_context(|| format!("cannot write {}", path.display()))
}

/// The first symbolic link on the way from `root` down to `relative`, if
/// any: a command that creates files refuses to write through one.
pub fn link_on_the_way(root: &Path, relative: &Path) -> Option<PathBuf> {
    let mut at = root.to_path_buf();
    for component in relative.components() {
        at.push(component);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Some(at);
        }
    }
    None
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
