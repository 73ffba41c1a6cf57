//! The editions as a publisher prints them: one title block in every
//! edition, a heading's note in the text only, contents only when they
//! are needed, page-foot notes with a hanging indent, a running head that
//! fits, the publisher's logo and colour, and a page that offers its other
//! editions. The PDFs are read back with poppler and qpdf.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{briefc, project, stderr};

fn tool(name: &str, args: &[&str]) -> String {
    let output = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed for this test (poppler-utils, qpdf): {e}"));
    assert!(output.status.success(), "{name} {args:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn pages(pdf: &Path) -> Vec<String> {
    let text = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn build(root: &Path, formats: &str) -> PathBuf {
    let output = briefc(root, &["build", "--format", formats]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    root.join("dist")
}

const META: &str = "title = \"Returns on a Promise\"\ndate = 2006-06-01\nstatus = \"final\"\n\
    publisher = \"Northern Rights Council\"\nauthors = [\"A. Researcher\", \"B. Editor\"]\n\
    sections = [\"s.md\"]\n";

#[test]
fn every_edition_prints_one_title_block() {
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", "# Cases\n\nText.\n"),
    ]);
    let dist = build(p.path(), "html,text,pdf,json");
    let line = "A. Researcher and B. Editor";
    let order = |text: &str| {
        let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("no {s:?} in {text}"));
        assert!(at("Northern Rights Council") < at(line) && at(line) < at("June 1, 2006"));
    };
    order(&std::fs::read_to_string(dist.join("b/index.html")).unwrap());
    order(&std::fs::read_to_string(dist.join("b/b.txt")).unwrap());
    order(&pages(&dist.join("b/b.pdf"))[0]);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dist.join("b/b.json")).unwrap()).unwrap();
    assert_eq!(json["meta"]["authors_line"], line);
}

fn long_briefing(headings: usize, heading_note: bool) -> tempfile::TempDir {
    let mut text = String::new();
    for h in 1..=headings {
        let note = if heading_note && h == 2 {
            "[^head]"
        } else {
            ""
        };
        text.push_str(&format!(
            "## Part {h}{note}\n\nText of part {h}.[^n{h}]\n\n"
        ));
    }
    let mut notes = String::from("[^head]: The note on the heading, which is long enough.\n\n");
    for h in 1..=headings {
        notes.push_str(&format!("[^n{h}]: Note of part {h}.\n\n"));
    }
    let files: Vec<(&str, &str)> = vec![
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", &text),
        ("footnotes/b.md", &notes),
    ];
    let dir = project(&files);
    if !heading_note {
        std::fs::write(
            dir.path().join("footnotes/b.md"),
            notes.replace(
                "[^head]: The note on the heading, which is long enough.\n\n",
                "",
            ),
        )
        .unwrap();
    }
    dir
}

#[test]
fn a_headings_note_is_in_the_text_only() {
    let p = long_briefing(6, true);
    let dist = build(p.path(), "pdf");
    let pdf = dist.join("b/b.pdf");
    let pages = pages(&pdf);
    let contents = pages
        .iter()
        .position(|p| p.contains("Contents"))
        .expect("a contents page");
    assert!(
        !pages[contents].contains("The note on the heading"),
        "the contents page has no notes: {}",
        pages[contents]
    );
    assert!(pages[contents].contains("Part 2 "), "{}", pages[contents]);
    // The heading's note is note 2, after part 1's note 1, on its page.
    let text = pages[contents + 1..].join("\n");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("1 Note of part 1."), "{text}");
    assert!(text.contains("2 The note on the heading"), "{text}");
    let outlines = tool(
        "qpdf",
        &["--json", "--json-key=outlines", pdf.to_str().unwrap()],
    );
    assert!(outlines.contains("\"title\": \"Part 2\""), "{outlines}");
    assert!(!outlines.contains("The note on the heading"), "{outlines}");
}

#[test]
fn contents_only_when_a_briefing_needs_them() {
    let short = long_briefing(2, false);
    let pdf = build(short.path(), "pdf").join("b/b.pdf");
    assert!(
        !pages(&pdf).iter().any(|p| p.contains("Contents")),
        "two headings need none"
    );

    let long = long_briefing(6, false);
    let pdf = build(long.path(), "pdf").join("b/b.pdf");
    assert!(
        pages(&pdf).iter().any(|p| p.contains("Contents")),
        "six headings get them"
    );
    std::fs::write(long.path().join("briefc.toml"), "[pdf]\ncontents = false\n").unwrap();
    let pdf = build(long.path(), "pdf").join("b/b.pdf");
    assert!(!pages(&pdf).iter().any(|p| p.contains("Contents")));

    std::fs::write(short.path().join("briefc.toml"), "[pdf]\ncontents = true\n").unwrap();
    let pdf = build(short.path(), "pdf").join("b/b.pdf");
    assert!(pages(&pdf).iter().any(|p| p.contains("Contents")));

    std::fs::write(
        short.path().join("briefc.toml"),
        "[pdf]\ncontents = \"yes\"\n",
    )
    .unwrap();
    let output = briefc(short.path(), &["check"]);
    assert!(stderr(&output).contains("`contents` in [pdf] is \"auto\", true or false"));
}

#[test]
fn every_line_of_a_page_foot_note_starts_right_of_its_number() {
    let long = "This note runs over several lines at the foot of the page, as the \
        notes of a background briefing often do, and every one of its lines must start \
        at the same place, right of its number, never under it.";
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", "# Cases\n\nText.[^1]\n"),
        ("footnotes/b.md", &format!("[^1]: {long}\n")),
    ]);
    let pdf = build(p.path(), "pdf").join("b/b.pdf");
    let html = tool("pdftotext", &["-bbox-layout", pdf.to_str().unwrap(), "-"]);
    // The lines of the note: each line's first word and where it starts.
    let mut starts = Vec::new();
    for line in html.split("<line ").skip(1) {
        let words: Vec<(f64, &str)> = line
            .split("<word xMin=\"")
            .skip(1)
            .map(|w| {
                let x: f64 = w.split('"').next().unwrap().parse().unwrap();
                let text = w.split('>').nth(1).unwrap().split('<').next().unwrap();
                (x, text)
            })
            .collect();
        if words
            .iter()
            .any(|(_, t)| ["This", "notes", "at", "never"].contains(t))
        {
            starts.push(words.clone());
        }
    }
    let note_lines: Vec<&Vec<(f64, &str)>> = starts.iter().filter(|w| w.len() > 3).collect();
    assert!(note_lines.len() >= 2, "the note wraps: {note_lines:?}");
    // The first line begins with the number, then "This".
    let first = note_lines[0];
    let this = first.iter().find(|(_, t)| *t == "This").unwrap().0;
    assert!(first[0].1 == "1" && first[0].0 < this, "{first:?}");
    for line in &note_lines[1..] {
        assert!(
            (line[0].0 - this).abs() < 0.5,
            "hanging indent: {line:?} against {this}"
        );
    }
}

#[test]
fn the_running_head_fits_and_prefers_the_short_title() {
    let title = "The Extraordinarily Long Title of a Background Briefing on Diplomatic \
        Assurances against Torture and the Return of Refugees to Their Countries";
    let meta = format!(
        "title = \"{title}\"\nseries = \"Background Briefing\"\ndate = 2006\nstatus = \"final\"\nsections = [\"s.md\"]\n"
    );
    let p = project(&[
        ("briefings/b/briefing.toml", &meta),
        ("briefings/b/s.md", "# Cases\n\nText.\n"),
    ]);
    let pdf = build(p.path(), "pdf").join("b/b.pdf");
    let head = pages(&pdf)[1].lines().next().unwrap().to_string();
    assert!(
        head.contains("Background Briefing") && head.trim_end().ends_with('…'),
        "{head}"
    );
    assert!(!head.contains("Countries"), "{head}");
    std::fs::write(
        p.path().join("briefings/b/briefing.toml"),
        format!("{meta}short-title = \"Returns on a Promise\"\n"),
    )
    .unwrap();
    let pdf = build(p.path(), "pdf").join("b/b.pdf");
    let head = pages(&pdf)[1].lines().next().unwrap().to_string();
    assert!(head.trim_end().ends_with("Returns on a Promise"), "{head}");
}

#[test]
fn the_title_page_shows_the_publishers_logo_and_colour() {
    let logo = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"40\">\
        <rect width=\"40\" height=\"40\" fill=\"#123456\"/></svg>";
    let p = project(&[
        (
            "briefc.toml",
            "[pdf]\nlogo = \"img/logo.svg\"\ncolour = \"#0B4F8A\"\n",
        ),
        ("img/logo.svg", logo),
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", "# Cases\n\nText.\n"),
    ]);
    let dist = build(p.path(), "pdf,json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dist.join("b/b.json")).unwrap()).unwrap();
    assert_eq!(json["meta"]["colour"], "#0b4f8a");
    assert_eq!(json["meta"]["logo"], "_files/img/logo.svg");
    assert!(dist.join("b/_files/img/logo.svg").is_file());
    // The logo's square and the title in the publisher's colour, on the
    // first page as poppler draws it.
    let prefix = p.path().join("page");
    tool(
        "pdftoppm",
        &[
            "-f",
            "1",
            "-l",
            "1",
            "-r",
            "40",
            dist.join("b/b.pdf").to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let ppm = std::fs::read_dir(p.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|f| f.extension().is_some_and(|e| e == "ppm"))
        .expect("pdftoppm wrote the page");
    let bytes = std::fs::read(ppm).unwrap();
    // P6, width and height, 255, then the pixels.
    let mut fields = 0;
    let mut at = 0;
    while fields < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields += 1;
    }
    let pixels: Vec<&[u8]> = bytes[at + 1..].chunks(3).collect();
    let near = |rgb: [u8; 3]| {
        pixels
            .iter()
            .any(|p| p.iter().zip(rgb).all(|(&a, b)| a.abs_diff(b) <= 6))
    };
    assert!(near([0x12, 0x34, 0x56]), "the logo is drawn");
    assert!(
        near([0x0b, 0x4f, 0x8a]),
        "the title is in the publisher's colour"
    );
    // A logo that is not there is an error at its place.
    std::fs::remove_file(p.path().join("img/logo.svg")).unwrap();
    let output = briefc(p.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("--> briefc.toml:2:8"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_page_offers_its_other_editions_and_the_index_shows_what_readers_need() {
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", "# Cases\n\nText.\n"),
    ]);
    let dist = build(p.path(), "html,text,pdf,docx");
    let page = std::fs::read_to_string(dist.join("b/index.html")).unwrap();
    let size = |file: &str| std::fs::metadata(dist.join("b").join(file)).unwrap().len();
    let kb = |bytes: u64| format!("({} KB)", bytes.div_ceil(1024));
    assert!(
        page.contains(&format!(
            "<a href=\"b.pdf\" download>PDF</a> {}",
            kb(size("b.pdf"))
        )),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "<a href=\"b.txt\">plain text</a> {}",
            kb(size("b.txt"))
        )),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"b.docx\" download>Word</a>"),
        "{page}"
    );
    let index = std::fs::read_to_string(dist.join("index.html")).unwrap();
    assert!(
        !index.contains("final"),
        "no workflow state for readers: {index}"
    );
    assert!(index.contains(">English</span>"), "{index}");
    assert!(
        index.contains(&format!(
            "<a href=\"b/b.pdf\">PDF</a> {}",
            kb(size("b.pdf"))
        )),
        "{index}"
    );
}
