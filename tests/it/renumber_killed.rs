//! `briefc renumber` killed at any moment: after the next command, every
//! file holds its old bytes or every file its new ones, never a mix, and
//! nothing briefc made for the change is left behind.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const NOTES: usize = 40;
const RUNS: usize = 200;

/// A briefing of many files whose every label must change: section `i`
/// refers to note `NOTES + 1 - i`, and each note is a file of its own.
fn write_project(root: &Path) {
    let sections: Vec<String> = (1..=NOTES).map(|i| format!("\"s{i:02}.md\"")).collect();
    let meta = format!(
        "title = \"Many files\"\ndate = 2007-01-23\nstatus = \"final\"\nsections = [{}]\n",
        sections.join(", ")
    );
    std::fs::create_dir_all(root.join("briefings/b")).unwrap();
    std::fs::create_dir_all(root.join("footnotes/b")).unwrap();
    std::fs::write(root.join("briefings/b/briefing.toml"), meta).unwrap();
    for i in 1..=NOTES {
        let label = NOTES + 1 - i;
        std::fs::write(
            root.join(format!("briefings/b/s{i:02}.md")),
            format!("# Section {i}\n\nA claim that needs a source.[^{label}]\n"),
        )
        .unwrap();
        std::fs::write(
            root.join(format!("footnotes/b/n{label:02}.md")),
            format!("[^{label}]: The source of claim {i}.\n"),
        )
        .unwrap();
    }
}

/// Every file of the project and its bytes, briefc's own included.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path.clone());
                files.insert(path.strip_prefix(root).unwrap().to_path_buf(), Vec::new());
            } else {
                let bytes = std::fs::read(&path).unwrap();
                files.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    files
}

fn briefc(root: &Path, args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_briefc"))
        .args(["--color", "never", "--quiet"])
        .args(args)
        .arg("--root")
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// A small generator, seeded, so a failing run can be repeated.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn killed_at_any_moment_every_file_is_all_old_or_all_new() {
    let template = tempfile::tempdir().unwrap();
    write_project(template.path());
    let old = snapshot(template.path());

    // An uninterrupted run gives the new bytes and how long a run takes.
    let reference = tempfile::tempdir().unwrap();
    write_project(reference.path());
    let started = Instant::now();
    let output = briefc(reference.path(), &["renumber"])
        .wait_with_output()
        .unwrap();
    let duration = started.elapsed();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let new = snapshot(reference.path());
    assert_ne!(old, new);
    assert_eq!(old.len(), new.len(), "renumbering leaves no file behind");

    let mut random = XorShift(0x9E37_79B9_7F4A_7C15);
    let window = duration.as_micros() as u64 * 13 / 10 + 1;
    let (mut saw_old, mut saw_new) = (0, 0);
    for run in 0..RUNS {
        let project = tempfile::tempdir().unwrap();
        write_project(project.path());
        let delay = Duration::from_micros(random.next() % window);
        let mut child = briefc(project.path(), &["renumber"]);
        std::thread::sleep(delay);
        child.kill().unwrap();
        let _ = child.wait();
        let check = briefc(project.path(), &["check"])
            .wait_with_output()
            .unwrap();
        assert!(
            check.status.success(),
            "run {run} (killed after {delay:?}): check failed: {}",
            String::from_utf8_lossy(&check.stderr)
        );
        let now = snapshot(project.path());
        if now == old {
            saw_old += 1;
        } else if now == new {
            saw_new += 1;
        } else {
            let differing: Vec<_> = now
                .keys()
                .chain(old.keys())
                .filter(|k| now.get(*k) != old.get(*k) && now.get(*k) != new.get(*k))
                .collect();
            panic!(
                "run {run} (killed after {delay:?}): a mix of old and new, or files left: {differing:?}"
            );
        }
    }
    eprintln!("{RUNS} runs over {window} µs: {saw_old} all old, {saw_new} all new");
    assert!(
        saw_old > 0 && saw_new > 0,
        "the kills should land both before and after the commit"
    );
}
