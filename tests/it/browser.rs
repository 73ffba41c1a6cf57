//! End to end in a real browser: headless Chromium, driven by
//! playwright-core (tests/e2e), sees the page reload by itself after a save.
//!
//! It needs Debian's `chromium` and `npm install` in tests/e2e; `.ci/run`
//! installs both and sets BRIEFC_E2E=1, which makes their absence a
//! failure. Without that variable the test says what is missing and passes.

use std::path::Path;
use std::process::Command;

fn missing_tools(e2e: &Path) -> Option<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    if !Path::new(&chromium).exists() {
        return Some(format!(
            "no Chromium at {chromium} (apt-get install chromium)"
        ));
    }
    if !e2e.join("node_modules/playwright-core").is_dir() {
        return Some(format!(
            "no playwright-core (npm install in {})",
            e2e.display()
        ));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("no node".to_string());
    }
    None
}

#[test]
fn the_page_reloads_by_itself_in_a_real_browser() {
    let e2e = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e");
    if let Some(missing) = missing_tools(&e2e) {
        assert!(
            std::env::var_os("BRIEFC_E2E").is_none(),
            "BRIEFC_E2E is set but {missing}"
        );
        eprintln!("skipped: {missing}; set BRIEFC_E2E=1 to require this test");
        return;
    }
    let project = crate::common::fixture_copy();
    let server = crate::common::start(project.path());
    let output = Command::new("node")
        .arg(e2e.join("reload.mjs"))
        .arg(format!("http://{}/report/", server.address))
        .arg(project.path().join("briefings/report/a.md"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("new text visible"), "{stdout}");
    assert!(stdout.trim_end().ends_with("ok"), "{stdout}");
    eprintln!("{stdout}");
}
