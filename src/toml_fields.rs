//! Strict, typed reading of TOML tables with the position of every key and
//! value, so that a typo or a wrong type is reported where it stands.
//!
//! serde's `deny_unknown_fields` stops at the first problem; reading the
//! spanned table by hand reports all of them in one run.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostics::{Code, Diagnostic, Diagnostics, FileId, Span, closest};
use crate::model::PartialDate;

/// Parses a TOML file; a syntax error becomes an `invalid-metadata`
/// diagnostic at its position.
pub fn parse<'a>(
    text: &'a str,
    file: FileId,
    code: Code,
    diagnostics: &mut Diagnostics,
) -> Option<Spanned<DeTable<'a>>> {
    match DeTable::parse(text) {
        Ok(table) => Some(table),
        Err(error) => {
            let range = error.span().unwrap_or(0..0);
            let message = error.message().trim_end().to_string();
            let (said, label, help) = explained(text, range.start, message);
            diagnostics.push(
                Diagnostic::new(code, Span::new(file, range), said)
                    .with_label(label)
                    .with_help(help),
            );
            None
        }
    }
}

/// What a TOML error means in the words of the file: a date written as
/// people write dates (`date = 01/23/2007`) is said to be one, and text
/// without its quotation marks is shown with them; anything else keeps
/// the parser's words.
fn explained(text: &str, at: usize, message: String) -> (String, String, String) {
    let line_start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or("");
    let Some((key, value)) = line.split_once('=') else {
        return plain(message);
    };
    let (key, value) = (key.trim(), value.split('#').next().unwrap_or("").trim());
    let bare_key = key
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !bare_key || key.is_empty() {
        return plain(message);
    }
    let date_like = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || b"/.- ".contains(&b))
        && value.bytes().any(|b| b"/.".contains(&b));
    if date_like || (key.ends_with("date") && !value.starts_with('"')) {
        return (
            format!("`{key}` is not written as a date"),
            format!("`{value}` is not a date briefc can read"),
            "write a date as year-month-day: 2007-01-23; when the day or the month is not \
             known, \"2007-01\" or 2007"
                .to_string(),
        );
    }
    let bare_word = value.chars().next().is_some_and(char::is_alphabetic)
        && !matches!(value, "true" | "false" | "inf" | "nan");
    if message.contains("must be quoted") || bare_word {
        return (
            format!("the text of `{key}` needs quotation marks"),
            "text without quotation marks".to_string(),
            format!("write text in double quotes: {key} = \"{value}\""),
        );
    }
    plain(message)
}

fn plain(message: String) -> (String, String, String) {
    (
        "invalid TOML".to_string(),
        message,
        "see https://toml.io for the syntax".to_string(),
    )
}

/// How messages name a table.
#[derive(Debug, Clone)]
pub enum TableName<'t> {
    /// As written: `briefing.toml`, `[footnotes]`, `[locales.ru]`.
    Named(String),
    /// A source of the library, by its key (``source `KEY` ``), made into
    /// text only when a message names it: a library of thousands of
    /// sources names none of them unless one is wrong.
    Source(&'t str),
}

impl std::fmt::Display for TableName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TableName::Named(name) => f.write_str(name),
            TableName::Source(key) => write!(f, "source `{key}`"),
        }
    }
}

/// One table being read: remembers the file, the table's name for messages
/// and the keys it accepts.
pub struct Fields<'t, 'a> {
    pub table: &'t DeTable<'a>,
    pub file: FileId,
    /// How messages name this table.
    pub name: TableName<'t>,
    pub span: Span,
    /// The diagnostic code every problem in this table is reported as.
    pub code: Code,
}

impl<'t, 'a> Fields<'t, 'a> {
    pub fn new(table: &'t Spanned<DeTable<'a>>, file: FileId, name: &str) -> Self {
        Fields {
            table: table.get_ref(),
            file,
            name: TableName::Named(name.to_string()),
            span: Span::new(file, table.span()),
            code: Code::InvalidMetadata,
        }
    }

    fn span_of(&self, range: std::ops::Range<usize>) -> Span {
        Span::new(self.file, range)
    }

    /// Reports every key not in `known`, with a "did you mean" hint.
    pub fn deny_unknown(&self, known: &[&str], diagnostics: &mut Diagnostics) {
        for (key, _) in self.table.iter() {
            let name: &str = key.get_ref();
            if known.contains(&name) {
                continue;
            }
            let mut diagnostic = Diagnostic::new(
                self.code,
                self.span_of(key.span()),
                format!("unknown key `{name}` in {}", self.name),
            )
            .with_label("not a known key");
            diagnostic = match closest(name, known.iter().copied()) {
                Some(hint) => diagnostic.with_help(format!("did you mean `{hint}`?")),
                None => diagnostic.with_help(format!("known keys: {}", known.join(", "))),
            };
            diagnostics.push(diagnostic);
        }
    }

    pub fn get(&self, key: &str) -> Option<(&'t Spanned<DeValue<'a>>, Span)> {
        self.table
            .get(key)
            .map(|value| (value, self.span_of(value.span())))
    }

    fn wrong_type(&self, key: &str, expected: &str, value: &Spanned<DeValue<'_>>) -> Diagnostic {
        Diagnostic::new(
            self.code,
            self.span_of(value.span()),
            format!(
                "`{key}` in {} must be {expected}, not {}",
                self.name,
                article(value.get_ref().type_str())
            ),
        )
        .with_label(format!("expected {expected}"))
    }

    pub fn missing(&self, key: &str, example: &str, diagnostics: &mut Diagnostics) {
        diagnostics.push(
            Diagnostic::new(
                self.code,
                Span::new(self.file, self.span.start..self.span.start),
                format!("{} has no `{key}`", self.name),
            )
            .with_help(format!("add a line such as `{key} = {example}`")),
        );
    }

    pub fn string(&self, key: &str, diagnostics: &mut Diagnostics) -> Option<(String, Span)> {
        let (value, span) = self.get(key)?;
        match value.get_ref().as_str() {
            Some(s) => Some((s.to_string(), span)),
            None => {
                diagnostics.push(self.wrong_type(key, "a string", value));
                None
            }
        }
    }

    pub fn bool(&self, key: &str, diagnostics: &mut Diagnostics) -> Option<bool> {
        let (value, _) = self.get(key)?;
        match value.get_ref().as_bool() {
            Some(b) => Some(b),
            None => {
                diagnostics.push(self.wrong_type(key, "true or false", value));
                None
            }
        }
    }

    /// An integer in `range`; out-of-range values are reported with the
    /// range.
    pub fn integer(
        &self,
        key: &str,
        range: std::ops::RangeInclusive<i64>,
        diagnostics: &mut Diagnostics,
    ) -> Option<i64> {
        let (value, span) = self.get(key)?;
        let Some(int) = value.get_ref().as_integer() else {
            diagnostics.push(self.wrong_type(key, "a whole number", value));
            return None;
        };
        let parsed = i64::from_str_radix(int.as_str(), int.radix());
        match parsed {
            Ok(n) if range.contains(&n) => Some(n),
            _ => {
                diagnostics.push(
                    Diagnostic::new(
                        self.code,
                        span,
                        format!(
                            "`{key}` in {} must be between {} and {}",
                            self.name,
                            range.start(),
                            range.end()
                        ),
                    )
                    .with_label("out of range"),
                );
                None
            }
        }
    }

    /// One of a fixed set of strings.
    pub fn choice(
        &self,
        key: &str,
        choices: &[&str],
        diagnostics: &mut Diagnostics,
    ) -> Option<(usize, Span)> {
        let (text, span) = self.string(key, diagnostics)?;
        if let Some(index) = choices.iter().position(|c| *c == text) {
            return Some((index, span));
        }
        let quoted: Vec<String> = choices.iter().map(|c| format!("\"{c}\"")).collect();
        let mut diagnostic = Diagnostic::new(
            self.code,
            span,
            format!("`{key}` in {} must be {}", self.name, quoted.join(" or ")),
        )
        .with_label(format!("`{text}` is not allowed here"));
        if let Some(hint) = closest(&text, choices.iter().copied()) {
            diagnostic = diagnostic.with_help(format!("did you mean \"{hint}\"?"));
        }
        diagnostics.push(diagnostic);
        None
    }

    /// A list of strings, each with its span.
    pub fn string_list(
        &self,
        key: &str,
        diagnostics: &mut Diagnostics,
    ) -> Option<Vec<(String, Span)>> {
        let (value, _) = self.get(key)?;
        let Some(array) = value.get_ref().as_array() else {
            diagnostics.push(self.wrong_type(key, "a list of strings", value));
            return None;
        };
        let mut items = Vec::new();
        let mut ok = true;
        for item in array.iter() {
            match item.get_ref().as_str() {
                Some(s) => items.push((s.to_string(), self.span_of(item.span()))),
                None => {
                    diagnostics.push(self.wrong_type(key, "a list of strings", item));
                    ok = false;
                }
            }
        }
        ok.then_some(items)
    }

    pub fn table(&self, key: &str, diagnostics: &mut Diagnostics) -> Option<Fields<'t, 'a>> {
        let (value, span) = self.get(key)?;
        match value.get_ref().as_table() {
            Some(table) => Some(Fields {
                table,
                file: self.file,
                name: TableName::Named(format!("[{key}]")),
                span,
                code: self.code,
            }),
            None => {
                diagnostics.push(self.wrong_type(key, "a table", value));
                None
            }
        }
    }

    /// A TOML date (`2007-01-23`), a string `YYYY-MM-DD`, `YYYY-MM`, `YYYY`,
    /// or a bare year.
    pub fn date(&self, key: &str, diagnostics: &mut Diagnostics) -> Option<PartialDate> {
        let (value, span) = self.get(key)?;
        let parsed = match value.get_ref() {
            DeValue::String(s) => PartialDate::parse(s),
            // A bare year, `date = 2007`, means the year.
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(year) if (1..=9999).contains(&year) => {
                    PartialDate::from_parts(year as i16, None, None)
                }
                _ => Err(format!("{} is not a year", i.as_str())),
            },
            DeValue::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => {
                    PartialDate::from_parts(d.year as i16, Some(d.month as i8), Some(d.day as i8))
                }
                _ => Err("a date has no time of day: write YYYY-MM-DD".to_string()),
            },
            _ => {
                diagnostics.push(self.wrong_type(key, "a date", value));
                return None;
            }
        };
        match parsed {
            Ok(date) => Some(date),
            Err(problem) => {
                diagnostics.push(
                    Diagnostic::new(
                        self.code,
                        span,
                        format!("`{key}` in {} is not a valid date", self.name),
                    )
                    .with_label(problem)
                    .with_help("write a date as 2007-01-23, \"2007-01\" or \"2007\""),
                );
                None
            }
        }
    }
}

fn article(type_name: &str) -> String {
    match type_name {
        "integer" => "an integer".to_string(),
        "array" => "a list".to_string(),
        other => format!("a {other}"),
    }
}
