//! `[style] csl`: notes in a CSL style, checked against an independent
//! implementation (pandoc's citeproc, given the same sources as CSL-JSON
//! and the same style file), and the rules briefc hands the engine: its
//! note numbers, its "Ibid." chain, `(n 12)`, the author left out, the
//! bibliography in every edition, and the errors for a style that cannot
//! be used.

use std::path::Path;
use std::process::Command;

use crate::common::{briefc, copy_dir, project, stderr, stdout};

/// The every-type project of tests/csl, with `style` (a bundled style's
/// name, or a file of tests/csl) where its briefc.toml looks for it.
fn every_type(style: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/csl");
    copy_dir(&tests.join("project"), dir.path());
    if style.ends_with(".csl") {
        std::fs::create_dir_all(dir.path().join("styles")).unwrap();
        std::fs::copy(tests.join(style), dir.path().join("styles/style.csl")).unwrap();
    } else {
        write_style(dir.path(), style, "styles/style.csl");
    }
    dir
}

/// `briefc sources styles NAME`, saved in the project at `path`.
fn write_style(root: &Path, name: &str, path: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_briefc"))
        .args(["sources", "styles", name])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let file = root.join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, &out.stdout).unwrap();
}

/// The notes of a plain text, `[n] text` each, by number, with their
/// white space made single spaces.
fn notes_of(text: &str) -> Vec<(u32, String)> {
    let mut notes: Vec<(u32, String)> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        let numbered = trimmed
            .strip_prefix('[')
            .and_then(|rest| rest.split_once("] "))
            .and_then(|(n, rest)| Some((n.parse::<u32>().ok()?, rest)));
        match numbered {
            Some((n, rest)) if notes.last().is_none_or(|(last, _)| n == last + 1) => {
                notes.push((n, rest.to_string()))
            }
            _ if trimmed.is_empty() => {}
            _ => {
                if let Some((_, note)) = notes.last_mut() {
                    note.push(' ');
                    note.push_str(trimmed);
                }
            }
        }
    }
    notes
        .into_iter()
        .map(|(n, t)| (n, t.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect()
}

/// What briefc prints in the notes of the every-type briefing.
fn briefc_notes(root: &Path) -> Vec<(u32, String)> {
    let out = briefc(root, &["build", "--format", "text"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(root.join("dist/every-type/every-type.txt")).unwrap();
    let notes = text.split("\nNotes\n=====\n").nth(1).expect("a notes list");
    let notes = notes.split("\nBibliography\n").next().unwrap();
    notes_of(notes)
}

/// What pandoc --citeproc prints for the same text, sources and style.
fn pandoc_notes(root: &Path, style: &str) -> Vec<(u32, String)> {
    let export = briefc(root, &["sources", "export", "--format", "csl-json"]);
    assert!(export.status.success(), "{}", stderr(&export));
    let library = root.join("library.json");
    std::fs::write(&library, &export.stdout).unwrap();
    // The section and its footnotes file, as one document.
    let text = std::fs::read_to_string(root.join("briefings/every-type/text.md")).unwrap();
    let notes = std::fs::read_to_string(root.join("footnotes/every-type.md")).unwrap();
    let draft = root.join("draft.md");
    std::fs::write(&draft, format!("{text}\n{notes}")).unwrap();
    let out = Command::new("pandoc")
        .arg("--citeproc")
        .arg("--csl")
        .arg(root.join(style))
        .arg("--bibliography")
        .arg(&library)
        // No `lang`: the style's own locale, else en-US, as briefc takes
        // for an English briefing.
        .args(["-M", "suppress-bibliography=true"])
        .args(["-t", "plain", "--wrap=none"])
        .arg(&draft)
        .output()
        .expect("pandoc is needed for this test (Debian's pandoc; .ci/run installs it)");
    let errors = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{errors}");
    assert!(
        !errors.contains("not found"),
        "every key is found: {errors}"
    );
    notes_of(&String::from_utf8_lossy(&out.stdout))
}

/// Each note where briefc's and pandoc's printing differ, both ways.
fn differences(style: &str) -> Vec<String> {
    let dir = every_type(style);
    let ours = briefc_notes(dir.path());
    let theirs = pandoc_notes(dir.path(), "styles/style.csl");
    assert_eq!(ours.len(), theirs.len(), "{ours:#?}\n{theirs:#?}");
    ours.iter()
        .zip(&theirs)
        .filter(|((_, a), (_, b))| a != b)
        .map(|((n, a), (_, b))| format!("[{n}]\n  briefc: {a}\n  pandoc: {b}"))
        .collect()
}

/// Where briefc and pandoc print a note differently, as
/// tests/csl/pandoc-differences.txt lists them (and docs/style.md
/// explains them); `BRIEFC_BLESS=1` writes what is found.
#[test]
fn every_note_reads_as_pandoc_citeproc_prints_it_but_the_listed() {
    let mut found = String::new();
    for style in ["chicago-notes", "oscola-like.csl"] {
        found.push_str(&format!("# {style}\n"));
        for difference in differences(style) {
            found.push_str(&difference);
            found.push('\n');
        }
    }
    let listed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/csl/pandoc-differences.txt");
    if std::env::var_os("BRIEFC_BLESS").is_some() {
        std::fs::write(&listed, &found).unwrap();
    }
    let expected = std::fs::read_to_string(&listed).unwrap_or_default();
    assert_eq!(
        found, expected,
        "the notes differ from pandoc's otherwise than tests/csl/pandoc-differences.txt lists"
    );
}

/// The notes of the every-type briefing in the OSCOLA-like style.
fn oscola_notes() -> Vec<(u32, String)> {
    let dir = every_type("oscola-like.csl");
    briefc_notes(dir.path())
}

fn note(notes: &[(u32, String)], n: u32) -> &str {
    &notes.iter().find(|(number, _)| *number == n).unwrap().1
}

#[test]
fn later_citations_name_the_note_of_the_first_and_ibid_follows_briefcs_chain() {
    let notes = oscola_notes();
    // `(n 1)`: the report was first cited in note 1.
    assert_eq!(
        note(&notes, 15),
        "Human Rights Watch, Still at Risk: Diplomatic Assurances No Safeguard against Torture (n 1) 12."
    );
    // The same page again, another page, then no page (the short form: a
    // bare "Ibid." would read as the page before).
    assert_eq!(note(&notes, 16), "Ibid.");
    assert_eq!(note(&notes, 17), "Ibid 14.");
    assert!(note(&notes, 18).ends_with("(n 1)."), "{}", note(&notes, 18));
    assert_eq!(note(&notes, 32), "Ibid.");
    // A note citing two sources, then one citing one of them: no "Ibid."
    // on either side of it.
    assert!(
        note(&notes, 35).starts_with("A. Author"),
        "{}",
        note(&notes, 35)
    );
    assert!(
        note(&notes, 36).starts_with("Jane Doe"),
        "{}",
        note(&notes, 36)
    );
    // A note of the author's own between two citations of one source.
    assert_eq!(note(&notes, 37), "A note that cites nothing.");
    assert!(
        note(&notes, 38).starts_with("Jane Doe"),
        "{}",
        note(&notes, 38)
    );
}

#[test]
fn ibid_false_gives_the_short_form_in_a_csl_style_too() {
    let dir = every_type("oscola-like.csl");
    let settings = dir.path().join("briefc.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(
        &settings,
        text.replace("[style]\n", "[style]\nibid = false\n"),
    )
    .unwrap();
    let notes = briefc_notes(dir.path());
    assert!(
        notes.iter().all(|(_, text)| !text.starts_with("Ibid")),
        "{notes:#?}"
    );
    assert!(
        note(&notes, 16).ends_with("(n 1) 12."),
        "{}",
        note(&notes, 16)
    );
}

/// A small project citing `library` from `text`, with `style` lines under
/// `[style]`.
fn small(style: &str, library: &str, text: &str, extra: &[(&str, &str)]) -> tempfile::TempDir {
    let settings = format!("[style]\n{style}\n");
    let mut files = vec![
        ("briefc.toml", settings.as_str()),
        (
            "briefings/b/briefing.toml",
            "title = \"B\"\ndate = 2007-01-23\nstatus = \"final\"\nsections = [\"s.md\"]\n",
        ),
        ("briefings/b/s.md", text),
        ("footnotes/sources.toml", library),
    ];
    files.extend_from_slice(extra);
    project(&files)
}

const LIBRARY: &str = r#"[hrw-nowhere]
type = "report"
author = "Human Rights Watch"
title = "Nowhere to Turn: State Abuses of Unemployed Migrants"
date = 2005-03-21

[no-date]
type = "web"
author = "Example Rights Watch"
title = "A Page With No Date"
url = "https://example.org/page"
"#;

#[test]
fn the_author_named_in_the_prose_is_left_out_of_a_csl_note() {
    let dir = small(
        "csl = \"chicago-notes\"",
        LIBRARY,
        "Human Rights Watch reported it [-@hrw-nowhere].\n",
        &[],
    );
    let out = briefc(dir.path(), &["build", "--format", "text"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("dist/b/b.txt")).unwrap();
    assert!(
        text.contains("[1] Nowhere to Turn: State Abuses of Unemployed Migrants (2005)."),
        "{text}"
    );
}

#[test]
fn a_field_the_style_prints_and_a_source_lacks_is_a_warning_at_the_entry() {
    let dir = small(
        "csl = \"chicago-notes\"",
        LIBRARY,
        "A page [@no-date].\n",
        &[],
    );
    let out = briefc(dir.path(), &["check"]);
    let err = stderr(&out);
    assert!(out.status.success(), "a warning, not an error: {err}");
    assert!(err.contains("missing-style-field"), "{err}");
    assert!(
        err.contains("`no-date` has no `date`, which the style `chicago-notes` prints for a source of type `web`"),
        "{err}"
    );
    assert!(
        err.contains("footnotes/sources.toml:7:"),
        "at the entry: {err}"
    );
    // The house style prints what it has, and says nothing.
    let house = small("dates = \"mdy\"", LIBRARY, "A page [@no-date].\n", &[]);
    let out = briefc(house.path(), &["check"]);
    assert!(
        !stderr(&out).contains("missing-style-field"),
        "{}",
        stderr(&out)
    );
}

/// `check`'s message for the style `setting` (with `files`), which must
/// fail.
fn refused(setting: &str, files: &[(&str, &str)]) -> String {
    let dir = small(setting, LIBRARY, "A report [@hrw-nowhere].\n", files);
    let out = briefc(dir.path(), &["check"]);
    assert!(!out.status.success(), "{setting} is refused");
    let err = stderr(&out);
    assert!(err.contains("invalid-style"), "{err}");
    err
}

#[test]
fn a_style_that_cannot_print_notes_is_refused_where_it_is_named() {
    let err = refused("csl = \"chicago-note\"", &[]);
    assert!(
        err.contains("no CSL style is bundled as `chicago-note`"),
        "{err}"
    );
    assert!(err.contains("did you mean \"chicago-notes\"?"), "{err}");
    assert!(err.contains("briefc.toml:2:7"), "at the value: {err}");

    let err = refused("csl = \"apa\"", &[]);
    assert!(err.contains("`apa` is an in-text style"), "{err}");
    assert!(
        err.contains("name a note style, such as chicago-notes"),
        "{err}"
    );

    for outside in ["/etc/style.csl", "../style.csl"] {
        let err = refused(&format!("csl = \"{outside}\""), &[]);
        assert!(err.contains("is not a path inside the project"), "{err}");
    }

    let err = refused("csl = \"styles/missing.csl\"", &[]);
    assert!(
        err.contains("no file `styles/missing.csl` in the project"),
        "{err}"
    );

    let broken = "<?xml version=\"1.0\"?>\n<style class=\"note\">\n  <citation>\n    <layout>\n  </citation>\n</style>\n";
    let err = refused(
        "csl = \"styles/broken.csl\"",
        &[("styles/broken.csl", broken)],
    );
    assert!(err.contains("not well-formed XML"), "{err}");
    assert!(err.contains("styles/broken.csl:5:"), "at its line: {err}");

    let looped = "<style xmlns=\"http://purl.org/net/xbiblio/csl\" class=\"note\" version=\"1.0\"><info><title>L</title><id>l</id><updated>2026-01-01T00:00:00+00:00</updated></info>\n<macro name=\"a\"><text macro=\"b\"/></macro>\n<macro name=\"b\"><text macro=\"a\"/></macro>\n<citation><layout><text macro=\"a\"/></layout></citation></style>\n";
    let err = refused("csl = \"styles/loop.csl\"", &[("styles/loop.csl", looped)]);
    assert!(err.contains("calls itself"), "{err}");
    assert!(err.contains("styles/loop.csl:2:1"), "{err}");

    let not_csl = "<html><body>Not a style</body></html>\n";
    let err = refused("csl = \"styles/page.csl\"", &[("styles/page.csl", not_csl)]);
    assert!(err.contains("not a CSL style briefc can read"), "{err}");
}

#[test]
fn a_dependent_style_uses_its_bundled_parent() {
    let dependent = r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" default-locale="en-US">
  <info>
    <title>A Journal That Follows Chicago</title>
    <id>http://www.zotero.org/styles/a-journal</id>
    <link href="http://www.zotero.org/styles/a-journal" rel="self"/>
    <link href="http://www.zotero.org/styles/chicago-notes-bibliography" rel="independent-parent"/>
    <updated>2026-01-01T00:00:00+00:00</updated>
  </info>
</style>
"#;
    let dir = small(
        "csl = \"styles/journal.csl\"",
        LIBRARY,
        "A report [@hrw-nowhere].\n",
        &[("styles/journal.csl", dependent)],
    );
    let out = briefc(dir.path(), &["build", "--format", "text"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("dist/b/b.txt")).unwrap();
    assert!(
        text.contains("[1] Human Rights Watch, Nowhere to Turn"),
        "{text}"
    );

    let orphan = dependent.replace("chicago-notes-bibliography", "no-such-style");
    let err = refused(
        "csl = \"styles/journal.csl\"",
        &[("styles/journal.csl", orphan.as_str())],
    );
    assert!(err.contains("is a dependent style of"), "{err}");
}

#[test]
fn the_bundled_styles_are_listed_and_printed_as_files() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_briefc"))
            .args(args)
            .output()
            .unwrap()
    };
    let list = run(&["sources", "styles"]);
    assert!(list.status.success());
    let listed = stdout(&list);
    assert!(listed.contains("chicago-notes "), "{listed}");
    assert!(!listed.contains("apa "), "only note styles: {listed}");
    let other_name = run(&["sources", "styles", "chicago-fullnotes"]);
    assert!(
        other_name.status.success(),
        "a style's other name: {}",
        stderr(&other_name)
    );
    assert!(stdout(&other_name).contains("class=\"note\""));
    let in_text = run(&["sources", "styles", "apa"]);
    assert!(!in_text.status.success(), "not a note style");
    let unknown = run(&["sources", "styles", "chicago"]);
    assert!(!unknown.status.success());
    assert!(
        stderr(&unknown).contains("did you mean `chicago-notes`?"),
        "{}",
        stderr(&unknown)
    );
}

const SORTED: &str = r#"[hrw-b]
type = "report"
author = "Human Rights Watch"
title = "Burying the Truth"
date = 2005-09-19

[law]
type = "legislation"
title = "Code of Criminal Procedure"
date = 2001-12-18

[ai]
type = "press-release"
author = "Amnesty International"
title = "Russia: Do Not Return Uzbek Refugees"
date = "2006-08"

[hrw-a]
type = "report"
author = "Human Rights Watch"
title = "“Bullets Were Falling Like Rain”"
date = "2005-06"
"#;

const CITING: &str =
    "First [@hrw-b]. Then [@law]. Then [@ai, p. 2]. Last [@hrw-a]. Again [@hrw-b].\n";

#[test]
fn a_bibliography_ends_every_edition_in_the_house_style_by_author_then_title() {
    let dir = small("bibliography = true", SORTED, CITING, &[]);
    let formats = if cfg!(feature = "pdf") {
        "html,text,json,docx,pdf"
    } else {
        "html,text,json,docx"
    };
    let out = briefc(dir.path(), &["build", "--format", formats]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dist = dir.path().join("dist/b");
    let text = std::fs::read_to_string(dist.join("b.txt")).unwrap();
    let list = text
        .split("Bibliography\n============\n")
        .nth(1)
        .expect("a list after the notes");
    let entries: Vec<String> = list
        .split("\n\n")
        .map(|e| e.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|e| !e.is_empty())
        .collect();
    assert_eq!(
        entries,
        [
            "“Russia: Do Not Return Uzbek Refugees,” Amnesty International press release, August 2006.",
            "Human Rights Watch, “Bullets Were Falling Like Rain,” June 2005.",
            "Human Rights Watch, Burying the Truth, September 19, 2005.",
            "Code of Criminal Procedure, December 18, 2001.",
        ],
        "{text}"
    );
    assert!(text.find("\nNotes\n").unwrap() < text.find("\nBibliography\n").unwrap());

    let page = std::fs::read_to_string(dist.join("index.html")).unwrap();
    let section = page
        .split("<section class=\"bibliography\" role=\"doc-bibliography\">")
        .nth(1)
        .expect("a bibliography section on the page");
    assert!(
        section.starts_with("\n<h2>Bibliography</h2>\n<ul>\n<li>“Russia"),
        "{section}"
    );
    assert_eq!(
        section
            .split("</section>")
            .next()
            .unwrap()
            .matches("<li>")
            .count(),
        4
    );

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dist.join("b.json")).unwrap()).unwrap();
    assert_eq!(json["bibliography"]["heading"], "Bibliography");
    assert_eq!(json["bibliography"]["entries"].as_array().unwrap().len(), 4);

    // Word: the list as pandoc reads the document back.
    let docx = Command::new("pandoc")
        .arg(dist.join("b.docx"))
        .args(["-f", "docx", "-t", "plain", "--wrap=none"])
        .output()
        .expect("pandoc is needed for this test (.ci/run installs it)");
    let word = String::from_utf8_lossy(&docx.stdout);
    assert!(
        word.contains("Bibliography\n\n“Russia: Do Not Return"),
        "{word}"
    );
    assert!(
        word.contains("Code of Criminal Procedure, December 18, 2001."),
        "{word}"
    );

    #[cfg(feature = "pdf")]
    {
        let pdf = Command::new("pdftotext")
            .arg(dist.join("b.pdf"))
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) is needed for this test");
        let printed = String::from_utf8_lossy(&pdf.stdout);
        assert!(printed.contains("Bibliography"), "{printed}");
        assert!(
            printed.contains("Burying the Truth, September 19, 2005."),
            "{printed}"
        );
    }
}

#[test]
fn a_csl_bibliography_is_sorted_and_printed_as_the_style_says() {
    let dir = small(
        "csl = \"chicago-notes\"\nbibliography = true",
        SORTED,
        CITING,
        &[],
    );
    let out = briefc(dir.path(), &["build", "--format", "text,json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("dist/b/b.json")).unwrap()).unwrap();
    let entries: Vec<String> = json["bibliography"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            entry
                .as_array()
                .unwrap()
                .iter()
                .map(|inline| {
                    inline["text"]
                        .as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| {
                            inline["content"]
                                .as_array()
                                .into_iter()
                                .flatten()
                                .filter_map(|c| c["text"].as_str())
                                .collect()
                        })
                })
                .collect()
        })
        .collect();
    // Chicago's bibliography: by author (a work without one by its title),
    // each a sentence of its own parts.
    assert_eq!(entries.len(), 4, "{entries:#?}");
    assert!(
        entries[0].starts_with("Amnesty International."),
        "{entries:#?}"
    );
    assert!(
        entries[1].starts_with("Code of Criminal Procedure"),
        "{entries:#?}"
    );
    assert!(
        entries[2].starts_with("Human Rights Watch. “Bullets"),
        "{entries:#?}"
    );
    assert!(
        entries[3].starts_with("Human Rights Watch. Burying"),
        "{entries:#?}"
    );
}

#[test]
fn a_russian_briefing_prints_a_csl_style_in_russian() {
    let library = "[news]\ntype = \"news\"\nauthor = \"Anna Reporter\"\ntitle = \"Dutch Court Blocks Extradition\"\npublication = \"Reuters\"\ndate = 2006-09-15\n";
    let dir = small(
        "csl = \"chicago-notes\"",
        library,
        "Сообщение [@news].\n",
        &[(
            "briefings/b/briefing.toml",
            "title = \"Б\"\ndate = 2007-01-23\nstatus = \"final\"\nlanguage = \"ru\"\nsections = [\"s.md\"]\n",
        )],
    );
    let out = briefc(dir.path(), &["build", "--format", "text"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("dist/b/b.txt")).unwrap();
    let notes = notes_of(text.split("Примечания").nth(1).unwrap());
    // CSL's Russian locale: its quotation marks and months (in the
    // nominative, where the house style prints the genitive).
    assert_eq!(
        notes[0].1,
        "Anna Reporter, «Dutch Court Blocks Extradition», Reuters, 15 сентябрь 2006 г."
    );
}

#[test]
fn a_source_cited_again_in_the_same_note_is_not_ibid() {
    let style = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/csl/oscola-like.csl"),
    )
    .unwrap();
    let dir = small(
        "csl = \"styles/o.csl\"",
        LIBRARY,
        "One.[^a] Two.[^b]\n\n[^a]: [@hrw-nowhere, 3]. Compare [@hrw-nowhere, 5].\n[^b]: [@hrw-nowhere, 5].\n",
        &[("styles/o.csl", style.as_str())],
    );
    let out = briefc(dir.path(), &["build", "--format", "text"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("dist/b/b.txt")).unwrap();
    let notes = notes_of(text.split("\nNotes\n").nth(1).unwrap());
    assert_eq!(
        notes[0].1,
        "Human Rights Watch, Nowhere to Turn: State Abuses of Unemployed Migrants (2005) 3. Compare Human Rights Watch, Nowhere to Turn: State Abuses of Unemployed Migrants (n 1) 5."
    );
    // The note before cites the source twice: no "Ibid." after it either.
    assert!(notes[1].1.ends_with("(n 1) 5."), "{notes:#?}");
}
