//! One entry of the source library read strictly: a table with a known
//! `type`, only the fields that type takes, the ones it needs present,
//! every problem reported where it stands.

use std::collections::BTreeMap;

use toml::de::{DeTable, DeValue};

use super::source::{COMMON, Source, SourceType, TYPES, is_valid_key};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, FileId, Span, closest};
use crate::toml_fields::{Fields, TableName};

/// The source `[key]`; `None` when it has errors (they are reported).
pub(super) fn read_source(
    key: &str,
    key_span: Span,
    value: &toml::Spanned<DeValue<'_>>,
    file: FileId,
    diagnostics: &mut Diagnostics,
) -> Option<Source> {
    let table = source_table(key, key_span, value, diagnostics)?;
    let fields = Fields {
        table,
        file,
        name: TableName::Source(key),
        span: key_span,
        code: Code::InvalidSource,
    };
    let kind = source_type(key, key_span, &fields, diagnostics)?;
    let (required, _) = kind.fields();
    let allowed = allowed_fields(kind);
    let errors_before = diagnostics.errors();
    report_unknown_fields(table, file, kind, allowed, diagnostics);
    report_missing_fields(key, key_span, kind, required, &fields, diagnostics);
    let values = read_values(key, allowed, &fields, diagnostics);
    let date = fields.date("date", diagnostics);
    if diagnostics.errors() > errors_before {
        return None;
    }
    // The library is shared by briefings in any language: its text is
    // curled the English way here, and each briefing's typography pass
    // puts its quotation marks in the briefing's language.
    let english = crate::locale::english();
    Some(Source {
        key: key.to_string(),
        kind,
        span: key_span,
        url_span: fields.get("url").map(|(_, span)| span),
        authors: values.authors.iter().map(|a| english.smarten(a)).collect(),
        date,
        fields: values.texts,
        name_lists: values.name_lists,
    })
}

/// Every field a source of type `kind` takes: the common ones, then its
/// type's required and optional ones. Made once for each type.
fn allowed_fields(kind: SourceType) -> &'static [&'static str] {
    static ALLOWED: std::sync::OnceLock<Vec<(SourceType, Vec<&'static str>)>> =
        std::sync::OnceLock::new();
    let all = ALLOWED.get_or_init(|| {
        TYPES
            .iter()
            .map(|&(kind, _, required, optional)| {
                let fields = COMMON.iter().chain(required).chain(optional).copied();
                (kind, fields.collect())
            })
            .collect()
    });
    all.iter()
        .find(|(k, _)| *k == kind)
        .map_or(COMMON, |(_, fields)| fields.as_slice())
}

/// The entry's table, when it is one and its key is valid.
fn source_table<'t, 'a>(
    key: &str,
    key_span: Span,
    value: &'t toml::Spanned<DeValue<'a>>,
    diagnostics: &mut Diagnostics,
) -> Option<&'t DeTable<'a>> {
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
    Some(table)
}

/// The entry's `type`, which must be there and be one of the types.
fn source_type(
    key: &str,
    key_span: Span,
    fields: &Fields<'_, '_>,
    diagnostics: &mut Diagnostics,
) -> Option<SourceType> {
    let type_names: Vec<&str> = TYPES.iter().map(|t| t.1).collect();
    let (name, span) = match fields.string("type", diagnostics) {
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
        Some(found) => found,
    };
    if let Some(kind) = SourceType::from_name(&name) {
        return Some(kind);
    }
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
    None
}

/// Every field the type does not take, with the closest it does.
fn report_unknown_fields(
    table: &DeTable<'_>,
    file: FileId,
    kind: SourceType,
    allowed: &[&str],
    diagnostics: &mut Diagnostics,
) {
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
}

/// Every field the type needs that the entry lacks.
fn report_missing_fields(
    key: &str,
    key_span: Span,
    kind: SourceType,
    required: &[&str],
    fields: &Fields<'_, '_>,
    diagnostics: &mut Diagnostics,
) {
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
}

/// The entry's values, but its type and date.
struct Values {
    authors: Vec<String>,
    texts: BTreeMap<&'static str, String>,
    name_lists: BTreeMap<&'static str, Vec<String>>,
}

fn read_values(
    key: &str,
    allowed: &[&'static str],
    fields: &Fields<'_, '_>,
    diagnostics: &mut Diagnostics,
) -> Values {
    let english = crate::locale::english();
    let mut values = Values {
        authors: Vec::new(),
        texts: BTreeMap::new(),
        name_lists: BTreeMap::new(),
    };
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
                    values.authors = names;
                } else {
                    // The English text stands for the field elsewhere (the
                    // JSON of the library); citations join the names in
                    // their own language.
                    values.texts.insert(field, english.join_names(&names));
                    let smart = names.iter().map(|n| english.smarten(n)).collect();
                    values.name_lists.insert(field, smart);
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
            values.texts.insert(field, text);
            continue;
        }
        if field == "author" {
            values.authors = vec![text];
        } else {
            values.texts.insert(field, english.smarten(&text));
        }
    }
    values
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
    use super::check_url;

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
