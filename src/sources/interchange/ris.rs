//! RIS, the tagged format of EndNote, Zotero and most databases: one
//! `TAG  - value` per line, each reference from `TY` to `ER`.

use super::{Record, loose_date};
use crate::sources::SourceType;

fn kind_of(tag: &str) -> SourceType {
    match tag {
        "RPRT" | "GOVDOC" => SourceType::Report,
        "NEWS" | "MGZN" => SourceType::News,
        "JOUR" | "EJOUR" => SourceType::Article,
        "BOOK" | "EBOOK" => SourceType::Book,
        "CASE" => SourceType::Case,
        "STAT" | "LEGAL" | "BILL" => SourceType::Legislation,
        "PCOMM" => SourceType::Letter,
        "ELEC" | "WEB" | "BLOG" => SourceType::Web,
        _ => SourceType::Other,
    }
}

/// `Family, Given` as `Given Family`; anything else as it is.
fn name(text: &str) -> String {
    match text.split_once(',') {
        Some((family, given)) if !given.trim().is_empty() => {
            let (given, suffix) = match given.split_once(',') {
                Some((g, s)) => (g.trim(), Some(s.trim())),
                None => (given.trim(), None),
            };
            let mut out = format!("{given} {}", family.trim());
            if let Some(suffix) = suffix.filter(|s| !s.is_empty()) {
                out.push_str(", ");
                out.push_str(suffix);
            }
            out
        }
        Some((family, _)) => family.trim().to_string(),
        None => text.trim().to_string(),
    }
}

pub fn read_ris(text: &str) -> Result<Vec<Record>, String> {
    let mut records = Vec::new();
    let mut current: Option<Record> = None;
    let (mut start_page, mut end_page): (Option<String>, Option<String>) = (None, None);
    for (number, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            continue;
        }
        let Some((tag, value)) = split_line(line) else {
            return Err(format!(
                "line {}: `{line}` is not `TAG  - value`",
                number + 1
            ));
        };
        if tag == "TY" {
            current = Some(Record {
                kind: Some(kind_of(value)),
                input_type: value.to_string(),
                ..Record::default()
            });
            (start_page, end_page) = (None, None);
            continue;
        }
        let Some(record) = current.as_mut() else {
            return Err(format!(
                "line {}: `{tag}` before the first `TY`",
                number + 1
            ));
        };
        let kind = record.kind.unwrap_or(SourceType::Other);
        match tag {
            "ER" => {
                let mut done = current.take().expect("a reference is open");
                match (start_page.take(), end_page.take()) {
                    (Some(s), Some(e)) => done.text("pages", &format!("{s}-{e}")),
                    (Some(s), None) => done.text("pages", &s),
                    _ => {}
                }
                records.push(done);
            }
            "ID" => record.key = Some(value.to_string()),
            "AU" | "A1" => record.names.entry("author").or_default().push(name(value)),
            "TI" | "T1" => record.text("title", value),
            "ST" => record.text("short-title", value),
            "T2" | "JO" | "JF" | "JA" => match kind {
                SourceType::News => record.text("publication", value),
                SourceType::Article => record.text("journal", value),
                SourceType::Web => record.text("site", value),
                _ => record.unkept.push(tag.to_string()),
            },
            "PY" | "Y1" | "DA" => {
                if let Some(date) = loose_date(value) {
                    // The fullest date given wins.
                    if record.date.as_ref().is_none_or(|d| d.len() < date.len()) {
                        record.date = Some(date);
                    }
                }
            }
            "UR" => record.text("url", value),
            "VL" => record.text("volume", value),
            "IS" | "M1" => record.text("number", value),
            "SP" => start_page = Some(value.to_string()),
            "EP" => end_page = Some(value.to_string()),
            "PB" => match kind {
                SourceType::Case => record.text("court", value),
                _ => record.text("publisher", value),
            },
            "CY" | "PP" => record.text("place", value),
            "N1" => record.text("note", value),
            "M3" => record.text("description", value),
            other => record.unkept.push(other.to_string()),
        }
    }
    if current.is_some() {
        return Err("the last reference has no `ER  -` line".to_string());
    }
    Ok(records)
}

/// `AU  - Smith, Jane` as `("AU", "Smith, Jane")`.
fn split_line(line: &str) -> Option<(&str, &str)> {
    let tag = line.get(..2)?;
    if !tag
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        return None;
    }
    let rest = line[2..].trim_start();
    let value = rest.strip_prefix('-')?;
    Some((tag, value.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_read_from_ty_to_er() {
        let ris = "TY  - RPRT\nAU  - Zokirova, Mariam\nAU  - Example Rights Watch\nTI  - Still at Risk\nPY  - 2005/04/15/\nSN  - 1234\nER  - \n";
        let records = read_ris(ris).unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(
            records[0].names["author"],
            ["Mariam Zokirova", "Example Rights Watch"]
        );
        assert_eq!(records[0].date.as_deref(), Some("2005-04-15"));
        assert_eq!(records[0].unkept, ["SN"]);
        assert!(read_ris("TY  - JOUR\nTI  - x\n").is_err());
    }
}
