//! Citation syntax: `[@key]`, `[@key, p. 12]`, `[see @a, p. 3; @b]`.
//! Only a bracket whose every item names a key is a citation; a bare
//! `@name` or an e-mail address is ordinary text.

use std::ops::Range;

use crate::diagnostics::Span;

/// One cited source within a bracket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteItem {
    /// Words before the key, such as `see`; empty for none.
    pub prefix: String,
    pub key: String,
    pub key_span: Span,
    pub locator: Option<String>,
}

/// A bracketed citation.
#[derive(Debug, Clone)]
pub struct Citation {
    pub items: Vec<CiteItem>,
    pub span: Span,
    /// Written in a footnote definition (formatted in place) rather than in
    /// body text (where it becomes a footnote of its own).
    pub in_note: bool,
}

/// An item as found in text: offsets are relative to that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawItem {
    pub prefix: String,
    pub key: String,
    pub key_range: Range<usize>,
    pub locator: Option<String>,
}

fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || "_-.:/#".contains(c)
}

/// Every citation in `text`: the bracket's byte range and its items.
pub fn find(text: &str) -> Vec<(Range<usize>, Vec<RawItem>)> {
    let mut found = Vec::new();
    let mut from = 0;
    let bytes = text.as_bytes();
    while let Some(open) = memchr::memchr(b'[', &bytes[from..]).map(|i| i + from) {
        let Some(close) = memchr::memchr(b']', &bytes[open + 1..]).map(|i| i + open + 1) else {
            break;
        };
        let inner = &text[open + 1..close];
        if inner.contains('[') {
            from = open + 1;
            continue;
        }
        match parse_items(inner, open + 1) {
            Some(items) => {
                found.push((open..close + 1, items));
                from = close + 1;
            }
            None => from = open + 1,
        }
    }
    found
}

fn parse_items(inner: &str, offset: usize) -> Option<Vec<RawItem>> {
    if !inner.contains('@') {
        return None;
    }
    let mut items = Vec::new();
    let mut start = 0;
    for part in inner.split(';') {
        items.push(parse_item(part, offset + start)?);
        start += part.len() + 1;
    }
    Some(items)
}

fn parse_item(part: &str, offset: usize) -> Option<RawItem> {
    // The key's `@` starts the item or follows a space: `a@b.org` is not one.
    let at = part
        .char_indices()
        .find(|&(i, c)| {
            c == '@' && (part[..i].trim().is_empty() || part[..i].ends_with(char::is_whitespace))
        })
        .map(|(i, _)| i)?;
    let prefix = part[..at].trim().to_string();
    let after = &part[at + 1..];
    let mut key_len = after.find(|c: char| !is_key_char(c)).unwrap_or(after.len());
    // A key does not end in punctuation: `[@a.]` cites `a`.
    while key_len > 0 && !after[..key_len].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
        key_len -= after[..key_len].chars().last().map_or(1, char::len_utf8);
    }
    if key_len == 0 {
        return None;
    }
    let key = &after[..key_len];
    let rest = after[key_len..].trim();
    let locator = if rest.is_empty() {
        None
    } else {
        let locator = rest.strip_prefix(',')?.trim();
        if locator.is_empty() {
            return None;
        }
        Some(locator.to_string())
    };
    let key_start = offset + at + 1;
    Some(RawItem {
        prefix,
        key: key.to_string(),
        key_range: key_start..key_start + key_len,
        locator,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<Vec<String>> {
        find(text)
            .into_iter()
            .map(|(_, items)| items.into_iter().map(|i| i.key).collect())
            .collect()
    }

    #[test]
    fn finds_brackets_with_keys_prefixes_and_locators() {
        let text = "As shown [see @hrw-bullets, pp. 72-76; @hrw-burying; @un:A/61/259, para. 4].";
        let found = find(text);
        assert_eq!(found.len(), 1);
        let (range, items) = &found[0];
        assert_eq!(
            &text[range.clone()],
            "[see @hrw-bullets, pp. 72-76; @hrw-burying; @un:A/61/259, para. 4]"
        );
        assert_eq!(items[0].prefix, "see");
        assert_eq!(items[0].locator.as_deref(), Some("pp. 72-76"));
        assert_eq!(&text[items[0].key_range.clone()], "hrw-bullets");
        assert_eq!(items[2].key, "un:A/61/259");
        assert_eq!(&text[items[2].key_range.clone()], "un:A/61/259");
    }

    #[test]
    fn bare_names_emails_and_urls_are_not_citations() {
        assert!(keys("write to @press or press@hrw.org").is_empty());
        assert!(keys("[mail press@hrw.org]").is_empty());
        assert!(keys("[https://example.org/@user]").is_empty());
        assert!(keys("[see the note]").is_empty());
        assert!(keys("[@a; not a key]").is_empty());
    }

    #[test]
    fn punctuation_inside_a_key_is_kept_and_never_ends_it() {
        assert_eq!(keys("[@doc.v2, 3]"), [["doc.v2"]]);
        assert!(
            keys("[@report.]").is_empty(),
            "a key cannot end in a full stop"
        );
        assert_eq!(keys("[@a] and [@b, 12]"), [["a"], ["b"]]);
    }
}
