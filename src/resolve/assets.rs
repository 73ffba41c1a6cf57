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

/// Every image and linked file must be a file of the project: each one
/// missing, out of reach or unsafe is reported at its reference, in one
/// run. The references that can be published come back in the order
/// they were written.
pub fn check_files(
    project: &Project,
    files: &[LocalFile],
    diagnostics: &mut Diagnostics,
) -> Vec<Located> {
    let mut examined: HashMap<PathBuf, Result<AssetFile, String>> = HashMap::new();
    let mut located = Vec::new();
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
                        if let Some(found) = &facts.danger {
                            diagnostics.push(
                                Diagnostic::new(
                                    Code::UnsafeAsset,
                                    file.span,
                                    format!("the {what} `{}` holds {found}", file.url),
                                )
                                .with_label("could run script when opened from the site")
                                .with_help(
                                    "export the drawing again without scripts or event handlers \
                                     (a plain SVG, or a PNG)",
                                ),
                            );
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
    located
}
