//! HTML comments, which authors use for notes to their editors: they are
//! taken out of every output, wherever they stand, and what surrounds them
//! stays.

use std::borrow::Cow;

/// `html` without its comments. A comment runs from `<!--` to the next
/// `-->`; `<!-->` and `<!--->` are empty comments, as HTML has it, and an
/// unclosed one runs to the end.
pub fn strip(html: &str) -> Cow<'_, str> {
    let Some(first) = html.find("<!--") else {
        return Cow::Borrowed(html);
    };
    let mut out = String::with_capacity(html.len());
    out.push_str(&html[..first]);
    let mut rest = &html[first..];
    while let Some(open) = rest.find("<!--") {
        out.push_str(&rest[..open]);
        let body = &rest[open + 4..];
        let end = if body.starts_with('>') {
            1
        } else if body.starts_with("->") {
            2
        } else {
            match body.find("-->") {
                Some(close) => close + 3,
                None => body.len(),
            }
        };
        rest = &body[end..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::strip;

    #[test]
    fn comments_go_and_the_text_around_them_stays() {
        assert_eq!(strip("<!-- a --> Visible <!-- b -->"), " Visible ");
        assert_eq!(
            strip("<div>\n<!-- internal note: do not publish -->\n</div>"),
            "<div>\n\n</div>"
        );
        assert_eq!(strip("a<!---->b<!-->c<!--->d"), "abcd");
        assert_eq!(strip("kept <!-- never closed"), "kept ");
        assert_eq!(strip("<p>no comment</p>"), "<p>no comment</p>");
    }
}
