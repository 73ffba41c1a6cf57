//! What parsing a file yields: its tree, its footnote definitions, its
//! links; and what a briefing's files add up to, its references and
//! citations, numbered across them.

use super::cite::Citation;
use crate::diagnostics::Span;
use crate::model::Block;

/// A footnote reference `[^label]`.
#[derive(Debug, Clone)]
pub struct Reference {
    pub label: String,
    pub span: Span,
    /// Written inside a footnote definition (an error).
    pub in_definition: bool,
}

/// A footnote definition `[^label]: text`.
#[derive(Debug, Clone)]
pub struct Definition {
    pub label: String,
    /// The `[^label]:` marker.
    pub span: Span,
    pub blocks: Vec<Block>,
}

/// What the files of one briefing add up to: references and citations
/// are numbered per briefing, so `Inline::Reference` and `Inline::Cite`
/// hold indices into these lists until resolve replaces them.
#[derive(Debug, Default, Clone)]
pub struct Collected {
    pub references: Vec<Reference>,
    pub citations: Vec<Citation>,
}

#[derive(Debug, Default, Clone)]
pub struct ParsedFile {
    pub blocks: Vec<Block>,
    /// Where each of `blocks` starts in the file, as a byte offset: the
    /// Word edition marks each paragraph with it, so that a reviewer's
    /// change can be traced back to its place.
    pub starts: Vec<usize>,
    pub definitions: Vec<Definition>,
    /// Links to `#id` in this file, with where they stand.
    pub anchors: Vec<(String, Span)>,
    /// Images and links that name a local file, with where they stand.
    pub local_files: Vec<LocalFile>,
    /// Links and images to `http://` and `https://` addresses, with where
    /// they stand: what `check --links` fetches.
    pub web_links: Vec<(String, Span)>,
}

/// A reference to a file of the project: `![map](img/map.png)`.
#[derive(Debug, Clone)]
pub struct LocalFile {
    pub url: String,
    pub span: Span,
    pub image: bool,
    /// False for an image with no description (`![](map.png)`).
    pub described: bool,
}
