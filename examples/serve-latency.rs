//! Measures `briefc serve`: the time from a section file being written to
//! the reload event reaching a client, over several saves; prints the
//! median.
//!
//!     cargo run --release --example serve-latency -- BRIEFC PROJECT [SAVES]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn wait_for(reader: &mut BufReader<TcpStream>, wanted: &str) {
    let mut line = String::new();
    loop {
        line.clear();
        if reader
            .read_line(&mut line)
            .expect("an event from the server")
            == 0
        {
            panic!("the event stream closed");
        }
        if line.trim_end() == wanted {
            return;
        }
    }
}

fn open_events(address: &str) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(address).expect("the server accepts");
    write!(
        stream,
        "GET /_tower-livereload/event-stream HTTP/1.1\r\nHost: {address}\r\n\r\n"
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut reader = BufReader::new(stream);
    wait_for(&mut reader, "event: init");
    reader
}

fn first_section(project: &Path) -> PathBuf {
    let briefings = project.join("briefings");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&briefings)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    let mut sections: Vec<PathBuf> = std::fs::read_dir(&dirs[0])
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    sections.sort();
    sections[0].clone()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: serve-latency BRIEFC PROJECT [SAVES]");
        std::process::exit(2);
    }
    let saves: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10);
    let project = PathBuf::from(&args[1]);
    let mut server = Command::new(&args[0])
        .args([
            "--color", "never", "--quiet", "serve", "--port", "0", "--root",
        ])
        .arg(&project)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("briefc starts");
    let mut log = BufReader::new(server.stderr.take().unwrap());
    let mut line = String::new();
    let address = loop {
        line.clear();
        if log.read_line(&mut line).unwrap() == 0 {
            panic!("the server stopped before printing its address");
        }
        if let Some(at) = line.find("http://") {
            break line[at + 7..].split('/').next().unwrap().to_string();
        }
    };
    std::thread::spawn(move || for _ in log.lines() {});

    let section = first_section(&project);
    let original = std::fs::read_to_string(&section).unwrap();
    let mut times = Vec::new();
    for save in 0..saves {
        let mut events = open_events(&address);
        std::thread::sleep(Duration::from_millis(300));
        let started = Instant::now();
        std::fs::write(&section, format!("{original}\nEdit number {save}.\n")).unwrap();
        wait_for(&mut events, "event: reload");
        times.push(started.elapsed());
    }
    std::fs::write(&section, original).unwrap();
    let _ = server.kill();
    let _ = server.wait();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "save to reload event: median {:.1} ms, min {:.1} ms, max {:.1} ms over {saves} saves",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
}
