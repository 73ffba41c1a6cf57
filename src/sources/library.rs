//! The citation library: `footnotes/sources.toml` and
//! `footnotes/sources/*.toml`, one table per source, read strictly with the
//! position of every field.

use std::collections::BTreeMap;

use foldhash::HashMap;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, FileId, SourceMap, Span};
use crate::model::PartialDate;
use crate::toml_fields;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceType {
    Report,
    News,
    PressRelease,
    Article,
    Book,
    UnDocument,
    Case,
    Legislation,
    Interview,
    Letter,
    Web,
    Other,
}

/// Each type's name, required fields and optional fields (besides the
/// fields every type takes).
pub(super) const TYPES: &[(SourceType, &str, &[&str], &[&str])] = &[
    (
        SourceType::Report,
        "report",
        &["author", "title"],
        &["volume", "number"],
    ),
    (
        SourceType::News,
        "news",
        &["title", "publication"],
        &["author"],
    ),
    (
        SourceType::PressRelease,
        "press-release",
        &["author", "title"],
        &[],
    ),
    (
        SourceType::Article,
        "article",
        &["author", "title", "journal"],
        &["volume", "number", "pages"],
    ),
    (
        SourceType::Book,
        "book",
        &["author", "title"],
        &["publisher", "place"],
    ),
    (
        SourceType::UnDocument,
        "un-document",
        &["title", "symbol"],
        &["author", "description"],
    ),
    (SourceType::Case, "case", &["title", "court"], &["number"]),
    (
        SourceType::Legislation,
        "legislation",
        &["title"],
        &["jurisdiction"],
    ),
    (
        SourceType::Interview,
        "interview",
        &["interviewer", "interviewee"],
        &["place"],
    ),
    (
        SourceType::Letter,
        "letter",
        &["author", "recipient"],
        &["title"],
    ),
    (SourceType::Web, "web", &["title"], &["author", "site"]),
    (
        SourceType::Other,
        "other",
        &["title"],
        &["author", "description"],
    ),
];

/// Fields every type takes.
pub(super) const COMMON: &[&str] = &["type", "short-title", "url", "date", "note"];

impl SourceType {
    /// The type with its article: `a report`, `an article`.
    pub fn a_name(self) -> String {
        let name = self.name();
        let article = if name.starts_with(['a', 'e', 'i', 'o']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {name}")
    }

    pub fn name(self) -> &'static str {
        TYPES
            .iter()
            .find(|t| t.0 == self)
            .map(|t| t.1)
            .unwrap_or("other")
    }

    pub fn from_name(name: &str) -> Option<SourceType> {
        TYPES.iter().find(|t| t.1 == name).map(|t| t.0)
    }

    /// The fields this type needs, and the others it takes.
    pub fn fields(self) -> (&'static [&'static str], &'static [&'static str]) {
        let entry = TYPES
            .iter()
            .find(|t| t.0 == self)
            .expect("every type is listed");
        (entry.2, entry.3)
    }
}

#[derive(Debug, Clone)]
pub struct Source {
    pub key: String,
    pub kind: SourceType,
    /// The `[key]` header.
    pub span: Span,
    /// The value of `url`, where `check --links` reports it.
    pub url_span: Option<Span>,
    pub authors: Vec<String>,
    pub date: Option<PartialDate>,
    /// Every other field, by name, as text.
    pub(super) fields: BTreeMap<&'static str, String>,
    /// Fields given as lists of names (`interviewer = ["A", "B"]`), joined
    /// in the words of the briefing that cites them.
    pub(super) name_lists: BTreeMap<&'static str, Vec<String>>,
}

impl Source {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }

    /// A field that may hold several names, joined by `locale` ("A and B",
    /// "A et B").
    pub fn names(&self, name: &str, locale: &crate::locale::Locale) -> Option<String> {
        match self.name_lists.get(name) {
            Some(names) => Some(locale.join_names(names)),
            None => self.field(name).map(str::to_string),
        }
    }

    /// Every text field but the authors and the date, by name.
    pub fn texts(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.fields
            .iter()
            .map(|(name, text)| (*name, text.as_str()))
    }

    /// The names of a field given as a list (`interviewer = ["A", "B"]`).
    pub fn name_list(&self, name: &str) -> Option<&[String]> {
        self.name_lists.get(name).map(Vec::as_slice)
    }

    /// `short-title`, else the title up to its first colon.
    pub fn short_title(&self) -> Option<String> {
        if let Some(short) = self.field("short-title") {
            return Some(short.to_string());
        }
        let title = self.field("title")?;
        Some(match title.find(':') {
            Some(at) => title[..at].trim_end().to_string(),
            None => title.to_string(),
        })
    }
}

#[derive(Debug, Default)]
pub struct Library {
    sources: HashMap<String, Source>,
    /// Keys of entries left out for their errors: citing them is not
    /// reported again as an unknown source.
    invalid: std::collections::HashSet<String>,
}

impl Library {
    /// Asked for every citation: inlined where it is asked.
    #[inline]
    pub fn get(&self, key: &str) -> Option<&Source> {
        self.sources.get(key)
    }

    /// True when `key` names an entry that has errors of its own.
    pub fn is_invalid(&self, key: &str) -> bool {
        self.invalid.contains(key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.sources.keys().map(String::as_str)
    }

    /// Every source, ordered by key.
    pub fn sorted(&self) -> Vec<&Source> {
        let mut all: Vec<&Source> = self.sources.values().collect();
        all.sort_by(|a, b| a.key.cmp(&b.key));
        all
    }

    pub fn len(&self) -> usize {
        self.sources.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// Reads every library file. Invalid entries are reported and left out.
    pub fn parse(files: &[FileId], sources: &SourceMap, diagnostics: &mut Diagnostics) -> Library {
        let mut library = Library::default();
        for &file in files {
            let text = sources.text(file);
            let Some(table) = toml_fields::parse(text, file, Code::InvalidSource, diagnostics)
            else {
                continue;
            };
            for (key, value) in table.get_ref().iter() {
                let key_span = Span::new(file, key.span());
                let Some(source) =
                    super::entry::read_source(key.get_ref(), key_span, value, file, diagnostics)
                else {
                    // Reported as invalid; citing it is not reported again.
                    library.invalid.insert(key.get_ref().to_string());
                    continue;
                };
                if let Some(first) = library.sources.get(&source.key) {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::InvalidSource,
                            key_span,
                            format!("source `{}` is defined twice", source.key),
                        )
                        .with_label("second definition")
                        .with_secondary(first.span, "first defined here")
                        .with_help(
                            "every key is shared by the whole library: rename or remove one",
                        ),
                    );
                    continue;
                }
                library.sources.insert(source.key.clone(), source);
            }
        }
        library
    }
}

/// A citation key: letters, digits and `_ - . : / #`, ending in a letter,
/// digit or `_`.
pub fn is_valid_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || "_-.:/#".contains(c))
        && key
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_end_in_a_letter_or_digit() {
        assert!(is_valid_key("hrw-bullets"));
        assert!(is_valid_key("un:A/61/259#para4"));
        assert!(!is_valid_key("trailing."));
        assert!(!is_valid_key("has space"));
    }
}
