//! What a referenced local file holds, read through the project's file
//! gate: its length, an image's width and height from its header (so a
//! page keeps its layout while images load), and, for an SVG, anything in
//! it that could run script when a reader opens it from the site. Of any
//! other file only the first few kilobytes are read, to see whether it is
//! an image.

use std::io::{BufReader, Read};
use std::path::Path;

use super::Project;
use super::live_script::{self, Danger};
use crate::files::Refusal;

/// The facts about one file that the editions and the checks need.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssetFile {
    pub bytes: u64,
    /// Width and height in CSS pixels, when the file is an image whose
    /// header says so.
    pub dimensions: Option<(u32, u32)>,
    /// What could run script when the file is opened from the site.
    pub danger: Option<Danger>,
    /// The bitmaps an SVG links instead of holding, which no edition shows.
    pub linked_images: Vec<String>,
}

/// SVG files larger than this are not inspected for their size; they are
/// still checked for script.
const SVG_SIZE_LIMIT: u64 = 64 * 1024 * 1024;

impl Project {
    /// Reads what [`AssetFile`] needs from the project file at `relative`:
    /// its size as an image too, whatever refers to it, since one file may
    /// be both shown and linked to (only a header is read).
    pub fn examine_asset(&self, relative: &Path) -> Result<AssetFile, Refusal> {
        let file = self.files.open(relative)?;
        let bytes = file.len;
        let extension = relative
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if let Some(danger) = extension.as_deref().and_then(live_script::by_type) {
            return Ok(AssetFile {
                bytes,
                danger: Some(danger),
                ..AssetFile::default()
            });
        }
        match extension.as_deref() {
            Some("svg") => {
                let mut text = Vec::new();
                file.take(SVG_SIZE_LIMIT)
                    .read_to_end(&mut text)
                    .map_err(Refusal::Io)?;
                let text = String::from_utf8_lossy(&text);
                let linked_images = crate::model::svg::parse(&text)
                    .map(|svg| crate::model::svg::linked_images(&svg))
                    .unwrap_or_default();
                Ok(AssetFile {
                    bytes,
                    dimensions: svg_dimensions(&text.to_ascii_lowercase()),
                    danger: live_script::in_svg(&text),
                    linked_images: linked_images.into_iter().map(|i| i.href).collect(),
                })
            }
            // Compressed, so its text cannot be read for script here.
            Some("svgz") => Ok(AssetFile {
                bytes,
                danger: Some(live_script::compressed_svg()),
                ..AssetFile::default()
            }),
            _ => {
                let mut reader = BufReader::with_capacity(8 * 1024, file);
                let dimensions = imagesize::reader_size(&mut reader)
                    .ok()
                    .and_then(|size| {
                        Some((
                            u32::try_from(size.width).ok()?,
                            u32::try_from(size.height).ok()?,
                        ))
                    })
                    .filter(|&(w, h)| w > 0 && h > 0);
                Ok(AssetFile {
                    bytes,
                    dimensions,
                    ..AssetFile::default()
                })
            }
        }
    }
}

/// The size an SVG is drawn at by default: its root element's `width` and
/// `height` in pixels (a bare number or `px`; `pt`, `mm`, `cm` and `in`
/// converted), else its `viewBox`, one scaled to the other when only one
/// length is given. `None` for percentages and other relative lengths.
fn svg_dimensions(svg: &str) -> Option<(u32, u32)> {
    let start = svg.find("<svg")?;
    let end = start + svg[start..].find('>')?;
    let tag = &svg[start + 4..end];
    let view_box = attribute(tag, "viewbox").and_then(|value| {
        let numbers: Vec<f64> = value
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        match numbers[..] {
            [_, _, w, h] if w > 0.0 && h > 0.0 => Some((w, h)),
            _ => None,
        }
    });
    let width = attribute(tag, "width").and_then(pixels);
    let height = attribute(tag, "height").and_then(pixels);
    let (w, h) = match (width, height, view_box) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (None, None, Some(size)) => size,
        _ => return None,
    };
    let round = |v: f64| (0.5..1e6).contains(&v).then(|| v.round() as u32);
    Some((round(w)?, round(h)?))
}

/// The value of attribute `name` in the text of a tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let bytes = tag.as_bytes();
    for (at, _) in tag.match_indices(name) {
        let starts_name = at > 0 && bytes[at - 1].is_ascii_whitespace();
        let rest = tag[at + name.len()..].trim_start();
        let Some(rest) = rest.strip_prefix('=').filter(|_| starts_name) else {
            continue;
        };
        let rest = rest.trim_start();
        let quote = rest.chars().next()?;
        if quote != '"' && quote != '\'' {
            continue;
        }
        let value = &rest[1..];
        return value.find(quote).map(|close| value[..close].trim());
    }
    None
}

/// A length in CSS pixels.
fn pixels(length: &str) -> Option<f64> {
    let split = length
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(length.len());
    let (number, unit) = length.split_at(split);
    let number: f64 = number.parse().ok()?;
    let factor = match unit.trim() {
        "" | "px" => 1.0,
        "pt" => 96.0 / 72.0,
        "pc" => 16.0,
        "in" => 96.0,
        "cm" => 96.0 / 2.54,
        "mm" => 96.0 / 25.4,
        _ => return None,
    };
    Some(number * factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_svg_is_sized_by_its_lengths_or_its_view_box() {
        let sized = |tag: &str| svg_dimensions(&format!("<?xml version=\"1.0\"?>{tag}<g/></svg>"));
        assert_eq!(
            sized("<svg width=\"640\" height=\"480\">"),
            Some((640, 480))
        );
        assert_eq!(sized("<svg width='64px' height='4.5in'>"), Some((64, 432)));
        assert_eq!(sized("<svg viewbox=\"0 0 800 600\">"), Some((800, 600)));
        assert_eq!(
            sized("<svg width=\"400\" viewbox=\"0,0,800,600\">"),
            Some((400, 300))
        );
        assert_eq!(sized("<svg width=\"100%\" height=\"100%\">"), None);
        assert_eq!(
            sized("<svg stroke-width=\"2\" viewbox=\"0 0 10 5\">"),
            Some((10, 5))
        );
        assert_eq!(sized("<svg>"), None);
    }
}
