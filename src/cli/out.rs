//! Standard output for listings, diffs and reports. When the reader goes
//! away (`briefc list | head -1`), the command ends quietly with exit 0,
//! as Unix tools do, instead of failing on the closed pipe.

use std::io::Write;

/// Writes `text` as it is.
pub fn text(text: &str) {
    write_or_end(std::io::stdout().lock(), text);
}

/// Writes `text` to `out`, and ends the process quietly when the reader
/// has gone, or with a message when standard output fails otherwise.
fn write_or_end(mut out: impl Write, text: &str) {
    if let Err(error) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        super::report::error(&format!("cannot write to standard output: {error}"));
        std::process::exit(i32::from(super::EXIT_CANNOT_RUN));
    }
}

/// Writes `text` that may hold colour codes: they are kept or stripped as
/// `--color` and the terminal decide.
pub fn styled(text: &str) {
    write_or_end(anstream::stdout().lock(), text);
}

/// Writes `line` and a line break.
pub fn line(line: &str) {
    let mut with_break = String::with_capacity(line.len() + 1);
    with_break.push_str(line);
    with_break.push('\n');
    text(&with_break);
}

/// Pretty JSON and a line break, with every hidden character escaped.
pub fn json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    let json = serde_json::to_string_pretty(value)?;
    line(&briefc::diagnostics::json_safe(json));
    Ok(())
}
