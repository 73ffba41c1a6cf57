//! The output a build replaced is kept beside the new one, hidden, and the
//! next build that changes something turns it into its staging directory
//! instead of making a whole new tree. Most of its files are the new
//! output's own (hard links), so only what changed since is written, and
//! no folder is made or removed: on a project of a thousand briefings
//! that is thousands of file-system operations fewer per build.
//!
//! It is renamed out of its place before it is touched, so two builds never
//! share it, and it is never written through: a file that must change is
//! removed and made again, because its inode may be the live output's.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::previous::{OnDisk, Previous, same_bytes};
use super::{Contents, MARKER, MARKER_TEXT, copy_one};
use crate::parallel::Work;

/// Tells git and the like to leave the kept directory alone.
const IGNORE: &str = ".gitignore";
const IGNORE_TEXT: &str = "# The output `briefc build` replaced last, kept so that the next build\n\
     # writes only what changed. Safe to delete.\n*\n";

/// Where the output `name` in `parent` keeps its predecessor.
pub(super) fn path(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.previous"))
}

/// Moves the kept directory to `staging`, so this build alone holds it.
/// Only a real directory holding briefc's marker is taken.
pub(super) fn take(parent: &Path, name: &str, staging: &Path) -> bool {
    let kept = path(parent, name);
    let is_ours = std::fs::symlink_metadata(&kept).is_ok_and(|m| m.is_dir())
        && std::fs::symlink_metadata(kept.join(MARKER)).is_ok_and(|m| m.is_file());
    if !is_ours || std::fs::rename(&kept, staging).is_err() {
        return false;
    }
    // What was checked may have been swapped for a link since.
    if std::fs::symlink_metadata(staging).is_ok_and(|m| m.is_dir()) {
        return true;
    }
    let _ = std::fs::remove_file(staging);
    false
}

/// Keeps `old`, the output just replaced, for the next build; removes it
/// when another build kept one first.
pub(super) fn keep(old: &Path, parent: &Path, name: &str) {
    let kept = path(parent, name);
    let marked = crate::fsx::write_fresh(&old.join(IGNORE), IGNORE_TEXT.as_bytes());
    if marked.is_err() || std::fs::rename(old, &kept).is_err() {
        let _ = std::fs::remove_dir_all(old);
    }
}

/// What stands at one path of the kept directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Dir,
    File,
    /// A link, a FIFO or anything else an output never holds.
    Other,
}

/// Makes `dir`, a former output, hold exactly `contents`: what it holds
/// that the new output does not is removed, a file the previous output
/// shares with it (the same inode, compared unchanged) stays, and every
/// other file is linked from the previous output or written anew.
pub(super) fn update(dir: &Path, contents: &Contents, previous: &Previous) -> Result<()> {
    let standing = listing(dir)?;
    let wanted: HashMap<&Path, usize> = contents
        .files
        .iter()
        .map(|(relative, _)| relative.as_path())
        .chain(contents.copies.iter().map(|c| c.to.as_path()))
        .enumerate()
        .map(|(index, relative)| (relative, index))
        .collect();
    let mut folders: BTreeSet<&Path> = BTreeSet::new();
    for relative in wanted.keys() {
        let mut parent = relative.parent();
        while let Some(folder) = parent.filter(|p| !p.as_os_str().is_empty()) {
            if !folders.insert(folder) {
                break;
            }
            parent = folder.parent();
        }
    }
    let mut kept: HashMap<&Path, Kind> = HashMap::new();
    for (relative, kind) in &standing {
        let stays = match kind {
            Kind::Dir => folders.contains(relative.as_path()),
            Kind::File => {
                wanted.contains_key(relative.as_path()) || relative.as_path() == Path::new(MARKER)
            }
            Kind::Other => false,
        };
        if stays {
            kept.insert(relative.as_path(), *kind);
        } else {
            remove(&dir.join(relative), *kind)?;
        }
    }
    for folder in &folders {
        if kept.get(folder) != Some(&Kind::Dir) {
            let path = dir.join(folder);
            std::fs::create_dir(&path)
                .with_context(|| format!("cannot create directory {}", path.display()))?;
        }
    }
    let marker = dir.join(MARKER);
    if kept.contains_key(Path::new(MARKER)) && same_bytes(&marker, MARKER_TEXT.as_bytes()).is_none()
    {
        remove(&marker, Kind::File)?;
        kept.remove(Path::new(MARKER));
    }
    if !kept.contains_key(Path::new(MARKER)) {
        crate::fsx::write_fresh(&marker, MARKER_TEXT.as_bytes())?;
    }
    let files = contents.files.len();
    let indexed: Vec<(&Path, usize)> = wanted.iter().map(|(r, i)| (*r, *i)).collect();
    let done = crate::parallel::map(Work::Comparing, indexed, |(relative, index)| {
        let path = dir.join(relative);
        if kept.contains_key(relative) {
            let shared = previous.same[index].is_some_and(|id| OnDisk::at(&path) == Some(id));
            if shared {
                return Ok(());
            }
            remove(&path, Kind::File)?;
        }
        if previous.link(index, relative, dir) {
            return Ok(());
        }
        match contents.files.get(index) {
            Some((_, bytes)) => crate::fsx::write_fresh(&path, bytes),
            None => copy_one(dir, contents, &contents.copies[index - files]),
        }
    });
    done.into_iter().collect()
}

/// Every path under `dir`, relative to it, parents before their contents;
/// links are listed, never followed.
fn listing(dir: &Path) -> Result<BTreeMap<PathBuf, Kind>> {
    let mut found = BTreeMap::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let here = dir.join(&relative);
        let entries =
            std::fs::read_dir(&here).with_context(|| format!("cannot list {}", here.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot list {}", here.display()))?;
            let kind = match entry.file_type() {
                Ok(t) if t.is_dir() => Kind::Dir,
                Ok(t) if t.is_file() => Kind::File,
                _ => Kind::Other,
            };
            let path = relative.join(entry.file_name());
            if kind == Kind::Dir {
                pending.push(path.clone());
            }
            found.insert(path, kind);
        }
    }
    Ok(found)
}

/// Removes one path of the kept directory; gone already is fine (its
/// folder went first).
fn remove(path: &Path, kind: Kind) -> Result<()> {
    let removed = match kind {
        Kind::Dir => std::fs::remove_dir_all(path),
        Kind::File | Kind::Other => std::fs::remove_file(path),
    };
    match removed {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("cannot remove {}", path.display()))
        }
        _ => Ok(()),
    }
}
