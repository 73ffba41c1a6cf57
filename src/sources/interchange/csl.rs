//! CSL-JSON: what Zotero and Mendeley export as "CSL JSON" and what pandoc
//! reads for `--citeproc`. Read into records; written from entries with
//! every name as a literal, so that a name reads exactly as in briefc.

use serde_json::{Map, Value as Json, json};

use super::{Entry, Record, Value, iso_date, loose_date};
use crate::sources::SourceType;

/// The briefc type of a CSL type (and genre, which marks a press release).
fn kind_of(csl_type: &str, genre: Option<&str>) -> SourceType {
    match csl_type {
        "report" if genre.is_some_and(|g| g.to_lowercase().contains("press release")) => {
            SourceType::PressRelease
        }
        "report" => SourceType::Report,
        "article-newspaper" | "article-magazine" | "news" => SourceType::News,
        "article-journal" | "article" => SourceType::Article,
        "book" => SourceType::Book,
        "legal_case" => SourceType::Case,
        "legislation" | "bill" | "treaty" | "regulation" => SourceType::Legislation,
        "interview" => SourceType::Interview,
        "personal_communication" | "letter" => SourceType::Letter,
        "webpage" | "post" | "post-weblog" => SourceType::Web,
        _ => SourceType::Other,
    }
}

/// A CSL name as briefc writes it: `Given Family`, a literal as it is.
fn name(value: &Json) -> Option<String> {
    if let Some(text) = value.as_str() {
        return Some(text.to_string());
    }
    let object = value.as_object()?;
    let part = |key: &str| {
        object
            .get(key)
            .and_then(Json::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    if let Some(literal) = part("literal") {
        return Some(literal.to_string());
    }
    let mut words: Vec<&str> = Vec::new();
    words.extend(part("given"));
    words.extend(part("dropping-particle"));
    words.extend(part("non-dropping-particle"));
    words.extend(part("family"));
    let mut text = words.join(" ");
    if let Some(suffix) = part("suffix") {
        text.push_str(", ");
        text.push_str(suffix);
    }
    (!text.is_empty()).then_some(text)
}

fn names(value: &Json) -> Vec<String> {
    value
        .as_array()
        .map(|list| list.iter().filter_map(name).collect())
        .unwrap_or_default()
}

/// `issued`: date parts (numbers or strings), a raw or literal text, or a
/// plain string.
fn date(value: &Json) -> Option<String> {
    if let Some(text) = value.as_str() {
        return loose_date(text);
    }
    let object = value.as_object()?;
    if let Some(parts) = object
        .get("date-parts")
        .and_then(Json::as_array)
        .and_then(|p| p.first())
        .and_then(Json::as_array)
    {
        let part = |i: usize| {
            parts.get(i).and_then(|v| match v {
                Json::Number(n) => Some(n.to_string()),
                Json::String(s) => Some(s.clone()),
                _ => None,
            })
        };
        let year = part(0)?;
        return iso_date(&year, part(1).as_deref(), part(2).as_deref());
    }
    ["raw", "literal"]
        .iter()
        .find_map(|k| object.get(*k).and_then(Json::as_str).and_then(loose_date))
}

fn text_of(value: &Json) -> Option<String> {
    match value {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub fn read_csl_json(text: &str) -> Result<Vec<Record>, String> {
    let value: Json = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("not CSL-JSON: {e}"))?;
    let items = match &value {
        Json::Array(items) => items.clone(),
        Json::Object(object) => match object.get("references").or_else(|| object.get("items")) {
            Some(Json::Array(items)) => items.clone(),
            _ => vec![value.clone()],
        },
        _ => return Err("not CSL-JSON: neither a list of items nor an item".to_string()),
    };
    let mut records = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let Some(item) = item.as_object() else {
            return Err(format!("item {} is not an object", index + 1));
        };
        records.push(record(item));
    }
    Ok(records)
}

fn record(item: &Map<String, Json>) -> Record {
    let csl_type = item
        .get("type")
        .and_then(Json::as_str)
        .unwrap_or("document");
    let genre = item.get("genre").and_then(Json::as_str);
    let kind = kind_of(csl_type, genre);
    let mut record = Record {
        key: item.get("id").and_then(text_of),
        kind: Some(kind),
        input_type: csl_type.to_string(),
        ..Record::default()
    };
    for (field, value) in item {
        let text = text_of(value);
        let text = text.as_deref();
        match (field.as_str(), text) {
            ("id" | "type", _) => {}
            ("title", Some(t)) => record.text("title", t),
            ("title-short" | "shortTitle", Some(t)) => record.text("short-title", t),
            ("URL", Some(t)) => record.text("url", t),
            ("note", Some(t)) => record.text("note", t),
            ("volume", Some(t)) => record.text("volume", t),
            ("number", Some(t)) => record.text("number", t),
            ("issue", Some(t)) if kind == SourceType::Article => record.text("number", t),
            ("page", Some(t)) => record.text("pages", t),
            ("publisher", Some(t)) => record.text("publisher", t),
            ("publisher-place" | "event-place", Some(t)) => record.text("place", t),
            // The genre made it a press release; it says nothing more.
            ("genre", Some(_)) if kind == SourceType::PressRelease => {}
            ("genre", Some(t)) if kind == SourceType::Report => record.text("genre", t),
            ("genre", Some(t)) => record.text("description", t),
            ("container-title", Some(t)) => match kind {
                SourceType::News => record.text("publication", t),
                SourceType::Article => record.text("journal", t),
                SourceType::Web => record.text("site", t),
                _ => record.unkept.push(field.clone()),
            },
            ("authority", Some(t)) => match kind {
                SourceType::Case => record.text("court", t),
                SourceType::Legislation => record.text("jurisdiction", t),
                _ => record.unkept.push(field.clone()),
            },
            ("jurisdiction", Some(t)) if kind == SourceType::Legislation => {
                record.text("jurisdiction", t)
            }
            ("author", _) => {
                let target = if kind == SourceType::Interview {
                    "interviewee"
                } else {
                    "author"
                };
                record.names.insert(target, names(value));
            }
            ("interviewer", _) => {
                record.names.insert("interviewer", names(value));
            }
            ("recipient", _) => {
                record.names.insert("recipient", names(value));
            }
            ("issued", _) => match date(value) {
                Some(d) => record.date = Some(d),
                None => record.unkept.push("issued (not a date)".to_string()),
            },
            _ => record.unkept.push(field.clone()),
        }
    }
    record
}

/// The library as CSL-JSON, each entry with its key as `id`.
pub fn write_csl_json(entries: &[Entry]) -> String {
    let items: Vec<Json> = entries.iter().map(csl_item).collect();
    // Every character that could act on a terminal as a JSON escape: the
    // data read back is the same.
    let mut text = crate::diagnostics::json_safe(
        serde_json::to_string_pretty(&items).expect("plain data serialises"),
    );
    text.push('\n');
    text
}

/// One entry as a CSL-JSON item: the one mapping of briefc's types and
/// fields onto CSL's, for the export and for the notes of `[style] csl`.
pub fn csl_item(entry: &Entry) -> Json {
    let mut item = Map::new();
    item.insert("id".into(), json!(entry.key));
    let csl_type = match entry.kind {
        SourceType::Report | SourceType::PressRelease | SourceType::UnDocument => "report",
        SourceType::News => "article-newspaper",
        SourceType::Article => "article-journal",
        SourceType::Book => "book",
        SourceType::Case => "legal_case",
        SourceType::Legislation => "legislation",
        SourceType::Interview => "interview",
        SourceType::Letter => "personal_communication",
        SourceType::Web => "webpage",
        SourceType::Other => "document",
    };
    item.insert("type".into(), json!(csl_type));
    if entry.kind == SourceType::PressRelease {
        item.insert("genre".into(), json!("press release"));
    }
    let literal = |names: &[String]| -> Json {
        Json::Array(names.iter().map(|n| json!({ "literal": n })).collect())
    };
    for (field, value) in &entry.fields {
        let key = match (*field, entry.kind) {
            ("author" | "interviewee", _) => "author",
            ("interviewer", _) => "interviewer",
            ("recipient", _) => "recipient",
            ("title", _) => "title",
            ("short-title", _) => "title-short",
            ("url", _) => "URL",
            ("note", _) => "note",
            ("volume", _) => "volume",
            ("number", SourceType::Article) => "issue",
            ("number", _) | ("symbol", _) => "number",
            ("pages", _) => "page",
            ("publisher", _) => "publisher",
            ("place", SourceType::Interview) => "event-place",
            ("place", _) => "publisher-place",
            ("description" | "genre", _) => "genre",
            // An NGO's document index stands where CSL has a report's
            // number, when the report has none of its own.
            ("index", _) if !entry.fields.contains_key("number") => "number",
            // A work's popular name is its short form when it has none.
            ("popular-name", _) if !entry.fields.contains_key("short-title") => "title-short",
            ("publication" | "journal" | "site", _) => "container-title",
            ("court" | "jurisdiction", _) => "authority",
            ("date", _) => {
                if let Value::Text(date) = value {
                    let parts: Vec<Json> = date
                        .split('-')
                        .filter_map(|p| p.parse::<u32>().ok())
                        .map(|n| json!(n))
                        .collect();
                    item.insert("issued".into(), json!({ "date-parts": [parts] }));
                }
                continue;
            }
            _ => continue,
        };
        let value = match value {
            Value::Names(names) => literal(names),
            Value::Text(text) if NAMES_IN_CSL.contains(&key) => literal(std::slice::from_ref(text)),
            Value::Text(text) => json!(text),
        };
        item.insert(key.into(), value);
    }
    Json::Object(item)
}

/// CSL variables that hold names.
const NAMES_IN_CSL: [&str; 3] = ["author", "interviewer", "recipient"];
