//! The PDF edition, read back as a reader's tools see it: poppler's
//! `pdftotext` and `pdfinfo`, and `qpdf --check` (`.ci/run` installs
//! both). Each test builds a small project under `tests/pdf/` or one made
//! here, and checks what a publisher would look for in the file: the
//! numbers of the notes, each note on its marker's page, the contents'
//! page numbers, the text intact, nothing read from outside, the same
//! bytes every time.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{briefc, project, stderr};

/// Builds `root` into a new directory and returns it with the output.
fn build(root: &Path, args: &[&str]) -> (tempfile::TempDir, Output) {
    let out = tempfile::tempdir().unwrap();
    let dist = out.path().join("dist");
    let mut all = vec!["build", "--out", dist.to_str().unwrap()];
    all.extend(args);
    let output = briefc(root, &all);
    (out, output)
}

fn pdf_path(out: &tempfile::TempDir, id: &str) -> PathBuf {
    out.path().join("dist").join(id).join(format!("{id}.pdf"))
}

fn tool(name: &str, args: &[&str]) -> String {
    let output = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed for this test (poppler-utils, qpdf): {e}"));
    assert!(
        output.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The text of each page, in order.
fn pages(pdf: &Path) -> Vec<String> {
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn info(pdf: &Path) -> String {
    tool("pdfinfo", &[pdf.to_str().unwrap()])
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/pdf")
        .join(name)
}

const META: &str =
    "title = \"Test\"\ndate = 2006-08-03\nstatus = \"final\"\nsections = [\"s.md\"]\n";

#[test]
fn notes_are_numbered_from_the_start_and_a_repeated_note_is_printed_once() {
    let (out, output) = build(&fixture("country"), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
    let pdf = pdf_path(&out, "country");
    let text = pages(&pdf).join("\n");
    for number in 31..=34 {
        assert!(
            text.contains(&format!("{number} Note {number}:")),
            "note {number} is printed with its number:\n{text}"
        );
    }
    assert!(!text.contains("Note 30:") && !text.contains("35 Note"));
    // Note 32 is referred to twice and printed once.
    assert_eq!(text.matches("Note 32:").count(), 1, "{text}");
    assert!(
        text.contains("hearing.32") && text.contains("again.32"),
        "{text}"
    );
    // Cyrillic comes out as it went in.
    assert!(text.contains("Ивановские беженцы"), "{text}");
    assert!(text.contains("Российская Федерация"), "{text}");

    let info = info(&pdf);
    assert!(
        info.contains("Title:           Returns to Uzbekistan"),
        "{info}"
    );
    assert!(
        info.contains("Author:          Research Division"),
        "{info}"
    );
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(info.contains("(A4)"), "{info}");
    tool("qpdf", &["--check", pdf.to_str().unwrap()]);
}

/// A briefing of `notes` notes, a few to a paragraph, with notes of
/// varying length, so that many pages break near a marker.
fn many_notes(notes: usize) -> tempfile::TempDir {
    let mut section = String::from("# Many notes\n\n");
    let mut definitions = String::new();
    for n in 1..=notes {
        section.push_str(&format!("Claim number {n} is made here.[^{n}] "));
        if n % 3 == 0 {
            section.push_str("\n\n");
        }
        let words = "and more words of the note ".repeat(n % 7 * 3);
        definitions.push_str(&format!("[^{n}]: Body of note {n} {words}ends.\n"));
    }
    project(&[
        (
            "briefings/many/briefing.toml",
            &META.replace("Test", "Many"),
        ),
        ("briefings/many/s.md", &section),
        ("footnotes/many.md", &definitions),
    ])
}

#[test]
fn every_note_is_on_the_page_of_its_marker() {
    let p = many_notes(150);
    let (out, output) = build(p.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("note-off-page"),
        "{}",
        stderr(&output)
    );
    let pages = pages(&pdf_path(&out, "many"));
    assert!(pages.len() > 5, "{} pages", pages.len());
    // A marker is the number right after "here." (and before anything but
    // another digit); its line may have been carried to the next page.
    let has_marker = |page: &str, n: usize| {
        let marker = format!("here.{n}");
        page.match_indices(&marker)
            .any(|(at, _)| !page[at + marker.len()..].starts_with(|c: char| c.is_ascii_digit()))
    };
    for n in 1..=150 {
        let body = format!("{n} Body of note {n} ");
        let marker_page = pages.iter().position(|p| has_marker(p, n));
        let note_page = pages.iter().position(|p| p.contains(&body));
        assert!(marker_page.is_some(), "marker {n} not found");
        assert_eq!(marker_page, note_page, "note {n}");
    }
}

#[test]
fn the_contents_give_the_pages_the_headings_are_on() {
    let mut sections = String::new();
    let mut files = Vec::new();
    for s in 1..=4 {
        let mut text = format!("# Part {s}\n\n");
        for p in 0..25 {
            text.push_str(&format!("Paragraph {p} of part {s}, long enough to fill a line or two of the page with words.\n\n"));
        }
        text.push_str(&format!("## Part {s} detail\n\nMore.\n"));
        files.push((format!("briefings/c/s{s}.md"), text));
        sections.push_str(&format!("\"s{s}.md\", "));
    }
    let meta = format!(
        "title = \"Four parts\"\ndate = 2006\nstatus = \"final\"\nsections = [{sections}]\n"
    );
    let mut all: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    all.push(("briefings/c/briefing.toml", &meta));
    let p = project(&all);
    let (out, output) = build(p.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let pages = pages(&pdf_path(&out, "c"));
    let contents = pages
        .iter()
        .find(|p| p.contains("Contents"))
        .expect("a contents page");
    for s in 1..=4 {
        for heading in [format!("Part {s}"), format!("Part {s} detail")] {
            let line = contents
                .lines()
                .find(|l| {
                    l.starts_with(&format!("{heading} .")) || l.starts_with(&format!("{heading}."))
                })
                .unwrap_or_else(|| panic!("{heading} in the contents:\n{contents}"));
            let listed: usize = line
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .trim_start_matches(&s.to_string())
                .parse()
                .unwrap();
            let actual = pages
                .iter()
                .position(|p| p.lines().any(|l| l.trim() == heading) && !p.contains("Contents"))
                .unwrap()
                + 1;
            assert_eq!(listed, actual, "{heading}: {line}");
        }
    }
}

#[test]
fn text_that_looks_like_typst_is_printed_as_written() {
    let p = project(&[
        (
            "briefings/h/briefing.toml",
            &META.replace("Test", "Hostile #read(\\\"/etc/passwd\\\")"),
        ),
        (
            "briefings/h/s.md",
            "# Code in the text\n\nSee #read(\"/etc/passwd\") and $x$ #import \"x.typ\" here.[^a]\n\n#include \"/etc/hostname\"\n",
        ),
        (
            "footnotes/h.md",
            "[^a]: A note with #eval(\"1 + 1\") and #set text(red) in it.\n",
        ),
    ]);
    let (out, output) = build(p.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let pdf = pdf_path(&out, "h");
    let text = pages(&pdf).join("\n");
    for written in [
        "See #read(“/etc/passwd”) and $x$ #import “x.typ” here.",
        "#include “/etc/hostname”",
        "A note with #eval(“1 + 1”) and #set text(red) in it.",
    ] {
        assert!(text.contains(written), "{written} in:\n{text}");
    }
    assert!(!text.contains("root:"), "nothing was read from the disk");
    assert!(info(&pdf).contains("Hostile #read(“/etc/passwd”)"));
}

#[test]
fn the_same_sources_give_the_same_bytes() {
    let (first, output) = build(&fixture("country"), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let copy = tempfile::tempdir().unwrap();
    copy_dir(&fixture("country"), copy.path());
    let (second, output) = build(copy.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let a = std::fs::read(pdf_path(&first, "country")).unwrap();
    let b = std::fs::read(pdf_path(&second, "country")).unwrap();
    assert!(a == b, "two builds, in two places, differ");
    // The dates in the file are the briefing's, not the day of the build.
    let info = info(&pdf_path(&first, "country"));
    assert!(
        info.contains("CreationDate:    Thu Aug  3 00:00:00 2006"),
        "{info}"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn pdf_ua_1_is_met_or_refused_at_the_cause() {
    let root = tempfile::tempdir().unwrap();
    copy_dir(&fixture("country"), root.path());
    std::fs::write(
        root.path().join("briefc.toml"),
        "[pdf]\nstandard = \"ua-1\"\npaper = \"us-letter\"\n",
    )
    .unwrap();
    let (out, output) = build(root.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let pdf = pdf_path(&out, "country");
    let meta = tool("pdfinfo", &["-meta", pdf.to_str().unwrap()]);
    assert!(
        meta.contains("pdfuaid:part") || meta.contains("<pdfuaid:part>1"),
        "{meta}"
    );
    assert!(info(&pdf).contains("(letter)"));
    tool("qpdf", &["--check", pdf.to_str().unwrap()]);

    // A level-3 heading straight under a level-1 one is refused, at it.
    let section = root.path().join("briefings/country/02-uzbekistan.md");
    let text = std::fs::read_to_string(&section).unwrap();
    std::fs::write(&section, text.replace("\n## ", "\n### ")).unwrap();
    let (out, output) = build(root.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("error[pdf-standard]"), "{err}");
    assert!(err.contains("heading level 1 to 3"), "{err}");
    assert!(
        err.contains("--> briefings/country/02-uzbekistan.md:"),
        "{err}"
    );
    // The PDF is left out, and said so; the other editions are written.
    assert!(err.contains("left out: the PDF of `country`"), "{err}");
    assert!(!pdf_path(&out, "country").exists());
    assert!(out.path().join("dist/country/index.html").is_file());
    assert!(out.path().join("dist/country/country.txt").is_file());
}

#[test]
fn a_character_no_font_has_is_a_warning_at_its_place() {
    let p = project(&[
        ("briefings/z/briefing.toml", META),
        ("briefings/z/s.md", "# Text\n\nIn Chinese: 中文.\n"),
    ]);
    let (_out, output) = build(p.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("warning[missing-glyph]"), "{err}");
    assert!(
        // Page 2: a briefing of one heading has no contents page.
        err.contains("中 (U+4E2D, page 2, Libertinus Serif)"),
        "{err}"
    );
    assert!(err.contains("--> briefings/z/s.md:3:13"), "{err}");
    assert!(err.contains("fonts/"), "the help says what to add: {err}");
}

#[test]
fn the_pdf_speaks_the_briefing_language_and_never_sets_arabic_in_the_code_font() {
    let ru = "title = \"Тест\"\ndate = 2006-08-03\nstatus = \"final\"\nlanguage = \"ru\"\nsections = [\"s.md\"]\n";
    let ar = "title = \"اختبار\"\ndate = 2006-08-03\nstatus = \"final\"\nlanguage = \"ar\"\nsections = [\"s.md\"]\n";
    let p = project(&[
        // A contents page whatever the number of headings.
        ("briefc.toml", "[pdf]\ncontents = true\n"),
        ("briefings/ru/briefing.toml", ru),
        ("briefings/ru/s.md", "# Текст\n\nОн сказал \"нет\".[^1]\n"),
        ("footnotes/ru.md", "[^1]: Примечание.\n"),
        ("briefings/ar/briefing.toml", ar),
        ("briefings/ar/s.md", "# نص\n\nقال الرجال.\n"),
    ]);
    let (out, output) = build(p.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = pages(&pdf_path(&out, "ru")).join("\n");
    assert!(text.contains("Содержание"), "the contents' heading: {text}");
    assert!(text.contains("3 августа 2006 г."), "the date: {text}");
    assert!(text.contains("«нет»"), "the quotation marks: {text}");
    let err = stderr(&output);
    assert!(err.contains("warning[missing-glyph]"), "{err}");
    assert!(
        err.contains("(U+06"),
        "Arabic without an Arabic font: {err}"
    );
    assert!(
        err.contains("Noto Naskh Arabic"),
        "the help names a font: {err}"
    );
}

#[test]
fn a_project_template_is_closed_to_the_disk_and_reports_errors_in_place() {
    let p = project(&[
        ("briefings/t/briefing.toml", META),
        ("briefings/t/s.md", "# Text\n\nWords.\n"),
        (
            "templates/briefing.typ",
            "#let secret = read(\"/etc/passwd\")\n#secret\n",
        ),
    ]);
    let (_out, output) = build(p.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("error[template-error]"), "{err}");
    assert!(err.contains("--> templates/briefing.typ:1:20"), "{err}");
    assert!(err.contains("access denied"), "{err}");
    assert!(
        !err.contains("--root"),
        "Typst's own hints are left out: {err}"
    );

    for template in [
        "#import \"@preview/cetz:0.3.0\"\n",
        "#read(\"../outside.txt\")\n",
        "#image(\"/briefings/t/s.md\")\n",
    ] {
        std::fs::write(p.path().join("templates/briefing.typ"), template).unwrap();
        let (_out, output) = build(p.path(), &[]);
        assert_eq!(output.status.code(), Some(1), "{template}");
        assert!(
            stderr(&output).contains("--> templates/briefing.typ:1:"),
            "{}",
            stderr(&output)
        );
    }

    // A syntax error is shown at its line and column.
    std::fs::write(
        p.path().join("templates/briefing.typ"),
        "#let doc = json(\"/document.json\")\n#let x = (1 +\n",
    )
    .unwrap();
    let (_out, output) = build(p.path(), &[]);
    assert!(
        stderr(&output).contains("--> templates/briefing.typ:2:"),
        "{}",
        stderr(&output)
    );
    // `check` finds it too, without typesetting.
    let output = briefc(p.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("error[template-error]"), "{err}");
    assert!(err.contains("--> templates/briefing.typ:2:"), "{err}");
}

#[test]
fn the_ejected_template_gives_the_built_in_pdf() {
    let (built_in, output) = build(&fixture("country"), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let root = tempfile::tempdir().unwrap();
    copy_dir(&fixture("country"), root.path());
    let eject = briefc(root.path(), &["templates", "--eject"]);
    assert!(eject.status.success(), "{}", stderr(&eject));
    assert!(root.path().join("templates/briefing.typ").is_file());
    let (ejected, output) = build(root.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        std::fs::read(pdf_path(&built_in, "country")).unwrap()
            == std::fs::read(pdf_path(&ejected, "country")).unwrap()
    );
}

#[test]
fn notes_at_the_end_and_a_draft_mark() {
    let root = tempfile::tempdir().unwrap();
    copy_dir(&fixture("country"), root.path());
    std::fs::write(root.path().join("briefc.toml"), "[pdf]\nnotes = \"end\"\n").unwrap();
    let meta = root.path().join("briefings/country/briefing.toml");
    let text = std::fs::read_to_string(&meta).unwrap();
    std::fs::write(
        &meta,
        text.replace("status = \"final\"", "status = \"draft\""),
    )
    .unwrap();
    let (out, output) = build(root.path(), &["--drafts"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let pages = pages(&pdf_path(&out, "country"));
    let last = pages.last().unwrap();
    assert!(last.contains("Notes"), "{last}");
    assert!(last.contains("31.") && last.contains("Note 31:"), "{last}");
    // The mark is set at a slant, so it comes out a letter to a line.
    for page in &pages {
        let lines: Vec<&str> = page.lines().map(str::trim).collect();
        assert!(
            ["D", "R", "A", "F", "T"].iter().all(|l| lines.contains(l)),
            "every page of a draft is marked:\n{page}"
        );
    }
}

#[test]
fn a_file_in_fonts_that_is_no_font_is_a_warning() {
    let p = project(&[
        ("briefings/f/briefing.toml", META),
        ("briefings/f/s.md", "# Text\n\nWords.\n"),
        ("fonts/broken.ttf", "not a font"),
    ]);
    let (out, output) = build(p.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("warning[invalid-font]"), "{err}");
    assert!(err.contains("fonts/broken.ttf"), "{err}");
    assert!(pdf_path(&out, "f").is_file());
}

#[test]
fn long_unbroken_text_and_many_notes_in_one_paragraph_finish() {
    let mut paragraph = String::from("# Dense\n\n");
    let mut notes = String::new();
    for n in 1..=400 {
        paragraph.push_str(&format!("c{n}.[^{n}] "));
        notes.push_str(&format!("[^{n}]: N{n}.\n"));
    }
    paragraph.push_str(&format!("\n\nhttps://example.org/{}\n", "x".repeat(20_000)));
    let p = project(&[
        ("briefings/d/briefing.toml", META),
        ("briefings/d/s.md", &paragraph),
        ("footnotes/d.md", &notes),
    ]);
    let (out, output) = build(p.path(), &[]);
    assert!(
        matches!(output.status.code(), Some(0)),
        "{}",
        stderr(&output)
    );
    assert!(pdf_path(&out, "d").is_file());
}

#[test]
fn each_section_begins_a_page_unless_told_to_continue() {
    let page_of = |pages: &[String], heading: &str| {
        pages
            .iter()
            .position(|p| p.lines().any(|l| l.trim() == heading) && !p.contains("Contents"))
            .unwrap()
    };
    let (out, output) = build(&fixture("country"), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let new_pages = pages(&pdf_path(&out, "country"));
    assert_eq!(
        page_of(&new_pages, "Uzbekistan"),
        page_of(&new_pages, "Российская Федерация") + 1
    );

    let root = tempfile::tempdir().unwrap();
    copy_dir(&fixture("country"), root.path());
    std::fs::write(
        root.path().join("briefc.toml"),
        "[pdf]\nsections = \"continue\"\n",
    )
    .unwrap();
    let (out, output) = build(root.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let run_on = pages(&pdf_path(&out, "country"));
    assert_eq!(
        page_of(&run_on, "Uzbekistan"),
        page_of(&run_on, "Российская Федерация")
    );
    assert_eq!(run_on.len() + 1, new_pages.len());
}

#[test]
fn the_language_is_in_the_file_and_long_addresses_stay_inside_the_margin() {
    let url = format!(
        "https://example.org/reports/{}/annex.pdf",
        (1..=12)
            .map(|n| format!("section-{n}-of-the-annual-report"))
            .collect::<Vec<_>>()
            .join("/")
    );
    let p = project(&[
        (
            "briefings/u/briefing.toml",
            &META.replace("status", "language = \"ru\"\nstatus"),
        ),
        ("briefings/u/s.md", "# Адреса\n\nСм. источник.[^1]\n"),
        ("footnotes/u.md", &format!("[^1]: Доклад: <{url}>.\n")),
    ]);
    let (out, output) = build(p.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let pdf = pdf_path(&out, "u");

    // The catalog names the language (object streams unpacked by qpdf).
    let unpacked = out.path().join("unpacked.pdf");
    tool(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            pdf.to_str().unwrap(),
            unpacked.to_str().unwrap(),
        ],
    );
    let raw = String::from_utf8_lossy(&std::fs::read(&unpacked).unwrap()).into_owned();
    assert!(
        raw.contains("/Lang (ru)"),
        "the PDF's language is the briefing's"
    );

    // The address is all there, broken across lines but never past the
    // right margin of the A4 page (595 pt wide, 2.4 cm margins).
    // (pdftotext joins a line that ends in "-" to the next without it, as
    // it would a hyphenated word, so the hyphens are left out of both.)
    let text = pages(&pdf).join("").replace(['\n', '-'], "");
    assert!(text.contains(&url.replace('-', "")), "{text}");
    let boxes = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    for line in boxes.lines().filter(|l| l.contains("<word")) {
        let x_max: f64 = line
            .split("xMax=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap();
        // A hyphen or a full stop may hang a point or two into the margin.
        assert!(
            x_max <= 595.3 - 68.0 + 3.0,
            "a word runs into the margin: {line}"
        );
    }
}

#[test]
fn a_note_of_two_paragraphs_keeps_both_at_the_foot_and_at_the_end() {
    for settings in ["", "[pdf]\nnotes = \"end\"\n"] {
        let p = project(&[
            ("briefc.toml", settings),
            ("briefings/m/briefing.toml", META),
            ("briefings/m/s.md", "# Text\n\nA claim.[^1] Another.[^2]\n"),
            (
                "footnotes/m.md",
                "[^1]: First paragraph of the note.\n\n    Second paragraph of the note.\n\n[^2]: The other note.\n",
            ),
        ]);
        let (out, output) = build(p.path(), &[]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let text = pages(&pdf_path(&out, "m")).join("\n");
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        assert!(
            lines
                .iter()
                .any(|l| l.ends_with("First paragraph of the note.")),
            "{settings}: {text}"
        );
        assert!(
            lines.contains(&"Second paragraph of the note."),
            "{settings}: the second paragraph starts a line of its own: {text}"
        );
    }
}

#[test]
fn deeply_nested_lists_and_quotes_are_set_without_losing_text() {
    let section = format!(
        "# Deep\n\n{}deep item\n\n{}deep quote\n\n{}x\n\n| {} |\n|{}\n| {} |\n",
        "- ".repeat(60),
        "> ".repeat(60),
        "*_".repeat(30),
        (0..200)
            .map(|i| format!("c{i}"))
            .collect::<Vec<_>>()
            .join(" | "),
        "---|".repeat(200),
        (0..200)
            .map(|i| format!("v{i}"))
            .collect::<Vec<_>>()
            .join(" | "),
    );
    let p = project(&[
        ("briefings/n/briefing.toml", META),
        ("briefings/n/s.md", &section),
    ]);
    let (out, output) = build(p.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The innermost quote is narrow: its words may each take a line.
    let text = pages(&pdf_path(&out, "n")).join("\n").replace('\n', " ");
    assert!(
        text.contains("deep item") && text.contains("deep quote"),
        "{text}"
    );
    assert!(
        text.contains("c199") && text.contains("v199"),
        "every cell is printed"
    );
}

#[test]
fn typesetting_past_the_timeout_leaves_the_pdf_out() {
    let p = many_notes(600);
    std::fs::write(p.path().join("briefc.toml"), "[pdf]\ntimeout = 1\n").unwrap();
    let started = std::time::Instant::now();
    let (out, output) = build(p.path(), &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("error[pdf-limit]"), "{err}");
    assert!(err.contains("took longer than 1 second"), "{err}");
    assert!(err.contains("--> briefings/many/briefing.toml"), "{err}");
    assert!(!pdf_path(&out, "many").exists(), "the PDF is left out");
    assert!(out.path().join("dist/many/index.html").is_file());
    // The typesetting process is ended at the deadline, not waited for.
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

/// The images of a PDF as `pdfimages -list` gives them: width and height.
fn raster_images(pdf: &Path) -> Vec<(u32, u32)> {
    tool("pdfimages", &["-list", pdf.to_str().unwrap()])
        .lines()
        .skip(2)
        .filter(|line| line.split_whitespace().nth(2) == Some("image"))
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            (fields[3].parse().unwrap(), fields[4].parse().unwrap())
        })
        .collect()
}

#[test]
fn images_are_placed_with_their_descriptions_and_captions() {
    let root = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assets"),
        root.path(),
    );
    let (out, output) = build(root.path(), &["--format", "pdf"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let pdf = pdf_path(&out, "maps");
    tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    // Every raster image, from the summary, the sections and a note, at
    // its own size (the SVG map is drawn as vectors).
    let mut images = raster_images(&pdf);
    images.sort_unstable();
    assert_eq!(images, [(6, 2), (12, 7), (30, 20), (50, 40)]);
    let text = pages(&pdf).join("\n");
    assert!(
        text.contains("The region and its three crossings"),
        "{text}"
    );
    assert!(
        !text.contains("[Image:"),
        "no image is replaced by text: {text}"
    );
    // Each description is the alternative text of its image.
    let uncompressed = root.path().join("plain.pdf");
    let _ = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(&pdf)
        .arg(&uncompressed)
        .status()
        .unwrap();
    let raw = String::from_utf8_lossy(&std::fs::read(&uncompressed).unwrap()).into_owned();
    for alt in [
        "Key to the map",
        "Map of the region",
        "The northern post",
        "Returns by month",
        "Monthly returns",
    ] {
        assert!(
            raw.contains(&format!("/Alt ({alt})")),
            "no alt text {alt:?}"
        );
    }

    // PDF/UA refuses the image without a description, and says where.
    std::fs::write(
        root.path().join("briefc.toml"),
        "[pdf]\nstandard = \"ua-1\"\n",
    )
    .unwrap();
    let (out, output) = build(root.path(), &["--format", "pdf"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("error[pdf-standard]: the PDF does not meet PDF/UA-1: missing alt text\n --> briefings/maps/02-returns.md:3:53"),
        "{err}"
    );
    assert!(!pdf_path(&out, "maps").exists());

    // An image that does not decode stops the build at its reference.
    std::fs::write(root.path().join("briefc.toml"), "").unwrap();
    std::fs::write(
        root.path().join("briefings/maps/img/post.jpg"),
        b"\xff\xd8\xff\xe0 not a photograph",
    )
    .unwrap();
    let (_, output) = build(root.path(), &["--format", "pdf"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains(
            "error[invalid-image]: the image `briefings/maps/img/post.jpg` does not decode"
        ) && err.contains(" --> briefings/maps/01-region.md:6:36"),
        "{err}"
    );
}
