//! The local files a briefing refers to (`![map](img/map.png)`,
//! `[the report](files/report.pdf)`): where each is in the project, or why
//! it cannot be used. A file is found relative to the file that refers to
//! it and must be a regular file inside the project.

use std::path::{Component, Path, PathBuf};

use super::Project;
use crate::diagnostics::{FileId, closest};
use crate::fsx::{self, Refusal};

/// Why a referenced file cannot be published.
#[derive(Debug)]
pub enum AssetProblem {
    /// `/img/map.png`: a path from the root of the disk.
    Absolute,
    /// `../../etc/passwd`: `..` leads above the project.
    Above,
    /// No such file; the name of a file beside it that is close, if any.
    Missing { near: Option<String> },
    /// A symbolic link out, a directory, a FIFO...
    Refused(Refusal),
}

impl Project {
    /// The project-relative path of the file `url` names, as the file
    /// `from` refers to it.
    pub fn locate_asset(&self, from: FileId, url: &str) -> Result<PathBuf, AssetProblem> {
        let path = percent_decoded(url_path(url));
        if path.starts_with('/') || path.starts_with('\\') {
            return Err(AssetProblem::Absolute);
        }
        let base = self.sources.path(from).parent().unwrap_or(Path::new(""));
        let relative = lexically_inside(&base.join(&path)).ok_or(AssetProblem::Above)?;
        let full = self.root.join(&relative);
        match fsx::resolve_inside(&self.real_root, &full) {
            Ok(real) => match std::fs::metadata(&real) {
                Ok(meta) if meta.is_file() => Ok(relative),
                Ok(meta) => Err(AssetProblem::Refused(Refusal::NotAFile {
                    kind: fsx::kind_name(meta.file_type()),
                })),
                Err(error) => Err(AssetProblem::Refused(Refusal::Io(error))),
            },
            Err(Refusal::Io(error)) if error.kind() == std::io::ErrorKind::NotFound => {
                Err(AssetProblem::Missing {
                    near: near_name(&self.real_root, &full),
                })
            }
            Err(refusal) => Err(AssetProblem::Refused(refusal)),
        }
    }
}

/// The path of a local URL, without its `?query` or `#fragment`.
fn url_path(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    &url[..end]
}

/// `%20` and the like decoded, as a browser would before asking for the
/// file; text that does not decode to UTF-8 is kept as written.
fn percent_decoded(path: &str) -> String {
    if !path.contains('%') {
        return path.to_string();
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(&a), Some(&b)) = (bytes.get(i + 1), bytes.get(i + 2))
            && let (Some(hi), Some(lo)) = (hex(a), hex(b))
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
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
fn near_name(real_root: &Path, missing: &Path) -> Option<String> {
    let name = missing.file_name()?.to_str()?;
    let dir = missing.parent()?;
    // Only a directory inside the project is listed.
    let dir = fsx::resolve_inside(real_root, dir).ok()?;
    let entries = fsx::sorted_entries(&dir).ok()?;
    let names: Vec<String> = entries
        .iter()
        .filter_map(|p| p.file_name()?.to_str().map(str::to_string))
        .collect();
    closest(name, names.iter().map(String::as_str)).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_decoded_and_kept_inside() {
        assert_eq!(url_path("img/map.png?v=2#top"), "img/map.png");
        assert_eq!(percent_decoded("my%20map.png"), "my map.png");
        assert_eq!(percent_decoded("100%"), "100%");
        assert_eq!(
            lexically_inside(Path::new("briefings/b/./img/../map.png")),
            Some(PathBuf::from("briefings/b/map.png"))
        );
        assert_eq!(lexically_inside(Path::new("briefings/../../x")), None);
    }
}
