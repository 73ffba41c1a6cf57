//! File-system helpers that put the path into every error, so a user never
//! sees "No such file or directory" without knowing which file.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// A source file's text. Invalid UTF-8 is replaced (so the rest of the
/// file can still be shown) and the offset of the first bad byte kept.
pub struct SourceText {
    pub text: String,
    pub invalid_utf8_at: Option<usize>,
}

pub fn read_source(path: &Path) -> Result<SourceText> {
    let mut bytes =
        std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    // Valid text is kept in the buffer it was read into, never copied.
    Ok(match String::from_utf8(bytes) {
        Ok(text) => SourceText {
            text,
            invalid_utf8_at: None,
        },
        Err(error) => SourceText {
            invalid_utf8_at: Some(error.utf8_error().valid_up_to()),
            text: String::from_utf8_lossy(error.as_bytes()).into_owned(),
        },
    })
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

pub fn write(path: &Path, contents: &[u8]) -> Result<()> {
    std::fs::write(path, contents).with_context(|| format!("cannot write {}", path.display()))
}

pub fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path)
        .with_context(|| format!("cannot create directory {}", path.display()))
}
