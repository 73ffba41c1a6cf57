//! `serve`: build every briefing into memory, serve it on the local
//! machine, rebuild when a source changes and tell open pages to reload.
//! A failed rebuild keeps the last good pages and lays the problems over
//! them until the next good build.

mod deferred;
mod guard;
mod rebuild;
mod site;
mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, Response, StatusCode, Uri, header};
use tower_livereload::{LiveReloadLayer, Reloader};

use crate::analysis::Scope;
use crate::files::ProjectFiles;
use rebuild::Builder;
pub use rebuild::Rebuild;
pub use site::{Copies, Found, SiteState};

/// The port tried first, and how many after it, when none is named.
pub const DEFAULT_PORT: u16 = 3000;
const PORTS_TO_TRY: u16 = 10;

pub struct ServeOptions {
    pub scope: Scope,
    /// Answer requests for any `Host` (the address was chosen with
    /// `--host`, so other names may reach it); otherwise only the
    /// server's own names are answered.
    pub any_host: bool,
}

/// What the server tells whoever runs it.
pub trait Events: Send + Sync + 'static {
    fn listening(&self, url: &str);
    fn rebuilt(&self, rebuild: &Rebuild);
}

type Shared = Arc<RwLock<SiteState>>;

/// Binds the address: the named port, or with none named the first free
/// one from 3000 on.
pub fn bind(host: IpAddr, port: Option<u16>) -> Result<TcpListener> {
    match port {
        Some(port) => TcpListener::bind((host, port)).with_context(|| {
            format!("cannot listen on {}\n  hint: the port may be in use: choose another with --port, or --port 0 for any free port", SocketAddr::new(host, port))
        }),
        None => {
            for port in DEFAULT_PORT..DEFAULT_PORT + PORTS_TO_TRY {
                if let Ok(listener) = TcpListener::bind((host, port)) {
                    return Ok(listener);
                }
            }
            bail!(
                "ports {DEFAULT_PORT} to {} on {host} are all in use\n  hint: name a free one with --port, or --port 0 for any",
                DEFAULT_PORT + PORTS_TO_TRY - 1
            )
        }
    }
}

/// Runs the server until Ctrl-C. Nothing is written to disk.
pub fn run(options: ServeOptions, listener: TcpListener, events: Arc<dyn Events>) -> Result<()> {
    let root = crate::project::find_root(options.scope.root.as_deref())?;
    let scope = Scope {
        root: Some(root.clone()),
        ..options.scope
    };
    let state: Shared = Arc::default();
    let layer = LiveReloadLayer::new();
    let reloader = layer.reloader();

    let mut builder = Builder::new(scope);
    events.rebuilt(&builder.rebuild(None, &state));

    listener
        .set_nonblocking(true)
        .context("cannot configure the listening socket")?;
    let address = listener
        .local_addr()
        .context("cannot read the bound address")?;
    let url = format!("http://{address}/");

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    let copied_files = {
        let state = state.clone();
        move || {
            state
                .read()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .copied_files()
        }
    };
    let watcher = watch::Watcher::start(&root, copied_files, {
        let state = state.clone();
        let events = events.clone();
        let reloader: Reloader = reloader.clone();
        move |changed| {
            events.rebuilt(&builder.rebuild(Some(&changed), &state));
            reloader.reload();
        }
    })?;

    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).context("cannot listen")?;
        let allowed = if options.any_host {
            guard::AllowedHosts::any()
        } else {
            guard::AllowedHosts::local(address)
        };
        let app = Router::new()
            .fallback(respond)
            .with_state(state)
            .layer(layer)
            .layer(axum::middleware::from_fn_with_state(
                allowed,
                guard::check_host,
            ));
        events.listening(&url);
        accept(listener, app).await;
        anyhow::Ok(())
    })?;
    drop(watcher);
    Ok(())
}

/// Serves connections until Ctrl-C: each must send its request head in
/// time, and at most [`guard::MAX_CONNECTIONS`] are open at once.
async fn accept(listener: tokio::net::TcpListener, app: Router) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let open = Arc::new(tokio::sync::Semaphore::new(guard::MAX_CONNECTIONS));
    let stop = tokio::signal::ctrl_c();
    tokio::pin!(stop);
    loop {
        let (stream, _) = tokio::select! {
            _ = &mut stop => return,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors, or the client gave up: wait a
                // moment rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
        };
        let Ok(permit) = open.clone().try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(guard::HEAD_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service);
            let _ = connection.await;
            drop(permit);
        });
    }
}

fn write(state: &Shared) -> std::sync::RwLockWriteGuard<'_, SiteState> {
    state
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Answers GET and HEAD with generated files only.
async fn respond(State(state): State<Shared>, method: Method, uri: Uri) -> Response<Body> {
    if method != Method::GET && method != Method::HEAD {
        return Response::builder()
            .status(StatusCode::METHOD_NOT_ALLOWED)
            .header(header::ALLOW, "GET, HEAD")
            .body(Body::from("Only GET and HEAD are served.\n"))
            .expect("a valid response");
    }
    let later = state
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .deferred(uri.path());
    if let Some((later, path)) = later {
        return deferred_response(later, path).await;
    }
    if let Some((path, project, content_type)) = copy_of(&state, uri.path()) {
        return copied_response(path, project, content_type).await;
    }
    let site = state
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let overlay = site.overlay();
    let (status, content_type, body) = match site.find(uri.path()) {
        Found::File {
            bytes,
            content_type,
        } => {
            let body = match overlay {
                Some(o) if content_type.starts_with("text/html") => {
                    Body::from(site::with_overlay(&bytes, o))
                }
                // The site's own bytes, shared: nothing is copied.
                _ => Body::from(bytes),
            };
            return generated(StatusCode::OK, content_type, body);
        }
        // Answered above, unless a rebuild made it one in between.
        Found::Copy { .. } => (
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            b"Not found.\n".to_vec(),
        ),
        Found::Redirect(to) => {
            return Response::builder()
                .status(StatusCode::PERMANENT_REDIRECT)
                .header(header::LOCATION, HeaderValue::from_str(&to).unwrap_or(HeaderValue::from_static("/")))
                .body(Body::empty())
                .expect("a valid response");
        }
        Found::NotFound => match overlay {
            Some(o) => (StatusCode::OK, "text/html; charset=utf-8", site::failure_page(o)),
            None => (
                StatusCode::NOT_FOUND,
                "text/html; charset=utf-8",
                b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><p>Not found. <a href=\"/\">All briefings</a></p></body></html>\n".to_vec(),
            ),
        },
    };
    generated(status, content_type, body)
}

/// A deferred output, typeset on a blocking thread so the server keeps
/// answering meanwhile.
async fn deferred_response(later: Arc<deferred::Deferred>, path: String) -> Response<Body> {
    let content_type = site::content_type(&path);
    let made = tokio::task::spawn_blocking(move || later.get(&path)).await;
    let (status, content_type, body) = match made {
        Ok(Some(made)) => match made.as_ref() {
            Ok(bytes) => (StatusCode::OK, content_type, bytes.clone()),
            Err(message) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "text/plain; charset=utf-8",
                format!("{message}\n").into_bytes(),
            ),
        },
        _ => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/plain; charset=utf-8",
            b"the output could not be made\n".to_vec(),
        ),
    };
    generated(status, content_type, body)
}

/// The project file published at `path`, if it is one: looked up under
/// the lock, read after it is released.
fn copy_of(state: &Shared, path: &str) -> Option<(PathBuf, ProjectFiles, &'static str)> {
    match state
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .find(path)
    {
        Found::Copy {
            path,
            project,
            content_type,
        } => Some((path, project, content_type)),
        _ => None,
    }
}

/// A project file published as it is, read through the project's file
/// gate on a blocking thread. It cannot run script in the page's origin:
/// an SVG with script is refused by `check`, and the policy forbids
/// script in anything served this way.
async fn copied_response(
    path: PathBuf,
    project: ProjectFiles,
    content_type: &'static str,
) -> Response<Body> {
    let read = tokio::task::spawn_blocking(move || project.read_bytes(&path).ok()).await;
    match read {
        Ok(Some(bytes)) => Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::CACHE_CONTROL, "no-store")
            .header("x-content-type-options", "nosniff")
            .header("content-security-policy", "script-src 'none'")
            .body(Body::from(bytes))
            .expect("a valid response"),
        _ => generated(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            b"This file could not be read; it may have changed since the last build.\n".to_vec(),
        ),
    }
}

/// A response with generated content, which a browser must not keep: the
/// next save changes it.
fn generated(status: StatusCode, content_type: &str, body: impl Into<Body>) -> Response<Body> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CACHE_CONTROL, "no-store")
        .body(body.into())
        .expect("a valid response")
}
