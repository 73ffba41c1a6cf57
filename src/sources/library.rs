//! The citation library: `footnotes/sources.toml` and
//! `footnotes/sources/*.toml`, one table per source, read strictly with the
//! position of every field.

use std::collections::BTreeMap;

use foldhash::HashMap;

use toml::de::DeValue;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, FileId, SourceMap, Span, closest};
use crate::model::PartialDate;
use crate::toml_fields::{self, Fields};

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
const TYPES: &[(SourceType, &str, &[&str], &[&str])] = &[
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
const COMMON: &[&str] = &["type", "short-title", "url", "date", "note"];

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
    fields: BTreeMap<&'static str, String>,
    /// Fields given as lists of names (`interviewer = ["A", "B"]`), joined
    /// in the words of the briefing that cites them.
    name_lists: BTreeMap<&'static str, Vec<String>>,
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
                let Some(source) = read_source(key.get_ref(), key_span, value, file, diagnostics)
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

fn read_source(
    key: &str,
    key_span: Span,
    value: &toml::Spanned<DeValue<'_>>,
    file: FileId,
    diagnostics: &mut Diagnostics,
) -> Option<Source> {
    // The library is shared by briefings in any language: its text is
    // curled the English way here, and each briefing's typography pass
    // puts its quotation marks in the briefing's language.
    let english = crate::locale::english();
    let Some(table) = value.get_ref().as_table() else {
        diagnostics.push(
            Diagnostic::new(
                Code::InvalidSource,
                key_span,
                format!("`{key}` is not a source table"),
            )
            .with_help(format!(
                "write each source as a table:\n[{key}]\ntype = \"report\"\ntitle = \"...\""
            )),
        );
        return None;
    };
    if !is_valid_key(key) {
        diagnostics.push(
            Diagnostic::new(
                Code::InvalidSource,
                key_span,
                format!("`{key}` is not a valid source key"),
            )
            .with_help("use letters, digits and _ - . : / #, ending in a letter or digit"),
        );
        return None;
    }
    let fields = Fields {
        table,
        file,
        name: format!("source `{key}`"),
        span: key_span,
        code: Code::InvalidSource,
    };
    let type_names: Vec<&str> = TYPES.iter().map(|t| t.1).collect();
    let kind = match fields.string("type", diagnostics) {
        None if fields.get("type").is_none() => {
            diagnostics.push(
                Diagnostic::new(
                    Code::InvalidSource,
                    key_span,
                    format!("source `{key}` has no `type`"),
                )
                .with_help(format!(
                    "add a line `type = \"report\"`; the types are {}",
                    type_names.join(", ")
                )),
            );
            return None;
        }
        None => return None,
        Some((name, span)) => match SourceType::from_name(&name) {
            Some(kind) => kind,
            None => {
                let help = match closest(&name, type_names.iter().copied()) {
                    Some(hint) => format!("did you mean \"{hint}\"?"),
                    None => format!("the types are {}", type_names.join(", ")),
                };
                diagnostics.push(
                    Diagnostic::new(
                        Code::InvalidSource,
                        span,
                        format!("unknown source type `{name}`"),
                    )
                    .with_label("not a source type")
                    .with_help(help),
                );
                return None;
            }
        },
    };
    let (required, optional) = kind.fields();
    let allowed: Vec<&'static str> = COMMON
        .iter()
        .chain(required)
        .chain(optional)
        .copied()
        .collect();
    let errors_before = diagnostics.errors();
    for (field, _) in table.iter() {
        let name: &str = field.get_ref();
        if allowed.contains(&name) {
            continue;
        }
        let span = Span::new(file, field.span());
        let mut d = Diagnostic::new(
            Code::InvalidSource,
            span,
            format!("`{name}` is not a field of {} source", kind.a_name()),
        )
        .with_label("unknown field");
        d = match closest(name, allowed.iter().copied()) {
            Some(hint) => d.with_help(format!("did you mean `{hint}`?")),
            None => d.with_help(format!(
                "{} takes: {}",
                kind.a_name(),
                allowed[1..].join(", ")
            )),
        };
        diagnostics.push(d);
    }
    for field in required {
        if fields.get(field).is_none() {
            diagnostics.push(
                Diagnostic::new(
                    Code::InvalidSource,
                    key_span,
                    format!(
                        "source `{key}` has no `{field}`, which {} needs",
                        kind.a_name()
                    ),
                )
                .with_help(format!("add `{field} = \"...\"` to [{key}]")),
            );
        }
    }

    let mut authors = Vec::new();
    let mut texts = BTreeMap::new();
    let mut name_lists = BTreeMap::new();
    for &field in allowed.iter().filter(|f| !matches!(**f, "type" | "date")) {
        let Some((value, span)) = fields.get(field) else {
            continue;
        };
        if matches!(
            field,
            "author" | "interviewer" | "interviewee" | "recipient"
        ) && value.get_ref().is_array()
        {
            if let Some(list) = fields.string_list(field, diagnostics) {
                let names: Vec<String> = list.into_iter().map(|(n, _)| n).collect();
                if field == "author" {
                    authors = names;
                } else {
                    // The English text stands for the field elsewhere (the
                    // JSON of the library); citations join the names in
                    // their own language.
                    texts.insert(field, english.join_names(&names));
                    name_lists.insert(field, names.iter().map(|n| english.smarten(n)).collect());
                }
            }
            continue;
        }
        let text = match value.get_ref() {
            DeValue::Integer(i) if matches!(field, "volume" | "number" | "pages") => {
                i.as_str().to_string()
            }
            _ => match fields.string(field, diagnostics) {
                Some((text, _)) => text,
                None => continue,
            },
        };
        if text.trim().is_empty() {
            diagnostics.push(
                Diagnostic::new(
                    Code::InvalidSource,
                    span,
                    format!("`{field}` of source `{key}` is empty"),
                )
                .with_help("fill it in, or remove the line"),
            );
            continue;
        }
        if field == "url" {
            if let Err(problem) = check_url(&text) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::InvalidSource,
                        span,
                        format!("`url` of source `{key}` is not a web address"),
                    )
                    .with_label(problem)
                    .with_help(
                        "write the full address, such as \"https://www.example.org/report\"",
                    ),
                );
            }
            texts.insert(field, text);
            continue;
        }
        if field == "author" {
            authors = vec![text];
        } else {
            texts.insert(field, english.smarten(&text));
        }
    }
    let date = fields.date("date", diagnostics);
    if diagnostics.errors() > errors_before {
        return None;
    }
    Some(Source {
        key: key.to_string(),
        kind,
        span: key_span,
        url_span: fields.get("url").map(|(_, span)| span),
        authors: authors.iter().map(|a| english.smarten(a)).collect(),
        date,
        fields: texts,
        name_lists,
    })
}

/// A web address must be http or https with a host and no spaces; any
/// other scheme (`javascript:` among them) is refused.
fn check_url(url: &str) -> Result<(), String> {
    let lower = url.to_ascii_lowercase();
    let rest = if let Some(rest) = lower.strip_prefix("https://") {
        rest
    } else if let Some(rest) = lower.strip_prefix("http://") {
        rest
    } else {
        return Err("only http:// and https:// addresses are allowed".to_string());
    };
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == '"')
    {
        return Err("an address cannot hold spaces, quotes or angle brackets".to_string());
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or("");
    let name = host.split(':').next().unwrap_or("");
    if name.is_empty() || name.starts_with('.') || name.ends_with('.') && name.len() == 1 {
        return Err("the address has no host name".to_string());
    }
    if let Some(port) = host.split(':').nth(1)
        && (port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!("`{port}` is not a port number"));
    }
    Ok(())
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

    #[test]
    fn urls_need_a_web_scheme_and_a_host() {
        assert!(check_url("https://www.hrw.org/report/2005/04/14/still-risk").is_ok());
        assert!(check_url("http://example.org:8080/a?b=c#d").is_ok());
        assert!(check_url("javascript:alert(1)").is_err());
        assert!(check_url("https:///path").is_err());
        assert!(check_url("https://exa mple.org").is_err());
        assert!(check_url("www.example.org").is_err());
    }
}
