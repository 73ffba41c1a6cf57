//! Reading a large project's briefings ahead, on every core: their files'
//! texts and the listings of their folders, for loading to take in order.
//!
//! Loading a briefing asks the file system about its folder several times
//! (is `briefing.toml` there, is a section a plain file or a link, which
//! Markdown files are not listed, is there a `footnotes/<id>/`). Asked one
//! briefing after another on one core, that was a system call each, seven
//! per briefing; the listings made while reading ahead answer them all.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use crate::files::{Listed, ProjectFiles, Refusal, SourceText};
use crate::parallel::{self, Work};

/// What was read ahead, by path from the root: taken from here as loading
/// asks for it; empty when nothing was read ahead.
#[derive(Default)]
pub(crate) struct ReadAhead {
    files: HashMap<PathBuf, Result<SourceText, Refusal>>,
    /// A folder's entries, or `None` when it was not there; a folder that
    /// could not be listed for another reason is left out, so loading
    /// lists it again and reports why.
    listings: HashMap<PathBuf, Option<Vec<Listed>>>,
}

/// What the listings read ahead say of a path.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Known {
    /// Nothing was listed that answers.
    Unknown,
    Absent,
    /// There; `link` when it is a symbolic link.
    Present {
        link: bool,
    },
}

impl ReadAhead {
    /// Reads the Markdown and metadata of each briefing in `ids` (its
    /// folder's `briefing.toml` and `*.md`, `footnotes/<id>.md`,
    /// `footnotes/<id>/*.md`) on every core. What is refused is kept as
    /// refused, to be reported where it is asked for; a file nothing asks
    /// for is never added to the project.
    pub(crate) fn read(project: &ProjectFiles, ids: &[String]) -> ReadAhead {
        if !parallel::shares(Work::ReadAhead, ids.len()) {
            return ReadAhead::default();
        }
        let read_one = |id: &String| {
            let mut paths = Vec::new();
            let mut listings = Vec::new();
            let folder = Path::new("briefings").join(id);
            for listed in [folder, Path::new("footnotes").join(id)] {
                match project.list(&listed) {
                    Ok(entries) => {
                        for entry in &entries {
                            let name = entry.path.file_name().unwrap_or_default();
                            let wanted = entry.path.extension().is_some_and(|e| e == "md")
                                || (name == "briefing.toml" && listed.starts_with("briefings"));
                            if entry.is_file && wanted {
                                paths.push(listed.join(name));
                            }
                        }
                        listings.push((listed, Some(entries)));
                    }
                    Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                        listings.push((listed, None));
                    }
                    Err(_) => {}
                }
            }
            paths.push(Path::new("footnotes").join(format!("{id}.md")));
            // An absent `footnotes/<id>.md` is kept as absent, so loading
            // does not look for it again.
            let files: Vec<_> = paths
                .into_iter()
                .map(|path| {
                    let read = project.read_text(&path);
                    (path, read)
                })
                .collect();
            (files, listings)
        };
        let mut ahead = ReadAhead::default();
        for (files, listings) in
            parallel::map_sized(Work::ReadAhead, ids.len(), ids.iter().collect(), read_one)
        {
            ahead.files.extend(files);
            ahead.listings.extend(listings);
        }
        ahead
    }

    /// The file at `relative` as it was read ahead, taken out; `None` when
    /// it was not.
    pub(crate) fn take_file(&mut self, relative: &Path) -> Option<Result<SourceText, Refusal>> {
        self.files.remove(relative)
    }

    /// The entries of the folder at `relative` as listed ahead, taken out:
    /// `Some(None)` when it was not there, `None` when it was not listed.
    pub(crate) fn take_listing(&mut self, relative: &Path) -> Option<Option<Vec<Listed>>> {
        self.listings.remove(relative)
    }

    /// Whether `relative` is there, by its folder's listing.
    pub(crate) fn known(&self, relative: &Path) -> Known {
        let (Some(folder), Some(name)) = (relative.parent(), relative.file_name()) else {
            return Known::Unknown;
        };
        match self.listings.get(folder) {
            None => Known::Unknown,
            Some(None) => Known::Absent,
            Some(Some(entries)) => match find(entries, name) {
                Some(entry) => Known::Present {
                    link: entry.is_link,
                },
                None => Known::Absent,
            },
        }
    }
}

/// The entry named `name` among one folder's entries, sorted by path and
/// so by name: searched by halves, since a briefing of a thousand
/// sections asks for each of them.
fn find<'a>(entries: &'a [Listed], name: &OsStr) -> Option<&'a Listed> {
    entries
        .binary_search_by(|entry| entry.path.file_name().cmp(&Some(name)))
        .ok()
        .map(|at| &entries[at])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> (tempfile::TempDir, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let mut ids = Vec::new();
        for i in 0..Work::ReadAhead.from() {
            let id = format!("b{i:02}");
            let folder = dir.path().join("briefings").join(&id);
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join("briefing.toml"), "title = \"t\"\n").unwrap();
            std::fs::write(folder.join("a.md"), "Text.\n").unwrap();
            ids.push(id);
        }
        std::fs::create_dir_all(dir.path().join("footnotes").join("b03")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("a.md", dir.path().join("briefings/b01/link.md")).unwrap();
        (dir, ids)
    }

    #[test]
    fn the_listings_answer_what_loading_asks() {
        let (dir, ids) = project();
        let root = dir.path();
        let mut ahead = ReadAhead::read(&ProjectFiles::working_tree(root).unwrap(), &ids);
        assert_eq!(
            ahead.known(Path::new("briefings/b00/briefing.toml")),
            Known::Present { link: false }
        );
        assert_eq!(ahead.known(Path::new("briefings/b00/b.md")), Known::Absent);
        assert_eq!(ahead.known(Path::new("briefings/b00/0.md")), Known::Absent);
        for name in ["a.md", "briefing.toml"] {
            let path = Path::new("briefings/b05").join(name);
            assert_eq!(ahead.known(&path), Known::Present { link: false }, "{name}");
        }
        #[cfg(unix)]
        assert_eq!(
            ahead.known(Path::new("briefings/b01/link.md")),
            Known::Present { link: true }
        );
        assert_eq!(ahead.known(Path::new("briefings/zz/a.md")), Known::Unknown);
        assert!(matches!(
            ahead.take_listing(Path::new("footnotes/b00")),
            Some(None)
        ));
        assert!(matches!(
            ahead.take_listing(Path::new("footnotes/b03")),
            Some(Some(entries)) if entries.is_empty()
        ));
        assert!(ahead.take_listing(Path::new("footnotes/b03")).is_none());
        let text = ahead.take_file(Path::new("briefings/b02/a.md"));
        assert!(matches!(text, Some(Ok(source)) if source.text == "Text.\n"));
    }

    #[test]
    fn every_entry_of_a_large_folder_is_found() {
        let (dir, ids) = project();
        let root = dir.path();
        let folder = root.join("briefings/b07");
        let names: Vec<String> = (0..200).map(|i| format!("{}-{i}.md", i % 7)).collect();
        for name in &names {
            std::fs::write(folder.join(name), "").unwrap();
        }
        let ahead = ReadAhead::read(&ProjectFiles::working_tree(root).unwrap(), &ids);
        for name in &names {
            let path = Path::new("briefings/b07").join(name);
            assert_eq!(ahead.known(&path), Known::Present { link: false }, "{name}");
            let missing = Path::new("briefings/b07").join(format!("{name}x"));
            assert_eq!(ahead.known(&missing), Known::Absent, "{name}x");
        }
    }

    #[test]
    fn a_few_briefings_are_not_read_ahead() {
        let (dir, ids) = project();
        let root = dir.path();
        let mut ahead = ReadAhead::read(&ProjectFiles::working_tree(root).unwrap(), &ids[..3]);
        assert_eq!(
            ahead.known(Path::new("briefings/b00/briefing.toml")),
            Known::Unknown
        );
        assert!(ahead.take_file(Path::new("briefings/b00/a.md")).is_none());
    }
}
