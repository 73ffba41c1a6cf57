//! What keeps the preview to the person running it. A page on another
//! site can make the browser send requests to 127.0.0.1 under a name it
//! controls (DNS rebinding) and read the drafts; every such request
//! carries that name in `Host`, so only the server's own names are
//! answered. Silent or slow connections are closed, and their number is
//! bounded, so that a few hundred idle sockets cannot take the server's
//! file descriptors or stop its rebuilds.

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Response, StatusCode, header};
use axum::middleware::Next;

/// How long a client may take to send a request's head, and to start the
/// next one on a kept-alive connection.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections open at once; one more is closed as soon as it is accepted.
pub const MAX_CONNECTIONS: usize = 128;

/// The `Host` values the server answers; empty for any (`--host` given).
#[derive(Clone, Debug, Default)]
pub struct AllowedHosts(Vec<String>);

impl AllowedHosts {
    /// The bound address, `localhost`, `127.0.0.1` and `[::1]`, each with
    /// the bound port.
    pub fn local(address: SocketAddr) -> AllowedHosts {
        let port = address.port();
        let mut names = vec![
            address.to_string(),
            format!("localhost:{port}"),
            format!("127.0.0.1:{port}"),
            format!("[::1]:{port}"),
        ];
        names.dedup();
        AllowedHosts(names)
    }

    pub fn any() -> AllowedHosts {
        AllowedHosts(Vec::new())
    }

    pub fn allows(&self, host: Option<&str>) -> bool {
        if self.0.is_empty() {
            return true;
        }
        host.is_some_and(|host| self.0.iter().any(|name| name.eq_ignore_ascii_case(host)))
    }
}

/// Answers 421 Misdirected Request to a request for another host.
pub async fn check_host(
    State(allowed): State<AllowedHosts>,
    request: Request,
    next: Next,
) -> Response<Body> {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok());
    if allowed.allows(host) {
        return next.run(request).await;
    }
    Response::builder()
        .status(StatusCode::MISDIRECTED_REQUEST)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(Body::from(
            "This preview answers only requests for its own address, such as http://localhost:PORT/.\n",
        ))
        .expect("a valid response")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_servers_own_names_are_allowed() {
        let allowed = AllowedHosts::local("127.0.0.1:3000".parse().unwrap());
        for host in [
            "127.0.0.1:3000",
            "localhost:3000",
            "LOCALHOST:3000",
            "[::1]:3000",
        ] {
            assert!(allowed.allows(Some(host)), "{host}");
        }
        for host in [
            "evil.example:3000",
            "localhost:3001",
            "127.0.0.1",
            "localhost",
        ] {
            assert!(!allowed.allows(Some(host)), "{host}");
        }
        assert!(!allowed.allows(None));
        assert!(AllowedHosts::any().allows(Some("briefings.lan:3000")));
    }
}
