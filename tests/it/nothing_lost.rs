//! Nothing is lost: sources are never written by build, check, serve or a
//! refused renumber; a build killed mid-write leaves the previous output
//! whole; two builds into the same directory never mix.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::files_under;

fn briefc(root: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_briefc"))
        .args(["--color", "never", "--quiet"])
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

/// A project of `notes` numbered notes whose title says `title`.
fn project(title: &str, notes: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("briefings/b");
    std::fs::create_dir_all(&b).unwrap();
    std::fs::create_dir_all(dir.path().join("footnotes")).unwrap();
    // What these tests watch is the writing of the output, not the
    // typesetting: the PDF of thousands of notes would take minutes.
    std::fs::write(
        dir.path().join("briefc.toml"),
        "formats = [\"html\", \"text\", \"json\"]\n",
    )
    .unwrap();
    std::fs::write(
        b.join("briefing.toml"),
        format!("title = \"{title}\"\ndate = 2007\nstatus = \"final\"\nsections = [\"s.md\"]\n"),
    )
    .unwrap();
    let mut section = String::from("# Section\n\n");
    let mut defs = String::new();
    for i in 1..=notes {
        section.push_str(&format!(
            "A sentence of the briefing called {title}.[^{i}]\n"
        ));
        defs.push_str(&format!("[^{i}]: Note {i} of {title}.\n"));
    }
    std::fs::write(b.join("s.md"), section).unwrap();
    std::fs::write(dir.path().join("footnotes/b.md"), defs).unwrap();
    dir
}

#[test]
fn no_command_writes_a_source() {
    let p = project("Sources", 50);
    std::fs::write(p.path().join("footnotes/b.md"), "[^1]: One.\n[^2]: Two.\n").unwrap();
    let before = files_under(p.path());
    let out = tempfile::tempdir().unwrap();
    let out_arg = out.path().join("dist");
    briefc(p.path(), &["build", "--out", out_arg.to_str().unwrap()]);
    briefc(p.path(), &["check"]);
    // Undefined notes 3 to 50: renumbering is refused.
    let refused = briefc(p.path(), &["renumber"]);
    assert_eq!(refused.status.code(), Some(1));
    let mut server = Command::new(env!("CARGO_BIN_EXE_briefc"))
        .args(["--quiet", "serve", "--port", "0", "--root"])
        .arg(p.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(800));
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(files_under(p.path()), before);
}

#[test]
fn a_build_killed_mid_write_leaves_the_previous_output_whole() {
    let p = project("Killed", 3000);
    let out = p.path().join("dist");
    assert!(briefc(p.path(), &["build"]).status.success());
    let good = files_under(&out);
    assert!(good.len() >= 4);
    for delay in [5, 20, 40, 80, 120, 200] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_briefc"))
            .args(["--quiet", "build", "--root"])
            .arg(p.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(
            files_under(&out),
            good,
            "after a kill at {delay} ms the output is whole"
        );
    }
    // The next build clears what the killed ones left beside the output.
    assert!(briefc(p.path(), &["build"]).status.success());
    let leftovers: Vec<String> = std::fs::read_dir(p.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".dist."))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert_eq!(files_under(&out), good);
}

#[test]
fn two_builds_into_one_directory_never_mix() {
    let a = project("Alpha", 400);
    let b = project("Beta", 400);
    let shared = tempfile::tempdir().unwrap();
    let out = shared.path().join("dist");
    let out_arg = out.to_str().unwrap().to_string();
    assert!(
        briefc(a.path(), &["build", "--out", &out_arg])
            .status
            .success()
    );
    let alpha = files_under(&out);
    assert!(
        briefc(b.path(), &["build", "--out", &out_arg])
            .status
            .success()
    );
    let beta = files_under(&out);
    assert_ne!(alpha, beta);
    // Each round races the two builds; a mix shows up in some rounds
    // only, so there are enough of them to catch one.
    for _ in 0..16 {
        let spawn = |root: &Path| {
            Command::new(env!("CARGO_BIN_EXE_briefc"))
                .args(["--quiet", "build", "--out", &out_arg, "--root"])
                .arg(root)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        };
        let mut first = spawn(a.path());
        let mut second = spawn(b.path());
        assert!(first.wait().unwrap().success());
        assert!(second.wait().unwrap().success());
        let result = files_under(&out);
        assert!(
            result == alpha || result == beta,
            "the output is one whole build"
        );
    }
}

/// Whether `path` is a symbolic link.
#[cfg(unix)]
fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

// The kept output is known by inodes, which only Unix gives.
#[cfg(unix)]
#[test]
fn the_output_a_build_replaced_is_kept_and_made_into_exactly_the_next() {
    let p = project("Kept", 30);
    let out = p.path().join("dist");
    let kept = p.path().join(".dist.previous");
    let fresh = tempfile::tempdir().unwrap();
    let section = p.path().join("briefings/b/s.md");
    let add = |sentence: &str| {
        let text = std::fs::read_to_string(&section).unwrap();
        std::fs::write(&section, format!("{text}\n{sentence}\n")).unwrap();
    };
    // Each round builds over the last output and compares it with a build
    // from nothing into a directory of its own.
    let round = |label: &str| {
        let built = briefc(p.path(), &["build"]);
        assert!(built.status.success(), "{label}: {built:?}");
        let alone = fresh.path().join(label);
        let made = briefc(p.path(), &["build", "--out", alone.to_str().unwrap()]);
        assert!(made.status.success(), "{label}: {made:?}");
        assert_eq!(files_under(&out), files_under(&alone), "{label}");
    };
    round("first");
    assert!(!kept.exists(), "the first build replaced nothing");

    add("A first sentence added.");
    round("one change");
    let ignore = std::fs::read_to_string(kept.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
    assert!(
        !out.join(".gitignore").exists(),
        "nothing of the kept one is published"
    );
    let old_page = std::fs::read_to_string(kept.join("b/index.html")).unwrap();
    assert!(!old_page.contains("A first sentence added."));

    add("A second sentence added.");
    round("two changes");
    {
        use std::os::unix::fs::MetadataExt;
        let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
        assert_eq!(
            ino(&out.join("index.html")),
            ino(&kept.join("index.html")),
            "an unchanged file is shared, not written again"
        );
    }

    // Whatever was done to the kept directory, the next output is exact,
    // and nothing is written through a link planted in it.
    let outside = tempfile::tempdir().unwrap();
    let bait = outside.path().join("bait.txt");
    std::fs::write(&bait, "outside").unwrap();
    std::fs::write(kept.join("stray.txt"), "stray").unwrap();
    std::fs::create_dir_all(kept.join("b/deep/er")).unwrap();
    std::fs::write(kept.join("b/deep/er/x"), "x").unwrap();
    // A page that is another name for a file outside: removed, never
    // written through.
    let shared = outside.path().join("shared.html");
    std::fs::write(&shared, "outside page").unwrap();
    std::fs::remove_file(kept.join("b/index.html")).unwrap();
    std::fs::hard_link(&shared, kept.join("b/index.html")).unwrap();
    std::fs::remove_file(kept.join("b/b.txt")).unwrap();
    std::os::unix::fs::symlink(&bait, kept.join("b/b.txt")).unwrap();
    std::fs::remove_file(kept.join("b/b.json")).unwrap();
    std::fs::create_dir(kept.join("b/b.json")).unwrap();
    add("A third sentence added.");
    round("tampered");
    assert_eq!(std::fs::read_to_string(&bait).unwrap(), "outside");
    assert_eq!(std::fs::read_to_string(&shared).unwrap(), "outside page");
    assert!(!is_link(&out.join("b/b.txt")));

    // A briefing added, then removed again.
    let c = p.path().join("briefings/c");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(
        c.join("briefing.toml"),
        "title = \"C\"\ndate = 2008\nstatus = \"final\"\nsections = [\"s.md\"]\n",
    )
    .unwrap();
    std::fs::write(c.join("s.md"), "# C\n\nText of C.\n").unwrap();
    round("added");
    assert!(out.join("c/index.html").is_file());
    std::fs::remove_dir_all(&c).unwrap();
    round("removed");
    assert!(!out.join("c").exists());

    // Deleting the kept directory costs nothing but time.
    std::fs::remove_dir_all(&kept).unwrap();
    add("A fourth sentence added.");
    round("deleted");
    assert!(kept.is_dir());
}

#[test]
fn an_output_outside_the_project_keeps_nothing_beside_it() {
    let p = project("Elsewhere", 10);
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("briefings");
    let section = p.path().join("briefings/b/s.md");
    for round in 0..3 {
        let built = briefc(p.path(), &["build", "--out", out.to_str().unwrap()]);
        assert!(built.status.success(), "{built:?}");
        let text = std::fs::read_to_string(&section).unwrap();
        std::fs::write(&section, format!("{text}\nRound {round}.\n")).unwrap();
    }
    let beside: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        beside,
        ["briefings"],
        "an old edition beside a served folder"
    );
}
