//! Entries written as briefc's library TOML: one table per source, the
//! fields in a fixed order, aligned, every value a string (or a list of
//! names), so that an imported file reads like a hand-written one.

use super::{Entry, FIELD_ORDER, Value};

/// A TOML basic string, with the escapes TOML needs, and every character
/// that could act on a terminal or a CI log (`briefc sources import
/// --dry-run` prints this text) written as an escape: the value read back
/// is the same.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if crate::diagnostics::is_hidden(c) => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn to_toml(entries: &[Entry]) -> String {
    let mut out = String::new();
    for (index, entry) in entries.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let key = if entry
            .key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            entry.key.clone()
        } else {
            quoted(&entry.key)
        };
        out.push_str(&format!("[{key}]\n"));
        let fields: Vec<(&str, String)> = std::iter::once(("type", quoted(entry.kind.name())))
            .chain(FIELD_ORDER.iter().filter_map(|field| {
                let value = match entry.fields.get(field)? {
                    Value::Text(text) => quoted(text),
                    Value::Names(names) if names.len() == 1 => quoted(&names[0]),
                    Value::Names(names) => format!(
                        "[{}]",
                        names
                            .iter()
                            .map(|n| quoted(n))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                Some((*field, value))
            }))
            .collect();
        let width = fields.iter().map(|(f, _)| f.len()).max().unwrap_or(0);
        for (field, value) in fields {
            out.push_str(&format!("{field:<width$} = {value}\n"));
        }
    }
    out
}
