//! One address fetched the polite way: HEAD first and GET only when HEAD
//! is refused, redirects followed one by one (so a permanent move is told
//! from a temporary one) up to a limit, `429 Too Many Requests` waited out
//! as `Retry-After` says, a server error or a timeout tried again after a
//! pause, every request with briefc's `User-Agent` and a time limit.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use super::guard::{self, GuardedResolver, Refused};

/// What became of an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// It moved for good: every redirect from the address to `to` was
    /// permanent (301 or 308), and `to` answers.
    Moved {
        to: String,
    },
    /// No page: the last status, if any, and what went wrong.
    Broken {
        status: Option<u16>,
        reason: String,
    },
    /// Not fetched: it leads to the machine itself or a private network
    /// (what kind of address, and which).
    Refused {
        address: String,
    },
    /// Not fetched: the run's deadline passed first.
    Unchecked,
}

pub const USER_AGENT: &str = concat!(
    "briefc/",
    env!("CARGO_PKG_VERSION"),
    " (link check; +https://github.com/briefc/briefc)"
);

/// Redirects followed from one address.
const MAX_REDIRECTS: usize = 10;
/// Further tries after a server error, a timeout or `429`.
const RETRIES: u32 = 2;
/// The longest `Retry-After` waited for.
const MAX_WAIT: Duration = Duration::from_secs(60);

pub struct Fetcher {
    agent: ureq::Agent,
    /// The pause before the first retry; it doubles each time.
    backoff: Duration,
    timeout: Duration,
    /// When the whole run stops: nothing is fetched or waited for after.
    deadline: Instant,
    /// Whether addresses of the machine and private networks may be
    /// fetched (`[links] allow_private`).
    allow_private: bool,
    /// Whether requests go through a proxy, which resolves names itself.
    proxied: bool,
}

/// One answer: its status, `Location`, and `Retry-After` in seconds.
struct Answer {
    status: u16,
    location: Option<String>,
    retry_after: Option<u64>,
}

impl Fetcher {
    pub fn new(timeout: Duration, deadline: Instant, allow_private: bool) -> Fetcher {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(timeout))
            .user_agent(USER_AGENT)
            .build();
        let proxied = config.proxy().is_some();
        let agent = if allow_private {
            config.into()
        } else {
            ureq::Agent::with_parts(
                config,
                ureq::unversioned::transport::DefaultConnector::default(),
                GuardedResolver::default(),
            )
        };
        Fetcher {
            agent,
            backoff: Duration::from_millis(250),
            timeout,
            deadline,
            allow_private,
            proxied,
        }
    }

    /// Sleeps for `pause`, but not past the deadline.
    fn pause(&self, pause: Duration) {
        let left = self.deadline.saturating_duration_since(Instant::now());
        std::thread::sleep(pause.min(left));
    }

    pub fn check(&self, url: &str) -> Outcome {
        if Instant::now() >= self.deadline {
            return Outcome::Unchecked;
        }
        let outcome = self.follow(url);
        // What the deadline cut short was not checked.
        match outcome {
            Outcome::Broken { .. } if Instant::now() >= self.deadline => Outcome::Unchecked,
            outcome => outcome,
        }
    }

    fn follow(&self, url: &str) -> Outcome {
        let mut current = url.to_string();
        let mut seen: HashSet<String> = HashSet::from([current.clone()]);
        let mut moved: Option<String> = None;
        let mut all_permanent = true;
        let mut tries = 0;
        loop {
            if Instant::now() >= self.deadline {
                return Outcome::Unchecked;
            }
            let answer = match self.ask(&current) {
                Ok(answer) => answer,
                Err(error) => {
                    if let Some(refused) = refusal(&error) {
                        return Outcome::Refused {
                            address: refused.to_string(),
                        };
                    }
                    let again = matches!(
                        error,
                        ureq::Error::Timeout(_)
                            | ureq::Error::ConnectionFailed
                            | ureq::Error::Io(_)
                    );
                    if again && tries < RETRIES {
                        self.pause(self.backoff * 2u32.pow(tries));
                        tries += 1;
                        continue;
                    }
                    return Outcome::Broken {
                        status: None,
                        reason: self.describe(&error),
                    };
                }
            };
            match answer.status {
                200..=299 => {
                    return match moved {
                        Some(to) => Outcome::Moved { to },
                        None => Outcome::Ok,
                    };
                }
                301 | 302 | 303 | 307 | 308 => {
                    let Some(location) = answer.location else {
                        return Outcome::Broken {
                            status: Some(answer.status),
                            reason: "a redirect without a Location".to_string(),
                        };
                    };
                    let next = resolve(&current, &location);
                    if matches!(answer.status, 301 | 308) && all_permanent {
                        moved = Some(next.clone());
                    } else {
                        all_permanent = false;
                        moved = None;
                    }
                    if !seen.insert(next.clone()) {
                        return Outcome::Broken {
                            status: Some(answer.status),
                            reason: "a redirect loop".to_string(),
                        };
                    }
                    if seen.len() > MAX_REDIRECTS + 1 {
                        return Outcome::Broken {
                            status: Some(answer.status),
                            reason: format!("more than {MAX_REDIRECTS} redirects"),
                        };
                    }
                    current = next;
                }
                429 if tries < RETRIES => {
                    let wait = answer
                        .retry_after
                        .map(Duration::from_secs)
                        .unwrap_or(self.backoff * 4)
                        .min(MAX_WAIT);
                    self.pause(wait);
                    tries += 1;
                }
                500..=599 if tries < RETRIES => {
                    self.pause(self.backoff * 2u32.pow(tries));
                    tries += 1;
                }
                status => {
                    return Outcome::Broken {
                        status: Some(status),
                        reason: reason_phrase(status).to_string(),
                    };
                }
            }
        }
    }

    /// HEAD, and GET when the server refuses HEAD (or answers it with an
    /// error another method might not get).
    fn ask(&self, url: &str) -> Result<Answer, ureq::Error> {
        // A proxy resolves names itself: the name is checked here first.
        if self.proxied && !self.allow_private {
            guard::check_host(url).map_err(|refused| ureq::Error::Other(Box::new(refused)))?;
        }
        let head = answer(self.agent.head(url).call()?);
        let refused = matches!(head.status, 400..=428 | 430..=499 | 501);
        if !refused {
            return Ok(head);
        }
        // The body is never read: dropping the response ends it.
        Ok(answer(self.agent.get(url).call()?))
    }

    fn describe(&self, error: &ureq::Error) -> String {
        match error {
            ureq::Error::Timeout(_) => {
                format!("no answer within {} s", self.timeout.as_secs_f64())
            }
            ureq::Error::HostNotFound => "the host name does not resolve (DNS)".to_string(),
            ureq::Error::ConnectionFailed => "the server refuses connections".to_string(),
            ureq::Error::BadUri(_) => "not an address that can be fetched".to_string(),
            other => {
                let text = other.to_string();
                let lower = text.to_lowercase();
                if lower.contains("certificate") || lower.contains("tls") {
                    format!("the secure connection fails (TLS): {text}")
                } else {
                    text
                }
            }
        }
    }
}

/// The refusal of a private address an error carries, if it is one.
fn refusal(error: &ureq::Error) -> Option<&Refused> {
    match error {
        ureq::Error::Other(inner) => inner.downcast_ref::<Refused>(),
        _ => None,
    }
}

fn answer(response: ureq::http::Response<ureq::Body>) -> Answer {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    Answer {
        status: response.status().as_u16(),
        location: header("location"),
        retry_after: header("retry-after").and_then(|v| v.trim().parse().ok()),
    }
}

/// A `Location` against the address that gave it, as a browser joins
/// them (RFC 3986: `?p=2`, `../b`, `//host/x`, `#part`); one that cannot
/// be joined is followed as written, and fails as an address.
fn resolve(base: &str, location: &str) -> String {
    url::Url::parse(base)
        .and_then(|base| base.join(location))
        .map_or_else(|_| location.to_string(), String::from)
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "400 Bad Request",
        401 => "401 Unauthorized",
        403 => "403 Forbidden",
        404 => "404 Not Found",
        405 => "405 Method Not Allowed",
        408 => "408 Request Timeout",
        410 => "410 Gone",
        429 => "429 Too Many Requests",
        451 => "451 Unavailable For Legal Reasons",
        500 => "500 Internal Server Error",
        502 => "502 Bad Gateway",
        503 => "503 Service Unavailable",
        504 => "504 Gateway Timeout",
        _ if status >= 500 => "a server error",
        _ if status >= 400 => "a client error",
        _ => "an unexpected status",
    }
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn locations_are_resolved_against_their_address() {
        let base = "https://example.org/a/b/page?x=1";
        assert_eq!(resolve(base, "https://other.org/"), "https://other.org/");
        assert_eq!(resolve(base, "//cdn.org/x"), "https://cdn.org/x");
        assert_eq!(resolve(base, "/new"), "https://example.org/new");
        assert_eq!(resolve(base, "next"), "https://example.org/a/b/next");
        assert_eq!(resolve(base, "?p=2"), "https://example.org/a/b/page?p=2");
        assert_eq!(resolve(base, "../c"), "https://example.org/a/c");
        assert_eq!(resolve(base, "./"), "https://example.org/a/b/");
        assert_eq!(
            resolve(base, "#top"),
            "https://example.org/a/b/page?x=1#top"
        );
        assert_eq!(
            resolve("http://127.0.0.1:8080", "/ok"),
            "http://127.0.0.1:8080/ok"
        );
    }
}
