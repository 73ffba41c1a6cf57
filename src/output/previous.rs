//! What the previous output already holds: each new file is compared with
//! the old one byte for byte, and an unchanged one is remembered by its
//! device and inode, so that it can be linked into the new output and
//! recognised again in a kept directory that shares it.

use std::path::{Path, PathBuf};

use super::{Contents, MARKER};
use crate::files::ProjectFiles;
use crate::parallel::Work;

/// Which file on the disk a path leads to: its device and inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct OnDisk {
    dev: u64,
    ino: u64,
}

impl OnDisk {
    /// The file `meta` describes, where the system tells files apart.
    pub(super) fn of(meta: &std::fs::Metadata) -> Option<OnDisk> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(OnDisk {
                dev: meta.dev(),
                ino: meta.ino(),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            None
        }
    }

    /// The file or directory at `path`, links not followed.
    pub(super) fn at(path: &Path) -> Option<OnDisk> {
        std::fs::symlink_metadata(path)
            .ok()
            .and_then(|m| OnDisk::of(&m))
    }
}

/// Which files of the previous output are the same as the new ones.
pub(super) struct Previous {
    /// The previous output directory, when there is one.
    pub(super) dir: Option<PathBuf>,
    /// Which directory that was when its files were compared.
    identity: Option<OnDisk>,
    /// For each file and then each copy of the new output: the previous
    /// output's file, when it holds exactly the same bytes.
    pub(super) same: Vec<Option<OnDisk>>,
    /// Every file unchanged, and no other file in the previous output.
    pub(super) all_same: bool,
}

/// Copies larger than this are always copied again rather than compared.
const COMPARE_COPIES_UP_TO: u64 = 64 * 1024 * 1024;

impl Previous {
    /// Nothing to link: every file is written.
    pub(super) fn none(contents: &Contents) -> Previous {
        Previous {
            dir: None,
            identity: None,
            same: vec![None; contents.files.len() + contents.copies.len()],
            all_same: false,
        }
    }

    pub(super) fn read(out: &Path, contents: &Contents) -> Previous {
        let count = contents.files.len() + contents.copies.len();
        // Files are linked from the previous output only where the
        // directory can be told apart from one put in its place.
        let identity = OnDisk::at(out);
        if !out.join(MARKER).is_file() || identity.is_none() {
            return Previous::none(contents);
        }
        let files = contents
            .files
            .iter()
            .map(|(relative, bytes)| (relative.as_path(), Some(bytes.as_slice()), PathBuf::new()));
        let copies = contents
            .copies
            .iter()
            .map(|c| (c.to.as_path(), None, c.from.clone()));
        let all: Vec<_> = files.chain(copies).collect();
        let same = crate::parallel::map(Work::Comparing, all, |(relative, bytes, source)| {
            let old = out.join(relative);
            match bytes {
                Some(bytes) => same_bytes(&old, bytes),
                None => same_file(&old, &source, contents.project),
            }
        });
        let all_same = same.iter().all(Option::is_some) && file_count(out) == count + 1;
        Previous {
            dir: Some(out.to_path_buf()),
            identity,
            same,
            all_same,
        }
    }

    /// Whether `out` is still the directory whose files were compared: a
    /// directory another build moved aside never comes back, so then
    /// every link came from the files compared.
    pub(super) fn still_in_place(&self, out: &Path) -> bool {
        self.dir.is_none() || OnDisk::at(out) == self.identity
    }

    /// Links the unchanged file `relative` of the previous output into
    /// `dir`; false when it is not unchanged or cannot be linked.
    pub(super) fn link(&self, index: usize, relative: &Path, dir: &Path) -> bool {
        let Some(previous) = &self.dir else {
            return false;
        };
        self.same[index].is_some()
            && std::fs::hard_link(previous.join(relative), dir.join(relative)).is_ok()
    }
}

/// The file at `path` (a regular file, not a link), when it holds `bytes`.
/// It is read in pieces into one small buffer per thread: reading each
/// old file whole would take as much fresh memory as the output.
pub(super) fn same_bytes(path: &Path, bytes: &[u8]) -> Option<OnDisk> {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(vec![0; 64 * 1024]);
    }
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() != bytes.len() as u64 {
        return None;
    }
    let mut old = std::fs::File::open(path).ok()?;
    let same = BUFFER.with_borrow_mut(|buffer| {
        let mut rest = bytes;
        loop {
            let Ok(n) = read_full(&mut old, buffer) else {
                return false;
            };
            if n == 0 {
                return rest.is_empty();
            }
            if n > rest.len() || buffer[..n] != rest[..n] {
                return false;
            }
            rest = &rest[n..];
        }
    });
    if same { OnDisk::of(&meta) } else { None }
}

/// The previous output's copy at `old`, when it is the project file
/// `source`, byte for byte.
fn same_file(old: &Path, source: &Path, project: &ProjectFiles) -> Option<OnDisk> {
    let old_meta = std::fs::symlink_metadata(old).ok()?;
    let mut new = project.open(source).ok()?;
    if !old_meta.is_file() || old_meta.len() != new.len || new.len > COMPARE_COPIES_UP_TO {
        return None;
    }
    let mut old = std::fs::File::open(old).ok()?;
    let (mut a, mut b) = (vec![0; 64 * 1024], vec![0; 64 * 1024]);
    loop {
        let (Ok(n), Ok(m)) = (read_full(&mut old, &mut a), read_full(&mut new, &mut b)) else {
            return None;
        };
        if n != m || a[..n] != b[..m] {
            return None;
        }
        if n == 0 {
            return OnDisk::of(&old_meta);
        }
    }
}

/// Reads until `buffer` is full or the file ends.
fn read_full(file: &mut impl std::io::Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// How many files (not directories) lie under `dir`.
fn file_count(dir: &Path) -> usize {
    let mut count = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => pending.push(entry.path()),
                Ok(_) => count += 1,
                Err(_) => {}
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::same_bytes;

    #[test]
    fn files_are_compared_to_their_last_byte_in_pieces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.html");
        // Larger than the buffer, so the comparison spans several pieces.
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        assert!(same_bytes(&path, &bytes).is_some());
        let mut late = bytes.clone();
        *late.last_mut().unwrap() ^= 1;
        assert!(
            same_bytes(&path, &late).is_none(),
            "a change in the last piece"
        );
        let mut early = bytes.clone();
        early[10] ^= 1;
        assert!(same_bytes(&path, &early).is_none());
        assert!(
            same_bytes(&path, &bytes[..199_999]).is_none(),
            "a shorter file"
        );
        assert!(same_bytes(&dir.path().join("absent"), &bytes).is_none());
        assert!(same_bytes(dir.path(), b"").is_none(), "a directory");
        std::fs::write(&path, b"").unwrap();
        assert!(same_bytes(&path, b"").is_some());
    }
}
