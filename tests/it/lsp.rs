//! `briefc lsp` as an editor drives it: the Python tests in tests/lsp use
//! pytest-lsp's client (from PyPI; .ci/run installs it) against the built
//! binary, on a copy of a fixture project.

use std::path::Path;
use std::process::Command;

use crate::common::fixture;

#[test]
fn an_lsp_client_gets_diagnostics_as_it_types() {
    let project = fixture("continuous-numbering");
    // A library, for the citations the tests type.
    std::fs::write(
        project.path().join("footnotes/sources.toml"),
        "[hrw-still]\ntype = \"report\"\nauthor = \"Human Rights Watch\"\ntitle = \"Still at Risk\"\ndate = 2005-04-15\n",
    )
    .unwrap();
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lsp");
    let out = Command::new("python3")
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .arg(&tests)
        .current_dir(&tests)
        .env("BRIEFC", env!("CARGO_BIN_EXE_briefc"))
        .env("BRIEFC_LSP_PROJECT", project.path())
        .output()
        .expect("python3 with pytest-lsp is needed (.ci/run installs it)");
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
