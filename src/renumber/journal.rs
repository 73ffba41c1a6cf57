//! Renumbering as one transaction over many files. A briefing's labels live
//! in several files, and a set of files half old and half new builds
//! without an error while attaching notes to the wrong claims, so either
//! every file changes or none does, even when the process is killed.
//!
//! The steps, each made durable (synced) before the next:
//!
//! 1. every file is checked: a regular file inside the project, writable,
//!    and unchanged since it was read; nothing is written if one is not;
//! 2. the journal `.briefc/renumber.journal` is written in the state
//!    `prepared`, naming each target and its two companions beside it:
//!    `.NAME.briefc-new` (the new text) and `.NAME.briefc-old` (a copy of
//!    the old one);
//! 3. the companions are written;
//! 4. the journal is replaced by one in the state `committed`: from here
//!    on the change is decided;
//! 5. each new file is moved over its target;
//! 6. the old copies and the journal are removed.
//!
//! A command that finds a journal finishes it first ([`recover`]):
//! `prepared` is rolled back (the companions removed), `committed` is
//! completed (every new file that is still there is moved into place), and
//! `rolling-back` (a move failed part-way) restores every old copy. Each
//! of these can itself be interrupted and run again.
//!
//! A target reached through a link is changed where it really is, so the
//! link stays a link; a file with more than one hard link is written in
//! place (copied from its new companion) so that every link sees the new
//! text.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use super::FileChange;
use crate::files::{ProjectFiles, kind_name};

/// The project directory that holds briefc's own working files.
pub const STATE_DIR: &str = ".briefc";
/// The journal, inside [`STATE_DIR`].
pub const JOURNAL: &str = "renumber.journal";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum State {
    Prepared,
    Committed,
    RollingBack,
}

#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    version: u32,
    state: State,
    entries: Vec<Entry>,
}

/// One file of the transaction; paths are relative to the project's real
/// root, so a journal never names anything outside it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    target: PathBuf,
    /// Written in place rather than replaced: the file has other hard
    /// links that must keep seeing it.
    in_place: bool,
}

impl Entry {
    fn companion(&self, suffix: &str) -> PathBuf {
        let name = self
            .target
            .file_name()
            .unwrap_or_default()
            .to_string_lossy();
        self.target
            .with_file_name(format!(".{name}.briefc-{suffix}"))
    }
    fn new_copy(&self) -> PathBuf {
        self.companion("new")
    }
    fn old_copy(&self) -> PathBuf {
        self.companion("old")
    }
}

/// A file that cannot be renumbered (read-only, not a regular file,
/// changed meanwhile): a problem of the sources, found before anything
/// was written.
#[derive(Debug)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// What [`recover`] did with an unfinished journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// The interrupted renumbering was completed: these many files now
    /// hold their new labels.
    Completed(usize),
    /// It was undone: every file holds its old text.
    RolledBack(usize),
}

impl Recovery {
    /// The one line a command prints before doing its own work.
    pub fn message(self) -> String {
        let files = |n: usize| format!("{n} file{}", if n == 1 { "" } else { "s" });
        match self {
            Recovery::Completed(n) => format!(
                "an interrupted change of the sources (`briefc renumber` or `review --apply`) was completed: {} now hold the new text",
                files(n)
            ),
            Recovery::RolledBack(n) => format!(
                "an interrupted change of the sources (`briefc renumber` or `review --apply`) was rolled back: {} keep their old text",
                files(n)
            ),
        }
    }
}

/// Writes every change, all or nothing (see the module's description).
pub fn apply(files: &ProjectFiles, changes: &[FileChange]) -> Result<()> {
    apply_for("renumber", files, changes)
}

/// [`apply`] for `command` (`renumber`, `review --apply`), which the
/// messages name.
pub fn apply_for(command: &str, files: &ProjectFiles, changes: &[FileChange]) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let mut entries = Vec::new();
    let mut contents = Vec::new();
    let mut refused = Vec::new();
    for change in changes {
        match check_target(files, change, command) {
            Ok((entry, old_bytes)) => {
                contents.push((new_bytes(change, &old_bytes), old_bytes));
                entries.push(entry);
            }
            Err(problem) => refused.push(problem),
        }
    }
    if !refused.is_empty() {
        return Err(Refused(format!(
            "{command} refused; nothing was written:\n  {}",
            refused.join("\n  ")
        ))
        .into());
    }
    let dir = state_dir(files)?;
    let journal_path = dir.join(JOURNAL);
    if files.is_present(&journal_path) {
        bail!(
            "{} is still there; nothing was written\n  hint: run `briefc check` to finish the change of the sources it records",
            files.shown(&journal_path).display()
        );
    }
    let mut journal = Journal {
        version: 1,
        state: State::Prepared,
        entries,
    };
    write_journal(files, &journal)?;
    let prepared = (|| -> Result<()> {
        for (entry, (new, old)) in journal.entries.iter().zip(&contents) {
            let permissions = files
                .metadata(&entry.target)
                .with_context(|| format!("cannot read {}", files.shown(&entry.target).display()))?
                .permissions();
            files.replace_with(&entry.new_copy(), new, Some(permissions))?;
            files.replace_with(&entry.old_copy(), old, None)?;
        }
        Ok(())
    })();
    if let Err(error) = prepared {
        let _ = discard(files, &journal.entries);
        let _ = remove_journal(files);
        return Err(error.context(format!(
            "{command} failed before changing any file; nothing was changed"
        )));
    }
    journal.state = State::Committed;
    write_journal(files, &journal)?;
    for (index, entry) in journal.entries.iter().enumerate() {
        if let Err(error) = install_new(files, entry, index) {
            journal.state = State::RollingBack;
            write_journal(files, &journal)?;
            roll_back(files, &journal.entries)?;
            remove_journal(files)?;
            return Err(error.context(format!(
                "{command} could not replace {}; the files changed before it were restored, so nothing was changed",
                entry.target.display()
            )));
        }
    }
    finish(files, &journal.entries)?;
    remove_journal(files)
}

/// Finishes a renumbering that was interrupted, if the project holds one.
pub fn recover(files: &ProjectFiles) -> Result<Option<Recovery>> {
    let dir = Path::new(STATE_DIR);
    let path = dir.join(JOURNAL);
    // A journal being written when the process died never took effect.
    let _ = files.remove_file(&dir.join(format!("{JOURNAL}.tmp")));
    if !files.is_present(&path) {
        // A renumbering killed before its journal was written leaves at
        // most the empty directory.
        let _ = files.remove_empty_dir(dir);
        return Ok(None);
    }
    let unreadable = |why: String| {
        anyhow::anyhow!(
            "{} cannot be used: {why}\n  hint: it records an interrupted `briefc renumber` or `review --apply`; compare the files with version control, then delete it",
            files.shown(&path).display()
        )
    };
    let text = match files.read_text(&path) {
        Ok(source) => source.text,
        Err(refusal) => return Err(unreadable(refusal.describe())),
    };
    let journal: Journal =
        serde_json::from_str(&text).map_err(|error| unreadable(error.to_string()))?;
    if journal.version != 1 {
        return Err(unreadable(format!("unknown version {}", journal.version)));
    }
    for entry in &journal.entries {
        if !is_plain_relative(&entry.target) {
            return Err(unreadable(format!(
                "it names {}, which is not a file of the project",
                entry.target.display()
            )));
        }
    }
    let count = journal.entries.len();
    let outcome = match journal.state {
        State::Prepared => {
            discard(files, &journal.entries)?;
            Recovery::RolledBack(count)
        }
        State::RollingBack => {
            roll_back(files, &journal.entries)?;
            Recovery::RolledBack(count)
        }
        State::Committed => {
            for entry in &journal.entries {
                if files.is_present(&entry.new_copy()) {
                    install(files, entry, &entry.new_copy())?;
                }
            }
            finish(files, &journal.entries)?;
            Recovery::Completed(count)
        }
    };
    remove_journal(files)?;
    Ok(Some(outcome))
}

/// A relative path without `..`, as the journal must hold.
fn is_plain_relative(path: &Path) -> bool {
    !path.as_os_str().is_empty()
        && path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// Checks one file before anything is written, and reads its bytes.
fn check_target(
    files: &ProjectFiles,
    change: &FileChange,
    command: &str,
) -> Result<(Entry, Vec<u8>), String> {
    let shown = change.path.display();
    let target = files
        .resolve(&change.path)
        .map_err(|refusal| format!("{shown} {refusal}"))?;
    let metadata = files
        .metadata(&target)
        .map_err(|e| format!("{shown}: {e}"))?;
    if !metadata.is_file() {
        return Err(format!(
            "{shown} is {}, not a regular file",
            kind_name(metadata.file_type())
        ));
    }
    if metadata.permissions().readonly() {
        return Err(format!(
            "{shown} is read-only; make it writable (chmod u+w) first"
        ));
    }
    let links = hard_links(&metadata);
    let dir = target.parent().unwrap_or(Path::new(""));
    if !files.can_write(dir) {
        return Err(format!(
            "{shown}: its directory {} is not writable",
            files.shown(dir).display()
        ));
    }
    if links > 1 && !files.can_write(&target) {
        return Err(format!("{shown} is not writable"));
    }
    let current = files
        .read_bytes(&target)
        .map_err(|refusal| format!("{shown} {refusal}"))?;
    let body = current.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&current);
    if body != change.old.as_bytes() {
        return Err(format!(
            "{shown} changed while briefc was reading it; run briefc {command} again"
        ));
    }
    Ok((
        Entry {
            target,
            in_place: links > 1,
        },
        current,
    ))
}

/// The file's new bytes, keeping a byte-order mark it had.
fn new_bytes(change: &FileChange, old: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(change.new.len() + 3);
    if old.starts_with(b"\xEF\xBB\xBF") {
        bytes.extend_from_slice(b"\xEF\xBB\xBF");
    }
    bytes.extend_from_slice(change.new.as_bytes());
    bytes
}

#[cfg(unix)]
fn hard_links(metadata: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    metadata.nlink()
}

#[cfg(not(unix))]
fn hard_links(_: &std::fs::Metadata) -> u64 {
    1
}

/// `.briefc/`, created if need be, and never a link.
fn state_dir(files: &ProjectFiles) -> Result<PathBuf> {
    let dir = Path::new(STATE_DIR);
    if let Some(link) = files.link_on_the_way(dir) {
        bail!(
            "{link}; refusing to write through it; nothing was written\n  hint: replace it with a real directory"
        );
    }
    files.create_dir_all(dir)?;
    Ok(dir.to_path_buf())
}

/// Replaces the journal in one rename, so it is always whole.
fn write_journal(files: &ProjectFiles, journal: &Journal) -> Result<()> {
    let dir = Path::new(STATE_DIR);
    let text = serde_json::to_string_pretty(journal).context("cannot write the journal")?;
    let temporary = dir.join(format!("{JOURNAL}.tmp"));
    files.replace_with(&temporary, text.as_bytes(), None)?;
    files.rename(&temporary, &dir.join(JOURNAL))?;
    files.sync_dir(dir)
}

fn remove_journal(files: &ProjectFiles) -> Result<()> {
    let dir = Path::new(STATE_DIR);
    files.remove_file(&dir.join(JOURNAL))?;
    files.sync_dir(dir)?;
    // Left in place when it holds anything else.
    let _ = files.remove_empty_dir(dir);
    Ok(())
}

/// Moves the new text of the `index`th file into place.
fn install_new(files: &ProjectFiles, entry: &Entry, index: usize) -> Result<()> {
    // Tests make one move fail to check that the others are undone.
    #[cfg(debug_assertions)]
    if std::env::var("BRIEFC_TEST_FAIL_RENAME_AT").ok() == Some(index.to_string()) {
        bail!("a failure made on purpose by BRIEFC_TEST_FAIL_RENAME_AT");
    }
    #[cfg(not(debug_assertions))]
    let _ = index;
    install(files, entry, &entry.new_copy())
}

/// Puts the text of the companion `from` into the target: by renaming it
/// over the target, or for a hard-linked file by copying it in place and
/// then removing it. Either can be repeated after an interruption.
fn install(files: &ProjectFiles, entry: &Entry, from: &Path) -> Result<()> {
    if entry.in_place {
        let bytes = files
            .read_bytes(from)
            .map_err(|refusal| anyhow::anyhow!("cannot read {}: {refusal}", from.display()))?;
        files.overwrite(&entry.target, &bytes)?;
        files.remove_file(from)?;
    } else {
        files.rename(from, &entry.target)?;
    }
    if let Some(dir) = entry.target.parent() {
        files.sync_dir(dir)?;
    }
    Ok(())
}

/// Removes the companions of a transaction that never committed: no
/// target was touched, and a companion may be half-written.
fn discard(files: &ProjectFiles, entries: &[Entry]) -> Result<()> {
    for entry in entries {
        files.remove_file(&entry.new_copy())?;
        files.remove_file(&entry.old_copy())?;
    }
    Ok(())
}

/// Gives every target its old text again and removes the companions.
fn roll_back(files: &ProjectFiles, entries: &[Entry]) -> Result<()> {
    for entry in entries {
        let old = entry.old_copy();
        if files.is_present(&old) {
            install(files, entry, &old)?;
        }
        files.remove_file(&entry.new_copy())?;
    }
    Ok(())
}

/// Removes the old copies once every new file is in place.
fn finish(files: &ProjectFiles, entries: &[Entry]) -> Result<()> {
    for entry in entries {
        files.remove_file(&entry.old_copy())?;
    }
    Ok(())
}
