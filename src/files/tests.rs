use std::path::{Path, PathBuf};
use std::process::Command;

use super::*;

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn text(files: &ProjectFiles, path: &str) -> String {
    files.read_text(Path::new(path)).unwrap().text
}

fn names(listed: &[Listed]) -> Vec<String> {
    listed
        .iter()
        .map(|l| l.path.to_string_lossy().into_owned())
        .collect()
}

#[test]
fn the_working_tree_is_read_by_paths_from_the_root() {
    let dir = project(&[
        ("briefings/a/briefing.toml", "\u{FEFF}title = \"A\"\n"),
        ("briefings/a/one.md", "One.\n"),
    ]);
    let files = ProjectFiles::working_tree(dir.path()).unwrap();
    assert_eq!(text(&files, "briefings/a/briefing.toml"), "title = \"A\"\n");
    assert_eq!(files.kind(Path::new("briefings/a")), Some(Kind::Dir));
    assert_eq!(files.kind(Path::new("briefings/b")), None);
    let listed = files.list(Path::new("briefings/a")).unwrap();
    assert_eq!(
        names(&listed),
        ["briefings/a/briefing.toml", "briefings/a/one.md"]
    );
    assert!(
        files
            .read_text(Path::new("nothing.md"))
            .unwrap_err()
            .is_not_found()
    );
    assert!(
        files
            .read_text(Path::new("briefings/a"))
            .unwrap_err()
            .is_directory()
    );
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_project_is_refused_and_one_inside_followed() {
    let outside = project(&[("secret.txt", "secret\n")]);
    let dir = project(&[("briefings/a/one.md", "One.\n")]);
    let link = |target: &Path, name: &str| {
        std::os::unix::fs::symlink(target, dir.path().join(name)).unwrap();
    };
    link(&outside.path().join("secret.txt"), "briefings/a/out.md");
    link(Path::new("one.md"), "briefings/a/in.md");
    link(Path::new("loop.md"), "briefings/a/loop.md");
    link(Path::new("gone.md"), "briefings/a/dangling.md");
    let files = ProjectFiles::working_tree(dir.path()).unwrap();
    assert!(matches!(
        files.read_text(Path::new("briefings/a/out.md")),
        Err(Refusal::Outside { .. })
    ));
    assert_eq!(text(&files, "briefings/a/in.md"), "One.\n");
    assert_eq!(
        files.resolve(Path::new("briefings/a/in.md")).unwrap(),
        PathBuf::from("briefings/a/one.md")
    );
    assert!(matches!(
        files.resolve(Path::new("briefings/a/loop.md")),
        Err(Refusal::Loop)
    ));
    assert!(matches!(
        files.resolve(Path::new("briefings/a/dangling.md")),
        Err(Refusal::Dangling { .. })
    ));
    assert_eq!(files.kind(Path::new("briefings/a/in.md")), Some(Kind::Link));
}

/// An editor's unsaved buffer is read in place of the file, and a new
/// file that exists only in the editor is listed in its folder; once
/// uncovered, the disk answers again.
#[test]
fn text_laid_over_a_file_is_read_in_its_place() {
    let dir = project(&[("briefings/a/one.md", "Saved.\n")]);
    let mut files = ProjectFiles::working_tree(dir.path()).unwrap();
    files.lay_over("briefings/a/one.md", "Unsaved.\n");
    files.lay_over("briefings/a/two.md", "New.\n");
    assert_eq!(text(&files, "briefings/a/one.md"), "Unsaved.\n");
    assert_eq!(text(&files, "briefings/a/two.md"), "New.\n");
    let mut opened = files.open(Path::new("briefings/a/one.md")).unwrap();
    let mut read = String::new();
    opened.read_to_string(&mut read).unwrap();
    assert_eq!((read.as_str(), opened.len), ("Unsaved.\n", 9));
    assert_eq!(
        names(&files.list(Path::new("briefings/a")).unwrap()),
        ["briefings/a/one.md", "briefings/a/two.md"]
    );
    assert_eq!(
        files.follow(Path::new("briefings/a/two.md")).unwrap().kind,
        Kind::File
    );
    // A clone shares the tree but keeps its own buffers.
    let saved = {
        let mut other = files.clone();
        other.uncover(Path::new("briefings/a/one.md"));
        text(&other, "briefings/a/one.md")
    };
    assert_eq!(saved, "Saved.\n");
    assert_eq!(text(&files, "briefings/a/one.md"), "Unsaved.\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("briefings/a/one.md")).unwrap(),
        "Saved.\n",
        "nothing is written to the disk"
    );
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(args)
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

/// A repository whose project lies in `project/`, with two commits: the
/// first holds `one.md` as "First.", the second changes it and adds a
/// file, a link inside and a link out.
fn repository() -> tempfile::TempDir {
    let repo = project(&[
        ("project/briefings/a/one.md", "First.\n"),
        ("project/briefings/a/briefing.toml", "title = \"A\"\n"),
        ("elsewhere.txt", "not the project's\n"),
    ]);
    git(repo.path(), &["init", "-q", "-b", "main"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-q", "-m", "first"]);
    std::fs::write(repo.path().join("project/briefings/a/one.md"), "Second.\n").unwrap();
    std::fs::write(repo.path().join("project/briefings/a/two.md"), "Two.\n").unwrap();
    #[cfg(unix)]
    {
        let a = repo.path().join("project/briefings/a");
        std::os::unix::fs::symlink("one.md", a.join("same.md")).unwrap();
        std::os::unix::fs::symlink("../../../elsewhere.txt", a.join("out.md")).unwrap();
    }
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-q", "-m", "second"]);
    // The working tree moves on, uncommitted.
    std::fs::write(repo.path().join("project/briefings/a/one.md"), "Third.\n").unwrap();
    repo
}

#[test]
fn a_revision_is_read_from_git_objects_not_the_working_tree() {
    let repo = repository();
    let root = repo.path().join("project");
    let first = ProjectFiles::at_revision(&root, "HEAD~1").unwrap();
    let second = ProjectFiles::at_revision(&root, "main").unwrap();
    let now = ProjectFiles::working_tree(&root).unwrap();
    assert_eq!(text(&first, "briefings/a/one.md"), "First.\n");
    assert_eq!(text(&second, "briefings/a/one.md"), "Second.\n");
    assert_eq!(text(&now, "briefings/a/one.md"), "Third.\n");
    assert_eq!(
        names(&first.list(Path::new("briefings/a")).unwrap()),
        ["briefings/a/briefing.toml", "briefings/a/one.md"]
    );
    assert!(
        first
            .read_text(Path::new("briefings/a/two.md"))
            .unwrap_err()
            .is_not_found()
    );
    assert_eq!(first.kind(Path::new("briefings")), Some(Kind::Dir));
    assert_eq!(
        second.follow(Path::new("briefings/a/two.md")).unwrap().len,
        5
    );
    // What lies beside the project in the repository is not the project's.
    assert!(first.read_text(Path::new("../elsewhere.txt")).is_err());
    assert!(
        first
            .read_text(Path::new("elsewhere.txt"))
            .unwrap_err()
            .is_not_found()
    );
    #[cfg(unix)]
    {
        assert_eq!(text(&second, "briefings/a/same.md"), "Second.\n");
        assert_eq!(
            second.kind(Path::new("briefings/a/same.md")),
            Some(Kind::Link)
        );
        assert!(matches!(
            second.read_text(Path::new("briefings/a/out.md")),
            Err(Refusal::Outside { .. })
        ));
    }
    let mut opened = second.open(Path::new("briefings/a/two.md")).unwrap();
    let mut read = String::new();
    opened.read_to_string(&mut read).unwrap();
    assert_eq!(read, "Two.\n");
    assert!(
        second.write_new(Path::new("x.md"), b"x").is_err(),
        "a revision cannot be written"
    );
}

#[test]
fn a_revision_that_does_not_exist_is_a_clear_error() {
    let repo = repository();
    let root = repo.path().join("project");
    let message = |revision: &str| {
        format!(
            "{:#}",
            ProjectFiles::at_revision(&root, revision).err().unwrap()
        )
    };
    assert!(message("no-such-tag").contains("no revision `no-such-tag`"));
    assert!(message("--output=x").contains("is not a revision"));
    let plain = tempfile::tempdir().unwrap();
    let outside = format!(
        "{:#}",
        ProjectFiles::at_revision(plain.path(), "HEAD")
            .err()
            .unwrap()
    );
    assert!(outside.contains("not in a git repository"), "{outside}");
}

#[test]
fn text_laid_over_a_revision_is_read_in_its_place() {
    let repo = repository();
    let mut files = ProjectFiles::at_revision(&repo.path().join("project"), "HEAD~1").unwrap();
    files.lay_over("briefings/a/one.md", "Edited.\n");
    assert_eq!(text(&files, "briefings/a/one.md"), "Edited.\n");
    assert_eq!(text(&files, "briefings/a/briefing.toml"), "title = \"A\"\n");
}
