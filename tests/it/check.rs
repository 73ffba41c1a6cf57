//! `briefc check`: one directory per diagnostic under tests/check/, each
//! with a `bad` project that must trigger it and a `good` one that must
//! report nothing. Beside `bad` stand the expected JSON and human output
//! (`bad.expected.json`, `bad.expected.txt`); `BRIEFC_BLESS=1` rewrites
//! them after a deliberate change.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::common::project_bytes;

fn check(project: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefc"))
        .args(["--color", "never", "check", "--root"])
        .arg(project)
        .args(args)
        .output()
        .unwrap()
}

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("bad").is_dir())
        .collect();
    cases.sort();
    cases
}

/// The documented shape of `check --format json`, version 1.
fn assert_shape(document: &Value) {
    assert_eq!(document["version"], 1);
    let summary = &document["summary"];
    for key in ["errors", "warnings", "briefings"] {
        assert!(summary[key].is_u64(), "summary.{key}");
    }
    for d in document["diagnostics"].as_array().unwrap() {
        for key in ["code", "severity", "message", "file"] {
            assert!(d[key].is_string(), "{key} in {d}");
        }
        for key in ["line", "column", "end_line", "end_column"] {
            assert!(d[key].as_u64().unwrap() >= 1, "{key} in {d}");
        }
        assert!(["error", "warning"].contains(&d["severity"].as_str().unwrap()));
        assert!(d["help"].is_string() || d["help"].is_null());
        assert!(
            !d["file"].as_str().unwrap().starts_with('/'),
            "paths are relative"
        );
        for label in d["labels"].as_array().unwrap() {
            assert!(label["file"].is_string() && label["message"].is_string());
            assert!(label["line"].as_u64().unwrap() >= 1 && label["column"].as_u64().unwrap() >= 1);
        }
    }
    assert_eq!(
        document.as_object().unwrap().len(),
        3,
        "no keys beyond the documented ones"
    );
}

#[test]
fn every_diagnostic_is_found_where_it_is_and_only_there() {
    let bless = std::env::var_os("BRIEFC_BLESS").is_some();
    let cases = cases();
    assert!(cases.len() >= 17, "a case for every diagnostic");
    let mut failures = Vec::new();
    for case in &cases {
        let code = case.file_name().unwrap().to_string_lossy().into_owned();

        let json = check(&case.join("bad"), &["--format", "json"]);
        let text = String::from_utf8(json.stdout.clone()).unwrap();
        let document: Value = serde_json::from_str(&text).unwrap();
        assert_shape(&document);
        let found: Vec<&Value> = document["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == code.as_str())
            .collect();
        if found.is_empty() {
            failures.push(format!(
                "{code}: the bad project does not trigger it:\n{text}"
            ));
        }
        let is_error = found.iter().any(|d| d["severity"] == "error");
        let expected_exit = if is_error { 1 } else { 0 };
        if json.status.code() != Some(expected_exit) {
            failures.push(format!(
                "{code}: exit code {:?}, expected {expected_exit}",
                json.status.code()
            ));
        }

        let human = check(&case.join("bad"), &[]);
        let human_text = String::from_utf8(human.stderr).unwrap();
        let expected_json = case.join("bad.expected.json");
        let expected_txt = case.join("bad.expected.txt");
        if bless {
            std::fs::write(&expected_json, &text).unwrap();
            std::fs::write(&expected_txt, &human_text).unwrap();
        } else {
            if std::fs::read_to_string(&expected_json).unwrap_or_default() != text {
                failures.push(format!(
                    "{code}: JSON differs from bad.expected.json:\n{text}"
                ));
            }
            if std::fs::read_to_string(&expected_txt).unwrap_or_default() != human_text {
                failures.push(format!(
                    "{code}: output differs from bad.expected.txt:\n{human_text}"
                ));
            }
        }

        let good = check(&case.join("good"), &["--format", "json"]);
        let document: Value = serde_json::from_slice(&good.stdout).unwrap();
        assert_shape(&document);
        if !document["diagnostics"].as_array().unwrap().is_empty() || good.status.code() != Some(0)
        {
            failures.push(format!(
                "{code}: the good project reports problems:\n{}",
                String::from_utf8_lossy(&good.stdout)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn github_format_is_one_workflow_command_per_diagnostic() {
    let project =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check/marker-before-punctuation/bad");
    let output = check(&project, &["--format", "github"]);
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(
        lines[0],
        "::warning file=briefings/b/s.md,line=3,col=8,endLine=3,endColumn=12,title=briefc(marker-before-punctuation)::footnote marker stands before `.`%0Ahelp: write `.[^1]`: markers follow punctuation"
    );
    assert!(
        lines[1].starts_with("::warning file=briefings/b/s.md,line=3,col=28,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("::warning file=briefings/fr/s.md,line=3,col=17,"),
        "a French marker after its full stop: {}",
        lines[2]
    );
    assert_eq!(output.status.code(), Some(0));
}

const META: &[u8] =
    b"title = \"T\"\ndate = 2007-01-23\nstatus = \"final\"\nsections = [\"s.md\"]\n";

#[test]
fn lints_and_deny_warnings_set_levels() {
    let p = project_bytes(&[
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", b"# S\n\nClaim.[^1]\n"),
        ("footnotes/b.md", b"[^1]: One.\n\n[^spare]: Unused.\n"),
    ]);
    assert_eq!(check(p.path(), &[]).status.code(), Some(0));
    assert_eq!(check(p.path(), &["--deny-warnings"]).status.code(), Some(1));

    std::fs::write(
        p.path().join("briefc.toml"),
        "[lints]\nunused-footnote = \"deny\"\n",
    )
    .unwrap();
    let denied = check(p.path(), &["--format", "json"]);
    assert_eq!(denied.status.code(), Some(1));
    let document: Value = serde_json::from_slice(&denied.stdout).unwrap();
    assert_eq!(document["diagnostics"][0]["severity"], "error");

    std::fs::write(
        p.path().join("briefc.toml"),
        "[lints]\nunused-footnote = \"allow\"\n",
    )
    .unwrap();
    let allowed = check(p.path(), &["--format", "json", "--deny-warnings"]);
    assert_eq!(allowed.status.code(), Some(0));
    let document: Value = serde_json::from_slice(&allowed.stdout).unwrap();
    assert_eq!(document["summary"]["warnings"], 0);

    std::fs::write(
        p.path().join("briefc.toml"),
        "[lints]\nundefined-footnote = \"allow\"\nunused-fotnote = \"warn\"\n",
    )
    .unwrap();
    let bad = check(p.path(), &[]);
    let message = String::from_utf8(bad.stderr).unwrap();
    assert!(
        message.contains("`undefined-footnote` is always an error"),
        "{message}"
    );
    assert!(
        message.contains("did you mean `unused-footnote`?"),
        "{message}"
    );
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn positions_count_characters_across_crlf_tabs_and_multibyte_text() {
    let p = project_bytes(&[
        ("briefings/b/briefing.toml", META),
        (
            "briefings/b/s.md",
            "# S\r\n\r\nFirst line.\r\n\tÜnïcödé “quoted” 漢字 text.[^nope]\r\n".as_bytes(),
        ),
    ]);
    let output = check(p.path(), &["--format", "json"]);
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    let d = &document["diagnostics"][0];
    assert_eq!(d["code"], "undefined-footnote");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(4), Some(27))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(4), Some(34))
    );
}

#[test]
fn every_problem_is_reported_in_one_run_sorted_by_place() {
    let p = project_bytes(&[
        (
            "briefings/a/briefing.toml",
            b"title = \"T\"\ndate = 2007-01-23\nsections = [\"s.md\"]\nlang = \"en\"\n",
        ),
        (
            "briefings/a/s.md",
            b"# S\n\nOne.[^x] Two.[^y]\n\n## S\n\n[link](#nowhere)\n",
        ),
        (
            "briefings/b/briefing.toml",
            b"title = 3\ndate = 2007-01-23\nsections = [\"s.md\"]\n",
        ),
        ("briefings/b/s.md", b"# S\n"),
        ("footnotes/a.md", b"[^z]: Unused.\n"),
    ]);
    let output = check(p.path(), &["--format", "json"]);
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    let places: Vec<String> = document["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{} {}",
                d["file"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["code"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            "briefings/a/briefing.toml:4:1 invalid-metadata",
            "briefings/a/s.md:3:5 undefined-footnote",
            "briefings/a/s.md:3:14 undefined-footnote",
            "briefings/a/s.md:7:1 broken-anchor",
            "briefings/b/briefing.toml:1:9 invalid-metadata",
            "footnotes/a.md:1:1 unused-footnote",
        ]
    );
    assert_eq!(document["summary"]["briefings"], 2);
    assert_eq!(document["summary"]["errors"], 5);
}

#[test]
fn check_writes_nothing_and_reports_a_missing_project_as_exit_2() {
    let p = project_bytes(&[
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", b"# S\n"),
    ]);
    let output = check(p.path(), &[]);
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stderr).contains("0 errors, 0 warnings in 1 briefing"));
    assert!(!p.path().join("dist").exists());
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(check(empty.path(), &[]).status.code(), Some(2));
}

/// Many briefings are parsed and resolved across the cores, each freed as
/// soon as it is checked: every problem is still found, in its briefing,
/// in the same order as `build` reports them, whatever the order the
/// cores finished in.
#[test]
fn an_archive_is_checked_whole_and_in_order() {
    let mut files: Vec<(String, Vec<u8>)> = vec![(
        "footnotes/sources.toml".to_string(),
        b"[hrw]\ntype = \"report\"\nauthor = \"Human Rights Watch\"\ntitle = \"Not the Way Home\"\ndate = \"2007-03\"\n".to_vec(),
    )];
    for n in 0..40 {
        let id = format!("b{n:02}");
        files.push((
            format!("briefings/{id}/briefing.toml"),
            format!("title = \"Briefing {n}\"\ndate = \"2007-03-01\"\nstatus = \"final\"\nsections = [\"one.md\"]\n").into_bytes(),
        ));
        // Every seventh briefing cites a source the library lacks.
        let key = if n % 7 == 3 { "nobody" } else { "hrw" };
        files.push((
            format!("briefings/{id}/one.md"),
            format!("# Part {n}\n\nA claim.[^1] Another.[^2]\n").into_bytes(),
        ));
        files.push((
            format!("footnotes/{id}.md"),
            format!("[^1]: [@{key}, p. {n}].\n\n[^2]: [@hrw, p. 1].\n").into_bytes(),
        ));
    }
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_slice()))
        .collect();
    let project = project_bytes(&borrowed);
    let output = check(project.path(), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let places: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["code"].as_str().unwrap(),
                d["file"].as_str().unwrap()
            )
        })
        .collect();
    let expected: Vec<String> = (0..40)
        .filter(|n| n % 7 == 3)
        .map(|n| format!("unknown-source footnotes/b{n:02}.md"))
        .collect();
    assert_eq!(places, expected);
    assert_eq!(report["summary"]["briefings"], 40, "{report}");
    let build = Command::new(env!("CARGO_BIN_EXE_briefc"))
        .args(["--color", "never", "build", "--format", "html", "--root"])
        .arg(project.path())
        .output()
        .unwrap();
    let human = String::from_utf8_lossy(&check(project.path(), &[]).stderr).into_owned();
    assert_eq!(
        String::from_utf8_lossy(&build.stderr)
            .matches("unknown-source")
            .count(),
        6
    );
    assert_eq!(human.matches("unknown-source").count(), 6, "{human}");
}

/// An archive's files are read ahead on every core; a section that leads
/// out of the project is still refused where it is listed, and nothing
/// outside is published or printed.
#[test]
#[cfg(unix)]
fn an_archive_read_ahead_still_refuses_a_link_out() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, "# Not the author's\n\nSECRET TEXT\n").unwrap();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for n in 0..20 {
        let id = format!("b{n:02}");
        files.push((
            format!("briefings/{id}/briefing.toml"),
            format!("title = \"B{n}\"\ndate = \"2007-03-01\"\nstatus = \"final\"\nsections = [\"one.md\"]\n").into_bytes(),
        ));
        if n != 7 {
            files.push((
                format!("briefings/{id}/one.md"),
                b"# One\n\nText.\n".to_vec(),
            ));
        }
    }
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_slice()))
        .collect();
    let project = project_bytes(&borrowed);
    std::os::unix::fs::symlink(&secret, project.path().join("briefings/b07/one.md")).unwrap();
    let output = check(project.path(), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let report: Value = serde_json::from_str(&text).unwrap();
    let found: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // The section path is refused where `sections` names it.
    assert_eq!(
        found,
        [(
            "invalid-metadata".to_string(),
            "briefings/b07/briefing.toml".to_string()
        )]
    );
    assert!(
        report["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("leads out of the briefing's directory through a symbolic link"),
        "{text}"
    );
    assert!(!text.contains("SECRET"), "{text}");
    let build = Command::new(env!("CARGO_BIN_EXE_briefc"))
        .args(["--color", "never", "build", "--root"])
        .arg(project.path())
        .output()
        .unwrap();
    assert_eq!(build.status.code(), Some(1));
    assert!(!project.path().join("dist").exists());
}

/// What loading asks of a briefing's folder is answered from the listings
/// read ahead when the whole archive is checked, and by the disk when one
/// briefing is checked by name (too few to read ahead): both must report
/// the same problems at the same places, whatever the folders hold.
#[test]
#[cfg(unix)]
fn an_archive_read_ahead_reports_what_each_briefing_alone_does() {
    let meta = |sections: &str| {
        format!(
            "title = \"T\"\ndate = \"2007-03-01\"\nstatus = \"final\"\nsections = [{sections}]\n"
        )
        .into_bytes()
    };
    let section = b"# One\n\nText.[^1] More.[^2]\n".to_vec();
    let notes = b"[^1]: First.\n\n[^2]: Second.\n".to_vec();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for n in 0..20 {
        let id = format!("b{n:02}");
        let dir = format!("briefings/{id}");
        match n {
            // A section nobody listed, beside the listed one.
            1 => files.push((format!("{dir}/extra.md"), b"# Extra\n".to_vec())),
            // No briefing.toml at all.
            3 => {
                files.push((format!("{dir}/one.md"), section.clone()));
                continue;
            }
            // Notes in a folder of their own, and in footnotes/<id>.md too.
            6 | 9 => {
                files.push((format!("footnotes/{id}/a.md"), b"[^1]: First.\n".to_vec()));
                files.push((format!("footnotes/{id}/b.md"), b"[^2]: Second.\n".to_vec()));
                if n == 9 {
                    files.push((format!("footnotes/{id}.md"), notes.clone()));
                }
            }
            // footnotes/<id> is a file, not a folder.
            7 => files.push((format!("footnotes/{id}"), b"not a folder\n".to_vec())),
            _ => {}
        }
        if n != 6 && n != 9 {
            files.push((format!("footnotes/{id}.md"), notes.clone()));
        }
        let sections = match n {
            2 => "\"one.md\", \"two.md\"",
            5 => "\"one.md\", \"linked.md\"",
            8 => "\"one.md\", \"folder.md\"",
            _ => "\"one.md\"",
        };
        if n != 4 {
            files.push((format!("{dir}/briefing.toml"), meta(sections)));
        }
        files.push((format!("{dir}/one.md"), section.clone()));
    }
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_slice()))
        .collect();
    let project = project_bytes(&borrowed);
    let root = project.path();
    // briefing.toml a link that leads nowhere; a section that is a link
    // to another briefing's; a section that is a folder.
    std::os::unix::fs::symlink("gone.toml", root.join("briefings/b04/briefing.toml")).unwrap();
    std::os::unix::fs::symlink("../b00/one.md", root.join("briefings/b05/linked.md")).unwrap();
    std::fs::create_dir(root.join("briefings/b08/folder.md")).unwrap();

    let problems = |args: &[&str]| -> Vec<String> {
        let output = check(root, &[&["--format", "json"], args].concat());
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                format!(
                    "{} {}:{}:{} {}",
                    d["code"], d["file"], d["line"], d["column"], d["message"]
                )
            })
            .collect()
    };
    let whole = problems(&[]);
    assert!(whole.len() >= 6, "{whole:#?}");
    let mut alone = Vec::new();
    for n in 0..20 {
        alone.extend(problems(&[&format!("b{n:02}")]));
    }
    let (mut whole, mut alone) = (whole, alone);
    whole.sort();
    alone.sort();
    assert_eq!(whole, alone);
}
