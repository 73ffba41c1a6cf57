//! Every directory under tests/fixtures/ is a small briefing project with
//! its expected results beside it in `expected/`:
//!
//! - `expected/status`: the exit code of `briefc build`;
//! - `expected/dist/`: every file the build writes (on success, or when an
//!   edition that failed on its own is left out);
//! - `expected/stderr.txt`: on failure, the diagnostics exactly as printed
//!   (without the progress lines, which name the time and the output).
//!
//! An optional `args` file holds extra arguments, one per line. A fixture
//! that names no formats (in an `args` file or a `briefc.toml`) is built
//! with `--format html,text`: the PDF edition is read back and checked in
//! `tests/it/pdf.rs`, not compared byte for byte here. Run with
//! `BRIEFC_BLESS=1` to write the expected files from the current output
//! after a deliberate change, then review the diff.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::files_under;

fn sources_of(fixture: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_under(fixture)
        .into_iter()
        .filter(|(p, _)| !p.starts_with("expected"))
        .collect()
}

fn run_fixture(fixture: &Path, bless: bool) -> Result<(), String> {
    let name = fixture.file_name().unwrap().to_string_lossy().into_owned();
    let before = sources_of(fixture);
    let out = tempfile::tempdir().unwrap();
    let dist = out.path().join("dist");
    let mut args: Vec<String> = vec![
        "--color".into(),
        "never".into(),
        "build".into(),
        "--root".into(),
        fixture.display().to_string(),
        "--out".into(),
        dist.display().to_string(),
    ];
    let extra = std::fs::read_to_string(fixture.join("args")).unwrap_or_default();
    let settings = std::fs::read_to_string(fixture.join("briefc.toml")).unwrap_or_default();
    if !extra.contains("--format") && !settings.contains("formats") {
        args.extend(["--format".into(), "html,text".into()]);
    }
    args.extend(extra.lines().filter(|l| !l.is_empty()).map(String::from));
    let output = Command::new(env!("CARGO_BIN_EXE_briefc"))
        .args(&args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let status = output.status.code().unwrap_or(-1).to_string();
    let stderr: String = String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter(|l| !l.starts_with("    Compiled") && !l.starts_with("    Finished"))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut produced = files_under(&dist);
    produced.remove(Path::new(".briefc-output"));

    let expected_dir = fixture.join("expected");
    if bless {
        let _ = std::fs::remove_dir_all(&expected_dir);
        std::fs::create_dir_all(&expected_dir).unwrap();
        std::fs::write(expected_dir.join("status"), format!("{status}\n")).unwrap();
        for (path, bytes) in &produced {
            let target = expected_dir.join("dist").join(path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, bytes).unwrap();
        }
        if status != "0" {
            std::fs::write(expected_dir.join("stderr.txt"), &stderr).unwrap();
        }
        return Ok(());
    }

    let mut problems = Vec::new();
    let expected_status = std::fs::read_to_string(expected_dir.join("status"))
        .map_err(|_| format!("{name}: no expected/status (run with BRIEFC_BLESS=1)"))?;
    if expected_status.trim() != status {
        problems.push(format!(
            "exit code {status}, expected {}\n{stderr}",
            expected_status.trim()
        ));
    }
    // What was written: everything on success; on failure, nothing, or
    // the editions that did not fail (`expected/dist` says which).
    let expected = files_under(&expected_dir.join("dist"));
    for (path, bytes) in &expected {
        match produced.get(path) {
            None => problems.push(format!("{} was not written", path.display())),
            Some(actual) if actual != bytes => problems.push(format!(
                "{} differs from expected:\n--- expected\n{}\n--- actual\n{}",
                path.display(),
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(actual)
            )),
            _ => {}
        }
    }
    for path in produced.keys().filter(|p| !expected.contains_key(*p)) {
        problems.push(format!("unexpected output {}", path.display()));
    }
    if status != "0" {
        if expected.is_empty() && dist.exists() {
            problems.push("a failed build wrote an output directory".to_string());
        }
        let expected = std::fs::read_to_string(expected_dir.join("stderr.txt")).unwrap_or_default();
        if expected != stderr {
            problems.push(format!(
                "stderr differs:\n--- expected\n{expected}\n--- actual\n{stderr}"
            ));
        }
    }
    if sources_of(fixture) != before {
        problems.push("the build changed a source file".to_string());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("fixture {name}:\n{}", problems.join("\n")))
    }
}

#[test]
fn fixtures_build_as_expected() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let bless = std::env::var_os("BRIEFC_BLESS").is_some();
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("briefings").is_dir())
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 10, "fixtures are missing");
    let failures: Vec<String> = fixtures
        .iter()
        .filter_map(|f| run_fixture(f, bless).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
