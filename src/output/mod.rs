//! Write: the whole output directory is built beside its final place and
//! renamed into it, so a failed or interrupted build never leaves half of
//! one build and half of another. The directory it replaces is kept,
//! hidden, and becomes the next build's staging directory (`spare.rs`).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::files::ProjectFiles;
use crate::fsx;
use crate::parallel::Work;

mod previous;
mod spare;

use previous::Previous;

/// Marks a directory as briefc's output, so a build only ever replaces a
/// directory it made itself.
pub const MARKER: &str = ".briefc-output";
const MARKER_TEXT: &str =
    "This directory is written by `briefc build` and replaced on every build.\n";

/// Refuses output paths that would replace the project's own sources.
pub fn check_output_path(project: &ProjectFiles, out: &Path) -> Result<()> {
    let out_abs = absolute(out)?;
    let instead = project.shown(Path::new("dist"));
    if project.lies_within(&out_abs) {
        bail!(
            "output directory {} contains the project itself\n  hint: choose another --out, such as {}",
            out.display(),
            instead.display()
        );
    }
    let inside = project.below_root(&out_abs);
    for source in ["briefings", "footnotes", "templates"] {
        if inside.as_ref().is_some_and(|p| p.starts_with(source)) {
            bail!(
                "output directory {} is inside the project's {source}/ directory\n  hint: choose another --out, such as {}",
                out.display(),
                instead.display()
            );
        }
    }
    Ok(())
}

/// `path` made absolute, with any existing part resolved through links.
fn absolute(path: &Path) -> Result<PathBuf> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .context("cannot read the current directory")?
            .join(path)
    };
    if let Ok(real) = joined.canonicalize() {
        return Ok(real);
    }
    match (joined.parent(), joined.file_name()) {
        (Some(parent), Some(name)) => Ok(absolute(parent)?.join(name)),
        _ => Ok(joined),
    }
}

/// A file of the project published as it is (an image, an attachment):
/// copied from the disk when the output is written, never held in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopiedFile {
    /// Where it goes, relative to the output directory.
    pub to: PathBuf,
    /// The file in the project, relative to its root.
    pub from: PathBuf,
}

/// What one output directory holds: the files made in memory, and the
/// project's files copied into it, read through the project's door.
pub struct Contents<'a> {
    pub files: &'a [(PathBuf, Vec<u8>)],
    pub copies: &'a [CopiedFile],
    pub project: &'a ProjectFiles,
}

/// Replaces `out` with a directory holding exactly `contents`.
pub fn replace_dir(out: &Path, contents: &Contents) -> Result<()> {
    // An output directory that is a link (to a deploy target, say) stays a
    // link: the directory it points to is the one replaced.
    let followed = follow_link(out)?;
    let out = followed.as_deref().unwrap_or(out);
    if out.exists() {
        if !out.is_dir() {
            bail!(
                "output path {} is a file, not a directory\n  hint: remove it or choose another --out",
                out.display()
            );
        }
        let empty = std::fs::read_dir(out)
            .with_context(|| format!("cannot list {}", out.display()))?
            .next()
            .is_none();
        if !empty && !out.join(MARKER).is_file() {
            bail!(
                "{} exists and was not written by briefc; refusing to replace it\n  hint: remove it, or choose another --out",
                out.display()
            );
        }
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fsx::create_dir_all(&parent)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dist".to_string());
    remove_abandoned(&parent, &name);
    // What the previous build already wrote, byte for byte, is not
    // written again: when nothing changed nothing is touched, and
    // otherwise each unchanged file is linked from the previous output
    // into the new one.
    let previous = Previous::read(out, contents);
    crate::timings::stage("write: compared with the previous output");
    if previous.all_same {
        return Ok(());
    }
    let unique = format!("{}-{}", std::process::id(), nanos());
    let staging = parent.join(format!(".{name}.new-{unique}"));
    // The output the last build replaced, kept beside this one, becomes
    // the staging directory where there is one: it already holds most of
    // the files, so only what changed since is written. It is kept only
    // inside the project: beside an output elsewhere (a web server's
    // folder) an old edition could be published.
    let keeps = previous.dir.is_some() && contents.project.below_root(&parent).is_some();
    let reused = keeps && spare::take(&parent, &name, &staging);
    let fresh = |previous: &Previous| {
        write_all(&staging, contents.files, previous)
            .and_then(|()| copy_all(&staging, contents, previous))
    };
    let staged = if reused {
        spare::update(&staging, contents, &previous).or_else(|_| {
            // Whatever stopped the update, a new directory may not meet;
            // what cannot be removed now is moved aside, for a later build
            // to remove, so that it never stands in this one's way.
            let _ = std::fs::remove_dir_all(&staging);
            if fsx::is_present(&staging) {
                let aside = parent.join(format!(".{name}.old-{unique}-kept"));
                let _ = std::fs::rename(&staging, aside);
            }
            fresh(&previous)
        })
    } else {
        fresh(&previous)
    };
    let result = staged
        .and_then(|()| {
            if previous.still_in_place(out) {
                return Ok(());
            }
            // Another build replaced the output while this one linked
            // files from it, so a link may hold that build's file instead
            // of the one compared: everything is written afresh.
            let _ = std::fs::remove_dir_all(&staging);
            fresh(&Previous::none(contents))
        })
        .and_then(|()| swap_in(&staging, out, &parent, &name, &unique, keeps));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Where `out` leads when it is a symbolic link, followed to its end;
/// `None` when it is not a link.
fn follow_link(out: &Path) -> Result<Option<PathBuf>> {
    let is_link = std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(None);
    }
    match out.canonicalize() {
        Ok(real) => Ok(Some(real)),
        Err(error) if crate::files::is_loop(&error) => bail!(
            "output path {} is a symbolic link loop: following it never ends\n  hint: remove the link, or point it at a directory",
            out.display()
        ),
        Err(_) => {
            // A link to a directory not made yet: make it where it points.
            let target = std::fs::read_link(out)
                .with_context(|| format!("cannot read the link {}", out.display()))?;
            let target = match out.parent() {
                Some(parent) if target.is_relative() => parent.join(target),
                _ => target,
            };
            Ok(Some(target))
        }
    }
}

/// Removes what an interrupted build left beside the output: its staging
/// directory or the previous output it had moved aside. Only what is
/// briefc's own is touched: a directory (not a link) named as briefc
/// names them (`.dist.new-<pid>-<time>`, `.dist.old-<pid>-<time>-<n>`),
/// holding briefc's marker file, or empty; and not while the build that
/// made it (its process) is still running. A folder someone else gave
/// such a name is left as it is.
fn remove_abandoned(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name
            .strip_prefix(&format!(".{name}.new-"))
            .or_else(|| file_name.strip_prefix(&format!(".{name}.old-")))
        else {
            continue;
        };
        let Some(pid) = named_by_briefc(rest) else {
            continue;
        };
        let path = entry.path();
        let is_dir = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if !is_dir || process_is_alive(pid) {
            continue;
        }
        if is_marked(&path) {
            let _ = std::fs::remove_dir_all(&path);
        } else {
            // Removed only when empty: a build stopped before its marker.
            let _ = std::fs::remove_dir(&path);
        }
    }
}

/// The process id in what follows `.dist.new-` or `.dist.old-`, when the
/// rest is as briefc writes it: numbers joined by `-`, perhaps ending
/// in `-kept`.
fn named_by_briefc(rest: &str) -> Option<&str> {
    let rest = rest.strip_suffix("-kept").unwrap_or(rest);
    let parts: Vec<&str> = rest.split('-').collect();
    let numbers = (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    numbers.then(|| parts[0])
}

/// Whether `dir` holds briefc's marker file, as briefc writes it.
fn is_marked(dir: &Path) -> bool {
    let marker = dir.join(MARKER);
    std::fs::symlink_metadata(&marker).is_ok_and(|m| m.is_file())
        && std::fs::read(&marker).is_ok_and(|text| text == MARKER_TEXT.as_bytes())
}

#[cfg(target_os = "linux")]
fn process_is_alive(pid: &str) -> bool {
    Path::new("/proc").join(pid).exists()
}

/// Without a cheap way to ask, assume the other build is still running.
#[cfg(not(target_os = "linux"))]
fn process_is_alive(_pid: &str) -> bool {
    true
}

fn write_all(dir: &Path, files: &[(PathBuf, Vec<u8>)], previous: &Previous) -> Result<()> {
    fsx::create_dir_all(dir)?;
    fsx::write_fresh(&dir.join(MARKER), MARKER_TEXT.as_bytes())?;
    let mut made: std::collections::HashSet<&Path> = std::collections::HashSet::new();
    for (relative, _) in files {
        if let Some(parent) = dir.join(relative).parent()
            && made.insert(relative.parent().unwrap_or(Path::new("")))
        {
            fsx::create_dir_all(parent)?;
        }
    }
    // Files are written on every core: a briefing's page and text are
    // megabytes each, and an archive has thousands of small ones.
    let indexed: Vec<(usize, &(PathBuf, Vec<u8>))> = files.iter().enumerate().collect();
    let written = crate::parallel::map(Work::Writing, indexed, |(index, (relative, bytes))| {
        if previous.link(index, relative, dir) {
            Ok(())
        } else {
            fsx::write_fresh(&dir.join(relative), bytes)
        }
    });
    written.into_iter().collect()
}

/// Copies the project's files in, through the project's file gate: a file
/// that became a link out or a FIFO since it was checked is refused.
/// The operating system copies the bytes (`copy_file_range` on Linux), so
/// a file of any size passes through without being held in memory.
fn copy_all(dir: &Path, contents: &Contents, previous: &Previous) -> Result<()> {
    for (index, copy) in contents.copies.iter().enumerate() {
        if let Some(parent) = dir.join(&copy.to).parent() {
            fsx::create_dir_all(parent)?;
        }
        if !previous.link(contents.files.len() + index, &copy.to, dir) {
            copy_one(dir, contents, copy)?;
        }
    }
    Ok(())
}

/// Copies one project file to its place under `dir`, whose folder exists.
fn copy_one(dir: &Path, contents: &Contents, copy: &CopiedFile) -> Result<()> {
    let target = dir.join(&copy.to);
    let source = contents.project.shown(&copy.from);
    let reader = contents
        .project
        .open(&copy.from)
        .map_err(|refusal| anyhow::anyhow!("{} {}", source.display(), refusal.describe()))?;
    let mut writer = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .with_context(|| format!("cannot write {}", target.display()))?;
    reader
        .copy_to(&mut writer)
        .with_context(|| format!("cannot copy {} to {}", source.display(), target.display()))?;
    Ok(())
}

/// Moves the old output aside and the new one in, then keeps the old one
/// for the next build (`keep`) or deletes it. If another build puts its
/// output in place between the two renames, that one is moved aside too,
/// so the directory always holds one whole build.
fn swap_in(
    staging: &Path,
    out: &Path,
    parent: &Path,
    name: &str,
    unique: &str,
    keep: bool,
) -> Result<()> {
    let mut retired = Vec::new();
    for attempt in 0..10 {
        if out.exists() {
            let old = parent.join(format!(".{name}.old-{unique}-{attempt}"));
            match std::fs::rename(out, &old) {
                Ok(()) => retired.push(old),
                // Another build moved it aside first (and may already have
                // put its own in place): try again.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot replace {}", out.display()));
                }
            }
        }
        match std::fs::rename(staging, out) {
            Ok(()) => {
                crate::timings::stage("write: staged and swapped in");
                let mut retired = retired.into_iter();
                if keep && let Some(first) = retired.next() {
                    spare::keep(&first, parent, name);
                }
                for old in retired {
                    let _ = std::fs::remove_dir_all(old);
                }
                crate::timings::stage("write: previous output kept");
                return Ok(());
            }
            Err(_) if out.exists() => continue,
            Err(e) => {
                // Put the previous output back rather than leave none.
                if let Some(last) = retired.pop() {
                    let _ = std::fs::rename(&last, out);
                }
                return Err(e).with_context(|| format!("cannot write {}", out.display()));
            }
        }
    }
    bail!(
        "cannot replace {}: another build keeps replacing it",
        out.display()
    )
}

fn nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}
