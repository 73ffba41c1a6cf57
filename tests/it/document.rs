//! The document model as users meet it: the summary numbered with the
//! briefing, the JSON edition (docs/json.md), and the choice of formats.

use crate::common::{briefc, project, stderr, stdout};

const LIBRARY: &str = "[a]\ntype = \"report\"\nauthor = \"Human Rights Watch\"\ntitle = \"Burying the Truth\"\ndate = 2005-09-19\n";

/// A briefing whose summary (given as `summary`, TOML source) cites a
/// source and a footnote.
fn with_summary(summary: &str, extra: &str) -> tempfile::TempDir {
    let meta = format!(
        "title = \"S\"\ndate = 2007-01-23\nstatus = \"final\"\nsections = [\"s.md\"]\nsummary = {summary}\n{extra}"
    );
    project(&[
        ("briefc.toml", ""),
        ("briefings/b/briefing.toml", &meta),
        ("briefings/b/s.md", "# Body\n\nText.[^y]\n"),
        ("footnotes/b.md", "[^x]: Note x.\n\n[^y]: Note y.\n"),
        ("footnotes/sources.toml", LIBRARY),
    ])
}

#[test]
fn a_summary_s_citations_and_footnotes_are_numbered_first_and_linked_once() {
    let dir = with_summary("\"cites [@a] and [^x]\"", "");
    let check = briefc(dir.path(), &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let build = briefc(dir.path(), &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let page = std::fs::read_to_string(dir.path().join("dist/b/index.html")).unwrap();
    for id in ["fnref-1", "fnref-2", "fnref-3"] {
        assert_eq!(page.matches(&format!("id=\"{id}\"")).count(), 1, "{id}");
    }
    assert!(page.contains("cites<sup><a href=\"#fn-1\""), "{page}");
    assert!(page.contains("and <sup><a href=\"#fn-2\""), "{page}");
    assert!(page.contains("Text.<sup><a href=\"#fn-3\""), "{page}");
    let notes = &page[page.find("role=\"doc-endnotes\"").unwrap()..];
    let order = ["Burying the Truth", "Note x.", "Note y."].map(|t| notes.find(t).unwrap());
    assert!(order[0] < order[1] && order[1] < order[2], "{notes}");
}

#[test]
fn a_problem_in_the_summary_is_shown_where_it_is_written() {
    let dir = with_summary("\"cites [@nobody] and [^missing]\"", "");
    let check = briefc(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1));
    let err = stderr(&check);
    assert!(err.contains("briefings/b/briefing.toml:5:20"), "{err}");
    assert!(err.contains("briefings/b/briefing.toml:5:32"), "{err}");
    assert!(err.contains("no source `nobody`"), "{err}");
    assert!(err.contains("`[^missing]` is not defined"), "{err}");

    // With an escape, the value is not the source: the problem is shown
    // at the summary's string, and the build still numbers it right.
    let dir = with_summary("\"\\\"cites\\\" [@nobody]\"", "");
    let err = stderr(&briefc(dir.path(), &["check"]));
    assert!(err.contains("briefings/b/briefing.toml:5:11"), "{err}");
    let dir = with_summary("\"\\\"cites\\\" [^x]\"", "");
    assert!(briefc(dir.path(), &["build"]).status.success());
    let text = std::fs::read_to_string(dir.path().join("dist/b/b.txt")).unwrap();
    assert!(text.contains("“cites” [1]"), "{text}");
    assert!(
        text.contains("[1] Note x.") && text.contains("[2] Note y."),
        "{text}"
    );
}

#[test]
fn renumber_rewrites_labels_in_the_summary_too() {
    let dir = with_summary("\"see [^2]\"", "");
    std::fs::write(
        dir.path().join("footnotes/b.md"),
        "[^2]: Summary note.\n\n[^y]: Note y.\n",
    )
    .unwrap();
    let run = briefc(dir.path(), &["renumber"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let meta = std::fs::read_to_string(dir.path().join("briefings/b/briefing.toml")).unwrap();
    assert!(meta.contains("summary = \"see [^1]\""), "{meta}");
    let notes = std::fs::read_to_string(dir.path().join("footnotes/b.md")).unwrap();
    assert!(notes.starts_with("[^1]: Summary note."), "{notes}");
}

#[test]
fn the_json_edition_is_the_document_with_its_version() {
    let dir = with_summary("\"cites [@a] and [^x]\"", "formats = [\"json\"]\n");
    let build = briefc(dir.path(), &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(!dir.path().join("dist/b/index.html").exists());
    assert!(!dir.path().join("dist/b/b.txt").exists());
    let text = std::fs::read_to_string(dir.path().join("dist/b/b.json")).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["id"], "b");
    assert_eq!(doc["meta"]["date"]["iso"], "2007-01-23");
    assert_eq!(doc["meta"]["date"]["text"], "January 23, 2007");
    let summary = &doc["summary"][0]["content"];
    assert_eq!(summary[1]["type"], "note_ref");
    assert_eq!(summary[1]["number"], 1);
    assert_eq!(summary[1]["id"], "fnref-1");
    assert_eq!(summary[1]["note"], "fn-1");
    let notes = doc["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 3);
    assert_eq!(notes[0]["label"], serde_json::Value::Null);
    assert_eq!(notes[1]["label"], "x");
    assert_eq!(notes[2]["backrefs"][0], "fnref-3");
    let body = &notes[0]["blocks"][0]["content"];
    assert_eq!(body[1]["type"], "emphasis");
    assert_eq!(body[1]["content"][0]["text"], "Burying the Truth");
    let section = &doc["sections"][0];
    assert_eq!(section["file"], "briefings/b/s.md");
    assert_eq!(section["notes"], serde_json::json!([1, 2, 3]));
    assert_eq!(section["blocks"][0]["type"], "heading");
    assert_eq!(section["blocks"][0]["id"], "body");
    assert_eq!(doc["contents"][0]["text"], "Body");
    // The index links to the edition that was written.
    let index = std::fs::read_to_string(dir.path().join("dist/index.html")).unwrap();
    assert!(index.contains("<a href=\"b/b.json\">S</a>"), "{index}");

    // Byte-identical from run to run.
    assert!(briefc(dir.path(), &["build"]).status.success());
    let again = std::fs::read_to_string(dir.path().join("dist/b/b.json")).unwrap();
    assert_eq!(again, text);
}

#[test]
fn the_json_edition_lists_local_files_once_with_their_places_and_keeps_code_languages() {
    let dir = project(&[
        ("briefc.toml", "formats = [\"html\", \"json\"]\n"),
        (
            "briefings/b/briefing.toml",
            "title = \"A\"\ndate = 2007\nstatus = \"final\"\nsections = [\"s.md\"]\n",
        ),
        (
            "briefings/b/s.md",
            "![Map](img/map.png) [report](files/r.pdf) [site](https://example.org) [here](#top) ![Map again](img/map.png)\n\n```rust ignore\nfn main() {}\n```\n",
        ),
        ("briefings/b/img/map.png", "png"),
        ("briefings/b/files/r.pdf", "pdf"),
    ]);
    assert!(briefc(dir.path(), &["build"]).status.success());
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("dist/b/b.json")).unwrap())
            .unwrap();
    assert_eq!(
        doc["assets"],
        serde_json::json!([
            {"url": "img/map.png", "path": "img/map.png", "source": "briefings/b/img/map.png",
             "use": "image", "bytes": 3},
            {"url": "files/r.pdf", "path": "files/r.pdf", "source": "briefings/b/files/r.pdf",
             "use": "link", "bytes": 3},
        ])
    );
    // Each one is copied beside the page, as it is.
    assert_eq!(
        std::fs::read(dir.path().join("dist/b/img/map.png")).unwrap(),
        b"png"
    );
    assert_eq!(
        std::fs::read(dir.path().join("dist/b/files/r.pdf")).unwrap(),
        b"pdf"
    );
    assert_eq!(doc["sections"][0]["blocks"][1]["language"], "rust");
    let page = std::fs::read_to_string(dir.path().join("dist/b/index.html")).unwrap();
    assert!(
        page.contains("<pre><code class=\"language-rust\">fn main() {}"),
        "{page}"
    );
    assert!(!dir.path().join("dist/b/b.txt").exists());
}

#[test]
fn an_unknown_format_is_named_with_a_suggestion() {
    let dir = with_summary("\"s\"", "formats = [\"html\", \"jsn\"]\n");
    let check = briefc(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1));
    let err = stderr(&check);
    assert!(
        err.contains("unknown format `jsn` in briefing.toml"),
        "{err}"
    );
    assert!(err.contains("did you mean \"json\"?"), "{err}");

    let dir = with_summary("\"s\"", "");
    std::fs::write(dir.path().join("briefc.toml"), "formats = [\"pdff\"]\n").unwrap();
    let err = stderr(&briefc(dir.path(), &["check"]));
    assert!(
        err.contains("unknown format `pdff` in briefc.toml"),
        "{err}"
    );

    let dir = with_summary("\"s\"", "");
    let build = briefc(dir.path(), &["build", "--format", "html,txt"]);
    assert_eq!(build.status.code(), Some(2));
    let err = stderr(&build);
    assert!(err.contains("unknown format `txt` in --format"), "{err}");
    assert!(err.contains("did you mean `text`?"), "{err}");
    assert!(!dir.path().join("dist").exists());

    let build = briefc(dir.path(), &["build", "--format", "text,json"]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(dir.path().join("dist/b/b.json").exists());
    assert!(!dir.path().join("dist/b/index.html").exists());
    let _ = stdout(&build);
}
