//! What briefc guarantees to an author whose contributors are careless or
//! hostile (docs/guarantees.md): nothing outside the project is read,
//! nothing the author did not mean is published, renumbering changes all
//! files or none, and no source can act on the terminal or the CI runner.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{briefc, project};

const META: &str =
    "title = \"Trust\"\ndate = 2007-01-23\nstatus = \"final\"\nsections = [\"s.md\"]\n";

/// Runs briefc, killing it if it has not finished within `limit`.
fn briefc_within(root: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefc"))
        .args(["--color", "never"])
        .args(args)
        .arg("--root")
        .arg(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("briefc {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn simple(section: &str, notes: &str) -> tempfile::TempDir {
    project(&[
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", section),
        ("footnotes/b.md", notes),
    ])
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn page(root: &Path) -> String {
    std::fs::read_to_string(root.join("dist/b/index.html")).unwrap()
}

fn text(root: &Path) -> String {
    std::fs::read_to_string(root.join("dist/b/b.txt")).unwrap()
}

// 1. renumber is all-or-nothing -------------------------------------------

/// Three files whose labels must all change: `[^2]` is printed first.
fn to_renumber() -> tempfile::TempDir {
    project(&[
        (
            "briefings/b/briefing.toml",
            "title = \"T\"\ndate = 2007-01-23\nstatus = \"final\"\nsections = [\"one.md\", \"two.md\"]\n",
        ),
        ("briefings/b/one.md", "# One\n\nFirst.[^2]\n"),
        ("briefings/b/two.md", "# Two\n\nSecond.[^1]\n"),
        ("footnotes/b.md", "[^1]: Was first.\n\n[^2]: Was second.\n"),
    ])
}

fn read_all(root: &Path) -> Vec<(String, String)> {
    ["briefings/b/one.md", "briefings/b/two.md", "footnotes/b.md"]
        .iter()
        .map(|p| {
            (
                p.to_string(),
                std::fs::read_to_string(root.join(p)).unwrap(),
            )
        })
        .collect()
}

/// Every file below `root`, to see that no companion or journal is left.
fn all_files(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path.clone());
            }
            out.push(path.strip_prefix(root).unwrap().display().to_string());
        }
    }
    out.sort();
    out
}

#[test]
#[cfg(unix)]
fn a_read_only_file_is_refused_and_nothing_is_written() {
    use std::os::unix::fs::PermissionsExt;
    let p = to_renumber();
    let before = read_all(p.path());
    let notes = p.path().join("footnotes/b.md");
    std::fs::set_permissions(&notes, std::fs::Permissions::from_mode(0o444)).unwrap();
    let output = briefc(p.path(), &["renumber"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("footnotes/b.md is read-only"),
        "{}",
        stderr(&output)
    );
    assert_eq!(read_all(p.path()), before);
    assert!(!all_files(p.path()).iter().any(|f| f.contains("briefc")));
}

#[test]
fn a_failed_rename_is_rolled_back() {
    let p = to_renumber();
    let before = read_all(p.path());
    let output = Command::new(env!("CARGO_BIN_EXE_briefc"))
        .args(["--color", "never", "renumber", "--root"])
        .arg(p.path())
        .env("BRIEFC_TEST_FAIL_RENAME_AT", "2")
        .output()
        .unwrap();
    assert_ne!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("nothing was changed"),
        "{}",
        stderr(&output)
    );
    assert_eq!(read_all(p.path()), before);
    let left: Vec<String> = all_files(p.path())
        .into_iter()
        .filter(|f| f.contains("briefc"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
#[cfg(unix)]
fn links_stay_links_and_hard_links_share_the_new_text() {
    let p = to_renumber();
    // one.md is a link to a file kept in a folder of the briefing.
    std::fs::create_dir_all(p.path().join("briefings/b/kept")).unwrap();
    std::fs::create_dir_all(p.path().join("shared")).unwrap();
    std::fs::rename(
        p.path().join("briefings/b/one.md"),
        p.path().join("briefings/b/kept/one.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink("kept/one.md", p.path().join("briefings/b/one.md")).unwrap();
    // The notes have a second hard link.
    std::fs::hard_link(
        p.path().join("footnotes/b.md"),
        p.path().join("shared/notes-copy.md"),
    )
    .unwrap();
    let output = briefc(p.path(), &["renumber"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let link = p.path().join("briefings/b/one.md");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(&link).unwrap(),
        "# One\n\nFirst.[^1]\n"
    );
    let notes = std::fs::read_to_string(p.path().join("footnotes/b.md")).unwrap();
    assert_eq!(notes, "[^2]: Was first.\n\n[^1]: Was second.\n");
    assert_eq!(
        std::fs::read_to_string(p.path().join("shared/notes-copy.md")).unwrap(),
        notes
    );
}

#[test]
fn an_unfinished_journal_is_completed_by_the_next_command() {
    let p = to_renumber();
    // What a renumbering killed just after it committed leaves behind.
    std::fs::create_dir_all(p.path().join(".briefc")).unwrap();
    std::fs::write(
        p.path().join("footnotes/.b.md.briefc-new"),
        "[^2]: Was first.\n\n[^1]: Was second.\n",
    )
    .unwrap();
    std::fs::write(
        p.path().join("briefings/b/.one.md.briefc-new"),
        "# One\n\nFirst.[^1]\n",
    )
    .unwrap();
    std::fs::write(
        p.path().join("briefings/b/.two.md.briefc-new"),
        "# Two\n\nSecond.[^2]\n",
    )
    .unwrap();
    std::fs::write(
        p.path().join(".briefc/renumber.journal"),
        r#"{"version": 1, "state": "committed", "entries": [
            {"target": "briefings/b/one.md", "in_place": false},
            {"target": "briefings/b/two.md", "in_place": false},
            {"target": "footnotes/b.md", "in_place": false}]}"#,
    )
    .unwrap();
    let output = briefc(p.path(), &["check"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "an interrupted change of the sources (`briefc renumber` or `review --apply`) was completed: 3 files"
        ),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(p.path().join("briefings/b/two.md")).unwrap(),
        "# Two\n\nSecond.[^2]\n"
    );
    assert!(!all_files(p.path()).iter().any(|f| f.contains("briefc")));
}

#[test]
fn a_journal_cannot_name_a_file_outside_the_project() {
    let p = to_renumber();
    std::fs::create_dir_all(p.path().join(".briefc")).unwrap();
    std::fs::write(
        p.path().join(".briefc/renumber.journal"),
        r#"{"version": 1, "state": "committed", "entries": [{"target": "../../etc/passwd", "in_place": true}]}"#,
    )
    .unwrap();
    let output = briefc(p.path(), &["check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("not a file of the project"),
        "{}",
        stderr(&output)
    );
}

// 2. Nothing outside the project is read ----------------------------------

#[test]
#[cfg(unix)]
fn links_out_of_the_project_are_refused_for_every_input() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "CI_SECRET=hunter2\n").unwrap();
    for link in [
        "templates/secret.tera",
        "footnotes/b.md",
        "footnotes/sources.toml",
        "briefc.toml",
        "footnotes/b/more.md",
        "templates/partials",
    ] {
        let p = simple("# S\n\nText.[^1]\n", "[^1]: A note.\n");
        if link == "footnotes/b.md" {
            std::fs::remove_file(p.path().join(link)).unwrap();
            std::fs::write(p.path().join("footnotes/b/x.md"), "")
                .or_else(|_| {
                    std::fs::create_dir_all(p.path().join("footnotes/b"))?;
                    std::fs::write(p.path().join("footnotes/b/x.md"), "[^1]: A note.\n")
                })
                .unwrap();
        }
        let path = p.path().join(link);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let target = if link == "templates/partials" {
            outside.path().to_path_buf()
        } else {
            secret.clone()
        };
        std::os::unix::fs::symlink(&target, &path).unwrap();
        let output = briefc(p.path(), &["build"]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{link}: {message}");
        assert!(message.contains("refused-file"), "{link}: {message}");
        assert!(
            message.contains("leads out of the project through a symbolic link"),
            "{link}: {message}"
        );
        assert!(!message.contains("hunter2"), "{link}: {message}");
        assert!(
            !p.path().join("dist").exists(),
            "{link}: something was written"
        );
    }
}

#[test]
#[cfg(unix)]
fn a_template_cannot_include_the_environment() {
    let p = simple("# S\n\nText.\n", "");
    std::fs::create_dir_all(p.path().join("templates")).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", p.path().join("templates/env.tera")).unwrap();
    std::fs::write(
        p.path().join("templates/briefing.html.tera"),
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>x</title></head><body>{% include \"env.tera\" %}</body></html>",
    )
    .unwrap();
    let output = briefc(p.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("templates/env.tera leads out of the project"));
    assert!(!p.path().join("dist").exists());
}

#[test]
#[cfg(unix)]
fn a_fifo_where_a_file_should_be_never_blocks() {
    for fifo in [
        "footnotes/b.md",
        "briefc.toml",
        "templates/briefing.html.tera",
        "footnotes/sources.toml",
        "briefings/b/s.md",
    ] {
        let p = simple("# S\n\nText.\n", "");
        let path = p.path().join(fifo);
        let _ = std::fs::remove_file(&path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let made = Command::new("mkfifo").arg(&path).status().unwrap();
        assert!(made.success());
        for command in ["check", "build"] {
            let output = briefc_within(p.path(), &[command], Duration::from_secs(20));
            let message = stderr(&output);
            assert_eq!(output.status.code(), Some(1), "{fifo} {command}: {message}");
            assert!(
                message.contains(&format!(
                    "{fifo} is a FIFO (named pipe), not a regular file"
                )),
                "{fifo}: {message}"
            );
        }
    }
}

#[test]
#[cfg(unix)]
fn a_symlink_loop_is_named_as_a_loop() {
    let p = simple("# S\n\nText.\n", "");
    std::os::unix::fs::symlink("loop-b.toml", p.path().join("loop-a.toml")).unwrap();
    std::os::unix::fs::symlink("loop-a.toml", p.path().join("loop-b.toml")).unwrap();
    std::fs::remove_file(p.path().join("footnotes/b.md")).unwrap();
    std::os::unix::fs::symlink("../loop-a.toml", p.path().join("footnotes/b.md")).unwrap();
    let output = briefc(p.path(), &["check"]);
    assert!(
        stderr(&output).contains("footnotes/b.md is a symbolic link loop"),
        "{}",
        stderr(&output)
    );
    // An output directory that loops is named as one too.
    std::fs::remove_file(p.path().join("footnotes/b.md")).unwrap();
    std::os::unix::fs::symlink("loop-b.toml", p.path().join("dist")).unwrap();
    std::fs::remove_file(p.path().join("loop-b.toml")).ok();
    std::os::unix::fs::symlink("dist", p.path().join("loop-b.toml")).unwrap();
    let output = briefc(p.path(), &["build"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is a symbolic link loop"),
        "{}",
        stderr(&output)
    );
}

#[test]
#[cfg(unix)]
fn eject_never_writes_through_a_link() {
    let p = simple("# S\n\nText.\n", "");
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), p.path().join("templates")).unwrap();
    let output = briefc(p.path(), &["templates", "--eject"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains(&format!(
            "is a symbolic link to {}, outside the project; refusing to write through it",
            outside.path().canonicalize().unwrap().display()
        )),
        "{message}"
    );
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    // A dangling link with a template's name is not followed either.
    std::fs::remove_file(p.path().join("templates")).unwrap();
    std::fs::create_dir(p.path().join("templates")).unwrap();
    let victim = outside.path().join("victim");
    std::os::unix::fs::symlink(&victim, p.path().join("templates/style.css.tera")).unwrap();
    let output = briefc(p.path(), &["templates", "--eject"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!victim.exists());
}

// 3. No live script in a published page -----------------------------------

#[test]
fn script_links_are_errors_however_they_are_written() {
    for (section, notes) in [
        ("# S\n\n[click](javascript:alert(1))\n", ""),
        ("# S\n\n[click](JaVaScRiPt:alert(1))\n", ""),
        ("# S\n\n[click](java&#x09;script:alert(1))\n", ""),
        ("# S\n\n[click](&#106;avascript:alert(1))\n", ""),
        ("# S\n\n[click](<  javascript:alert(1)>)\n", ""),
        ("# S\n\n<javascript:alert(1)>\n", ""),
        ("# S\n\n![x](data:image/svg+xml;base64,PHN2Zz4=)\n", ""),
        ("# S\n\n[x][ref]\n\n[ref]: vbscript:msgbox(1)\n", ""),
        (
            "# S\n\nText.[^1]\n",
            "[^1]: See [the file](file:///etc/passwd).\n",
        ),
    ] {
        let p = simple(section, notes);
        let output = briefc(p.path(), &["build"]);
        let message = stderr(&output);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{section} {notes}: {message}"
        );
        assert!(
            message.contains("error[unsafe-link]"),
            "{section}: {message}"
        );
        assert!(!p.path().join("dist").exists());
    }
    // The summary is checked like any text.
    let p = project(&[
        (
            "briefings/b/briefing.toml",
            &format!("{META}summary = \"Read [this](javascript:alert(1)).\"\n"),
        ),
        ("briefings/b/s.md", "# S\n\nText.\n"),
    ]);
    let output = briefc(p.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("briefings/b/briefing.toml:5:"),
        "{}",
        stderr(&output)
    );
}

// 4. Comments are never published -----------------------------------------

#[test]
fn comments_are_never_published_and_the_text_around_them_is() {
    for allow in [false, true] {
        let settings = format!("allow_raw_html = {allow}\n");
        let p = project(&[
            ("briefc.toml", settings.as_str()),
            ("briefings/b/briefing.toml", META),
            (
                "briefings/b/s.md",
                "# S\n\n<div>\n<!-- internal note: do not publish -->\n</div>\n\n<!-- a --> Visible <!-- b -->\n\nInline <!-- editor: check the date --> kept.[^1]\n\n<!-- only a comment -->\n",
            ),
            (
                "footnotes/b.md",
                "[^1]: A note <!-- source unconfirmed --> here.\n",
            ),
        ]);
        let output = briefc(p.path(), &["build"]);
        assert!(output.status.success(), "{}", stderr(&output));
        for edition in [page(p.path()), text(p.path())] {
            for secret in [
                "internal note",
                "editor:",
                "unconfirmed",
                "only a comment",
                "<!--",
            ] {
                assert!(
                    !edition.contains(secret),
                    "allow={allow}: `{secret}` published"
                );
            }
            assert!(edition.contains("Visible"), "allow={allow}: text lost");
            assert!(edition.contains("Inline"), "allow={allow}");
            assert!(edition.contains("here."), "allow={allow}");
        }
    }
}

// 5. Logs cannot be hijacked ----------------------------------------------

#[test]
fn sources_cannot_act_on_the_terminal_or_the_ci_runner() {
    let p = project(&[
        (
            "briefings/b/briefing.toml",
            "title = \"Evil\\u001b]0;pwned\\u0007 \\u202Egnp.exe\"\ndate = 2007-01-23\nstatus = \"final\"\nsections = [\"s.md\"]\n\"x\\n::error file=a.md::forged\" = 1\n",
        ),
        ("briefings/b/s.md", "# S\n\nText.\n"),
        ("briefings/b/\u{1b}[2Jclear.md", "# unlisted\n"),
    ]);
    let list = briefc(p.path(), &["list"]);
    let check = briefc(p.path(), &["check"]);
    let github = briefc(p.path(), &["check", "--format", "github"]);
    let json = briefc(p.path(), &["check", "--format", "json"]);
    for (name, out) in [
        ("list", stdout(&list)),
        ("check", stderr(&check)),
        ("github", stdout(&github)),
        ("json", stdout(&json)),
    ] {
        assert!(
            !out.contains('\u{1b}'),
            "{name}: an escape sequence was printed:\n{out}"
        );
        assert!(
            !out.contains('\u{202e}'),
            "{name}: a bidi override was printed"
        );
        assert!(!out.contains('\u{7}'), "{name}: BEL was printed");
        for line in out.lines() {
            if name != "github" {
                assert!(!line.trim_start().starts_with("::"), "{name}: {line}");
            } else {
                assert!(
                    line.starts_with("::error file=briefings/b/")
                        || line.starts_with("::warning file=briefings/b/"),
                    "{line}"
                );
            }
        }
    }
    assert!(stdout(&list).contains("\\u{202e}"), "{}", stdout(&list));
    assert!(
        stderr(&check).contains("\\u{1b}[2Jclear.md"),
        "{}",
        stderr(&check)
    );
    assert!(stdout(&json).contains("\\u202e") || stdout(&json).contains("\\u001b"));
}

#[test]
fn a_hint_shows_a_difference_that_cannot_be_seen() {
    // A Cyrillic `а` in the reference, a Latin `a` in the definition.
    let p = simple("# S\n\nText.[^not\u{430}]\n", "[^nota]: A note.\n");
    let output = briefc(p.path(), &["check"]);
    let message = stderr(&output);
    assert!(
        message.contains(
            "did you mean [^nota (it looks the same but differs: U+0061 where the text has U+0430)]"
        ),
        "{message}"
    );
    let p = simple("# S\n\nText.[^no\u{200b}ta]\n", "[^nota]: A note.\n");
    let message = stderr(&briefc(p.path(), &["check"]));
    assert!(message.contains("[^no\\u{200b}ta]"), "{message}");
}

// 7. Near-miss citations ----------------------------------------------------

#[test]
fn near_miss_citations_are_reported_with_their_fix() {
    let library = "[hrw]\ntype = \"report\"\nauthor = \"Example Rights Watch\"\ntitle = \"Still at Risk\"\ndate = 2005-04-14\n";
    for (note, fix) in [
        ("[@hrw p. 12]", "`[@hrw, p. 12]`"),
        ("[@hrw.]", "`[@hrw].`"),
        ("[@ hrw]", "`[@hrw]`"),
        ("[@hr\u{200b}w]", "`[@hrw]`"),
        ("[@hrw,]", "`[@hrw]`"),
    ] {
        let p = project(&[
            ("briefings/b/briefing.toml", META),
            ("briefings/b/s.md", "# S\n\nText.[^1]\n"),
            ("footnotes/b.md", &format!("[^1]: See {note}\n")),
            ("footnotes/sources.toml", library),
        ]);
        let output = briefc(p.path(), &["check"]);
        let message = stderr(&output);
        assert!(
            message.contains("warning[malformed-citation]"),
            "{note}: {message}"
        );
        assert!(
            message.contains(&format!("write it as {fix}")),
            "{note}: {message}"
        );
        assert!(message.contains("footnotes/b.md:1:11"), "{note}: {message}");
        let denied = briefc(p.path(), &["check", "--deny-warnings"]);
        assert_eq!(denied.status.code(), Some(1));
    }
}

#[test]
fn an_invalid_source_is_reported_once() {
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", "# S\n\nText.[^1]\n"),
        ("footnotes/b.md", "[^1]: [@bad].\n"),
        ("footnotes/sources.toml", "[bad]\ntitle = \"No type\"\n"),
    ]);
    let message = stderr(&briefc(p.path(), &["check"]));
    assert!(message.contains("error[invalid-source]"), "{message}");
    assert!(!message.contains("unknown-source"), "{message}");
    assert!(!message.contains("add the source"), "{message}");
}

// 8. Templates cannot hang or exhaust the machine ---------------------------

#[test]
fn runaway_templates_stop_with_a_template_error() {
    for template in [
        // Loops that never end in practice.
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% for k in range(end=100000) %}{% endfor %}{% endfor %}{% endfor %}",
        // Gigabytes of output.
        "{% for i in range(end=100000) %}{% for j in range(end=1000) %}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}{% endfor %}",
        // A loop that writes nothing and calls no function.
        "{% set xs = [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50] %}{% for a in xs %}{% for b in xs %}{% for c in xs %}{% for d in xs %}{% for e in xs %}{% for f in xs %}{% set_global n = 1 %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}",
    ] {
        let p = project(&[
            ("briefc.toml", "[templates]\ntimeout = 2\n"),
            ("briefings/b/briefing.toml", META),
            ("briefings/b/s.md", "# S\n\nText.\n"),
            ("templates/briefing.txt.tera", template),
        ]);
        let output = briefc_within(p.path(), &["build"], Duration::from_secs(30));
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{message}");
        assert!(message.contains("error[template-error]"), "{message}");
        assert!(message.contains("templates/briefing.txt.tera"), "{message}");
        assert!(!message.contains("panicked"), "{message}");
        // The plain text is left out; the page and the PDF are written.
        assert!(
            message.contains("left out: the plain text of `b`"),
            "{message}"
        );
        assert!(!p.path().join("dist/b/b.txt").exists());
        assert!(p.path().join("dist/b/index.html").is_file());
    }
}

// 9. Small things that lose work or confuse ---------------------------------

#[test]
fn new_refuses_ids_that_cannot_be_checked_out_everywhere() {
    let p = simple("# S\n\nText.\n", "");
    for id in ["con", "nul", "aux", "prn", "com1", "lpt9", "---", "-"] {
        let output = Command::new(env!("CARGO_BIN_EXE_briefc"))
            .args(["--color", "never", "new", "--root"])
            .arg(p.path())
            .args(["--", id])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{id}");
        assert!(
            stderr(&output).contains("is not a valid briefing id"),
            "{id}"
        );
        assert!(!p.path().join("briefings").join(id).exists());
    }
    let output = briefc(p.path(), &["new", "com10"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn a_failed_new_leaves_nothing_that_blocks_a_retry() {
    let p = simple("# S\n\nText.\n", "");
    // footnotes/ cannot take the new notes: a file stands in its way.
    std::fs::create_dir_all(p.path().join("footnotes/fresh.md")).unwrap();
    std::fs::write(p.path().join("footnotes/fresh.md/keep"), "x").unwrap();
    let output = briefc(p.path(), &["new", "fresh"]);
    assert_ne!(output.status.code(), Some(0));
    assert!(!p.path().join("briefings/fresh").exists());
    assert!(!p.path().join(".briefc").exists());
    std::fs::remove_dir_all(p.path().join("footnotes/fresh.md")).unwrap();
    let output = briefc(p.path(), &["new", "fresh"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let build = briefc(p.path(), &["build", "--drafts"]);
    assert!(build.status.success(), "{}", stderr(&build));
}

#[test]
#[cfg(unix)]
fn an_output_link_stays_a_link() {
    let p = simple("# S\n\nText.\n", "");
    let deploy = tempfile::tempdir().unwrap();
    let target = deploy.path().join("site");
    std::os::unix::fs::symlink(&target, p.path().join("dist")).unwrap();
    for _ in 0..2 {
        let output = briefc(p.path(), &["build"]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(
            std::fs::symlink_metadata(p.path().join("dist"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(target.join("b/index.html").is_file());
    }
    assert_eq!(
        std::fs::read_dir(deploy.path()).unwrap().count(),
        1,
        "nothing but the site is left beside it"
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let p = simple("# S\n\nText.\n", "");
    for args in [
        &["list"][..],
        &["sources"],
        &["templates"],
        &["check", "--format", "json"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = Command::new(env!("CARGO_BIN_EXE_briefc"))
            .args(args)
            .arg("--root")
            .arg(p.path())
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(!stderr(&output).contains("panicked"), "{args:?}");
    }
}
