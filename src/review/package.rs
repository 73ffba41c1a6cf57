//! A reviewed `.docx` opened with care: it comes from outside (a
//! reviewer's Word, an e-mail attachment), so every part is read with a
//! bound on what it may inflate to, an XML part with a document type is
//! refused, and one nested past reason or holding too many nodes is
//! refused before anything is built from it.

use std::io::Read;

use crate::render::docx::marks::Manifest;

/// The most one part may inflate to.
const MAX_PART: u64 = 256 * 1024 * 1024;
/// The most all the parts read may inflate to together.
const MAX_TOTAL: u64 = 512 * 1024 * 1024;
/// The most entries a package may list.
const MAX_ENTRIES: usize = 10_000;
/// The deepest an XML part may nest.
pub const MAX_DEPTH: usize = 256;
/// The most nodes an XML part may hold.
const MAX_NODES: u32 = 50_000_000;

/// Why a file cannot be reviewed.
#[derive(Debug)]
pub struct Unreadable(pub String);

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unreadable {}

/// The parts of a reviewed document that `review` reads.
pub struct Package {
    pub manifest: Manifest,
    pub document: String,
    pub footnotes: Option<String>,
    pub comments: Option<String>,
}

pub fn open(bytes: &[u8]) -> Result<Package, Unreadable> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        Unreadable(format!(
            "it is not a Word document (.docx): {}",
            match e {
                zip::result::ZipError::InvalidArchive(_) => "not a zip archive".to_string(),
                other => other.to_string(),
            }
        ))
    })?;
    if archive.len() > MAX_ENTRIES {
        return Err(Unreadable(format!(
            "it lists {} parts, more than a Word document holds",
            archive.len()
        )));
    }
    let mut total = 0u64;
    let mut read =
        |archive: &mut zip::ZipArchive<_>, name: &str| -> Result<Option<String>, Unreadable> {
            let mut entry = match archive.by_name(name) {
                Ok(entry) => entry,
                Err(zip::result::ZipError::FileNotFound) => return Ok(None),
                Err(e) => return Err(Unreadable(format!("its part {name} cannot be read: {e}"))),
            };
            let mut bytes = Vec::new();
            (&mut entry)
                .take(MAX_PART + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| Unreadable(format!("its part {name} is damaged: {e}")))?;
            if bytes.len() as u64 > MAX_PART {
                return Err(Unreadable(format!(
                    "its part {name} inflates to more than {} MB",
                    MAX_PART >> 20
                )));
            }
            total += bytes.len() as u64;
            if total > MAX_TOTAL {
                return Err(Unreadable(format!(
                    "its parts inflate to more than {} MB",
                    MAX_TOTAL >> 20
                )));
            }
            String::from_utf8(bytes)
                .map(Some)
                .map_err(|_| Unreadable(format!("its part {name} is not UTF-8 XML")))
        };
    let document = read(&mut archive, "word/document.xml")?
        .ok_or_else(|| Unreadable("it has no word/document.xml: not a Word document".into()))?;
    let footnotes = read(&mut archive, "word/footnotes.xml")?;
    let comments = read(&mut archive, "word/comments.xml")?;
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with("customXml/item") && !n.contains("Props") && n.ends_with(".xml"))
        .map(|n| n.to_string())
        .collect();
    let mut manifest = None;
    for name in names {
        if let Some(text) = read(&mut archive, &name)?
            && let Some(found) = Manifest::from_xml(&text)
        {
            manifest = Some(found);
            break;
        }
    }
    let manifest = manifest.ok_or_else(|| {
        Unreadable(
            "briefc did not write it (it has none of the marks `briefc build --format docx` \
             puts in): review the .docx that briefc built and the reviewers edited"
                .into(),
        )
    })?;
    Ok(Package {
        manifest,
        document,
        footnotes,
        comments,
    })
}

/// An XML part parsed, or why not: no document type (nothing a Word part
/// needs, and the way to an entity bomb), bounded nesting and size.
pub fn parse<'t>(name: &str, text: &'t str) -> Result<roxmltree::Document<'t>, Unreadable> {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let bytes = text.as_bytes();
    for (at, &byte) in bytes.iter().enumerate() {
        if byte != b'<' {
            continue;
        }
        match bytes.get(at + 1) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(b'?' | b'!') => {}
            _ => {
                let end = memchr::memchr(b'>', &bytes[at..]).map_or(bytes.len(), |e| at + e);
                if end == 0 || bytes[end - 1] != b'/' {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
            }
        }
        if deepest > MAX_DEPTH {
            return Err(Unreadable(format!(
                "its part {name} nests more than {MAX_DEPTH} deep"
            )));
        }
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| Unreadable(format!("its part {name} is not well-formed XML: {e}")))
}
