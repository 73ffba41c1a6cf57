//! Hostile and broken input: every case ends in a clear message (with the
//! file and position where there is one) or a good build, never a panic, a
//! crash or a hang, and never a changed source file.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::common::{project_bytes, stderr};

const META: &str = "title = \"Hostile\"\ndate = 2007\nstatus = \"final\"\nsections = [\"s.md\"]\n";

/// Runs briefc and checks it ended on its own terms: exit 0, 1 or 2, never
/// a panic (101) or a signal, within a time limit.
fn run(root: &Path, args: &[&str]) -> Output {
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_briefc"))
        .args(["--color", "never"])
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        matches!(output.status.code(), Some(0..=2)),
        "briefc {args:?} ended with {:?}:\n{stderr}",
        output.status
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "briefc {args:?} took {:?}",
        started.elapsed()
    );
    output
}

/// Builds the editions that briefc writes itself. The PDF's limits refuse
/// most of these before Typst starts, which tests/it/pull_request.rs
/// checks; tests/it/pdf.rs has its own hostile cases.
fn build(root: &Path) -> Output {
    let out = root.join("dist");
    run(
        root,
        &[
            "build",
            "--format",
            "html,text,json",
            "--out",
            out.to_str().unwrap(),
        ],
    )
}

#[test]
fn invalid_utf8_and_nul_bytes() {
    let p = project_bytes(&[
        ("briefings/b/briefing.toml", META.as_bytes()),
        ("briefings/b/s.md", b"# S\n\nBad \xC3\x28 byte.\n"),
    ]);
    let output = build(p.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("briefings/b/s.md is not valid UTF-8 (byte offset 9)"));
    assert!(
        stderr(&output).contains("--> briefings/b/s.md:3:5"),
        "{}",
        stderr(&output)
    );

    std::fs::write(
        p.path().join("briefings/b/s.md"),
        b"# S\n\nA NUL \0 byte.\n",
    )
    .unwrap();
    let output = build(p.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(p.path().join("dist/b/b.txt")).unwrap();
    assert!(
        text.contains("A NUL \u{FFFD} byte."),
        "NUL is shown as a replacement character"
    );
}

#[test]
fn empty_files() {
    let p = project_bytes(&[
        ("briefings/b/briefing.toml", b""),
        ("briefings/b/s.md", b""),
    ]);
    let output = build(p.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("briefing.toml has no `title`"));
    std::fs::write(p.path().join("briefings/b/briefing.toml"), META).unwrap();
    assert_eq!(build(p.path()).status.code(), Some(0));
}

#[test]
fn a_twenty_megabyte_paragraph_and_a_one_megabyte_heading() {
    let mut section = String::from("# ");
    section.push_str(&"heading ".repeat(128 * 1024));
    section.push_str("\n\n");
    section.push_str(&"word ".repeat(4 * 1024 * 1024));
    section.push_str("[^1]\n");
    let p = project_bytes(&[
        ("briefings/b/briefing.toml", META.as_bytes()),
        ("briefings/b/s.md", section.as_bytes()),
        ("footnotes/b.md", b"[^1]: The note.\n"),
    ]);
    let output = build(p.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(p.path().join("dist/b/b.txt")).unwrap();
    assert!(
        text.lines()
            .all(|l| l.chars().count() <= 72 || !l.trim().contains(' '))
    );
}

#[test]
fn a_hundred_thousand_footnotes() {
    let mut section = String::from("# S\n\n");
    let mut notes = String::new();
    for i in 1..=100_000 {
        section.push_str(&format!("Claim {i}.[^{i}]\n"));
        notes.push_str(&format!("[^{i}]: Note {i}.\n"));
    }
    let p = project_bytes(&[
        ("briefings/b/briefing.toml", META.as_bytes()),
        ("briefings/b/s.md", section.as_bytes()),
        ("footnotes/b.md", notes.as_bytes()),
    ]);
    let output = build(p.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(p.path().join("dist/b/b.txt")).unwrap();
    assert!(text.contains("[100000] Note 100000."));
}

#[test]
fn ten_thousand_nested_lists_and_quotes_are_flattened_with_a_warning() {
    let deep_list = format!("# L\n\n{}item\n", "- ".repeat(10_000));
    let deep_quote = format!(
        "# Q\n\n{} deep quote\n\n{}*x*\n",
        ">".repeat(10_000),
        "*_".repeat(5_000)
    );
    let p = project_bytes(&[
        (
            "briefings/b/briefing.toml",
            b"title = \"Deep\"\ndate = 2007\nstatus = \"final\"\nsections = [\"l.md\", \"q.md\"]\n",
        ),
        ("briefings/b/l.md", deep_list.as_bytes()),
        ("briefings/b/q.md", deep_quote.as_bytes()),
    ]);
    let output = build(p.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("warning[deep-nesting]"),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("briefings/b/l.md:3:"),
        "{}",
        stderr(&output)
    );
    let text = std::fs::read_to_string(p.path().join("dist/b/b.txt")).unwrap();
    // The text is wrapped to what width is left inside 64 levels.
    assert!(
        text.contains("item") && text.contains("deep") && text.contains("quote"),
        "nothing is lost"
    );
}

#[test]
fn section_paths_that_lead_out_or_are_directories() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "# Secret\n").unwrap();
    let p = project_bytes(&[
        (
            "briefings/b/briefing.toml",
            format!(
                "title = \"T\"\ndate = 2007\nstatus = \"final\"\nsections = [\"../x.md\", \"{}\", \"link.md\", \"folder.md\"]\n",
                outside.path().join("secret.md").display()
            )
            .as_bytes(),
        ),
        ("briefings/b/folder.md/inner.md", b"# I\n"),
    ]);
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        p.path().join("briefings/b/link.md"),
    )
    .unwrap();
    let output = build(p.path());
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("section path `../x.md` must be a relative path"),
        "{message}"
    );
    assert!(
        message.contains("secret.md` must be a relative path"),
        "{message}"
    );
    assert!(
        message.contains(
            "section path `link.md` leads out of the briefing's directory through a symbolic link"
        ),
        "{message}"
    );
    assert!(
        message.contains("briefings/b/folder.md is a directory, not a section file"),
        "{message}"
    );
    assert!(
        message.contains("--> briefings/b/briefing.toml:4:"),
        "{message}"
    );
}

#[test]
fn templates_that_do_not_parse_or_include_themselves() {
    let p = project_bytes(&[
        ("briefings/b/briefing.toml", META.as_bytes()),
        ("briefings/b/s.md", b"# S\n"),
        (
            "templates/briefing.txt.tera",
            b"{% include \"briefing.txt.tera\" %}\n",
        ),
    ]);
    let output = build(p.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("Circular include"),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("templates/briefing.txt.tera:1:1"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn toml_with_deep_nesting_and_huge_numbers() {
    let deep = format!(
        "title = \"T\"\ndate = 2007\nstatus = \"final\"\nsections = [\"s.md\"]\nextra = {}1{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let p = project_bytes(&[
        ("briefings/b/briefing.toml", deep.as_bytes()),
        ("briefings/b/s.md", b"# S\n"),
    ]);
    let output = build(p.path());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("briefings/b/briefing.toml"),
        "{}",
        stderr(&output)
    );

    let huge = "title = \"T\"\ndate = 2007\nstatus = \"final\"\nsections = [\"s.md\"]\n\n[footnotes]\nstart = 99999999999999999999999\n";
    std::fs::write(p.path().join("briefings/b/briefing.toml"), huge).unwrap();
    let output = build(p.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("briefings/b/briefing.toml:7:9"),
        "{}",
        stderr(&output)
    );

    let big = "title = \"T\"\ndate = 2007\nstatus = \"final\"\nsections = [\"s.md\"]\n\n[footnotes]\nstart = 9223372036854775807\n";
    std::fs::write(p.path().join("briefings/b/briefing.toml"), big).unwrap();
    let output = build(p.path());
    assert!(
        stderr(&output).contains("`start` in [footnotes] must be between 1 and 1000000"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn untrusted_text_is_escaped_and_script_urls_refused() {
    let p = project_bytes(&[
        (
            "briefings/b/briefing.toml",
            b"title = \"<script>alert(1)</script> & \\\"Co\\\"\"\nsubtitle = \"a < b\"\ndate = 2007\nstatus = \"final\"\nsections = [\"s.md\"]\n",
        ),
        ("briefings/b/s.md", b"# S\n\nText.[^1]\n"),
        ("footnotes/b.md", b"[^1]: [@s].\n"),
        (
            "footnotes/sources.toml",
            b"[s]\ntype = \"web\"\ntitle = \"<b>Bold</b> & \\\"quoted\\\"\"\nurl = \"https://example.org/?a=1&b=\\\"2\\\"\"\n",
        ),
    ]);
    let output = build(p.path());
    assert_eq!(
        output.status.code(),
        Some(1),
        "a quote in a URL is refused: {}",
        stderr(&output)
    );
    std::fs::write(
        p.path().join("footnotes/sources.toml"),
        b"[s]\ntype = \"web\"\ntitle = \"<b>Bold</b> & Co\"\nurl = \"https://example.org/?a=1&b=2\"\n",
    )
    .unwrap();
    let output = build(p.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let html = std::fs::read_to_string(p.path().join("dist/b/index.html")).unwrap();
    assert!(!html.contains("<script>alert"), "metadata is escaped");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;"),
        "{html}"
    );
    assert!(html.contains("&lt;b&gt;Bold&lt;/b&gt; &amp; Co"));
    assert!(html.contains("href=\"https://example.org/?a=1&amp;b=2\""));
    let index = std::fs::read_to_string(p.path().join("dist/index.html")).unwrap();
    assert!(!index.contains("<script>alert"));

    std::fs::write(
        p.path().join("footnotes/sources.toml"),
        b"[s]\ntype = \"web\"\ntitle = \"T\"\nurl = \"javascript:alert(1)\"\n",
    )
    .unwrap();
    let output = build(p.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("only http:// and https:// addresses are allowed"));
}

#[test]
fn a_directory_where_a_file_should_be() {
    for path in [
        "footnotes/b.md",
        "briefc.toml",
        "briefings/b/briefing.toml",
        "footnotes/sources.toml",
    ] {
        let p = project_bytes(&[
            ("briefings/b/briefing.toml", META.as_bytes()),
            ("briefings/b/s.md", b"# S\n"),
        ]);
        let target = p.path().join(path);
        let _ = std::fs::remove_file(&target);
        std::fs::create_dir_all(&target).unwrap();
        let output = build(p.path());
        // Reported like any problem of the sources, with the others.
        assert_eq!(output.status.code(), Some(1), "{path}: {}", stderr(&output));
        let message = stderr(&output);
        assert!(
            message.contains(&format!("{path} is a directory, not a regular file")),
            "{message}"
        );
        assert!(message.contains("refused-file"), "{message}");
    }
}

/// Runs briefc as an unprivileged user where the tests run as root (as CI
/// does), so that file permissions apply; `None` when that is not possible.
fn run_unprivileged(root: &Path, args: &[&str]) -> Option<Output> {
    // The effective user: /proc/self belongs to it.
    let is_root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false);
    let binary = env!("CARGO_BIN_EXE_briefc");
    let output = if is_root {
        if !Path::new("/usr/bin/setpriv").exists() {
            return None;
        }
        Command::new("/usr/bin/setpriv")
            .args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                binary,
                "--color",
                "never",
            ])
            .args(args)
            .arg("--root")
            .arg(root)
            .output()
            .unwrap()
    } else {
        Command::new(binary)
            .args(["--color", "never"])
            .args(args)
            .arg("--root")
            .arg(root)
            .output()
            .unwrap()
    };
    // The unprivileged user may not reach the binary (a checkout readable
    // by root alone): nothing can be learnt here then.
    if matches!(output.status.code(), Some(126 | 127)) {
        return None;
    }
    assert!(
        matches!(output.status.code(), Some(0..=2)),
        "{:?}: {}",
        output.status,
        stderr(&output)
    );
    Some(output)
}

/// Opens a project to everyone, so the unprivileged user can read it.
fn open_up(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        let mode = if path.is_dir() { 0o777 } else { 0o666 };
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        }
    }
}

#[test]
fn an_unreadable_file_and_a_read_only_output_directory() {
    use std::os::unix::fs::PermissionsExt;
    let p = project_bytes(&[
        ("briefings/b/briefing.toml", META.as_bytes()),
        ("briefings/b/s.md", b"# S\n\nText.\n"),
    ]);
    open_up(p.path());
    let section = p.path().join("briefings/b/s.md");
    std::fs::set_permissions(&section, std::fs::Permissions::from_mode(0o000)).unwrap();
    let Some(output) = run_unprivileged(p.path(), &["build"]) else {
        eprintln!("skipped: cannot drop privileges here");
        return;
    };
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(&format!("cannot read {}", section.display())),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("Permission denied"),
        "{}",
        stderr(&output)
    );

    // A good build, then an output directory nobody may write to.
    std::fs::set_permissions(&section, std::fs::Permissions::from_mode(0o666)).unwrap();
    let Some(output) = run_unprivileged(p.path(), &["build"]) else {
        return;
    };
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let dist = p.path().join("dist");
    let before = std::fs::read(dist.join("b/b.txt")).unwrap();
    std::fs::set_permissions(p.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    std::fs::write(&section, "# S\n\nChanged text.\n").unwrap();
    let output = run_unprivileged(p.path(), &["build"]);
    std::fs::set_permissions(p.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let Some(output) = output else { return };
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("cannot"), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("Permission denied"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read(dist.join("b/b.txt")).unwrap(),
        before,
        "the previous output is untouched"
    );
}
