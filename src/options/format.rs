//! The editions briefc writes, as a type: [`Format`] names one, and
//! [`Formats`] is the set a briefing asks for. Names are read in one place
//! each, at the edges: [`read_formats`] for both TOML files and
//! [`parse_list`] for `--format`; everywhere else a format is a value.

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Span, closest, printable, suggestion};

/// One edition of a briefing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Format {
    /// The self-contained HTML page.
    Html,
    /// The plain-text edition.
    Text,
    /// The PDF, with the notes at the foot of each page.
    Pdf,
    /// The resolved document as JSON, for a CMS.
    Json,
    /// The Word document, for reviewers.
    Docx,
}

impl Format {
    /// Every format, in the order editions are listed, rendered and linked.
    pub const ALL: [Format; 5] = [
        Format::Html,
        Format::Text,
        Format::Pdf,
        Format::Json,
        Format::Docx,
    ];

    /// The name `formats` and `--format` use.
    pub const fn name(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Text => "text",
            Format::Pdf => "pdf",
            Format::Json => "json",
            Format::Docx => "docx",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|format| format.name() == name)
    }

    const fn bit(self) -> u8 {
        1 << self as u8
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of formats; it iterates in [`Format::ALL`] order, whatever order
/// the names were written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Formats(u8);

impl Formats {
    /// The editions written when nothing names any: the PDF too when this
    /// briefc can typeset one.
    pub const DEFAULT: Formats = if cfg!(feature = "pdf") {
        Formats::of(&[Format::Html, Format::Text, Format::Pdf])
    } else {
        Formats::of(&[Format::Html, Format::Text])
    };

    pub const fn of(formats: &[Format]) -> Formats {
        let mut bits = 0;
        let mut at = 0;
        while at < formats.len() {
            bits |= formats[at].bit();
            at += 1;
        }
        Formats(bits)
    }

    pub fn contains(self, format: Format) -> bool {
        self.0 & format.bit() != 0
    }

    pub fn insert(&mut self, format: Format) {
        self.0 |= format.bit();
    }

    pub fn remove(&mut self, format: Format) {
        self.0 &= !format.bit();
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The formats of `self` that are not in `other`.
    pub fn without(self, other: Formats) -> Formats {
        Formats(self.0 & !other.0)
    }

    /// The formats in both.
    pub fn intersection(self, other: Formats) -> Formats {
        Formats(self.0 & other.0)
    }

    pub fn iter(self) -> impl Iterator<Item = Format> {
        Format::ALL.into_iter().filter(move |f| self.contains(*f))
    }
}

impl FromIterator<Format> for Formats {
    fn from_iter<I: IntoIterator<Item = Format>>(formats: I) -> Self {
        let mut set = Formats::default();
        for format in formats {
            set.insert(format);
        }
        set
    }
}

/// The names of every format.
fn names() -> impl Iterator<Item = &'static str> {
    Format::ALL.into_iter().map(Format::name)
}

/// `"html", "text", "pdf", and "json"`, for messages (which are in English).
pub fn quoted_names() -> String {
    let quoted: Vec<String> = names().map(|n| format!("\"{n}\"")).collect();
    crate::locale::english().join_names(&quoted)
}

/// The formats named by a `formats` list of `briefing.toml` or
/// `briefc.toml` (`file` says which, for messages). A name that is no
/// format is reported at its place, with the closest format's name, and
/// left out.
pub fn read_formats(
    names_given: &[(String, Span)],
    file: &str,
    diagnostics: &mut Diagnostics,
) -> Formats {
    let mut formats = Formats::default();
    for (name, span) in names_given {
        if let Some(format) = Format::from_name(name) {
            formats.insert(format);
            continue;
        }
        let help = match closest(name, names()) {
            Some(hint) => format!("did you mean \"{}\"?", suggestion(hint, name)),
            None => format!("the formats are {}", quoted_names()),
        };
        diagnostics.push(
            Diagnostic::new(
                Code::InvalidMetadata,
                *span,
                format!("unknown format `{name}` in {file}"),
            )
            .with_label("not a format briefc writes")
            .with_help(help),
        );
    }
    formats
}

/// The formats of a `--format` list such as `html,text`. An empty name
/// between commas (`html,`) names nothing; a list that names no format at
/// all, or an unknown name, is an error saying what to write.
pub fn parse_list(list: &str) -> Result<Formats, String> {
    let mut formats = Formats::default();
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        match Format::from_name(name) {
            Some(format) => formats.insert(format),
            None => {
                let hint = match closest(name, names()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("the formats are {}", quoted_names()),
                };
                return Err(format!(
                    "unknown format `{}` in --format: {hint}",
                    printable(name)
                ));
            }
        }
    }
    if formats.is_empty() {
        return Err("--format names no format: write for example --format html,text".to_string());
    }
    Ok(formats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_iterates_in_the_order_of_the_editions() {
        let set: Formats = [Format::Json, Format::Html].into_iter().collect();
        assert_eq!(set.iter().collect::<Vec<_>>(), [Format::Html, Format::Json]);
        assert!(set.contains(Format::Json) && !set.contains(Format::Pdf));
        assert_eq!(
            set.without(Formats::of(&[Format::Json])),
            Formats::of(&[Format::Html])
        );
    }

    #[test]
    fn every_name_reads_back_as_its_format() {
        for format in Format::ALL {
            assert_eq!(Format::from_name(format.name()), Some(format));
            let value = <Format as clap::ValueEnum>::to_possible_value(&format).unwrap();
            assert_eq!(value.get_name(), format.name(), "clap's name");
        }
        assert_eq!(Format::from_name("HTML"), None);
    }

    #[test]
    fn a_command_line_list_is_read_with_hints() {
        assert_eq!(
            parse_list("text, html,"),
            Ok(Formats::of(&[Format::Html, Format::Text]))
        );
        assert_eq!(
            parse_list("html,txt").unwrap_err(),
            "unknown format `txt` in --format: did you mean `text`?"
        );
        assert!(parse_list(",").unwrap_err().contains("names no format"));
    }
}
