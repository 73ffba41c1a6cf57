//! The two parts that hold the briefing's words: `word/document.xml`
//! (the title block, the summary, the sections) and `word/footnotes.xml`
//! (each note, as Word numbers it from `[footnotes] start`).

use std::collections::HashMap;

use super::blocks::Place;
use super::writer::{Look, Para, Rels, Writer};
use crate::diagnostics::Span;
use crate::model::Block;

pub const NAMESPACES: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"";

/// The document part and its relationships.
pub fn body(writer: &mut Writer<'_>) -> (String, Rels) {
    writer.heading_marks = heading_marks(writer);
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document ");
    out.push_str(NAMESPACES);
    out.push_str("><w:body>");
    title_block(writer, &mut out);
    let doc = writer.input.doc;
    let sites = writer.input.sites;
    let metadata = sites.paths.first().map(|_| 0);
    writer.anchored_blocks(&doc.summary, &sites.summary, metadata, &mut out);
    for (index, section) in doc.sections.iter().enumerate() {
        let (file, starts) = match sites.sections.get(index) {
            Some((file, starts)) => (writer.file_number(*file), starts.as_slice()),
            None => (None, &[][..]),
        };
        writer.anchored_blocks(&section.blocks, starts, file, &mut out);
    }
    if let Some(bibliography) = &doc.bibliography {
        bibliography_list(writer, bibliography, &mut out);
    }
    section_properties(writer, &mut out);
    out.push_str("</w:body></w:document>");
    (out, std::mem::take(&mut writer.rels))
}

/// A bookmark name for each heading id, for links within the document:
/// letters, digits and `_` only, at most 40 characters, each unique.
fn heading_marks(writer: &Writer<'_>) -> HashMap<String, String> {
    let mut marks = HashMap::new();
    let mut taken = std::collections::HashSet::new();
    let ids = writer
        .input
        .doc
        .sections
        .iter()
        .flat_map(|s| s.blocks.iter())
        .chain(writer.input.doc.summary.iter())
        .filter_map(|block| match block {
            Block::Heading { id, .. } => Some(id),
            _ => None,
        });
    for id in ids {
        let base: String = std::iter::once('h')
            .chain(
                id.chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }),
            )
            .take(34)
            .collect();
        let mut name = base.clone();
        let mut n = 2;
        while !taken.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        marks.insert(id.clone(), name);
    }
    marks
}

/// Series, title, subtitle, publisher, authors, date, and the draft line,
/// as the page and the text print them. The title and subtitle are the
/// author's words, anchored at their values in `briefing.toml`; the other
/// lines are marked as made from their fields.
fn title_block(writer: &mut Writer<'_>, out: &mut String) {
    let meta = &writer.input.doc.meta;
    let field = |key: &str| {
        writer
            .input
            .sites
            .fields
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, span)| *span)
    };
    let series = meta.series.clone().map(|s| (s, field("series")));
    let title = (meta.title.clone(), field("title"));
    let subtitle = meta.subtitle.clone().map(|s| (s, field("subtitle")));
    let publisher = meta.publisher.clone().map(|p| (p, field("publisher")));
    let authors = (!meta.authors.is_empty()).then(|| {
        (
            writer.input.options.locale.join_names(&meta.authors),
            field("authors"),
        )
    });
    let date = (meta.date.text.clone(), field("date"));
    let draft = (meta.status == crate::model::Status::Draft)
        .then(|| writer.input.options.locale.terms.draft_line.clone());
    if let Some((text, span)) = series {
        generated_line(writer, "Subtitle", &text, span, out);
    }
    authored_line(writer, "Title", &title.0, title.1, out);
    if let Some((text, span)) = subtitle {
        authored_line(writer, "Subtitle", &text, span, out);
    }
    for (text, span) in [publisher, authors, Some(date)].into_iter().flatten() {
        generated_line(writer, "TitleBlock", &text, span, out);
    }
    if let Some(text) = draft {
        let at = writer
            .input
            .sites
            .paths
            .first()
            .map(|(file, _)| Span::file_start(*file));
        generated_line(writer, "TitleBlock", &text, at, out);
    }
}

/// A title block line of the author's words: anchored inside the quotes of
/// its value.
fn authored_line(
    writer: &mut Writer<'_>,
    style: &str,
    text: &str,
    span: Option<Span>,
    out: &mut String,
) {
    writer.anchor = span.and_then(|span| Some((writer.file_number(span.file)?, span.start + 1)));
    writer.open_paragraph(
        &Para {
            style,
            ..Para::default()
        },
        out,
    );
    writer.anchor = None;
    writer.run(text, Look::default(), out);
    out.push_str("</w:p>");
}

/// A title block line briefc made from a field.
fn generated_line(
    writer: &mut Writer<'_>,
    style: &str,
    text: &str,
    span: Option<Span>,
    out: &mut String,
) {
    writer.open_paragraph(
        &Para {
            style,
            ..Para::default()
        },
        out,
    );
    let mark = span.and_then(|span| writer.open_generated(span, out));
    writer.run(text, Look::default(), out);
    if let Some(id) = mark {
        Writer::close_bookmark(id, out);
    }
    out.push_str("</w:p>");
}

/// `[style] bibliography`: a heading, then each source in Word's
/// Bibliography style (a hanging indent).
fn bibliography_list(
    writer: &mut Writer<'_>,
    bibliography: &crate::model::Bibliography,
    out: &mut String,
) {
    writer.open_paragraph(
        &Para {
            style: "Heading1",
            keep_next: true,
            ..Para::default()
        },
        out,
    );
    writer.run(&bibliography.heading, Look::default(), out);
    out.push_str("</w:p>");
    for entry in &bibliography.entries {
        writer.open_paragraph(
            &Para {
                style: "Bibliography",
                ..Para::default()
            },
            out,
        );
        writer.inlines(entry, Look::default(), out);
        out.push_str("</w:p>");
    }
}

/// The page size (the PDF's paper), margins of an inch, and the notes'
/// first number.
fn section_properties(writer: &Writer<'_>, out: &mut String) {
    use std::fmt::Write;
    let (width, height) = match writer.input.options.pdf.paper {
        crate::options::Paper::A4 => (11_906, 16_838),
        crate::options::Paper::UsLetter => (12_240, 15_840),
    };
    let start = writer.input.options.footnote_start;
    let _ = write!(
        out,
        "<w:sectPr><w:footnotePr><w:numStart w:val=\"{start}\"/></w:footnotePr><w:pgSz w:w=\"{width}\" w:h=\"{height}\"/><w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/>{}</w:sectPr>",
        if writer.rtl { "<w:bidi/>" } else { "" }
    );
}

/// The footnotes part and its relationships: Word's two separators, then
/// every note, its paragraphs anchored at its definition.
pub fn footnotes(writer: &mut Writer<'_>) -> (String, Rels) {
    use std::fmt::Write;
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:footnotes ");
    out.push_str(NAMESPACES);
    out.push('>');
    out.push_str("<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>");
    let doc = writer.input.doc;
    for (index, note) in doc.notes.iter().enumerate() {
        let _ = write!(out, "<w:footnote w:id=\"{}\">", index + 1);
        let site = writer.input.sites.notes.get(index).copied().flatten();
        writer.anchor = site.and_then(|span| Some((writer.file_number(span.file)?, span.end)));
        let mut first = true;
        for block in &note.blocks {
            if first && matches!(block, Block::Paragraph(_) | Block::Plain(_)) {
                note_paragraph(writer, block, &mut out);
            } else {
                writer.blocks(
                    std::slice::from_ref(block),
                    Place {
                        style: "FootnoteText",
                        ..Place::default()
                    },
                    &mut out,
                );
            }
            first = false;
        }
        if note.blocks.is_empty() {
            note_paragraph(writer, &Block::Paragraph(Vec::new()), &mut out);
        }
        writer.anchor = None;
        out.push_str("</w:footnote>");
    }
    out.push_str("</w:footnotes>");
    (out, std::mem::take(&mut writer.rels))
}

/// A note's first paragraph, which begins with Word's own mark for the
/// note's number.
fn note_paragraph(writer: &mut Writer<'_>, block: &Block, out: &mut String) {
    let (Block::Paragraph(content) | Block::Plain(content)) = block else {
        return;
    };
    writer.open_paragraph(
        &Para {
            style: "FootnoteText",
            ..Para::default()
        },
        out,
    );
    out.push_str("<w:r>");
    writer.run_properties(
        Look {
            note_number: true,
            ..Look::default()
        },
        false,
        out,
    );
    out.push_str("<w:footnoteRef/></w:r>");
    writer.run(" ", Look::default(), out);
    writer.inlines(content, Look::default(), out);
    out.push_str("</w:p>");
}
