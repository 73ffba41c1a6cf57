//! File-system helpers that put the path into every error, so a user never
//! sees "No such file or directory" without knowing which file: for what
//! briefc writes outside the project's files (the output directory).
//! Project files are read and written through [`crate::files`].

use std::path::Path;

use anyhow::{Context, Result};

/// A relative path written with `/` between its parts, on every system:
/// for links in the output and for names in the JSON edition.
pub fn slash_path(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// True when something stands at `path`, even a link that leads nowhere.
pub fn is_present(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
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
