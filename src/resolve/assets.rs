//! The local files a briefing refers to: images, and links to files that
//! are not web pages, gathered from the summary, the sections and the
//! notes, each once, in reading order.

use std::collections::HashSet;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::markdown::LocalFile;
use crate::model::visit::{Visit, walk_inline};
use crate::model::{Asset, AssetUse, Block, Inline, is_local_url};
use crate::project::{AssetProblem, Project};

/// Every image and linked file must be a file of the project: each one
/// missing or out of reach is reported at its reference, in one run.
pub fn check_files(project: &Project, files: &[LocalFile], diagnostics: &mut Diagnostics) {
    for file in files {
        let what = if file.image { "image" } else { "linked file" };
        let Err(problem) = project.locate_asset(file.span.file, &file.url) else {
            continue;
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
