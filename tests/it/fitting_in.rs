//! What a command-line program is expected to offer around its work: man
//! pages for every command, help that names the editions there are,
//! messages in the author's words (a date, a bad .bib, a mistyped note
//! number), and links from the root of the publisher's own site.

use std::process::Command;

use crate::common::{briefc, project, stderr, stdout};

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_briefc"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn every_command_has_a_manual_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let output = run(&["man", "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    for page in [
        "briefc.1",
        "briefc-build.1",
        "briefc-check.1",
        "briefc-diff.1",
        "briefc-review.1",
        "briefc-sources.1",
        "briefc-sources-import.1",
        "briefc-man.1",
    ] {
        let roff = std::fs::read_to_string(out.join(page))
            .unwrap_or_else(|_| panic!("{page} was not written"));
        assert!(roff.contains(".TH"), "{page} is not a manual page");
    }
    let build = std::fs::read_to_string(out.join("briefc-build.1")).unwrap();
    assert!(build.contains("docx"), "the page says what --help says");
    // Without --out, briefc.1 on standard output.
    let top = run(&["man"]);
    assert!(stdout(&top).starts_with(".ie") || stdout(&top).contains(".TH briefc 1"));
}

#[test]
fn help_names_every_edition() {
    for args in [&["--help"][..], &["build", "--help"]] {
        let help = stdout(&run(args));
        assert!(!help.contains("HTML and plain text"), "{help}");
        for edition in ["PDF", "Word", "JSON"] {
            assert!(
                help.contains(edition),
                "{args:?} does not name {edition}: {help}"
            );
        }
    }
}

#[test]
fn a_date_written_as_people_write_it_is_explained() {
    let p = project(&[
        (
            "briefings/b/briefing.toml",
            "title = \"T\"\ndate = 01/23/2007\nsections = [\"a.md\"]\n",
        ),
        ("briefings/b/a.md", "Text.\n"),
    ]);
    let output = briefc(p.path(), &["check"]);
    let text = stderr(&output);
    assert!(text.contains("`date` is not written as a date"), "{text}");
    assert!(
        text.contains("write a date as year-month-day: 2007-01-23"),
        "{text}"
    );
    assert!(!text.contains("expected literal string"), "{text}");
}

#[test]
fn a_mistyped_note_number_is_matched_with_the_note_nobody_refers_to() {
    let p = project(&[
        (
            "briefings/b/briefing.toml",
            "title = \"T\"\ndate = 2007\nsections = [\"a.md\"]\n",
        ),
        ("briefings/b/a.md", "One.[^1] Two.[^2] Three.[^35]\n"),
        (
            "footnotes/b.md",
            "[^1]: One.\n\n[^2]: Two.\n\n[^34]: Three.\n",
        ),
    ]);
    let text = stderr(&briefc(p.path(), &["check"]));
    assert!(text.contains("footnote `[^35]` is not defined"), "{text}");
    assert!(text.contains("did you mean [^34]?"), "{text}");
}

#[test]
fn a_bad_bib_file_is_shown_at_its_line_and_column() {
    let p = project(&[("footnotes/sources.toml", ""), ("briefings/.keep", "")]);
    let bib = p.path().join("library.bib");
    std::fs::write(
        &bib,
        "@report{good,\n  title = {Fine},\n  date = {2005},\n}\n\n@report{bad\n  title = {Oops},\n}\n",
    )
    .unwrap();
    let output = briefc(p.path(), &["sources", "import", bib.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(
        text.contains("library.bib: line 7, column 3: not BibTeX"),
        "{text}"
    );
    assert!(
        text.contains("missing comma, brace or quotation mark"),
        "{text}"
    );
}

#[test]
fn links_from_the_root_of_the_site_point_at_the_site() {
    let files = [
        (
            "briefings/b/briefing.toml",
            "title = \"T\"\ndate = 2007\nstatus = \"final\"\nsections = [\"a.md\"]\n",
        ),
        (
            "briefings/b/a.md",
            "See [our report](/reports/2005/?lang=en#summary).\n",
        ),
    ];
    let without = project(&files);
    let text = stderr(&briefc(without.path(), &["check"]));
    assert!(
        text.contains("is a path from the root of the disk"),
        "{text}"
    );
    assert!(
        text.contains("[links] site = \"https://www.example.org\""),
        "{text}"
    );

    let with = project(&files);
    std::fs::write(
        with.path().join("briefc.toml"),
        "[links]\nsite = \"https://www.example.org\"\n",
    )
    .unwrap();
    let output = briefc(with.path(), &["build", "--format", "html,text,json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let address = "https://www.example.org/reports/2005/?lang=en#summary";
    let page = std::fs::read_to_string(with.path().join("dist/b/index.html")).unwrap();
    assert!(page.contains(&format!("href=\"{address}\"")), "{page}");
    let json = std::fs::read_to_string(with.path().join("dist/b/b.json")).unwrap();
    assert!(json.contains(address), "{json}");
    let text = std::fs::read_to_string(with.path().join("dist/b/b.txt")).unwrap();
    assert!(text.contains("www.example.org/reports/2005/"), "{text}");

    std::fs::write(
        with.path().join("briefc.toml"),
        "[links]\nsite = \"example.org\"\n",
    )
    .unwrap();
    let text = stderr(&briefc(with.path(), &["check"]));
    assert!(
        text.contains("`site` in [links] is not a web address"),
        "{text}"
    );
}

#[test]
fn braces_and_backslashes_survive_a_bibtex_round_trip() {
    let title = r"The {Ivanovo} case, \ and a \textit{command}";
    let library = format!(
        "[k]\ntype = \"report\"\nauthor = \"Example Rights Watch\"\ntitle = '{title}'\ndate = 2005\n"
    );
    let p = project(&[
        ("footnotes/sources.toml", &library),
        ("briefings/.keep", ""),
    ]);
    let export = briefc(p.path(), &["sources", "export", "--format", "bibtex"]);
    assert!(export.status.success(), "{}", stderr(&export));
    let bib = stdout(&export);
    assert!(
        bib.contains(r"\{Ivanovo\}") && bib.contains(r"\textbackslash{}"),
        "{bib}"
    );
    let back = project(&[("footnotes/sources.toml", ""), ("briefings/.keep", "")]);
    let file = back.path().join("library.bib");
    std::fs::write(&file, &bib).unwrap();
    let import = briefc(back.path(), &["sources", "import", file.to_str().unwrap()]);
    assert!(import.status.success(), "{}", stderr(&import));
    let imported =
        std::fs::read_to_string(back.path().join("footnotes/sources/library.toml")).unwrap();
    let value: toml::Value = toml::from_str(&imported).unwrap();
    assert_eq!(value["k"]["title"].as_str(), Some(title), "{imported}");
}
