//! A project as it was at a git revision, read from git's objects with the
//! `git` command (nothing is checked out): the tree listed once with
//! `git ls-tree`, each file's bytes asked of one `git cat-file --batch`
//! kept running while they are wanted. Symbolic links are followed inside
//! the tree under the same rules as on the disk.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

use anyhow::{Context, Result, bail};

use super::refusal::{DIRECTORY, Refusal};
use super::{Followed, Kind, Listed};

/// How many links one path may pass through, as Linux allows.
const MAX_LINKS: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    File {
        object: String,
        len: u64,
    },
    Link {
        object: String,
    },
    Dir,
    /// A submodule: a commit of another repository, which is not read.
    Submodule,
}

pub(super) struct Revision {
    /// The revision as it was named.
    pub(super) name: String,
    /// The commit it names.
    pub(super) commit: String,
    /// Every entry below the project's folder, by path from it.
    entries: BTreeMap<PathBuf, Entry>,
    /// Where `git` runs.
    repository: PathBuf,
    /// The `git cat-file --batch` that answers reads, started on the first.
    reader: Mutex<Option<Batch>>,
}

impl Revision {
    /// The project at `root` as it was at `revision` (anything
    /// `git rev-parse` takes: a commit, a tag, `HEAD~2`, `main@{1 week ago}`).
    pub(super) fn open(root: &Path, revision: &str) -> Result<Revision> {
        if revision.starts_with('-') {
            bail!("`{revision}` is not a revision\n  hint: name a commit, a tag or a branch");
        }
        let prefix = git(root, &["rev-parse", "--show-prefix"]).with_context(|| {
            format!(
                "cannot read revisions: {} is not in a git repository",
                root.display()
            )
        })?;
        let prefix = prefix.trim_end_matches('\n').to_string();
        let commit = git(
            root,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &format!("{revision}^{{commit}}"),
            ],
        )
        .ok()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
        let Some(commit) = commit else {
            bail!(
                "no revision `{revision}` in the git repository of {}\n  hint: `git log --oneline` lists the commits; a tag or branch name works too",
                root.display()
            );
        };
        let mut command = vec![
            "ls-tree",
            "-r",
            "-t",
            "-z",
            "--long",
            "--full-tree",
            &commit,
        ];
        if !prefix.is_empty() {
            command.extend(["--", &prefix]);
        }
        let listing = git(root, &command)?;
        let entries = parse_tree(&listing, &prefix);
        if !prefix.is_empty() && entries.is_empty() {
            bail!(
                "the project folder {} did not exist at revision `{revision}`",
                prefix.trim_end_matches('/')
            );
        }
        Ok(Revision {
            name: revision.to_string(),
            commit,
            entries,
            repository: root.to_path_buf(),
            reader: Mutex::new(None),
        })
    }

    pub(super) fn kind(&self, relative: &Path) -> Option<Kind> {
        if is_root(relative) {
            return Some(Kind::Dir);
        }
        Some(match self.entries.get(&clean(relative)?)? {
            Entry::File { .. } => Kind::File,
            Entry::Link { .. } => Kind::Link,
            Entry::Dir | Entry::Submodule => Kind::Dir,
        })
    }

    /// Every link on the way to `relative` followed, within the tree.
    pub(super) fn resolve(&self, relative: &Path) -> Result<PathBuf, Refusal> {
        let mut pending: Vec<OsString> = Vec::new();
        push_parts(&mut pending, relative)?;
        let mut at = PathBuf::new();
        let mut links = 0;
        // The parts are taken from the end of `pending`, so it is kept
        // reversed.
        pending.reverse();
        while let Some(part) = pending.pop() {
            if part == ".." {
                if !at.pop() {
                    return Err(Refusal::Outside {
                        target: self.repository.join(relative),
                    });
                }
                continue;
            }
            let next = at.join(&part);
            match self.entries.get(&next) {
                None => {
                    return Err(match self.link_target(relative) {
                        Some(target) if links > 0 => Refusal::Dangling { target },
                        _ => Refusal::not_found(),
                    });
                }
                Some(Entry::Link { object }) => {
                    links += 1;
                    if links > MAX_LINKS {
                        return Err(Refusal::Loop);
                    }
                    let target =
                        PathBuf::from(String::from_utf8_lossy(&self.blob(object)?).into_owned());
                    if target.is_absolute() {
                        return Err(Refusal::Outside { target });
                    }
                    let mut more = Vec::new();
                    push_parts(&mut more, &target)?;
                    pending.extend(more.into_iter().rev());
                }
                Some(_) => at = next,
            }
        }
        Ok(at)
    }

    pub(super) fn follow(&self, relative: &Path) -> Result<Followed, Refusal> {
        let real = self.resolve(relative)?;
        let (kind, len) = match self.entries.get(&real) {
            None => (Kind::Dir, 0),
            Some(Entry::File { len, .. }) => (Kind::File, *len),
            Some(Entry::Dir | Entry::Submodule) => (Kind::Dir, 0),
            Some(Entry::Link { .. }) => return Err(Refusal::Loop),
        };
        Ok(Followed { real, kind, len })
    }

    pub(super) fn read(&self, relative: &Path) -> Result<Vec<u8>, Refusal> {
        let real = self.resolve(relative)?;
        match self.entries.get(&real) {
            Some(Entry::File { object, .. }) => self.blob(object),
            _ => Err(Refusal::NotAFile { kind: DIRECTORY }),
        }
    }

    pub(super) fn list(&self, relative: &Path) -> std::io::Result<Vec<Listed>> {
        let folder = self.resolve(relative).map_err(|refusal| match refusal {
            Refusal::Io(error) => error,
            other => std::io::Error::other(other.describe()),
        })?;
        let is_folder = is_root(&folder)
            || matches!(
                self.entries.get(&folder),
                Some(Entry::Dir | Entry::Submodule)
            );
        if !is_folder {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                "not a directory",
            ));
        }
        let mut listed = Vec::new();
        for (path, entry) in self.children(&folder) {
            let name = path.file_name().unwrap_or_default();
            let shown = relative.join(name);
            let (is_dir, is_file, is_link) = match entry {
                Entry::File { .. } => (false, true, false),
                Entry::Dir | Entry::Submodule => (true, false, false),
                Entry::Link { .. } => match self.follow(&shown) {
                    Ok(followed) => (
                        followed.kind == Kind::Dir,
                        followed.kind == Kind::File,
                        true,
                    ),
                    Err(_) => (false, false, true),
                },
            };
            listed.push(Listed {
                path: shown,
                is_dir,
                is_file,
                is_link,
            });
        }
        Ok(listed)
    }

    /// The entries right below `folder`, in name order.
    fn children<'a>(&'a self, folder: &'a Path) -> impl Iterator<Item = (&'a PathBuf, &'a Entry)> {
        self.entries
            .range::<Path, _>((
                std::ops::Bound::Excluded(folder),
                std::ops::Bound::Unbounded,
            ))
            .take_while(move |(path, _)| is_root(folder) || path.starts_with(folder))
            .filter(move |(path, _)| path.parent() == Some(folder))
    }

    /// What the link at `relative` says, when it names one.
    fn link_target(&self, relative: &Path) -> Option<PathBuf> {
        match self.entries.get(&clean(relative)?)? {
            Entry::Link { object } => {
                let bytes = self.blob(object).ok()?;
                Some(PathBuf::from(String::from_utf8_lossy(&bytes).into_owned()))
            }
            _ => None,
        }
    }

    /// The bytes of one object, asked of the running `git cat-file`.
    fn blob(&self, object: &str) -> Result<Vec<u8>, Refusal> {
        let mut reader = self
            .reader
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if reader.is_none() {
            *reader = Some(Batch::start(&self.repository).map_err(Refusal::Io)?);
        }
        let batch = reader.as_mut().expect("started above");
        let read = batch.get(object);
        if read.is_err() {
            // A broken pipe is not used again; the next read starts anew.
            *reader = None;
        }
        read.map_err(Refusal::Io)
    }
}

/// Whether `path` names the project's folder itself.
fn is_root(path: &Path) -> bool {
    path.components().all(|c| c == Component::CurDir)
}

/// `relative` as the tree's keys are written: plain names only.
fn clean(relative: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in relative.components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

/// Appends the parts of a relative path to `parts`, `..` kept as a part;
/// an absolute path is refused.
fn push_parts(parts: &mut Vec<OsString>, path: &Path) -> Result<(), Refusal> {
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_os_string()),
            Component::ParentDir => parts.push(OsString::from("..")),
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => {
                return Err(Refusal::Outside {
                    target: path.to_path_buf(),
                });
            }
        }
    }
    Ok(())
}

/// The entries of `git ls-tree -r -t -z --long` below `prefix`, by path
/// from it. Each record is `MODE TYPE OBJECT SIZE\tPATH`, ended by NUL.
fn parse_tree(listing: &str, prefix: &str) -> BTreeMap<PathBuf, Entry> {
    let mut entries = BTreeMap::new();
    for record in listing.split('\0').filter(|r| !r.is_empty()) {
        let Some((head, path)) = record.split_once('\t') else {
            continue;
        };
        let Some(path) = path.strip_prefix(prefix) else {
            continue;
        };
        if path.is_empty() {
            continue;
        }
        let fields: Vec<&str> = head.split_whitespace().collect();
        let [mode, kind, object, size] = fields[..] else {
            continue;
        };
        let entry = match (mode, kind) {
            ("120000", _) => Entry::Link {
                object: object.to_string(),
            },
            (_, "tree") => Entry::Dir,
            (_, "commit") => Entry::Submodule,
            (_, "blob") => Entry::File {
                object: object.to_string(),
                len: size.parse().unwrap_or(0),
            },
            _ => continue,
        };
        entries.insert(PathBuf::from(path), entry);
    }
    entries
}

/// Runs `git ARGS` in `dir`; its standard output, or why it failed.
fn git(dir: &Path, args: &[&str]) -> Result<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .context("cannot run git: is it installed?")?;
    if !output.status.success() {
        bail!(
            "git {} failed: {}",
            args.first().copied().unwrap_or_default(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    String::from_utf8(output.stdout).context("git printed a path that is not UTF-8")
}

/// A running `git cat-file --batch`: an object name in, its bytes out.
struct Batch {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Batch {
    fn start(repository: &Path) -> std::io::Result<Batch> {
        let mut child = Command::new("git")
            .args(["cat-file", "--batch"])
            .current_dir(repository)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let input = child
            .stdin
            .take()
            .ok_or_else(|| std::io::Error::other("no pipe to git"))?;
        let output = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("no pipe from git"))?;
        Ok(Batch {
            child,
            input,
            output: BufReader::new(output),
        })
    }

    fn get(&mut self, object: &str) -> std::io::Result<Vec<u8>> {
        writeln!(self.input, "{object}")?;
        self.input.flush()?;
        let mut header = String::new();
        self.output.read_line(&mut header)?;
        // `OBJECT TYPE SIZE`, or `OBJECT missing`.
        let size: usize = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("git has no object {object}")))?;
        let mut bytes = vec![0; size];
        self.output.read_exact(&mut bytes)?;
        let mut newline = [0; 1];
        self.output.read_exact(&mut newline)?;
        Ok(bytes)
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        // Its input closed, git ends by itself; it is waited for so that
        // no process is left behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
