//! `word/styles.xml`: Word's own built-in styles, by the names Word knows
//! them by (`heading 1`, `footnote text`, `List Bullet`), so that an
//! editor's Word treats the document as one of its own: the navigation
//! pane shows the headings, the footnotes look like footnotes. Two of
//! briefc's own: the lines of the title block, and code.

use std::fmt::Write;

/// A paragraph style: id, name, based on, next, paragraph and run
/// properties.
type ParagraphStyle = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const PARAGRAPH_STYLES: &[ParagraphStyle] = &[
    (
        "Title",
        "Title",
        "Normal",
        "Normal",
        "<w:spacing w:after=\"120\"/><w:outlineLvl w:val=\"9\"/>",
        "<w:b/><w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/>",
    ),
    (
        "Subtitle",
        "Subtitle",
        "Normal",
        "Normal",
        "<w:spacing w:after=\"120\"/>",
        "<w:sz w:val=\"30\"/><w:szCs w:val=\"30\"/>",
    ),
    (
        "TitleBlock",
        "Title Block",
        "Normal",
        "TitleBlock",
        "<w:spacing w:after=\"40\"/>",
        "<w:color w:val=\"404040\"/>",
    ),
    (
        "Heading1",
        "heading 1",
        "Normal",
        "Normal",
        "<w:keepNext/><w:keepLines/><w:spacing w:before=\"360\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/>",
        "<w:b/><w:bCs/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>",
    ),
    (
        "Heading2",
        "heading 2",
        "Normal",
        "Normal",
        "<w:keepNext/><w:keepLines/><w:spacing w:before=\"240\" w:after=\"80\"/><w:outlineLvl w:val=\"1\"/>",
        "<w:b/><w:bCs/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>",
    ),
    (
        "Heading3",
        "heading 3",
        "Normal",
        "Normal",
        "<w:keepNext/><w:keepLines/><w:spacing w:before=\"200\" w:after=\"60\"/><w:outlineLvl w:val=\"2\"/>",
        "<w:b/><w:bCs/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/>",
    ),
    (
        "Heading4",
        "heading 4",
        "Normal",
        "Normal",
        "<w:keepNext/><w:keepLines/><w:spacing w:before=\"200\" w:after=\"40\"/><w:outlineLvl w:val=\"3\"/>",
        "<w:b/><w:bCs/><w:i/><w:iCs/>",
    ),
    (
        "Heading5",
        "heading 5",
        "Normal",
        "Normal",
        "<w:keepNext/><w:keepLines/><w:spacing w:before=\"160\" w:after=\"40\"/><w:outlineLvl w:val=\"4\"/>",
        "<w:i/><w:iCs/>",
    ),
    (
        "Heading6",
        "heading 6",
        "Normal",
        "Normal",
        "<w:keepNext/><w:keepLines/><w:spacing w:before=\"160\" w:after=\"40\"/><w:outlineLvl w:val=\"5\"/>",
        "<w:i/><w:iCs/>",
    ),
    (
        "Quote",
        "Quote",
        "Normal",
        "Normal",
        "<w:ind w:left=\"720\" w:right=\"720\"/>",
        "<w:i/><w:iCs/>",
    ),
    (
        "ListBullet",
        "List Bullet",
        "Normal",
        "ListBullet",
        "<w:numPr><w:numId w:val=\"1\"/></w:numPr><w:spacing w:after=\"60\"/>",
        "",
    ),
    (
        "ListNumber",
        "List Number",
        "Normal",
        "ListNumber",
        "<w:spacing w:after=\"60\"/>",
        "",
    ),
    (
        "Compact",
        "Compact",
        "Normal",
        "Compact",
        "<w:spacing w:before=\"0\" w:after=\"0\"/>",
        "",
    ),
    (
        "SourceCode",
        "Source Code",
        "Normal",
        "SourceCode",
        "<w:spacing w:after=\"120\" w:line=\"240\" w:lineRule=\"auto\"/>",
        "<w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\" w:cs=\"Courier New\"/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/>",
    ),
    (
        "Caption",
        "caption",
        "Normal",
        "Normal",
        "<w:spacing w:after=\"200\"/>",
        "<w:i/><w:iCs/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/>",
    ),
    (
        "FootnoteText",
        "footnote text",
        "Normal",
        "FootnoteText",
        "<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>",
        "<w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/>",
    ),
];

/// Word's Bibliography style, with a hanging indent, for the list of
/// sources (`[style] bibliography`); only a document that has one holds
/// it.
const BIBLIOGRAPHY_STYLE: &str = "<w:style w:type=\"paragraph\" w:styleId=\"Bibliography\"><w:name w:val=\"Bibliography\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Bibliography\"/><w:qFormat/><w:pPr><w:ind w:left=\"720\" w:hanging=\"720\"/></w:pPr></w:style>";

/// `styles.xml` for a document whose runs default to `language`, with the
/// Bibliography style when it has a list of sources.
pub fn styles(language: &str, rtl: bool, bibliography: bool) -> String {
    let language = super::xml::attribute(language);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"SimSun\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/><w:lang w:val=\"{}\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"160\" w:line=\"264\" w:lineRule=\"auto\"/>{}</w:pPr></w:pPrDefault></w:docDefaults>",
        if rtl { "en-US" } else { &language },
        if rtl { "<w:bidi/>" } else { "" }
    );
    xml.push_str("<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>");
    for (id, name, based, next, paragraph, run) in PARAGRAPH_STYLES {
        let _ = write!(
            xml,
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"{based}\"/><w:next w:val=\"{next}\"/><w:qFormat/><w:pPr>{paragraph}</w:pPr><w:rPr>{run}</w:rPr></w:style>"
        );
    }
    if bibliography {
        xml.push_str(BIBLIOGRAPHY_STYLE);
    }
    xml.push_str("<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>");
    xml.push_str("<w:style w:type=\"character\" w:styleId=\"FootnoteReference\"><w:name w:val=\"footnote reference\"/><w:basedOn w:val=\"DefaultParagraphFont\"/><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr></w:style>");
    xml.push_str("<w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/><w:basedOn w:val=\"DefaultParagraphFont\"/><w:rPr><w:color w:val=\"0563C1\"/><w:u w:val=\"single\"/></w:rPr></w:style>");
    xml.push_str("<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>");
    xml.push_str("<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:basedOn w:val=\"TableNormal\"/><w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/></w:tblBorders></w:tblPr></w:style>");
    xml.push_str("</w:styles>");
    xml
}

/// `numbering.xml`: bullets (instance 1), and one decimal instance per
/// ordered list, each counting from that list's start at its level.
pub fn numbering(ordered: &[(u64, usize)]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    );
    for (abstract_id, ordered) in [(0, false), (1, true)] {
        let _ = write!(
            xml,
            "<w:abstractNum w:abstractNumId=\"{abstract_id}\"><w:multiLevelType w:val=\"hybridMultilevel\"/>"
        );
        for level in 0..9 {
            let indent = 720 * (level + 1);
            let (format, text) = if ordered {
                ("decimal", format!("%{}.", level + 1))
            } else {
                (
                    "bullet",
                    ["\u{2022}", "\u{25E6}", "\u{25AA}"][level % 3].to_string(),
                )
            };
            let _ = write!(
                xml,
                "<w:lvl w:ilvl=\"{level}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{format}\"/><w:lvlText w:val=\"{text}\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{indent}\" w:hanging=\"360\"/></w:pPr></w:lvl>"
            );
        }
        xml.push_str("</w:abstractNum>");
    }
    xml.push_str("<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>");
    for (index, (start, level)) in ordered.iter().enumerate() {
        let _ = write!(
            xml,
            "<w:num w:numId=\"{}\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"{level}\"><w:startOverride w:val=\"{start}\"/></w:lvlOverride></w:num>",
            index + 2
        );
    }
    xml.push_str("</w:numbering>");
    xml
}
