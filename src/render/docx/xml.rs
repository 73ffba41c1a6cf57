//! Text made safe for the XML of a Word document: `&`, `<`, `>` and
//! quotes escaped, and the characters XML 1.0 cannot hold at all (most
//! controls) left out, since Word refuses a file that holds one.

/// Whether XML 1.0 can hold `c`.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// Appends `text` escaped for an element's content.
pub fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
}

/// `text` escaped for an attribute value in double quotes.
pub fn attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_controls_cannot_reach_the_xml() {
        let mut out = String::new();
        push_text(&mut out, "a < b & \u{7}c\u{1b}[2J > \"d\"");
        assert_eq!(out, "a &lt; b &amp; c[2J &gt; \"d\"");
        assert_eq!(attribute("x\"y\nz"), "x&quot;y&#10;z");
    }
}
