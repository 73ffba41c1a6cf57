//! The source files a reviewed document names, read now through the
//! project's door: each one's text, whether it changed since the document
//! was built (its hash differs from the manifest's), and the characters a
//! reader sees in it, made once per file and per region (`briefing.toml`'s
//! summary is Markdown; its title is a plain TOML string).

use std::collections::HashMap;
use std::ops::Range;

use crate::files::ProjectFiles;
use crate::markdown::{Visible, visible_chars};
use crate::render::docx::marks::{Manifest, text_hash};

/// One file as the review finds it.
pub struct Source {
    pub path: String,
    /// `None` when it cannot be read now (it is named in the messages).
    pub text: Option<String>,
    pub changed: bool,
    /// Where the summary's Markdown stands (in `briefing.toml`).
    pub summary: Option<Range<usize>>,
}

/// The visible characters of one region of a file.
pub struct Region {
    pub visible: Vec<Visible>,
}

/// Which region of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Whole(usize),
    Summary(usize),
    TomlString(usize, usize),
}

pub struct Sources {
    pub files: Vec<Source>,
    regions: HashMap<Key, Region>,
}

impl Sources {
    pub fn read(files: &ProjectFiles, manifest: &Manifest) -> Sources {
        let sources = manifest
            .files
            .iter()
            .enumerate()
            .map(|(index, (path, hash))| {
                let text = files
                    .read_text(std::path::Path::new(path))
                    .ok()
                    .map(|t| t.text.to_string());
                let changed = text
                    .as_ref()
                    .is_none_or(|t| text_hash(t.as_bytes()) != *hash);
                Source {
                    path: path.clone(),
                    text,
                    changed,
                    summary: (index == 0).then(|| manifest.summary.clone()).flatten(),
                }
            })
            .collect();
        Sources {
            files: sources,
            regions: HashMap::new(),
        }
    }

    /// Makes ready the region of file `file` that holds byte `offset`: the
    /// whole of a Markdown file, the summary of `briefing.toml`, or the
    /// TOML string that starts at `offset`. `None` when the file cannot be
    /// read.
    pub fn prepare(&mut self, file: usize, offset: usize) -> Option<RegionKey> {
        let source = self.files.get(file)?;
        let text = source.text.as_ref()?;
        let summary = source.summary.clone().filter(|s| {
            s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end)
        });
        let key = if !source.path.ends_with(".toml") {
            Key::Whole(file)
        } else if summary.as_ref().is_some_and(|s| s.contains(&offset)) {
            Key::Summary(file)
        } else {
            Key::TomlString(file, offset)
        };
        self.regions.entry(key).or_insert_with(|| Region {
            visible: match key {
                Key::Whole(_) => visible_chars(text, 0..text.len()),
                Key::Summary(_) => visible_chars(text, summary.unwrap_or(0..0)),
                Key::TomlString(_, offset) => toml_string(text, offset),
            },
        });
        Some(RegionKey(key))
    }

    pub fn region(&self, key: RegionKey) -> &Region {
        &self.regions[&key.0]
    }
}

/// A region made ready by [`Sources::prepare`].
#[derive(Debug, Clone, Copy)]
pub struct RegionKey(Key);

/// The characters of the TOML string whose text starts at `offset`, up to
/// its closing quote.
fn toml_string(text: &str, offset: usize) -> Vec<Visible> {
    let Some(rest) = text.get(offset..) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut escaped = false;
    for (index, c) in rest.char_indices().take(4096) {
        if !escaped && c == '"' {
            break;
        }
        escaped = !escaped && c == '\\';
        out.push(Visible {
            c,
            at: offset + index,
            len: c.len_utf8() as u8,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_toml_string_ends_at_its_quote() {
        let text = "title = \"A \\\"quoted\\\" title\"\nnext = 1";
        let start = text.find('A').unwrap();
        let chars: String = toml_string(text, start).iter().map(|v| v.c).collect();
        assert_eq!(chars, "A \\\"quoted\\\" title");
    }
}
