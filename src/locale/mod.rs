//! Every word and convention briefc itself writes into a briefing: the
//! headings it adds, the abbreviations of a citation, how names are
//! joined, how a date reads, which quotation marks are used. Renderers and
//! the citation style ask a [`Locale`] and never spell a word themselves,
//! so a language is added here without touching them.

mod file;
mod phrase;
mod typography;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde::Serialize;

pub use file::{
    Kind, LocaleOverride, Value, builtin_languages, has_locale, key_kind, keys, primary_subtag,
};
pub use phrase::Phrase;
pub use typography::{localise_blocks, localise_inlines};

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
    /// The language's name in itself, for the list of a briefing's
    /// translations: "Русский".
    pub language_name: String,
    /// The heading of that list.
    pub other_languages: String,
    /// The heading of the list of sources cited (`[style] bibliography`).
    pub bibliography: String,
}

/// Where a note's marker stands next to punctuation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerPosition {
    /// `word.[^1]`: English, Russian, Arabic, Chinese.
    After,
    /// `word[^1].`: French and Spanish.
    Before,
}

/// The conventions of one language, read from its locale file. Built-in
/// locales are shared; a briefing holds its own by [`Arc`].
#[derive(Debug, Clone)]
pub struct Locale {
    /// The primary language subtag this locale is for: `en`.
    pub language: String,
    pub terms: Terms,
    rtl: bool,
    months: [String; 12],
    months_with_day: [String; 12],
    date: Phrase,
    date_dmy: Option<Phrase>,
    date_month: Phrase,
    date_year: Phrase,
    first_day: String,
    /// What `briefc new` writes: the first section, and a footnotes file
    /// with one example note.
    new_section: String,
    new_note: String,
    /// Opening and closing double, then single, quotation marks.
    quotes: [String; 4],
    /// The last character of the closing double mark (`»` of `\u{a0}»`).
    closing_quote: char,
    /// Opening and closing marks around a title set in italics elsewhere.
    title_marks: Option<[String; 2]>,
    /// Around a citation's parenthesis, with the space before it: " (", ")".
    brackets: [String; 2],
    list_separator: String,
    and: String,
    and_serial: String,
    /// Spanish "e" for "y" before the sound i; empty where no such rule.
    and_before_i: String,
    /// The mark that separates the parts of a citation, and what follows it.
    comma: (char, String),
    citation_separator: String,
    last_citation_separator: String,
    /// "Ibid." at the start of a note and within one.
    ibid: [String; 2],
    page: Phrase,
    pages: Phrase,
    volume: Phrase,
    number: Phrase,
    /// `{publisher}` replaced by the issuer.
    press_release: Phrase,
    /// `{first}` replaced: the first of many authors, and the others
    /// left out ("et al.").
    et_al: Phrase,
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
    space_before_punctuation: bool,
    marker_position: MarkerPosition,
}

/// A language's name in itself ("Русский") for a list of editions in
/// several languages; its tag when briefc has no words for it.
pub fn language_name(tag: &str) -> String {
    let language = primary_subtag(tag);
    if builtin_languages().any(|l| l == language) {
        Locale::for_language(tag, &[]).terms.language_name.clone()
    } else {
        tag.to_string()
    }
}

impl Locale {
    /// The locale for a BCP 47 tag: its language's built-in file (English
    /// for a language briefc has none for) with what the project changes
    /// in `[locales]`.
    pub fn for_language(tag: &str, overrides: &[LocaleOverride]) -> Arc<Locale> {
        let language = primary_subtag(tag);
        if overrides.iter().any(|o| file::applies_to(o, tag)) {
            return Arc::new(Locale::from_file(&language, file::resolved(tag, overrides)));
        }
        // Unchanged built-in locales are made once per process and shared.
        static MADE: OnceLock<Mutex<HashMap<String, Arc<Locale>>>> = OnceLock::new();
        let made = MADE.get_or_init(Default::default);
        let mut made = made.lock().unwrap_or_else(|e| e.into_inner());
        made.entry(language.clone())
            .or_insert_with(|| Arc::new(Locale::from_file(&language, file::resolved(tag, &[]))))
            .clone()
    }

    fn from_file(language: &str, f: file::LocaleFile) -> Locale {
        let mut comma = f.comma.chars();
        let mark = comma.next().unwrap_or(',');
        Locale {
            language: language.to_string(),
            terms: Terms {
                notes: f.notes,
                contents: f.contents,
                draft_banner: f.draft_banner,
                draft_line: f.draft_line,
                draft_mark: f.draft_mark,
                briefings: f.briefings,
                not_for_publication: f.not_for_publication,
                plain_text: f.plain_text,
                no_briefings: f.no_briefings,
                language_name: f.language_name,
                other_languages: f.other_languages,
                bibliography: f.bibliography,
            },
            rtl: f.direction == "rtl",
            months: f.months,
            months_with_day: f.months_with_day,
            date: Phrase::new(&f.date),
            date_dmy: f.date_dmy.as_deref().map(Phrase::new),
            date_month: Phrase::new(&f.date_month),
            date_year: Phrase::new(&f.date_year),
            first_day: f.first_day,
            new_section: f.new_section,
            new_note: f.new_note,
            closing_quote: f.quotes[1].trim().chars().last().unwrap_or('”'),
            quotes: f.quotes,
            title_marks: match f.title_marks.as_slice() {
                [open, close] => Some([open.clone(), close.clone()]),
                _ => None,
            },
            brackets: f.brackets,
            list_separator: f.list_separator,
            and: f.and,
            and_serial: f.and_serial,
            and_before_i: f.and_before_i,
            comma: (mark, comma.as_str().to_string()),
            citation_separator: f.citation_separator,
            last_citation_separator: f.last_citation_separator,
            ibid: [f.ibid, f.ibid_within],
            page: Phrase::new(&f.page),
            pages: Phrase::new(&f.pages),
            volume: Phrase::new(&f.volume),
            number: Phrase::new(&f.number),
            press_release: Phrase::new(&f.press_release),
            et_al: Phrase::new(&f.et_al),
            interview: Phrase::new(&f.interview),
            letter: Phrase::new(&f.letter),
            image: Phrase::new(&f.image),
            back_to_text: Phrase::new(&f.back_to_text),
            back_to_reference: Phrase::new(&f.back_to_reference),
            marks_inside_quotes: f.marks_inside_quotes,
            space_before_punctuation: f.space_before_punctuation,
            marker_position: if f.marker_position == "before" {
                MarkerPosition::Before
            } else {
                MarkerPosition::After
            },
        }
    }

    /// Written right to left (Arabic).
    pub fn rtl(&self) -> bool {
        self.rtl
    }

    /// `ltr` or `rtl`, for HTML's `dir`.
    pub fn direction(&self) -> &'static str {
        if self.rtl { "rtl" } else { "ltr" }
    }

    pub fn marker_position(&self) -> MarkerPosition {
        self.marker_position
    }

    /// "A", "A and B", "A, B, and C" (in the locale's words).
    pub fn join_names(&self, names: &[String]) -> String {
        match names {
            [] => String::new(),
            [one] => one.clone(),
            [a, b] => format!("{a}{}{b}", self.and_before(b, &self.and)),
            [rest @ .., last] => format!(
                "{}{}{last}",
                rest.join(&self.list_separator),
                self.and_before(last, &self.and_serial)
            ),
        }
    }

    /// The word "and" before `next`: Spanish writes "e" before a word
    /// that begins with the sound i (`i-`, `hi-`, but not `hia-`, `hie-`,
    /// `hio-`, where the sound is a consonant).
    fn and_before<'a>(&'a self, next: &str, and: &'a str) -> &'a str {
        if self.and_before_i.is_empty() {
            return and;
        }
        let lower = next.trim_start().to_lowercase();
        let after_h = lower.strip_prefix('h').unwrap_or(&lower);
        let sound_i = (after_h.starts_with('i') || after_h.starts_with('í'))
            && !(lower.starts_with('h')
                && ["ia", "ie", "io"].iter().any(|d| after_h.starts_with(d)));
        if sound_i { &self.and_before_i } else { and }
    }

    /// Between the items of a citation with several: "; ".
    pub fn citation_separator(&self) -> &str {
        &self.citation_separator
    }

    /// Before the last item of a citation with several: "; and ".
    pub fn last_citation_joiner(&self) -> &str {
        &self.last_citation_separator
    }

    /// The mark between the parts of a citation (`,` `،` `，`) and what
    /// follows it.
    pub fn comma(&self) -> (char, &str) {
        (self.comma.0, &self.comma.1)
    }

    /// A date as a reader sees it: "June 30, 2006", "June 2006", "2006" in
    /// English; `[style] dates` picks day-month order where the locale has
    /// one (English).
    pub fn date(&self, date: &PartialDate, style: DateStyle) -> String {
        // Written into one buffer: a briefing's notes print thousands.
        let mut out = String::with_capacity(24);
        let year = date.year;
        match (date.month, date.day) {
            (Some(m), Some(d)) => {
                let phrase = match (style, &self.date_dmy) {
                    (DateStyle::Dmy, Some(dmy)) => dmy,
                    _ => &self.date,
                };
                let day: &dyn phrase::Value = if d == 1 && !self.first_day.is_empty() {
                    &self.first_day
                } else {
                    &d
                };
                let index = (m - 1) as usize;
                phrase.write::<&dyn phrase::Value>(
                    &mut out,
                    &[
                        ("day", day),
                        ("month", &self.months[index]),
                        ("month_with_day", &self.months_with_day[index]),
                        ("month_number", &m),
                        ("year", &year),
                    ],
                );
            }
            (Some(m), None) => {
                let index = (m - 1) as usize;
                self.date_month.write::<&dyn phrase::Value>(
                    &mut out,
                    &[
                        ("month", &self.months[index]),
                        ("month_with_day", &self.months_with_day[index]),
                        ("month_number", &m),
                        ("year", &year),
                    ],
                );
            }
            _ => self.date_year.write(&mut out, &[("year", year)]),
        }
        out
    }

    /// What `briefc new` writes in this language: the first section's
    /// Markdown, and the footnotes file's with one example note.
    pub fn first_section_and_note(&self) -> (&str, &str) {
        (&self.new_section, &self.new_note)
    }

    /// Text made typographic for the locale: straight quotation marks
    /// curled into the locale's, nested ones into its inner marks, and
    /// French spacing where the locale has it.
    pub fn smarten(&self, text: &str) -> String {
        let curled = typography::curl(text);
        if !typography::changes_text(self) {
            return curled;
        }
        typography::localise(&curled, self)
    }

    /// `text` in double quotation marks; a quotation within it (curled
    /// the English way, as the library's text is) takes the inner marks.
    /// (Where the locale changes quotation marks at all, the typography
    /// pass over the whole note nests them later.)
    pub fn quoted(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        out.push_str(&self.quotes[0]);
        // “ and ” both begin with the byte 0xE2: most titles have neither.
        if typography::changes_text(self) || memchr::memchr(0xE2, text.as_bytes()).is_none() {
            out.push_str(text);
        } else {
            for c in text.chars() {
                match c {
                    '“' => out.push_str(&self.quotes[2]),
                    '”' => out.push_str(&self.quotes[3]),
                    _ => out.push(c),
                }
            }
        }
        out.push_str(&self.quotes[1]);
        out
    }

    /// A title English sets in italics, in the marks the locale sets such
    /// a title in instead (Chinese 《》); `None` where titles are italic.
    pub fn marked_title(&self, title: &str) -> Option<String> {
        let [open, close] = self.title_marks.as_ref()?;
        Some(format!("{open}{title}{close}"))
    }

    /// A citation's parenthesis: ` (CAT/C/UZB/CO/3, June 1, 2007)`, or
    /// `（2006年3月）` in Chinese.
    pub fn bracketed(&self, inside: &str) -> String {
        let [open, close] = &self.brackets;
        let mut out = String::with_capacity(open.len() + inside.len() + close.len());
        out.push_str(open);
        out.push_str(inside);
        out.push_str(close);
        out
    }

    /// The closing double quotation mark.
    /// The opening double quotation mark, without any space inside it.
    pub fn opening_quote(&self) -> &str {
        self.quotes[0].trim()
    }

    /// The marks of a quotation within a quotation, without spaces.
    pub fn inner_quotes(&self) -> (&str, &str) {
        (self.quotes[2].trim(), self.quotes[3].trim())
    }

    pub fn closing_quote(&self) -> char {
        self.closing_quote
    }

    pub fn marks_inside_quotes(&self) -> bool {
        self.marks_inside_quotes
    }

    /// "Ibid." at the start of a note, "ibid." elsewhere.
    pub fn ibid(&self, capital: bool) -> &str {
        &self.ibid[usize::from(!capital)]
    }

    /// A bare page number or range means pages: `12` is "p. 12", `12-14`
    /// is "pp. 12-14"; anything else is printed as written.
    pub fn locator(&self, locator: &str) -> String {
        let is_number = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        if is_number(locator) {
            return self.page.to_text(&[("n", locator)]);
        }
        if let Some((a, b)) = locator.split_once(['-', '–'])
            && is_number(a.trim())
            && is_number(b.trim())
        {
            return self.pages.to_text(&[("n", locator)]);
        }
        locator.to_string()
    }

    /// "vol. 12".
    pub fn volume(&self, volume: &str) -> String {
        self.volume.to_text(&[("n", volume)])
    }

    /// "no. 3".
    pub fn number(&self, number: &str) -> String {
        self.number.to_text(&[("n", number)])
    }

    /// "Human Rights Watch press release".
    /// The authors of a citation: all of them joined, or from `from`
    /// authors on (0: never) the first and "et al.".
    pub fn authors(&self, names: &[String], from: usize) -> String {
        match names.first() {
            Some(first) if from > 0 && names.len() >= from => {
                self.et_al.to_text(&[("first", first)])
            }
            _ => self.join_names(names),
        }
    }

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

/// The built-in English locale, made once.
pub fn english() -> Arc<Locale> {
    static ENGLISH: OnceLock<Arc<Locale>> = OnceLock::new();
    ENGLISH
        .get_or_init(|| Arc::new(Locale::from_file("en", file::resolved("en", &[]))))
        .clone()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_language_is_named_in_itself_or_by_its_tag() {
        assert_eq!(super::language_name("ru"), "Русский");
        assert_eq!(super::language_name("zh-Hans"), "中文");
        assert_eq!(super::language_name("de"), "de");
    }

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

    fn date(language: &str, iso: &str) -> String {
        Locale::for_language(language, &[]).date(&PartialDate::parse(iso).unwrap(), DateStyle::Mdy)
    }

    #[test]
    fn each_language_writes_dates_its_own_way() {
        assert_eq!(date("en", "2006-06-05"), "June 5, 2006");
        assert_eq!(date("fr", "2006-06-05"), "5 juin 2006");
        assert_eq!(date("fr", "2006-06-01"), "1er juin 2006");
        assert_eq!(date("es", "2006-06-05"), "5 de junio de 2006");
        assert_eq!(date("es", "2006-06"), "junio de 2006");
        assert_eq!(date("ru", "2006-06-05"), "5 июня 2006 г.");
        assert_eq!(date("ru", "2006-06"), "июнь 2006 г.");
        assert_eq!(date("ar", "2006-06-05"), "5 يونيو/حزيران 2006");
        assert_eq!(date("zh-Hans", "2006-06-05"), "2006年6月5日");
        assert_eq!(date("zh", "2006"), "2006年");
        // `[style] dates` orders day and month where the locale has both.
        let fr = Locale::for_language("fr", &[]);
        let day = PartialDate::parse("2006-06-05").unwrap();
        assert_eq!(fr.date(&day, DateStyle::Dmy), "5 juin 2006");
    }

    #[test]
    fn each_language_joins_names_and_abbreviates_pages() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let join =
            |language: &str, n: &[&str]| Locale::for_language(language, &[]).join_names(&names(n));
        assert_eq!(join("fr", &["A", "B", "C"]), "A, B et C");
        assert_eq!(join("ru", &["А", "Б"]), "А и Б");
        assert_eq!(join("ar", &["أ", "ب", "ج"]), "أ، ب وج");
        assert_eq!(join("zh", &["甲", "乙", "丙"]), "甲、乙和丙");
        assert_eq!(
            join("es", &["Derechos Humanos", "Igualdad"]),
            "Derechos Humanos e Igualdad"
        );
        assert_eq!(join("es", &["padres", "hijos"]), "padres e hijos");
        assert_eq!(join("es", &["frío", "hielo"]), "frío y hielo");
        let zh = Locale::for_language("zh", &[]);
        assert_eq!(zh.locator("5"), "第5页");
        assert_eq!(zh.volume("3"), "第3卷");
        let ru = Locale::for_language("ru", &[]);
        assert_eq!(
            (ru.locator("7"), ru.number("4")),
            ("с. 7".to_string(), "№ 4".to_string())
        );
        assert_eq!(ru.ibid(true), "Там же");
        let fr = Locale::for_language("fr", &[]);
        assert_eq!(fr.locator("72-76"), "p. 72-76");
        assert_eq!(fr.closing_quote(), '»');
    }
}
