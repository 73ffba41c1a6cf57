//! `briefc renumber`: labels follow numbers, nothing else changes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{briefc, files_under, project};

fn sources(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for dir in ["briefings", "footnotes"] {
        let under = files_under(&root.join(dir));
        files.extend(
            under
                .into_iter()
                .map(|(path, bytes)| (Path::new(dir).join(path), bytes)),
        );
    }
    files
}

/// A briefing whose notes were moved around after they were numbered.
fn shuffled() -> tempfile::TempDir {
    project(&[
        (
            "briefings/b/briefing.toml",
            "title = \"Shuffled\"\ndate = 2007-01-23\nstatus = \"final\"\nsections = [\"one.md\", \"two.md\"]\n\n[footnotes]\nstart = 31\n",
        ),
        (
            "briefings/b/one.md",
            "# One\n\nMoved up.[^34] First.[^31] Named.[^hearing]\n",
        ),
        (
            "briefings/b/two.md",
            "# Two\n\nAgain.[^34] Inline note.[^32]\n\n[^32]: Defined in the section.\n",
        ),
        (
            "footnotes/b.md",
            "[^31]: The first note.\n\n[^34]: Once the fourth, now the first.\n\n[^hearing]: A named note keeps its name.\n",
        ),
    ])
}

#[test]
fn a_shuffled_briefing_is_renumbered_checked_clean_and_renders_the_same() {
    let p = shuffled();
    let before_out = tempfile::tempdir().unwrap();
    let out = before_out.path().join("dist");
    assert!(
        briefc(p.path(), &["build", "--out", out.to_str().unwrap()])
            .status
            .success()
    );
    let rendered_before = std::fs::read(out.join("b/b.txt")).unwrap();
    let html_before = std::fs::read(out.join("b/index.html")).unwrap();

    let check = briefc(p.path(), &["check", "--format", "json"]);
    assert!(String::from_utf8_lossy(&check.stdout).contains("footnote-number-mismatch"));

    let output = briefc(p.path(), &["renumber"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("footnotes/b.md: [^31] -> [^32], [^34] -> [^31]"),
        "{message}"
    );
    assert!(
        message.contains("briefings/b/two.md: [^34] -> [^31], [^32] -> [^34]"),
        "{message}"
    );

    assert_eq!(
        std::fs::read_to_string(p.path().join("briefings/b/one.md")).unwrap(),
        "# One\n\nMoved up.[^31] First.[^32] Named.[^hearing]\n"
    );
    assert_eq!(
        std::fs::read_to_string(p.path().join("footnotes/b.md")).unwrap(),
        "[^32]: The first note.\n\n[^31]: Once the fourth, now the first.\n\n[^hearing]: A named note keeps its name.\n"
    );
    let check = briefc(p.path(), &["check", "--format", "json"]);
    let document: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(
        document["diagnostics"].as_array().unwrap().len(),
        0,
        "{document}"
    );

    assert!(
        briefc(p.path(), &["build", "--out", out.to_str().unwrap()])
            .status
            .success()
    );
    assert_eq!(std::fs::read(out.join("b/b.txt")).unwrap(), rendered_before);
    assert_eq!(
        std::fs::read(out.join("b/index.html")).unwrap(),
        html_before
    );

    // A second run changes nothing.
    let after = sources(p.path());
    assert!(briefc(p.path(), &["renumber"]).status.success());
    assert_eq!(sources(p.path()), after);
}

#[test]
fn check_and_dry_run_write_nothing() {
    let p = shuffled();
    let before = sources(p.path());
    let check = briefc(p.path(), &["renumber", "--check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&check.stdout)
            .contains("briefings/b/one.md: [^34] -> [^31], [^31] -> [^32]")
    );
    let dry = briefc(p.path(), &["renumber", "--dry-run"]);
    assert_eq!(dry.status.code(), Some(0));
    let diff = String::from_utf8_lossy(&dry.stdout);
    assert!(diff.contains("--- a/briefings/b/one.md\n+++ b/briefings/b/one.md\n@@ -1,3 +1,3 @@\n # One\n \n-Moved up.[^34] First.[^31] Named.[^hearing]\n+Moved up.[^31] First.[^32] Named.[^hearing]\n"), "{diff}");
    assert_eq!(sources(p.path()), before);
    assert!(briefc(p.path(), &["renumber"]).status.success());
    assert_eq!(
        briefc(p.path(), &["renumber", "--check"]).status.code(),
        Some(0)
    );
}

#[test]
fn errors_refuse_renumbering_and_leave_files_alone() {
    let p = shuffled();
    std::fs::write(
        p.path().join("briefings/b/one.md"),
        "# One\n\nMoved up.[^34] Lost.[^99]\n",
    )
    .unwrap();
    let before = sources(p.path());
    let output = briefc(p.path(), &["renumber"]);
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("undefined-footnote"), "{message}");
    assert!(message.contains("nothing was written"), "{message}");
    assert_eq!(sources(p.path()), before);
}

#[test]
fn an_unused_note_holding_a_target_label_refuses_renumbering() {
    let p = project(&[
        (
            "briefings/b/briefing.toml",
            "title = \"T\"\ndate = 2007\nsections = [\"s.md\"]\n",
        ),
        ("briefings/b/s.md", "# S\n\nOnly.[^2]\n"),
        (
            "footnotes/b.md",
            "[^1]: Unused, but holds label 1.\n\n[^2]: Used.\n",
        ),
    ]);
    let before = sources(p.path());
    let output = briefc(p.path(), &["renumber"]);
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("renumber-conflict"), "{message}");
    assert!(message.contains("footnotes/b.md:1:1"), "{message}");
    assert_eq!(sources(p.path()), before);
}

#[test]
fn byte_order_marks_and_crlf_are_kept() {
    let p = project(&[
        (
            "briefings/b/briefing.toml",
            "title = \"T\"\ndate = 2007\nsections = [\"s.md\"]\n",
        ),
        ("briefings/b/s.md", "\u{feff}# S\r\n\r\nA.[^7]\r\n"),
        ("footnotes/b.md", "\u{feff}[^7]: Seven.\r\n"),
    ]);
    assert!(briefc(p.path(), &["renumber"]).status.success());
    assert_eq!(
        std::fs::read_to_string(p.path().join("briefings/b/s.md")).unwrap(),
        "\u{feff}# S\r\n\r\nA.[^1]\r\n"
    );
    assert_eq!(
        std::fs::read_to_string(p.path().join("footnotes/b.md")).unwrap(),
        "\u{feff}[^1]: Seven.\r\n"
    );
}
