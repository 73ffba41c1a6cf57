//! `check --links` against a server this test starts on 127.0.0.1 (and
//! never another address): dead pages reported at their places with the
//! notes that cite them, retries, redirects, HEAD refused, 429 waited
//! out, the cache that makes a second run ask nothing, the exclusions and
//! the bound on requests to one host.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::{briefc, project, stderr};

#[derive(Default)]
struct Seen {
    /// Requests by method and path.
    requests: HashMap<(String, String), usize>,
    /// When each path was asked for.
    times: HashMap<String, Vec<Instant>>,
    user_agents: Vec<String>,
    holding: usize,
    most_holding: usize,
}

struct Server {
    address: String,
    seen: Arc<Mutex<Seen>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        let seen: Arc<Mutex<Seen>> = Arc::default();
        let shared = Arc::clone(&seen);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let seen = Arc::clone(&shared);
                std::thread::spawn(move || answer(stream, &seen));
            }
        });
        Server { address, seen }
    }

    fn count(&self, method: &str, path: &str) -> usize {
        let seen = self.seen.lock().unwrap();
        seen.requests
            .get(&(method.to_string(), path.to_string()))
            .copied()
            .unwrap_or(0)
    }

    fn total(&self) -> usize {
        self.seen.lock().unwrap().requests.values().sum()
    }
}

fn answer(stream: TcpStream, seen: &Mutex<Seen>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let mut agent = String::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
            break;
        }
        if let Some(value) = header.to_ascii_lowercase().strip_prefix("user-agent:") {
            agent = value.trim().to_string();
        }
    }
    let before = {
        let mut seen = seen.lock().unwrap();
        seen.user_agents.push(agent);
        seen.times
            .entry(path.clone())
            .or_default()
            .push(Instant::now());
        let n = seen
            .requests
            .entry((method.clone(), path.clone()))
            .or_insert(0);
        *n += 1;
        seen.times[&path].len() - 1
    };
    let (status, extra) = match path.as_str() {
        "/ok" | "/excluded" => (200, String::new()),
        "/gone" => (404, String::new()),
        "/removed" => (410, String::new()),
        "/flaky" if before == 0 => (500, String::new()),
        "/flaky" => (200, String::new()),
        "/moved" => (301, "Location: /ok\r\n".to_string()),
        "/temporary" => (302, "Location: /ok\r\n".to_string()),
        "/loop-a" => (301, "Location: /loop-b\r\n".to_string()),
        "/loop-b" => (308, "Location: /loop-a\r\n".to_string()),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(3));
            (200, String::new())
        }
        "/no-head" if method == "HEAD" => (405, "Allow: GET\r\n".to_string()),
        "/no-head" => (200, String::new()),
        "/busy" if before == 0 => (429, "Retry-After: 1\r\n".to_string()),
        "/busy" => (200, String::new()),
        hold if hold.starts_with("/hold/") => {
            {
                let mut seen = seen.lock().unwrap();
                seen.holding += 1;
                seen.most_holding = seen.most_holding.max(seen.holding);
            }
            std::thread::sleep(Duration::from_millis(150));
            seen.lock().unwrap().holding -= 1;
            (200, String::new())
        }
        _ => (404, String::new()),
    };
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status} Status\r\nContent-Length: 0\r\nConnection: close\r\n{extra}\r\n"
    );
}

fn links_project(address: &str) -> tempfile::TempDir {
    let holds: String = (0..8)
        .map(|i| format!(" [h{i}]({address}/hold/{i})"))
        .collect();
    project(&[
        (
            "briefc.toml",
            &format!(
                "[links]\ntimeout = \"1s\"\nper_host = 3\nconcurrency = 8\nexclude = [\"{address}/excl*\"]\nallow_private = true\n\n[lints]\nmoved-link = \"warn\"\n"
            ),
        ),
        (
            "briefings/b/briefing.toml",
            "title = \"Links\"\ndate = 2007\nstatus = \"final\"\nsections = [\"s.md\"]\n",
        ),
        (
            "briefings/b/s.md",
            &format!(
                "# S\n\nA report.[^1] A story.[^2] The report again.[^3]\n\n\
                 [Gone]({address}/removed), [flaky]({address}/flaky), [moved]({address}/moved), \
                 [temporary]({address}/temporary), [loop]({address}/loop-a), [slow]({address}/slow), \
                 [no HEAD]({address}/no-head), [busy]({address}/busy), [left out]({address}/excluded).{holds}\n\n\
                 `{address}/gone-in-code` is code.\n"
            ),
        ),
        (
            "footnotes/b.md",
            "[^1]: [@report].\n[^2]: [@story].\n[^3]: [@report], p. 4.\n",
        ),
        (
            "footnotes/sources.toml",
            &format!(
                "[report]\ntype = \"report\"\nauthor = \"Example Rights Watch\"\ntitle = \"Still at Risk\"\nurl = \"{address}/gone\"\n\n\
                 [story]\ntype = \"news\"\ntitle = \"A Story\"\npublication = \"The Daily\"\nurl = \"{address}/ok\"\n"
            ),
        ),
    ])
}

#[test]
fn dead_links_are_reported_at_their_places_and_a_second_run_asks_nothing() {
    let server = Server::start();
    let a = server.address.clone();
    let p = links_project(&a);

    // Without --links, nothing is fetched.
    let plain = briefc(p.path(), &["check"]);
    assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
    assert_eq!(server.total(), 0, "check makes no request without --links");

    let started = Instant::now();
    let check = briefc(p.path(), &["check", "--links"]);
    let took = started.elapsed();
    let err = stderr(&check);
    assert_eq!(
        check.status.code(),
        Some(0),
        "broken links are warnings: {err}"
    );
    for expected in [
        format!(
            "warning[broken-link]: the cited page {a}/gone answers 404 Not Found\n --> footnotes/sources.toml:5:7"
        ),
        "(cited in notes 1, 3 of `b`)".to_string(),
        format!(
            "warning[broken-link]: the cited page {a}/removed answers 410 Gone\n --> briefings/b/s.md:5:1"
        ),
        format!("warning[broken-link]: the cited page {a}/loop-a answers a redirect loop"),
        format!(
            "warning[broken-link]: the cited page {a}/slow cannot be reached: no answer within 1 s"
        ),
        format!("warning[moved-link]: the cited page {a}/moved has moved for good"),
        format!("it is now at {a}/ok: change the address"),
        "links: 18 checked (1 excluded): 4 broken, 1 moved".to_string(),
    ] {
        assert!(err.contains(&expected), "missing {expected:?} in:\n{err}");
    }
    for fine in [
        "/ok ",
        "/flaky",
        "/temporary",
        "/no-head",
        "/busy",
        "/hold/",
        "/excluded",
        "gone-in-code",
    ] {
        let reported = err
            .lines()
            .filter(|l| l.starts_with("warning[") || l.starts_with("help:"))
            .any(|l| l.contains(&format!("{a}{fine}")));
        assert!(!reported, "{fine} is not reported:\n{err}");
    }
    // Retried after a server error; HEAD refused, then GET; 429 waited out
    // for as long as Retry-After said.
    assert_eq!(server.count("HEAD", "/flaky"), 2);
    assert_eq!(
        (
            server.count("HEAD", "/no-head"),
            server.count("GET", "/no-head")
        ),
        (1, 1)
    );
    {
        let seen = server.seen.lock().unwrap();
        let busy = &seen.times["/busy"];
        assert_eq!(busy.len(), 2);
        assert!(
            busy[1] - busy[0] >= Duration::from_millis(950),
            "Retry-After is respected"
        );
        assert!(
            seen.most_holding <= 3,
            "at most 3 requests to one host at once: {}",
            seen.most_holding
        );
        assert!(seen.most_holding >= 2, "requests run side by side");
        assert!(
            seen.user_agents.iter().all(|ua| ua.starts_with("briefc/")),
            "{:?}",
            seen.user_agents
        );
    }
    assert_eq!(
        server.count("HEAD", "/excluded") + server.count("GET", "/excluded"),
        0
    );
    assert!(took < Duration::from_secs(20), "took {took:?}");
    assert!(p.path().join(".briefc/links.json").is_file());

    // Within the cache time, a second run asks nothing and says the same.
    let asked = server.total();
    let again = briefc(p.path(), &["check", "--links"]);
    assert_eq!(server.total(), asked, "a cache hit makes no request");
    let again_err = stderr(&again);
    assert!(
        again_err.contains("links: 18 checked (18 from the cache, 1 excluded): 4 broken, 1 moved"),
        "{again_err}"
    );
    assert!(again_err.contains(&format!("the cited page {a}/gone answers 404 Not Found")));

    // The findings go wherever the others go.
    let json = briefc(p.path(), &["check", "--links", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let codes: Vec<&str> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes.iter().filter(|c| **c == "broken-link").count(),
        4,
        "{codes:?}"
    );
    assert_eq!(server.total(), asked);

    // --links=refresh asks again; --deny-warnings fails the run.
    let refresh = briefc(p.path(), &["check", "--links=refresh", "--deny-warnings"]);
    assert_eq!(refresh.status.code(), Some(1));
    assert!(server.total() > asked);
    assert_eq!(server.count("HEAD", "/gone"), 2);
}

#[test]
fn moved_links_are_allowed_unless_asked_for_and_bad_settings_are_named() {
    let server = Server::start();
    let a = server.address.clone();
    let p = project(&[
        (
            "briefings/b/briefing.toml",
            "title = \"Links\"\ndate = 2007\nstatus = \"final\"\nsections = [\"s.md\"]\n",
        ),
        (
            "briefings/b/s.md",
            &format!("# S\n\n[moved]({a}/moved) and [fine]({a}/ok).\n"),
        ),
        ("briefc.toml", "[links]\nallow_private = true\n"),
    ]);
    let check = briefc(p.path(), &["check", "--links"]);
    let err = stderr(&check);
    assert_eq!(check.status.code(), Some(0), "{err}");
    assert!(!err.contains("moved-link"), "allowed by default: {err}");
    assert!(err.contains("links: 2 checked: 0 broken, 1 moved"), "{err}");

    std::fs::write(
        p.path().join("briefc.toml"),
        "[links]\ncache = \"soon\"\nper_host = 0\n",
    )
    .unwrap();
    let bad = briefc(p.path(), &["check"]);
    assert_eq!(bad.status.code(), Some(1));
    let err = stderr(&bad);
    assert!(
        err.contains("`cache` in [links] is not a length of time: `soon`"),
        "{err}"
    );
    assert!(err.contains("per_host"), "{err}");
}

#[test]
fn a_new_project_keeps_the_link_cache_out_of_git() {
    let dir = tempfile::tempdir().unwrap();
    let new = briefc(dir.path(), &["new", "first"]);
    assert_eq!(new.status.code(), Some(0), "{}", stderr(&new));
    let ignore = std::fs::read_to_string(dir.path().join(".gitignore")).unwrap();
    assert!(
        ignore.lines().any(|l| l == "/.briefc/") && ignore.lines().any(|l| l == "/dist/"),
        "{ignore}"
    );
    // An existing project's own .gitignore is never touched.
    std::fs::write(dir.path().join(".gitignore"), "mine\n").unwrap();
    assert_eq!(
        briefc(dir.path(), &["new", "second"]).status.code(),
        Some(0)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".gitignore")).unwrap(),
        "mine\n"
    );
}
