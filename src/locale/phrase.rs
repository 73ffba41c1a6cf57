//! A phrase with named places (`Letter from {from} to {to}`), split into
//! its parts once, when the locale is made, so writing it is a few pushes:
//! some phrases are written for every note of a briefing.

use std::fmt::{Display, Write};

#[derive(Debug, Clone)]
enum Part {
    Text(&'static str),
    /// A place for the value of this name.
    Value(&'static str),
}

#[derive(Debug, Clone)]
pub struct Phrase {
    parts: Vec<Part>,
}

impl Phrase {
    /// Splits `template` at each `{name}`; a brace without a closing one
    /// is text.
    pub fn new(template: &'static str) -> Phrase {
        let mut parts = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            if open > 0 {
                parts.push(Part::Text(&rest[..open]));
            }
            parts.push(Part::Value(&rest[open + 1..close]));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest));
        }
        Phrase { parts }
    }

    /// Writes the phrase into `out`, each place filled with the value of
    /// its name; a place whose name has no value is written as it stands.
    pub fn write<V: Display>(&self, out: &mut String, values: &[(&str, V)]) {
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Value(name) => match values.iter().find(|(n, _)| n == name) {
                    Some((_, value)) => {
                        let _ = write!(out, "{value}");
                    }
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                },
            }
        }
    }

    /// [`Phrase::write`] into a new string.
    pub fn to_text<V: Display>(&self, values: &[(&str, V)]) -> String {
        let mut out = String::new();
        self.write(&mut out, values);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_filled_by_name_and_other_braces_kept() {
        let phrase = Phrase::new("Letter from {from} to {to}");
        assert_eq!(
            phrase.to_text(&[("to", "B"), ("from", "A")]),
            "Letter from A to B"
        );
        assert_eq!(Phrase::new("{n}. {m} {").to_text(&[("n", 3)]), "3. {m} {");
        assert_eq!(Phrase::new("plain").to_text::<u32>(&[]), "plain");
    }
}
