//! How the Word edition remembers where its text came from, so that
//! `briefc review` can place a reviewer's tracked change in the sources.
//! Word keeps two things of a document it did not make through any
//! number of edits and saves: bookmarks, and custom XML parts. So:
//!
//! - each paragraph starts with a hidden bookmark (a name that begins with
//!   `_`, which Word does not list) naming the source file and the byte
//!   offset where the block it comes from starts: `_bc2_1kx_5` is file 2,
//!   offset 1kx (base 36), the sixth such mark;
//! - text briefc wrote in the author's place (a citation as printed, a note
//!   number, a date) lies between the start and end of a bookmark naming
//!   what made it: `_bg3_2s_2z_7` is file 3, bytes 2s to 2z;
//! - a custom XML part ([`Manifest`]) lists the files by number, with a
//!   hash of each one's text as it was when the document was built, so
//!   that a file changed since is known.
//!
//! Bookmark names hold at most 40 characters; these stay under 30 for any
//! file under 2 GB.

use std::fmt::Write;

/// A mark at the start of a paragraph: where its block starts.
pub const ANCHOR: &str = "_bc";
/// A mark around words briefc made.
pub const GENERATED: &str = "_bg";
/// The namespace of the manifest's root element.
pub const NAMESPACE: &str = "urn:briefc:review:1";

fn base36(mut n: u64, out: &mut String) {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut digits = [0u8; 13];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = DIGITS[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[at..]).expect("ASCII digits"));
}

fn from_base36(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 13 {
        return None;
    }
    text.chars().try_fold(0u64, |n, c| {
        let digit = c.to_digit(36)? as u64;
        n.checked_mul(36)?.checked_add(digit)
    })
}

/// The name of the anchor of a paragraph whose block starts at `offset`
/// of file `file`; `serial` keeps names apart.
pub fn anchor_name(file: usize, offset: usize, serial: usize) -> String {
    let mut name = String::from(ANCHOR);
    let _ = write!(name, "{file}_");
    base36(offset as u64, &mut name);
    name.push('_');
    base36(serial as u64, &mut name);
    name
}

/// The name of the mark around words made from `range` of file `file`.
pub fn generated_name(file: usize, range: std::ops::Range<usize>, serial: usize) -> String {
    let mut name = String::from(GENERATED);
    let _ = write!(name, "{file}_");
    base36(range.start as u64, &mut name);
    name.push('_');
    base36(range.end as u64, &mut name);
    name.push('_');
    base36(serial as u64, &mut name);
    name
}

/// What a bookmark's name says, when briefc made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// The paragraph's block starts at this offset of this file.
    Anchor { file: usize, offset: usize },
    /// The words inside were made from this range of this file.
    Generated {
        file: usize,
        range: std::ops::Range<usize>,
    },
}

/// Reads a bookmark's name; `None` for any other bookmark.
pub fn read_mark(name: &str) -> Option<Mark> {
    if let Some(rest) = name.strip_prefix(ANCHOR) {
        let mut parts = rest.split('_');
        let file = parts.next()?.parse().ok()?;
        let offset = from_base36(parts.next()?)? as usize;
        from_base36(parts.next()?)?;
        return parts
            .next()
            .is_none()
            .then_some(Mark::Anchor { file, offset });
    }
    let rest = name.strip_prefix(GENERATED)?;
    let mut parts = rest.split('_');
    let file = parts.next()?.parse().ok()?;
    let start = from_base36(parts.next()?)? as usize;
    let end = from_base36(parts.next()?)? as usize;
    from_base36(parts.next()?)?;
    (parts.next().is_none() && start <= end).then_some(Mark::Generated {
        file,
        range: start..end,
    })
}

/// A stable hash of a file's text (FNV-1a, 64 bits): the same text gives
/// the same hash on every machine and in every version.
pub fn text_hash(text: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in text {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The custom XML part: the briefing, and its files by number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub briefing: String,
    /// Path from the project's root, and [`text_hash`] of its text.
    pub files: Vec<(String, String)>,
    /// Where the summary's Markdown stands in file 0, `briefing.toml`.
    pub summary: Option<std::ops::Range<usize>>,
}

impl Manifest {
    pub fn to_xml(&self) -> String {
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<briefc xmlns=\"{NAMESPACE}\" briefing=\"{}\"",
            super::xml::attribute(&self.briefing)
        );
        if let Some(summary) = &self.summary {
            let _ = write!(xml, " summary=\"{}-{}\"", summary.start, summary.end);
        }
        xml.push('>');
        for (index, (path, hash)) in self.files.iter().enumerate() {
            let _ = write!(
                xml,
                "<file n=\"{index}\" path=\"{}\" hash=\"{hash}\"/>",
                super::xml::attribute(path)
            );
        }
        xml.push_str("</briefc>");
        xml
    }

    /// The manifest in a custom XML part's text; `None` when the part is
    /// not briefc's.
    pub fn from_xml(text: &str) -> Option<Manifest> {
        let document = roxmltree::Document::parse(text).ok()?;
        let root = document.root_element();
        if root.tag_name().namespace() != Some(NAMESPACE) || root.tag_name().name() != "briefc" {
            return None;
        }
        let briefing = root.attribute("briefing")?.to_string();
        let summary = match root.attribute("summary") {
            Some(range) => {
                let (start, end) = range.split_once('-')?;
                Some(start.parse().ok()?..end.parse().ok()?)
            }
            None => None,
        };
        let mut files = Vec::new();
        for (index, node) in root.children().filter(|n| n.is_element()).enumerate() {
            if node.attribute("n")?.parse::<usize>().ok()? != index {
                return None;
            }
            files.push((
                node.attribute("path")?.to_string(),
                node.attribute("hash")?.to_string(),
            ));
        }
        Some(Manifest {
            briefing,
            files,
            summary,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back_as_written() {
        let anchor = anchor_name(2, 123_456, 77);
        assert_eq!(
            read_mark(&anchor),
            Some(Mark::Anchor {
                file: 2,
                offset: 123_456
            })
        );
        let generated = generated_name(11, 40..52, 9_999_999);
        assert!(generated.len() <= 40, "{generated}");
        assert_eq!(
            read_mark(&generated),
            Some(Mark::Generated {
                file: 11,
                range: 40..52
            })
        );
        assert!(anchor_name(999, usize::MAX >> 2, usize::MAX >> 2).len() <= 40);
        for other in [
            "_GoBack",
            "_Ref12",
            "_bc",
            "_bc1_zz",
            "_bg1_5_2_0",
            "_bc1_1_1_1",
        ] {
            assert_eq!(read_mark(other), None, "{other}");
        }
    }

    #[test]
    fn the_manifest_reads_back() {
        let manifest = Manifest {
            briefing: "b & c".into(),
            files: vec![
                ("briefings/b/briefing.toml".into(), text_hash(b"title")),
                ("footnotes/b.md".into(), text_hash(b"")),
            ],
            summary: Some(40..90),
        };
        assert_eq!(Manifest::from_xml(&manifest.to_xml()), Some(manifest));
        assert_eq!(Manifest::from_xml("<other/>"), None);
        assert_eq!(text_hash(b""), "cbf29ce484222325");
    }
}
