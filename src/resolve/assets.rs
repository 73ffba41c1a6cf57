//! The local files a briefing refers to (images, and links to files that
//! are not web pages) in the summary, the sections and the notes: each
//! checked at its reference, and those found handed on to be published.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Span};
use crate::markdown::LocalFile;
use crate::project::{AssetFile, AssetProblem, Project};

/// A reference to a file of the project that may be published.
#[derive(Debug)]
pub struct Located {
    /// The reference as written, and where.
    pub url: String,
    pub span: Span,
    pub image: bool,
    /// The file, relative to the project's root.
    pub source: PathBuf,
    pub file: AssetFile,
}

/// A link from the root of the publisher's site (`/reports/2005/`), with
/// `[links] site` set: the address it is published as.
#[derive(Debug)]
pub struct OnSite {
    pub url: String,
    pub span: Span,
    pub address: String,
}

/// Every image and linked file must be a file of the project: each one
/// missing, out of reach or unsafe is reported at its reference, in one
/// run. The references that can be published come back in the order
/// they were written, with the links into the publisher's site.
pub fn check_files(
    project: &Project,
    files: &[LocalFile],
    diagnostics: &mut Diagnostics,
) -> (Vec<Located>, Vec<OnSite>) {
    let mut examined: HashMap<PathBuf, Result<AssetFile, String>> = HashMap::new();
    let mut located = Vec::new();
    let mut on_site = Vec::new();
    for file in files {
        let what = if file.image { "image" } else { "linked file" };
        let problem = match project.locate_asset(file.span.file, &file.url) {
            Ok(relative) => {
                let facts = examined
                    .entry(relative.clone())
                    .or_insert_with(|| {
                        project
                            .examine_asset(&relative)
                            .map_err(|refusal| refusal.describe())
                    })
                    .clone();
                match facts {
                    Ok(facts) => {
                        if let Some(danger) = &facts.danger {
                            diagnostics.push(
                                Diagnostic::new(
                                    Code::UnsafeAsset,
                                    file.span,
                                    format!("the {what} `{}` holds {}", file.url, danger.found),
                                )
                                .with_label("could run script when opened from the site")
                                .with_help(danger.help),
                            );
                        }
                        if let Some(href) = facts.linked_images.first().filter(|_| file.image) {
                            diagnostics.push(linked_image(file, href, facts.linked_images.len()));
                        }
                        located.push(Located {
                            url: file.url.clone(),
                            span: file.span,
                            image: file.image,
                            source: relative,
                            file: facts,
                        });
                    }
                    Err(described) => diagnostics.push(
                        Diagnostic::new(
                            Code::RefusedFile,
                            file.span,
                            format!("the {what} `{}` {described}", file.url),
                        )
                        .with_label("not published"),
                    ),
                }
                continue;
            }
            Err(AssetProblem::OnSite { address }) => {
                on_site.push(OnSite {
                    url: file.url.clone(),
                    span: file.span,
                    address,
                });
                continue;
            }
            Err(problem) => problem,
        };
        diagnostics.push(problem_at(file, what, problem));
    }
    (located, on_site)
}

/// An SVG that links bitmaps: a browser showing it as an image loads no
/// other file, and the PDF leaves them out as well.
fn linked_image(file: &LocalFile, href: &str, count: usize) -> Diagnostic {
    let more = match count {
        1 => String::new(),
        2 => " and 1 other".to_string(),
        n => format!(" and {} others", n - 1),
    };
    Diagnostic::new(
        Code::SvgLinkedImage,
        file.span,
        format!(
            "the SVG `{}` links the bitmap `{href}`{more} instead of holding it",
            file.url
        ),
    )
    .with_label("shown without it, in the page and the PDF")
    .with_help(
        "embed the bitmap in the drawing (in Inkscape: Extensions > Images > Embed Images) and \
         save it again, or export the drawing as a PNG",
    )
}

/// What is wrong with a reference that does not lead to a file of the
/// project, said at the reference.
fn problem_at(file: &LocalFile, what: &str, problem: AssetProblem) -> Diagnostic {
    let url = &file.url;
    match problem {
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
        AssetProblem::Absolute | AssetProblem::OnSite { .. } => Diagnostic::new(
            Code::RefusedFile,
            file.span,
            format!("the {what} `{url}` is a path from the root of the disk"),
        )
        .with_label("not published")
        .with_help(
            "write the path from the folder of this file, such as `img/map.png`: briefc \
                 publishes only the project's own files; for an address on your own web site, \
                 name the site in briefc.toml: [links] site = \"https://www.example.org\"",
        ),
        AssetProblem::Above => Diagnostic::new(
            Code::RefusedFile,
            file.span,
            format!("the {what} `{url}` leads out of the project"),
        )
        .with_label("`..` climbs above the project")
        .with_help("copy the file into the project and refer to it there"),
        AssetProblem::Hidden { part, folder } => Diagnostic::new(
            Code::RefusedFile,
            file.span,
            if folder {
                format!("the {what} `{url}` lies in the hidden folder `{part}`")
            } else {
                format!("the {what} `{url}` is the hidden file `{part}`")
            },
        )
        .with_label("not published")
        .with_help(
            "briefc never publishes a hidden file or what a hidden folder holds (.git, .env, \
                 .briefc); move the file out, or name it in `publish_hidden` in briefc.toml if it \
                 is meant to be published",
        ),
        AssetProblem::Refused(refusal) => Diagnostic::new(
            Code::RefusedFile,
            file.span,
            format!("the {what} `{url}` {}", refusal.describe()),
        )
        .with_label("not published")
        .with_help(refusal.help()),
    }
}
