//! BibTeX and BibLaTeX `.bib` files, read with the `biblatex` crate (which
//! resolves braces, TeX accents and `@string` abbreviations), and written
//! as BibLaTeX that pandoc and Zotero read back.

use std::collections::HashMap;

use biblatex::{Bibliography, ChunksExt, EntryType, Person, RawBibliography};

use super::bibtex_bounds;

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
    restored(&text)
}

/// The entries of a `.bib` file, in its order. Abbreviations and
/// `crossref` links are checked before they are resolved
/// ([`bibtex_bounds`]); entries that share a key are all read.
pub fn read_bibtex(text: &str) -> Result<Vec<Record>, String> {
    let text = kept_as_written(&dotless(text.trim_start_matches('\u{feff}')));
    let raw = RawBibliography::parse(&text).map_err(|e| not_bibtex(&text, &e))?;
    bibtex_bounds::check_strings(&text, &raw)?;
    bibtex_bounds::check_links(&text, &raw.entries)?;
    let RawBibliography {
        preamble,
        entries,
        abbreviations,
    } = raw;
    let mut read: Vec<(usize, Record)> = Vec::new();
    for round in bibtex_bounds::rounds(entries) {
        let positions: HashMap<String, usize> = round
            .iter()
            .map(|(position, entry)| (entry.v.key.v.to_string(), *position))
            .collect();
        let raw = RawBibliography {
            preamble: preamble.clone(),
            entries: round.into_iter().map(|(_, entry)| entry).collect(),
            abbreviations: abbreviations.clone(),
        };
        let bibliography = Bibliography::from_raw(raw).map_err(|e| not_bibtex(&text, &e))?;
        read.extend(bibliography.iter().map(|entry| {
            (
                positions.get(&entry.key).copied().unwrap_or(0),
                record(entry),
            )
        }));
    }
    read.sort_by_key(|(position, _)| *position);
    Ok(read.into_iter().map(|(_, record)| record).collect())
}

/// The reader's error, at its line and column, with what to look for.
fn not_bibtex(text: &str, error: &biblatex::ParseError) -> String {
    let at = error.span.start.min(text.len());
    let before = text.get(..at).unwrap_or(text);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!(
        "line {line}, column {column}: not BibTeX: {}\n  hint: an entry is written \
         `@type{{key, field = {{value}}, ...}}`; look here and just before for a missing \
         comma, brace or quotation mark",
        error.kind
    )
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

/// Stand-ins for a backtick and an apostrophe that TeX was told to print
/// as such (`\textasciigrave`, `\textquotesingle`), so that they are not
/// read as quotation marks; private-use characters no text holds.
const GRAVE: char = '\u{F8F0}';
const APOSTROPHE: char = '\u{F8F1}';

/// The text before it is parsed: a backtick or apostrophe written as a
/// command put aside, and `\char"XXXX` (as briefc writes a character that
/// could act on a terminal) as that character.
fn kept_as_written(text: &str) -> String {
    let mut text = text
        .replace("\\textasciigrave{}", &GRAVE.to_string())
        .replace("\\textquotesingle{}", &APOSTROPHE.to_string());
    let mut from = 0;
    while let Some(found) = text[from..].find("{\\char\"") {
        let at = from + found;
        let hex: String = text[at + 7..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect();
        let end = at + 7 + hex.len();
        let character = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
        match character {
            Some(c) if text[end..].starts_with('}') && crate::diagnostics::is_hidden(c) => {
                text.replace_range(at..end + 1, &c.to_string());
                from = at + c.len_utf8();
            }
            // Not briefc's own: left to the reader as written.
            _ => from = end,
        }
    }
    text
}

/// The stand-ins of [`kept_as_written`] as the characters they are.
fn restored(text: &str) -> String {
    text.replace(GRAVE, "`").replace(APOSTROPHE, "'")
}

/// TeX's quotation marks as the characters they stand for.
fn tex_quotes(text: &str) -> String {
    restored(
        &text
            .replace("``", "\u{201c}")
            .replace("''", "\u{201d}")
            .replace('`', "\u{2018}"),
    )
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
                Value::Text(text) if bib == "url" => url_escaped(text),
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

/// Text written so that TeX, and briefc's own reader, read it back as it
/// stands: TeX's special characters escaped, braces and backslashes as
/// commands, `--` and quotation marks kept from becoming dashes and curly
/// quotes, and a character that could act on a terminal or a CI log
/// (a control character, a bidirectional override, a line separator) as
/// TeX's `\char"XXXX` (a line break is a space, as in TeX).
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match c {
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '\\' => out.push_str("\\textbackslash{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '`' => out.push_str("\\textasciigrave{}"),
            '\'' if next == Some('\'') || out.ends_with('\'') => {
                out.push_str("\\textquotesingle{}")
            }
            '-' if next == Some('-') => out.push_str("-{}"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if crate::diagnostics::is_hidden(c) => {
                out.push_str(&format!("{{\\char\"{:04X}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// An address in a `url` field, which TeX reads verbatim: a backslash
/// (which a style without URL support hands to TeX as a command), braces
/// that do not balance (which could end the field and start another
/// entry, or a `@preamble`) and anything that is not a visible character
/// are percent-encoded: the same address to a web server. Balanced braces
/// stay as written, so the address reads back unchanged.
fn url_escaped(url: &str) -> String {
    let mut depth = 0i64;
    let balanced = url.chars().all(|c| {
        depth += match c {
            '{' => 1,
            '}' => -1,
            _ => 0,
        };
        depth >= 0
    }) && depth == 0;
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        let encoded = c == '\\'
            || (!balanced && matches!(c, '{' | '}'))
            || c.is_whitespace()
            || crate::diagnostics::is_hidden(c);
        if encoded {
            let mut buffer = [0; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_cannot_leave_its_field() {
        assert_eq!(
            url_escaped("https://example.org/a},@preamble{\\input{x}}"),
            "https://example.org/a%7D,@preamble%7B%5Cinput%7Bx%7D%7D"
        );
        assert_eq!(
            url_escaped("https://example.org/q?x={y}"),
            "https://example.org/q?x={y}"
        );
        assert_eq!(
            url_escaped("https://example.org/a b"),
            "https://example.org/a%20b"
        );
    }

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
