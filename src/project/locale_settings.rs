//! `[locales.<language>]` in `briefc.toml`: a project's own words for a
//! built-in language, key by key, or a language briefc has no locale for
//! (which starts from English). Every key and value is checked here, where
//! its position is known, so a locale never fails later.

use crate::diagnostics::{Diagnostic, Diagnostics, closest};
use crate::locale::{Kind, LocaleOverride, Phrase, Value, key_kind, keys};
use crate::toml_fields::{Fields, TableName};

/// Reads `[locales]`: one table per language tag.
pub fn parse(locales: &Fields<'_, '_>, diagnostics: &mut Diagnostics) -> Vec<LocaleOverride> {
    let mut read = Vec::new();
    for (tag, _) in locales.table.iter() {
        let tag: &str = tag.get_ref();
        let Some(table) = locales.table(tag, diagnostics) else {
            continue;
        };
        let table = Fields {
            name: TableName::Named(format!("[locales.{tag}]")),
            ..table
        };
        read.push(LocaleOverride {
            tag: tag.to_string(),
            values: values(&table, diagnostics),
        });
    }
    read
}

fn values(table: &Fields<'_, '_>, diagnostics: &mut Diagnostics) -> Vec<(String, Value)> {
    let known = keys();
    table.deny_unknown(&known, diagnostics);
    let mut values = Vec::new();
    for (key, _) in table.table.iter() {
        let key: &str = key.get_ref();
        let Some(kind) = key_kind(key) else { continue };
        let value = match kind {
            Kind::Flag => table.bool(key, diagnostics).map(Value::Flag),
            Kind::Choice(words) => table
                .choice(key, words, diagnostics)
                .map(|(index, _)| Value::Text(words[index].to_string())),
            Kind::List(lengths) => table.string_list(key, diagnostics).and_then(|items| {
                if lengths.contains(&items.len()) {
                    return Some(Value::List(items.into_iter().map(|(s, _)| s).collect()));
                }
                let (_, span) = table.get(key)?;
                let wanted: Vec<String> = lengths.iter().map(|n| n.to_string()).collect();
                diagnostics.push(
                    Diagnostic::new(
                        table.code,
                        span,
                        format!(
                            "`{key}` in {} needs {} texts, not {}",
                            table.name,
                            wanted.join(" or "),
                            items.len()
                        ),
                    )
                    .with_help(list_help(key)),
                );
                None
            }),
            Kind::Text(places) => table.string(key, diagnostics).and_then(|(text, span)| {
                let phrase = Phrase::new(&text);
                let unknown: Vec<&str> = phrase.places().filter(|p| !places.contains(p)).collect();
                if let Some(place) = unknown.first() {
                    let help = if places.is_empty() {
                        format!("`{key}` takes no places; write the text without braces")
                    } else {
                        let named: Vec<String> =
                            places.iter().map(|p| format!("{{{p}}}")).collect();
                        let mut help = format!("`{key}` can use {}", named.join(", "));
                        if let Some(hint) = closest(place, places.iter().copied()) {
                            help = format!("did you mean `{{{hint}}}`? {help}");
                        }
                        help
                    };
                    diagnostics.push(
                        Diagnostic::new(
                            table.code,
                            span,
                            format!("`{{{place}}}` is not a place in `{key}` of {}", table.name),
                        )
                        .with_label("no value is put here")
                        .with_help(help),
                    );
                    return None;
                }
                Some(Value::Text(text))
            }),
        };
        if let Some(value) = value {
            values.push((key.to_string(), value));
        }
    }
    values
}

fn list_help(key: &str) -> &'static str {
    match key {
        "quotes" => {
            "write the opening and closing double marks, then the single ones: quotes = [\"«\", \"»\", \"„\", \"“\"]"
        }
        "title_marks" => "write an opening and a closing mark, or [] for titles in italics",
        "brackets" => {
            "write what opens a citation's parenthesis (with the space before it) and what closes it: brackets = [\" (\", \")\"]"
        }
        _ => "write the twelve months, January first",
    }
}
