//! `[links]` in `briefc.toml`: how `check --links` fetches the cited
//! pages, and the publisher's site that links from its root point into.

use std::time::Duration;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::toml_fields::Fields;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSettings {
    /// How long a result in `.briefc/links.json` stands (`cache = "1d"`).
    pub cache: Duration,
    /// Addresses never fetched: `*` stands for any characters.
    pub exclude: Vec<String>,
    /// How long one request may take.
    pub timeout: Duration,
    /// Requests in flight at once, overall and to one host.
    pub concurrency: usize,
    pub per_host: usize,
    /// How long the whole run may take: no request starts after it.
    pub deadline: Duration,
    /// Whether addresses of this machine and of private networks are
    /// fetched (a project's own intranet).
    pub allow_private: bool,
    /// `site = "https://www.example.org"`: the publisher's web site, which
    /// a link from its root (`/reports/2005/`) points into.
    pub site: Option<url::Url>,
}

/// The longest `timeout` a project may set: one request.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(120);
/// The longest `deadline` a project may set: one run of `check --links`.
pub const MAX_DEADLINE: Duration = Duration::from_secs(60 * 60);

impl Default for LinkSettings {
    fn default() -> Self {
        LinkSettings {
            cache: Duration::from_secs(24 * 60 * 60),
            exclude: Vec::new(),
            timeout: Duration::from_secs(10),
            concurrency: 8,
            per_host: 2,
            deadline: Duration::from_secs(10 * 60),
            allow_private: false,
            site: None,
        }
    }
}

/// `90s`, `10m`, `12h`, `1d`, `2w`; a bare number is seconds.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().ok()?;
    let seconds = match unit.trim() {
        "" | "s" => 1,
        "m" => 60,
        "h" => 60 * 60,
        "d" => 24 * 60 * 60,
        "w" => 7 * 24 * 60 * 60,
        _ => return None,
    };
    number.checked_mul(seconds).map(Duration::from_secs)
}

impl LinkSettings {
    pub fn parse(links: &Fields<'_, '_>, diagnostics: &mut Diagnostics) -> LinkSettings {
        let mut settings = LinkSettings::default();
        links.deny_unknown(
            &[
                "cache",
                "exclude",
                "timeout",
                "deadline",
                "concurrency",
                "per_host",
                "allow_private",
                "site",
            ],
            diagnostics,
        );
        let bounded = [
            ("cache", "\"1d\"", None),
            ("timeout", "\"10s\"", Some(MAX_TIMEOUT)),
            ("deadline", "\"10m\"", Some(MAX_DEADLINE)),
        ];
        for (key, example, most) in bounded {
            let Some((text, span)) = links.string(key, diagnostics) else {
                continue;
            };
            let problem = match parse_duration(&text) {
                Some(duration) if key == "cache" => {
                    settings.cache = duration;
                    continue;
                }
                Some(duration) if duration.is_zero() => format!("`{key}` in [links] is zero"),
                Some(duration) if most.is_some_and(|most| duration > most) => {
                    format!("`{key}` in [links] is longer than briefc allows: `{text}`")
                }
                Some(duration) => {
                    match key {
                        "timeout" => settings.timeout = duration,
                        _ => settings.deadline = duration,
                    }
                    continue;
                }
                None => format!("`{key}` in [links] is not a length of time: `{text}`"),
            };
            let help = match most {
                Some(most) => format!(
                    "write a number and a unit, s, m, h, d or w, up to {} s, such as {key} = {example}",
                    most.as_secs()
                ),
                None => {
                    format!("write a number and a unit, s, m, h, d or w, such as {key} = {example}")
                }
            };
            diagnostics.push(Diagnostic::new(Code::InvalidMetadata, span, problem).with_help(help));
        }
        if let Some((text, span)) = links.string("site", diagnostics) {
            match url::Url::parse(&text) {
                Ok(site) if matches!(site.scheme(), "http" | "https") && site.has_host() => {
                    settings.site = Some(site);
                }
                _ => diagnostics.push(
                    Diagnostic::new(
                        Code::InvalidMetadata,
                        span,
                        format!("`site` in [links] is not a web address: `{text}`"),
                    )
                    .with_help("name the site's address with its scheme: site = \"https://www.example.org\""),
                ),
            }
        }
        if let Some(allow) = links.bool("allow_private", diagnostics) {
            settings.allow_private = allow;
        }
        if let Some(patterns) = links.string_list("exclude", diagnostics) {
            settings.exclude = patterns.into_iter().map(|(p, _)| p).collect();
        }
        if let Some(n) = links.integer("concurrency", 1..=64, diagnostics) {
            settings.concurrency = n as usize;
        }
        if let Some(n) = links.integer("per_host", 1..=16, diagnostics) {
            settings.per_host = n as usize;
        }
        settings
    }

    /// Whether `url` matches one of the `exclude` patterns.
    pub fn excludes(&self, url: &str) -> bool {
        self.exclude.iter().any(|pattern| wildcard(pattern, url))
    }
}

/// `pattern` with `*` for any run of characters, against the whole of
/// `text`.
fn wildcard(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || !text[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_patterns() {
        assert_eq!(parse_duration("1d"), Some(Duration::from_secs(86_400)));
        assert_eq!(parse_duration("90"), Some(Duration::from_secs(90)));
        assert_eq!(parse_duration("2 h"), Some(Duration::from_secs(7_200)));
        assert_eq!(parse_duration("soon"), None);
        assert!(wildcard(
            "https://www.facebook.com/*",
            "https://www.facebook.com/x/y"
        ));
        assert!(wildcard("*://*.example.org/*", "https://a.example.org/p"));
        assert!(!wildcard("*://*.example.org/*", "https://example.com/p"));
        assert!(wildcard("https://x.org/a", "https://x.org/a"));
        assert!(!wildcard("https://x.org/a", "https://x.org/ab"));
    }
}
