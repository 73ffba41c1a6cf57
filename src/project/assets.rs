//! The local files a briefing refers to (`![map](img/map.png)`,
//! `[the report](files/report.pdf)`): where each is in the project, or why
//! it cannot be used. A file is found relative to the file that refers to
//! it and must be a regular file inside the project.

use std::path::{Component, Path, PathBuf};

use super::Project;
use crate::diagnostics::{FileId, closest};
use crate::files::{Kind, ProjectFiles, Refusal};

/// Why a referenced file cannot be published.
#[derive(Debug)]
pub enum AssetProblem {
    /// `/img/map.png`: a path from the root of the disk.
    Absolute,
    /// `/reports/2005/` with `[links] site` set: an address on the
    /// publisher's site, published as this one.
    OnSite { address: String },
    /// `../../etc/passwd`: `..` leads above the project.
    Above,
    /// No such file; the name of a file beside it that is close, if any.
    Missing { near: Option<String> },
    /// A symbolic link out, a directory, a FIFO...
    Refused(Refusal),
    /// The file lies in a hidden folder (`.git`), or is hidden itself
    /// (`.env`), and `publish_hidden` does not name it: the part that is,
    /// and whether it is a folder.
    Hidden { part: String, folder: bool },
}

impl Project {
    /// The project-relative path of the file `url` names, as the file
    /// `from` refers to it.
    pub fn locate_asset(&self, from: FileId, url: &str) -> Result<PathBuf, AssetProblem> {
        let path = crate::model::percent_decoded(url_path(url));
        if path.starts_with('/') || path.starts_with('\\') {
            let on_site = self
                .settings
                .links
                .site
                .as_ref()
                .filter(|_| url.starts_with('/') && !url.starts_with("//"));
            return Err(match on_site.and_then(|site| site.join(url).ok()) {
                Some(address) => AssetProblem::OnSite {
                    address: address.into(),
                },
                None => AssetProblem::Absolute,
            });
        }
        let base = self.sources.path(from).parent().unwrap_or(Path::new(""));
        let relative = lexically_inside(&base.join(&path)).ok_or(AssetProblem::Above)?;
        match self.files.follow(&relative) {
            Ok(followed) if followed.kind == Kind::File => {
                let hidden = hidden_part(&relative).or_else(|| hidden_part(&followed.real));
                match hidden {
                    Some((part, folder)) if !self.publishes_hidden(&relative) => {
                        Err(AssetProblem::Hidden { part, folder })
                    }
                    _ => Ok(relative),
                }
            }
            Ok(followed) => Err(AssetProblem::Refused(Refusal::NotAFile {
                kind: followed.kind.name(),
            })),
            Err(refusal) if refusal.is_not_found() => Err(AssetProblem::Missing {
                near: near_name(&self.files, &relative),
            }),
            Err(refusal) => Err(AssetProblem::Refused(refusal)),
        }
    }
}

impl Project {
    /// Every regular file under `briefings/` (or under the directories of
    /// the briefings named in `ids`) with its length, by path from the
    /// root, in name order: what `briefc assets --unused` compares with
    /// what the briefings use. Hidden files are left out and links are
    /// not followed.
    pub fn files_in_briefings(&self, ids: &[String]) -> Vec<(PathBuf, u64)> {
        let briefings = Path::new("briefings");
        let mut pending: Vec<PathBuf> = if ids.is_empty() {
            vec![briefings.to_path_buf()]
        } else {
            ids.iter().map(|id| briefings.join(id)).collect()
        };
        let mut found = Vec::new();
        while let Some(dir) = pending.pop() {
            let Ok(entries) = self.files.list(&dir) else {
                continue;
            };
            for entry in entries.into_iter().rev() {
                let Some(name) = entry.path.file_name() else {
                    continue;
                };
                if name.to_string_lossy().starts_with('.') || entry.is_link {
                    continue;
                }
                if entry.is_dir {
                    pending.push(entry.path);
                } else if entry.is_file
                    && let Ok(followed) = self.files.follow(&entry.path)
                {
                    found.push((entry.path, followed.len));
                }
            }
        }
        found.sort();
        found
    }
}

impl Project {
    /// Whether briefc.toml's `publish_hidden` names the file at
    /// `relative`, or a folder above it.
    fn publishes_hidden(&self, relative: &Path) -> bool {
        self.settings
            .publish_hidden
            .iter()
            .any(|named| relative.starts_with(named))
    }
}

/// The first part of `path` whose name starts with a dot (`.git`,
/// `.env`), and whether it is a folder: what version control, deploy
/// tools and briefc itself keep out of sight, never published unless
/// named.
fn hidden_part(path: &Path) -> Option<(String, bool)> {
    let parts: Vec<_> = path.components().collect();
    parts.iter().enumerate().find_map(|(index, c)| match c {
        Component::Normal(name) if name.to_string_lossy().starts_with('.') => {
            Some((name.to_string_lossy().into_owned(), index + 1 < parts.len()))
        }
        _ => None,
    })
}

/// The path of a local URL, without its `?query` or `#fragment`.
fn url_path(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    &url[..end]
}

/// `a/./b/../c` as `a/c`; `None` when `..` climbs above the start.
fn lexically_inside(path: &Path) -> Option<PathBuf> {
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.iter().collect())
}

/// The name of a file in the same directory close to the one missing
/// (`map.png` for `mpa.png`), or in a directory close to a missing one.
fn near_name(files: &ProjectFiles, missing: &Path) -> Option<String> {
    let name = missing.file_name()?.to_str()?;
    let dir = missing.parent()?;
    // Only a directory inside the project is listed.
    let dir = files.resolve(dir).ok()?;
    let entries = files.list(&dir).ok()?;
    let names: Vec<String> = entries
        .iter()
        .filter_map(|e| e.path.file_name()?.to_str().map(str::to_string))
        .collect();
    closest(name, names.iter().map(String::as_str)).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_decoded_and_kept_inside() {
        assert_eq!(url_path("img/map.png?v=2#top"), "img/map.png");
        assert_eq!(
            lexically_inside(Path::new("briefings/b/./img/../map.png")),
            Some(PathBuf::from("briefings/b/map.png"))
        );
        assert_eq!(lexically_inside(Path::new("briefings/../../x")), None);
    }
}
