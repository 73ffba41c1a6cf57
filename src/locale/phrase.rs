//! A phrase with named places (`Letter from {from} to {to}`), split into
//! its parts once, when the locale is made, so writing it is a few pushes:
//! some phrases are written for every note of a briefing.

use std::ops::Range;

/// What a phrase's place is filled with: text, or a number written in
/// decimal without the formatting machinery (dates and note numbers are
/// written thousands of times a briefing).
pub trait Value {
    fn write_into(&self, out: &mut String);
}

impl Value for str {
    fn write_into(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Value for String {
    fn write_into(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl<T: Value + ?Sized> Value for &T {
    fn write_into(&self, out: &mut String) {
        (**self).write_into(out);
    }
}

macro_rules! decimal_values {
    ($($t:ty),*) => {$(
        impl Value for $t {
            fn write_into(&self, out: &mut String) {
                out.push_str(itoa::Buffer::new().format(*self));
            }
        }
    )*};
}

decimal_values!(u8, u16, u32, u64, usize, i8, i16, i32, i64);

#[derive(Debug, Clone)]
enum Part {
    Text(Range<usize>),
    /// A place for the value of this name.
    Value(Range<usize>),
}

#[derive(Debug, Clone)]
pub struct Phrase {
    template: String,
    parts: Vec<Part>,
}

impl Phrase {
    /// Splits `template` at each `{name}`; a brace without a closing one
    /// is text.
    pub fn new(template: &str) -> Phrase {
        let mut parts = Vec::new();
        let mut at = 0;
        while let Some(open) = template[at..].find('{').map(|o| at + o) {
            let Some(close) = template[open..].find('}').map(|c| open + c) else {
                break;
            };
            if open > at {
                parts.push(Part::Text(at..open));
            }
            parts.push(Part::Value(open + 1..close));
            at = close + 1;
        }
        if at < template.len() {
            parts.push(Part::Text(at..template.len()));
        }
        Phrase {
            template: template.to_string(),
            parts,
        }
    }

    /// The names of the phrase's places, in order.
    pub fn places(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Value(range) => Some(&self.template[range.clone()]),
            Part::Text(_) => None,
        })
    }

    /// Writes the phrase into `out`, each place filled with the value of
    /// its name; a place whose name has no value is written as it stands.
    pub fn write<V: Value>(&self, out: &mut String, values: &[(&str, V)]) {
        for part in &self.parts {
            match part {
                Part::Text(range) => out.push_str(&self.template[range.clone()]),
                Part::Value(range) => {
                    let name = &self.template[range.clone()];
                    match values.iter().find(|(n, _)| *n == name) {
                        Some((_, value)) => value.write_into(out),
                        None => {
                            out.push('{');
                            out.push_str(name);
                            out.push('}');
                        }
                    }
                }
            }
        }
    }

    /// [`Phrase::write`] into a new string.
    pub fn to_text<V: Value>(&self, values: &[(&str, V)]) -> String {
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
        assert_eq!(phrase.places().collect::<Vec<_>>(), ["from", "to"]);
        assert_eq!(Phrase::new("{n}. {m} {").to_text(&[("n", 3)]), "3. {m} {");
        assert_eq!(Phrase::new("plain").to_text::<u32>(&[]), "plain");
        assert_eq!(Phrase::new("第{n}页").to_text(&[("n", 5)]), "第5页");
    }
}
