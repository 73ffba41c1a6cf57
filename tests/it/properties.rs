//! Properties that hold for any briefing, checked on generated ones.

use std::collections::BTreeSet;
use std::path::Path;

use briefc::analysis::{AnalyzeOptions, Scope, analyze};
use briefc::build::render_site;
use proptest::prelude::*;

/// One paragraph: words, and footnote markers given by note index.
#[derive(Debug, Clone)]
struct Paragraph {
    words: Vec<String>,
    /// After which word a marker stands, and which note (an index into
    /// the briefing's labels; past the end means an undefined one).
    markers: Vec<(usize, usize)>,
}

#[derive(Debug, Clone)]
struct Generated {
    start: u32,
    width: usize,
    labels: Vec<String>,
    /// Which labels have a definition.
    defined: Vec<bool>,
    sections: Vec<Vec<Paragraph>>,
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,9}",
        Just("Ivanovo".to_string()),
        Just("漢字".to_string()),
        Just("extraordinarily-long-unbreakable-compound-word-for-wrapping".to_string()),
    ]
}

fn paragraph(labels: usize) -> impl Strategy<Value = Paragraph> {
    (
        prop::collection::vec(word(), 1..30),
        prop::collection::vec(
            (
                0usize..30,
                prop_oneof![19 => 0usize..labels, 1 => Just(labels)],
            ),
            0..4,
        ),
    )
        .prop_map(|(words, markers)| Paragraph { words, markers })
}

fn generated() -> impl Strategy<Value = Generated> {
    (1usize..8).prop_flat_map(|count| {
        (
            1u32..40,
            prop_oneof![Just(0usize), 20usize..90],
            prop::collection::vec(prop::bool::weighted(0.92), count),
            prop::collection::vec(prop::collection::vec(paragraph(count), 1..4), 1..4),
            prop::collection::vec(prop::bool::ANY, count),
        )
            .prop_map(move |(start, width, defined, sections, named)| Generated {
                start,
                width,
                labels: (0..count)
                    .map(|i| {
                        if named[i] {
                            format!("note-{i}")
                        } else {
                            (i + 1).to_string()
                        }
                    })
                    .collect(),
                defined,
                sections,
            })
    })
}

fn write_project(g: &Generated, root: &Path) {
    let dir = root.join("briefings/b");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::create_dir_all(root.join("footnotes")).unwrap();
    let names: Vec<String> = (0..g.sections.len())
        .map(|i| format!("\"s{i}.md\""))
        .collect();
    std::fs::write(
        dir.join("briefing.toml"),
        format!(
            "title = \"Generated\"\ndate = 2007\nstatus = \"final\"\nsections = [{}]\n\n[footnotes]\nstart = {}\n\n[text]\nwidth = {}\n",
            names.join(", "),
            g.start,
            g.width
        ),
    )
    .unwrap();
    for (i, section) in g.sections.iter().enumerate() {
        let mut text = format!("# Section {i}\n\n");
        for p in section {
            for (w, word) in p.words.iter().enumerate() {
                text.push_str(word);
                for &(after, note) in &p.markers {
                    if after == w {
                        let label = g
                            .labels
                            .get(note)
                            .cloned()
                            .unwrap_or_else(|| "undefined".to_string());
                        text.push_str(&format!("[^{label}]"));
                    }
                }
                text.push(' ');
            }
            text.push_str("\n\n");
        }
        std::fs::write(dir.join(format!("s{i}.md")), text).unwrap();
    }
    let mut notes = String::new();
    for (label, defined) in g.labels.iter().zip(&g.defined) {
        if *defined {
            notes.push_str(&format!("[^{label}]: The note labelled {label}.\n\n"));
        }
    }
    std::fs::write(root.join("footnotes/b.md"), notes).unwrap();
}

fn scope(root: &Path) -> Scope {
    Scope {
        root: Some(root.to_path_buf()),
        ids: Vec::new(),
        drafts: true,
    }
}

/// The built files, or `None` when the build stopped on errors.
fn build(root: &Path) -> Option<Vec<(std::path::PathBuf, Vec<u8>)>> {
    let mut analysis = analyze(&scope(root), AnalyzeOptions::default()).unwrap();
    render_site(&mut analysis).unwrap().map(|site| site.files)
}

fn file<'a>(files: &'a [(std::path::PathBuf, Vec<u8>)], name: &str) -> &'a str {
    let bytes = &files.iter().find(|(p, _)| p.ends_with(name)).unwrap().1;
    std::str::from_utf8(bytes).unwrap()
}

/// The numbers in `text` that follow `prefix` and run up to `end`.
fn numbers_after(text: &str, prefix: &str, end: char) -> Vec<u32> {
    text.match_indices(prefix)
        .filter_map(|(at, _)| {
            let rest = &text[at + prefix.len()..];
            rest[..rest.find(end)?].parse().ok()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn build_and_check_agree_and_notes_are_whole(g in generated()) {
        let dir = tempfile::tempdir().unwrap();
        write_project(&g, dir.path());
        let check = analyze(
            &scope(dir.path()),
            AnalyzeOptions { problems_only: true, ..AnalyzeOptions::default() },
        )
        .unwrap();
        let built = build(dir.path());
        // build succeeds exactly when check reports no error.
        prop_assert_eq!(built.is_some(), !check.diagnostics.has_errors());
        let Some(files) = built else { return Ok(()) };

        let html = file(&files, "b/index.html");
        let text = file(&files, "b/b.txt");
        // Every reference leads to a note, every note back to each reference.
        let referenced: BTreeSet<u32> = numbers_after(html, "href=\"#fn-", '"').into_iter().collect();
        let notes: BTreeSet<u32> = numbers_after(html, "<li id=\"fn-", '"').into_iter().collect();
        prop_assert_eq!(&referenced, &notes);
        for id in numbers_after(html, "id=\"fnref-", '"') {
            let backlink = format!("href=\"#fnref-{id}\"");
            prop_assert!(html.contains(&backlink));
        }
        // Numbers run on from `start` without a gap.
        let expected: BTreeSet<u32> = (g.start..g.start + notes.len() as u32).collect();
        prop_assert_eq!(&notes, &expected);
        // No line is wider than the width unless it holds one word.
        if g.width > 0 {
            for line in text.lines() {
                let width = briefc::render::wrap::width(line);
                prop_assert!(width <= g.width || !line.trim().contains(' '), "{:?}", line);
            }
        }
        // The words of the text are the words of the page. CJK text may
        // break between any two characters, so its characters are compared
        // one by one rather than as words.
        let words = |s: &str| -> Vec<String> {
            s.split(|c: char| !c.is_alphanumeric() && c != '-')
                .flat_map(|w| {
                    if w.is_ascii() {
                        vec![w.to_string()]
                    } else {
                        w.chars().map(String::from).collect()
                    }
                })
                .filter(|w| {
                    (w.len() > 3 || !w.is_ascii()) && !w.chars().all(|c| c.is_ascii_digit())
                })
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect()
        };
        let body_html = &html[html.find("<main>").unwrap()..];
        let page_text: String = {
            let mut out = String::new();
            let mut in_tag = false;
            for c in body_html.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => { in_tag = false; out.push(' '); }
                    c if !in_tag => out.push(c),
                    _ => {}
                }
            }
            out
        };
        let text_body = &text[text.find("Section 0").unwrap()..];
        prop_assert_eq!(words(text_body), words(&page_text));
    }

    #[test]
    fn renumbering_changes_nothing_in_the_output(g in generated()) {
        let dir = tempfile::tempdir().unwrap();
        write_project(&g, dir.path());
        let Some(before) = build(dir.path()) else { return Ok(()) };
        let analysis = analyze(&scope(dir.path()), AnalyzeOptions::default()).unwrap();
        let changes = briefc::renumber::plan(&analysis.briefings, &analysis.project.sources);
        let Ok(changes) = changes else { return Ok(()) };
        let files = briefc::files::ProjectFiles::working_tree(dir.path()).unwrap();
        briefc::renumber::apply(&files, &changes).unwrap();
        let after = build(dir.path()).unwrap();
        prop_assert_eq!(before, after);
        // A second renumbering finds nothing to do.
        let analysis = analyze(&scope(dir.path()), AnalyzeOptions::default()).unwrap();
        let again = briefc::renumber::plan(&analysis.briefings, &analysis.project.sources).unwrap();
        prop_assert!(again.is_empty());
    }
}
