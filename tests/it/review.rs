//! The Word edition, read by the programs reviewers and publishers use
//! (LibreOffice lays it out, pandoc and python-docx read it), and `briefc
//! review` on documents edited the way Word writes tracked changes and
//! comments: each change placed in the sources, and `--apply` giving a
//! briefing that says what the reviewed document says.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{briefc, copy_dir, files_under, stderr, stdout};

/// A copy of a project under `tests/review/`.
fn review_project(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/review")
        .join(name);
    copy_dir(&from, dir.path());
    dir
}

/// Builds `formats` of the project into `dist/`.
fn build(root: &Path, formats: &str) {
    let output = briefc(root, &["build", "--drafts", "--format", formats]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

fn tool(name: &str, args: &[&str], dir: &Path) -> String {
    let output = Command::new(name)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed for this test (.ci/run installs it): {e}"));
    assert!(
        output.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The parts of a .docx by name.
fn parts(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts = BTreeMap::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        parts.insert(entry.name().unwrap().to_string(), bytes);
    }
    parts
}

fn write_docx(path: &Path, parts: &BTreeMap<String, Vec<u8>>) {
    std::fs::write(path, docx_bytes(parts)).unwrap();
}

fn part(parts: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(parts[name].clone()).unwrap()
}

/// Word's tracked change: in the first run whose text holds `before` then
/// `old`, `old` deleted and `new` inserted after `before`, by `author`,
/// as Word writes them (`w:del` with `w:delText`, `w:ins` with `w:t`).
fn track(xml: &str, before: &str, old: &str, new: &str, author: &str) -> String {
    let needle = format!("{before}{old}");
    let at = xml
        .find(&needle)
        .unwrap_or_else(|| panic!("no run holds {needle:?}"));
    let run_start = xml[..at].rfind("<w:r>").unwrap();
    let text_start = xml[..at].rfind('>').unwrap() + 1;
    let text_end = at + xml[at..].find("</w:t>").unwrap();
    let run_end = text_end + xml[text_end..].find("</w:r>").unwrap() + "</w:r>".len();
    let properties = &xml[run_start + "<w:r>".len()..xml[..text_start].rfind("<w:t").unwrap()];
    let text = &xml[text_start..text_end];
    let split = at - text_start + before.len();
    let (head, tail) = (&text[..split], &text[split + old.len()..]);
    let run = |t: &str| format!("<w:r>{properties}<w:t xml:space=\"preserve\">{t}</w:t></w:r>");
    let mut out = run(head);
    if !old.is_empty() {
        out.push_str(&format!(
            "<w:del w:id=\"90{}\" w:author=\"{author}\" w:date=\"2026-12-01T09:30:00Z\"><w:r>{properties}<w:delText xml:space=\"preserve\">{old}</w:delText></w:r></w:del>",
            xml.len() % 97
        ));
    }
    if !new.is_empty() {
        out.push_str(&format!(
            "<w:ins w:id=\"91{}\" w:author=\"{author}\" w:date=\"2026-12-01T09:31:00Z\">{}</w:ins>",
            xml.len() % 89,
            run(new)
        ));
    }
    out.push_str(&run(tail));
    format!("{}{out}{}", &xml[..run_start], &xml[run_end..])
}

/// A comment on the run that holds `words`, as Word writes one: the range
/// around it in the text, the reference after it, the comment in
/// `word/comments.xml` with its relationship and content type.
fn comment(parts: &mut BTreeMap<String, Vec<u8>>, words: &str, author: &str, said: &str) {
    let mut document = part(parts, "word/document.xml");
    let at = document.find(words).unwrap();
    let run_start = document[..at].rfind("<w:r>").unwrap();
    let run_end = at + document[at..].find("</w:r>").unwrap() + "</w:r>".len();
    document.insert_str(
        run_end,
        "<w:commentRangeEnd w:id=\"7\"/><w:r><w:commentReference w:id=\"7\"/></w:r>",
    );
    document.insert_str(run_start, "<w:commentRangeStart w:id=\"7\"/>");
    parts.insert("word/document.xml".into(), document.into_bytes());
    parts.insert(
        "word/comments.xml".into(),
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:comment w:id=\"7\" w:author=\"{author}\" w:date=\"2026-12-02T08:00:00Z\" w:initials=\"PD\"><w:p><w:r><w:t>{said}</w:t></w:r></w:p></w:comment></w:comments>").into_bytes(),
    );
    let rels = part(parts, "word/_rels/document.xml.rels").replace(
        "</Relationships>",
        "<Relationship Id=\"rIdComments\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"comments.xml\"/></Relationships>",
    );
    parts.insert("word/_rels/document.xml.rels".into(), rels.into_bytes());
    let types = part(parts, "[Content_Types].xml").replace(
        "</Types>",
        "<Override PartName=\"/word/comments.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml\"/></Types>",
    );
    parts.insert("[Content_Types].xml".into(), types.into_bytes());
}

/// The reviewed document of `tests/review/reviewed`: changes in the body,
/// in a note, in a citation as printed, and a comment.
fn reviewed(root: &Path) -> PathBuf {
    build(root, "docx,text");
    let built = root.join("dist/b/b.docx");
    let mut parts = parts(&built);
    let document = part(&parts, "word/document.xml");
    let document = track(
        &document,
        "Sending states rely on ",
        "these",
        "such",
        "Anna Editor",
    );
    let document = track(
        &document,
        "This briefing looks at ",
        "",
        "several ",
        "Anna Editor",
    );
    let document = track(
        &document,
        "The Court told Russia ",
        "not ",
        "",
        "Lev Lawyer",
    );
    parts.insert("word/document.xml".into(), document.into_bytes());
    let notes = part(&parts, "word/footnotes.xml");
    let notes = track(
        &notes,
        "On the definition ",
        "used here",
        "we use",
        "Lev Lawyer",
    );
    let notes = track(&notes, "Still at ", "Risk", "Peril", "Lev Lawyer");
    parts.insert("word/footnotes.xml".into(), notes.into_bytes());
    comment(
        &mut parts,
        "A “diplomatic assurance”",
        "Programme Director",
        "Define this earlier?",
    );
    let path = root.join("reviewed.docx");
    write_docx(&path, &parts);
    path
}

#[test]
fn the_word_edition_is_read_by_word_readers() {
    let p = review_project("reviewed");
    build(p.path(), "docx,text");
    let dist = p.path().join("dist/b");
    let docx = dist.join("b.docx");

    // pandoc: the same notes, in order, with the text edition's words.
    let text = std::fs::read_to_string(dist.join("b.txt")).unwrap();
    let read = tool(
        "pandoc",
        &[
            "-f",
            "docx",
            "-t",
            "plain",
            "--wrap=none",
            docx.to_str().unwrap(),
        ],
        p.path(),
    );
    let notes_of = |text: &str| -> Vec<String> {
        let start = text.find("\n[1] ").expect("a list of notes");
        text[start..]
            .split("\n[")
            .filter(|n| !n.trim().is_empty())
            .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    };
    let (ours, theirs) = (notes_of(&text), notes_of(&read));
    assert_eq!(ours.len(), 5, "{text}");
    assert_eq!(theirs, ours, "pandoc read:\n{read}");
    assert!(
        read.contains("Sending states rely on these promises"),
        "{read}"
    );

    // python-docx: the title and the authors.
    let props = tool(
        "python3",
        &[
            "-c",
            "import docx,sys; d=docx.Document(sys.argv[1]); print(d.core_properties.title); print(d.core_properties.author); print(sorted(set(p.style.name for p in d.paragraphs)))",
            docx.to_str().unwrap(),
        ],
        p.path(),
    );
    assert!(
        props.starts_with("Assurances Reviewed\nAnna Author; Lev Lawyer\n"),
        "{props}"
    );
    for style in ["'Title'", "'Heading 1'", "'List Bullet'", "'Quote'"] {
        assert!(props.contains(style), "{style}: {props}");
    }

    // LibreOffice lays it out with every note on its marker's page.
    let out = tempfile::tempdir().unwrap();
    tool(
        "soffice",
        &[
            "--headless",
            &format!(
                "-env:UserInstallation=file://{}/profile",
                out.path().display()
            ),
            "--convert-to",
            "pdf",
            "--outdir",
            out.path().to_str().unwrap(),
            docx.to_str().unwrap(),
        ],
        p.path(),
    );
    let pdf = out.path().join("b.pdf");
    let pages: Vec<String> = tool(
        "pdftotext",
        &["-layout", pdf.to_str().unwrap(), "-"],
        p.path(),
    )
    .split('\u{c}')
    .map(|page| page.split_whitespace().collect::<Vec<_>>().join(" "))
    .collect();
    let page_of = |words: &str| pages.iter().position(|page| page.contains(words));
    for (marker_words, note_words) in [
        ("or otherwise ill-treated.", "On the definition used here"),
        ("otherwise forbid.", "Convention against Torture"),
        ("in secret too.", "Empty Promises"),
        ("hundreds of civilians.", "Bullets Were Falling"),
        (
            "examined their applications.",
            "European Court of Human Rights, interim",
        ),
    ] {
        let marker = page_of(marker_words).unwrap_or_else(|| panic!("{marker_words}: {pages:?}"));
        let note = page_of(note_words).unwrap_or_else(|| panic!("{note_words}: {pages:?}"));
        assert_eq!(
            marker, note,
            "{note_words} is on another page than its marker"
        );
    }

    // The same sources give the same bytes.
    let first = std::fs::read(&docx).unwrap();
    build(p.path(), "docx");
    assert_eq!(std::fs::read(&docx).unwrap(), first);
}

#[test]
fn a_note_referred_to_twice_is_one_footnote_and_languages_are_marked() {
    let p = review_project("reviewed");
    build(p.path(), "docx");
    let parts = parts(&p.path().join("dist/b/b.docx"));
    let document = part(&parts, "word/document.xml");
    let notes = part(&parts, "word/footnotes.xml");
    assert_eq!(notes.matches("<w:footnote w:id=").count(), 5);
    assert_eq!(
        notes.matches("<w:footnote w:type=").count(),
        2,
        "Word's two separators"
    );
    assert_eq!(document.matches("<w:footnoteReference").count(), 5);
    assert_eq!(
        document.matches("NOTEREF _Ref2 \\f \\h").count(),
        1,
        "{document}"
    );
    assert!(part(&parts, "word/settings.xml").contains("<w:numStart w:val=\"1\"/>"));
    assert!(document.contains("<w:lang w:val=\"en\"/>"));
    for style in ["Heading1", "FootnoteText", "ListBullet", "Quote"] {
        assert!(
            document.contains(&format!("w:val=\"{style}\""))
                || notes.contains(&format!("w:val=\"{style}\"")),
            "{style}"
        );
    }

    let languages = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/languages");
    let out = tempfile::tempdir().unwrap();
    let output = briefc(
        &languages,
        &[
            "build",
            "--drafts",
            "--format",
            "docx",
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let arabic = part(&parts_of(out.path(), "ar"), "word/document.xml");
    assert!(arabic.contains("<w:bidi/>") && arabic.contains("<w:rtl/><w:lang w:bidi=\"ar\"/>"));
    let chinese = part(&parts_of(out.path(), "zh"), "word/document.xml");
    assert!(chinese.contains("<w:rFonts w:hint=\"eastAsia\"/><w:lang w:eastAsia=\"zh-Hans\"/>"));
    let russian = part(&parts_of(out.path(), "ru"), "word/document.xml");
    assert!(russian.contains("<w:lang w:val=\"ru\"/>"));
}

fn parts_of(dist: &Path, id: &str) -> BTreeMap<String, Vec<u8>> {
    parts(&dist.join(id).join(format!("{id}.docx")))
}

/// The review of the reviewed document, as JSON, against the expected
/// file beside the project (`BRIEFC_BLESS=1` writes it).
#[test]
fn review_places_every_change_as_expected() {
    let p = review_project("reviewed");
    let document = reviewed(p.path());
    let output = briefc(
        p.path(),
        &["review", document.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let actual = stdout(&output);
    let expected = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/review/reviewed.json");
    if std::env::var_os("BRIEFC_BLESS").is_some() {
        std::fs::write(&expected, &actual).unwrap();
    }
    assert_eq!(actual, std::fs::read_to_string(&expected).unwrap());

    // As people read it.
    let human = briefc(p.path(), &["review", document.to_str().unwrap()]);
    let shown = stdout(&human);
    assert!(
        shown.contains(
            "note: insertion by Anna Editor (2026-12-01): “such”\n --> briefings/b/s.md:"
        ),
        "{shown}"
    );
    assert!(shown.contains("in note 1: “we use”"), "{shown}");
    assert!(
        shown.contains("briefc made these words from here"),
        "{shown}"
    );
    assert!(
        stderr(&human).contains("Reviewed b: 4 insertions, 4 deletions, 1 comment"),
        "{}",
        stderr(&human)
    );
}

#[test]
fn apply_writes_the_authors_words_and_leaves_the_rest() {
    let p = review_project("reviewed");
    let document = reviewed(p.path());
    let sources = |root: &Path| {
        let mut files = files_under(&root.join("briefings"));
        files.extend(files_under(&root.join("footnotes")));
        files
    };
    let before = sources(p.path());
    let dry = briefc(
        p.path(),
        &["review", document.to_str().unwrap(), "--apply", "--dry-run"],
    );
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    let diff = stdout(&dry);
    assert!(
        diff.contains("-Sending states rely on these promises"),
        "{diff}"
    );
    assert!(
        diff.contains("+Sending states rely on such promises"),
        "{diff}"
    );
    assert!(
        diff.contains("+[^1]: On the definition we use, see"),
        "{diff}"
    );
    assert_eq!(sources(p.path()), before, "--dry-run writes nothing");

    let applied = briefc(p.path(), &["review", document.to_str().unwrap(), "--apply"]);
    let said = stderr(&applied);
    assert_eq!(applied.status.code(), Some(0), "{said}");
    assert!(
        said.contains("Wrote 6 of 9 changes into 2 files; 3 left to do by hand"),
        "{said}"
    );
    let left = stdout(&applied);
    assert!(
        left.contains("“Risk”") && left.contains("“Peril”"),
        "{left}"
    );
    assert!(left.contains("Define this earlier?"), "{left}");

    // Built again, the Word edition says what the reviewed one says once
    // its changes are accepted, but for the words briefc made.
    build(p.path(), "docx");
    let accepted = tool(
        "pandoc",
        &[
            "-f",
            "docx",
            "--track-changes=accept",
            "-t",
            "plain",
            document.to_str().unwrap(),
        ],
        p.path(),
    );
    let rebuilt = tool(
        "pandoc",
        &["-f", "docx", "-t", "plain", "dist/b/b.docx"],
        p.path(),
    );
    assert_eq!(rebuilt, accepted.replace("Still at Peril", "Still at Risk"));
    assert!(
        rebuilt.contains("The Court told Russia to extradite"),
        "{rebuilt}"
    );
}

#[test]
fn changes_after_the_build_are_said_and_placed_by_their_words() {
    let p = review_project("reviewed");
    let document = reviewed(p.path());
    let section = p.path().join("briefings/b/s.md");
    let text = std::fs::read_to_string(&section).unwrap();
    std::fs::write(&section, format!("A new first paragraph.\n\n{text}")).unwrap();
    let output = briefc(
        p.path(),
        &["review", document.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("briefings/b/s.md changed since the .docx was built"),
        "{}",
        stderr(&output)
    );
    let review: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let such = review["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"] == "such")
        .unwrap();
    assert_eq!(such["moved"], true);
    let line = such["line"].as_u64().unwrap() as usize;
    let column = such["column"].as_u64().unwrap() as usize;
    let now = std::fs::read_to_string(&section).unwrap();
    let at_line = now.lines().nth(line - 1).unwrap();
    assert_eq!(&at_line[column - 1..column + 8], " promises", "{at_line}");
}

#[test]
fn a_file_that_is_not_briefcs_docx_is_refused_and_nothing_is_written() {
    let p = review_project("reviewed");
    build(p.path(), "docx");
    let built = parts(&p.path().join("dist/b/b.docx"));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "text.docx",
            b"not a zip at all".to_vec(),
            "not a zip archive",
        ),
        (
            "cut.docx",
            std::fs::read(p.path().join("dist/b/b.docx")).unwrap()[..300].to_vec(),
            "it is not a Word document",
        ),
        (
            "other.docx",
            {
                let mut parts = built.clone();
                parts.retain(|name, _| !name.starts_with("customXml/"));
                docx_bytes(&parts)
            },
            "briefc did not write it",
        ),
        (
            "entities.docx",
            {
                let mut parts = built.clone();
                let bomb = "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>";
                parts.insert("word/document.xml".into(), bomb.as_bytes().to_vec());
                docx_bytes(&parts)
            },
            "not well-formed XML",
        ),
        (
            "deep.docx",
            {
                let mut parts = built.clone();
                let deep = format!(
                    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{}{}</w:body></w:document>",
                    "<w:sdt><w:sdtContent>".repeat(5000),
                    "</w:sdtContent></w:sdt>".repeat(5000)
                );
                parts.insert("word/document.xml".into(), deep.into_bytes());
                docx_bytes(&parts)
            },
            "nests more than 256 deep",
        ),
        (
            "bomb.docx",
            {
                let mut parts = built.clone();
                let mut huge = part(&parts, "word/document.xml").into_bytes();
                huge.extend(std::iter::repeat_n(b' ', 300 * 1024 * 1024));
                parts.insert("word/document.xml".into(), huge);
                docx_bytes(&parts)
            },
            "inflates to more than 256 MB",
        ),
    ];
    let before = files_under(p.path());
    for (name, bytes, said) in cases {
        let path = p.path().join("dist").join(name);
        std::fs::write(&path, &bytes).unwrap();
        let output = briefc(p.path(), &["review", path.to_str().unwrap(), "--apply"]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{name}: {message}");
        assert!(message.contains(said), "{name}: {message}");
        assert!(message.contains("nothing was written"), "{name}: {message}");
        assert!(!message.contains("panicked"), "{message}");
        std::fs::remove_file(&path).unwrap();
    }
    assert_eq!(files_under(p.path()), before);
}

fn docx_bytes(parts: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}
