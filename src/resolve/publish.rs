//! Where each local file a briefing refers to is published, and the
//! references rewritten to match: the page, the text and the PDF all sit
//! in `<out>/<id>/`, so a file of the briefing's own folder keeps its place
//! under it (`img/map.png`), and a file from elsewhere in the project goes
//! under `_files/` by its path in the project
//! (`_files/footnotes/img/map.png`), where no two files can meet.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::assets::{Located, OnSite};
use crate::diagnostics::{FileId, Span};
use crate::fsx::slash_path;
use crate::model::visit::{VisitMut, walk_inline_mut};
use crate::model::{Asset, AssetUse, Block, Inline, is_local_url, unsafe_scheme};

/// The folder under a briefing's output that holds files from outside
/// its own folder.
const ELSEWHERE: &str = "_files";

/// The names the editions take in a briefing's output directory; a file
/// of the briefing's folder with one of them is published under
/// [`ELSEWHERE`] instead.
pub fn edition_names(id: &str) -> [String; 5] {
    [
        "index.html".to_string(),
        format!("{id}.txt"),
        format!("{id}.json"),
        format!("{id}.pdf"),
        format!("{id}.docx"),
    ]
}

/// The published assets, and the address each reference becomes.
#[derive(Debug, Default)]
pub struct Plan {
    pub assets: Vec<Asset>,
    /// Each reference: the asset it names and where it was written.
    pub sites: Vec<(usize, Span)>,
    /// The new address of `(file, url as written)`.
    addresses: HashMap<(FileId, String), String>,
}

/// Plans one briefing's files, in the order they were first referred to,
/// and points the links from the site's root at the site.
pub fn plan(id: &str, briefing_dir: &Path, located: Vec<Located>, on_site: Vec<OnSite>) -> Plan {
    let reserved = edition_names(id);
    let mut plan = Plan::default();
    let mut by_source: HashMap<PathBuf, usize> = HashMap::new();
    for found in located {
        let index = *by_source.entry(found.source.clone()).or_insert_with(|| {
            let path = published_path(&found.source, briefing_dir, &reserved);
            let path = slash_path(&path);
            plan.assets.push(Asset {
                url: encoded(&path),
                path,
                source: slash_path(&found.source),
                used_as: AssetUse::Link,
                bytes: found.file.bytes,
                width: found.file.dimensions.map(|d| d.0),
                height: found.file.dimensions.map(|d| d.1),
            });
            plan.assets.len() - 1
        });
        let asset = &mut plan.assets[index];
        if found.image {
            asset.used_as = AssetUse::Image;
        }
        let address = format!("{}{}", asset.url, suffix(&found.url));
        // The address that is published is a path of the briefing's
        // output, whatever the file is called.
        debug_assert!(is_local_url(&address) && unsafe_scheme(&address).is_none());
        plan.addresses.insert((found.span.file, found.url), address);
        plan.sites.push((index, found.span));
    }
    for link in on_site {
        plan.addresses
            .insert((link.span.file, link.url), link.address);
    }
    plan
}

/// The path under the briefing's output directory.
fn published_path(source: &Path, briefing_dir: &Path, reserved: &[String]) -> PathBuf {
    if let Ok(inside) = source.strip_prefix(briefing_dir) {
        let first = inside.components().next().map(|c| c.as_os_str());
        let clashes = first == Some(ELSEWHERE.as_ref())
            || reserved.iter().any(|name| Path::new(name) == inside);
        if !clashes && !inside.as_os_str().is_empty() {
            return inside.to_path_buf();
        }
    }
    Path::new(ELSEWHERE).join(source)
}

/// A path written as a URL: the characters that would end it or change
/// its meaning escaped (`my map.png` as `my%20map.png`). A colon is
/// escaped too: in the first part of a relative address it would make
/// that part a scheme, so a file named `javascript:alert(1).pdf` would
/// become a live `javascript:` link.
fn encoded(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' | '"' | '#' | '%' | '?' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' | ':' => {
                out.push_str(&format!("%{:02X}", c as u32))
            }
            c if c.is_control() => {
                let mut buffer = [0; 4];
                for byte in c.encode_utf8(&mut buffer).bytes() {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// A URL's `?query` and `#fragment`, kept on the new address.
fn suffix(url: &str) -> &str {
    url.find(['?', '#']).map_or("", |at| &url[at..])
}

impl Plan {
    /// Rewrites the local references in `blocks`, all written in `file`.
    /// The address `url`, written in `file`, is published at; `None` when
    /// the file could not be published (reported).
    pub fn address_of(&self, file: FileId, url: &str) -> Option<&str> {
        self.addresses
            .get(&(file, url.to_string()))
            .map(String::as_str)
    }

    pub fn rewrite(&self, file: FileId, blocks: &mut [Block]) {
        if self.addresses.is_empty() {
            return;
        }
        Rewriter { plan: self, file }.visit_blocks_mut(blocks);
    }
}

struct Rewriter<'a> {
    plan: &'a Plan,
    file: FileId,
}

impl VisitMut for Rewriter<'_> {
    fn visit_inline_mut(&mut self, inline: &mut Inline) {
        if let Inline::Image(link) | Inline::Link(link) = inline
            && is_local_url(&link.url)
            && let Some(address) = self.plan.addresses.get(&(self.file, link.url.clone()))
        {
            link.url = address.clone();
        }
        walk_inline_mut(self, inline);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_keep_their_place_in_the_briefing_and_others_go_under_files() {
        let dir = Path::new("briefings/b");
        let names = edition_names("b");
        let at = |p: &str| slash_path(&published_path(Path::new(p), dir, &names));
        assert_eq!(at("briefings/b/img/map.png"), "img/map.png");
        assert_eq!(at("footnotes/img/map.png"), "_files/footnotes/img/map.png");
        assert_eq!(
            at("briefings/b/index.html"),
            "_files/briefings/b/index.html"
        );
        assert_eq!(at("briefings/b/b.pdf"), "_files/briefings/b/b.pdf");
        assert_eq!(
            at("briefings/b/_files/x.png"),
            "_files/briefings/b/_files/x.png"
        );
        assert_eq!(at("briefings/bb/x.png"), "_files/briefings/bb/x.png");
    }

    #[test]
    fn addresses_are_escaped_and_keep_their_fragment() {
        assert_eq!(encoded("img/my map #2.png"), "img/my%20map%20%232.png");
        assert_eq!(encoded("карта.svg"), "карта.svg");
        assert_eq!(
            encoded("javascript:alert(1).pdf"),
            "javascript%3Aalert(1).pdf"
        );
        for name in [
            "javascript:x.pdf",
            "JavaScript:x",
            "data:text",
            "a/b:c",
            "vbscript:",
        ] {
            let url = encoded(name);
            assert!(
                is_local_url(&url) && unsafe_scheme(&url).is_none(),
                "{name} as {url}"
            );
        }
        assert_eq!(suffix("report.pdf#page=4"), "#page=4");
        assert_eq!(suffix("map.png"), "");
    }
}
