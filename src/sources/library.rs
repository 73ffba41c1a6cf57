//! The citation library: `footnotes/sources.toml` and
//! `footnotes/sources/*.toml`, one table per source, read strictly with the
//! position of every field.

use foldhash::HashMap;

use super::source::Source;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, FileId, SourceMap, Span};
use crate::toml_fields;

#[derive(Debug, Default)]
pub struct Library {
    sources: HashMap<String, Source>,
    /// Keys of entries left out for their errors: citing them is not
    /// reported again as an unknown source.
    invalid: std::collections::HashSet<String>,
}

impl Library {
    /// Asked for every citation: inlined where it is asked.
    #[inline]
    pub fn get(&self, key: &str) -> Option<&Source> {
        self.sources.get(key)
    }

    /// True when `key` names an entry that has errors of its own.
    pub fn is_invalid(&self, key: &str) -> bool {
        self.invalid.contains(key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.sources.keys().map(String::as_str)
    }

    /// Every source, ordered by key.
    pub fn sorted(&self) -> Vec<&Source> {
        let mut all: Vec<&Source> = self.sources.values().collect();
        all.sort_by(|a, b| a.key.cmp(&b.key));
        all
    }

    pub fn len(&self) -> usize {
        self.sources.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// Reads every library file. Invalid entries are reported and left out.
    pub fn parse(files: &[FileId], sources: &SourceMap, diagnostics: &mut Diagnostics) -> Library {
        let mut library = Library::default();
        for &file in files {
            let text = sources.text(file);
            let Some(table) = toml_fields::parse(text, file, Code::InvalidSource, diagnostics)
            else {
                continue;
            };
            for (key, value) in table.get_ref().iter() {
                let key_span = Span::new(file, key.span());
                let Some(source) =
                    super::entry::read_source(key.get_ref(), key_span, value, file, diagnostics)
                else {
                    // Reported as invalid; citing it is not reported again.
                    library.invalid.insert(key.get_ref().to_string());
                    continue;
                };
                if let Some(first) = library.sources.get(&source.key) {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::InvalidSource,
                            key_span,
                            format!("source `{}` is defined twice", source.key),
                        )
                        .with_label("second definition")
                        .with_secondary(first.span, "first defined here")
                        .with_help(
                            "every key is shared by the whole library: rename or remove one",
                        ),
                    );
                    continue;
                }
                library.sources.insert(source.key.clone(), source);
            }
        }
        library
    }
}
