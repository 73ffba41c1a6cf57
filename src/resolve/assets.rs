//! The local files a briefing refers to: images, and links to files that
//! are not web pages, gathered from the summary, the sections and the
//! notes, each once, in reading order.

use std::collections::HashSet;

use crate::model::visit::{Visit, walk_inline};
use crate::model::{Asset, AssetUse, Block, Inline, is_local_url};

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
