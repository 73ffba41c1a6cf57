//! The briefing's images, read through the project's file gate once per
//! typesetting and served to the template under `/assets/`: the only
//! project files besides the fonts that the closed world holds.

use std::collections::BTreeMap;

use typst::foundations::Bytes;
use typst::visualize::{ExchangeFormat, RasterImage, SvgImage};

use super::settings::Image;
use crate::diagnostics::{Code, Diagnostic, Span};
use crate::model::AssetUse;
use crate::render::{Finding, Input, Place};

/// Where the world serves the images.
const PREFIX: &str = "/assets/";

pub struct Images {
    /// By the address the document gives each image.
    pub by_url: BTreeMap<String, Image>,
    /// The files, by their path in the world.
    pub files: Vec<(String, Bytes)>,
}

/// Reads every image of the briefing. One that cannot be read now (it
/// was checked when the briefing was read, so it changed since) is left
/// out: the template prints its description in its place. One that does
/// not decode is `invalid-image` at its first reference, which stops the
/// build.
pub fn read(input: &Input<'_>, findings: &mut Vec<Finding>) -> Images {
    let mut images = Images {
        by_url: BTreeMap::new(),
        files: Vec::new(),
    };
    for (index, asset) in input.doc.assets.iter().enumerate() {
        if asset.used_as != AssetUse::Image {
            continue;
        }
        let Ok(bytes) = input.files.read_bytes(std::path::Path::new(&asset.source)) else {
            continue;
        };
        let bytes = Bytes::new(bytes);
        if let Err(problem) = decodes(&asset.path, &bytes) {
            findings.push(Finding {
                diagnostic: Diagnostic::new(
                    Code::InvalidImage,
                    Span::file_start(input.metadata_file),
                    format!("the image `{}` {problem}", asset.source),
                )
                .with_label("cannot be placed in the PDF")
                .with_help(
                    "open the file in an image editor and save it again as PNG, JPEG or SVG",
                ),
                place: Some(Place::Asset(index)),
            });
            continue;
        }
        let path = format!("{PREFIX}{}", asset.path);
        images.files.push((path.clone(), bytes));
        images.by_url.insert(
            asset.url.clone(),
            Image {
                path,
                width: asset.width,
                height: asset.height,
            },
        );
    }
    images
}

/// Whether Typst can decode the image, as it will when it places it (the
/// decoded image is kept in Typst's cache for that).
fn decodes(path: &str, bytes: &Bytes) -> Result<(), String> {
    let svg = path
        .rsplit('.')
        .next()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if svg {
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
