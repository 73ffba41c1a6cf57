//! Link addresses that must never be published: a `javascript:` or
//! `vbscript:` link runs script when clicked, a `data:` address can carry a
//! whole page with script in it, and a `file:` link reads the reader's own
//! disk.

/// What `unsafe-link` tells the author to do.
pub const HELP: &str = "link to a web address (https://...), a page of the briefing (#id) or a relative path; briefc never publishes javascript:, vbscript:, data: or file: links";

const SCHEMES: &[&str] = &["javascript", "vbscript", "data", "file"];

/// The scheme of `url` when it is one of the unsafe ones, read as a
/// browser reads it: case does not matter, and spaces and control
/// characters anywhere in the scheme are skipped (`java&#x09;script:`
/// arrives here as `java\tscript:`, entities already decoded).
pub fn unsafe_scheme(url: &str) -> Option<&'static str> {
    let mut scheme = String::new();
    for c in url.chars() {
        match c {
            ':' => break,
            c if c <= ' ' || c == '\u{7f}' => continue,
            c if c.is_ascii_alphanumeric() || "+-.".contains(c) => {
                scheme.push(c.to_ascii_lowercase());
            }
            // Anything else before a colon means there is no scheme.
            _ => return None,
        }
        if scheme.len() > 16 {
            return None;
        }
    }
    if !url.contains(':') {
        return None;
    }
    SCHEMES.iter().copied().find(|s| *s == scheme)
}

#[cfg(test)]
mod tests {
    use super::unsafe_scheme;

    #[test]
    fn script_schemes_are_found_however_they_are_written() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "  javascript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\nscript:x",
            "vbscript:msgbox",
            "data:text/html;base64,PHNjcmlwdD4=",
            "file:///etc/passwd",
            "FILE:C:/x",
        ] {
            assert!(unsafe_scheme(url).is_some(), "{url:?} passed");
        }
    }

    #[test]
    fn ordinary_addresses_pass() {
        for url in [
            "https://www.hrw.org/report",
            "mailto:press@example.org",
            "#ivanovo",
            "files/report.pdf",
            "javascript-guide.html",
            "/javascript:x",
            "?q=javascript:x",
            "",
        ] {
            assert_eq!(unsafe_scheme(url), None, "{url:?} refused");
        }
    }
}
