//! What a typesetting is handed and what it hands back, as plain data:
//! everything Typst needs is read from the project before it starts, so
//! the typesetting can run in a process of its own ([`super::child`]),
//! bounded in time and memory, and find nothing else there.
//!
//! On the wire each is a header in JSON followed by its byte blobs (the
//! document, fonts, images; the PDF), each after its length.

use std::io::{Read, Write};
use std::ops::Range;

use serde::{Deserialize, Serialize};

/// One briefing to typeset.
#[derive(Serialize, Deserialize)]
pub struct Job {
    /// The briefing's id, which names the PDF's identifier.
    pub id: String,
    /// The briefing's date: the file's dates and Typst's "today".
    pub today: (i32, u8, u8),
    /// `[pdf] standard`: "ua-1" or "a-2b".
    pub standard: Option<String>,
    /// `[pdf] system_fonts`.
    pub system_fonts: bool,
    /// The template files by their path in the world, the main one first.
    pub templates: Vec<(String, String)>,
    /// `/settings.json` without `fonts` and `carry`, which the
    /// typesetting fills in.
    pub settings: serde_json::Value,
    /// The notes' numbers in order, for a template that does not label them.
    pub note_numbers: Vec<u32>,
    /// `/document.json`: the JSON edition.
    #[serde(skip)]
    pub document: Vec<u8>,
    /// The project's font files, by their path in the project.
    #[serde(skip)]
    pub fonts: Vec<Blob>,
    /// The briefing's images, by their path in the world
    /// (`/assets/img/map.png`).
    #[serde(skip)]
    pub images: Vec<Blob>,
}

pub struct Blob {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A place in a template file: its path in the world and the byte range.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Spot {
    pub path: String,
    pub range: Range<usize>,
}

/// A Typst error or warning, with the places it names.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Reported {
    pub error: bool,
    pub message: String,
    pub hints: Vec<String>,
    pub spot: Option<Spot>,
    /// The calls that led to it, innermost first.
    pub trace: Vec<Spot>,
}

/// A note printed on another page than its first marker.
#[derive(Serialize, Deserialize, Clone, Copy, Debug)]
pub struct OffPage {
    pub number: u32,
    pub note_page: usize,
    pub marker_page: usize,
}

/// A character printed without a glyph: the first page it is on and the
/// font that was asked for it.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Missing {
    pub character: char,
    pub page: usize,
    pub font: String,
}

/// What the typesetting found and made.
#[derive(Serialize, Deserialize, Default, Debug)]
pub struct Outcome {
    /// Project font files that hold no font Typst can read.
    pub unreadable_fonts: Vec<(String, String)>,
    /// Images (by their path in the world) that do not decode, and why.
    pub undecodable: Vec<(String, String)>,
    /// The errors that stopped the layout.
    pub errors: Vec<Reported>,
    pub warnings: Vec<Reported>,
    /// Why the PDF standard asked for was refused.
    pub refused: Vec<Reported>,
    pub off_page: Vec<OffPage>,
    /// In the order first met.
    pub missing: Vec<Missing>,
    /// The PDF, when one was written.
    #[serde(skip)]
    pub pdf: Option<Vec<u8>>,
}

/// The largest blob either side accepts: far beyond what the limits of
/// [`super::limits`] let through, well below what a length could claim.
const MAX_BLOB: u64 = 4 << 30;

fn put(out: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    out.write_all(&(bytes.len() as u64).to_le_bytes())?;
    out.write_all(bytes)
}

fn take(input: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let mut length = [0u8; 8];
    input.read_exact(&mut length)?;
    let length = u64::from_le_bytes(length);
    if length > MAX_BLOB {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("a part of {length} bytes is more than a typesetting takes"),
        ));
    }
    let mut bytes = Vec::new();
    input.take(length).read_to_end(&mut bytes)?;
    if bytes.len() as u64 != length {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(bytes)
}

fn header<T: for<'de> Deserialize<'de>>(input: &mut impl Read) -> std::io::Result<T> {
    serde_json::from_slice(&take(input)?)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

fn blobs(input: &mut impl Read) -> std::io::Result<Vec<Blob>> {
    let names: Vec<String> = header(input)?;
    names
        .into_iter()
        .map(|name| {
            Ok(Blob {
                name,
                bytes: take(input)?,
            })
        })
        .collect()
}

fn put_blobs(out: &mut impl Write, blobs: &[Blob]) -> std::io::Result<()> {
    let names: Vec<&str> = blobs.iter().map(|b| b.name.as_str()).collect();
    put(
        out,
        &serde_json::to_vec(&names).map_err(std::io::Error::other)?,
    )?;
    blobs.iter().try_for_each(|b| put(out, &b.bytes))
}

impl Job {
    pub fn write_to(&self, out: &mut impl Write) -> std::io::Result<()> {
        put(
            out,
            &serde_json::to_vec(self).map_err(std::io::Error::other)?,
        )?;
        put(out, &self.document)?;
        put_blobs(out, &self.fonts)?;
        put_blobs(out, &self.images)
    }

    pub fn read_from(input: &mut impl Read) -> std::io::Result<Job> {
        let mut job: Job = header(input)?;
        job.document = take(input)?;
        job.fonts = blobs(input)?;
        job.images = blobs(input)?;
        Ok(job)
    }
}

impl Outcome {
    pub fn write_to(&self, out: &mut impl Write) -> std::io::Result<()> {
        put(
            out,
            &serde_json::to_vec(self).map_err(std::io::Error::other)?,
        )?;
        match &self.pdf {
            Some(pdf) => {
                out.write_all(&[1])?;
                put(out, pdf)
            }
            None => out.write_all(&[0]),
        }
    }

    pub fn read_from(input: &mut impl Read) -> std::io::Result<Outcome> {
        let mut outcome: Outcome = header(input)?;
        let mut present = [0u8];
        input.read_exact(&mut present)?;
        outcome.pdf = (present[0] == 1).then(|| take(input)).transpose()?;
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_and_an_outcome_cross_the_pipe_whole() {
        let job = Job {
            id: "b".into(),
            today: (2007, 5, 1),
            standard: Some("ua-1".into()),
            system_fonts: false,
            templates: vec![("/briefing.typ".into(), "#let x = 1".into())],
            settings: serde_json::json!({"paper": "a4"}),
            note_numbers: vec![1, 2],
            document: b"{}".to_vec(),
            fonts: vec![Blob {
                name: "fonts/a.ttf".into(),
                bytes: vec![0, 1, 2],
            }],
            images: vec![],
        };
        let mut wire = Vec::new();
        job.write_to(&mut wire).unwrap();
        let back = Job::read_from(&mut wire.as_slice()).unwrap();
        assert_eq!(back.id, "b");
        assert_eq!(back.document, b"{}");
        assert_eq!(back.fonts[0].name, "fonts/a.ttf");
        assert_eq!(back.fonts[0].bytes, [0, 1, 2]);
        assert!(back.images.is_empty());
        assert_eq!(back.settings["paper"], "a4");

        let outcome = Outcome {
            pdf: Some(b"%PDF".to_vec()),
            ..Outcome::default()
        };
        let mut wire = Vec::new();
        outcome.write_to(&mut wire).unwrap();
        let back = Outcome::read_from(&mut wire.as_slice()).unwrap();
        assert_eq!(back.pdf.as_deref(), Some(&b"%PDF"[..]));
    }

    #[test]
    fn a_cut_or_lying_stream_is_an_error_not_an_allocation() {
        let mut wire = Vec::new();
        put(&mut wire, b"{\"id\":").unwrap();
        assert!(Job::read_from(&mut wire.as_slice()).is_err());
        let claim = (u64::MAX).to_le_bytes();
        assert!(take(&mut claim.as_slice()).is_err());
        let short = [5u8, 0, 0, 0, 0, 0, 0, 0, b'a'];
        assert!(take(&mut short.as_slice()).is_err());
    }
}
