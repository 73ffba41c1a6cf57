//! Every word and convention briefc itself writes into a briefing: the
//! headings it adds, the abbreviations of a citation, how names are
//! joined, how a date reads, which quotation marks are used. Renderers and
//! the citation style ask a [`Locale`] and never spell a word themselves,
//! so a language is added here without touching them.

mod en;
mod phrase;

use std::sync::{Arc, OnceLock};

use serde::Serialize;

pub use phrase::Phrase;

use crate::model::{DateStyle, PartialDate};

/// The words briefc adds to a page, as templates see them (`terms.notes`).
#[derive(Debug, Clone, Serialize)]
pub struct Terms {
    /// The heading of a notes list.
    pub notes: String,
    /// The heading of the table of contents.
    pub contents: String,
    /// The banner of a draft on its page.
    pub draft_banner: String,
    /// The line that marks a draft in its plain text and on its PDF's
    /// title page.
    pub draft_line: String,
    /// The word across every page of a draft's PDF.
    pub draft_mark: String,
    /// The index page's title.
    pub briefings: String,
    /// After a draft's status in the index.
    pub not_for_publication: String,
    /// The index's link to a briefing's plain text.
    pub plain_text: String,
    /// The index when nothing was built.
    pub no_briefings: String,
}

/// The conventions of one language. Built-in locales are shared; a
/// briefing holds its own by [`Arc`].
#[derive(Debug, Clone)]
pub struct Locale {
    /// The primary language subtag this locale is for: `en`.
    pub language: &'static str,
    pub terms: Terms,
    months: [&'static str; 12],
    /// Opening and closing double, then single, quotation marks.
    quotes: [char; 4],
    /// The word before the last of several names.
    and: &'static str,
    /// Before the last item of a citation with several: "; and ".
    last_citation_joiner: &'static str,
    /// A comma before that word when there are three names or more.
    serial_comma: bool,
    /// "Ibid." at the start of a note and within one.
    ibid: [&'static str; 2],
    page: &'static str,
    pages: &'static str,
    volume: &'static str,
    number: &'static str,
    /// `{publisher}` replaced by the issuer.
    press_release: Phrase,
    /// `{interviewer}` and `{interviewee}` replaced.
    interview: Phrase,
    /// `{from}` and `{to}` replaced.
    letter: Phrase,
    /// `{alt}` replaced: an image in plain text.
    image: Phrase,
    /// `{n}` replaced: the label of a note's only back-link.
    back_to_text: Phrase,
    /// `{n}` and `{nth}` replaced: the label of one of several back-links.
    back_to_reference: Phrase,
    /// A comma or full stop after a quotation goes inside its closing mark.
    marks_inside_quotes: bool,
}

impl Locale {
    /// The locale for a BCP 47 tag; English for any language that has none
    /// (the only one so far).
    pub fn for_language(_tag: &str) -> Arc<Locale> {
        english()
    }

    /// "A", "A and B", "A, B, and C".
    pub fn join_names(&self, names: &[String]) -> String {
        match names {
            [] => String::new(),
            [one] => one.clone(),
            [a, b] => format!("{a} {} {b}", self.and),
            [rest @ .., last] => {
                let comma = if self.serial_comma { "," } else { "" };
                format!("{}{comma} {} {last}", rest.join(", "), self.and)
            }
        }
    }

    /// The separator before the last item of a citation with several:
    /// "; and ".
    pub fn last_citation_joiner(&self) -> &str {
        self.last_citation_joiner
    }

    /// A date as a reader sees it: "June 30, 2006", "June 2006", "2006".
    pub fn date(&self, date: &PartialDate, style: DateStyle) -> String {
        use std::fmt::Write;
        let year = date.year;
        // Written into one buffer: a briefing's notes print thousands.
        let mut out = String::with_capacity(20);
        let _ = match (date.month, date.day) {
            (Some(m), Some(d)) => {
                let month = self.months[(m - 1) as usize];
                match style {
                    DateStyle::Mdy => write!(out, "{month} {d}, {year}"),
                    DateStyle::Dmy => write!(out, "{d} {month} {year}"),
                }
            }
            (Some(m), None) => write!(out, "{} {year}", self.months[(m - 1) as usize]),
            _ => write!(out, "{year}"),
        };
        out
    }

    /// Straight quotation marks made typographic: an opening mark at the
    /// start, after a space or an opening bracket or dash; a closing one
    /// (and an apostrophe) anywhere else.
    pub fn smarten(&self, text: &str) -> String {
        if memchr::memchr2(b'"', b'\'', text.as_bytes()).is_none() {
            return text.to_string();
        }
        let [open2, close2, open1, close1] = self.quotes;
        let mut out = String::with_capacity(text.len());
        let mut previous: Option<char> = None;
        for c in text.chars() {
            let opening = previous.is_none_or(|p| {
                p.is_whitespace() || "([{“‘—–".contains(p) || p == open2 || p == open1
            });
            out.push(match (c, opening) {
                ('"', true) => open2,
                ('"', false) => close2,
                ('\'', true) => open1,
                ('\'', false) => close1,
                _ => c,
            });
            previous = Some(c);
        }
        out
    }

    /// `text` in double quotation marks.
    pub fn quoted(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        out.push(self.quotes[0]);
        out.push_str(text);
        out.push(self.quotes[1]);
        out
    }

    /// The closing double quotation mark.
    pub fn closing_quote(&self) -> char {
        self.quotes[1]
    }

    pub fn marks_inside_quotes(&self) -> bool {
        self.marks_inside_quotes
    }

    /// "Ibid." at the start of a note, "ibid." elsewhere.
    pub fn ibid(&self, capital: bool) -> &str {
        self.ibid[usize::from(!capital)]
    }

    /// A bare page number or range means pages: `12` is "p. 12", `12-14`
    /// is "pp. 12-14"; anything else is printed as written.
    pub fn locator(&self, locator: &str) -> String {
        let is_number = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        if is_number(locator) {
            return spaced(self.page, locator);
        }
        if let Some((a, b)) = locator.split_once(['-', '–'])
            && is_number(a.trim())
            && is_number(b.trim())
        {
            return spaced(self.pages, locator);
        }
        locator.to_string()
    }

    /// "vol. 12".
    pub fn volume(&self, volume: &str) -> String {
        spaced(self.volume, volume)
    }

    /// "no. 3".
    pub fn number(&self, number: &str) -> String {
        spaced(self.number, number)
    }

    /// "Human Rights Watch press release".
    pub fn press_release(&self, publisher: &str) -> String {
        self.press_release.to_text(&[("publisher", publisher)])
    }

    /// "Human Rights Watch interview with a witness".
    pub fn interview(&self, interviewer: &str, interviewee: &str) -> String {
        self.interview
            .to_text(&[("interviewer", interviewer), ("interviewee", interviewee)])
    }

    /// "Letter from A to B".
    pub fn letter(&self, from: &str, to: &str) -> String {
        self.letter.to_text(&[("from", from), ("to", to)])
    }

    /// "[Image: a map]" in plain text.
    pub fn image(&self, alt: &str) -> String {
        self.image.to_text(&[("alt", alt)])
    }

    /// Writes the accessible label of a note's back-link into `out`: which
    /// reference of how many it returns to.
    pub fn write_back_link_label(&self, out: &mut String, number: u32, nth: u32, count: u32) {
        let phrase = if count == 1 {
            &self.back_to_text
        } else {
            &self.back_to_reference
        };
        phrase.write(out, &[("n", number), ("nth", nth)]);
    }
}

/// `word value`, as "p. 12".
fn spaced(word: &str, value: &str) -> String {
    let mut out = String::with_capacity(word.len() + 1 + value.len());
    out.push_str(word);
    out.push(' ');
    out.push_str(value);
    out
}

/// The built-in English locale, made once.
pub fn english() -> Arc<Locale> {
    static ENGLISH: OnceLock<Arc<Locale>> = OnceLock::new();
    ENGLISH.get_or_init(|| Arc::new(en::locale())).clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_joins_names_with_a_serial_comma() {
        let en = english();
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(en.join_names(&names(&[])), "");
        assert_eq!(en.join_names(&names(&["A"])), "A");
        assert_eq!(en.join_names(&names(&["A", "B"])), "A and B");
        assert_eq!(en.join_names(&names(&["A", "B", "C"])), "A, B, and C");
    }

    #[test]
    fn english_dates_in_either_order_and_at_any_precision() {
        let en = english();
        let full = PartialDate::parse("2007-01-23").unwrap();
        assert_eq!(en.date(&full, DateStyle::Mdy), "January 23, 2007");
        assert_eq!(en.date(&full, DateStyle::Dmy), "23 January 2007");
        let month = PartialDate::parse("2005-06").unwrap();
        assert_eq!(en.date(&month, DateStyle::Mdy), "June 2005");
        let year = PartialDate::parse("2005").unwrap();
        assert_eq!(en.date(&year, DateStyle::Dmy), "2005");
    }

    #[test]
    fn quotes_open_after_spaces_and_brackets_and_close_elsewhere() {
        assert_eq!(
            english().smarten("\"Bullets\": the 'case' of O'Brien (\"x\")"),
            "“Bullets”: the ‘case’ of O’Brien (“x”)"
        );
    }

    #[test]
    fn bare_numbers_are_pages_and_anything_else_is_kept() {
        let en = english();
        assert_eq!(en.locator("12"), "p. 12");
        assert_eq!(en.locator("12-14"), "pp. 12-14");
        assert_eq!(en.locator("12–14"), "pp. 12–14");
        assert_eq!(en.locator("para. 4"), "para. 4");
    }

    #[test]
    fn back_link_labels_name_the_reference() {
        let en = english();
        let label = |nth, count| {
            let mut out = String::new();
            en.write_back_link_label(&mut out, 3, nth, count);
            out
        };
        assert_eq!(label(1, 1), "Back to the text of note 3");
        assert_eq!(label(2, 2), "Back to reference 2 of note 3");
    }
}
