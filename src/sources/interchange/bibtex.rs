//! BibTeX and BibLaTeX `.bib` files, read with the `biblatex` crate (which
//! resolves braces, TeX accents and `@string` abbreviations), and written
//! as BibLaTeX that pandoc and Zotero read back.

use biblatex::{Bibliography, ChunksExt, EntryType, Person};

use super::{Entry, Record, Value, iso_date, loose_date};
use crate::sources::SourceType;

fn kind_of(entry: &biblatex::Entry, field: &dyn Fn(&str) -> Option<String>) -> SourceType {
    let subtype = field("entrysubtype").map(|s| s.to_lowercase());
    let report_type = field("type").map(|s| s.to_lowercase());
    match &entry.entry_type {
        EntryType::Report | EntryType::TechReport
            if report_type
                .as_deref()
                .is_some_and(|t| t.contains("press release")) =>
        {
            SourceType::PressRelease
        }
        EntryType::Report | EntryType::TechReport => SourceType::Report,
        EntryType::Article if matches!(subtype.as_deref(), Some("newspaper" | "magazine")) => {
            SourceType::News
        }
        EntryType::Article => SourceType::Article,
        EntryType::Book | EntryType::MvBook => SourceType::Book,
        EntryType::Online => SourceType::Web,
        EntryType::Misc if subtype.as_deref() == Some("interview") => SourceType::Interview,
        EntryType::Misc if field("url").is_some() && field("howpublished").is_none() => {
            SourceType::Web
        }
        EntryType::Unknown(name) => match name.as_str() {
            "jurisdiction" => SourceType::Case,
            "legislation" | "legal" | "law" => SourceType::Legislation,
            "letter" | "letters" => SourceType::Letter,
            "interview" => SourceType::Interview,
            _ => SourceType::Other,
        },
        _ => SourceType::Other,
    }
}

/// A person as briefc writes a name: `Given prefix Family, Suffix`, an
/// institution (`{Example Rights Watch}`) as it is.
fn person(p: &Person) -> String {
    let mut words: Vec<&str> = Vec::new();
    for part in [&p.given_name, &p.prefix, &p.name] {
        if !part.trim().is_empty() {
            words.push(part.trim());
        }
    }
    let mut text = words.join(" ");
    if !p.suffix.trim().is_empty() {
        text.push_str(", ");
        text.push_str(p.suffix.trim());
    }
    text
}

pub fn read_bibtex(text: &str) -> Result<Vec<Record>, String> {
    let text = dotless(text.trim_start_matches('\u{feff}'));
    let bibliography = Bibliography::parse(&text).map_err(|e| format!("not BibTeX: {e}"))?;
    Ok(bibliography.iter().map(record).collect())
}

/// `\'\i` (an accent on a dotless i, as TeX users write `í`) as `\'i`,
/// which the reader resolves; the same for `\j`.
fn dotless(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&letter @ ('i' | 'j')) = chars.peek()
        {
            let mut ahead = chars.clone();
            ahead.next();
            if !ahead.peek().is_some_and(|n| n.is_ascii_alphabetic()) {
                chars.next();
                out.push(letter);
                // `\i{}` and `\i ` end the command.
                if ahead.peek() == Some(&' ') {
                    chars.next();
                }
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// TeX's quotation marks as the characters they stand for.
fn tex_quotes(text: &str) -> String {
    text.replace("``", "\u{201c}")
        .replace("''", "\u{201d}")
        .replace('`', "\u{2018}")
}

fn record(entry: &biblatex::Entry) -> Record {
    let field = |name: &str| -> Option<String> {
        entry
            .fields
            .get(name)
            .map(|chunks| chunks.format_verbatim())
            .filter(|t| !t.trim().is_empty())
    };
    let kind = kind_of(entry, &field);
    let mut record = Record {
        key: Some(entry.key.clone()),
        kind: Some(kind),
        input_type: format!("@{}", type_name(&entry.entry_type)),
        ..Record::default()
    };
    let (mut year, mut month, mut day) = (None, None, None);
    for (name, chunks) in &entry.fields {
        let text = tex_quotes(&chunks.format_verbatim());
        let text = text.trim();
        match name.as_str() {
            "author" => {
                let people: Vec<Person> = chunks.parse().unwrap_or_default();
                let mut names = Vec::new();
                for p in &people {
                    if p.name == "others" && p.given_name.is_empty() {
                        record.unkept.push(
                            "author: \"and others\" (only the names listed are kept)".to_string(),
                        );
                    } else {
                        names.push(person(p));
                    }
                }
                let target = if kind == SourceType::Interview {
                    "interviewee"
                } else {
                    "author"
                };
                record.names.insert(target, names);
            }
            "interviewer" | "recipient" => {
                let people: Vec<Person> = chunks.parse().unwrap_or_default();
                let target = if name == "interviewer" {
                    "interviewer"
                } else {
                    "recipient"
                };
                record
                    .names
                    .insert(target, people.iter().map(person).collect());
            }
            "title" => record.text("title", text),
            "shorttitle" => record.text("short-title", text),
            "url" => record.text("url", text),
            "note" => record.text("note", text),
            "volume" => record.text("volume", text),
            "number" | "issue" => record.text("number", text),
            "pages" => record.text("pages", &text.replace("--", "-")),
            "publisher" => record.text("publisher", text),
            "address" | "location" => record.text("place", text),
            "journal" | "journaltitle" => match kind {
                SourceType::News => record.text("publication", text),
                _ => record.text("journal", text),
            },
            "institution" | "organization" => match kind {
                SourceType::Case => record.text("court", text),
                SourceType::Legislation => record.text("jurisdiction", text),
                SourceType::Web => record.text("site", text),
                _ => record.text("publisher", text),
            },
            "court" => record.text("court", text),
            "jurisdiction" => record.text("jurisdiction", text),
            "type" if kind == SourceType::PressRelease => {}
            "type" | "howpublished" => record.text("description", text),
            "entrysubtype" => {}
            "date" => match loose_date(text) {
                Some(d) => record.date = Some(d),
                None => record.unkept.push(format!("date ({text}: not a date)")),
            },
            "year" => year = Some(text.to_string()),
            "month" => month = Some(text.to_string()),
            "day" => day = Some(text.to_string()),
            other => record.unkept.push(other.to_string()),
        }
    }
    if record.date.is_none()
        && let Some(year) = year
    {
        match iso_date(&year, month.as_deref(), day.as_deref()) {
            Some(d) => record.date = Some(d),
            None => record.unkept.push(format!("year ({year}: not a year)")),
        }
    }
    record
}

fn type_name(kind: &EntryType) -> String {
    match kind {
        EntryType::Unknown(name) => name.clone(),
        other => format!("{other:?}").to_lowercase(),
    }
}

/// The library as BibLaTeX.
pub fn write_bibtex(entries: &[Entry]) -> String {
    let mut out = String::new();
    for entry in entries {
        let (kind, mut extra): (&str, Vec<(&str, String)>) = match entry.kind {
            SourceType::Report => ("report", vec![]),
            SourceType::PressRelease => ("report", vec![("type", "press release".to_string())]),
            SourceType::UnDocument => ("report", vec![]),
            SourceType::News => ("article", vec![("entrysubtype", "newspaper".to_string())]),
            SourceType::Article => ("article", vec![]),
            SourceType::Book => ("book", vec![]),
            SourceType::Case => ("jurisdiction", vec![]),
            SourceType::Legislation => ("legislation", vec![]),
            SourceType::Interview => ("misc", vec![("entrysubtype", "interview".to_string())]),
            SourceType::Letter => ("letter", vec![]),
            SourceType::Web => ("online", vec![]),
            SourceType::Other => ("misc", vec![]),
        };
        out.push_str(&format!("@{kind}{{{},\n", entry.key));
        let mut fields: Vec<(&str, String)> = Vec::new();
        let ordered = super::FIELD_ORDER
            .iter()
            .filter_map(|name| entry.fields.get(name).map(|value| (name, value)));
        for (name, value) in ordered {
            let bib = match (*name, entry.kind) {
                ("author" | "interviewee", _) => "author",
                ("interviewer", _) => "interviewer",
                ("recipient", _) => "recipient",
                ("title", _) => "title",
                ("short-title", _) => "shorttitle",
                ("url", _) => "url",
                ("note", _) => "note",
                ("volume", _) => "volume",
                ("number" | "symbol", _) => "number",
                ("pages", _) => "pages",
                ("publisher", _) => "publisher",
                ("place", _) => "location",
                ("publication" | "journal", _) => "journaltitle",
                ("site", _) => "organization",
                ("court" | "jurisdiction", _) => "institution",
                ("description", SourceType::Other) => "howpublished",
                ("description", _) => "type",
                ("date", _) => "date",
                _ => continue,
            };
            let text = match value {
                Value::Names(names) => names
                    .iter()
                    .map(|n| format!("{{{}}}", escaped(n)))
                    .collect::<Vec<_>>()
                    .join(" and "),
                Value::Text(text) if bib == "url" => text.clone(),
                Value::Text(text) => escaped(text),
            };
            fields.push((bib, text));
        }
        fields.append(&mut extra);
        for (name, text) in fields {
            out.push_str(&format!("  {name} = {{{text}}},\n"));
        }
        out.push_str("}\n\n");
    }
    out
}

/// Text with the characters TeX reads as commands escaped.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '{' | '}' | '\\' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tex_accents_braces_and_names_are_read() {
        let bib = r#"@book{b, author = {Ocampo, Jos{\'e} Luis and {Example Rights Watch} and others},
          title = {``The {Andijan} Files'' of Jur{\'\i}dica}, year = 2009, month = jun}"#;
        let records = read_bibtex(bib).unwrap();
        let r = &records[0];
        assert_eq!(
            r.names["author"],
            ["José Luis Ocampo", "Example Rights Watch"]
        );
        assert_eq!(
            r.texts["title"],
            "\u{201c}The Andijan Files\u{201d} of Jurídica"
        );
        assert_eq!(r.date.as_deref(), Some("2009-06"));
        assert!(r.unkept[0].contains("and others"));
    }
}
