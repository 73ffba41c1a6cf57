//! The briefing's images for the PDF: read through the project's door
//! before the typesetting starts, measured against the PDF's limits from
//! their headers (never decoded here), an SVG's linked bitmaps taken out
//! as a browser leaves them out, and served to the template under
//! `/assets/`. The typesetting then checks that each decodes.

use std::collections::BTreeMap;

use super::job::Blob;
use super::limits::{self, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, MAX_PIXELS};
use super::settings::Image;
use crate::diagnostics::Span;
use crate::model::{AssetUse, svg};
use crate::render::{Finding, Input, Place};

/// Where the world serves the images.
const PREFIX: &str = "/assets/";

const SMALLER: &str = "save the image smaller (2,000 to 4,000 pixels across is plenty for a \
                       printed page), or build this briefing without the PDF (--format html,text)";

pub struct Images {
    /// By the address the document gives each image.
    pub by_url: BTreeMap<String, Image>,
    /// The files, by their path in the world.
    pub files: Vec<Blob>,
}

/// Reads every image of the briefing. One that cannot be read now (it
/// was checked when the briefing was read, so it changed since) is left
/// out: the template prints its description in its place. `None` when an
/// image passes a limit: each such is a finding at its first reference.
pub fn read(input: &Input<'_>, findings: &mut Vec<Finding>) -> Option<Images> {
    let mut images = Images {
        by_url: BTreeMap::new(),
        files: Vec::new(),
    };
    let mut total = 0u64;
    let mut fits = true;
    for (index, asset) in input.doc.assets.iter().enumerate() {
        if asset.used_as != AssetUse::Image {
            continue;
        }
        let too_large = |message: String| {
            limits::passed(
                Span::file_start(input.metadata_file),
                Some(Place::Asset(index)),
                format!("the image `{}` {message}", asset.source),
                SMALLER,
            )
        };
        if asset.bytes > MAX_IMAGE_BYTES {
            findings.push(too_large(format!(
                "is {} MB, more than the PDF's limit of {} MB for one image",
                asset.bytes >> 20,
                MAX_IMAGE_BYTES >> 20
            )));
            fits = false;
            continue;
        }
        let Ok(bytes) = input.files.read_bytes(std::path::Path::new(&asset.source)) else {
            continue;
        };
        let (bytes, pixels) = if is_svg(&asset.path) {
            svg_for_pdf(bytes)
        } else {
            let pixels = imagesize::blob_size(&bytes)
                .map(|size| size.width as u64 * size.height as u64)
                .unwrap_or(0);
            (bytes, vec![pixels])
        };
        if let Some(&most) = pixels.iter().max()
            && most > MAX_IMAGE_PIXELS
        {
            findings.push(too_large(format!(
                "would take {} megapixels decoded, more than the PDF's limit of {}",
                most / 1_000_000,
                MAX_IMAGE_PIXELS / 1_000_000
            )));
            fits = false;
            continue;
        }
        total += pixels.iter().sum::<u64>();
        if total > MAX_PIXELS {
            findings.push(too_large(format!(
                "brings the briefing's images to more than {} megapixels decoded, the PDF's limit",
                MAX_PIXELS / 1_000_000
            )));
            fits = false;
            continue;
        }
        let path = format!("{PREFIX}{}", asset.path);
        images.files.push(Blob {
            name: path.clone(),
            bytes,
        });
        images.by_url.insert(
            asset.url.clone(),
            Image {
                path,
                width: asset.width,
                height: asset.height,
            },
        );
    }
    fits.then_some(images)
}

fn is_svg(path: &str) -> bool {
    path.rsplit('.')
        .next()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
}

/// An SVG as the PDF places it, without the bitmaps it links (which
/// `check` reports), and the pixels of the bitmaps it embeds.
fn svg_for_pdf(bytes: Vec<u8>) -> (Vec<u8>, Vec<u64>) {
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return (bytes, Vec::new());
    };
    let Some(document) = svg::parse(text) else {
        return (bytes, Vec::new());
    };
    let pixels = svg::embedded_sizes(&document)
        .into_iter()
        .map(|(w, h)| w.saturating_mul(h))
        .collect();
    let linked = svg::linked_images(&document);
    if linked.is_empty() {
        return (bytes, pixels);
    }
    let kept = svg::without_linked_images(text, &linked).into_bytes();
    (kept, pixels)
}

/// Whether Typst can decode the image, as it will when it places it (the
/// decoded image is kept in Typst's cache for that). Run in the
/// typesetting process, whose memory is bounded.
pub fn decodes(path: &str, bytes: &typst::foundations::Bytes) -> Result<(), String> {
    use typst::visualize::{ExchangeFormat, RasterImage, SvgImage};
    if is_svg(path) {
        return SvgImage::new(bytes.clone())
            .map(drop)
            .map_err(|_| "is not SVG that can be read".to_string());
    }
    let Some(format) = ExchangeFormat::detect(bytes) else {
        return Err(
            "is not a PNG, JPEG, GIF, WebP or SVG image, which the PDF can show".to_string(),
        );
    };
    RasterImage::plain(bytes.clone(), format)
        .map(drop)
        .map_err(|error| {
            // A decoder's message may run over lines.
            let error = error.split_whitespace().collect::<Vec<_>>().join(" ");
            format!("does not decode: {error}")
        })
}
