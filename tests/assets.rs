//! Local files a briefing refers to: each must be a file of the project,
//! found from the folder of the file that refers to it. Every problem is
//! reported at its reference in one run, and a build with one writes
//! nothing.

mod common;

use common::{briefc, project, stderr};

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
        page.contains("<img src=\"img/c.png\" alt=\"A chart\" loading=\"lazy\">"),
        "{page}"
    );
}
