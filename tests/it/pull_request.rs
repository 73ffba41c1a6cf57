//! What a pull request into a publisher's repository could try, with CI
//! running `briefc check --links` and `briefc build`: files named to
//! become script, hidden files published, writes through planted links,
//! exports that inject, addresses on the runner's own network, images,
//! fonts, templates and libraries made to take all the memory or time,
//! and folders briefc did not make. Each case and its variants end in a
//! clear diagnostic at its place (or a good build), never a crash, a
//! hang, a write outside the project or a live script.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::common::{briefc, files_under, project, project_bytes, stderr, stdout};

const META: &str = "title = \"PR\"\ndate = 2007\nstatus = \"final\"\nsections = [\"s.md\"]\n";

/// Runs briefc and checks that it ended on its own terms: no panic, no
/// signal, within a minute.
fn run(root: &Path, args: &[&str]) -> Output {
    let started = Instant::now();
    let output = briefc(root, args);
    let message = stderr(&output);
    assert!(
        matches!(output.status.code(), Some(0..=2)),
        "briefc {args:?} ended with {:?}:\n{message}",
        output.status
    );
    assert!(!message.contains("panicked"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(60), "{args:?} hung");
    output
}

// Security ------------------------------------------------------------------

#[test]
fn a_file_named_like_a_script_address_is_published_as_a_file() {
    let p = project(&[
        (
            "briefings/b/briefing.toml",
            &format!("{META}formats = [\"html\", \"json\"]\n"),
        ),
        (
            "briefings/b/s.md",
            "# S\n\n[a](./javascript:alert(1)) [b](javascript%3Aalert(1)) [c](vbscript%3Ax)\n",
        ),
        ("briefings/b/javascript:alert(1)", "a file"),
        ("briefings/b/vbscript:x", "a file"),
    ]);
    let output = run(p.path(), &["build"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = std::fs::read_to_string(p.path().join("dist/b/index.html")).unwrap();
    let json = std::fs::read_to_string(p.path().join("dist/b/b.json")).unwrap();
    // Every address a reader's browser would follow; the JSON's `path`
    // and `source` name files, not addresses.
    let lower = page.to_ascii_lowercase();
    assert!(
        !lower.contains("=\"javascript:") && !lower.contains("=\"vbscript:"),
        "{page}"
    );
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut urls = Vec::new();
    collect_urls(&document, &mut urls);
    assert!(urls.len() >= 3, "{urls:?}");
    for url in &urls {
        let lower = url.to_ascii_lowercase();
        assert!(
            !lower.starts_with("javascript:") && !lower.starts_with("vbscript:"),
            "{url}"
        );
    }
    assert!(page.contains("href=\"javascript%3Aalert(1)\""), "{page}");
    // The address as written is still checked: a scheme is refused.
    std::fs::write(
        p.path().join("briefings/b/s.md"),
        "# S\n\n[c](<javascript:alert(1)>)\n",
    )
    .unwrap();
    let refused = run(p.path(), &["build"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("error[unsafe-link]"));
}

/// Every `url` in a JSON document.
fn collect_urls(value: &serde_json::Value, urls: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match value.as_str() {
                    Some(url) if key == "url" => urls.push(url.to_string()),
                    _ => collect_urls(value, urls),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_urls(v, urls)),
        _ => {}
    }
}

#[test]
fn hidden_files_are_never_published_unless_the_project_names_them() {
    for (link, hidden) in [
        ("../../.git/config", "the hidden folder `.git`"),
        ("../../.env", "the hidden file `.env`"),
        ("../../.briefc/links.json", "the hidden folder `.briefc`"),
        (
            "../../.dist.previous/b/b.txt",
            "the hidden folder `.dist.previous`",
        ),
        ("img/.secret.png", "the hidden file `.secret.png`"),
    ] {
        let p = project(&[
            ("briefings/b/briefing.toml", META),
            ("briefings/b/s.md", &format!("# S\n\n[the file]({link})\n")),
            (".git/config", "[remote] url = https://token@example.org/"),
            (".env", "TOKEN=secret"),
            (".briefc/links.json", "{}"),
            (".dist.previous/b/b.txt", "old"),
            ("briefings/b/img/.secret.png", "png"),
        ]);
        let output = run(p.path(), &["build"]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{link}: {message}");
        assert!(message.contains("error[refused-file]"), "{message}");
        assert!(message.contains(hidden), "{link}: {message}");
        assert!(message.contains("publish_hidden"), "{message}");
        assert!(!p.path().join("dist").exists());
    }
    // Named in briefc.toml, a hidden folder is published.
    let p = project(&[
        (
            "briefc.toml",
            "publish_hidden = [\"briefings/b/.well-known\"]\n",
        ),
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", "# S\n\n[key](.well-known/key.txt)\n"),
        ("briefings/b/.well-known/key.txt", "public key"),
    ]);
    let output = run(p.path(), &["build", "--format", "html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(p.path().join("dist/b/.well-known/key.txt").is_file());
}

#[test]
fn script_hidden_in_svg_or_attached_pages_is_refused() {
    for (name, text, found) in [
        (
            "c.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"&#106;avascript:alert(1)\"><rect width=\"1\" height=\"1\"/></a></svg>",
            "a `javascript:` address",
        ),
        (
            "c.svg",
            "<!DOCTYPE svg [<!ENTITY s \"&#60;script&#62;alert(1)&#60;/script&#62;\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&s;</svg>",
            "an entity that holds markup",
        ),
        (
            "c.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><set attributeName=\"onmouseover\" to=\"alert(1)\"/></svg>",
            "an animation of an event handler",
        ),
        (
            "annex.html",
            "<p>An annex</p><script>alert(1)</script>",
            "a page of HTML",
        ),
        (
            "annex.xhtml",
            "<html xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script></html>",
            "a page of XHTML",
        ),
        (
            "annex.xml",
            "<?xml-stylesheet href=\"x.xsl\"?><a/>",
            "a page of XML",
        ),
    ] {
        let p = project(&[
            ("briefings/b/briefing.toml", META),
            ("briefings/b/s.md", &format!("# S\n\n[the file]({name})\n")),
            (&format!("briefings/b/{name}"), text),
        ]);
        let output = run(p.path(), &["build"]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {message}");
        assert!(message.contains("error[unsafe-asset]"), "{message}");
        assert!(message.contains(found), "{found}: {message}");
        assert!(!p.path().join("dist").exists());
    }
}

#[test]
#[cfg(unix)]
fn writes_never_go_through_planted_links() {
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.txt");
    std::fs::write(&victim, "untouched").unwrap();

    // `sources import` into a footnotes/sources that leads out.
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", "# S\n\nText.\n"),
        (
            "refs.bib",
            "@book{b, title={T}, author={A}, publisher={P}, year=2001}\n",
        ),
    ]);
    std::fs::create_dir_all(p.path().join("footnotes")).unwrap();
    std::os::unix::fs::symlink(outside.path(), p.path().join("footnotes/sources")).unwrap();
    let bib = p.path().join("refs.bib");
    let import = run(p.path(), &["sources", "import", bib.to_str().unwrap()]);
    assert_ne!(import.status.code(), Some(0));
    assert!(
        stderr(&import).contains("is a symbolic link to")
            && stderr(&import).contains("outside the project"),
        "{}",
        stderr(&import)
    );
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 1);

    // The link cache: `.briefc` leading out, and the cache file itself a
    // link out (replaced as a file, never written through).
    let server = LinkServer::start();
    let cited = format!("# S\n\n[a]({}/ok)\n", server.address);
    let p = project(&[
        ("briefc.toml", "[links]\nallow_private = true\n"),
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", &cited),
    ]);
    std::os::unix::fs::symlink(outside.path(), p.path().join(".briefc")).unwrap();
    let check = run(p.path(), &["check", "--links"]);
    assert!(
        stderr(&check).contains("the link cache is not written through it"),
        "{}",
        stderr(&check)
    );
    std::fs::remove_file(p.path().join(".briefc")).unwrap();
    std::fs::create_dir(p.path().join(".briefc")).unwrap();
    std::os::unix::fs::symlink(&victim, p.path().join(".briefc/links.json")).unwrap();
    let check = run(p.path(), &["check", "--links"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched");
    assert!(
        std::fs::symlink_metadata(p.path().join(".briefc/links.json"))
            .unwrap()
            .is_file()
    );
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 1);
}

#[test]
fn exported_values_cannot_inject_and_printed_ones_cannot_act() {
    let library = "[inject]\ntype = \"web\"\nauthor = \"Someone\"\ntitle = \"Braces {x} \\\\emph{y} 50% ~ ^ -- `q' ''z''\"\ndate = 2006\nurl = \"https://example.org/a},@preamble{\\\\input{/etc/passwd}}\"\n\n[terminal]\ntype = \"web\"\nauthor = \"Someone\"\ntitle = \"Bell \\u0007 escape \\u001b[2J right-to-left \\u202e line\\n::error::forged\"\ndate = 2006\nurl = \"https://example.org/b\"\n";
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", "# S\n\nA claim.[^1] Another.[^2]\n"),
        ("footnotes/b.md", "[^1]: [@inject]\n[^2]: [@terminal]\n"),
        ("footnotes/sources/all.toml", library),
    ]);
    let check = run(p.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let export = run(p.path(), &["sources", "export", "--format", "bibtex"]);
    assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
    let bib = stdout(&export);
    let top_level: Vec<&str> = bib.lines().filter(|l| l.starts_with('@')).collect();
    assert_eq!(
        top_level.len(),
        2,
        "one line per entry opens with @:\n{bib}"
    );
    assert!(!bib.contains('\u{1b}') && !bib.contains('\u{7}') && !bib.contains('\u{202e}'));
    assert!(!bib.lines().any(|l| l.starts_with("::")), "{bib}");

    // pandoc reads the export as two entries, the address whole.
    let library_file = p.path().join("library.bib");
    std::fs::write(&library_file, &bib).unwrap();
    let read = Command::new("pandoc")
        .args(["-f", "biblatex", "-t", "csljson"])
        .arg(&library_file)
        .output()
        .expect("pandoc is needed for this test (Debian's pandoc; .ci/run installs it)");
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    let items: serde_json::Value = serde_json::from_slice(&read.stdout).unwrap();
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 2, "{items:?}");
    // Braces that do not balance, and a backslash, are percent-encoded:
    // the same address to a web server, and no way out of the field.
    let encoded = "https://example.org/a%7D,@preamble%7B%5Cinput%7B/etc/passwd%7D%7D";
    assert_eq!(items[0]["URL"], encoded, "{items:?}");

    // Read back by briefc, the notes print exactly as before.
    let before = run(p.path(), &["build", "--format", "text"]);
    assert_eq!(before.status.code(), Some(0), "{}", stderr(&before));
    let printed = std::fs::read_to_string(p.path().join("dist/b/b.txt")).unwrap();
    std::fs::remove_file(p.path().join("footnotes/sources/all.toml")).unwrap();
    let import = run(
        p.path(),
        &["sources", "import", library_file.to_str().unwrap()],
    );
    assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
    for printed_now in [stdout(&import), stderr(&import)] {
        assert!(!printed_now.contains('\u{1b}') && !printed_now.contains('\u{202e}'));
        assert!(
            !printed_now.lines().any(|l| l.starts_with("::error")),
            "{printed_now}"
        );
    }
    let dry = run(
        p.path(),
        &[
            "sources",
            "import",
            "--dry-run",
            library_file.to_str().unwrap(),
        ],
    );
    for printed_now in [stdout(&dry), stderr(&dry)] {
        assert!(!printed_now.contains('\u{1b}') && !printed_now.contains('\u{7}'));
        assert!(
            !printed_now.lines().any(|l| l.starts_with("::error")),
            "{printed_now}"
        );
    }
    let after = run(p.path(), &["build", "--format", "text"]);
    assert_eq!(after.status.code(), Some(0), "{}", stderr(&after));
    let printed_now = std::fs::read_to_string(p.path().join("dist/b/b.txt")).unwrap();
    assert_eq!(
        printed_now.replace(
            encoded,
            "https://example.org/a},@preamble{\\input{/etc/passwd}}"
        ),
        printed
    );
}

/// A server that answers 200 to anything and counts what it is asked.
struct LinkServer {
    address: String,
    asked: Arc<AtomicUsize>,
}

impl LinkServer {
    fn start() -> LinkServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        let asked = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&asked);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                counter.fetch_add(1, Ordering::SeqCst);
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                while reader.read_line(&mut line).unwrap_or(0) > 2 {
                    line.clear();
                }
                let mut stream = stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            }
        });
        LinkServer { address, asked }
    }
}

#[test]
fn the_link_checker_never_asks_the_runners_own_network_unless_allowed() {
    let server = LinkServer::start();
    let local = &server.address;
    let port = local.rsplit(':').next().unwrap();
    let section = format!(
        "# S\n\n[a]({local}/a) [b](http://0:{port}/b) [c](http://2130706433:{port}/c) \
         [d](http://[::1]:{port}/d) [e](http://169.254.169.254/latest/meta-data/) \
         [f](http://10.0.0.1/) [g](http://[::ffff:127.0.0.1]:{port}/g) [h](http://0x7f.1:{port}/h)\n"
    );
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", &section),
    ]);
    let check = run(p.path(), &["check", "--links"]);
    let message = stderr(&check);
    assert_eq!(check.status.code(), Some(0), "{message}");
    assert_eq!(server.asked.load(Ordering::SeqCst), 0, "{message}");
    assert_eq!(
        message.matches("warning[refused-link]").count(),
        8,
        "{message}"
    );
    for named in [
        "127.0.0.1 is a loopback address",
        "169.254.169.254",
        "10.0.0.1",
    ] {
        assert!(message.contains(named), "{named}: {message}");
    }
    assert!(message.contains("allow_private = true"), "{message}");

    // Allowed for a project's own network.
    std::fs::write(
        p.path().join("briefc.toml"),
        "[links]\nallow_private = true\ntimeout = \"2s\"\ndeadline = \"20s\"\n",
    )
    .unwrap();
    std::fs::write(
        p.path().join("briefings/b/s.md"),
        format!("# S\n\n[a]({local}/a)\n"),
    )
    .unwrap();
    let check = run(p.path(), &["check", "--links"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert_eq!(server.asked.load(Ordering::SeqCst), 1);

    // A cache entry dated in the future is not trusted.
    let cache_file = p.path().join(".briefc/links.json");
    let mut cache: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&cache_file).unwrap()).unwrap();
    for entry in cache["links"].as_object_mut().unwrap().values_mut() {
        // The year 3000, in seconds.
        entry["checked"] = serde_json::json!(32_503_680_000u64);
    }
    std::fs::write(&cache_file, cache.to_string()).unwrap();
    let check = run(p.path(), &["check", "--links"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert_eq!(server.asked.load(Ordering::SeqCst), 2, "asked again");

    // The time limits a project file may set are bounded.
    for (settings, named) in [
        ("[links]\ntimeout = \"1h\"\n", "timeout"),
        ("[links]\ndeadline = \"30d\"\n", "deadline"),
        ("[pdf]\ntimeout = 86400\n", "timeout"),
        ("[templates]\ntimeout = 3600\n", "timeout"),
    ] {
        std::fs::write(p.path().join("briefc.toml"), settings).unwrap();
        let check = run(p.path(), &["check"]);
        let message = stderr(&check);
        assert_eq!(check.status.code(), Some(1), "{settings}: {message}");
        assert!(message.contains("error[invalid-metadata]"), "{message}");
        assert!(message.contains(named), "{message}");
    }
}

#[test]
fn an_output_outside_the_checkout_is_for_the_command_line_only() {
    for output in ["../elsewhere", "/tmp/briefc-elsewhere", "dist/../../x"] {
        let p = project(&[
            ("briefc.toml", &format!("output = \"{output}\"\n")),
            ("briefings/b/briefing.toml", META),
            ("briefings/b/s.md", "# S\n\nText.\n"),
        ]);
        let build = run(p.path(), &["build", "--format", "html"]);
        let message = stderr(&build);
        assert_eq!(build.status.code(), Some(1), "{output}: {message}");
        assert!(message.contains("`output`"), "{message}");
        assert!(message.contains("--out"), "{message}");
    }
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", "# S\n\nText.\n"),
    ]);
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("site");
    let build = run(
        p.path(),
        &["build", "--format", "html", "--out", out.to_str().unwrap()],
    );
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert!(out.join("b/index.html").is_file());
}

// Crashes and hangs ---------------------------------------------------------

/// A PNG of a few bytes whose header claims `width` by `height` pixels.
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        out.extend(kind);
        out.extend(data);
        out.extend([0, 0, 0, 0]);
        out
    }
    let mut header = width.to_be_bytes().to_vec();
    header.extend(height.to_be_bytes());
    header.extend([8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &header));
    png.extend(chunk(
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    ));
    png.extend(chunk(b"IEND", &[]));
    png
}

/// Builds every edition and checks the PDF was left out for a
/// `pdf-limit` at `place`, with the other editions written.
fn pdf_left_out(root: &Path, place: &str, said: &str) {
    let output = run(root, &["build", "--format", "html,text,pdf"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(message.contains("error[pdf-limit]"), "{message}");
    assert!(message.contains(said), "{said}: {message}");
    assert!(
        message.contains(&format!("--> {place}")),
        "{place}: {message}"
    );
    assert!(message.contains("left out: the PDF of `b`"), "{message}");
    let written = files_under(&root.join("dist"));
    assert!(
        written.contains_key(Path::new("b/index.html")),
        "{written:?}"
    );
    assert!(written.contains_key(Path::new("b/b.txt")));
    assert!(!written.contains_key(Path::new("b/b.pdf")));
}

#[test]
fn images_that_claim_more_pixels_than_a_page_needs_leave_the_pdf_out() {
    let huge = png_claiming(100_000, 100_000);
    let svg_with_huge = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><image width=\"10\" height=\"10\" href=\"data:image/png;base64,{}\"/></svg>",
        base64_of(&huge)
    );
    let many = png_claiming(7_000, 7_000);
    for (files, place, said) in [
        (
            vec![("briefings/b/big.png", huge.clone())],
            "briefings/b/s.md:3:1",
            "would take 10000 megapixels decoded",
        ),
        (
            vec![("briefings/b/big.svg", svg_with_huge.into_bytes())],
            "briefings/b/s.md:3:1",
            "megapixels decoded",
        ),
        (
            (0..6)
                .map(|i| {
                    (
                        [
                            "briefings/b/a.png",
                            "briefings/b/b.png",
                            "briefings/b/c.png",
                            "briefings/b/d.png",
                            "briefings/b/e.png",
                            "briefings/b/f.png",
                        ][i],
                        many.clone(),
                    )
                })
                .collect(),
            "briefings/b/s.md:8:1",
            "the briefing's images to more than 250 megapixels",
        ),
    ] {
        let mut section = String::from("# S\n\n");
        for (path, _) in &files {
            let name = path.rsplit('/').next().unwrap();
            section.push_str(&format!("![{name}]({name})\n"));
        }
        let mut all: Vec<(&str, &[u8])> = vec![
            ("briefings/b/briefing.toml", META.as_bytes()),
            ("briefings/b/s.md", section.as_bytes()),
        ];
        all.extend(files.iter().map(|(p, b)| (*p, b.as_slice())));
        let p = project_bytes(&all);
        pdf_left_out(p.path(), place, said);
    }
}

fn base64_of(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for group in bytes.chunks(3) {
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= group.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn a_briefing_too_long_to_typeset_leaves_the_pdf_out_at_once() {
    // Nine megabytes of text in one paragraph.
    let mut section = String::from("# S\n\n");
    section.push_str(&"word ".repeat(1_800_000));
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", &section),
    ]);
    pdf_left_out(
        p.path(),
        "briefings/b/briefing.toml",
        "9.0 MB of text, more than the PDF's limit of 8 MB",
    );
    // More notes than the PDF takes.
    let mut section = String::from("# S\n\n");
    let mut notes = String::new();
    for i in 1..=10_001 {
        section.push_str(&format!("Claim.[^{i}]\n"));
        notes.push_str(&format!("[^{i}]: Note.\n"));
    }
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", &section),
        ("footnotes/b.md", &notes),
    ]);
    pdf_left_out(
        p.path(),
        "briefings/b/briefing.toml",
        "10001 notes, more than the PDF's limit of 10000",
    );
    // A link over the 8,000 characters a PDF link may have, at its note.
    let long = format!("https://example.org/{}", "a".repeat(8_100));
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", "# S\n\nText.[^1]\n"),
        ("footnotes/b.md", &format!("[^1]: See <{long}>.\n")),
    ]);
    pdf_left_out(
        p.path(),
        "footnotes/b.md:1:12",
        "a link's address is 8120 characters long",
    );
}

#[test]
fn a_template_that_takes_all_the_memory_leaves_the_pdf_out() {
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", "# S\n\nText.\n"),
        (
            "templates/briefing.typ",
            "#let x = \"abcdefgh\" * 1000000000\n#x.len()\n",
        ),
    ]);
    pdf_left_out(
        p.path(),
        "briefings/b/briefing.toml",
        "needed more than the 4 GiB of memory it may take",
    );
}

#[test]
fn a_font_collection_that_claims_billions_of_faces_is_read_at_once() {
    let mut collection = b"ttcf\0\x01\0\0\xff\xff\xff\xf0".to_vec();
    collection.extend([0u8; 68]);
    let p = project_bytes(&[
        ("briefings/b/briefing.toml", META.as_bytes()),
        ("briefings/b/s.md", b"# S\n\nText.\n"),
        ("fonts/x.ttc", &collection),
    ]);
    let output = run(p.path(), &["build", "--format", "pdf"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{message}");
    assert!(
        message.contains("warning[invalid-font]: fonts/x.ttc holds no font briefc can read"),
        "{message}"
    );
    assert!(p.path().join("dist/b/b.pdf").is_file());
}

#[test]
fn libraries_that_loop_explode_or_repeat_are_read_in_bounded_time() {
    let mut doubling = String::from("@string{s0 = \"xxxxxxxx\"}\n");
    for n in 1..64 {
        doubling.push_str(&format!("@string{{s{n} = s{m} # s{m}}}\n", m = n - 1));
    }
    doubling.push_str("@book{x, title = s63, author = {A}, publisher = {P}, year = 2001}\n");
    for (bib, said) in [
        (
            "@string{a = b}\n@string{b = a}\n@book{x, title = a, year = 2001}\n".to_string(),
            "line 1: the @string abbreviations `a` → `b` → `a` use each other in a loop",
        ),
        (
            "@string{a = a # \"x\"}\n@book{x, title = a, year = 2001}\n".to_string(),
            "use each other in a loop",
        ),
        (doubling, "expands to more than 64 MB of text"),
        (
            "@book{a, title = {A}, crossref = {b}}\n@book{b, title = {B}, crossref = {a}}\n"
                .to_string(),
            "the entries `a` → `b` → `a` take their fields from each other",
        ),
    ] {
        let p = project(&[
            ("briefings/b/briefing.toml", META),
            ("briefings/b/s.md", "# S\n\nText.\n"),
            ("refs.bib", &bib),
        ]);
        let file = p.path().join("refs.bib");
        let import = run(p.path(), &["sources", "import", file.to_str().unwrap()]);
        let message = stderr(&import);
        assert_ne!(import.status.code(), Some(0), "{message}");
        assert!(message.contains(said), "{said}: {message}");
        assert!(!p.path().join("footnotes/sources").exists());
    }

    // Twenty thousand items that want the same key are numbered in turn.
    let alike: String = (0..20_000)
        .map(|i| format!("@misc{{watch2005, title = {{Item {i}}}, year = 2005}}\n"))
        .collect();
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", "# S\n\nText.\n"),
        ("refs.bib", &alike),
    ]);
    let file = p.path().join("refs.bib");
    let import = run(p.path(), &["sources", "import", file.to_str().unwrap()]);
    assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
    let written = std::fs::read_to_string(p.path().join("footnotes/sources/refs.toml")).unwrap();
    assert!(written.contains("[watch2005]") && written.contains("[watch2005-20000]"));
}

#[test]
fn a_duplicate_key_and_an_empty_author_list_import_as_documented() {
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", "# S\n\nText.\n"),
        (
            "dup.bib",
            "@article{smith2006, title = {First}, author = {Smith, A.}, journal = {J}, year = 2006}\n@article{smith2006, title = {Second}, author = {Smith, B.}, journal = {J}, year = 2006}\n@book{anon, title = {No One}, author = {}, publisher = {Press}, year = 2001}\n",
        ),
        (
            "empty.json",
            "[{\"id\": \"nobody\", \"type\": \"book\", \"title\": \"Nobody Wrote It\", \"author\": [], \"publisher\": \"House\", \"issued\": {\"date-parts\": [[2003]]}}]",
        ),
    ]);
    let (dup, empty) = (p.path().join("dup.bib"), p.path().join("empty.json"));
    let import = run(
        p.path(),
        &[
            "sources",
            "import",
            dup.to_str().unwrap(),
            empty.to_str().unwrap(),
        ],
    );
    let message = stderr(&import);
    assert_eq!(import.status.code(), Some(0), "{message}");
    assert!(
        message.contains("key `smith2006` became `smith2006-2`"),
        "{message}"
    );
    assert!(!message.contains("please report"), "{message}");
    let dup = std::fs::read_to_string(p.path().join("footnotes/sources/dup.toml")).unwrap();
    assert!(
        dup.contains("[smith2006]") && dup.contains("[smith2006-2]"),
        "{dup}"
    );
    assert!(dup.contains("\"Second\""), "{dup}");
    assert!(dup.contains("[anon]"), "{dup}");
    assert!(
        dup.contains("author    = \"Press\""),
        "the publisher stands as the author: {dup}"
    );
    // Both files go into the library file named after the first.
    assert!(
        dup.contains("[nobody]") && dup.contains("\"House\""),
        "{dup}"
    );
}

#[test]
fn every_command_ends_quietly_on_a_closed_pipe() {
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", "# S\n\nText.\n"),
    ]);
    for args in [
        vec!["completions", "bash"],
        vec!["completions", "zsh"],
        vec!["man"],
        vec!["list"],
        vec!["sources", "export", "--format", "csl-json"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_briefc"))
            .args(&args)
            .current_dir(p.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let output = child.wait_with_output().unwrap();
        let message = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {message}");
        assert!(!message.contains("panicked"), "{args:?}: {message}");
    }
}

// Wrong output and unclear messages -----------------------------------------

#[test]
fn build_removes_only_the_folders_it_made() {
    let p = project(&[
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", "# S\n\nText.\n"),
        (".dist.old-1-2/keep.txt", "someone's notes"),
        (".dist.new-backup/keep.txt", "someone's backup"),
        (".dist.old-4194305-9-0/keep.txt", "no marker: not briefc's"),
    ]);
    // What an interrupted build of a process long gone left: briefc's.
    let abandoned = p.path().join(".dist.new-4194305-7");
    std::fs::create_dir_all(abandoned.join("b")).unwrap();
    std::fs::write(abandoned.join("b/index.html"), "old").unwrap();
    let marker = briefc(p.path(), &["build", "--format", "html"]);
    assert_eq!(marker.status.code(), Some(0), "{}", stderr(&marker));
    std::fs::copy(
        p.path().join("dist/.briefc-output"),
        abandoned.join(".briefc-output"),
    )
    .unwrap();
    std::fs::write(p.path().join("briefings/b/s.md"), "# S\n\nChanged.\n").unwrap();
    let build = run(p.path(), &["build", "--format", "html"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    for kept in [
        ".dist.old-1-2/keep.txt",
        ".dist.new-backup/keep.txt",
        ".dist.old-4194305-9-0/keep.txt",
    ] {
        assert!(p.path().join(kept).is_file(), "{kept} was removed");
    }
    assert!(!abandoned.exists(), "briefc's own leftover is removed");
}

#[test]
fn an_svg_that_links_a_bitmap_is_drawn_without_it_and_said_so() {
    let p = project_bytes(&[
        ("briefings/b/briefing.toml", META.as_bytes()),
        ("briefings/b/s.md", b"# S\n\n![The chart](chart.svg)\n"),
        (
            "briefings/b/chart.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"40\" height=\"20\"><rect width=\"40\" height=\"20\" fill=\"#ccc\"/><image xlink:href=\"photo.png\" width=\"40\" height=\"20\"/></svg>",
        ),
        ("briefings/b/photo.png", &png_claiming(4, 2)),
    ]);
    let output = run(p.path(), &["build", "--format", "html,pdf"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{message}");
    assert!(
        message.contains("warning[svg-linked-image]: the SVG `chart.svg` links the bitmap `photo.png` instead of holding it"),
        "{message}"
    );
    assert!(message.contains("--> briefings/b/s.md:3:1"), "{message}");
    assert!(p.path().join("dist/b/b.pdf").is_file());
}

#[test]
#[cfg(unix)]
fn links_name_where_they_lead() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("s.md"), "# Elsewhere\n").unwrap();
    let p = project(&[("briefings/b/briefing.toml", META)]);
    std::os::unix::fs::symlink(
        outside.path().join("s.md"),
        p.path().join("briefings/b/s.md"),
    )
    .unwrap();
    let check = run(p.path(), &["check"]);
    let message = stderr(&check);
    assert!(
        message.contains(&format!(
            "section path `s.md` leads out of the briefing's directory through a symbolic link, to {}",
            outside.path().canonicalize().unwrap().join("s.md").display()
        )),
        "{message}"
    );
    std::os::unix::fs::symlink("loop-b", p.path().join("templates")).unwrap();
    std::os::unix::fs::symlink("templates", p.path().join("loop-b")).unwrap();
    let eject = run(p.path(), &["templates", "--eject"]);
    let message = stderr(&eject);
    assert_eq!(eject.status.code(), Some(2), "{message}");
    assert!(
        message.contains("templates is a symbolic link in a loop of links that never ends"),
        "{message}"
    );
}
