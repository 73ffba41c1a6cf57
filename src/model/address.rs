//! Addresses as a browser reads them: whether one names a file of the
//! project, its path decoded, and the schemes that are never published (a
//! `javascript:` or `vbscript:` link runs script when clicked, a `data:`
//! address can carry a whole page with script in it, and a `file:` link
//! reads the reader's own disk).

/// Whether `url` names a local file rather than a page elsewhere or a
/// place in this page: no scheme, not protocol-relative, not a fragment.
pub fn is_local_url(url: &str) -> bool {
    if url.is_empty() || url.starts_with('#') || url.starts_with("//") {
        return false;
    }
    let scheme_end = url.find(':');
    let path_start = url.find(['/', '?', '#']).unwrap_or(url.len());
    !matches!(scheme_end, Some(colon) if colon < path_start
        && url[..colon].chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
}

/// A local address's path with `%20` and the like decoded, as a browser
/// decodes it before asking for the file (and a server before finding
/// it); text that does not decode to UTF-8 is kept as written.
pub fn percent_decoded(path: &str) -> String {
    if !path.contains('%') {
        return path.to_string();
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(&a), Some(&b)) = (bytes.get(i + 1), bytes.get(i + 2))
            && let (Some(hi), Some(lo)) = (hex(a), hex(b))
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}

/// What `unsafe-link` tells the author to do.
pub const UNSAFE_LINK_HELP: &str = "link to a web address (https://...), a page of the briefing (#id) or a relative path; briefc never publishes javascript:, vbscript:, data: or file: links";

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
    use super::*;

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

    #[test]
    fn escapes_are_decoded_as_a_browser_decodes_them() {
        assert_eq!(percent_decoded("my%20map.png"), "my map.png");
        assert_eq!(
            percent_decoded("%D0%BA%D0%B0%D1%80%D1%82%D0%B0.svg"),
            "карта.svg"
        );
        assert_eq!(percent_decoded("100%"), "100%");
        assert_eq!(percent_decoded("%ff.png"), "%ff.png");
    }

    #[test]
    fn local_urls_have_no_scheme_and_are_not_fragments() {
        for url in [
            "img/map.png",
            "files/report.pdf",
            "../x.png",
            "a b.png",
            "x.png?v=1",
        ] {
            assert!(is_local_url(url), "{url}");
        }
        for url in [
            "https://example.org/x.png",
            "mailto:a@b.org",
            "#section",
            "//cdn.example.org/x",
            "",
        ] {
            assert!(!is_local_url(url), "{url}");
        }
    }
}
