//! Go to definition: from a note's marker `[^label]` to its definition,
//! in whichever file of the briefing it stands, and from a citation's
//! `@key` to the source's entry in the library.

use std::path::Path;

use crate::analysis::Analysis;
use crate::diagnostics::Span;
use crate::sources::is_valid_key;

/// What the cursor is on.
#[derive(Debug, PartialEq, Eq)]
pub enum Target<'t> {
    Note(&'t str),
    Source(&'t str),
}

/// The marker or key around byte `offset` of `text`.
pub fn target_at(text: &str, offset: usize) -> Option<Target<'_>> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    let at = offset - line_start;
    // `[^label]`: the nearest `[^` before the cursor, closed after it.
    if let Some(open) = line[..at.min(line.len())]
        .rfind("[^")
        .or_else(|| line.get(at..at + 2).filter(|s| *s == "[^").map(|_| at))
        && let Some(close) = line[open..].find(']')
        && open + close >= at
    {
        let label = &line[open + 2..open + close];
        if !label.is_empty() && !label.contains(char::is_whitespace) {
            return Some(Target::Note(label));
        }
    }
    // `@key`: the word around the cursor after an `@`.
    let is_key = |c: char| c.is_alphanumeric() || "_-.:/#".contains(c);
    let start = line[..at.min(line.len())]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_key(*c) || *c == '@')
        .last()
        .map_or(at, |(i, _)| i);
    let word = &line[start..];
    let word = word.strip_prefix('@')?;
    let key = &word[..word.find(|c: char| !is_key(c)).unwrap_or(word.len())];
    let key = key.trim_end_matches(['.', ':']);
    is_valid_key(key).then_some(Target::Source(key))
}

/// Where `target`, met in the file `relative`, is defined.
pub fn definition(analysis: &Analysis, relative: &Path, target: Target<'_>) -> Option<Span> {
    match target {
        Target::Source(key) => analysis.library.get(key).map(|source| source.span),
        Target::Note(label) => {
            let id = crate::project::briefing_of(relative)?;
            let briefing = analysis.briefings.iter().find(|b| b.id() == id)?;
            briefing
                .definition_sites
                .iter()
                .find(|(l, _)| l == label)
                .map(|&(_, span)| span)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_or_key_under_the_cursor() {
        let text = "Killed.[^31] See [see @hrw-bullets, p. 5].";
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(target_at(text, at("31")), Some(Target::Note("31")));
        assert_eq!(target_at(text, at("[^31")), Some(Target::Note("31")));
        assert_eq!(
            target_at(text, at("bullets")),
            Some(Target::Source("hrw-bullets"))
        );
        assert_eq!(
            target_at(text, at("@hrw")),
            Some(Target::Source("hrw-bullets"))
        );
        assert_eq!(target_at(text, at("Killed")), None);
    }
}
