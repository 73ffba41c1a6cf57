//! The local files a briefing refers to: images, and links to files that
//! are not web pages, gathered from the summary, the sections and the
//! notes, each once, in reading order.

use std::collections::HashSet;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::fsx;
use crate::markdown::LocalFile;
use crate::model::visit::{Visit, walk_inline};
use crate::model::{Asset, AssetUse, Block, Inline, is_local_url};
use crate::project::{AssetProblem, Project};

/// Every image and linked file must be a file of the project: each one
/// missing or out of reach is reported at its reference, in one run.
pub fn check_files(project: &Project, files: &[LocalFile], diagnostics: &mut Diagnostics) {
    for file in files {
        let what = if file.image { "image" } else { "linked file" };
        let problem = match project.locate_asset(file.span.file, &file.url) {
            Ok(relative) => {
                if let Some(found) = unsafe_svg(project, &relative) {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::UnsafeAsset,
                            file.span,
                            format!("the {what} `{}` holds {found}", file.url),
                        )
                        .with_label("could run script when opened from the site")
                        .with_help(
                            "export the drawing again without scripts or event handlers (a \
                             plain SVG, or a PNG)",
                        ),
                    );
                }
                continue;
            }
            Err(problem) => problem,
        };
        let url = &file.url;
        let diagnostic = match problem {
            AssetProblem::Missing { near } => {
                let d = Diagnostic::new(
                    Code::MissingAsset,
                    file.span,
                    format!("the {what} `{url}` does not exist"),
                )
                .with_label("no such file");
                // The suggestion as the author would write it: the same
                // folders, the near name.
                let near = near.map(|name| match url.rfind('/') {
                    Some(at) => format!("{}{name}", &url[..=at]),
                    None => name,
                });
                match near {
                    Some(name) => d.with_help(format!(
                        "did you mean `{name}`? a path is read from the folder of the file that \
                         holds it"
                    )),
                    None => d.with_help(
                        "put the file in the project; a path is read from the folder of the file \
                         that holds it",
                    ),
                }
            }
            AssetProblem::Absolute => Diagnostic::new(
                Code::RefusedFile,
                file.span,
                format!("the {what} `{url}` is a path from the root of the disk"),
            )
            .with_label("not published")
            .with_help(
                "write the path from the folder of this file, such as `img/map.png`: briefc \
                 publishes only the project's own files",
            ),
            AssetProblem::Above => Diagnostic::new(
                Code::RefusedFile,
                file.span,
                format!("the {what} `{url}` leads out of the project"),
            )
            .with_label("`..` climbs above the project")
            .with_help("copy the file into the project and refer to it there"),
            AssetProblem::Refused(refusal) => Diagnostic::new(
                Code::RefusedFile,
                file.span,
                format!("the {what} `{url}` {}", refusal.describe()),
            )
            .with_label("not published")
            .with_help(refusal.help()),
        };
        diagnostics.push(diagnostic);
    }
}

#[derive(Default)]
pub struct Assets {
    found: Vec<Asset>,
    seen: HashSet<String>,
}

/// What in an SVG file could run script when a reader opens it from the
/// published site: a `<script>` element, an event handler attribute
/// (`onload=`), a `javascript:` address. `None` for any other file.
fn unsafe_svg(project: &Project, relative: &std::path::Path) -> Option<String> {
    let is_svg = relative
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("svg") || e.eq_ignore_ascii_case("svgz"));
    if !is_svg {
        return None;
    }
    let bytes = fsx::read_bytes_inside(&project.real_root, &project.root.join(relative)).ok()?;
    svg_danger(&String::from_utf8_lossy(&bytes).to_ascii_lowercase())
}

/// The first dangerous thing in lower-cased SVG text.
fn svg_danger(svg: &str) -> Option<String> {
    if svg.contains("<script") || svg.contains(":script") {
        return Some("a <script> element".to_string());
    }
    let bytes = svg.as_bytes();
    for (at, _) in svg.match_indices("on") {
        let after_space = at > 0 && matches!(bytes[at - 1], b' ' | b'\t' | b'\n' | b'\r' | b'/');
        if !after_space {
            continue;
        }
        let name_end = at
            + 2
            + bytes[at + 2..]
                .iter()
                .take_while(|b| b.is_ascii_lowercase())
                .count();
        let rest = svg[name_end..].trim_start();
        if name_end > at + 2 && rest.starts_with('=') {
            return Some(format!("an event handler (`{}=`)", &svg[at..name_end]));
        }
    }
    // A browser skips spaces and control characters inside a scheme.
    let squeezed: String = svg.chars().filter(|c| *c > ' ' && *c != '\u{7f}').collect();
    if squeezed.contains("javascript:") || squeezed.contains("vbscript:") {
        return Some("a `javascript:` address".to_string());
    }
    None
}

impl Assets {
    pub fn collect<'a>(&mut self, blocks: impl IntoIterator<Item = &'a [Block]>) {
        for blocks in blocks {
            self.visit_blocks(blocks);
        }
    }

    pub fn into_list(self) -> Vec<Asset> {
        self.found
    }
}

impl<'a> Visit<'a> for Assets {
    fn visit_inline(&mut self, inline: &'a Inline) {
        let (link, used_as) = match inline {
            Inline::Image(link) => (link, AssetUse::Image),
            Inline::Link(link) => (link, AssetUse::Link),
            _ => return walk_inline(self, inline),
        };
        if is_local_url(&link.url) && self.seen.insert(link.url.clone()) {
            self.found.push(Asset {
                url: link.url.clone(),
                used_as,
            });
        }
        walk_inline(self, inline);
    }
}

#[cfg(test)]
mod tests {
    use super::svg_danger;

    #[test]
    fn scripts_and_handlers_in_an_svg_are_found() {
        let plain = "<svg xmlns=\"http://www.w3.org/2000/svg\"><path d=\"m0 0\" fill=\"none\"/><text>Donetsk, Luhansk</text></svg>";
        assert_eq!(svg_danger(plain), None);
        assert!(svg_danger("<svg><script>alert(1)</script></svg>").is_some());
        assert!(svg_danger("<svg><svg:script/></svg>").is_some());
        assert_eq!(
            svg_danger("<svg onload = \"x()\">").as_deref(),
            Some("an event handler (`onload=`)")
        );
        assert!(svg_danger("<svg><a href=\"javascript:x()\">").is_some());
        assert!(svg_danger("<svg><a xlink:href=\" javascript:x()\">").is_some());
    }
}
