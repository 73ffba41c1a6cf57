//! Sources in and out of briefc's library: CSL-JSON (Zotero, Mendeley,
//! pandoc), BibTeX and BibLaTeX, and RIS read into library entries;
//! CSL-JSON and BibTeX written from them. Each reader turns its format into
//! a [`Record`] with the fields named as briefc names them; [`finish`]
//! decides the briefc type the way docs/sources.md tables it and keeps
//! exactly the fields that type takes, listing every other field of the
//! input so that nothing is dropped silently.

mod bibtex;
mod bibtex_bounds;
mod csl;
pub mod import;
mod ris;
mod toml_out;

use std::collections::BTreeMap;

pub use bibtex::{read_bibtex, write_bibtex};
pub use csl::{csl_item, read_csl_json, write_csl_json};
pub use ris::read_ris;
pub use toml_out::to_toml;

use super::{Source, SourceType, is_valid_key};
use crate::model::PartialDate;

/// A source as an input format gives it, its fields named as briefc's.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// The input's own key (CSL `id`, BibTeX key, RIS `ID`), if any.
    pub key: Option<String>,
    /// The type briefc reads the input's type as.
    pub kind: Option<SourceType>,
    /// The input's own type, for the summary: `article-journal`, `@online`.
    pub input_type: String,
    /// `author`, `title`, `publication`, ...: each briefc field the input
    /// fills. Name fields hold one name per entry.
    pub texts: BTreeMap<&'static str, String>,
    pub names: BTreeMap<&'static str, Vec<String>>,
    /// `2006`, `2006-06` or `2006-06-30`.
    pub date: Option<String>,
    /// Fields of the input with no place in briefc's library, by their
    /// name in the input.
    pub unkept: Vec<String>,
    /// What the reader changed, for the summary.
    pub changes: Vec<String>,
}

impl Record {
    pub fn text(&mut self, field: &'static str, value: &str) {
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        if !value.is_empty() {
            self.texts.insert(field, value);
        }
    }
}

/// A field value of an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Names(Vec<String>),
}

/// A library entry ready to be written, with what the summary says of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub kind: SourceType,
    /// The fields, by briefc's names; `date` as an ISO text.
    pub fields: BTreeMap<&'static str, Value>,
    pub unkept: Vec<String>,
    pub changes: Vec<String>,
}

/// The fields that hold names.
const NAME_FIELDS: [&str; 4] = ["author", "interviewer", "interviewee", "recipient"];

/// Every field briefc's library has, in the order entries are written.
pub const FIELD_ORDER: &[&str] = &[
    "author",
    "interviewer",
    "interviewee",
    "recipient",
    "title",
    "short-title",
    "description",
    "publication",
    "journal",
    "site",
    "court",
    "jurisdiction",
    "symbol",
    "volume",
    "number",
    "pages",
    "publisher",
    "place",
    "date",
    "url",
    "note",
];

/// A UN document symbol: organ letters, then parts split by `/`, with a
/// number among them (`A/HRC/4/33`, `S/2006/1`, `E/CN.4/2006/6`,
/// `CAT/C/RUS/CO/4`).
pub fn is_un_symbol(text: &str) -> bool {
    let mut parts = text.split('/');
    let first = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    (1..=6).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_uppercase())
        && !rest.is_empty()
        && rest.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        })
        && rest.iter().any(|p| p.bytes().any(|b| b.is_ascii_digit()))
}

/// Decides the entry's type from the record and keeps the fields that
/// type takes. A record that lacks a field its type needs is read as the
/// type that fits it (a report with no author but a publisher takes the
/// publisher as its author; one that still lacks a field is `other`); one
/// with no title (and not an interview or letter) cannot be an entry.
pub fn finish(mut record: Record) -> Result<Entry, String> {
    // An empty list of names (`"author": []`, `author = {}`) or a blank
    // text is no value at all.
    for names in record.names.values_mut() {
        names.retain(|name| !name.trim().is_empty());
    }
    record.names.retain(|_, names| !names.is_empty());
    record.texts.retain(|_, text| !text.trim().is_empty());
    let mut kind = record.kind.unwrap_or(SourceType::Other);
    let mut changes = std::mem::take(&mut record.changes);
    // A report numbered with a UN symbol is a UN document.
    if kind == SourceType::Report && record.texts.get("number").is_some_and(|n| is_un_symbol(n)) {
        kind = SourceType::UnDocument;
        let symbol = record.texts.remove("number").unwrap_or_default();
        record.texts.insert("symbol", symbol);
    }
    if kind == SourceType::UnDocument
        && !record.texts.contains_key("symbol")
        && let Some(number) = record.texts.remove("number")
    {
        record.texts.insert("symbol", number);
    }
    // An institution as publisher stands for the author a report or a
    // press release needs.
    if matches!(
        kind,
        SourceType::Report | SourceType::PressRelease | SourceType::Book | SourceType::UnDocument
    ) && !record.names.contains_key("author")
        && let Some(publisher) = record.texts.get("publisher").cloned()
    {
        record.names.insert("author", vec![publisher]);
        if kind != SourceType::Book {
            record.texts.remove("publisher");
        }
        changes.push("the publisher stands as the author".to_string());
    }
    let has = |record: &Record, field: &str| {
        record.texts.contains_key(field) || record.names.contains_key(field)
    };
    let (required, _) = kind.fields();
    if let Some(missing) = required.iter().find(|f| !has(&record, f)) {
        if has(&record, "title") {
            changes.push(format!(
                "read as `other`: {} needs `{missing}`, which it lacks",
                kind.a_name()
            ));
            kind = SourceType::Other;
        } else {
            return Err(format!(
                "it has no title (and {} needs `{missing}`)",
                kind.a_name()
            ));
        }
    }
    // A genre (CSL's) is a report's `genre`, and another type's
    // `description`: a UN document read from a report keeps it.
    if kind != SourceType::Report
        && let Some(genre) = record.texts.remove("genre")
    {
        record.texts.entry("description").or_insert(genre);
    }
    let (required, optional) = kind.fields();
    let takes = |field: &str| {
        required.contains(&field)
            || optional.contains(&field)
            || matches!(field, "short-title" | "url" | "note")
    };
    let mut fields = BTreeMap::new();
    let mut unkept = std::mem::take(&mut record.unkept);
    for (field, names) in std::mem::take(&mut record.names) {
        let names: Vec<String> = names.into_iter().filter(|n| !n.trim().is_empty()).collect();
        if names.is_empty() {
            continue;
        }
        if takes(field) {
            fields.insert(field, Value::Names(names));
        } else {
            unkept.push(field.to_string());
        }
    }
    for (field, text) in std::mem::take(&mut record.texts) {
        if field == "url" && !(text.starts_with("http://") || text.starts_with("https://")) {
            unkept.push(format!("url ({text}: not a web address)"));
            continue;
        }
        if takes(field) {
            fields.insert(field, Value::Text(text));
        } else {
            unkept.push(field.to_string());
        }
    }
    if let Some(date) = record.date.take() {
        fields.insert("date", Value::Text(date));
    }
    unkept.sort();
    unkept.dedup();
    Ok(Entry {
        key: String::new(),
        kind,
        fields,
        unkept,
        changes,
    })
}

/// The keys given so far in one import, and for each wanted key the
/// next number to try after it: a thousand items that all want
/// `watch-2005` are numbered in one pass, not by trying every number
/// again for each.
#[derive(Default)]
pub struct TakenKeys {
    taken: std::collections::HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

impl TakenKeys {
    /// `base` if it is free, else the first free `base-2`, `base-3`...
    fn take(&mut self, base: String) -> String {
        if !self.taken.contains(&base) {
            self.taken.insert(base.clone());
            return base;
        }
        let next = self.next.entry(base.clone()).or_insert(2);
        loop {
            let key = format!("{base}-{next}");
            *next += 1;
            if self.taken.insert(key.clone()) {
                return key;
            }
        }
    }
}

/// The input's key made valid for briefc (`smith2006` stays; a Zotero item
/// address or an empty key is replaced by author, year and title word), and
/// unique among `taken`.
pub fn choose_key(
    wanted: Option<&str>,
    entry: &Entry,
    taken: &mut TakenKeys,
) -> (String, Option<String>) {
    let machine_made =
        |key: &str| key.contains("://") || key.chars().filter(|c| *c == '/').count() > 1;
    let base = match wanted
        .map(str::trim)
        .filter(|k| !k.is_empty() && !machine_made(k))
    {
        Some(key) if is_valid_key(key) => key.to_string(),
        Some(key) => cleaned_key(key),
        None => made_key(entry),
    };
    let base = if base.is_empty() {
        made_key(entry)
    } else {
        base
    };
    let key = taken.take(base);
    let change = match wanted {
        Some(w) if w == key => None,
        Some(w) => Some(format!("key `{w}` became `{key}`")),
        None => Some(format!("no key given: `{key}`")),
    };
    (key, change)
}

/// Every character a key may not hold replaced by `-`.
fn cleaned_key(key: &str) -> String {
    let mut out = String::new();
    for c in key.chars() {
        let c = if c.is_alphanumeric() || "_-.:/#".contains(c) {
            c
        } else {
            '-'
        };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    let out = out.trim_start_matches('-');
    out.trim_end_matches(|c: char| !(c.is_alphanumeric() || c == '_'))
        .to_string()
}

/// `smith-2006-torture`: the first author's last word, the year, the
/// title's first long word.
fn made_key(entry: &Entry) -> String {
    let word = |text: &str| -> String {
        text.split(|c: char| !c.is_alphanumeric())
            .find(|w| w.chars().count() > 3)
            .or_else(|| {
                text.split(|c: char| !c.is_alphanumeric())
                    .find(|w| !w.is_empty())
            })
            .unwrap_or_default()
            .to_lowercase()
    };
    let mut parts = Vec::new();
    if let Some(Value::Names(names)) = entry.fields.get("author") {
        let last = names[0].split_whitespace().last().unwrap_or_default();
        parts.push(word(last));
    }
    if let Some(Value::Text(date)) = entry.fields.get("date") {
        parts.push(date.chars().take(4).collect());
    }
    if let Some(Value::Text(title)) = entry.fields.get("title") {
        parts.push(word(title));
    }
    parts.retain(|p| !p.is_empty());
    let key = cleaned_key(&parts.join("-"));
    if key.is_empty() {
        "source".to_string()
    } else {
        key
    }
}

/// `2006`, `2006-06`, `2006-06-30` from numbers as given, checked to be a
/// date that exists.
pub fn iso_date(year: &str, month: Option<&str>, day: Option<&str>) -> Option<String> {
    let year = year.trim();
    let mut text = year.to_string();
    if let Some(month) = month.map(str::trim).filter(|m| !m.is_empty()) {
        let month: u8 = month.parse().ok().or_else(|| month_number(month))?;
        text.push_str(&format!("-{month:02}"));
        if let Some(day) = day.map(str::trim).filter(|d| !d.is_empty()) {
            let day: u8 = day.parse().ok()?;
            text.push_str(&format!("-{day:02}"));
        }
    }
    PartialDate::parse(&text).ok().map(|d| d.iso())
}

/// `jun`, `June`, `juni.` as 6.
fn month_number(name: &str) -> Option<u8> {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix: String = name.chars().take(3).collect();
    MONTHS
        .iter()
        .position(|m| *m == prefix)
        .map(|i| i as u8 + 1)
}

/// A date as written in an input (`2006-06-30`, `2006/06/30/`, `2006-6`,
/// `2006`), as an ISO text.
pub fn loose_date(text: &str) -> Option<String> {
    let parts: Vec<&str> = text
        .split(['-', '/', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    match parts[..] {
        [y] if y.len() == 4 => iso_date(y, None, None),
        [y, m] => iso_date(y, Some(m), None),
        [y, m, d, ..] => iso_date(y, Some(m), Some(d)),
        _ => None,
    }
}

/// A library source as an entry, for export.
pub fn entry_of(source: &Source) -> Entry {
    let mut fields = BTreeMap::new();
    if !source.authors.is_empty() {
        fields.insert("author", Value::Names(source.authors.clone()));
    }
    for (name, text) in source.texts() {
        let value = match source.name_list(name) {
            Some(names) if NAME_FIELDS.contains(&name) => Value::Names(names.to_vec()),
            _ if NAME_FIELDS.contains(&name) => Value::Names(vec![text.to_string()]),
            _ => Value::Text(text.to_string()),
        };
        fields.insert(name, value);
    }
    if let Some(date) = source.date {
        fields.insert("date", Value::Text(date.iso()));
    }
    Entry {
        key: source.key.clone(),
        kind: source.kind,
        fields,
        unkept: Vec::new(),
        changes: Vec::new(),
    }
}

impl Entry {
    pub fn text(&self, field: &str) -> Option<&str> {
        match self.fields.get(field) {
            Some(Value::Text(text)) => Some(text),
            _ => None,
        }
    }

    pub fn names(&self, field: &str) -> &[String] {
        match self.fields.get(field) {
            Some(Value::Names(names)) => names,
            _ => &[],
        }
    }
}

/// Which format a file is in: by its extension, else by its first
/// characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    CslJson,
    Bibtex,
    Ris,
}

impl Format {
    pub fn detect(path: &std::path::Path, text: &str) -> Option<Format> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("json") => return Some(Format::CslJson),
            Some("bib" | "bibtex" | "biblatex") => return Some(Format::Bibtex),
            Some("ris") => return Some(Format::Ris),
            _ => {}
        }
        let start = text.trim_start_matches('\u{feff}').trim_start();
        if start.starts_with('[') || start.starts_with('{') {
            Some(Format::CslJson)
        } else if start.starts_with('@') || start.starts_with('%') {
            Some(Format::Bibtex)
        } else if start.starts_with("TY  -") {
            Some(Format::Ris)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::CslJson => "CSL-JSON",
            Format::Bibtex => "BibTeX",
            Format::Ris => "RIS",
        }
    }
}

/// Reads a file's records in the format given.
pub fn read(format: Format, text: &str) -> Result<Vec<Record>, String> {
    match format {
        Format::CslJson => read_csl_json(text),
        Format::Bibtex => read_bibtex(text),
        Format::Ris => read_ris(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn un_symbols_are_told_from_report_numbers() {
        for symbol in [
            "A/HRC/4/33",
            "S/2006/1",
            "E/CN.4/2006/6",
            "CAT/C/RUS/CO/4",
            "A/60/914",
        ] {
            assert!(is_un_symbol(symbol), "{symbol}");
        }
        for number in ["4(D)", "17", "a/b/1", "A/B", "Report/2006"] {
            assert!(!is_un_symbol(number), "{number}");
        }
    }

    #[test]
    fn keys_are_kept_cleaned_or_made() {
        let entry = finish(Record {
            kind: Some(SourceType::Report),
            names: [("author", vec!["Example Rights Watch".to_string()])].into(),
            texts: [("title", "Still at Risk".to_string())].into(),
            date: Some("2005-04".to_string()),
            ..Record::default()
        })
        .unwrap();
        let mut taken = TakenKeys::default();
        assert_eq!(choose_key(Some("erw2005"), &entry, &mut taken).0, "erw2005");
        assert_eq!(
            choose_key(Some("erw2005"), &entry, &mut taken).0,
            "erw2005-2"
        );
        assert_eq!(
            choose_key(Some("smith, 2006!"), &entry, &mut taken).0,
            "smith-2006"
        );
        assert_eq!(
            choose_key(
                Some("http://zotero.org/users/local/x/items/ABCD"),
                &entry,
                &mut taken
            )
            .0,
            "watch-2005-still"
        );
        assert_eq!(choose_key(None, &entry, &mut taken).0, "watch-2005-still-2");
    }

    #[test]
    fn a_record_without_what_its_type_needs_becomes_other() {
        let news = finish(Record {
            kind: Some(SourceType::News),
            texts: [("title", "A story".to_string())].into(),
            ..Record::default()
        })
        .unwrap();
        assert_eq!(news.kind, SourceType::Other);
        let un = finish(Record {
            kind: Some(SourceType::Report),
            texts: [
                ("title", "Report".to_string()),
                ("number", "A/HRC/4/33".to_string()),
            ]
            .into(),
            ..Record::default()
        })
        .unwrap();
        assert_eq!(un.kind, SourceType::UnDocument);
        assert_eq!(un.text("symbol"), Some("A/HRC/4/33"));
        assert!(finish(Record::default()).is_err());
    }

    #[test]
    fn dates_keep_their_precision() {
        assert_eq!(loose_date("2006/06/30/").as_deref(), Some("2006-06-30"));
        assert_eq!(loose_date("2006-6").as_deref(), Some("2006-06"));
        assert_eq!(loose_date("2006").as_deref(), Some("2006"));
        assert_eq!(
            iso_date("2006", Some("jun"), None).as_deref(),
            Some("2006-06")
        );
        assert_eq!(loose_date("2006-02-30"), None);
    }
}
