//! The images an SVG holds. Drawing programs either embed a bitmap
//! (`href="data:image/png;base64,..."`) or, as Inkscape does by default,
//! link a file beside the drawing (`xlink:href="photo.png"`). A browser
//! showing the SVG as an image loads no linked file, and neither does the
//! PDF: a linked bitmap is left out of both, and said so. An embedded one
//! is decoded when the PDF is made, so its size counts toward the PDF's
//! limits.

use std::ops::Range;

use base64::Engine;

/// An `<image>` element of an SVG, where its address is not embedded data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedImage {
    /// The address as written.
    pub href: String,
    /// The element's bytes in the SVG's text.
    pub range: Range<usize>,
}

/// The SVG's text parsed as a browser would (entities of its document
/// type expanded); `None` when it is not well-formed.
pub fn parse(text: &str) -> Option<roxmltree::Document<'_>> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options).ok()
}

/// Every `<image>` element's address (`href`, or the older `xlink:href`).
fn image_addresses<'a>(
    document: &'a roxmltree::Document<'a>,
) -> impl Iterator<Item = (roxmltree::Node<'a, 'a>, &'a str)> {
    document
        .descendants()
        .filter(|node| node.is_element() && node.tag_name().name() == "image")
        .filter_map(|node| {
            let href = node
                .attributes()
                .find(|a| a.name() == "href")
                .map(|a| a.value())?;
            Some((node, href))
        })
}

/// The bitmaps the SVG links instead of holding.
pub fn linked_images(document: &roxmltree::Document<'_>) -> Vec<LinkedImage> {
    image_addresses(document)
        .filter(|(_, href)| !is_data(href))
        .map(|(node, href)| LinkedImage {
            href: href.trim().to_string(),
            range: node.range(),
        })
        .collect()
}

/// The width and height in pixels that each embedded bitmap's header
/// claims; a bitmap whose header cannot be read counts as none.
pub fn embedded_sizes(document: &roxmltree::Document<'_>) -> Vec<(u64, u64)> {
    image_addresses(document)
        .filter(|(_, href)| is_data(href))
        .filter_map(|(_, href)| embedded_size(href))
        .collect()
}

fn is_data(href: &str) -> bool {
    href.trim_start()
        .get(..5)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("data:"))
}

/// The size a `data:` address's bitmap claims in its header, read from
/// the first bytes only.
fn embedded_size(href: &str) -> Option<(u64, u64)> {
    let (kind, data) = href.trim_start().split_once(',')?;
    let head: Vec<u8> = if kind.to_ascii_lowercase().ends_with(";base64") {
        // Enough for any header imagesize reads, in whole groups of four.
        let text: String = data
            .chars()
            .filter(|c| !c.is_whitespace())
            .take(4096)
            .collect();
        let whole = text.len() / 4 * 4;
        base64::engine::general_purpose::STANDARD
            .decode(&text[..whole])
            .ok()?
    } else {
        data.bytes().take(3072).collect()
    };
    let size = imagesize::blob_size(&head).ok()?;
    Some((size.width as u64, size.height as u64))
}

/// The SVG's text without its linked images, so that the PDF draws the
/// rest as a browser does.
pub fn without_linked_images(text: &str, linked: &[LinkedImage]) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut from = 0;
    for image in linked {
        if image.range.start < from || image.range.end > text.len() {
            continue;
        }
        kept.push_str(&text[from..image.range.start]);
        from = image.range.end;
    }
    kept.push_str(&text[from..]);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    const INKSCAPE: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"10\" height=\"10\"><rect width=\"4\" height=\"4\"/><image xlink:href=\"photo.png\" width=\"10\" height=\"10\"/><image href=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==\"/></svg>";

    #[test]
    fn a_linked_bitmap_is_found_and_taken_out() {
        let document = parse(INKSCAPE).unwrap();
        let linked = linked_images(&document);
        assert_eq!(linked.len(), 1);
        assert_eq!(linked[0].href, "photo.png");
        let kept = without_linked_images(INKSCAPE, &linked);
        assert!(!kept.contains("photo.png"), "{kept}");
        assert!(kept.contains("<rect") && kept.contains("data:image/png"));
        assert!(linked_images(&parse(&kept).unwrap()).is_empty());
    }

    #[test]
    fn an_embedded_bitmap_is_sized_by_its_header() {
        let document = parse(INKSCAPE).unwrap();
        assert_eq!(embedded_sizes(&document), [(1, 1)]);
    }
}
