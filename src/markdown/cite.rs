//! Citation syntax: `[@key]`, `[@key, p. 12]`, `[see @a, p. 3; @b]`.
//! Only a bracket whose every item names a key is a citation; a bare
//! `@name` or an e-mail address is ordinary text.

use std::ops::Range;

use crate::diagnostics::{Span, is_hidden};

/// One cited source within a bracket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteItem {
    /// Words before the key, such as `see`; empty for none.
    pub prefix: String,
    /// `[-@key]`, as in pandoc: the author is left out (the sentence has
    /// just named them).
    pub suppress_author: bool,
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
    pub suppress_author: bool,
    pub key: String,
    pub key_range: Range<usize>,
    pub locator: Option<String>,
}

fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || "_-.:/#".contains(c)
}

/// What a bracket holding an `@` turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Citation(Vec<RawItem>),
    /// It looks like a citation but is not one: what is wrong, and the
    /// bracket written as a citation when that can be worked out.
    NearMiss {
        problem: String,
        fix: Option<String>,
    },
}

/// Every citation in `text`: the bracket's byte range and its items.
pub fn find(text: &str) -> Vec<(Range<usize>, Vec<RawItem>)> {
    scan(text)
        .into_iter()
        .filter_map(|(range, found)| match found {
            Found::Citation(items) => Some((range, items)),
            Found::NearMiss { .. } => None,
        })
        .collect()
}

/// Every citation in `text`, and every bracket that looks like one but
/// does not parse (`[@hrw p. 12]`, `[@ hrw]`), so that it is reported
/// rather than printed as it stands.
pub fn scan(text: &str) -> Vec<(Range<usize>, Found)> {
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
                found.push((open..close + 1, Found::Citation(items)));
                from = close + 1;
            }
            None if looks_like_citation(inner) => {
                let after = &text[close + 1..];
                found.push((open..close + 1, near_miss(inner, after)));
                from = close + 1;
            }
            None => from = open + 1,
        }
    }
    found
}

/// An `@` that starts an item, or follows a space within one (after a `-`
/// that leaves the author out, or not): what a citation has and an e-mail
/// address or a URL does not.
fn key_at(part: &str) -> Option<usize> {
    let starts_item =
        |before: &str| before.trim().is_empty() || before.ends_with(char::is_whitespace);
    part.char_indices()
        .find(|&(i, c)| {
            c == '@'
                && (starts_item(&part[..i]) || part[..i].strip_suffix('-').is_some_and(starts_item))
        })
        .map(|(i, _)| i)
}

fn looks_like_citation(inner: &str) -> bool {
    inner.split(';').any(|part| key_at(part).is_some())
}

/// Says what is wrong with a bracket that looks like a citation, and
/// writes it as one where the intent is clear.
fn near_miss(inner: &str, after: &str) -> Found {
    let mut problems = Vec::new();
    let mut parts = Vec::new();
    let mut moved = String::new();
    let count = inner.split(';').count();
    for (index, part) in inner.split(';').enumerate() {
        let Some(at) = key_at(part) else {
            problems.push(format!(
                "`{}` names no source: every item of a citation starts with @key",
                part.trim()
            ));
            parts.push(None);
            continue;
        };
        let prefix = part[..at].trim();
        let mut after_at = &part[at + 1..];
        if after_at.starts_with(char::is_whitespace) {
            problems.push("a space stands between `@` and the key".to_string());
            after_at = after_at.trim_start();
        }
        let key_end = after_at
            .find(|c: char| !is_key_char(c) && !is_hidden(c))
            .unwrap_or(after_at.len());
        let written = &after_at[..key_end];
        let mut key: String = written.chars().filter(|&c| !is_hidden(c)).collect();
        if let Some(c) = written.chars().find(|&c| is_hidden(c)) {
            problems.push(format!(
                "the key holds an invisible character, U+{:04X}",
                c as u32
            ));
        }
        let rest = after_at[key_end..].trim();
        let trailing: String = key
            .chars()
            .rev()
            .take_while(|&c| !(c.is_alphanumeric() || c == '_'))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if !trailing.is_empty() {
            key.truncate(key.len() - trailing.len());
            problems.push(format!("a key cannot end in `{trailing}`"));
            if rest.is_empty() && index + 1 == count && !after.starts_with(trailing.as_str()) {
                moved = trailing;
            }
        }
        let locator = match rest.strip_prefix(',') {
            Some(locator) if locator.trim().is_empty() => {
                problems.push("a comma with no locator after it".to_string());
                None
            }
            Some(locator) => Some(locator.trim()),
            None if rest.is_empty() => None,
            None => {
                problems.push(format!("a comma must stand between the key and `{rest}`"));
                Some(rest)
            }
        };
        if key.is_empty() {
            parts.push(None);
            continue;
        }
        let mut item = String::new();
        if !prefix.is_empty() {
            item.push_str(prefix);
            item.push(' ');
        }
        item.push('@');
        item.push_str(&key);
        if let Some(locator) = locator {
            item.push_str(", ");
            item.push_str(locator);
        }
        parts.push(Some(item));
    }
    let fix = parts
        .into_iter()
        .collect::<Option<Vec<String>>>()
        .map(|items| format!("[{}]{moved}", items.join("; ")))
        .filter(|fix| {
            let inner = &fix[1..fix.rfind(']').unwrap_or(fix.len())];
            parse_items(inner, 0).is_some()
        });
    if problems.is_empty() {
        problems.push("it does not parse as [@key] or [@key, locator]".to_string());
    }
    Found::NearMiss {
        problem: problems.join("; "),
        fix,
    }
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
    let at = key_at(part)?;
    let (before, suppress_author) = match part[..at].strip_suffix('-') {
        Some(before) => (before, true),
        None => (&part[..at], false),
    };
    let prefix = before.trim().to_string();
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
        suppress_author,
        key: key.to_string(),
        key_range: key_start..key_start + key_len,
        locator,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(text: &str) -> Option<String> {
        match scan(text).into_iter().next() {
            Some((_, Found::NearMiss { fix, .. })) => fix,
            other => panic!("{text:?}: not a near miss: {other:?}"),
        }
    }

    #[test]
    fn near_misses_are_found_with_their_fix() {
        assert_eq!(fix("[@hrw p. 12]").as_deref(), Some("[@hrw, p. 12]"));
        assert_eq!(fix("[@hrw.]").as_deref(), Some("[@hrw]."));
        assert_eq!(fix("[@hrw.]. More").as_deref(), Some("[@hrw]"));
        assert_eq!(fix("[@ hrw]").as_deref(), Some("[@hrw]"));
        assert_eq!(fix("[@hr\u{200b}w]").as_deref(), Some("[@hrw]"));
        assert_eq!(fix("[@hrw,]").as_deref(), Some("[@hrw]"));
        assert_eq!(
            fix("[see @a p. 3; @b]").as_deref(),
            Some("[see @a, p. 3; @b]")
        );
        assert_eq!(fix("[@a; not a key]"), None);
        assert_eq!(fix("[@]"), None);
    }

    #[test]
    fn text_that_is_no_citation_is_no_near_miss_either() {
        for text in [
            "[mail press@hrw.org]",
            "[https://example.org/@user]",
            "[see the note]",
            "a @b c",
        ] {
            assert!(scan(text).is_empty(), "{text:?}");
        }
    }

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
