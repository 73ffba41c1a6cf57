//! The Word document as a package: its parts (the body, the notes, the
//! styles, the numbering, the settings, the properties, the review
//! manifest, the images) with their content types and relationships, in
//! a zip whose entries carry a fixed date and come in a fixed order, so
//! that the same sources give the same bytes.

use std::fmt::Write;
use std::io::Write as _;

use super::marks::Manifest;
use super::writer::{Media, Rels};
use super::xml::{attribute, push_text};
use crate::model::Document;

/// Everything a package holds besides what is made here.
pub struct Parts {
    pub document: (String, Rels),
    pub footnotes: (String, Rels),
    pub styles: String,
    pub numbering: String,
    pub media: Vec<Media>,
    pub manifest: Manifest,
    pub footnote_start: u32,
}

const WORD: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// The zip of every part.
pub fn package(doc: &Document, parts: Parts) -> std::io::Result<Vec<u8>> {
    let Parts {
        document: (document, mut document_rels),
        footnotes: (footnotes, footnote_rels),
        styles,
        numbering,
        media,
        manifest,
        footnote_start,
    } = parts;
    for (kind, target) in [
        ("styles", "styles.xml"),
        ("settings", "settings.xml"),
        ("footnotes", "footnotes.xml"),
        ("numbering", "numbering.xml"),
        ("customXml", "../customXml/item1.xml"),
    ] {
        document_rels.add(kind, target.to_string(), false);
    }
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        (
            "[Content_Types].xml".into(),
            content_types(&media).into_bytes(),
        ),
        ("_rels/.rels".into(), PACKAGE_RELS.as_bytes().to_vec()),
        ("docProps/core.xml".into(), core(doc).into_bytes()),
        ("docProps/app.xml".into(), APP.as_bytes().to_vec()),
        ("word/document.xml".into(), document.into_bytes()),
        (
            "word/_rels/document.xml.rels".into(),
            document_rels.to_xml().into_bytes(),
        ),
        ("word/footnotes.xml".into(), footnotes.into_bytes()),
        (
            "word/_rels/footnotes.xml.rels".into(),
            footnote_rels.to_xml().into_bytes(),
        ),
        ("word/styles.xml".into(), styles.into_bytes()),
        ("word/numbering.xml".into(), numbering.into_bytes()),
        (
            "word/settings.xml".into(),
            settings(footnote_start).into_bytes(),
        ),
        ("customXml/item1.xml".into(), manifest.to_xml().into_bytes()),
        (
            "customXml/itemProps1.xml".into(),
            item_properties(&manifest.briefing).into_bytes(),
        ),
        (
            "customXml/_rels/item1.xml.rels".into(),
            ITEM_RELS.as_bytes().to_vec(),
        ),
    ];
    for Media { name, bytes } in media {
        entries.push((format!("word/media/{name}"), bytes));
    }
    zip(entries)
}

fn zip(entries: Vec<(String, Vec<u8>)>) -> std::io::Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // The DOS epoch: the same for every build.
    let date = zip::DateTime::default();
    for (name, bytes) in entries {
        // Images are compressed already.
        let (method, level) = if name.starts_with("word/media/") {
            (zip::CompressionMethod::Stored, None)
        } else {
            (zip::CompressionMethod::Deflated, Some(1))
        };
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(method)
            .compression_level(level)
            .last_modified_time(date)
            .unix_permissions(0o644);
        zip.start_file(name, options)
            .map_err(std::io::Error::other)?;
        zip.write_all(&bytes)?;
    }
    Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
}

const PACKAGE_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>";

const ITEM_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps\" Target=\"itemProps1.xml\"/></Relationships>";

const APP: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>briefc</Application></Properties>";

fn content_types(media: &[Media]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>",
    );
    let mut seen = Vec::new();
    for media in media {
        let extension = media.name.rsplit('.').next().unwrap_or("bin");
        if seen.contains(&extension) {
            continue;
        }
        seen.push(extension);
        let kind = match extension {
            "png" => "image/png",
            "jpg" | "jpeg" => "image/jpeg",
            "gif" => "image/gif",
            "svg" => "image/svg+xml",
            "webp" => "image/webp",
            "bmp" => "image/bmp",
            "tif" | "tiff" => "image/tiff",
            _ => "application/octet-stream",
        };
        let _ = write!(
            xml,
            "<Default Extension=\"{extension}\" ContentType=\"{kind}\"/>"
        );
    }
    for (part, kind) in [
        ("/word/document.xml", format!("{WORD}.document.main+xml")),
        ("/word/styles.xml", format!("{WORD}.styles+xml")),
        ("/word/settings.xml", format!("{WORD}.settings+xml")),
        ("/word/footnotes.xml", format!("{WORD}.footnotes+xml")),
        ("/word/numbering.xml", format!("{WORD}.numbering+xml")),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".to_string(),
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_string(),
        ),
        (
            "/customXml/itemProps1.xml",
            "application/vnd.openxmlformats-officedocument.customXmlProperties+xml".to_string(),
        ),
    ] {
        let _ = write!(
            xml,
            "<Override PartName=\"{part}\" ContentType=\"{kind}\"/>"
        );
    }
    xml.push_str("</Types>");
    xml
}

/// The document's properties: title, authors, language, and the
/// briefing's date as its dates (never the day it was built).
fn core(doc: &Document) -> String {
    let meta = &doc.meta;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>",
    );
    push_text(&mut xml, &meta.title);
    xml.push_str("</dc:title>");
    if let Some(subtitle) = &meta.subtitle {
        xml.push_str("<dc:subject>");
        push_text(&mut xml, subtitle);
        xml.push_str("</dc:subject>");
    }
    xml.push_str("<dc:creator>");
    push_text(&mut xml, &meta.authors.join("; "));
    xml.push_str("</dc:creator><dc:language>");
    push_text(&mut xml, &meta.language);
    let date = whole_date(&meta.date.iso);
    let _ = write!(
        xml,
        "</dc:language><dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}T00:00:00Z</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}T00:00:00Z</dcterms:modified></cp:coreProperties>"
    );
    xml
}

/// `2006`, `2006-06` or `2006-06-30` as a whole date.
fn whole_date(iso: &str) -> String {
    let mut parts = iso.split('-');
    let year = parts.next().unwrap_or("1970");
    let month = parts.next().unwrap_or("01");
    let day = parts.next().unwrap_or("01");
    format!("{year}-{month}-{day}")
}

fn settings(footnote_start: u32) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"doNotCompress\"/><w:footnotePr><w:numStart w:val=\"{footnote_start}\"/><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>"
    )
}

/// The custom XML part's properties, with an id made from the briefing's
/// id so that it is the same on every build.
fn item_properties(briefing: &str) -> String {
    let hash = super::marks::text_hash(briefing.as_bytes());
    let id = format!(
        "{{{}-{}-4{}-8{}-{}}}",
        &hash[..8],
        &hash[8..12],
        &hash[13..16],
        &hash[1..4],
        &hash[4..16],
    )
    .to_uppercase();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<ds:datastoreItem ds:itemID=\"{}\" xmlns:ds=\"http://schemas.openxmlformats.org/officeDocument/2006/customXml\"><ds:schemaRefs><ds:schemaRef ds:uri=\"{}\"/></ds:schemaRefs></ds:datastoreItem>",
        attribute(&id),
        super::marks::NAMESPACE
    )
}
