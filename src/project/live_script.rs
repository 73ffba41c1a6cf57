//! What in a file published beside the page could run script when a
//! reader opens it from the site, in the site's origin: a page of HTML
//! (or XHTML, or XML with a style sheet) always could, so it is never
//! published; an SVG could through a `<script>`, an event handler or a
//! `javascript:` address, which are looked for in the document a browser
//! would read: the XML parsed, character references decoded and the
//! entities of its document type expanded.

/// What could run script, and how to put it right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Danger {
    /// What the file holds: `an event handler (`onload=`)`.
    pub found: String,
    pub help: &'static str,
}

/// File types a browser opens as a page, which runs whatever script it
/// holds: never published beside a briefing.
const PAGE_TYPES: &[&str] = &[
    "html", "htm", "xhtml", "xht", "shtml", "mht", "mhtml", "xml", "xsl", "xslt",
];

const PAGE_HELP: &str = "briefc publishes no page it did not make: attach the page as a PDF, \
                         or in a .zip archive";

const SVG_HELP: &str = "export the drawing again without scripts or event handlers (a plain SVG, \
                        or a PNG)";

/// Elements that run script, or (SVG Tiny) attach handlers to events.
const SCRIPT_ELEMENTS: &[&str] = &["script", "handler", "listener"];

/// The danger of a file by its type alone: a page of HTML or XML.
pub fn by_type(extension: &str) -> Option<Danger> {
    PAGE_TYPES.contains(&extension).then(|| Danger {
        found: format!(
            "a page of {} that would run its own scripts",
            extension.to_uppercase()
        ),
        help: PAGE_HELP,
    })
}

/// A compressed SVG, whose text cannot be read here.
pub fn compressed_svg() -> Danger {
    Danger {
        found: "compressed SVG text, which briefc cannot inspect".to_string(),
        help: SVG_HELP,
    }
}

/// The first thing in an SVG's text that could run script, as a browser
/// reads the document; a text that is not well-formed XML cannot be
/// checked and is refused too.
pub fn in_svg(text: &str) -> Option<Danger> {
    let danger = |found: String| {
        Some(Danger {
            found,
            help: SVG_HELP,
        })
    };
    if let Some(found) = unreadable_entity(text) {
        return danger(found);
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document = match roxmltree::Document::parse_with_options(text, options) {
        Ok(document) => document,
        Err(error) => {
            return danger(format!("text that is not well-formed XML ({error})"));
        }
    };
    for node in document.descendants() {
        if node.is_pi() && node.pi().is_some_and(|pi| pi.target == "xml-stylesheet") {
            return danger("a style sheet instruction, which can bring script with it".into());
        }
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name().to_ascii_lowercase();
        if SCRIPT_ELEMENTS.contains(&name.as_str()) {
            return danger(format!("a <{name}> element"));
        }
        for attribute in node.attributes() {
            let key = attribute.name().to_ascii_lowercase();
            let value = attribute.value();
            if key.len() > 2 && key.starts_with("on") {
                return danger(format!("an event handler (`{key}=`)"));
            }
            // An animation that sets an event handler or an address.
            if key == "attributename" && value.trim().to_ascii_lowercase().starts_with("on") {
                return danger(format!(
                    "an animation of an event handler (`{}`)",
                    value.trim()
                ));
            }
            if let Some(scheme) = script_scheme(value) {
                return danger(format!("a `{scheme}:` address"));
            }
        }
    }
    None
}

/// An entity of the document type that briefc does not read exactly as a
/// browser does: one whose text holds markup or references (a browser
/// parses `&#60;script&#62;` there as an element), a parameter entity, or
/// one read from elsewhere (`SYSTEM`, `PUBLIC`). The entities drawing
/// programs declare (Illustrator's namespaces) are plain text and pass.
fn unreadable_entity(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(at) = rest.find("<!ENTITY") {
        rest = &rest[at + "<!ENTITY".len()..];
        let declaration = rest.trim_start();
        if declaration.starts_with('%') {
            return Some("a parameter entity in its document type".to_string());
        }
        let after_name = declaration
            .trim_start_matches(|c: char| !c.is_whitespace())
            .trim_start();
        let Some(quote) = after_name
            .chars()
            .next()
            .filter(|q| matches!(q, '"' | '\''))
        else {
            return Some("an entity read from outside the file".to_string());
        };
        let value = &after_name[1..];
        let value = &value[..value.find(quote).unwrap_or(value.len())];
        if value.contains(['<', '&']) {
            return Some("an entity that holds markup, which could hide script".to_string());
        }
    }
    None
}

/// A scheme that runs script or carries a page, however the address is
/// written; an image embedded as `data:image/...` is no page.
fn script_scheme(value: &str) -> Option<&'static str> {
    // An animation's `values` lists several addresses.
    value.split(';').find_map(|part| {
        let scheme = crate::model::unsafe_scheme(part)?;
        let squeezed: String = part
            .chars()
            .filter(|c| *c > ' ' && *c != '\u{7f}')
            .collect::<String>()
            .to_ascii_lowercase();
        match scheme {
            "data"
                if squeezed.starts_with("data:image/")
                    && !squeezed.starts_with("data:image/svg") =>
            {
                None
            }
            "file" => None,
            scheme => Some(scheme),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(svg: &str) -> Option<String> {
        in_svg(svg).map(|d| d.found)
    }

    #[test]
    fn a_plain_drawing_passes() {
        let illustrator = "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\" [\n<!ENTITY ns_svg \"http://www.w3.org/2000/svg\">\n<!ENTITY ns_xlink \"http://www.w3.org/1999/xlink\">\n]><svg xmlns=\"&ns_svg;\" xmlns:xlink=\"&ns_xlink;\"><rect width=\"1\" height=\"1\"/></svg>";
        assert_eq!(found(illustrator), None);
        let plain = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><path d=\"m0 0\" fill=\"none\"/><text>Donetsk, Luhansk</text><image xlink:href=\"data:image/png;base64,iVBORw0KGgo=\"/><a href=\"https://www.un.org/\">UN</a></svg>";
        assert_eq!(found(plain), None);
    }

    #[test]
    fn script_is_found_however_the_document_hides_it() {
        for (svg, what) in [
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
                "a <script> element",
            ),
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><SCRIPT>x</SCRIPT></svg>",
                "a <script> element",
            ),
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:s=\"http://www.w3.org/2000/svg\"><s:script/></svg>",
                "a <script> element",
            ),
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\" onload = \"x()\"/>",
                "an event handler (`onload=`)",
            ),
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"&#106;avascript:alert(1)\">x</a></svg>",
                "a `javascript:` address",
            ),
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"&#x6A;ava&#x09;script:alert(1)\">x</a></svg>",
                "a `javascript:` address",
            ),
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><a xlink:href=\" javascript:x()\">x</a></svg>",
                "a `javascript:` address",
            ),
            (
                "<!DOCTYPE svg [<!ENTITY x \"&#60;script&#62;alert(1)&#60;/script&#62;\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&x;</svg>",
                "an entity that holds markup, which could hide script",
            ),
            (
                "<!DOCTYPE svg [<!ENTITY x '<script>alert(1)</script>'>]><svg xmlns=\"http://www.w3.org/2000/svg\">&x;</svg>",
                "an entity that holds markup, which could hide script",
            ),
            (
                "<!DOCTYPE svg [<!ENTITY % p \"x\">]><svg xmlns=\"http://www.w3.org/2000/svg\"/>",
                "a parameter entity in its document type",
            ),
            (
                "<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&x;</svg>",
                "an entity read from outside the file",
            ),
            (
                "<!DOCTYPE svg [<!ENTITY j \"javascript\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"&j;:x()\">x</a></svg>",
                "a `javascript:` address",
            ),
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><a><set attributeName=\"href\" to=\"javascript:x()\"/></a></svg>",
                "a `javascript:` address",
            ),
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><animate attributeName=\"onclick\" values=\"x\"/></svg>",
                "an animation of an event handler (`onclick`)",
            ),
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><a><animate attributeName=\"href\" values=\"#a;javascript:x()\"/></a></svg>",
                "a `javascript:` address",
            ),
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"data:text/html,&lt;script&gt;x&lt;/script&gt;\">x</a></svg>",
                "a `data:` address",
            ),
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"data:image/svg+xml,&lt;svg/&gt;\"/></svg>",
                "a `data:` address",
            ),
            (
                "<?xml-stylesheet type=\"text/xsl\" href=\"x.xsl\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>",
                "a style sheet instruction, which can bring script with it",
            ),
        ] {
            assert_eq!(found(svg).as_deref(), Some(what), "{svg}");
        }
    }

    #[test]
    fn a_text_that_is_not_xml_cannot_be_checked() {
        let text = found("<svg><script>").unwrap();
        assert!(
            text.starts_with("text that is not well-formed XML"),
            "{text}"
        );
    }

    #[test]
    fn a_page_is_never_published() {
        assert!(by_type("html").is_some() && by_type("xhtml").is_some());
        assert!(by_type("pdf").is_none() && by_type("svg").is_none());
    }
}
