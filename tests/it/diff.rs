//! `briefc diff`: the printed difference between two versions, on the
//! project of tests/diff/project kept as a git repository made here,
//! one commit per version, as a publisher's repository is.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::{briefc, copy_dir, stderr, stdout};

/// The diff project as a new repository whose first commit is tagged `v1`.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff/project");
    copy_dir(&from, dir.path());
    git(dir.path(), &["init", "-q", "-b", "main"]);
    commit(dir.path(), "v1");
    git(dir.path(), &["tag", "v1"]);
    dir
}

fn git(root: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(root)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?} failed");
}

fn commit(root: &Path, message: &str) {
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", message]);
}

/// Replaces `from` by `to` in one file, which must hold it.
fn edit(root: &Path, path: &str, from: &str, to: &str) {
    let path = root.join(path);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// `briefc diff ARGS` as JSON: the one briefing `returns-2006`.
fn diff_json(root: &Path, args: &[&str]) -> Value {
    let mut all = vec!["diff"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let output = briefc(root, &all);
    assert!(output.status.success(), "{}", stderr(&output));
    let value: Value = serde_json::from_str(&stdout(&output)).unwrap();
    value
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == "returns-2006")
        .unwrap()
        .clone()
}

fn notes_changed<'a>(diff: &'a Value, change: &str) -> Vec<&'a Value> {
    diff["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["change"] == change)
        .collect()
}

#[test]
fn a_note_inserted_near_the_start_is_one_note_added_and_the_rest_renumbered() {
    let repo = repository();
    let root = repo.path();
    edit(
        root,
        "briefings/returns-2006/01-cases.md",
        "in the spring of 2006",
        "in the spring of 2006[^spring]",
    );
    edit(
        root,
        "footnotes/returns-2006.md",
        "[^2]:",
        "[^spring]: Two of them in March.\n\n[^2]:",
    );
    let diff = diff_json(root, &["v1"]);
    assert_eq!(diff["change"], "changed");
    let added = notes_changed(&diff, "added");
    assert_eq!(added.len(), 1);
    assert_eq!(added[0]["new"], 1);
    assert_eq!(added[0]["after"], "Two of them in March.");
    // The old note 1 follows it in the sentence and is now note 2; every
    // later note moved by one and none of them changed its words.
    let renumbered: Vec<(u64, u64)> = diff["renumbered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["old"].as_u64().unwrap(), r["new"].as_u64().unwrap()))
        .collect();
    assert_eq!(renumbered, [(1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7)]);
    assert!(notes_changed(&diff, "changed").is_empty(), "{diff:#}");
    assert_eq!(diff["repointed"], serde_json::json!([1, 2, 3, 4, 5, 6]));
    // The paragraph that holds the new marker changed by that marker
    // only; the other paragraphs, whose markers all moved, did not.
    let blocks = changed_blocks(&diff);
    assert_eq!(blocks.len(), 1, "{diff:#}");
    let inserted = inserted_words(blocks[0]);
    assert_eq!(inserted, ["[1]"]);

    let human = briefc(root, &["diff", "v1"]);
    let text = stdout(&human);
    assert!(text.contains("renumbered: 1-6 -> 2-7 (6 notes)"), "{text}");
    assert!(
        text.contains("note 1 added: {+Two of them in March.+}"),
        "{text}"
    );
    assert!(
        text.lines()
            .last()
            .unwrap()
            .starts_with("1 of 2 briefings changed; notes: 1 added, 6 renumbered"),
        "{text}"
    );
}

fn changed_blocks(diff: &Value) -> Vec<&Value> {
    diff["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["blocks"].as_array().unwrap())
        .collect()
}

fn inserted_words(block: &Value) -> Vec<&str> {
    block["words"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == "inserted")
        .map(|w| w["text"].as_str().unwrap())
        .collect()
}

#[test]
fn a_note_removed_is_reported_with_the_words_it_printed() {
    let repo = repository();
    let root = repo.path();
    edit(
        root,
        "briefings/returns-2006/01-cases.md",
        "awaits a decision.[^4]",
        "awaits a decision.",
    );
    edit(
        root,
        "footnotes/returns-2006.md",
        "[^4]: Information from the man's lawyer, May 2006.\n",
        "",
    );
    commit(root, "v2");
    let diff = diff_json(root, &["v1", "HEAD"]);
    let removed = notes_changed(&diff, "removed");
    assert_eq!(removed.len(), 1);
    assert_eq!(removed[0]["old"], 4);
    assert_eq!(removed[0]["new"], Value::Null);
    assert_eq!(
        removed[0]["before"],
        "Information from the man’s lawyer, May 2006."
    );
    assert_eq!(
        diff["renumbered"],
        serde_json::json!([{"old": 5, "new": 4}, {"old": 6, "new": 5}])
    );
}

#[test]
fn a_corrected_library_date_names_the_entry_in_every_note_that_cites_it() {
    let repo = repository();
    let root = repo.path();
    edit(
        root,
        "footnotes/sources.toml",
        "date        = 2006-05-02",
        "date        = 2006-05-03",
    );
    let diff = diff_json(root, &["v1"]);
    let changed = notes_changed(&diff, "changed");
    let numbers: Vec<u64> = changed.iter().map(|n| n["new"].as_u64().unwrap()).collect();
    // Note 2 cites it in full; note 3 in short form, which prints no date.
    assert_eq!(numbers, [2]);
    assert_eq!(changed[0]["cause"], "library");
    assert_eq!(
        changed[0]["sources"],
        serde_json::json!([{"key": "tribunal-ruling", "fields": ["date"]}])
    );
    let words: Vec<(&str, &str)> = changed[0]["words"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] != "same")
        .map(|w| (w["kind"].as_str().unwrap(), w["text"].as_str().unwrap()))
        .collect();
    assert_eq!(words, [("deleted", "2"), ("inserted", "3")]);
    assert!(diff["sections"].as_array().unwrap().is_empty());
    assert!(diff["renumbered"].as_array().unwrap().is_empty());
}

#[test]
fn a_reworded_paragraph_shows_the_words_that_changed() {
    let repo = repository();
    let root = repo.path();
    edit(
        root,
        "briefings/returns-2006/02-outlook.md",
        "leave little doubt",
        "leave no doubt at all",
    );
    let diff = diff_json(root, &["v1"]);
    let sections = diff["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 1);
    assert_eq!(sections[0]["file"], "briefings/returns-2006/02-outlook.md");
    let blocks = changed_blocks(&diff);
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0]["kind"], "paragraph");
    assert_eq!(blocks[0]["change"], "changed");
    let deleted: Vec<&str> = blocks[0]["words"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == "deleted")
        .map(|w| w["text"].as_str().unwrap())
        .collect();
    assert_eq!(deleted, ["little"]);
    assert_eq!(inserted_words(blocks[0]), ["no", " at all"]);
    assert!(diff["notes"].as_array().unwrap().is_empty());

    let human = stdout(&briefc(root, &["diff", "v1"]));
    assert!(
        human.contains("leave [-little-]{+no+} doubt{+ at all+}."),
        "{human}"
    );
}

#[test]
fn an_image_replaced_under_the_same_name_is_a_changed_file() {
    let repo = repository();
    let root = repo.path();
    edit(root, "briefings/returns-2006/img/map.svg", "#eee", "#ddd");
    let diff = diff_json(root, &["v1"]);
    assert_eq!(
        diff["assets"],
        serde_json::json!([{"path": "img/map.svg", "change": "changed"}])
    );
    assert!(diff["sections"].as_array().unwrap().is_empty());
}

#[test]
fn a_change_of_width_or_template_that_changes_no_word_is_no_change() {
    let repo = repository();
    let root = repo.path();
    std::fs::write(
        root.join("briefings/returns-2006/briefing.toml"),
        std::fs::read_to_string(root.join("briefings/returns-2006/briefing.toml")).unwrap()
            + "\n[text]\nwidth = 60\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/style.css.tera"),
        "body { color: #222; }\n",
    )
    .unwrap();
    let output = briefc(root, &["diff", "v1", "--exit-code"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        stdout(&output),
        "No change in what the 2 briefings print.\n"
    );

    edit(
        root,
        "briefings/returns-2006/02-outlook.md",
        "Outlook",
        "What Comes Next",
    );
    let output = briefc(root, &["diff", "v1", "--exit-code"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("heading1 changed: [-Outlook-]{+What Comes Next+}"));
}

#[test]
fn another_copy_of_the_project_is_compared_with_old() {
    let repo = repository();
    let copy = tempfile::tempdir().unwrap();
    copy_dir(repo.path(), copy.path());
    edit(
        copy.path(),
        "briefings/returns-2006/01-cases.md",
        "Three men",
        "Four men",
    );
    let diff = diff_json(repo.path(), &["--old", copy.path().to_str().unwrap()]);
    let blocks = changed_blocks(&diff);
    assert_eq!(inserted_words(blocks[0]), ["Three"]);
}

#[test]
fn a_revision_or_folder_that_does_not_exist_is_a_clear_error() {
    let repo = repository();
    let output = briefc(repo.path(), &["diff", "v9"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no revision `v9`"),
        "{}",
        stderr(&output)
    );
    let output = briefc(repo.path(), &["diff", "--old", "/no/such/folder"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--old /no/such/folder: no such directory"));
    let output = briefc(repo.path(), &["diff", "v1", "--format", "html"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("name it with --out FILE"));
}

#[test]
fn the_redline_marks_what_changed_in_the_briefings_own_page() {
    let repo = repository();
    let root = repo.path();
    edit(
        root,
        "briefings/returns-2006/02-outlook.md",
        "leave little doubt",
        "leave <script>no</script> doubt",
    );
    edit(
        root,
        "footnotes/sources.toml",
        "date        = 2006-05-02",
        "date        = 2006-05-03",
    );
    let out = root.join("redline.html");
    let output = briefc(
        root,
        &[
            "diff",
            "v1",
            "--format",
            "html",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(
        page.contains("<del>little</del><ins>&lt;script&gt;no&lt;&#x2F;script&gt;</ins>")
            || page.contains("<del>little</del><ins>&lt;script&gt;no&lt;/script&gt;</ins>"),
        "{page}"
    );
    assert!(
        !page.contains("<script"),
        "the author's markup is text, never script"
    );
    assert!(
        page.contains("May <del>2</del><ins>3</ins>, 2006"),
        "{page}"
    );
    assert!(page.contains("the library entry tribunal-ruling changed"));
    // The briefing's own stylesheet: its body rule.
    assert!(page.contains("max-width: 40rem"));
    // A file that is not a page is never written over.
    let source = root.join("briefings/returns-2006/01-cases.md");
    let before = std::fs::read(&source).unwrap();
    let output = briefc(
        root,
        &[
            "diff",
            "v1",
            "--format",
            "html",
            "--out",
            source.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read(&source).unwrap(), before);
}

#[test]
fn briefing_ids_after_two_dashes_narrow_the_comparison() {
    let repo = repository();
    let root = repo.path();
    edit(
        root,
        "footnotes/sources.toml",
        "date        = 2006-05-02",
        "date        = 2006-05-03",
    );
    let output = Command::new(env!("CARGO_BIN_EXE_briefc"))
        .args([
            "diff",
            "--root",
            root.to_str().unwrap(),
            "v1",
            "--format",
            "json",
        ])
        .args(["--", "returns-2006-fr"])
        .output()
        .unwrap();
    let value: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let ids: Vec<&str> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["returns-2006-fr"]);
}

#[test]
fn text_from_the_sources_cannot_act_on_the_terminal() {
    let repo = repository();
    let root = repo.path();
    edit(
        root,
        "briefings/returns-2006/02-outlook.md",
        "leave little doubt",
        "leave \u{1b}]0;owned\u{7}\u{1b}[2J doubt",
    );
    let output = Command::new(env!("CARGO_BIN_EXE_briefc"))
        .args(["--color", "always", "diff", "v1", "--root"])
        .arg(root)
        .output()
        .unwrap();
    let text = stdout(&output);
    // briefc's own colours are there; the source's escapes are shown, not sent.
    assert!(text.contains("\u{1b}[3"), "{text:?}");
    assert!(
        !text.contains("\u{1b}]0;") && !text.contains("\u{1b}[2J"),
        "{text:?}"
    );
}
