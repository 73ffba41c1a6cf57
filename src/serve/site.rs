//! The site the preview server holds in memory: the files of the last
//! good build, and the problems of the latest one if it failed.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Bytes;

use super::deferred::Deferred;

use crate::diagnostics::{Diagnostics, Severity, SourceMap};
use crate::files::ProjectFiles;
use crate::render::html::attr;

#[derive(Default)]
pub struct SiteState {
    /// Path (`index.html`, `<id>/index.html`, `<id>/<id>.txt`) to content,
    /// shared with every response that sends it rather than copied.
    files: HashMap<String, Bytes>,
    /// Path (`<id>/img/map.png`) to the project file published there (by
    /// its path from the root), read when asked for, through the door.
    copies: HashMap<String, PathBuf>,
    /// The door to the project's files.
    project: Option<ProjectFiles>,
    /// The outputs of the last good build that are made when asked for.
    deferred: Option<Arc<Deferred>>,
    /// Shown over every page while the latest build has errors.
    overlay: Option<String>,
}

/// What a request for a path finds.
pub enum Found {
    File {
        bytes: Bytes,
        content_type: &'static str,
    },
    /// A project file published as it is: its path from the root, and
    /// the door it is read through.
    Copy {
        path: PathBuf,
        project: ProjectFiles,
        content_type: &'static str,
    },
    /// The path names a briefing's directory without its final `/`.
    Redirect(String),
    NotFound,
}

impl SiteState {
    /// Replaces the site after a good build; true when anything changed.
    /// `copies` are the project files published as they are, with the
    /// door to them.
    pub fn replace(
        &mut self,
        files: Vec<(PathBuf, Vec<u8>)>,
        copies: Copies,
        deferred: Option<Deferred>,
    ) -> bool {
        self.deferred = deferred.map(Arc::new);
        self.copies = copies
            .files
            .iter()
            .map(|c| (crate::fsx::slash_path(&c.to), c.from.clone()))
            .collect();
        self.project = Some(copies.project);
        let files: HashMap<String, Bytes> = files
            .into_iter()
            .map(|(path, bytes)| {
                (
                    path.to_string_lossy().replace('\\', "/"),
                    Bytes::from(bytes),
                )
            })
            .collect();
        let changed = files != self.files || self.overlay.is_some();
        self.files = files;
        self.overlay = None;
        changed
    }

    /// Replaces the files of the briefings `ids` (all under `<id>/`) and
    /// the index with `files` after a good partial build, keeping every
    /// other briefing's; the published project files and the deferred
    /// outputs are replaced whole, as they are cheap to list again.
    pub fn update(
        &mut self,
        files: Vec<(PathBuf, Vec<u8>)>,
        ids: &BTreeSet<String>,
        copies: Copies,
        deferred: Option<Deferred>,
    ) {
        self.files.retain(|path, _| {
            path.split_once('/')
                .is_none_or(|(first, _)| !ids.contains(first))
        });
        let kept = std::mem::take(&mut self.files);
        self.replace(files, copies, deferred);
        for (path, bytes) in kept {
            self.files.entry(path).or_insert(bytes);
        }
    }

    /// Keeps the last good pages and shows `overlay` over them.
    pub fn fail(&mut self, overlay: String) -> bool {
        let changed = self.overlay.as_ref() != Some(&overlay);
        self.overlay = Some(overlay);
        changed
    }

    pub fn overlay(&self) -> Option<&str> {
        self.overlay.as_deref()
    }

    /// The deferred outputs, when `path` names one of them.
    pub fn deferred(&self, path: &str) -> Option<(Arc<Deferred>, String)> {
        let relative = path.strip_prefix('/')?;
        let deferred = self.deferred.as_ref()?;
        deferred
            .has(relative)
            .then(|| (Arc::clone(deferred), relative.to_string()))
    }

    /// Looks a request path up among the generated files only, so `..`,
    /// encoded dots, absolute paths and anything else outside the site can
    /// never match.
    pub fn find(&self, path: &str) -> Found {
        let Some(relative) = path.strip_prefix('/') else {
            return Found::NotFound;
        };
        let key = if relative.is_empty() || relative.ends_with('/') {
            format!("{relative}index.html")
        } else {
            relative.to_string()
        };
        if let Some(bytes) = self.files.get(&key) {
            return Found::File {
                bytes: bytes.clone(),
                content_type: content_type(&key),
            };
        }
        if let Some(path) = self.copies.get(&crate::model::percent_decoded(&key))
            && let Some(project) = &self.project
        {
            return Found::Copy {
                path: path.clone(),
                project: project.clone(),
                content_type: content_type(&key),
            };
        }
        if !relative.is_empty() && self.files.contains_key(&format!("{relative}/index.html")) {
            return Found::Redirect(format!("{path}/"));
        }
        Found::NotFound
    }

    /// The published project files, to be watched for changes.
    pub fn copied_files(&self) -> BTreeSet<PathBuf> {
        let Some(project) = &self.project else {
            return BTreeSet::new();
        };
        self.copies
            .values()
            .map(|path| project.shown(path))
            .collect()
    }
}

/// The project files a build publishes as they are.
pub struct Copies {
    pub files: Vec<crate::output::CopiedFile>,
    pub project: ProjectFiles,
}

/// The type a file of the site is served as.
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match extension.as_str() {
        "html" => "text/html; charset=utf-8",
        "pdf" => "application/pdf",
        "json" => "application/json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "avif" => "image/avif",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "zip" => "application/zip",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        // Anything else is offered as a download, never run as a page.
        _ => "application/octet-stream",
    }
}

/// The overlay that lists a failed build's errors over the page.
pub fn overlay_html(
    diagnostics: &Diagnostics,
    sources: &SourceMap,
    failure: Option<&str>,
) -> String {
    let mut items = String::new();
    for d in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        let (start, _) = sources.line_col(d.span);
        let place = format!(
            "{}:{}:{}",
            sources.path(d.span.file).display(),
            start.line,
            start.column
        );
        items.push_str(&format!(
            "<li><code class=\"place\">{}</code> <strong>error[{}]</strong>: {}",
            attr(&place),
            d.code.name(),
            attr(&d.message)
        ));
        if let Some(help) = &d.help {
            items.push_str(&format!(
                "<br><span class=\"help\">help: {}</span>",
                attr(help)
            ));
        }
        items.push_str("</li>\n");
    }
    if let Some(message) = failure {
        items.push_str(&format!(
            "<li><strong>error</strong>: {}</li>\n",
            attr(message)
        ));
    }
    format!(
        r#"<div id="briefc-overlay" role="alert" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.92);color:#fff;font:15px/1.5 system-ui,sans-serif;padding:2rem">
<h2 style="margin-top:0;color:#ff8a80">The briefing does not build</h2>
<p>Fix these problems and save: the page reloads by itself. The last good version is underneath.</p>
<ol style="padding-left:1.2rem">
{items}</ol>
<style>#briefc-overlay code{{color:#ffd180}} #briefc-overlay .help{{color:#b9f6ca}}</style>
</div>"#
    )
}

/// Puts the overlay just before `</body>`, or at the end.
pub fn with_overlay(page: &[u8], overlay: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    match text.rfind("</body>") {
        Some(at) => format!("{}{overlay}\n{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{overlay}").into_bytes(),
    }
}

/// A page to carry the overlay when no build has succeeded yet.
pub fn failure_page(overlay: &str) -> Vec<u8> {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Build failed - briefc</title></head>\n<body>\n{overlay}\n</body>\n</html>\n"
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn site() -> SiteState {
        let mut site = SiteState::default();
        let project = ProjectFiles::working_tree(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        site.replace(
            vec![
                (
                    PathBuf::from("index.html"),
                    b"<html><body>home</body></html>".to_vec(),
                ),
                (PathBuf::from("b/index.html"), b"page".to_vec()),
                (PathBuf::from("b/b.txt"), b"text".to_vec()),
            ],
            Copies {
                files: vec![crate::output::CopiedFile {
                    to: PathBuf::from("b/img/my map.png"),
                    from: PathBuf::from("briefings/b/img/my map.png"),
                }],
                project,
            },
            None,
        );
        site
    }

    #[test]
    fn a_published_file_is_found_by_its_escaped_address_only() {
        let site = site();
        assert!(matches!(
            site.find("/b/img/my%20map.png"),
            Found::Copy { ref path, content_type: "image/png", .. }
                if path == Path::new("briefings/b/img/my map.png")
        ));
        for path in [
            "/b/img/",
            "/b/img/my%20map.PNG",
            "/briefings/b/img/my%20map.png",
            "/b/img/../img/my%20map.png",
        ] {
            assert!(matches!(site.find(path), Found::NotFound), "{path}");
        }
    }

    #[test]
    fn only_generated_files_are_found() {
        let site = site();
        assert!(matches!(site.find("/"), Found::File { .. }));
        assert!(matches!(site.find("/b/"), Found::File { .. }));
        assert!(matches!(
            site.find("/b/b.txt"),
            Found::File {
                content_type: "text/plain; charset=utf-8",
                ..
            }
        ));
        assert!(matches!(site.find("/b"), Found::Redirect(ref to) if to == "/b/"));
        for path in [
            "/../Cargo.toml",
            "/b/../../x",
            "/%2e%2e/x",
            "//etc/passwd",
            "/b/index.html/..",
            "relative",
        ] {
            assert!(matches!(site.find(path), Found::NotFound), "{path}");
        }
    }

    #[test]
    fn the_overlay_goes_before_the_end_of_the_body() {
        let page = with_overlay(b"<html><body>x</body></html>", "<div>o</div>");
        assert_eq!(
            String::from_utf8(page).unwrap(),
            "<html><body>x<div>o</div>\n</body></html>"
        );
    }
}
