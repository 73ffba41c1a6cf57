//! The command as a user runs it: exit codes, messages, and what it leaves
//! on disk.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::{fixture, project, read_tree, stderr};

fn briefc_in(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefc"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn two_builds_write_identical_bytes() {
    let p = fixture("continuous-numbering");
    assert!(briefc_in(&["build"], p.path()).status.success());
    let first = read_tree(&p.path().join("dist"));
    assert!(briefc_in(&["build"], p.path()).status.success());
    assert_eq!(first, read_tree(&p.path().join("dist")));
    assert!(first.len() >= 3);
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let p = fixture("continuous-numbering");
    assert!(briefc_in(&["build"], p.path()).status.success());
    let before = read_tree(&p.path().join("dist"));
    std::fs::write(
        p.path().join("briefings/report/c.md"),
        "# Third\n\nNow broken.[^nowhere]\n",
    )
    .unwrap();
    let output = briefc_in(&["build"], p.path());
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("briefings/report/c.md:3:12"), "{message}");
    assert!(message.contains("nothing was written"), "{message}");
    assert_eq!(before, read_tree(&p.path().join("dist")));
}

#[test]
fn the_root_is_found_from_a_subdirectory() {
    let p = fixture("continuous-numbering");
    let output = briefc_in(&["build"], &p.path().join("briefings/report"));
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(p.path().join("dist/report/report.txt").is_file());
    assert!(stderr(&output).contains("1 briefing, 4 footnotes"));
}

#[test]
fn no_project_is_exit_code_2_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let output = briefc_in(&["build"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no briefc project found"));
    assert!(stderr(&output).contains("--root"));
}

#[test]
fn an_unknown_briefing_id_suggests_the_closest() {
    let p = fixture("continuous-numbering");
    let output = briefc_in(&["build", "reprot"], p.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean `report`?"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_output_path_that_is_a_file_is_refused() {
    let p = fixture("continuous-numbering");
    std::fs::write(p.path().join("dist"), "not a directory").unwrap();
    let output = briefc_in(&["build"], p.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("is a file"), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(p.path().join("dist")).unwrap(),
        "not a directory"
    );
}

#[test]
fn a_directory_briefc_did_not_write_is_never_replaced() {
    let p = fixture("continuous-numbering");
    std::fs::create_dir(p.path().join("site")).unwrap();
    std::fs::write(p.path().join("site/keep.txt"), "precious").unwrap();
    let output = briefc_in(&["build", "--out", "site"], p.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not written by briefc"));
    assert!(p.path().join("site/keep.txt").is_file());
    let output = briefc_in(&["build", "--out", "."], p.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("contains the project itself"));
}

#[test]
fn drafts_are_built_when_asked_for_or_named() {
    let p = fixture("drafts");
    let output = briefc_in(&["build"], p.path());
    assert!(
        stderr(&output).contains("1 draft skipped: wip; use --drafts"),
        "{}",
        stderr(&output)
    );
    assert!(!p.path().join("dist/wip").exists());
    assert!(briefc_in(&["build", "--drafts"], p.path()).status.success());
    let text = std::fs::read_to_string(p.path().join("dist/wip/wip.txt")).unwrap();
    assert!(text.contains("DRAFT - not for publication"));
    let html = std::fs::read_to_string(p.path().join("dist/wip/index.html")).unwrap();
    assert!(html.contains("class=\"draft-banner\""));
    assert!(briefc_in(&["build", "wip"], p.path()).status.success());
    assert!(p.path().join("dist/wip/index.html").is_file());
    assert!(!p.path().join("dist/done").exists());
}

#[test]
fn width_flag_overrides_the_briefing() {
    let p = fixture("continuous-numbering");
    std::fs::write(
        p.path().join("briefings/report/a.md"),
        "# First\n\nA sentence of quite a few words that would wrap.[^31][^named]\n",
    )
    .unwrap();
    assert!(
        briefc_in(&["build", "--width", "0"], p.path())
            .status
            .success()
    );
    let text = std::fs::read_to_string(p.path().join("dist/report/report.txt")).unwrap();
    assert!(text.contains("A sentence of quite a few words that would wrap.[31][32]\n"));
    assert!(
        briefc_in(&["build", "--width", "20"], p.path())
            .status
            .success()
    );
    let text = std::fs::read_to_string(p.path().join("dist/report/report.txt")).unwrap();
    assert!(
        text.lines()
            .all(|l| l.chars().count() <= 20 || !l.trim().contains(' ')),
        "{text}"
    );
}

#[test]
fn eject_writes_the_built_ins_and_never_overwrites() {
    let p = fixture("continuous-numbering");
    let output = briefc_in(&["templates", "--eject"], p.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let page = p.path().join("templates/briefing.html.tera");
    assert!(
        std::fs::read_to_string(&page)
            .unwrap()
            .contains("<!DOCTYPE html>")
    );
    std::fs::write(&page, "edited").unwrap();
    let output = briefc_in(&["templates", "--eject"], p.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("refusing to overwrite"));
    assert_eq!(std::fs::read_to_string(&page).unwrap(), "edited");
    let listing = briefc_in(&["templates"], p.path());
    let listing = String::from_utf8_lossy(&listing.stdout);
    assert!(
        listing.contains("briefing.html.tera     overridden by templates/"),
        "{listing}"
    );
}

#[test]
fn help_shows_examples_and_completions_are_printed() {
    let dir = tempfile::tempdir().unwrap();
    let help = briefc_in(&["--help"], dir.path());
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("Examples:"));
    let build_help = briefc_in(&["build", "--help"], dir.path());
    assert!(String::from_utf8_lossy(&build_help.stdout).contains("--drafts"));
    let completions = briefc_in(&["completions", "bash"], dir.path());
    assert!(completions.status.success());
    assert!(String::from_utf8_lossy(&completions.stdout).contains("briefc"));
    let bad = briefc_in(&["build", "--width", "abc"], dir.path());
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn color_always_colours_diagnostics_and_never_does_not() {
    let p = fixture("error-undefined-footnote");
    let coloured = briefc_in(&["--color", "always", "build"], p.path());
    assert!(stderr(&coloured).contains("\u{1b}["));
    let plain = briefc_in(&["--color", "never", "build"], p.path());
    assert!(!stderr(&plain).contains("\u{1b}["));
    assert_eq!(plain.status.code(), Some(1));
}

#[test]
fn sources_lists_each_source_with_the_notes_that_cite_it() {
    let p = fixture("citations-ibid");
    let output = briefc_in(&["sources"], p.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "KEY  TYPE    CITED  NOTES\n\
         a    report      9  ibid: 1, 2, 3, 4, 6, 7, 8, 9, 10\n\
         b    report      1  ibid: 7\n\
         q    web         3  ibid: 11, 13, 14\n\
         w    news        3  ibid: 12, 15, 16\n"
    );

    let mut library = std::fs::read_to_string(p.path().join("footnotes/sources.toml")).unwrap();
    library.push_str("\n[spare]\ntype = \"other\"\ntitle = \"Never Cited\"\n");
    std::fs::write(p.path().join("footnotes/sources.toml"), library).unwrap();
    let unused = briefc_in(&["sources", "--unused"], p.path());
    assert_eq!(
        String::from_utf8_lossy(&unused.stdout),
        "KEY    TYPE   CITED  NOTES\nspare  other      0  -\n"
    );

    let json = briefc_in(&["sources", "--format", "json"], p.path());
    let document: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(document["version"], 1);
    let b = &document["sources"][1];
    assert_eq!(b["key"], "b");
    assert_eq!(b["title"], "Another Report");
    assert_eq!(b["citations"], 1);
    assert_eq!(b["notes"][0]["briefing"], "ibid");
    assert_eq!(b["notes"][0]["number"], 7);
}

#[test]
fn new_scaffolds_a_draft_that_builds_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let output = briefc_in(
        &["new", "ivanovo-2007", "--title", "The \"Ivanovo\" Case"],
        dir.path(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let meta =
        std::fs::read_to_string(dir.path().join("briefings/ivanovo-2007/briefing.toml")).unwrap();
    assert!(
        meta.starts_with("#:schema https://raw.githubusercontent.com/briefc/briefc/main/schemas/briefing.schema.json\n")
            && meta.contains("title    = \"The \\\"Ivanovo\\\" Case\""),
        "{meta}"
    );
    assert!(meta.contains("status   = \"draft\""));
    assert!(dir.path().join("footnotes/ivanovo-2007.md").is_file());

    let built = briefc_in(&["build", "--drafts"], dir.path());
    assert!(built.status.success(), "{}", stderr(&built));
    let text =
        std::fs::read_to_string(dir.path().join("dist/ivanovo-2007/ivanovo-2007.txt")).unwrap();
    assert!(text.starts_with("The “Ivanovo” Case\n"), "{text}");
    assert!(text.contains("[1] The note’s text."), "{text}");

    let section = dir.path().join("briefings/ivanovo-2007/01-introduction.md");
    std::fs::write(&section, "edited").unwrap();
    let again = briefc_in(&["new", "ivanovo-2007"], dir.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("already exists; nothing was written"));
    assert_eq!(std::fs::read_to_string(&section).unwrap(), "edited");

    let bad = briefc_in(&["new", "Not An Id"], dir.path());
    assert_eq!(bad.status.code(), Some(2));
    assert!(!dir.path().join("briefings/Not An Id").exists());
}

#[test]
fn list_shows_every_briefing_with_its_counts() {
    let p = fixture("drafts");
    let output = briefc_in(&["list"], p.path());
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "ID    TITLE             STATUS  DATE              SECTIONS  FOOTNOTES  WORDS  IN NOTES\n\
         done  Published         final   January 23, 2007         1          0      3         0\n\
         wip   Work in Progress  draft   January 23, 2007         1          0      3         0\n"
    );
    let json = briefc_in(&["list", "--format", "json"], p.path());
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(rows[1]["id"], "wip");
    assert_eq!(rows[1]["status"], "draft");
    assert_eq!(rows[1]["footnotes"], 0);
    // "Draft" and "Unfinished text."
    assert_eq!(rows[1]["words"], serde_json::json!({"text": 3, "notes": 0}));
}

#[test]
fn words_are_counted_as_printed_and_chinese_by_characters() {
    let p = project(&[
        (
            "briefings/en/briefing.toml",
            "title = \"T\"\ndate = 2006\nsections = [\"a.md\"]\n",
        ),
        (
            "briefings/en/a.md",
            "# The Case\n\nThe court's well-founded order.[^1] See [the *full* text](https://example.org/).\n\n![A map of the region](map.png)\n\n```\nnot counted\n```\n",
        ),
        ("briefings/en/map.png", "not really a png"),
        ("footnotes/en.md", "[^1]: [@r, p. 4]. Ibid.\n"),
        (
            "footnotes/sources.toml",
            "[r]\ntype = \"report\"\nauthor = \"Example Rights Watch\"\ntitle = \"Still at Risk\"\ndate = 2005\n",
        ),
        (
            "briefings/zh/briefing.toml",
            "title = \"T\"\ndate = 2006\nlanguage = \"zh\"\nsections = [\"a.md\"]\n",
        ),
        (
            "briefings/zh/a.md",
            "# 遣返\n\n法院已经作出裁决，UNHCR 表示关切。\n",
        ),
    ]);
    let json = briefc_in(&["list", "--format", "json"], p.path());
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    // The heading (2), the sentence (4), the link's words (4); not the
    // marker, the image's description or the code. The note as printed:
    // "Example Rights Watch, Still at Risk, 2005, p. 4. Ibid."
    assert_eq!(rows[0]["words"]["text"], 10, "{rows:#}");
    assert_eq!(rows[0]["words"]["notes"], 10, "{rows:#}");
    // 遣返 (2), 法院已经作出裁决 (8), UNHCR (1), 表示关切 (4).
    assert_eq!(rows[1]["words"]["text"], 15, "{rows:#}");
}

#[test]
fn a_rebuild_that_changes_nothing_touches_nothing_and_a_change_rewrites_only_it() {
    let p = fixture("languages");
    assert!(
        briefc_in(&["build", "--drafts", "--format", "html,text"], p.path())
            .status
            .success()
    );
    let dist = p.path().join("dist");
    let before = read_tree(&dist);
    let stamp = |path: &Path| std::fs::metadata(path).unwrap().modified().unwrap();
    let index = dist.join("index.html");
    let index_time = stamp(&index);
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert!(
        briefc_in(&["build", "--drafts", "--format", "html,text"], p.path())
            .status
            .success()
    );
    assert_eq!(read_tree(&dist), before);
    assert_eq!(
        stamp(&index),
        index_time,
        "an unchanged build writes nothing"
    );

    // One briefing changes: its page is new, another's is the same file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let other = dist.join("fr/index.html");
        let inode = std::fs::metadata(&other).unwrap().ino();
        let section = std::fs::read_dir(p.path().join("briefings/en"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "md"))
            .unwrap();
        let text = std::fs::read_to_string(&section).unwrap();
        std::fs::write(&section, format!("{text}\nA sentence added.\n")).unwrap();
        assert!(
            briefc_in(&["build", "--drafts", "--format", "html,text"], p.path())
                .status
                .success()
        );
        let page = std::fs::read_to_string(dist.join("en/index.html")).unwrap();
        assert!(page.contains("A sentence added."));
        assert_eq!(
            std::fs::metadata(&other).unwrap().ino(),
            inode,
            "linked, not written again"
        );
    }
}
