//! One source of the library, as citations read it: its type, the fields
//! each type takes, and its values.

use std::collections::BTreeMap;

use crate::diagnostics::Span;
use crate::model::PartialDate;

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
        &["volume", "number", "genre", "index", "title-marks"],
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
pub(super) const COMMON: &[&str] = &["type", "short-title", "popular-name", "url", "date", "note"];

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

    /// The fields that differ from `other`'s (the same source in another
    /// version of the library): `type`, `author`, `date` and the rest by
    /// name, in order.
    pub fn changed_fields(&self, other: &Source) -> Vec<String> {
        let mut changed = Vec::new();
        if self.kind != other.kind {
            changed.push("type".to_string());
        }
        if self.authors != other.authors {
            changed.push("author".to_string());
        }
        if self.date != other.date {
            changed.push("date".to_string());
        }
        let names: std::collections::BTreeSet<&str> = self
            .fields
            .keys()
            .chain(other.fields.keys())
            .chain(self.name_lists.keys())
            .chain(other.name_lists.keys())
            .copied()
            .collect();
        for name in names {
            let differs = self.fields.get(name) != other.fields.get(name)
                || self.name_lists.get(name) != other.name_lists.get(name);
            if differs {
                changed.push(name.to_string());
            }
        }
        changed
    }

    /// `short-title`, else the work's popular name, else the title up to
    /// its first colon.
    pub fn short_title(&self) -> Option<String> {
        if let Some(short) = self
            .field("short-title")
            .or_else(|| self.field("popular-name"))
        {
            return Some(short.to_string());
        }
        let title = self.field("title")?;
        Some(match title.find(':') {
            Some(at) => title[..at].trim_end().to_string(),
            None => title.to_string(),
        })
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
