//! `briefc sources import` and `export`, as a team moving to briefc uses
//! them: a Zotero CSL-JSON export, a LaTeX user's `.bib` file and an RIS
//! file imported, cited and built without a hand edit; nothing overwritten;
//! the library exported and imported back unchanged; the export read by
//! pandoc `--citeproc`.

use std::path::Path;

use crate::common::{briefc, copy_dir, project, read_tree, stderr, stdout};

fn input(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/import")
        .join(name)
        .display()
        .to_string()
}

const META: &str = "title = \"Imported\"\ndate = 2007-01-23\nstatus = \"final\"\nsections = [\"s.md\"]\n\n[text]\nwidth = 0\n";

#[test]
fn exports_of_zotero_bibtex_and_ris_are_imported_cited_and_built() {
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        (
            "briefings/b/s.md",
            "# S\n\nZotero [@watch-2005-still, p. 3]. UN [@council-2007-report]. \
             Journal [@vanderberg2008]. BibTeX [@erw2005bullets]. Accents [@juric2007]. \
             Book [@ocampo2009]. Misc [@hearing-notes]. RIS [@petrova-2006-extradition]. \
             Again [@petrova-2006-extradition].\n",
        ),
    ]);
    let zotero = briefc(p.path(), &["sources", "import", &input("zotero.json")]);
    assert_eq!(zotero.status.code(), Some(0), "{}", stderr(&zotero));
    let said = stderr(&zotero);
    for expected in [
        "watch-2005-still (CSL-JSON report “Still at Risk: Diplomatic Assurances No…”): the publisher stands as the author; key `http://zotero.org/users/local/qW3rTy/items/8KX2M4PL` became `watch-2005-still`; not kept: accessed, collection-title, language, place",
        "kramer2006 (CSL-JSON article-newspaper “Russia Frees Uzbek Refugees' Lawyers”): not kept: abstract",
        "nowak-book (CSL-JSON book “The United Nations Convention against T…”): not kept: ISBN",
        "Imported 7 sources into footnotes/sources/zotero.toml",
    ] {
        assert!(said.contains(expected), "missing {expected:?} in:\n{said}");
    }
    let bib = briefc(
        p.path(),
        &[
            "sources",
            "import",
            &input("thesis.bib"),
            "--into",
            "footnotes/sources/thesis.toml",
        ],
    );
    assert_eq!(bib.status.code(), Some(0), "{}", stderr(&bib));
    assert!(
        stderr(&bib).contains("not kept: author: \"and others\""),
        "{}",
        stderr(&bib)
    );
    let ris = briefc(p.path(), &["sources", "import", &input("export.ris")]);
    assert_eq!(ris.status.code(), Some(0), "{}", stderr(&ris));

    let build = briefc(p.path(), &["build", "--format", "text"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let text = std::fs::read_to_string(p.path().join("dist/b/b.txt")).unwrap();
    for expected in [
        "[1] Example Rights Watch, Still at Risk: Diplomatic Assurances No Safeguard against Torture, vol. 17, no. 4(D), April 15, 2005, p. 3, https://www.example.org/reports/still-at-risk.",
        "[2] UN Human Rights Council, “Report of the Special Rapporteur on the question of torture,” Report of the Special Rapporteur (A/HRC/4/33, January 15, 2007).",
        "[3] Lotte van der Berg and Chidi Okafor, “Assurances and the Absolute Prohibition,” Journal of Human Rights Practice, vol. 2, no. 1 (March 2008), 45-67.",
        "[4] Example Rights Watch, “Bullets Were Falling Like Rain”: The Andijan Massacre, May 13, 2005, no. 5(D), June 2005, https://www.example.org/reports/andijan.",
        "[5] Ana Jurić and Stefan Müller, “Diplomatic Assurances before the European Court,” Human Rights Law Review, vol. 7, no. 3 (September 2007), 501–530.",
        "[6] José Luis Ocampo, Non-Refoulement in Practice (Madrid: Ediciones Jurídicas, 2009).",
        "[7] Defence counsel, Notes of the appeal hearing, typed record kept by counsel, 2006.",
        "[8] Irina Petrova, “Extradition Hearing Postponed,” Ivanovo Evening News, September 12, 2006.",
        "[9] Ibid.",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(
        !text.contains("Shared with the researchers"),
        "a note is never printed"
    );

    // Nothing is ever overwritten, and a key the library has stops the
    // import unless it is to be skipped.
    let library = read_tree(&p.path().join("footnotes"));
    let again = briefc(p.path(), &["sources", "import", &input("zotero.json")]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains(
            "footnotes/sources/zotero.toml exists; briefc sources import never changes a file"
        ),
        "{}",
        stderr(&again)
    );
    let clash = briefc(
        p.path(),
        &[
            "sources",
            "import",
            &input("zotero.json"),
            "--into",
            "footnotes/sources/more.toml",
        ],
    );
    assert_eq!(clash.status.code(), Some(1));
    assert!(
        stderr(&clash).contains("the library already has a source `kramer2006`"),
        "{}",
        stderr(&clash)
    );
    let skipped = briefc(
        p.path(),
        &[
            "sources",
            "import",
            &input("zotero.json"),
            "--into",
            "footnotes/sources/more.toml",
            "--skip-existing",
        ],
    );
    assert_eq!(skipped.status.code(), Some(0));
    assert!(
        stderr(&skipped).contains("kramer2006 (")
            && stderr(&skipped).contains("skipped, the library has this key")
    );
    let dry = briefc(
        p.path(),
        &[
            "sources",
            "import",
            &input("export.ris"),
            "--into",
            "footnotes/sources/ris2.toml",
            "--dry-run",
            "--skip-existing",
        ],
    );
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    assert!(stderr(&dry).contains("nothing was written (--dry-run)"));
    assert_eq!(
        read_tree(&p.path().join("footnotes")),
        library,
        "the library is as it was"
    );

    let dry = briefc(
        p.path(),
        &[
            "sources",
            "import",
            &input("thesis.bib"),
            "--into",
            "footnotes/sources/t2.toml",
            "--dry-run",
        ],
    );
    // Every key clashes now: nothing to print, and the reason why.
    assert_eq!(dry.status.code(), Some(1));
}

#[test]
fn a_dry_run_prints_entries_the_library_reads() {
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", "# S\n"),
    ]);
    let dry = briefc(
        p.path(),
        &["sources", "import", &input("export.ris"), "--dry-run"],
    );
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    assert!(
        stdout(&dry).contains(
            "[said-2007-monitoring]\ntype    = \"article\"\nauthor  = [\"Omar Said\", \"Eva Lindqvist\"]\ntitle   = \"Monitoring after Return\"\njournal = \"Refugee Survey Quarterly\"\nvolume  = \"26\"\nnumber  = \"2\"\npages   = \"10-24\"\ndate    = \"2007\"\n"
        ),
        "{}",
        stdout(&dry)
    );
    assert!(!p.path().join("footnotes").exists());
    let wrong = briefc(
        p.path(),
        &[
            "sources",
            "import",
            &input("export.ris"),
            "--into",
            "sources.toml",
        ],
    );
    assert_eq!(wrong.status.code(), Some(2));
    assert!(stderr(&wrong).contains("is not a library file briefc reads"));
}

/// The fixture that cites a source of every type, without `expected/`.
fn every_type() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/citations-every-type");
    for part in ["briefings", "footnotes"] {
        copy_dir(&fixture.join(part), &dir.path().join(part));
    }
    dir
}

#[test]
fn an_exported_library_imports_back_the_same() {
    let original = every_type();
    let built = briefc(original.path(), &["build", "--format", "html,text"]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    for (format, file) in [("csl-json", "library.json"), ("bibtex", "library.bib")] {
        let export = briefc(original.path(), &["sources", "export", "--format", format]);
        assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
        let copy = every_type();
        std::fs::remove_file(copy.path().join("footnotes/sources/all.toml")).unwrap();
        let exported = copy.path().join(file);
        std::fs::write(&exported, &export.stdout).unwrap();
        let import = briefc(
            copy.path(),
            &["sources", "import", exported.to_str().unwrap()],
        );
        assert_eq!(
            import.status.code(),
            Some(0),
            "{format}: {}",
            stderr(&import)
        );
        assert!(
            !stderr(&import).contains("not kept") && !stderr(&import).contains("became"),
            "{format}: the round trip keeps everything as it was: {}",
            stderr(&import)
        );
        let rebuilt = briefc(copy.path(), &["build", "--format", "html,text"]);
        assert_eq!(
            rebuilt.status.code(),
            Some(0),
            "{format}: {}",
            stderr(&rebuilt)
        );
        for edition in ["types/types.txt", "types/index.html"] {
            let before =
                std::fs::read_to_string(original.path().join("dist").join(edition)).unwrap();
            let after = std::fs::read_to_string(copy.path().join("dist").join(edition)).unwrap();
            assert_eq!(
                after, before,
                "{format}: {edition} changed after the round trip"
            );
        }
    }
    // Only what a briefing cites, when briefings are named.
    let some = briefc(
        original.path(),
        &["sources", "export", "--format", "csl-json", "types"],
    );
    let items: serde_json::Value = serde_json::from_slice(&some.stdout).unwrap();
    assert!(items.as_array().unwrap().len() >= 12);
}

#[test]
fn pandoc_citeproc_reads_the_exported_library() {
    let original = every_type();
    let pandoc = std::process::Command::new("pandoc")
        .arg("--version")
        .output();
    assert!(
        pandoc.is_ok_and(|o| o.status.success()),
        "pandoc is needed for this test (Debian's pandoc; .ci/run installs it)"
    );
    for (format, file) in [("csl-json", "library.json"), ("bibtex", "library.bib")] {
        let export = briefc(original.path(), &["sources", "export", "--format", format]);
        let library = original.path().join(file);
        std::fs::write(&library, &export.stdout).unwrap();
        let draft = original.path().join("draft.md");
        std::fs::write(
            &draft,
            "A claim [@report]. A ruling [@case]. A story [@news].\n",
        )
        .unwrap();
        let out = std::process::Command::new("pandoc")
            .arg("--citeproc")
            .arg("--bibliography")
            .arg(&library)
            .arg(&draft)
            .args(["-t", "plain"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let errors = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{format}: {errors}");
        assert!(
            !errors.contains("not found"),
            "{format}: every key is found: {errors}"
        );
        for expected in [
            "Still at Risk",
            "Chahal",
            "Dutch Court Blocks Extradition",
            "Human Rights Watch",
        ] {
            assert!(
                text.contains(expected),
                "{format}: missing {expected:?} in:\n{text}"
            );
        }
    }
}
