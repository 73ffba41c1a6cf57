//! `check --format gitlab`: the diagnostics as a GitLab Code Quality
//! report (`artifacts: reports: codequality`), which GitLab shows in merge
//! requests. Each finding has a fingerprint that stays the same from run
//! to run while the problem stays: it is made from the code, the file, the
//! message and how many findings alike came before it in that file, not
//! from the line, so a problem that only moves down the page is the same
//! problem.

use std::collections::HashMap;

use serde::Serialize;

use super::{Diagnostics, Severity, SourceMap};

#[derive(Serialize)]
struct Finding {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

pub fn to_gitlab(diagnostics: &Diagnostics, sources: &SourceMap) -> String {
    let mut seen: HashMap<(String, &str, &str), usize> = HashMap::new();
    let findings: Vec<Finding> = diagnostics
        .iter()
        .map(|d| {
            let path = sources
                .path(d.span.file)
                .to_string_lossy()
                .replace('\\', "/");
            let (start, _) = sources.line_col(d.span);
            let nth = seen
                .entry((path.clone(), d.code.name(), d.message.as_str()))
                .or_insert(0);
            *nth += 1;
            let identity = format!("{}\u{0}{path}\u{0}{}\u{0}{nth}", d.code.name(), d.message);
            let mut description = d.message.clone();
            if let Some(help) = &d.help {
                description.push_str(" (help: ");
                description.push_str(help);
                description.push(')');
            }
            Finding {
                description,
                check_name: d.code.name(),
                fingerprint: fingerprint(&identity),
                severity: match d.severity {
                    Severity::Error if d.code.is_fatal() => "critical",
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                location: Location {
                    path,
                    lines: Lines { begin: start.line },
                },
            }
        })
        .collect();
    let mut text = super::printable::json_safe(
        serde_json::to_string_pretty(&findings).expect("plain data serialises"),
    );
    text.push('\n');
    text
}

/// 128 bits of FNV-1a over `text`, as 32 hex digits: the same on every
/// machine and in every version of briefc (unlike the standard library's
/// hasher, whose output may change).
fn fingerprint(text: &str) -> String {
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut hash: u128 = 0x6c62272e07bb014262b821756295c58d;
    for byte in text.bytes() {
        hash ^= u128::from(byte);
        hash = hash.wrapping_mul(PRIME);
    }
    format!("{hash:032x}")
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn fingerprints_are_fixed_and_differ() {
        // FNV-1a 128 of the empty string is its offset basis.
        assert_eq!(fingerprint(""), "6c62272e07bb014262b821756295c58d");
        assert_ne!(fingerprint("a"), fingerprint("b"));
        assert_eq!(fingerprint("a").len(), 32);
    }
}
