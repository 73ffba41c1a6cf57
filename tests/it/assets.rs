//! Local files a briefing refers to: each must be a file of the project,
//! found from the folder of the file that refers to it. Every problem is
//! reported at its reference in one run, and a build with one writes
//! nothing.

use crate::common::{briefc, project, stderr};

/// Every file under `dir`, by path from it, with its bytes.
fn files_under(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    crate::common::files_under(dir)
        .into_iter()
        .map(|(path, bytes)| (path.to_string_lossy().replace('\\', "/"), bytes))
        .collect()
}

const META: &str = "title = \"Assets\"\ndate = 2007-01-23\nstatus = \"final\"\nsummary = \"The ![map](img/map.png) and the ![key](img/key.png).\"\nsections = [\"s.md\"]\n";

#[test]
fn files_are_found_from_the_folder_of_the_file_that_names_them() {
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        (
            "briefings/b/s.md",
            "# S\n\n![Map](img/map.png) [the annex](files/my%20annex.pdf#page=2) ![again](./img/../img/map.png?v=2).[^1]\n",
        ),
        ("footnotes/b.md", "[^1]: ![A chart](charts/c.svg).\n"),
        ("briefings/b/img/map.png", "png"),
        ("briefings/b/img/key.png", "png"),
        ("briefings/b/files/my annex.pdf", "pdf"),
        (
            "footnotes/charts/c.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ]);
    let check = briefc(p.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(!stderr(&check).contains("asset"), "{}", stderr(&check));
}

#[test]
fn every_missing_or_refused_file_is_reported_where_it_is_named() {
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        (
            "briefings/b/s.md",
            "# S\n\n![Map](img/mpa.png) [report](files/report.pdf)\n\n![up](../../../etc/passwd) ![root](/etc/passwd) ![folder](img)\n",
        ),
        ("footnotes/b.md", "[^1]: unused\n"),
        ("briefings/b/img/map.png", "png"),
    ]);
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.png"), "secret").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("secret.png"),
        p.path().join("briefings/b/img/key.png"),
    )
    .unwrap();

    let check = briefc(p.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1));
    let err = stderr(&check);
    for expected in [
        "error[missing-asset]: the image `img/mpa.png` does not exist\n --> briefings/b/s.md:3:1",
        "did you mean `img/map.png`?",
        "error[missing-asset]: the linked file `files/report.pdf` does not exist\n --> briefings/b/s.md:3:21",
        "error[refused-file]: the image `../../../etc/passwd` leads out of the project\n --> briefings/b/s.md:5:1",
        "error[refused-file]: the image `/etc/passwd` is a path from the root of the disk",
        "error[refused-file]: the image `img` is a directory, not a regular file",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    #[cfg(unix)]
    assert!(
        err.contains("error[refused-file]: the image `img/key.png` leads out of the project through a symbolic link")
            && err.contains(" --> briefings/b/briefing.toml:4:"),
        "the summary's image, at its place in briefing.toml:\n{err}"
    );
    assert!(!err.contains("secret\n"), "nothing outside is read");

    let build = briefc(p.path(), &["build"]);
    assert_eq!(build.status.code(), Some(1));
    assert!(
        !p.path().join("dist").exists(),
        "a failed build writes nothing"
    );
}

#[test]
fn an_svg_that_could_run_script_is_refused_and_an_image_without_words_is_warned_of() {
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        (
            "briefings/b/s.md",
            "# S\n\n![A chart](img/chart.svg) ![](img/map.png) ![A map](https://example.org/m.png)\n",
        ),
        (
            "briefings/b/img/chart.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"fetch('//x')\"/>",
        ),
        ("briefings/b/img/map.png", "png"),
        ("briefings/b/img/key.png", "png"),
    ]);
    let check = briefc(p.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1));
    let err = stderr(&check);
    assert!(
        err.contains("error[unsafe-asset]: the image `img/chart.svg` holds an event handler (`onload=`)\n --> briefings/b/s.md:3:1"),
        "{err}"
    );
    assert!(
        err.contains(
            "warning[missing-alt-text]: this image has no description\n --> briefings/b/s.md:3:27"
        ),
        "{err}"
    );
    assert!(err.contains("1 error, 1 warning"), "{err}");
}

#[test]
fn an_image_alone_with_a_title_is_a_figure_with_its_caption() {
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        (
            "briefings/b/s.md",
            "# S\n\n![Map of the region](img/map.png \"The Fergana Valley & its borders\")\n\nText with ![a key](img/key.png \"Key\") inside.\n",
        ),
        ("briefings/b/img/map.png", "png"),
        ("briefings/b/img/key.png", "png"),
    ]);
    let build = briefc(p.path(), &["build", "--format", "html,text"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let page = std::fs::read_to_string(p.path().join("dist/b/index.html")).unwrap();
    assert!(
        page.contains("<figure>\n<img src=\"img/map.png\" alt=\"Map of the region\">\n<figcaption>The Fergana Valley &amp; its borders</figcaption>\n</figure>"),
        "{page}"
    );
    assert!(
        page.contains(
            "<p>Text with <img src=\"img/key.png\" alt=\"a key\" title=\"Key\"> inside.</p>"
        ),
        "an image within a sentence stays an image: {page}"
    );
    let text = std::fs::read_to_string(p.path().join("dist/b/b.txt")).unwrap();
    assert!(
        text.contains("[Image: Map of the region]\nThe Fergana Valley & its borders\n"),
        "{text}"
    );
}

#[test]
fn images_below_the_first_section_load_lazily() {
    let meta = "title = \"Assets\"\ndate = 2007-01-23\nstatus = \"final\"\nsections = [\"a.md\", \"b.md\"]\n";
    let p = project(&[
        ("briefings/b/briefing.toml", meta),
        ("briefings/b/a.md", "# A\n\n![The first map](img/map.png)\n"),
        (
            "briefings/b/b.md",
            "# B\n\nLater ![a key](img/key.png).[^1]\n",
        ),
        ("footnotes/b.md", "[^1]: ![A chart](img/c.png)\n"),
        ("footnotes/img/c.png", "png"),
        ("briefings/b/img/map.png", "png"),
        ("briefings/b/img/key.png", "png"),
    ]);
    let build = briefc(p.path(), &["build", "--format", "html"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let page = std::fs::read_to_string(p.path().join("dist/b/index.html")).unwrap();
    assert!(
        page.contains("<img src=\"img/map.png\" alt=\"The first map\">"),
        "{page}"
    );
    assert!(
        page.contains("<img src=\"img/key.png\" alt=\"a key\" loading=\"lazy\">"),
        "{page}"
    );
    assert!(
        page.contains("<img src=\"_files/footnotes/img/c.png\" alt=\"A chart\" loading=\"lazy\">"),
        "{page}"
    );
}

#[test]
fn files_are_published_beside_the_page_and_references_follow_them() {
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        (
            "briefings/b/s.md",
            "# S\n\n[The annex](files/my%20annex.pdf#page=2), [the old text](b.txt), [shared](../../assets/logo.svg).[^1]\n",
        ),
        ("footnotes/b.md", "[^1]: ![A chart](charts/c.svg).\n"),
        ("briefings/b/img/map.png", "png"),
        ("briefings/b/img/key.png", "png"),
        ("briefings/b/img/unused.png", "png"),
        ("briefings/b/b.txt", "an old text"),
        ("briefings/b/files/my annex.pdf", "pdf"),
        (
            "assets/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"4\"/>",
        ),
        (
            "footnotes/charts/c.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 30 10\"/>",
        ),
    ]);
    let build = briefc(p.path(), &["build", "--format", "html,text"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let dist = p.path().join("dist");
    let written = files_under(&dist);
    let names: Vec<&str> = written.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            ".briefc-output",
            "b/_files/assets/logo.svg",
            "b/_files/briefings/b/b.txt",
            "b/_files/footnotes/charts/c.svg",
            "b/b.txt",
            "b/files/my annex.pdf",
            "b/img/key.png",
            "b/img/map.png",
            "b/index.html",
            "index.html",
        ],
        "the files used, and nothing else of the project"
    );
    assert_eq!(written["b/files/my annex.pdf"], b"pdf");
    assert_eq!(written["b/_files/briefings/b/b.txt"], b"an old text");
    let page = String::from_utf8_lossy(&written["b/index.html"]).into_owned();
    for expected in [
        "<a href=\"files/my%20annex.pdf#page=2\">The annex</a>",
        "<a href=\"_files/briefings/b/b.txt\">the old text</a>",
        "<a href=\"_files/assets/logo.svg\">shared</a>",
        "<img src=\"_files/footnotes/charts/c.svg\" alt=\"A chart\" width=\"30\" height=\"10\" loading=\"lazy\">",
        "<img src=\"img/map.png\" alt=\"map\">",
    ] {
        assert!(page.contains(expected), "missing {expected:?} in:\n{page}");
    }
    let text = String::from_utf8_lossy(&written["b/b.txt"]).into_owned();
    assert!(
        text.contains("The annex <files/my%20annex.pdf#page=2>"),
        "{text}"
    );
    assert!(text.contains("[Image: A chart]"), "{text}");

    // The same sources give the same files, byte for byte.
    let again = briefc(p.path(), &["build", "--format", "html,text"]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(files_under(&dist), written);

    // A file that turns into a link out of the project before the build
    // is refused, and the last output stays as it was.
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.pdf"), "secret").unwrap();
        let annex = p.path().join("briefings/b/files/my annex.pdf");
        std::fs::remove_file(&annex).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.pdf"), &annex).unwrap();
        let refused = briefc(p.path(), &["build", "--format", "html,text"]);
        assert_eq!(refused.status.code(), Some(1));
        assert!(stderr(&refused).contains("error[refused-file]: the linked file `files/my%20annex.pdf#page=2` leads out of the project through a symbolic link"), "{}", stderr(&refused));
        assert_eq!(files_under(&dist), written);
    }
}

/// A 500 MB attachment passes through the build under a memory limit of
/// 150 MB: it is copied by the operating system, never read into memory.
#[cfg(target_os = "linux")]
#[test]
fn a_large_attachment_is_copied_without_being_held_in_memory() {
    use std::io::{Read, Seek, SeekFrom, Write};
    const SIZE: u64 = 500 * 1024 * 1024;
    let p = project(&[
        (
            "briefings/b/briefing.toml",
            "title = \"B\"\ndate = 2007\nstatus = \"final\"\nsections = [\"s.md\"]\n",
        ),
        (
            "briefings/b/s.md",
            "# S\n\nThe [recording of the hearing](files/hearing.bin).\n",
        ),
    ]);
    let source = p.path().join("briefings/b/files/hearing.bin");
    std::fs::create_dir_all(source.parent().unwrap()).unwrap();
    // Sparse, so the test writes little to make it; its last bytes say
    // whether the whole of it arrived.
    let mut file = std::fs::File::create(&source).unwrap();
    file.set_len(SIZE).unwrap();
    file.seek(SeekFrom::End(-16)).unwrap();
    file.write_all(b"end of recording").unwrap();
    drop(file);

    let limited = |root: &std::path::Path| {
        std::process::Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 150000 && exec \"$0\" --color never build -q --format html,text --root \"$1\"")
            .arg(env!("CARGO_BIN_EXE_briefc"))
            .arg(root)
            .output()
            .unwrap()
    };
    let copied = p.path().join("dist/b/files/hearing.bin");
    for _ in 0..2 {
        let build = limited(p.path());
        assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
        assert_eq!(std::fs::metadata(&copied).unwrap().len(), SIZE);
        let mut end = [0; 16];
        let mut file = std::fs::File::open(&copied).unwrap();
        file.seek(SeekFrom::End(-16)).unwrap();
        file.read_exact(&mut end).unwrap();
        assert_eq!(&end, b"end of recording");
    }
    // The limit is real: a file briefc does read whole (a section) of
    // that size does not fit under it.
    let section = p.path().join("briefings/b/s.md");
    std::fs::File::create(&section)
        .unwrap()
        .set_len(SIZE)
        .unwrap();
    let held = limited(p.path());
    assert!(!held.status.success(), "the memory limit holds");
}

#[test]
fn assets_lists_each_file_with_its_size_and_uses_and_the_files_nothing_uses() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assets");
    let listed = briefc(&fixture, &["assets"]);
    assert_eq!(listed.status.code(), Some(0), "{}", stderr(&listed));
    let out = String::from_utf8_lossy(&listed.stdout).into_owned();
    for expected in [
        "BRIEFING  FILE                                 SIZE  USE            USED AT\n",
        "maps      briefings/maps/img/region.svg       164 B  image 320x200  briefings/maps/01-region.md:3:1, briefings/maps/02-returns.md:3:53\n",
        "maps      footnotes/charts/returns.gif         49 B  image 12x7     footnotes/maps.md:2:39\n",
        "maps      briefings/maps/files/annex one.pdf   26 B  link           briefings/maps/01-region.md:5:52\n",
        "Not used by any briefing (1 file, 69 B):\n  briefings/maps/img/unused.png      69 B\n",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    assert!(
        !out.contains("briefing.toml  "),
        "a briefing's own files are not unused: {out}"
    );

    let json = briefc(&fixture, &["assets", "--unused", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        value,
        serde_json::json!({"version": 1, "briefings": [],
            "unused": [{"path": "briefings/maps/img/unused.png", "bytes": 69}]})
    );
}
