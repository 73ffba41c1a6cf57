//! Finding a project and naming its briefings: the root, what a valid
//! briefing id is, and which briefing a file belongs to.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

/// A file in `templates/` that replaces or adds a template: a Tera
/// template for the page, text and index, or a Typst file for the PDF.
pub fn is_template_name(name: &str) -> bool {
    name.ends_with(".tera") || name.ends_with(".typ")
}

/// A file in `fonts/` that the PDF may use.
pub fn is_font_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".ttf", ".otf", ".ttc", ".otc"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// `--root` if given, else the current directory or the nearest ancestor
/// holding `briefings/`.
pub fn find_root(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(root) = explicit {
        if !root.is_dir() {
            bail!("--root {}: no such directory", root.display());
        }
        if !root.join("briefings").is_dir() {
            bail!(
                "{} holds no briefings/ directory\n  hint: a briefc project keeps each briefing in briefings/<id>/briefing.toml",
                root.display()
            );
        }
        return Ok(root.to_path_buf());
    }
    let cwd = std::env::current_dir()
        .map_err(|e| anyhow::anyhow!("cannot read the current directory: {e}"))?;
    for dir in cwd.ancestors() {
        if dir.join("briefings").is_dir() {
            return Ok(dir.to_path_buf());
        }
    }
    bail!(
        "no briefc project found in {} or any parent directory\n  hint: run inside a project (a directory holding briefings/), or pass --root DIR",
        cwd.display()
    )
}

pub(super) const ID_CHARACTERS: &str = "use only lower-case letters a-z, digits and `-`";

/// What is wrong with a briefing id, if anything. An id is a directory
/// name that every collaborator must be able to check out, Windows too:
/// lower-case ASCII letters, digits and `-`, with at least one letter or
/// digit, and none of the names Windows reserves for devices.
pub fn id_problem(id: &str) -> Option<&'static str> {
    const RESERVED: &[&str] = &["con", "prn", "aux", "nul"];
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Some(ID_CHARACTERS);
    }
    if !id.bytes().any(|b| b.is_ascii_alphanumeric()) {
        return Some("an id needs at least one letter or digit");
    }
    let device = |prefix: &str| {
        id.strip_prefix(prefix)
            .is_some_and(|n| n.len() == 1 && (b'1'..=b'9').contains(&n.as_bytes()[0]))
    };
    if RESERVED.contains(&id) || device("com") || device("lpt") {
        return Some(
            "Windows reserves this name for a device, so the briefing could not be checked out there",
        );
    }
    None
}

/// The briefing whose own file `relative` (a path from the project's
/// root) is: under `briefings/<id>/`, `footnotes/<id>.md` or under
/// `footnotes/<id>/`. `None` for a file every briefing shares, such as
/// the source library, a template or `briefc.toml`.
pub fn briefing_of(relative: &Path) -> Option<String> {
    let mut parts = relative.components().map(|c| c.as_os_str().to_str());
    let top = parts.next()??;
    let name = parts.next()??;
    let deeper = parts.next().is_some();
    match top {
        "briefings" => Some(name.to_string()),
        "footnotes" if deeper => (name != "sources").then(|| name.to_string()),
        "footnotes" => name
            .strip_suffix(".md")
            .filter(|id| !id.is_empty())
            .map(str::to_string),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::briefing_of;
    use std::path::Path;

    #[test]
    fn a_file_belongs_to_the_briefing_whose_own_it_is() {
        let of = |path: &str| briefing_of(Path::new(path));
        assert_eq!(of("briefings/a-1/one.md").as_deref(), Some("a-1"));
        assert_eq!(of("briefings/a-1/img/map.png").as_deref(), Some("a-1"));
        assert_eq!(of("briefings/a-1").as_deref(), Some("a-1"));
        assert_eq!(of("footnotes/a-1.md").as_deref(), Some("a-1"));
        assert_eq!(of("footnotes/a-1/more.md").as_deref(), Some("a-1"));
        assert_eq!(of("footnotes/sources.toml"), None);
        assert_eq!(of("footnotes/sources/un.toml"), None);
        assert_eq!(of("footnotes"), None);
        assert_eq!(of("briefc.toml"), None);
        assert_eq!(of("templates/page.html"), None);
        assert_eq!(of("assets/map.png"), None);
    }
}
