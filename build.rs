//! Links the `briefc` binary with packed relative relocations (DT_RELR)
//! where the linker and the C library support them.
//!
//! The binary with the PDF feature carries about 110,000 relative
//! relocations (Typst's tables of pointers). As 24-byte RELA entries they
//! are 2.6 MB that the dynamic loader reads at every start, so each
//! command began 8.5 MB resident; packed, they are 33 KB and it begins at
//! 5.5 MB. Nothing else changes: the binary stays position-independent.
//! The loader of glibc 2.36 and later reads the packed form, and the linker
//! records that the binary needs it, so an older glibc refuses the binary
//! at start with a clear message instead of misbehaving.
//!
//! The flag is only passed when a trial link with it succeeds here, so an
//! older linker (binutils before 2.38), another C library or another
//! system builds exactly as before.

use std::path::PathBuf;
use std::process::{Command, Stdio};

const FLAG: &str = "-Wl,-z,pack-relative-relocs";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    println!("cargo:rerun-if-env-changed=BRIEFC_NO_PACKED_RELOCS");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let linux_gnu = var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu";
    // A linker chosen in RUSTFLAGS is not the one the trial would run.
    let linker_in_flags = var("CARGO_ENCODED_RUSTFLAGS").contains("linker=");
    let cross = var("TARGET") != var("HOST");
    if !linux_gnu
        || linker_in_flags
        || cross
        || std::env::var_os("BRIEFC_NO_PACKED_RELOCS").is_some()
    {
        return;
    }
    let linker = std::env::var("RUSTC_LINKER").unwrap_or_else(|_| "cc".to_string());
    if links_with_packed_relocations(&linker) {
        println!("cargo:rustc-link-arg-bin=briefc={FLAG}");
    }
}

/// Whether `linker` links a small position-independent program with the
/// flag.
fn links_with_packed_relocations(linker: &str) -> bool {
    let Some(out_dir) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        return false;
    };
    let source = out_dir.join("relr-trial.c");
    let program = out_dir.join("relr-trial");
    let trial = "static int answer = 42;\nint *const where_ = &answer;\nint main(void) { return *where_ - 42; }\n";
    if std::fs::write(&source, trial).is_err() {
        return false;
    }
    let linked = Command::new(linker)
        .args(["-pie", "-fPIE", FLAG, "-o"])
        .arg(&program)
        .arg(&source)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    // The trial program is run too: a linker that accepts the flag for a
    // C library whose loader cannot read it would otherwise pass.
    let runs = linked
        && Command::new(&program)
            .status()
            .is_ok_and(|status| status.success());
    let _ = std::fs::remove_file(&source);
    let _ = std::fs::remove_file(&program);
    runs
}
