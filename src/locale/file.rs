//! The locale files: one embedded TOML file per built-in language
//! (`builtin/*.toml`), and what a project's `[locales.<language>]` in
//! `briefc.toml` changes in them, key by key. A language without a
//! built-in file starts from English.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// The built-in locales, by primary language subtag.
const BUILTIN: &[(&str, &str)] = &[
    ("en", include_str!("builtin/en.toml")),
    ("fr", include_str!("builtin/fr.toml")),
    ("es", include_str!("builtin/es.toml")),
    ("ru", include_str!("builtin/ru.toml")),
    ("ar", include_str!("builtin/ar.toml")),
    ("zh", include_str!("builtin/zh.toml")),
];

/// The languages briefc has a locale file for.
pub fn builtin_languages() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(language, _)| *language)
}

/// One value a project gives a locale key.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Flag(bool),
    List(Vec<String>),
}

/// What a project's `[locales.<tag>]` sets.
#[derive(Debug, Clone, PartialEq)]
pub struct LocaleOverride {
    /// The table's name: a language subtag (`ru`) or a whole tag.
    pub tag: String,
    pub values: Vec<(String, Value)>,
}

/// What a key holds, for checking a project's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// Text with these places (`{n}`), none for plain text.
    Text(&'static [&'static str]),
    Flag,
    /// A list of exactly these many texts (any of them).
    List(&'static [usize]),
    /// One of these words.
    Choice(&'static [&'static str]),
}

const DATE_PLACES: &[&str] = &["day", "month", "month_with_day", "month_number", "year"];

/// The kind of every key of a locale file; `None` for a key there is not.
pub fn key_kind(key: &str) -> Option<Kind> {
    Some(match key {
        "direction" => Kind::Choice(&["ltr", "rtl"]),
        "marker_position" => Kind::Choice(&["after", "before"]),
        "marks_inside_quotes" | "space_before_punctuation" => Kind::Flag,
        "quotes" => Kind::List(&[4]),
        "title_marks" => Kind::List(&[0, 2]),
        "brackets" => Kind::List(&[2]),
        "months" | "months_with_day" => Kind::List(&[12]),
        "image" => Kind::Text(&["alt"]),
        "back_to_text" | "page" | "pages" | "volume" | "number" => Kind::Text(&["n"]),
        "back_to_reference" => Kind::Text(&["n", "nth"]),
        "press_release" => Kind::Text(&["publisher"]),
        "et_al" => Kind::Text(&["first"]),
        "interview" => Kind::Text(&["interviewer", "interviewee"]),
        "letter" => Kind::Text(&["from", "to"]),
        "date" | "date_dmy" | "date_month" | "date_year" => Kind::Text(DATE_PLACES),
        "notes"
        | "contents"
        | "draft_banner"
        | "draft_line"
        | "draft_mark"
        | "briefings"
        | "not_for_publication"
        | "plain_text"
        | "no_briefings"
        | "language_name"
        | "other_languages"
        | "bibliography"
        | "ibid"
        | "ibid_within"
        | "list_separator"
        | "and"
        | "and_serial"
        | "and_before_i"
        | "comma"
        | "citation_separator"
        | "last_citation_separator"
        | "first_day"
        | "new_section"
        | "new_note" => Kind::Text(&[]),
        _ => return None,
    })
}

/// Every key of a locale file, for messages: the English file's, which
/// has them all.
pub fn keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = builtin_table("en")
        .map(|table| table.keys().map(String::as_str).collect())
        .unwrap_or_default();
    keys.sort_unstable();
    keys
}

/// Whether the project's `[locales.<name>]` table applies to `tag`: named
/// after its language or after the whole tag, in any case.
pub fn applies_to(o: &LocaleOverride, tag: &str) -> bool {
    o.tag.eq_ignore_ascii_case(tag) || o.tag.eq_ignore_ascii_case(&primary_subtag(tag))
}

/// A locale file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocaleFile {
    pub direction: String,
    pub notes: String,
    pub contents: String,
    pub draft_banner: String,
    pub draft_line: String,
    pub draft_mark: String,
    pub briefings: String,
    pub not_for_publication: String,
    pub plain_text: String,
    pub no_briefings: String,
    pub language_name: String,
    pub other_languages: String,
    pub bibliography: String,
    pub image: String,
    pub back_to_text: String,
    pub back_to_reference: String,
    pub ibid: String,
    pub ibid_within: String,
    pub page: String,
    pub pages: String,
    pub volume: String,
    pub number: String,
    pub press_release: String,
    pub et_al: String,
    pub interview: String,
    pub letter: String,
    pub list_separator: String,
    pub and: String,
    pub and_serial: String,
    pub and_before_i: String,
    pub comma: String,
    pub citation_separator: String,
    pub last_citation_separator: String,
    pub quotes: [String; 4],
    pub title_marks: Vec<String>,
    pub brackets: [String; 2],
    pub marks_inside_quotes: bool,
    pub months: [String; 12],
    pub months_with_day: [String; 12],
    pub date: String,
    pub date_dmy: Option<String>,
    pub date_month: String,
    pub date_year: String,
    pub first_day: String,
    pub space_before_punctuation: bool,
    pub marker_position: String,
    pub new_section: String,
    pub new_note: String,
}

fn builtin_tables() -> &'static HashMap<&'static str, toml::Table> {
    static TABLES: OnceLock<HashMap<&'static str, toml::Table>> = OnceLock::new();
    TABLES.get_or_init(|| {
        BUILTIN
            .iter()
            .map(|(language, text)| {
                let table: toml::Table = text
                    .parse()
                    .unwrap_or_else(|e| panic!("built-in locale {language} is not TOML: {e}"));
                (*language, table)
            })
            .collect()
    })
}

pub fn builtin_table(language: &str) -> Option<&'static toml::Table> {
    builtin_tables().get(language)
}

/// The primary language subtag of a BCP 47 tag, lower-cased: `zh` for
/// `zh-Hans-CN`.
pub fn primary_subtag(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The locale file for `tag`: the built-in one of its language (English
/// when there is none) with the project's changes for the language, then
/// for the whole tag, laid over it.
pub fn resolved(tag: &str, overrides: &[LocaleOverride]) -> LocaleFile {
    let language = primary_subtag(tag);
    let mut table = builtin_table(&language)
        .or_else(|| builtin_table("en"))
        .cloned()
        .unwrap_or_default();
    let whole = tag.to_ascii_lowercase();
    for wanted in [&language, &whole] {
        for o in overrides
            .iter()
            .filter(|o| o.tag.to_ascii_lowercase() == *wanted)
        {
            for (key, value) in &o.values {
                table.insert(key.clone(), to_toml(value));
            }
        }
        if whole == language {
            break;
        }
    }
    // The project's values were checked key by key when briefc.toml was
    // read, and the built-in files by the tests, so this only fails on a
    // mistake in briefc; English is then the safe text to print.
    LocaleFile::deserialize(toml::Value::Table(table)).unwrap_or_else(|_| english_file())
}

fn english_file() -> LocaleFile {
    let table = builtin_table("en").cloned().unwrap_or_default();
    LocaleFile::deserialize(toml::Value::Table(table)).expect("the English locale reads")
}

fn to_toml(value: &Value) -> toml::Value {
    match value {
        Value::Text(t) => toml::Value::String(t.clone()),
        Value::Flag(b) => toml::Value::Boolean(*b),
        Value::List(items) => {
            toml::Value::Array(items.iter().cloned().map(toml::Value::String).collect())
        }
    }
}

/// Whether a project has a locale for `tag`, built in or its own.
pub fn has_locale(tag: &str, overrides: &[LocaleOverride]) -> bool {
    builtin_table(&primary_subtag(tag)).is_some() || overrides.iter().any(|o| applies_to(o, tag))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::Phrase;

    #[test]
    fn every_built_in_file_reads_and_has_every_key_with_its_places() {
        for (language, _) in BUILTIN {
            let table = builtin_table(language).unwrap();
            LocaleFile::deserialize(toml::Value::Table(table.clone()))
                .unwrap_or_else(|e| panic!("{language}: {e}"));
            for (key, value) in table {
                let kind = key_kind(key).unwrap_or_else(|| panic!("{language}: unknown {key}"));
                assert!(
                    keys().contains(&key.as_str()),
                    "{language}: {key} is not in English"
                );
                if let (Kind::Text(places), Some(text)) = (kind, value.as_str()) {
                    for place in Phrase::new(text).places() {
                        assert!(places.contains(&place), "{language}.{key}: {{{place}}}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_project_changes_a_key_and_a_new_language_starts_from_english() {
        let o = |tag: &str, key: &str, text: &str| LocaleOverride {
            tag: tag.into(),
            values: vec![(key.into(), Value::Text(text.into()))],
        };
        let ru = resolved("ru-RU", &[o("ru", "notes", "Сноски")]);
        assert_eq!(ru.notes, "Сноски");
        assert_eq!(ru.contents, "Содержание");
        let whole = resolved("ru-RU", &[o("ru", "notes", "A"), o("ru-RU", "notes", "B")]);
        assert_eq!(whole.notes, "B");
        let de = resolved("de", &[o("de", "notes", "Anmerkungen")]);
        assert_eq!(
            (de.notes.as_str(), de.contents.as_str()),
            ("Anmerkungen", "Contents")
        );
        assert!(has_locale("de", &[o("de", "notes", "Anmerkungen")]));
        assert!(!has_locale("de", &[]));
        assert!(has_locale("zh-Hans", &[]));
    }
}
