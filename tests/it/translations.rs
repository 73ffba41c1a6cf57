//! Translations in step: `translation-of` in briefing.toml, the
//! `translation-drift` warnings of `check`, and the editions that link a
//! briefing with its translations. The project is tests/diff/project,
//! whose French briefing translates the English one note for note.

use std::path::Path;

use serde_json::Value;

use crate::common::{briefc, copy_dir, stderr, stdout};

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff/project");
    copy_dir(&from, dir.path());
    dir
}

fn edit(root: &Path, path: &str, from: &str, to: &str) {
    let path = root.join(path);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// `check --format json`'s diagnostics with the code `translation-drift`.
fn drift(root: &Path) -> Vec<Value> {
    let output = briefc(root, &["check", "--format", "json"]);
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "translation-drift")
        .cloned()
        .collect()
}

#[test]
fn a_translation_in_step_with_its_original_draws_no_warning() {
    let dir = project();
    let output = briefc(dir.path(), &["check"]);
    assert!(output.status.success());
    assert!(
        stderr(&output).contains("0 errors, 0 warnings"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_note_the_translation_lacks_is_reported_where_it_would_stand() {
    let dir = project();
    let root = dir.path();
    edit(
        root,
        "briefings/returns-2006-fr/01-cas.md",
        "d’une décision[^4].",
        "d’une décision.",
    );
    edit(
        root,
        "footnotes/returns-2006-fr.md",
        "[^4]: Information communiquée par l’avocat de l’intéressé, mai 2006.\n",
        "",
    );
    let found = drift(root);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(
        d["message"],
        "the original `returns-2006` has a note here that this translation has not: its note 4"
    );
    // Where the translation's next note stands, and the original's note
    // beside it.
    assert_eq!(d["file"], "briefings/returns-2006-fr/02-perspectives.md");
    assert_eq!(d["line"], 4);
    let human = stderr(&briefc(root, &["check"]));
    assert!(
        human.contains("briefings/returns-2006/01-cases.md:11:"),
        "{human}"
    );
    assert!(human.contains("the original's note"), "{human}");
}

#[test]
fn a_note_citing_another_source_names_both_citations() {
    let dir = project();
    let root = dir.path();
    edit(
        root,
        "footnotes/returns-2006-fr.md",
        "[^2]: [@tribunal-ruling].",
        "[^2]: [@committee-views].",
    );
    let found = drift(root);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0]["message"],
        "note 2 cites committee-views; its counterpart in `returns-2006`, note 2, cites tribunal-ruling"
    );
    assert_eq!(found[0]["file"], "briefings/returns-2006-fr/01-cas.md");
}

#[test]
fn a_translators_note_is_meant_to_differ() {
    let dir = project();
    let root = dir.path();
    edit(
        root,
        "briefings/returns-2006-fr/01-cas.md",
        "en avril[^2]",
        "en avril[^tn-avril][^2]",
    );
    std::fs::write(
        root.join("footnotes/returns-2006-fr.md"),
        std::fs::read_to_string(root.join("footnotes/returns-2006-fr.md")).unwrap()
            + "\n[^tn-avril]: Note du traducteur : le 11 avril.\n",
    )
    .unwrap();
    assert!(drift(root).is_empty());
    // Without the prefix it is a note the original lacks.
    edit(
        root,
        "briefings/returns-2006-fr/01-cas.md",
        "[^tn-avril]",
        "[^avril]",
    );
    edit(
        root,
        "footnotes/returns-2006-fr.md",
        "[^tn-avril]:",
        "[^avril]:",
    );
    let found = drift(root);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0]["message"],
        "note 2 has no counterpart in the original `returns-2006`"
    );
}

#[test]
fn sections_and_images_the_two_do_not_share_are_reported() {
    let dir = project();
    let root = dir.path();
    edit(
        root,
        "briefings/returns-2006-fr/briefing.toml",
        "sections       = [\"01-cas.md\", \"02-perspectives.md\"]",
        "sections       = [\"01-cas.md\"]",
    );
    edit(
        root,
        "briefings/returns-2006-fr/01-cas.md",
        "![Carte des trois transferts](img/map.svg)",
        "",
    );
    let messages: Vec<String> = drift(root)
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        messages.contains(
            &"this translation has 1 section; its original `returns-2006` has 2".to_string()
        ),
        "{messages:#?}"
    );
    assert!(
        messages.contains(&"the original `returns-2006` shows the image img/map.svg, which this translation does not".to_string()),
        "{messages:#?}"
    );
}

#[test]
fn translation_of_must_name_an_original_in_another_language() {
    let dir = project();
    let root = dir.path();
    edit(
        root,
        "briefings/returns-2006-fr/briefing.toml",
        "\"returns-2006\"",
        "\"returns-2060\"",
    );
    let output = briefc(root, &["check"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(
        text.contains(
            "`translation-of` names `returns-2060`, which is not a briefing of this project"
        ),
        "{text}"
    );
    assert!(text.contains("did you mean `returns-2006`?"), "{text}");
}

#[test]
fn each_edition_links_the_other_languages() {
    let dir = project();
    let root = dir.path();
    let output = briefc(root, &["build", "--format", "html,json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let page = std::fs::read_to_string(root.join("dist/returns-2006/index.html")).unwrap();
    assert!(
        page.contains(
            r#"<link rel="alternate" hreflang="fr" href="../returns-2006-fr/index.html">"#
        )
    );
    assert!(page.contains(r#"Other languages: <a href="../returns-2006-fr/index.html" hreflang="fr" lang="fr" dir="auto">Français</a>"#), "{page}");
    let french = std::fs::read_to_string(root.join("dist/returns-2006-fr/index.html")).unwrap();
    assert!(
        french.contains(r#"Autres langues : <a href="../returns-2006/index.html" hreflang="en""#)
            || french
                .contains(r#"Autres langues: <a href="../returns-2006/index.html" hreflang="en""#),
        "{french}"
    );
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("dist/returns-2006-fr/returns-2006-fr.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        json["meta"]["translations"],
        serde_json::json!([{"id": "returns-2006", "language": "en", "language_name": "English", "title": "Returns on a Promise", "original": true}])
    );
    // The index lists the translation under its original.
    let index = std::fs::read_to_string(root.join("dist/index.html")).unwrap();
    let original = index.find("Returns on a Promise").unwrap();
    let nested = index.find(r#"<ul class="translations">"#).unwrap();
    let french_title = index.find("Renvois sur une promesse").unwrap();
    assert!(original < nested && nested < french_title, "{index}");
}
