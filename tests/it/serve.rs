//! `briefc serve` as an author uses it: pages served from memory, a reload
//! event after every save, the errors laid over the page until they are
//! fixed, and nothing outside the generated site.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use crate::common::{fixture_copy, start};

/// A minimal HTTP/1.1 request: status, headers and body.
fn request(address: &str, method: &str, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    // Bodies come chunked; the tests only look for text in them.
    (status, head.to_lowercase(), body.to_string())
}

fn get(address: &str, path: &str) -> (u16, String) {
    let (status, _, body) = request(address, "GET", path);
    (status, body)
}

/// The live-reload event stream, read line by line. The server ends the
/// stream after each reload event, as a browser reconnects after reloading.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(address: &str) -> Events {
        let mut stream = TcpStream::connect(address).unwrap();
        write!(
            stream,
            "GET /_tower-livereload/event-stream HTTP/1.1\r\nHost: {address}\r\n\r\n"
        )
        .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(15)))
            .unwrap();
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        events.expect("event: init");
        events
    }

    fn expect(&mut self, wanted: &str) {
        let mut line = String::new();
        loop {
            line.clear();
            let read = self
                .reader
                .read_line(&mut line)
                .expect("an event before the timeout");
            assert!(read > 0, "the event stream closed");
            if line.trim_end() == wanted {
                return;
            }
        }
    }
}

#[test]
fn pages_reload_after_a_save_and_show_errors_until_they_are_fixed() {
    let project = fixture_copy();
    let server = start(project.path());
    let address = server.address.clone();

    let (status, home) = get(&address, "/");
    assert_eq!(status, 200);
    assert!(home.contains("Three Sections"));
    assert!(
        home.contains("_tower-livereload"),
        "served pages carry the reload script"
    );
    let (status, page) = get(&address, "/report/");
    assert_eq!(status, 200);
    assert!(page.contains("Opening claim."));
    let (status, head, text) = request(&address, "GET", "/report/report.txt");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/plain; charset=utf-8"));
    assert!(text.contains("[31] The first note, referenced twice."));

    let mut events = Events::open(&address);
    let section = project.path().join("briefings/report/a.md");
    std::fs::write(
        &section,
        "# First\n\nA revised claim.[^31] A named note.[^named]\n",
    )
    .unwrap();
    events.expect("event: reload");
    let (_, page) = get(&address, "/report/");
    assert!(page.contains("A revised claim."), "{page}");
    assert!(!page.contains("briefc-overlay"));

    let mut events = Events::open(&address);
    std::fs::write(
        &section,
        "# First\n\nBroken.[^missing] A named note.[^named]\n",
    )
    .unwrap();
    events.expect("event: reload");
    let (status, page) = get(&address, "/report/");
    assert_eq!(status, 200);
    assert!(page.contains("briefc-overlay"), "{page}");
    assert!(page.contains("briefings/report/a.md:3:8"), "{page}");
    assert!(page.contains("undefined-footnote"));
    assert!(
        page.contains("A revised claim."),
        "the last good page stays underneath"
    );

    let mut events = Events::open(&address);
    std::fs::write(&section, "# First\n\nFixed.[^31] A named note.[^named]\n").unwrap();
    events.expect("event: reload");
    let (_, page) = get(&address, "/report/");
    assert!(page.contains("Fixed."));
    assert!(!page.contains("briefc-overlay"));

    // The terminal had one status line per build. The last is printed
    // after the page is sent its reload, so it is waited for.
    let mut log: Vec<String> = Vec::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while log
        .iter()
        .filter(|l| l.contains("Built 1 briefing"))
        .count()
        < 2
        && std::time::Instant::now() < deadline
    {
        match server
            .log
            .recv_timeout(std::time::Duration::from_millis(100))
        {
            Ok(line) => log.push(line),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    log.extend(server.log.try_iter());
    assert!(
        log.iter().any(|l| l.contains("build failed: 1 briefing")),
        "{log:?}"
    );
    assert!(
        log.iter()
            .filter(|l| l.contains("Built 1 briefing"))
            .count()
            >= 2,
        "{log:?}"
    );
    assert!(
        !project.path().join("dist").exists(),
        "serve writes nothing"
    );
}

#[test]
fn only_the_generated_site_is_served() {
    let project = fixture_copy();
    let server = start(project.path());
    let address = &server.address;
    for path in [
        "/../briefings/report/briefing.toml",
        "/%2e%2e/briefings/report/briefing.toml",
        "/report/%2e%2e/%2e%2e/footnotes/report.md",
        "/briefings/report/a.md",
        "//etc/passwd",
        "/report/../../Cargo.toml",
        "/nothing-here",
    ] {
        assert_eq!(get(address, path).0, 404, "{path}");
    }
    let (status, head, _) = request(address, "POST", "/");
    assert_eq!(status, 405);
    assert!(head.contains("allow: get, head"));
    let (status, head, _) = request(address, "HEAD", "/report/");
    assert_eq!(status, 200);
    assert!(head.contains("text/html"));
    let (status, head, _) = request(address, "GET", "/report");
    assert_eq!(status, 308);
    assert!(head.contains("location: /report/"));
}

#[test]
fn a_named_busy_port_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let project = fixture_copy();
    let output = Command::new(env!("CARGO_BIN_EXE_briefc"))
        .args(["--color", "never", "serve", "--port", &port, "--root"])
        .arg(project.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("cannot listen on 127.0.0.1:"), "{message}");
    assert!(message.contains("--port 0"), "{message}");
}

/// A request with the `Host` a browser would send for `host`.
fn status_for_host(address: &str, host: &str) -> u16 {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response.split(' ').nth(1).unwrap().parse().unwrap()
}

#[test]
fn only_requests_for_the_servers_own_address_are_answered() {
    let project = fixture_copy();
    let server = start(project.path());
    let port = server.address.rsplit(':').next().unwrap().to_string();
    for host in [
        server.address.clone(),
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(status_for_host(&server.address, &host), 200, "{host}");
    }
    // What a page on another site sends after rebinding its name.
    for host in [
        format!("attacker.example:{port}"),
        "localhost".to_string(),
        format!("localhost:{}", port.parse::<u16>().unwrap() + 1),
    ] {
        assert_eq!(status_for_host(&server.address, &host), 421, "{host}");
    }
}

fn open_descriptors(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|d| d.count())
        .unwrap_or(0)
}

#[test]
#[cfg(target_os = "linux")]
fn silent_connections_are_bounded_and_time_out() {
    let project = fixture_copy();
    let server = start(project.path());
    let before = open_descriptors(server.pid());
    // Three hundred sockets that never send a byte.
    let silent: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(&server.address).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let during = open_descriptors(server.pid());
    assert!(
        during <= before + 128 + 8,
        "{during} descriptors open with 300 silent sockets (from {before})"
    );
    // Saving still rebuilds while they are open.
    let section = project.path().join("briefings/report/a.md");
    let text = std::fs::read_to_string(&section).unwrap();
    std::fs::write(&section, text.replace("# ", "# Saved ")).unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let mut rebuilt = false;
    while std::time::Instant::now() < deadline {
        if let Ok(line) = server.log.recv_timeout(Duration::from_millis(200))
            && line.contains("Built")
        {
            rebuilt = true;
            break;
        }
    }
    assert!(rebuilt, "no rebuild while silent sockets were open");
    // Each is closed by the server once the head's time is up.
    std::thread::sleep(Duration::from_secs(11));
    let mut closed = 0;
    for mut stream in silent {
        stream
            .set_read_timeout(Some(Duration::from_secs(2)))
            .unwrap();
        let mut byte = [0u8; 1];
        if matches!(stream.read(&mut byte), Ok(0) | Err(_)) {
            closed += 1;
        }
    }
    assert_eq!(closed, 300);
    let (status, _) = get(&server.address, "/");
    assert_eq!(status, 200);
}

/// The PDF is typeset when it is asked for, not on every save, and a save
/// makes the next request typeset it again.
#[cfg(feature = "pdf")]
#[test]
fn the_pdf_is_made_when_asked_for_and_again_after_a_change() {
    let project = fixture_copy();
    let server = start(project.path());
    let address = server.address.clone();

    let (_, home) = get(&address, "/");
    assert!(
        home.contains("report/report.pdf"),
        "the index links the PDF: {home}"
    );
    let (status, head, first) = request(&address, "GET", "/report/report.pdf");
    assert_eq!(status, 200, "{first}");
    assert!(head.contains("content-type: application/pdf"), "{head}");
    assert!(first.contains("%PDF-"));
    let (_, _, again) = request(&address, "GET", "/report/report.pdf");
    assert_eq!(first, again, "the same build serves the same PDF");

    let mut events = Events::open(&address);
    std::fs::write(
        project.path().join("briefings/report/a.md"),
        "# First\n\nA claim written since.[^31] A named note.[^named]\n",
    )
    .unwrap();
    events.expect("event: reload");
    let (status, _, after) = request(&address, "GET", "/report/report.pdf");
    assert_eq!(status, 200);
    assert!(after.contains("%PDF-"));
    assert_ne!(first, after, "a change makes a new PDF");
}

#[test]
fn images_and_files_are_served_from_the_project_and_a_saved_image_reloads() {
    let svg = |label: &str| {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\"><text>{label}</text></svg>\n"
        )
    };
    let project = crate::common::project(&[
        (
            "briefings/b/briefing.toml",
            "title = \"B\"\ndate = 2007\nstatus = \"final\"\nsections = [\"s.md\"]\n",
        ),
        (
            "briefings/b/s.md",
            "# S\n\n![The map](img/map.svg) ![The logo](../../assets/logo.svg) [the annex](files/the%20annex.txt)\n",
        ),
        ("briefings/b/img/map.svg", &svg("first map")),
        ("briefings/b/img/spare.svg", &svg("never used")),
        ("briefings/b/files/the annex.txt", "The annex.\n"),
        ("assets/logo.svg", &svg("first logo")),
    ]);
    let server = start(project.path());
    let address = server.address.clone();

    let (status, page) = get(&address, "/b/");
    assert_eq!(status, 200);
    assert!(
        page.contains("<img src=\"img/map.svg\" alt=\"The map\" width=\"40\" height=\"20\">")
            && page.contains("src=\"_files/assets/logo.svg\""),
        "{page}"
    );
    let (status, head, body) = request(&address, "GET", "/b/img/map.svg");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: image/svg+xml"), "{head}");
    assert!(
        head.contains("content-security-policy: script-src 'none'"),
        "{head}"
    );
    assert!(body.contains("first map"));
    let (status, body) = get(&address, "/b/files/the%20annex.txt");
    assert_eq!((status, body.contains("The annex.")), (200, true), "{body}");
    assert!(
        get(&address, "/b/_files/assets/logo.svg")
            .1
            .contains("first logo")
    );
    // Only what the briefing uses is published.
    assert_eq!(get(&address, "/b/img/spare.svg").0, 404);
    assert_eq!(get(&address, "/b/s.md").0, 404);

    // Saving an image in the briefing, or one kept elsewhere in the
    // project, reloads the page, and the new file is served.
    let mut events = Events::open(&address);
    std::fs::write(
        project.path().join("briefings/b/img/map.svg"),
        svg("second map"),
    )
    .unwrap();
    events.expect("event: reload");
    assert!(get(&address, "/b/img/map.svg").1.contains("second map"));
    let mut events = Events::open(&address);
    std::fs::write(project.path().join("assets/logo.svg"), svg("second logo")).unwrap();
    events.expect("event: reload");
    assert!(
        get(&address, "/b/_files/assets/logo.svg")
            .1
            .contains("second logo")
    );
}

/// A response body as sent, its chunks joined.
fn whole_body(address: &str, path: &str) -> (u16, String) {
    let (status, head, body) = request(address, "GET", path);
    if !head.contains("transfer-encoding: chunked") {
        return (status, body);
    }
    let mut joined = String::new();
    let mut rest = body.as_str();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap();
        if size == 0 {
            break;
        }
        joined.push_str(&after[..size]);
        rest = &after[size + 2..];
    }
    (status, joined)
}

/// A page as built, without the reload script the server adds.
fn without_reload_script(page: &str) -> String {
    match page.find("<script data-event-stream=") {
        Some(start) => {
            let end = page[start..]
                .find("</script>")
                .map_or(page.len(), |e| start + e + 9);
            format!("{}{}", &page[..start], &page[end..])
        }
        None => page.to_string(),
    }
}

fn small_briefing(title: &str, text: &str) -> [(String, String); 2] {
    let id = title.to_lowercase();
    [
        (
            format!("briefings/{id}/briefing.toml"),
            format!("title = \"{title}\"\ndate = \"2007-03-01\"\nsections = [\"one.md\"]\n"),
        ),
        (
            format!("briefings/{id}/one.md"),
            format!("# {title}\n\n{text}\n"),
        ),
    ]
}

/// Waits for the server's next status line and returns it.
fn next_status(server: &crate::common::Server) -> String {
    loop {
        let line = server
            .log
            .recv_timeout(Duration::from_secs(15))
            .expect("a status line after the save");
        if line.contains("Built") || line.contains("build failed") {
            return line;
        }
    }
}

#[test]
fn a_save_rebuilds_only_its_briefing_and_the_site_matches_a_whole_build() {
    let mut files: Vec<(String, String)> = Vec::new();
    files.extend(small_briefing("Alpha", "Alpha cites.[^1]"));
    files.extend(small_briefing("Beta", "Beta cites.[^1]"));
    files.extend(small_briefing("Gamma", "Gamma cites.[^1]"));
    files.push((
        "footnotes/alpha.md".into(),
        "[^1]: [@hrw-2007, p. 3].\n".into(),
    ));
    files.push((
        "footnotes/beta.md".into(),
        "[^1]: [@hrw-2007, p. 9].\n".into(),
    ));
    files.push(("footnotes/gamma.md".into(), "[^1]: A plain note.\n".into()));
    files.push((
        "footnotes/sources.toml".into(),
        "[hrw-2007]\ntype = \"report\"\nauthor = \"Human Rights Watch\"\ntitle = \"Not the Way Home\"\ndate = \"2007-03\"\n".into(),
    ));
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let project = crate::common::project(&borrowed);
    let root = project.path();
    let server = start(root);
    let address = server.address.clone();
    let (_, beta_before) = get(&address, "/beta/");

    // One briefing's section: that briefing alone, and the index.
    let mut events = Events::open(&address);
    std::fs::write(
        root.join("briefings/alpha/one.md"),
        "# Alpha\n\nAlpha revised.[^1]\n",
    )
    .unwrap();
    events.expect("event: reload");
    assert!(next_status(&server).contains("Built 1 of 3 briefings"));
    assert!(get(&address, "/alpha/").1.contains("Alpha revised."));
    assert_eq!(
        get(&address, "/beta/").1,
        beta_before,
        "another briefing's page is kept"
    );

    // One briefing's notes.
    let mut events = Events::open(&address);
    std::fs::write(
        root.join("footnotes/beta.md"),
        "[^1]: [@hrw-2007, p. 12].\n",
    )
    .unwrap();
    events.expect("event: reload");
    assert!(next_status(&server).contains("Built 1 of 3 briefings"));
    assert!(get(&address, "/beta/beta.txt").1.contains("12."));

    // An error in one briefing is shown, and goes when it is fixed.
    let mut events = Events::open(&address);
    std::fs::write(
        root.join("briefings/gamma/one.md"),
        "# Gamma\n\nBroken.[^2]\n",
    )
    .unwrap();
    events.expect("event: reload");
    assert!(next_status(&server).contains("build failed: 1 of 3 briefings"));
    assert!(get(&address, "/alpha/").1.contains("undefined-footnote"));
    let mut events = Events::open(&address);
    std::fs::write(
        root.join("briefings/gamma/one.md"),
        "# Gamma\n\nMended.[^1]\n",
    )
    .unwrap();
    events.expect("event: reload");
    assert!(next_status(&server).contains("Built 1 of 3 briefings"));
    assert!(!get(&address, "/gamma/").1.contains("briefc-overlay"));

    // A new briefing appears, a removed one goes.
    let mut events = Events::open(&address);
    let new_dir = root.join("briefings/delta");
    let staged = root.join("delta-staged");
    std::fs::create_dir_all(&staged).unwrap();
    for (path, text) in small_briefing("Delta", "Delta stands alone.") {
        std::fs::write(staged.join(path.rsplit('/').next().unwrap()), text).unwrap();
    }
    std::fs::rename(&staged, &new_dir).unwrap();
    events.expect("event: reload");
    // Whole or partial (the source map may have grown enough to start
    // afresh): either way the new briefing is there.
    assert!(next_status(&server).contains("4 briefings"));
    assert!(get(&address, "/").1.contains("/delta/") || get(&address, "/").1.contains("delta/"));
    assert_eq!(get(&address, "/delta/").0, 200);
    let mut events = Events::open(&address);
    std::fs::remove_dir_all(root.join("briefings/beta")).unwrap();
    std::fs::remove_file(root.join("footnotes/beta.md")).unwrap();
    events.expect("event: reload");
    let mut status = next_status(&server);
    while !status.contains("3 briefings") {
        status = next_status(&server);
    }
    assert_eq!(get(&address, "/beta/").0, 404);
    assert!(!get(&address, "/").1.contains("Beta"));

    // The library is shared: every briefing is built again.
    let mut events = Events::open(&address);
    std::fs::write(
        root.join("footnotes/sources.toml"),
        "[hrw-2007]\ntype = \"report\"\nauthor = \"Human Rights Watch\"\ntitle = \"Still Not the Way Home\"\ndate = \"2007-03\"\n",
    )
    .unwrap();
    events.expect("event: reload");
    // The removal above may still report a second batch first.
    while !next_status(&server).contains("Built 3 briefings") {}
    let (_, alpha) = whole_body(&address, "/alpha/");
    assert!(alpha.contains("Still Not the Way Home"), "{alpha}");

    // After all that, what is served is what a whole build writes.
    let out = tempfile::tempdir().unwrap();
    let built = crate::common::briefc(
        root,
        &[
            "build",
            "-q",
            "--drafts",
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert!(built.status.success(), "{}", crate::common::stderr(&built));
    let mut compared = 0;
    for (path, bytes) in crate::common::read_tree(out.path()) {
        let relative = path
            .strip_prefix(out.path())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if relative.ends_with(".pdf") || relative == ".briefc-output" {
            continue;
        }
        let (status, served) = whole_body(&address, &format!("/{relative}"));
        assert_eq!(status, 200, "{relative}");
        // The preview makes the PDF when it is first asked for, so its
        // page offers the PDF without a size; nothing else may differ.
        assert_eq!(
            without_pdf_size(&without_reload_script(&served)),
            without_pdf_size(&String::from_utf8(bytes).unwrap()),
            "{relative} as served and as built"
        );
        compared += 1;
    }
    assert!(compared >= 7, "{compared} files compared");
}

#[test]
fn an_editors_save_by_rename_is_one_rebuild() {
    let project = fixture_copy();
    let server = start(project.path());
    let address = server.address.clone();
    let mut events = Events::open(&address);
    // What editors do to save safely: the new text in a file beside the
    // old, then renamed over it.
    let section = project.path().join("briefings/report/a.md");
    let temporary = project.path().join("briefings/report/.a.md.tmp1234");
    std::fs::write(
        &temporary,
        "# First\n\nSaved by rename.[^31] A named note.[^named]\n",
    )
    .unwrap();
    std::fs::rename(&temporary, &section).unwrap();
    events.expect("event: reload");
    assert!(next_status(&server).contains("Built 1 briefing"));
    assert!(get(&address, "/report/").1.contains("Saved by rename."));
    std::thread::sleep(Duration::from_millis(400));
    let more: Vec<String> = server
        .log
        .try_iter()
        .filter(|l| l.contains("Built") || l.contains("failed"))
        .collect();
    assert!(more.is_empty(), "one save, one rebuild: {more:?}");
}

/// A page without the sizes it gives the PDF (its editions line, the
/// index's entries).
fn without_pdf_size(page: &str) -> String {
    const LINK: &str = "PDF</a>";
    let mut out = String::new();
    let mut rest = page;
    while let Some(at) = rest.find(LINK).map(|at| at + LINK.len()) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(end) = rest.strip_prefix(" (").and_then(|r| r.find(')')) {
            rest = &rest[2 + end + 1..];
        }
    }
    out.push_str(rest);
    out
}
