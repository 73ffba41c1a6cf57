//! `briefc serve` as an author uses it: pages served from memory, a reload
//! event after every save, the errors laid over the page until they are
//! fixed, and nothing outside the generated site.
#![cfg(feature = "serve")]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use common::{fixture_copy, start};

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

    // The terminal had one status line per build.
    let log: Vec<String> = server.log.try_iter().collect();
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
    let project = common::project(&[
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
